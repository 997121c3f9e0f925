//! The `consent-banner` binary, run as a user would: exit statuses, messages
//! on bad input (never a panic), and the seeds' round trip from the policy
//! page to a checked registry and back to a policy document.

mod common;

use common::{repo, seed, seed_rows, PORTALS};
use consent_banner::policy_doc::unescape_markdown;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_consent-banner")).args(args).current_dir(repo()).output().expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    out
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 output")
}

/// A scratch folder for this test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("consent-banner-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn check_accepts_valid_registries_with_status_0() {
    let out = run(&["check", "www/registries/babel.json", "www/registries/dgal.json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "www/registries/babel.json: valid (2 categories, 6 cookies)\nwww/registries/dgal.json: valid (2 categories, 6 cookies)\n"
    );
}

#[test]
fn check_lists_every_problem_with_path_explanation_and_code_and_exits_1() {
    let dir = scratch("problems");
    let bad = write(
        &dir,
        "bad.json",
        br#"{"portal": {"name": "Demo", "address": "demo.example"}, "cookie_domain": "example.org; Path=/x",
            "categories": [{"id": "necessary", "necessary": true, "title": "N", "cookies": [
              {"provider": "P", "function": "F", "names": ["cookies_preferences"], "purposes": "X", "duration": "forever"}]}]}"#,
    );
    let out = run(&["check", "www/registries/inai.json", &bad]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "www/registries/inai.json: valid (2 categories, 6 cookies)");
    assert!(lines[1].starts_with(&format!("{bad}: portal.address: must start with https:// or http://")), "{text}");
    assert!(lines[1].ends_with("[R010]"));
    assert!(lines[2].starts_with(&format!("{bad}: cookie_domain: is not a domain name: give the domain alone")), "{text}");
    assert!(lines[3].contains("categories[0].cookies[0].duration: must be \"session\" or a number and a unit"), "{text}");
    assert_eq!(lines[4], format!("{bad}: invalid, 3 problems"));
    assert_eq!(lines.len(), 5);
}

#[test]
fn check_json_output_is_for_ci() {
    let out = run(&["check", "--format", "json", "tests/fixtures/registries/invalid/R024-overlap.json", "www/registries/babel.json"]);
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON on stdout");
    assert_eq!(v[0]["valid"], false);
    assert_eq!(v[0]["problems"][0]["code"], "R024");
    assert_eq!(v[0]["problems"][0]["path"], "categories[1].cookies[0].names[0]");
    assert!(v[0]["problems"][0]["message"].as_str().unwrap().contains("make the names distinct"));
    assert_eq!(v[1], serde_json::json!({ "file": "www/registries/babel.json", "valid": true, "problems": [] }));
}

#[test]
fn unreadable_files_exit_2_with_a_clear_message() {
    let dir = scratch("unreadable");
    let big = write(&dir, "big.json", &vec![b' '; 10 * 1024 * 1024]);
    let missing = dir.join("missing.json");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["check".into(), missing.to_str().unwrap().into()], "cannot be read: No such file"),
        (vec!["check".into(), dir.to_str().unwrap().into()], "is a directory; give the path of a file"),
        (vec!["check".into(), big.clone()], "is 10485760 bytes, over the limit of 4194304 bytes (4 MiB)"),
        (vec!["import".into(), big], "over the limit"),
        (vec!["import".into(), dir.to_str().unwrap().into()], "is a directory"),
        (vec!["policy".into(), missing.to_str().unwrap().into()], "cannot be read"),
        (vec!["check".into(), "--format".into(), "json".into(), dir.to_str().unwrap().into()], "is a directory"),
    ];
    for (args, words) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        let said = format!("{}{}", stderr(&out), stdout(&out));
        assert!(said.contains(words), "{args:?}: {said:?} should say {words:?}");
    }
}

#[test]
fn bad_usage_exits_2() {
    for args in [&[][..], &["check"], &["frobnicate"], &["policy", "www/registries/babel.json", "--lang", "de"], &["check", "--format", "xml", "x.json"]] {
        let out = run(args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}: says why");
    }
    assert_eq!(code(&run(&["--help"])), 0);
}

#[test]
fn non_utf8_registries_and_documents_are_refused_with_status_1() {
    let dir = scratch("latin1");
    let reg = write(&dir, "latin1.json", b"{\"portal\": {\"name\": \"Donn\xe9es\"}}");
    let out = run(&["check", &reg]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("registry: is not valid JSON (byte 26: not UTF-8 text; save the registry as UTF-8) [R002]"), "{}", stdout(&out));
    let doc = write(&dir, "latin1.txt", b"What cookies are used on the <https://x.example> platform\n\xe9\n");
    let out = run(&["import", &doc]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("byte 59: not UTF-8 text; save the policy document as UTF-8"), "{}", stderr(&out));
}

