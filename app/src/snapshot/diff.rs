//! What changed in the agreements between two versions, and who changed it.

use std::collections::{BTreeMap, HashMap, HashSet};

use automerge::ChangeHash;
use serde::Serialize;

use crate::model::{AgreementStatus, AgreementView, Alliance, HistoryEntry, PositionView};

/// The changes to the agreements between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementsDiff {
    /// One entry per agreement that was added, removed, withdrawn or changed,
    /// in the order of the later version (removed ones last).
    pub agreements: Vec<AgreementChange>,
}

/// How an agreement changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// New in the later version.
    Added,
    /// Gone from the later version.
    Removed,
    /// Its status became withdrawn.
    Withdrawn,
    /// Otherwise changed.
    Changed,
}

impl ChangeKind {
    /// The stable slug, as in `--json`.
    pub fn slug(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Withdrawn => "withdrawn",
            ChangeKind::Changed => "changed",
        }
    }

    /// The Dutch label.
    pub fn label_nl(self) -> &'static str {
        match self {
            ChangeKind::Added => "Toegevoegd",
            ChangeKind::Removed => "Verwijderd",
            ChangeKind::Withdrawn => "Ingetrokken",
            ChangeKind::Changed => "Gewijzigd",
        }
    }
}

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change<T> {
    /// The earlier value.
    pub before: T,
    /// The later value.
    pub after: T,
}

/// One piece of a text difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextPiece {
    /// `same`, `added` or `removed`.
    pub op: PieceOp,
    /// The text.
    pub text: String,
}

/// What happened to a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PieceOp {
    /// In both versions.
    Same,
    /// Only in the later version.
    Added,
    /// Only in the earlier version.
    Removed,
}

/// A partner's position before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionChange {
    /// The partner's id.
    pub partner: String,
    /// The partner's name.
    pub partner_name: String,
    /// The position before, if any.
    pub before: Option<PositionView>,
    /// The position after, if any.
    pub after: Option<PositionView>,
}

/// Who made changes to an agreement in the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contributor {
    /// The partner's id, if the device is known.
    pub partner: Option<String>,
    /// The partner's name, if known.
    pub partner_name: Option<String>,
    /// The devices (peer ids) it used, sorted.
    pub devices: Vec<String>,
    /// How many changes it made to the agreement.
    pub changes: usize,
}

/// How one agreement changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementChange {
    /// The agreement id.
    pub id: String,
    /// Its title (the later one, or the last one it had).
    pub title: String,
    /// How it changed.
    pub kind: ChangeKind,
    /// How it changed, in Dutch.
    pub kind_label: String,
    /// The title change.
    pub title_change: Option<Change<String>>,
    /// The body's text difference, when the body changed (for an added
    /// agreement: all of it added).
    pub body: Option<Vec<TextPiece>>,
    /// The status change.
    pub status: Option<Change<Option<AgreementStatus>>>,
    /// The responsible partners before and after.
    pub owners: Option<Change<Vec<String>>>,
    /// The review date before and after.
    pub review_date: Option<Change<Option<String>>>,
    /// The outcome statement before and after (left out when it did not
    /// change, so earlier snapshots export as they did).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Change<String>>,
    /// Changed positions, by partner id.
    pub positions: Vec<PositionChange>,
    /// Who made the changes, from the history.
    pub by: Vec<Contributor>,
}

/// The agreements' changes from `from` to `to`.
pub fn agreements_diff(
    alliance: &mut Alliance,
    from: &[ChangeHash],
    to: &[ChangeHash],
) -> AgreementsDiff {
    let before_view = alliance.view_at(from);
    let after_view = alliance.view_at(to);
    let names: HashMap<String, String> = before_view
        .partners
        .iter()
        .chain(&after_view.partners)
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let (before, after) = (before_view.agreements, after_view.agreements);
    let entries = changes_between(alliance, from, to);
    let change_of =
        |b: Option<&AgreementView>, a: Option<&AgreementView>| compare(b, a, &entries, &names);
    let old: HashMap<&str, &AgreementView> = before.iter().map(|a| (a.id.as_str(), a)).collect();
    let new_ids: HashSet<&str> = after.iter().map(|a| a.id.as_str()).collect();
    let mut agreements: Vec<AgreementChange> = after
        .iter()
        .filter_map(|a| change_of(old.get(a.id.as_str()).copied(), Some(a)))
        .collect();
    agreements.extend(
        before
            .iter()
            .filter(|a| !new_ids.contains(a.id.as_str()))
            .filter_map(|a| change_of(Some(a), None)),
    );
    AgreementsDiff { agreements }
}

