//! A folder opened in place with the File System Access API (Chrome, Edge,
//! ChromeOS): the articles are read from it as the desktop reads a corpus
//! folder, and the project is saved beside them as `crosscheck.ron`, the
//! bytes the desktop writes. The folder's handle is remembered in
//! IndexedDB so the next visit can offer to reopen it; the browser lets the
//! page write again only after a click ([`allow`]).
//!
//! `showDirectoryPicker` and the permission methods are still marked
//! unstable in web-sys (they need `--cfg=web_sys_unstable_apis`), so they
//! are bound here by name; the rest is web-sys.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemHandle};

use super::picked::PickedFolder;
use super::{idb, store};
use crate::corpus::{self, SkipReason, Skipped};
use crate::jobs::Later;
use crate::project::DEFAULT_PROJECT_FILE;

/// Virtual root of folders opened in place (see `open`).
pub const ROOT: &str = "/browser/in-place";

#[wasm_bindgen]
extern "C" {
    /// A `FileSystemHandle`, seen through its permission methods.
    #[wasm_bindgen(extends = js_sys::Object)]
    type Permissions;

    #[wasm_bindgen(method, catch, js_name = queryPermission)]
    fn query_permission_with(
        this: &Permissions,
        descriptor: &JsValue,
    ) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = requestPermission)]
    fn request_permission_with(
        this: &Permissions,
        descriptor: &JsValue,
    ) -> Result<js_sys::Promise, JsValue>;
}

type SaveDone = Later<Result<(), String>>;

/// The folder open in place and its writer.
struct InPlace {
    root: PathBuf,
    name: String,
    handle: FileSystemDirectoryHandle,
    /// What the folder's project file holds as far as the page knows (read
    /// at open or last written): the next backup, without reading it again.
    on_disk: Option<String>,
    writing: bool,
    next: Option<String>,
    waiting: Vec<SaveDone>,
    last: Option<Result<f64, String>>,
    /// The last save failed because the browser withdrew the permission.
    denied: bool,
}

/// What the bar shows of the folder open in place.
pub struct Status {
    pub name: String,
    /// How its last save went (Ok: when, `Date.now()`).
    pub last: Option<Result<f64, String>>,
    /// Permission to write it must be given again.
    pub denied: bool,
}

thread_local! {
    static OPEN: RefCell<Option<InPlace>> = const { RefCell::new(None) };
}

/// Whether this browser can open folders in place.
pub fn available() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"showDirectoryPicker".into()).ok())
        .is_some_and(|f| f.is_function())
}

fn error_name(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

/// Why the folder refused, in words for the window.
pub fn describe(error: &JsValue) -> String {
    match error_name(error).as_str() {
        "NotAllowedError" | "SecurityError" => {
            "this page may not change the folder (permission not given or withdrawn)".into()
        }
        "NotFoundError" => "the folder is not there any more (moved, renamed or deleted?)".into(),
        "QuotaExceededError" => "the disk is full".into(),
        "NoModificationAllowedError" => "the file is locked by another program".into(),
        "InvalidModificationError" | "InvalidStateError" => {
            "the folder changed while the page was saving".into()
        }
        _ => super::js::js_error(error),
    }
}

/// Asks for a folder; None when the person cancelled.
pub async fn pick() -> Result<Option<FileSystemDirectoryHandle>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let picker = js_sys::Reflect::get(&window, &"showDirectoryPicker".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or("this browser cannot open folders in place")?;
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"mode".into(), &"readwrite".into());
    // The browser starts the next pick where this one ended.
    let _ = js_sys::Reflect::set(&options, &"id".into(), &"crosscheck".into());
    let promise = picker
        .call1(&window, &options)
        .map_err(|e| describe(&e))?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| "the folder picker returned no promise")?;
    match JsFuture::from(promise).await {
        Ok(handle) => handle
            .dyn_into::<FileSystemDirectoryHandle>()
            .map(Some)
            .map_err(|_| "the picker gave no folder".into()),
        Err(e) if error_name(&e) == "AbortError" => Ok(None),
        Err(e) => Err(describe(&e)),
    }
}

fn read_write() -> JsValue {
    let descriptor = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&descriptor, &"mode".into(), &"readwrite".into());
    descriptor.into()
}

async fn permission(promise: Result<js_sys::Promise, JsValue>) -> Result<String, String> {
    let state = JsFuture::from(promise.map_err(|e| describe(&e))?)
        .await
        .map_err(|e| describe(&e))?;
    Ok(state.as_string().unwrap_or_default())
}

/// Makes sure the page may read and write `handle`, asking the person when
/// the browser wants that (it must follow a click).
pub async fn allow(handle: &FileSystemDirectoryHandle) -> Result<(), String> {
    let asked: &Permissions = handle.unchecked_ref();
    if permission(asked.query_permission_with(&read_write())).await? == "granted" {
        return Ok(());
    }
    match permission(asked.request_permission_with(&read_write()))
        .await?
        .as_str()
    {
        "granted" => Ok(()),
        _ => Err("the permission was not given".into()),
    }
}

