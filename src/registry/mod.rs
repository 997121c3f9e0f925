//! The registry: what a portal administrator declares once — the portal, its
//! cookie categories, and under each category its cookies and gated scripts.
//!
//! [`Registry::from_value`] validates a JSON value and names the exact place
//! of the first problem, e.g. `categories[1].cookies[0].names: is empty`
//! (what the browser needs: it fails closed); [`Registry::check_value`] and
//! [`crate::check`] report every problem, from the same rules, each with a
//! stable code ([`ProblemCode`]). Every string and list is bounded
//! ([`limits`]).
//!
//! The module is layered, bottom to top, so that what the rules check
//! against can use the model without a circle of imports:
//!
//! - `model` — the types (this module re-exports them: [`Registry`],
//!   [`Category`], [`Cookie`], [`Text`]…); it imports no other part of the core
//!   but the language codes and the Consent Mode types;
//! - [`limits`] — the bounds on every string and list;
//! - `fingerprint` — the per-category fingerprint and the registry's revision;
//! - `validate` — the rules, from JSON to the model; above
//!   [`crate::record`], [`crate::receipt`] and [`crate::consent_mode`], which
//!   use only the model.
//!
//! ```
//! use consent_banner::{registry::Registry, value::Value};
//! # fn obj<'a>(m: Vec<(&'a str, Value<'a>)>) -> Value<'a> { Value::Object(m.into_iter().map(|(k, v)| (k.into(), v)).collect()) }
//! # fn s(x: &str) -> Value<'_> { Value::String(x.into()) }
//! let cookie = |name: &'static str| obj(vec![
//!     ("provider", s("Opendatasoft")), ("function", s("Consent")),
//!     ("names", Value::Array(vec![s(name)])), ("purposes", s("Remember choices")),
//!     ("duration", s("6 months")),
//! ]);
//! let value = obj(vec![
//!     ("portal", obj(vec![("name", s("Babel")), ("address", s("https://babel.example"))])),
//!     ("categories", Value::Array(vec![obj(vec![
//!         ("id", s("necessary")), ("necessary", Value::Bool(true)),
//!         ("title", s("Necessary")), ("cookies", Value::Array(vec![cookie("cookies_preferences")])),
//!     ])])),
//! ]);
//! let registry = Registry::from_value(&value)?;
//! assert_eq!(registry.categories[0].id, "necessary");
//! # Ok::<(), consent_banner::error::RegistryError>(())
//! ```

pub(crate) mod fingerprint;
pub mod limits;
pub(crate) mod model;
mod validate;

pub use model::{Category, Cookie, Lifetime, NamePattern, Portal, Registry, Text, Unit};
pub use validate::PLACEHOLDER;
pub(crate) use validate::{syntax_problem, utf8_text};
