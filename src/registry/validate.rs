//! The validation rules: JSON value → [`Registry`], or the problems found,
//! each at its place and with its [`ProblemCode`]. This layer sits above the
//! model and above the modules whose constants the rules check against
//! ([`crate::record`]: the consent cookie and its size limit,
//! [`crate::receipt`]: the receipt log's key, [`crate::consent_mode`]: the
//! consent types), so none of those needs to import it.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;
use super::fingerprint::revision;
use super::limits;
use super::model::{Category, Cookie, Lifetime, NamePattern, Portal, Registry, Text};
use crate::consent_mode::{ConsentType, TYPES};
use crate::error::{Problem, ProblemCode, RegistryError};
use crate::i18n::Lang;
use crate::record::CONSENT_COOKIE;
use crate::value::Value;

/// Days in a month, as used for consent expiry (365 / 12, rounded down on the total).
fn months_to_days(months: u32) -> u32 {
    months * 365 / 12
}

/// What a string the importer could not fill starts with (`"TODO: how long
/// it lives"`). Validation refuses it ([`ProblemCode::Placeholder`]) until
/// the administrator replaces it.
pub const PLACEHOLDER: &str = "TODO:";

/// Collects the problems found while a registry is validated: every one
/// ([`Registry::check_value`], behind `consent-banner check` and the
/// editor), or only the first ([`Registry::from_value`], the browser, which
/// fails closed anyway and so stops looking). Each rule reports through it
/// ([`Checker::bad`], [`Checker::fail`], [`Checker::wrong`]) and asks it
/// whether to go on ([`Checker::done`]).
struct Checker {
    problems: Vec<Problem>,
    all: bool,
}

impl Checker {
    /// Reports a problem at `p` (kept unless only the first is wanted and
    /// there is one already).
    fn bad(&mut self, p: &Path, code: ProblemCode, args: &[&str]) {
        if self.all || self.problems.is_empty() {
            self.problems.push(Problem::new(p.render(), code, args));
        }
    }
    /// Reports and gives up on the value at hand.
    fn fail<T>(&mut self, p: &Path, code: ProblemCode, args: &[&str]) -> Option<T> {
        self.bad(p, code, args);
        None
    }
    /// Reports a value of the wrong type, or an importer's placeholder where
    /// a value of any type belongs, and gives up on it.
    fn wrong<T>(&mut self, p: &Path, expected: &str, found: &Value) -> Option<T> {
        match found {
            // A placeholder stands for a value of any type (`"necessary": "TODO: …"`).
            Value::String(s) if s.starts_with(PLACEHOLDER) => {
                self.fail(p, ProblemCode::Placeholder, &[s[PLACEHOLDER.len()..].trim()])
            }
            _ => self.fail(p, ProblemCode::WrongType, &[expected, found.kind()]),
        }
    }
    /// Whether to stop looking (the first problem is all the caller wants).
    fn done(&self) -> bool {
        !self.all && !self.problems.is_empty()
    }
}

/// The problem for JSON text that could not be read.
pub(crate) fn syntax_problem(e: &crate::value::JsonError) -> Problem {
    let (mut line, mut column) = (String::new(), String::new());
    crate::util::push_decimal(&mut line, e.line as u64);
    crate::util::push_decimal(&mut column, e.column as u64);
    Problem::new("registry".into(), ProblemCode::Syntax, &[&line, &column, e.expected])
}

/// Registry bytes as text: UTF-8 with or without a byte-order mark.
pub(crate) fn utf8_text(bytes: &[u8]) -> Result<&str, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    core::str::from_utf8(bytes).map_err(|e| {
        let mut at = String::new();
        crate::util::push_decimal(&mut at, e.valid_up_to() as u64 + 1);
        Problem::new("registry".into(), ProblemCode::NotUtf8, &[&at])
    })
}

impl Registry {
    /// Parses and validates registry JSON text; the error is the first problem.
    pub fn from_json(text: &str) -> Result<Registry, RegistryError> {
        let value = Value::parse(text).map_err(|e| RegistryError::from(syntax_problem(&e)))?;
        Registry::from_value(&value)
    }

    /// Parses and validates registry JSON given as bytes (as fetched): UTF-8,
    /// with or without a byte-order mark.
    pub fn from_utf8(bytes: &[u8]) -> Result<Registry, RegistryError> {
        Registry::from_json(utf8_text(bytes)?)
    }

