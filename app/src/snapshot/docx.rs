//! The Word export (Office Open XML, `.docx`): the same content as the
//! other formats, for board offices that work in Word. The parts are stored
//! uncompressed with fixed timestamps, so the same content always gives the
//! same bytes and the metadata token can be found in the file as it is.

use std::io::Write;

use zip::write::SimpleFileOptions;

use super::SnapshotError;
use super::content::{AgreementEntry, RatificationEntry, SnapshotDocument};
use super::summary::SummaryRow;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="20"/><w:lang w:val="nl-NL"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="80"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="160"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="22"/></w:rPr></w:style><w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style></w:styles>"#;

/// Renders `doc` as a `.docx` file.
pub(super) fn render(doc: &SnapshotDocument) -> Result<Vec<u8>, SnapshotError> {
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", ROOT_RELS.to_owned()),
        ("docProps/core.xml", core(doc)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/header1.xml", header(doc)),
        ("word/footer1.xml", footer(doc)),
        ("word/document.xml", document(doc)),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    let failed = |e: &dyn std::fmt::Display| SnapshotError::Render(format!("docx: {e}"));
    for (name, xml) in parts {
        zip.start_file(name, options).map_err(|e| failed(&e))?;
        zip.write_all(xml.as_bytes()).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

/// The text of a `.docx` file's body, one line per paragraph, read from
/// the stored document part as it is in the file (so that a changed file
/// still shows what changed); `None` when there is no such part.
pub(super) fn paragraphs(bytes: &[u8]) -> Option<Vec<String>> {
    let raw = String::from_utf8_lossy(bytes);
    let start = raw.find("<w:document")?;
    let end = raw[start..].find("</w:document>")? + start;
    let xml = &raw[start..end];
    Some(
        xml.split("</w:p>")
            .map(|paragraph| {
                let mut text = String::new();
                let mut in_tag = false;
                for c in paragraph.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                text
            })
            .filter(|line| !line.trim().is_empty())
            .collect(),
    )
}

/// The core properties: title, the partners, and the metadata token.
fn core(doc: &SnapshotDocument) -> String {
    let creators: Vec<&str> = doc.partners.iter().map(|p| p.name.as_str()).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:identifier>snapshot {}</dc:identifier></cp:coreProperties>"#,
        esc(&doc.citation),
        esc(&creators.join(", ")),
        doc.envelope().token(),
        doc.snapshot.id
    )
}

/// The page header: the version, and CONCEPT until every partner adopted it.
fn header(doc: &SnapshotDocument) -> String {
    let s = &doc.snapshot;
    let mut body = paragraph(
        &format!("{} · versie {} · {}", doc.alliance.name, s.label, s.date_nl),
        None,
    );
    if !doc.vastgesteld {
        body.push_str(
            r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:color w:val="999999"/><w:sz w:val="40"/></w:rPr><w:t>CONCEPT</w:t></w:r><w:r><w:rPr><w:color w:val="666666"/></w:rPr><w:t xml:space="preserve"> — nog niet door alle partners vastgesteld</w:t></w:r></w:p>"#,
        );
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{body}</w:hdr>"#
    )
}

/// The page footer: the snapshot id and the page number.
fn footer(doc: &SnapshotDocument) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:rPr><w:sz w:val="14"/></w:rPr><w:t xml:space="preserve">Snapshot {} · pagina </w:t></w:r><w:fldSimple w:instr="PAGE"><w:r><w:rPr><w:sz w:val="14"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"#,
        doc.snapshot.id
    )
}

