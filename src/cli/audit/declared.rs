//! What the registry declares, in the terms the audit holds the evidence
//! against. The only place the audit reads the registry's types: a change of
//! the core's model is met here alone.

use consent_banner::registry::{Lifetime, NamePattern, Registry, Unit};

/// A declared name: exact, or a prefix (declared with a trailing `*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// Exactly this name.
    Exact(String),
    /// Any name with this prefix.
    Prefix(String),
}

impl Pattern {
    /// Whether `name` is covered by this pattern.
    pub fn matches(&self, name: &str) -> bool {
        match self {
            Pattern::Exact(n) => n == name,
            Pattern::Prefix(p) => name.starts_with(p.as_str()),
        }
    }

    /// The pattern as written in the registry.
    pub fn declared(&self) -> String {
        match self {
            Pattern::Exact(n) => n.clone(),
            Pattern::Prefix(p) => format!("{p}*"),
        }
    }
}

/// A declared lifetime.
#[derive(Debug, Clone, PartialEq)]
pub enum Duration {
    /// Until the browser closes.
    Session,
    /// A span, in days (months are 365/12 days, years 365), with its text.
    Span { days: f64, text: String },
}

/// One declared cookie (a row of the policy table).
#[derive(Debug, Clone)]
pub struct DeclaredCookie {
    /// Its names.
    pub names: Vec<Pattern>,
    /// Its declared lifetime.
    pub duration: Duration,
}

/// A category and what it covers.
#[derive(Debug, Clone)]
pub struct DeclaredCategory {
    /// Its id.
    pub id: String,
    /// Always on.
    pub necessary: bool,
    /// Its cookies.
    pub cookies: Vec<DeclaredCookie>,
    /// Its localStorage / sessionStorage keys.
    pub storage: Vec<Pattern>,
    /// Its gated scripts, as written (relative or absolute URLs).
    pub scripts: Vec<String>,
}

/// The registry, as the audit sees it.
#[derive(Debug, Clone, Default)]
pub struct Declared {
    /// The categories in registry order.
    pub categories: Vec<DeclaredCategory>,
}

/// The localStorage key of the module's consent receipts.
pub const RECEIPTS_KEY: &str = consent_banner::receipt::STORAGE_KEY;

fn pattern(p: &NamePattern) -> Pattern {
    match p {
        NamePattern::Exact(n) => Pattern::Exact(n.clone()),
        NamePattern::Prefix(n) => Pattern::Prefix(n.clone()),
    }
}

fn duration(l: &Lifetime) -> Duration {
    match *l {
        Lifetime::Session => Duration::Session,
        Lifetime::Span(n, unit) => {
            let (per, word) = match unit {
                Unit::Minute => (1.0 / 1440.0, "minute"),
                Unit::Hour => (1.0 / 24.0, "hour"),
                Unit::Day => (1.0, "day"),
                Unit::Week => (7.0, "week"),
                Unit::Month => (365.0 / 12.0, "month"),
                Unit::Year => (365.0, "year"),
            };
            let text = format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            Duration::Span { days: f64::from(n) * per, text }
        }
    }
}

impl Declared {
    /// Reads a validated registry.
    pub fn from_registry(r: &Registry) -> Declared {
        Declared {
            categories: r
                .categories
                .iter()
                .map(|c| DeclaredCategory {
                    id: c.id.clone(),
                    necessary: c.necessary,
                    cookies: c
                        .cookies
                        .iter()
                        .map(|k| DeclaredCookie { names: k.names.iter().map(pattern).collect(), duration: duration(&k.lifetime) })
                        .collect(),
                    storage: c.storage.iter().map(pattern).collect(),
                    scripts: c.scripts.clone(),
                })
                .collect(),
        }
    }

    /// The category and declaration covering a cookie name.
    pub fn cookie(&self, name: &str) -> Option<(&DeclaredCategory, &DeclaredCookie)> {
        self.categories
            .iter()
            .find_map(|c| c.cookies.iter().find(|k| k.names.iter().any(|p| p.matches(name))).map(|k| (c, k)))
    }

    /// The category covering a storage key.
    pub fn storage(&self, key: &str) -> Option<&DeclaredCategory> {
        self.categories.iter().find(|c| c.storage.iter().any(|p| p.matches(key)))
    }
}
