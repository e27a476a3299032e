//! The form of an indicator, for adding one and for editing one: what the
//! user typed, the catalogue to start from, and the edit that turns one
//! draft into another.

use super::super::calendar;
use super::super::i18n::{MonitoringTexts, Texts};
use super::super::widgets;
use crate::model::AllianceView;
use crate::model::monitoring::catalogue::CATALOGUE;
use crate::model::monitoring::indicator::IndicatorEdit;
use crate::model::monitoring::kinds::{Direction, Level, Unit};
use crate::model::monitoring::values::dutch;
use crate::model::monitoring::view::IndicatorView;

/// An indicator as typed in the form.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct IndicatorDraft {
    effect: Option<String>,
    name: String,
    definition: String,
    unit: Option<Unit>,
    direction: Option<Direction>,
    level: Option<Level>,
    band_low: String,
    band_high: String,
    baseline: String,
    baseline_period: String,
    target: String,
    target_date: String,
    amber: String,
    source: String,
    source_url: String,
    owner: Option<String>,
    frequency: String,
    proxy_for: String,
}

impl IndicatorDraft {
    /// The draft of an existing indicator.
    pub(super) fn of(indicator: &IndicatorView) -> IndicatorDraft {
        let number = |v: Option<f64>| v.map(dutch).unwrap_or_default();
        IndicatorDraft {
            effect: Some(indicator.effect.clone()),
            name: indicator.name.clone(),
            definition: indicator.definition.clone(),
            unit: Some(indicator.unit),
            direction: Some(indicator.direction),
            level: indicator.level,
            band_low: number(indicator.band.map(|b| b.0)),
            band_high: number(indicator.band.map(|b| b.1)),
            baseline: number(indicator.baseline),
            baseline_period: indicator.baseline_period.clone(),
            target: number(indicator.target),
            target_date: indicator
                .target_date
                .parse::<jiff::civil::Date>()
                .map(|d| format!("{}-{}-{}", d.day(), d.month(), d.year()))
                .unwrap_or_default(),
            amber: number(indicator.amber),
            source: indicator.source.clone(),
            source_url: indicator.source_url.clone(),
            owner: (!indicator.owner.is_empty()).then(|| indicator.owner.clone()),
            frequency: indicator.frequency.clone(),
            proxy_for: indicator.proxy_for.clone(),
        }
    }

    /// The catalogue to start from: picking an entry fills in its name,
    /// definition, unit, direction, level and source.
    pub(super) fn catalogue_choice(&mut self, ui: &mut egui::Ui, t: &MonitoringTexts) {
        let options: Vec<Option<usize>> = std::iter::once(None)
            .chain((0..CATALOGUE.len()).map(Some))
            .collect();
        let picked = widgets::choice(
            ui,
            "indicator-catalogue",
            t.from_catalogue,
            None,
            &options,
            |o| {
                o.map_or_else(
                    || t.own_indicator.to_owned(),
                    |i| CATALOGUE[i].name.to_owned(),
                )
            },
        );
        if let Some(Some(index)) = picked {
            let entry = &CATALOGUE[index];
            self.name = entry.name.to_owned();
            self.definition = entry.definition.to_owned();
            self.unit = Some(entry.unit);
            self.direction = Some(entry.direction);
            self.level = Some(entry.level);
            self.source = entry.source.to_owned();
            self.source_url = entry.source_url.to_owned();
        }
    }

    /// The form's fields; `salt` keeps two forms on one screen apart.
    pub(super) fn fields(
        &mut self,
        ui: &mut egui::Ui,
        texts: &Texts,
        view: &AllianceView,
        salt: &str,
    ) {
        let t = texts.monitoring();
        self.effect_choice(ui, t, view, salt);
        widgets::text_field(ui, t.indicator_name, &mut self.name);
        widgets::text_area(ui, t.definition, &mut self.definition, 2);
        ui.horizontal_wrapped(|ui| {
            pick(
                ui,
                (salt, "unit"),
                t.unit_label,
                &mut self.unit,
                Unit::ALL,
                t.choose,
                |u| t.unit(u),
            );
            pick(
                ui,
                (salt, "direction"),
                t.direction_label,
                &mut self.direction,
                Direction::ALL,
                t.choose,
                |d| t.direction(d),
            );
            pick(
                ui,
                (salt, "level"),
                t.level_label,
                &mut self.level,
                Level::ALL,
                t.none,
                |l| t.level(l),
            );
        });
        if self.direction == Some(Direction::Band) {
            widgets::text_field(ui, t.band_low, &mut self.band_low);
            widgets::text_field(ui, t.band_high, &mut self.band_high);
        }
        widgets::text_field(ui, t.baseline_value, &mut self.baseline);
        widgets::text_field(ui, t.baseline_period, &mut self.baseline_period);
        widgets::text_field(ui, t.target_value, &mut self.target);
        calendar::date_field(
            ui,
            texts,
            (salt, "target-date"),
            t.target_date,
            &mut self.target_date,
        );
        widgets::text_field(ui, t.amber, &mut self.amber);
        widgets::text_field(ui, t.source_label, &mut self.source);
        widgets::text_field(ui, t.source_url, &mut self.source_url);
        self.owner_choice(ui, texts, view, salt);
        widgets::text_field(ui, t.frequency, &mut self.frequency);
        widgets::text_field(ui, t.proxy_for, &mut self.proxy_for);
    }

