//! A view of an alliance kept current from Automerge's patches, so that a
//! screen showing a large alliance does not re-read the whole document for
//! every local keystroke or remote change.
//!
//! Changes inside one agreement or one interest rebuild only that item, and
//! changes to role cards or expectations only those lists; anything else
//! (partners, the ambition, actor bindings, the name) is rare and rebuilds
//! the whole view.

use std::collections::{BTreeSet, HashMap};

use automerge::{Patch, PatchAction, Prop, ReadDoc};

use super::read::At;
use super::schema::{
    AGREEMENTS, COURSECHECKS, EXPECTATIONS, INDICATORS, INPUTS, INTERESTS, INTERVENTIONS, MEETINGS,
    REVIEWS, ROLES,
};
use super::trust::Trust;
use super::view::{self, CreationOrder};
use super::{Alliance, AllianceView};

/// An [`AllianceView`] that follows the document through its patches.
#[derive(Debug, Clone)]
pub struct LiveView {
    view: AllianceView,
    trust: Trust,
    agreement_orders: HashMap<String, CreationOrder>,
    interest_orders: HashMap<String, CreationOrder>,
}

/// What one [`LiveView::refresh`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refresh {
    /// Whether the document had changed since the last refresh.
    pub changed: bool,
    /// Whether the whole view was rebuilt.
    pub rebuilt: bool,
    /// How many agreements and interests were rebuilt one by one.
    pub items: usize,
}

/// The part of the view a patch touches.
#[derive(Debug, Default)]
struct Touched {
    everything: bool,
    agreements: BTreeSet<String>,
    interests: BTreeSet<String>,
    /// The role cards or expectations.
    collaboration: bool,
}

impl LiveView {
    /// Builds the view of the alliance as it is now and starts following it.
    pub fn new(alliance: &mut Alliance) -> LiveView {
        alliance.document_mut().update_diff_cursor();
        let heads = alliance.heads();
        let trust = Trust::now(alliance.document_mut());
        let doc = alliance.document();
        LiveView {
            view: view::build(doc, &trust, &heads, At::Now),
            trust,
            agreement_orders: view::current_orders(doc, AGREEMENTS),
            interest_orders: view::current_orders(doc, INTERESTS),
        }
    }

    /// The current view.
    pub fn view(&self) -> &AllianceView {
        &self.view
    }

    /// Brings the view up to date with every change made to the document
    /// (locally or merged from peers) since the last refresh.
    pub fn refresh(&mut self, alliance: &mut Alliance) -> Refresh {
        let patches = alliance.document_mut().diff_incremental();
        if patches.is_empty() {
            return Refresh::default();
        }
        let mut touched = classify(&patches);
        let before = self.trust.registry().clone();
        self.trust.update(alliance.document_mut());
        if !self.trust.registry().same_as(&before) {
            // Who may write what changed: every owned value may read anew.
            touched.everything = true;
        }
        if touched.everything {
            *self = LiveView::new(alliance);
            return Refresh {
                changed: true,
                rebuilt: true,
                items: 0,
            };
        }
        let heads = alliance.heads();
        let doc = alliance.document();
        for id in &touched.agreements {
            self.update_agreement(doc, id);
        }
        for id in &touched.interests {
            self.update_interest(doc, id);
        }
        if touched.collaboration {
            let reader = view::Reader {
                doc,
                at: At::Now,
                trust: &self.trust,
            };
            self.view.roles = reader.role_cards();
            self.view.expectations = reader.expectations();
            self.view.coursechecks = reader.coursechecks();
            self.view.inputs = reader.inputs();
            self.view.indicators = reader.indicators();
            self.view.interventions = reader.interventions();
            self.view.reviews = reader.reviews();
            self.view.meetings = reader.meetings();
        }
        let mut heads: Vec<String> = heads.iter().map(ToString::to_string).collect();
        heads.sort();
        self.view.heads = heads;
        Refresh {
            changed: true,
            rebuilt: false,
            items: touched.agreements.len() + touched.interests.len(),
        }
    }

    fn update_agreement<D: ReadDoc>(&mut self, doc: &D, id: &str) {
        let current = view::current_agreement(doc, &self.trust, id);
        upsert(
            &mut self.view.agreements,
            &mut self.agreement_orders,
            id,
            current,
            |a| &a.id,
        );
    }

    fn update_interest<D: ReadDoc>(&mut self, doc: &D, id: &str) {
        let current = view::current_interest(doc, &self.trust, id);
        upsert(
            &mut self.view.interests,
            &mut self.interest_orders,
            id,
            current,
            |i| &i.id,
        );
    }
}

/// Replaces, inserts (in creation order) or removes the item `id`.
fn upsert<T>(
    items: &mut Vec<T>,
    orders: &mut HashMap<String, CreationOrder>,
    id: &str,
    current: Option<(CreationOrder, T)>,
    id_of: impl Fn(&T) -> &String,
) {
    let existing = items.iter().position(|item| id_of(item) == id);
    match (existing, current) {
        (Some(index), Some((_, item))) => items[index] = item,
        (Some(index), None) => {
            items.remove(index);
            orders.remove(id);
        }
        (None, Some((order, item))) => {
            let key = (order.clone(), id.to_owned());
            let index = items.partition_point(|other| {
                let other_id = id_of(other);
                let other_order = orders.get(other_id).cloned().unwrap_or_default();
                (other_order, other_id.clone()) < key
            });
            orders.insert(id.to_owned(), order);
            items.insert(index, item);
        }
        (None, None) => {}
    }
}

/// Which agreements and interests the patches touch, whether they touch the
/// role cards or expectations, or whether they touch anything else.
fn classify(patches: &[Patch]) -> Touched {
    let mut touched = Touched::default();
    for patch in patches {
        let (top, item) = match patch.path.as_slice() {
            [] => (map_key(&patch.action), None),
            [(_, top)] => (prop_key(top), map_key(&patch.action)),
            [(_, top), (_, item), ..] => (prop_key(top), prop_key(item)),
        };
        match (top.as_deref(), item) {
            (Some(AGREEMENTS), Some(id)) => {
                touched.agreements.insert(id);
            }
            (Some(INTERESTS), Some(id)) => {
                touched.interests.insert(id);
            }
            (
                Some(
                    ROLES | EXPECTATIONS | COURSECHECKS | INPUTS | INDICATORS | INTERVENTIONS
                    | REVIEWS | MEETINGS,
                ),
                Some(_),
            ) => {
                touched.collaboration = true;
            }
            _ => {
                touched.everything = true;
                return touched;
            }
        }
    }
    touched
}

fn prop_key(prop: &Prop) -> Option<String> {
    match prop {
        Prop::Map(key) => Some(key.clone()),
        Prop::Seq(_) => None,
    }
}

fn map_key(action: &PatchAction) -> Option<String> {
    match action {
        PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => Some(key.clone()),
        PatchAction::Conflict { prop } => prop_key(prop),
        _ => None,
    }
}