    /// Validates a JSON value into a registry; the error is the first problem.
    pub fn from_value(v: &Value) -> Result<Registry, RegistryError> {
        // Only the first problem is kept (`all` off), so it is the one popped.
        let mut ck = Checker { problems: Vec::new(), all: false };
        let registry = registry(v, &mut ck);
        match ck.problems.pop() {
            Some(first) => Err(RegistryError::from(first)),
            None => Ok(registry),
        }
    }

    /// Validates a JSON value into a registry, or reports every problem, in
    /// document order (the first is the one [`Registry::from_value`] gives).
    pub fn check_value(v: &Value) -> Result<Registry, Vec<Problem>> {
        let mut ck = Checker { problems: Vec::new(), all: true };
        let registry = registry(v, &mut ck);
        if ck.problems.is_empty() {
            Ok(registry)
        } else {
            Err(ck.problems)
        }
    }
}

// The readers below fill a value made of defaults in place and keep one
// `ok` flag, rather than an `Option` per field joined at the end: the
// wasm then holds one drop of the value instead of one per combination of
// fields read so far (the visitor's build was 11 KB for this function alone).
//
// The registry as read: usable only when no problem was reported (what is
// refused is reported, so no flag is kept at this level).
fn registry(v: &Value, ck: &mut Checker) -> Registry {
    let mut reg = Registry {
        portal: Portal { name: Text::Plain(String::new()), address: String::new() },
        default_language: Lang::En,
        policy_url: None,
        privacy_url: None,
        expiry_days: months_to_days(6),
        cookie_domain: None,
        categories: Vec::new(),
        revision: String::new(),
    };
    let root = Path::root();
    let keys = ["$schema", "portal", "default_language", "policy_url", "privacy_url", "expiry_months", "cookie_domain", "categories"];
    if object(v, &root, &keys, ck).is_none() {
        return reg;
    }
    // `$schema` only tells editors where the JSON Schema is.
    if let Some(x) = member(v, "$schema") {
        string(x, &root.key("$schema"), limits::URL, ck);
    }

    let p = root.key("portal");
    if let Some(pv) = required(v, "portal", &root, ck) {
        if object(pv, &p, &["name", "address"], ck).is_some() {
            if let Some(name) = required_text(pv, "name", &p, limits::SHORT_TEXT, ck) {
                reg.portal.name = name;
            }
            let ap = p.key("address");
            if let Some(a) = required(pv, "address", &p, ck).and_then(|x| string(x, &ap, limits::URL, ck)) {
                if a.starts_with("https://") || a.starts_with("http://") {
                    reg.portal.address = a;
                } else {
                    ck.bad(&ap, ProblemCode::NotHttp, &[]);
                }
            }
        }
    }

    if let Some(x) = member(v, "default_language") {
        let p = root.key("default_language");
        if let Some(code) = string(x, &p, limits::LANGUAGE, ck) {
            match Lang::from_tag(&code) {
                Some(lang) => reg.default_language = lang,
                None => ck.bad(&p, ProblemCode::BadLanguage, &[]),
            }
        }
    }
    reg.policy_url = link(v, "policy_url", &root, ck);
    reg.privacy_url = link(v, "privacy_url", &root, ck);
    if let Some(x) = member(v, "expiry_months") {
        match x {
            Value::Number(n) if *n >= 1.0 && *n <= 13.0 && *n == (*n as u32) as f64 => reg.expiry_days = months_to_days(*n as u32),
            _ => ck.bad(&root.key("expiry_months"), ProblemCode::BadExpiry, &[]),
        }
    }
    // Pasted into the consent cookie's attributes: a domain name and nothing else.
    if let Some(x) = member(v, "cookie_domain") {
        let p = root.key("cookie_domain");
        if let Some(d) = string(x, &p, limits::DOMAIN, ck) {
            if is_domain(&d) {
                reg.cookie_domain = Some(d);
            } else {
                ck.bad(&p, ProblemCode::BadDomain, &[]);
            }
        }
    }

    let cp = root.key("categories");
    if let Some(categories) = required(v, "categories", &root, ck).and_then(|x| categories(x, &cp, ck)) {
        reg.revision = revision(&categories);
        reg.categories = categories;
    }
    reg
}

/// A link of the dialog (`policy_url`, `privacy_url`), when given: no
/// javascript: (or other) URLs.
fn link(v: &Value, key: &str, root: &Path, ck: &mut Checker) -> Option<String> {
    let x = member(v, key)?;
    let p = root.key(key);
    let url = string(x, &p, limits::URL, ck)?;
    if is_web_link(&url) {
        Some(url)
    } else {
        ck.fail(&p, ProblemCode::BadLink, &[])
    }
}

