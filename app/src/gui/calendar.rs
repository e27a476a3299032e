//! A date field: typed as people write dates (1-3-2027), or picked from a
//! month calendar that opens beside it.

use jiff::civil::Date;

use super::design;
use super::i18n::Texts;

/// A labelled date field with a calendar button. `text` holds what the
/// user typed or picked; a picked date is written as `1-3-2027`. Returns
/// whether a date was picked.
pub(crate) fn date_field(
    ui: &mut egui::Ui,
    texts: &Texts,
    id: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    text: &mut String,
) -> bool {
    let id = ui.make_persistent_id(("date-field", id));
    let mut picked = false;
    let label_text = label;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(label_text);
        ui.add(egui::TextEdit::singleline(text).desired_width(130.0))
            .labelled_by(label.id);
        let chosen = crate::model::parse_date_for_ui(text).ok();
        let response = ui.menu_button(texts.calendar, |ui| {
            if let Some(date) = month_grid(ui, texts, id, chosen) {
                *text = format!("{}-{}-{}", date.day(), date.month(), date.year());
                picked = true;
                ui.close();
            }
        });
        let name = format!("{} — {label_text}", texts.calendar);
        design::name_button(&response.response, &name);
    });
    picked
}

/// The month shown in the calendar (kept between frames), and the grid of
/// its days; returns the day clicked.
fn month_grid(
    ui: &mut egui::Ui,
    texts: &Texts,
    id: egui::Id,
    chosen: Option<String>,
) -> Option<Date> {
    let today = jiff::Zoned::now().date();
    let start = chosen
        .and_then(|d| d.parse::<Date>().ok())
        .unwrap_or(today)
        .first_of_month();
    let mut month: Date = ui.data_mut(|d| *d.get_temp_mut_or(id, start));
    let months: Vec<&str> = texts.months.split_whitespace().collect();
    ui.horizontal(|ui| {
        if ui.button("‹").on_hover_text(texts.previous_month).clicked() {
            month = month
                .checked_sub(jiff::Span::new().months(1))
                .unwrap_or(month);
        }
        let name = months
            .get(usize::try_from(month.month() - 1).unwrap_or(0))
            .copied()
            .unwrap_or_default();
        ui.strong(format!("{name} {}", month.year()));
        if ui.button("›").on_hover_text(texts.next_month).clicked() {
            month = month
                .checked_add(jiff::Span::new().months(1))
                .unwrap_or(month);
        }
    });
    ui.data_mut(|d| d.insert_temp(id, month));
    let mut clicked = None;
    egui::Grid::new((id, "days")).show(ui, |ui| {
        for day in texts.weekdays.split_whitespace() {
            ui.weak(day);
        }
        ui.end_row();
        // Monday first, as in the Netherlands.
        let offset = month.weekday().to_monday_zero_offset();
        for _ in 0..offset {
            ui.label("");
        }
        let mut column = offset;
        for day in 1..=month.days_in_month() {
            let Ok(date) = Date::new(month.year(), month.month(), day) else {
                continue;
            };
            let text = egui::RichText::new(day.to_string());
            let text = if date == today { text.strong() } else { text };
            let button = ui.button(text);
            let name = format!(
                "{day} {} {}",
                months
                    .get(usize::try_from(month.month() - 1).unwrap_or(0))
                    .copied()
                    .unwrap_or_default(),
                month.year()
            );
            design::name_button(&button, &name);
            if button.clicked() {
                clicked = Some(date);
            }
            column += 1;
            if column == 7 {
                ui.end_row();
                column = 0;
            }
        }
    });
    clicked
}
