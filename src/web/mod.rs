//! The browser shell (wasm32 only): reads the page, asks the core, applies
//! the effects. It fails closed: when anything is wrong, nothing optional runs.

#[allow(unused_imports)]
use crate::prelude::*;

mod dom;
mod page;
mod scripts;

use core::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Window};

use crate::decision::{decide, expire_cookies, Action, Env};
use crate::error::RecordError;
use crate::i18n::Lang;
use crate::record::{read_stored, ConsentRecord, Origin};
use crate::registry::Registry;

/// Everything the shell keeps for the page's lifetime.
struct App {
    registry: Registry,
    lang: Lang,
    record: Option<ConsentRecord>,
    /// When asking again after a registry change: the earlier choices that still apply.
    carried: Vec<String>,
    reload_on_withdraw: bool,
    /// The open shadow root that holds the dialog, made when something is
    /// first shown in it (a returning visitor's page view never needs it).
    ui: Option<web_sys::ShadowRoot>,
    /// The first layer, when shown.
    banner: Option<Element>,
    /// The preferences layer, when open, with its own listeners.
    prefs: Option<(Element, Vec<dom::Listener>)>,
    /// Where focus returns when a layer the visitor opened closes.
    opener: Option<HtmlElement>,
    /// The preferences were opened with the first layer's "Customize": when
    /// they close, focus goes to "Customize" in the first layer drawn again
    /// (the one that opened them was removed meanwhile).
    from_customize: bool,
    /// The floating reopen button (`data-floating-button`), hidden while a layer is open.
    floating: Option<Element>,
    /// Where receipts are sent (`data-receipt-endpoint`), if anywhere.
    receipt_endpoint: Option<String>,
    /// The loader's `gtag()` (pushes its arguments to `dataLayer`), for Consent Mode.
    gtag: Option<js_sys::Function>,
    /// Tells the portal's other open tabs about a decision.
    channel: Option<web_sys::BroadcastChannel>,
    /// Registry-declared script URLs already run (or queued) on this page.
    loaded: Vec<String>,
    _listeners: Vec<dom::Listener>,
}

/// State that lives as long as the page, in a `static`: the wasm runs on the
/// page's one thread (no atomics, no workers), which is what makes this sound.
pub(crate) struct PageCell<T>(RefCell<T>);

// SAFETY: built for wasm32 without the atomics feature — one thread only.
unsafe impl<T> Sync for PageCell<T> {}

impl<T> PageCell<T> {
    pub(crate) const fn new(value: T) -> PageCell<T> {
        PageCell(RefCell::new(value))
    }

    pub(crate) fn with<R>(&self, f: impl FnOnce(&RefCell<T>) -> R) -> R {
        f(&self.0)
    }
}

static APP: PageCell<Option<App>> = PageCell::new(None);

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

fn option_str(options: &JsValue, key: &str) -> Option<String> {
    Reflect::get(options, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).filter(|s| !s.is_empty())
}

