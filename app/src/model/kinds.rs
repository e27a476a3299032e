//! The closed vocabularies of the alliance: kinds of partner, roles, statuses
//! and stances. Each has a stable ASCII slug (stored in the document and used
//! in `--json` output and on the command line) and a Dutch label for people.

/// A value's slug was not one of the allowed ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {what}; choose one of: {}", .allowed.join(", "))]
pub struct UnknownValue {
    /// What was being parsed ("partner kind", ...).
    pub what: &'static str,
    /// The text given.
    pub value: String,
    /// The accepted slugs.
    pub allowed: Vec<&'static str>,
}

/// Declares a vocabulary enum with slugs, Dutch labels and parsing that
/// ignores case and diacritics ("Cliëntenorganisatie" = "clientenorganisatie").
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $slug:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $slug)] $variant,)+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable slug.
            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug,)+ }
            }

            /// The Dutch label shown to people.
            pub fn label_nl(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::model::kinds::UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                use $crate::model::kinds::fold;
                let wanted = fold(s);
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| fold(v.slug()) == wanted || fold(v.label_nl()) == wanted)
                    .ok_or_else(|| $crate::model::kinds::UnknownValue {
                        what: $what,
                        value: s.to_owned(),
                        allowed: $name::ALL.iter().map(|v| v.slug()).collect(),
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.slug())
            }
        }
    };
}

pub(crate) use vocabulary;

