//! The browser's own storage as the page's disk: projects under their
//! (virtual) path, settings, and the articles of a picked folder so that a
//! reload finds them again. Projects are stored as exactly the bytes the
//! desktop writes ([`crate::project::to_ron`]).
//!
//! The storage is IndexedDB ([`super::idb`]), not local storage: local
//! storage holds about 5 MB per site and blocks the page on every write,
//! while IndexedDB holds what the disk allows, commits each write as one
//! transaction (a failed write leaves the old value), runs in every browser
//! the page supports (the origin private file system is not writable in
//! older Safari) and is the only place a folder's handle can be kept.
//!
//! IndexedDB only answers asynchronously, and the desktop's code reads
//! settings and projects synchronously; so [`load`] reads everything into
//! memory before the window starts, reads come from there, and writes go to
//! memory at once and to IndexedDB in order, one transaction per batch. A
//! project save started by the window's save job finishes that job only when
//! its transaction has committed ([`crate::jobs::later`]), so the
//! window says "saved" only once it is true.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use wasm_bindgen::JsValue;

use super::idb;
use crate::jobs::Later;
use crate::project::DEFAULT_PROJECT_FILE;

/// What local storage held before the page moved to IndexedDB; moved over
/// once by [`load`].
const OLD_PREFIX: &str = "crosscheck:";

type SaveDone = Later<Result<(), String>>;

#[derive(Default)]
struct Store {
    db: Option<web_sys::IdbDatabase>,
    /// Why there is no database, when there is none.
    unavailable: Option<String>,
    files: HashMap<String, String>,
    /// Written to memory, not yet to IndexedDB (None: delete).
    queue: BTreeMap<String, Option<String>>,
    /// Saves waiting for the queue to be committed.
    waiting: Vec<SaveDone>,
    writing: bool,
    /// The last commit of a project: when (`Date.now()`), or why it failed.
    last: Option<Result<f64, String>>,
}

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::default());
    /// Repaints the window when a write ends (set by the window).
    static WAKE: RefCell<Option<egui::Context>> = const { RefCell::new(None) };
}

pub fn set_waker(ctx: &egui::Context) {
    WAKE.with(|w| *w.borrow_mut() = Some(ctx.clone()));
}

pub(super) fn wake() {
    WAKE.with(|w| {
        if let Some(ctx) = w.borrow().as_ref() {
            ctx.request_repaint();
        }
    });
}

fn key(kind: &str, name: &str) -> String {
    format!("{kind}:{name}")
}

/// What [`load`] found besides the files.
pub struct Loaded {
    /// The folder opened in place last time, to offer to reopen.
    pub folder: Option<web_sys::FileSystemDirectoryHandle>,
    /// Something the window should say (storage unavailable, migration).
    pub notice: Option<String>,
}

/// Opens the storage, moves what local storage still holds into it, and
/// reads it all into memory. Never fails: without storage the page still
/// works, and the window says that nothing will be kept.
pub async fn load() -> Loaded {
    let mut notice = None;
    let db = match idb::open().await {
        Ok(db) => db,
        Err(e) => {
            STORE.with(|s| s.borrow_mut().unavailable = Some(e.clone()));
            return Loaded {
                folder: None,
                notice: Some(format!(
                    "This browser keeps nothing for this page ({e}): download the project before you close it."
                )),
            };
        }
    };
    let mut files: HashMap<String, String> = match idb::all(&db, idb::FILES).await {
        Ok(all) => all
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.as_string()?)))
            .collect(),
        Err(e) => {
            notice = Some(format!(
                "What this browser kept for the page cannot be read: {e}"
            ));
            HashMap::new()
        }
    };
    if let Err(e) = migrate(&db, &mut files).await {
        notice = Some(format!(
            "Earlier work kept in this browser's local storage could not be moved ({e}); it is left where it was"
        ));
    }
    let folder = idb::all(&db, idb::HANDLES).await.ok().and_then(|all| {
        all.into_iter()
            .find(|(k, _)| k == "folder")
            .and_then(|(_, v)| wasm_bindgen::JsCast::dyn_into(v).ok())
    });
    STORE.with(|s| {
        let mut s = s.borrow_mut();
        s.db = Some(db);
        s.files = files;
    });
    Loaded { folder, notice }
}

