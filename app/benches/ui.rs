//! `cargo bench --bench ui`: the desktop client's time per frame, headless,
//! for an alliance with 1,000 agreements and 20 partners, on its agreements
//! screen: idle, and while a remote partner's changes stream in (one batch
//! merged per frame). A frame is the window's whole update (taking in
//! updates, merging, refreshing the view from patches, laying out) plus
//! tessellation; painting on the GPU is not included.
//!
//! Prints JSON lines:
//! `{"bench":"frame","mode":"idle","agreements":1000,"partners":20,"frames":…,"median_ms":…,"p99_ms":…}`,
//! and for comparison the cost of re-reading the whole document once
//! (`{"bench":"full_view_rebuild",…}`), which is what each frame would cost
//! without the patch-driven view.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::Instant;

use automerge::ActorId;
use rondetafel::gui::{Backend, Preferences, RondetafelApp, Section, Update};
use rondetafel::local::Profile;
use rondetafel::model::{
    AgreementEdit, AgreementStatus, Alliance, Author, Organisation, PartnerKind, Stance, TextField,
};
use rondetafel_sync::DeviceSigner;
use serde_json::json;

const AGREEMENTS: usize = 1_000;
const PARTNERS: usize = 20;
const FRAMES: usize = 300;

fn main() {
    let (mut alliance, authors, profile, keys) = build_alliance();
    let id = alliance.id().to_owned();
    let mut remote = fork(&mut alliance, &keys);
    let (backend, service) = Backend::detached();
    let mut app = RondetafelApp::new(backend, Preferences::default());
    let actor = ActorId::random();
    service
        .updates
        .send(Update::Ready {
            profile: Some(Box::new(profile)),
            device: authors[0].device.clone(),
            actor,
            alliances: vec![alliance.document().clone()],
            warnings: Vec::new(),
            data_dir: std::env::temp_dir(),
            carried: Vec::new(),
        })
        .expect("send");
    let ctx = egui::Context::default();
    frame(&ctx, &mut app);
    assert!(app.open(&id, Section::Agreements), "the alliance is open");
    for _ in 0..10 {
        frame(&ctx, &mut app);
    }

    let idle: Vec<f64> = (0..FRAMES).map(|_| frame(&ctx, &mut app)).collect();
    report("idle", &idle);

    let partner = &authors[1];
    let ids: Vec<String> = remote
        .view()
        .agreements
        .iter()
        .map(|a| a.id.clone())
        .collect();
    let mut streaming = Vec::with_capacity(FRAMES);
    for index in 0..FRAMES {
        let changes = remote_change(&mut remote, &ids, partner, index);
        service
            .updates
            .send(Update::Changes {
                alliance: id.clone(),
                changes,
            })
            .expect("send");
        streaming.push(frame(&ctx, &mut app));
    }
    report("remote-changes", &streaming);

    let rebuilds: Vec<f64> = (0..20)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(remote.view());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let (median, p99) = percentiles(&rebuilds);
    println!(
        "{}",
        json!({"bench": "full_view_rebuild", "agreements": AGREEMENTS, "partners": PARTNERS, "median_ms": round(median), "p99_ms": round(p99)})
    );
}

/// Runs one frame and returns its duration in milliseconds.
fn frame(ctx: &egui::Context, app: &mut RondetafelApp) -> f64 {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    let start = Instant::now();
    let output = ctx.run_ui(input, |ui| app.show(ui));
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives);
    start.elapsed().as_secs_f64() * 1000.0
}

/// One batch of a partner's edits: a position, a body edit, or a status.
fn remote_change(remote: &mut Alliance, ids: &[String], partner: &Author, index: usize) -> Vec<u8> {
    let before = remote.heads();
    let agreement = ids[(index * 7) % ids.len()].clone();
    match index % 3 {
        0 => remote
            .set_position(partner, &agreement, Stance::Reservations, "na overleg")
            .expect("position"),
        1 => {
            let field = TextField::AgreementBody(agreement);
            let text = format!("{} (aangevuld {index})", remote.text(&field));
            remote.edit_text(partner, &field, &text).expect("body");
        }
        _ => {
            let edit = AgreementEdit {
                review_date: Some(Some(format!("2027-{:02}-01", index % 12 + 1))),
                ..AgreementEdit::default()
            };
            remote
                .edit_agreement(partner, &agreement, &edit)
                .expect("review date");
        }
    }
    remote.document_mut().save_after(&before)
}