/// The categories, each checked alone, then the rules between them (on the
/// categories that passed, so one mistake is not reported twice).
fn categories(x: &Value, cp: &Path, ck: &mut Checker) -> Option<Vec<Category>> {
    let list = match x {
        Value::Array(a) => a,
        other => return ck.wrong(cp, "a list of categories", other),
    };
    if list.is_empty() {
        return ck.fail(cp, ProblemCode::NoCategories, &[]);
    }
    if list.len() > limits::CATEGORIES {
        return ck.fail(cp, ProblemCode::TooMany, &[&count(limits::CATEGORIES)]);
    }
    // The categories that passed, and where each is in the list.
    let (mut parsed, mut at): (Vec<Category>, Vec<usize>) = (Vec::with_capacity(list.len()), Vec::with_capacity(list.len()));
    for (i, c) in list.iter().enumerate() {
        if ck.done() {
            return None;
        }
        let Some(cat) = category(c, &cp.index(i), ck) else { continue };
        // A repeated id is reported, but the category still counts in the
        // rules between categories: it is otherwise whole.
        if parsed.iter().any(|o| o.id == cat.id) {
            ck.bad(&cp.index(i).key("id"), ProblemCode::RepeatedCategoryId, &[]);
        }
        parsed.push(cat);
        at.push(i);
    }
    let complete = parsed.len() == list.len();

    // A cookie name declared twice would be both necessary and optional, or twice optional.
    // Sorted by name, so duplicates are neighbours; the later declaration is reported.
    let mut names: Vec<(&NamePattern, [usize; 3])> = Vec::new();
    for (c, i) in parsed.iter().zip(&at) {
        for (j, k) in c.cookies.iter().enumerate() {
            for (n, name) in k.names.iter().enumerate() {
                names.push((name, [*i, j, n]));
            }
        }
    }
    crate::util::heap_sort(&mut names);
    for w in names.windows(2).filter(|w| w[0].0 == w[1].0) {
        let [i, j, n] = w[1].1;
        ck.bad(&cp.index(i).key("cookies").index(j).key("names").index(n), ProblemCode::DuplicateName, &[]);
        if ck.done() {
            return None;
        }
    }
    // Refusing an optional category deletes every cookie and storage key its
    // patterns match: none may reach what this module keeps or a necessary one.
    let (consent, receipts) =
        (NamePattern::Exact(CONSENT_COOKIE.into()), NamePattern::Exact(crate::receipt::STORAGE_KEY.into()));
    let (mut kept_cookies, mut kept_keys) = (vec![(None, &consent)], vec![(None, &receipts)]);
    for c in parsed.iter().filter(|c| c.necessary) {
        for k in &c.cookies {
            for n in &k.names {
                kept_cookies.push((Some(c.id.as_str()), n));
            }
        }
        for n in &c.storage {
            kept_keys.push((Some(c.id.as_str()), n));
        }
    }
    // An exact cookie name cannot equal a necessary one's here (that is a
    // duplicate, refused above): it is checked against this module's own
    // cookie and the necessary prefixes only, not every necessary name —
    // which keeps a registry of a thousand cookies quick to check.
    let mut for_exact = Vec::new();
    for &(owner, t) in &kept_cookies {
        if owner.is_none() || matches!(t, NamePattern::Prefix(_)) {
            for_exact.push((owner, t));
        }
    }
    for (c, i) in parsed.iter().zip(&at).filter(|(c, _)| !c.necessary) {
        let ci = cp.index(*i);
        for (j, k) in c.cookies.iter().enumerate() {
            for (n, name) in k.names.iter().enumerate() {
                let candidates = if matches!(name, NamePattern::Exact(_)) { &for_exact } else { &kept_cookies };
                if let Some((owner, theirs)) = candidates.iter().find(|(_, t)| t.overlaps(name)) {
                    overlap(&ci.key("cookies").index(j).key("names").index(n), &c.id, name, *owner, theirs, ck);
                }
            }
        }
        for (n, name) in c.storage.iter().enumerate() {
            if let Some((owner, theirs)) = kept_keys.iter().find(|(_, t)| t.overlaps(name)) {
                overlap(&ci.key("storage").index(n), &c.id, name, *owner, theirs, ck);
            }
        }
        if ck.done() {
            return None;
        }
    }
    // Each Consent Mode type belongs to one category at most.
    for (k, (c, i)) in parsed.iter().zip(&at).enumerate() {
        for (j, t) in c.consent_mode.iter().enumerate() {
            if parsed[..k].iter().any(|o| o.consent_mode.iter().any(|m| m == t)) || c.consent_mode[..j].iter().any(|m| m == t) {
                ck.bad(&cp.index(*i).key("consent_mode").index(j), ProblemCode::ConsentModeTaken, &[]);
            }
        }
    }
    if !complete {
        return None;
    }
    let categories = parsed;
    let consent_declared = categories
        .iter()
        .filter(|c| c.necessary)
        .flat_map(|c| c.cookies.iter())
        .flat_map(|k| k.names.iter())
        .any(|n| n.matches(CONSENT_COOKIE));
    if !consent_declared {
        ck.bad(cp, ProblemCode::NoConsentCookie, &[]);
    }
    // The choice must fit in `cookies_preferences`, or it would be refused
    // as oversized when read back and the visitor asked again on every page.
    let longest = crate::record::max_encoded_len(&revision(&categories), &categories);
    if longest > crate::record::MAX_LEN {
        ck.bad(
            cp,
            ProblemCode::ChoiceTooLong,
            &[&count(categories.len()), &count(longest), &count(crate::record::MAX_LEN)],
        );
    }
    Some(categories)
}

