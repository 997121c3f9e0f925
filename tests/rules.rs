//! The table of registry rules (`rules!` in src/error.rs) is the one source
//! of the codes: these tests fail when what is written about them elsewhere
//! drifts from it — the list in docs/problems.md, the codes the JSON Schema
//! names — or when the table itself breaks its numbering. (That every code
//! has a file in the corpus of invalid registries is checked by schema.rs.)

mod common;

use consent_banner::error::ProblemCode;

/// The `| code | rule |` pairs of docs/problems.md's table, in reading order
/// (the table has two pairs per row).
fn documented() -> Vec<(String, String)> {
    let path = common::repo().join("docs/problems.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut pairs = Vec::new();
    for line in text.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        for pair in cells.chunks(2) {
            if let [code, rule] = pair {
                if is_code(code) {
                    pairs.push((code.to_string(), rule.to_string()));
                }
            }
        }
    }
    pairs
}

fn is_code(s: &str) -> bool {
    s.len() == 4 && s.starts_with('R') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Every `Rnnn` in a text.
fn codes_in(text: &str) -> Vec<&str> {
    (0..text.len().saturating_sub(3))
        .filter(|&i| text.is_char_boundary(i) && text.is_char_boundary(i + 4))
        .map(|i| &text[i..i + 4])
        .filter(|s| is_code(s))
        .collect()
}

#[test]
fn the_codes_run_from_r001_without_a_gap() {
    for (i, code) in ProblemCode::ALL.iter().enumerate() {
        assert_eq!(code.as_str(), format!("R{:03}", i + 1), "{code:?}");
        assert_eq!(*code as usize, i, "{code:?} is in ALL at its own place");
        assert!(!code.summary().is_empty() && !code.template().is_empty(), "{code:?}");
    }
}

#[test]
fn docs_problems_md_lists_every_code_with_its_summary_in_code_order() {
    let table: Vec<(String, String)> =
        ProblemCode::ALL.iter().map(|c| (c.as_str().to_owned(), c.summary().to_owned())).collect();
    let mut listed = documented();
    // Two pairs per row: R001 | R016, R002 | R017…; code order is the sorted order.
    listed.sort();
    assert_eq!(
        listed, table,
        "docs/problems.md's table and the rules! table in src/error.rs disagree: give each code one row with the summary of ProblemCode::summary"
    );
}

#[test]
fn the_schema_names_only_codes_that_exist() {
    let schema = std::fs::read_to_string(common::repo().join("schema/registry.schema.json")).unwrap();
    let known: Vec<&str> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
    let named = codes_in(&schema);
    assert!(!named.is_empty(), "the schema's description names the rules it leaves to the checker");
    for code in named {
        assert!(known.contains(&code), "schema/registry.schema.json names {code}, which is not in the rules! table");
    }
}
