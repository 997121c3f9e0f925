//! The browser shell, in headless Chromium (wasm-bindgen-test).
//! Run with `npm run test:wasm`.
#![cfg(target_arch = "wasm32")]

use consent_banner::web::{boot, get_consent};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, HtmlDocument, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const REGISTRY: &str = include_str!("../www/registries/babel.json");

fn doc() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn cookies() -> String {
    doc().dyn_into::<HtmlDocument>().unwrap().cookie().unwrap()
}

fn clear_cookie() {
    doc().dyn_into::<HtmlDocument>().unwrap().set_cookie("cookies_preferences=; Max-Age=0; Path=/").unwrap();
}

fn global(name: &str) -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(&js_sys::global(), &name.into()).unwrap()
}

/// A fresh page body: a policy placeholder and an inline gated script.
fn reset_page() {
    clear_cookie();
    let _ = js_sys::Reflect::set(&js_sys::global(), &"gatedRuns".into(), &0.into());
    // The test runner reports through an element of the body: keep it, and
    // rebuild only our own fixture.
    if let Some(old) = doc().get_element_by_id("fixture") {
        old.remove();
    }
    let body = doc().create_element("div").unwrap();
    body.set_id("fixture");
    doc().body().unwrap().append_child(&body).unwrap();
    let holder = doc().create_element("div").unwrap();
    holder.set_attribute("data-consent-policy", "").unwrap();
    body.append_child(&holder).unwrap();
    let s = doc().create_element("script").unwrap();
    s.set_attribute("type", "text/plain").unwrap();
    s.set_attribute("data-consent-category", "statistics").unwrap();
    s.set_text_content(Some("window.gatedRuns = (window.gatedRuns || 0) + 1;"));
    body.append_child(&s).unwrap();
}

/// The dialog lives in the open shadow root of `#consent-banner-host`.
fn ui() -> Option<web_sys::ShadowRoot> {
    doc().get_element_by_id("consent-banner-host")?.shadow_root()
}

fn dialog() -> Option<web_sys::Element> {
    ui()?.query_selector("[role=dialog]").unwrap()
}

fn click(action: &str) {
    let sel = format!("[data-consent-action={action}]");
    ui().unwrap().query_selector(&sel).unwrap().unwrap().dyn_into::<HtmlElement>().unwrap().click();
}

#[wasm_bindgen_test]
fn invalid_json_fails_closed() {
    reset_page();
    boot(b"{ not json", wasm_bindgen::JsValue::UNDEFINED);
    assert!(dialog().is_none());
    assert_eq!(doc().query_selector_all("[data-consent-policy] table").unwrap().length(), 0);
    assert_eq!(global("gatedRuns"), 0);
}

#[wasm_bindgen_test]
fn first_visit_shows_dialog_and_policy_without_running_scripts() {
    reset_page();
    boot(REGISTRY.as_bytes(), wasm_bindgen::JsValue::UNDEFINED);
    let d = dialog().expect("dialog shown");
    let title_id = d.get_attribute("aria-labelledby").unwrap();
    assert_eq!(ui().unwrap().get_element_by_id(&title_id).unwrap().text_content().unwrap(), "Cookies on Babel");
    assert!(doc().query_selector("[role=dialog]").unwrap().is_none(), "isolated from the page's DOM");
    assert_eq!(d.query_selector_all("button").unwrap().length(), 3);
    assert!(doc().query_selector_all("[data-consent-policy] table").unwrap().length() >= 2);
    assert_eq!(global("gatedRuns"), 0);
    assert!(get_consent().is_null());
    assert!(!cookies().contains("cookies_preferences"));
}

#[wasm_bindgen_test]
fn accept_stores_the_choice_and_runs_the_gated_script_once() {
    reset_page();
    boot(REGISTRY.as_bytes(), wasm_bindgen::JsValue::UNDEFINED);
    click("accept-all");
    assert!(dialog().is_none(), "dialog closed");
    let c = cookies();
    assert!(c.contains("cookies_preferences=v=1&r="), "{c}");
    assert!(c.contains("c.statistics=1"), "{c}");
    assert_eq!(global("gatedRuns"), 1);
    // A second start on the same page (stored choice) never runs it twice.
    boot(REGISTRY.as_bytes(), wasm_bindgen::JsValue::UNDEFINED);
    assert!(dialog().is_none(), "stored choice: no dialog");
    assert_eq!(global("gatedRuns"), 1);
    let consent = get_consent();
    let cats = js_sys::Reflect::get(&consent, &"categories".into()).unwrap();
    assert_eq!(js_sys::Reflect::get(&cats, &"statistics".into()).unwrap(), true);
}

#[wasm_bindgen_test]
fn reject_stores_the_refusal_and_runs_nothing() {
    reset_page();
    boot(REGISTRY.as_bytes(), wasm_bindgen::JsValue::UNDEFINED);
    click("reject-all");
    assert!(dialog().is_none());
    assert!(cookies().contains("c.statistics=0"));
    assert_eq!(global("gatedRuns"), 0);
}

#[wasm_bindgen_test]
fn tampered_cookie_asks_again() {
    reset_page();
    doc().dyn_into::<HtmlDocument>().unwrap().set_cookie("cookies_preferences=v=1&r=deadbeef&t=1&id=x&o=click&c.statistics=1; Path=/").unwrap();
    boot(REGISTRY.as_bytes(), wasm_bindgen::JsValue::UNDEFINED);
    assert!(dialog().is_some());
    assert_eq!(global("gatedRuns"), 0);
}

#[wasm_bindgen_test]
fn hostile_registry_strings_stay_text() {
    reset_page();
    let hostile = REGISTRY.replace("Statistics cookies", "<img src=x onerror=\\\"window.pwned=1\\\">");
    boot(hostile.as_bytes(), wasm_bindgen::JsValue::UNDEFINED);
    assert_eq!(doc().query_selector_all("img").unwrap().length(), 0);
    assert_eq!(ui().unwrap().query_selector_all("img").unwrap().length(), 0);
    let text = doc().get_element_by_id("fixture").unwrap().text_content().unwrap() + &dialog().unwrap().text_content().unwrap();
    assert!(text.contains("<img src=x onerror="), "shown literally");
}
