//! The window's design system, used by every screen: a type scale with
//! real headings, spacing, a colour per partner, status chips, cards of one
//! width, a visible focus ring, and colours that meet WCAG AA contrast in
//! both themes.

use egui::{Color32, CornerRadius, FontFamily, FontId, Margin, RichText, Role, Stroke, TextStyle};

use super::icons::Icon;
use crate::model::{AgreementStatus, InterestStatus, Stance};

/// The text style of a subheading (between a heading and body text).
pub(crate) fn subheading_style() -> TextStyle {
    TextStyle::Name("subheading".into())
}

/// Sets the type scale, spacing and colours for `dark` or light.
pub(crate) fn apply(ctx: &egui::Context) {
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            style.text_styles = [
                (
                    TextStyle::Heading,
                    FontId::new(22.0, FontFamily::Proportional),
                ),
                (
                    subheading_style(),
                    FontId::new(17.5, FontFamily::Proportional),
                ),
                (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
                (
                    TextStyle::Button,
                    FontId::new(15.0, FontFamily::Proportional),
                ),
                (
                    TextStyle::Small,
                    FontId::new(13.0, FontFamily::Proportional),
                ),
                (
                    TextStyle::Monospace,
                    FontId::new(14.0, FontFamily::Monospace),
                ),
            ]
            .into();
            style.spacing.item_spacing = egui::vec2(8.0, 7.0);
            style.spacing.button_padding = egui::vec2(10.0, 5.0);
            style.spacing.interact_size.y = 26.0;
            colours(&mut style.visuals, theme == egui::Theme::Dark);
        });
    }
}

/// Colours with AA contrast (4.5:1 for text) on the panel background.
fn colours(visuals: &mut egui::Visuals, dark: bool) {
    let focus = if dark {
        Color32::from_rgb(0x9c, 0xc8, 0xff)
    } else {
        Color32::from_rgb(0x00, 0x5f, 0xcc)
    };
    if dark {
        visuals.override_text_color = Some(Color32::from_gray(235));
        visuals.weak_text_color = Some(Color32::from_gray(180));
        visuals.warn_fg_color = Color32::from_rgb(0xff, 0xc0, 0x66);
        visuals.error_fg_color = Color32::from_rgb(0xff, 0x8a, 0x8a);
        visuals.hyperlink_color = Color32::from_rgb(0x8c, 0xc0, 0xff);
    } else {
        visuals.override_text_color = Some(Color32::from_gray(20));
        visuals.weak_text_color = Some(Color32::from_gray(80));
        visuals.warn_fg_color = Color32::from_rgb(0x8a, 0x4b, 0x00);
        visuals.error_fg_color = Color32::from_rgb(0xb0, 0x1e, 0x1e);
        visuals.hyperlink_color = Color32::from_rgb(0x00, 0x55, 0xaa);
    }
    // Every control has a visible edge (3:1 against the background, WCAG
    // 1.4.11), so that text fields show on white cards too.
    let edge = if dark {
        Color32::from_gray(150)
    } else {
        Color32::from_gray(118)
    };
    visuals.widgets.inactive.bg_stroke = Stroke::new(1.0, edge);
    visuals.widgets.hovered.bg_stroke = Stroke::new(1.5, edge);
    // The focus ring: a focused widget is drawn with the active visuals.
    visuals.widgets.active.bg_stroke = Stroke::new(2.5, focus);
    visuals.selection.stroke = Stroke::new(2.0, focus);
    for widget in [
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
        &mut visuals.widgets.noninteractive,
    ] {
        widget.corner_radius = CornerRadius::same(5);
    }
}

/// A heading, exposed to screen readers as one.
pub(crate) fn heading(ui: &mut egui::Ui, text: &str) -> egui::Response {
    let response =
        ui.add(egui::Label::new(RichText::new(text).text_style(TextStyle::Heading)).wrap());
    as_heading(ui, &response, text, 1);
    response
}

/// A subheading (a heading of the second level).
pub(crate) fn subheading(ui: &mut egui::Ui, text: &str) -> egui::Response {
    let response = ui
        .add(egui::Label::new(RichText::new(text).text_style(subheading_style()).strong()).wrap());
    as_heading(ui, &response, text, 2);
    response
}

