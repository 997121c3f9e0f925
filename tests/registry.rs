mod common;

use common::{json, small, SMALL};
use consent_banner::error::RegistryError;
use consent_banner::i18n::Lang;
use consent_banner::registry::{Lifetime, NamePattern, Registry, Text, Unit};

/// Applies `edit` to the small registry's JSON and returns the validation error.
fn error_after(edit: impl FnOnce(&mut serde_json::Value)) -> RegistryError {
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    edit(&mut v);
    let text = serde_json::to_string(&v).unwrap();
    Registry::from_value(&json(&text)).expect_err("edited registry must be refused")
}

fn invalid(e: &RegistryError) -> (&str, &str) {
    match e {
        RegistryError::Invalid { path, problem } => (path, problem),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn the_five_portal_registries_are_valid_and_declare_the_platform_cookies() {
    for name in common::PORTALS {
        let r = common::portal_registry(name);
        assert!(r.portal.address.starts_with("https://") && r.portal.address.contains(name), "{name}");
        let necessary = r.category("necessary").expect("necessary category");
        assert!(necessary.necessary);
        for cookie in ["sessionid", "django_language", "csrftoken", "cookies_preferences"] {
            assert!(necessary.cookies.iter().any(|k| k.names.iter().any(|n| n.matches(cookie))), "{name}: {cookie}");
        }
        let stats = r.category("statistics").expect("statistics category");
        assert!(!stats.necessary);
        assert!(stats.cookies.iter().any(|k| k.names.iter().any(|n| matches!(n, NamePattern::Prefix(_)))), "{name}");
    }
}

#[test]
fn small_registry_parses_with_defaults() {
    let r = small();
    assert_eq!(r.categories.len(), 2);
    assert_eq!(r.expiry_days, 182, "6 months by default");
    assert_eq!(r.default_language, Lang::En);
    assert_eq!(r.optional().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["statistics"]);
    assert_eq!(r.revision().len(), 8);
    let stats = r.category("statistics").unwrap();
    assert_eq!(stats.title.get(Lang::Fr, Lang::En), "Statistiques");
    assert_eq!(stats.title.get(Lang::Es, Lang::En), "Statistics", "falls back to the default language");
    assert_eq!(stats.cookies[0].names[0], NamePattern::Prefix("_pk_id.".into()));
    assert!(stats.cookies[0].names[0].matches("_pk_id.1.a1b2"));
    assert!(!stats.cookies[0].names[0].matches("_pk_ses.1.a1b2"));
}

#[test]
fn syntax_errors_and_wrong_root() {
    let e = Registry::from_value(&json("[1,2]")).unwrap_err();
    assert_eq!(invalid(&e), ("registry", "must be an object, not a list"));
    assert!(e.message().starts_with("consent-banner: "));
}

#[test]
fn empty_names_are_reported_with_their_path() {
    let e = error_after(|v| v["categories"][1]["cookies"][0]["names"] = serde_json::json!([]));
    assert_eq!(invalid(&e), ("categories[1].cookies[0].names", "is empty"));
    assert!(e.message().contains("categories[1].cookies[0].names: is empty"));
}

#[test]
fn each_rule_names_the_place() {
    let cases: Vec<(Box<dyn FnOnce(&mut serde_json::Value)>, &str, &str)> = vec![
        (Box::new(|v| { v.as_object_mut().unwrap().remove("portal"); }), "portal", "is missing"),
        (Box::new(|v| v["portal"]["address"] = "babel.example".into()), "portal.address", "must start with https://"),
        (Box::new(|v| v["portal"]["name"] = 3.into()), "portal.name", "must be a string or an object"),
        (Box::new(|v| v["categories"] = serde_json::json!([])), "categories", "is empty"),
        (Box::new(|v| v["categories"][1]["id"] = "necessary".into()), "categories[1].id", "repeats"),
        (Box::new(|v| v["categories"][1]["id"] = "Stats!".into()), "categories[1].id", "must be 1 to 32"),
        (Box::new(|v| v["categories"][1]["necessary"] = "no".into()), "categories[1].necessary", "must be true or false, not a string"),
        (Box::new(|v| v["categories"][1]["cookies"][0]["names"][0] = "bad name".into()), "categories[1].cookies[0].names[0]", "not a valid cookie name"),
        (Box::new(|v| v["categories"][1]["cookies"][0]["names"][0] = "_ga*x*".into()), "categories[1].cookies[0].names[0]", "not a valid cookie name"),
        (Box::new(|v| v["categories"][1]["cookies"][0]["duration"] = "forever".into()), "categories[1].cookies[0].duration", "must be \"session\""),
        (Box::new(|v| v["categories"][1]["cookies"][0]["purposes"] = " ".into()), "categories[1].cookies[0].purposes", "is empty"),
        (Box::new(|v| v["categories"][1]["cookies"][0]["colour"] = "red".into()), "categories[1].cookies[0].colour", "unknown field"),
        (Box::new(|v| v["categories"][1]["title"] = serde_json::json!({"de": "Statistik"})), "categories[1].title.de", "not a supported language"),
        (Box::new(|v| v["categories"][1]["cookies"][0]["names"][0] = "sessionid".into()), "categories[1].cookies[0].names[0]", "more than once"),
        (Box::new(|v| v["categories"][0]["cookies"][0]["names"] = serde_json::json!(["sessionid"])), "categories", "cookies_preferences"),
        (Box::new(|v| v["expiry_months"] = 14.into()), "expiry_months", "from 1 to 13"),
        (Box::new(|v| v["default_language"] = "de".into()), "default_language", "not a supported language"),
        (Box::new(|v| v["categories"][0]["scripts"] = serde_json::json!(["/x.js"])), "categories[0].scripts", "necessary category"),
    ];
    for (edit, path, problem) in cases {
        let e = error_after(edit);
        let (p, m) = invalid(&e);
        assert_eq!(p, path, "{e}");
        assert!(m.contains(problem), "{path}: {m:?} should mention {problem:?}");
    }
}

#[test]
fn revision_follows_consent_relevant_content_only() {
    let base = small().revision().to_owned();
    assert_eq!(small().revision(), base, "stable");
    let rev_after = |edit: fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
        edit(&mut v);
        Registry::from_value(&json(&v.to_string())).unwrap().revision().to_owned()
    };
    assert_ne!(rev_after(|v| v["categories"][1]["cookies"][0]["purposes"] = "Sell data".into()), base);
    assert_ne!(rev_after(|v| v["categories"][1]["cookies"][0]["names"][1] = "_pk_ref.*".into()), base);
    assert_ne!(rev_after(|v| v["categories"][1]["id"] = "analytics".into()), base);
    assert_eq!(rev_after(|v| v["categories"][1]["title"] = "Audience".into()), base, "wording only");
    assert_eq!(rev_after(|v| v["portal"]["name"] = "Other".into()), base, "wording only");
}

#[test]
fn lifetimes_parse() {
    assert_eq!(Lifetime::parse("session"), Some(Lifetime::Session));
    assert_eq!(Lifetime::parse("2 weeks"), Some(Lifetime::Span(2, Unit::Week)));
    assert_eq!(Lifetime::parse("1 month"), Some(Lifetime::Span(1, Unit::Month)));
    assert_eq!(Lifetime::parse(" 30 Minutes "), Some(Lifetime::Span(30, Unit::Minute)));
    for bad in ["", "weeks", "0 days", "2", "2 fortnights", "-1 day", "2 weeks ago"] {
        assert_eq!(Lifetime::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn per_language_text_falls_back() {
    let t = Text::PerLanguage(vec![(Lang::Fr, "Bonjour".into()), (Lang::En, "Hello".into())]);
    assert_eq!(t.get(Lang::Fr, Lang::En), "Bonjour");
    assert_eq!(t.get(Lang::Es, Lang::En), "Hello");
    assert_eq!(t.get(Lang::Es, Lang::Es), "Bonjour", "first given when neither exists");
}

#[test]
fn language_negotiation_takes_the_first_supported() {
    assert_eq!(Lang::negotiate(["de-DE", "fr-BE", "en"], Lang::En), Lang::Fr);
    assert_eq!(Lang::negotiate(["es_MX"], Lang::En), Lang::Es);
    assert_eq!(Lang::negotiate(["de", "it"], Lang::Es), Lang::Es);
    assert_eq!(Lang::negotiate([], Lang::Fr), Lang::Fr);
}
