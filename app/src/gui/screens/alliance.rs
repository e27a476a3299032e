//! One alliance: a row of section tabs and the chosen section.

use super::super::app::Env;
use super::super::design;
use super::super::i18n::count;
use super::super::icons::{Icon, with_icon};
use super::super::state::AllianceState;
use super::agreements::AgreementsSection;
use super::ambition::AmbitionSection;
use super::collaboration::CollaborationSection;
use super::history::HistorySection;
use super::inputs::InputsSection;
use super::interests::InterestsSection;
use super::meeting::MeetingSection;
use super::monitoring::MonitoringSection;
use super::overview::{Jump, OverviewSection};
use super::partners::PartnersSection;
use super::ratification::RatificationSection;

/// The sections of an alliance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Overzicht: what needs you, what changed, who is in sync.
    Overview,
    /// Ambitie: the shared ambition and intended effects.
    Ambition,
    /// Belangen: the partners' interests.
    Interests,
    /// Afspraken: the agreements and positions.
    Agreements,
    /// Samenwerking: roles and expectations, the course check.
    Collaboration,
    /// Inbreng: bottlenecks and ideas from the work floor and clients.
    Input,
    /// Effecten: indicators, interventions and the effect review.
    Effects,
    /// Vergadering: a meeting of the partners and its decision list.
    Meeting,
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
    overview: OverviewSection,
    ambition: AmbitionSection,
    interests: InterestsSection,
    agreements: AgreementsSection,
    collaboration: CollaborationSection,
    inputs: InputsSection,
    monitoring: MonitoringSection,
    meeting: MeetingSection,
    partners: PartnersSection,
    history: HistorySection,
    ratification: RatificationSection,
}

impl AllianceScreen {
    /// The screen of alliance `id`, on its overview.
    pub(crate) fn new(id: String) -> AllianceScreen {
        AllianceScreen {
            alliance: id,
            section: Section::Overview,
            overview: OverviewSection::default(),
            ambition: AmbitionSection::default(),
            interests: InterestsSection::default(),
            agreements: AgreementsSection::default(),
            collaboration: CollaborationSection::default(),
            inputs: InputsSection::default(),
            monitoring: MonitoringSection::default(),
            meeting: MeetingSection::default(),
            partners: PartnersSection::default(),
            history: HistorySection::default(),
            ratification: RatificationSection::default(),
        }
    }

    /// Switches to `section`.
    pub(crate) fn select(&mut self, section: Section) {
        self.section = section;
    }

    /// Sets the version the user had seen before this visit, for the
    /// overview's "changed since".
    pub(crate) fn set_baseline(&mut self, heads: Vec<String>) {
        self.overview.set_baseline(heads);
    }

    /// The alliance shown.
    pub(crate) fn alliance_id(&self) -> &str {
        &self.alliance
    }

    /// Shows the tabs and the chosen section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let view = state.view();
        let agreement_conflicts: usize = view.agreements.iter().map(|a| a.conflicts.len()).sum();
        let interest_conflicts: usize = view.interests.iter().map(|i| i.conflicts.len()).sum();
        ui.horizontal_wrapped(|ui| {
            for (section, icon, label, conflicts) in [
                (Section::Overview, Icon::Overview, texts.section_overview, 0),
                (Section::Ambition, Icon::Ambition, texts.section_ambition, 0),
                (
                    Section::Interests,
                    Icon::Interests,
                    texts.section_interests,
                    interest_conflicts,
                ),
                (
                    Section::Agreements,
                    Icon::Agreements,
                    texts.section_agreements,
                    agreement_conflicts,
                ),
                (
                    Section::Collaboration,
                    Icon::Collaboration,
                    texts.section_collaboration,
                    0,
                ),
                (Section::Input, Icon::Input, texts.section_input, 0),
                (
                    Section::Effects,
                    Icon::Effects,
                    texts.monitoring().section,
                    0,
                ),
                (Section::Meeting, Icon::Meeting, texts.meeting().nav, 0),
                (Section::Partners, Icon::Partners, texts.section_partners, 0),
                (Section::History, Icon::History, texts.section_history, 0),
                (
                    Section::Ratification,
                    Icon::Ratification,
                    texts.section_ratification,
                    0,
                ),
            ] {
                let label = if conflicts > 0 {
                    format!("{label} ({})", count(texts.conflicts_count, conflicts))
                } else {
                    label.to_owned()
                };
                let selected = self.section == section;
                let response = ui.selectable_label(selected, with_icon(icon, &label));
                design::as_tab(ui, &response, selected, &label);
                if response.clicked() {
                    self.section = section;
                }
            }
        });
        ui.separator();
        match self.section {
            Section::Overview => match self.overview.show(ui, env, state) {
                Some(Jump::Section(section)) => self.section = section,
                Some(Jump::Agreement(id)) => {
                    self.agreements.select(id);
                    self.section = Section::Agreements;
                }
                None => {}
            },
            Section::Ambition => self.ambition.show(ui, env, state),
            Section::Interests => self.interests.show(ui, env, state),
            Section::Agreements => self.agreements.show(ui, env, state),
            Section::Collaboration => self.collaboration.show(ui, env, state),
            Section::Input => self.inputs.show(ui, env, state),
            Section::Effects => self.monitoring.show(ui, env, state),
            Section::Meeting => self.meeting.show(ui, env, state),
            Section::Partners => self.partners.show(ui, env, state),
            Section::History => self.history.show(ui, env, state),
            Section::Ratification => self.ratification.show(ui, env, state),
        }
    }
}