fn as_heading(ui: &egui::Ui, response: &egui::Response, text: &str, level: usize) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(Role::Heading);
        node.clear_value();
        node.set_label(text);
        node.set_level(level);
    });
}

/// A card: a framed block of the full width, the same for every screen.
pub(crate) fn card<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let visuals = ui.visuals();
    let fill = if visuals.dark_mode {
        Color32::from_gray(38)
    } else {
        Color32::WHITE
    };
    let stroke = Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color);
    egui::Frame::new()
        .fill(fill)
        .stroke(stroke)
        .corner_radius(CornerRadius::same(8))
        .inner_margin(Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui)
        })
        .inner
}

/// A card whose contents fold away under a subheading-sized title (an
/// "add …" form); `salt` keeps its open state apart from other cards'.
pub(crate) fn folding_card(
    ui: &mut egui::Ui,
    title: &str,
    salt: &str,
    add: impl FnOnce(&mut egui::Ui),
) {
    card(ui, |ui| {
        let header = RichText::new(title).text_style(subheading_style());
        egui::CollapsingHeader::new(header)
            .id_salt(salt)
            .show(ui, add);
    });
}

/// A card that draws attention (a conflict, a warning).
pub(crate) fn alert_card<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let color = ui.visuals().warn_fg_color;
    egui::Frame::new()
        .stroke(Stroke::new(2.0, color))
        .corner_radius(CornerRadius::same(8))
        .inner_margin(Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_top(|ui| {
                decoration(ui, Icon::Warning, color);
                ui.vertical(add).inner
            })
            .inner
        })
        .inner
}

/// Paints `icon` at the start of a row, for the eye only: it has no node
/// in the accessibility tree (the text beside it says what it means).
pub(crate) fn decoration(ui: &mut egui::Ui, icon: Icon, color: Color32) {
    let font = TextStyle::Body.resolve(ui.style());
    let size = egui::vec2(font.size * 1.2, font.size * 1.3);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    ui.painter().text(
        rect.left_center(),
        egui::Align2::LEFT_CENTER,
        icon.glyph(),
        FontId::new(font.size * 1.15, font.family),
        color,
    );
}

/// The colour of the partner at `index` (in the order partners joined),
/// readable as text in the current theme.
pub(crate) fn partner_colour(ui: &egui::Ui, index: usize) -> Color32 {
    const LIGHT: [(u8, u8, u8); 8] = [
        (0x1f, 0x5f, 0xa8),
        (0x9a, 0x34, 0x12),
        (0x16, 0x65, 0x34),
        (0x6b, 0x21, 0xa8),
        (0x0f, 0x6e, 0x6a),
        (0x9d, 0x17, 0x7f),
        (0x7c, 0x4a, 0x0b),
        (0x33, 0x41, 0x55),
    ];
    const DARK: [(u8, u8, u8); 8] = [
        (0x86, 0xb8, 0xff),
        (0xff, 0xa5, 0x80),
        (0x86, 0xdb, 0xa0),
        (0xcf, 0xa8, 0xff),
        (0x66, 0xd6, 0xcb),
        (0xf2, 0xa0, 0xe6),
        (0xe6, 0xbb, 0x70),
        (0xbb, 0xc6, 0xd6),
    ];
    let palette = if ui.visuals().dark_mode { DARK } else { LIGHT };
    let (r, g, b) = palette[index % palette.len()];
    Color32::from_rgb(r, g, b)
}

/// A partner's name with its colour dot.
pub(crate) fn partner_name(ui: &mut egui::Ui, name: &str, colour: Color32) -> egui::Response {
    let size = ui.text_style_height(&TextStyle::Body) * 0.55;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    ui.painter()
        .circle_filled(rect.center(), size / 2.0, colour);
    ui.label(RichText::new(name).color(colour).strong())
}

/// What a chip says about its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    /// Settled and good (agreed, agree).
    Good,
    /// Needs attention (reservations, proposed).
    Attention,
    /// A problem (objection, conflict).
    Problem,
    /// Neutral (draft, abstain, withdrawn, given on an earlier text).
    Neutral,
    /// In progress (proposed).
    Info,
}

