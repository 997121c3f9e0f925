//! `window.consentBanner`'s methods (the loader forwards to these once the
//! module has started). Each asks the core; none throws.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use super::effects::{apply, consent_json};
use super::layers::{close_layers, open_banner, open_preferences};
use super::page;
use super::state::with_app;
use crate::decision::Action;
use crate::record::DecidedBy;

/// The current decision (`{ id, time, revision, origin, categories }`) or `null`.
#[wasm_bindgen(js_name = getConsent)]
pub fn get_consent() -> JsValue {
    page::value(&consent_json())
}

/// `consentBanner.show()`: shows the first layer.
#[wasm_bindgen(js_name = show)]
pub fn api_show() {
    if with_app(|app| app.prefs.is_none()).unwrap_or(false) {
        close_layers();
        open_banner(true);
    }
}

/// `consentBanner.showPreferences()`: opens the preferences layer.
#[wasm_bindgen(js_name = showPreferences)]
pub fn api_show_preferences() {
    open_preferences(false);
}

/// `consentBanner.acceptAll()`: accepts every category (recorded with origin `api`).
#[wasm_bindgen(js_name = acceptAll)]
pub fn api_accept_all() {
    apply(&Action::AcceptAll, DecidedBy::Api);
}

/// `consentBanner.rejectAll()`: refuses every optional category (origin `api`).
#[wasm_bindgen(js_name = rejectAll)]
pub fn api_reject_all() {
    apply(&Action::RejectAll, DecidedBy::Api);
}

/// `consentBanner.accept(ids)`: accepts exactly these optional categories and
/// refuses the others (origin `api`). Unknown ids are ignored. The loader
/// hands the ids over as a JSON list (one string, rather than a vector of
/// strings through wasm-bindgen's generic conversion code).
#[wasm_bindgen(js_name = accept)]
pub fn api_accept(ids_json: &str) {
    apply(&Action::Choose(page::string_list(ids_json)), DecidedBy::Api);
}

/// `consentBanner.isAccepted(id)`: whether this category is on now —
/// necessary categories always are; an optional one when the stored choice
/// accepts it (false while nothing is decided).
#[wasm_bindgen(js_name = isAccepted)]
pub fn is_accepted(id: &str) -> bool {
    with_app(|app| app.session.is_accepted(id)).unwrap_or(false)
}
