//! Building the dialog and the policy as DOM elements and text nodes.
//! No string from the registry is ever parsed as HTML.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget};

use crate::i18n::Lang;
use crate::registry::Registry;
use crate::view::{self, POLICY_ID};

use super::page::build;

/// The dialog's stylesheet, adopted by its shadow root.
const UI_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/ui.css"));
/// The stylesheet for what the module adds to the page itself (policy tables, frame notices).
const PAGE_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/page.css"));

/// Id of the element whose shadow root holds the dialog.
pub(crate) const HOST_ID: &str = "consent-banner-host";

/// An event listener that is removed when dropped.
pub(crate) struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

/// Adds a listener; it stays registered as long as the returned handle lives.
pub(crate) fn on(target: &EventTarget, kind: &'static str, f: impl FnMut(Event) + 'static) -> Listener {
    let closure = Closure::<dyn FnMut(Event)>::new(f);
    let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    Listener { target: target.clone(), kind, closure }
}

/// An element with an optional class and text (as a text node).
pub(crate) fn el(doc: &Document, tag: &str, class: &str, text: Option<&str>) -> Option<Element> {
    let e = doc.create_element(tag).ok()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(t) = text {
        // textContent makes a single text node: never parsed as HTML.
        e.set_text_content(Some(t));
    }
    Some(e)
}

fn sheet(css: &str) -> Option<web_sys::CssStyleSheet> {
    let sheet = web_sys::CssStyleSheet::new().ok()?;
    sheet.replace_sync(css).ok()?;
    Some(sheet)
}

/// Adds a constructable stylesheet to a document or shadow root (no inline
/// style is needed, so a strict Content-Security-Policy is fine).
fn adopt(target: &JsValue, css: &str) {
    let Some(sheet) = sheet(css) else { return };
    let key = JsValue::from_str("adoptedStyleSheets");
    let list = js_sys::Reflect::get(target, &key).ok().and_then(|l| l.dyn_into::<js_sys::Array>().ok());
    if let Some(list) = list {
        let next = js_sys::Array::from(&list);
        next.push(&sheet);
        let _ = js_sys::Reflect::set(target, &key, &next);
    }
}

/// Adopts the page-level stylesheet.
pub(crate) fn install_styles(doc: &Document) {
    adopt(doc, PAGE_CSS);
}

/// Creates the dialog's home: an element at the start of the body with an
/// open shadow root, its own stylesheet and a polite live region.
pub(crate) fn ui_root(doc: &Document) -> Option<web_sys::ShadowRoot> {
    let host = el(doc, "div", "", None)?;
    host.set_id(HOST_ID);
    let _ = host.set_attribute("data-consent-ui", "");
    let shadow = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).ok()?;
    adopt(&shadow, UI_CSS);
    let status = el(doc, "div", "cb-status", None)?;
    status.set_id("consent-status");
    let _ = status.set_attribute("role", "status");
    shadow.append_child(&status).ok()?;
    doc.body()?.prepend_with_node_1(&host).ok()?;
    Some(shadow)
}

/// Tells screen readers something, through the live region.
pub(crate) fn announce(ui: &web_sys::ShadowRoot, text: &str) {
    if let Some(status) = ui.get_element_by_id("consent-status") {
        status.set_text_content(Some(text));
    }
}

/// Where the dialog's policy link points: the policy on this page when it
/// has a placeholder, else the registry's `policy_url`.
pub(crate) fn policy_href(registry: &Registry) -> Option<String> {
    let doc = super::document()?;
    if doc.query_selector("[data-consent-policy]").ok().flatten().is_some() {
        let mut s = String::from("#");
        s.push_str(POLICY_ID);
        return Some(s);
    }
    registry.policy_url.clone()
}

/// Renders the policy into every `[data-consent-policy]` element.
pub(crate) fn render_policies(doc: &Document, registry: &Registry, lang: Lang) {
    let Ok(list) = doc.query_selector_all("[data-consent-policy]") else { return };
    for i in 0..list.length() {
        let Some(host) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        if let Some(section) = build(&view::policy(registry, lang, i)) {
            host.set_text_content(None);
            let _ = host.append_child(&section);
        }
    }
}

/// Builds a category's cookie table in the preferences layer the first time
/// its "Cookies in this category" summary is opened.
pub(crate) fn fill_details(details: &Element, registry: &Registry, lang: Lang) {
    let (Some(id), Some(label)) = (details.get_attribute("data-category"), details.get_attribute("data-labelled-by")) else { return };
    if let Some(table) = view::category_table(registry, &id, &label, lang).as_ref().and_then(build) {
        let _ = details.append_child(&table);
        let _ = details.remove_attribute("data-category");
    }
}

/// Builds the preferences layer as a native `<dialog>` (opened modal by the
/// shell): one switch per category — necessary ones on and locked, the others
/// as the visitor last chose, else off — each with its cookie table, then
/// Save choices, Accept all and Reject all.
pub(crate) fn preferences(ui: &web_sys::ShadowRoot, registry: &Registry, lang: Lang, accepted: &[String], gpc: bool) -> Option<Element> {
    let root = build(&view::preferences(registry, lang, accepted, gpc))?;
    ui.append_child(&root).ok()?;
    Some(root)
}

