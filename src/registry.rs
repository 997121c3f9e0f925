//! The registry: what a portal administrator declares once — the portal, its
//! cookie categories, and under each category its cookies and gated scripts.
//!
//! [`Registry::from_value`] validates a JSON value and names the exact place
//! of the first problem, e.g. `categories[1].cookies[0].names: is empty`.
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

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;
use crate::error::RegistryError;
use crate::i18n::Lang;
use crate::value::Value;

/// The name of the cookie that stores the visitor's choice.
pub const CONSENT_COOKIE: &str = "cookies_preferences";

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

    fn feed(&self, h: &mut Fnv) {
        match self {
            Text::Plain(s) => h.str(s),
            Text::PerLanguage(list) => {
                for (l, s) in list {
                    h.str(l.code());
                    h.str(s);
                }
            }
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
    pub fn parse(s: &str) -> Option<Lifetime> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("session") {
            return Some(Lifetime::Session);
        }
        let mut parts = s.split_whitespace();
        let n: u32 = parts.next()?.parse().ok()?;
        let unit = parts.next()?.to_ascii_lowercase();
        if parts.next().is_some() || n == 0 {
            return None;
        }
        let unit = match unit.trim_end_matches('s') {
            "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "year" => Unit::Year,
            _ => return None,
        };
        Some(Lifetime::Span(n, unit))
    }
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

/// A category of cookies the visitor accepts or refuses as a whole.
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
    pub consent_mode: Vec<String>,
    /// Fingerprint of what consent to this category covers (4 hex digits):
    /// its id, whether it is necessary, its cookie names, purposes and storage keys.
    pub fingerprint: String,
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
    revision: String,
}

/// Days in a month, as used for consent expiry (365 / 12, rounded down on the total).
fn months_to_days(months: u32) -> u32 {
    months * 365 / 12
}

impl Registry {
    /// Parses and validates registry JSON text.
    pub fn from_json(text: &str) -> Result<Registry, RegistryError> {
        let value = Value::parse(text).map_err(|e| {
            let mut s = String::from("line ");
            crate::push_decimal(&mut s, e.line as u64);
            s.push_str(", column ");
            crate::push_decimal(&mut s, e.column as u64);
            s.push_str(": expected ");
            s.push_str(e.expected);
            RegistryError::Syntax(s)
        })?;
        Registry::from_value(&value)
    }

