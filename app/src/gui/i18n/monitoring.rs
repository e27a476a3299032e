//! The strings of Effecten (effect monitoring), Dutch and English side by
//! side, and the labels of its vocabularies.

use super::{NL, Texts};
use crate::model::monitoring::kinds::{
    Direction, InterventionStatus, Level, MeasurementStatus, Prompt, ReviewDecision, Standing, Unit,
};
use crate::model::monitoring::values::dutch;

texts! {
    /// The user-visible strings of Effecten in one language.
    MonitoringTexts, MONITORING_NL, MONITORING_EN {
    section: "Effecten", "Effects";
    chain_tab: "Van ambitie naar effect", "From ambition to effect";
    chain_heading: "Van ambitie naar effect", "From ambition to effect";
    chain_intro: "Wat willen we bereiken, hoe meten we dat, en wat doen we ervoor? Elke kolom volgt uit de vorige.", "What do we want to achieve, how do we measure it, and what do we do for it? Each column follows from the one before.";
    column_ambition: "Ambitie", "Ambition";
    column_effects: "Beoogde effecten", "Intended effects";
    column_indicators: "Indicatoren", "Indicators";
    column_interventions: "Interventies", "Interventions";
    no_ambition: "Nog niet geformuleerd.", "Not written yet.";
    no_effects_yet: "Nog geen beoogde effecten. Voeg ze toe onder Ambitie.", "No intended effects yet. Add them under Ambition.";
    no_indicators_yet: "Nog geen indicatoren.", "No indicators yet.";
    no_interventions_yet: "Nog geen interventies.", "No interventions yet.";
    no_figures_yet: "Nog geen metingen.", "No figures yet.";
    indicators_heading: "Indicatoren", "Indicators";
    aggregates_only: "Alleen totalen en percentages, nooit gegevens over personen: een getal dat op een BSN lijkt, wordt geweigerd.", "Totals and percentages only, never data about persons: a number that looks like a citizen service number is refused.";
    baseline: "Basis", "Baseline";
    target: "Doel", "Target";
    final_point: "definitief", "final";
    provisional_point: "voorlopig of nader voorlopig", "provisional or revised";
    chart_of: "Grafiek van {}: {}", "Chart of {}: {}";
    for_effect: "Voor het effect: {}", "For the effect: {}";
    baseline_is: "Basis {} ({})", "Baseline {} ({})";
    target_is: "Doel {} op {}", "Target {} by {}";
    source_is: "Bron: {}", "Source: {}";
    kept_by: "Bijgehouden door {}", "Kept up to date by {}";
    proxy_for_is: "Benadering voor: {}", "Proxy for: {}";
    trend_is: "Trend: {}", "Trend: {}";
    period: "Periode", "Period";
    period_hint: "Een jaar (2026), kwartaal (2026-Q3), maand (2026-07) of van–tot (2026-01-01..2026-06-30).", "A year (2026), quarter (2026-Q3), month (2026-07) or from–to (2026-01-01..2026-06-30).";
    value: "Waarde", "Value";
    value_in: "Waarde ({})", "Value ({})";
    status: "Status", "Status";
    note: "Toelichting", "Note";
    entered_by_is: "ingevoerd door {}", "entered by {}";
    figures_replaced: "1 eerder cijfer is vervangen door een definitiever cijfer; het blijft in de geschiedenis.|{} eerdere cijfers zijn vervangen door definitievere cijfers; ze blijven in de geschiedenis.", "1 earlier figure was replaced by a more final one; it stays in the history.|{} earlier figures were replaced by more final ones; they stay in the history.";
    add_figure: "Meting toevoegen", "Add a figure";
    save_figure: "Meting opslaan", "Save figure";
    save_figure_named: "Meting opslaan bij “{}”", "Save figure for “{}”";
    edit_indicator_named: "Indicator “{}” bewerken", "Edit indicator “{}”";
    add_indicator: "Indicator toevoegen", "Add indicator";
    indicator_needs: "Kies een effect, een eenheid en een richting, en geef een naam.", "Choose an effect, a unit and a direction, and give a name.";
    from_catalogue: "Uit de catalogus", "From the catalogue";
    own_indicator: "Eigen indicator", "Own indicator";
    for_which_effect: "Voor welk effect", "For which effect";
    indicator_name: "Naam van de indicator", "Name of the indicator";
    definition: "Definitie (teller en noemer, in woorden)", "Definition (numerator and denominator, in words)";
    unit_label: "Eenheid", "Unit";
    direction_label: "Richting", "Direction";
    level_label: "Niveau", "Level";
    choose: "Kies…", "Choose…";
    none: "Geen", "None";
    band_low: "Ondergrens van de bandbreedte", "Lower bound of the band";
    band_high: "Bovengrens van de bandbreedte", "Upper bound of the band";
    baseline_value: "Basiswaarde", "Baseline value";
    baseline_period: "Periode van de basiswaarde", "Period of the baseline";
    target_value: "Streefwaarde", "Target value";
    target_date: "Streefdatum", "Target date";
    amber: "Oranje vanaf (drempel)", "Amber from (threshold)";
    source_label: "Bron", "Source";
    source_url: "Link naar de bron", "Link to the source";
    kept_by_label: "Bijgehouden door", "Kept up to date by";
    frequency: "Hoe vaak gemeten", "How often measured";
    proxy_for: "Benadering voor (als het een proxy is)", "Proxy for (if it is one)";
    interventions_heading: "Interventies", "Interventions";
    delivery_is_not_effect: "Of een interventie loopt of af is, zegt niet of ze werkt; dat laten de indicatoren zien.", "Whether an intervention runs or is finished says nothing about whether it works; the indicators show that.";
    delivery: "Uitvoering", "Delivery";
    add_milestone: "Mijlpaal toevoegen", "Add milestone";
    add_milestone_named: "Mijlpaal toevoegen aan “{}”", "Add milestone to “{}”";
    milestone_date: "Datum", "Date";
    milestone_title: "Mijlpaal", "Milestone";
    add_intervention: "Interventie toevoegen", "Add intervention";
    intervention_title: "Titel van de interventie", "Title of the intervention";
    description: "Wat er gebeurt", "What is done";
    assumption: "Aanname", "Assumption";
    assumption_hint: "Bijvoorbeeld: “We verwachten dat … omdat …”", "For example: “We expect that … because …”";
    start: "Start", "Start";
    end: "Einde", "End";
    serves_effects: "Voor de effecten", "For the effects";
    carries_out: "Voert uit", "Carries out";
    responsible_partners: "Verantwoordelijk", "Responsible";
    runs: "Looptijd", "Runs";
    review_heading: "Effectgesprek", "Effect review";
    review_intro: "Per periode: hoe staan de indicatoren ervoor, wat zien we, wat verklaart het, en wat stellen we bij? De inbreng van cliëntorganisaties staat steeds voorop. Per interventie besluit de alliantie: doorgaan, bijstellen of stoppen.", "Per period: how do the indicators stand, what do we see, what explains it, and what do we change? The client organisations' view always comes first. Per intervention the alliance decides: continue, adjust or stop.";
    review_period: "Periode van het gesprek", "Period of the review";
    open_review: "Effectgesprek openen", "Open review";
    no_reviews_yet: "Nog geen effectgesprek.", "No effect review yet.";
    review_of: "Effectgesprek {}", "Effect review {}";
    opened_on: "Geopend op {}", "Opened on {}";
    latest: "Laatste", "Latest";
    standing_label: "Stand", "Standing";
    trend_label: "Trend", "Trend";
    no_answers_yet: "Nog geen antwoorden.", "No answers yet.";
    your_answer_to: "Uw antwoord op “{}”", "Your answer to “{}”";
    save_answer: "Antwoord opslaan", "Save answer";
    save_answer_named: "Antwoord opslaan op “{}”", "Save answer to “{}”";
    decisions_heading: "Besluit per interventie", "Decision per intervention";
    decided: "Besloten", "Decided";
    no_decision_yet: "Nog geen besluit.", "No decision yet.";
    decision_note: "Toelichting bij het besluit over “{}”", "Note on the decision about “{}”";
    decide_named: "{}: “{}”", "{}: “{}”";
    adjust_reopens: "Bijstellen zet deze afspraken terug op voorgesteld, zodat de partners opnieuw hun standpunt geven: {}.", "Adjusting puts these agreements back to proposed, so that the partners give their positions again: {}.";
    reopened: "Weer voorgesteld: {}. Geef opnieuw uw standpunt onder Afspraken.", "Proposed again: {}. Give your position again under Agreements.";
    }
}

