//! The Markdown export.

use std::fmt::Write;

use super::content::{AgreementEntry, SnapshotDocument};
use super::diff::{AgreementChange, PieceOp};
use super::labels::{or_dash, stance_nl, status_nl};

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

/// Renders the Markdown of `doc`.
pub(super) fn render(doc: &SnapshotDocument) -> String {
    let mut out = String::new();
    header(&mut out, doc);
    summary(&mut out, doc);
    parties(&mut out, doc);
    ambition(&mut out, doc);
    let _ = writeln!(out, "## 3. Afspraken\n");
    if doc.agreements.is_empty() {
        out.push_str("_Geen afspraken._\n\n");
    }
    for (index, agreement) in doc.agreements.iter().enumerate() {
        self::agreement(&mut out, index + 1, agreement);
    }
    interests(&mut out, doc);
    changes(&mut out, doc);
    ratification(&mut out, doc);
    let s = &doc.snapshot;
    let _ = writeln!(
        out,
        "---\n\nSnapshot {} · {} · versie {} · {}\n\n<!-- {} -->",
        s.id,
        inline(&doc.alliance.name),
        inline(&s.label),
        s.date_nl,
        doc.envelope().token()
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
        "# {}\n\n**Afsprakenset versie {} d.d. {}**\n\n| | |\n|---|---|\n| Te citeren als | {} |\n| Snapshot | `{}` |\n| Korte aanduiding | `{}` |\n| Status | {status} |\n",
        inline(&doc.alliance.name),
        inline(&s.label),
        s.date_nl,
        inline(&doc.citation),
        s.id,
        s.short_id,
    );
    let _ = writeln!(out, "{}\n", esc(&doc.provenance.statement));
    if !doc.alliance.description.is_empty() {
        let _ = writeln!(out, "{}\n", esc(&doc.alliance.description));
    }
}

fn summary(out: &mut String, doc: &SnapshotDocument) {
    out.push_str("## Samenvatting\n\n");
    let summary = &doc.summary;
    if summary.rows.is_empty() {
        out.push_str("_Geen afspraken._\n\n");
        return;
    }
    let names: Vec<String> = summary.partners.iter().map(|p| inline(p)).collect();
    let _ = writeln!(
        out,
        "| Afspraak | Status | {} |\n|---|---|{}",
        names.join(" | "),
        "---|".repeat(names.len())
    );
    for row in &summary.rows {
        let open = if row.open { " (open punt)" } else { "" };
        let _ = writeln!(
            out,
            "| {}{open} | {} | {} |",
            inline(&row.title),
            row.status_label,
            row.positions.join(" | ")
        );
    }
    out.push('\n');
    if summary.has_earlier_text() {
        let _ = writeln!(out, "{}\n", esc(&summary.earlier_text_note));
    }
}

fn parties(out: &mut String, doc: &SnapshotDocument) {
    out.push_str("## 1. Partijen\n\n| Partner | Soort | Rollen |\n|---|---|---|\n");
    for p in &doc.partners {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            inline(&p.name),
            inline(&p.kind_label),
            inline(&p.roles.join(", "))
        );
    }
    out.push('\n');
}

fn ambition(out: &mut String, doc: &SnapshotDocument) {
    out.push_str("## 2. Gedeelde ambitie\n\n");
    if doc.ambition.is_empty() {
        out.push_str("_Nog niet geformuleerd._\n\n");
    } else {
        let _ = writeln!(out, "{}\n", esc(&doc.ambition));
    }
    out.push_str("### Beoogde effecten\n\n");
    if doc.effects.is_empty() {
        out.push_str("_Geen effecten vastgelegd._\n\n");
        return;
    }
    out.push_str("| Effect | Indicator | Streefwaarde |\n|---|---|---|\n");
    for e in &doc.effects {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            inline(&e.text),
            inline(&e.indicator),
            inline(&e.target)
        );
    }
    out.push('\n');
}

fn agreement(out: &mut String, number: usize, a: &AgreementEntry) {
    let owners = if a.owners.is_empty() {
        "niet toegewezen".to_owned()
    } else {
        inline(&a.owners.join(", "))
    };
    let _ = writeln!(
        out,
        "### 3.{number} {}\n\n- Status: {}\n- Verantwoordelijk: {owners}",
        inline(&a.title),
        a.status_label
    );
    if let Some(date) = &a.review_date_nl {
        let _ = writeln!(out, "- Evaluatiedatum: {date}");
    }
    if !a.outcome.is_empty() {
        let _ = writeln!(out, "- Uitkomst: {}", inline(&a.outcome));
    }
    for note in &a.notes {
        let _ = writeln!(out, "- **Let op:** {}", inline(note));
    }
    out.push('\n');
    for line in a.body.lines() {
        let _ = writeln!(out, "> {}", esc(line));
    }
    out.push('\n');
    if a.positions.is_empty() {
        out.push_str("_Nog geen posities._\n\n");
        return;
    }
    out.push_str("| Partner | Positie | Toelichting |\n|---|---|---|\n");
    for p in &a.positions {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            inline(&p.partner),
            p.stance_label,
            inline(&p.reason)
        );
    }
    out.push('\n');
}

