//! Applying what the core decided: one function, [`apply_effects`], takes
//! an [`Effects`] value and does each thing it lists, in its order. Nothing
//! here decides.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use super::layers::close_layers;
use super::start::ui;
use super::state::with_app;
use super::{document, dom, log_warn, now_secs, page, scripts, window};
use crate::decision::{storage_to_clear, Action, Effects};
use crate::receipt::Receipt;
use crate::record::DecidedBy;

/// A decision made on this page: the core records it and says what follows.
pub(super) fn apply(action: &Action, by: DecidedBy) {
    if with_app(|_| ()).is_none() {
        return;
    }
    let page = page::facts();
    let consent_id = page::random_id();
    if let Some(effects) = with_app(|app| app.session.decide(action, by, &page, now_secs(), consent_id)) {
        apply_effects(effects);
    }
}

/// Does what `e` lists, in order. What the visitor is waiting for comes
/// first: the cookies, Consent Mode's update, then the accepted scripts
/// (their downloads start now); closing the layers and the bookkeeping run
/// while they load. The page paints once this task ends, whatever the order
/// inside it.
pub(super) fn apply_effects(e: Effects) {
    page::set_cookies(&e.set_cookies);
    if let Some(id) = &e.stored {
        let header = page::cookies();
        // A byte search: `str::contains(&str)` brings 2 KB of substring-search code.
        if !header.as_bytes().windows(id.len()).any(|w| w == id.as_bytes()) {
            log_warn("consent-banner: the browser did not store the cookies_preferences cookie (cookies blocked?); the choice holds for this page only");
        }
    }
    if !e.clear_storage.is_empty() {
        let present = page::storage_keys();
        let doomed = with_app(|app| storage_to_clear(&app.session.registry, &e.clear_storage, present.iter().map(String::as_str))).unwrap_or_default();
        page::remove_storage(&doomed);
    }
    if let Some(state) = &e.consent_mode {
        // The page's gtag may call back into the module (isAccepted…): it
        // runs outside the page state's borrow.
        if let Some(Some(gtag)) = with_app(|app| app.gtag.clone()) {
            let _ = gtag.call3(&JsValue::NULL, &"consent".into(), &"update".into(), &page::value(state));
        }
    }
    run(&e.activate, e.scripts);
    if e.close_layers {
        close_layers();
    }
    if e.announce_saved {
        with_app(|app| {
            if let Some(ui) = ui(app) {
                dom::announce(&ui, app.session.lang.strings().saved);
            }
        });
    }
    if let Some(receipt) = e.receipt {
        keep_receipt(receipt, e.keep_receipt, e.send_receipt_to.as_deref());
    }
    if let Some(event) = e.event {
        emit(event.name());
    }
    if let Some(id) = &e.stored {
        if let Some(Some(c)) = with_app(|app| app.channel.clone()) {
            let _ = c.post_message(&JsValue::from_str(id));
        }
    }
    if e.reload {
        let _ = window().location().reload();
    }
}

/// Runs the gated scripts and frames of the `activate` categories, then the
/// declared `scripts`; the other categories' frames get their notice.
pub(super) fn run(activate: &[String], scripts: Vec<(String, String)>) {
    if !activate.is_empty() {
        scripts::activate(activate, scripts);
    }
    with_app(|app| dom::placeholders(&document(), &app.session.registry, app.session.lang, activate));
}

/// Sends the receipt to the endpoint, if any, and appends it to the log in
/// localStorage when `keep`.
fn keep_receipt(receipt: Receipt, keep: bool, endpoint: Option<&str>) {
    if let Some(url) = endpoint {
        if !page::beacon(url, &receipt.to_json()) {
            log_warn("consent-banner: could not send the consent receipt");
        }
    }
    if keep {
        // localStorage may be missing or throw (privacy modes, sandboxed frames).
        let log = page::read_item(crate::receipt::STORAGE_KEY).map(|text| crate::receipt::read_log(&text)).unwrap_or_default();
        let log = crate::receipt::append(log, receipt);
        if !page::write_item(crate::receipt::STORAGE_KEY, &crate::receipt::log_json(&log)) {
            log_warn("consent-banner: could not keep the consent receipt in localStorage");
        }
    }
}

/// The current decision as the API's JSON, or "" when nothing is decided.
pub(super) fn consent_json() -> String {
    with_app(|app| app.session.record.as_ref().map(crate::receipt::consent_json)).flatten().unwrap_or_default()
}

/// Fires `name` on the document with the current decision.
pub(super) fn emit(name: &str) {
    page::dispatch(name, &consent_json());
}
