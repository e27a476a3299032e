//! The "shared agreements" workload of the automerge-repo peer benchmark,
//! run through the Rondetafel model: a base alliance with 20 agreements of
//! ~2,000 characters, then edits of one change each with the same mix:
//! 50% insert a word into a body, 12% delete 1–8 characters of a body,
//! 12% set a status, 10% set the responsible partner, 6% retitle, 5% bump
//! the review date and status together, 5% add an agreement with a
//! ~300-character body. Like the peer's editor, it tracks body lengths
//! itself and never reads text back.

#![allow(dead_code, unreachable_pub, clippy::expect_used, clippy::unwrap_used)]

use automerge::ActorId;
use rondetafel::model::{
    AgreementEdit, AgreementStatus, Alliance, Author, Organisation, PartnerKind,
};
use rondetafel_sync::DeviceSigner;
use rondetafel_sync::identity::Keypair;

const WORDS: &str = "the parties agree that each member organisation shall contribute funding \
    resources and staff time to the joint programme subject to board approval \
    and annual review including reporting obligations data sharing terms \
    confidentiality liability indemnity termination notice period dispute \
    resolution governing law schedule annex amendment signature witness";

/// A small deterministic generator (mulberry32, as the peer uses).
pub struct Rng(u32);

impl Rng {
    pub fn new(seed: u32) -> Self {
        Rng(seed)
    }

    pub fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_f64() * n as f64) as usize
    }

    fn word(&mut self) -> &'static str {
        let words: Vec<&'static str> = WORDS.split_whitespace().collect();
        words[self.below(words.len())]
    }

    fn sentence(&mut self, words: usize) -> String {
        (0..words)
            .map(|_| self.word())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn paragraph(&mut self, chars: usize) -> String {
        let mut text = String::new();
        while text.len() < chars {
            let words = 8 + self.below(10);
            text.push_str(&self.sentence(words));
            text.push_str(". ");
        }
        text.truncate(chars);
        text
    }
}

/// The partners of the benchmark alliance: `count` organisations.
pub fn organisations(count: usize) -> Vec<Organisation> {
    (0..count)
        .map(|i| Organisation {
            partner_id: format!("{i:016x}"),
            name: format!("Partner {i}"),
            kind: PartnerKind::ALL[i % PartnerKind::ALL.len()],
            roles: Vec::new(),
        })
        .collect()
}

/// The author acting for partner `i` through `device`.
pub fn author(i: usize, device: &str) -> Author {
    Author {
        partner_id: format!("{i:016x}"),
        device: device.to_owned(),
    }
}

/// Device keys for benchmarks that do not use the network: each signer
/// with its device's peer id.
#[allow(dead_code)]
pub fn devices(count: usize) -> Vec<(DeviceSigner, String)> {
    (0..count)
        .map(|_| {
            let signer = DeviceSigner::from_keypair(&Keypair::generate_ed25519()).expect("ed25519");
            let device = rondetafel_sync::signing::device_peer(&signer.new_actor())
                .expect("signed actor")
                .to_string();
            (signer, device)
        })
        .collect()
}

/// The base alliance: one partner per device (at least two), 20 agreements
/// with ~2,000-character bodies. The editors' responsible-partner edits pick
/// among the first two partners.
pub fn base(
    founder_actor: ActorId,
    devices: &[String],
    agreements: usize,
    body_chars: usize,
) -> (Alliance, Vec<String>) {
    let orgs = organisations(devices.len());
    let founder = author(0, &devices[0]);
    let mut alliance = Alliance::create("Benchmark", "", &orgs[0], &founder.device, founder_actor)
        .expect("create");
    for (i, org) in orgs.iter().enumerate().skip(1) {
        alliance
            .admit_partner(&founder, org, &devices[i])
            .expect("partner");
    }
    let mut rng = Rng::new(42);
    let ids = (0..agreements)
        .map(|i| {
            let title = format!("Agreement {i}: {}", rng.sentence(4));
            let body = rng.paragraph(body_chars);
            alliance
                .add_agreement(&founder, &title, &body)
                .expect("agreement")
        })
        .collect();
    (alliance, ids)
}

