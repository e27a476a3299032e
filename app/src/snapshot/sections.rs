//! The sections of a printed snapshot export, written once: the header,
//! the summary, and one numbered section per part of the alliance. Every
//! printed format renders the [`Layout`] this builds.

use super::content::{AgreementEntry, RatificationEntry, SnapshotDocument};
use super::diff::{AgreementChange, Change, PieceOp};
use super::labels::{contributors, or_dash, stance_nl, status_nl};
use super::layout::{Block, Field, Layout, Meta, Numbering, Span, Table, heading};

/// How a board writes its decision by hand when none is recorded yet.
const DECISION_TO_FILL_IN: &str =
    "Besluit (vastgesteld / onder voorwaarden / afgewezen / aangehouden)";

/// Lays out `doc` for the printed formats.
pub(crate) fn layout(doc: &SnapshotDocument) -> Layout {
    let mut blocks = header(doc);
    blocks.extend(summary(doc));
    blocks.push(Block::PageBreak);
    let mut numbering = Numbering::default();
    blocks.extend(parties(doc, &mut numbering));
    blocks.extend(super::collaboration::section(
        &doc.collaboration,
        &mut numbering,
    ));
    blocks.extend(ambition(doc, &mut numbering));
    blocks.extend(agreements(doc, &mut numbering));
    blocks.extend(interests(doc, &mut numbering));
    blocks.extend(super::inputs::section(&doc.inputs, &mut numbering));
    blocks.extend(changes(doc, &mut numbering));
    blocks.extend(ratification(doc, &mut numbering));
    Layout {
        meta: meta(doc),
        blocks,
    }
}

fn meta(doc: &SnapshotDocument) -> Meta {
    let s = &doc.snapshot;
    Meta {
        title: doc.citation.clone(),
        authors: doc.partners.iter().map(|p| p.name.clone()).collect(),
        token: doc.envelope().token(),
        ident: s.id.clone(),
        footer: format!("Snapshot {}", s.id),
        date: s.date.clone(),
        running_head: format!("{} · versie {} · {}", doc.alliance.name, s.label, s.date_nl),
        concept: !doc.vastgesteld,
    }
}

fn header(doc: &SnapshotDocument) -> Vec<Block> {
    let s = &doc.snapshot;
    let status = if doc.vastgesteld {
        "vastgesteld door alle partners"
    } else {
        "nog niet door alle partners vastgesteld"
    };
    let mut blocks = vec![
        Block::Title {
            title: doc.alliance.name.clone(),
            subtitle: format!("Afsprakenset versie {} d.d. {}", s.label, s.date_nl),
        },
        Block::Frame {
            title: None,
            blocks: vec![Block::Fields {
                fields: vec![
                    Field::new("Te citeren als", &doc.citation),
                    Field::new("Snapshot", &s.id),
                    Field::new("Korte aanduiding", &s.short_id),
                    Field::new("Status", status),
                    Field::new("Ondertekening", &doc.provenance.statement),
                ],
            }],
        },
    ];
    if !doc.alliance.description.is_empty() {
        blocks.push(Block::text(&doc.alliance.description));
    }
    blocks
}

/// The one-page summary: agreements × status × each partner's position,
/// and who has not given a position on the current text.
fn summary(doc: &SnapshotDocument) -> Vec<Block> {
    let summary = &doc.summary;
    let mut blocks = vec![heading(1, "Samenvatting")];
    if summary.rows.is_empty() {
        blocks.push(Block::nothing("Geen afspraken."));
        return blocks;
    }
    let mut widths = vec![2.4, 1.0];
    widths.extend(summary.partners.iter().map(|_| 1.0));
    blocks.push(Block::Table(Table {
        columns: summary.columns().into_iter().map(str::to_owned).collect(),
        widths,
        rows: summary.rows.iter().map(|r| r.cells()).collect(),
        compact: true,
    }));
    if summary.has_earlier_text() {
        blocks.push(Block::text(&summary.earlier_text_note));
    }
    let missing: Vec<Field> = doc
        .agreements
        .iter()
        .filter(|a| a.status != crate::model::AgreementStatus::Withdrawn)
        .filter(|a| !a.without_position.is_empty())
        .map(|a| Field::new(&a.title, a.without_position.join(", ")))
        .collect();
    if !missing.is_empty() {
        blocks.push(Block::Paragraph {
            spans: vec![Span::Strong(
                "Partners zonder standpunt op de huidige tekst:".to_owned(),
            )],
        });
        blocks.push(Block::Fields { fields: missing });
    }
    blocks
}

