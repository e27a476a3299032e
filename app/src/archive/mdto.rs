//! The package's metadata in MDTO (Metagegevens Duurzaam Toegankelijke
//! Overheidsinformatie, XML schema 1.0.1 of the Nationaal Archief): one
//! `informatieobject` for the snapshot and one `bestand` per file, each in
//! its own file, the elements in the schema's order.

use super::{ArchiveOptions, PackedFile, Valuation};
use crate::model::Decision;
use crate::snapshot::content::SnapshotDocument;
use crate::snapshot::xml::escape;

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<MDTO xmlns="https://www.nationaalarchief.nl/mdto" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="https://www.nationaalarchief.nl/mdto https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd">
"#;

/// Where the snapshot id comes from (MDTO *identificatieBron*).
pub(super) const SNAPSHOT_ID_SOURCE: &str = "Rondetafel snapshot-id (SHA-256 over de heads)";
const PACKAGE_SOURCE: &str = "Rondetafel archiefpakket";
const OWN_TERMS: &str = "Begrippenlijst Rondetafel";

/// The `informatieobject` of the snapshot.
pub(super) fn record(
    document: &SnapshotDocument,
    files: &[PackedFile],
    options: &ArchiveOptions,
) -> String {
    let mut x = Xml::new("informatieobject");
    identification(&mut x, &document.snapshot.id, SNAPSHOT_ID_SOURCE);
    x.leaf("naam", &document.citation);
    term(
        &mut x,
        "aggregatieniveau",
        "Archiefstuk",
        None,
        "Begrippenlijst Aggregatieniveaus MDTO",
    );
    term(
        &mut x,
        "classificatie",
        "Afsprakenset van een samenwerkingsverband",
        None,
        OWN_TERMS,
    );
    x.leaf("trefwoord", "samenwerkingsverband");
    x.leaf("trefwoord", "sociaal domein");
    x.leaf("omschrijving", &description(document));
    x.leaf("taal", "nl");
    event(
        &mut x,
        "Creatie",
        "Begrippenlijst EventTypeLijst MDTO",
        &document.snapshot.date,
        &document.alliance.name,
        None,
    );
    for decision in &document.ratification {
        board_event(&mut x, decision);
    }
    valuation(&mut x, options);
    for file in files {
        reference(
            &mut x,
            "heeftRepresentatie",
            &file.name,
            Some((&file_id(document, &file.name), PACKAGE_SOURCE)),
        );
    }
    reference(&mut x, "archiefvormer", &options.archive_creator, None);
    for partner in &document.partners {
        x.open("betrokkene");
        term(
            &mut x,
            "betrokkeneTypeRelatie",
            "Partner in het samenwerkingsverband",
            None,
            OWN_TERMS,
        );
        reference(
            &mut x,
            "betrokkeneActor",
            &partner.name,
            Some((&partner.id, "Rondetafel partner-id")),
        );
        x.close("betrokkene");
    }
    reference(
        &mut x,
        "activiteit",
        &format!(
            "Afspraken maken en vaststellen in samenwerkingsverband {}",
            document.alliance.name
        ),
        None,
    );
    x.open("beperkingGebruik");
    term(
        &mut x,
        "beperkingGebruikType",
        "Nader te bepalen",
        None,
        "Begrippenlijst Beperkingen MDTO",
    );
    x.leaf(
        "beperkingGebruikNadereBeschrijving",
        "De afspraken, belangen en standpunten van de partners; de archiefvormer bepaalt de openbaarheid.",
    );
    x.close("beperkingGebruik");
    x.finish()
}

/// The `bestand` of one file of the package.
pub(super) fn file(document: &SnapshotDocument, file: &PackedFile, checked_at: &str) -> String {
    let mut x = Xml::new("bestand");
    identification(&mut x, &file_id(document, &file.name), PACKAGE_SOURCE);
    x.leaf("naam", &file.name);
    x.leaf("omvang", &file.bytes.to_string());
    let (label, code, list) = format_of(&file.name);
    term(&mut x, "bestandsformaat", label, code, list);
    x.open("checksum");
    term(
        &mut x,
        "checksumAlgoritme",
        "SHA-256",
        None,
        "Begrippenlijst ChecksumAlgoritme MDTO",
    );
    x.leaf("checksumWaarde", &file.sha256);
    x.leaf("checksumDatum", checked_at);
    x.close("checksum");
    reference(
        &mut x,
        "isRepresentatieVan",
        &document.citation,
        Some((&document.snapshot.id, SNAPSHOT_ID_SOURCE)),
    );
    x.finish()
}

