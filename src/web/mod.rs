//! The browser shell (wasm32 only): reads the page, asks the core, applies
//! the effects. It fails closed: when anything is wrong, nothing optional runs.

mod dom;
mod scripts;

use std::cell::RefCell;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlDocument, HtmlElement, Window};

use crate::decision::{decide, expire_cookies, Action, Env};
use crate::error::{RecordError, RegistryError};
use crate::i18n::Lang;
use crate::record::{read_stored, ConsentRecord, Origin};
use crate::registry::Registry;
use crate::value::Value;

/// Everything the shell keeps for the page's lifetime.
struct App {
    registry: Registry,
    lang: Lang,
    record: Option<ConsentRecord>,
    reload_on_withdraw: bool,
    /// The first layer, when shown.
    banner: Option<Element>,
    /// The preferences layer, when open, with its own listeners.
    prefs: Option<(Element, Vec<dom::Listener>)>,
    /// Where focus returns when a layer the visitor opened closes.
    opener: Option<HtmlElement>,
    /// Categories whose registry-declared scripts were already loaded on this page.
    loaded: Vec<String>,
    _listeners: Vec<dom::Listener>,
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

pub(crate) fn log_error(msg: &str) {
    web_sys::console::error_1(&JsValue::from_str(msg));
}

fn log_warn(msg: &str) {
    web_sys::console::warn_1(&JsValue::from_str(msg));
}

pub(crate) fn window() -> Option<Window> {
    web_sys::window()
}

pub(crate) fn document() -> Option<Document> {
    window()?.document()
}

fn cookie_header(doc: &Document) -> String {
    doc.dyn_ref::<HtmlDocument>().and_then(|d| d.cookie().ok()).unwrap_or_default()
}

fn set_cookie(doc: &Document, s: &str) {
    if let Some(d) = doc.dyn_ref::<HtmlDocument>() {
        let _ = d.set_cookie(s);
    }
}

fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

fn random_id() -> String {
    let mut bytes = [0u8; 8];
    let filled = window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
        .unwrap_or(false);
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    let mut s = String::with_capacity(16);
    for b in bytes {
        s.push(char::from(b"0123456789abcdef"[(b >> 4) as usize]));
        s.push(char::from(b"0123456789abcdef"[(b & 15) as usize]));
    }
    s
}

fn option_str(options: &JsValue, key: &str) -> Option<String> {
    Reflect::get(options, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).filter(|s| !s.is_empty())
}

/// Parses registry JSON text into a validated registry.
pub(crate) fn parse_registry(text: &str) -> Result<Registry, RegistryError> {
    let js = js_sys::JSON::parse(text).map_err(|e| {
        RegistryError::Syntax(
            e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| "syntax error".into()),
        )
    })?;
    let value: Value = serde_wasm_bindgen::from_value(js).map_err(|e| RegistryError::Syntax(e.to_string()))?;
    Registry::from_value(&value)
}

/// The language to use: the script tag's `data-lang`, the `django_language`
/// cookie, `<html lang>`, `navigator.languages`, then the registry's default.
fn pick_language(doc: &Document, options: &JsValue, registry: &Registry) -> Lang {
    let mut candidates: Vec<String> = Vec::new();
    candidates.extend(option_str(options, "lang"));
    let header = cookie_header(doc);
    candidates.extend(crate::record::cookie_values(&header, "django_language").next().map(str::to_owned));
    candidates.extend(doc.document_element().and_then(|e| e.get_attribute("lang")));
    if let Some(w) = window() {
        for l in w.navigator().languages().iter() {
            candidates.extend(l.as_string());
        }
    }
    Lang::negotiate(candidates.iter().map(String::as_str), registry.default_language)
}

/// Starts the module on the current page. Called by the loader
/// (`consent-banner.js`) once the DOM is parsed, with the registry's JSON
/// text and the script tag's options (`{ lang, reloadOnWithdraw }`).
///
/// Never throws: problems are reported on the console as
/// `consent-banner: …` and leave every optional category off.
#[wasm_bindgen]
pub fn boot(registry_json: &str, options: JsValue) {
    let Some(doc) = document() else { return };
    let registry = match parse_registry(registry_json) {
        Ok(r) => r,
        Err(e) => {
            log_error(&e.message());
            return;
        }
    };
    let lang = pick_language(&doc, &options, &registry);
    let reload_on_withdraw = option_str(&options, "reloadOnWithdraw").map_or(true, |v| v != "false");
    let stored = read_stored(&cookie_header(&doc), &registry, now_secs());
    let record = match stored {
        Ok(r) => Some(r),
        Err(RecordError::Missing) => None,
        Err(e) => {
            let mut m = String::from("consent-banner: asking again: ");
            m.push_str(e.reason());
            log_warn(&m);
            None
        }
    };
    dom::install_styles(&doc);
    let mut listeners = Vec::new();
    listeners.push(dom::on(&doc, "click", |e| {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Some(button) = target.closest(".cb-layer [data-consent-action]").ok().flatten() {
            if let Some(a) = button.get_attribute("data-consent-action") {
                on_action(&a);
            }
        } else if target.closest("[data-consent-open]").ok().flatten().is_some() {
            e.prevent_default();
            open_preferences();
        }
    }));
    APP.with(|a| {
        *a.borrow_mut() = Some(App {
            registry,
            lang,
            record,
            reload_on_withdraw,
            banner: None,
            prefs: None,
            opener: None,
            loaded: Vec::new(),
            _listeners: listeners,
        })
    });
    // A stored choice is honoured before anything else is drawn.
    run_accepted();
    with_app(|app| dom::render_policies(&doc, &app.registry, app.lang));
    if with_app(|app| app.record.is_none()).unwrap_or(false) {
        open_banner();
    }
    emit("consent:ready");
}

