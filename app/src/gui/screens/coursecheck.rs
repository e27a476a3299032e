//! Koerscheck, within Samenwerking: the open round to answer (none of the
//! colours chosen for the user), closing it, opening a new one, and once
//! closed the course per topic with the follow-up actions.

use std::collections::BTreeMap;

use super::super::app::Env;
use super::super::calendar;
use super::super::dates;
use super::super::design::{self, Tone};
use super::super::i18n::{Texts, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::{
    AllianceView, CourseCheckView, Dimension, MAX_ACTIONS, NewRating, Rating, RatingView, Trend,
};

/// The drafts of the course check part.
#[derive(Default)]
pub(crate) struct CourseCheckPart {
    /// Per dimension of the open round: the rating, trend and remark chosen
    /// (nothing until the user chooses), for the round they belong to.
    drafts: BTreeMap<(String, Dimension), Draft>,
    closes: String,
    action_text: String,
    action_owner: Option<String>,
    action_due: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    rating: Option<Rating>,
    trend: Option<Trend>,
    remark: String,
}

impl CourseCheckPart {
    /// Shows the part.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        design::heading(ui, texts.coursecheck_heading);
        ui.label(texts.coursecheck_intro);
        design::gap(ui);
        let open = state
            .view()
            .coursechecks
            .iter()
            .rev()
            .find(|r| r.closed_at.is_none())
            .cloned();
        match open {
            Some(round) => self.open_round(ui, env, state, &round),
            None => self.new_round(ui, env, state),
        }
        design::gap(ui);
        design::subheading(ui, texts.heatmap);
        heatmap(ui, texts, state.view());
        let last = state
            .view()
            .coursechecks
            .iter()
            .rev()
            .find(|r| r.closed_at.is_some())
            .cloned();
        if let Some(round) = last {
            ui.weak(texts.heatmap_legend);
            design::gap(ui);
            design::subheading(
                ui,
                &fill(texts.last_round, &[&dates::date(texts, &round.closes)]),
            );
            remarks(ui, texts, state.view(), &round);
            self.actions(ui, env, state, &round);
        }
    }

    fn open_round(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        round: &CourseCheckView,
    ) {
        let texts = env.texts;
        let partners = state
            .view()
            .partners
            .iter()
            .filter(|p| p.left.is_none())
            .count();
        design::card(ui, |ui| {
            ui.strong(fill(
                texts.round_open_until,
                &[&dates::date(texts, &round.closes)],
            ));
            ui.label(fill(
                texts.round_answered,
                &[&round.answered_by.len().to_string(), &partners.to_string()],
            ));
        });
        let Some(author) = env.author.clone() else {
            return;
        };
        let own: Vec<RatingView> = state
            .alliance()
            .own_ratings(&author, &round.id)
            .unwrap_or_default();
        let mut ratings = Vec::new();
        for dimension in Dimension::ALL {
            let saved = own.iter().find(|r| r.dimension == *dimension);
            let draft = self
                .drafts
                .entry((round.id.clone(), *dimension))
                .or_insert_with(|| Draft {
                    rating: saved.map(|r| r.rating),
                    trend: saved.map(|r| r.trend),
                    remark: saved.map(|r| r.remark.clone()).unwrap_or_default(),
                });
            design::card(ui, |ui| dimension_form(ui, texts, *dimension, draft));
            let unchanged = saved.is_some_and(|s| {
                Some(s.rating) == draft.rating
                    && Some(s.trend) == draft.trend
                    && s.remark == draft.remark.trim()
            });
            if let (Some(rating), Some(trend), false) = (draft.rating, draft.trend, unchanged) {
                ratings.push(NewRating {
                    dimension: *dimension,
                    rating,
                    trend,
                    remark: draft.remark.trim().to_owned(),
                });
            }
        }
        ui.label(fill(
            texts.ratings_saved,
            &[&own.len().to_string(), &Dimension::ALL.len().to_string()],
        ));
        let mut close = false;
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(!ratings.is_empty(), egui::Button::new(texts.save_ratings))
                .clicked()
                && let Err(error) = state.edit(env.backend, |a| {
                    a.answer_coursecheck(&author, &round.id, &ratings)
                })
            {
                env.notices.push(Notice::refused(texts, &error));
            }
            let today = jiff::Zoned::now().date().to_string();
            let may_close = round.opened_by == author.partner_id || today > round.closes;
            close = ui
                .add_enabled(may_close, egui::Button::new(texts.close_round))
                .clicked();
            if !may_close {
                let opener = widgets::partner_name(state.view(), &round.opened_by, texts);
                ui.weak(fill(
                    texts.close_round_not_yet,
                    &[&dates::date(texts, &round.closes), &opener],
                ));
            }
        });
        if close
            && let Err(error) = state.edit(env.backend, |a| a.close_coursecheck(&author, &round.id))
        {
            env.notices.push(Notice::refused(texts, &error));
        }
    }

    fn new_round(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        design::card(ui, |ui| {
            ui.strong(texts.new_round);
            calendar::date_field(
                ui,
                texts,
                "round-closes",
                texts.round_closes,
                &mut self.closes,
            );
            let ready = crate::model::parse_date_for_ui(&self.closes).is_ok();
            if ui
                .add_enabled(ready, egui::Button::new(texts.open_round))
                .clicked()
            {
                let closes = self.closes.clone();
                match state.edit(env.backend, |a| a.open_coursecheck(&author, None, &closes)) {
                    Ok(_) => self.closes.clear(),
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
        });
    }

    fn actions(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        round: &CourseCheckView,
    ) {
        let texts = env.texts;
        design::subheading(ui, texts.actions);
        for action in &round.actions {
            let owner = widgets::partner_name(state.view(), &action.owner, texts);
            ui.label(fill(
                texts.action_line,
                &[&action.text, &owner, &dates::date(texts, &action.due)],
            ));
        }
        let Some(author) = env.author.clone() else {
            return;
        };
        if round.actions.len() >= MAX_ACTIONS {
            return;
        }
        let partners: Vec<(String, String)> = state
            .view()
            .partners
            .iter()
            .filter(|p| p.left.is_none())
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect();
        let mut add = false;
        design::card(ui, |ui| {
            widgets::text_field(ui, texts.action_text, &mut self.action_text);
            let shown = self
                .action_owner
                .as_ref()
                .and_then(|id| partners.iter().find(|(p, _)| p == id))
                .map_or(texts.choose_partner, |(_, name)| name.as_str())
                .to_owned();
            let combo = egui::ComboBox::from_label(texts.action_owner)
                .selected_text(&shown)
                .show_ui(ui, |ui| {
                    for (id, name) in &partners {
                        ui.selectable_value(&mut self.action_owner, Some(id.clone()), name);
                    }
                });
            design::expose_choice(ui, &combo.response, &shown);
            calendar::date_field(
                ui,
                texts,
                "action-due",
                texts.action_due,
                &mut self.action_due,
            );
            let ready = !self.action_text.trim().is_empty()
                && self.action_owner.is_some()
                && crate::model::parse_date_for_ui(&self.action_due).is_ok();
            add = ui
                .add_enabled(ready, egui::Button::new(texts.add_action))
                .clicked();
        });
        let (true, Some(owner)) = (add, self.action_owner.clone()) else {
            return;
        };
        let (text, due) = (self.action_text.trim().to_owned(), self.action_due.clone());
        match state.edit(env.backend, |a| {
            a.add_coursecheck_action(&author, &round.id, &text, &owner, &due)
        }) {
            Ok(_) => {
                self.action_text.clear();
                self.action_due.clear();
                self.action_owner = None;
            }
            Err(error) => env.notices.push(Notice::refused(texts, &error)),
        }
    }
}

/// One dimension's question: what good and not good look like, the colour,
/// the trend and a remark.
fn dimension_form(ui: &mut egui::Ui, texts: &Texts, dimension: Dimension, draft: &mut Draft) {
    ui.strong(texts.dimension(dimension));
    ui.weak(fill(texts.good_when, &[texts.dimension_good(dimension)]));
    ui.weak(fill(
        texts.not_good_when,
        &[texts.dimension_not_good(dimension)],
    ));
    ui.horizontal_wrapped(|ui| {
        for rating in Rating::ALL {
            let label = format!("{} — {}", texts.rating(*rating), texts.dimension(dimension));
            let radio = ui.radio_value(&mut draft.rating, Some(*rating), texts.rating(*rating));
            design::name_button(&radio, &label);
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(texts.trend_label);
        for trend in Trend::ALL {
            let label = format!("{} — {}", texts.trend(*trend), texts.dimension(dimension));
            let radio = ui.radio_value(&mut draft.trend, Some(*trend), texts.trend(*trend));
            design::name_button(&radio, &label);
        }
    });
    widgets::text_field(
        ui,
        &format!("{} — {}", texts.remark_optional, texts.dimension(dimension)),
        &mut draft.remark,
    );
}

/// The tone of a rating's chip.
fn tone(rating: Rating) -> Tone {
    match rating {
        Rating::Green => Tone::Good,
        Rating::Orange => Tone::Attention,
        Rating::Red => Tone::Problem,
    }
}

/// The course per topic: one row per dimension, one column per closed
/// round, each cell the colour most partners gave, with the spread.
fn heatmap(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView) {
    let closed: Vec<&CourseCheckView> = view
        .coursechecks
        .iter()
        .filter(|r| r.closed_at.is_some())
        .collect();
    if closed.is_empty() {
        ui.weak(texts.no_closed_round);
        return;
    }
    egui::ScrollArea::horizontal()
        .id_salt("coursecheck-heatmap")
        .show(ui, |ui| {
            egui::Grid::new("coursecheck-grid")
                .striped(true)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    ui.label("");
                    for round in &closed {
                        ui.strong(fill(
                            texts.heatmap_round,
                            &[&dates::date(texts, &round.closes)],
                        ));
                    }
                    ui.end_row();
                    for dimension in Dimension::ALL {
                        ui.label(texts.dimension(*dimension));
                        for round in &closed {
                            let cell = round.dimensions.iter().find(|d| d.dimension == *dimension);
                            match cell.and_then(|c| c.overall.map(|o| (c, o))) {
                                Some((cell, overall)) => {
                                    ui.horizontal(|ui| {
                                        let counts = format!(
                                            "{} ({}/{}/{})",
                                            texts.rating(overall),
                                            cell.green,
                                            cell.orange,
                                            cell.red
                                        );
                                        design::chip(ui, &counts, tone(overall));
                                        if cell.apart {
                                            design::chip(ui, texts.apart, Tone::Problem);
                                        }
                                    });
                                }
                                None => {
                                    ui.weak("—");
                                }
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

/// The remarks of the last closed round, per topic.
fn remarks(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView, round: &CourseCheckView) {
    let with_remark: Vec<&RatingView> = round
        .answers
        .iter()
        .filter(|r| !r.remark.is_empty())
        .collect();
    if with_remark.is_empty() {
        return;
    }
    design::subheading(ui, texts.remarks);
    for rating in with_remark {
        let who = widgets::partner_name(view, &rating.partner, texts);
        ui.label(format!(
            "{} — {who}: {}",
            texts.dimension(rating.dimension),
            rating.remark
        ));
    }
}
