//! The browser's local storage as the page's disk: projects under their
//! (virtual) path, settings, and the articles of a picked folder so that a
//! reload finds them again. Projects are stored as exactly the bytes the
//! desktop writes ([`crate::project::to_ron`]).

use std::path::Path;

use crate::app::Settings;
use crate::project::{self, Project, ProjectError};

const PREFIX: &str = "crosscheck:";

fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|e| super::js_error(&e))?
        .ok_or_else(|| "this browser keeps no local storage (private mode?)".to_string())
}

fn key(kind: &str, name: &str) -> String {
    format!("{PREFIX}{kind}:{name}")
}

pub fn get(kind: &str, name: &str) -> Option<String> {
    storage().ok()?.get_item(&key(kind, name)).ok().flatten()
}

pub fn set(kind: &str, name: &str, value: &str) -> Result<(), String> {
    storage()?
        .set_item(&key(kind, name), value)
        .map_err(|e| match super::js_error(&e) {
            // Chromium and Firefox name it differently; both mean "full".
            m if m.to_lowercase().contains("quota") => {
                "the browser's storage for this page is full".to_string()
            }
            m => m,
        })
}

fn path_name(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Saves `project` under `path`, keeping the previous version as its `.bak`
/// (as the desktop keeps `crosscheck.ron.bak`).
pub fn save_project(project: &Project, path: &Path) -> Result<(), ProjectError> {
    let text = project::to_ron(project)?;
    let name = path_name(path);
    if let Some(previous) = get("file", &name)
        && previous != text
    {
        // A backup that does not fit is no reason to lose the save.
        let _ = set("file", &format!("{name}.bak"), &previous);
    }
    set("file", &name, &text).map_err(|e| ProjectError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(format!("not saved in this browser: {e}")),
    })
}

/// The stored text of the project at `path`.
pub fn project_text(path: &Path) -> Option<String> {
    get("file", &path_name(path))
}

pub fn load_settings(path: &Path) -> Settings {
    get("file", &path_name(path))
        .and_then(|text| ron::from_str(&text).ok())
        .unwrap_or_default()
}

pub fn save_settings(settings: &Settings, path: &Path) -> Result<(), String> {
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default())
        .map_err(|e| e.to_string())?;
    set("file", &path_name(path), &text)
}

/// The articles of a picked folder, as (id, text), so a reload can open
/// it again without asking for the folder.
pub fn save_articles(root: &Path, articles: &[(String, String)]) -> Result<(), String> {
    let json = serde_json::to_string(articles).map_err(|e| e.to_string())?;
    set("articles", &path_name(root), &json)
}

pub fn articles(root: &Path) -> Option<Vec<(String, String)>> {
    serde_json::from_str(&get("articles", &path_name(root))?).ok()
}

/// The corpus the page showed last (its virtual root), opened on reload.
pub fn last_corpus() -> Option<String> {
    get("last", "corpus")
}

pub fn set_last_corpus(root: &Path) {
    // Only the start-up choice depends on it; the work itself is saved.
    let _ = set("last", "corpus", &path_name(root));
}
