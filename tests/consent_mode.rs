mod common;

use common::json;
use consent_banner::consent_mode::{enabled, update_json, update_state, TYPES};
use consent_banner::decision::{decide, Action, Env};
use consent_banner::receipt::{append, consent_json, declared, Receipt, MAX_RECEIPTS, STORAGE_KEY};
use consent_banner::record::DecidedBy;
use consent_banner::registry::Registry;

fn with_mode() -> Registry {
    let mut v: serde_json::Value = serde_json::from_str(common::SMALL).unwrap();
    v["categories"][0]["consent_mode"] = serde_json::json!(["functionality_storage"]);
    v["categories"][1]["consent_mode"] = serde_json::json!(["analytics_storage"]);
    v["categories"][0]["storage"] = serde_json::json!([STORAGE_KEY]);
    Registry::from_value(&json(&v.to_string())).unwrap()
}

fn env() -> Env<'static> {
    common::env(1_763_845_000, "00112233445566aa", false)
}

#[test]
fn update_grants_what_accepted_categories_stand_for() {
    let r = with_mode();
    assert!(enabled(&r));
    assert!(!enabled(&common::small()));
    let accepted = decide(&r, None, &Action::AcceptAll, &env()).record;
    let state = update_state(&r, &accepted);
    assert_eq!(state.len(), TYPES.len());
    let granted: Vec<&str> = state.iter().filter(|(_, g)| *g).map(|(t, _)| *t).collect();
    assert_eq!(granted, ["analytics_storage", "functionality_storage", "security_storage"]);
    let refused = decide(&r, None, &Action::RejectAll, &env()).record;
    let granted: Vec<&str> = update_state(&r, &refused).iter().filter(|(_, g)| *g).map(|(t, _)| *t).collect();
    assert_eq!(granted, ["functionality_storage", "security_storage"], "ads and analytics stay denied");
}

#[test]
fn consent_mode_types_are_validated() {
    let mut v: serde_json::Value = serde_json::from_str(common::SMALL).unwrap();
    v["categories"][1]["consent_mode"] = serde_json::json!(["analytics"]);
    let e = Registry::from_value(&json(&v.to_string())).unwrap_err().to_string();
    assert!(e.contains("categories[1].consent_mode[0]: is not a Consent Mode v2 type"), "{e}");
    v["categories"][0]["consent_mode"] = serde_json::json!(["analytics_storage"]);
    v["categories"][1]["consent_mode"] = serde_json::json!(["analytics_storage"]);
    let e = Registry::from_value(&json(&v.to_string())).unwrap_err().to_string();
    assert!(e.contains("categories[1].consent_mode[0]: is already given to another category"), "{e}");
}

#[test]
fn receipts_are_bounded_and_only_kept_when_declared() {
    let r = with_mode();
    assert!(declared(&r));
    assert!(!declared(&common::small()), "undeclared storage is never written");
    let record = decide(&r, None, &Action::AcceptAll, &env()).record;
    let receipt = Receipt::new(&record, consent_banner::i18n::Lang::Fr, "https://babel.example/page");
    assert_eq!(receipt.id, "00112233445566aa");
    assert_eq!(receipt.revision, r.revision());
    assert_eq!(receipt.language, consent_banner::i18n::Lang::Fr);
    assert_eq!(receipt.origin, DecidedBy::Click);
    assert_eq!(receipt.choice("statistics"), Some(true));
    let mut log = Vec::new();
    for i in 0..(MAX_RECEIPTS + 5) {
        let mut x = receipt.clone();
        x.time = i as u64;
        log = append(log, x);
    }
    assert_eq!(log.len(), MAX_RECEIPTS);
    assert_eq!(log[0].time, 5, "the oldest go first");
    let text = serde_json::to_string(&log[0]).unwrap();
    assert!(text.contains("\"choices\":{\"necessary\":true,\"statistics\":true}"), "{text}");
}

#[test]
fn update_and_api_json_are_valid_json_of_the_decision() {
    let r = with_mode();
    let refused = decide(&r, None, &Action::RejectAll, &env()).record;
    let state: serde_json::Value = serde_json::from_str(&update_json(&r, &refused)).unwrap();
    assert_eq!(state.as_object().unwrap().len(), TYPES.len());
    assert_eq!(state["analytics_storage"], "denied");
    assert_eq!(state["functionality_storage"], "granted");
    assert_eq!(state["security_storage"], "granted");

    let mut accepted = decide(&r, None, &Action::AcceptAll, &env()).record;
    accepted.id = "id \"with\" quotes\u{1}".into();
    let api: serde_json::Value = serde_json::from_str(&consent_json(&accepted)).unwrap();
    assert_eq!(api["id"], "id \"with\" quotes\u{1}");
    assert_eq!(api["time"], 1_763_845_000u64);
    assert_eq!(api["revision"], accepted.revision.as_str());
    assert_eq!(api["origin"], "click");
    assert_eq!(api["categories"], serde_json::json!({ "necessary": true, "statistics": true }));
    assert_eq!(api.as_object().unwrap().len(), 5);
}
