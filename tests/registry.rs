mod common;

use common::{json, small, SMALL};
use consent_banner::check::{check_bytes, check_json};
use consent_banner::error::{ProblemCode, RegistryError};
use consent_banner::registry::limits;
use consent_banner::i18n::Lang;
use consent_banner::registry::{Lifetime, NamePattern, Registry, Text, Unit};

/// Applies `edit` to the small registry's JSON and returns the validation error.
fn error_after(edit: impl FnOnce(&mut serde_json::Value)) -> RegistryError {
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    edit(&mut v);
    let text = serde_json::to_string(&v).unwrap();
    Registry::from_value(&json(&text)).expect_err("edited registry must be refused")
}

/// The path and explanation of an error at a place (not a syntax error).
fn invalid(e: &RegistryError) -> (&str, String) {
    let p = e.problem();
    assert!(!matches!(p.code, ProblemCode::Syntax | ProblemCode::NotUtf8), "expected a problem at a place, got {e:?}");
    assert!(e.message().contains(&format!("{}: {} [{}]", p.path, p.message(), p.code.as_str())), "{e}");
    (p.path.as_str(), p.message())
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
    assert_eq!(invalid(&e), ("registry", "must be an object, not a list".to_owned()));
    assert!(e.message().starts_with("consent-banner: "));
}

#[test]
fn empty_names_are_reported_with_their_path() {
    let e = error_after(|v| v["categories"][1]["cookies"][0]["names"] = serde_json::json!([]));
    assert_eq!(invalid(&e).0, "categories[1].cookies[0].names");
    assert!(invalid(&e).1.starts_with("is empty"), "{e}");
    assert!(e.message().contains("categories[1].cookies[0].names: is empty"));
}

