//! What a change did, read from the writes it made (not from the message
//! its author's program wrote, which anyone can word as they like): a few
//! [`Activity`] values that the window and the command line put into words.

use serde::Serialize;

use super::trust::{Action, Write};

/// What a change did to one thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// Added, edited or removed.
    pub verb: Verb,
    /// What it was done to.
    pub subject: Subject,
}

/// The kind of thing done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verb {
    /// Made something new.
    Added,
    /// Changed something that was there.
    Edited,
    /// Removed, withdrew or retired something.
    Removed,
}

/// What an activity was done to; ids let a reader name it as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Subject {
    /// The alliance itself (created).
    Alliance,
    /// The alliance's name.
    Name,
    /// The alliance's description.
    Description,
    /// The shared ambition's text.
    Ambition,
    /// An intended effect.
    Effect {
        /// Its id.
        id: String,
    },
    /// A partner's interest.
    Interest {
        /// Its id.
        id: String,
    },
    /// A response to an interest.
    Response {
        /// The interest's id.
        interest: String,
    },
    /// An agreement (its title, text, status, owners or review date).
    Agreement {
        /// Its id.
        id: String,
        /// The field changed, when one was (`title`, `body`, `status`, …).
        field: Option<String>,
    },
    /// The author's position on an agreement.
    Position {
        /// The agreement's id.
        agreement: String,
    },
    /// A partner organisation.
    Partner {
        /// Its id.
        id: String,
    },
    /// A device of a partner.
    Device {
        /// The partner's id.
        partner: String,
    },
    /// An invitation.
    Invitation,
    /// A snapshot for the boards.
    Snapshot,
    /// A board decision.
    Decision,
    /// Bookkeeping of the program (schema version, trust checkpoint).
    Bookkeeping,
}

/// The activities of a change's `writes`, each once, in the order first
/// written; edits inside something the same change added are left out.
pub(crate) fn activities<'a>(writes: impl IntoIterator<Item = &'a Write>) -> Vec<Activity> {
    let mut found: Vec<Activity> = Vec::new();
    for write in writes {
        let Some(activity) = activity(&write.path, &write.action) else {
            continue;
        };
        if !found.contains(&activity) {
            found.push(activity);
        }
    }
    let added: Vec<Subject> = found
        .iter()
        .filter(|a| a.verb == Verb::Added)
        .map(|a| whole(&a.subject))
        .collect();
    let creates_alliance = found.iter().any(|a| a.subject == Subject::Alliance);
    found
        .into_iter()
        .filter(|a| {
            let part_of_added = added.contains(&whole(&a.subject));
            (a.verb == Verb::Added && a.subject == whole(&a.subject)) || !part_of_added
        })
        .filter(|a| !creates_alliance || a.subject == Subject::Alliance)
        .collect()
}

/// The subject without a field: the whole agreement; a partner's device
/// is part of the partner (admitting a partner adds its first device).
fn whole(subject: &Subject) -> Subject {
    match subject {
        Subject::Device { partner } => Subject::Partner {
            id: partner.clone(),
        },
        Subject::Agreement { id, .. } => Subject::Agreement {
            id: id.clone(),
            field: None,
        },
        other => other.clone(),
    }
}

