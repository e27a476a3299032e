//! Which device keys belong to which partner, and until when: a pure
//! function of the change log, rooted in the alliance's founding.
//!
//! - The founding device is the key of the actor that made the document's
//!   `partners` map. Its own first device entry founds the registry.
//! - Any later device entry counts only when written by a registered device
//!   of a current partner: a partner's own device adds its devices (or any
//!   member answers a device invitation that partner made, naming the new
//!   device), and any member admits a new partner (the partner and its
//!   first device are made in one change).
//! - A partner's removal (`left`) counts when written by a registered
//!   device of a current partner; a device's retirement (`removed`) when
//!   written by a device of its own partner. From then on the removed
//!   devices' writes count only if they are causally before the removal.

use std::collections::{BTreeMap, HashMap, HashSet};

use automerge::{ActorId, ChangeHash, ScalarValue};

use super::log::{Action, Log, ObjKey};

/// One registered device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Device {
    /// The partner it acts for.
    pub(crate) partner: String,
    /// The clocks of the removals that cut it off (its partner's removal,
    /// its own retirement): its writes count only before every one.
    pub(crate) cutoffs: Vec<HashMap<ActorId, u64>>,
    /// Whether it was retired or its partner removed.
    pub(crate) retired: bool,
}

/// The registry: device peer id → device.
#[derive(Debug, Clone, Default)]
pub(crate) struct Registry {
    pub(crate) devices: BTreeMap<String, Device>,
    /// The accepted object of every partner (its creation).
    pub(crate) partner_objects: HashMap<String, ObjKey>,
    /// The change that made each accepted partner object.
    pub(crate) admissions: HashMap<String, ChangeHash>,
    /// Partners whose removal counts.
    pub(crate) removed: HashSet<String>,
}

/// A device entry, removal or retirement found in the log.
#[derive(Debug)]
enum Event {
    PartnerMade { partner: String, obj: ObjKey },
    DeviceAdded { partner: String, device: String },
    PartnerLeft { partner: String },
    DeviceRetired { partner: String, device: String },
    InvitationUsed { invitation: String, device: String },
}

/// An event with where it was written.
struct Located {
    event: Event,
    change: usize,
    counter: u64,
    obj: ObjKey,
}

impl Registry {
    /// Computes the registry of `log`; `device_of` names the device of an
    /// actor (from its key, or from a binding written before signing).
    /// In a new epoch (`genesis`), everything its first change registers
    /// counts: every partner accepted it.
    pub(crate) fn compute(
        log: &Log,
        device_of: &dyn Fn(&ActorId) -> Option<String>,
        genesis: Option<ChangeHash>,
    ) -> Registry {
        let events = events(log);
        let invitations = device_invitations(log);
        let Some(founder) = founding_actor(log) else {
            return Registry::default();
        };
        let mut registry = Registry::default();
        // A fixpoint: removals found in one pass cut off writes in the next.
        for _ in 0..8 {
            let next = registry.pass(log, &events, &invitations, &founder, device_of, genesis);
            if next.devices == registry.devices && next.removed == registry.removed {
                return next;
            }
            registry = next;
        }
        registry
    }

    fn pass(
        &self,
        log: &Log,
        events: &[Located],
        invitations: &HashMap<String, (String, ActorId, u64)>,
        founder: &ActorId,
        device_of: &dyn Fn(&ActorId) -> Option<String>,
        genesis: Option<ChangeHash>,
    ) -> Registry {
        let mut next = Registry::default();
        let mut made_in: HashMap<String, (usize, ObjKey)> = HashMap::new();
        for located in events {
            let change = &log.changes[located.change];
            let in_genesis = genesis == Some(change.hash);
            let writer = device_of(&change.actor);
            // Judged with this pass's registry so far and the previous
            // pass's cut-offs, which come from removals seen anywhere.
            let writer_partner = writer
                .as_ref()
                .and_then(|d| next.devices.get(d).map(|dev| (d, dev)))
                .filter(|(d, _)| self.counts(d, located.counter, &change.actor))
                .map(|(_, dev)| dev.partner.clone());
            match &located.event {
                Event::PartnerMade { partner, obj } => {
                    let founding =
                        in_genesis || (change.actor == *founder && next.partner_objects.is_empty());
                    if (founding || writer_partner.is_some())
                        && !next.partner_objects.contains_key(partner)
                    {
                        next.partner_objects.insert(partner.clone(), obj.clone());
                        next.admissions.insert(partner.clone(), change.hash);
                        made_in.insert(partner.clone(), (located.change, obj.clone()));
                    }
                }
                Event::DeviceAdded { partner, device } => {
                    let Some((made, partner_obj)) = made_in.get(partner) else {
                        continue;
                    };
                    if !in_partner(log, &located.obj, partner_obj) {
                        continue;
                    }
                    let founding = in_genesis
                        || (change.actor == *founder
                            && next.devices.is_empty()
                            && writer.as_deref() == Some(device.as_str()));
                    let admission = writer_partner.is_some() && *made == located.change;
                    let own = writer_partner.as_deref() == Some(partner.as_str());
                    let invited = writer_partner.is_some()
                        && used_in(events, located.change, device).iter().any(|id| {
                            invitations.get(*id).is_some_and(|(p, actor, _)| {
                                p == partner
                                    && device_of(actor)
                                        .and_then(|d| next.devices.get(&d))
                                        .is_some_and(|d| d.partner == *partner)
                            })
                        });
                    if (founding || admission || own || invited)
                        && !next.devices.contains_key(device)
                    {
                        next.devices.insert(
                            device.clone(),
                            Device {
                                partner: partner.clone(),
                                cutoffs: Vec::new(),
                                retired: false,
                            },
                        );
                    }
                }
                Event::PartnerLeft { partner } => {
                    if (in_genesis || writer_partner.is_some())
                        && next.partner_objects.contains_key(partner)
                    {
                        next.removed.insert(partner.clone());
                        let clock = log.clock_of(&change.hash);
                        for device in next.devices.values_mut() {
                            if device.partner == *partner {
                                device.cutoffs.push(clock.clone());
                                device.retired = true;
                            }
                        }
                    }
                }
                Event::DeviceRetired { partner, device } => {
                    if (in_genesis || writer_partner.as_deref() == Some(partner.as_str()))
                        && let Some(entry) = next.devices.get_mut(device)
                        && entry.partner == *partner
                    {
                        entry.cutoffs.push(log.clock_of(&change.hash));
                        entry.retired = true;
                    }
                }
                Event::InvitationUsed { .. } => {}
            }
        }
        // Cut-offs met later in the log still apply to earlier devices.
        for (peer, device) in &mut next.devices {
            if let Some(previous) = self.devices.get(peer) {
                for clock in &previous.cutoffs {
                    if !device.cutoffs.contains(clock) {
                        device.cutoffs.push(clock.clone());
                        device.retired = true;
                    }
                }
            }
        }
        next
    }

