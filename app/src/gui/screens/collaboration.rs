//! Samenwerking, in two parts: roles and expectations (your own role card
//! to fill in, the other partners' cards, and in `expectations.rs` who
//! expects what of whom), and the course check (`coursecheck.rs`).

use std::collections::BTreeMap;

use super::super::app::Env;
use super::super::calendar;
use super::super::dates;
use super::super::design;
use super::super::i18n::{Texts, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use super::coursecheck::CourseCheckPart;
use super::expectations::ExpectationsPart;
use crate::model::{AllianceView, Contribution, RoleCardView, RoleEdit};

/// The section and its drafts.
#[derive(Default)]
pub(crate) struct CollaborationSection {
    part: Part,
    /// The own card being written, with the card it started from.
    draft: Option<(Option<RoleCardView>, CardDraft)>,
    expectations: ExpectationsPart,
    coursecheck: CourseCheckPart,
}

/// The two parts of Samenwerking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Part {
    /// Rollen en verwachtingen.
    #[default]
    Roles,
    /// Koerscheck.
    CourseCheck,
}

/// What the user typed on the own card.
#[derive(Debug, Clone, Default, PartialEq)]
struct CardDraft {
    brings: BTreeMap<Contribution, String>,
    responsible: String,
    mandate: String,
    review_date: String,
}

impl CardDraft {
    /// The draft of `card` (every kind present, empty when not filled in).
    fn of(card: Option<&RoleCardView>) -> CardDraft {
        let brings = Contribution::ALL
            .iter()
            .map(|k| {
                (
                    *k,
                    card.and_then(|c| c.brings.get(k))
                        .cloned()
                        .unwrap_or_default(),
                )
            })
            .collect();
        let Some(card) = card else {
            return CardDraft {
                brings,
                ..CardDraft::default()
            };
        };
        CardDraft {
            brings,
            responsible: card.responsible.clone(),
            mandate: card.mandate.clone(),
            review_date: card
                .review_date
                .as_deref()
                .and_then(|d| d.parse::<jiff::civil::Date>().ok())
                .map(|d| format!("{}-{}-{}", d.day(), d.month(), d.year()))
                .unwrap_or_default(),
        }
    }

    /// The edit that turns `from` into this draft; `None` when nothing
    /// changed.
    fn edit(&self, from: &CardDraft) -> Option<RoleEdit> {
        let brings: BTreeMap<Contribution, String> = Contribution::ALL
            .iter()
            .filter_map(|kind| {
                let now = self.brings.get(kind).map_or("", |t| t.trim());
                let before = from.brings.get(kind).map_or("", |t| t.trim());
                (now != before).then(|| (*kind, now.to_owned()))
            })
            .collect();
        let changed =
            |now: &str, before: &str| (now.trim() != before.trim()).then(|| now.trim().to_owned());
        let edit = RoleEdit {
            brings,
            responsible: changed(&self.responsible, &from.responsible),
            mandate: changed(&self.mandate, &from.mandate),
            review_date: changed(&self.review_date, &from.review_date).filter(|d| !d.is_empty()),
        };
        let empty = edit.brings.is_empty()
            && edit.responsible.is_none()
            && edit.mandate.is_none()
            && edit.review_date.is_none();
        (!empty).then_some(edit)
    }
}