/// A base alliance of two partners in one replica, and an editor making
/// the second partner's edits in it (seed 7).
pub fn second_partner_editing(agreements: usize, body_chars: usize) -> (Alliance, Editor) {
    let keys = devices(2);
    let names: Vec<String> = keys.iter().map(|(_, d)| d.clone()).collect();
    let (mut alliance, ids) = base(keys[0].0.new_actor(), &names, agreements, body_chars);
    alliance.add_device(keys[1].0.new_actor());
    let editor = Editor::new("a", 7, author(1, &names[1]), &ids, body_chars);
    (alliance, editor)
}

/// Applies the workload's edits to one replica.
pub struct Editor {
    rng: Rng,
    side: String,
    author: Author,
    ids: Vec<String>,
    lengths: Vec<usize>,
    revisions: Vec<u32>,
    partners: usize,
}

impl Editor {
    pub fn new(side: &str, seed: u32, author: Author, ids: &[String], body_chars: usize) -> Self {
        Editor {
            rng: Rng::new(seed),
            side: side.to_owned(),
            author,
            ids: ids.to_vec(),
            lengths: vec![body_chars; ids.len()],
            revisions: vec![0; ids.len()],
            partners: 2,
        }
    }

    /// Makes edit number `i`: one change.
    pub fn edit(&mut self, alliance: &mut Alliance, i: usize) {
        let k = self.rng.below(self.ids.len());
        let id = self.ids[k].clone();
        let x = self.rng.next_f64();
        // Not "agreed": the model allows that only once every partner has
        // consented, which this workload never records.
        let status = |rng: &mut Rng| {
            [
                AgreementStatus::Draft,
                AgreementStatus::Proposed,
                AgreementStatus::Withdrawn,
            ][rng.below(3)]
        };
        let result = if x < 0.5 {
            let position = self.rng.below(self.lengths[k] + 1);
            let word = format!("{} ", self.rng.word());
            self.lengths[k] += word.len();
            alliance.splice_agreement_body(&self.author, &id, position, 0, &word)
        } else if x < 0.62 {
            if self.lengths[k] > 10 {
                let position = self.rng.below(self.lengths[k] - 8);
                let delete = 1 + self.rng.below(8);
                self.lengths[k] -= delete;
                alliance.splice_agreement_body(&self.author, &id, position, delete, "")
            } else {
                self.lengths[k] += 6;
                alliance.splice_agreement_body(&self.author, &id, 0, 0, "amend ")
            }
        } else if x < 0.74 {
            let status = status(&mut self.rng);
            alliance.edit_agreement(
                &self.author,
                &id,
                &AgreementEdit {
                    status: Some(status),
                    ..AgreementEdit::default()
                },
            )
        } else if x < 0.84 {
            let owner = format!("{:016x}", self.rng.below(self.partners));
            alliance.edit_agreement(
                &self.author,
                &id,
                &AgreementEdit {
                    owners: Some(vec![owner]),
                    ..AgreementEdit::default()
                },
            )
        } else if x < 0.9 {
            let title = format!("Agreement {k} ({}{i}): {}", self.side, self.rng.sentence(3));
            alliance.edit_agreement(
                &self.author,
                &id,
                &AgreementEdit {
                    title: Some(title),
                    ..AgreementEdit::default()
                },
            )
        } else if x < 0.95 {
            self.revisions[k] += 1;
            let date = format!(
                "2027-{:02}-{:02}",
                1 + self.revisions[k] % 12,
                1 + self.revisions[k] % 28
            );
            let status = status(&mut self.rng);
            alliance.edit_agreement(
                &self.author,
                &id,
                &AgreementEdit {
                    status: Some(status),
                    review_date: Some(Some(date)),
                    ..AgreementEdit::default()
                },
            )
        } else {
            let body = self.rng.paragraph(300);
            let title = format!("Agreement {}-{i}", self.side);
            alliance
                .add_agreement(&self.author, &title, &body)
                .map(|new| {
                    self.ids.push(new);
                    self.lengths.push(300);
                    self.revisions.push(0);
                })
        };
        // The workload never breaks a rule (no objections are recorded).
        result.expect("workload edit");
    }
}
