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

/// Creates the dialog's home: an element at the start of the body with an
/// open shadow root, its own stylesheet and a polite live region.
pub(crate) fn ui_root() -> Option<web_sys::ShadowRoot> {
    super::page::mount(HOST_ID, UI_CSS)
}

/// Whether the page has the stylesheet of what the module adds to it.
static PAGE_STYLED: super::PageCell<bool> = super::PageCell::new(false);

/// Gives the page the stylesheet of what the module adds to it (policy
/// tables, frame notices), once, before the first of them is added: the
/// flag is kept here, so later calls (one per frame notice) do not hand the
/// stylesheet's text to the page again.
fn page_style() {
    if !PAGE_STYLED.with(|styled| styled.replace(true)) {
        super::page::adopt_page(PAGE_CSS);
    }
}

/// Tells screen readers something, through the live region.
pub(crate) fn announce(ui: &web_sys::ShadowRoot, text: &str) {
    if let Some(status) = super::page::scope(ui).by_id("consent-status") {
        status.set_text_content(Some(text));
    }
}

/// Where the dialog's policy link points: the policy on this page when it
/// has a placeholder, else the registry's `policy_url`.
pub(crate) fn policy_href(registry: &Registry) -> Option<String> {
    if super::document().query_selector("[data-consent-policy]").ok().flatten().is_some() {
        let mut s = String::from("#");
        s.push_str(POLICY_ID);
        return Some(s);
    }
    registry.policy_url.clone()
}

/// Renders the policy into every `[data-consent-policy]` element.
pub(crate) fn render_policies(doc: &Document, registry: &Registry, lang: Lang) {
    let Ok(list) = super::page::scope(doc).select_all("[data-consent-policy]") else { return };
    if list.length() > 0 {
        page_style();
    }
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
    if let Ok(list) = super::page::scope(prefs).select_all("input[data-category]:checked:not(:disabled)") {
        for i in 0..list.length() {
            if let Some(id) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()).and_then(|e| e.get_attribute("data-category")) {
                out.push(id);
            }
        }
    }
    out
}

/// Builds the first layer, inserts it as the body's first child (so keyboard
/// users reach it first). Its buttons carry `data-consent-action`; the
/// shell's one document listener handles them.
pub(crate) fn first_layer(ui: &web_sys::ShadowRoot, registry: &Registry, lang: Lang, gpc: bool) -> Option<Element> {
    let root = build(&view::first_layer(registry, lang, gpc, policy_href(registry).as_deref()))?;
    ui.append_child(&root).ok()?;
    if let Some(inner) = root.first_element_child() {
        super::page::reserve_space(&inner);
    }
    Some(root)
}

/// Hides each embedded frame of a category that is not accepted behind an
/// in-place notice with a button that accepts that category.
pub(crate) fn placeholders(doc: &Document, registry: &Registry, lang: Lang, accepted: &[String]) {
    let Ok(list) = super::page::scope(doc).select_all("iframe[data-src][data-consent-category]:not([data-consent-blocked])") else { return };
    for i in 0..list.length() {
        let Some(frame) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let id = frame.get_attribute("data-consent-category").unwrap_or_default();
        if accepted.contains(&id) {
            continue;
        }
        let _ = frame.set_attribute("data-consent-blocked", "");
        let _ = frame.set_attribute("hidden", "");
        page_style();
        if let Some(notice) = view::frame_notice(registry, lang, &id).as_ref().and_then(build) {
            let _ = frame.before_with_node_1(&notice);
        }
    }
}

/// The optional floating button (script tag `data-floating-button`): a small
/// control in a corner that opens the preferences from any page.
pub(crate) fn floating_button(ui: &web_sys::ShadowRoot, lang: Lang) -> Option<Element> {
    let b = build(&view::floating_button(lang))?;
    ui.append_child(&b).ok()?;
    Some(b)
}
