//! The page helpers of `src/web/page.js`: each reads or changes one thing
//! of the page in a single call out of the WebAssembly (a whole element
//! tree, every cookie to delete, both storages), and none of them throws.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::decision::Page;
use crate::view::{Tree, SEPARATOR};

#[wasm_bindgen]
extern "C" {
    /// A document, a shadow root or an element: what the shell looks things
    /// up in. One binding for all three, where web-sys has one per
    /// interface, each its own import and glue function in the payload;
    /// [`scope`] views any of them as one.
    pub(crate) type Scope;
    /// `querySelectorAll(selectors)`.
    #[wasm_bindgen(method, catch, js_name = querySelectorAll)]
    pub(crate) fn select_all(this: &Scope, selectors: &str) -> Result<web_sys::NodeList, JsValue>;
    /// `getElementById(id)` (a document's or a shadow root's).
    #[wasm_bindgen(method, js_name = getElementById)]
    pub(crate) fn by_id(this: &Scope, id: &str) -> Option<Element>;
}

/// A document, shadow root or element as a [`Scope`] (each has
/// `querySelectorAll`; the first two `getElementById`).
pub(crate) fn scope<T: AsRef<JsValue>>(x: &T) -> &Scope {
    x.as_ref().unchecked_ref()
}

#[wasm_bindgen(module = "/src/web/page.js")]
extern "C" {
    #[wasm_bindgen(js_name = build, catch)]
    fn build_tree(program: &str) -> Result<Element, JsValue>;
    #[wasm_bindgen(js_name = facts)]
    fn facts_text() -> String;
    /// `document.cookie` ("" when cookies are blocked).
    pub(crate) fn cookies() -> String;
    #[wasm_bindgen(js_name = setCookies)]
    fn set_cookie_list(list: &str);
    #[wasm_bindgen(js_name = storageKeys)]
    fn storage_key_list() -> String;
    #[wasm_bindgen(js_name = removeStorage)]
    fn remove_storage_list(keys: &str);
    /// `localStorage.getItem(key)`, `None` when missing or blocked.
    #[wasm_bindgen(js_name = readItem)]
    pub(crate) fn read_item(key: &str) -> Option<String>;
    /// `localStorage.setItem(key, value)`; false when it failed.
    #[wasm_bindgen(js_name = writeItem)]
    pub(crate) fn write_item(key: &str, value: &str) -> bool;
    /// `navigator.sendBeacon(url, body)`; false when it failed.
    pub(crate) fn beacon(url: &str, body: &str) -> bool;
    /// JSON text as a JS value (`null` for "").
    pub(crate) fn value(json: &str) -> JsValue;
    /// Fires `name` on the document with `{ consent }` (JSON text, or "" for null).
    pub(crate) fn dispatch(name: &str, consent: &str);
    /// A live copy of an inert gated `<script>`, not yet in the page.
    #[wasm_bindgen(js_name = liveScript)]
    pub(crate) fn live_script(old: &Element) -> Element;
    /// 16 random hex digits.
    #[wasm_bindgen(js_name = randomId)]
    pub(crate) fn random_id() -> String;
    /// Creates the dialog's host (id `host_id`) first in the body with an
    /// open shadow root, its stylesheet and live region; `None` without Shadow DOM.
    pub(crate) fn mount(host_id: &str, ui_css: &str) -> Option<web_sys::ShadowRoot>;
    /// Gives the document this stylesheet (adopted, so a strict CSP allows it).
    #[wasm_bindgen(js_name = adoptPage)]
    pub(crate) fn adopt_page(page_css: &str);
    /// Keeps room below the page for the banner while it is shown (WCAG 2.4.11).
    #[wasm_bindgen(js_name = reserveSpace)]
    pub(crate) fn reserve_space(banner: &Element);
    /// Gives that room back.
    #[wasm_bindgen(js_name = releaseSpace)]
    pub(crate) fn release_space();
    /// Focuses `el` once the frame that shows it is painted.
    #[wasm_bindgen(js_name = focusSoon)]
    pub(crate) fn focus_soon(el: &Element);
    /// Keeps Tab and Shift+Tab inside a modal layer.
    #[wasm_bindgen(js_name = trapFocus)]
    pub(crate) fn trap_focus(layer: &Element);
    /// Calls `callback` whenever an element matching `selector` (or holding
    /// one) is added to the page; replaces an earlier watcher.
    #[wasm_bindgen(js_name = watchAdded)]
    pub(crate) fn watch_added(selector: &str, callback: &js_sys::Function);
    /// Stops that watcher.
    pub(crate) fn unwatch();
}

/// The element `tree` describes, built in one call; not yet in the page.
pub(crate) fn build(tree: &Tree) -> Option<Element> {
    build_tree(tree.as_str()).ok()
}

/// What the core needs to know about the page: `location`, `<html lang>`,
/// `navigator` (read in one call) and `document.cookie`.
pub(crate) fn facts() -> Page {
    let text = facts_text();
    let mut parts = text.split(SEPARATOR);
    let mut next = || parts.next().unwrap_or_default().to_owned();
    let protocol = next();
    Page {
        secure: protocol == "https:",
        host: next(),
        path: next(),
        origin: next(),
        html_lang: next(),
        languages: next(),
        gpc: next() == "1",
        cookie_header: cookies(),
    }
}

/// Sets every cookie of `list` (`Set-Cookie` strings) in one call.
pub(crate) fn set_cookies(list: &[String]) {
    if !list.is_empty() {
        let mut joined = String::new();
        for (i, c) in list.iter().enumerate() {
            if i > 0 {
                joined.push('\u{1f}');
            }
            joined.push_str(c);
        }
        set_cookie_list(&joined);
    }
}

/// Every key of localStorage and sessionStorage.
pub(crate) fn storage_keys() -> Vec<String> {
    string_list(&storage_key_list())
}

/// The strings of a JSON list (what is not a string is skipped; text that
/// is not a JSON list gives none).
pub(crate) fn string_list(json: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(crate::value::Value::Array(items)) = crate::value::Value::parse(json) {
        for v in items {
            if let crate::value::Value::String(k) = v {
                out.push(k.into_owned());
            }
        }
    }
    out
}

/// Removes these keys from both storages.
pub(crate) fn remove_storage(keys: &[&str]) {
    if !keys.is_empty() {
        let mut list = String::from("[");
        for (i, k) in keys.iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            crate::util::push_json_str(&mut list, k);
        }
        list.push(']');
        remove_storage_list(&list);
    }
}