#[test]
fn each_rule_names_the_place() {
    type Case<'a> = (Box<dyn FnOnce(&mut serde_json::Value)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
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

#[test]
fn name_patterns_overlap_when_some_name_could_match_both() {
    let (e, p) = (|s: &str| NamePattern::Exact(s.into()), |s: &str| NamePattern::Prefix(s.into()));
    for (a, b, want) in [
        (e("sessionid"), e("sessionid"), true),
        (e("sessionid"), e("sessionid2"), false),
        (e("sessionid"), p("session"), true),
        (e("sessionid"), p("sessionid"), true),
        (e("session"), p("sessionid"), false),
        (p("_pk_"), p("_pk_id."), true),
        (p("_pk_id."), p("_pk_ses."), false),
        (p(""), e("anything"), true),
    ] {
        assert_eq!(a.overlaps(&b), want, "{a:?} {b:?}");
        assert_eq!(b.overlaps(&a), want, "{b:?} {a:?}");
    }
}

#[test]
fn optional_patterns_may_not_reach_necessary_cookies_or_storage() {
    let set = |v: &mut serde_json::Value, cat: usize, field: &str, names: serde_json::Value| {
        if field == "storage" {
            v["categories"][cat]["storage"] = names;
        } else {
            v["categories"][cat]["cookies"][0]["names"] = names;
        }
    };
    // (necessary names, optional names, field, the names the message must give)
    let refused: Vec<(serde_json::Value, serde_json::Value, &str, [&str; 2])> = vec![
        (serde_json::json!(["sessionid", "cookies_preferences"]), serde_json::json!(["session*"]), "names", ["`session*`", "`sessionid`"]),
        (serde_json::json!(["csrf*", "cookies_preferences"]), serde_json::json!(["_pk_id.*", "csrftoken"]), "names", ["`csrftoken`", "`csrf*`"]),
        (serde_json::json!(["_pk_ref.*", "cookies_preferences"]), serde_json::json!(["_pk_*"]), "names", ["`_pk_*`", "`_pk_ref.*`"]),
        (serde_json::json!(["_pk_*", "cookies_preferences"]), serde_json::json!(["_pk_id.*"]), "names", ["`_pk_id.*`", "`_pk_*`"]),
        (serde_json::json!(["sessionid", "cookies_preferences"]), serde_json::json!(["cookies_*"]), "names", ["`cookies_*`", "`cookies_preferences`"]),
        (serde_json::json!(["sessionid", "cookies_pref*"]), serde_json::json!(["cookies_preferences"]), "names", ["`cookies_preferences`", "this module"]),
        (serde_json::json!(["app:*"]), serde_json::json!(["app:last-search"]), "storage", ["`app:last-search`", "`app:*`"]),
        (serde_json::json!(["app:token"]), serde_json::json!(["consent-banner:*"]), "storage", ["`consent-banner:*`", "`consent-banner:receipts`"]),
    ];
    for (kept, doomed, field, words) in refused {
        let storage = field == "storage";
        let e = error_after(|v| {
            set(v, 0, if storage { "storage" } else { "names" }, kept.clone());
            set(v, 1, if storage { "storage" } else { "names" }, doomed.clone());
        });
        let (path, problem) = invalid(&e);
        let last = doomed.as_array().unwrap().len() - 1;
        let want = if storage { format!("categories[1].storage[{last}]") } else { format!("categories[1].cookies[0].names[{last}]") };
        assert_eq!(path, want, "{problem}");
        for w in words.iter().chain(&["`statistics`", "distinct"]) {
            assert!(problem.contains(w), "{problem:?} should mention {w}");
        }
        if !problem.contains("this module") {
            assert!(problem.contains("necessary category `necessary`"), "{problem}");
        }
    }
    // Distinct names are fine, however alike.
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    v["categories"][0]["cookies"][0]["names"] = serde_json::json!(["sessionid", "_pk_ses.*", "cookies_preferences"]);
    v["categories"][0]["storage"] = serde_json::json!(["app:token", "session*"]);
    v["categories"][1]["cookies"][0]["names"] = serde_json::json!(["sessionid2", "session_x*", "_pk_id.*", "cookies_preferences2"]);
    v["categories"][1]["storage"] = serde_json::json!(["app:token2", "sessio", "consent-banner:other"]);
    Registry::from_value(&json(&v.to_string())).expect("no overlap");
}

/// The small registry plus optional categories with these ids (no cookies).
fn with_categories(ids: &[String]) -> Result<Registry, RegistryError> {
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    for id in ids {
        v["categories"].as_array_mut().unwrap().push(serde_json::json!({ "id": id, "title": "Extra" }));
    }
    Registry::from_value(&json(&v.to_string()))
}

#[test]
fn registries_whose_stored_choice_could_be_oversized_are_refused() {
    use consent_banner::decision::{decide, Action};
    use consent_banner::record::{ConsentRecord, MAX_LEN};
    // With the longest time and consent id the record reads, 20 ids of 32
    // characters and one of 28 bring the value to exactly MAX_LEN bytes.
    let mut ids: Vec<String> = (0..21).map(|i| format!("{:x<32}", format!("c{i:02}_"))).collect();
    ids[20].truncate(28);
    let fits = with_categories(&ids).expect("a value of exactly MAX_LEN bytes fits");
    let env = common::env(999_999_999_999, &"f".repeat(64), true);
    let value = decide(&fits, None, &Action::AcceptAll, &env).record.encode();
    assert_eq!(value.len(), MAX_LEN);
    assert!(ConsentRecord::decode(&value).is_ok(), "read back");

    ids[20].push('x');
    let e = with_categories(&ids).expect_err("one byte over");
    let (path, problem) = invalid(&e);
    assert_eq!(path, "categories");
    assert_eq!(
        problem,
        "the stored choice for 23 categories could take 1025 bytes, over the cookie's limit of 1024: declare fewer categories or give them shorter ids"
    );
}

#[test]
fn duplicate_keys_are_refused_wherever_they_are() {
    let doc = |s: &str| SMALL.replacen(s, &format!("{s} {s}"), 1);
    for (text, path, key) in [
        (doc(r#""portal": { "name": "Demo", "address": "https://demo.example" },"#), "portal", "portal"),
        (doc(r#""name": "Demo","#), "portal.name", "name"),
        (doc(r#""necessary": true,"#), "categories[0].necessary", "necessary"),
        (doc(r#""provider": "Matomo","#), "categories[1].cookies[0].provider", "provider"),
        (doc(r#""en": "Statistics","#), "categories[1].title.en", "en"),
        (SMALL.replacen("\"Statistiques\" }", "\"Statistiques\", \"en\": \"Audience\" }", 1), "categories[1].title.en", "en"),
    ] {
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "still JSON: {text}");
        let e = Registry::from_json(&text).expect_err(&text);
        assert_eq!(Registry::from_value(&json(&text)), Err(e.clone()), "the same through serde");
        let (p, problem) = invalid(&e);
        assert_eq!(p, path, "{problem}");
        assert!(p.ends_with(key));
        assert!(problem.contains("more than once"), "{problem}");
        assert!(e.message().contains(&format!("{path}: is given more than once")), "{e}");
    }
}

#[test]
fn registry_bytes_must_be_utf8_and_may_start_with_a_bom() {
    let text = include_str!("../www/registries/babel.json");
    let plain = Registry::from_utf8(text.as_bytes()).unwrap();
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(text.as_bytes());
    assert_eq!(Registry::from_utf8(&with_bom).unwrap().revision(), plain.revision());
    let mut latin1 = b"{\"portal\": {\"name\": \"Donn".to_vec();
    latin1.push(0xE9);
    latin1.extend_from_slice(b"es\"}}");
    let e = Registry::from_utf8(&latin1).unwrap_err();
    assert_eq!(
        e.message(),
        "consent-banner: the cookie registry is invalid: it is not valid JSON (byte 26: not UTF-8 text; save the registry as UTF-8). No optional cookies or scripts will be used until it is fixed."
    );
}

#[test]
fn policy_and_privacy_links_must_be_web_addresses_or_paths() {
    let with = |key: &str, url: &str| {
        let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
        v[key] = serde_json::Value::String(url.into());
        Registry::from_value(&json(&v.to_string()))
    };
    for key in ["policy_url", "privacy_url"] {
        for ok in ["https://portal.example/cookies", "HTTP://portal.example", "/cookies", "cookies.html", "#policy", "?page=cookies", "/a:b"] {
            assert!(with(key, ok).is_ok(), "{key} = {ok:?} refused");
        }
        for bad in ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:x", "\u{1}javascript:x", "data:text/html,x", "mailto:a@b.c", "vbscript:x"] {
            let e = with(key, bad).expect_err(bad).to_string();
            assert!(e.contains(&format!("{key}: must be an http:// or https:// address, or a path on the portal")), "{e}");
        }
    }
}

/// The small registry, edited, as JSON text.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
    edit(&mut v);
    serde_json::to_string(&v).unwrap()
}

/// One bad registry per rule: its text, then the one problem the checker
/// must report — path, code, and words its explanation must contain.
fn one_bad_registry_per_rule() -> Vec<(String, &'static str, ProblemCode, &'static str)> {
    use serde_json::json as j;
    use ProblemCode::*;
    let long = |n: usize| "x".repeat(n);
    vec![
        ("{\"portal\": ".into(), "registry", Syntax, "is not valid JSON (line 1, column 12: expected a value)"),
        (String::new(), "registry", NotUtf8, "save the registry as UTF-8"), // bytes given in the test
        (edited(|v| v["portal"]["name"] = 3.into()), "portal.name", WrongType, "must be a string or an object of strings per language, not a number"),
        (edited(|v| { v.as_object_mut().unwrap().remove("portal"); }), "portal", Missing, "is missing: add it"),
        (edited(|v| v["colour"] = "red".into()), "colour", UnknownField, "unknown field; expected one of: $schema, portal,"),
        (SMALL.replacen("\"name\": \"Demo\",", "\"name\": \"Demo\", \"name\": \"Demo\",", 1), "portal.name", DuplicateKey, "more than once in the same object; keep only one"),
        (edited(|v| v["categories"][1]["cookies"][0]["purposes"] = " ".into()), "categories[1].cookies[0].purposes", Empty, "is empty: give it a value"),
        (edited(|v| v["categories"][1]["cookies"][0]["names"][0] = long(257).into()), "categories[1].cookies[0].names[0]", TooLong, "longer than the limit of 256 characters"),
        (edited(|v| v["categories"][1]["cookies"][0]["names"] = (0..101).map(|i| format!("n{i}")).collect()), "categories[1].cookies[0].names", TooMany, "more than the limit of 100 items"),
        (edited(|v| v["portal"]["address"] = "babel.example".into()), "portal.address", NotHttp, "must start with https:// or http://"),
        (edited(|v| v["privacy_url"] = "javascript:alert(1)".into()), "privacy_url", BadLink, "or a path on the portal"),
        (edited(|v| v["default_language"] = "de".into()), "default_language", BadLanguage, "not a supported language (en, fr, es)"),
        (edited(|v| v["expiry_months"] = 14.into()), "expiry_months", BadExpiry, "whole number of months from 1 to 13"),
        (edited(|v| v["cookie_domain"] = "example.org; Max-Age=0".into()), "cookie_domain", BadDomain, "is not a domain name"),
        (edited(|v| v["categories"][1]["id"] = "Stats!".into()), "categories[1].id", BadCategoryId, "must be 1 to 32 characters among a-z"),
        (edited(|v| v["categories"][1]["id"] = "necessary".into()), "categories[1].id", RepeatedCategoryId, "repeats the id of an earlier category"),
        (edited(|v| v["categories"][1]["cookies"][0]["names"][0] = "bad name".into()), "categories[1].cookies[0].names[0]", BadCookieName, "not a valid cookie name"),
        (edited(|v| v["categories"][1]["storage"] = j!(["*"])), "categories[1].storage[0]", BadStorageKey, "is empty (a key, or a prefix ending in *)"),
        (edited(|v| v["categories"][1]["cookies"][0]["duration"] = "forever".into()), "categories[1].cookies[0].duration", BadDuration, "must be \"session\" or a number and a unit"),
        (edited(|v| v["categories"][0]["scripts"] = j!(["/x.js"])), "categories[0].scripts", NecessaryScripts, "include them in the page directly"),
        (edited(|v| v["categories"][1]["consent_mode"] = j!(["cookies"])), "categories[1].consent_mode[0]", BadConsentMode, "not a Consent Mode v2 type; use one of: ad_storage"),
        (edited(|v| v["categories"][1]["consent_mode"] = j!(["analytics_storage", "analytics_storage"])), "categories[1].consent_mode[1]", ConsentModeTaken, "already given to another category"),
        (edited(|v| v["categories"][1]["cookies"][0]["names"][0] = "sessionid".into()), "categories[1].cookies[0].names[0]", DuplicateName, "declared more than once in the registry"),
        (edited(|v| v["categories"][1]["cookies"][0]["names"][0] = "session*".into()), "categories[1].cookies[0].names[0]", Overlap, "`session*` of the optional category `statistics` could also match `sessionid` of the necessary category `necessary`"),
        (edited(|v| v["categories"][0]["cookies"][0]["names"] = j!(["sessionid"])), "categories", NoConsentCookie, "add it to the necessary category's cookies"),
        (
            edited(|v| {
                for i in 0..29 {
                    v["categories"].as_array_mut().unwrap().push(j!({ "id": format!("{:x<32}", i), "title": "Extra" }));
                }
            }),
            "categories",
            ChoiceTooLong,
            "the stored choice for 31 categories could take",
        ),
        (edited(|v| v["categories"] = j!([])), "categories", NoCategories, "declare at least the necessary category"),
        (edited(|v| v["categories"][1]["cookies"][0]["duration"] = "TODO: how long it lives".into()), "categories[1].cookies[0].duration", Placeholder, "placeholder left by the importer: replace it with how long it lives"),
        (edited(|v| v["categories"][1]["cookies"][0]["names"][0] = "cookies_*".into()), "categories[1].cookies[0].names[0]", Reserved, "`cookies_*` of the optional category `statistics` could also match `cookies_preferences`, which this module keeps for itself"),
    ]
}

#[test]
fn every_rule_has_its_code_and_message_with_one_bad_registry_each() {
    let cases = one_bad_registry_per_rule();
    let covered: Vec<ProblemCode> = cases.iter().map(|c| c.2).collect();
    assert_eq!(covered, ProblemCode::ALL, "one case per code, in code order");
    for (n, (text, path, code, words)) in cases.into_iter().enumerate() {
        let problems = if code == ProblemCode::NotUtf8 { check_bytes(b"{\"a\": \"\xff\"}") } else { check_json(&text) }
            .expect_err(code.as_str());
        assert_eq!(problems.len(), 1, "{code:?}: exactly one problem: {problems:#?}");
        let p = &problems[0];
        assert_eq!((p.path.as_str(), p.code), (path, code), "{p}");
        assert_eq!(code.as_str(), format!("R{:03}", n + 1));
        assert!(p.message().contains(words), "{code:?}: {:?} should contain {words:?}", p.message());
        assert!(p.to_string().ends_with(&format!("[{}]", code.as_str())), "{p}");
        // The browser's reader refuses the same registry, with the same words.
        let e = if code == ProblemCode::NotUtf8 { Registry::from_utf8(b"{\"a\": \"\xff\"}") } else { Registry::from_json(&text) }
            .expect_err("the browser refuses it too");
        assert_eq!(e.problem(), p, "{code:?}: the browser's error is the checker's first problem");
        assert!(e.message().contains(&p.message()), "{code:?}: {e} should say {:?}", p.message());
    }
}

#[test]
fn the_checker_reports_every_problem_at_once_in_document_order() {
    let text = edited(|v| {
        v["portal"]["address"] = "demo.example".into();
        v["cookie_domain"] = "a b".into();
        v["categories"][0]["cookies"][0]["duration"] = "forever".into();
        v["categories"][1]["cookies"][0]["names"][0] = "bad name".into();
        v["categories"][1]["cookies"][0]["names"][1] = "x".repeat(300).into();
        v["categories"][1]["title"]["de"] = "Statistik".into();
    });
    let problems = check_json(&text).unwrap_err();
    let got: Vec<(&str, &str)> = problems.iter().map(|p| (p.path.as_str(), p.code.as_str())).collect();
    assert_eq!(
        got,
        [
            ("portal.address", "R010"),
            ("cookie_domain", "R014"),
            ("categories[0].cookies[0].duration", "R019"),
            ("categories[1].title.de", "R012"),
            ("categories[1].cookies[0].names[0]", "R017"),
            ("categories[1].cookies[0].names[1]", "R008"),
        ]
    );
    // The browser's reader stops at the first of them.
    assert_eq!(Registry::from_json(&text).unwrap_err().problem(), &problems[0]);
}

#[test]
fn cross_category_rules_run_on_the_categories_that_passed() {
    // The necessary category is broken: no "no consent cookie" problem on top
    // of its own, but the duplicate between the two others is still found.
    let text = edited(|v| {
        v["categories"][0]["id"] = "Necessary".into();
        let extra = serde_json::json!({ "id": "ads", "title": "Ads", "cookies": [
            { "provider": "X", "function": "Y", "names": ["_pk_id.*"], "purposes": "Z", "duration": "1 day" } ] });
        v["categories"].as_array_mut().unwrap().push(extra);
    });
    let codes: Vec<_> = check_json(&text).unwrap_err().iter().map(|p| (p.path.clone(), p.code)).collect();
    assert_eq!(
        codes,
        [
            ("categories[0].id".to_owned(), ProblemCode::BadCategoryId),
            ("categories[2].cookies[0].names[0]".to_owned(), ProblemCode::DuplicateName),
        ]
    );
}

#[test]
fn cookie_domain_accepts_domain_names_only() {
    let with = |d: &str| check_json(&edited(|v| v["cookie_domain"] = d.into()));
    for ok in ["example.org", ".example.org", "data.gouv.fr", "xn--bcher-kva.example", "a-b.c0.example", "localhost"] {
        assert_eq!(with(ok).expect(ok).cookie_domain.as_deref(), Some(ok));
    }
    for bad in [
        "example.org; Path=/x", "example.org; Max-Age=0", "example.org;", "exa mple.org", "example.org=", "", ".", "..example.org",
        "example..org", "-example.org", "example-.org", "example.org.", "https://example.org", "exam_ple.org", "ex\u{e9}mple.org",
        &format!("{}.org", "a".repeat(64)),
    ] {
        let problems = with(bad).expect_err(bad);
        assert_eq!((problems[0].path.as_str(), problems[0].code), ("cookie_domain", ProblemCode::BadDomain), "{bad:?}");
    }
    let problems = with(&format!("{}.org", vec!["a".repeat(60); 5].join("."))).unwrap_err();
    assert_eq!(problems[0].code, ProblemCode::TooLong);
    assert!(problems[0].message().contains(&limits::DOMAIN.to_string()));
}

#[test]
fn every_string_and_list_is_bounded_and_the_message_names_the_limit() {
    use serde_json::json as j;
    let s = |n: usize| serde_json::Value::String("a".repeat(n));
    type Edit = Box<dyn Fn(&mut serde_json::Value, serde_json::Value)>;
    // (where, the limit, how to put a value there)
    let fields: Vec<(&str, usize, Edit)> = vec![
        ("portal.name", limits::SHORT_TEXT, Box::new(|v, x| v["portal"]["name"] = x)),
        ("portal.address", limits::URL, Box::new(|v, x| v["portal"]["address"] = j!(format!("https://{}", x.as_str().unwrap())))),
        ("policy_url", limits::URL, Box::new(|v, x| v["policy_url"] = x)),
        ("privacy_url", limits::URL, Box::new(|v, x| v["privacy_url"] = x)),
        ("$schema", limits::URL, Box::new(|v, x| v["$schema"] = x)),
        ("categories[1].title.fr", limits::SHORT_TEXT, Box::new(|v, x| v["categories"][1]["title"]["fr"] = x)),
        ("categories[1].description", limits::LONG_TEXT, Box::new(|v, x| v["categories"][1]["description"] = x)),
        ("categories[1].cookies[0].provider", limits::SHORT_TEXT, Box::new(|v, x| v["categories"][1]["cookies"][0]["provider"] = x)),
        ("categories[1].cookies[0].function", limits::SHORT_TEXT, Box::new(|v, x| v["categories"][1]["cookies"][0]["function"] = x)),
        ("categories[1].cookies[0].purposes", limits::LONG_TEXT, Box::new(|v, x| v["categories"][1]["cookies"][0]["purposes"] = x)),
        ("categories[1].cookies[0].names[0]", limits::NAME, Box::new(|v, x| v["categories"][1]["cookies"][0]["names"][0] = x)),
        ("categories[1].storage[0]", limits::NAME, Box::new(|v, x| v["categories"][1]["storage"] = j!([x]))),
        ("categories[1].scripts[0]", limits::URL, Box::new(|v, x| v["categories"][1]["scripts"] = j!([x]))),
    ];
    for (path, limit, put) in &fields {
        let at_limit = edited(|v| put(v, s(limit - if *path == "portal.address" { 8 } else { 0 })));
        assert!(check_json(&at_limit).is_ok(), "{path}: {limit} characters are allowed");
        let over = edited(|v| put(v, s(limit + 1)));
        let problems = check_json(&over).unwrap_err();
        assert_eq!((problems[0].path.as_str(), problems[0].code), (*path, ProblemCode::TooLong));
        assert!(problems[0].message().contains(&format!("limit of {limit} characters")), "{}", problems[0]);
    }
    // Characters, not bytes: 256 two-byte characters make a valid storage key.
    assert!(check_json(&edited(|v| v["categories"][1]["storage"] = j!(["\u{e9}".repeat(limits::NAME)]))).is_ok());
    let hundred_thousand = edited(|v| v["categories"][1]["cookies"][0]["names"][0] = s(100_000));
    assert_eq!(check_json(&hundred_thousand).unwrap_err()[0].code, ProblemCode::TooLong);

    let lists: Vec<(&str, usize, Edit)> = vec![
        ("categories", limits::CATEGORIES, Box::new(|v, x| v["categories"] = x)),
        ("categories[1].cookies", limits::COOKIES, Box::new(|v, x| v["categories"][1]["cookies"] = x)),
        ("categories[1].scripts", limits::NAMES, Box::new(|v, x| v["categories"][1]["scripts"] = x)),
        ("categories[1].storage", limits::NAMES, Box::new(|v, x| v["categories"][1]["storage"] = x)),
    ];
    for (path, limit, put) in &lists {
        let problems = check_json(&edited(|v| put(v, j!(vec![j!(null); limit + 1])))).unwrap_err();
        assert_eq!((problems[0].path.as_str(), problems[0].code), (*path, ProblemCode::TooMany), "{problems:?}");
        assert!(problems[0].message().contains(&format!("limit of {limit} items")));
    }
}

#[test]
fn the_schema_key_is_accepted_at_the_top_level_only() {
    let ok = edited(|v| v["$schema"] = "../../schema/registry.schema.json".into());
    assert!(Registry::from_json(&ok).is_ok());
    let nested = edited(|v| v["portal"]["$schema"] = "x".into());
    assert_eq!(check_json(&nested).unwrap_err()[0].code, ProblemCode::UnknownField);
    let not_string = edited(|v| v["$schema"] = 1.into());
    assert_eq!(check_json(&not_string).unwrap_err()[0].code, ProblemCode::WrongType);
}

#[test]
fn a_category_with_a_repeated_id_still_counts_in_the_rules_between_categories() {
    // Found by the property test against the schema: the repeat hid the
    // missing consent cookie.
    let text = edited(|v| {
        v["categories"][0]["cookies"][0]["names"] = serde_json::json!(["sessionid"]);
        v["categories"][1]["id"] = "necessary".into();
    });
    let codes: Vec<_> = check_json(&text).unwrap_err().iter().map(|p| (p.path.clone(), p.code)).collect();
    assert_eq!(
        codes,
        [("categories[1].id".to_owned(), ProblemCode::RepeatedCategoryId), ("categories".to_owned(), ProblemCode::NoConsentCookie)]
    );
}
