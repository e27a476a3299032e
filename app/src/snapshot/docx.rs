//! The Word export (Office Open XML, `.docx`): the shared [`Layout`], for
//! board offices that work in Word. The parts are stored
//! uncompressed with fixed timestamps, so the same content always gives the
//! same bytes and the metadata token can be found in the file as it is.

use super::SnapshotError;
use super::layout::{Block, Field, Layout, Span, Table};
use super::xml::escape as esc;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="20"/><w:lang w:val="nl-NL"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="80"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="160"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="22"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:left w:val="single" w:sz="8" w:space="6" w:color="666666"/></w:pBdr><w:ind w:left="240"/></w:pPr></w:style><w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style></w:styles>"#;

/// Renders `layout` as a `.docx` file.
pub(super) fn render(layout: &Layout) -> Result<Vec<u8>, SnapshotError> {
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", ROOT_RELS.to_owned()),
        ("docProps/core.xml", core(layout)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/header1.xml", header(layout)),
        ("word/footer1.xml", footer(layout)),
        ("word/document.xml", document(layout)),
    ];
    super::stored_zip::write(parts.iter().map(|(name, xml)| (*name, xml.as_bytes())))
        .map_err(|e| SnapshotError::Render(format!("docx: {e}")))
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
fn core(layout: &Layout) -> String {
    let meta = &layout.meta;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:identifier>snapshot {}</dc:identifier></cp:coreProperties>"#,
        esc(&meta.title),
        esc(&meta.authors.join(", ")),
        meta.token,
        meta.ident
    )
}

/// The page header: the version, and CONCEPT until every partner adopted it.
fn header(layout: &Layout) -> String {
    let mut body = paragraph(&[Span::Plain(layout.meta.running_head.clone())], None);
    if layout.meta.concept {
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
fn footer(layout: &Layout) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:rPr><w:sz w:val="14"/></w:rPr><w:t xml:space="preserve">{} · pagina </w:t></w:r><w:fldSimple w:instr="PAGE"><w:r><w:rPr><w:sz w:val="14"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"#,
        esc(&layout.meta.footer)
    )
}

/// The body.
fn document(layout: &Layout) -> String {
    let mut body = String::new();
    blocks(&mut body, &layout.blocks);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId2"/><w:footerReference w:type="default" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1247" w:bottom="1418" w:left="1247" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

fn blocks(body: &mut String, blocks: &[Block]) {
    for block in blocks {
        self::block(body, block);
    }
}

fn block(body: &mut String, block: &Block) {
    match block {
        Block::Title { title, subtitle } => {
            body.push_str(&paragraph(&[Span::Plain(title.clone())], Some("Title")));
            body.push_str(&paragraph(&[Span::Plain(subtitle.clone())], None));
        }
        Block::Heading {
            level,
            number,
            text,
        } => {
            let text = match number {
                Some(n) => format!("{n} {text}"),
                None => text.clone(),
            };
            let style = if *level == 1 { "Heading1" } else { "Heading2" };
            body.push_str(&paragraph(&[Span::Plain(text)], Some(style)));
        }
        Block::Paragraph { spans } => body.push_str(&paragraph(spans, None)),
        Block::Quote { spans } => body.push_str(&paragraph(spans, Some("Quote"))),
        Block::Fields { fields } => {
            for f in fields {
                body.push_str(&field(f));
            }
        }
        Block::Table(t) => body.push_str(&table(t)),
        Block::Frame { title, blocks } => {
            if let Some(title) = title {
                body.push_str(&paragraph(&[Span::Plain(title.clone())], Some("Heading2")));
            }
            self::blocks(body, blocks);
        }
        Block::Together { blocks } => self::blocks(body, blocks),
        // The table beside it carries the figures.
        Block::Chart { .. } => {}
        Block::PageBreak => body.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#),
        Block::WritingSpace { lines } => {
            for _ in 0..*lines {
                body.push_str(&paragraph(&[Span::Plain("_".repeat(60))], None));
            }
        }
    }
}

/// One run of text in its style; line breaks become Word line breaks.
fn run(span: &Span) -> String {
    let style = match span {
        Span::Plain(_) => "",
        Span::Strong(_) => "<w:rPr><w:b/></w:rPr>",
        Span::Emphasis(_) => "<w:rPr><w:i/></w:rPr>",
        Span::Code(_) => r#"<w:rPr><w:rFonts w:ascii="Consolas" w:hAnsi="Consolas"/></w:rPr>"#,
        Span::Added(_) => r#"<w:rPr><w:u w:val="single"/><w:color w:val="1A6B1A"/></w:rPr>"#,
        Span::Removed(_) => r#"<w:rPr><w:strike/><w:color w:val="A01010"/></w:rPr>"#,
    };
    let text = span
        .text()
        .split('\n')
        .map(|line| format!(r#"<w:t xml:space="preserve">{}</w:t>"#, esc(line)))
        .collect::<Vec<_>>()
        .join("<w:br/>");
    format!("<w:r>{style}{text}</w:r>")
}

/// A paragraph, in a style.
fn paragraph(spans: &[Span], style: Option<&str>) -> String {
    let style = style
        .map(|s| format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#))
        .unwrap_or_default();
    let runs: String = spans.iter().map(run).collect();
    format!("<w:p>{style}{runs}</w:p>")
}

/// "Name: value", the name in bold; a line to fill in when there is no value.
fn field(field: &Field) -> String {
    const LINE: &str = "____________________________________";
    let value = field.value.clone().unwrap_or_else(|| LINE.to_owned());
    paragraph(
        &[
            Span::Strong(format!("{}: ", field.name)),
            Span::Plain(value),
        ],
        None,
    )
}

/// A table with a header row that repeats on every page.
fn table(table: &Table) -> String {
    let cell = |text: &str, bold: bool| {
        let span = if bold {
            Span::Strong(text.to_owned())
        } else {
            Span::Plain(text.to_owned())
        };
        format!("<w:tc>{}</w:tc>", paragraph(&[span], None))
    };
    let mut out = String::from(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr>"#,
    );
    out.push_str(r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>"#);
    for column in &table.columns {
        out.push_str(&cell(column, true));
    }
    out.push_str("</w:tr>");
    for row in &table.rows {
        out.push_str("<w:tr>");
        for value in row {
            out.push_str(&cell(value, false));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl><w:p/>");
    out
}
