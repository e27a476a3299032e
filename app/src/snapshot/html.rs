//! The self-contained HTML export: one file, inline style, no scripts, no
//! external resources; printable with the snapshot id on every page.

use std::fmt::Write;

use super::content::{AgreementEntry, SnapshotDocument};
use super::diff::{AgreementChange, PieceOp};
use super::labels::{contributors, or_dash, stance_nl, status_nl};
use super::summary::SummaryRow;

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;font-size:10pt;max-width:46em;margin:2em auto;padding:0 1em;color:#111}\
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}th,td{border:1px solid #999;padding:.25em .4em;text-align:left;vertical-align:top}\
blockquote{border-left:3px solid #666;margin:.5em 0;padding-left:.8em;white-space:pre-wrap}\
.note{color:#8a4b00}ins{color:#1a6b1a}del{color:#a01010}.box{border:1px solid #333;padding:.6em;margin:.8em 0;break-inside:avoid}\
.line{display:inline-block;min-width:18em;border-bottom:1px dotted #333}\
.pagefoot{font-size:8pt;border-top:1px solid #333;margin-top:2em;padding-top:.3em}\
@media print{.pagefoot{position:fixed;bottom:0;left:0;right:0;background:#fff}body{margin-bottom:3em}}";

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

/// Renders the HTML of `doc`.
pub(super) fn render(doc: &SnapshotDocument) -> String {
    let s = &doc.snapshot;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<meta name=\"rondetafel-snapshot\" content=\"{}\">\n<style>{STYLE}</style>\n</head>\n<body>",
        esc(&doc.citation),
        doc.envelope().token()
    );
    header(&mut out, doc);
    summary(&mut out, doc);
    table(
        &mut out,
        "1. Partijen",
        &["Partner", "Soort", "Rollen"],
        doc.partners
            .iter()
            .map(|p| vec![p.name.clone(), p.kind_label.clone(), p.roles.join(", ")]),
    );
    ambition(&mut out, doc);
    out.push_str("<h2>3. Afspraken</h2>\n");
    if doc.agreements.is_empty() {
        out.push_str("<p><em>Geen afspraken.</em></p>\n");
    }
    for (index, agreement) in doc.agreements.iter().enumerate() {
        self::agreement(&mut out, index + 1, agreement);
    }
    table(
        &mut out,
        "4. Belangen waar de afspraken op ingaan",
        &["Partner", "Belang", "Status"],
        doc.interests.iter().map(|i| {
            let obstacle = if i.obstacle { " (knelpunt)" } else { "" };
            vec![
                i.partner.clone(),
                format!("{}{obstacle}", i.text),
                i.status_label.clone(),
            ]
        }),
    );
    for i in &doc.interests {
        for note in &i.notes {
            let _ = writeln!(
                out,
                "<p><strong class=\"note\">Let op ({}):</strong> {}</p>",
                esc(&i.partner),
                esc(note)
            );
        }
    }
    changes(&mut out, doc);
    ratification(&mut out, doc);
    let _ = writeln!(
        out,
        "<div class=\"pagefoot\">Snapshot {} · {} · versie {} · {}</div>\n</body>\n</html>",
        s.id,
        esc(&doc.alliance.name),
        esc(&s.label),
        s.date_nl
    );
    out
}

fn header(out: &mut String, doc: &SnapshotDocument) {
    let s = &doc.snapshot;
    let status = if doc.vastgesteld {
        "vastgesteld door alle partners"
    } else {
        "nog niet door alle partners vastgesteld"
    };
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p><strong>Afsprakenset versie {} d.d. {}</strong></p>\n<div class=\"box\">\
<strong>Te citeren als:</strong> {}<br>\n<strong>Snapshot:</strong> <code>{}</code><br>\n\
<strong>Korte aanduiding:</strong> <code>{}</code><br>\n<strong>Status:</strong> {status}</div>",
        esc(&doc.alliance.name),
        esc(&s.label),
        s.date_nl,
        esc(&doc.citation),
        s.id,
        s.short_id
    );
    let _ = writeln!(out, "<p>{}</p>", esc(&doc.provenance.statement));
    if !doc.alliance.description.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(&doc.alliance.description));
    }
}

/// The one-page summary: agreements × status × each partner's position.
fn summary(out: &mut String, doc: &SnapshotDocument) {
    let summary = &doc.summary;
    let columns = summary.columns();
    let rows: Vec<Vec<String>> = summary.rows.iter().map(SummaryRow::cells).collect();
    table(out, "Samenvatting", &columns, rows.into_iter());
    if summary.has_earlier_text() {
        let _ = writeln!(out, "<p>{}</p>", esc(&summary.earlier_text_note));
    }
}

/// A heading and a table, or a note when there are no rows.
fn table(out: &mut String, title: &str, columns: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    let _ = writeln!(out, "<h2>{}</h2>", esc(title));
    let rows: Vec<Vec<String>> = rows.collect();
    if rows.is_empty() {
        out.push_str("<p><em>Geen.</em></p>\n");
        return;
    }
    rows_table(out, columns, &rows);
}

fn rows_table(out: &mut String, columns: &[&str], rows: &[Vec<String>]) {
    out.push_str("<table>\n<tr>");
    for column in columns {
        let _ = write!(out, "<th>{}</th>", esc(column));
    }
    out.push_str("</tr>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", esc(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

fn ambition(out: &mut String, doc: &SnapshotDocument) {
    out.push_str("<h2>2. Gedeelde ambitie</h2>\n");
    if doc.ambition.is_empty() {
        out.push_str("<p><em>Nog niet geformuleerd.</em></p>\n");
    } else {
        let _ = writeln!(out, "<blockquote>{}</blockquote>", esc(&doc.ambition));
    }
    out.push_str("<h3>Beoogde effecten</h3>\n");
    if doc.effects.is_empty() {
        out.push_str("<p><em>Geen effecten vastgelegd.</em></p>\n");
        return;
    }
    let rows: Vec<Vec<String>> = doc
        .effects
        .iter()
        .map(|e| vec![e.text.clone(), e.indicator.clone(), e.target.clone()])
        .collect();
    rows_table(out, &["Effect", "Indicator", "Streefwaarde"], &rows);
}

fn agreement(out: &mut String, number: usize, a: &AgreementEntry) {
    let owners = if a.owners.is_empty() {
        "niet toegewezen".to_owned()
    } else {
        a.owners.join(", ")
    };
    let _ = writeln!(
        out,
        "<h3>3.{number} {}</h3>\n<p><strong>Status:</strong> {}<br>\n<strong>Verantwoordelijk:</strong> {}",
        esc(&a.title),
        esc(&a.status_label),
        esc(&owners)
    );
    if let Some(date) = &a.review_date_nl {
        let _ = write!(out, "<br>\n<strong>Evaluatiedatum:</strong> {}", esc(date));
    }
    if !a.outcome.is_empty() {
        let _ = write!(out, "<br>\n<strong>Uitkomst:</strong> {}", esc(&a.outcome));
    }
    for note in &a.notes {
        let _ = write!(
            out,
            "<br>\n<strong class=\"note\">Let op:</strong> {}",
            esc(note)
        );
    }
    let _ = writeln!(out, "</p>\n<blockquote>{}</blockquote>", esc(&a.body));
    if a.positions.is_empty() {
        out.push_str("<p><em>Nog geen posities.</em></p>\n");
        return;
    }
    let rows: Vec<Vec<String>> = a
        .positions
        .iter()
        .map(|p| vec![p.partner.clone(), p.stance_label.clone(), p.reason.clone()])
        .collect();
    rows_table(out, &["Partner", "Positie", "Toelichting"], &rows);
}

fn changes(out: &mut String, doc: &SnapshotDocument) {
    out.push_str("<h2>5. Wijzigingen sinds de vorige vastgestelde versie</h2>\n");
    let Some(since) = &doc.changes.since else {
        out.push_str("<p>Er is nog geen eerder vastgestelde versie; dit is de eerste versie ter vaststelling.</p>\n");
        return;
    };
    let _ = writeln!(
        out,
        "<p>Vergeleken met versie {} d.d. {} (snapshot <code>{}</code>).</p>",
        esc(&since.label),
        since.date_nl,
        since.short_id
    );
    if doc.changes.diff.agreements.is_empty() {
        out.push_str("<p>Geen wijzigingen in de afspraken.</p>\n");
    }
    for change in &doc.changes.diff.agreements {
        change_entry(out, change);
    }
}

fn change_entry(out: &mut String, c: &AgreementChange) {
    let _ = writeln!(
        out,
        "<h3>{} ({})</h3>\n<ul>",
        esc(&c.title),
        c.kind_label.to_lowercase()
    );
    if let Some(t) = &c.title_change {
        let _ = writeln!(
            out,
            "<li>Titel: {} → {}</li>",
            esc(&t.before),
            esc(&t.after)
        );
    }
    if let Some(s) = &c.status {
        let _ = writeln!(
            out,
            "<li>Status: {} → {}</li>",
            or_dash(s.before.map(status_nl)),
            or_dash(s.after.map(status_nl))
        );
    }
    for p in &c.positions {
        let _ = writeln!(
            out,
            "<li>Positie {}: {} → {}</li>",
            esc(&p.partner_name),
            or_dash(p.before.as_ref().map(|x| stance_nl(x.stance))),
            or_dash(p.after.as_ref().map(|x| stance_nl(x.stance)))
        );
    }
    if !c.by.is_empty() {
        let _ = writeln!(out, "<li>Door: {}</li>", esc(&contributors(&c.by)));
    }
    out.push_str("</ul>\n");
    if let Some(pieces) = &c.body {
        let text: String = pieces
            .iter()
            .map(|p| match p.op {
                PieceOp::Same => esc(&p.text),
                PieceOp::Added => format!("<ins>{}</ins>", esc(&p.text)),
                PieceOp::Removed => format!("<del>{}</del>", esc(&p.text)),
            })
            .collect();
        let _ = writeln!(out, "<blockquote>{text}</blockquote>");
    }
}

fn ratification(out: &mut String, doc: &SnapshotDocument) {
    let rows: Vec<Vec<String>> = doc
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
    out.push_str("<h2>6. Status van vaststelling</h2>\n");
    rows_table(
        out,
        &["Partner", "Orgaan", "Besluit", "Datum", "Kenmerk"],
        &rows,
    );
    out.push_str("<h2>7. Besluit per partner</h2>\n");
    for r in &doc.ratification {
        let field = |name: &str, value: Option<String>| match value {
            Some(v) => format!("<strong>{name}:</strong> {}<br>\n", esc(&v)),
            None => format!("<strong>{name}:</strong> <span class=\"line\"></span><br>\n"),
        };
        let _ = writeln!(
            out,
            "<div class=\"box\"><strong>{}</strong><br>\n{}{}{}{}{}<br>{}{}{}<br>{}</div>",
            esc(&r.partner),
            field("Orgaan", r.body.clone()),
            field("Besluit", r.decision.map(|_| r.decision_label.clone())),
            field("Datum", r.date_nl.clone()),
            field("Kenmerk", r.reference.clone()),
            field("Voorwaarden", r.conditions.clone()),
            field("Naam", None),
            field("Functie", None),
            field("Plaats", None),
            field("Handtekening", None),
        );
    }
}