/// The ids of the optional categories switched on in the preferences layer.
pub(crate) fn chosen(prefs: &Element) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(list) = prefs.query_selector_all("input[data-category]:checked:not(:disabled)") {
        for i in 0..list.length() {
            if let Some(id) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()).and_then(|e| e.get_attribute("data-category")) {
                out.push(id);
            }
        }
    }
    out
}

/// Keeps Tab and Shift+Tab inside `root`: from the last focusable element
/// Tab goes to the first, and Shift+Tab from the first to the last.
pub(crate) fn trap_focus(root: &Element) -> Listener {
    let r = root.clone();
    on(root, "keydown", move |e| {
        let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
        if k.key() != "Tab" {
            return;
        }
        let Ok(list) = r.query_selector_all("button, input:not(:disabled), summary, a[href]") else { return };
        let n = list.length();
        if n == 0 {
            return;
        }
        let first = list.get(0);
        let last = list.get(n - 1);
        let active: Option<web_sys::Node> = r
            .get_root_node()
            .dyn_into::<web_sys::ShadowRoot>()
            .ok()
            .and_then(|s| s.active_element())
            .map(Into::into);
        let target = if k.shift_key() && active == first {
            last
        } else if !k.shift_key() && active == last {
            first
        } else {
            return;
        };
        if let Some(t) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            e.prevent_default();
            let _ = t.focus();
        }
    })
}

/// Builds the first layer, inserts it as the body's first child (so keyboard
/// users reach it first). Its buttons carry `data-consent-action`; the
/// shell's one document listener handles them.
pub(crate) fn first_layer(ui: &web_sys::ShadowRoot, registry: &Registry, lang: Lang, gpc: bool) -> Option<Element> {
    let root = build(&view::first_layer(registry, lang, gpc, policy_href(registry).as_deref()))?;
    ui.append_child(&root).ok()?;
    if let Some(inner) = root.first_element_child() {
        watch_height(&inner);
    }
    Some(root)
}

/// Hides each embedded frame of a category that is not accepted behind an
/// in-place notice with a button that accepts that category.
pub(crate) fn placeholders(doc: &Document, registry: &Registry, lang: Lang, accepted: &[String]) {
    let Ok(list) = doc.query_selector_all("iframe[data-src][data-consent-category]:not([data-consent-blocked])") else { return };
    for i in 0..list.length() {
        let Some(frame) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let id = frame.get_attribute("data-consent-category").unwrap_or_default();
        if accepted.contains(&id) {
            continue;
        }
        let _ = frame.set_attribute("data-consent-blocked", "");
        let _ = frame.set_attribute("hidden", "");
        if let Some(notice) = view::frame_notice(registry, lang, &id).as_ref().and_then(build) {
            let _ = frame.before_with_node_1(&notice);
        }
    }
}

/// WCAG 2.4.11: the banner must never fully hide the focused element. While
/// it is shown, the page gets room below its end as tall as the banner (so the
/// footer can scroll above it) and a matching scroll padding (so focus
/// scrolling keeps the focused element clear of it). The height comes from a
/// ResizeObserver, after the browser's own layout — measuring it at once would
/// force a synchronous layout of the whole page — and follows later resizes.
fn watch_height(banner: &Element) {
    RESIZE.with(|r| {
        let mut r = r.borrow_mut();
        if r.is_none() {
            let callback = Closure::<dyn FnMut(js_sys::Array)>::new(|entries: js_sys::Array| {
                let Some(doc) = super::document() else { return };
                let height = entries
                    .get(0)
                    .dyn_into::<web_sys::ResizeObserverEntry>()
                    .ok()
                    .filter(|e| e.target().is_connected())
                    .map(|e| e.content_rect().height());
                match height {
                    Some(h) => reserve_space(&doc, h),
                    None => release_space(&doc),
                }
            });
            let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
            // One observer and one callback for the page's lifetime, whatever
            // the number of times the banner opens.
            callback.forget();
            *r = observer;
        }
        if let Some(o) = r.as_ref() {
            o.observe(banner);
        }
    });
}

/// Measures the first layer while it is shown.
static RESIZE: super::PageCell<Option<web_sys::ResizeObserver>> = super::PageCell::new(None);

fn reserve_space(doc: &Document, height: f64) {
    let Some(html) = doc.document_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
    let mut v = String::new();
    crate::push_decimal(&mut v, (height + 48.0) as u64);
    v.push_str("px");
    let style = html.style();
    let _ = style.set_property("scroll-padding-bottom", &v);
    let _ = style.set_property("padding-bottom", &v);
}

/// Gives the room back once the banner is gone.
pub(crate) fn release_space(doc: &Document) {
    RESIZE.with(|r| {
        if let Some(o) = r.borrow().as_ref() {
            o.disconnect();
        }
    });
    if let Some(html) = doc.document_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let style = html.style();
        let _ = style.remove_property("scroll-padding-bottom");
        let _ = style.remove_property("padding-bottom");
    }
}

/// The optional floating button (script tag `data-floating-button`): a small
/// control in a corner that opens the preferences from any page.
pub(crate) fn floating_button(ui: &web_sys::ShadowRoot, lang: Lang) -> Option<Element> {
    let b = build(&view::floating_button(lang))?;
    ui.append_child(&b).ok()?;
    Some(b)
}
