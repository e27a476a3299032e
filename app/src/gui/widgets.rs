//! Small building blocks shared by the screens: labelled fields (the label
//! is also the accessible name), notices, conflicts, QR codes, and names.

use egui::{Color32, RichText};

use super::design;
use super::i18n::{Texts, fill};
use crate::model::{AllianceView, ConflictView};

/// A single-line text field under its label.
pub(crate) fn text_field(ui: &mut egui::Ui, label: &str, text: &mut String) -> egui::Response {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY))
        .labelled_by(label.id)
}

/// A multi-line text field under its label.
pub(crate) fn text_area(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    rows: usize,
) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::multiline(text)
            .desired_rows(rows)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
}

/// A drop-down choice among `options`, labelled `label`. Returns the new
/// choice when the user picked a different one.
pub(crate) fn choice<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    id: impl egui::AsIdSalt,
    label: &str,
    current: T,
    options: &[T],
    name: impl Fn(T) -> String,
) -> Option<T> {
    let mut selected = current;
    let shown = egui::ComboBox::new(id, label)
        .selected_text(name(current))
        .show_ui(ui, |ui| {
            for option in options {
                ui.selectable_value(&mut selected, *option, name(*option));
            }
        });
    design::expose_choice(ui, &shown.response, &name(selected));
    (selected != current).then_some(selected)
}

/// A partner's name by id, as the view knows it.
pub(crate) fn partner_name(view: &AllianceView, id: &str, texts: &Texts) -> String {
    view.partners
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| texts.unknown_partner.to_owned())
}

/// Shows fields that partners set concurrently: every value, who chose it,
/// and a button to settle on it. Returns `(field, value)` when one is
/// chosen.
pub(crate) fn conflicts(
    ui: &mut egui::Ui,
    texts: &Texts,
    view: &AllianceView,
    conflicts: &[ConflictView],
    field_label: impl Fn(&str) -> String,
    value_label: impl Fn(&str, &str) -> String,
    can_choose: bool,
) -> Option<(String, String)> {
    let mut chosen = None;
    for conflict in conflicts {
        design::alert_card(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "{}: {}",
                    field_label(&conflict.field),
                    texts.conflict
                ))
                .strong(),
            );
            for value in &conflict.values {
                ui.horizontal_wrapped(|ui| {
                    let index = value
                        .partner
                        .as_deref()
                        .and_then(|p| view.partners.iter().position(|v| v.id == p));
                    let who = value
                        .partner
                        .as_deref()
                        .map(|p| partner_name(view, p, texts))
                        .unwrap_or_else(|| texts.unknown_partner.to_owned());
                    ui.label(format!(
                        "“{}” —",
                        value_label(&conflict.field, &value.value),
                    ));
                    let colour = index.map_or(ui.visuals().weak_text_color(), |i| {
                        design::partner_colour(ui, i)
                    });
                    ui.label(RichText::new(fill(texts.chosen_by, &[&who])).color(colour));
                    if can_choose {
                        let button = ui.button(texts.choose_value);
                        let name = fill(
                            texts.choose_value_named,
                            &[
                                &value_label(&conflict.field, &value.value),
                                &field_label(&conflict.field),
                            ],
                        );
                        design::name_button(&button, &name);
                        if button.clicked() {
                            chosen = Some((conflict.field.clone(), value.value.clone()));
                        }
                    }
                });
            }
        });
    }
    chosen
}

/// Draws `text` as a QR code, with an accessible description.
pub(crate) fn qr_code(ui: &mut egui::Ui, text: &str, description: &str) {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::L) else {
        return;
    };
    let width = code.width();
    let colors = code.to_colors();
    let module = 3.0;
    let quiet = 4.0 * module;
    let side = width as f32 * module + 2.0 * quiet;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, description));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    for (index, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let x = (index % width) as f32 * module + quiet;
            let y = (index / width) as f32 * module + quiet;
            let cell =
                egui::Rect::from_min_size(rect.min + egui::vec2(x, y), egui::vec2(module, module));
            painter.rect_filled(cell, 0.0, Color32::BLACK);
        }
    }
}
