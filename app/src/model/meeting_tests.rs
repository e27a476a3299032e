//! Meetings: the agenda, attendance by organisation, outcomes, the close
//! and its version, concurrent outcomes, and forged attendance.

use automerge::transaction::Transactable;
use automerge::{ROOT, ReadDoc, ScalarValue};

use super::schema::MEETINGS;
use super::tests::{actor_of, replica, two_partner_alliance};
use super::*;

#[test]
fn a_meeting_goes_from_agenda_to_outcomes_to_a_closed_version() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let wijkteams = alliance
        .add_agreement(&gemeente, "Wijkteams", "Eén wijkteam per wijk")
        .expect("agreement");
    let budget = alliance
        .add_agreement(&zorg, "Budget", "Eén budget")
        .expect("agreement");
    let meeting = alliance
        .start_meeting(&gemeente, Some("Stuurgroep maart"))
        .expect("start");
    alliance
        .add_agenda_item(&gemeente, &meeting, &wijkteams)
        .expect("agenda");
    alliance
        .add_agenda_item(&zorg, &meeting[..6], &budget[..6])
        .expect("agenda by prefixes");
    alliance
        .add_agenda_item(&zorg, &meeting, &budget)
        .expect("adding twice is no error");
    alliance.attend_meeting(&zorg, &meeting).expect("attend");
    alliance.attend_meeting(&zorg, &meeting).expect("again");
    alliance
        .set_position(&zorg, &wijkteams, Stance::Agree, "")
        .expect("position");
    alliance
        .record_outcome(&zorg, &meeting, &wijkteams, "Ingestemd; start 1 april")
        .expect("outcome");
    assert!(matches!(
        alliance.close_meeting(&gemeente, &meeting),
        Err(ModelError::NotPresent)
    ));
    alliance
        .attend_meeting(&gemeente, &meeting)
        .expect("attend");
    alliance
        .remove_agenda_item(&gemeente, &meeting, &budget)
        .expect("remove");
    assert!(matches!(
        alliance.record_outcome(&gemeente, &meeting, &budget, "Later"),
        Err(ModelError::NotOnAgenda)
    ));
    let before_close = alliance.heads();
    let closed = alliance.close_meeting(&gemeente, &meeting).expect("close");
    assert_eq!(
        closed.snapshot,
        ratification::snapshot_id(&before_close),
        "the close cites the version before it"
    );
    assert_eq!(closed.by.as_deref(), Some(gemeente.partner_id.as_str()));
    assert!(matches!(
        alliance.record_outcome(&zorg, &meeting, &wijkteams, "Anders"),
        Err(ModelError::MeetingClosed)
    ));

    let view = alliance.meeting(&meeting).expect("meeting");
    assert_eq!(view.title, "Stuurgroep maart");
    assert_eq!(view.started_by, gemeente.partner_id);
    let agenda: Vec<&str> = view.agenda.iter().map(|i| i.agreement.as_str()).collect();
    assert_eq!(agenda, vec![wijkteams.as_str()]);
    let outcome = view.agenda[0].outcome.as_ref().expect("outcome");
    assert_eq!(outcome.text, "Ingestemd; start 1 april");
    assert_eq!(
        outcome.recorded_by.as_deref(),
        Some(zorg.partner_id.as_str())
    );
    // In order of arrival; both arrived within the same millisecond or
    // not, so compare as a set.
    let mut present: Vec<&str> = view.attendance.iter().map(|a| a.partner.as_str()).collect();
    present.sort();
    let mut expected = vec![zorg.partner_id.as_str(), gemeente.partner_id.as_str()];
    expected.sort();
    assert_eq!(present, expected);
    assert_eq!(alliance.view().meetings, alliance.meetings());
    assert!(
        alliance
            .meeting_close_change(&meeting)
            .expect("close")
            .is_some()
    );
}