fn parties(doc: &SnapshotDocument, numbering: &mut Numbering) -> Vec<Block> {
    let rows = doc
        .partners
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.kind_label.clone(),
                or_dash((!p.roles.is_empty()).then(|| p.roles.join(", "))),
            ]
        })
        .collect();
    vec![
        numbering.section("Partijen"),
        Block::table(
            &[("Partner", 2.0), ("Soort", 1.2), ("Rollen", 1.5)],
            rows,
            "Geen partners.",
        ),
    ]
}

fn ambition(doc: &SnapshotDocument, numbering: &mut Numbering) -> Vec<Block> {
    let mut blocks = vec![numbering.section("Gedeelde ambitie")];
    blocks.push(if doc.ambition.is_empty() {
        Block::nothing("Nog niet geformuleerd.")
    } else {
        Block::quote(&doc.ambition)
    });
    blocks.push(heading(2, "Beoogde effecten"));
    let rows = doc
        .effects
        .iter()
        .map(|e| vec![e.text.clone(), e.indicator.clone(), e.target.clone()])
        .collect();
    blocks.push(Block::table(
        &[("Effect", 2.0), ("Indicator", 1.5), ("Streefwaarde", 1.0)],
        rows,
        "Geen effecten vastgelegd.",
    ));
    blocks.extend(super::indicators::blocks(&doc.indicators));
    blocks.extend(super::interventions::blocks(&doc.interventions));
    blocks.extend(super::reviews::blocks(&doc.reviews));
    blocks
}

fn agreements(doc: &SnapshotDocument, numbering: &mut Numbering) -> Vec<Block> {
    let mut blocks = vec![numbering.section("Afspraken")];
    if doc.agreements.is_empty() {
        blocks.push(Block::nothing("Geen afspraken."));
    }
    for a in &doc.agreements {
        blocks.push(numbering.part(&a.title));
        blocks.extend(agreement(a));
    }
    blocks
}

fn agreement(a: &AgreementEntry) -> Vec<Block> {
    let owners = if a.owners.is_empty() {
        "niet toegewezen".to_owned()
    } else {
        a.owners.join(", ")
    };
    let mut fields = vec![
        Field::new("Status", &a.status_label),
        Field::new("Verantwoordelijk", owners),
    ];
    if let Some(date) = &a.review_date_nl {
        fields.push(Field::new("Evaluatiedatum", date));
    }
    if !a.outcome.is_empty() {
        fields.push(Field::new("Uitkomst", &a.outcome));
    }
    fields.extend(a.notes.iter().map(|note| Field::new("Let op", note)));
    let rows = a
        .positions
        .iter()
        .map(|p| vec![p.partner.clone(), p.stance_label.clone(), p.reason.clone()])
        .collect();
    let mut blocks = vec![Block::Fields { fields }];
    // An agreement without a text yet shows no empty quote.
    if !a.body.trim().is_empty() {
        blocks.push(Block::quote(&a.body));
    }
    blocks.push(Block::table(
        &[("Partner", 1.6), ("Positie", 1.2), ("Toelichting", 2.2)],
        rows,
        "Nog geen posities.",
    ));
    blocks
}

fn interests(doc: &SnapshotDocument, numbering: &mut Numbering) -> Vec<Block> {
    let rows = doc
        .interests
        .iter()
        .map(|i| {
            let obstacle = if i.obstacle { " (knelpunt)" } else { "" };
            vec![
                i.partner.clone(),
                format!("{}{obstacle}", i.text),
                i.status_label.clone(),
            ]
        })
        .collect();
    let mut blocks = vec![
        numbering.section("Belangen waar de afspraken op ingaan"),
        Block::table(
            &[("Partner", 1.4), ("Belang", 3.0), ("Status", 1.0)],
            rows,
            "Geen belangen ingebracht.",
        ),
    ];
    let notes: Vec<Field> = doc
        .interests
        .iter()
        .flat_map(|i| {
            i.notes
                .iter()
                .map(|note| Field::new(format!("Let op ({})", i.partner), note))
        })
        .collect();
    if !notes.is_empty() {
        blocks.push(Block::Fields { fields: notes });
    }
    blocks
}

fn changes(doc: &SnapshotDocument, numbering: &mut Numbering) -> Vec<Block> {
    let mut blocks = vec![numbering.section("Wijzigingen sinds de vorige vastgestelde versie")];
    let Some(since) = &doc.changes.since else {
        blocks.push(Block::text(
            "Er is nog geen eerder vastgestelde versie; dit is de eerste versie ter vaststelling.",
        ));
        return blocks;
    };
    blocks.push(Block::Paragraph {
        spans: vec![
            Span::Plain(format!(
                "Vergeleken met versie {} d.d. {} (snapshot ",
                since.label, since.date_nl
            )),
            Span::Code(since.short_id.clone()),
            Span::Plain(").".to_owned()),
        ],
    });
    if doc.changes.diff.agreements.is_empty() {
        blocks.push(Block::text("Geen wijzigingen in de afspraken."));
    }
    for change in &doc.changes.diff.agreements {
        blocks.extend(change_entry(change));
    }
    blocks
}