#[test]
fn import_refuses_what_is_not_a_policy_document_with_status_1_and_the_line() {
    let dir = scratch("import-bad");
    let header = "Service provider's name\tFunction and location\tCookie name(s)\tPurposes";
    let intro = "What cookies are used on the <https://x.example> platform\n\nNecessary cookies\n";
    let cases = [
        ("recipe.txt", "Pancakes\n\nMix flour and eggs.\n".to_owned(), "not a cookie policy in the platform's format"),
        ("empty-table.txt", format!("{intro}\n{header}\n\n"), "line 3: this category's table has no rows"),
        ("missing-cells.txt", format!("{intro}{header}\nAcme\tLogin\tsessionid\n"), "line 5: a table row has 3 filled cells of 4"),
        ("registry.json", std::fs::read_to_string(repo().join("www/registries/babel.json")).unwrap(), "not a cookie policy"),
        ("empty.txt", String::new(), "not a cookie policy"),
    ];
    for (name, text, words) in cases {
        let path = write(&dir, name, text.as_bytes());
        let out = run(&["import", &path]);
        assert_eq!(code(&out), 1, "{name}");
        assert!(stdout(&out).is_empty(), "{name}: no draft");
        assert!(stderr(&out).contains(words), "{name}: {:?} should say {words:?}", stderr(&out));
    }
}

#[test]
fn policy_prints_static_html_and_markdown_in_three_languages() {
    for (lang, heading) in [("en", "Cookies policy"), ("fr", "Politique"), ("es", "Política")] {
        let html = run(&["policy", "www/registries/dgal.json", "--lang", lang, "--format", "html"]);
        assert_eq!(code(&html), 0);
        let html = stdout(&html);
        assert!(html.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">")));
        assert!(html.contains(heading), "{lang}");
        assert!(html.contains("https://dgal.opendatasoft.com"));
        for banned in ["<script", "<style", "style=", "<link", "javascript:"] {
            assert!(!html.to_lowercase().contains(banned), "{lang}: {banned}");
        }
        // No event handler attributes in any tag.
        for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap()) {
            assert!(!tag.to_lowercase().contains(" on"), "{lang}: <{tag}>");
        }
        let md = run(&["policy", "www/registries/dgal.json", "--lang", lang, "--format", "markdown"]);
        assert_eq!(code(&md), 0);
        assert!(stdout(&md).starts_with(&format!("## {heading}")), "{lang}");
    }
    assert!(stdout(&run(&["policy", "www/registries/dgal.json"])).starts_with("<!DOCTYPE html>"), "HTML and English by default");
    let out = run(&["policy", "tests/fixtures/registries/invalid/R019-duration.json"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("categories[1].cookies[0].duration: must be \"session\""), "{}", stderr(&out));
}

#[test]
fn schema_prints_the_committed_schema() {
    let out = run(&["schema"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), std::fs::read_to_string(repo().join("schema/registry.schema.json")).unwrap());
}

/// Replaces every placeholder of a draft with a value of the right type.
fn fill(v: &mut serde_json::Value, key: &str) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                fill(x, k);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| fill(x, key)),
        serde_json::Value::String(s) if s.starts_with("TODO:") => {
            *v = match key {
                "duration" => "6 months".into(),
                "necessary" => false.into(),
                _ => "Filled in".into(),
            }
        }
        _ => {}
    }
}

#[test]
fn seeds_round_trip_from_policy_page_to_registry_to_policy_document() {
    let dir = scratch("round-trip");
    for name in PORTALS {
        let seed_path = format!("tests/fixtures/seeds/{name}.txt");
        let imported = run(&["import", &seed_path]);
        assert_eq!(code(&imported), 0, "{name}: {}", stderr(&imported));
        let draft = write(&dir, &format!("{name}-draft.json"), &imported.stdout);

        // The checker reports the placeholders, and nothing else.
        let checked = run(&["check", "--format", "json", &draft]);
        assert_eq!(code(&checked), 1, "{name}");
        let report: serde_json::Value = serde_json::from_str(&stdout(&checked)).unwrap();
        let problems = report[0]["problems"].as_array().unwrap();
        let rows = seed_rows(&seed(name));
        assert_eq!(problems.len(), 1 + rows.len(), "{name}: the portal's name and each cookie's duration");
        assert!(problems.iter().all(|p| p["code"] == "R028"), "{name}: {problems:#?}");

        // Filled in, it is valid, and its policy carries the seed's whole table.
        let mut v: serde_json::Value = serde_json::from_slice(&imported.stdout).unwrap();
        fill(&mut v, "");
        let filled = write(&dir, &format!("{name}.json"), v.to_string().as_bytes());
        let checked = run(&["check", &filled]);
        assert_eq!(code(&checked), 0, "{name}: {}", stdout(&checked));
        let md = run(&["policy", &filled, "--format", "markdown"]);
        assert_eq!(code(&md), 0);
        let text = unescape_markdown(&stdout(&md));
        let address = if name == "cloudbirst" { "https://cloudbirst.my.opendatasoft.com".to_owned() } else { format!("https://{name}.opendatasoft.com") };
        assert!(text.contains(&address), "{name}: the portal's address");
        for row in &rows {
            let line = text.lines().find(|l| l.contains(&format!("| {} |", row[2]))).unwrap_or_else(|| panic!("{name}: no row for {}", row[2]));
            for cell in row {
                assert!(line.contains(&format!("| {cell} |")), "{name}: {cell:?} missing from {line:?}");
            }
        }
    }
}