/// An alliance of `PARTNERS` partners and `AGREEMENTS` agreements, each with
/// three positions.
fn build_alliance() -> (Alliance, Vec<Author>, Profile, Vec<(DeviceSigner, String)>) {
    let organisations: Vec<Organisation> = (0..PARTNERS)
        .map(|i| Organisation {
            partner_id: format!("partner{i:02}"),
            name: format!("Partner {i}"),
            kind: PartnerKind::ALL[i % PartnerKind::ALL.len()],
            roles: Vec::new(),
        })
        .collect();
    let keys = devices(PARTNERS);
    let authors: Vec<Author> = organisations
        .iter()
        .zip(&keys)
        .map(|(o, (_, device))| Author {
            partner_id: o.partner_id.clone(),
            device: device.clone(),
        })
        .collect();
    let mut alliance = Alliance::create(
        "Benchmarkalliantie",
        "Duizend afspraken",
        &organisations[0],
        &authors[0].device,
        keys[0].0.new_actor(),
    )
    .expect("create");
    for (signer, _) in &keys {
        alliance.add_device(signer.new_actor());
    }
    for (organisation, author) in organisations.iter().zip(&authors).skip(1) {
        alliance
            .admit_partner(&authors[0], organisation, &author.device)
            .expect("admit");
    }
    for i in 0..AGREEMENTS {
        let id = alliance
            .add_agreement(
                &authors[i % PARTNERS],
                &format!("Afspraak {i}"),
                &format!("De partners spreken af dat punt {i} wordt uitgevoerd."),
            )
            .expect("agreement");
        for author in authors.iter().skip(i % 5).take(3) {
            alliance
                .set_position(author, &id, Stance::Agree, "")
                .expect("position");
        }
        if i % 10 == 0 {
            let edit = AgreementEdit {
                status: Some(AgreementStatus::Proposed),
                ..AgreementEdit::default()
            };
            alliance
                .edit_agreement(&authors[0], &id, &edit)
                .expect("status");
        }
    }
    let profile = Profile {
        partner_id: organisations[0].partner_id.clone(),
        organisation: organisations[0].name.clone(),
        kind: organisations[0].kind,
        roles: Vec::new(),
    };
    (alliance, authors, profile, keys)
}

/// Another replica, able to write as every partner's device.
fn fork(alliance: &mut Alliance, keys: &[(DeviceSigner, String)]) -> Alliance {
    let bytes = alliance.document_mut().save();
    let doc = automerge::AutoCommit::load(&bytes).expect("load");
    let mut fork = Alliance::from_document(doc, ActorId::random()).expect("fork");
    for (signer, _) in keys {
        fork.add_device(signer.new_actor());
    }
    fork
}

/// A key per partner, with its device's peer id.
fn devices(count: usize) -> Vec<(DeviceSigner, String)> {
    (0..count)
        .map(|_| {
            let signer =
                DeviceSigner::from_keypair(&rondetafel_sync::identity::Keypair::generate_ed25519())
                    .expect("ed25519");
            let device = rondetafel_sync::signing::device_peer(&signer.new_actor())
                .expect("signed")
                .to_string();
            (signer, device)
        })
        .collect()
}

fn report(mode: &str, frames: &[f64]) {
    let (median, p99) = percentiles(frames);
    println!(
        "{}",
        json!({"bench": "frame", "mode": mode, "agreements": AGREEMENTS, "partners": PARTNERS, "frames": frames.len(), "median_ms": round(median), "p99_ms": round(p99)})
    );
}

fn percentiles(samples: &[f64]) -> (f64, f64) {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

fn round(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}