async fn next_entry(entries: &js_sys::AsyncIterator) -> Result<Option<FileSystemHandle>, JsValue> {
    let step = JsFuture::from(entries.next()?).await?;
    if js_sys::Reflect::get(&step, &"done".into())?.as_bool() == Some(true) {
        return Ok(None);
    }
    Ok(Some(
        js_sys::Reflect::get(&step, &"value".into())?.unchecked_into(),
    ))
}

async fn file_bytes(
    handle: &FileSystemFileHandle,
    limit: u64,
) -> Result<(web_sys::File, Option<Vec<u8>>), JsValue> {
    let file: web_sys::File = JsFuture::from(handle.get_file()).await?.unchecked_into();
    // Too large to be an article: not read at all (the scan skips it).
    if file.size() as u64 > limit {
        return Ok((file, None));
    }
    let buffer = JsFuture::from(file.array_buffer()).await?;
    Ok((file, Some(js_sys::Uint8Array::new(&buffer).to_vec())))
}

/// Every file of the folder and its sub-folders, by path below it, with
/// the desktop scan's rules: hidden files and folders are not entered,
/// crosscheck's own files other than the top `crosscheck.ron` are not
/// read, only `.txt` and `.md` files are read (others are listed as
/// skipped). A directory handle reaches nothing outside its folder (the
/// browser follows no links out of it), so nothing else can be read.
pub async fn read(root: &FileSystemDirectoryHandle) -> Result<PickedFolder, String> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut folders = vec![(String::new(), root.clone())];
    let mut first = true;
    while let Some((prefix, dir)) = folders.pop() {
        let entries = dir.values();
        loop {
            let entry = match next_entry(&entries).await {
                Ok(Some(entry)) => entry,
                Ok(None) => break,
                // The folder itself cannot be listed: nothing to open.
                Err(e) if first => return Err(describe(&e)),
                Err(e) => {
                    skipped.push(Skipped {
                        path: prefix.clone(),
                        reason: SkipReason::Unreadable(describe(&e)),
                    });
                    break;
                }
            };
            first = false;
            let name = entry.name();
            if name.starts_with('.') {
                continue;
            }
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            if entry.kind() == web_sys::FileSystemHandleKind::Directory {
                folders.push((path, entry.unchecked_into()));
                continue;
            }
            let is_project = path == DEFAULT_PROJECT_FILE;
            if corpus::is_project_file_name(&name) && !is_project {
                continue;
            }
            if !is_project && !corpus::is_corpus_path(Path::new(&name)) {
                skipped.push(Skipped {
                    path,
                    reason: SkipReason::NotText,
                });
                continue;
            }
            let limit = corpus::FileKind::of(Path::new(&name))
                .map_or(corpus::MAX_FILE_BYTES, corpus::FileKind::max_bytes);
            match file_bytes(entry.unchecked_ref(), limit).await {
                Ok((_, Some(bytes))) => files.push((path, bytes)),
                Ok((file, None)) => skipped.push(Skipped {
                    path,
                    reason: SkipReason::TooLarge {
                        size: file.size() as u64,
                        limit,
                    },
                }),
                Err(e) => skipped.push(Skipped {
                    path,
                    reason: SkipReason::Unreadable(describe(&e)),
                }),
            }
        }
    }
    Ok(PickedFolder {
        name: root.name(),
        files,
        skipped,
    })
}

pub fn root_of(name: &str) -> PathBuf {
    Path::new(ROOT).join(name)
}

/// From now on the project under `root` is saved into `handle`; `on_disk`
/// is the project file the folder held when it was read.
pub fn install(root: PathBuf, handle: FileSystemDirectoryHandle, on_disk: Option<String>) {
    let name = handle.name();
    OPEN.with(|o| {
        *o.borrow_mut() = Some(InPlace {
            root,
            name,
            handle,
            on_disk,
            writing: false,
            next: None,
            waiting: Vec::new(),
            last: None,
            denied: false,
        });
    });
}

/// No folder is open in place any more (the sample or a picked folder is).
pub fn close() {
    OPEN.with(|o| o.borrow_mut().take());
}

/// Whether the project at `path` lives in the folder open in place.
pub fn holds(path: &Path) -> bool {
    OPEN.with(|o| {
        o.borrow()
            .as_ref()
            .is_some_and(|f| path.parent() == Some(f.root.as_path()))
    })
}

/// Remembers `handle` for the next visit (the browser keeps directory
/// handles only in IndexedDB).
pub async fn remember(handle: &FileSystemDirectoryHandle) -> Result<(), String> {
    let db = store::db().ok_or("this browser keeps nothing for this page")?;
    idb::write(
        &db,
        idb::HANDLES,
        &[("folder".into(), Some(JsValue::from(handle.clone())))],
    )
    .await
}

