//! The strings of erasure on request (restarting an alliance on a new
//! epoch), Dutch and English side by side.

use super::{NL, Texts};

texts! {
    /// The user-visible strings about erasure in one language.
    ErasureTexts, ERASURE_NL, ERASURE_EN {
    heading: "Verwijderen op verzoek", "Erasure on request";
    hint: "Staat er per ongeluk een persoonsgegeven in de alliantie, zoals de naam van een cliënt? Een wijziging wist het niet: elke partner bewaart alle eerdere versies. Stel daarom voor om de alliantie opnieuw te beginnen met de stand van nu, zonder die tekst. Als alle partners instemmen, verdwijnt de eerdere geschiedenis van elk apparaat. Vaststellingen van daarvoor blijven te controleren met hun archiefpakketten.", "Was personal data typed into the alliance by mistake, such as a client's name? An edit does not erase it: every partner keeps every earlier version. So propose to restart the alliance with its state of today, without that text. When every partner agrees, the earlier history leaves every device. Snapshots ratified before stay verifiable from their archive packages.";
    text_label: "Te verwijderen tekst (wordt niet opgeslagen; overal vervangen door [verwijderd])", "Text to take out (not stored; replaced everywhere by [verwijderd])";
    reason_label: "Reden, zonder persoonsgegevens (bijvoorbeeld: verwijderverzoek van 1 maart)", "Reason, without personal data (for example: erasure request of 1 March)";
    propose: "Herstart voorstellen", "Propose a restart";
    proposed: "Herstart voorgesteld. Alle partners moeten nu instemmen, ook uw eigen organisatie.", "Restart proposed. Every partner must now agree, your own organisation included.";
    not_found: "De tekst komt nu nergens in de alliantie voor; de herstart laat alleen de eerdere geschiedenis vallen.", "The text does not occur in the alliance as it is now; the restart only drops the earlier history.";
    proposal: "Voorgesteld door {} op {}: {}", "Proposed by {} on {}: {}";
    replaced: "1 waarde wordt vervangen|{} waarden worden vervangen", "1 value is replaced|{} values are replaced";
    waiting_for: "Wacht op: {}", "Waiting for: {}";
    agreed: "Alle partners hebben ingestemd.", "Every partner has agreed.";
    refused: "Een partner heeft geweigerd; deze herstart gaat niet door.", "A partner refused; this restart does not go ahead.";
    accept: "Instemmen namens {}", "Agree on behalf of {}";
    refuse: "Weigeren namens {}", "Refuse on behalf of {}";
    answered: "{} heeft geantwoord.", "{} has answered.";
    epoch: "Deze alliantie is opnieuw begonnen: {}. {}", "This alliance restarted: {}. {}";
    previous_snapshots: "Vaststellingen van daarvoor: {}.", "Snapshots from before: {}.";
    no_previous_snapshots: "Er waren daarvoor geen vaststellingen.", "There were no snapshots before.";
    carried_heading: "Uw wijzigingen van vóór de herstart", "Your edits from before the restart";
    carried_hint: "Dit apparaat deed deze wijzigingen nadat de herstart was voorgesteld; ze staan nog niet in de nieuwe versie. Lees ze na, en neem ze over of laat ze vervallen.", "This device made these edits after the restart was proposed; they are not in the new version yet. Read them, then write them in or let them go.";
    carried_apply: "Overnemen", "Write them in";
    carried_discard: "Laten vervallen", "Let them go";
    carried_applied: "1 wijziging overgenomen.|{} wijzigingen overgenomen.", "1 edit written in.|{} edits written in.";
    carried_discarded: "De wijzigingen van vóór de herstart zijn vervallen.", "The edits from before the restart were let go.";
    restarted: "{} is opnieuw begonnen zonder de eerdere geschiedenis: alle partners stemden in.", "{} restarted without its earlier history: every partner agreed.";
    restarted_waiting: "{} is opnieuw begonnen. De nieuwe versie komt binnen zodra een partner bereikbaar is.", "{} restarted. The new version arrives as soon as a partner can be reached.";
    restarted_carried: "1 wijziging van dit apparaat van vóór de herstart wacht op uw beoordeling (Partners, Verwijderen op verzoek).|{} wijzigingen van dit apparaat van vóór de herstart wachten op uw beoordeling (Partners, Verwijderen op verzoek).", "1 edit of this device from before the restart waits for your review (Partners, Erasure on request).|{} edits of this device from before the restart wait for your review (Partners, Erasure on request).";
    problem_restart_failed: "De herstart waarmee alle partners instemden, kon op dit apparaat niet worden uitgevoerd. Er is niets verloren; het wordt opnieuw geprobeerd bij de volgende uitwisseling.", "The restart every partner agreed to could not be carried out on this device. Nothing was lost; it is tried again at the next exchange.";
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