/// Lowercases and strips the diacritics that occur in the labels, so that
/// users may type either spelling.
pub(crate) fn fold(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            'ë' | 'Ë' | 'é' | 'É' | 'è' | 'È' => 'e',
            'ï' | 'Ï' => 'i',
            ' ' | '_' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

vocabulary! {
    /// The kind of organisation a partner is.
    PartnerKind, "partner kind" {
        /// A municipality.
        Gemeente => "gemeente", "Gemeente";
        /// A care provider.
        Zorgaanbieder => "zorgaanbieder", "Zorgaanbieder";
        /// A housing corporation.
        Woningcorporatie => "woningcorporatie", "Woningcorporatie";
        /// A client organisation.
        Clientenorganisatie => "clientenorganisatie", "Cliëntenorganisatie";
        /// A health insurer.
        Zorgverzekeraar => "zorgverzekeraar", "Zorgverzekeraar";
        /// A welfare organisation.
        Welzijn => "welzijn", "Welzijn";
        /// A municipal health service.
        Ggd => "ggd", "GGD";
        /// Education.
        Onderwijs => "onderwijs", "Onderwijs";
        /// An advisory firm.
        Adviesbureau => "adviesbureau", "Adviesbureau";
        /// Anything else.
        Overig => "overig", "Overig";
    }
}

vocabulary! {
    /// A role a partner holds in the alliance; one partner may hold several.
    Role, "role" {
        /// Pays for the work.
        Financier => "financier", "Financier";
        /// Commissions the work.
        Opdrachtgever => "opdrachtgever", "Opdrachtgever";
        /// Carries out the work.
        Uitvoerder => "uitvoerder", "Uitvoerder";
        /// Represents clients.
        Clientvertegenwoordiger => "clientvertegenwoordiger", "Cliëntvertegenwoordiger";
    }
}

vocabulary! {
    /// Where an agreement stands.
    AgreementStatus, "agreement status" {
        /// Being written.
        Draft => "draft", "Concept";
        /// Put to the partners.
        Proposed => "proposed", "Voorgesteld";
        /// Agreed while no partner objects.
        Agreed => "agreed", "Afgesproken";
        /// No longer pursued; kept in the history.
        Withdrawn => "withdrawn", "Ingetrokken";
    }
}

vocabulary! {
    /// A partner's position on one agreement.
    Stance, "position" {
        /// Agrees.
        Agree => "agree", "Akkoord";
        /// Agrees, with reservations.
        Reservations => "reservations", "Akkoord met voorbehoud";
        /// Objects; a reason is required.
        Object => "object", "Bezwaar";
        /// Abstains.
        Abstain => "abstain", "Onthouding";
    }
}

vocabulary! {
    /// How far an interest has been dealt with.
    InterestStatus, "interest status" {
        /// Put on the table.
        Open => "open", "Open";
        /// Being addressed by the alliance.
        BeingAddressed => "being-addressed", "In behandeling";
        /// Resolved.
        Resolved => "resolved", "Opgelost";
    }
}

vocabulary! {
    /// What a partner's board (or other deciding body) decided about a
    /// snapshot.
    Decision, "decision" {
        /// Adopted (*vastgesteld*).
        Adopted => "adopted", "Vastgesteld";
        /// Adopted, with conditions that are recorded with the decision.
        AdoptedWithConditions => "adopted-with-conditions", "Vastgesteld onder voorwaarden";
        /// Rejected.
        Rejected => "rejected", "Afgewezen";
        /// Postponed to a later meeting.
        Postponed => "postponed", "Aangehouden";
    }
}

vocabulary! {
    /// What a partner brings to the alliance (each kind a free text on its
    /// role card).
    Contribution, "contribution" {
        /// Knowledge and expertise.
        Knowledge => "knowledge", "Kennis";
        /// People and hours.
        Capacity => "capacity", "Capaciteit";
        /// Money.
        Money => "money", "Geld";
        /// Reach: the people and networks it reaches.
        Reach => "reach", "Bereik";
        /// Data and figures.
        Data => "data", "Data";
        /// Mandate: what it can decide or open up.
        Mandate => "mandate", "Mandaat";
    }
}

vocabulary! {
    /// How a partner answers an expectation another partner has of it.
    Recognition, "answer" {
        /// Recognised (*herken ik*).
        Recognised => "recognised", "Herken ik";
        /// Partly recognised (*deels*).
        Partly => "partly", "Deels";
        /// Not recognised (*herken ik niet*).
        NotRecognised => "not", "Herken ik niet";
    }
}

vocabulary! {
    /// One of the six dimensions a course check (*koerscheck*) asks about.
    Dimension, "dimension" {
        /// Gedeelde ambitie.
        SharedAmbition => "shared-ambition", "Gedeelde ambitie";
        /// Belangen.
        Interests => "interests", "Belangen";
        /// Relatie en vertrouwen.
        Relationship => "relationship", "Relatie en vertrouwen";
        /// Rollen en mandaat.
        Roles => "roles", "Rollen en mandaat";
        /// Proces en voortgang.
        Process => "process", "Proces en voortgang";
        /// Effect voor inwoners.
        Effect => "effect", "Effect voor inwoners";
    }
}

vocabulary! {
    /// How a partner rates a dimension of a course check.
    Rating, "rating" {
        /// Groen: on course.
        Green => "green", "Groen";
        /// Oranje: needs attention.
        Orange => "orange", "Oranje";
        /// Rood: off course.
        Red => "red", "Rood";
    }
}

vocabulary! {
    /// Which way a dimension went since the previous course check.
    Trend, "trend" {
        /// Beter.
        Better => "better", "Beter";
        /// Gelijk.
        Same => "same", "Gelijk";
        /// Slechter.
        Worse => "worse", "Slechter";
    }
}

vocabulary! {
    /// What a piece of input from the work floor is.
    InputKind, "kind of input" {
        /// A bottleneck (*knelpunt*).
        Bottleneck => "bottleneck", "Knelpunt";
        /// An idea.
        Idea => "idea", "Idee";
    }
}

vocabulary! {
    /// Where a piece of input comes from.
    InputRole, "role" {
        /// A professional on the work floor.
        Professional => "professional", "Professional";
        /// A client or a client representative.
        Client => "client", "Cliënt of cliëntvertegenwoordiger";
        /// A manager.
        Manager => "manager", "Manager";
        /// A board member.
        BoardMember => "board-member", "Bestuurder";
        /// Anyone else.
        Other => "other", "Anders";
    }
}

vocabulary! {
    /// How a piece of input is signed.
    Signing, "signing" {
        /// With the person's name (if given), the role and the organisation.
        Named => "named", "Met naam";
        /// With the role and the organisation.
        RoleOnly => "role-only", "Alleen rol";
        /// With the role only.
        Anonymous => "anonymous", "Anoniem";
    }
}

vocabulary! {
    /// What became of a piece of input.
    InputStatus, "input status" {
        /// Just came in.
        New => "new", "Nieuw";
        /// Being looked at.
        InProgress => "in-progress", "In behandeling";
        /// Taken up, in an agreement.
        TakenUp => "taken-up", "Opgepakt";
        /// Not taken up, with a reason.
        NotTakenUp => "not-taken-up", "Niet opgepakt";
        /// Finished.
        Done => "done", "Afgerond";
    }
}

impl Rating {
    /// Its place on the scale: green 0, orange 1, red 2.
    pub fn step(self) -> u8 {
        match self {
            Rating::Green => 0,
            Rating::Orange => 1,
            Rating::Red => 2,
        }
    }
}

impl Dimension {
    /// What "goed" looks like, shown to whoever answers.
    pub fn good_nl(self) -> &'static str {
        match self {
            Dimension::SharedAmbition => "We werken aan dezelfde ambitie en weten waarom.",
            Dimension::Interests => {
                "Ieders belangen liggen open op tafel en worden serieus genomen."
            }
            Dimension::Relationship => "We spreken elkaar eerlijk aan en komen afspraken na.",
            Dimension::Roles => {
                "Iedereen weet wie wat doet en wat de vertegenwoordigers mogen besluiten."
            }
            Dimension::Process => "Het overleg levert besluiten op en we boeken voortgang.",
            Dimension::Effect => "Inwoners merken dat de samenwerking verschil maakt.",
        }
    }

    /// What "niet goed" looks like, shown to whoever answers.
    pub fn not_good_nl(self) -> &'static str {
        match self {
            Dimension::SharedAmbition => {
                "De ambitie is vaag of elke partner leest er iets anders in."
            }
            Dimension::Interests => "Belangen blijven verborgen of worden weggezet.",
            Dimension::Relationship => "Er is wantrouwen; lastige punten blijven onbesproken.",
            Dimension::Roles => "Rollen zijn onduidelijk; besluiten lopen vast op mandaat.",
            Dimension::Process => "We praten veel en komen weinig verder.",
            Dimension::Effect => "Voor inwoners verandert er (nog) niets.",
        }
    }
}

impl Decision {
    /// Whether the decision adopts the snapshot (with or without conditions).
    pub fn adopts(self) -> bool {
        matches!(self, Decision::Adopted | Decision::AdoptedWithConditions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_slugs_labels_and_diacritics() {
        assert_eq!(
            "cliëntenorganisatie".parse(),
            Ok(PartnerKind::Clientenorganisatie)
        );
        assert_eq!(
            "Clientenorganisatie".parse(),
            Ok(PartnerKind::Clientenorganisatie)
        );
        assert_eq!("GGD".parse(), Ok(PartnerKind::Ggd));
        assert_eq!(
            "being addressed".parse(),
            Ok(InterestStatus::BeingAddressed)
        );
        assert_eq!("Akkoord met voorbehoud".parse(), Ok(Stance::Reservations));
    }

    #[test]
    fn unknown_values_list_the_allowed_ones() {
        let error = "bank".parse::<PartnerKind>().expect_err("not a kind");
        assert!(
            error.to_string().contains("gemeente, zorgaanbieder"),
            "{error}"
        );
    }

    #[test]
    fn slugs_round_trip() {
        for status in AgreementStatus::ALL {
            assert_eq!(status.slug().parse(), Ok(*status));
        }
    }
}