/// The history entries of the changes in `to` that are not in `from`.
fn changes_between(
    alliance: &mut Alliance,
    from: &[ChangeHash],
    to: &[ChangeHash],
) -> Vec<HistoryEntry> {
    let deps = dependency_graph(alliance);
    let before = ancestors(&deps, from);
    let after = ancestors(&deps, to);
    alliance
        .history()
        .into_iter()
        .filter(|e| after.contains(&e.hash) && !before.contains(&e.hash))
        .collect()
}

/// Whether the version `earlier` is contained in the version `heads`: every
/// change of `earlier` is one of `heads` or an ancestor of them.
pub fn contains(alliance: &mut Alliance, heads: &[ChangeHash], earlier: &[ChangeHash]) -> bool {
    let deps = dependency_graph(alliance);
    let ancestors = ancestors(&deps, heads);
    earlier.iter().all(|h| ancestors.contains(&h.to_string()))
}

/// Change hash → the hashes it depends on, for every change.
fn dependency_graph(alliance: &mut Alliance) -> HashMap<String, Vec<String>> {
    alliance
        .document_mut()
        .get_changes_meta(&[])
        .into_iter()
        .map(|c| {
            let deps = c.deps.iter().map(ToString::to_string).collect();
            (c.hash.to_string(), deps)
        })
        .collect()
}

/// Every change in `heads` and everything they depend on.
fn ancestors(deps: &HashMap<String, Vec<String>>, heads: &[ChangeHash]) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut stack: Vec<String> = heads.iter().map(ToString::to_string).collect();
    while let Some(hash) = stack.pop() {
        if seen.insert(hash.clone())
            && let Some(parents) = deps.get(&hash)
        {
            stack.extend(parents.iter().cloned());
        }
    }
    seen
}

fn compare(
    before: Option<&AgreementView>,
    after: Option<&AgreementView>,
    entries: &[HistoryEntry],
    names: &HashMap<String, String>,
) -> Option<AgreementChange> {
    let any = after.or(before)?;
    let kind = match (before, after) {
        (None, _) => ChangeKind::Added,
        (_, None) => ChangeKind::Removed,
        (Some(b), Some(a))
            if a.status == AgreementStatus::Withdrawn && b.status != AgreementStatus::Withdrawn =>
        {
            ChangeKind::Withdrawn
        }
        _ => ChangeKind::Changed,
    };
    let field = |f: fn(&AgreementView) -> String| (before.map(f), after.map(f));
    let (title_before, title_after) = field(|a| a.title.clone());
    let (body_before, body_after) = field(|a| a.body.clone());
    let change = AgreementChange {
        id: any.id.clone(),
        title: any.title.clone(),
        kind,
        kind_label: kind.label_nl().to_owned(),
        title_change: changed(&title_before, &title_after)
            .filter(|_| before.is_some() && after.is_some())
            .map(|_| Change {
                before: title_before.clone().unwrap_or_default(),
                after: title_after.clone().unwrap_or_default(),
            }),
        body: (body_before != body_after).then(|| {
            word_diff(
                body_before.as_deref().unwrap_or(""),
                body_after.as_deref().unwrap_or(""),
            )
        }),
        status: changed(&before.map(|a| a.status), &after.map(|a| a.status)),
        owners: changed(
            &before.map(|a| a.owners.clone()).unwrap_or_default(),
            &after.map(|a| a.owners.clone()).unwrap_or_default(),
        ),
        review_date: changed(
            &before.and_then(|a| a.review_date.clone()),
            &after.and_then(|a| a.review_date.clone()),
        ),
        outcome: changed(
            &before.map(|a| a.outcome.clone()).unwrap_or_default(),
            &after.map(|a| a.outcome.clone()).unwrap_or_default(),
        ),
        positions: position_changes(before, after, names),
        by: contributors(&any.id, entries),
    };
    let unchanged = change.title_change.is_none()
        && change.body.is_none()
        && change.status.is_none()
        && change.owners.is_none()
        && change.review_date.is_none()
        && change.outcome.is_none()
        && change.positions.is_empty();
    (kind != ChangeKind::Changed || !unchanged).then_some(change)
}

