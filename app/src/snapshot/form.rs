//! The printable input form (*invulformulier inbreng*) for a work-floor or
//! client session with people who do not use the app: laid out on the
//! shared [`Layout`] and typeset like the snapshot PDF. Its fields are the
//! columns of `input import`, so that what was written on paper can be
//! typed into a spreadsheet and imported.

use super::SnapshotError;
use super::layout::{Block, Field, Layout, Meta, Span, heading};
use crate::model::{InputKind, InputRole, Signing};

/// How many forms one PDF holds (one per page).
pub const FORMS_PER_FILE: usize = 4;

/// The form's layout for alliance `name` (id `id`), dated `date`
/// (`YYYY-MM-DD`).
fn layout(name: &str, id: &str, date: &str) -> Layout {
    let mut blocks = Vec::new();
    for copy in 0..FORMS_PER_FILE {
        if copy > 0 {
            blocks.push(Block::PageBreak);
        }
        blocks.extend(one_form(name));
    }
    Layout {
        meta: Meta {
            title: format!("{name}: invulformulier knelpunten en ideeën"),
            authors: vec![name.to_owned()],
            token: String::new(),
            ident: format!("inbreng-{id}"),
            date: date.to_owned(),
            running_head: format!("{name} · knelpunten en ideeën"),
            footer: "Invulformulier inbreng".to_owned(),
            concept: false,
        },
        blocks,
    }
}

/// One choice among `options`, to circle.
fn choose(options: &[&str]) -> String {
    options.join("  /  ")
}

fn one_form(name: &str) -> Vec<Block> {
    let kinds: Vec<&str> = InputKind::ALL.iter().map(|k| k.label_nl()).collect();
    let roles: Vec<&str> = InputRole::ALL.iter().map(|r| r.label_nl()).collect();
    let signings: Vec<&str> = Signing::ALL.iter().map(|s| s.label_nl()).collect();
    vec![
        Block::Title {
            title: "Knelpunt of idee".to_owned(),
            subtitle: format!("voor de samenwerking {name}"),
        },
        Block::text(
            "Wat loopt vast in het werk of in de hulp, of wat zou beter kunnen? \
             Schrijf het op; de partners bespreken elke inbreng en laten weten wat ermee gebeurt.",
        ),
        Block::Frame {
            title: None,
            blocks: vec![Block::Paragraph {
                spans: vec![
                    Span::Strong("Geen persoonsgegevens van cliënten. ".to_owned()),
                    Span::Plain(
                        "Schrijf geen namen, adressen, geboortedata of andere gegevens op \
                         waaraan een cliënt te herkennen is."
                            .to_owned(),
                    ),
                ],
            }],
        },
        heading(2, "Omcirkel wat past"),
        Block::Fields {
            fields: vec![
                Field::new("Soort", choose(&kinds)),
                Field::new("Ik ben", choose(&roles)),
                Field::new("Ondertekenen", choose(&signings)),
            ],
        },
        Block::Fields {
            fields: vec![Field::or_blank(
                "Naam (alleen bij \"met naam\"; nooit de naam van een cliënt)",
                None,
            )],
        },
        heading(2, "Het knelpunt of idee"),
        Block::WritingSpace { lines: 16 },
    ]
}

/// The form as a PDF.
#[cfg(feature = "pdf")]
pub fn pdf(name: &str, id: &str, date: &str) -> Result<Vec<u8>, SnapshotError> {
    super::pdf::render(&layout(name, id, date))
}

/// The form as a PDF: this build cannot make PDFs.
#[cfg(not(feature = "pdf"))]
pub fn pdf(_name: &str, _id: &str, _date: &str) -> Result<Vec<u8>, SnapshotError> {
    Err(SnapshotError::Render(
        "this build of rondetafel cannot make PDFs (built without the `pdf` feature)".to_owned(),
    ))
}