/// A status chip: a short label on a tinted, rounded background, exposed
/// to screen readers as plain text.
pub(crate) fn chip(ui: &mut egui::Ui, text: &str, tone: Tone) -> egui::Response {
    let visuals = ui.visuals();
    let colour = match tone {
        Tone::Good if visuals.dark_mode => Color32::from_rgb(0x86, 0xdb, 0xa0),
        Tone::Good => Color32::from_rgb(0x14, 0x6c, 0x2e),
        Tone::Attention => visuals.warn_fg_color,
        Tone::Problem => visuals.error_fg_color,
        Tone::Info => visuals.hyperlink_color,
        Tone::Neutral => visuals.weak_text_color(),
    };
    let label = RichText::new(text).color(colour).small().strong();
    // A frame does not wrap like text: start a new row when the chip does
    // not fit beside what is already on this one.
    let width = egui::WidgetText::from(label.clone())
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            TextStyle::Small,
        )
        .size()
        .x
        + 18.0;
    let row_started = ui.cursor().min.x > ui.max_rect().min.x + 1.0;
    let room = ui.max_rect().max.x - ui.cursor().min.x;
    if ui.layout().main_wrap && row_started && width > room {
        ui.end_row();
    }
    egui::Frame::new()
        .fill(colour.gamma_multiply(0.14))
        .stroke(Stroke::new(1.0, colour))
        .corner_radius(CornerRadius::same(10))
        .inner_margin(Margin::symmetric(8, 1))
        .show(ui, |ui| ui.label(label))
        .inner
}

/// The tone of an agreement status.
pub(crate) fn status_tone(status: AgreementStatus) -> Tone {
    match status {
        AgreementStatus::Draft | AgreementStatus::Withdrawn => Tone::Neutral,
        AgreementStatus::Proposed => Tone::Info,
        AgreementStatus::Agreed => Tone::Good,
    }
}

/// The tone of a stance.
pub(crate) fn stance_tone(stance: Stance) -> Tone {
    match stance {
        Stance::Agree => Tone::Good,
        Stance::Reservations => Tone::Attention,
        Stance::Object => Tone::Problem,
        Stance::Abstain => Tone::Neutral,
    }
}

/// The tone of an interest status.
pub(crate) fn interest_tone(status: InterestStatus) -> Tone {
    match status {
        InterestStatus::Open => Tone::Attention,
        InterestStatus::BeingAddressed => Tone::Info,
        InterestStatus::Resolved => Tone::Good,
    }
}

/// Space between the blocks of a screen.
pub(crate) fn gap(ui: &mut egui::Ui) {
    ui.add_space(12.0);
}

/// Marks `response` as a tab of a tab list named `name`, selected or not.
pub(crate) fn as_tab(ui: &egui::Ui, response: &egui::Response, selected: bool, name: &str) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(Role::Tab);
        node.set_label(name);
        node.clear_toggled();
        node.set_selected(selected);
    });
}

/// Marks `response` as an item of a list, selected or not.
pub(crate) fn as_list_item(ui: &egui::Ui, response: &egui::Response, selected: bool) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(Role::ListItem);
        node.clear_toggled();
        node.set_selected(selected);
    });
}

/// Makes `response` announce changes of its text to screen readers (a
/// polite live region): hints and the results of saving.
pub(crate) fn announce(ui: &egui::Ui, response: &egui::Response) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_live(egui::accesskit::Live::Polite);
    });
}

/// Tells screen readers what a closed drop-down shows: AccessKit's value of
/// a combo box does not reach AT-SPI, so it goes in the description too
/// (Orca reads "Formaat, keuzelijst, PDF").
pub(crate) fn expose_choice(ui: &egui::Ui, combo: &egui::Response, shown: &str) {
    ui.ctx().accesskit_node_builder(combo.id, |node| {
        node.set_value(shown);
        node.set_description(shown);
    });
}

/// Gives a button an accessible name with its context ("Opslaan — Titel"),
/// where its visible text alone would repeat.
pub(crate) fn name_button(button: &egui::Response, name: &str) {
    button.widget_info(|| egui::WidgetInfo::labeled(Role::Button, true, name));
}
