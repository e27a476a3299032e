//! Draws an indicator's line chart ([`crate::model::monitoring::chart`])
//! in the window: the same layout as the PDF's, scaled to the width at
//! hand and the text size, with a legend under it. Screen readers get one
//! sentence with the figures instead of the drawing.

use egui::{Align2, Color32, FontId, Pos2, Rect, Shape, Stroke, TextStyle, pos2, vec2};

use super::i18n::Texts;
use crate::model::monitoring::chart::{Chart, ChartLine};

/// The colours of a chart in the current theme.
struct Inks {
    series: Color32,
    baseline: Color32,
    target: Color32,
    grid: Color32,
    text: Color32,
    fill: Color32,
}

impl Inks {
    fn of(ui: &egui::Ui) -> Inks {
        let dark = ui.visuals().dark_mode;
        Inks {
            series: ui.visuals().hyperlink_color,
            baseline: ui.visuals().weak_text_color(),
            target: if dark {
                Color32::from_rgb(0x86, 0xdb, 0xa0)
            } else {
                Color32::from_rgb(0x14, 0x6c, 0x2e)
            },
            grid: ui.visuals().widgets.noninteractive.bg_stroke.color,
            text: ui.visuals().text_color(),
            fill: ui.visuals().panel_fill,
        }
    }
}

/// Draws `chart` across the available width; `description` is what a
/// screen reader says about it.
pub(crate) fn show(ui: &mut egui::Ui, texts: &Texts, chart: &Chart, description: &str) {
    let small = TextStyle::Small.resolve(ui.style());
    let line_height = small.size * 1.3;
    let axis_width = widest(ui, &small, chart) + 8.0;
    let width = ui.available_width().max(160.0);
    let height = (line_height * 9.0).max(120.0);
    let (rect, response) = ui.allocate_exact_size(
        vec2(width, height + line_height * 1.4),
        egui::Sense::hover(),
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, description));
    let plot = Rect::from_min_max(
        pos2(rect.left() + axis_width, rect.top() + line_height),
        pos2(rect.right() - small.size, rect.top() + height),
    );
    let at = |x: f64, y: f64| {
        pos2(
            plot.left() + x as f32 * plot.width(),
            plot.bottom() - y as f32 * plot.height(),
        )
    };
    let inks = Inks::of(ui);
    let painter = ui.painter_at(rect);
    if let Some((low, high)) = chart.band {
        let band = Rect::from_two_pos(at(0.0, low), at(1.0, high));
        painter.rect_filled(band, 0.0, inks.grid.gamma_multiply(0.35));
    }
    for tick in &chart.y_ticks {
        let y = at(0.0, tick.at).y;
        painter.line_segment(
            [pos2(plot.left(), y), pos2(plot.right(), y)],
            Stroke::new(0.5, inks.grid),
        );
        painter.text(
            pos2(plot.left() - 6.0, y),
            Align2::RIGHT_CENTER,
            &tick.label,
            small.clone(),
            inks.text,
        );
    }
    painter.line_segment(
        [plot.left_bottom(), plot.right_bottom()],
        Stroke::new(1.0, inks.text),
    );
    painter.line_segment(
        [plot.left_top(), plot.left_bottom()],
        Stroke::new(1.0, inks.text),
    );
    for (line, ink) in [
        (&chart.baseline, inks.baseline),
        (&chart.target, inks.target),
    ] {
        if let Some(line) = line {
            let y = at(0.0, line.y).y;
            painter.extend(Shape::dashed_line(
                &[pos2(plot.left(), y), pos2(plot.right(), y)],
                Stroke::new(1.5, ink),
                6.0,
                4.0,
            ));
        }
    }
    let points: Vec<Pos2> = chart.points.iter().map(|p| at(p.x, p.y)).collect();
    painter.add(Shape::line(points.clone(), Stroke::new(2.0, inks.series)));
    let radius = (small.size * 0.3).max(3.5);
    for (point, place) in chart.points.iter().zip(&points) {
        let fill = if point.provisional {
            inks.fill
        } else {
            inks.series
        };
        painter.circle(*place, radius, fill, Stroke::new(1.5, inks.series));
        painter.text(
            *place - vec2(0.0, radius + 2.0),
            Align2::CENTER_BOTTOM,
            &point.label,
            small.clone(),
            inks.series,
        );
    }
    x_labels(&painter, &small, chart, &at, plot, inks.text);
    legend(ui, texts, chart, &inks);
}

