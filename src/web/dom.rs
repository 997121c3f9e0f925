//! Building the dialog and the policy as DOM elements and text nodes.
//! No string from the registry is ever parsed as HTML.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget};

use crate::i18n::Lang;
use crate::policy::{self, Block};
use crate::registry::Registry;

/// The dialog's stylesheet, adopted by its shadow root.
const UI_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/ui.css"));
/// The stylesheet for what the module adds to the page itself (policy tables, frame notices).
const PAGE_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/page.css"));

/// Id of the element whose shadow root holds the dialog.
pub(crate) const HOST_ID: &str = "consent-banner-host";

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
        crate::push_decimal(&mut id, n.into());
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
            Block::Table(t) => table_el(doc, t, &heading_id(&t.category, n), "consent-policy__table")?,
        };
        section.append_child(&node).ok()?;
    }
    Some(section)
}

/// A category's cookie table, in a wrapper that scrolls sideways on narrow
/// screens; named by the element `labelled_by`.
fn table_el(doc: &Document, t: &policy::Table, labelled_by: &str, class: &str) -> Option<Element> {
    let wrap = el(doc, "div", class, None)?;
    let _ = wrap.set_attribute("data-category", &t.category);
    let table: web_sys::HtmlTableElement = el(doc, "table", "", None)?.unchecked_into();
    let _ = table.set_attribute("aria-labelledby", labelled_by);
    let head: web_sys::HtmlTableSectionElement = table.create_t_head().unchecked_into();
    let tr = el(doc, "tr", "", None)?;
    for h in t.headers {
        let th = el(doc, "th", "", Some(h))?;
        let _ = th.set_attribute("scope", "col");
        tr.append_child(&th).ok()?;
    }
    head.append_child(&tr).ok()?;
    let body: web_sys::HtmlTableSectionElement = table.create_t_body().unchecked_into();
    match FILL_ROWS.with(|f| f.borrow().clone()) {
        // The loader's fillRows: every cell in one string, one call per table.
        Some(fill) => {
            let mut text = String::new();
            for (i, cell) in t.rows.iter().flatten().enumerate() {
                if i > 0 {
                    text.push(CELL_SEPARATOR);
                }
                // A separator inside a registry string would shift the cells.
                if cell.contains(CELL_SEPARATOR) {
                    text.push_str(&cell.replace(CELL_SEPARATOR, " "));
                } else {
                    text.push_str(cell);
                }
            }
            let columns = JsValue::from(t.headers.len() as u32);
            fill.call3(&JsValue::NULL, &body, &JsValue::from_str(&text), &columns).ok()?;
        }
        // Started without the loader (tests): two calls per cell.
        None => {
            for row in &t.rows {
                let tr: web_sys::HtmlTableRowElement = body.insert_row().ok()?.unchecked_into();
                for cell in row {
                    tr.insert_cell().ok()?.set_text_content(Some(cell));
                }
            }
        }
    }
    wrap.append_child(&table).ok()?;
    Some(wrap)
}

/// Builds a category's cookie table in the preferences layer the first time
/// its "Cookies in this category" summary is opened.
pub(crate) fn fill_details(doc: &Document, details: &Element, registry: &Registry, lang: Lang) {
    let (Some(id), Some(label)) = (details.get_attribute("data-category"), details.get_attribute("data-labelled-by")) else { return };
    let Some(c) = registry.category(&id) else { return };
    let t = policy::table(registry, c, lang, String::new());
    if let Some(table) = table_el(doc, &t, &label, "cb-table") {
        let _ = details.append_child(&table);
        let _ = details.remove_attribute("data-category");
    }
}

fn button(doc: &Document, action: &str, label: &str, class: &str) -> Option<Element> {
    let b = el(doc, "button", class, Some(label))?;
    let _ = b.set_attribute("type", "button");
    let _ = b.set_attribute("data-consent-action", action);
    Some(b)
}

