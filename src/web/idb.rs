//! The browser's IndexedDB, as the page uses it: one database with two
//! stores, `files` (text under its virtual path: projects, settings, the
//! articles of picked folders) and `handles` (the folder opened in place,
//! remembered for the next visit — a directory handle can only be kept by
//! IndexedDB, which is one reason the page keeps everything there).
//!
//! Every request is awaited through a promise settled by the request's own
//! events; a write is reported done only when its transaction has
//! committed, so "saved" means on the browser's disk.

use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbTransactionMode};

const NAME: &str = "crosscheck";
const VERSION: u32 = 1;
pub const FILES: &str = "files";
pub const HANDLES: &str = "handles";

/// Why the browser refused, in words for the window.
pub fn describe(error: &JsValue) -> String {
    let name = js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "QuotaExceededError" => "the browser's storage for this page is full".into(),
        "InvalidStateError" | "UnknownError" => format!(
            "the browser's storage is not available ({})",
            super::js::js_error(error)
        ),
        _ => super::js::js_error(error),
    }
}

/// Resolves with the event named `ok` on `target`, rejects with any of
/// `errors`. The promise's own functions are the listeners: nothing to
/// keep alive or remove.
async fn settle(target: &web_sys::EventTarget, ok: &str, errors: &[&str]) -> Result<(), JsValue> {
    JsFuture::from(settled(target, ok, errors))
        .await
        .map(|_| ())
}

fn settled(target: &web_sys::EventTarget, ok: &str, errors: &[&str]) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, reject| {
        let _ = target.add_event_listener_with_callback(ok, &resolve);
        for error in errors {
            let _ = target.add_event_listener_with_callback(error, &reject);
        }
    })
}

/// A promise rejected after `ms` milliseconds with `why`.
fn deadline(ms: i32, why: &'static str) -> js_sys::Promise {
    js_sys::Promise::new(&mut |_resolve, reject| {
        let fire = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(why));
        });
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(fire.unchecked_ref(), ms);
        }
    })
}

/// The result of a request, or its error.
async fn request(request: web_sys::IdbRequest) -> Result<JsValue, String> {
    match settle(&request, "success", &["error"]).await {
        Ok(()) => request.result().map_err(|e| describe(&e)),
        Err(_) => Err(request
            .error()
            .ok()
            .flatten()
            .map_or_else(|| "the browser's storage refused".into(), |e| describe(&e))),
    }
}

/// Waits for `tx` to commit.
async fn committed(tx: &web_sys::IdbTransaction) -> Result<(), String> {
    settle(tx, "complete", &["error", "abort"])
        .await
        .map_err(|_| {
            tx.error()
                .map_or_else(|| "the browser's storage refused".into(), |e| describe(&e))
        })
}

pub async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()
        .map_err(|e| describe(&e))?
        .ok_or("this browser keeps no storage for pages (a private window?)")?;
    let opening = factory
        .open_with_u32(NAME, VERSION)
        .map_err(|e| describe(&e))?;
    // Runs inside the event, before "success": the stores must exist by then.
    let target = opening.clone();
    let upgrade = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Ok(db) = target
            .result()
            .map(wasm_bindgen::JsCast::unchecked_into::<IdbDatabase>)
        {
            let names = db.object_store_names();
            for store in [FILES, HANDLES] {
                if !names.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        }
    });
    opening.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    // Some browsers have left the open unanswered (Safari 14 on a first
    // visit); the window must start all the same, then without storage.
    let answered = js_sys::Promise::race(&js_sys::Array::of2(
        &settled(&opening, "success", &["error", "blocked"]),
        &deadline(5000, "the browser's storage did not answer"),
    ));
    if let Err(e) = JsFuture::from(answered).await {
        return Err(opening
            .error()
            .ok()
            .flatten()
            .map_or_else(|| super::js::js_error(&e), |e| describe(&e)));
    }
    let db = opening.result().map_err(|e| describe(&e))?;
    Ok(db.unchecked_into())
}

/// Every (key, value) of `store`.
pub async fn all(db: &IdbDatabase, store: &str) -> Result<Vec<(String, JsValue)>, String> {
    let tx = db.transaction_with_str(store).map_err(|e| describe(&e))?;
    let objects = tx.object_store(store).map_err(|e| describe(&e))?;
    let keys = request(objects.get_all_keys().map_err(|e| describe(&e))?).await?;
    let values = request(objects.get_all().map_err(|e| describe(&e))?).await?;
    let keys = js_sys::Array::from(&keys);
    let values = js_sys::Array::from(&values);
    Ok(keys
        .iter()
        .zip(values.iter())
        .filter_map(|(k, v)| Some((k.as_string()?, v)))
        .collect())
}

/// Writes (key, Some(value)) and deletes (key, None) in one transaction:
/// all of them reach the disk, or none does and the old values stay.
pub async fn write(
    db: &IdbDatabase,
    store: &str,
    changes: &[(String, Option<JsValue>)],
) -> Result<(), String> {
    let tx = db
        .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)
        .map_err(|e| describe(&e))?;
    let objects = tx.object_store(store).map_err(|e| describe(&e))?;
    for (key, value) in changes {
        let key = JsValue::from_str(key);
        let queued = match value {
            Some(value) => objects.put_with_key(value, &key),
            None => objects.delete(&key),
        };
        if let Err(e) = queued {
            let _ = tx.abort();
            return Err(describe(&e));
        }
    }
    committed(&tx).await
}
