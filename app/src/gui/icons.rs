//! The window's icons: Material Symbols (outlined, Apache-2.0), a font that
//! sits behind the text fonts, so that an icon is a character in a label.
//! An icon never stands alone for a screen reader: [`with_icon`] gives the
//! text, and the accessible name stays the text without the icon.

use egui_material_icons::icons;

/// Adds the icon font (once, when the window first applies its style).
pub(crate) fn install(ctx: &egui::Context) {
    egui_material_icons::initialize(ctx);
}

/// An icon of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Icon {
    /// Overzicht: what needs you.
    Overview,
    /// Ambitie.
    Ambition,
    /// Belangen.
    Interests,
    /// Afspraken.
    Agreements,
    /// Samenwerking: roles and expectations.
    Collaboration,
    /// Inbreng: input from the work floor.
    Input,
    /// Effecten: effect monitoring.
    Effects,
    /// Partners.
    Partners,
    /// Geschiedenis.
    History,
    /// Vaststelling.
    Ratification,
    /// Vergadering.
    Meeting,
    /// Something to look at before going on.
    Warning,
}

impl Icon {
    /// The icon's character in the icon font.
    pub(crate) fn glyph(self) -> &'static str {
        match self {
            Icon::Overview => icons::ICON_SPACE_DASHBOARD,
            Icon::Ambition => icons::ICON_FLAG,
            Icon::Interests => icons::ICON_BALANCE,
            Icon::Agreements => icons::ICON_HANDSHAKE,
            Icon::Collaboration => icons::ICON_DIVERSITY_3,
            Icon::Input => icons::ICON_LIGHTBULB,
            Icon::Effects => icons::ICON_MONITORING,
            Icon::Partners => icons::ICON_GROUPS,
            Icon::History => icons::ICON_HISTORY,
            Icon::Ratification => icons::ICON_GAVEL,
            Icon::Meeting => icons::ICON_MEETING_ROOM,
            Icon::Warning => icons::ICON_WARNING,
        }
        .codepoint
    }
}

/// `text` led by `icon`, for a label or button.
pub(crate) fn with_icon(icon: Icon, text: &str) -> String {
    format!("{} {text}", icon.glyph())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_is_one_character_of_the_private_use_area() {
        for icon in [
            Icon::Overview,
            Icon::Ambition,
            Icon::Interests,
            Icon::Agreements,
            Icon::Collaboration,
            Icon::Input,
            Icon::Effects,
            Icon::Partners,
            Icon::History,
            Icon::Meeting,
            Icon::Ratification,
            Icon::Warning,
        ] {
            let chars: Vec<char> = icon.glyph().chars().collect();
            assert_eq!(chars.len(), 1, "{icon:?}");
            assert!(('\u{e000}'..='\u{f8ff}').contains(&chars[0]), "{icon:?}");
        }
    }
}
