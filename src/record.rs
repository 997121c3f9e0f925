//! The `cookies_preferences` value: what was decided, when, against which
//! registry revision, under which random consent id.
//!
//! Format v1 is a URL query string, so a server reads it with any query
//! parser (Python: `dict(urllib.parse.parse_qsl(value))`):
//!
//! ```text
//! v=1&r=3f9a1c2e&t=1763845000&id=8f2c1e0b9a7d6c5e&o=click&c.necessary=1&c.statistics=0&k=08e2.7c1d
//! ```
//!
//! `c.<category>` is `1` (accepted) or `0` (refused); `k` lists each
//! category's fingerprint when decided, in the order of the `c.` fields
//! (see [`ConsentRecord::carried_over`]).
//!
//! ```
//! use consent_banner::record::{ConsentRecord, DecidedBy};
//! let rec = ConsentRecord {
//!     revision: "3f9a1c2e".into(), time: 1_763_845_000, id: "8f2c1e0b9a7d6c5e".into(),
//!     decided_by: DecidedBy::Click,
//!     choices: vec![("necessary".into(), true), ("statistics".into(), false)],
//!     fingerprints: vec![("necessary".into(), "08e2".into()), ("statistics".into(), "7c1d".into())],
//! };
//! let text = rec.encode();
//! assert_eq!(text, "v=1&r=3f9a1c2e&t=1763845000&id=8f2c1e0b9a7d6c5e&o=click&c.necessary=1&c.statistics=0&k=08e2.7c1d");
//! assert_eq!(ConsentRecord::decode(&text), Ok(rec));
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::RecordError;
use crate::registry::fingerprint::FINGERPRINT_LEN;
use crate::registry::model::{Category, Registry};

/// The cookie that stores the choice.
pub const CONSENT_COOKIE: &str = "cookies_preferences";

/// The longest value read back; longer ones are treated as tampered.
pub const MAX_LEN: usize = 1024;

/// How far in the future a decision time may be before it is refused: one
/// minute. The time is written by the visitor's own browser, so a later one
/// only comes from a clock set back (a correction of a few seconds is
/// tolerated) or from a forged value, which means "ask again".
pub const CLOCK_SKEW_SECS: u64 = 60;

/// The longest consent id read back.
const ID_MAX: usize = 64;

/// Who made a decision: the visitor, a page script or the browser's
/// signal. (Stored as the record's `o` and the receipt's `origin`; not the
/// page's web origin.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecidedBy {
    /// The visitor clicked a button in the dialog.
    Click,
    /// A page script called the JS API.
    Api,
    /// The browser's Global Privacy Control signal.
    Gpc,
}

impl DecidedBy {
    /// The word stored in the record.
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::Click => "click",
            DecidedBy::Api => "api",
            DecidedBy::Gpc => "gpc",
        }
    }
    /// The value for a stored word (`click`, `api`, `gpc`).
    pub fn parse(s: &str) -> Option<DecidedBy> {
        match s {
            "click" => Some(DecidedBy::Click),
            "api" => Some(DecidedBy::Api),
            "gpc" => Some(DecidedBy::Gpc),
            _ => None,
        }
    }
}

/// One decision, as stored in `cookies_preferences`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRecord {
    /// [`Registry::revision`] shown when the decision was made.
    pub revision: String,
    /// Decision time, Unix seconds.
    pub time: u64,
    /// Random consent id (hex), to match the record with a receipt.
    pub id: String,
    /// Who made the decision (stored as `o`).
    pub decided_by: DecidedBy,
    /// Category id → accepted, in registry order.
    pub choices: Vec<(String, bool)>,
    /// Category id → [`crate::registry::Category::fingerprint`] when decided
    /// (one per entry of `choices`, same order), so that after a registry
    /// change the choices of unchanged categories can be offered again.
    pub fingerprints: Vec<(String, String)>,
}

