//! The `cookies_preferences` value: what was decided, when, against which
//! registry revision, under which random consent id.
//!
//! Format v1 is a URL query string, so a server reads it with any query
//! parser (Python: `dict(urllib.parse.parse_qsl(value))`):
//!
//! ```text
//! v=1&r=3f9a1c2e&t=1763845000&id=8f2c1e0b9a7d6c5e&o=click&c.necessary=1&c.statistics=0
//! ```
//!
//! ```
//! use consent_banner::record::{ConsentRecord, Origin};
//! let rec = ConsentRecord {
//!     revision: "3f9a1c2e".into(), time: 1_763_845_000, id: "8f2c1e0b9a7d6c5e".into(),
//!     origin: Origin::Click,
//!     choices: vec![("necessary".into(), true), ("statistics".into(), false)],
//! };
//! let text = rec.encode();
//! assert_eq!(text, "v=1&r=3f9a1c2e&t=1763845000&id=8f2c1e0b9a7d6c5e&o=click&c.necessary=1&c.statistics=0");
//! assert_eq!(ConsentRecord::decode(&text), Ok(rec));
//! ```

use crate::error::RecordError;
use crate::registry::Registry;

/// The longest value read back; longer ones are treated as tampered.
pub const MAX_LEN: usize = 1024;

/// How far in the future a decision time may be before it is refused
/// (tolerates small clock differences between tabs and devices).
pub const CLOCK_SKEW_SECS: u64 = 300;

/// How the decision was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The visitor clicked a button in the dialog.
    Click,
    /// A page script called the JS API.
    Api,
    /// The browser's Global Privacy Control signal.
    Gpc,
}

impl Origin {
    /// The word stored in the record.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Click => "click",
            Origin::Api => "api",
            Origin::Gpc => "gpc",
        }
    }
    fn parse(s: &str) -> Option<Origin> {
        match s {
            "click" => Some(Origin::Click),
            "api" => Some(Origin::Api),
            "gpc" => Some(Origin::Gpc),
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
    /// How the decision was made.
    pub origin: Origin,
    /// Category id → accepted, in registry order.
    pub choices: Vec<(String, bool)>,
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
        s.push_str(&self.time.to_string());
        s.push_str("&id=");
        s.push_str(&self.id);
        s.push_str("&o=");
        s.push_str(self.origin.as_str());
        for (c, on) in &self.choices {
            s.push_str("&c.");
            s.push_str(c);
            s.push_str(if *on { "=1" } else { "=0" });
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
        let (mut revision, mut time, mut id, mut origin) = (None, None, None, None);
        let mut choices: Vec<(String, bool)> = Vec::new();
        for field in fields {
            let (k, v) = field?;
            let fresh = match k {
                "r" if is_word(v, 16) => revision.replace(v.to_owned()).is_none(),
                "t" if !v.is_empty() && v.len() <= 12 && v.bytes().all(|b| b.is_ascii_digit()) => {
                    time.replace(v.parse::<u64>().map_err(|_| RecordError::Malformed)?).is_none()
                }
                "id" if is_word(v, 64) => id.replace(v.to_owned()).is_none(),
                "o" => origin.replace(Origin::parse(v).ok_or(RecordError::Malformed)?).is_none(),
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
        match (revision, time, id, origin) {
            (Some(revision), Some(time), Some(id), Some(origin)) => {
                Ok(ConsentRecord { revision, time, id, origin, choices })
            }
            _ => Err(RecordError::Malformed),
        }
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
    for raw in cookie_values(cookie_header, crate::registry::CONSENT_COOKIE) {
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
