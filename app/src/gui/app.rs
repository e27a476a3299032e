//! The window: drains the background service's updates each frame, then
//! draws the phase the client is in (loading, first run, alliances, one
//! alliance) with a settings menu and a status bar.

use automerge::ActorId;
use serde::{Deserialize, Serialize};

use super::backend::{Backend, Update};
use super::design;
use super::editor::FocusedText;
use super::i18n::{Language, Texts, fill};
use super::icons;
use super::notice::{self, Notice, NoticeAction};
use super::problem::Problem;
use super::screens::{AboutScreen, AllianceScreen, HomeScreen, Section, SetupScreen, status_bar};
use super::state::AllianceState;
use crate::local::{LoadWarning, Profile};
use crate::model::Author;
use crate::network::PeerBook;

/// The key of the preferences in eframe's storage.
pub const PREFERENCES_KEY: &str = "rondetafel-preferences";

/// What the user chose for the window; kept between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preferences {
    /// The interface language.
    pub language: Language,
    /// Dark theme instead of light.
    pub dark: bool,
    /// Zoom factor for all text and controls.
    pub text_scale: f32,
    /// Per alliance, the version (hex heads) the user last opened, for the
    /// overview's "changed since you looked".
    #[serde(default)]
    pub seen: std::collections::BTreeMap<String, Vec<String>>,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            language: Language::Dutch,
            dark: false,
            text_scale: 1.1,
            seen: std::collections::BTreeMap::new(),
        }
    }
}

/// The desktop client.
pub struct RondetafelApp {
    backend: Backend,
    preferences: Preferences,
    applied: Option<(bool, f32)>,
    /// The alliance open in the last frame.
    opened: Option<String>,
    phase: Phase,
    /// Messages for the user (text, is an error).
    notices: Vec<Notice>,
    /// Over Rondetafel and the diagnosis, when open (over any phase).
    about: Option<AboutScreen>,
    /// The data directory, once the background service opened it.
    data_dir: Option<std::path::PathBuf>,
}

enum Phase {
    Loading,
    Failed(Problem),
    Ready(Box<Session>),
}

/// Everything known once the data directory is open.
pub(crate) struct Session {
    pub profile: Option<Profile>,
    pub device: String,
    pub actor: ActorId,
    pub alliances: Vec<AllianceState>,
    pub warnings: Vec<LoadWarning>,
    pub book: PeerBook,
    pub receiving: u64,
    /// Per device: the changes applied from it since it was last in sync.
    pub receiving_from: std::collections::BTreeMap<String, u64>,
    pub joining: Option<String>,
    pub open: Option<AllianceScreen>,
    pub home: HomeScreen,
    pub setup: SetupScreen,
    pub focused: Option<FocusedText>,
    /// The export written last, to open from the window.
    pub last_export: Option<std::path::PathBuf>,
    /// What the user confirmed is not personal data in this run.
    pub confirmed: crate::model::privacy::Confirmed,
}

/// What the screens need besides the alliance they show.
pub(crate) struct Env<'a> {
    pub texts: &'static Texts,
    pub backend: &'a Backend,
    pub author: Option<Author>,
    pub profile: Option<&'a Profile>,
    pub device: &'a str,
    pub book: &'a PeerBook,
    /// Per device: the changes applied from it since it was last in sync.
    pub receiving_from: &'a std::collections::BTreeMap<String, u64>,
    pub notices: &'a mut Vec<Notice>,
    pub focused: &'a mut Option<FocusedText>,
    /// The export written last, to open from the window.
    pub last_export: Option<&'a std::path::Path>,
    /// What the user confirmed is not personal data in this run.
    pub confirmed: &'a crate::model::privacy::Confirmed,
}

impl RondetafelApp {
    /// A window over a started background service.
    pub fn new(backend: Backend, preferences: Preferences) -> RondetafelApp {
        RondetafelApp {
            backend,
            preferences,
            applied: None,
            opened: None,
            phase: Phase::Loading,
            notices: Vec::new(),
            about: None,
            data_dir: None,
        }
    }