/// The periods under the time axis; a label that would overlap the one
/// before it is left out (the points still show every figure).
fn x_labels(
    painter: &egui::Painter,
    font: &FontId,
    chart: &Chart,
    at: &dyn Fn(f64, f64) -> Pos2,
    plot: Rect,
    ink: Color32,
) {
    let mut free_from = f32::NEG_INFINITY;
    for tick in &chart.x_ticks {
        let galley = painter.layout_no_wrap(tick.label.clone(), font.clone(), ink);
        let x = at(tick.at, 0.0).x;
        let left = x - galley.size().x / 2.0;
        if left < free_from {
            continue;
        }
        free_from = x + galley.size().x / 2.0 + 6.0;
        painter.galley(pos2(left, plot.bottom() + 3.0), galley, ink);
    }
}

/// The legend: what each line and each kind of point means.
fn legend(ui: &mut egui::Ui, texts: &Texts, chart: &Chart, inks: &Inks) {
    let t = texts.monitoring();
    ui.horizontal_wrapped(|ui| {
        let line = |ui: &mut egui::Ui, name: &str, line: &ChartLine, ink: Color32| {
            // The target's date as the window writes dates; a baseline's
            // period as typed.
            let when = match &line.when {
                w if w.is_empty() => String::new(),
                w if w.parse::<jiff::civil::Date>().is_ok() => {
                    format!(" ({})", super::dates::date(texts, w))
                }
                w => format!(" ({w})"),
            };
            ui.label(
                egui::RichText::new(format!("- - {name} {}{when}", line.value))
                    .small()
                    .color(ink),
            );
        };
        if let Some(baseline) = &chart.baseline {
            line(ui, t.baseline, baseline, inks.baseline);
        }
        if let Some(target) = &chart.target {
            line(ui, t.target, target, inks.target);
        }
        for (provisional, name) in [(false, t.final_point), (true, t.provisional_point)] {
            let words = egui::RichText::new(name).small().color(inks.series);
            // The point and its words start a new row together when they
            // do not fit on this one (a nested row would not wrap at all).
            let width = egui::WidgetText::from(words.clone())
                .into_galley(
                    ui,
                    Some(egui::TextWrapMode::Extend),
                    f32::INFINITY,
                    TextStyle::Small,
                )
                .size()
                .x
                + TextStyle::Small.resolve(ui.style()).size * 2.0;
            let row_started = ui.cursor().min.x > ui.max_rect().min.x + 1.0;
            if row_started && width > ui.max_rect().max.x - ui.cursor().min.x {
                ui.end_row();
            }
            dot(ui, provisional, inks);
            ui.label(words);
        }
    });
}

/// A point as the chart draws it, for the legend.
fn dot(ui: &mut egui::Ui, provisional: bool, inks: &Inks) {
    let size = TextStyle::Small.resolve(ui.style()).size;
    let (rect, _) = ui.allocate_exact_size(vec2(size, size), egui::Sense::hover());
    let fill = if provisional { inks.fill } else { inks.series };
    ui.painter().circle(
        rect.center(),
        size * 0.3,
        fill,
        Stroke::new(1.5, inks.series),
    );
}

/// The width of the widest value label, for the axis.
fn widest(ui: &egui::Ui, font: &FontId, chart: &Chart) -> f32 {
    chart
        .y_ticks
        .iter()
        .map(|t| {
            ui.painter()
                .layout_no_wrap(t.label.clone(), font.clone(), Color32::WHITE)
                .size()
                .x
        })
        .fold(0.0, f32::max)
}
