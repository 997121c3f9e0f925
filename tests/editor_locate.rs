//! The registry editor's locator (src/editor/locate.rs), natively: the
//! editor itself is built for the browser only, this part is plain Rust.
extern crate alloc;

#[path = "../src/editor/locate.rs"]
#[allow(dead_code)]
mod locate;

use locate::{line_column_offset, path_range, place, Place};

const REGISTRY: &str = r#"{
  "portal": { "name": "Babel", "address": "ftp://babel" },
  "categories": [
    { "id": "necessary", "necessary": true, "cookies": [] },
    { "id": "stats", "title": {"en": "Statistics", "fr": "Statistiques"},
      "cookies": [
        { "provider": "Matomo", "names": [] , "note": "a \"quoted\" ] } text" }
      ]
    }
  ]
}"#;

fn at(path: &str) -> &'static str {
    &REGISTRY[path_range(REGISTRY, path)]
}

#[test]
fn a_key_path_gives_the_member_name_and_value() {
    assert_eq!(at("portal.address"), r#""address": "ftp://babel""#);
    assert_eq!(at("categories[1].title.fr"), r#""fr": "Statistiques""#);
}

#[test]
fn an_index_path_gives_the_element() {
    assert_eq!(at("categories[0]"), r#"{ "id": "necessary", "necessary": true, "cookies": [] }"#);
}

#[test]
fn strings_with_brackets_and_escaped_quotes_are_skipped_whole() {
    // The member before "names" in the same object, and an element after a
    // string holding `] }`, are still found.
    assert_eq!(at("categories[1].cookies[0].names"), r#""names": []"#);
    assert_eq!(at("categories[1].cookies[0].note"), r#""note": "a \"quoted\" ] } text""#);
}

#[test]
fn a_missing_member_points_at_the_deepest_part_that_exists() {
    // No "description" in categories[1]: its opening brace.
    let r = path_range(REGISTRY, "categories[1].description");
    assert_eq!(&REGISTRY[r.clone()], "{");
    assert_eq!(place(REGISTRY, r.start), Place { line: 5, column: 5, utf16: r.start as u32 });
    // An index past the end: the array's opening bracket.
    assert_eq!(at("categories[7].id"), "[");
}

#[test]
fn the_root_path_is_the_whole_value() {
    assert_eq!(at(""), REGISTRY);
}

#[test]
fn places_count_characters_and_utf16_units() {
    let text = "{\n  \"n\": \"é😀\", \"x\": 1}";
    let r = path_range(text, "x");
    let p = place(text, r.start);
    assert_eq!((p.line, p.column), (2, 14));
    // "{\n" is 2 units, then 2 spaces, "\"n\": \"" 6, é 1, 😀 2, "\", " 3.
    assert_eq!(p.utf16, 2 + 2 + 6 + 1 + 2 + 3);
    assert_eq!(text.encode_utf16().take(p.utf16 as usize).count(), p.utf16 as usize);
}

#[test]
fn a_syntax_error_line_and_byte_column_become_an_offset() {
    let text = "{\n  \"a\": ,\n}";
    assert_eq!(line_column_offset(text, 2, 8), text.find(',').unwrap());
    assert_eq!(line_column_offset(text, 9, 1), text.len());
    // Inside a multi-byte character: moved back to its start.
    assert_eq!(place("é", 1), Place { line: 1, column: 1, utf16: 0 });
}