impl CollaborationSection {
    /// Shows the section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        ui.horizontal_wrapped(|ui| {
            for (part, label) in [
                (Part::Roles, texts.roles_heading),
                (Part::CourseCheck, texts.coursecheck_heading),
            ] {
                let selected = self.part == part;
                let response = ui.selectable_label(selected, label);
                design::as_tab(ui, &response, selected, label);
                if response.clicked() {
                    self.part = part;
                }
            }
        });
        egui::ScrollArea::vertical().show(ui, |ui| match self.part {
            Part::Roles => self.roles(ui, env, state),
            Part::CourseCheck => self.coursecheck.show(ui, env, state),
        });
    }

    fn roles(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        design::heading(ui, texts.roles_heading);
        ui.label(texts.roles_intro);
        design::gap(ui);
        self.expectations.show_of_you(ui, env, state);
        design::gap(ui);
        if env.author.is_some() {
            self.own_card(ui, env, state);
            design::gap(ui);
        }
        design::subheading(ui, texts.cards_of_partners);
        let own = env.author.as_ref().map(|a| a.partner_id.clone());
        partners_cards(ui, texts, state.view(), own.as_deref());
        design::gap(ui);
        self.expectations.show_by_you(ui, env, state);
    }

    fn own_card(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        let card = state
            .view()
            .roles
            .iter()
            .find(|c| c.partner == author.partner_id)
            .cloned();
        // A card that changed elsewhere replaces a draft nobody touched.
        let stale = self
            .draft
            .as_ref()
            .is_none_or(|(from, draft)| *from != card && *draft == CardDraft::of(from.as_ref()));
        if stale {
            self.draft = Some((card.clone(), CardDraft::of(card.as_ref())));
        }
        let Some((from, draft)) = self.draft.as_mut() else {
            return;
        };
        let mut save = None;
        let header = egui::CollapsingHeader::new(
            egui::RichText::new(texts.your_card).text_style(design::subheading_style()),
        )
        .id_salt("own-role-card")
        .default_open(card.is_none());
        header.show(ui, |ui| {
            for kind in Contribution::ALL {
                let text = draft.brings.entry(*kind).or_default();
                widgets::text_field(ui, &fill(texts.brings, &[texts.contribution(*kind)]), text);
            }
            widgets::text_area(ui, texts.responsible_for, &mut draft.responsible, 2);
            widgets::text_area(ui, texts.mandate, &mut draft.mandate, 2);
            calendar::date_field(
                ui,
                texts,
                "role-review",
                texts.review_date,
                &mut draft.review_date,
            );
            if let Some(when) = from.as_ref().and_then(|c| c.updated_at.as_deref()) {
                ui.weak(fill(
                    texts.card_saved_when,
                    &[&dates::date_time(texts, when)],
                ));
            }
            let edit = draft.edit(&CardDraft::of(from.as_ref()));
            if ui
                .add_enabled(edit.is_some(), egui::Button::new(texts.save_card))
                .clicked()
            {
                save = edit;
            }
        });
        if let Some(card) = &card {
            widgets::conflicts(
                ui,
                texts,
                state.view(),
                &card.conflicts,
                |field| field_label(texts, field),
                |_, value| value.to_owned(),
                false,
            );
        }
        if let Some(edit) = save {
            match state.edit(env.backend, |a| a.set_role(&author, &edit)) {
                Ok(()) => self.draft = None,
                Err(error) => env.notices.push(Notice::refused(texts, &error)),
            }
        }
    }
}

/// A card field's name, for its conflicts.
fn field_label(texts: &Texts, field: &str) -> String {
    match field {
        "responsible" => texts.responsible_for.to_owned(),
        "mandate" => texts.mandate_short.to_owned(),
        "review_date" => texts.review_date.to_owned(),
        other => Contribution::ALL
            .iter()
            .find(|k| other == format!("brings_{}", k.slug()))
            .map(|k| fill(texts.brings, &[texts.contribution(*k)]))
            .unwrap_or_else(|| other.to_owned()),
    }
}

/// The other partners' cards, in the order they joined.
fn partners_cards(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView, own: Option<&str>) {
    for (index, partner) in view.partners.iter().enumerate() {
        if Some(partner.id.as_str()) == own || partner.left.is_some() {
            continue;
        }
        design::card(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                design::partner_name(ui, &partner.name, design::partner_colour(ui, index));
            });
            let Some(card) = view.roles.iter().find(|c| c.partner == partner.id) else {
                ui.weak(texts.no_card_yet);
                return;
            };
            if !card.brings.is_empty() {
                ui.weak(texts.brings_heading);
            }
            for (kind, text) in &card.brings {
                ui.label(format!("{}: {text}", texts.contribution(*kind)));
            }
            for (name, value) in [
                (texts.responsible_for, &card.responsible),
                (texts.mandate_short, &card.mandate),
            ] {
                if !value.is_empty() {
                    ui.label(format!("{name}: {value}"));
                }
            }
            if let Some(date) = &card.review_date {
                ui.label(format!(
                    "{}: {}",
                    texts.review_date,
                    dates::date(texts, date)
                ));
            }
            widgets::conflicts(
                ui,
                texts,
                view,
                &card.conflicts,
                |field| field_label(texts, field),
                |_, value| value.to_owned(),
                false,
            );
        });
    }
}
