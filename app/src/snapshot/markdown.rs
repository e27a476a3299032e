//! The Markdown export: the shared [`Layout`] as plain Markdown, with the
//! metadata token in a closing comment.

use std::fmt::Write;

use super::layout::{Block, Field, Layout, Span, Table};

/// A line to fill in by hand.
const BLANK: &str = "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_";

/// Escapes the characters Markdown would read as markup.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text between emphasis markers, with its outer whitespace outside them
/// (Markdown ignores markers next to whitespace) and each line marked on
/// its own.
fn marked(marker: &str, text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let inner = line.trim();
            if inner.is_empty() {
                return line.to_owned();
            }
            let start = line.len() - line.trim_start().len();
            let end = line.trim_end().len();
            format!(
                "{}{marker}{}{marker}{}",
                &line[..start],
                esc(inner),
                &line[end..]
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text that may span lines, as one table cell or list item.
fn inline(text: &str) -> String {
    esc(text).replace('\n', " ")
}

fn spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match span {
            Span::Plain(t) => esc(t),
            Span::Strong(t) | Span::Added(t) => marked("**", t),
            Span::Emphasis(t) => marked("_", t),
            Span::Code(t) => format!("`{}`", t.replace('`', "'")),
            Span::Removed(t) => marked("~~", t),
        })
        .collect()
}

/// Renders the Markdown of `layout`.
pub(super) fn render(layout: &Layout) -> String {
    let mut out = String::new();
    blocks(&mut out, &layout.blocks);
    let _ = writeln!(
        out,
        "---\n\n{} · {}",
        layout.meta.footer,
        inline(&layout.meta.running_head),
    );
    if !layout.meta.token.is_empty() {
        let _ = writeln!(out, "\n<!-- {} -->", layout.meta.token);
    }
    out
}

fn blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        self::block(out, block);
    }
}

fn block(out: &mut String, block: &Block) {
    match block {
        Block::Title { title, subtitle } => {
            let _ = writeln!(out, "# {}\n\n**{}**\n", inline(title), inline(subtitle));
        }
        Block::Heading {
            level,
            number,
            text,
        } => {
            let marks = "#".repeat(usize::from(*level) + 1);
            let number = number
                .as_deref()
                .map(|n| format!("{n} "))
                .unwrap_or_default();
            let _ = writeln!(out, "{marks} {number}{}\n", inline(text));
        }
        Block::Paragraph { spans: s } => {
            let _ = writeln!(out, "{}\n", spans(s));
        }
        Block::Quote { spans: s } => {
            let text = spans(s);
            for line in text.split('\n') {
                let _ = writeln!(out, "> {line}");
            }
            out.push('\n');
        }
        Block::Fields { fields } => {
            for field in fields {
                self::field(out, field);
            }
            out.push('\n');
        }
        Block::Table(table) => self::table(out, table),
        Block::Frame { title, blocks } => {
            if let Some(title) = title {
                let _ = writeln!(out, "**{}**\n", inline(title));
            }
            self::blocks(out, blocks);
        }
        Block::Together { blocks } => self::blocks(out, blocks),
        // The table beside it carries the figures.
        Block::Chart { .. } => {}
        Block::PageBreak => {}
        Block::WritingSpace { lines } => {
            for _ in 0..*lines {
                let _ = writeln!(out, "{BLANK}\n");
            }
        }
    }
}

fn field(out: &mut String, field: &Field) {
    let value = field
        .value
        .as_deref()
        .map_or_else(|| BLANK.to_owned(), inline);
    let _ = writeln!(out, "- **{}:** {value}", inline(&field.name));
}

fn table(out: &mut String, table: &Table) {
    let columns: Vec<String> = table.columns.iter().map(|c| inline(c)).collect();
    let _ = writeln!(
        out,
        "| {} |\n|{}",
        columns.join(" | "),
        "---|".repeat(columns.len())
    );
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| inline(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}
