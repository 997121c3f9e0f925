//! The JSON Schema (schema/registry.schema.json) and the Rust validator agree
//! on every registry of the corpus (tests/fixtures/registries/): both accept
//! each file of `valid/`, both refuse each file of `invalid/` — except the
//! few files, listed below, whose only fault is one of the rules between
//! distant parts of a registry that a JSON Schema cannot express.

mod common;

use consent_banner::check::check_bytes;
use std::path::{Path, PathBuf};

/// Files of `invalid/` the schema accepts, and why: each breaks only a rule
/// the schema's description lists as beyond it.
const BEYOND_THE_SCHEMA: [(&str, &str); 6] = [
    ("R006-duplicate-key", "JSON readers keep one of two equal keys, so the schema sees one"),
    ("R016-repeated-category-id", "uniqueness of a member across array items"),
    ("R022-consent-mode-twice", "uniqueness of values across two categories' lists"),
    ("R023-duplicate-name", "uniqueness of names across cookies and categories"),
    ("R024-overlap", "prefix patterns compared with the necessary categories' names"),
    ("R026-choice-too-long", "a length computed from every category id"),
];

fn schema() -> serde_json::Value {
    serde_json::from_str(include_str!("../schema/registry.schema.json")).expect("the schema is JSON")
}

fn corpus(kind: &str) -> Vec<PathBuf> {
    let dir = common::repo().join("tests/fixtures/registries").join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn stem(p: &Path) -> &str {
    p.file_stem().unwrap().to_str().unwrap()
}

/// The schema's verdict: bytes that are not JSON are refused before it.
fn schema_accepts(validator: &jsonschema::Validator, bytes: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(v) => validator.is_valid(&v),
        Err(_) => false,
    }
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::meta::validate(&s).expect("valid against the draft 2020-12 meta-schema");
}

#[test]
fn schema_and_validator_agree_on_every_file_of_the_corpus() {
    let validator = jsonschema::draft202012::new(&schema()).expect("the schema compiles");
    let (valid, invalid) = (corpus("valid"), corpus("invalid"));
    assert!(valid.len() >= 8 && invalid.len() >= 25, "the corpus has {} valid and {} invalid files", valid.len(), invalid.len());
    for path in &valid {
        let bytes = std::fs::read(path).unwrap();
        if let Err(problems) = check_bytes(&bytes) {
            panic!("{}: the validator refuses it: {problems:#?}", path.display());
        }
        assert!(schema_accepts(&validator, &bytes), "{}: the schema refuses it", path.display());
    }
    let mut codes_seen = std::collections::BTreeSet::new();
    for path in &invalid {
        let bytes = std::fs::read(path).unwrap();
        let name = stem(path);
        let code = &name[..4];
        let problems = check_bytes(&bytes).expect_err(name);
        assert!(problems.iter().any(|p| p.code.as_str() == code), "{name}: expected a {code} problem, got {problems:#?}");
        codes_seen.insert(code.to_owned());
        let beyond = BEYOND_THE_SCHEMA.iter().any(|(n, _)| *n == name);
        assert_eq!(
            schema_accepts(&validator, &bytes),
            beyond,
            "{name}: the schema {} it",
            if beyond { "no longer accepts (remove it from BEYOND_THE_SCHEMA)" } else { "accepts" }
        );
    }
    // Every rule has a file in the corpus.
    let all: std::collections::BTreeSet<String> =
        consent_banner::error::ProblemCode::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    assert_eq!(codes_seen, all, "one invalid file per rule at least");
}

#[test]
fn the_schema_says_which_rules_it_leaves_to_the_checker() {
    let description = schema()["description"].as_str().unwrap().to_owned();
    for (name, _) in BEYOND_THE_SCHEMA {
        assert!(description.contains(&name[..4]), "the schema's description should list {}", &name[..4]);
    }
}

#[test]
fn the_demo_and_benchmark_registries_name_the_schema_and_pass_both() {
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    let mut files: Vec<PathBuf> = common::PORTALS.iter().map(|p| common::repo().join(format!("www/registries/{p}.json"))).collect();
    files.push(common::repo().join("bench/targets/ours/registry.json"));
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let reference = v["$schema"].as_str().unwrap_or_else(|| panic!("{}: no $schema", path.display()));
        let target = path.parent().unwrap().join(reference);
        assert_eq!(
            std::fs::canonicalize(&target).ok(),
            std::fs::canonicalize(common::repo().join("schema/registry.schema.json")).ok(),
            "{}: $schema should lead to schema/registry.schema.json",
            path.display()
        );
        assert!(check_bytes(&bytes).is_ok(), "{}", path.display());
        assert!(validator.is_valid(&v), "{}: {:?}", path.display(), validator.iter_errors(&v).map(|e| e.to_string()).collect::<Vec<_>>());
    }
}
