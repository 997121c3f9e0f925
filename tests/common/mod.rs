//! Fixtures shared by the native test files: the small registry (from the
//! crate's `testing` module), the demo portals' registries (the same files
//! the browser loads from www/registries/), the seeds, a decision's
//! environment.
#![allow(dead_code, unused_imports)]

use consent_banner::registry::Registry;
use consent_banner::value::Value;

/// The small registry every test file mutates (the crate's one copy, also
/// behind its doc examples): as JSON text, and validated.
pub use consent_banner::testing::{small, SMALL};
use std::path::PathBuf;

pub const PORTALS: [&str; 5] = ["babel", "datartibus", "inai", "dgal", "cloudbirst"];

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn json(text: &str) -> Value<'_> {
    serde_json::from_str(text).expect("test JSON is valid")
}

pub fn portal_registry(name: &str) -> Registry {
    let path = repo().join("www/registries").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Registry::from_value(&json(&text)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn seed(name: &str) -> String {
    let path = repo().join("tests/fixtures/seeds").join(format!("{name}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed's table rows: provider, function and location, names, purposes.
/// Rows are tab-separated, or (dgal) one cell per paragraph.
pub fn seed_rows(text: &str) -> Vec<[String; 4]> {
    let start = text.find("Service provider's name").expect("seed has a table");
    let cells: Vec<String> = text[start..]
        .lines()
        .flat_map(|l| l.split('\t'))
        .map(|c| c.trim().replace("\\_", "_"))
        .filter(|c| !c.is_empty())
        .skip(4)
        .collect();
    assert_eq!(cells.len() % 4, 0, "seed table cells come in fours");
    cells.chunks(4).map(|c| [c[0].clone(), c[1].clone(), c[2].clone(), c[3].clone()]).collect()
}

/// The seed's prose lines (everything before the table), without Markdown marks.
pub fn seed_prose(text: &str) -> Vec<String> {
    let end = text.find("Service provider's name").expect("seed has a table");
    text[..end]
        .lines()
        .map(|l| l.trim_start_matches('#').trim().replace(['<', '>'], ""))
        .filter(|l| !l.is_empty())
        .collect()
}

/// A decision's environment: `now`, this consent id, a page at
/// `https://portal.example.test/` (or `http://` when not `secure`) with no
/// cookies, the default options, nothing loaded yet; decided by a click.
pub fn env(now: u64, consent_id: &str, secure: bool) -> consent_banner::decision::Env<'static> {
    use consent_banner::decision::{Env, Options, Page};
    let page: &'static Page = Box::leak(Box::new(page(secure, "")));
    let options: &'static Options = Box::leak(Box::new(Options::default()));
    Env {
        now,
        consent_id: consent_id.into(),
        by: consent_banner::record::DecidedBy::Click,
        lang: consent_banner::i18n::Lang::En,
        page,
        options,
        loaded: &[],
    }
}

/// The page at `portal.example.test`, path `/data/page`, with these cookies.
pub fn page(secure: bool, cookie_header: &str) -> consent_banner::decision::Page {
    let scheme = if secure { "https" } else { "http" };
    consent_banner::decision::Page {
        secure,
        host: "portal.example.test".into(),
        path: "/data/page".into(),
        origin: format!("{scheme}://portal.example.test"),
        html_lang: "en".into(),
        languages: "en-US,en".into(),
        gpc: false,
        cookie_header: cookie_header.into(),
    }
}