    /// Parses and validates registry JSON given as bytes (as fetched): UTF-8,
    /// with or without a byte-order mark.
    pub fn from_utf8(bytes: &[u8]) -> Result<Registry, RegistryError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match core::str::from_utf8(bytes) {
            Ok(text) => Registry::from_json(text),
            Err(e) => {
                let mut s = String::from("byte ");
                crate::push_decimal(&mut s, e.valid_up_to() as u64 + 1);
                s.push_str(": not UTF-8 text; save the registry as UTF-8");
                Err(RegistryError::Syntax(s))
            }
        }
    }

    /// Validates a JSON value into a registry.
    pub fn from_value(v: &Value) -> Result<Registry, RegistryError> {
        let root = Path::root();
        expect_object(v, &root)?;
        check_keys(
            v,
            &root,
            &["portal", "default_language", "policy_url", "privacy_url", "expiry_months", "cookie_domain", "categories"],
        )?;

        let p = root.key("portal");
        let pv = required(v, "portal", &root)?;
        expect_object(pv, &p)?;
        check_keys(pv, &p, &["name", "address"])?;
        let name = text(required(pv, "name", &p)?, &p.key("name"))?;
        let address = string(required(pv, "address", &p)?, &p.key("address"))?;
        if !(address.starts_with("https://") || address.starts_with("http://")) {
            return Err(p.key("address").err("must start with https:// or http://"));
        }
        let portal = Portal { name, address };

        let default_language = match v.get("default_language") {
            None | Some(Value::Null) => Lang::En,
            Some(x) => {
                let code = string(x, &root.key("default_language"))?;
                Lang::from_tag(&code).ok_or_else(|| {
                    root.key("default_language").err("is not a supported language (en, fr, es)")
                })?
            }
        };
        let policy_url = optional_string(v, "policy_url", &root)?;
        let privacy_url = optional_string(v, "privacy_url", &root)?;
        // They become links in the dialog: no javascript: (or other) URLs.
        for (key, url) in [("policy_url", &policy_url), ("privacy_url", &privacy_url)] {
            if url.as_deref().is_some_and(|u| !is_web_link(u)) {
                return Err(root.key(key).err("must be an http:// or https:// address, or a path on the portal"));
            }
        }
        let cookie_domain = optional_string(v, "cookie_domain", &root)?;
        let expiry_days = match v.get("expiry_months") {
            None | Some(Value::Null) => months_to_days(6),
            Some(Value::Number(n)) if *n >= 1.0 && *n <= 13.0 && *n == (*n as u32) as f64 => months_to_days(*n as u32),
            Some(_) => return Err(root.key("expiry_months").err("must be a whole number of months from 1 to 13")),
        };

        let cp = root.key("categories");
        let list = match required(v, "categories", &root)? {
            Value::Array(a) => a,
            other => return Err(cp.wrong("a list of categories", other)),
        };
        if list.is_empty() {
            return Err(cp.err("is empty: declare at least the necessary category"));
        }
        let mut categories: Vec<Category> = Vec::with_capacity(list.len());
        for (i, c) in list.iter().enumerate() {
            let cat = category(c, &cp.index(i))?;
            if categories.iter().any(|o| o.id == cat.id) {
                return Err(cp.index(i).key("id").err("repeats the id of an earlier category"));
            }
            categories.push(cat);
        }

        // A cookie name declared twice would be both necessary and optional, or twice optional.
        // Sorted by name, so duplicates are neighbours; the later declaration is reported.
        let mut names: Vec<(&NamePattern, [usize; 3])> = Vec::new();
        for (i, c) in categories.iter().enumerate() {
            for (j, k) in c.cookies.iter().enumerate() {
                names.extend(k.names.iter().enumerate().map(|(n, name)| (name, [i, j, n])));
            }
        }
        heap_sort(&mut names);
        if let Some(w) = names.windows(2).find(|w| w[0].0 == w[1].0) {
            let [i, j, n] = w[1].1;
            return Err(cp.index(i).key("cookies").index(j).key("names").index(n).err("is declared more than once in the registry"));
        }
        // Refusing an optional category deletes every cookie and storage key its
        // patterns match: none may reach what this module keeps or a necessary one.
        let (consent, receipts) =
            (NamePattern::Exact(CONSENT_COOKIE.into()), NamePattern::Exact(crate::receipt::STORAGE_KEY.into()));
        let (mut kept_cookies, mut kept_keys) = (vec![(None, &consent)], vec![(None, &receipts)]);
        for c in categories.iter().filter(|c| c.necessary) {
            kept_cookies.extend(c.cookies.iter().flat_map(|k| &k.names).map(|n| (Some(c.id.as_str()), n)));
            kept_keys.extend(c.storage.iter().map(|n| (Some(c.id.as_str()), n)));
        }
        // An exact cookie name cannot equal a necessary one's here (that is a
        // duplicate, refused above): it is checked against this module's own
        // cookie and the necessary prefixes only, not every necessary name —
        // which keeps a registry of a thousand cookies quick to check.
        let for_exact: Vec<_> =
            kept_cookies.iter().filter(|(owner, t)| owner.is_none() || matches!(t, NamePattern::Prefix(_))).copied().collect();
        for (i, c) in categories.iter().enumerate().filter(|(_, c)| !c.necessary) {
            let ci = cp.index(i);
            for (j, k) in c.cookies.iter().enumerate() {
                for (n, name) in k.names.iter().enumerate() {
                    let candidates = if matches!(name, NamePattern::Exact(_)) { &for_exact } else { &kept_cookies };
                    if let Some((owner, theirs)) = candidates.iter().find(|(_, t)| t.overlaps(name)) {
                        return Err(overlap(&ci.key("cookies").index(j).key("names").index(n), &c.id, name, *owner, theirs));
                    }
                }
            }
            for (n, name) in c.storage.iter().enumerate() {
                if let Some((owner, theirs)) = kept_keys.iter().find(|(_, t)| t.overlaps(name)) {
                    return Err(overlap(&ci.key("storage").index(n), &c.id, name, *owner, theirs));
                }
            }
        }
        // Each Consent Mode type belongs to one category at most.
        for (i, c) in categories.iter().enumerate() {
            for (j, t) in c.consent_mode.iter().enumerate() {
                if categories[..i].iter().any(|o| o.consent_mode.contains(t)) || c.consent_mode[..j].contains(t) {
                    return Err(cp.index(i).key("consent_mode").index(j).err("is already given to another category"));
                }
            }
        }
        let consent_declared = categories
            .iter()
            .filter(|c| c.necessary)
            .flat_map(|c| c.cookies.iter())
            .flat_map(|k| k.names.iter())
            .any(|n| n.matches(CONSENT_COOKIE));
        if !consent_declared {
            return Err(cp.err(
                "no necessary category declares the `cookies_preferences` cookie, which this module sets to remember the choice",
            ));
        }

        let revision = fingerprint(&categories);
        // The choice must fit in `cookies_preferences`, or it would be refused
        // as oversized when read back and the visitor asked again on every page.
        let longest = crate::record::longest(&revision, &categories);
        if longest > crate::record::MAX_LEN {
            let mut s = String::from("the stored choice for ");
            crate::push_decimal(&mut s, categories.len() as u64);
            s.push_str(" categories could take ");
            crate::push_decimal(&mut s, longest as u64);
            s.push_str(" bytes, over the cookie's limit of ");
            crate::push_decimal(&mut s, crate::record::MAX_LEN as u64);
            s.push_str(": declare fewer categories or give them shorter ids");
            return Err(cp.err(&s));
        }
        Ok(Registry { portal, default_language, policy_url, privacy_url, expiry_days, cookie_domain, categories, revision })
    }

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

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

