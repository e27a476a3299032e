//! The vocabularies of effect monitoring: units, directions, levels and the
//! status of a measurement.

use crate::model::kinds::vocabulary;

vocabulary! {
    /// The unit of an indicator.
    Unit, "unit" {
        /// A percentage, 0 to 100.
        Percent => "percent", "%";
        /// Per 1,000 (inhabitants, youths, …).
        PerThousand => "per-1000", "per 1.000";
        /// Per 10,000.
        PerTenThousand => "per-10000", "per 10.000";
        /// A count: a whole number.
        Count => "count", "aantal";
        /// A grade from 1 to 10.
        Grade => "grade", "rapportcijfer";
    }
}

vocabulary! {
    /// Which way is better for an indicator.
    Direction, "direction" {
        /// Higher is better.
        Higher => "higher", "hoger is beter";
        /// Lower is better.
        Lower => "lower", "lager is beter";
        /// Within a band.
        Band => "band", "binnen een bandbreedte";
    }
}

vocabulary! {
    /// What an indicator measures: what was done, what it achieved, or the
    /// societal effect.
    Level, "level" {
        /// Output: what was delivered.
        Output => "output", "Output";
        /// Outcome: what it achieved for people.
        Outcome => "outcome", "Outcome";
        /// Impact: the societal effect.
        Impact => "impact", "Impact";
    }
}

vocabulary! {
    /// How final a measured figure is.
    MeasurementStatus, "measurement status" {
        /// Voorlopig: provisional.
        Provisional => "voorlopig", "Voorlopig";
        /// Nader voorlopig: revised provisional.
        Revised => "nader-voorlopig", "Nader voorlopig";
        /// Definitief: final.
        Final => "definitief", "Definitief";
    }
}

vocabulary! {
    /// Where the delivery of an intervention stands (not whether it works).
    InterventionStatus, "intervention status" {
        /// Planned.
        Planned => "planned", "Gepland";
        /// Under way.
        Running => "running", "Loopt";
        /// Delivered.
        Finished => "finished", "Afgerond";
        /// Stopped before it was delivered.
        Stopped => "stopped", "Gestopt";
    }
}

vocabulary! {
    /// The three prompts of the effect conversation.
    Prompt, "prompt" {
        /// Wat zien we?
        Seen => "seen", "Wat zien we?";
        /// Wat verklaart het?
        Explained => "explained", "Wat verklaart het?";
        /// Wat stellen we bij?
        Change => "change", "Wat stellen we bij?";
    }
}

vocabulary! {
    /// What an effect review decides about an intervention.
    ReviewDecision, "decision" {
        /// Doorgaan.
        Continue => "continue", "Doorgaan";
        /// Bijstellen: the agreements it carries out are reopened.
        Adjust => "adjust", "Bijstellen";
        /// Stoppen.
        Stop => "stop", "Stoppen";
    }
}

vocabulary! {
    /// How the latest figure of an indicator stands against its target.
    Standing, "standing" {
        /// On target.
        Green => "green", "Groen";
        /// Short of the target, within the amber threshold.
        Orange => "orange", "Oranje";
        /// Off target.
        Red => "red", "Rood";
    }
}
