//! The self-contained HTML export: the shared [`Layout`] as one file with
//! inline style, no scripts, no external resources; printable with the
//! snapshot id on every page.

use std::fmt::Write;

use super::layout::{Block, Field, Layout, Span, Table};

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;font-size:10pt;max-width:46em;margin:2em auto;padding:0 1em;color:#111}\
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}th,td{border:1px solid #999;padding:.25em .4em;text-align:left;vertical-align:top}\
table.compact{font-size:8.5pt}\
blockquote{border-left:3px solid #666;margin:.5em 0;padding-left:.8em;white-space:pre-wrap}\
ins{color:#1a6b1a}del{color:#a01010}.box{border:1px solid #333;padding:.6em;margin:.8em 0;break-inside:avoid}\
.line{display:inline-block;min-width:18em;border-bottom:1px dotted #333}\
.pagefoot{font-size:8pt;border-top:1px solid #333;margin-top:2em;padding-top:.3em}\
@media print{.pagefoot{position:fixed;bottom:0;left:0;right:0;background:#fff}body{margin-bottom:3em}.pagebreak{break-after:page}}";

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match span {
            Span::Plain(t) => esc(t),
            Span::Strong(t) => format!("<strong>{}</strong>", esc(t)),
            Span::Emphasis(t) => format!("<em>{}</em>", esc(t)),
            Span::Code(t) => format!("<code>{}</code>", esc(t)),
            Span::Added(t) => format!("<ins>{}</ins>", esc(t)),
            Span::Removed(t) => format!("<del>{}</del>", esc(t)),
        })
        .collect()
}

/// Renders the HTML of `layout`.
pub(super) fn render(layout: &Layout) -> String {
    let meta = &layout.meta;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>",
        esc(&meta.title),
    );
    if !meta.token.is_empty() {
        let _ = writeln!(
            out,
            "<meta name=\"rondetafel-snapshot\" content=\"{}\">",
            meta.token
        );
    }
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    blocks(&mut out, &layout.blocks);
    let _ = writeln!(
        out,
        "<div class=\"pagefoot\">{} · {}</div>\n</body>\n</html>",
        esc(&meta.footer),
        esc(&meta.running_head)
    );
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
            let _ = writeln!(
                out,
                "<h1>{}</h1>\n<p><strong>{}</strong></p>",
                esc(title),
                esc(subtitle)
            );
        }
        Block::Heading {
            level,
            number,
            text,
        } => {
            let tag = level + 1;
            let number = number
                .as_deref()
                .map(|n| format!("{n} "))
                .unwrap_or_default();
            let _ = writeln!(out, "<h{tag}>{}{}</h{tag}>", esc(&number), esc(text));
        }
        Block::Paragraph { spans: s } => {
            let _ = writeln!(out, "<p>{}</p>", spans(s));
        }
        Block::Quote { spans: s } => {
            let _ = writeln!(out, "<blockquote>{}</blockquote>", spans(s));
        }
        Block::Fields { fields } => {
            out.push_str("<p>");
            let lines: Vec<String> = fields.iter().map(field).collect();
            out.push_str(&lines.join("<br>\n"));
            out.push_str("</p>\n");
        }
        Block::Table(table) => self::table(out, table),
        Block::Frame { title, blocks } => {
            out.push_str("<div class=\"box\">");
            if let Some(title) = title {
                let _ = writeln!(out, "<strong>{}</strong>", esc(title));
            }
            self::blocks(out, blocks);
            out.push_str("</div>\n");
        }
        Block::Together { blocks } => self::blocks(out, blocks),
        // The table beside it carries the figures.
        Block::Chart { .. } => {}
        Block::PageBreak => out.push_str("<div class=\"pagebreak\"></div>\n"),
        Block::WritingSpace { lines } => {
            for _ in 0..*lines {
                out.push_str("<p><span class=\"line\" style=\"width:100%\"></span></p>\n");
            }
        }
    }
}

fn field(field: &Field) -> String {
    let value = field
        .value
        .as_deref()
        .map_or_else(|| "<span class=\"line\"></span>".to_owned(), esc);
    format!("<strong>{}:</strong> {value}", esc(&field.name))
}

fn table(out: &mut String, table: &Table) {
    let class = if table.compact {
        " class=\"compact\""
    } else {
        ""
    };
    let _ = write!(out, "<table{class}>\n<tr>");
    for column in &table.columns {
        let _ = write!(out, "<th>{}</th>", esc(column));
    }
    out.push_str("</tr>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", esc(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}
