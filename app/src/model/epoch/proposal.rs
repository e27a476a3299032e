//! Restart proposals in the old document: who proposed what, who accepted
//! it with a signature of its device, who refused.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{ChangeHash, ObjId, ObjType, ReadDoc, ScalarValue};
use rondetafel_sync::signing::{self, DeviceSigner, KEY_BYTES};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::state::{read_state, strings};
use super::{ERASED, RESTART_LABEL};
use crate::model::alliance::{Alliance, Author, now_ms};
use crate::model::collections;
use crate::model::error::ModelError;
use crate::model::ids::{self, ITEM_ID_BYTES};
use crate::model::privacy::Confirmed;
use crate::model::ratification::{heads_hex, parse_heads};
use crate::model::schema::RESTARTS;
use crate::model::trust::Rule;
use crate::model::view::{Reader, format_ms};

/// A value the restart replaces: where, and what it becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    /// The path of the value in the alliance (`interests/<id>/text`).
    pub path: Vec<String>,
    /// The value with every occurrence of the erased text replaced.
    pub value: String,
}

/// A partner's acceptance of a restart, signed by one of its devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    /// The partner's id.
    pub partner: String,
    /// The device (peer id) that signed.
    pub device: String,
    /// The device's public key (hex).
    pub key: String,
    /// Its signature of the proposal's statement (hex).
    pub signature: String,
}

/// Where a proposal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RestartState {
    /// Waiting for partners.
    Open,
    /// Every current partner accepted: the alliance restarts.
    Agreed,
    /// A partner refused.
    Refused,
}

/// A proposal to restart the alliance on a new epoch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestartProposal {
    /// The proposal's id.
    pub id: String,
    /// The alliance (the old document).
    pub alliance: String,
    /// The new epoch's alliance id.
    pub successor: String,
    /// The version the new epoch starts from (hex, sorted).
    pub heads: Vec<String>,
    /// For every actor, the last of its changes in that version.
    pub clock: BTreeMap<String, u64>,
    /// The values the restart replaces.
    pub replacements: Vec<Replacement>,
    /// Why (the erasure request, in words without personal data).
    pub reason: String,
    /// The proposing partner's id and name.
    pub proposed_by: String,
    /// Its name.
    pub proposed_by_name: String,
    /// When (RFC 3339).
    pub proposed_at: String,
    /// Milliseconds since the Unix epoch, for the new epoch's first change.
    #[serde(skip)]
    pub proposed_at_ms: i64,
    /// The valid acceptances, by partner.
    pub accepted: Vec<Acceptance>,
    /// The partners that refused (ids).
    pub refused: Vec<String>,
    /// The names of current partners yet to answer.
    pub waiting_for: Vec<String>,
    /// Where it stands.
    pub state: RestartState,
}

impl RestartProposal {
    /// The bytes every acceptance signs: the old and new alliance, the
    /// version, its clock and the replacements' digest.
    pub fn statement(&self) -> Vec<u8> {
        statement(
            &self.alliance,
            &self.successor,
            &self.heads,
            &self.clock,
            &replacements_digest(&self.replacements),
        )
    }

    /// The version the new epoch starts from.
    pub fn parsed_heads(&self) -> Result<Vec<ChangeHash>, ModelError> {
        parse_heads(&self.heads)
    }
}

/// The statement an acceptance signs.
pub(crate) fn statement(
    alliance: &str,
    successor: &str,
    heads: &[String],
    clock: &BTreeMap<String, u64>,
    digest: &str,
) -> Vec<u8> {
    let clock: Vec<String> = clock.iter().map(|(a, s)| format!("{a}:{s}")).collect();
    format!(
        "{alliance}\n{successor}\n{}\n{}\n{digest}",
        heads.join(" "),
        clock.join(" ")
    )
    .into_bytes()
}

/// The SHA-256 of the replacements, hex.
pub(crate) fn replacements_digest(replacements: &[Replacement]) -> String {
    let json = serde_json::to_vec(replacements).unwrap_or_default();
    hex::encode(Sha256::digest(json))
}

/// The successor's id: 32 hex characters of a hash over what the restart
/// starts from, so that every device names it alike.
fn successor_id(alliance: &str, heads: &[String], digest: &str) -> String {
    let digest = Sha256::digest(
        format!(
            "rondetafel-epoch\n{alliance}\n{}\n{digest}",
            heads.join(" ")
        )
        .as_bytes(),
    );
    hex::encode(&digest[..ids::ALLIANCE_ID_BYTES])
}

