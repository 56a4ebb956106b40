//! File dialogs sit behind a trait so tests never open one.

use std::path::PathBuf;

pub trait FileDialogs {
    fn pick_folder(&mut self, title: &str) -> Option<PathBuf>;
    fn pick_project(&mut self) -> Option<PathBuf>;
    /// An existing file with `extension`.
    fn pick_file(&mut self, title: &str, extension: &str) -> Option<PathBuf>;
    /// A new file name; `default_name` pre-filled.
    fn save_file(&mut self, title: &str, default_name: &str, extension: &str) -> Option<PathBuf>;
    /// Existing files with any of `extensions` (none when cancelled).
    fn pick_files(&mut self, title: &str, extensions: &[&str]) -> Vec<PathBuf> {
        let _ = (title, extensions);
        Vec::new()
    }
}

/// The platform's dialogs (XDG portal on Linux).
#[cfg(not(target_arch = "wasm32"))]
pub struct NativeDialogs;

#[cfg(not(target_arch = "wasm32"))]
impl FileDialogs for NativeDialogs {
    fn pick_folder(&mut self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title(title).pick_folder()
    }

    fn pick_project(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open project")
            .add_filter("crosscheck project", &["ron"])
            .pick_file()
    }

    fn pick_file(&mut self, title: &str, extension: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter(extension, &[extension])
            .pick_file()
    }

    fn save_file(&mut self, title: &str, default_name: &str, extension: &str) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(default_name);
        if !extension.is_empty() {
            dialog = dialog.add_filter(extension, &[extension]);
        }
        dialog.save_file()
    }

    fn pick_files(&mut self, title: &str, extensions: &[&str]) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter("articles", extensions)
            .pick_files()
            .unwrap_or_default()
    }
}

/// Answers from a script, for tests: each call takes the next answer.
#[derive(Default)]
pub struct ScriptedDialogs {
    pub answers: std::collections::VecDeque<Option<PathBuf>>,
    /// Which dialogs were opened, in order ("folder", "project", "file", "save").
    pub asked: std::sync::Arc<std::sync::Mutex<Vec<&'static str>>>,
}

impl ScriptedDialogs {
    fn answer(&mut self, kind: &'static str) -> Option<PathBuf> {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(kind);
        }
        self.answers.pop_front().flatten()
    }
}

impl FileDialogs for ScriptedDialogs {
    fn pick_folder(&mut self, _title: &str) -> Option<PathBuf> {
        self.answer("folder")
    }

    fn pick_project(&mut self) -> Option<PathBuf> {
        self.answer("project")
    }

    fn pick_file(&mut self, _: &str, _: &str) -> Option<PathBuf> {
        self.answer("file")
    }

    fn save_file(&mut self, _: &str, _: &str, _: &str) -> Option<PathBuf> {
        self.answer("save")
    }

    fn pick_files(&mut self, _: &str, _: &[&str]) -> Vec<PathBuf> {
        self.answer("files").into_iter().collect()
    }
}