/// The body, section by section as in the other formats.
fn document(doc: &SnapshotDocument) -> String {
    let s = &doc.snapshot;
    let mut body = String::new();
    body.push_str(&paragraph(&doc.alliance.name, Some("Title")));
    body.push_str(&paragraph(
        &format!("Afsprakenset versie {} d.d. {}", s.label, s.date_nl),
        None,
    ));
    let status = if doc.vastgesteld {
        "vastgesteld door alle partners"
    } else {
        "nog niet door alle partners vastgesteld"
    };
    for (name, value) in [
        ("Te citeren als", doc.citation.as_str()),
        ("Snapshot", s.id.as_str()),
        ("Korte aanduiding", s.short_id.as_str()),
        ("Status", status),
        ("Ondertekening", doc.provenance.statement.as_str()),
    ] {
        body.push_str(&field(name, value));
    }
    if !doc.alliance.description.is_empty() {
        body.push_str(&paragraph(&doc.alliance.description, None));
    }
    summary(&mut body, doc);
    body.push_str(&paragraph("1. Partijen", Some("Heading1")));
    let parties: Vec<Vec<String>> = doc
        .partners
        .iter()
        .map(|p| vec![p.name.clone(), p.kind_label.clone(), p.roles.join(", ")])
        .collect();
    body.push_str(&table(&["Partner", "Soort", "Rollen"], &parties));
    body.push_str(&paragraph("2. Gedeelde ambitie", Some("Heading1")));
    body.push_str(&paragraph(
        or(&doc.ambition, "Nog niet geformuleerd."),
        None,
    ));
    body.push_str(&paragraph("Beoogde effecten", Some("Heading2")));
    let effects: Vec<Vec<String>> = doc
        .effects
        .iter()
        .map(|e| vec![e.text.clone(), e.indicator.clone(), e.target.clone()])
        .collect();
    body.push_str(&table(&["Effect", "Indicator", "Streefwaarde"], &effects));
    body.push_str(&paragraph("3. Afspraken", Some("Heading1")));
    if doc.agreements.is_empty() {
        body.push_str(&paragraph("Geen afspraken.", None));
    }
    for (index, agreement) in doc.agreements.iter().enumerate() {
        self::agreement(&mut body, index + 1, agreement);
    }
    interests(&mut body, doc);
    changes(&mut body, doc);
    ratification(&mut body, doc);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId2"/><w:footerReference w:type="default" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1247" w:bottom="1418" w:left="1247" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

fn summary(body: &mut String, doc: &SnapshotDocument) {
    body.push_str(&paragraph("Samenvatting", Some("Heading1")));
    let summary = &doc.summary;
    let columns = summary.columns();
    let rows: Vec<Vec<String>> = summary.rows.iter().map(SummaryRow::cells).collect();
    body.push_str(&table(&columns, &rows));
    if summary.has_earlier_text() {
        body.push_str(&paragraph(&summary.earlier_text_note, None));
    }
}

fn agreement(body: &mut String, number: usize, a: &AgreementEntry) {
    body.push_str(&paragraph(
        &format!("3.{number} {}", a.title),
        Some("Heading2"),
    ));
    body.push_str(&field("Status", &a.status_label));
    let owners = if a.owners.is_empty() {
        "niet toegewezen".to_owned()
    } else {
        a.owners.join(", ")
    };
    body.push_str(&field("Verantwoordelijk", &owners));
    if let Some(date) = &a.review_date_nl {
        body.push_str(&field("Evaluatiedatum", date));
    }
    if !a.outcome.is_empty() {
        body.push_str(&field("Uitkomst", &a.outcome));
    }
    for note in &a.notes {
        body.push_str(&field("Let op", note));
    }
    for line in a.body.lines() {
        body.push_str(&paragraph(line, None));
    }
    if a.positions.is_empty() {
        body.push_str(&paragraph("Nog geen posities.", None));
        return;
    }
    let rows: Vec<Vec<String>> = a
        .positions
        .iter()
        .map(|p| vec![p.partner.clone(), p.stance_label.clone(), p.reason.clone()])
        .collect();
    body.push_str(&table(&["Partner", "Positie", "Toelichting"], &rows));
}

fn interests(body: &mut String, doc: &SnapshotDocument) {
    body.push_str(&paragraph(
        "4. Belangen waar de afspraken op ingaan",
        Some("Heading1"),
    ));
    let rows: Vec<Vec<String>> = doc
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
    body.push_str(&table(&["Partner", "Belang", "Status"], &rows));
    for i in &doc.interests {
        for note in &i.notes {
            body.push_str(&field(&format!("Let op ({})", i.partner), note));
        }
    }
}

fn changes(body: &mut String, doc: &SnapshotDocument) {
    body.push_str(&paragraph(
        "5. Wijzigingen sinds de vorige vastgestelde versie",
        Some("Heading1"),
    ));
    let Some(since) = &doc.changes.since else {
        body.push_str(&paragraph(
            "Er is nog geen eerder vastgestelde versie; dit is de eerste versie ter vaststelling.",
            None,
        ));
        return;
    };
    body.push_str(&paragraph(
        &format!(
            "Vergeleken met versie {} d.d. {} (snapshot {}).",
            since.label, since.date_nl, since.short_id
        ),
        None,
    ));
    if doc.changes.diff.agreements.is_empty() {
        body.push_str(&paragraph("Geen wijzigingen in de afspraken.", None));
    }
    for change in &doc.changes.diff.agreements {
        body.push_str(&paragraph(
            &format!("{} ({})", change.title, change.kind_label),
            Some("Heading2"),
        ));
        if let Some(title) = &change.title_change {
            body.push_str(&field(
                "Titel",
                &format!("{} → {}", title.before, title.after),
            ));
        }
        if let Some(status) = &change.status {
            let label = |s: &Option<crate::model::AgreementStatus>| {
                s.map_or_else(|| "—".to_owned(), |s| s.label_nl().to_owned())
            };
            body.push_str(&field(
                "Status",
                &format!("{} → {}", label(&status.before), label(&status.after)),
            ));
        }
        if let Some(pieces) = &change.body {
            body.push_str(&text_changes(pieces));
        }
        for position in &change.positions {
            let stance = |p: &Option<crate::model::PositionView>| {
                p.as_ref()
                    .map_or_else(|| "—".to_owned(), |p| p.stance.label_nl().to_owned())
            };
            body.push_str(&field(
                &format!("Positie {}", position.partner_name),
                &format!("{} → {}", stance(&position.before), stance(&position.after)),
            ));
        }
        let by: Vec<String> = change
            .by
            .iter()
            .map(|b| {
                b.partner_name
                    .clone()
                    .unwrap_or_else(|| "onbekend apparaat".into())
            })
            .collect();
        if !by.is_empty() {
            body.push_str(&field("Door", &by.join(", ")));
        }
    }
}

fn ratification(body: &mut String, doc: &SnapshotDocument) {
    body.push_str(&paragraph("6. Status van vaststelling", Some("Heading1")));
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
    let rows: Vec<Vec<String>> = doc
        .ratification
        .iter()
        .map(|r| {
            vec![
                r.partner.clone(),
                dash(&r.body),
                r.decision_label.clone(),
                dash(&r.date_nl),
                dash(&r.reference),
            ]
        })
        .collect();
    body.push_str(&table(
        &["Partner", "Orgaan", "Besluit", "Datum", "Kenmerk"],
        &rows,
    ));
    body.push_str(&paragraph("7. Besluit per partner", Some("Heading1")));
    for r in &doc.ratification {
        decision_block(body, r);
    }
}

/// One partner's decision block, with lines to fill in by hand.
fn decision_block(body: &mut String, r: &RatificationEntry) {
    const LINE: &str = "____________________________________";
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| LINE.to_owned());
    body.push_str(&paragraph(&r.partner, Some("Heading2")));
    body.push_str(&field("Orgaan", &value(&r.body)));
    body.push_str(&field(
        "Besluit",
        &value(&r.decision.map(|_| r.decision_label.clone())),
    ));
    body.push_str(&field("Datum", &value(&r.date_nl)));
    body.push_str(&field("Kenmerk", &value(&r.reference)));
    body.push_str(&field("Voorwaarden", &value(&r.conditions)));
    for name in ["Naam", "Functie", "Plaats", "Handtekening"] {
        body.push_str(&field(name, LINE));
    }
}

