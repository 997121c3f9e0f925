//! Starting on a page: `boot`, the page's and the dialog's click listeners,
//! gated content added later, decisions made in other tabs.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::effects::{apply, apply_effects, emit, run};
use super::layers::{on_action, open_banner, open_preferences};
use super::state::{with_app, App, APP};
use super::{document, dom, log_error, log_warn, now_secs, options, page};
use crate::decision::Action;
use crate::record::DecidedBy;
use crate::registry::Registry;
use crate::session::Session;

/// Starts the module on the current page. Called by the loader
/// (`consent-banner.js`) once the DOM is parsed, with the registry's JSON as
/// UTF-8 bytes (a `Uint8Array`; a byte-order mark is allowed)
/// and the script tag's options (`{ lang, reloadOnWithdraw, receiptEndpoint,
/// floatingButton, gtag }`; all optional, `{}` is valid).
///
/// Never throws: problems are reported on the console as
/// `consent-banner: …` and leave every optional category off.
#[wasm_bindgen]
pub fn boot(registry_json: &[u8], options: JsValue) {
    let doc = document();
    // Started again on the same page: the previous instance lets go of the page.
    if let Some(old) = APP.with(|a| a.borrow_mut().take()) {
        page::unwatch();
        if let Some(c) = old.channel {
            c.close();
        }
    }
    if let Some(e) = page::scope(&doc).by_id(dom::HOST_ID) {
        e.remove();
    }
    let registry = match Registry::from_utf8(registry_json) {
        Ok(r) => r,
        Err(e) => {
            log_error(&e.message());
            return;
        }
    };
    // document.cookie is read once for the language, the stored choice and
    // what carries over from a stale one.
    let page = page::facts();
    let (options, gtag) = options::read(&options);
    let floating_button = options.floating_button;
    let start = Session::start(registry, options, &page, now_secs());
    for w in &start.warnings {
        log_warn(w);
    }
    let mut listeners = Vec::new();
    // The page's controls.
    listeners.push(dom::on(&doc, "click", |e| {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Some(allow) = target.closest("[data-consent-allow]").ok().flatten() {
            let id = allow.get_attribute("data-consent-allow").unwrap_or_default();
            apply(&Action::Allow(id), DecidedBy::Click);
        } else if target.closest("[data-consent-open]").ok().flatten().is_some() {
            e.prevent_default();
            open_preferences(false);
        }
    }));
    APP.with(|a| {
        *a.borrow_mut() = Some(App {
            session: start.session,
            ui: None,
            banner: None,
            prefs: None,
            opener: None,
            from_customize: false,
            floating: None,
            gtag,
            channel: None,
            listeners,
        })
    });
    // A stored choice is honoured before anything else is drawn.
    apply_effects(start.effects);
    watch_late_content();
    listen_to_other_tabs();
    with_app(|app| dom::render_policies(&doc, &app.session.registry, app.session.lang));
    // The dialog's home is made before anything is drawn in it. Without it
    // (no Shadow DOM) a visitor who has not chosen could not be asked:
    // nothing optional runs. A stored choice is honoured without it.
    if start.ask && with_app(ui).flatten().is_none() {
        log_error("consent-banner: could not create the dialog (Shadow DOM unavailable?). No optional cookies or scripts will be used.");
        return;
    }
    if floating_button {
        with_app(|app| app.floating = ui(app).and_then(|ui| dom::floating_button(&ui, app.session.lang)));
    }
    if start.ask {
        if start.refuse_for_gpc {
            // The browser's opt-out answers for the visitor; the first
            // layer says so once, and the visitor may still opt in.
            apply(&Action::RejectAll, DecidedBy::Gpc);
        }
        open_banner(true);
    }
    emit("consent:ready");
}

/// The dialog's shadow root, made (with its click listener) the first time
/// it is needed; `None` if it cannot be made.
pub(super) fn ui(app: &mut App) -> Option<web_sys::ShadowRoot> {
    if app.ui.is_none() {
        let root = dom::ui_root()?;
        // The dialog's buttons, inside the shadow root.
        app.listeners.push(dom::on(&root, "click", |e| {
            let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
            if let Some(details) = target.closest("summary").ok().flatten().and_then(|s| s.parent_element()) {
                if details.has_attribute("data-category") {
                    with_app(|app| dom::fill_details(&details, &app.session.registry, app.session.lang));
                }
                return;
            }
            let button = target.closest("[data-consent-action]").ok().flatten();
            if let Some(a) = button.and_then(|b| b.get_attribute("data-consent-action")) {
                on_action(&a);
            }
        }));
        app.ui = Some(root);
    }
    app.ui.clone()
}

/// Gated scripts and frames added later (single-page apps, AJAX) are handled
/// like those present at start: run when accepted, else left inert.
fn watch_late_content() {
    let callback = Closure::<dyn FnMut()>::new(|| {
        if let Some((activate, scripts)) = with_app(|app| app.session.late_content()) {
            run(&activate, scripts);
        }
    });
    page::watch_added("[data-consent-category]", callback.as_ref().unchecked_ref());
    // Watches for the page's lifetime (a new start replaces the watcher).
    callback.forget();
}

pub(super) const CHANNEL: &str = "consent-banner";

/// A decision made in another tab of the portal applies here at once (see
/// [`Session::other_tab`]).
fn listen_to_other_tabs() {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    // (Typed as the shell's other listeners, `FnMut(Event)`: one closure
    // type less in the wasm; the message's content is not read.)
    let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(|_e: web_sys::Event| {
        let page = page::facts();
        if let Some(Some(effects)) = with_app(|app| app.session.other_tab(&page, now_secs())) {
            apply_effects(effects);
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Lives as long as the page.
    on_message.forget();
    with_app(|app| app.channel = Some(channel));
}
