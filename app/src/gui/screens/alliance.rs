//! One alliance: a row of section tabs and the chosen section.

use super::super::app::Env;
use super::super::state::AllianceState;
use super::agreements::AgreementsSection;
use super::ambition::AmbitionSection;
use super::history::HistorySection;
use super::interests::InterestsSection;
use super::partners::PartnersSection;
use super::ratification::RatificationSection;

/// The sections of an alliance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Ambitie: the shared ambition and intended effects.
    Ambition,
    /// Belangen: the partners' interests.
    Interests,
    /// Afspraken: the agreements and positions.
    Agreements,
    /// Partners: organisations, devices, invitations.
    Partners,
    /// Geschiedenis: the timeline.
    History,
    /// Vaststelling: snapshots for the boards and their decisions.
    Ratification,
}

/// The screen of one open alliance.
pub(crate) struct AllianceScreen {
    alliance: String,
    section: Section,
    ambition: AmbitionSection,
    interests: InterestsSection,
    agreements: AgreementsSection,
    partners: PartnersSection,
    history: HistorySection,
    ratification: RatificationSection,
}

impl AllianceScreen {
    /// The screen of alliance `id`, on its first section.
    pub(crate) fn new(id: String) -> AllianceScreen {
        AllianceScreen {
            alliance: id,
            section: Section::Ambition,
            ambition: AmbitionSection::default(),
            interests: InterestsSection::default(),
            agreements: AgreementsSection::default(),
            partners: PartnersSection::default(),
            history: HistorySection::default(),
            ratification: RatificationSection::default(),
        }
    }

    /// Switches to `section`.
    pub(crate) fn select(&mut self, section: Section) {
        self.section = section;
    }

    /// The alliance shown.
    pub(crate) fn alliance_id(&self) -> &str {
        &self.alliance
    }

    /// Shows the tabs and the chosen section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        ui.horizontal(|ui| {
            for (section, label) in [
                (Section::Ambition, texts.section_ambition),
                (Section::Interests, texts.section_interests),
                (Section::Agreements, texts.section_agreements),
                (Section::Partners, texts.section_partners),
                (Section::History, texts.section_history),
                (Section::Ratification, texts.section_ratification),
            ] {
                if ui
                    .selectable_label(self.section == section, label)
                    .clicked()
                {
                    self.section = section;
                }
            }
        });
        ui.separator();
        match self.section {
            Section::Ambition => self.ambition.show(ui, env, state),
            Section::Interests => self.interests.show(ui, env, state),
            Section::Agreements => self.agreements.show(ui, env, state),
            Section::Partners => self.partners.show(ui, env, state),
            Section::History => self.history.show(ui, env, state),
            Section::Ratification => self.ratification.show(ui, env, state),
        }
    }
}
