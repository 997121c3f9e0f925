mod common;

use common::{json, small};
use consent_banner::decision::{consent_cookie, decide, expire_cookies, storage_to_clear, Action, Env, Event};
use consent_banner::registry::Registry;

const NOW: u64 = 1_763_845_000;

fn env(secure: bool) -> Env<'static> {
    common::env(NOW, "a1b2c3d4e5f60718", secure)
}

#[test]
fn accept_all_turns_every_category_on() {
    let r = small();
    let d = decide(&r, None, &Action::AcceptAll, &env(false));
    assert_eq!(d.record.choices, vec![("necessary".to_string(), true), ("statistics".to_string(), true)]);
    assert_eq!(d.record.revision, r.revision());
    assert_eq!(d.record.time, NOW);
    assert_eq!(d.record.id, "a1b2c3d4e5f60718");
    assert_eq!(d.effects.activate, ["necessary", "statistics"]);
    assert!(!d.effects.reload);
}

#[test]
fn reject_all_keeps_only_necessary() {
    let r = small();
    let d = decide(&r, None, &Action::RejectAll, &env(false));
    assert!(d.record.accepts("necessary"));
    assert!(!d.record.accepts("statistics"));
    assert_eq!(d.effects.activate, ["necessary"]);
    assert_eq!(d.record.check(&r, NOW), Ok(()));
}

#[test]
fn choose_ignores_unknown_ids_and_cannot_refuse_necessary() {
    let r = small();
    let d = decide(&r, None, &Action::Choose(vec!["ads".into()]), &env(false));
    assert_eq!(d.record.choices, vec![("necessary".to_string(), true), ("statistics".to_string(), false)]);
    let d = decide(&r, None, &Action::Choose(vec!["statistics".into()]), &env(false));
    assert!(d.record.accepts("statistics"));
}

#[test]
fn allow_adds_one_category_to_the_previous_choice() {
    let mut r = small();
    let mut maps = r.categories[1].clone();
    maps.id = "maps".into();
    r.categories.push(maps);
    let d = decide(&r, None, &Action::Allow("maps".into()), &env(false));
    assert_eq!(d.record.choices, vec![("necessary".into(), true), ("statistics".into(), false), ("maps".into(), true)]);
    let stats = decide(&r, None, &Action::Choose(vec!["statistics".into()]), &env(false)).record;
    let d = decide(&r, Some(&stats), &Action::Allow("maps".into()), &env(false));
    assert_eq!(d.record.choices, vec![("necessary".into(), true), ("statistics".into(), true), ("maps".into(), true)]);
    assert!(!d.effects.reload, "nothing withdrawn");
    let d = decide(&r, Some(&stats), &Action::Allow("nope".into()), &env(false));
    assert_eq!(d.record.choices, stats.choices, "an unknown id changes nothing");
}

#[test]
fn withdrawal_clears_and_reloads() {
    let r = small();
    let before = decide(&r, None, &Action::AcceptAll, &env(false)).record;
    let page = common::page(false, "_pk_id.1=x; sessionid=1");
    let e = Env { page: &page, ..env(false) };
    let d = decide(&r, Some(&before), &Action::RejectAll, &e);
    assert!(d.effects.reload, "scripts of a withdrawn category ran");
    let expired: Vec<&str> = d.effects.set_cookies[1..].iter().map(|c| c.split('=').next().unwrap()).collect();
    assert!(!expired.is_empty() && expired.iter().all(|n| *n == "_pk_id.1"), "{expired:?}");
    let first = decide(&r, None, &Action::RejectAll, &e);
    assert!(!first.effects.reload, "nothing ran, nothing to reload");
    assert_eq!(first.effects.set_cookies[1..], d.effects.set_cookies[1..], "leftover cookies are still cleared");
    let d = decide(&r, Some(&before), &Action::AcceptAll, &e);
    assert!(!d.effects.reload);
    assert_eq!(d.effects.set_cookies.len(), 1, "nothing refused, nothing expired");
    let options = consent_banner::decision::Options { reload_on_withdraw: false, ..Default::default() };
    let d = decide(&r, Some(&before), &Action::RejectAll, &Env { options: &options, ..e });
    assert!(!d.effects.reload, "data-reload-on-withdraw=false");
}

