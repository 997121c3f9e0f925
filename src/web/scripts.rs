//! Activating gated scripts: `<script type="text/plain" data-consent-category="…">`
//! become live scripts, one after the other in document order (an external
//! script finishes loading before the next one runs), followed by the
//! scripts the registry declares for the accepted categories; and
//! `<iframe data-src="…" data-consent-category="…">` get their `src`.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

enum Pending {
    /// A gated script element of the page, and its category.
    Gated(Element, String),
    /// A script URL declared in the registry, and its category.
    Url(String, String),
}

/// Runs every not-yet-run gated script of the `accepted` categories, then the
/// `extra` URLs (each with its category).
pub(crate) fn activate(accepted: &[String], extra: Vec<(String, String)>) {
    let doc = super::document();
    let mut queue = Vec::new();
    if let Ok(list) = super::page::scope(&doc).select_all("script[type='text/plain'][data-consent-category]") {
        for i in 0..list.length() {
            let Some(e) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let cat = e.get_attribute("data-consent-category").unwrap_or_default();
            if accepted.contains(&cat) {
                // Claimed now, so a second activation pass never runs it twice.
                let _ = e.set_attribute("type", "text/x-consent-pending");
                queue.push(Pending::Gated(e, cat));
            }
        }
    }
    for (url, cat) in extra {
        queue.push(Pending::Url(url, cat));
    }
    // Popped from the end: reversed, so document order comes first.
    queue.reverse();
    run(&doc, queue);
    if let Ok(list) = super::page::scope(&doc).select_all("iframe[data-src][data-consent-category]") {
        for i in 0..list.length() {
            let Some(frame) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let cat = frame.get_attribute("data-consent-category").unwrap_or_default();
            if !accepted.contains(&cat) {
                continue;
            }
            if let Some(p) = frame.previous_element_sibling().filter(|p| p.has_attribute("data-consent-placeholder")) {
                p.remove();
            }
            let src = frame.get_attribute("data-src").unwrap_or_default();
            let _ = frame.remove_attribute("data-src");
            let _ = frame.remove_attribute("hidden");
            let _ = frame.remove_attribute("data-consent-blocked");
            let _ = frame.set_attribute("src", &src);
        }
    }
}

fn run(doc: &Document, mut queue: Vec<Pending>) {
    while let Some(next) = queue.pop() {
        // The chain waits for external scripts: the visitor may have
        // withdrawn in the meantime, and the page may have removed a script.
        match &next {
            // Back to inert, so that a later consent (or the page putting
            // the script back) runs it.
            Pending::Gated(old, cat) if !super::api::is_accepted(cat) || !old.is_connected() => {
                let _ = old.set_attribute("type", "text/plain");
                continue;
            }
            Pending::Url(url, cat) if !super::api::is_accepted(cat) => {
                super::forget_loaded(url);
                continue;
            }
            _ => {}
        }
        let (live, external) = match &next {
            Pending::Gated(old, _) => {
                let live = super::page::live_script(old);
                let external = live.has_attribute("src");
                (live, external)
            }
            Pending::Url(url, _) => {
                let Ok(live) = doc.create_element("script") else { return };
                let _ = live.set_attribute("src", url);
                (live, true)
            }
        };
        let inserted = match &next {
            Pending::Gated(old, _) => old.replace_with_with_node_1(&live).is_ok() && live.is_connected(),
            Pending::Url(..) => doc.head().is_some_and(|h| h.append_child(&live).is_ok()),
        };
        // An external script that is in the page holds the rest of the chain
        // until it has loaded or failed (both are later events, so listening
        // after the insertion loses nothing). Otherwise the chain goes on.
        if external && inserted {
            let rest = core::mem::take(&mut queue);
            let doc2 = doc.clone();
            let next_step = Closure::once_into_js(move || run(&doc2, rest));
            let f: &js_sys::Function = next_step.unchecked_ref();
            let _ = live.add_event_listener_with_callback("load", f);
            let _ = live.add_event_listener_with_callback("error", f);
            return;
        }
    }
}
