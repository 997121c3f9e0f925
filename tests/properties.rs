//! Property tests over generated input: the consent cookie's codec, the
//! registry reader and checker, decisions, and the policy importer. Each run
//! of `cargo test` tries about 125,000 inputs (the `cases(…)` of each block
//! below); none may panic, every refusal is a typed error, the two registry
//! readers (the browser's first-problem reader and the all-problems checker)
//! agree, every decision, by click, API or GPC, is stored and read back, and a
//! duration's number reads as `str::parse` reads it.
//!
//! Run longer with e.g. `PROPTEST_CASES=200000 cargo test --release --test properties`
//! (the number of cases for each property).

mod common;

use consent_banner::check::{check_json, Problem, ProblemCode};
use consent_banner::error::{RecordError, RegistryError};
use consent_banner::i18n::Lang;
use consent_banner::import::import;
use consent_banner::policy_doc::{self, Format};
use consent_banner::record::{read_stored, ConsentRecord, DecidedBy};
use consent_banner::registry::Registry;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Cases per property: `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> Config {
    let n = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    Config { cases: n, failure_persistence: None, ..Config::default() }
}

// ---------------------------------------------------------------- decisions

fn action_strategy() -> impl Strategy<Value = consent_banner::decision::Action> {
    use consent_banner::decision::Action;
    let id = prop_oneof![Just("necessary".to_owned()), Just("statistics".to_owned()), Just("marketing".to_owned()), "[a-z_]{1,12}"];
    prop_oneof![
        Just(Action::AcceptAll),
        Just(Action::RejectAll),
        prop::collection::vec(id.clone(), 0..4).prop_map(Action::Choose),
        id.prop_map(Action::Allow),
    ]
}

proptest! {
    #![proptest_config(cases(5_000))]
    #[test]
    fn every_decision_is_stored_and_read_back_as_made(
        portal in 0..common::PORTALS.len(),
        first in action_strategy(),
        then in action_strategy(),
        by in prop_oneof![Just(DecidedBy::Click), Just(DecidedBy::Api), Just(DecidedBy::Gpc)],
        now in 1_600_000_000u64..2_000_000_000,
    ) {
        use consent_banner::decision::decide;
        static PORTALS: std::sync::OnceLock<Vec<Registry>> = std::sync::OnceLock::new();
        let r = &PORTALS.get_or_init(|| common::PORTALS.iter().map(|p| common::portal_registry(p)).collect())[portal];
        let mut env = common::env(now, "0123456789abcdef", true);
        let before = decide(r, None, &first, &env).record;
        env.by = by;
        env.consent_id = "fedcba9876543210".into();
        let d = decide(r, Some(&before), &then, &env);
        prop_assert_eq!(d.record.decided_by, by);
        // The cookie the shell sets is the record, and reads back as it.
        let cookie = &d.effects.set_cookies[0];
        let value = cookie.strip_prefix("cookies_preferences=").and_then(|c| c.split("; ").next()).unwrap();
        prop_assert_eq!(read_stored(&format!("cookies_preferences={value}"), r, now), Ok(d.record.clone()));
        for c in &r.categories {
            prop_assert!(!c.necessary || d.record.accepts(&c.id), "necessary {} refused", c.id);
            prop_assert_eq!(d.effects.activate.contains(&c.id), d.record.accepts(&c.id));
        }
        // A reload only when something that had run is refused now.
        let withdrawn = r.optional().any(|c| before.accepts(&c.id) && !d.record.accepts(&c.id));
        prop_assert_eq!(d.effects.reload, withdrawn);
    }
}

// ---------------------------------------------------------------- the codec

fn record_strategy() -> impl Strategy<Value = ConsentRecord> {
    (
        "[0-9a-f]{8}",
        // The codec reads times of up to 12 digits (until the year 33658).
        0u64..1_000_000_000_000,
        "[0-9a-f]{1,64}",
        prop_oneof![Just(DecidedBy::Click), Just(DecidedBy::Api), Just(DecidedBy::Gpc)],
        prop::collection::btree_map("[a-z0-9_-]{1,32}", (any::<bool>(), "[0-9a-f]{4}"), 0..6),
    )
        .prop_map(|(revision, time, id, decided_by, cats)| ConsentRecord {
            revision,
            time,
            id,
            decided_by,
            choices: cats.iter().map(|(c, (on, _))| (c.clone(), *on)).collect(),
            fingerprints: cats.iter().map(|(c, (_, f))| (c.clone(), f.clone())).collect(),
        })
}

/// A typed refusal, one of the documented reasons.
fn is_documented(e: RecordError) -> bool {
    !e.reason().is_empty()
}

proptest! {
    #![proptest_config(cases(20_000))]
    #[test]
    fn the_codec_reads_any_text_without_panicking(s in prop_oneof![any::<String>(), "[a-z0-9=&.._-]{0,160}", "v=1&[a-z0-9=&._-]{0,160}"]) {
        match ConsentRecord::decode(&s) {
            Ok(r) => prop_assert_eq!(ConsentRecord::decode(&r.encode()), Ok(r)),
            Err(e) => prop_assert!(is_documented(e)),
        }
        let header = format!("a=b; cookies_preferences={s}; c=d");
        let _ = read_stored(&header, &common::small(), 1_763_845_000);
    }
}

proptest! {
    #![proptest_config(cases(15_000))]
    #[test]
    fn encoded_records_read_back_and_damaged_ones_are_refused_or_read_consistently(
        r in record_strategy(),
        cut in any::<prop::sample::Index>(),
        insert in prop_oneof![Just(String::new()), "[&=.a-z0-9%]{1,3}", any::<char>().prop_map(String::from)],
    ) {
        let text = r.encode();
        prop_assert_eq!(ConsentRecord::decode(&text), Ok(r));
        // Damage it: cut at a character boundary and insert something there.
        let at = text.char_indices().map(|(i, _)| i).nth(cut.index(text.chars().count())).unwrap_or(text.len());
        let damaged = format!("{}{}{}", &text[..at], insert, &text[at..][1.min(text.len() - at)..]);
        match ConsentRecord::decode(&damaged) {
            Ok(d) => prop_assert_eq!(ConsentRecord::decode(&d.encode()), Ok(d)),
            Err(e) => prop_assert!(is_documented(e)),
        }
    }
}

// ------------------------------------------------- the registry, as text

/// The browser's reader and the checker agree: both accept, or the
/// browser's error is the checker's first problem.
fn readers_agree(text: &str) -> Result<(), TestCaseError> {
    let one = Registry::from_json(text);
    let all = check_json(text);
    match (&one, &all) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a, b);
            prop_assert_eq!(a.revision().len(), 8);
            // Its policy documents render (one language and format per case, by its length).
            let lang = Lang::ALL[text.len() % 3];
            let format = if text.len() % 2 == 0 { Format::Html } else { Format::Markdown };
            prop_assert!(policy_doc::render(a, lang, format).len() > 500, "the whole policy");
        }
        (Err(e), Err(problems)) => {
            prop_assert!(!problems.is_empty());
            prop_assert_eq!(e, &RegistryError::from(problems[0].clone()));
            for p in problems {
                prop_assert!(!p.path.is_empty() && !p.message().is_empty());
                prop_assert!(ProblemCode::ALL.contains(&p.code));
            }
        }
        _ => prop_assert!(false, "the readers disagree on {:?}: {:?} / {:?}", text, one.is_ok(), all.is_ok()),
    }
    Ok(())
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "{", "}", "[", "]", ",", ":", " ", "\n", "null", "true", "false", "0", "-1.5e3", "13", "\"",
            "\"portal\"", "\"name\"", "\"address\"", "\"categories\"", "\"id\"", "\"necessary\"", "\"title\"",
            "\"cookies\"", "\"names\"", "\"provider\"", "\"function\"", "\"purposes\"", "\"duration\"",
            "\"https://x.example\"", "\"cookies_preferences\"", "\"6 months\"", "\"en\"", "\"fr\"", "\"$schema\"",
            "\"cookie_domain\"", "\".example.org\"", "\"TODO: x\"", "\"\\u00e9\"", "\"\\ud800\"", "\\",
        ]).prop_map(String::from),
        1 => any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
        1 => any::<String>(),
    ]
}

proptest! {
    #![proptest_config(cases(15_000))]
    #[test]
    fn the_registry_readers_take_any_json_ish_text(tokens in prop::collection::vec(token(), 0..60)) {
        readers_agree(&tokens.concat())?;
    }
}

proptest! {
    #![proptest_config(cases(15_000))]
    #[test]
    fn the_registry_readers_take_damaged_registries(
        which in 0usize..6,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..4, token()), 1..4),
    ) {
        let mut text = if which == 5 { common::SMALL.to_owned() } else {
            std::fs::read_to_string(common::repo().join(format!("www/registries/{}.json", common::PORTALS[which]))).unwrap()
        };
        for (at, remove, insert) in edits {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let i = at.index(bounds.len());
            let j = bounds[(i + remove).min(bounds.len() - 1)];
            text.replace_range(bounds[i]..j, &insert);
        }
        readers_agree(&text)?;
    }
}

// --------------------------------------- the registry, as generated data

fn text_value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        6 => prop::sample::select(vec!["Necessary", "Statistics", "Opendatasoft", "Count visits", "  ", "", "TODO: fill"]).prop_map(serde_json::Value::from),
        1 => "[a-z ]{0,310}".prop_map(serde_json::Value::from),
        2 => prop::collection::btree_map(prop::sample::select(vec!["en", "fr", "es", "de", "EN-gb"]), prop::sample::select(vec!["Texte", "", "Text"]), 0..3)
            .prop_map(|m| serde_json::json!(m)),
        1 => Just(serde_json::json!(3)),
    ]
}

fn name_value() -> impl Strategy<Value = serde_json::Value> {
    prop::sample::select(vec![
        "sessionid", "csrftoken", "cookies_preferences", "cookies_*", "_ga", "_ga*", "_pk_id.*", "_pk_*", "bad name", "x**", "", "*",
        "session*", "consent-banner:receipts", "consent-banner:*", "app:token",
    ])
    .prop_map(serde_json::Value::from)
}

fn cookie_value() -> impl Strategy<Value = serde_json::Value> {
    (
        text_value(),
        text_value(),
        prop::collection::vec(name_value(), 0..4),
        text_value(),
        prop::sample::select(vec!["session", "2 weeks", "13 months", "0 days", "forever", "TODO: duration", "1 Year"]),
        prop::option::of(Just("extra")),
    )
        .prop_map(|(provider, function, names, purposes, duration, extra)| {
            let mut c = serde_json::json!({ "provider": provider, "function": function, "names": names, "purposes": purposes, "duration": duration });
            if let Some(k) = extra {
                c[k] = 1.into();
            }
            c
        })
}

fn category_value() -> impl Strategy<Value = serde_json::Value> {
    (
        prop::sample::select(vec!["necessary", "statistics", "ads", "Bad!", "", "a-very-long-category-id-over-32-chars"]),
        prop::sample::select(vec![serde_json::json!(true), serde_json::json!(false), serde_json::json!(null), serde_json::json!("yes")]),
        text_value(),
        prop::collection::vec(cookie_value(), 0..4),
        prop::option::of(prop::collection::vec(prop::sample::select(vec!["/s.js", " ", "https://x.example/a.js"]), 0..2)),
        prop::option::of(prop::collection::vec(name_value(), 0..3)),
        prop::option::of(prop::collection::vec(prop::sample::select(vec!["analytics_storage", "ad_storage", "cookies"]), 0..3)),
    )
        .prop_map(|(id, necessary, title, cookies, scripts, storage, consent_mode)| {
            let mut c = serde_json::json!({ "id": id, "necessary": necessary, "title": title, "cookies": cookies });
            if let Some(s) = scripts { c["scripts"] = s.into(); }
            if let Some(s) = storage { c["storage"] = s.into(); }
            if let Some(m) = consent_mode { c["consent_mode"] = m.into(); }
            c
        })
}

fn registry_value() -> impl Strategy<Value = serde_json::Value> {
    (
        text_value(),
        prop::sample::select(vec!["https://demo.example", "demo.example", "http://x"]),
        prop::collection::vec(category_value(), 0..5),
        prop::sample::select(vec![serde_json::json!(null), serde_json::json!("example.org"), serde_json::json!(".a.b"), serde_json::json!("x; Path=/"), serde_json::json!("a b")]),
        prop::sample::select(vec![serde_json::json!(null), serde_json::json!(6), serde_json::json!(6.5), serde_json::json!(14)]),
        prop::sample::select(vec![serde_json::json!(null), serde_json::json!("/p"), serde_json::json!("javascript:x")]),
    )
        .prop_map(|(name, address, categories, domain, expiry, policy)| {
            serde_json::json!({
                "$schema": "../../schema/registry.schema.json",
                "portal": { "name": name, "address": address },
                "categories": categories, "cookie_domain": domain, "expiry_months": expiry, "policy_url": policy,
            })
        })
}

/// Codes of the rules the schema leaves to the checker (see tests/schema.rs).
const BEYOND_THE_SCHEMA: [ProblemCode; 6] = [
    ProblemCode::DuplicateKey,
    ProblemCode::RepeatedCategoryId,
    ProblemCode::ConsentModeTaken,
    ProblemCode::DuplicateName,
    ProblemCode::Overlap,
    ProblemCode::ChoiceTooLong,
];

proptest! {
    #![proptest_config(cases(20_000))]
    #[test]
    fn generated_registries_get_the_same_verdict_from_readers_and_schema(v in registry_value()) {
        let text = serde_json::to_string(&v).unwrap();
        readers_agree(&text)?;
        // The schema agrees too, but where only rules beyond it are broken.
        thread_local! {
            static SCHEMA: jsonschema::Validator = jsonschema::draft202012::new(
                &serde_json::from_str(include_str!("../schema/registry.schema.json")).unwrap()).unwrap();
        }
        let schema_ok = SCHEMA.with(|s| s.is_valid(&v));
        match check_json(&text) {
            Ok(_) => prop_assert!(schema_ok, "the schema refuses a valid registry: {}", text),
            Err(problems) => {
                let beyond = problems.iter().all(|p: &Problem| BEYOND_THE_SCHEMA.contains(&p.code));
                prop_assert!(schema_ok == beyond, "schema {} but the checker found {:?} in {}", if schema_ok { "accepts" } else { "refuses" },
                    problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(), text);
            }
        }
    }
}

// ---------------------------------------------------------- the importer

fn doc_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        2 => Just("Service provider's name\tFunction and location\tCookie name(s)\tPurposes".to_owned()),
        1 => prop::sample::select(vec!["Service provider's name", "Function and location", "Cookie name(s)", "Purposes"]).prop_map(String::from),
        2 => prop::sample::select(vec!["Cookies necessary for the platform", "## Statistics cookies", "#### Necessary", "Advertising"]).prop_map(String::from),
        4 => prop::collection::vec(prop::sample::select(vec!["Opendatasoft", "Login", "sessionid", "cookies\\_preferences", "_ga, _ga_*", "", " ", "To count"]), 1..6)
            .prop_map(|cells| cells.join("\t")),
        3 => prop::sample::select(vec!["Opendatasoft", "Login", "csrftoken", "To retrieve data", "| a | b | c | d |", "|---|---|"]).prop_map(String::from),
        1 => Just("What cookies are used on the <https://x.example> platform".to_owned()),
        1 => any::<String>(),
    ]
}

proptest! {
    #![proptest_config(cases(10_000))]
    #[test]
    fn the_importer_reads_any_text_without_panicking(s in any::<String>()) {
        if let Err(e) = import(&s) {
            prop_assert!(!e.message().is_empty());
        }
    }
}

proptest! {
    #![proptest_config(cases(20_000))]
    #[test]
    fn imported_drafts_are_registry_json_that_only_lacks_what_documents_cannot_say(
        lines in prop::collection::vec(doc_line(), 0..30),
        crlf in any::<bool>(),
    ) {
        let mut text = format!("Cookies policy\n\nWhat cookies are used on the <https://x.example> platform\n\n{}", lines.join("\n"));
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        match import(&text) {
            Ok(draft) => {
                let json = draft.to_json();
                let v: serde_json::Value = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
                prop_assert_eq!(&v["portal"]["address"], "https://x.example");
                for c in &draft.categories {
                    prop_assert!(!c.cookies.is_empty() && !c.title.is_empty());
                    for k in &c.cookies {
                        prop_assert!(!k.names.is_empty() && !k.provider.is_empty() && !k.function.is_empty() && !k.purposes.is_empty());
                        prop_assert!(k.line >= 5 && k.line <= text.lines().count());
                    }
                }
                // Whatever the checker says, it reads the draft as JSON and points inside it.
                if let Err(problems) = check_json(&json) {
                    prop_assert!(problems.iter().all(|p| p.code != ProblemCode::Syntax));
                    prop_assert!(problems.iter().any(|p| p.code == ProblemCode::Placeholder));
                }
            }
            Err(e) => prop_assert!(!e.message().is_empty()),
        }
    }
}

// ---------------------------------------------------------------- durations

proptest! {
    #![proptest_config(cases(5_000))]
    /// A duration's number is read exactly as `str::parse::<u32>` reads it
    /// (the reader has its own digit loop, to keep the generic integer
    /// parser out of the wasm): signs, overflow, non-digits, zero.
    #[test]
    fn a_durations_number_reads_as_str_parse_does(n in prop_oneof!["[+-]?[0-9]{1,11}", "[0-9+a-f-]{1,6}", (0u64..=u64::from(u32::MAX) + 10).prop_map(|n| n.to_string())]) {
        use consent_banner::registry::{Lifetime, Unit};
        let expected = n.parse::<u32>().ok().filter(|&x| x > 0).map(|x| Lifetime::Span(x, Unit::Day));
        prop_assert_eq!(Lifetime::parse(&format!("{n} days")), expected);
    }
}

/// The duration reader as it was written with the standard library's
/// splitting and trimming (its number read by `str::parse`, which the
/// reader's digit loop equals by the property test above): the reference
/// the one-pass reader must agree with.
fn lifetime_reference(s: &str) -> Option<consent_banner::registry::Lifetime> {
    use consent_banner::registry::{Lifetime, Unit};
    let s = s.trim();
    if s.eq_ignore_ascii_case("session") {
        return Some(Lifetime::Session);
    }
    let mut parts = s.split_whitespace();
    let n = parts.next()?.parse::<u32>().ok()?;
    let unit = parts.next()?.to_ascii_lowercase();
    if parts.next().is_some() || n == 0 {
        return None;
    }
    let unit = match unit.trim_end_matches('s') {
        "minute" => Unit::Minute,
        "hour" => Unit::Hour,
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        _ => return None,
    };
    Some(Lifetime::Span(n, unit))
}

proptest! {
    #![proptest_config(cases(20_000))]
    /// A duration is read as `"session"` or `"<n> <unit>"` split on any
    /// whitespace (Unicode's too), whatever the case and trailing `s`s of
    /// the unit: the same as the reference above, on words and separators
    /// drawn from what administrators write and what trips readers up.
    #[test]
    fn a_duration_reads_as_the_split_and_trim_reference_does(
        words in proptest::collection::vec(prop_oneof![
            Just("session".to_owned()), Just("SESSION".to_owned()), Just("Session".to_owned()),
            "[+]?[0-9]{1,3}", Just("0".to_owned()), Just("4294967296".to_owned()),
            "(minute|hour|day|week|month|year|Day|MONTH|Years)s{0,3}", Just("months!".to_owned()), Just("é".to_owned()), Just("jour".to_owned()),
        ], 0..4),
        seps in proptest::collection::vec(prop_oneof![Just(" "), Just("  "), Just("\t"), Just("\n"), Just("\u{a0}"), Just("\u{2003}"), Just("\u{3000}"), Just("")], 5),
    ) {
        let mut s = String::from(seps[0]);
        for (i, w) in words.iter().enumerate() {
            s.push_str(w);
            s.push_str(seps[(i + 1) % seps.len()]);
        }
        prop_assert_eq!(consent_banner::registry::Lifetime::parse(&s), lifetime_reference(&s), "{:?}", s);
    }
}