    /// The preferences now.
    pub fn preferences(&self) -> &Preferences {
        &self.preferences
    }

    /// Draws one frame: takes in what the background service reported, then
    /// shows the window's contents.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        if self.apply_preferences(ui.ctx()) {
            // This frame's root took its style before the design's text
            // styles existed: a screen drawn now (the service may already
            // have loaded the alliances) needs them.
            ui.set_style(ui.ctx().global_style());
        }
        self.drain_updates(ui.ctx());
        let texts = self.preferences.language.texts();
        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar(ui, texts));
        if let Phase::Ready(session) = &self.phase {
            egui::Panel::bottom("status-bar").show(ui, |ui| status_bar(ui, texts, session));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.show_notices(ui, texts);
            if let Some(about) = self.about.as_mut() {
                let language = self.preferences.language;
                let dir = self.data_dir.as_deref();
                if about.show(ui, texts, language, &self.backend, dir) {
                    self.about = None;
                }
            } else {
                self.show_phase(ui, texts);
            }
        });
        self.note_opened();
        let title = match &self.phase {
            Phase::Ready(session) => session.open.as_ref().and_then(|open| {
                session
                    .alliances
                    .iter()
                    .find(|a| a.id() == open.alliance_id())
                    .map(|a| format!("{} — {}", texts.app_title, a.view().name))
            }),
            _ => None,
        };
        let title = title.unwrap_or_else(|| texts.app_title.to_owned());
        ui.ctx()
            .accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(title));
    }

    /// When an alliance was just opened: gives its overview the version
    /// seen on the previous visit, and remembers this one.
    fn note_opened(&mut self) {
        let Phase::Ready(session) = &mut self.phase else {
            return;
        };
        let Some(open) = session.open.as_mut() else {
            self.opened = None;
            return;
        };
        if self.opened.as_deref() == Some(open.alliance_id()) {
            return;
        }
        let id = open.alliance_id().to_owned();
        if let Some(previous) = self.preferences.seen.get(&id) {
            open.set_baseline(previous.clone());
        }
        if let Some(state) = session.alliances.iter().find(|a| a.id() == id) {
            self.preferences
                .seen
                .insert(id.clone(), state.view().heads.clone());
        }
        self.opened = Some(id);
    }

    /// Applies the design, theme and text size when they changed; whether
    /// they did.
    fn apply_preferences(&mut self, ctx: &egui::Context) -> bool {
        let wanted = (self.preferences.dark, self.preferences.text_scale);
        if self.applied == Some(wanted) {
            return false;
        }
        if self.applied.is_none() {
            icons::install(ctx);
        }
        design::apply(ctx);
        ctx.set_theme(if wanted.0 {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        ctx.set_zoom_factor(wanted.1);
        self.applied = Some(wanted);
        true
    }

    fn drain_updates(&mut self, ctx: &egui::Context) {
        while let Some(update) = self.backend.try_recv() {
            self.take_update(ctx, update);
        }
    }

    fn take_update(&mut self, ctx: &egui::Context, update: Update) {
        let texts = self.preferences.language.texts();
        match update {
            Update::Ready {
                profile,
                device,
                actor,
                alliances,
                warnings,
                data_dir,
                carried,
            } => {
                self.data_dir = Some(data_dir);
                let mut session = Session {
                    profile: profile.map(|p| *p),
                    device,
                    actor,
                    alliances: Vec::new(),
                    warnings,
                    book: PeerBook::default(),
                    receiving: 0,
                    receiving_from: std::collections::BTreeMap::new(),
                    joining: None,
                    open: None,
                    home: HomeScreen::default(),
                    setup: SetupScreen::default(),
                    focused: None,
                    last_export: None,
                    confirmed: Default::default(),
                };
                for document in alliances {
                    add_alliance(texts, &mut session, document, &mut self.notices);
                }
                for (id, edits) in carried {
                    if let Some(state) = session.alliances.iter_mut().find(|a| a.id() == id) {
                        state.set_carried(edits);
                    }
                }
                self.phase = Phase::Ready(Box::new(session));
            }
            Update::Failed(message) => self.phase = Phase::Failed(message),
            Update::Error(problem) => self.notices.push(Notice::problem(texts, &problem)),
            Update::Doctor(report) => {
                if let Some(about) = self.about.as_mut() {
                    about.take_report(report);
                }
            }
            update => {
                if let Phase::Ready(session) = &mut self.phase {
                    session_update(ctx, texts, session, update, &mut self.notices);
                }
            }
        }
    }

    fn top_bar(&mut self, ui: &mut egui::Ui, texts: &'static Texts) {
        let title = match &self.phase {
            Phase::Ready(session) => session
                .open
                .as_ref()
                .and_then(|open| {
                    session
                        .alliances
                        .iter()
                        .find(|a| a.id() == open.alliance_id())
                })
                .map(|a| a.view().name.clone()),
            _ => None,
        };
        let title = title.unwrap_or_else(|| texts.app_title.to_owned());
        // The settings on the right; the title wraps in the space left.
        let settings_width = ui.text_style_height(&egui::TextStyle::Button) * 7.0;
        ui.horizontal(|ui| {
            if let Phase::Ready(session) = &mut self.phase
                && session.open.is_some()
                && ui.button(texts.back).clicked()
            {
                session.open = None;
                session.focused = None;
            }
            let room = (ui.available_width() - settings_width).max(40.0);
            ui.allocate_ui_with_layout(
                egui::vec2(room, 0.0),
                egui::Layout::top_down(egui::Align::LEFT),
                |ui| design::heading(ui, &title),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.menu_button(texts.settings, |ui| {
                    self.settings(ui, texts);
                });
            });
        });
    }

    fn settings(&mut self, ui: &mut egui::Ui, texts: &'static Texts) {
        let prefs = &mut self.preferences;
        ui.label(texts.language);
        ui.horizontal(|ui| {
            for language in [Language::Dutch, Language::English] {
                ui.radio_value(&mut prefs.language, language, language.name());
            }
        });
        ui.label(texts.theme);
        ui.horizontal(|ui| {
            ui.radio_value(&mut prefs.dark, false, texts.theme_light);
            ui.radio_value(&mut prefs.dark, true, texts.theme_dark);
        });
        let label = ui.label(texts.text_size);
        let mut scale = prefs.text_scale;
        let response = ui
            .add(egui::Slider::new(&mut scale, 0.8..=2.5).step_by(0.1))
            .labelled_by(label.id);
        if response.drag_stopped() || (response.changed() && !response.dragged()) {
            prefs.text_scale = scale;
        }
        ui.separator();
        if ui.button(texts.settings_about).clicked() {
            self.about = Some(AboutScreen::default());
            ui.close();
        }
    }

    fn show_notices(&mut self, ui: &mut egui::Ui, texts: &'static Texts) {
        let mut acted = None;
        for (index, notice) in self.notices.iter().enumerate() {
            match notice::show(ui, texts, notice) {
                NoticeAction::None => {}
                action => acted = Some((index, action)),
            }
        }
        let Some((index, action)) = acted else { return };
        let notice = self.notices.remove(index);
        if action == NoticeAction::Confirmed {
            if let Phase::Ready(session) = &mut self.phase {
                session
                    .confirmed
                    .texts
                    .extend(notice.confirmable.iter().cloned());
                for state in &mut session.alliances {
                    state
                        .alliance_mut_for_reading()
                        .confirm_not_personal(notice.confirmable.iter().cloned());
                }
            }
            self.notices.push(Notice::info(fill(
                texts.privacy().confirmed_not_personal,
                &[&notice.confirmable.join(", ")],
            )));
        }
    }

    fn show_phase(&mut self, ui: &mut egui::Ui, texts: &'static Texts) {
        match &mut self.phase {
            Phase::Loading => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(texts.loading);
                });
            }
            Phase::Failed(problem) => {
                design::heading(ui, texts.cannot_start);
                let (words, detail) = problem.words(texts);
                ui.label(words);
                if let Some(detail) = detail {
                    ui.weak(fill(texts.technical_detail, &[&detail]));
                }
            }
            Phase::Ready(session) => {
                show_session(ui, texts, &self.backend, session, &mut self.notices)
            }
        }
    }

    /// Opens one section of an alliance, as if the user had chosen it;
    /// returns whether the alliance is there.
    pub fn open(&mut self, alliance: &str, section: Section) -> bool {
        let Phase::Ready(session) = &mut self.phase else {
            return false;
        };
        if !session.alliances.iter().any(|a| a.id() == alliance) {
            return false;
        }
        let mut screen = AllianceScreen::new(alliance.to_owned());
        screen.select(section);
        session.open = Some(screen);
        true
    }

    /// Stops the background service (persisting what peers have).
    pub fn shut_down(&mut self) {
        self.backend.shutdown();
    }
}

