//! Changes by file, in Partners: make a file with the changes a partner
//! lacks (or all of them), and read one in. The background service does
//! both, through the node, so a file read in is screened and saved like a
//! sync message.

use std::path::PathBuf;

use super::super::app::Env;
use super::super::backend::Request;
use super::super::design;
use super::super::folder_picker::{self, FolderPicker};
use super::super::state::AllianceState;
use super::super::widgets;

/// The card's choices and fields.
pub(crate) struct CarryCard {
    /// The partner id the next file is for; `None` is every change.
    partner: Option<String>,
    folder: String,
    folder_picker: FolderPicker,
    file: String,
}

impl Default for CarryCard {
    fn default() -> Self {
        CarryCard {
            partner: None,
            folder: folder_picker::default_folder(),
            folder_picker: FolderPicker::default(),
            file: String::new(),
        }
    }
}

impl CarryCard {
    /// Shows the card.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &AllianceState) {
        let texts = env.texts;
        let words = texts.privacy();
        let own = env.author.as_ref().map(|a| a.partner_id.clone());
        let others: Vec<(String, String)> = state
            .view()
            .partners
            .iter()
            .filter(|p| p.left.is_none() && Some(&p.id) != own.as_ref())
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect();
        design::card(ui, |ui| {
            design::subheading(ui, words.carry_heading);
            ui.label(words.carry_hint);
            let mut options: Vec<Option<usize>> = vec![None];
            options.extend((0..others.len()).map(Some));
            let current = self
                .partner
                .as_ref()
                .and_then(|id| others.iter().position(|(p, _)| p == id));
            let name = |o: Option<usize>| {
                o.map_or(words.carry_everything.to_owned(), |i| others[i].1.clone())
            };
            if let Some(choice) =
                widgets::choice(ui, "carry-for", words.carry_for, current, &options, name)
            {
                self.partner = choice.map(|i| others[i].0.clone());
            }
            self.folder_picker.show(
                ui,
                texts.folder,
                texts.choose_folder,
                texts.choose_folder_title,
                &mut self.folder,
            );
            if ui.button(words.carry_make).clicked() {
                let stem = crate::snapshot::file_stem(&state.view().name);
                let path = PathBuf::from(self.folder.trim()).join(format!("{stem}.rondetafel"));
                env.backend.send(Request::MakeBundle {
                    alliance: state.id().to_owned(),
                    partner: self.partner.clone(),
                    path,
                });
            }
            design::gap(ui);
            widgets::text_field(ui, words.carry_file, &mut self.file);
            let ready = !self.file.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(words.carry_read))
                .clicked()
            {
                env.backend.send(Request::ReadBundle {
                    path: PathBuf::from(self.file.trim()),
                });
            }
        });
    }
}