/// Moves the page's earlier local storage entries (`crosscheck:KIND:NAME`)
/// into IndexedDB, once: they are removed from local storage only after the
/// transaction holding them has committed, and an entry IndexedDB already
/// has is newer there and kept.
async fn migrate(
    db: &web_sys::IdbDatabase,
    files: &mut HashMap<String, String>,
) -> Result<(), String> {
    let Some(local) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return Ok(());
    };
    let mut found = Vec::new();
    for i in 0..local.length().unwrap_or(0) {
        if let Ok(Some(k)) = local.key(i)
            && let Some(rest) = k.strip_prefix(OLD_PREFIX)
            && let Ok(Some(value)) = local.get_item(&k)
        {
            found.push((k.clone(), rest.to_string(), value));
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    let changes: Vec<(String, Option<JsValue>)> = found
        .iter()
        .filter(|(_, rest, _)| !files.contains_key(rest))
        .map(|(_, rest, value)| (rest.clone(), Some(JsValue::from_str(value))))
        .collect();
    idb::write(db, idb::FILES, &changes).await?;
    for (old, rest, value) in found {
        files.entry(rest).or_insert(value);
        let _ = local.remove_item(&old);
    }
    Ok(())
}

pub fn get(kind: &str, name: &str) -> Option<String> {
    STORE.with(|s| s.borrow().files.get(&key(kind, name)).cloned())
}

/// Keeps `value` (None: removes it); `done` is finished when it is on disk.
pub(super) fn put(kind: &str, name: &str, value: Option<String>, done: Option<SaveDone>) {
    STORE.with(|s| {
        let mut s = s.borrow_mut();
        let k = key(kind, name);
        match &value {
            Some(v) => s.files.insert(k.clone(), v.clone()),
            None => s.files.remove(&k),
        };
        s.queue.insert(k, value);
        s.waiting.extend(done);
    });
    flush();
}

pub fn set(kind: &str, name: &str, value: &str) {
    put(kind, name, Some(value.to_string()), None);
}

pub fn remove(kind: &str, name: &str) {
    put(kind, name, None, None);
}

/// Writes the queue, one transaction at a time, until it is empty or a
/// write fails (the failed entries stay queued for the next save).
fn flush() {
    let started = STORE.with(|s| {
        let mut s = s.borrow_mut();
        !std::mem::replace(&mut s.writing, true)
    });
    if !started {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        loop {
            let (db, batch, waiting, unavailable) = STORE.with(|s| {
                let mut s = s.borrow_mut();
                (
                    s.db.clone(),
                    std::mem::take(&mut s.queue),
                    std::mem::take(&mut s.waiting),
                    s.unavailable.clone(),
                )
            });
            if batch.is_empty() && waiting.is_empty() {
                break;
            }
            let result = match db {
                Some(db) => {
                    let changes: Vec<(String, Option<JsValue>)> = batch
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_deref().map(JsValue::from_str)))
                        .collect();
                    idb::write(&db, idb::FILES, &changes).await
                }
                None => Err(unavailable.unwrap_or_else(|| "no storage".into())),
            };
            let failed = result.is_err();
            // The bar tells of the work, not of settings.
            let project = format!("/{DEFAULT_PROJECT_FILE}");
            let of_project = batch.keys().any(|k| k.ends_with(&project));
            STORE.with(|s| {
                let mut s = s.borrow_mut();
                if failed {
                    // Newer values queued meanwhile win over the failed ones.
                    for (k, v) in batch {
                        s.queue.entry(k).or_insert(v);
                    }
                }
                if of_project {
                    s.last = Some(result.clone().map(|()| js_sys::Date::now()));
                }
            });
            for done in waiting {
                done.finish(result.clone().map_err(|e| {
                    format!("{e}. Your work is still in this window: Retry, or Download project")
                }));
            }
            wake();
            // After a failure only saves that came meanwhile get another try
            // (and their answer); the rest waits for the next save.
            if failed && STORE.with(|s| s.borrow().waiting.is_empty()) {
                break;
            }
        }
        STORE.with(|s| s.borrow_mut().writing = false);
    });
}

/// Writes are on their way to the browser's disk, or the last one failed
/// and is waiting to be retried.
pub fn busy() -> bool {
    STORE.with(|s| {
        let s = s.borrow();
        s.writing || !s.queue.is_empty()
    })
}

/// How the last write of a project to the browser's storage went.
pub fn last_write() -> Option<Result<f64, String>> {
    STORE.with(|s| s.borrow().last.clone())
}

pub(super) fn db() -> Option<web_sys::IdbDatabase> {
    STORE.with(|s| s.borrow().db.clone())
}

/// Why nothing is kept, when the browser gives the page no storage.
pub fn unavailable() -> Option<String> {
    STORE.with(|s| s.borrow().unavailable.clone())
}

pub(super) fn path_name(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The stored text of the project at `path`.
pub fn project_text(path: &Path) -> Option<String> {
    get("file", &path_name(path))
}

/// The articles of a picked folder, as (id, text), so a reload can open
/// it again without asking for the folder.
pub fn save_articles(root: &Path, articles: &[(String, String)]) -> Result<(), String> {
    let json = serde_json::to_string(articles).map_err(|e| e.to_string())?;
    set("articles", &path_name(root), &json);
    Ok(())
}

pub fn articles(root: &Path) -> Option<Vec<(String, String)>> {
    serde_json::from_str(&get("articles", &path_name(root))?).ok()
}

/// The corpus the page showed last (its virtual root), opened on reload.
pub fn last_corpus() -> Option<String> {
    get("last", "corpus")
}

pub fn set_last_corpus(root: &Path) {
    set("last", "corpus", &path_name(root));
}

/// Asks the browser once to keep this page's storage when space runs low
/// (`navigator.storage.persist()`): Chromium decides by itself, Firefox asks
/// the person. Asked at the first save, when there is work to keep.
pub(super) fn ask_to_persist() {
    if get("asked", "persist").is_some() {
        return;
    }
    set("asked", "persist", "asked");
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return;
    };
    let Ok(promise) = storage.persist() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let granted = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        set(
            "asked",
            "persist",
            if granted { "granted" } else { "denied" },
        );
        wake();
    });
}

/// Whether the browser promised to keep the storage (None: not asked yet).
pub fn persisted() -> Option<bool> {
    get("asked", "persist").and_then(|v| match v.as_str() {
        "granted" => Some(true),
        "denied" => Some(false),
        _ => None,
    })
}
