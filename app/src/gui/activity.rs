//! What a change did, in a sentence of the window's language: "Gemeente
//! Hillegom heeft de ambitie bewerkt". Names are read from the alliance as
//! it is now; consecutive entries of one partner doing the same thing are
//! grouped ("20 bewerkingen").

use super::i18n::{Texts, fill};
use crate::model::{Activity, AllianceView, HistoryEntry, Subject, Verb};

/// Consecutive history entries (newest first) by one partner doing the
/// same things: shown as one row.
pub(crate) struct Group {
    /// The index of the newest entry of the group.
    pub(crate) first: usize,
    /// How many entries it holds.
    pub(crate) count: usize,
}

/// Groups `entries` (newest first): an entry joins the group before it
/// when it has the same partner and the same activities, is signed alike,
/// and has no ignored writes.
pub(crate) fn group(entries: &[HistoryEntry]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        if let Some(last) = groups.last_mut() {
            let head = &entries[last.first];
            let same = head.partner == entry.partner
                && head.activities == entry.activities
                && head.verified == entry.verified
                && head.ignored.is_empty()
                && entry.ignored.is_empty();
            if same {
                last.count += 1;
                continue;
            }
        }
        groups.push(Group {
            first: index,
            count: 1,
        });
    }
    groups
}

/// The sentence for an entry done `count` times by `who`.
pub(crate) fn sentence(
    texts: &Texts,
    view: &AllianceView,
    who: &str,
    entry: &HistoryEntry,
    count: usize,
) -> String {
    let mut parts: Vec<String> = entry
        .activities
        .iter()
        .map(|a| predicate(texts, view, a))
        .collect();
    parts.dedup();
    if parts.is_empty() {
        parts.push(texts.did_bookkeeping.to_owned());
    }
    let mut sentence = format!("{who} {}", parts.join(texts.and));
    if count > 1 {
        sentence.push_str(&format!(" ({})", edits(texts, count)));
    }
    sentence
}

/// "1 bewerking", "20 bewerkingen".
pub(crate) fn edits(texts: &Texts, count: usize) -> String {
    if count == 1 {
        texts.edits_one.to_owned()
    } else {
        fill(texts.edits_many, &[&count.to_string()])
    }
}

/// What one activity did, after the name of who did it.
fn predicate(texts: &Texts, view: &AllianceView, activity: &Activity) -> String {
    let verb = activity.verb;
    match &activity.subject {
        Subject::Alliance => texts.did_create_alliance.to_owned(),
        Subject::Name => texts.did_rename.to_owned(),
        Subject::Description => texts.did_description.to_owned(),
        Subject::Ambition => texts.did_ambition.to_owned(),
        Subject::Effect { id } => {
            let template = match verb {
                Verb::Added => texts.did_add_effect,
                Verb::Edited => texts.did_edit_effect,
                Verb::Removed => texts.did_remove_effect,
            };
            let text = view.ambition.effects.iter().find(|e| &e.id == id);
            fill(template, &[&short(texts, text.map(|e| e.text.as_str()))])
        }
        Subject::Interest { id } => {
            let template = match verb {
                Verb::Added => texts.did_add_interest,
                _ => texts.did_edit_interest,
            };
            fill(template, &[&interest(texts, view, id)])
        }
        Subject::Response { interest: id } => {
            fill(texts.did_respond, &[&interest(texts, view, id)])
        }
        Subject::Agreement { id, field } => {
            let template = match (verb, field.as_deref()) {
                (Verb::Added, _) => texts.did_add_agreement,
                (_, Some("title")) => texts.did_title,
                (_, Some("body")) => texts.did_body,
                (_, Some("status")) => texts.did_status,
                (_, Some("owners")) => texts.did_owners,
                (_, Some("review_date")) => texts.did_review_date,
                _ => texts.did_edit_agreement,
            };
            fill(template, &[&agreement(texts, view, id)])
        }
        Subject::Position { agreement: id } => {
            fill(texts.did_position, &[&agreement(texts, view, id)])
        }
        Subject::Partner { id } => {
            let template = match verb {
                Verb::Added => texts.did_admit,
                Verb::Removed => texts.did_remove_partner,
                Verb::Edited => texts.did_edit_partner,
            };
            fill(template, &[&partner(texts, view, id)])
        }
        Subject::Device { partner: id } => {
            let template = match verb {
                Verb::Removed => texts.did_retire_device,
                _ => texts.did_add_device,
            };
            fill(template, &[&partner(texts, view, id)])
        }
        Subject::Invitation => match verb {
            Verb::Added => texts.did_invite,
            Verb::Removed => texts.did_withdraw_invitation,
            Verb::Edited => texts.did_use_invitation,
        }
        .to_owned(),
        Subject::Snapshot => texts.did_snapshot.to_owned(),
        Subject::Decision => texts.did_decision.to_owned(),
        Subject::Bookkeeping => texts.did_bookkeeping.to_owned(),
    }
}

fn agreement(texts: &Texts, view: &AllianceView, id: &str) -> String {
    let found = view.agreements.iter().find(|a| a.id == id);
    short(texts, found.map(|a| a.title.as_str()))
}

fn interest(texts: &Texts, view: &AllianceView, id: &str) -> String {
    let found = view.interests.iter().find(|i| i.id == id);
    short(texts, found.map(|i| i.text.as_str()))
}

fn partner(texts: &Texts, view: &AllianceView, id: &str) -> String {
    view.partners
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| texts.unknown_partner.to_owned(), |p| p.name.clone())
}

/// A name of at most 60 characters (cut at a word, with "…"), or the
/// words for something no longer there.
fn short(texts: &Texts, text: Option<&str>) -> String {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return texts.an_item.to_owned();
    };
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.chars().count() <= 60 && first_line.len() == text.len() {
        return first_line.to_owned();
    }
    let cut: String = first_line.chars().take(60).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > 30 => cut[..space].to_owned(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}