#[test]
fn a_decision_stores_tells_and_keeps_its_proof() {
    let r = small();
    let options = consent_banner::decision::Options { receipt_endpoint: Some("https://portal.example.test/receipts".into()), ..Default::default() };
    let d = decide(&r, None, &Action::AcceptAll, &Env { options: &options, ..env(true) });
    let e = &d.effects;
    assert_eq!(e.stored.as_deref(), Some("a1b2c3d4e5f60718"), "verified and told to the other tabs");
    assert!(e.close_layers && e.announce_saved);
    assert_eq!(e.event, Some(Event::Change));
    assert_eq!(e.event.map(Event::name), Some("consent:change"));
    let receipt = e.receipt.as_ref().expect("a receipt per decision");
    assert_eq!(receipt.id, d.record.id);
    assert_eq!(receipt.page, "https://portal.example.test/data/page");
    assert_eq!(e.send_receipt_to.as_deref(), Some("https://portal.example.test/receipts"));
    assert!(!e.keep_receipt, "the small registry does not declare the receipt log");
    assert_eq!(e.consent_mode, None, "no gtag, no Consent Mode");
    assert!(e.clear_storage.is_empty() && e.scripts.is_empty());
}

#[test]
fn consent_cookie_attributes() {
    let r = small();
    let d = decide(&r, None, &Action::AcceptAll, &env(false));
    let value = d.record.encode();
    let set_cookie = &d.effects.set_cookies[0];
    assert_eq!(*set_cookie, format!("cookies_preferences={value}; Path=/; Max-Age=15724800; SameSite=Lax"));
    let secure = decide(&r, None, &Action::AcceptAll, &env(true)).effects.set_cookies.remove(0);
    assert!(secure.ends_with("; SameSite=Lax; Secure"));
    let max_age = |c: &str| c.split("; ").find_map(|p| p.strip_prefix("Max-Age=")).unwrap().parse::<u64>().unwrap();
    assert!(max_age(set_cookie) <= 183 * 86_400, "CNIL: about 6 months at most by default");

    let mut v: serde_json::Value = serde_json::from_str(common::SMALL).unwrap();
    v["cookie_domain"] = "example.org".into();
    v["expiry_months"] = 13.into();
    let shared = Registry::from_value(&json(&v.to_string())).unwrap();
    let c = consent_cookie(&shared, "v=1", false);
    assert_eq!(c, "cookies_preferences=v=1; Path=/; Max-Age=34128000; Domain=example.org; SameSite=Lax");
    assert!(max_age(&c) < 400 * 86_400, "13 months stays under Chromium's 400-day cap");
}

#[test]
fn record_stays_small_for_many_categories() {
    let mut v: serde_json::Value = serde_json::from_str(common::SMALL).unwrap();
    let cats = v["categories"].as_array_mut().unwrap();
    for i in 0..28 {
        let mut c = cats[1].clone();
        c["id"] = format!("category_number_{i:02}").into();
        c["cookies"][0]["names"] = serde_json::json!([format!("c{i}_*")]);
        cats.push(c);
    }
    let r = Registry::from_value(&json(&v.to_string())).unwrap();
    let d = decide(&r, None, &Action::AcceptAll, &env(true));
    assert!(d.effects.set_cookies[0].len() < 1024, "{}", d.effects.set_cookies[0].len());
}