/// The language to use: the script tag's `data-lang`, the `django_language`
/// cookie, `<html lang>`, `navigator.languages`, then the registry's default.
///
/// The loader makes the same choice to fetch the single-language build for
/// it (see `Lang::strings`), which speaks only that language.
fn pick_language(facts: &page::Facts, cookie_header: &str, options: &JsValue, registry: &Registry) -> Lang {
    if let Some(built_in) = crate::i18n::BUILT_IN {
        return built_in;
    }
    let lang = option_str(options, "lang");
    let django = crate::record::cookie_values(cookie_header, "django_language").next();
    let candidates = lang.as_deref().into_iter().chain(django).chain([facts.html_lang.as_str()]).chain(facts.languages.split(','));
    Lang::negotiate(candidates, registry.default_language)
}

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
    if let Some(e) = doc.get_element_by_id(dom::HOST_ID) {
        e.remove();
    }
    let mut registry = match Registry::from_utf8(registry_json) {
        Ok(r) => r,
        Err(e) => {
            log_error(&e.message());
            return;
        }
    };
    // document.cookie is read once for the language, the stored choice and
    // what carries over from a stale one.
    let header = page::cookies();
    let facts = page::facts();
    // A cookie_domain the page's host is not inside: the browser would
    // refuse the cookie, so the choice is stored host-only instead.
    if let Some(warning) = crate::decision::fit_cookie_domain(&mut registry, &facts.host) {
        log_warn(&warning);
    }
    let lang = pick_language(&facts, &header, &options, &registry);
    let reload_on_withdraw = option_str(&options, "reloadOnWithdraw").map_or(true, |v| v != "false");
    let (record, carried) = match read_stored(&header, &registry, now_secs()) {
        Ok(r) => (Some(r), Vec::new()),
        Err(RecordError::Missing) => (None, Vec::new()),
        Err(e) => {
            let mut m = String::from("consent-banner: asking again: ");
            m.push_str(e.reason());
            log_warn(&m);
            (None, crate::record::carried_over(&header, &registry))
        }
    };
    let gtag = Reflect::get(&options, &JsValue::from_str("gtag"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .filter(|_| crate::consent_mode::enabled(&registry));
    let mut listeners = Vec::new();
    // The page's controls.
    listeners.push(dom::on(&doc, "click", |e| {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Some(allow) = target.closest("[data-consent-allow]").ok().flatten() {
            let id = allow.get_attribute("data-consent-allow").unwrap_or_default();
            let mut ids = with_app(|app| app.record.as_ref().map(|r| r.choices.iter().filter(|(_, on)| *on).map(|(c, _)| c.clone()).collect::<Vec<_>>()))
                .flatten()
                .unwrap_or_default();
            ids.push(id);
            apply(&Action::Choose(ids), Origin::Click);
        } else if target.closest("[data-consent-open]").ok().flatten().is_some() {
            e.prevent_default();
            open_preferences(false);
        }
    }));
    APP.with(|a| {
        *a.borrow_mut() = Some(App {
            registry,
            lang,
            record,
            carried,
            ui: None,
            reload_on_withdraw,
            banner: None,
            prefs: None,
            opener: None,
            from_customize: false,
            floating: None,
            receipt_endpoint: option_str(&options, "receiptEndpoint"),
            gtag,
            channel: None,
            loaded: Vec::new(),
            _listeners: listeners,
        })
    });
    // A stored choice is honoured before anything else is drawn, and what
    // it refuses does not stay stored (set before the choice, or by another
    // tab's scripts before a withdrawal there).
    consent_mode_update();
    let refused = with_app(|app| app.record.as_ref().map(|r| crate::decision::refused(&app.registry, r))).flatten().unwrap_or_default();
    if !refused.is_empty() {
        clear(&facts, &header, &refused);
    }
    run_accepted();
    watch_late_content();
    listen_to_other_tabs();
    with_app(|app| dom::render_policies(&doc, &app.registry, app.lang));
    let undecided = with_app(|app| app.record.is_none()).unwrap_or(false);
    // The dialog's home is made before anything is drawn in it. Without it
    // (no Shadow DOM) a visitor who has not chosen could not be asked:
    // nothing optional runs. A stored choice is honoured without it.
    if undecided && with_app(ui).flatten().is_none() {
        log_error("consent-banner: could not create the dialog (Shadow DOM unavailable?). No optional cookies or scripts will be used.");
        return;
    }
    if option_str(&options, "floatingButton").is_some_and(|v| v != "false") {
        with_app(|app| app.floating = ui(app).and_then(|ui| dom::floating_button(&ui, app.lang)));
    }
    if undecided {
        if facts.gpc {
            // The browser's opt-out answers for the visitor: every optional
            // category refused and recorded as such; the first layer says so
            // once, and the visitor may still opt in.
            apply(&Action::RejectAll, Origin::Gpc);
        }
        open_banner(true);
    }
    emit("consent:ready");
}

/// The dialog's shadow root, made (with its click listener) the first time
/// it is needed; `None` if it cannot be made.
fn ui(app: &mut App) -> Option<web_sys::ShadowRoot> {
    if app.ui.is_none() {
        let root = dom::ui_root()?;
        // The dialog's buttons, inside the shadow root.
        app._listeners.push(dom::on(&root, "click", |e| {
            let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
            if let Some(details) = target.closest("summary").ok().flatten().and_then(|s| s.parent_element()) {
                if details.has_attribute("data-category") {
                    with_app(|app| dom::fill_details(&details, &app.registry, app.lang));
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
    let callback = Closure::<dyn FnMut()>::new(run_accepted);
    page::watch_added("[data-consent-category]", callback.as_ref().unchecked_ref());
    // Watches for the page's lifetime (a new start replaces the watcher).
    callback.forget();
}

/// Pushes `gtag('consent', 'update', …)` for the current record, when the
/// registry maps categories to Consent Mode types.
fn consent_mode_update() {
    let Some(Some((gtag, state))) = with_app(|app| {
        let (Some(gtag), Some(record)) = (&app.gtag, &app.record) else { return None };
        Some((gtag.clone(), crate::consent_mode::update_json(&app.registry, record)))
    }) else {
        return;
    };
    // The page's gtag may call back into the module (isAccepted…).
    let _ = gtag.call3(&JsValue::NULL, &"consent".into(), &"update".into(), &page::value(&state));
}

const CHANNEL: &str = "consent-banner";

/// A decision made in another tab of the portal applies here at once: the
/// cookie they share is read again, layers close, accepted scripts run, and
/// a withdrawal clears this tab's storage and reloads it if its scripts ran.
fn listen_to_other_tabs() {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|_e: web_sys::MessageEvent| {
        let w = window();
        let header = page::cookies();
        let Some(Some((withdrawn, refused, reload))) = with_app(|app| {
            let fresh = read_stored(&header, &app.registry, now_secs()).ok()?;
            if app.record.as_ref().is_some_and(|r| r.id == fresh.id) {
                return None;
            }
            let ran = |id: &String| app.record.as_ref().is_some_and(|r| r.accepts(id));
            let refused = crate::decision::refused(&app.registry, &fresh);
            let withdrawn = refused.iter().any(ran);
            app.record = Some(fresh);
            Some((withdrawn, refused, app.reload_on_withdraw))
        }) else {
            return;
        };
        close_layers();
        consent_mode_update();
        clear(&page::facts(), &header, &refused);
        run_accepted();
        emit("consent:change");
        if withdrawn && reload {
            let _ = w.location().reload();
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Lives as long as the page.
    on_message.forget();
    with_app(|app| app.channel = Some(channel));
}

/// Runs `f` on the page's state, if the module has started.
///
/// Never re-entered: page code that `f` may call back into (a `gtag` or an
/// event listener) must run outside it; a nested call gets `None`, which
/// callers treat as "nothing accepted".
fn with_app<T>(f: impl FnOnce(&mut App) -> T) -> Option<T> {
    APP.with(|a| a.try_borrow_mut().ok()?.as_mut().map(f))
}

/// Runs the gated scripts of the necessary categories and of every category
/// the current record accepts.
fn run_accepted() {
    let Some((accepted, extra)) = with_app(|app| {
        let mut accepted = Vec::new();
        let mut extra = Vec::new();
        for c in &app.registry.categories {
            if !(c.necessary || app.record.as_ref().is_some_and(|r| r.accepts(&c.id))) {
                continue;
            }
            accepted.push(c.id.clone());
            for url in &c.scripts {
                if !app.loaded.contains(url) {
                    extra.push((url.clone(), c.id.clone()));
                    app.loaded.push(url.clone());
                }
            }
        }
        (accepted, extra)
    }) else {
        return;
    };
    if !accepted.is_empty() {
        scripts::activate(&accepted, extra);
    }
    with_app(|app| dom::placeholders(&document(), &app.registry, app.lang, &accepted));
}

/// A registry-declared script was skipped (its category withdrawn while
/// earlier scripts loaded): it runs on a later consent; those that did run
/// do not run twice.
pub(crate) fn forget_loaded(url: &str) {
    with_app(|app| app.loaded.retain(|u| u != url));
}

/// Shows the floating button only while no layer is open.
fn sync_floating() {
    with_app(|app| {
        if let Some(f) = &app.floating {
            if app.banner.is_some() || app.prefs.is_some() {
                let _ = f.set_attribute("hidden", "");
            } else {
                let _ = f.remove_attribute("hidden");
            }
        }
    });
}

/// Shows the first layer (when no choice is stored, or the stored one is
/// stale). It is first in the tab order, and with `focus` (when it opens at
/// start or the visitor brings it back) focus moves into it.
fn open_banner(focus: bool) {
    let banner = with_app(|app| {
        if app.banner.is_none() && app.prefs.is_none() {
            let gpc = app.record.as_ref().is_some_and(|r| r.origin == Origin::Gpc);
            app.banner = ui(app).and_then(|ui| dom::first_layer(&ui, &app.registry, app.lang, gpc));
        }
        app.banner.clone()
    })
    .flatten();
    sync_floating();
    if let (true, Some(b)) = (focus, banner.and_then(|b| b.dyn_into::<HtmlElement>().ok())) {
        page::focus_soon(&b);
    }
}

/// Opens the preferences layer as a modal dialog, showing the current
/// choice; focus returns to the element that opened it, or to the first
/// layer's "Customize" when that opened it (`from_customize`).
fn open_preferences(from_customize: bool) {
    let doc = document();
    let active = doc.active_element();
    let opened = with_app(|app| {
        // Focus inside the dialog shows as its host: of what is inside, only
        // the floating button stays to take focus back.
        let opener = match active.filter(|e| !e.has_attribute("data-consent-ui")) {
            Some(e) => Some(e),
            None => app.ui.as_ref().and_then(|ui| ui.active_element()).filter(|e| app.floating.as_ref() == Some(e)),
        };
        let opener = opener.and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if app.prefs.is_some() {
            return None;
        }
        if let Some(b) = app.banner.take() {
            b.remove();
            page::release_space();
        }
        let accepted: Vec<String> = match &app.record {
            Some(r) => r.choices.iter().filter(|(_, on)| *on).map(|(id, _)| id.clone()).collect(),
            None => app.carried.clone(),
        };
        let gpc = app.record.as_ref().is_some_and(|r| r.origin == Origin::Gpc);
        let root = dom::preferences(&ui(app)?, &app.registry, app.lang, &accepted, gpc)?;
        // Escape or the close button: nothing is granted, the first layer
        // comes back if there is no stored choice.
        page::trap_focus(&root);
        let listeners = vec![dom::on(&root, "close", |_| close_preferences())];
        app.prefs = Some((root.clone(), listeners));
        if from_customize {
            app.opener = None;
            app.from_customize = true;
        } else {
            app.opener = opener.or(app.opener.take());
        }
        Some(root)
    })
    .flatten();
    sync_floating();
    if let Some(d) = opened.and_then(|r| r.dyn_into::<web_sys::HtmlDialogElement>().ok()) {
        if d.show_modal().is_err() {
            d.set_open(true);
        }
    }
}

/// Removes the preferences layer (after a decision, Escape or the close button).
fn close_preferences() {
    let Some((prefs, opener, customize, undecided)) =
        with_app(|app| (app.prefs.take(), app.opener.take(), core::mem::take(&mut app.from_customize), app.record.is_none()))
    else {
        return;
    };
    if let Some((root, listeners)) = prefs {
        drop(listeners);
        if let Some(d) = root.dyn_ref::<web_sys::HtmlDialogElement>() {
            d.close();
        }
        root.remove();
    }
    if undecided {
        open_banner(opener.is_none() && !customize);
    }
    sync_floating();
    if let Some(o) = opener {
        let _ = o.focus();
    } else if customize {
        // WAI-ARIA dialog pattern: back to the control that opened it, in the
        // first layer as it is now.
        let button = with_app(|app| app.ui.as_ref().and_then(|ui| ui.get_element_by_id(crate::view::CUSTOMIZE_ID))).flatten();
        if let Some(b) = button {
            page::focus_soon(&b);
        }
    }
}

fn close_layers() {
    if let Some(Some(b)) = with_app(|app| app.banner.take()) {
        b.remove();
        page::release_space();
    }
    close_preferences();
}

/// A button of the dialog was pressed.
fn on_action(action: &str) {
    let action = match action {
        "accept-all" => Action::AcceptAll,
        "reject-all" => Action::RejectAll,
        "save" => {
            let chosen = with_app(|app| app.prefs.as_ref().map(|(root, _)| dom::chosen(root))).flatten().unwrap_or_default();
            Action::Choose(chosen)
        }
        "customize" => return open_preferences(true),
        "preferences" => return open_preferences(false),
        "close" => return close_preferences(),
        _ => return,
    };
    apply(&action, Origin::Click);
}

/// Records a decision and applies its effects: store the cookie, delete the
/// cookies of withdrawn categories, run accepted scripts, tell the page.
fn apply(action: &Action, origin: Origin) {
    if with_app(|_| ()).is_none() {
        return;
    }
    let w = window();
    let facts = page::facts();
    let env = Env { now: now_secs(), consent_id: page::random_id(), secure: facts.secure, origin };
    let Some((decision, reload)) = with_app(|app| {
        let d = decide(&app.registry, app.record.as_ref(), action, &env);
        app.record = Some(d.record.clone());
        (d, app.reload_on_withdraw)
    }) else {
        return;
    };
    page::set_cookies(core::slice::from_ref(&decision.set_cookie));
    let header = page::cookies();
    // A byte search: `str::contains(&str)` brings 2 KB of substring-search code.
    if !header.as_bytes().windows(decision.record.id.len()).any(|w| w == decision.record.id.as_bytes()) {
        log_warn("consent-banner: the browser did not store the cookies_preferences cookie (cookies blocked?); the choice holds for this page only");
    }
    if !decision.refused.is_empty() {
        clear(&facts, &header, &decision.refused);
    }
    // What the visitor is waiting for comes first: Consent Mode's update,
    // then the accepted scripts (their downloads start now); closing the
    // layers and the bookkeeping run while they load. The page paints once
    // this task ends, whatever the order inside it.
    consent_mode_update();
    run_accepted();
    close_layers();
    with_app(|app| {
        if let Some(ui) = ui(app) {
            dom::announce(&ui, app.lang.strings().saved);
        }
    });
    keep_receipt(&decision.record, &facts);
    emit("consent:change");
    if let Some(Some(c)) = with_app(|app| app.channel.clone()) {
        let _ = c.post_message(&JsValue::from_str(&decision.record.id));
    }
    if !decision.withdrawn.is_empty() && reload {
        let _ = w.location().reload();
    }
}

/// Appends the decision's receipt to the log in localStorage (when the
/// registry declares it) and sends it to the receipt endpoint, if any.
fn keep_receipt(record: &ConsentRecord, facts: &page::Facts) {
    let page = crate::join(&[&facts.origin, &facts.path], "");
    let Some((receipt, declared, endpoint)) = with_app(|app| {
        (crate::receipt::Receipt::new(record, app.lang, &page), crate::receipt::declared(&app.registry), app.receipt_endpoint.clone())
    }) else {
        return;
    };
    if let Some(url) = endpoint {
        if !page::beacon(&url, &receipt.to_json()) {
            log_warn("consent-banner: could not send the consent receipt");
        }
    }
    if declared {
        // localStorage may be missing or throw (privacy modes, sandboxed frames).
        let log = page::read_item(crate::receipt::STORAGE_KEY).map(|text| crate::receipt::read_log(&text)).unwrap_or_default();
        let log = crate::receipt::append(log, receipt);
        if !page::write_item(crate::receipt::STORAGE_KEY, &crate::receipt::log_json(&log)) {
            log_warn("consent-banner: could not keep the consent receipt in localStorage");
        }
    }
}

/// Deletes the cookies and storage keys of refused categories; `header` is
/// `document.cookie` as the caller last read it (reading it is a round trip
/// to the browser's cookie store).
fn clear(facts: &page::Facts, header: &str, refused: &[String]) {
    let Some((list, storage)) = with_app(|app| {
        let list = expire_cookies(&app.registry, refused, header, &facts.host, &facts.path, facts.secure);
        // Web storage is only enumerated when a refused category declares keys.
        let storage = app.registry.optional().any(|c| refused.contains(&c.id) && !c.storage.is_empty());
        (list, storage)
    }) else {
        return;
    };
    page::set_cookies(&list);
    if !storage {
        return;
    }
    let present = page::storage_keys();
    let doomed = with_app(|app| {
        crate::decision::storage_to_clear(&app.registry, refused, present.iter().map(String::as_str)).into_iter().map(str::to_owned).collect::<Vec<_>>()
    })
    .unwrap_or_default();
    let doomed: Vec<&str> = doomed.iter().map(String::as_str).collect();
    page::remove_storage(&doomed);
}

/// The current decision as the API's JSON, or "" when nothing is decided.
fn consent_json() -> String {
    with_app(|app| app.record.as_ref().map(crate::receipt::consent_json)).flatten().unwrap_or_default()
}

fn emit(name: &str) {
    page::dispatch(name, &consent_json());
}

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
    apply(&Action::AcceptAll, Origin::Api);
}

/// `consentBanner.rejectAll()`: refuses every optional category (origin `api`).
#[wasm_bindgen(js_name = rejectAll)]
pub fn api_reject_all() {
    apply(&Action::RejectAll, Origin::Api);
}

/// `consentBanner.accept(ids)`: accepts exactly these optional categories and
/// refuses the others (origin `api`). Unknown ids are ignored.
#[wasm_bindgen(js_name = accept)]
pub fn api_accept(ids: Vec<String>) {
    apply(&Action::Choose(ids), Origin::Api);
}

/// `consentBanner.isAccepted(id)`: whether the stored choice accepts this
/// category (necessary categories always are). False while nothing is decided.
#[wasm_bindgen(js_name = isAccepted)]
pub fn is_accepted(id: &str) -> bool {
    with_app(|app| {
        app.registry.category(id).is_some_and(|c| c.necessary) || app.record.as_ref().is_some_and(|r| r.accepts(id))
    })
    .unwrap_or(false)
}
