//! Google Consent Mode v2: which consent types a decision grants.
//!
//! A category lists the consent types it stands for (`"consent_mode":
//! ["analytics_storage"]`). Before any decision every type is denied except
//! `security_storage`; after one, a type is granted when the category that
//! lists it is accepted.
//!
//! The `default` command is pushed by the loader, synchronously, when the
//! script tag has `data-consent-mode`; the shell pushes one `update` per
//! decision and the stored choice again at start.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::record::ConsentRecord;
use crate::registry::model::Registry;

/// The consent types of Consent Mode v2, as written in a registry and in the
/// `gtag` commands, in [`ConsentType`] order. (scripts/build.mjs reads this
/// list to write the loader's synchronous `default` command: keep its form.)
pub const TYPES: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

/// A Consent Mode v2 consent type, as a category lists it
/// ([`crate::registry::Category::consent_mode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConsentType {
    /// `ad_storage`.
    AdStorage,
    /// `ad_user_data`.
    AdUserData,
    /// `ad_personalization`.
    AdPersonalization,
    /// `analytics_storage`.
    AnalyticsStorage,
    /// `functionality_storage`.
    FunctionalityStorage,
    /// `personalization_storage`.
    PersonalizationStorage,
    /// `security_storage`: granted whatever the choice.
    SecurityStorage,
}

impl ConsentType {
    /// Every type, in the order of [`TYPES`].
    pub const ALL: [ConsentType; TYPES.len()] = [
        ConsentType::AdStorage,
        ConsentType::AdUserData,
        ConsentType::AdPersonalization,
        ConsentType::AnalyticsStorage,
        ConsentType::FunctionalityStorage,
        ConsentType::PersonalizationStorage,
        ConsentType::SecurityStorage,
    ];

    /// The type's name (`analytics_storage`).
    pub fn as_str(self) -> &'static str {
        TYPES[self as usize]
    }

    /// The type with this name, if it is one.
    #[inline]
    pub fn parse(name: &str) -> Option<ConsentType> {
        TYPES.iter().position(|t| *t == name).map(|i| ConsentType::ALL[i])
    }
}

/// Whether the registry maps any category to a consent type.
pub fn enabled(registry: &Registry) -> bool {
    registry.categories.iter().any(|c| !c.consent_mode.is_empty())
}

/// The `update` command's state for a decision.
// `contains` would add a generic slice search to the wasm (58 B).
#[allow(clippy::manual_contains)]
pub fn update_state(registry: &Registry, record: &ConsentRecord) -> Vec<(&'static str, bool)> {
    let mut out = Vec::with_capacity(ConsentType::ALL.len());
    for &t in &ConsentType::ALL {
        let granted = t == ConsentType::SecurityStorage
            || registry.categories.iter().any(|c| c.consent_mode.iter().any(|m| *m == t) && (c.necessary || record.accepts(&c.id)));
        out.push((t.as_str(), granted));
    }
    out
}

/// The `update` command's state as JSON text:
/// `{"ad_storage":"denied",…,"security_storage":"granted"}`.
pub fn update_json(registry: &Registry, record: &ConsentRecord) -> String {
    let mut out = String::from("{");
    for (i, (t, granted)) in update_state(registry, record).into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(t);
        out.push_str(if granted { "\":\"granted\"" } else { "\":\"denied\"" });
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_is_named_by_its_entry_of_types() {
        for (i, t) in ConsentType::ALL.into_iter().enumerate() {
            assert_eq!(t as usize, i, "{t:?} is in ALL at its own place");
            // `AnalyticsStorage` → `analytics_storage`
            let mut snake = String::new();
            for c in format!("{t:?}").chars() {
                if c.is_ascii_uppercase() && !snake.is_empty() {
                    snake.push('_');
                }
                snake.push(c.to_ascii_lowercase());
            }
            assert_eq!(t.as_str(), snake);
            assert_eq!(ConsentType::parse(&snake), Some(t));
        }
        assert_eq!(ConsentType::parse("analytics"), None);
    }
}
