//! Published addresses ("bereikbaar via"): only a partner's own devices
//! publish them, and only for its own devices.

use automerge::transaction::Transactable;
use automerge::{ObjType, ReadDoc, Value};

use super::reachable::REACHABLE;
use super::tests::{actor_of, two_partner_alliance};
use super::*;

fn reachable_of(alliance: &mut Alliance, partner: &str) -> Vec<String> {
    alliance
        .view()
        .partners
        .into_iter()
        .find(|p| p.id == partner)
        .map(|p| p.reachable_at)
        .unwrap_or_default()
}

#[test]
fn a_partner_publishes_and_withdraws_an_address_of_its_own_device() {
    let (mut alliance, gemeente, _) = two_partner_alliance();
    let (stored, new) = alliance
        .publish_address(&gemeente, "/ip4/203.0.113.7/tcp/4001")
        .expect("publish");
    assert!(new);
    assert_eq!(
        stored,
        format!("/ip4/203.0.113.7/tcp/4001/p2p/{}", gemeente.device)
    );
    let before = alliance.heads();
    let (again, new) = alliance
        .publish_address(&gemeente, &stored)
        .expect("publish again");
    assert_eq!((again.as_str(), new), (stored.as_str(), false));
    assert_eq!(alliance.heads(), before, "publishing again writes nothing");
    assert_eq!(
        reachable_of(&mut alliance, &gemeente.partner_id),
        vec![stored.clone()]
    );
    alliance
        .withdraw_address(&gemeente, &stored)
        .expect("withdraw");
    assert!(reachable_of(&mut alliance, &gemeente.partner_id).is_empty());
    assert!(matches!(
        alliance.withdraw_address(&gemeente, &stored),
        Err(ModelError::NotFound { .. })
    ));
}

#[test]
fn an_address_that_is_not_an_own_device_is_refused() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    assert!(matches!(
        alliance.publish_address(&zorg, "  "),
        Err(ModelError::Empty(_))
    ));
    let problem = |result: Result<(String, bool), ModelError>| match result {
        Err(ModelError::BadAddress { problem, .. }) => problem,
        other => panic!("expected a refused address, got {other:?}"),
    };
    let of_gemeente = format!("/ip4/203.0.113.7/tcp/4001/p2p/{}", gemeente.device);
    assert_eq!(
        problem(alliance.publish_address(&zorg, &of_gemeente)),
        AddressProblem::NotOwnDevice
    );
    assert_eq!(
        problem(alliance.publish_address(&zorg, "bij het gemeentehuis")),
        AddressProblem::Malformed
    );
    let circuit = format!("{of_gemeente}/p2p-circuit/p2p/{}", zorg.device);
    assert_eq!(
        problem(alliance.publish_address(&zorg, &circuit)),
        AddressProblem::Circuit
    );
    assert!(reachable_of(&mut alliance, &zorg.partner_id).is_empty());
}

#[test]
fn a_forged_address_in_another_partners_list_does_not_count() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let (honest, _) = alliance
        .publish_address(&gemeente, "/ip4/203.0.113.7/tcp/4001")
        .expect("publish");
    // The care provider's program writes into the municipality's list,
    // pointing the others at a device of its own.
    let mut forger = Alliance::from_document(alliance.document().clone(), actor_of(&zorg.device))
        .expect("replica");
    let forged = format!("/ip4/198.51.100.9/tcp/4001/p2p/{}", zorg.device);
    let doc = forger.document_mut();
    let partners = match doc.get(automerge::ROOT, "partners") {
        Ok(Some((Value::Object(ObjType::Map), id))) => id,
        other => panic!("partners map: {other:?}"),
    };
    let own = match doc.get(&partners, gemeente.partner_id.as_str()) {
        Ok(Some((Value::Object(ObjType::Map), id))) => id,
        other => panic!("partner object: {other:?}"),
    };
    let replaced = doc
        .put_object(&own, REACHABLE, ObjType::Map)
        .expect("forge");
    doc.put(&replaced, forged.as_str(), true).expect("forge");
    doc.commit();
    alliance
        .document_mut()
        .merge(forger.document_mut())
        .expect("merge");
    assert_eq!(
        reachable_of(&mut alliance, &gemeente.partner_id),
        vec![honest]
    );
}