fn interests(out: &mut String, doc: &SnapshotDocument) {
    out.push_str("## 4. Belangen waar de afspraken op ingaan\n\n");
    if doc.interests.is_empty() {
        out.push_str("_Geen belangen ingebracht._\n\n");
        return;
    }
    out.push_str("| Partner | Belang | Status |\n|---|---|---|\n");
    for i in &doc.interests {
        let obstacle = if i.obstacle { " (knelpunt)" } else { "" };
        let _ = writeln!(
            out,
            "| {} | {}{obstacle} | {} |",
            inline(&i.partner),
            inline(&i.text),
            i.status_label
        );
    }
    out.push('\n');
    for (i, note) in doc
        .interests
        .iter()
        .flat_map(|i| i.notes.iter().map(move |n| (i, n)))
    {
        let _ = writeln!(
            out,
            "- **Let op** ({}): {}",
            inline(&i.partner),
            inline(note)
        );
    }
    if doc.interests.iter().any(|i| !i.notes.is_empty()) {
        out.push('\n');
    }
}

fn changes(out: &mut String, doc: &SnapshotDocument) {
    out.push_str("## 5. Wijzigingen sinds de vorige vastgestelde versie\n\n");
    let Some(since) = &doc.changes.since else {
        out.push_str(
            "Er is nog geen eerder vastgestelde versie; dit is de eerste versie ter vaststelling.\n\n",
        );
        return;
    };
    let _ = writeln!(
        out,
        "Vergeleken met versie {} d.d. {} (snapshot `{}`).\n",
        inline(&since.label),
        since.date_nl,
        since.short_id
    );
    if doc.changes.diff.agreements.is_empty() {
        out.push_str("Geen wijzigingen in de afspraken.\n\n");
    }
    for change in &doc.changes.diff.agreements {
        change_entry(out, change);
    }
}

fn change_entry(out: &mut String, c: &AgreementChange) {
    let _ = writeln!(
        out,
        "### {} ({})\n",
        inline(&c.title),
        c.kind_label.to_lowercase()
    );
    if let Some(t) = &c.title_change {
        let _ = writeln!(out, "- Titel: {} → {}", inline(&t.before), inline(&t.after));
    }
    if let Some(s) = &c.status {
        let _ = writeln!(
            out,
            "- Status: {} → {}",
            or_dash(s.before.map(status_nl)),
            or_dash(s.after.map(status_nl))
        );
    }
    for p in &c.positions {
        let _ = writeln!(
            out,
            "- Positie {}: {} → {}",
            inline(&p.partner_name),
            or_dash(p.before.as_ref().map(|x| stance_nl(x.stance))),
            or_dash(p.after.as_ref().map(|x| stance_nl(x.stance)))
        );
    }
    if !c.by.is_empty() {
        let _ = writeln!(
            out,
            "- Door: {}",
            inline(&super::labels::contributors(&c.by))
        );
    }
    if let Some(pieces) = &c.body {
        let text: String = pieces
            .iter()
            .map(|p| match p.op {
                PieceOp::Same => esc(&p.text),
                PieceOp::Added => marked("**", &p.text),
                PieceOp::Removed => marked("~~", &p.text),
            })
            .collect();
        let _ = writeln!(out, "\n> {}", text.replace('\n', "\n> "));
    }
    out.push('\n');
}

fn ratification(out: &mut String, doc: &SnapshotDocument) {
    out.push_str("## 6. Status van vaststelling\n\n| Partner | Orgaan | Besluit | Datum | Kenmerk |\n|---|---|---|---|---|\n");
    for r in &doc.ratification {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            inline(&r.partner),
            or_dash(r.body.as_deref().map(inline)),
            r.decision_label,
            or_dash(r.date_nl.clone()),
            or_dash(r.reference.as_deref().map(inline))
        );
    }
    out.push_str("\n## 7. Besluit per partner\n\n");
    let blank = "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_".to_owned();
    for r in &doc.ratification {
        let value = |v: Option<String>| v.unwrap_or_else(|| blank.clone());
        let _ = writeln!(
            out,
            "### {}\n\n- Orgaan: {}\n- Besluit: {}\n- Datum: {}\n- Kenmerk: {}\n- Voorwaarden: {}\n- Naam: {blank}\n- Functie: {blank}\n- Plaats: {blank}\n- Handtekening: {blank}\n",
            inline(&r.partner),
            value(r.body.as_deref().map(inline)),
            value(r.decision.map(|_| r.decision_label.clone())),
            value(r.date_nl.clone()),
            value(r.reference.as_deref().map(inline)),
            value(r.conditions.as_deref().map(inline)),
        );
    }
}
