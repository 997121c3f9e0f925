//! Proof of consent: a receipt per decision, kept in a bounded log in the
//! visitor's localStorage (and optionally sent to the portal's endpoint), so
//! the portal can show what was shown and what was chosen.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::{Serialize, Serializer};

use crate::value::Value;

use crate::i18n::Lang;
use crate::record::{ConsentRecord, DecidedBy};
use crate::registry::model::Registry;

/// The localStorage key of the receipt log. A necessary category must
/// declare it under `storage` for the log to be kept.
pub const STORAGE_KEY: &str = "consent-banner:receipts";

/// How many receipts the log keeps (the oldest go first).
pub const MAX_RECEIPTS: usize = 20;

/// One decision, as kept for proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// The random consent id, also in the `cookies_preferences` cookie.
    pub id: String,
    /// Decision time, Unix seconds.
    pub time: u64,
    /// The registry revision that was shown.
    pub revision: String,
    /// Category id → accepted, in the registry's order (a JSON object).
    #[serde(serialize_with = "as_object")]
    pub choices: Vec<(String, bool)>,
    /// The language the dialog was shown in (its code in JSON).
    #[serde(serialize_with = "lang_code")]
    pub language: Lang,
    /// Who decided (`click`, `api` or `gpc` in JSON).
    #[serde(serialize_with = "decided_by_word")]
    pub origin: DecidedBy,
    /// The page where the decision was made (origin and path).
    pub page: String,
}

fn lang_code<S: Serializer>(lang: &Lang, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(lang.code())
}

fn decided_by_word<S: Serializer>(by: &DecidedBy, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(by.as_str())
}

fn as_object<S: Serializer>(choices: &[(String, bool)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(choices.iter().map(|(k, v)| (k, v)))
}

impl Receipt {
    /// Whether the receipt records this category as accepted (`None` when absent).
    pub fn choice(&self, id: &str) -> Option<bool> {
        self.choices.iter().find(|(k, _)| k == id).map(|(_, on)| *on)
    }

    /// The receipt of a record.
    pub fn new(record: &ConsentRecord, lang: Lang, page: &str) -> Receipt {
        Receipt {
            id: record.id.clone(),
            time: record.time,
            revision: record.revision.clone(),
            choices: record.choices.clone(),
            language: lang,
            origin: record.decided_by,
            page: page.to_owned(),
        }
    }
}

impl Receipt {
    /// The receipt as JSON text, the same as its `Serialize` output through
    /// `serde_json` (written by hand so the wasm needs no serializer).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        out.push_str("{\"id\":");
        crate::util::push_json_str(out, &self.id);
        out.push_str(",\"time\":");
        crate::util::push_decimal(out, self.time);
        out.push_str(",\"revision\":");
        crate::util::push_json_str(out, &self.revision);
        out.push_str(",\"choices\":{");
        for (i, (id, on)) in self.choices.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            crate::util::push_json_str(out, id);
            out.push_str(if *on { ":true" } else { ":false" });
        }
        out.push_str("},\"language\":");
        crate::util::push_json_str(out, self.language.code());
        out.push_str(",\"origin\":");
        crate::util::push_json_str(out, self.origin.as_str());
        out.push_str(",\"page\":");
        crate::util::push_json_str(out, &self.page);
        out.push('}');
    }
}

/// The current decision as the JSON the page's API returns
/// (`consentBanner.getConsent()`, the `consent` of `consent:*` events):
/// `{"id", "time", "revision", "origin", "categories": {id: bool}}`.
pub fn consent_json(record: &ConsentRecord) -> String {
    let mut out = String::from("{\"id\":");
    crate::util::push_json_str(&mut out, &record.id);
    out.push_str(",\"time\":");
    crate::util::push_decimal(&mut out, record.time);
    out.push_str(",\"revision\":");
    crate::util::push_json_str(&mut out, &record.revision);
    out.push_str(",\"origin\":");
    crate::util::push_json_str(&mut out, record.decided_by.as_str());
    out.push_str(",\"categories\":{");
    for (i, (id, on)) in record.choices.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::util::push_json_str(&mut out, id);
        out.push_str(if *on { ":true" } else { ":false" });
    }
    out.push_str("}}");
    out
}

/// The log as JSON text (a list of receipts), as stored in localStorage.
pub fn log_json(log: &[Receipt]) -> String {
    let mut out = String::from("[");
    for (i, r) in log.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        r.write_json(&mut out);
    }
    out.push(']');
    out
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
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        if let Some(r) = Receipt::from_value(item) {
            out.push(r);
        }
    }
    out
}

impl Receipt {
    fn from_value(v: &Value) -> Option<Receipt> {
        let s = |k: &str| match v.get(k) {
            Some(Value::String(x)) => Some(String::from(&**x)),
            _ => None,
        };
        let time = match v.get("time") {
            Some(Value::Number(n)) if *n >= 0.0 => *n as u64,
            _ => return None,
        };
        let Some(Value::Object(m)) = v.get("choices") else { return None };
        let mut choices = Vec::with_capacity(m.len());
        for (k, on) in m {
            let Value::Bool(b) = on else { return None };
            choices.push((String::from(&**k), *b));
        }
        Some(Receipt {
            id: s("id")?,
            time,
            revision: s("revision")?,
            choices,
            language: Lang::from_tag(&s("language")?)?,
            origin: DecidedBy::parse(&s("origin")?)?,
            page: s("page")?,
        })
    }
}
