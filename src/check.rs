//! The registry checker: every problem of a registry at once, each with its
//! JSON path, a stable code and an explanation that says how to fix it —
//! what `consent-banner check` prints. The browser uses the same rules
//! through [`Registry::from_json`], which stops at the first problem.
//!
//! ```
//! use consent_banner::check::check_json;
//! use consent_banner::error::ProblemCode;
//! let problems = check_json(r#"{"portal": {"name": "Demo", "address": "demo.example"}, "categories": []}"#)
//!     .unwrap_err();
//! assert_eq!(problems.len(), 2);
//! assert_eq!((problems[0].path.as_str(), problems[0].code.as_str()), ("portal.address", "R010"));
//! assert_eq!(problems[1].code, ProblemCode::NoCategories);
//! assert!(problems[1].message().contains("declare at least the necessary category"));
//! ```
//!
//! The codes and their rules are listed on [`ProblemCode`]; the limits on
//! strings and lists are in [`crate::registry::limits`].

#[allow(unused_imports)]
use crate::prelude::*;

pub use crate::error::{Problem, ProblemCode};
use crate::registry::{syntax_problem, utf8_text, Registry};
use crate::value::Value;

/// Checks registry JSON text: the registry, or every problem found (a text
/// that is not JSON has one problem, [`ProblemCode::Syntax`]).
pub fn check_json(text: &str) -> Result<Registry, Vec<Problem>> {
    let value = Value::parse(text).map_err(|e| vec![syntax_problem(&e)])?;
    Registry::check_value(&value)
}

/// Checks registry JSON given as bytes, as read from a file: UTF-8, with or
/// without a byte-order mark ([`ProblemCode::NotUtf8`] otherwise).
pub fn check_bytes(bytes: &[u8]) -> Result<Registry, Vec<Problem>> {
    check_json(utf8_text(bytes).map_err(|p| vec![p])?)
}
