//! The strings of erasure on request (restarting an alliance on a new
//! epoch), Dutch and English side by side: for now the refusals the
//! window can meet.

use super::{NL, Texts};

texts! {
    /// The user-visible strings about erasure in one language.
    ErasureTexts, ERASURE_NL, ERASURE_EN {
    refused_too_short: "De te verwijderen tekst moet minstens 3 tekens lang zijn.", "The text to take out must be at least 3 characters long.";
    refused_closed_refused: "Een partner heeft deze herstart geweigerd.", "A partner refused this restart.";
    refused_closed_agreed: "Alle partners hebben al ingestemd met deze herstart.", "Every partner has agreed to this restart already.";
    refused_not_ready: "Deze herstart kan nog niet worden uitgevoerd: niet alle partners hebben ingestemd, of de versie ontbreekt op dit apparaat.", "This restart cannot be carried out yet: not every partner has agreed, or its version is missing on this device.";
    }
}

impl Texts {
    /// The strings about erasure in this language.
    pub fn erasure(&self) -> &'static ErasureTexts {
        if std::ptr::eq(self, &NL) {
            &ERASURE_NL
        } else {
            &ERASURE_EN
        }
    }
}
