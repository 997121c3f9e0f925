//! Proof of consent: a receipt per decision, kept in a bounded log in the
//! visitor's localStorage (and optionally sent to the portal's endpoint), so
//! the portal can show what was shown and what was chosen.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::value::Value;

use crate::i18n::Lang;
use crate::record::ConsentRecord;
use crate::registry::Registry;

/// The localStorage key of the receipt log. A necessary category must
/// declare it under `storage` for the log to be kept.
pub const STORAGE_KEY: &str = "consent-banner:receipts";

/// How many receipts the log keeps (the oldest go first).
pub const MAX_RECEIPTS: usize = 20;

/// One decision, as kept for proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The random consent id, also in the `cookies_preferences` cookie.
    pub id: String,
    /// Decision time, Unix seconds.
    pub time: u64,
    /// The registry revision that was shown.
    pub revision: String,
    /// Category id → accepted.
    pub choices: BTreeMap<String, bool>,
    /// The language the dialog was shown in.
    pub language: String,
    /// `click`, `api` or `gpc`.
    pub origin: String,
    /// The page where the decision was made (origin and path).
    pub page: String,
}

impl Receipt {
    /// The receipt of a record.
    pub fn new(record: &ConsentRecord, lang: Lang, page: &str) -> Receipt {
        Receipt {
            id: record.id.clone(),
            time: record.time,
            revision: record.revision.clone(),
            choices: record.choices.iter().cloned().collect(),
            language: lang.code().to_owned(),
            origin: record.origin.as_str().to_owned(),
            page: page.to_owned(),
        }
    }
}

/// Appends a receipt to the log, dropping the oldest beyond [`MAX_RECEIPTS`].
pub fn append(mut log: Vec<Receipt>, receipt: Receipt) -> Vec<Receipt> {
    log.push(receipt);
    let excess = log.len().saturating_sub(MAX_RECEIPTS);
    log.drain(..excess);
    log
}

/// Whether the registry declares the receipt log as necessary storage
/// (nothing undeclared is ever stored).
pub fn declared(registry: &Registry) -> bool {
    registry.categories.iter().filter(|c| c.necessary).any(|c| c.storage.iter().any(|p| p.matches(STORAGE_KEY)))
}

/// Reads a stored log back; entries that are not receipts are dropped, and
/// text that is not a JSON list gives an empty log.
pub fn read_log(text: &str) -> Vec<Receipt> {
    let Ok(Value::Array(items)) = Value::parse(text) else { return Vec::new() };
    items.iter().filter_map(Receipt::from_value).collect()
}

impl Receipt {
    fn from_value(v: &Value) -> Option<Receipt> {
        let s = |k: &str| match v.get(k) {
            Some(Value::String(x)) => Some(x.clone()),
            _ => None,
        };
        let time = match v.get("time") {
            Some(Value::Number(n)) if *n >= 0.0 => *n as u64,
            _ => return None,
        };
        let choices = match v.get("choices") {
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, on)| match on {
                    Value::Bool(b) => Some((k.clone(), *b)),
                    _ => None,
                })
                .collect::<Option<BTreeMap<String, bool>>>()?,
            _ => return None,
        };
        Some(Receipt {
            id: s("id")?,
            time,
            revision: s("revision")?,
            choices,
            language: s("language")?,
            origin: s("origin")?,
            page: s("page")?,
        })
    }
}