impl Alliance {
    /// Proposes to restart the alliance on a new epoch holding its current
    /// state, with every occurrence of `erase` (case-insensitive) replaced
    /// by [`ERASED`]. Without `erase` the restart only drops the history.
    pub fn propose_restart(
        &mut self,
        author: &Author,
        erase: Option<&str>,
        reason: &str,
    ) -> Result<RestartProposal, ModelError> {
        self.require_member(author)?;
        let erase = erase.map(str::trim).filter(|t| !t.is_empty());
        if erase.is_some_and(|t| t.chars().count() < 3) {
            return Err(ModelError::EraseTooShort);
        }
        let heads = self.heads();
        let mut heads_text = heads_hex(&heads);
        heads_text.sort();
        let trust = self.trust_at(&heads);
        let replacements = match erase {
            Some(text) => replacements(&read_state(self.document(), &trust, &heads), text),
            None => Vec::new(),
        };
        let clock = clock_now(self);
        let digest = replacements_digest(&replacements);
        let successor = successor_id(self.id(), &heads_text, &digest);
        let id = ids::random_id(ITEM_ID_BYTES);
        let existing = self.collection_for_write(RESTARTS);
        let json = serde_json::to_string(&replacements).unwrap_or_default();
        let clock_text: Vec<String> = clock.iter().map(|(a, s)| format!("{a}:{s}")).collect();
        // The cleaned values repeat what the alliance holds already: its
        // likely personal data was confirmed when it was written.
        let confirmed = std::mem::replace(self.confirmed_mut(), Confirmed::all());
        let written = self.change(author, format!("propose restart {id}"), |doc| {
            let map = collections::ensure(doc, existing, RESTARTS)?;
            let obj = doc.put_object(&map, id.as_str(), ObjType::Map)?;
            doc.put(&obj, "heads", heads_text.join(" "))?;
            doc.put(&obj, "clock", clock_text.join(" "))?;
            doc.put(&obj, "replacements", json.as_str())?;
            doc.put(&obj, "successor", successor.as_str())?;
            doc.put(&obj, "reason", reason.trim())?;
            doc.put(&obj, "proposed_at", ScalarValue::Timestamp(now_ms()))?;
            doc.put_object(&obj, "accepted", ObjType::Map)?;
            doc.put_object(&obj, "refused", ObjType::Map)?;
            Ok(())
        });
        *self.confirmed_mut() = confirmed;
        written?;
        self.find_restart(&id)
    }

    /// Accepts a restart for the author's partner, signed by `signer` (the
    /// author's device key).
    pub fn accept_restart(
        &mut self,
        author: &Author,
        query: &str,
        signer: &DeviceSigner,
    ) -> Result<RestartProposal, ModelError> {
        self.require_member(author)?;
        let proposal = self.open_restart(query)?;
        let key = signer.public_key();
        if signing::key_peer(&key).map(|p| p.to_string()).as_deref() != Some(author.device.as_str())
        {
            return Err(ModelError::ActsForAnotherPartner);
        }
        let signature = signer.sign_statement(RESTART_LABEL, &proposal.statement());
        self.answer_restart(author, &proposal.id, "accepted", |doc, obj| {
            doc.put(obj, "device", author.device.as_str())?;
            doc.put(obj, "key", hex::encode(key))?;
            doc.put(obj, "signature", hex::encode(signature))?;
            Ok(())
        })
    }

    /// Refuses a restart for the author's partner.
    pub fn refuse_restart(
        &mut self,
        author: &Author,
        query: &str,
    ) -> Result<RestartProposal, ModelError> {
        self.require_member(author)?;
        let proposal = self.open_restart(query)?;
        self.answer_restart(author, &proposal.id, "refused", |_, _| Ok(()))
    }