fn count(n: usize) -> String {
    let mut s = String::new();
    crate::util::push_decimal(&mut s, n as u64);
    s
}

fn category(v: &Value, p: &Path, ck: &mut Checker) -> Option<Category> {
    object(v, p, &["id", "necessary", "title", "description", "cookies", "scripts", "storage", "consent_mode"], ck)?;
    // Whether every member was read, and (apart) whether `necessary` and
    // `scripts` were: the rule between those two needs both.
    let (mut ok, mut pair_ok) = (true, true);
    let mut c = Category {
        id: String::new(),
        necessary: false,
        title: Text::Plain(String::new()),
        description: None,
        cookies: Vec::new(),
        scripts: Vec::new(),
        storage: Vec::new(),
        consent_mode: Vec::new(),
    };
    let ip = p.key("id");
    match required(v, "id", p, ck).and_then(|x| string(x, &ip, limits::ID, ck)) {
        Some(id) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-') => c.id = id,
        Some(_) => {
            ck.bad(&ip, ProblemCode::BadCategoryId, &[]);
            ok = false;
        }
        None => ok = false,
    }
    match member(v, "necessary") {
        None => {}
        Some(Value::Bool(b)) => c.necessary = *b,
        Some(other) => {
            ck.wrong::<()>(&p.key("necessary"), "true or false", other);
            pair_ok = false;
        }
    }
    match required_text(v, "title", p, limits::SHORT_TEXT, ck) {
        Some(t) => c.title = t,
        None => ok = false,
    }
    if let Some(x) = member(v, "description") {
        match text(x, &p.key("description"), limits::LONG_TEXT, ck) {
            Some(t) => c.description = Some(t),
            None => ok = false,
        }
    }
    if let Some(x) = member(v, "cookies") {
        let kp = p.key("cookies");
        match list(x, &kp, "a list of cookies", limits::COOKIES, ck) {
            Some(a) => {
                for (i, k) in a.iter().enumerate() {
                    if ck.done() {
                        return None;
                    }
                    match cookie(k, &kp.index(i), ck) {
                        Some(k) => c.cookies.push(k),
                        None => ok = false,
                    }
                }
            }
            None => ok = false,
        }
    }
    let sp = p.key("scripts");
    if let Some(x) = member(v, "scripts") {
        match list(x, &sp, "a list of script URLs", limits::NAMES, ck) {
            Some(a) => {
                for (i, s) in a.iter().enumerate() {
                    let up = sp.index(i);
                    match string(s, &up, limits::URL, ck) {
                        Some(u) if u.trim().is_empty() => {
                            ck.bad(&up, ProblemCode::Empty, &[]);
                            pair_ok = false;
                        }
                        Some(u) => c.scripts.push(u),
                        None => pair_ok = false,
                    }
                }
            }
            None => pair_ok = false,
        }
    }
    if let Some(x) = member(v, "storage") {
        match names(x, &p.key("storage"), false, ck) {
            Some(n) => c.storage = n,
            None => ok = false,
        }
    }
    if let Some(x) = member(v, "consent_mode") {
        let mp = p.key("consent_mode");
        match list(x, &mp, "a list of Consent Mode types", TYPES.len(), ck) {
            Some(a) => {
                for (i, t) in a.iter().enumerate() {
                    let tp = mp.index(i);
                    match string(t, &tp, limits::NAME, ck).map(|t| ConsentType::parse(&t)) {
                        Some(Some(t)) => c.consent_mode.push(t),
                        Some(None) => {
                            ck.bad(&tp, ProblemCode::BadConsentMode, &[&crate::util::join(&TYPES, ", ")]);
                            ok = false;
                        }
                        None => ok = false,
                    }
                }
            }
            None => ok = false,
        }
    }
    if !pair_ok {
        return None;
    }
    if c.necessary && !c.scripts.is_empty() {
        return ck.fail(&sp, ProblemCode::NecessaryScripts, &[]);
    }
    ok.then_some(c)
}