    fn effect_choice(
        &mut self,
        ui: &mut egui::Ui,
        t: &MonitoringTexts,
        view: &AllianceView,
        salt: &str,
    ) {
        let effects = &view.ambition.effects;
        let options: Vec<Option<usize>> = (0..effects.len()).map(Some).collect();
        let current = self
            .effect
            .as_ref()
            .and_then(|id| effects.iter().position(|e| &e.id == id));
        let picked = widgets::choice(
            ui,
            (salt, "effect"),
            t.for_which_effect,
            current,
            &options,
            |o| o.map_or_else(|| t.choose.to_owned(), |i| effects[i].text.clone()),
        );
        if let Some(Some(index)) = picked {
            self.effect = Some(effects[index].id.clone());
        }
    }

    fn owner_choice(&mut self, ui: &mut egui::Ui, texts: &Texts, view: &AllianceView, salt: &str) {
        let t = texts.monitoring();
        let partners: Vec<_> = view.partners.iter().filter(|p| p.left.is_none()).collect();
        let options: Vec<Option<usize>> = (0..partners.len()).map(Some).collect();
        let current = self
            .owner
            .as_ref()
            .and_then(|id| partners.iter().position(|p| &p.id == id));
        let picked = widgets::choice(
            ui,
            (salt, "owner"),
            t.kept_by_label,
            current,
            &options,
            |o| o.map_or_else(|| t.none.to_owned(), |i| partners[i].name.clone()),
        );
        if let Some(Some(index)) = picked {
            self.owner = Some(partners[index].id.clone());
        }
    }

    /// The edit that turns `from` into this draft: only what changed;
    /// `None` when nothing did.
    pub(super) fn edit_from(&self, from: &IndicatorDraft) -> Option<IndicatorEdit> {
        let text =
            |now: &str, before: &str| (now.trim() != before.trim()).then(|| now.trim().to_owned());
        let pair = |a: (&str, &str), b: (&str, &str)| {
            (a.0.trim() != b.0.trim() || a.1.trim() != b.1.trim())
                .then(|| (a.0.trim().to_owned(), a.1.trim().to_owned()))
        };
        let edit = IndicatorEdit {
            effect: self
                .effect
                .clone()
                .filter(|e| Some(e) != from.effect.as_ref()),
            name: text(&self.name, &from.name),
            definition: text(&self.definition, &from.definition),
            unit: self.unit.filter(|u| Some(*u) != from.unit),
            level: self.level.filter(|l| Some(*l) != from.level),
            direction: self.direction.filter(|d| Some(*d) != from.direction),
            band: pair(
                (&self.band_low, &self.band_high),
                (&from.band_low, &from.band_high),
            )
            .filter(|(low, high)| !low.is_empty() && !high.is_empty()),
            baseline: pair(
                (&self.baseline, &self.baseline_period),
                (&from.baseline, &from.baseline_period),
            ),
            target: pair(
                (&self.target, &self.target_date),
                (&from.target, &from.target_date),
            ),
            amber: text(&self.amber, &from.amber),
            source: text(&self.source, &from.source),
            source_url: text(&self.source_url, &from.source_url),
            owner: self
                .owner
                .clone()
                .filter(|o| Some(o) != from.owner.as_ref()),
            frequency: text(&self.frequency, &from.frequency),
            proxy_for: text(&self.proxy_for, &from.proxy_for),
        };
        (edit != IndicatorEdit::default()).then_some(edit)
    }

    /// Whether a new indicator's edit has what every indicator needs: an
    /// effect, a name, a unit, a direction (and a band when it is one).
    pub(super) fn complete(edit: &IndicatorEdit) -> bool {
        edit.effect.is_some()
            && edit.name.as_deref().is_some_and(|n| !n.is_empty())
            && edit.unit.is_some()
            && match edit.direction {
                Some(Direction::Band) => edit.band.is_some(),
                Some(_) => true,
                None => false,
            }
    }
}

/// A drop-down of `options` that starts with nothing chosen (`empty`
/// shows then) and cannot go back to nothing once chosen.
#[allow(clippy::too_many_arguments)]
fn pick<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    id: impl egui::AsIdSalt,
    label: &str,
    value: &mut Option<T>,
    options: &[T],
    empty: &str,
    name: impl Fn(T) -> &'static str,
) {
    let options: Vec<Option<T>> = options.iter().copied().map(Some).collect();
    if let Some(picked) = widgets::choice(ui, id, label, *value, &options, |o| {
        o.map_or_else(|| empty.to_owned(), |v| name(v).to_owned())
    }) {
        *value = picked;
    }
}