/// A stand-in for a released bundle: a script holding the registry's place
/// of this version once, as scripts/build.mjs writes it.
fn bundle_stand_in(dir: &Path) -> String {
    let place = format!("\"consent-banner: the registry's place, {}\"", env!("CARGO_PKG_VERSION"));
    write(dir, "consent-banner.bundle.js", format!("\u{feff}(function(){{var r={place};}})();").as_bytes())
}

#[test]
fn bundle_writes_the_checked_registry_into_the_bundle_and_prints_its_integrity() {
    let dir = scratch("bundle");
    let from = bundle_stand_in(&dir);
    let out_path = dir.join("portal.bundle.js");
    let out = run(&["bundle", "www/registries/babel.json", "--from", &from, "--out", out_path.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = std::fs::read_to_string(&out_path).unwrap();
    let registry = std::fs::read_to_string(repo().join("www/registries/babel.json")).unwrap();
    // The registry's text, as one JavaScript string literal, in the place.
    let literal = serde_json::to_string(registry.trim()).unwrap();
    assert_eq!(written, format!("\u{feff}(function(){{var r={literal};}})();"));
    // The literal reads back as the registry's very text.
    let back: String = serde_json::from_str(&literal).unwrap();
    assert_eq!(back, registry.trim());
    // The printed tag carries the file's integrity value, and no data-registry.
    let printed = stdout(&out);
    let integrity = printed.split("integrity=\"").nth(1).and_then(|s| s.split('"').next()).expect("an integrity value");
    assert!(integrity.starts_with("sha384-") && integrity.len() == 7 + 64, "{integrity}");
    let tag = printed.lines().find(|l| l.trim_start().starts_with("<script")).expect("the tag");
    assert!(!tag.contains("data-registry"), "{tag}");
    assert!(printed.contains("portal.bundle.js"), "{printed}");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).filter(|n| n.to_string_lossy().ends_with(".partial")).collect();
    assert!(left.is_empty(), "no temporary file left: {left:?}");
}

#[test]
fn bundle_refuses_an_invalid_registry_with_status_1_and_writes_nothing() {
    let dir = scratch("bundle-invalid");
    let from = bundle_stand_in(&dir);
    let bad = write(&dir, "bad.json", br#"{"portal":{"name":"P","address":"https://p.example"},"default_language":"en","categories":[]}"#);
    let out_path = dir.join("portal.bundle.js");
    let out = run(&["bundle", &bad, "--from", &from, "--out", out_path.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("[R0"), "the problem's code: {err}");
    assert!(err.contains("invalid registry; nothing written"), "{err}");
    assert!(!out_path.exists(), "nothing written");
}

#[test]
fn bundle_refuses_a_file_without_the_registrys_place_with_status_2() {
    let dir = scratch("bundle-noplace");
    let from = bundle_stand_in(&dir);
    let once = dir.join("once.js");
    let twice = dir.join("twice.js");
    assert_eq!(code(&run(&["bundle", "www/registries/babel.json", "--from", &from, "--out", once.to_str().unwrap()])), 0);
    // A bundle a registry was already written into, the loader, a binary file.
    let loader = write(&dir, "consent-banner.js", b"(function(){var r=null;})();");
    let binary = write(&dir, "x.wasm", &[0, 0x61, 0x73, 0x6d, 0xff, 0xfe]);
    for (given, says) in [
        (once.to_str().unwrap().to_owned(), "holds no place for a registry"),
        (loader, "holds no place for a registry"),
        (binary, "is not UTF-8 text"),
    ] {
        let out = run(&["bundle", "www/registries/babel.json", "--from", &given, "--out", twice.to_str().unwrap()]);
        assert_eq!(code(&out), 2, "{given}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{given}: {}", stderr(&out));
        assert!(!twice.exists(), "nothing written for {given}");
    }
    // An output that cannot be written.
    let out = run(&["bundle", "www/registries/babel.json", "--from", &from, "--out", dir.join("no/such/dir/x.js").to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot be written"), "{}", stderr(&out));
}
