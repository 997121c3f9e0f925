mod common;

use common::{json, small};
use consent_banner::decision::{consent_cookie, decide, expire_cookies, storage_to_clear, Action, Env};
use consent_banner::record::Origin;
use consent_banner::registry::Registry;

const NOW: u64 = 1_763_845_000;

fn env(secure: bool) -> Env {
    Env { now: NOW, consent_id: "a1b2c3d4e5f60718".into(), secure, origin: Origin::Click }
}

#[test]
fn accept_all_turns_every_category_on() {
    let r = small();
    let d = decide(&r, None, &Action::AcceptAll, &env(false));
    assert_eq!(d.record.choices, vec![("necessary".to_string(), true), ("statistics".to_string(), true)]);
    assert_eq!(d.record.revision, r.revision());
    assert_eq!(d.record.time, NOW);
    assert_eq!(d.record.id, "a1b2c3d4e5f60718");
    assert_eq!(d.activate, ["statistics"]);
    assert!(d.withdrawn.is_empty());
}

#[test]
fn reject_all_keeps_only_necessary() {
    let r = small();
    let d = decide(&r, None, &Action::RejectAll, &env(false));
    assert!(d.record.accepts("necessary"));
    assert!(!d.record.accepts("statistics"));
    assert!(d.activate.is_empty());
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
fn withdrawal_is_reported() {
    let r = small();
    let before = decide(&r, None, &Action::AcceptAll, &env(false)).record;
    let d = decide(&r, Some(&before), &Action::RejectAll, &env(false));
    assert_eq!(d.withdrawn, ["statistics"]);
    assert_eq!(d.refused, ["statistics"]);
    let first = decide(&r, None, &Action::RejectAll, &env(false));
    assert!(first.withdrawn.is_empty(), "nothing ran, nothing to reload");
    assert_eq!(first.refused, ["statistics"], "leftover cookies are still cleared");
    let d = decide(&r, Some(&before), &Action::AcceptAll, &env(false));
    assert!(d.withdrawn.is_empty());
}

#[test]
fn consent_cookie_attributes() {
    let r = small();
    let d = decide(&r, None, &Action::AcceptAll, &env(false));
    let value = d.record.encode();
    assert_eq!(d.set_cookie, format!("cookies_preferences={value}; Path=/; Max-Age=15724800; SameSite=Lax"));
    let secure = decide(&r, None, &Action::AcceptAll, &env(true)).set_cookie;
    assert!(secure.ends_with("; SameSite=Lax; Secure"));
    let max_age = |c: &str| c.split("; ").find_map(|p| p.strip_prefix("Max-Age=")).unwrap().parse::<u64>().unwrap();
    assert!(max_age(&d.set_cookie) <= 183 * 86_400, "CNIL: about 6 months at most by default");

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
    assert!(d.set_cookie.len() < 1024, "{}", d.set_cookie.len());
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
