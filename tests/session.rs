//! A page view's consent state through its steps (`consent_banner::session`):
//! what the shell is told to do at start, on a decision here, on one in
//! another tab and when gated content is added later — the effects that
//! until now only the browser tests saw.

mod common;

use common::{page, portal_registry, small};
use consent_banner::decision::{Action, Event, Options};
use consent_banner::i18n::Lang;
use consent_banner::record::DecidedBy;
use consent_banner::session::Session;

const NOW: u64 = 1_763_845_000;

/// The small registry with a declared script for statistics.
fn with_script() -> consent_banner::registry::Registry {
    let mut r = small();
    r.categories[1].scripts = vec!["https://stats.example/matomo.js".into()];
    r
}

fn stored(session: &mut Session, action: Action) -> String {
    let e = session.decide(&action, DecidedBy::Click, &page(false, ""), NOW, "0011223344556677".into());
    let cookie = &e.set_cookies[0];
    cookie.split("; ").next().unwrap().to_owned()
}

#[test]
fn a_first_visit_asks_and_runs_only_necessary_content() {
    let start = Session::start(with_script(), Options::default(), &page(false, "sessionid=1"), NOW);
    assert!(start.ask);
    assert!(!start.refuse_for_gpc);
    let e = &start.effects;
    assert_eq!(e.activate, ["necessary"]);
    assert!(e.scripts.is_empty(), "statistics' script waits for consent");
    assert!(e.set_cookies.is_empty() && e.clear_storage.is_empty() && e.consent_mode.is_none());
    assert!(e.event.is_none() && e.stored.is_none() && e.receipt.is_none() && !e.reload && !e.close_layers);
    assert!(!start.session.is_accepted("statistics"));
    assert!(start.session.is_accepted("necessary"), "necessary categories answer true, decided or not");
    assert!(!start.session.is_accepted("unknown"));
}

#[test]
fn a_returning_visitor_is_not_asked_and_gets_what_they_chose() {
    let mut first = Session::start(with_script(), Options::default(), &page(false, ""), NOW).session;
    let cookie = stored(&mut first, Action::AcceptAll);
    let start = Session::start(with_script(), Options::default(), &page(false, &cookie), NOW + 60);
    assert!(!start.ask);
    assert_eq!(start.session.record, first.record);
    assert_eq!(start.effects.activate, ["necessary", "statistics"]);
    assert_eq!(start.effects.scripts, [("https://stats.example/matomo.js".to_owned(), "statistics".to_owned())]);
    assert!(start.warnings.is_empty());
    let mut session = start.session;
    // Gated content added later runs under the same choice; the declared
    // script does not run twice, unless it was skipped.
    let (activate, scripts) = session.late_content();
    assert_eq!(activate, ["necessary", "statistics"]);
    assert!(scripts.is_empty());
    session.forget_loaded("https://stats.example/matomo.js");
    assert_eq!(session.late_content().1.len(), 1);
}

#[test]
fn a_refusing_returning_visitor_loses_leftover_cookies_and_storage() {
    let r = portal_registry("babel");
    let mut first = Session::start(r.clone(), Options::default(), &page(true, ""), NOW).session;
    let cookie = stored(&mut first, Action::RejectAll);
    let header = [cookie.as_str(), "_ga_ABC123=x", "sessionid=1"].join("; ");
    let start = Session::start(r, Options::default(), &page(true, &header), NOW + 1);
    assert!(!start.ask);
    let names: Vec<&str> = start.effects.set_cookies.iter().map(|c| c.split('=').next().unwrap()).collect();
    assert!(names.contains(&"_ga_ABC123") && names.contains(&"_ga"), "{names:?}");
    assert!(!names.contains(&"sessionid") && !names.contains(&"cookies_preferences"), "{names:?}");
    assert_eq!(start.effects.clear_storage, ["statistics"], "babel's statistics declares storage keys");
    assert_eq!(start.effects.activate, ["necessary"]);
}

#[test]
fn a_stale_choice_asks_again_with_what_still_applies() {
    let mut first = Session::start(small(), Options::default(), &page(false, ""), NOW).session;
    let cookie = stored(&mut first, Action::AcceptAll);
    // The registry changed (a new category): the revision differs.
    let changed = consent_banner::registry::Registry::from_value(&common::json(&with_maps())).unwrap();
    let start = Session::start(changed, Options::default(), &page(false, &cookie), NOW + 5);
    assert!(start.ask);
    assert_eq!(start.warnings.len(), 1);
    assert!(start.warnings[0].starts_with("consent-banner: asking again: "), "{:?}", start.warnings);
    assert_eq!(start.session.preselected(), ["statistics"], "statistics did not change");
}

/// The small registry's JSON with one more category, `maps`.
fn with_maps() -> String {
    let mut v: serde_json::Value = serde_json::from_str(common::SMALL).unwrap();
    let mut maps = v["categories"][1].clone();
    maps["id"] = "maps".into();
    maps["cookies"][0]["names"] = serde_json::json!(["maps_*"]);
    v["categories"].as_array_mut().unwrap().push(maps);
    v.to_string()
}

