//! What a visit records: the pages, every cookie with its attributes and
//! where it came from, storage keys, IndexedDB names, scripts loaded and
//! other hosts contacted. Serialized as is into the JSON report
//! (schema/audit-report.schema.json).

use serde::Serialize;

/// The three visits, each in a fresh browser profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitKind {
    /// Nothing clicked.
    NoChoice,
    /// Every optional category refused.
    Refused,
    /// Every category accepted.
    Accepted,
}

impl VisitKind {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            VisitKind::NoChoice => "no_choice",
            VisitKind::Refused => "refused",
            VisitKind::Accepted => "accepted",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            VisitKind::NoChoice => "no choice",
            VisitKind::Refused => "refused",
            VisitKind::Accepted => "accepted",
        }
    }
}

/// One page of a visit.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The address asked for.
    pub url: String,
    /// The HTTP status of the document, when one came.
    pub status: Option<u16>,
    /// Why the page failed (HTTP error, timeout, network error), if it did.
    pub error: Option<String>,
    /// Where the page redirected to, off the audited origin (not followed).
    pub redirected_off_origin: Option<String>,
}

impl Page {
    /// Loaded, with a status below 400, not redirected away.
    pub fn ok(&self) -> bool {
        self.error.is_none() && self.redirected_off_origin.is_none()
    }
}

/// How a cookie got into the jar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum SetBy {
    /// A `Set-Cookie` response header.
    Header {
        /// The response's URL.
        url: String,
    },
    /// A `document.cookie` (or `cookieStore.set`) write.
    Script {
        /// The writing script and position (`URL:line:column`), from the
        /// stack; null when the stack named no script (e.g. `eval`).
        script: Option<String>,
        /// The document that was written to.
        page: String,
    },
}

/// A cookie found in the jar.
#[derive(Debug, Clone, Serialize)]
pub struct Cookie {
    /// Its name.
    pub name: String,
    /// Domain attribute (a leading dot for domain cookies).
    pub domain: String,
    /// Path attribute.
    pub path: String,
    /// Session cookie (no expiry).
    pub session: bool,
    /// Expiry, seconds since 1970, for persistent cookies.
    pub expires: Option<f64>,
    /// Remaining lifetime when first seen, in days (persistent cookies).
    pub lifetime_days: Option<f64>,
    /// Name plus value, in bytes.
    pub size: u64,
    /// HttpOnly.
    pub http_only: bool,
    /// Secure.
    pub secure: bool,
    /// SameSite: `Strict`, `Lax`, `None`, or null when not set.
    pub same_site: Option<String>,
    /// The page after which it was first seen.
    pub first_page: String,
    /// First seen after the visit's choice was made.
    pub after_choice: bool,
    /// Where it came from (several writes are all kept, up to a bound).
    pub set_by: Vec<SetBy>,
}

/// localStorage or sessionStorage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// `localStorage`.
    Local,
    /// `sessionStorage`.
    Session,
}

impl Area {
    /// The JavaScript name.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Local => "localStorage",
            Area::Session => "sessionStorage",
        }
    }
}

/// A Web Storage key found after a page.
#[derive(Debug, Clone, Serialize)]
pub struct StorageKey {
    /// Which storage.
    pub area: Area,
    /// The key.
    pub key: String,
    /// The origin the storage belongs to.
    pub origin: String,
    /// The page after which it was first seen.
    pub first_page: String,
    /// First seen after the choice.
    pub after_choice: bool,
    /// The scripts that called `setItem` with this key (`URL:line:column`).
    pub set_by: Vec<String>,
}

/// An IndexedDB database found after a page.
#[derive(Debug, Clone, Serialize)]
pub struct Database {
    /// Its name.
    pub name: String,
    /// The origin it belongs to.
    pub origin: String,
    /// The page after which it was first seen.
    pub first_page: String,
    /// First seen after the choice.
    pub after_choice: bool,
}

/// A host other than the audited origin's, contacted by a page.
#[derive(Debug, Clone, Serialize)]
pub struct Host {
    /// `host:port` as in the URL.
    pub host: String,
    /// The first URL asked of it.
    pub first_url: String,
    /// The page that asked.
    pub page: String,
    /// Contacted before the choice was made (every request of the
    /// no-choice visit is).
    pub before_choice: bool,
    /// Requests counted.
    pub requests: u64,
}

/// A script the pages loaded.
#[derive(Debug, Clone, Serialize)]
pub struct Script {
    /// Its URL.
    pub url: String,
    /// The page that loaded it.
    pub page: String,
    /// Loaded after the choice.
    pub after_choice: bool,
}

/// How the visit's choice was made, or why it was not.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Made.
    pub made: bool,
    /// `consentBanner.rejectAll()`, `consentBanner.acceptAll()` or the selector clicked.
    pub how: Option<String>,
    /// On which page.
    pub page: Option<String>,
    /// Why it was not made.
    pub error: Option<String>,
}

/// Everything one visit recorded.
#[derive(Debug, Clone, Serialize)]
pub struct Visit {
    /// Which visit.
    pub kind: VisitKind,
    /// The choice (null for the no-choice visit).
    pub choice: Option<Choice>,
    /// The pages, in the order visited.
    pub pages: Vec<Page>,
    /// Every cookie seen, in the order first seen.
    pub cookies: Vec<Cookie>,
    /// Every storage key seen.
    pub storage: Vec<StorageKey>,
    /// Every IndexedDB database seen.
    pub indexeddb: Vec<Database>,
    /// Other hosts contacted.
    pub hosts: Vec<Host>,
    /// Scripts loaded.
    pub scripts: Vec<Script>,
}