    fn answer_restart(
        &mut self,
        author: &Author,
        id: &str,
        answers: &str,
        write: impl FnOnce(&mut automerge::AutoCommit, &ObjId) -> Result<(), automerge::AutomergeError>,
    ) -> Result<RestartProposal, ModelError> {
        let (_, obj) = self.find_in_collection(RESTARTS, "restart", id, |_| Rule::Member)?;
        let map = crate::model::read::map_at(self.document(), crate::model::At::Now, &obj, answers)
            .ok_or(ModelError::RestartNotReady("the proposal is damaged"))?;
        self.change(author, format!("{answers} restart {id}"), |doc| {
            let entry = doc.put_object(&map, author.partner_id.as_str(), ObjType::Map)?;
            doc.put(&entry, "at", ScalarValue::Timestamp(now_ms()))?;
            write(doc, &entry)
        })?;
        self.find_restart(id)
    }

    fn open_restart(&self, query: &str) -> Result<RestartProposal, ModelError> {
        let proposal = self.find_restart(query)?;
        match proposal.state {
            RestartState::Open => Ok(proposal),
            RestartState::Agreed => Err(ModelError::RestartClosed { refused: false }),
            RestartState::Refused => Err(ModelError::RestartClosed { refused: true }),
        }
    }

    /// A restart proposal by id or unique prefix.
    pub fn find_restart(&self, query: &str) -> Result<RestartProposal, ModelError> {
        let (id, _) = self.find_in_collection(RESTARTS, "restart", query, |_| Rule::Member)?;
        self.restarts()
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(ModelError::NotFound {
                what: "restart",
                query: query.to_owned(),
            })
    }

    /// Every restart proposal, oldest first.
    pub fn restarts(&self) -> Vec<RestartProposal> {
        let alliance = self.id().to_owned();
        self.reader(|reader| {
            // Current partners in the order they joined.
            let partners: Vec<String> = reader
                .partners()
                .into_iter()
                .filter(|p| p.left.is_none())
                .map(|p| p.id)
                .collect();
            let names = crate::model::view::partner_names(reader.doc, reader.trust, reader.at);
            reader
                .collection_items(RESTARTS, |_| Rule::Member)
                .into_iter()
                .filter_map(|(id, obj)| {
                    read_proposal(reader, &alliance, id, &obj, &partners, &names)
                })
                .collect()
        })
    }
}

fn read_proposal<D: ReadDoc>(
    reader: &Reader<'_, D>,
    alliance: &str,
    id: String,
    obj: &ObjId,
    partners: &[String],
    names: &std::collections::HashMap<String, String>,
) -> Option<RestartProposal> {
    let proposer = reader.trust.owner_at(&[RESTARTS, &id])?.to_owned();
    let own = Rule::Partner(proposer.clone());
    let field = |key: &str| reader.text(obj, key, &own);
    let heads: Vec<String> = field("heads")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    parse_heads(&heads).ok().filter(|h| !h.is_empty())?;
    let clock: BTreeMap<String, u64> = field("clock")
        .split_whitespace()
        .filter_map(|entry| {
            let (actor, seq) = entry.split_once(':')?;
            Some((actor.to_owned(), seq.parse().ok()?))
        })
        .collect();
    let replacements: Vec<Replacement> =
        serde_json::from_str(&raw_text(reader, obj, "replacements", &own)?).ok()?;
    let digest = replacements_digest(&replacements);
    let successor = field("successor");
    if successor != successor_id(alliance, &heads, &digest) {
        return None;
    }
    let proposed_at_ms = reader.time(obj, "proposed_at", &own).unwrap_or_default();
    let statement = statement(alliance, &successor, &heads, &clock, &digest);
    let answers = |kind: &str| -> Vec<(String, ObjId)> {
        let Some(map) = reader.map(obj, kind, &own) else {
            return Vec::new();
        };
        reader.items(Some(map), |partner| Rule::Partner(partner.to_owned()))
    };
    let accepted: Vec<Acceptance> = answers("accepted")
        .into_iter()
        .filter_map(|(partner, entry)| {
            let rule = Rule::Partner(partner.clone());
            let acceptance = Acceptance {
                device: reader.text(&entry, "device", &rule),
                key: reader.text(&entry, "key", &rule),
                signature: reader.text(&entry, "signature", &rule),
                partner,
            };
            acceptance_holds(reader, &acceptance, &statement).then_some(acceptance)
        })
        .collect();
    let refused: Vec<String> = answers("refused")
        .into_iter()
        .map(|(partner, _)| partner)
        .filter(|p| partners.contains(p))
        .collect();
    let answered = |p: &String| accepted.iter().any(|a| a.partner == *p) || refused.contains(p);
    let waiting_for: Vec<String> = partners
        .iter()
        .filter(|p| !answered(p))
        .map(|p| names.get(p).cloned().unwrap_or_else(|| p.clone()))
        .collect();
    let state = if !refused.is_empty() {
        RestartState::Refused
    } else if partners
        .iter()
        .all(|p| accepted.iter().any(|a| a.partner == *p))
    {
        RestartState::Agreed
    } else {
        RestartState::Open
    };
    Some(RestartProposal {
        id,
        alliance: alliance.to_owned(),
        successor,
        heads,
        clock,
        replacements,
        reason: field("reason"),
        proposed_by_name: names
            .get(&proposer)
            .cloned()
            .unwrap_or_else(|| proposer.clone()),
        proposed_by: proposer,
        proposed_at: format_ms(proposed_at_ms),
        proposed_at_ms,
        accepted,
        refused,
        waiting_for,
        state,
    })
}

