//! Building the dialog and the policy as DOM elements and text nodes.
//! No string from the registry is ever parsed as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget};

use crate::i18n::Lang;
use crate::policy::{self, Block};
use crate::registry::Registry;

const CSS: &str = include_str!("banner.css");

/// Id of the section the policy is rendered into (the first placeholder's).
pub(crate) const POLICY_ID: &str = "consent-policy";

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
        e.append_child(&doc.create_text_node(t)).ok()?;
    }
    Some(e)
}

/// Adopts the module's stylesheet (constructable, so no inline style is needed under a strict CSP).
pub(crate) fn install_styles(doc: &Document) {
    let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
    if sheet.replace_sync(CSS).is_err() {
        return;
    }
    let key = JsValue::from_str("adoptedStyleSheets");
    let list = js_sys::Reflect::get(doc, &key).ok().and_then(|l| l.dyn_into::<js_sys::Array>().ok());
    if let Some(list) = list {
        let next = js_sys::Array::from(&list);
        next.push(&sheet);
        let _ = js_sys::Reflect::set(doc, &key, &next);
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
    if list.length() == 0 {
        return;
    }
    let blocks = policy::render(registry, lang);
    for i in 0..list.length() {
        let Some(host) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        if let Some(section) = policy_section(doc, &blocks, lang, i) {
            host.set_text_content(None);
            let _ = host.append_child(&section);
        }
    }
}

/// The id of a category's heading in the `n`-th rendered policy of the page.
fn heading_id(category: &str, n: u32) -> String {
    let mut id = String::from(POLICY_ID);
    id.push('-');
    id.push_str(category);
    if n > 0 {
        id.push('-');
        id.push_str(&n.to_string());
    }
    id
}

fn policy_section(doc: &Document, blocks: &[Block], lang: Lang, n: u32) -> Option<Element> {
    let section = el(doc, "section", "consent-policy", None)?;
    if n == 0 {
        section.set_id(POLICY_ID);
    }
    let _ = section.set_attribute("lang", lang.code());
    for b in blocks {
        let node = match b {
            Block::Heading { level, text } => {
                el(doc, ["h2", "h3", "h4"][(*level).clamp(2, 4) as usize - 2], "", Some(text))?
            }
            Block::CategoryHeading { category, text } => {
                let h = el(doc, "h4", "", Some(text))?;
                h.set_id(&heading_id(category, n));
                h
            }
            Block::Paragraph(text) => el(doc, "p", "", Some(text))?,
            Block::Table(t) => {
                let wrap = el(doc, "div", "consent-policy__table", None)?;
                let _ = wrap.set_attribute("data-category", &t.category);
                let table = el(doc, "table", "", None)?;
                // Named by the category heading just above it.
                let _ = table.set_attribute("aria-labelledby", &heading_id(&t.category, n));
                let thead = el(doc, "thead", "", None)?;
                let tr = el(doc, "tr", "", None)?;
                for h in t.headers {
                    let th = el(doc, "th", "", Some(h))?;
                    let _ = th.set_attribute("scope", "col");
                    tr.append_child(&th).ok()?;
                }
                thead.append_child(&tr).ok()?;
                table.append_child(&thead).ok()?;
                let tbody = el(doc, "tbody", "", None)?;
                for row in &t.rows {
                    let tr = el(doc, "tr", "", None)?;
                    for cell in row {
                        let td = el(doc, "td", "", Some(cell))?;
                        tr.append_child(&td).ok()?;
                    }
                    tbody.append_child(&tr).ok()?;
                }
                table.append_child(&tbody).ok()?;
                wrap.append_child(&table).ok()?;
                wrap
            }
        };
        section.append_child(&node).ok()?;
    }
    Some(section)
}

/// Builds the first layer, inserts it as the body's first child (so keyboard
/// users reach it first). Its buttons carry `data-consent-action`; the
/// shell's one document listener handles them.
pub(crate) fn first_layer(doc: &Document, registry: &Registry, lang: Lang) -> Option<Element> {
    let t = policy::first_layer(registry, lang);
    let root = el(doc, "div", "cb-banner", None)?;
    root.set_id("consent-banner");
    let _ = root.set_attribute("role", "dialog");
    let _ = root.set_attribute("aria-labelledby", "consent-banner-title");
    let _ = root.set_attribute("aria-describedby", "consent-banner-text");
    let _ = root.set_attribute("tabindex", "-1");
    let _ = root.set_attribute("lang", lang.code());
    let inner = el(doc, "div", "cb-inner", None)?;
    let title = el(doc, "h2", "cb-title", Some(&t.title))?;
    title.set_id("consent-banner-title");
    let text = el(doc, "p", "cb-text", Some(&t.text))?;
    text.set_id("consent-banner-text");
    inner.append_child(&title).ok()?;
    inner.append_child(&text).ok()?;
    if let Some(href) = policy_href(registry) {
        let p = el(doc, "p", "cb-link", None)?;
        let a = el(doc, "a", "", Some(t.policy_link))?;
        let _ = a.set_attribute("href", &href);
        p.append_child(&a).ok()?;
        inner.append_child(&p).ok()?;
    }
    let actions = el(doc, "div", "cb-actions", None)?;
    for (action, label) in [("accept-all", t.accept_all), ("reject-all", t.reject_all), ("customize", t.customize)] {
        let b = el(doc, "button", "cb-button", Some(label))?;
        let _ = b.set_attribute("type", "button");
        let _ = b.set_attribute("data-consent-action", action);
        actions.append_child(&b).ok()?;
    }
    inner.append_child(&actions).ok()?;
    root.append_child(&inner).ok()?;
    let body = doc.body()?;
    body.prepend_with_node_1(&root).ok()?;
    Some(root)
}