/// The text of the first `<tag>` element in `xml`, unescaped; for reading
/// back the metadata this module wrote.
pub(super) fn first(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(
        xml[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

fn file_id(document: &SnapshotDocument, name: &str) -> String {
    format!("{}/{name}", document.snapshot.id)
}

fn format_of(name: &str) -> (&'static str, Option<&'static str>, &'static str) {
    match name {
        super::PDF => (
            "Acrobat PDF/A - Portable Document Format 2a",
            Some("fmt/476"),
            "PRONOM-register",
        ),
        super::DOCUMENT => ("Automerge-document", None, OWN_TERMS),
        _ => (
            "JSON Data Interchange Format",
            Some("fmt/817"),
            "PRONOM-register",
        ),
    }
}

fn description(document: &SnapshotDocument) -> String {
    let status = if document.vastgesteld {
        "Vastgesteld door alle partners."
    } else {
        "Nog niet door alle partners vastgesteld."
    };
    let mut text = format!(
        "Afsprakenset van samenwerkingsverband {}, versie {} d.d. {}. {status} {}",
        document.alliance.name,
        document.snapshot.label,
        document.snapshot.date_nl,
        document.provenance.statement
    );
    if !document.alliance.description.trim().is_empty() {
        text = format!("{} {text}", document.alliance.description.trim());
    }
    text
}

fn board_event(x: &mut Xml, entry: &crate::snapshot::content::RatificationEntry) {
    let (Some(decision), Some(date)) = (entry.decision, entry.date.as_deref()) else {
        return;
    };
    let (kind, list) = match decision {
        Decision::Adopted | Decision::AdoptedWithConditions => {
            ("Accordering", "Begrippenlijst EventTypeLijst MDTO")
        }
        Decision::Rejected => ("Afwijzing", OWN_TERMS),
        Decision::Postponed => ("Aanhouding", OWN_TERMS),
    };
    let actor = match &entry.body {
        Some(body) => format!("{}, {body}", entry.partner),
        None => entry.partner.clone(),
    };
    let mut result = entry.decision_label.clone();
    if let Some(reference) = &entry.reference {
        result.push_str(&format!("; kenmerk {reference}"));
    }
    if let Some(conditions) = &entry.conditions {
        result.push_str(&format!("; voorwaarden: {conditions}"));
    }
    event(x, kind, list, date, &actor, Some(&result));
}

fn event(x: &mut Xml, kind: &str, list: &str, date: &str, actor: &str, result: Option<&str>) {
    x.open("event");
    term(x, "eventType", kind, None, list);
    x.leaf("eventTijd", date);
    reference(x, "eventVerantwoordelijkeActor", actor, None);
    if let Some(result) = result {
        x.leaf("eventResultaat", result);
    }
    x.close("event");
}

fn valuation(x: &mut Xml, options: &ArchiveOptions) {
    let (label, code) = match options.valuation {
        Valuation::Permanent => ("Blijvend te bewaren", "B"),
        Valuation::Temporary => ("Tijdelijk te bewaren", "V"),
        Valuation::Undetermined => ("Nader te bepalen", "N"),
    };
    term(
        x,
        "waardering",
        label,
        Some(code),
        "Begrippenlijst Waarderingen MDTO",
    );
    if let Some(years) = options.retention_years {
        x.open("bewaartermijn");
        x.leaf("termijnLooptijd", &format!("P{years}Y"));
        x.close("bewaartermijn");
    }
}

fn identification(x: &mut Xml, id: &str, source: &str) {
    x.open("identificatie");
    x.leaf("identificatieKenmerk", id);
    x.leaf("identificatieBron", source);
    x.close("identificatie");
}

fn term(x: &mut Xml, tag: &str, label: &str, code: Option<&str>, list: &str) {
    x.open(tag);
    x.leaf("begripLabel", label);
    if let Some(code) = code {
        x.leaf("begripCode", code);
    }
    reference(x, "begripBegrippenlijst", list, None);
    x.close(tag);
}

fn reference(x: &mut Xml, tag: &str, name: &str, id: Option<(&str, &str)>) {
    x.open(tag);
    x.leaf("verwijzingNaam", name);
    if let Some((id, source)) = id {
        x.open("verwijzingIdentificatie");
        x.leaf("identificatieKenmerk", id);
        x.leaf("identificatieBron", source);
        x.close("verwijzingIdentificatie");
    }
    x.close(tag);
}

/// An indented XML writer for one MDTO object.
struct Xml {
    out: String,
    depth: usize,
    object: &'static str,
}

impl Xml {
    fn new(object: &'static str) -> Xml {
        let mut xml = Xml {
            out: HEADER.to_owned(),
            depth: 1,
            object,
        };
        xml.open(object);
        xml
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, tag: &str) {
        self.indent();
        self.out.push_str(&format!("<{tag}>\n"));
        self.depth += 1;
    }

    fn close(&mut self, tag: &str) {
        self.depth -= 1;
        self.indent();
        self.out.push_str(&format!("</{tag}>\n"));
    }

    fn leaf(&mut self, tag: &str, text: &str) {
        self.indent();
        self.out
            .push_str(&format!("<{tag}>{}</{tag}>\n", escape(text)));
    }

    fn finish(mut self) -> String {
        self.close(self.object);
        self.out.push_str("</MDTO>\n");
        self.out
    }
}