/// The registry revision: a hash over every category's consent-relevant content.
fn fingerprint(categories: &[Category]) -> String {
    let mut h = Fnv::new();
    for c in categories {
        category_hash(c, &mut h);
        h.byte(0xff);
    }
    hex32(h.0)
}

fn category_hash(c: &Category, h: &mut Fnv) {
    h.str(&c.id);
    h.byte(c.necessary as u8);
    for k in &c.cookies {
        for n in &k.names {
            h.str(&n.as_declared());
        }
        k.purposes.feed(h);
    }
    for n in &c.storage {
        h.str(&n.as_declared());
    }
    for t in &c.consent_mode {
        h.str(t);
    }
}

/// FNV-1a, 32 bits: small, stable, and enough to notice a change.
struct Fnv(u32);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0x811c_9dc5)
    }
    fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u32).wrapping_mul(0x0100_0193);
    }
    fn str(&mut self, s: &str) {
        for b in s.bytes() {
            self.byte(b);
        }
        self.byte(0);
    }
}

/// Lower-case hex of a 32-bit number, 8 digits.
pub(crate) fn hex32(mut n: u32) -> String {
    let mut out = [b'0'; 8];
    for slot in out.iter_mut().rev() {
        *slot = b"0123456789abcdef"[(n & 0xf) as usize];
        n >>= 4;
    }
    out.iter().map(|&b| b as char).collect()
}

fn category(v: &Value, p: &Path) -> Result<Category, RegistryError> {
    expect_object(v, p)?;
    check_keys(v, p, &["id", "necessary", "title", "description", "cookies", "scripts", "storage", "consent_mode"])?;
    let id = string(required(v, "id", p)?, &p.key("id"))?;
    if id.is_empty()
        || id.len() > 32
        || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    {
        return Err(p.key("id").err("must be 1 to 32 characters among a-z, 0-9, _ and -"));
    }
    let necessary = match v.get("necessary") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(p.key("necessary").wrong("true or false", other)),
    };
    let title = text(required(v, "title", p)?, &p.key("title"))?;
    let description = match v.get("description") {
        None | Some(Value::Null) => None,
        Some(d) => Some(text(d, &p.key("description"))?),
    };
    let kp = p.key("cookies");
    let cookies = match v.get("cookies") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => {
            let mut out = Vec::with_capacity(a.len());
            for (i, k) in a.iter().enumerate() {
                out.push(cookie(k, &kp.index(i))?);
            }
            out
        }
        Some(other) => return Err(kp.wrong("a list of cookies", other)),
    };
    let sp = p.key("scripts");
    let scripts = match v.get("scripts") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => {
            let mut out = Vec::with_capacity(a.len());
            for (i, s) in a.iter().enumerate() {
                let url = string(s, &sp.index(i))?;
                if url.trim().is_empty() {
                    return Err(sp.index(i).err("is empty"));
                }
                out.push(url);
            }
            out
        }
        Some(other) => return Err(sp.wrong("a list of script URLs", other)),
    };
    let storage = match v.get("storage") {
        None | Some(Value::Null) => Vec::new(),
        Some(x) => names(x, &p.key("storage"), false)?,
    };
    let mp = p.key("consent_mode");
    let consent_mode = match v.get("consent_mode") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => {
            let mut out: Vec<String> = Vec::with_capacity(a.len());
            for (i, t) in a.iter().enumerate() {
                let t = string(t, &mp.index(i))?;
                if !crate::consent_mode::TYPES.contains(&t.as_str()) {
                    let mut m = String::from("is not a Consent Mode v2 type; use one of: ");
                    m.push_str(&crate::join(&crate::consent_mode::TYPES, ", "));
                    return Err(mp.index(i).err(&m));
                }
                out.push(t);
            }
            out
        }
        Some(other) => return Err(mp.wrong("a list of Consent Mode types", other)),
    };
    if necessary && !scripts.is_empty() {
        return Err(sp.err("a necessary category runs its scripts without asking: include them in the page directly"));
    }
    let mut c = Category { id, necessary, title, description, cookies, scripts, storage, consent_mode, fingerprint: String::new() };
    let mut h = Fnv::new();
    category_hash(&c, &mut h);
    c.fingerprint = hex32(h.0 ^ (h.0 >> 16))[4..].to_owned();
    Ok(c)
}

