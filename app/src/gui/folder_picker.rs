//! A folder field with a button that opens the system's folder dialog (the
//! desktop portal on Linux). The field stays: where no dialog is available,
//! or the user prefers typing, the path is typed.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::widgets;

/// The state of one folder field.
#[derive(Default)]
pub(crate) struct FolderPicker {
    /// The answer of the dialog that is open: `None` inside when it was
    /// cancelled (or no dialog could be shown).
    pending: Option<Receiver<Option<PathBuf>>>,
}

impl FolderPicker {
    /// Shows `label`, the field holding `folder`, and a button `choose`
    /// that opens the system's dialog titled `title` (disabled while it is
    /// open).
    pub(crate) fn show(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        choose: &str,
        title: &str,
        folder: &mut String,
    ) {
        self.take_answer(folder);
        widgets::text_field(ui, label, folder);
        let open = self.pending.is_some();
        let button = ui.add_enabled(!open, egui::Button::new(choose));
        if button.clicked() {
            self.open(ui.ctx().clone(), title, folder);
        }
        if open {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(200));
        }
    }

    fn take_answer(&mut self, folder: &mut String) {
        let Some(answer) = &self.pending else {
            return;
        };
        match answer.try_recv() {
            Ok(Some(path)) => {
                *folder = path.display().to_string();
                self.pending = None;
            }
            Ok(None) | Err(TryRecvError::Disconnected) => self.pending = None,
            Err(TryRecvError::Empty) => {}
        }
    }

    /// Opens the dialog on a thread of its own (the portal answers over
    /// D-Bus while the window keeps drawing); on macOS, where dialogs
    /// belong to the main thread, it blocks the window until answered.
    fn open(&mut self, ctx: egui::Context, title: &str, folder: &str) {
        let (send, receive) = channel();
        let dialog = rfd::FileDialog::new()
            .set_title(title)
            .set_directory(folder.trim());
        let pick = move || {
            let _ = send.send(dialog.pick_folder());
            ctx.request_repaint();
        };
        if cfg!(target_os = "macos") {
            pick();
        } else {
            std::thread::spawn(pick);
        }
        self.pending = Some(receive);
    }
}

/// The folder exports go to until the user chooses another: the user's
/// documents folder, or the home folder.
pub(crate) fn default_folder() -> String {
    directories::UserDirs::new()
        .and_then(|dirs| {
            dirs.document_dir()
                .map(std::path::PathBuf::from)
                .or_else(|| Some(dirs.home_dir().to_owned()))
        })
        .map(|dir| dir.display().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(answer: Option<PathBuf>) -> FolderPicker {
        let (send, receive) = channel();
        send.send(answer).expect("send");
        FolderPicker {
            pending: Some(receive),
        }
    }

    #[test]
    fn a_chosen_folder_fills_the_field() {
        let mut picker = answered(Some(PathBuf::from("/home/anne/Besluiten")));
        let mut folder = "/home/anne".to_owned();
        picker.take_answer(&mut folder);
        assert_eq!(folder, "/home/anne/Besluiten");
        assert!(picker.pending.is_none());
    }

    #[test]
    fn a_cancelled_dialog_keeps_what_was_typed() {
        let mut picker = answered(None);
        let mut folder = "/home/anne/Documenten".to_owned();
        picker.take_answer(&mut folder);
        assert_eq!(folder, "/home/anne/Documenten");
        assert!(picker.pending.is_none());
    }

    #[test]
    fn the_field_waits_while_the_dialog_is_open() {
        let (_send, receive) = channel();
        let mut picker = FolderPicker {
            pending: Some(receive),
        };
        let mut folder = "/srv/export".to_owned();
        picker.take_answer(&mut folder);
        assert_eq!(folder, "/srv/export");
        assert!(picker.pending.is_some());
    }
}