fn show_session(
    ui: &mut egui::Ui,
    texts: &'static Texts,
    backend: &Backend,
    session: &mut Session,
    notices: &mut Vec<Notice>,
) {
    let Session {
        profile,
        device,
        alliances,
        warnings,
        book,
        receiving_from,
        joining,
        open,
        home,
        setup,
        focused,
        last_export,
        confirmed,
        ..
    } = session;
    for warning in warnings.iter() {
        let short: String = warning.document.chars().take(12).collect();
        ui.colored_label(
            ui.visuals().warn_fg_color,
            fill(texts.load_warning, &[&short]),
        )
        .on_hover_text(fill(texts.technical_detail, &[&warning.message]));
    }
    let author = profile.as_ref().map(|p| Author {
        partner_id: p.partner_id.clone(),
        device: device.clone(),
    });
    let mut env = Env {
        texts,
        backend,
        author,
        profile: profile.as_ref(),
        device,
        book,
        receiving_from,
        notices,
        focused,
        last_export: last_export.as_deref(),
        confirmed,
    };
    if env.profile.is_none() {
        setup.show(ui, &mut env, joining.as_deref());
        return;
    }
    if let Some(screen) = open {
        match alliances
            .iter_mut()
            .find(|a| a.id() == screen.alliance_id())
        {
            Some(state) => screen.show(ui, &mut env, state),
            None => *open = None,
        }
        return;
    }
    if let Some(id) = home.show(ui, &mut env, alliances, joining.as_deref()) {
        *open = Some(AllianceScreen::new(id));
    }
}

