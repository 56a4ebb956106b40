//! What the window remembers between runs, in the platform's config folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const SETTINGS_FILE: &str = "settings.ron";
const RECENT_LIMIT: usize = 10;

/// Where the window keeps its own files. Tests point these at temp folders.
#[derive(Clone, Debug)]
pub struct AppPaths {
    /// Settings (annotator name, recent projects).
    pub config_dir: PathBuf,
    /// The unpacked sample corpus and projects of read-only folders.
    pub data_dir: PathBuf,
}

impl AppPaths {
    /// The platform's folders (XDG on Linux, Application Support on macOS, …),
    /// or folders in the temp dir when the platform has no home.
    pub fn platform() -> Self {
        match directories::ProjectDirs::from("org", "crosscheck", "crosscheck") {
            Some(dirs) => Self {
                config_dir: dirs.config_dir().to_path_buf(),
                data_dir: dirs.data_dir().to_path_buf(),
            },
            None => {
                let base = std::env::temp_dir().join("crosscheck");
                Self {
                    config_dir: base.join("config"),
                    data_dir: base.join("data"),
                }
            }
        }
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join(SETTINGS_FILE)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Written into every claim; asked once.
    pub annotator: String,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub font_size: f32,
    pub dark: bool,
    /// Projects (path and guidelines hash) whose guidelines were shown on
    /// opening; shown again when they change.
    pub seen_guidelines: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            annotator: String::new(),
            recent: Vec::new(),
            font_size: 17.0,
            dark: false,
            seen_guidelines: Vec::new(),
        }
    }
}

impl Settings {
    /// The saved settings; defaults when there are none or they cannot be
    /// read (settings are a convenience, never a reason not to start).
    pub fn load(paths: &AppPaths) -> Self {
        let text = match crate::storage::installed() {
            Some(store) => store.read(&paths.settings_file()),
            None => crate::input::read_to_string(&paths.settings_file(), 1 << 20).ok(),
        };
        text.and_then(|text| ron::from_str(&text).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, paths: &AppPaths) -> Result<(), String> {
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        let path = paths.settings_file();
        if let Some(store) = crate::storage::installed() {
            return store
                .write(&path, &text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()));
        }
        std::fs::create_dir_all(&paths.config_dir)
            .map_err(|e| format!("cannot create {}: {e}", paths.config_dir.display()))?;
        crate::atomic::write(&path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    pub fn add_recent(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }
}
