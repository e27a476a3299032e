//! The course check: hidden answers until the close, who may close, the
//! spread per dimension, follow-up actions, and forged answers.

use automerge::transaction::Transactable;
use automerge::{ObjType, ROOT, ReadDoc};

use super::schema::COURSECHECKS;
use super::tests::{actor_of, days_from_today, replica, two_partner_alliance};
use super::*;

fn all(rating: Rating) -> Vec<NewRating> {
    Dimension::ALL
        .iter()
        .map(|dimension| NewRating {
            dimension: *dimension,
            rating,
            trend: Trend::Same,
            remark: String::new(),
        })
        .collect()
}

#[test]
fn answers_stay_hidden_until_the_round_closes() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let round = alliance
        .open_coursecheck(&gemeente, None, &days_from_today(14))
        .expect("open");
    alliance
        .answer_coursecheck(&gemeente, &round, &all(Rating::Green))
        .expect("answer");
    let mut answers = all(Rating::Orange);
    answers[0].rating = Rating::Red;
    alliance
        .answer_coursecheck(&zorg, &round[..5], &answers[..3])
        .expect("answer part");
    let view = alliance.view();
    let open = &view.coursechecks[0];
    assert_eq!(open.answered_by, vec![gemeente.partner_id.clone()]);
    assert!(open.answers.is_empty() && open.dimensions.is_empty());
    assert_eq!(alliance.own_ratings(&zorg, &round).expect("own").len(), 3);

    assert!(matches!(
        alliance.close_coursecheck(&zorg, &round),
        Err(ModelError::RoundNotDue { .. })
    ));
    alliance
        .close_coursecheck(&gemeente, &round)
        .expect("close");
    assert!(matches!(
        alliance.answer_coursecheck(&zorg, &round, &answers),
        Err(ModelError::RoundClosed)
    ));
    let view = alliance.view();
    let closed = &view.coursechecks[0];
    assert_eq!(closed.answers.len(), 9);
    let ambition = &closed.dimensions[0];
    assert_eq!(ambition.dimension, Dimension::SharedAmbition);
    assert_eq!((ambition.green, ambition.orange, ambition.red), (1, 0, 1));
    assert!(ambition.apart, "green and red: two colours apart");
    assert_eq!(
        ambition.overall,
        Some(Rating::Red),
        "a tie reads as the worse"
    );
    let interests = &closed.dimensions[1];
    assert!(!interests.apart);
    assert_eq!(closed.dimensions[4].overall, Some(Rating::Green));
}

#[test]
fn a_round_needs_sensible_dates_and_closed_rounds_get_at_most_three_actions() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let before = alliance.heads();
    assert!(matches!(
        alliance.open_coursecheck(&gemeente, Some(&days_from_today(10)), &days_from_today(2)),
        Err(ModelError::ClosesBeforeOpening { .. })
    ));
    assert!(matches!(
        alliance.open_coursecheck(&gemeente, None, "31-02-2027"),
        Err(ModelError::BadDate(_))
    ));
    assert_eq!(alliance.heads(), before);
    let later = alliance
        .open_coursecheck(&gemeente, Some(&days_from_today(3)), &days_from_today(9))
        .expect("open later");
    assert!(matches!(
        alliance.answer_coursecheck(&zorg, &later, &all(Rating::Green)),
        Err(ModelError::RoundNotOpenYet(_))
    ));
    let past = alliance
        .open_coursecheck(&gemeente, Some(&days_from_today(-20)), &days_from_today(-1))
        .expect("open past");
    assert!(matches!(
        alliance.add_coursecheck_action(&zorg, &past, "Gesprek", "Gemeente Zwolle", "1-3-2027"),
        Err(ModelError::RoundStillOpen)
    ));
    alliance
        .close_coursecheck(&zorg, &past)
        .expect("any partner closes once the date passed");
    for n in 0..MAX_ACTIONS {
        alliance
            .add_coursecheck_action(
                &zorg,
                &past,
                &format!("Actie {n}"),
                "Gemeente Zwolle",
                "1-3-2027",
            )
            .expect("action");
    }
    assert!(matches!(
        alliance.add_coursecheck_action(&zorg, &past, "Nog een", "Zorggroep Noord", "1-3-2027"),
        Err(ModelError::TooManyActions(3))
    ));
    let view = alliance.view();
    let round = view
        .coursechecks
        .iter()
        .find(|r| r.id == past)
        .expect("round");
    assert_eq!(round.actions.len(), 3);
    assert_eq!(round.actions[0].owner, gemeente.partner_id);
    assert_eq!(round.actions[0].due, "2027-03-01");
}

/// A member's device writes another partner's rating and the opener's
/// dates straight into the document.
#[test]
fn forged_ratings_and_dates_do_not_count() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let round = alliance
        .open_coursecheck(&gemeente, None, &days_from_today(14))
        .expect("open");
    let mut forger = replica(&mut alliance);
    forger.document_mut().set_actor(actor_of(&zorg.device));
    let doc = forger.document_mut();
    let (_, rounds) = doc.get(ROOT, COURSECHECKS).unwrap().unwrap();
    let (_, obj) = doc.get(&rounds, round.as_str()).unwrap().unwrap();
    doc.put(&obj, "closes", "2030-01-01").unwrap();
    let (_, answers) = doc.get(&obj, "answers").unwrap().unwrap();
    let key = format!("{}:effect", gemeente.partner_id);
    let answer = doc
        .put_object(&answers, key.as_str(), ObjType::Map)
        .unwrap();
    doc.put(&answer, "rating", "red").unwrap();
    doc.put(&answer, "trend", "worse").unwrap();
    doc.commit();
    let view = forger.view();
    assert_eq!(view.coursechecks[0].closes, days_from_today(14));
    assert!(
        forger
            .own_ratings(&gemeente, &round)
            .expect("ratings")
            .is_empty(),
        "a rating in another partner's name does not count"
    );
}