#[test]
fn expiring_withdrawn_cookies_covers_domains_and_paths() {
    let r = small();
    let header = "sessionid=1; _pk_id.1.a1b2=x; _pk_ses.1.a1b2=1; _pk_other=2; cookies_preferences=v=1";
    let out = expire_cookies(&r, &["statistics".into()], header, "portal.example.test", "/data/sets/page.html", false);
    for name in ["_pk_id.1.a1b2", "_pk_ses.1.a1b2"] {
        for domain in ["", "; Domain=portal.example.test", "; Domain=example.test"] {
            for path in ["/", "/data", "/data/sets", "/data/sets/page.html"] {
                let want = format!("{name}=; Max-Age=0; Path={path}{domain}");
                assert!(out.contains(&want), "missing {want}");
            }
        }
    }
    assert!(!out.iter().any(|s| s.starts_with("sessionid=") || s.starts_with("_pk_other=") || s.starts_with("cookies_preferences=")));
    assert!(!out.iter().any(|s| s.contains("Domain=test")), "never the top-level domain");
    assert_eq!(out.len(), 2 * 3 * 4);

    let local = expire_cookies(&r, &["statistics".into()], header, "127.0.0.1", "/", true);
    assert_eq!(local, ["_pk_id.1.a1b2=; Max-Age=0; Path=/; Secure", "_pk_ses.1.a1b2=; Max-Age=0; Path=/; Secure"]);
    assert!(expire_cookies(&r, &["necessary".into()], header, "127.0.0.1", "/", false).is_empty(), "necessary cookies are never cleared");
}

#[test]
fn expiring_never_touches_necessary_cookies_even_if_patterns_overlap() {
    use consent_banner::registry::NamePattern;
    // Validation refuses such a registry; expire_cookies must hold on its own.
    let mut r = small();
    r.categories[0].cookies[0].names.push(NamePattern::Prefix("csrf".into()));
    r.categories[1].cookies[0].names.extend([
        NamePattern::Prefix(String::new()),
        NamePattern::Exact("sessionid".into()),
        NamePattern::Exact("cookies_preferences".into()),
    ]);
    let header = "sessionid=1; csrftoken=2; cookies_preferences=v=1; _pk_id.1=x; other=3";
    let out = expire_cookies(&r, &["statistics".into()], header, "127.0.0.1", "/", false);
    assert_eq!(out, ["_pk_id.1=; Max-Age=0; Path=/", "other=; Max-Age=0; Path=/"]);
}

#[test]
fn expiring_with_an_empty_or_relative_path_uses_the_root() {
    let r = small();
    let header = "_pk_id.1=x";
    let root = expire_cookies(&r, &["statistics".into()], header, "portal.example.test", "/", false);
    assert_eq!(root.len(), 3);
    for path in ["", "data/page", "é/x", "x"] {
        assert_eq!(expire_cookies(&r, &["statistics".into()], header, "portal.example.test", path, false), root, "{path:?}");
    }
}

#[test]
fn clearing_a_refused_category_keeps_what_an_accepted_one_also_declares() {
    use consent_banner::registry::NamePattern;
    let mut r = small();
    let mut marketing = r.categories[1].clone();
    marketing.id = "marketing".into();
    marketing.cookies[0].names = vec![NamePattern::Prefix("_pk".into())];
    marketing.storage = vec![NamePattern::Prefix("track".into())];
    r.categories[1].storage = vec![NamePattern::Exact("tracker-id".into())];
    r.categories.push(marketing);
    // Statistics stays accepted, marketing is refused: `_pk_id.1` is both.
    let header = "_pk_id.1=x; _pk_other=y; sessionid=1";
    assert_eq!(expire_cookies(&r, &["marketing".into()], header, "127.0.0.1", "/", false), ["_pk_other=; Max-Age=0; Path=/"]);
    let keys = ["tracker-id", "track-x", "consent-banner:receipts", "unrelated"];
    assert_eq!(storage_to_clear(&r, &["marketing".into()], keys), ["track-x"]);
    // Both refused: everything they declare goes, the receipt log stays.
    let both = ["statistics".to_owned(), "marketing".to_owned()];
    assert_eq!(storage_to_clear(&r, &both, keys), ["tracker-id", "track-x"]);
    assert_eq!(expire_cookies(&r, &both, header, "127.0.0.1", "/", false), ["_pk_id.1=; Max-Age=0; Path=/", "_pk_other=; Max-Age=0; Path=/"]);
}
