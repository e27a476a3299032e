//! The one structure every printed export format renders: a snapshot's
//! content (or another printed document, such as the input form) laid out
//! as numbered sections of headings, fields, quotes and tables, with all
//! wording in Dutch. [`super::sections`] builds it once;
//! the Markdown, HTML, Word and PDF renderers only translate its blocks, so
//! a new section is written in one place.

use serde::Serialize;

/// A snapshot export laid out for reading and printing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Layout {
    /// What every page carries and the file's metadata.
    pub(crate) meta: Meta,
    /// The content, in order.
    pub(crate) blocks: Vec<Block>,
}

/// What every page carries (the running header and footer) and the file's
/// metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Meta {
    /// The citation title, the file's title.
    pub(crate) title: String,
    /// The partners' names, the file's authors.
    pub(crate) authors: Vec<String>,
    /// The metadata token that `verify` reads back (empty for a document
    /// that is no snapshot, such as a blank form).
    pub(crate) token: String,
    /// The document's identifier in the file's metadata (a snapshot's full
    /// id).
    pub(crate) ident: String,
    /// What the foot of every page names ("Snapshot <id>").
    pub(crate) footer: String,
    /// The snapshot's date (`YYYY-MM-DD`).
    pub(crate) date: String,
    /// The running header: alliance, version and date.
    pub(crate) running_head: String,
    /// Whether every page is marked as a concept (a snapshot not every
    /// current partner adopted yet).
    pub(crate) concept: bool,
}

/// A piece of running text with one style.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "style", content = "text", rename_all = "snake_case")]
pub(crate) enum Span {
    /// Plain text.
    Plain(String),
    /// Bold text.
    Strong(String),
    /// Emphasised text (the "nothing here" remarks).
    Emphasis(String),
    /// An identifier, set in a fixed-width font where the format has one.
    Code(String),
    /// Text added since the earlier version.
    Added(String),
    /// Text removed since the earlier version.
    Removed(String),
}

/// One "name: value" line; a value of `None` is a line to fill in by hand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Field {
    /// The name, printed in bold.
    pub(crate) name: String,
    /// The value, or `None` for a blank line.
    pub(crate) value: Option<String>,
}

/// A table with a header row and at least one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Table {
    /// The column headings.
    pub(crate) columns: Vec<String>,
    /// Each column's relative width (the PDF uses them).
    pub(crate) widths: Vec<f32>,
    /// The rows, one cell per column.
    pub(crate) rows: Vec<Vec<String>>,
    /// Whether to set it in a smaller size (the wide summary).
    pub(crate) compact: bool,
}

/// One block of a [`Layout`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Block {
    /// The document title and its subtitle.
    Title {
        /// The title (the alliance's name).
        title: String,
        /// The line under it.
        subtitle: String,
    },
    /// A heading; level 1 is a section, level 2 a part of one. The number
    /// ("3.2") is part of the layout, so every format numbers alike.
    Heading {
        /// 1 or 2.
        level: u8,
        /// The number, if the heading has one.
        number: Option<String>,
        /// The heading's text.
        text: String,
    },
    /// A paragraph.
    Paragraph {
        /// Its text.
        spans: Vec<Span>,
    },
    /// A quoted text (an agreement's body, the ambition), kept as typed,
    /// line breaks included.
    Quote {
        /// Its text.
        spans: Vec<Span>,
    },
    /// "Name: value" lines.
    Fields {
        /// The lines.
        fields: Vec<Field>,
    },
    /// A table.
    Table(Table),
    /// A framed group kept on one page (the header box, a board's decision).
    Frame {
        /// The group's title, in bold, if it has one.
        title: Option<String>,
        /// Its blocks.
        blocks: Vec<Block>,
    },
    /// Blocks kept on one page, without a frame (a prompt and its
    /// answers).
    Together {
        /// Its blocks.
        blocks: Vec<Block>,
    },
    /// An indicator's line chart, drawn where the format draws (the PDF);
    /// the table beside it carries the same figures for the other formats.
    Chart {
        /// What it shows (the indicator and its unit).
        title: String,
        /// The chart, in positions from 0 to 1.
        chart: crate::model::monitoring::chart::Chart,
    },
    /// A new page where the format has pages.
    PageBreak,
    /// Empty lines to write on by hand.
    WritingSpace {
        /// How many lines.
        lines: u8,
    },
}

impl Block {
    /// A paragraph of plain text.
    pub(crate) fn text(text: impl Into<String>) -> Block {
        Block::Paragraph {
            spans: vec![Span::Plain(text.into())],
        }
    }

    /// A remark that there is nothing to show ("Geen afspraken.").
    pub(crate) fn nothing(text: impl Into<String>) -> Block {
        Block::Paragraph {
            spans: vec![Span::Emphasis(text.into())],
        }
    }

    /// A quote of plain text.
    pub(crate) fn quote(text: impl Into<String>) -> Block {
        Block::Quote {
            spans: vec![Span::Plain(text.into())],
        }
    }

    /// A table, or the remark `empty` when it has no rows.
    pub(crate) fn table(columns: &[(&str, f32)], rows: Vec<Vec<String>>, empty: &str) -> Block {
        if rows.is_empty() {
            return Block::nothing(empty);
        }
        Block::Table(Table {
            columns: columns.iter().map(|(c, _)| (*c).to_owned()).collect(),
            widths: columns.iter().map(|(_, w)| *w).collect(),
            rows,
            compact: false,
        })
    }
}

impl Field {
    /// A field with a value.
    pub(crate) fn new(name: impl Into<String>, value: impl Into<String>) -> Field {
        Field {
            name: name.into(),
            value: Some(value.into()),
        }
    }

    /// A field with a value if there is one, otherwise a blank line.
    pub(crate) fn or_blank(name: impl Into<String>, value: Option<String>) -> Field {
        Field {
            name: name.into(),
            value,
        }
    }
}

impl Span {
    /// The span's text, whatever its style.
    pub(crate) fn text(&self) -> &str {
        match self {
            Span::Plain(t)
            | Span::Strong(t)
            | Span::Emphasis(t)
            | Span::Code(t)
            | Span::Added(t)
            | Span::Removed(t) => t,
        }
    }
}

/// Numbers the sections and their parts as they are added ("3", "3.2").
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    section: usize,
    part: usize,
}

impl Numbering {
    /// The heading of the next section.
    pub(crate) fn section(&mut self, text: impl Into<String>) -> Block {
        self.section += 1;
        self.part = 0;
        Block::Heading {
            level: 1,
            number: Some(format!("{}.", self.section)),
            text: text.into(),
        }
    }

    /// The heading of the next part of the current section.
    pub(crate) fn part(&mut self, text: impl Into<String>) -> Block {
        self.part += 1;
        Block::Heading {
            level: 2,
            number: Some(format!("{}.{}", self.section, self.part)),
            text: text.into(),
        }
    }
}

/// An unnumbered heading.
pub(crate) fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        number: None,
        text: text.into(),
    }
}
