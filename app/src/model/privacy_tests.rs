//! Personal data kept out: edits that add a citizen service number are
//! refused and leave nothing behind; likely personal data waits for the
//! user's confirmation; what others wrote is shown masked.

use super::tests::{replica_of, two_partner_alliance};
use automerge::ReadDoc;
use automerge::transaction::Transactable;

use super::*;

#[test]
fn an_edit_adding_a_bsn_is_refused_and_leaves_the_alliance_as_it_was() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Eén loket", "Voor iedereen")
        .expect("add");
    let heads = alliance.heads();
    let body = TextField::AgreementBody(id.clone());
    for refused in [
        alliance
            .add_agreement(&founder, "Cliënt 123456782", "")
            .map(drop),
        alliance
            .add_interest(&founder, "Dossier 1234.56.782 eerst", false)
            .map(drop),
        alliance.edit_text(&founder, &body, "Voor iedereen, bsn 111222333"),
        alliance.edit_text(&founder, &TextField::Ambition, "123 456 782"),
    ] {
        assert!(
            matches!(refused, Err(ModelError::CitizenServiceNumber(ref hint)) if !hint.contains("3456")),
            "{refused:?}"
        );
        assert_eq!(alliance.heads(), heads, "nothing was written");
    }
    assert_eq!(
        alliance.text(&TextField::AgreementBody(id.clone())),
        "Voor iedereen"
    );
    // A number that fails the eleven test is no BSN.
    alliance
        .add_agreement(&founder, "Zaak 123456789", "")
        .expect("not a BSN");
    // The alliance still works after a refusal.
    alliance
        .edit_text(
            &founder,
            &TextField::AgreementBody(id),
            "Voor iedereen in de wijk",
        )
        .expect("edit");
}

#[test]
fn likely_personal_data_waits_for_confirmation_and_then_passes() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let heads = alliance.heads();
    let refused = alliance.add_interest(&founder, "Mail info@gemeente-zwolle.nl", false);
    let Err(ModelError::LikelyPersonalData(findings)) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(findings[0].kind, privacy::FindingKind::Email);
    assert_eq!(alliance.heads(), heads);
    alliance.confirm_not_personal(findings.into_iter().map(|f| f.text));
    alliance
        .add_interest(&founder, "Mail info@gemeente-zwolle.nl", false)
        .expect("confirmed");
    // Another address still asks; a BSN is never confirmed away.
    assert!(
        alliance
            .add_interest(&founder, "Bel 06-12345678", false)
            .is_err()
    );
    alliance.confirm_all_not_personal();
    alliance
        .add_interest(&founder, "Bel 06-12345678", false)
        .expect("all confirmed");
    assert!(matches!(
        alliance.add_interest(&founder, "BSN 123456782", false),
        Err(ModelError::CitizenServiceNumber(_))
    ));
}

#[test]
fn editing_around_an_earlier_finding_asks_nothing_new() {
    let (mut alliance, founder, _) = two_partner_alliance();
    alliance.confirm_all_not_personal();
    let id = alliance
        .add_agreement(&founder, "Loket", "Mail loket@zwolle.nl voor vragen")
        .expect("add");
    let mut fresh = replica_of(alliance.document_mut().clone());
    fresh
        .edit_text(
            &founder,
            &TextField::AgreementBody(id),
            "Mail loket@zwolle.nl voor al uw vragen",
        )
        .expect("the address was there before");
}

#[test]
fn a_bsn_written_by_a_modified_program_is_shown_masked() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Loket", "Tekst")
        .expect("add");
    // Written around the model, as a modified program could.
    let doc = alliance.document_mut();
    let agreements = doc.get(automerge::ROOT, "agreements").unwrap().unwrap().1;
    let item = doc.get(&agreements, id.as_str()).unwrap().unwrap().1;
    doc.put(&item, "title", "Cliënt 123456782").unwrap();
    doc.commit();
    let view = alliance.view();
    let agreement = view
        .agreements
        .iter()
        .find(|a| a.id == id)
        .expect("agreement");
    assert_eq!(agreement.title, format!("Cliënt {}", privacy::MASK));
    assert!(!serde_json::to_string(&view).unwrap().contains("123456782"));
    assert_eq!(privacy::masked_texts(&view), 1);
}