fn cookie(v: &Value, p: &Path, ck: &mut Checker) -> Option<Cookie> {
    object(v, p, &["provider", "function", "names", "purposes", "duration"], ck)?;
    let mut ok = true;
    let mut k = Cookie {
        provider: Text::Plain(String::new()),
        function: Text::Plain(String::new()),
        names: Vec::new(),
        purposes: Text::Plain(String::new()),
        lifetime: Lifetime::Session,
    };
    for (key, max) in [("provider", limits::SHORT_TEXT), ("function", limits::SHORT_TEXT)] {
        match required_text(v, key, p, max, ck) {
            Some(t) if key == "provider" => k.provider = t,
            Some(t) => k.function = t,
            None => ok = false,
        }
    }
    match required(v, "names", p, ck).and_then(|x| names(x, &p.key("names"), true, ck)) {
        Some(n) => k.names = n,
        None => ok = false,
    }
    match required_text(v, "purposes", p, limits::LONG_TEXT, ck) {
        Some(t) => k.purposes = t,
        None => ok = false,
    }
    let dp = p.key("duration");
    match required(v, "duration", p, ck).and_then(|x| string(x, &dp, limits::DURATION, ck)).map(|d| Lifetime::parse(&d)) {
        Some(Some(l)) => k.lifetime = l,
        Some(None) => {
            ck.bad(&dp, ProblemCode::BadDuration, &[]);
            ok = false;
        }
        None => ok = false,
    }
    ok.then_some(k)
}

fn names(v: &Value, p: &Path, cookie: bool, ck: &mut Checker) -> Option<Vec<NamePattern>> {
    let list = list(v, p, "a list of names", limits::NAMES, ck)?;
    if list.is_empty() {
        return ck.fail(p, ProblemCode::Empty, &[]);
    }
    let mut out = Some(Vec::with_capacity(list.len()));
    for (i, n) in list.iter().enumerate() {
        let Some(s) = string(n, &p.index(i), limits::NAME, ck) else {
            out = None;
            continue;
        };
        let (body, prefix) = match s.strip_suffix('*') {
            Some(b) => (b, true),
            None => (s.as_str(), false),
        };
        // Cookie names are RFC 6265 tokens; storage keys may be anything but empty.
        let ok = !body.is_empty()
            && (!cookie
                || body.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}*".contains(&b)));
        if !ok {
            ck.bad(&p.index(i), if cookie { ProblemCode::BadCookieName } else { ProblemCode::BadStorageKey }, &[]);
            out = None;
            continue;
        }
        if let Some(o) = out.as_mut() {
            o.push(if prefix { NamePattern::Prefix(body.to_owned()) } else { NamePattern::Exact(body.to_owned()) });
        }
    }
    out
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
    fn render_into(&self, out: &mut String) {
        if let Some(p) = self.parent {
            p.render_into(out);
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
                crate::util::push_decimal(out, i as u64);
                out.push(']');
            }
        }
    }
    /// The path as text; the root is `registry`.
    fn render(&self) -> String {
        let mut path = String::new();
        self.render_into(&mut path);
        if path.is_empty() {
            path.push_str("registry");
        }
        path
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

/// Whether `d` is a domain name, with an optional leading dot: labels of
/// letters, digits and inner hyphens, 1 to 63 characters each, joined by dots.
fn is_domain(d: &str) -> bool {
    let d = d.strip_prefix('.').unwrap_or(d);
    !d.is_empty()
        && d.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// Checks that `v` is an object with known, unique keys. Unknown or repeated
/// keys are reported but the object is still read (`Some`); another type is not.
fn object(v: &Value, p: &Path, allowed: &[&str], ck: &mut Checker) -> Option<()> {
    let Value::Object(m) = v else { return ck.wrong(p, "an object", v) };
    for (i, (k, _)) in m.iter().enumerate() {
        if !allowed.contains(&&**k) {
            ck.bad(&p.key(k), ProblemCode::UnknownField, &[&crate::util::join(allowed, ", ")]);
        }
        check_unique(m, i, p, ck);
    }
    Some(())
}

/// Reports the `i`th key of an object when an earlier member has the same key
/// (JSON readers disagree on which of the two wins).
fn check_unique(m: &[(Cow<str>, Value)], i: usize, p: &Path, ck: &mut Checker) -> bool {
    let k = &m[i].0;
    if m[..i].iter().any(|(o, _)| o == k) {
        ck.bad(&p.key(k), ProblemCode::DuplicateKey, &[]);
        return false;
    }
    true
}

/// Reports an optional category's pattern `mine` that could match
/// `theirs`, kept by the necessary category `owner` (or by this module).
fn overlap(p: &Path, category: &str, mine: &NamePattern, owner: Option<&str>, theirs: &NamePattern, ck: &mut Checker) {
    let code = if owner.is_some() { ProblemCode::Overlap } else { ProblemCode::Reserved };
    ck.bad(p, code, &[&mine.as_declared(), category, &theirs.as_declared(), owner.unwrap_or("")]);
}

fn required<'a, 'v>(v: &'a Value<'v>, key: &str, p: &Path, ck: &mut Checker) -> Option<&'a Value<'v>> {
    match v.get(key) {
        None | Some(Value::Null) => ck.fail(&p.key(key), ProblemCode::Missing, &[]),
        Some(x) => Some(x),
    }
}

/// The member `key` of an object, unless it is absent or `null` (which
/// is how an optional member is left out).
fn member<'a, 'v>(v: &'a Value<'v>, key: &str) -> Option<&'a Value<'v>> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        x => x,
    }
}

