//! The invitations of an alliance as its partners see them: which are
//! still open, and withdrawing one before anyone uses it.

use automerge::ScalarValue;
use automerge::transaction::Transactable;
use serde::Serialize;

use super::alliance::{Alliance, Author, now_ms};
use super::error::ModelError;
use super::ids;
use super::read::{self, At};
use super::schema::INVITATIONS;
use super::view::format_ms;

/// One invitation, without its secret (which the alliance never holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvitationInfo {
    /// Its id.
    pub id: String,
    /// `partner` (a new organisation) or `device` (another device of a
    /// partner).
    pub kind: String,
    /// For a device invitation: the partner the device will act for.
    pub partner: Option<String>,
    /// The partner that made it.
    pub created_by: Option<String>,
    /// When it expires (RFC 3339).
    pub expires: String,
    /// `open`, `used`, `expired` or `withdrawn`.
    pub state: &'static str,
}

impl Alliance {
    /// Every invitation, oldest first, with its state at `now_ms`.
    pub fn invitations(&self, now_ms: i64) -> Vec<InvitationInfo> {
        let doc = self.document();
        let Some(map) = read::map_at(doc, At::Now, &automerge::ROOT, INVITATIONS) else {
            return Vec::new();
        };
        let mut found: Vec<(i64, InvitationInfo)> = read::keys_at(doc, At::Now, &map)
            .into_iter()
            .filter_map(|id| {
                let obj = read::map_at(doc, At::Now, &map, &id)?;
                let expires = read::timestamp_at(doc, At::Now, &obj, "expires").unwrap_or(0);
                let state = if read::timestamp_at(doc, At::Now, &obj, "withdrawn").is_some() {
                    "withdrawn"
                } else if read::str(doc, &obj, "used_by").is_some() {
                    "used"
                } else if now_ms > expires {
                    "expired"
                } else {
                    "open"
                };
                let created = read::timestamp_at(doc, At::Now, &obj, "created_at").unwrap_or(0);
                Some((
                    created,
                    InvitationInfo {
                        kind: read::str(doc, &obj, "kind").unwrap_or_else(|| "partner".into()),
                        partner: read::str(doc, &obj, "partner"),
                        created_by: read::str(doc, &obj, "created_by"),
                        expires: format_ms(expires),
                        state,
                        id,
                    },
                ))
            })
            .collect();
        found.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        found.into_iter().map(|(_, info)| info).collect()
    }

    /// Withdraws an open invitation (id or unique prefix) that the author's
    /// organisation made: nobody can use it afterwards.
    pub fn withdraw_invitation(
        &mut self,
        author: &Author,
        query: &str,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let map = self.root_map(INVITATIONS)?;
        let candidates: Vec<(String, Option<String>)> =
            read::keys_at(self.document(), At::Now, &map)
                .into_iter()
                .map(|k| (k, None))
                .collect();
        let id = ids::resolve("invitation", query, &candidates)?;
        let obj = self.map(&map, &id)?;
        if read::str(self.document(), &obj, "created_by").as_deref() != Some(&author.partner_id) {
            return Err(ModelError::NotYourInvitation);
        }
        self.change(author, format!("withdraw invitation {id}"), |doc| {
            doc.put(&obj, "withdrawn", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::two_partner_alliance;
    use super::super::{InvitationError, InvitationKind, ModelError};

    #[test]
    fn an_invitation_is_listed_and_only_its_maker_withdraws_it() {
        let (mut alliance, founder, provider) = two_partner_alliance();
        let now = jiff::Timestamp::now().as_millisecond();
        let invitation = alliance
            .invite(&founder, InvitationKind::Partner, now + 60_000)
            .expect("invite");
        let listed = alliance.invitations(now);
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].state, "open");
        assert_eq!(
            listed[0].created_by.as_deref(),
            Some(founder.partner_id.as_str())
        );
        assert!(matches!(
            alliance.withdraw_invitation(&provider, &invitation.id),
            Err(ModelError::NotYourInvitation)
        ));
        alliance
            .withdraw_invitation(&founder, &invitation.id[..6])
            .expect("withdraw");
        assert_eq!(alliance.invitations(now)[0].state, "withdrawn");
        assert_eq!(
            alliance.check_invitation(&invitation.id, &invitation.secret, now),
            Err(InvitationError::Withdrawn)
        );
        assert_eq!(alliance.invitations(now + 120_000)[0].state, "withdrawn");
    }
}
