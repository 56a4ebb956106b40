//! JavaScript errors, as the window shows them.

use wasm_bindgen::JsCast as _;

/// A JavaScript error as text.
pub(crate) fn js_error(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
