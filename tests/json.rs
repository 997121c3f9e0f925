mod common;

use consent_banner::registry::Registry;
use consent_banner::value::Value;

/// The same text read by serde_json (as the reference) and by our parser.
fn same_as_serde(text: &str) {
    let reference: Value = serde_json::from_str(text).unwrap();
    assert_eq!(Value::parse(text).unwrap(), reference, "{text}");
}

#[test]
fn reads_what_serde_json_reads() {
    for name in common::PORTALS {
        same_as_serde(&std::fs::read_to_string(common::repo().join(format!("www/registries/{name}.json"))).unwrap());
    }
    same_as_serde(common::SMALL);
    for text in [
        "0", "-0", "12", "-7", "1.5", "2e3", "1E-2", "123456789012", "true", "false", "null", "\"\"", "[]", "{}",
        r#"{"a":{"b":[1,[2,[3]]]}}"#, r#""\"\\\/\b\f\n\r\t""#, r#""\u00e9\u4e2d\ud83d\ude00""#, "\"é中😀\"",
        " \t\r\n[ 1 , 2 ]\n ",
    ] {
        same_as_serde(text);
    }
}

#[test]
fn refuses_what_is_not_json_and_says_where() {
    for (text, line, column) in [
        ("", 1, 1), ("{", 1, 2), ("{\"a\" 1}", 1, 6), ("{\"a\":1,}", 1, 8), ("[1,]", 1, 4), ("[1 2]", 1, 4),
        ("{'a':1}", 1, 2), ("01", 1, 2), ("1.", 1, 3), ("-", 1, 2), ("tru", 1, 1), ("\"abc", 1, 5),
        ("\"\\x\"", 1, 3), ("\"\\ud800\"", 1, 8), ("\"a\nb\"", 1, 3), ("[1]x", 1, 4), ("{\n  \"a\": nope\n}", 2, 8),
    ] {
        let e = Value::parse(text).expect_err(text);
        assert_eq!((e.line, e.column), (line, column), "{text:?}: {e:?}");
    }
    let deep = "[".repeat(200) + &"]".repeat(200);
    assert!(Value::parse(&deep).is_err(), "nesting is bounded");
}

#[test]
fn registry_syntax_errors_name_line_and_column() {
    let e = Registry::from_json("{\n  \"portal\": { \"name\": \"Broken\", }\n}").unwrap_err();
    assert_eq!(
        e.message(),
        "consent-banner: the cookie registry is invalid: it is not valid JSON (line 2, column 33: expected a property name in double quotes). No optional cookies or scripts will be used until it is fixed."
    );
}

#[test]
fn receipt_log_reads_back_and_drops_junk() {
    use consent_banner::receipt::read_log;
    let text = r#"[{"id":"a1","time":5,"revision":"r","choices":{"necessary":true,"statistics":false},"language":"fr","origin":"click","page":"https://x/"},
                   {"id":"junk"}, 3]"#;
    let log = read_log(text);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].id, "a1");
    assert_eq!(log[0].choice("statistics"), Some(false));
    assert!(read_log("not json").is_empty());
    assert!(read_log("{}").is_empty());
    let again = serde_json::to_string(&log).unwrap();
    assert_eq!(read_log(&again), log, "what we write, we read");
}

#[test]
fn receipt_json_is_what_serde_json_writes_and_reads_back() {
    use consent_banner::receipt::{log_json, read_log, Receipt};
    let awkward = "quote \" backslash \\ newline \n tab \t bell \u{7} unit \u{1f} del \u{7f} é 漢 😀 </script>";
    let r = Receipt {
        id: "0123456789abcdef".into(),
        time: 1_795_000_000,
        revision: awkward.into(),
        choices: vec![("necessary".into(), true), ("stat\"istics".into(), false)],
        language: consent_banner::i18n::Lang::Es,
        origin: consent_banner::record::DecidedBy::Gpc,
        page: "https://datos.example/mapa?q=1&x=\u{0}".into(),
    };
    assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap());
    let log = vec![r.clone(), Receipt { id: "ffff".into(), choices: vec![], ..r }];
    assert_eq!(log_json(&log), serde_json::to_string(&log).unwrap());
    assert_eq!(read_log(&log_json(&log)), log);
    assert_eq!(log_json(&[]), "[]");
}
