//! `consent-banner audit`: its JSON report validates against the documented
//! shape (schema/audit-report.schema.json), from a real run in Chromium on a
//! page served on loopback by this test; bad input stops with exit 2 before
//! any browser is started. The demo portals and the misbehaving site are in
//! tests/e2e/audit.test.mjs (they need the built module).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn schema() -> serde_json::Value {
    serde_json::from_str(include_str!("../schema/audit-report.schema.json")).expect("the schema is JSON")
}

fn chromium() -> String {
    let path = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    assert!(Path::new(&path).is_file(), "Chromium not found at {path}: apt-get install chromium, or set CHROMIUM");
    path
}

fn run(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_consent-banner")).arg("audit").args(args).current_dir(common::repo()).output().expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    out
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("consent-banner-audit-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const REGISTRY: &str = r#"{
  "portal": {"name": "Test", "address": "https://test.example"},
  "categories": [
    {"id": "necessary", "necessary": true, "title": "Necessary", "cookies": [
      {"provider": "Us", "function": "Consent", "names": ["cookies_preferences"], "purposes": "The choice", "duration": "6 months"},
      {"provider": "Us", "function": "Session", "names": ["sid"], "purposes": "Sign-in", "duration": "2 weeks"}
    ]},
    {"id": "statistics", "title": "Statistics", "storage": ["seen"], "cookies": [
      {"provider": "Them", "function": "Stats", "names": ["_stats*"], "purposes": "Counting", "duration": "1 day"}
    ]}
  ]
}"#;

/// A loopback server: `/` sets a cookie by header (a session cookie declared
/// with 2 weeks), one by script (optional, without consent), a storage key
/// and an IndexedDB database, and links to `/two`.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).map(|n| n == 0).unwrap_or(true) || h == "\r\n" {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (extra, body) = match path.as_str() {
                    "/" => (
                        "Set-Cookie: sid=1; Path=/; HttpOnly; SameSite=Strict\r\n",
                        "<!doctype html><html lang=\"en\"><title>One</title><a href=\"/two\">two</a><script src=\"/s.js\"></script>",
                    ),
                    "/s.js" => ("", "document.cookie = '_stats_id=1; path=/; max-age=3600'; localStorage.setItem('seen', '1'); indexedDB.open('statsdb');"),
                    "/two" => ("", "<!doctype html><html lang=\"en\"><title>Two</title><a href=\"/\">one</a>"),
                    _ => ("", "not found"),
                };
                let kind = if path.ends_with(".js") { "text/javascript" } else { "text/html; charset=utf-8" };
                let _ = write!(
                    &stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
                    body.len()
                );
            });
        }
    });
    base
}

#[test]
fn the_report_schema_is_a_valid_draft_2020_12_schema() {
    jsonschema::meta::validate(&schema()).expect("valid against the draft 2020-12 meta-schema");
}

#[test]
fn the_json_report_of_a_real_run_validates_against_its_schema() {
    let chromium = chromium();
    let dir = scratch("json");
    let registry = dir.join("registry.json");
    std::fs::write(&registry, REGISTRY).unwrap();
    let base = serve();
    let out = run(&[
        &format!("{base}/"),
        "--registry",
        registry.to_str().unwrap(),
        "--pages",
        "2",
        "--format",
        "json",
        "--page-timeout",
        "5",
        "--settle",
        "200",
        "--chromium",
        &chromium,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON: {e}; stderr: {stderr}"));
    let validator = jsonschema::draft202012::new(&schema()).expect("the schema compiles");
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Exit 1: _stats_id and "seen" without consent.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let codes: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["name"].as_str().unwrap()))
        .collect();
    for expected in [
        ("optional-without-consent", "_stats_id"),
        ("optional-without-consent", "seen"),
        ("session-declared-with-duration", "sid"),
        ("undeclared", "statsdb"),
    ] {
        assert!(codes.contains(&expected), "{expected:?} in {codes:?}");
    }
    assert_eq!(report["visits"][0]["pages"].as_array().unwrap().len(), 2, "the link was followed");
    let sid = report["visits"][0]["cookies"].as_array().unwrap().iter().find(|c| c["name"] == "sid").expect("sid seen");
    assert_eq!((sid["http_only"].as_bool(), sid["same_site"].as_str(), sid["session"].as_bool()), (Some(true), Some("Strict"), Some(true)));
    assert_eq!(sid["set_by"][0]["url"], format!("{base}/"));
    // The same run's text report names the same findings.
    let text = run(&[
        &format!("{base}/"),
        "--registry",
        registry.to_str().unwrap(),
        "--pages",
        "1",
        "--page-timeout",
        "5",
        "--settle",
        "200",
        "--chromium",
        &chromium,
    ]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("violation: _stats_id [no choice]: cookie _stats_id of the optional category \"statistics\""), "{stdout}");
    assert!(stdout.contains(&format!("set by: document.cookie from {base}/s.js:1:")), "{stdout}");
}

#[test]
fn an_invalid_registry_stops_with_the_checkers_problems_and_exit_2() {
    let dir = scratch("invalid");
    let registry = dir.join("registry.json");
    std::fs::write(&registry, r#"{"portal": {"name": "X", "address": "x"}, "categories": []}"#).unwrap();
    let out = run(&["http://127.0.0.1:9/", "--registry", registry.to_str().unwrap(), "--chromium", "/nonexistent"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[R010]") && stderr.contains("[R027]"), "{stderr}");
    assert!(stderr.contains("invalid registry (2 problems); fix it first (consent-banner check)"), "{stderr}");
}

#[test]
fn a_missing_chromium_or_registry_file_is_exit_2_with_what_to_do() {
    let dir = scratch("missing");
    let registry = dir.join("registry.json");
    std::fs::write(&registry, REGISTRY).unwrap();
    let out = run(&["http://127.0.0.1:9/", "--registry", registry.to_str().unwrap(), "--chromium", "/nonexistent/chromium"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Chromium not found at /nonexistent/chromium: install it (Debian: apt-get install chromium)"), "{stderr}");
    let out = run(&["http://127.0.0.1:9/", "--registry", dir.join("none.json").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("none.json: cannot be read"));
}
