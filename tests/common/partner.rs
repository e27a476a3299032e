//! Partners for in-process tests: a device key, the author it edits as, and
//! its organisation, and an alliance that admits them all.

use automerge::ActorId;
use rondetafel::model::{Alliance, Author, Organisation, PartnerKind};
use rondetafel_sync::identity::Keypair;

/// One partner with one device.
pub struct Partner {
    /// The device's key; its peer id is the device.
    pub keypair: Keypair,
    /// Who edits.
    pub author: Author,
    /// The organisation.
    pub organisation: Organisation,
}

impl Partner {
    /// A fresh signed actor of this partner's device (one per copy of a
    /// document, as one per process run).
    pub fn actor(&self) -> ActorId {
        rondetafel_sync::DeviceSigner::from_keypair(&self.keypair)
            .expect("ed25519")
            .new_actor()
    }
}

/// A partner called `name` of `kind`, with a fresh device key.
pub fn partner(name: &str, kind: PartnerKind) -> Partner {
    let keypair = Keypair::generate_ed25519();
    let partner_id = rondetafel::model::ids::random_id(8);
    Partner {
        author: Author {
            partner_id: partner_id.clone(),
            device: keypair.public().to_peer_id().to_string(),
        },
        organisation: Organisation {
            partner_id,
            name: name.to_owned(),
            kind,
            roles: Vec::new(),
        },
        keypair,
    }
}

/// An alliance founded by the first of `partners`, who admits the others.
pub fn alliance_of(name: &str, partners: &[Partner]) -> Alliance {
    let founder = &partners[0];
    let mut alliance = Alliance::create(
        name,
        "",
        &founder.organisation,
        &founder.author.device,
        founder.actor(),
    )
    .expect("create");
    for p in &partners[1..] {
        alliance
            .admit_partner(&founder.author, &p.organisation, &p.author.device)
            .expect("admit");
    }
    alliance
}