/// A string read without masking (the replacements are compared byte for
/// byte with their digest).
fn raw_text<D: ReadDoc>(
    reader: &Reader<'_, D>,
    obj: &ObjId,
    key: &str,
    rule: &Rule,
) -> Option<String> {
    match reader.scalar(obj, key, rule)? {
        ScalarValue::Str(s) => Some(s.to_string()),
        _ => None,
    }
}

/// Whether an acceptance is signed by a current device of its partner.
fn acceptance_holds<D: ReadDoc>(
    reader: &Reader<'_, D>,
    acceptance: &Acceptance,
    statement: &[u8],
) -> bool {
    let registry = reader.trust.registry();
    let registered = registry
        .devices
        .get(&acceptance.device)
        .is_some_and(|d| d.partner == acceptance.partner && !d.retired);
    registered && signature_holds(acceptance, statement)
}

/// Whether an acceptance's signature is its key's over `statement`, and
/// the key is the device's.
pub(crate) fn signature_holds(acceptance: &Acceptance, statement: &[u8]) -> bool {
    let key: Option<[u8; KEY_BYTES]> = hex::decode(&acceptance.key)
        .ok()
        .and_then(|k| k.try_into().ok());
    let signature: Option<[u8; 64]> = hex::decode(&acceptance.signature)
        .ok()
        .and_then(|s| s.try_into().ok());
    let (Some(key), Some(signature)) = (key, signature) else {
        return false;
    };
    signing::key_peer(&key).is_some_and(|p| p.to_string() == acceptance.device)
        && signing::verify_statement(&key, RESTART_LABEL, statement, &signature)
}

/// The replacements that take `erase` out of every string of the state.
fn replacements(state: &[(String, super::state::Node)], erase: &str) -> Vec<Replacement> {
    strings(state)
        .into_iter()
        .filter_map(|(path, value)| {
            let cleaned = replace_ignoring_case(&value, erase);
            (cleaned != value).then_some(Replacement {
                path,
                value: cleaned,
            })
        })
        .collect()
}

/// `text` with every occurrence of `needle` (compared case-insensitively)
/// replaced by [`ERASED`].
pub(crate) fn replace_ignoring_case(text: &str, needle: &str) -> String {
    let lower_needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(end) = match_at(&chars, i, &lower_needle) {
            out.push_str(ERASED);
            i = end;
        } else {
            out.push(chars[i].1);
            i += 1;
        }
    }
    out
}

/// The char index after a case-insensitive match of `needle` at `start`.
fn match_at(chars: &[(usize, char)], start: usize, needle: &[char]) -> Option<usize> {
    let mut n = 0;
    let mut i = start;
    while n < needle.len() {
        let (_, c) = chars.get(i)?;
        for lower in c.to_lowercase() {
            if needle.get(n) != Some(&lower) {
                return None;
            }
            n += 1;
        }
        i += 1;
    }
    Some(i)
}

/// The last sequence number of every actor: the clock of the version a
/// restart proposed now starts from.
fn clock_now(alliance: &mut Alliance) -> BTreeMap<String, u64> {
    let mut clock = BTreeMap::new();
    for (actor, seq, _) in alliance.change_sequence() {
        let entry = clock.entry(actor.to_hex_string()).or_insert(0);
        *entry = (*entry).max(seq);
    }
    clock
}