fn cookie(v: &Value, p: &Path) -> Result<Cookie, RegistryError> {
    expect_object(v, p)?;
    check_keys(v, p, &["provider", "function", "names", "purposes", "duration"])?;
    let provider = text(required(v, "provider", p)?, &p.key("provider"))?;
    let function = text(required(v, "function", p)?, &p.key("function"))?;
    let names = names(required(v, "names", p)?, &p.key("names"), true)?;
    let purposes = text(required(v, "purposes", p)?, &p.key("purposes"))?;
    let dp = p.key("duration");
    let lifetime = Lifetime::parse(&string(required(v, "duration", p)?, &dp)?).ok_or_else(|| {
        dp.err("must be \"session\" or a number and a unit, e.g. \"2 weeks\", \"13 months\" (units: minutes, hours, days, weeks, months, years)")
    })?;
    Ok(Cookie { provider, function, names, purposes, lifetime })
}

fn names(v: &Value, p: &Path, cookie: bool) -> Result<Vec<NamePattern>, RegistryError> {
    let list = match v {
        Value::Array(a) => a,
        other => return Err(p.wrong("a list of names", other)),
    };
    if list.is_empty() {
        return Err(p.err("is empty"));
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, n) in list.iter().enumerate() {
        let s = string(n, &p.index(i))?;
        let (body, prefix) = match s.strip_suffix('*') {
            Some(b) => (b, true),
            None => (s.as_str(), false),
        };
        // Cookie names are RFC 6265 tokens; storage keys may be anything but empty.
        let ok = !body.is_empty()
            && (!cookie
                || body.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}*".contains(&b)));
        if !ok {
            return Err(p.index(i).err(if cookie {
                "is not a valid cookie name (letters, digits and !#$%&'+-.^_`|~; a single trailing * for a prefix)"
            } else {
                "is empty (a key, or a prefix ending in *)"
            }));
        }
        out.push(if prefix { NamePattern::Prefix(body.to_owned()) } else { NamePattern::Exact(body.to_owned()) });
    }
    Ok(out)
}

/// A JSON path being validated, e.g. `categories[1].cookies[0]`: a chain of
/// borrowed segments, turned into text only when there is an error to report.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    fn root() -> Path<'static> {
        Path { parent: None, seg: Seg::Root }
    }
    fn key(&'a self, k: &'a str) -> Path<'a> {
        Path { parent: Some(self), seg: Seg::Key(k) }
    }
    fn index(&'a self, i: usize) -> Path<'a> {
        Path { parent: Some(self), seg: Seg::Index(i) }
    }
    fn render(&self, out: &mut String) {
        if let Some(p) = self.parent {
            p.render(out);
        }
        match self.seg {
            Seg::Root => {}
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push('[');
                crate::push_decimal(out, i as u64);
                out.push(']');
            }
        }
    }
    fn err(&self, problem: &str) -> RegistryError {
        let mut path = String::new();
        self.render(&mut path);
        if path.is_empty() {
            path.push_str("registry");
        }
        RegistryError::Invalid { path, problem: problem.into() }
    }
    fn wrong(&self, expected: &str, found: &Value) -> RegistryError {
        let mut s = String::from("must be ");
        s.push_str(expected);
        s.push_str(", not ");
        s.push_str(found.kind());
        self.err(&s)
    }
}

/// Whether `url` is an http(s) address or a relative one (a path, a
/// fragment). As browsers do, tabs and newlines are ignored and leading
/// spaces and control characters trimmed before looking for a scheme, so
/// `java\tscript:` counts as `javascript:`.
fn is_web_link(url: &str) -> bool {
    let mut scheme = String::new();
    for c in url.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' => {
                let s = scheme.to_ascii_lowercase();
                return s == "http" || s == "https";
            }
            'a'..='z' | 'A'..='Z' => scheme.push(c),
            '0'..='9' | '+' | '-' | '.' if !scheme.is_empty() => scheme.push(c),
            // A path, query or fragment before any colon: relative.
            _ => return true,
        }
    }
    true
}

