//! The strings of erasure on request (restarting an alliance on a new
//! epoch), Dutch and English side by side.

use super::{NL, Texts};

texts! {
    /// The user-visible strings about erasure in one language.
    ErasureTexts, ERASURE_NL, ERASURE_EN {
    heading: "Wissen op verzoek", "Erasure on request";
    hint: "Staat er een persoonsgegeven in de alliantie, bijvoorbeeld een naam die per ongeluk is getypt? Een tekst aanpassen is niet genoeg: elke eerdere versie blijft op alle apparaten bewaard. Stel daarom een herstart voor: de alliantie gaat verder in een nieuw document met de stand van nu, waarin de tekst overal is vervangen door [verwijderd]. Pas als alle partners instemmen, verdwijnt de oude geschiedenis van elk apparaat. Vastgestelde versies blijven te controleren met hun export of archiefpakket.",
        "Is there personal data in the alliance, a name typed by mistake, say? Editing the text is not enough: every earlier version stays on every device. Propose a restart instead: the alliance continues in a new document with today's state, in which the text is replaced by [verwijderd] everywhere. Only when every partner agrees does the old history leave every device. Ratified versions stay verifiable from their export or archive package.";
    erase_text: "Te verwijderen tekst (wordt niet opgeslagen)", "Text to take out (not stored)";
    reason: "Reden, zonder persoonsgegevens", "Reason, without personal data";
    reason_needed: "Geef een reden op, bijvoorbeeld ‘verwijderverzoek van 1 maart’.", "Give a reason, such as ‘erasure request of 1 March’.";
    propose: "Herstart voorstellen", "Propose restart";
    proposed: "Herstart voorgesteld: {} vervangen. De andere partners kunnen nu instemmen.", "Restart proposed: {} replaced. The other partners can now agree.";
    values: "1 waarde|{} waarden", "1 value|{} values";
    not_found: "De tekst komt niet voor in de stand van nu; de herstart verwijdert alleen de geschiedenis.", "The text does not occur in today's state; the restart only drops the history.";
    proposal: "Voorstel van {} op {}: {}", "Proposal by {} on {}: {}";
    replaced: "Vervangt {}.", "Replaces {}.";
    show_replacements: "Bekijk de vervangingen", "Show the replacements";
    waiting: "Wacht op: {}", "Waiting for: {}";
    refused: "Geweigerd door een partner; de alliantie gaat niet opnieuw van start.", "Refused by a partner; the alliance does not restart.";
    agreed: "Alle partners stemmen in. De herstart wordt uitgevoerd.", "Every partner agrees. The restart is being carried out.";
    accept: "Instemmen namens {}", "Agree on behalf of {}";
    refuse: "Weigeren", "Refuse";
    you_answered: "{} heeft al geantwoord.", "{} has answered already.";
    restarted_from: "Deze alliantie is opnieuw gestart (reden: {}). {} van vóór de herstart zijn te controleren met hun export of archiefpakket.", "This alliance restarted (reason: {}). {} from before the restart can be verified from their export or archive package.";
    versions: "1 versie|{} versies", "1 version|{} versions";
    restarted: "{} is opnieuw gestart in een nieuw document; de oude geschiedenis is van dit apparaat verwijderd.", "{} restarted in a new document; the old history was removed from this device.";
    carried_heading: "Wijzigingen van dit apparaat van vóór de herstart", "This device's edits from before the restart";
    carried_hint: "Deze wijzigingen maakte dit apparaat nadat de herstart werd voorgesteld. Bekijk ze: neem ze over in het nieuwe document, of laat ze vervallen.", "This device made these edits after the restart was proposed. Review them: take them into the new document, or let them go.";
    carry_over: "Overnemen", "Take over";
    let_go: "Laten vervallen", "Let go";
    carried_applied: "{} wijziging(en) overgenomen.", "{} edit(s) taken over.";
    refused_too_short: "De te verwijderen tekst moet minstens 3 tekens lang zijn.", "The text to take out must be at least 3 characters long.";
    refused_closed_refused: "Een partner heeft deze herstart geweigerd.", "A partner refused this restart.";
    refused_closed_agreed: "Alle partners hebben al ingestemd met deze herstart.", "Every partner has agreed to this restart already.";
    refused_not_ready: "Deze herstart kan nog niet worden uitgevoerd: niet alle partners hebben ingestemd, of de versie ontbreekt op dit apparaat.", "This restart cannot be carried out yet: not every partner has agreed, or its version is missing on this device.";
    restart_failed: "De herstart kon niet worden uitgevoerd.", "The restart could not be carried out.";
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