/// Writes `text` as the folder's `crosscheck.ron`, after the saves queued
/// before it; `done` hears how it went.
pub fn write(path: &Path, text: String, done: Option<SaveDone>) {
    let start = OPEN.with(|o| {
        let mut o = o.borrow_mut();
        let Some(folder) = o
            .as_mut()
            .filter(|f| path.parent() == Some(f.root.as_path()))
        else {
            return Err(done);
        };
        folder.next = Some(text);
        folder.waiting.extend(done);
        Ok(!std::mem::replace(&mut folder.writing, true))
    });
    match start {
        Err(done) => {
            if let Some(done) = done {
                done.finish(Err("the folder is no longer open in this page".into()));
            }
        }
        Ok(false) => {}
        Ok(true) => wasm_bindgen_futures::spawn_local(write_queued(path.to_path_buf())),
    }
}

async fn write_queued(project: PathBuf) {
    loop {
        let job = OPEN.with(|o| {
            let mut o = o.borrow_mut();
            let folder = o
                .as_mut()
                .filter(|f| project.parent() == Some(f.root.as_path()))?;
            let Some(text) = folder.next.take() else {
                folder.writing = false;
                return None;
            };
            Some((
                folder.handle.clone(),
                folder.name.clone(),
                folder.root.clone(),
                folder.on_disk.clone(),
                text,
                std::mem::take(&mut folder.waiting),
            ))
        });
        let Some((handle, name, root, on_disk, text, waiting)) = job else {
            return;
        };
        let saved = save_in(&handle, on_disk.as_deref(), &text).await;
        let denied = saved
            .as_ref()
            .is_err_and(|e| matches!(error_name(e).as_str(), "NotAllowedError" | "SecurityError"));
        let result = saved.map_err(|e| describe(&e));
        let root_name = root.to_string_lossy().into_owned();
        // Whether the browser's copy is newer than the folder's file: a
        // reopen then restores it (see `open::in_place`).
        match &result {
            Ok(()) => store::remove("behind", &root_name),
            Err(_) => store::set("behind", &root_name, "1"),
        }
        OPEN.with(|o| {
            if let Some(folder) = o.borrow_mut().as_mut().filter(|f| f.root == root) {
                folder.last = Some(result.clone().map(|()| js_sys::Date::now()));
                folder.denied = denied;
                if result.is_ok() {
                    folder.on_disk = Some(text);
                }
            }
        });
        for done in waiting {
            // The window puts "not saved:" before it.
            done.finish(result.clone().map_err(|e| {
                format!(
                    "{e} (the folder {name}). Your work is still in this window: Retry, or Download project"
                )
            }));
        }
        store::wake();
    }
}

/// Writes the project file, the previous one first kept as its `.bak`.
async fn save_in(
    folder: &FileSystemDirectoryHandle,
    on_disk: Option<&str>,
    text: &str,
) -> Result<(), JsValue> {
    if let Some(previous) = on_disk.filter(|p| *p != text) {
        let backup = format!("{DEFAULT_PROJECT_FILE}.bak");
        write_file(folder, &backup, previous).await?;
    }
    write_file(folder, DEFAULT_PROJECT_FILE, text).await
}

/// Replaces the file `name` in `folder` by `text`. Chromium writes a
/// writable stream to a swap file beside it (`NAME.crswap`) and moves that
/// over the file only on `close()`, so a write that fails (disk full, the
/// folder gone) leaves the old file as it was; the stream is aborted then,
/// which removes the swap file.
async fn write_file(
    folder: &FileSystemDirectoryHandle,
    name: &str,
    text: &str,
) -> Result<(), JsValue> {
    let options = web_sys::FileSystemGetFileOptions::new();
    options.set_create(true);
    let file: FileSystemFileHandle =
        JsFuture::from(folder.get_file_handle_with_options(name, &options))
            .await?
            .unchecked_into();
    let stream: web_sys::FileSystemWritableFileStream = JsFuture::from(file.create_writable())
        .await?
        .unchecked_into();
    let written = async {
        JsFuture::from(stream.write_with_str(text)?).await?;
        JsFuture::from(stream.close()).await
    }
    .await;
    if let Err(e) = written {
        let _ = JsFuture::from(stream.abort()).await;
        return Err(e);
    }
    Ok(())
}

/// A write to the folder is under way.
pub fn busy() -> bool {
    OPEN.with(|o| o.borrow().as_ref().is_some_and(|f| f.writing))
}

/// The folder open in place, and how its last save went.
pub fn status() -> Option<Status> {
    OPEN.with(|o| {
        o.borrow().as_ref().map(|f| Status {
            name: f.name.clone(),
            last: f.last.clone(),
            denied: f.denied,
        })
    })
}

/// The folder open in place, for a new permission after it was withdrawn.
pub fn handle() -> Option<FileSystemDirectoryHandle> {
    OPEN.with(|o| o.borrow().as_ref().map(|f| f.handle.clone()))
}
