//! Every user-visible string of the desktop client, Dutch and English side
//! by side. Dutch is the default. A template's `{}` markers are filled in
//! order by [`fill`].

use serde::{Deserialize, Serialize};

/// The language of the user interface.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    /// Nederlands (the default).
    #[default]
    Dutch,
    /// English.
    English,
}

impl Language {
    /// The strings of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Language::Dutch => &NL,
            Language::English => &EN,
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Language::Dutch => "Nederlands",
            Language::English => "English",
        }
    }
}

/// Declares a struct of strings with one field per string, and its Dutch
/// and English values as two statics.
macro_rules! texts {
    ($(#[$sdoc:meta])* $name:ident, $nl_name:ident, $en_name:ident {
        $($(#[$doc:meta])* $field:ident: $nl:literal, $en:literal;)+
    }) => {
        $(#[$sdoc])*
        #[derive(Debug)]
        pub struct $name {
            $($(#[$doc])* #[allow(missing_docs)] pub $field: &'static str,)+
        }

        /// Nederlands.
        pub static $nl_name: $name = $name { $($field: $nl,)+ };
        /// English.
        pub static $en_name: $name = $name { $($field: $en,)+ };
    };
}

mod erasure;
mod labels;
mod meeting;
mod monitoring;
mod privacy;
mod reach;
mod table;

pub use erasure::{ERASURE_EN, ERASURE_NL, ErasureTexts};
pub use meeting::{MEETING_EN, MEETING_NL, MeetingTexts};
pub use monitoring::{MONITORING_EN, MONITORING_NL, MonitoringTexts};
pub use privacy::{PRIVACY_EN, PRIVACY_NL, PrivacyTexts};
pub use reach::{REACH_EN, REACH_NL, ReachTexts};
pub use table::{EN, NL, Texts};

/// A count with its noun in the right number: `template` holds the form
/// for one and the form for any other count, separated by `|` ("1
/// apparaat|{} apparaten"); the `{}` is filled with `n`.
pub fn count(template: &str, n: usize) -> String {
    let (one, many) = template.split_once('|').unwrap_or((template, template));
    let form = if n == 1 { one } else { many };
    fill(form, &[&n.to_string()])
}

/// Fills the `{}` markers of `template` with `args`, in order.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgreementStatus, PartnerKind, Stance};

    #[test]
    fn fills_markers_in_order() {
        assert_eq!(
            fill("{} van {} afspraken", &["3", "10"]),
            "3 van 10 afspraken"
        );
        assert_eq!(fill("geen", &["x"]), "geen");
    }

    #[test]
    fn both_languages_label_every_vocabulary_value() {
        for language in [Language::Dutch, Language::English] {
            let texts = language.texts();
            for kind in PartnerKind::ALL {
                assert!(!texts.partner_kind(*kind).is_empty());
            }
            for status in AgreementStatus::ALL {
                assert!(!texts.agreement_status(*status).is_empty());
            }
        }
        assert_eq!(EN.stance(Stance::Object), "Object");
        assert_eq!(NL.stance(Stance::Object), "Bezwaar");
    }
}