    /// Whether two registries say the same about every device and partner.
    pub(crate) fn same_as(&self, other: &Registry) -> bool {
        self.devices == other.devices
            && self.removed == other.removed
            && self.partner_objects == other.partner_objects
    }

    /// Whether a write `(counter, actor)` by `device` is before every
    /// removal that cut the device off.
    pub(crate) fn counts(&self, device: &str, counter: u64, actor: &ActorId) -> bool {
        self.devices.get(device).is_none_or(|d| {
            d.cutoffs
                .iter()
                .all(|clock| clock.get(actor).is_some_and(|max| counter <= *max))
        })
    }
}

/// Whether object `obj` (a devices map) lies inside the partner object.
fn in_partner(log: &Log, obj: &ObjKey, partner_obj: &ObjKey) -> bool {
    // The devices map's parent is the partner object.
    log.parent_of(obj) == *partner_obj
}

/// The invitations change `index` marks as used by `device`.
fn used_in<'a>(events: &'a [Located], index: usize, device: &str) -> Vec<&'a String> {
    events
        .iter()
        .filter(|e| e.change == index)
        .filter_map(|e| match &e.event {
            Event::InvitationUsed {
                invitation,
                device: d,
            } if d == device => Some(invitation),
            _ => None,
        })
        .collect()
}

/// The actor that made the document's `partners` map first.
fn founding_actor(log: &Log) -> Option<ActorId> {
    log.changes.iter().find_map(|c| {
        c.writes
            .iter()
            .find(|w| w.obj.is_none() && w.path == ["partners"] && w.action == Action::Make)
            .map(|_| c.actor.clone())
    })
}

/// Device invitations: id → (partner, actor that made it, counter).
fn device_invitations(log: &Log) -> HashMap<String, (String, ActorId, u64)> {
    let mut found = HashMap::new();
    for change in &log.changes {
        for write in &change.writes {
            if let [root, id, field] = write.path.as_slice()
                && root == "invitations"
                && field == "partner"
                && let Action::Put(ScalarValue::Str(partner)) = &write.action
                && write
                    .obj
                    .as_ref()
                    .is_some_and(|(_, maker)| *maker == change.actor)
            {
                found.entry(id.clone()).or_insert((
                    partner.to_string(),
                    change.actor.clone(),
                    write.counter,
                ));
            }
        }
    }
    found
}

/// The registry events of the log, in causal order.
fn events(log: &Log) -> Vec<Located> {
    let mut events = Vec::new();
    for (index, change) in log.changes.iter().enumerate() {
        for write in &change.writes {
            let path: Vec<&str> = write.path.iter().map(String::as_str).collect();
            let event = match (path.as_slice(), &write.action) {
                (["partners", partner], Action::Make) => Event::PartnerMade {
                    partner: (*partner).to_owned(),
                    obj: Some((write.counter, change.actor.clone())),
                },
                (["partners", partner, "devices", device], Action::Make) => Event::DeviceAdded {
                    partner: (*partner).to_owned(),
                    device: (*device).to_owned(),
                },
                (["partners", partner, "left"], Action::Put(_)) => Event::PartnerLeft {
                    partner: (*partner).to_owned(),
                },
                (["partners", partner, "devices", device, "removed"], Action::Put(_)) => {
                    Event::DeviceRetired {
                        partner: (*partner).to_owned(),
                        device: (*device).to_owned(),
                    }
                }
                (["invitations", invitation, "used_by"], Action::Put(ScalarValue::Str(d))) => {
                    Event::InvitationUsed {
                        invitation: (*invitation).to_owned(),
                        device: d.to_string(),
                    }
                }
                _ => continue,
            };
            events.push(Located {
                event,
                change: index,
                counter: write.counter,
                obj: write.obj.clone(),
            });
        }
    }
    events
}