fn session_update(
    ctx: &egui::Context,
    texts: &Texts,
    session: &mut Session,
    update: Update,
    notices: &mut Vec<Notice>,
) {
    match update {
        Update::ProfileSet(profile) => session.profile = Some(profile),
        Update::AllianceAdded(document) => {
            if let Some(id) = add_alliance(texts, session, *document, notices) {
                if session.joining.take().is_some() {
                    let name = session
                        .alliances
                        .iter()
                        .find(|a| a.id() == id)
                        .map(|a| a.view().name.clone())
                        .unwrap_or_default();
                    notices.push(Notice::info(fill(texts.joined, &[&name])));
                }
                session.open = Some(AllianceScreen::new(id));
                session.focused = None;
            }
        }
        Update::AllianceRestarted {
            previous,
            document,
            carried,
        } => super::restarted::alliance_restarted(
            texts,
            session,
            &previous,
            document.map(|d| *d),
            carried,
            notices,
        ),
        Update::CarriedSettled { alliance, applied } => {
            super::restarted::carried_settled(texts, session, &alliance, applied, notices)
        }
        Update::Changes { alliance, changes } => {
            merge_changes(ctx, texts, session, &alliance, &changes, notices);
        }
        Update::Peers(book) => {
            session.book = book;
            session.receiving = 0;
        }
        Update::Receiving { received, by_peer } => {
            session.receiving = received;
            session.receiving_from = by_peer;
        }
        Update::Exported {
            path,
            label,
            short_id,
        } => {
            notices.push(Notice::info(fill(
                texts.exported,
                &[&label, &short_id, &path.display().to_string()],
            )));
            session.last_export = Some(path);
        }
        Update::MinutesWritten { path } => {
            notices.push(Notice::info(fill(
                texts.meeting().minutes_saved,
                &[&path.display().to_string()],
            )));
            session.last_export = Some(path);
        }
        Update::Archived {
            path,
            label,
            short_id,
        } => {
            notices.push(Notice::info(fill(
                texts.privacy().archived,
                &[&label, &short_id, &path.display().to_string()],
            )));
            session.last_export = Some(path);
        }
        Update::BundleMade { path, changes } => {
            notices.push(Notice::info(fill(
                texts.privacy().bundle_made,
                &[&changes.to_string(), &path.display().to_string()],
            )));
        }
        Update::BundleRead { name, new_changes } => {
            let words = texts.privacy();
            notices.push(Notice::info(if new_changes == 0 {
                fill(words.bundle_nothing_new, &[&name])
            } else {
                fill(words.bundle_read, &[&new_changes.to_string(), &name])
            }));
        }
        Update::FormWritten(path) => {
            notices.push(Notice::info(fill(
                texts.form_written,
                &[&path.display().to_string()],
            )));
            session.last_export = Some(path);
        }
        Update::Joining(name) => session.joining = Some(name),
        Update::JoinFailed(reason) => {
            session.joining = None;
            notices.push(Notice::problem(texts, &reason));
        }
        Update::Ready { .. } | Update::Failed(_) | Update::Error(_) | Update::Doctor(_) => {}
    }
}