#[test]
fn outcomes_written_at_once_on_two_devices_show_as_unsettled() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let agreement = alliance
        .add_agreement(&gemeente, "Wijkteams", "Eén wijkteam per wijk")
        .expect("agreement");
    let meeting = alliance.start_meeting(&gemeente, None).expect("start");
    alliance
        .add_agenda_item(&gemeente, &meeting, &agreement)
        .expect("agenda");
    let mut other = replica(&mut alliance);
    alliance
        .record_outcome(&gemeente, &meeting, &agreement, "Ingestemd")
        .expect("outcome");
    other
        .record_outcome(&zorg, &meeting, &agreement, "Aangehouden")
        .expect("outcome");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    other
        .document_mut()
        .merge(alliance.document_mut())
        .expect("merge");
    let here = alliance.meeting(&meeting).expect("meeting");
    let there = other.meeting(&meeting).expect("meeting");
    assert_eq!(here, there, "every replica reads the same");
    let item = &here.agenda[0];
    assert_eq!(item.outcome_conflicts.len(), 2);
    let mut texts: Vec<&str> = item
        .outcome_conflicts
        .iter()
        .map(|o| o.text.as_str())
        .collect();
    texts.sort();
    assert_eq!(texts, vec!["Aangehouden", "Ingestemd"]);
    alliance
        .record_outcome(&zorg, &meeting, &agreement, "Aangehouden tot april")
        .expect("settle");
    let settled = alliance.meeting(&meeting).expect("meeting");
    assert!(settled.agenda[0].outcome_conflicts.is_empty());
}

/// A member's device writes another partner's presence and the starter's
/// title straight into the document.
#[test]
fn forged_attendance_and_titles_do_not_count() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let meeting = alliance
        .start_meeting(&gemeente, Some("Stuurgroep"))
        .expect("start");
    let mut forger = replica(&mut alliance);
    forger.document_mut().set_actor(actor_of(&zorg.device));
    let doc = forger.document_mut();
    let (_, meetings) = doc.get(ROOT, MEETINGS).unwrap().unwrap();
    let (_, obj) = doc.get(&meetings, meeting.as_str()).unwrap().unwrap();
    doc.put(&obj, "title", "Vervalst").unwrap();
    let (_, attendance) = doc.get(&obj, "attendance").unwrap().unwrap();
    doc.put(
        &attendance,
        gemeente.partner_id.as_str(),
        ScalarValue::Timestamp(0),
    )
    .unwrap();
    doc.commit();
    let view = forger.meeting(&meeting).expect("meeting");
    assert_eq!(view.title, "Stuurgroep");
    assert!(
        view.attendance.is_empty(),
        "presence in another partner's name does not count"
    );
    assert!(matches!(
        forger.close_meeting(&zorg, &meeting),
        Err(ModelError::NotPresent)
    ));
}

#[test]
fn an_empty_title_or_outcome_is_refused_and_writes_nothing() {
    let (mut alliance, gemeente, _) = two_partner_alliance();
    let agreement = alliance
        .add_agreement(&gemeente, "Wijkteams", "Eén wijkteam per wijk")
        .expect("agreement");
    let before = alliance.heads();
    assert!(matches!(
        alliance.start_meeting(&gemeente, Some("  ")),
        Err(ModelError::Empty("the title"))
    ));
    assert_eq!(alliance.heads(), before);
    let meeting = alliance.start_meeting(&gemeente, None).expect("start");
    assert!(
        alliance
            .meeting(&meeting)
            .expect("meeting")
            .title
            .starts_with("Vergadering ")
    );
    alliance
        .add_agenda_item(&gemeente, &meeting, &agreement)
        .expect("agenda");
    assert!(matches!(
        alliance.record_outcome(&gemeente, &meeting, &agreement, ""),
        Err(ModelError::Empty("the outcome"))
    ));
    assert!(matches!(
        alliance.add_agenda_item(&gemeente, &meeting, "bestaat-niet"),
        Err(ModelError::NotFound { .. })
    ));
}

