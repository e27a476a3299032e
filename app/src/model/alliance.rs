//! The [`Alliance`]: one Automerge document and the rules for changing it.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ChangeHash, ObjId, ObjType, ROOT, ScalarValue};

use super::error::ModelError;
use super::ids::{self, ITEM_ID_BYTES};
use super::kinds::{InterestStatus, PartnerKind, Role};
use super::privacy;
use super::read::{self, At};
use super::schema::*;
use super::trust::Trust;

/// Who makes an edit: a partner organisation acting through one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// The partner's id.
    pub partner_id: String,
    /// The device's libp2p peer id.
    pub device: String,
}

/// An organisation as it joins an alliance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// The partner id the organisation uses in every alliance.
    pub partner_id: String,
    /// The organisation's name.
    pub name: String,
    /// The kind of organisation.
    pub kind: PartnerKind,
    /// Its roles.
    pub roles: Vec<Role>,
}

/// Changes to an interest; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct InterestEdit {
    /// New text.
    pub text: Option<String>,
    /// Whether it is an obstacle.
    pub obstacle: Option<bool>,
    /// New status.
    pub status: Option<InterestStatus>,
}

/// One alliance: an Automerge document plus the rules for changing it.
///
/// Every edit checks its rules first, then writes and commits one change
/// by this run's actor, which names the device key that signs it; a
/// refused edit changes nothing.
#[derive(Debug)]
pub struct Alliance {
    id: String,
    doc: AutoCommit,
    /// Who wrote what and whether it counts, for the current version;
    /// computed when first needed after a change.
    trust: Mutex<Option<Arc<Trust>>>,
    /// The actor each device this copy writes for uses (normally one: the
    /// device running the program), by device peer id.
    actors: HashMap<String, ActorId>,
    /// What the user confirmed is not personal data.
    confirmed: privacy::Confirmed,
}

impl Alliance {
    /// Creates a new alliance with `founder` as its first partner.
    pub fn create(
        name: &str,
        description: &str,
        founder: &Organisation,
        device: &str,
        actor: ActorId,
    ) -> Result<Self, ModelError> {
        Self::create_with(
            name,
            description,
            founder,
            device,
            actor,
            &Default::default(),
        )
    }

    /// [`Alliance::create`], with what the user `confirmed` is not personal
    /// data (in the name and description, and in later edits of this copy).
    pub fn create_with(
        name: &str,
        description: &str,
        founder: &Organisation,
        device: &str,
        actor: ActorId,
        confirmed: &privacy::Confirmed,
    ) -> Result<Self, ModelError> {
        let mut alliance = Self::found(
            name,
            description,
            founder,
            device,
            actor,
            &super::collections::LATER,
            confirmed,
        )?;
        alliance.confirmed = confirmed.clone();
        Ok(alliance)
    }

    /// An alliance as founded before the collections added later existed.
    #[cfg(test)]
    pub(crate) fn create_as_before_later_collections(
        name: &str,
        founder: &Organisation,
        device: &str,
        actor: ActorId,
    ) -> Result<Self, ModelError> {
        Self::found(name, "", founder, device, actor, &[], &Default::default())
    }

    fn found(
        name: &str,
        description: &str,
        founder: &Organisation,
        device: &str,
        actor: ActorId,
        later: &[&str],
        confirmed: &privacy::Confirmed,
    ) -> Result<Self, ModelError> {
        let name = non_empty(name, "the alliance name")?;
        let id = ids::random_id(ids::ALLIANCE_ID_BYTES);
        let mut alliance = Alliance {
            id: id.clone(),
            actors: device_actors(&actor),
            doc: AutoCommit::new().with_actor(actor),
            trust: Mutex::new(None),
            confirmed: confirmed.clone(),
        };
        let author = Author {
            partner_id: founder.partner_id.clone(),
            device: device.to_owned(),
        };
        alliance.change(&author, format!("create alliance {name}"), |doc| {
            doc.put(ROOT, SCHEMA_VERSION_KEY, SCHEMA_VERSION)?;
            doc.put(ROOT, ALLIANCE_ID, id.as_str())?;
            doc.put(ROOT, NAME, name)?;
            let text = doc.put_object(ROOT, DESCRIPTION, ObjType::Text)?;
            doc.update_text(&text, description.trim())?;
            doc.put(ROOT, CREATED_AT, ScalarValue::Timestamp(now_ms()))?;
            for key in [PARTNERS, INTERESTS, AGREEMENTS, RATIFICATIONS, INVITATIONS]
                .into_iter()
                .chain(later.iter().copied())
            {
                doc.put_object(ROOT, key, ObjType::Map)?;
            }
            let ambition = doc.put_object(ROOT, AMBITION, ObjType::Map)?;
            doc.put_object(&ambition, "text", ObjType::Text)?;
            doc.put_object(&ambition, "effects", ObjType::Map)?;
            Ok(())
        })?;
        alliance.add_partner_unchecked(&author, founder, device)?;
        Ok(alliance)
    }