impl Texts {
    /// The strings of Effecten in this language.
    pub fn monitoring(&self) -> &'static MonitoringTexts {
        if std::ptr::eq(self, &NL) {
            &MONITORING_NL
        } else {
            &MONITORING_EN
        }
    }
}

impl MonitoringTexts {
    fn is_dutch(&self) -> bool {
        std::ptr::eq(self, &MONITORING_NL)
    }

    /// A figure with its unit ("12,5 %", "31 per 10.000").
    pub fn figure(&self, value: f64, unit: Unit) -> String {
        match unit {
            Unit::Percent => format!("{} %", dutch(value)),
            Unit::PerThousand | Unit::PerTenThousand => {
                format!("{} {}", dutch(value), self.unit(unit))
            }
            Unit::Count | Unit::Grade => dutch(value),
        }
    }

    /// "Waarde (%)": the value field's label with its unit.
    pub fn value_in(&self, unit: Unit) -> String {
        super::fill(self.value_in, &[self.unit(unit)])
    }

    /// A unit's label.
    pub fn unit(&self, unit: Unit) -> &'static str {
        match (self.is_dutch(), unit) {
            (true, _) => unit.label_nl(),
            (false, Unit::Percent) => "%",
            (false, Unit::PerThousand) => "per 1,000",
            (false, Unit::PerTenThousand) => "per 10,000",
            (false, Unit::Count) => "count",
            (false, Unit::Grade) => "grade (1–10)",
        }
    }

    /// A direction's label.
    pub fn direction(&self, direction: Direction) -> &'static str {
        match (self.is_dutch(), direction) {
            (true, _) => direction.label_nl(),
            (false, Direction::Higher) => "higher is better",
            (false, Direction::Lower) => "lower is better",
            (false, Direction::Band) => "within a band",
        }
    }

    /// A level's label (Output, Outcome and Impact in both languages).
    pub fn level(&self, level: Level) -> &'static str {
        level.label_nl()
    }

    /// A measurement status's label.
    pub fn measurement_status(&self, status: MeasurementStatus) -> &'static str {
        match (self.is_dutch(), status) {
            (true, _) => status.label_nl(),
            (false, MeasurementStatus::Provisional) => "Provisional",
            (false, MeasurementStatus::Revised) => "Revised provisional",
            (false, MeasurementStatus::Final) => "Final",
        }
    }

    /// An intervention status's label.
    pub fn intervention_status(&self, status: InterventionStatus) -> &'static str {
        match (self.is_dutch(), status) {
            (true, _) => status.label_nl(),
            (false, InterventionStatus::Planned) => "Planned",
            (false, InterventionStatus::Running) => "Running",
            (false, InterventionStatus::Finished) => "Finished",
            (false, InterventionStatus::Stopped) => "Stopped",
        }
    }

    /// A prompt of the effect review.
    pub fn prompt(&self, prompt: Prompt) -> &'static str {
        match (self.is_dutch(), prompt) {
            (true, _) => prompt.label_nl(),
            (false, Prompt::Seen) => "What do we see?",
            (false, Prompt::Explained) => "What explains it?",
            (false, Prompt::Change) => "What do we change?",
        }
    }

    /// A review decision's label.
    pub fn decision(&self, decision: ReviewDecision) -> &'static str {
        match (self.is_dutch(), decision) {
            (true, _) => decision.label_nl(),
            (false, ReviewDecision::Continue) => "Continue",
            (false, ReviewDecision::Adjust) => "Adjust",
            (false, ReviewDecision::Stop) => "Stop",
        }
    }

    /// A standing's label.
    pub fn standing(&self, standing: Standing) -> &'static str {
        match (self.is_dutch(), standing) {
            (true, _) => standing.label_nl(),
            (false, Standing::Green) => "Green",
            (false, Standing::Orange) => "Amber",
            (false, Standing::Red) => "Red",
        }
    }

    /// An indicator field's name, for its conflicts.
    pub fn indicator_field(&self, field: &str) -> &'static str {
        match field {
            "name" => self.indicator_name,
            "definition" => self.definition,
            "unit" => self.unit_label,
            "direction" => self.direction_label,
            "target_value" => self.target_value,
            "target_date" => self.target_date,
            "owner" => self.kept_by_label,
            _ => self.value,
        }
    }
}