/// Sorts in place in O(n log n) with no recursion and no generic helpers:
/// the standard library's sort weighs about 3 KB in the wasm, and this is
/// its only use.
fn heap_sort<T: Ord>(v: &mut [T]) {
    fn sift_down<T: Ord>(v: &mut [T], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v[child] < v[child + 1] {
                child += 1;
            }
            if v[root] >= v[child] {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift_down(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

fn expect_object(v: &Value, p: &Path) -> Result<(), RegistryError> {
    match v {
        Value::Object(_) => Ok(()),
        other => Err(p.wrong("an object", other)),
    }
}

fn check_keys(v: &Value, p: &Path, allowed: &[&str]) -> Result<(), RegistryError> {
    if let Value::Object(m) = v {
        for (i, (k, _)) in m.iter().enumerate() {
            if !allowed.contains(&&**k) {
                let mut s = String::from("unknown field; expected one of: ");
                s.push_str(&crate::join(allowed, ", "));
                return Err(p.key(k).err(&s));
            }
            check_unique(m, i, p)?;
        }
    }
    Ok(())
}

/// Refuses the `i`th key of an object when an earlier member has the same key
/// (JSON readers disagree on which of the two wins).
fn check_unique(m: &[(Cow<str>, Value)], i: usize, p: &Path) -> Result<(), RegistryError> {
    let k = &m[i].0;
    if m[..i].iter().any(|(o, _)| o == k) {
        return Err(p.key(k).err("is given more than once in the same object; keep only one"));
    }
    Ok(())
}

/// The error for an optional category's pattern `mine` that could match
/// `theirs`, kept by the necessary category `owner` (or by this module).
fn overlap(p: &Path, category: &str, mine: &NamePattern, owner: Option<&str>, theirs: &NamePattern) -> RegistryError {
    let mut s = String::from("`");
    s.push_str(&mine.as_declared());
    s.push_str("` of the optional category `");
    s.push_str(category);
    s.push_str("` could also match `");
    s.push_str(&theirs.as_declared());
    match owner {
        Some(o) => {
            s.push_str("` of the necessary category `");
            s.push_str(o);
            s.push('`');
        }
        None => s.push_str("`, which this module keeps for itself"),
    }
    s.push_str(", and refusing `");
    s.push_str(category);
    s.push_str("` would delete it: make the names distinct");
    p.err(&s)
}

fn required<'a, 'v>(v: &'a Value<'v>, key: &str, p: &Path) -> Result<&'a Value<'v>, RegistryError> {
    match v.get(key) {
        None | Some(Value::Null) => Err(p.key(key).err("is missing")),
        Some(x) => Ok(x),
    }
}

fn string(v: &Value, p: &Path) -> Result<String, RegistryError> {
    match v {
        Value::String(s) => Ok(String::from(&**s)),
        other => Err(p.wrong("a string", other)),
    }
}

fn optional_string(v: &Value, key: &str, p: &Path) -> Result<Option<String>, RegistryError> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => string(x, &p.key(key)).map(Some),
    }
}

fn text(v: &Value, p: &Path) -> Result<Text, RegistryError> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Ok(Text::Plain(String::from(&**s))),
        Value::String(_) => Err(p.err("is empty")),
        Value::Object(m) if !m.is_empty() => {
            let mut out = Vec::with_capacity(m.len());
            for (i, (lang, s)) in m.iter().enumerate() {
                check_unique(m, i, p)?;
                let Some(code) = Lang::from_tag(lang) else {
                    return Err(p.key(lang).err("is not a supported language code (en, fr, es)"));
                };
                match s {
                    Value::String(s) if !s.trim().is_empty() => out.push((code, String::from(&**s))),
                    other => return Err(p.key(lang).wrong("a non-empty string", other)),
                }
            }
            Ok(Text::PerLanguage(out))
        }
        other => Err(p.wrong("a string or an object of strings per language", other)),
    }
}

#[cfg(test)]
mod sort_tests {
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[test]
    fn heap_sort_orders_like_the_standard_sort() {
        let mut seed = 12345u32;
        for len in [0usize, 1, 2, 3, 7, 64, 1000] {
            let mut v: Vec<u32> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (seed >> 16) % 50
                })
                .collect();
            let mut expected = v.clone();
            expected.sort();
            super::heap_sort(&mut v);
            assert_eq!(v, expected, "length {len}");
        }
    }
}