fn with_app<T>(f: impl FnOnce(&mut App) -> T) -> Option<T> {
    APP.with(|a| a.borrow_mut().as_mut().map(f))
}

/// Runs the gated scripts of every category the current record accepts.
fn run_accepted() {
    let Some((accepted, extra)) = with_app(|app| {
        let Some(rec) = &app.record else { return (Vec::new(), Vec::new()) };
        let accepted: Vec<String> = app.registry.optional().filter(|c| rec.accepts(&c.id)).map(|c| c.id.clone()).collect();
        let mut extra = Vec::new();
        for c in app.registry.optional().filter(|c| rec.accepts(&c.id)) {
            if !app.loaded.contains(&c.id) {
                extra.extend(c.scripts.iter().cloned());
                app.loaded.push(c.id.clone());
            }
        }
        (accepted, extra)
    }) else {
        return;
    };
    if accepted.is_empty() {
        return;
    }
    scripts::activate(&accepted, extra);
}

/// Shows the first layer (when no choice is stored, or the stored one is stale).
fn open_banner() {
    let Some(doc) = document() else { return };
    with_app(|app| {
        if app.banner.is_none() && app.prefs.is_none() {
            app.banner = dom::first_layer(&doc, &app.registry, app.lang);
        }
    });
}

/// Opens the preferences layer as a modal dialog, showing the current
/// choice; focus returns to the element that opened it.
fn open_preferences() {
    let Some(doc) = document() else { return };
    let opener = doc.active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let opened = with_app(|app| {
        if app.prefs.is_some() {
            return None;
        }
        if let Some(b) = app.banner.take() {
            b.remove();
        }
        let root = dom::preferences(&doc, &app.registry, app.lang, app.record.as_ref())?;
        // Escape or the close button: nothing is granted, the first layer
        // comes back if there is no stored choice.
        let listeners = vec![dom::trap_focus(&root), dom::on(&root, "close", |_| close_preferences())];
        app.prefs = Some((root.clone(), listeners));
        app.opener = opener.filter(|o| !o.closest(".cb-layer").ok().flatten().is_some()).or(app.opener.take());
        Some(root)
    })
    .flatten();
    if let Some(d) = opened.and_then(|r| r.dyn_into::<web_sys::HtmlDialogElement>().ok()) {
        if d.show_modal().is_err() {
            d.set_open(true);
        }
    }
}

/// Removes the preferences layer (after a decision, Escape or the close button).
fn close_preferences() {
    let Some((prefs, opener, undecided)) = with_app(|app| (app.prefs.take(), app.opener.take(), app.record.is_none())) else {
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
        open_banner();
    }
    if let Some(o) = opener {
        let _ = o.focus();
    }
}

fn close_layers() {
    if let Some(Some(b)) = with_app(|app| app.banner.take()) {
        b.remove();
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
        "customize" => return open_preferences(),
        "close" => return close_preferences(),
        _ => return,
    };
    apply(&action, Origin::Click);
}

/// Records a decision and applies its effects: store the cookie, delete the
/// cookies of withdrawn categories, run accepted scripts, tell the page.
fn apply(action: &Action, origin: Origin) {
    let Some(doc) = document() else { return };
    let Some(w) = window() else { return };
    let loc = w.location();
    let secure = loc.protocol().map(|p| p == "https:").unwrap_or(false);
    let env = Env { now: now_secs(), consent_id: random_id(), secure, origin };
    let Some((decision, reload)) = with_app(|app| {
        let d = decide(&app.registry, app.record.as_ref(), action, &env);
        app.record = Some(d.record.clone());
        (d, app.reload_on_withdraw)
    }) else {
        return;
    };
    set_cookie(&doc, &decision.set_cookie);
    if !cookie_header(&doc).contains(&decision.record.id) {
        log_warn("consent-banner: the browser did not store the cookies_preferences cookie (cookies blocked?); the choice holds for this page only");
    }
    if !decision.withdrawn.is_empty() {
        let host = loc.hostname().unwrap_or_default();
        let path = loc.pathname().unwrap_or_default();
        let header = cookie_header(&doc);
        if let Some(list) = with_app(|app| expire_cookies(&app.registry, &decision.withdrawn, &header, &host, &path, secure)) {
            for s in list {
                set_cookie(&doc, &s);
            }
        }
    }
    close_layers();
    run_accepted();
    emit("consent:change");
    if !decision.withdrawn.is_empty() && reload {
        let _ = loc.reload();
    }
}

/// The current decision as a plain JS object, or `null`.
fn consent_detail() -> JsValue {
    with_app(|app| {
        let Some(r) = &app.record else { return JsValue::NULL };
        let o = Object::new();
        let cats = Object::new();
        for (id, on) in &r.choices {
            let _ = Reflect::set(&cats, &JsValue::from_str(id), &JsValue::from_bool(*on));
        }
        let _ = Reflect::set(&o, &"id".into(), &JsValue::from_str(&r.id));
        let _ = Reflect::set(&o, &"time".into(), &JsValue::from_f64(r.time as f64));
        let _ = Reflect::set(&o, &"revision".into(), &JsValue::from_str(&r.revision));
        let _ = Reflect::set(&o, &"origin".into(), &JsValue::from_str(r.origin.as_str()));
        let _ = Reflect::set(&o, &"categories".into(), &cats);
        o.into()
    })
    .unwrap_or(JsValue::NULL)
}

fn emit(name: &str) {
    let Some(doc) = document() else { return };
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"consent".into(), &consent_detail());
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = doc.dispatch_event(&ev);
    }
}

/// The current decision (`{ id, time, revision, origin, categories }`) or `null`.
#[wasm_bindgen(js_name = getConsent)]
pub fn get_consent() -> JsValue {
    consent_detail()
}