/// "before → after", with a dash for what was not there.
fn step(before: Option<String>, after: Option<String>) -> String {
    format!("{} → {}", or_dash(before), or_dash(after))
}

fn change_entry(c: &AgreementChange) -> Vec<Block> {
    let mut fields = Vec::new();
    if let Some(t) = &c.title_change {
        fields.push(Field::new(
            "Titel",
            step(Some(t.before.clone()), Some(t.after.clone())),
        ));
    }
    if let Some(s) = &c.status {
        fields.push(Field::new(
            "Status",
            step(s.before.map(status_nl), s.after.map(status_nl)),
        ));
    }
    if let Some(o) = &c.owners {
        let names = |v: &Vec<String>| (!v.is_empty()).then(|| v.join(", "));
        fields.push(Field::new(
            "Verantwoordelijk",
            step(names(&o.before), names(&o.after)),
        ));
    }
    if let Some(Change { before, after }) = &c.review_date {
        let nl = |d: &Option<String>| d.as_deref().map(super::content::dutch_date);
        fields.push(Field::new("Evaluatiedatum", step(nl(before), nl(after))));
    }
    if let Some(o) = &c.outcome {
        let text = |t: &String| (!t.is_empty()).then(|| t.clone());
        fields.push(Field::new(
            "Uitkomst",
            step(text(&o.before), text(&o.after)),
        ));
    }
    for p in &c.positions {
        fields.push(Field::new(
            format!("Positie {}", p.partner_name),
            step(
                p.before.as_ref().map(|x| stance_nl(x.stance)),
                p.after.as_ref().map(|x| stance_nl(x.stance)),
            ),
        ));
    }
    if !c.by.is_empty() {
        fields.push(Field::new("Door", contributors(&c.by)));
    }
    let mut blocks = vec![heading(
        2,
        format!("{} ({})", c.title, c.kind_label.to_lowercase()),
    )];
    if !fields.is_empty() {
        blocks.push(Block::Fields { fields });
    }
    if let Some(pieces) = &c.body {
        let spans = pieces
            .iter()
            .map(|p| match p.op {
                PieceOp::Same => Span::Plain(p.text.clone()),
                PieceOp::Added => Span::Added(p.text.clone()),
                PieceOp::Removed => Span::Removed(p.text.clone()),
            })
            .collect();
        blocks.push(Block::Quote { spans });
    }
    blocks
}

fn ratification(doc: &SnapshotDocument, numbering: &mut Numbering) -> Vec<Block> {
    let rows = doc
        .ratification
        .iter()
        .map(|r| {
            vec![
                r.partner.clone(),
                or_dash(r.body.clone()),
                r.decision_label.clone(),
                or_dash(r.date_nl.clone()),
                or_dash(r.reference.clone()),
            ]
        })
        .collect();
    let mut blocks = vec![
        numbering.section("Status van vaststelling"),
        Block::table(
            &[
                ("Partner", 1.6),
                ("Orgaan", 1.6),
                ("Besluit", 1.3),
                ("Datum", 0.9),
                ("Kenmerk", 1.0),
            ],
            rows,
            "Geen partners.",
        ),
        numbering.section("Besluit per partner"),
    ];
    blocks.extend(doc.ratification.iter().map(decision_frame));
    blocks
}

/// One board's decision, with lines to fill in by hand where nothing is
/// recorded yet, and lines for the signature.
fn decision_frame(r: &RatificationEntry) -> Block {
    let decision = match r.decision {
        Some(_) => Field::new("Besluit", &r.decision_label),
        None => Field::or_blank(DECISION_TO_FILL_IN, None),
    };
    let mut fields = vec![
        Field::or_blank("Orgaan", r.body.clone()),
        decision,
        Field::or_blank("Datum", r.date_nl.clone()),
        Field::or_blank("Kenmerk", r.reference.clone()),
        Field::or_blank("Voorwaarden", r.conditions.clone()),
    ];
    fields.extend(
        ["Naam", "Functie", "Plaats", "Handtekening"]
            .into_iter()
            .map(|name| Field::or_blank(name, None)),
    );
    Block::Frame {
        title: Some(r.partner.clone()),
        blocks: vec![Block::Fields { fields }],
    }
}
