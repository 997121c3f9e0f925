//! The shared fixture of the doc examples, the unit tests and the
//! integration tests (tests/common/ re-exports it): a small registry (not
//! part of the API; native builds only).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::registry::Registry;
use crate::value::Value;

/// A small valid registry, as JSON text, for tests to mutate: a necessary
/// category (with `cookies_preferences`) and a statistics category whose
/// title is given in English and French.
pub const SMALL: &str = r#"{
  "portal": { "name": "Demo", "address": "https://demo.example" },
  "categories": [
    { "id": "necessary", "necessary": true, "title": "Necessary",
      "cookies": [ { "provider": "Demo", "function": "Consent", "names": ["sessionid", "cookies_preferences"],
                     "purposes": "Keep the session and the choice", "duration": "6 months" } ] },
    { "id": "statistics", "title": { "en": "Statistics", "fr": "Statistiques" },
      "cookies": [ { "provider": "Matomo", "function": "Audience", "names": ["_pk_id.*", "_pk_ses.*"],
                     "purposes": "Count visits", "duration": "13 months" } ] }
  ]
}"#;

/// [`SMALL`] as a JSON value.
pub fn small_registry() -> Value<'static> {
    Value::parse(SMALL).expect("SMALL is JSON")
}

/// [`SMALL`], validated.
pub fn small() -> Registry {
    Registry::from_value(&small_registry()).expect("SMALL is valid")
}
