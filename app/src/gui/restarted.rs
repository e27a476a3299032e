//! What the window does when an alliance restarts on a new epoch: it drops
//! the old copy, takes the new one (now, or once it arrives), keeps this
//! device's edits from before the restart with it for review, and says so.

use automerge::AutoCommit;

use super::app::{Session, add_alliance};
use super::i18n::{Texts, count, fill};
use super::notice::Notice;
use super::screens::{AllianceScreen, Section};
use crate::model::epoch::CarriedEdit;

/// Replaces the alliance `previous` by its new epoch `document` (when it is
/// here yet), with this device's edits `carried` from before the restart.
pub(crate) fn alliance_restarted(
    texts: &Texts,
    session: &mut Session,
    previous: &str,
    document: Option<AutoCommit>,
    carried: Vec<CarriedEdit>,
    notices: &mut Vec<Notice>,
) {
    let words = texts.erasure();
    let old_name = session
        .alliances
        .iter()
        .find(|a| a.id() == previous)
        .map(|a| a.view().name.clone());
    session.alliances.retain(|a| a.id() != previous);
    let was_open = session
        .open
        .as_ref()
        .is_some_and(|s| s.alliance_id() == previous);
    let Some(document) = document else {
        if was_open {
            session.open = None;
        }
        if let Some(name) = old_name {
            notices.push(Notice::info(fill(words.restarted_waiting, &[&name])));
        }
        return;
    };
    let Some(id) = add_alliance(texts, session, document, notices) else {
        return;
    };
    let waiting = carried.len();
    let mut name = old_name.unwrap_or_default();
    if let Some(state) = session.alliances.iter_mut().find(|a| a.id() == id) {
        name = state.view().name.clone();
        state.set_carried(carried);
    }
    if was_open || waiting > 0 {
        let mut screen = AllianceScreen::new(id);
        if waiting > 0 {
            screen.select(Section::Partners);
        }
        session.open = Some(screen);
    }
    let mut message = fill(words.restarted, &[&name]);
    if waiting > 0 {
        message = format!("{message} {}", count(words.restarted_carried, waiting));
    }
    notices.push(Notice::info(message));
}

/// The edits from before a restart were written in or let go.
pub(crate) fn carried_settled(
    texts: &Texts,
    session: &mut Session,
    alliance: &str,
    applied: usize,
    notices: &mut Vec<Notice>,
) {
    if let Some(state) = session.alliances.iter_mut().find(|a| a.id() == alliance) {
        state.set_carried(Vec::new());
    }
    let words = texts.erasure();
    notices.push(Notice::info(if applied > 0 {
        count(words.carried_applied, applied)
    } else {
        words.carried_discarded.to_owned()
    }));
}