/// A changed text: added words underlined, removed words struck through.
fn text_changes(pieces: &[super::diff::TextPiece]) -> String {
    use super::diff::PieceOp;
    let mut out = String::from("<w:p>");
    for piece in pieces {
        let style = match piece.op {
            PieceOp::Same => "",
            PieceOp::Added => r#"<w:rPr><w:u w:val="single"/><w:color w:val="1A6B1A"/></w:rPr>"#,
            PieceOp::Removed => r#"<w:rPr><w:strike/><w:color w:val="A01010"/></w:rPr>"#,
        };
        out.push_str(&format!(
            r#"<w:r>{style}<w:t xml:space="preserve">{}</w:t></w:r>"#,
            esc(&piece.text)
        ));
    }
    out.push_str("</w:p>");
    out
}

fn or<'a>(text: &'a str, otherwise: &'a str) -> &'a str {
    if text.is_empty() { otherwise } else { text }
}

/// A paragraph of plain text, in a style.
fn paragraph(text: &str, style: Option<&str>) -> String {
    let style = style
        .map(|s| format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#))
        .unwrap_or_default();
    format!(
        r#"<w:p>{style}<w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

/// "Name: value", the name in bold.
fn field(name: &str, value: &str) -> String {
    format!(
        r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}: </w:t></w:r><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(name),
        esc(value)
    )
}

/// A table with a header row.
fn table(columns: &[&str], rows: &[Vec<String>]) -> String {
    if rows.is_empty() {
        return paragraph("Geen.", None);
    }
    let cell = |text: &str, bold: bool| {
        let run = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
        format!(
            r#"<w:tc><w:p><w:r>{run}<w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>"#,
            esc(text)
        )
    };
    let mut out = String::from(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr>"#,
    );
    out.push_str(r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>"#);
    for column in columns {
        out.push_str(&cell(column, true));
    }
    out.push_str("</w:tr>");
    for row in rows {
        out.push_str("<w:tr>");
        for value in row {
            out.push_str(&cell(value, false));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl><w:p/>");
    out
}

/// Text escaped for XML, without the characters XML 1.0 forbids.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}
