//! The browser shell (wasm32 only): reads the page, asks the core
//! ([`crate::session`]), applies the [`crate::decision::Effects`] it returns.
//! It fails closed: when anything is wrong, nothing optional runs.
//!
//! - `state`: what the shell keeps for the page's lifetime (the core's
//!   session and the DOM handles);
//! - `options`: the script tag's options, typed;
//! - `start`: `boot`, the listeners, content added later, other tabs;
//! - `layers`: the first layer, the preferences layer, the floating button;
//! - `effects`: applying a decision's effects, in one function;
//! - `api`: `window.consentBanner`'s methods;
//! - `dom`, `page`, `scripts`: building elements, the page helpers of
//!   `page.js`, running gated scripts.

#[allow(unused_imports)]
use crate::prelude::*;

mod api;
mod dom;
mod effects;
mod layers;
mod options;
mod page;
mod scripts;
mod start;
mod state;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Window};

pub use api::*;
pub use start::boot;
pub(crate) use state::PageCell;

pub(crate) fn log_error(msg: &str) {
    web_sys::console::error_1(&JsValue::from_str(msg));
}

fn log_warn(msg: &str) {
    web_sys::console::warn_1(&JsValue::from_str(msg));
}

#[wasm_bindgen]
extern "C" {
    // The page's globals, read directly (web_sys::window() probes four
    // global objects to find one, which the module, run by its loader in a
    // page, never needs).
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Window;
    #[wasm_bindgen(thread_local_v2, js_name = document)]
    static DOCUMENT: Document;
}

pub(crate) fn window() -> Window {
    WINDOW.with(Window::clone)
}

pub(crate) fn document() -> Document {
    DOCUMENT.with(Document::clone)
}

fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// A registry-declared script was skipped (its category withdrawn while
/// earlier scripts loaded): it runs on a later consent; those that did run
/// do not run twice.
pub(crate) fn forget_loaded(url: &str) {
    state::with_app(|app| app.session.forget_loaded(url));
}