#[test]
fn gpc_refuses_for_an_undecided_visitor_only() {
    let gpc = consent_banner::decision::Page { gpc: true, ..page(false, "") };
    let start = Session::start(small(), Options::default(), &gpc, NOW);
    assert!(start.ask && start.refuse_for_gpc);
    let mut session = start.session;
    session.decide(&Action::RejectAll, DecidedBy::Gpc, &gpc, NOW, "aa".into());
    assert!(session.by_gpc(), "the layers say the browser's signal answered");
    let mut other = Session::start(small(), Options::default(), &page(false, ""), NOW).session;
    let cookie = stored(&mut other, Action::AcceptAll);
    let returning = Session::start(small(), Options::default(), &consent_banner::decision::Page { cookie_header: cookie, ..gpc }, NOW);
    assert!(!returning.ask && !returning.refuse_for_gpc, "a stored choice stands");
}

#[test]
fn a_cookie_domain_outside_the_host_is_dropped_with_a_warning() {
    let mut r = small();
    r.cookie_domain = Some("example.org".into());
    let start = Session::start(r, Options::default(), &page(false, ""), NOW);
    assert_eq!(start.session.registry.cookie_domain, None);
    assert_eq!(start.warnings.len(), 1);
    assert!(start.warnings[0].contains("\"example.org\" does not contain this page's host \"portal.example.test\""));
}

#[test]
fn another_tabs_decision_applies_here() {
    let mut here = Session::start(with_script(), Options::default(), &page(false, ""), NOW).session;
    let cookie = stored(&mut here, Action::AcceptAll);
    // Same choice as here: nothing to do.
    assert_eq!(here.other_tab(&page(false, &cookie), NOW), None);
    // The other tab withdrew.
    let mut there = here.clone();
    let refused = there.decide(&Action::RejectAll, DecidedBy::Click, &page(false, ""), NOW + 1, "8899aabbccddeeff".into());
    let refused = refused.set_cookies[0].split("; ").next().unwrap().to_owned();
    let header = [refused.as_str(), "_pk_ses.1=1"].join("; ");
    let e = here.other_tab(&page(false, &header), NOW + 2).expect("a new choice");
    assert!(e.close_layers);
    assert_eq!(e.event, Some(Event::Change));
    assert!(e.reload, "statistics' scripts ran here");
    assert!(e.stored.is_none() && e.receipt.is_none() && !e.announce_saved, "the deciding tab did those");
    assert!(e.set_cookies.iter().any(|c| c.starts_with("_pk_ses.1=; Max-Age=0")));
    assert_eq!(e.activate, ["necessary"]);
    assert!(!here.is_accepted("statistics"));
    // Nothing readable: nothing happens.
    assert_eq!(here.other_tab(&page(false, "cookies_preferences=garbage"), NOW), None);
}

#[test]
fn consent_mode_is_told_only_with_a_gtag_and_a_mapping() {
    let r = portal_registry("babel");
    let with_gtag = Options { gtag: true, ..Options::default() };
    let mut s = Session::start(r.clone(), with_gtag.clone(), &page(false, ""), NOW).session;
    let e = s.decide(&Action::AcceptAll, DecidedBy::Api, &page(false, ""), NOW, "01".into());
    let state = e.consent_mode.expect("babel maps statistics to analytics_storage");
    assert!(state.contains("\"analytics_storage\":\"granted\""), "{state}");
    assert!(e.keep_receipt, "babel declares the receipt log");
    let e = s.decide(&Action::RejectAll, DecidedBy::Api, &page(false, ""), NOW, "02".into());
    assert!(e.consent_mode.unwrap().contains("\"analytics_storage\":\"denied\""));
    let mut s = Session::start(r, Options::default(), &page(false, ""), NOW).session;
    assert_eq!(s.decide(&Action::AcceptAll, DecidedBy::Api, &page(false, ""), NOW, "03".into()).consent_mode, None);
    let mut s = Session::start(small(), with_gtag, &page(false, ""), NOW).session;
    assert_eq!(s.decide(&Action::AcceptAll, DecidedBy::Api, &page(false, ""), NOW, "04".into()).consent_mode, None, "no category maps a type");
}

#[test]
fn the_language_follows_data_lang_then_the_page() {
    let fr = Options { lang: Some("fr-BE".into()), ..Options::default() };
    assert_eq!(Session::start(small(), fr, &page(false, ""), NOW).session.lang, Lang::Fr);
    let django = page(false, "django_language=es");
    assert_eq!(Session::start(small(), Options::default(), &django, NOW).session.lang, Lang::Es);
    let html = consent_banner::decision::Page { html_lang: "fr".into(), ..page(false, "") };
    assert_eq!(Session::start(small(), Options::default(), &html, NOW).session.lang, Lang::Fr);
    let mut s = Session::start(small(), Options { lang: Some("es".into()), ..Options::default() }, &page(false, ""), NOW).session;
    let e = s.decide(&Action::RejectAll, DecidedBy::Click, &page(false, ""), NOW, "05".into());
    assert_eq!(e.receipt.unwrap().language, Lang::Es, "the receipt names the dialog's language");
}
