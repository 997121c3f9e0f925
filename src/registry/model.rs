//! The registry's model: the types a validated registry is made of, and
//! nothing else. This is the bottom layer: it knows no JSON, no rule and no
//! stored choice; `validate` builds these types from JSON and `fingerprint`
//! hashes them.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::consent_mode::ConsentType;
use crate::i18n::Lang;

/// A text given once, or once per language (`{"en": …, "fr": …}`).
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// The same text in every language.
    Plain(String),
    /// One text per language code, in declaration order.
    PerLanguage(Vec<(Lang, String)>),
}

impl Text {
    /// The text in `lang`, else in `fallback`, else the first one given.
    pub fn get(&self, lang: Lang, fallback: Lang) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::PerLanguage(list) => list
                .iter()
                .find(|(l, _)| *l == lang)
                .or_else(|| list.iter().find(|(l, _)| *l == fallback))
                .or(list.first())
                .map(|(_, s)| s.as_str())
                .unwrap_or(""),
        }
    }

}

/// A cookie name as declared: exact, or a prefix pattern written with a
/// trailing `*` (`_ga*`, `_pk_id.*`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum NamePattern {
    /// Exactly this name.
    Exact(String),
    /// Any name starting with this prefix.
    Prefix(String),
}

impl NamePattern {
    /// Whether a concrete cookie (or storage key) name matches.
    pub fn matches(&self, name: &str) -> bool {
        match self {
            NamePattern::Exact(n) => n == name,
            NamePattern::Prefix(p) => name.starts_with(p.as_str()),
        }
    }

    /// Whether some name could match both patterns: equal exact names, an
    /// exact name under a prefix, or two prefixes one of which extends the other.
    pub fn overlaps(&self, other: &NamePattern) -> bool {
        match (self, other) {
            (NamePattern::Exact(a), b) | (b, NamePattern::Exact(a)) => b.matches(a),
            (NamePattern::Prefix(a), NamePattern::Prefix(b)) => a.starts_with(b.as_str()) || b.starts_with(a.as_str()),
        }
    }

    /// The pattern as the administrator wrote it.
    pub fn as_declared(&self) -> String {
        match self {
            NamePattern::Exact(n) => n.clone(),
            NamePattern::Prefix(p) => {
                let mut s = p.clone();
                s.push('*');
                s
            }
        }
    }
}

/// A unit of a cookie lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Years.
    Year,
}

/// How long a cookie lives, as declared (`"session"`, `"2 weeks"`, `"13 months"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// Until the browser session ends.
    Session,
    /// A fixed span.
    Span(u32, Unit),
}

impl Lifetime {
    /// Parses `"session"` or `"<n> <unit>"`; units may be singular or plural.
    /// Words are separated by any whitespace (`char::is_whitespace`, as
    /// `str::split_whitespace` has it), the unit's case is ignored.
    pub fn parse(s: &str) -> Option<Lifetime> {
        // The first two words and how many there are, found in one pass
        // (without the generic splitting and trimming code in the wasm).
        let (mut words, mut count, mut start) = ([""; 2], 0, None);
        for (i, c) in s.char_indices().chain(core::iter::once((s.len(), ' '))) {
            match (c.is_whitespace(), start) {
                (true, Some(from)) => {
                    if count < 2 {
                        words[count] = &s[from..i];
                    }
                    count += 1;
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if count == 1 && words[0].eq_ignore_ascii_case("session") {
            return Some(Lifetime::Session);
        }
        let n = decimal(words[0])?;
        if count != 2 || n == 0 {
            return None;
        }
        let mut unit = words[1].as_bytes();
        while let [rest @ .., b's' | b'S'] = unit {
            unit = rest;
        }
        let unit = [("minute", Unit::Minute), ("hour", Unit::Hour), ("day", Unit::Day), ("week", Unit::Week), ("month", Unit::Month), ("year", Unit::Year)]
            .into_iter()
            .find(|(name, _)| unit.eq_ignore_ascii_case(name.as_bytes()))?
            .1;
        Some(Lifetime::Span(n, unit))
    }
}

/// `s` as a `u32` the way `str::parse` reads it (ASCII digits, an optional
/// leading `+`, `None` on overflow), without the generic integer parser's
/// code in the wasm.
fn decimal(s: &str) -> Option<u32> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u32, |n, b| if b.is_ascii_digit() { n.checked_mul(10)?.checked_add(u32::from(b - b'0')) } else { None })
}

/// One declared cookie (a row of the policy table).
#[derive(Debug, Clone, PartialEq)]
pub struct Cookie {
    /// Who sets it ("Opendatasoft", "Matomo").
    pub provider: Text,
    /// Its function and where it is used.
    pub function: Text,
    /// The names it is stored under.
    pub names: Vec<NamePattern>,
    /// What it is used for.
    pub purposes: Text,
    /// How long it lives.
    pub lifetime: Lifetime,
}

/// A category of cookies the visitor accepts or refuses as a whole. What
/// consent to it covers is summed up by [`Category::fingerprint`], computed
/// from these fields, so it cannot fall out of step with them.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Stable identifier (`[a-z0-9_-]`, at most 32 characters).
    pub id: String,
    /// Necessary categories are always on and never asked about.
    pub necessary: bool,
    /// Heading shown in the policy and the dialog.
    pub title: Text,
    /// Optional explanation shown under the title.
    pub description: Option<Text>,
    /// Its cookies.
    pub cookies: Vec<Cookie>,
    /// Script URLs the module loads once this category is accepted.
    pub scripts: Vec<String>,
    /// localStorage / sessionStorage keys this category writes.
    pub storage: Vec<NamePattern>,
    /// Google Consent Mode v2 types this category stands for (see [`crate::consent_mode`]).
    pub consent_mode: Vec<ConsentType>,
}

/// The portal the registry belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Portal {
    /// Display name.
    pub name: Text,
    /// Public address, e.g. `https://babel.opendatasoft.com`.
    pub address: String,
}

/// A validated registry.
#[derive(Debug, Clone, PartialEq)]
pub struct Registry {
    /// The portal.
    pub portal: Portal,
    /// Language used when the visitor's is not available.
    pub default_language: Lang,
    /// Where the full policy lives, for pages without a policy placeholder.
    pub policy_url: Option<String>,
    /// The portal's privacy notice (linked from the dialog; the Mexican
    /// *aviso de privacidad*).
    pub privacy_url: Option<String>,
    /// How long a choice is kept, in days (6 months by default, at most 13 months).
    pub expiry_days: u32,
    /// Domain attribute for `cookies_preferences`, when shared across subdomains.
    pub cookie_domain: Option<String>,
    /// The categories, in display order.
    pub categories: Vec<Category>,
    /// Fingerprint of the consent-relevant content (see [`Registry::revision`]).
    pub(super) revision: String,
}


impl Registry {
    /// A short fingerprint of everything consent depends on: the categories,
    /// whether each is necessary, their cookie names and purposes. Any change
    /// to these makes stored choices stale, so visitors are asked again; a
    /// change of wording elsewhere (titles, provider names) does not.
    pub fn revision(&self) -> &str {
        &self.revision
    }

    /// The categories the visitor decides on (not necessary).
    pub fn optional(&self) -> impl Iterator<Item = &Category> {
        self.categories.iter().filter(|c| !c.necessary)
    }

    /// The ids of the optional categories that `keep` picks, in order (one
    /// loop for every such list, instead of a generic collect per caller).
    pub fn optional_ids(&self, keep: impl Fn(&Category) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        for c in &self.categories {
            if !c.necessary && keep(c) {
                out.push(c.id.clone());
            }
        }
        out
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}