    /// Wraps a loaded document, checking that it is an alliance and migrating
    /// an older schema. Edits made through it are attributed to `actor`.
    pub fn from_document(mut doc: AutoCommit, actor: ActorId) -> Result<Self, ModelError> {
        doc.set_actor(actor);
        super::schema::check_and_migrate(&mut doc)?;
        let id = read::str(&doc, &ROOT, ALLIANCE_ID)
            .ok_or_else(|| ModelError::NotAnAlliance("it has no alliance id".into()))?;
        Ok(Alliance {
            id,
            actors: device_actors(doc.get_actor()),
            doc,
            trust: Mutex::new(None),
            confirmed: privacy::Confirmed::default(),
        })
    }

    /// Lets this copy also write as the device that `actor` names (a
    /// signed actor id): for simulations and tests of several devices.
    pub fn add_device(&mut self, actor: ActorId) {
        self.actors.extend(device_actors(&actor));
    }

    /// A copy to try edits on: they reach this alliance only if its
    /// changes are merged back (for example a snapshot recorded only once
    /// its export is written). The copy writes as the same devices.
    pub fn fork(&mut self) -> Alliance {
        let mut doc = self.doc.fork();
        doc.set_actor(self.doc.get_actor().clone());
        let trust = self.trust.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Alliance {
            id: self.id.clone(),
            doc,
            trust: Mutex::new(trust),
            actors: self.actors.clone(),
            confirmed: self.confirmed.clone(),
        }
    }

    /// Who wrote what, and whether it counts, now.
    pub(crate) fn trust(&self) -> Arc<Trust> {
        let mut cached = self.trust.lock().unwrap_or_else(|e| e.into_inner());
        cached
            .get_or_insert_with(|| Arc::new(Trust::of(&self.doc, At::Now)))
            .clone()
    }

    /// Who wrote what, and whether it counts, at `heads`.
    pub(crate) fn trust_at(&self, heads: &[ChangeHash]) -> Trust {
        Trust::of(&self.doc, At::Heads(heads))
    }

