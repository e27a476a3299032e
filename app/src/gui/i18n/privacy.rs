//! The strings of personal data and the archive, Dutch and English side by
//! side.

use super::{NL, Texts};

texts! {
    /// The user-visible strings about personal data and archiving in one
    /// language.
    PrivacyTexts, PRIVACY_NL, PRIVACY_EN {
    refused_bsn: "De tekst bevat een burgerservicenummer ({}). Daarvoor is in een alliantie geen grondslag; er is niets opgeslagen. Haal het nummer weg.", "The text holds a citizen service number ({}). There is no legal ground to process it in an alliance; nothing was saved. Take the number out.";
    refused_personal_data: "De tekst lijkt persoonsgegevens te bevatten: {}. Er is niets opgeslagen. Persoonsgegevens van cliënten horen niet in een alliantie: haal ze weg, of bevestig dat het geen persoonsgegeven is (zoals het algemene adres van een organisatie) en voer de wijziging opnieuw in.", "The text looks like it holds personal data: {}. Nothing was saved. Personal data of clients does not belong in an alliance: take it out, or confirm it is not personal data (such as an organisation's general address) and make the change again.";
    finding_email: "een e-mailadres ({})", "an e-mail address ({})";
    finding_phone: "een telefoonnummer ({})", "a phone number ({})";
    finding_address: "een adres ({})", "an address ({})";
    finding_birth_date: "een geboortedatum ({})", "a date of birth ({})";
    finding_bsn: "een burgerservicenummer", "a citizen service number";
    not_personal: "Dit is geen persoonsgegeven", "This is not personal data";
    confirmed_not_personal: "Bevestigd: {} is geen persoonsgegeven. Voer de wijziging opnieuw in.", "Confirmed: {} is not personal data. Make the change again.";
    hidden_bsn: "1 tekst bevat een burgerservicenummer; het wordt afgeschermd getoond. Vraag de partners om het te laten wissen.|{} teksten bevatten een burgerservicenummer; het wordt afgeschermd getoond. Vraag de partners om het te laten wissen.", "1 text holds a citizen service number; it is shown masked. Ask the partners to have it erased.|{} texts hold a citizen service number; it is shown masked. Ask the partners to have it erased.";
    problem_not_read: "Het bestand {} kon niet worden gelezen: {}", "The file {} could not be read: {}";
    bundle_damaged: "Dit is geen bestand met wijzigingen van Rondetafel, of het is beschadigd. Er is niets ingelezen.", "This is not a Rondetafel change file, or it is damaged. Nothing was read in.";
    bundle_unknown: "Dit bestand is van de alliantie {}, die dit apparaat niet heeft. Word eerst partner met een uitnodiging.", "This file is of the alliance {}, which this device does not hold. Join it first with an invitation.";
    bundle_refused: "Niet alle wijzigingen in het bestand zijn in orde: een wijziging is niet ondertekend door het apparaat dat ze noemt, of bouwt voort op zo'n wijziging. Er is niets ingelezen; vraag de partner om een nieuw bestand.", "Not every change in the file is in order: a change is not signed by the device it names, or builds on such a change. Nothing was read in; ask the partner for a new file.";
    bundle_missing_history: "Het bestand bouwt voort op wijzigingen die dit apparaat nog niet heeft. Er is niets ingelezen; vraag om een bestand met alle wijzigingen.", "The file builds on changes this device does not have yet. Nothing was read in; ask for a file with every change.";
    carry_heading: "Wijzigingen per bestand", "Changes by file";
    carry_hint: "Voor een partner die niet kan verbinden: maak een bestand met de wijzigingen die die partner mist en geef het mee (per e-mail, op een USB-stick). Elke wijziging blijft ondertekend; bij het inlezen wordt alles gecontroleerd zoals bij het uitwisselen.", "For a partner who cannot connect: make a file with the changes that partner lacks and hand it over (by e-mail, on a USB stick). Every change stays signed; reading it in checks everything as an exchange does.";
    carry_for: "Voor", "For";
    carry_everything: "Alle wijzigingen", "Every change";
    carry_make: "Bestand maken", "Make file";
    carry_file: "Bestand om in te lezen", "File to read in";
    carry_read: "Bestand inlezen", "Read in file";
    bundle_made: "Bestand met {} wijziging(en) geschreven naar {}", "File with {} change(s) written to {}";
    bundle_read: "{} nieuwe wijziging(en) van {} ingelezen", "{} new change(s) of {} read in";
    bundle_nothing_new: "Niets nieuws voor {}: dit apparaat had alle wijzigingen uit het bestand al.", "Nothing new for {}: this device had every change in the file already.";
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

impl PrivacyTexts {
    /// One finding in words.
    pub fn finding(&self, finding: &crate::model::privacy::Finding) -> String {
        use crate::model::privacy::FindingKind as K;
        let template = match finding.kind {
            K::Bsn => return self.finding_bsn.to_owned(),
            K::Email => self.finding_email,
            K::Phone => self.finding_phone,
            K::Address => self.finding_address,
            K::BirthDate => self.finding_birth_date,
        };
        super::fill(template, &[&finding.text])
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