fn is_word(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl ConsentRecord {
    /// Whether the category was accepted in this record.
    pub fn accepts(&self, category: &str) -> bool {
        self.choices.iter().any(|(c, on)| c == category && *on)
    }

    /// The stored form (format v1).
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(64 + self.choices.len() * 24);
        s.push_str("v=1&r=");
        s.push_str(&self.revision);
        s.push_str("&t=");
        crate::util::push_decimal(&mut s, self.time);
        s.push_str("&id=");
        s.push_str(&self.id);
        s.push_str("&o=");
        s.push_str(self.decided_by.as_str());
        for (c, on) in &self.choices {
            s.push_str("&c.");
            s.push_str(c);
            s.push_str(if *on { "=1" } else { "=0" });
        }
        if !self.fingerprints.is_empty() {
            s.push_str("&k=");
            for (i, (_, f)) in self.fingerprints.iter().enumerate() {
                if i > 0 {
                    s.push('.');
                }
                s.push_str(f);
            }
        }
        s
    }

    /// Reads a stored value. Anything but a well-formed v1 value is an error.
    pub fn decode(s: &str) -> Result<ConsentRecord, RecordError> {
        if s.is_empty() {
            return Err(RecordError::Missing);
        }
        if s.len() > MAX_LEN {
            return Err(RecordError::TooLong);
        }
        let mut fields = s.split('&').map(|f| f.split_once('=').ok_or(RecordError::Malformed));
        match fields.next() {
            Some(Ok(("v", "1"))) => {}
            Some(Ok(("v", _))) => return Err(RecordError::UnknownVersion),
            _ => return Err(RecordError::Malformed),
        }
        let (mut revision, mut time, mut id, mut decided_by) = (None, None, None, None);
        let mut choices: Vec<(String, bool)> = Vec::new();
        let mut prints: Option<&str> = None;
        for field in fields {
            let (k, v) = field?;
            let fresh = match k {
                "r" if is_word(v, 16) => revision.replace(v.to_owned()).is_none(),
                "t" if !v.is_empty() && v.len() <= 12 && v.bytes().all(|b| b.is_ascii_digit()) => {
                    // At most 12 digits: no overflow in u64.
                    time.replace(v.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'))).is_none()
                }
                "id" if is_word(v, ID_MAX) => id.replace(v.to_owned()).is_none(),
                "o" => decided_by.replace(DecidedBy::parse(v).ok_or(RecordError::Malformed)?).is_none(),
                "k" => prints.replace(v).is_none(),
                _ => match k.strip_prefix("c.") {
                    Some(cat) if is_word(cat, 32) && (v == "0" || v == "1") => {
                        let new = !choices.iter().any(|(c, _)| c == cat);
                        choices.push((cat.to_owned(), v == "1"));
                        new
                    }
                    _ => false,
                },
            };
            if !fresh {
                return Err(RecordError::Malformed);
            }
        }
        // `k` lists one fingerprint per category, in the order of the `c.` fields.
        let mut fingerprints = Vec::new();
        if let Some(p) = prints {
            for f in p.split('.') {
                let Some((c, _)) = choices.get(fingerprints.len()) else { return Err(RecordError::Malformed) };
                if !is_word(f, 8) {
                    return Err(RecordError::Malformed);
                }
                fingerprints.push((c.clone(), f.to_owned()));
            }
            if fingerprints.len() != choices.len() {
                return Err(RecordError::Malformed);
            }
        }
        match (revision, time, id, decided_by) {
            (Some(revision), Some(time), Some(id), Some(decided_by)) => {
                Ok(ConsentRecord { revision, time, id, decided_by, choices, fingerprints })
            }
            _ => Err(RecordError::Malformed),
        }
    }

    /// The optional categories this record accepted whose declaration has
    /// not changed since: what a stale record still says about today's registry.
    /// The preferences layer starts from these after a registry change.
    pub fn carried_over(&self, registry: &Registry) -> Vec<String> {
        registry.optional_ids(|c| self.accepts(&c.id) && self.fingerprints.iter().any(|(id, f)| *id == c.id && *f == c.fingerprint()))
    }

    /// Whether this record still answers the registry's question at `now`
    /// (Unix seconds): same revision, not expired, not dated in the future,
    /// a choice for every category, and every necessary category on.
    pub fn check(&self, registry: &Registry, now: u64) -> Result<(), RecordError> {
        if self.revision != registry.revision() {
            return Err(RecordError::OtherRevision);
        }
        if self.time > now + CLOCK_SKEW_SECS {
            return Err(RecordError::FromTheFuture);
        }
        if now - self.time.min(now) >= registry.expiry_days as u64 * 86_400 {
            return Err(RecordError::Expired);
        }
        for c in &registry.categories {
            match self.choices.iter().find(|(id, _)| *id == c.id) {
                Some((_, on)) if *on || !c.necessary => {}
                _ => return Err(RecordError::Incomplete),
            }
        }
        Ok(())
    }
}

/// The length of the longest value [`ConsentRecord::encode`] can give for
/// a record over these categories, counted without encoding one: every
/// category present, and the time, consent id and decider as long as
/// [`ConsentRecord::decode`] reads them.
pub fn max_encoded_len(revision: &str, categories: &[Category]) -> usize {
    // "v=1&r=" revision "&t=" 12 digits "&id=" id "&o=" "click"
    let mut n = 6 + revision.len() + 3 + 12 + 4 + ID_MAX + 3 + 5;
    for c in categories {
        // "&c." id "=1", and the fingerprint with its separator ("&k=" for the first)
        n += 3 + c.id.len() + 2 + 1 + FINGERPRINT_LEN;
    }
    if !categories.is_empty() {
        n += 2;
    }
    n
}

/// Finds every value of the cookie `name` in a `document.cookie` string.
/// There can be several when the same name was written on several domains or paths.
pub fn cookie_values<'a>(cookie_header: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    cookie_header.split(';').filter_map(move |pair| {
        let (k, v) = pair.split_once('=')?;
        (k.trim() == name).then(|| v.trim())
    })
}

/// Reads the usable record among the values of `cookies_preferences` in a
/// `document.cookie` string: the newest one that passes [`ConsentRecord::check`].
/// Otherwise the reason to ask again (the most telling one seen).
pub fn read_stored(cookie_header: &str, registry: &Registry, now: u64) -> Result<ConsentRecord, RecordError> {
    let mut best: Option<ConsentRecord> = None;
    let mut why = RecordError::Missing;
    for raw in cookie_values(cookie_header, CONSENT_COOKIE) {
        match ConsentRecord::decode(raw).and_then(|r| r.check(registry, now).map(|_| r)) {
            Ok(r) => {
                if best.as_ref().map_or(true, |b| r.time > b.time) {
                    best = Some(r);
                }
            }
            Err(e) => why = e,
        }
    }
    best.ok_or(why)
}

/// What to pre-select when the visitor is asked again: the optional
/// categories accepted in the newest readable stored value whose declaration
/// has not changed since ([`ConsentRecord::carried_over`]).
pub fn carried_over(cookie_header: &str, registry: &Registry) -> Vec<String> {
    let mut newest: Option<ConsentRecord> = None;
    for v in cookie_values(cookie_header, CONSENT_COOKIE) {
        if let Ok(r) = ConsentRecord::decode(v) {
            // The last of equals wins, as `max_by_key` has it.
            if newest.as_ref().map_or(true, |n| r.time >= n.time) {
                newest = Some(r);
            }
        }
    }
    newest.map(|r| r.carried_over(registry)).unwrap_or_default()
}