/// Builds the preferences layer as a native `<dialog>` (opened modal by the
/// shell): one switch per category — necessary ones on and locked, the others
/// as the visitor last chose, else off — each with its cookie table, then
/// Save choices, Accept all and Reject all.
pub(crate) fn preferences(doc: &Document, ui: &web_sys::ShadowRoot, registry: &Registry, lang: Lang, accepted: &[String], gpc: bool) -> Option<Element> {
    let s = lang.strings();
    let root = el(doc, "dialog", "cb-layer cb-prefs", None)?;
    root.set_id("consent-preferences");
    let _ = root.set_attribute("aria-labelledby", "consent-preferences-title");
    let _ = root.set_attribute("lang", lang.code());
    let head = el(doc, "div", "cb-prefs-head", None)?;
    let title = el(doc, "h2", "cb-title", Some(s.prefs_title))?;
    title.set_id("consent-preferences-title");
    head.append_child(&title).ok()?;
    let close = button(doc, "close", "\u{d7}", "cb-close")?;
    let _ = close.set_attribute("aria-label", s.close);
    head.append_child(&close).ok()?;
    root.append_child(&head).ok()?;
    if gpc {
        let p = el(doc, "p", "cb-text cb-gpc", Some(s.gpc_note))?;
        let _ = p.set_attribute("data-consent-gpc", "");
        root.append_child(&p).ok()?;
    }
    let intro = el(doc, "p", "cb-text", Some(s.prefs_intro))?;
    root.append_child(&intro).ok()?;
    let list = el(doc, "ul", "cb-cats", None)?;
    for c in policy::preferences(registry, accepted, lang) {
        let item = el(doc, "li", "cb-cat", None)?;
        let row = el(doc, "div", "cb-cat-row", None)?;
        let mut id = String::from("consent-category-");
        id.push_str(&c.id);
        let input = el(doc, "input", "cb-switch", None)?;
        let _ = input.set_attribute("type", "checkbox");
        let _ = input.set_attribute("role", "switch");
        input.set_id(&id);
        let _ = input.set_attribute("data-category", &c.id);
        if let Some(i) = input.dyn_ref::<web_sys::HtmlInputElement>() {
            i.set_checked(c.on);
            i.set_default_checked(c.on);
            i.set_disabled(c.locked);
        }
        let label = el(doc, "label", "cb-cat-title", Some(&c.title))?;
        let _ = label.set_attribute("for", &id);
        let mut label_id = id.clone();
        label_id.push_str("-label");
        label.set_id(&label_id);
        row.append_child(&input).ok()?;
        row.append_child(&label).ok()?;
        if c.locked {
            let always = el(doc, "span", "cb-always", Some(s.always_on))?;
            row.append_child(&always).ok()?;
        }
        item.append_child(&row).ok()?;
        if let Some(d) = &c.description {
            let mut did = id.clone();
            did.push_str("-description");
            let p = el(doc, "p", "cb-cat-text", Some(d))?;
            p.set_id(&did);
            let _ = input.set_attribute("aria-describedby", &did);
            item.append_child(&p).ok()?;
        }
        if c.cookies > 0 {
            // The table is built when first opened (see `fill_details`).
            let details = el(doc, "details", "cb-cookies", None)?;
            let _ = details.set_attribute("data-category", &c.id);
            let _ = details.set_attribute("data-labelled-by", &label_id);
            let summary = el(doc, "summary", "", Some(s.cookies_used))?;
            details.append_child(&summary).ok()?;
            item.append_child(&details).ok()?;
        }
        list.append_child(&item).ok()?;
    }
    root.append_child(&list).ok()?;
    let actions = el(doc, "div", "cb-actions", None)?;
    for (action, label) in [("save", s.save), ("accept-all", s.accept_all), ("reject-all", s.reject_all)] {
        let b = button(doc, action, label, "cb-button")?;
        actions.append_child(&b).ok()?;
    }
    root.append_child(&actions).ok()?;
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
pub(crate) fn first_layer(doc: &Document, ui: &web_sys::ShadowRoot, registry: &Registry, lang: Lang, gpc: bool) -> Option<Element> {
    let t = policy::first_layer(registry, lang, gpc);
    let root = el(doc, "div", "cb-layer cb-banner", None)?;
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
    if let Some(note) = t.gpc_note {
        let p = el(doc, "p", "cb-text cb-gpc", Some(note))?;
        let _ = p.set_attribute("data-consent-gpc", "");
        inner.append_child(&p).ok()?;
    }
    inner.append_child(&text).ok()?;
    let links: Vec<(&str, String)> =
        policy_href(registry).map(|h| (t.policy_link, h)).into_iter().chain(t.privacy.clone()).collect();
    if !links.is_empty() {
        let p = el(doc, "p", "cb-link", None)?;
        for (label, href) in links {
            let a = el(doc, "a", "", Some(label))?;
            let _ = a.set_attribute("href", &href);
            p.append_child(&a).ok()?;
        }
        inner.append_child(&p).ok()?;
    }
    let actions = el(doc, "div", "cb-actions", None)?;
    for (action, label) in [("accept-all", t.accept_all), ("reject-all", t.reject_all), ("customize", t.customize)] {
        let b = button(doc, action, label, "cb-button")?;
        actions.append_child(&b).ok()?;
    }
    inner.append_child(&actions).ok()?;
    root.append_child(&inner).ok()?;
    ui.append_child(&root).ok()?;
    watch_height(&inner);
    Some(root)
}

/// Hides each embedded frame of a category that is not accepted behind an
/// in-place notice with a button that accepts that category.
pub(crate) fn placeholders(doc: &Document, registry: &Registry, lang: Lang, accepted: &[String]) {
    let Ok(list) = doc.query_selector_all("iframe[data-src][data-consent-category]:not([data-consent-blocked])") else { return };
    let s = lang.strings();
    for i in 0..list.length() {
        let Some(frame) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let id = frame.get_attribute("data-consent-category").unwrap_or_default();
        if accepted.contains(&id) {
            continue;
        }
        // Unknown categories stay blocked, without an offer to accept them.
        let title = registry.category(&id).filter(|c| !c.necessary).map(|c| c.title.get(lang, registry.default_language));
        let Some(notice) = el(doc, "div", "cb-placeholder", None) else { continue };
        let _ = notice.set_attribute("data-consent-placeholder", "");
        let _ = notice.set_attribute("lang", lang.code());
        let _ = frame.set_attribute("data-consent-blocked", "");
        let _ = frame.set_attribute("hidden", "");
        let Some(title) = title else { continue };
        let text = [s.blocked_before, title, s.blocked_after].concat();
        let label = [s.allow_before, title, s.allow_after].concat();
        let (Some(p), Some(b)) = (el(doc, "p", "", Some(&text)), el(doc, "button", "cb-button", Some(&label))) else { continue };
        let _ = b.set_attribute("type", "button");
        let _ = b.set_attribute("data-consent-allow", &id);
        let _ = notice.append_child(&p);
        let _ = notice.append_child(&b);
        let _ = frame.before_with_node_1(&notice);
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

/// The loader's `fillRows(body, text, columns)`, when started by it.
static FILL_ROWS: super::PageCell<Option<js_sys::Function>> = super::PageCell::new(None);
const CELL_SEPARATOR: char = '\u{1f}';

/// Keeps the loader's table-filling function (`options.fillRows`).
pub(crate) fn set_row_filler(f: Option<js_sys::Function>) {
    FILL_ROWS.with(|cell| *cell.borrow_mut() = f);
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
pub(crate) fn floating_button(doc: &Document, ui: &web_sys::ShadowRoot, lang: Lang) -> Option<Element> {
    let b = button(doc, "preferences", lang.strings().settings, "cb-layer cb-floating")?;
    ui.append_child(&b).ok()?;
    Some(b)
}