/// A required member that is a text of at most `max` characters.
fn required_text(v: &Value, key: &str, p: &Path, max: usize, ck: &mut Checker) -> Option<Text> {
    required(v, key, p, ck).and_then(|x| text(x, &p.key(key), max, ck))
}

/// A list of at most `max` items.
fn list<'a, 'v>(v: &'a Value<'v>, p: &Path, what: &str, max: usize, ck: &mut Checker) -> Option<&'a [Value<'v>]> {
    match v {
        Value::Array(a) if a.len() <= max => Some(a),
        Value::Array(_) => ck.fail(p, ProblemCode::TooMany, &[&count(max)]),
        other => ck.wrong(p, what, other),
    }
}

/// A string of at most `max` characters that is not an importer's placeholder.
fn string(v: &Value, p: &Path, max: usize, ck: &mut Checker) -> Option<String> {
    match v {
        Value::String(s) if s.starts_with(PLACEHOLDER) => ck.wrong(p, "a string", v),
        // Characters, counted as the bytes that do not continue one (no generic counting code in the wasm).
        Value::String(s) if s.len() > max && s.bytes().filter(|b| b & 0xC0 != 0x80).count() > max => {
            ck.fail(p, ProblemCode::TooLong, &[&count(max)])
        }
        Value::String(s) => Some(String::from(&**s)),
        other => ck.wrong(p, "a string", other),
    }
}

fn text(v: &Value, p: &Path, max: usize, ck: &mut Checker) -> Option<Text> {
    let filled = |s: String, p: &Path, ck: &mut Checker| if s.trim().is_empty() { ck.fail(p, ProblemCode::Empty, &[]) } else { Some(s) };
    match v {
        Value::String(_) => string(v, p, max, ck).and_then(|s| filled(s, p, ck)).map(Text::Plain),
        Value::Object(m) if !m.is_empty() => {
            let mut out = Some(Vec::with_capacity(m.len()));
            for (i, (lang, s)) in m.iter().enumerate() {
                let lp = p.key(lang);
                let read = if !check_unique(m, i, p, ck) {
                    None
                } else if let Some(code) = Lang::from_tag(lang) {
                    match s {
                        Value::String(_) => string(s, &lp, max, ck).and_then(|s| filled(s, &lp, ck)).map(|s| (code, s)),
                        other => ck.wrong(&lp, "a non-empty string", other),
                    }
                } else {
                    ck.fail(&lp, ProblemCode::BadLanguage, &[])
                };
                match (read, out.as_mut()) {
                    (Some(x), Some(o)) => o.push(x),
                    _ => out = None,
                }
            }
            out.map(Text::PerLanguage)
        }
        other => ck.wrong(p, "a string or an object of strings per language", other),
    }
}