    /// Forgets the computed trust after the document changed (through
    /// `document_mut`, which may merge anything).
    fn changed(&mut self) {
        *self.trust.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Brings the computed trust up to date after an edit of ours.
    fn edited(&mut self) {
        let cached = self.trust.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Some(trust) = cached.take() {
            let mut trust = Arc::unwrap_or_clone(trust);
            trust.update(&mut self.doc);
            *cached = Some(Arc::new(trust));
        }
    }

    /// The alliance id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The alliance name.
    pub fn name(&self) -> String {
        read::str(&self.doc, &ROOT, NAME).unwrap_or_default()
    }

    /// The underlying document, for reading.
    pub fn document(&self) -> &AutoCommit {
        &self.doc
    }

    /// The underlying document, for storage and sync.
    pub fn document_mut(&mut self) -> &mut AutoCommit {
        self.changed();
        &mut self.doc
    }

    /// Gives up the wrapper, returning the document.
    pub fn into_document(self) -> AutoCommit {
        self.doc
    }

    /// The current heads.
    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// The whole document, saved as Automerge bytes (for an archive
    /// package; the store keeps its own files).
    pub fn save_bytes(&mut self) -> Vec<u8> {
        self.doc.save()
    }

    /// The changes that are not among `heads` and their ancestors (all of
    /// them when `heads` is empty), every change after those it depends on.
    pub fn changes_after(&mut self, heads: &[ChangeHash]) -> Vec<automerge::Change> {
        self.doc.get_changes(heads)
    }

    /// The changes since `heads`, encoded for `load_incremental`.
    pub fn save_after(&mut self, heads: &[ChangeHash]) -> Vec<u8> {
        self.doc.save_after(heads)
    }

    /// Every change's actor, sequence number and hash, oldest first
    /// (read without forgetting the computed trust).
    pub(crate) fn change_sequence(&mut self) -> Vec<(ActorId, u64, ChangeHash)> {
        self.doc
            .get_changes_meta(&[])
            .into_iter()
            .map(|c| (c.actor.into_owned(), c.seq, c.hash))
            .collect()
    }

    /// The hash of every change the document holds.
    pub fn change_hashes(&mut self) -> Vec<ChangeHash> {
        self.doc
            .get_changes_meta(&[])
            .iter()
            .map(|c| c.hash)
            .collect()
    }

    /// Whether `author` is a current partner acting through one of its
    /// current devices, according to the device registry.
    pub fn is_member(&self, author: &Author) -> bool {
        let trust = self.trust();
        let registry = trust.registry();
        registry.devices.get(&author.device).is_some_and(|d| {
            d.partner == author.partner_id && !d.retired && !registry.removed.contains(&d.partner)
        })
    }

    /// Renames the alliance.
    pub fn rename(&mut self, author: &Author, name: &str) -> Result<(), ModelError> {
        self.require_member(author)?;
        let name = non_empty(name, "the alliance name")?;
        self.change(author, format!("rename alliance to {name}"), |doc| {
            doc.put(ROOT, NAME, name)?;
            Ok(())
        })
    }

    /// Replaces the description (as a minimal text diff).
    pub fn set_description(&mut self, author: &Author, text: &str) -> Result<(), ModelError> {
        self.require_member(author)?;
        let text_obj = self.text_obj(&ROOT, DESCRIPTION)?;
        self.change(author, "edit description".into(), |doc| {
            doc.update_text(&text_obj, text.trim())?;
            Ok(())
        })
    }

    /// Replaces the shared ambition text (as a minimal text diff, so that
    /// concurrent edits elsewhere in the text survive).
    pub fn set_ambition(&mut self, author: &Author, text: &str) -> Result<(), ModelError> {
        self.require_member(author)?;
        let ambition = self.root_map(AMBITION)?;
        let text_obj = self.text_obj(&ambition, "text")?;
        self.change(author, "edit shared ambition".into(), |doc| {
            doc.update_text(&text_obj, text.trim())?;
            Ok(())
        })
    }

    /// Puts one of the author's own interests on the table; returns its id.
    pub fn add_interest(
        &mut self,
        author: &Author,
        text: &str,
        obstacle: bool,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let text = non_empty(text, "the interest")?;
        let interests = self.root_map(INTERESTS)?;
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(author, format!("add interest {id}"), |doc| {
            let obj = doc.put_object(&interests, id.as_str(), ObjType::Map)?;
            doc.put(&obj, "partner", author.partner_id.as_str())?;
            let text_obj = doc.put_object(&obj, "text", ObjType::Text)?;
            doc.update_text(&text_obj, text)?;
            doc.put(&obj, "obstacle", obstacle)?;
            doc.put(&obj, "status", InterestStatus::Open.slug())?;
            doc.put(&obj, "created_at", ScalarValue::Timestamp(now_ms()))?;
            doc.put_object(&obj, "responses", ObjType::Map)?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Changes one of the author's own interests.
    pub fn edit_interest(
        &mut self,
        author: &Author,
        query: &str,
        edit: &InterestEdit,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, obj) = self.find_item(INTERESTS, "interest", query)?;
        let owner = self
            .trust()
            .owner_at(&[INTERESTS, &id])
            .unwrap_or_default()
            .to_owned();
        if owner != author.partner_id {
            return Err(ModelError::NotYourInterest {
                owner: self.partner_name(&owner),
            });
        }
        let text = edit
            .text
            .as_deref()
            .map(|t| non_empty(t, "the interest"))
            .transpose()?;
        let text_obj = self.text_obj(&obj, "text")?;
        self.change(author, format!("edit interest {id}"), |doc| {
            if let Some(text) = text {
                doc.update_text(&text_obj, text)?;
            }
            if let Some(obstacle) = edit.obstacle {
                doc.put(&obj, "obstacle", obstacle)?;
            }
            if let Some(status) = edit.status {
                doc.put(&obj, "status", status.slug())?;
            }
            Ok(())
        })
    }

    /// Responds to an interest (any partner may); returns the response id.
    pub fn respond_to_interest(
        &mut self,
        author: &Author,
        query: &str,
        text: &str,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let text = non_empty(text, "the response")?;
        let (interest, obj) = self.find_item(INTERESTS, "interest", query)?;
        let responses = self.map(&obj, "responses")?;
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(author, format!("respond to interest {interest}"), |doc| {
            let response = doc.put_object(&responses, id.as_str(), ObjType::Map)?;
            doc.put(&response, "partner", author.partner_id.as_str())?;
            doc.put(&response, "text", text)?;
            doc.put(&response, "at", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Admits `organisation` as a partner acting through `device` (or adds
    /// the device to it if it is a partner already). Any current partner may
    /// admit; there is no owner.
    pub fn admit_partner(
        &mut self,
        by: &Author,
        organisation: &Organisation,
        device: &str,
    ) -> Result<(), ModelError> {
        self.require_member(by)?;
        non_empty(&organisation.name, "the organisation name")?;
        self.add_partner_unchecked(by, organisation, device)
    }

    /// Adds `organisation` with `device`, without checking who does it.
    pub(crate) fn add_partner_unchecked(
        &mut self,
        author: &Author,
        organisation: &Organisation,
        device: &str,
    ) -> Result<(), ModelError> {
        let write = self.partner_writer(organisation, device)?;
        let name = organisation.name.trim().to_owned();
        self.change(author, format!("add partner {name}"), write)
    }

    /// What adding `organisation` with `device` writes, for one change:
    /// the partner (if new) and the device entry together, so that the
    /// registry sees them as one admission.
    pub(crate) fn partner_writer<'a>(
        &self,
        organisation: &'a Organisation,
        device: &'a str,
    ) -> Result<
        impl FnOnce(&mut AutoCommit) -> Result<(), automerge::AutomergeError> + 'a,
        ModelError,
    > {
        let partners = self.root_map(PARTNERS)?;
        let existing = self.partner_obj(&organisation.partner_id);
        let name = organisation.name.trim().to_owned();
        Ok(move |doc: &mut AutoCommit| {
            let partner = match existing {
                Some(obj) => obj,
                None => {
                    let obj =
                        doc.put_object(&partners, organisation.partner_id.as_str(), ObjType::Map)?;
                    doc.put(&obj, "name", name.as_str())?;
                    doc.put(&obj, "kind", organisation.kind.slug())?;
                    let roles = doc.put_object(&obj, "roles", ObjType::Map)?;
                    for role in &organisation.roles {
                        doc.put(&roles, role.slug(), true)?;
                    }
                    doc.put_object(&obj, "devices", ObjType::Map)?;
                    doc.put(&obj, "joined", ScalarValue::Timestamp(now_ms()))?;
                    obj
                }
            };
            let devices = match read::map_at(doc, At::Now, &partner, "devices") {
                Some(devices) => devices,
                None => doc.put_object(&partner, "devices", ObjType::Map)?,
            };
            let device = doc.put_object(&devices, device, ObjType::Map)?;
            doc.put(&device, "added", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })
    }

    /// Runs `write` and commits it as one change. The change is attributed
    /// by its actor id, which names this device's key; no binding is
    /// written. On error, everything `write` did is rolled back.
    pub(crate) fn change<T>(
        &mut self,
        author: &Author,
        message: String,
        write: impl FnOnce(&mut AutoCommit) -> Result<T, automerge::AutomergeError>,
    ) -> Result<T, ModelError> {
        let actor = self
            .actors
            .get(&author.device)
            .ok_or(ModelError::ActsForAnotherPartner)?;
        if self.doc.get_actor() != actor {
            self.doc.set_actor(actor.clone());
        }
        if read::uint(&self.doc, &ROOT, SCHEMA_VERSION_KEY).is_some_and(|v| v < 2) {
            // The first edit by an upgraded device: checkpoint the history
            // written before signing.
            super::schema::signed_checkpoint(&mut self.doc)?;
        }
        let before = self.doc.get_heads();
        match write(&mut self.doc) {
            Ok(value) => {
                let time_s = now_ms() / 1000;
                self.doc.commit_with(
                    CommitOptions::default()
                        .with_message(message)
                        .with_time(time_s),
                );
                if let Err(refused) =
                    privacy::screen_last_change(&mut self.doc, &before, &self.confirmed)
                {
                    self.undo_to(&before)?;
                    return Err(refused);
                }
                self.edited();
                Ok(value)
            }
            Err(error) => {
                self.doc.rollback();
                Err(error.into())
            }
        }
    }

    /// Takes back the change made since `before`, which was neither saved
    /// nor shared (rare: it rebuilds the document).
    fn undo_to(&mut self, before: &[ChangeHash]) -> Result<(), ModelError> {
        let actor = self.doc.get_actor().clone();
        self.doc = self.doc.fork_at(before)?;
        self.doc.set_actor(actor);
        self.changed();
        Ok(())
    }

    /// Confirms, for the edits of this copy, that every finding in `texts`
    /// is not personal data (a citizen service number is never confirmed).
    pub fn confirm_not_personal(&mut self, texts: impl IntoIterator<Item = String>) {
        self.confirmed.texts.extend(texts);
    }

    /// Confirms every warning about likely personal data for the edits of
    /// this copy (`--not-personal-data`).
    pub fn confirm_all_not_personal(&mut self) {
        self.confirmed.all = true;
    }

    /// What the user confirmed is not personal data.
    pub fn confirmed(&self) -> &privacy::Confirmed {
        &self.confirmed
    }

    /// What the user confirmed, to change for one edit.
    pub(crate) fn confirmed_mut(&mut self) -> &mut privacy::Confirmed {
        &mut self.confirmed
    }

    pub(crate) fn require_member(&self, author: &Author) -> Result<(), ModelError> {
        if self.is_member(author) {
            Ok(())
        } else {
            Err(ModelError::NotAMember)
        }
    }

    pub(crate) fn root_map(&self, key: &str) -> Result<ObjId, ModelError> {
        self.map(&ROOT, key)
    }

    pub(crate) fn map(&self, obj: &ObjId, key: &str) -> Result<ObjId, ModelError> {
        read::map_at(&self.doc, At::Now, obj, key)
            .ok_or_else(|| ModelError::NotAnAlliance(format!("the {key} map is missing")))
    }

    pub(crate) fn text_obj(&self, obj: &ObjId, key: &str) -> Result<ObjId, ModelError> {
        read::object_at(&self.doc, At::Now, obj, key, ObjType::Text)
            .ok_or_else(|| ModelError::NotAnAlliance(format!("the {key} text is missing")))
    }

    pub(crate) fn partner_obj(&self, partner_id: &str) -> Option<ObjId> {
        let partners = read::map_at(&self.doc, At::Now, &ROOT, PARTNERS)?;
        read::map_at(&self.doc, At::Now, &partners, partner_id)
    }

    pub(crate) fn partner_name(&self, partner_id: &str) -> String {
        let trust = self.trust();
        super::view::partner_names(&self.doc, &trust, At::Now)
            .remove(partner_id)
            .unwrap_or_else(|| partner_id.to_owned())
    }

    /// Resolves an item of a root collection by id or unique prefix.
    pub(crate) fn find_item(
        &self,
        collection: &str,
        what: &'static str,
        query: &str,
    ) -> Result<(String, ObjId), ModelError> {
        let map = self.root_map(collection)?;
        if let Some(obj) = read::map_at(&self.doc, At::Now, &map, query) {
            return Ok((query.to_owned(), obj));
        }
        let candidates: Vec<(String, Option<String>)> = read::keys_at(&self.doc, At::Now, &map)
            .into_iter()
            .map(|k| (k, None))
            .collect();
        let id = ids::resolve(what, query, &candidates)?;
        let obj = read::map_at(&self.doc, At::Now, &map, &id).ok_or(ModelError::NotFound {
            what,
            query: query.to_owned(),
        })?;
        Ok((id, obj))
    }

    /// Resolves partners by id, prefix or name.
    pub(crate) fn resolve_partners(&self, queries: &[String]) -> Result<Vec<String>, ModelError> {
        let partners = self.root_map(PARTNERS)?;
        let candidates: Vec<(String, Option<String>)> =
            read::keys_at(&self.doc, At::Now, &partners)
                .into_iter()
                .map(|id| {
                    let name = self.partner_name(&id);
                    (id, Some(name))
                })
                .collect();
        let resolved: BTreeSet<String> = queries
            .iter()
            .map(|q| ids::resolve("partner", q, &candidates))
            .collect::<Result<_, _>>()?;
        Ok(resolved.into_iter().collect())
    }

    pub(crate) fn is_current_partner(&self, partner_id: &str) -> bool {
        let trust = self.trust();
        let registry = trust.registry();
        registry.partner_objects.contains_key(partner_id) && !registry.removed.contains(partner_id)
    }
}

/// The device a signed actor names, with the actor.
fn device_actors(actor: &ActorId) -> HashMap<String, ActorId> {
    rondetafel_sync::signing::device_peer(actor)
        .map(|peer| (peer.to_string(), actor.clone()))
        .into_iter()
        .collect()
}

/// Makes the keys of `set` (a map of `key: true`) equal to `wanted`.
pub(crate) fn replace_set(
    doc: &mut AutoCommit,
    set: &ObjId,
    wanted: &[String],
) -> Result<(), automerge::AutomergeError> {
    for key in read::keys_at(doc, At::Now, set) {
        if !wanted.contains(&key) {
            doc.delete(set, key.as_str())?;
        }
    }
    for key in wanted {
        doc.put(set, key.as_str(), true)?;
    }
    Ok(())
}

pub(crate) fn non_empty<'a>(text: &'a str, what: &'static str) -> Result<&'a str, ModelError> {
    let text = text.trim();
    if text.is_empty() {
        Err(ModelError::Empty(what))
    } else {
        Ok(text)
    }
}

pub(crate) use super::dates::parse_date;

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