fn changed<T: Clone + PartialEq>(before: &T, after: &T) -> Option<Change<T>> {
    (before != after).then(|| Change {
        before: before.clone(),
        after: after.clone(),
    })
}

fn position_changes(
    before: Option<&AgreementView>,
    after: Option<&AgreementView>,
    names: &HashMap<String, String>,
) -> Vec<PositionChange> {
    let empty = BTreeMap::new();
    let old = before.map_or(&empty, |a| &a.positions);
    let new = after.map_or(&empty, |a| &a.positions);
    let partners: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    partners
        .into_iter()
        .filter(|p| old.get(*p) != new.get(*p))
        .map(|p| PositionChange {
            partner: p.clone(),
            partner_name: names.get(p.as_str()).cloned().unwrap_or_else(|| p.clone()),
            before: old.get(p).cloned(),
            after: new.get(p).cloned(),
        })
        .collect()
}

/// The partners whose changes in `entries` concern agreement `id`, by the
/// messages the changes carry.
fn contributors(id: &str, entries: &[HistoryEntry]) -> Vec<Contributor> {
    let needle = format!("agreement {id}");
    let mut by: Vec<Contributor> = Vec::new();
    for entry in entries.iter().filter(|e| e.message.contains(&needle)) {
        let index = match by.iter().position(|c| c.partner == entry.partner) {
            Some(index) => index,
            None => {
                by.push(Contributor {
                    partner: entry.partner.clone(),
                    partner_name: entry.partner_name.clone(),
                    devices: Vec::new(),
                    changes: 0,
                });
                by.len() - 1
            }
        };
        let contributor = &mut by[index];
        contributor.changes += 1;
        if let Some(device) = &entry.device
            && !contributor.devices.contains(device)
        {
            contributor.devices.push(device.clone());
            contributor.devices.sort();
        }
    }
    by
}

/// The largest number of token pairs compared; longer texts are shown as
/// wholly replaced.
const MAX_DIFF_CELLS: usize = 4_000_000;

/// A word-level difference between two texts: words and the whitespace
/// between them are the units, compared by longest common subsequence.
pub fn word_diff(before: &str, after: &str) -> Vec<TextPiece> {
    let old = tokens(before);
    let new = tokens(after);
    if old.len().saturating_mul(new.len()) > MAX_DIFF_CELLS {
        let mut pieces = Vec::new();
        push(&mut pieces, PieceOp::Removed, before);
        push(&mut pieces, PieceOp::Added, after);
        return pieces;
    }
    let (n, m) = (old.len(), new.len());
    // lcs[i][j]: length of the common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut pieces = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            push(&mut pieces, PieceOp::Same, old[i]);
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            push(&mut pieces, PieceOp::Removed, old[i]);
            i += 1;
        } else {
            push(&mut pieces, PieceOp::Added, new[j]);
            j += 1;
        }
    }
    pieces
}

/// Splits text into words and whitespace runs.
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (index, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            tokens.push(&text[start..index]);
            start = index;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        tokens.push(&text[start..]);
    }
    tokens
}

/// Appends text, merging it into the last piece when the operation is the
/// same.
fn push(pieces: &mut Vec<TextPiece>, op: PieceOp, text: &str) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ => pieces.push(TextPiece {
            op,
            text: text.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(pieces: &[TextPiece]) -> String {
        pieces
            .iter()
            .map(|p| match p.op {
                PieceOp::Same => p.text.clone(),
                PieceOp::Added => format!("{{+{}+}}", p.text),
                PieceOp::Removed => format!("[-{}-]", p.text),
            })
            .collect()
    }

    #[test]
    fn word_diff_marks_added_and_removed_words() {
        let pieces = word_diff("Eén wijkteam per wijk", "Eén sterk wijkteam per stadsdeel");
        assert_eq!(
            show(&pieces),
            "Eén {+sterk +}wijkteam per [-wijk-]{+stadsdeel+}"
        );
    }

    #[test]
    fn word_diff_of_equal_and_empty_texts() {
        assert_eq!(show(&word_diff("a b", "a b")), "a b");
        assert_eq!(
            show(&word_diff("de school.", "de school en het buurthuis.")),
            "de [-school.-]{+school en het buurthuis.+}"
        );
        assert_eq!(show(&word_diff("", "nieuw")), "{+nieuw+}");
        assert_eq!(show(&word_diff("oud", "")), "[-oud-]");
        assert!(word_diff("", "").is_empty());
    }
}
