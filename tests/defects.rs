//! Defects found by adversarial testing (issue 13, §1), in the core: each
//! test here failed before its fix.

mod common;

use common::{json, small};
use consent_banner::decision::{cookie_scope, fit_cookie_domain, CookieScope};
use consent_banner::registry::Registry;

fn shared(domain: &str) -> Registry {
    let mut v: serde_json::Value = serde_json::from_str(common::SMALL).unwrap();
    v["cookie_domain"] = domain.into();
    Registry::from_value(&json(&v.to_string())).unwrap()
}

#[test]
fn cookie_domain_applies_only_to_hosts_inside_it() {
    assert_eq!(cookie_scope(None, "data.example.org"), CookieScope::HostOnly);
    for host in ["example.org", "data.example.org", "a.b.example.org", "DATA.Example.ORG"] {
        assert_eq!(cookie_scope(Some("example.org"), host), CookieScope::Shared("example.org"), "{host}");
    }
    // A leading dot (allowed in Domain attributes) means the same domain.
    assert_eq!(cookie_scope(Some(".example.org"), "data.example.org"), CookieScope::Shared(".example.org"));
    // Outside: another domain, a suffix that is not a label boundary, a parent, an IP address.
    for host in ["example.net", "badexample.org", "org", "127.0.0.1", "localhost", "example.org.evil.test"] {
        assert_eq!(cookie_scope(Some("example.org"), host), CookieScope::Outside("example.org"), "{host}");
    }
}

#[test]
fn outside_cookie_domain_falls_back_to_host_only_with_a_warning() {
    let mut r = shared("example.org");
    let warning = fit_cookie_domain(&mut r, "portal.example.test").expect("a warning");
    assert_eq!(
        warning,
        "consent-banner: the registry's cookie_domain \"example.org\" does not contain this page's host \"portal.example.test\"; \
         the choice is stored for this host only. Set cookie_domain to a parent domain of every host that loads the registry, or remove it."
    );
    assert_eq!(r.cookie_domain, None, "host-only from now on");
    let cookie = consent_banner::decision::consent_cookie(&r, "v=1", false);
    assert!(!cookie.contains("Domain="), "{cookie}");

    let mut r = shared("example.org");
    assert_eq!(fit_cookie_domain(&mut r, "data.example.org"), None);
    assert_eq!(r.cookie_domain.as_deref(), Some("example.org"), "kept when the host is inside");
    let mut r = small();
    assert_eq!(fit_cookie_domain(&mut r, "data.example.org"), None);
    assert_eq!(r.cookie_domain, None);
}

/// "Read the cookie policyPrivacy notice": the two links of the first layer
/// ran together. They are now items of a list.
#[test]
fn first_layer_links_are_list_items() {
    let inai = common::portal_registry("inai");
    let tree = consent_banner::view::first_layer(&inai, consent_banner::i18n::Lang::En, false, Some("#consent-policy"));
    let tokens: Vec<&str> = tree.as_str().split(consent_banner::view::SEPARATOR).collect();
    let start = tokens.iter().position(|t| *t == "<ul").expect("a list of links");
    let list = &tokens[start..];
    let expected = [
        "<ul", "@class=cb-links", "<li", "<a", "@href=#consent-policy", "\"Read the cookie policy", ">", ">",
        "<li", "<a", "@href=/inai.html#privacy-notice", "\"Privacy notice", ">", ">", ">",
    ];
    assert_eq!(&list[..expected.len()], expected);
}
