//! The script tag's options, as the loader hands them (`{ lang,
//! reloadOnWithdraw, receiptEndpoint, floatingButton, gtag }`, all optional),
//! read once into the core's typed [`Options`].

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::decision::Options;

/// The typed options, and the loader's `gtag()` when it handed one.
pub(super) fn read(options: &JsValue) -> (Options, Option<js_sys::Function>) {
    let text = |key: &str| Reflect::get(options, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).filter(|s| !s.is_empty());
    let gtag = Reflect::get(options, &JsValue::from_str("gtag")).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let typed = Options {
        lang: text("lang"),
        reload_on_withdraw: text("reloadOnWithdraw").map_or(true, |v| v != "false"),
        receipt_endpoint: text("receiptEndpoint"),
        floating_button: text("floatingButton").is_some_and(|v| v != "false"),
        gtag: gtag.is_some(),
    };
    (typed, gtag)
}