/// A member's device rewrites the version another partner's close cites,
/// replaces that close with its own without having checked in, and closes
/// a second meeting it never attended.
#[test]
fn forged_closes_do_not_count() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let meeting = alliance.start_meeting(&gemeente, None).expect("start");
    let open = alliance.start_meeting(&gemeente, None).expect("start");
    alliance
        .attend_meeting(&gemeente, &meeting)
        .expect("attend");
    alliance.attend_meeting(&gemeente, &open).expect("attend");
    let honest = alliance.close_meeting(&gemeente, &meeting).expect("close");
    let close_change = alliance.meeting_close_change(&meeting).expect("change");

    let mut forger = replica(&mut alliance);
    forger.document_mut().set_actor(actor_of(&zorg.device));
    let doc = forger.document_mut();
    let (_, meetings) = doc.get(ROOT, MEETINGS).unwrap().unwrap();
    let (_, obj) = doc.get(&meetings, meeting.as_str()).unwrap().unwrap();
    let (_, closed) = doc.get(&obj, "closed").unwrap().unwrap();
    doc.put(&closed, "heads", "00".repeat(32).as_str()).unwrap();
    doc.put(&closed, "at", ScalarValue::Timestamp(0)).unwrap();
    doc.commit();
    let rewritten = forger.meeting(&meeting).expect("meeting");
    assert_eq!(
        rewritten.closed.as_ref(),
        Some(&honest),
        "the closer's fields stay"
    );

    let doc = forger.document_mut();
    let replaced = doc
        .put_object(&obj, "closed", automerge::ObjType::Map)
        .unwrap();
    doc.put(&replaced, "heads", "11".repeat(32).as_str())
        .unwrap();
    let (_, other) = doc.get(&meetings, open.as_str()).unwrap().unwrap();
    let forged = doc
        .put_object(&other, "closed", automerge::ObjType::Map)
        .unwrap();
    doc.put(&forged, "heads", "22".repeat(32).as_str()).unwrap();
    doc.commit();

    alliance
        .document_mut()
        .merge(forger.document_mut())
        .expect("merge");
    for replica in [&mut alliance, &mut forger] {
        let view = replica.meeting(&meeting).expect("meeting");
        assert_eq!(
            view.closed.as_ref(),
            Some(&honest),
            "a close by a partner that never checked in does not replace the real one"
        );
        assert_eq!(
            replica.meeting_close_change(&meeting).expect("change"),
            close_change
        );
        assert_eq!(
            replica.meeting(&open).expect("meeting").closed,
            None,
            "a close by a partner that never checked in does not count"
        );
    }
    let ignored: Vec<String> = alliance
        .history()
        .into_iter()
        .flat_map(|h| h.ignored)
        .map(|w| w.path)
        .collect();
    for field in [format!("{meeting}/closed/heads"), format!("{open}/closed")] {
        assert!(
            ignored.iter().any(|p| p.ends_with(&field)),
            "the history names {field} as ignored: {ignored:?}"
        );
    }
    let closed = alliance.close_meeting(&gemeente, &open).expect("close");
    assert_eq!(closed.by.as_deref(), Some(gemeente.partner_id.as_str()));
}

#[test]
fn a_close_is_final_even_for_a_partner_that_was_present() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let meeting = alliance.start_meeting(&gemeente, None).expect("start");
    alliance
        .attend_meeting(&gemeente, &meeting)
        .expect("attend");
    alliance.attend_meeting(&zorg, &meeting).expect("attend");
    let honest = alliance.close_meeting(&gemeente, &meeting).expect("close");
    let close_change = alliance.meeting_close_change(&meeting).expect("change");

    // Zorg was present, and with a modified program deletes the close and
    // then closes the meeting again at another version.
    let mut forger = replica(&mut alliance);
    forger.document_mut().set_actor(actor_of(&zorg.device));
    let doc = forger.document_mut();
    let (_, meetings) = doc.get(ROOT, MEETINGS).unwrap().unwrap();
    let (_, obj) = doc.get(&meetings, meeting.as_str()).unwrap().unwrap();
    doc.delete(&obj, "closed").unwrap();
    doc.commit();
    assert_eq!(
        forger.meeting(&meeting).expect("meeting").closed.as_ref(),
        Some(&honest),
        "deleting the close does not reopen the meeting"
    );
    let doc = forger.document_mut();
    let again = doc
        .put_object(&obj, "closed", automerge::ObjType::Map)
        .unwrap();
    doc.put(&again, "heads", "33".repeat(32).as_str()).unwrap();
    doc.commit();

    alliance
        .document_mut()
        .merge(forger.document_mut())
        .expect("merge");
    for replica in [&mut alliance, &mut forger] {
        assert_eq!(
            replica.meeting(&meeting).expect("meeting").closed.as_ref(),
            Some(&honest),
            "a second close does not replace the first"
        );
        assert_eq!(
            replica.meeting_close_change(&meeting).expect("change"),
            close_change
        );
    }
    let ignored: Vec<String> = alliance
        .history()
        .into_iter()
        .flat_map(|h| h.ignored)
        .map(|w| w.path)
        .collect();
    assert!(
        ignored
            .iter()
            .filter(|p| p.ends_with(&format!("{meeting}/closed")))
            .count()
            >= 2,
        "the history names the deletion and the second close as ignored: {ignored:?}"
    );
}