/// What one write on `path` did, if it is something people name.
fn activity(path: &[String], action: &Action) -> Option<Activity> {
    let keys: Vec<&str> = path.iter().map(String::as_str).collect();
    let made = matches!(action, Action::Make);
    let deleted = matches!(action, Action::Delete);
    let edit = |subject| {
        Some(Activity {
            verb: Verb::Edited,
            subject,
        })
    };
    let add_or_edit = |whole: bool, subject: Subject| {
        let verb = match (whole, made, deleted) {
            (true, true, _) => Verb::Added,
            (true, _, true) => Verb::Removed,
            _ => Verb::Edited,
        };
        Some(Activity { verb, subject })
    };
    match keys.as_slice() {
        ["partners"]
        | ["interests"]
        | ["agreements"]
        | ["ratifications"]
        | ["invitations"]
        | ["ambition"] => made.then_some(Activity {
            verb: Verb::Added,
            subject: Subject::Alliance,
        }),
        ["name"] => edit(Subject::Name),
        ["description"] => edit(Subject::Description),
        ["ambition", "text"] => edit(Subject::Ambition),
        ["ambition", "effects", id, rest @ ..] => add_or_edit(
            rest.is_empty(),
            Subject::Effect {
                id: (*id).to_owned(),
            },
        ),
        ["interests", id, "responses", _, ..] => Some(Activity {
            verb: Verb::Added,
            subject: Subject::Response {
                interest: (*id).to_owned(),
            },
        }),
        ["interests", id, rest @ ..] => add_or_edit(
            rest.is_empty(),
            Subject::Interest {
                id: (*id).to_owned(),
            },
        ),
        ["agreements", id, "positions", _, ..] => Some(Activity {
            verb: Verb::Edited,
            subject: Subject::Position {
                agreement: (*id).to_owned(),
            },
        }),
        ["agreements", id, rest @ ..] => add_or_edit(
            rest.is_empty(),
            Subject::Agreement {
                id: (*id).to_owned(),
                field: rest.first().map(|f| (*f).to_owned()),
            },
        ),
        ["partners", id] => add_or_edit(
            true,
            Subject::Partner {
                id: (*id).to_owned(),
            },
        ),
        ["partners", id, "left"] => Some(Activity {
            verb: Verb::Removed,
            subject: Subject::Partner {
                id: (*id).to_owned(),
            },
        }),
        ["partners", id, "devices", _, rest @ ..] => Some(Activity {
            verb: match rest {
                [] if made => Verb::Added,
                ["removed"] => Verb::Removed,
                _ => Verb::Edited,
            },
            subject: Subject::Device {
                partner: (*id).to_owned(),
            },
        }),
        ["partners", id, ..] => edit(Subject::Partner {
            id: (*id).to_owned(),
        }),
        ["invitations", _, "withdrawn"] => Some(Activity {
            verb: Verb::Removed,
            subject: Subject::Invitation,
        }),
        ["invitations", _, rest @ ..] => add_or_edit(rest.is_empty(), Subject::Invitation),
        ["ratifications", key, ..] if key.starts_with("snapshot:") => Some(Activity {
            verb: Verb::Added,
            subject: Subject::Snapshot,
        }),
        ["ratifications", key, ..] if key.starts_with("decision:") => Some(Activity {
            verb: Verb::Added,
            subject: Subject::Decision,
        }),
        _ => Some(Activity {
            verb: Verb::Edited,
            subject: Subject::Bookkeeping,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &[&str], action: Action) -> Write {
        Write {
            counter: 1,
            obj: None,
            path: path.iter().map(|k| (*k).to_owned()).collect(),
            action,
        }
    }

    #[test]
    fn adding_an_agreement_is_one_activity() {
        let writes = [
            write(&["agreements", "a1"], Action::Make),
            write(&["agreements", "a1", "title"], Action::Put("T".into())),
            write(&["agreements", "a1", "body"], Action::Make),
            write(&["agreements", "a1", "body"], Action::Edit),
        ];
        assert_eq!(
            activities(&writes),
            vec![Activity {
                verb: Verb::Added,
                subject: Subject::Agreement {
                    id: "a1".into(),
                    field: None
                }
            }]
        );
    }

    #[test]
    fn edits_name_their_field_and_positions_their_agreement() {
        let writes = [
            write(&["agreements", "a1", "body"], Action::Edit),
            write(&["agreements", "a1", "positions", "p"], Action::Make),
            write(
                &["agreements", "a1", "positions", "p", "stance"],
                Action::Put("agree".into()),
            ),
            write(&["ambition", "effects", "e1"], Action::Delete),
        ];
        let found = activities(&writes);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(
            found[0].subject,
            Subject::Agreement {
                id: "a1".into(),
                field: Some("body".into())
            }
        );
        assert_eq!(
            found[1].subject,
            Subject::Position {
                agreement: "a1".into()
            }
        );
        assert_eq!(found[2].verb, Verb::Removed);
    }
}
