//! Common indicators of the municipal social domain to pick from: the
//! figures every municipality can look up (CBS, published on waarstaatjegemeente.nl
//! and the Gemeentelijke Monitor Sociaal Domein). Picking one fills in an
//! indicator's fields; every field can still be changed.

use super::indicator::IndicatorEdit;
use super::kinds::{Direction, Level, Unit};

/// One indicator of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueEntry {
    /// The key to pick it by.
    pub key: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Numerator and denominator, in words.
    pub definition: &'static str,
    /// The unit.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
    /// Output, outcome or impact.
    pub level: Level,
    /// Where the figures come from.
    pub source: &'static str,
    /// A link to the source.
    pub source_url: &'static str,
}

const MONITOR: &str = "CBS, Gemeentelijke Monitor Sociaal Domein";
const MONITOR_URL: &str = "https://www.waarstaatjegemeente.nl";

/// The catalogue.
pub const CATALOGUE: &[CatalogueEntry] = &[
    CatalogueEntry {
        key: "jeugdhulp",
        name: "Jongeren met jeugdhulp (%)",
        definition: "Jongeren tot 18 jaar met jeugdhulp, gedeeld door alle jongeren tot 18 jaar",
        unit: Unit::Percent,
        direction: Direction::Lower,
        level: Level::Outcome,
        source: MONITOR,
        source_url: MONITOR_URL,
    },
    CatalogueEntry {
        key: "jeugdbescherming",
        name: "Jongeren met jeugdbescherming (%)",
        definition: "Jongeren tot 18 jaar met een jeugdbeschermingsmaatregel, gedeeld door alle jongeren tot 18 jaar",
        unit: Unit::Percent,
        direction: Direction::Lower,
        level: Level::Outcome,
        source: MONITOR,
        source_url: MONITOR_URL,
    },
    CatalogueEntry {
        key: "jeugdreclassering",
        name: "Jongeren met jeugdreclassering (%)",
        definition: "Jongeren van 12 tot 23 jaar met jeugdreclassering, gedeeld door alle jongeren van 12 tot 23 jaar",
        unit: Unit::Percent,
        direction: Direction::Lower,
        level: Level::Outcome,
        source: MONITOR,
        source_url: MONITOR_URL,
    },
    CatalogueEntry {
        key: "wmo-maatwerk",
        name: "Cliënten met een Wmo-maatwerkvoorziening per 10.000 inwoners",
        definition: "Inwoners met een maatwerkvoorziening uit de Wmo, per 10.000 inwoners",
        unit: Unit::PerTenThousand,
        direction: Direction::Lower,
        level: Level::Output,
        source: MONITOR,
        source_url: MONITOR_URL,
    },
    CatalogueEntry {
        key: "bijstand",
        name: "Personen met een bijstandsuitkering per 10.000 inwoners",
        definition: "Inwoners van 18 jaar en ouder met een bijstandsuitkering, per 10.000 inwoners van 18 jaar en ouder",
        unit: Unit::PerTenThousand,
        direction: Direction::Lower,
        level: Level::Impact,
        source: MONITOR,
        source_url: MONITOR_URL,
    },
];

/// The catalogue entry with `key`.
pub fn entry(key: &str) -> Option<&'static CatalogueEntry> {
    let key = key.trim().to_lowercase();
    CATALOGUE.iter().find(|e| e.key == key)
}

impl CatalogueEntry {
    /// The entry's fields as an indicator edit; `over` fills in what the
    /// user typed on top of them.
    pub fn with(&self, over: IndicatorEdit) -> IndicatorEdit {
        IndicatorEdit {
            name: over.name.or_else(|| Some(self.name.to_owned())),
            definition: over.definition.or_else(|| Some(self.definition.to_owned())),
            unit: over.unit.or(Some(self.unit)),
            direction: over.direction.or(Some(self.direction)),
            level: over.level.or(Some(self.level)),
            source: over.source.or_else(|| Some(self.source.to_owned())),
            source_url: over.source_url.or_else(|| Some(self.source_url.to_owned())),
            ..over
        }
    }
}
