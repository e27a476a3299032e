//! The strings of personal data and the archive, Dutch and English side by
//! side.

use super::{NL, Texts};

texts! {
    /// The user-visible strings about personal data and archiving in one
    /// language.
    PrivacyTexts, PRIVACY_NL, PRIVACY_EN {
    archive_heading: "Archiefpakket", "Archive package";
    archive_hint: "Voor het archief van uw organisatie: één zip-bestand met de PDF/A, de JSON, het volledige document van deze versie, de handtekeningen en metagegevens volgens MDTO. Het pakket bewijst zichzelf: het is ook te controleren op een computer zonder deze alliantie. Laat u de waardering nader te bepalen, dan beslist uw archivaris.",
        "For your organisation's archive: one zip file with the PDF/A, the JSON, the whole document of this version, the signatures and metadata in MDTO. The package proves itself: it can be checked on a computer without this alliance too. Leave the appraisal to be determined and your archivist decides.";
    valuation: "Waardering", "Appraisal";
    valuation_undetermined: "Nader te bepalen", "To be determined";
    valuation_permanent: "Blijvend te bewaren", "Keep permanently";
    valuation_temporary: "Tijdelijk te bewaren", "Keep for a period";
    retention_years: "Bewaartermijn in jaren", "Retention period in years";
    retention_not_number: "Vul de bewaartermijn in als een heel aantal jaren.", "Enter the retention period as a whole number of years.";
    archive_goes_to: "Het pakket komt in de map {} (zie hierboven).", "The package goes into the folder {} (see above).";
    archive_button: "Archiefpakket maken", "Make archive package";
    archived: "Archiefpakket van versie {} ({}) geschreven naar {}", "Archive package of version {} ({}) written to {}";
    }
}

impl Texts {
    /// The strings about personal data and archiving in this language.
    pub fn privacy(&self) -> &'static PrivacyTexts {
        if std::ptr::eq(self, &NL) {
            &PRIVACY_NL
        } else {
            &PRIVACY_EN
        }
    }
}
