//! When an agreement counts as agreed: every current partner has given a
//! position on its current text, and none objects.
//!
//! A position records the version of the text (title and body) it was
//! given on. Once the text changes, the position stands "on an earlier
//! text" until its partner confirms or changes it, and an agreement that
//! was agreed reads as proposed again until every partner has. The rule is
//! applied when reading, so a status written by a modified program, or an
//! edit that crossed a position, never shows an agreement as agreed
//! without everyone's consent.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::kinds::{AgreementStatus, Stance};
use super::view::PositionView;

/// The version of an agreement's text a position is given on: the first 8
/// bytes of SHA-256 over the title, a zero byte and the body, in hex.
pub(crate) fn text_version(title: &str, body: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.trim().as_bytes());
    hasher.update([0]);
    hasher.update(body.trim().as_bytes());
    hex::encode(&hasher.finalize()[..8])
}

/// How the current partners stand on one agreement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Consent {
    /// Current partners with no position on the current text.
    pub(crate) missing: Vec<String>,
    /// Current partners that object.
    pub(crate) objecting: Vec<String>,
}

impl Consent {
    /// The consent of `partners` (the current partners' ids) given
    /// `positions`.
    pub(crate) fn of(positions: &BTreeMap<String, PositionView>, partners: &[String]) -> Consent {
        let mut consent = Consent::default();
        for partner in partners {
            match positions.get(partner) {
                Some(p) if p.on_earlier_text => consent.missing.push(partner.clone()),
                Some(p) if p.stance == Stance::Object => consent.objecting.push(partner.clone()),
                Some(_) => {}
                None => consent.missing.push(partner.clone()),
            }
        }
        consent
    }

    /// Whether every partner gave a current position and none objects.
    pub(crate) fn given(&self) -> bool {
        self.missing.is_empty() && self.objecting.is_empty()
    }

    /// The status that counts when `recorded` was written: agreed only
    /// with consent, otherwise proposed.
    pub(crate) fn effective(&self, recorded: AgreementStatus) -> AgreementStatus {
        if recorded == AgreementStatus::Agreed && !self.given() {
            AgreementStatus::Proposed
        } else {
            recorded
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(stance: Stance, on_earlier_text: bool) -> PositionView {
        PositionView {
            stance,
            reason: String::new(),
            on_earlier_text,
        }
    }

    fn partners() -> Vec<String> {
        vec!["a".into(), "b".into()]
    }

    #[test]
    fn agreed_needs_a_current_position_of_every_partner() {
        let mut positions = BTreeMap::new();
        positions.insert("a".into(), position(Stance::Agree, false));
        let consent = Consent::of(&positions, &partners());
        assert_eq!(consent.missing, vec!["b".to_owned()]);
        assert_eq!(
            consent.effective(AgreementStatus::Agreed),
            AgreementStatus::Proposed
        );
        positions.insert("b".into(), position(Stance::Abstain, false));
        let consent = Consent::of(&positions, &partners());
        assert!(consent.given());
        assert_eq!(
            consent.effective(AgreementStatus::Agreed),
            AgreementStatus::Agreed
        );
    }

    #[test]
    fn a_position_on_an_earlier_text_or_an_objection_withholds_consent() {
        let mut positions = BTreeMap::new();
        positions.insert("a".into(), position(Stance::Agree, true));
        positions.insert("b".into(), position(Stance::Object, false));
        let consent = Consent::of(&positions, &partners());
        assert_eq!(consent.missing, vec!["a".to_owned()]);
        assert_eq!(consent.objecting, vec!["b".to_owned()]);
        assert_eq!(
            consent.effective(AgreementStatus::Withdrawn),
            AgreementStatus::Withdrawn
        );
    }

    #[test]
    fn the_text_version_follows_title_and_body() {
        let v = text_version("Eén wijkteam", "Per wijk");
        assert_eq!(v.len(), 16);
        assert_eq!(v, text_version(" Eén wijkteam ", "Per wijk\n"));
        assert_ne!(v, text_version("Eén wijkteam", "Per buurt"));
        assert_ne!(v, text_version("Eén wijkteamPer", " wijk"));
    }
}