/// Merges changes from peers, keeping the caret of a focused text box on
/// its character.
fn merge_changes(
    ctx: &egui::Context,
    texts: &Texts,
    session: &mut Session,
    alliance: &str,
    changes: &[u8],
    notices: &mut Vec<Notice>,
) {
    let Some(state) = session.alliances.iter_mut().find(|a| a.id() == alliance) else {
        return;
    };
    let focused = session.focused.as_ref().filter(|f| f.alliance == alliance);
    let anchors = focused.and_then(|f| f.anchor(ctx, state));
    if let Err(error) = state.merge(changes) {
        notices.push(Notice::refused(texts, &error));
        return;
    }
    if let (Some(focused), Some(anchors)) = (focused, anchors) {
        focused.restore(ctx, state, &anchors);
    }
}

/// Adds (or replaces) an alliance; returns its id.
pub(crate) fn add_alliance(
    texts: &Texts,
    session: &mut Session,
    document: automerge::AutoCommit,
    notices: &mut Vec<Notice>,
) -> Option<String> {
    match AllianceState::new(document, session.actor.clone()) {
        Ok(mut state) => {
            state
                .alliance_mut_for_reading()
                .confirm_not_personal(session.confirmed.texts.iter().cloned());
            let id = state.id().to_owned();
            session.alliances.retain(|a| a.id() != id);
            session.alliances.push(state);
            session
                .alliances
                .sort_by_key(|a| (a.view().name.to_lowercase(), a.id().to_owned()));
            Some(id)
        }
        Err(error) => {
            notices.push(Notice::refused(texts, &error));
            None
        }
    }
}

impl eframe::App for RondetafelApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFERENCES_KEY, &self.preferences);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.shut_down();
    }
}
