//! Who signed the changes a snapshot's version holds, as every export
//! states it.

use automerge::ChangeHash;
use serde::Serialize;

use crate::model::Alliance;

/// Who signed the changes a version holds: every change is signed by a
/// device of the partner it is attributed to, except history written
/// before signing existed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// The changes the version holds.
    pub changes: usize,
    /// Those signed by a device of the partner they are attributed to.
    pub signed: usize,
    /// Those written before signing, attributed as the alliance then
    /// recorded.
    pub before_signing: usize,
    /// Those attributed to no partner.
    pub unattributed: usize,
    /// The statement in Dutch, as every format prints it.
    pub statement: String,
}

impl Provenance {
    /// The provenance of the changes of `alliance` up to `heads`.
    pub fn at(alliance: &Alliance, heads: &[ChangeHash]) -> Provenance {
        let trust = alliance.trust_at(heads);
        let (mut signed, mut before_signing, mut unattributed) = (0, 0, 0);
        for change in &trust.log().changes {
            let attributed = trust
                .device_of(&change.actor)
                .is_some_and(|d| trust.registry().devices.contains_key(d));
            match (trust.is_signed(&change.actor), attributed) {
                (true, true) => signed += 1,
                (false, true) => before_signing += 1,
                _ => unattributed += 1,
            }
        }
        let changes = signed + before_signing + unattributed;
        let mut statement = if signed == changes {
            format!(
                "Alle {changes} wijzigingen in deze versie zijn ondertekend door een apparaat van de partner aan wie ze worden toegeschreven."
            )
        } else {
            format!(
                "{signed} van de {changes} wijzigingen in deze versie zijn ondertekend door een apparaat van de partner aan wie ze worden toegeschreven."
            )
        };
        if before_signing > 0 {
            statement.push_str(&format!(
                " {before_signing} zijn van vóór de ondertekening en toegeschreven zoals de alliantie dat toen vastlegde."
            ));
        }
        if unattributed > 0 {
            statement.push_str(&format!(
                " {unattributed} zijn aan geen partner toe te schrijven en tellen niet mee."
            ));
        }
        Provenance {
            changes,
            signed,
            before_signing,
            unattributed,
            statement,
        }
    }
}
