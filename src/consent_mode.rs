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

/// The consent types of Consent Mode v2.
pub const TYPES: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

/// Whether the registry maps any category to a consent type.
pub fn enabled(registry: &Registry) -> bool {
    registry.categories.iter().any(|c| !c.consent_mode.is_empty())
}

/// The `update` command's state for a decision.
pub fn update_state(registry: &Registry, record: &ConsentRecord) -> Vec<(&'static str, bool)> {
    TYPES
        .iter()
        .map(|t| {
            let granted = *t == "security_storage"
                || registry
                    .categories
                    .iter()
                    .any(|c| c.consent_mode.iter().any(|m| m == t) && (c.necessary || record.accepts(&c.id)));
            (*t, granted)
        })
        .collect()
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
