//! Typed errors, with messages a portal administrator can act on.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

/// Why a registry was refused: its first [`Problem`], in the words the
/// browser's console gives it. [`crate::check`] reports every problem of a
/// registry; the browser stops at the first and fails closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError(Problem);

impl RegistryError {
    /// The problem: where, which rule, and the values its explanation needs.
    pub fn problem(&self) -> &Problem {
        &self.0
    }

    /// The message for the browser console, prefixed with `consent-banner: `.
    /// Text that cannot be read (not JSON, not UTF-8) is "not valid JSON"
    /// with the line and column or the byte; any other problem is its path,
    /// explanation and code.
    pub fn message(&self) -> String {
        let p = &self.0;
        let mut s = String::from("consent-banner: the cookie registry is invalid: ");
        match p.code {
            // The two explanations the visitors' builds keep (`terse`): the
            // line and column, or the byte, are all there is to go on.
            ProblemCode::Syntax | ProblemCode::NotUtf8 => {
                s.push_str("it ");
                s.push_str(&fill(if p.code == ProblemCode::Syntax { SYNTAX } else { NOT_UTF8 }, &p.args));
            }
            code => {
                s.push_str(&p.path);
                s.push_str(": ");
                s.push_str(&explanation(p));
                s.push_str(" [");
                s.push_str(code.as_str());
                s.push(']');
            }
        }
        s.push_str(". No optional cookies or scripts will be used until it is fixed.");
        s
    }
}

impl From<Problem> for RegistryError {
    /// The browser's error for a registry's first problem.
    fn from(p: Problem) -> RegistryError {
        RegistryError(p)
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for RegistryError {}

/// Why a stored `cookies_preferences` value cannot be used (the visitor is asked again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordError {
    /// No value is stored.
    Missing,
    /// Longer than [`crate::record::MAX_LEN`] bytes.
    TooLong,
    /// Not in the documented format (or tampered with).
    Malformed,
    /// A format version this module does not read.
    UnknownVersion,
    /// Recorded against another version of the registry.
    OtherRevision,
    /// Older than the registry's expiry.
    Expired,
    /// Dated in the future (clock skew or tampering).
    FromTheFuture,
    /// It does not say anything about a category the registry has, or
    /// records a necessary category as refused.
    Incomplete,
}

impl RecordError {
    /// A short reason, for the console and the `consent:ready` event.
    pub fn reason(self) -> &'static str {
        match self {
            RecordError::Missing => "no stored choice",
            RecordError::TooLong => "stored choice is oversized",
            RecordError::Malformed => "stored choice is malformed",
            RecordError::UnknownVersion => "stored choice has an unknown format version",
            RecordError::OtherRevision => "the declared cookies changed since the choice was made",
            RecordError::Expired => "stored choice has expired",
            RecordError::FromTheFuture => "stored choice is dated in the future",
            RecordError::Incomplete => "stored choice does not cover every category",
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

impl core::error::Error for RecordError {}

/// One problem found in a registry: where, which rule, and the values the
/// explanation needs. [`crate::check::check_json`] reports every problem of
/// a registry at once; the browser stops at the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, as a JSON path: `categories[1].cookies[0].names`, or `registry`
    /// for the whole document.
    pub path: String,
    /// Which rule was broken (a stable code, see [`ProblemCode`]).
    pub code: ProblemCode,
    /// The variable parts of the explanation (a limit, the type found, the
    /// names that collide…), in the order [`Problem::message`] uses them.
    pub args: Vec<String>,
}

/// Writes [`ProblemCode`] and what belongs to each code — [`ProblemCode::ALL`],
/// [`ProblemCode::as_str`], [`ProblemCode::summary`], [`ProblemCode::template`]
/// — from the one table of rules below.
macro_rules! rules {
    ($($(#[$doc:meta])* $name:ident = $code:literal, $summary:literal, $template:expr;)*) => {
        /// The rules a registry must follow, each with a stable short code
        /// ([`ProblemCode::as_str`]) that tools and the documentation can rely on.
        /// Codes are never reused for another rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ProblemCode {
            $(
                #[doc = concat!("`", $code, "` ")]
                $(#[$doc])*
                $name,
            )*
        }

        impl ProblemCode {
            /// Every code, in code order.
            pub const ALL: [ProblemCode; [$($code),*].len()] = [$(ProblemCode::$name),*];

            /// The stable short code, `R001` onwards.
            pub fn as_str(self) -> &'static str {
                const CODES: [&str; ProblemCode::ALL.len()] = [$($code),*];
                CODES[self as usize]
            }

            /// The rule in a few words, as the list of codes in
            /// docs/problems.md gives it (a test holds the two in step).
            pub fn summary(self) -> &'static str {
                const SUMMARIES: [&str; ProblemCode::ALL.len()] = [$($summary),*];
                SUMMARIES[self as usize]
            }

            /// The explanation of this code, with `{0}`… where [`Problem::args`] go.
            ///
            /// This is the one place where codes become prose.
            pub fn template(self) -> &'static str {
                match self {
                    $(ProblemCode::$name => $template,)*
                }
            }
        }
    };
}

/// R001's explanation, the checker's and the browser's (kept in the
/// visitors' builds, which leave the other explanations out).
const SYNTAX: &str = "is not valid JSON (line {0}, column {1}: expected {2})";
/// R002's explanation, the checker's and the browser's.
const NOT_UTF8: &str = "is not valid JSON (byte {0}: not UTF-8 text; save the registry as UTF-8)";

// The one table of registry rules: per rule its documentation (with the
// arguments its explanation takes), its name, its code, its summary and
// its explanation. A new rule is one entry here (at the end: codes are
// never reused or renumbered), plus a row in docs/problems.md, a file in
// tests/fixtures/registries/invalid/ and a case in tests/registry.rs's
// one_bad_registry_per_rule — tests fail until all three exist.
rules! {
    /// The text is not JSON (args: line, column, what was expected).
    Syntax = "R001", "not JSON", SYNTAX;
    /// The bytes are not UTF-8 (args: the byte's 1-based position).
    NotUtf8 = "R002", "not UTF-8", NOT_UTF8;
    /// A value of the wrong type (args: expected, found).
    WrongType = "R003", "wrong type",
        "must be {0}, not {1}";
    /// A required field is missing or `null`.
    Missing = "R004", "required field missing",
        "is missing: add it, this field is required";
    /// A field this registry format does not have (args: the allowed fields).
    UnknownField = "R005", "unknown field",
        "unknown field; expected one of: {0} (remove it or correct its spelling)";
    /// The same key twice in one object.
    DuplicateKey = "R006", "a key twice in one object",
        "is given more than once in the same object; keep only one";
    /// An empty (or blank) text, list or URL.
    Empty = "R007", "empty text, list or URL",
        "is empty: give it a value";
    /// A string longer than its limit (args: the limit in characters).
    TooLong = "R008", "string over its limit",
        "is longer than the limit of {0} characters: shorten it";
    /// A list longer than its limit (args: the limit in items).
    TooMany = "R009", "list over its limit",
        "has more than the limit of {0} items: shorten the list";
    /// `portal.address` is not an http(s) address.
    NotHttp = "R010", "`portal.address` not http(s)",
        "must start with https:// or http://: give the portal's full public address, e.g. https://data.example.org";
    /// `policy_url` / `privacy_url` is neither http(s) nor a path.
    BadLink = "R011", "link neither http(s) nor a path",
        "must be an http:// or https:// address, or a path on the portal (other schemes, such as javascript:, are refused)";
    /// A language code other than en, fr, es.
    BadLanguage = "R012", "language other than en, fr, es",
        "is not a supported language (en, fr, es): use one of these codes";
    /// `expiry_months` is not a whole number from 1 to 13.
    BadExpiry = "R013", "`expiry_months` not 1–13",
        "must be a whole number of months from 1 to 13";
    /// `cookie_domain` is not a domain name.
    BadDomain = "R014", "`cookie_domain` not a domain name",
        "is not a domain name: give the domain alone, e.g. example.org or .example.org (letters, digits, hyphens and dots; no spaces, `;`, `=` or cookie attributes)";
    /// A category id outside `[a-z0-9_-]{1,32}`.
    BadCategoryId = "R015", "category id not `[a-z0-9_-]{1,32}`",
        "must be 1 to 32 characters among a-z, 0-9, _ and -";
    /// Two categories with the same id.
    RepeatedCategoryId = "R016", "two categories with one id",
        "repeats the id of an earlier category: give each category its own id";
    /// A cookie name that is not an RFC 6265 token (with an optional trailing `*`).
    BadCookieName = "R017", "not a cookie name (RFC 6265 token, optional trailing `*`)",
        "is not a valid cookie name (letters, digits and !#$%&'+-.^_`|~; a single trailing * for a prefix)";
    /// An empty storage key.
    BadStorageKey = "R018", "empty storage key",
        "is empty (a key, or a prefix ending in *)";
    /// A duration that is not `session` or `<n> <unit>`.
    BadDuration = "R019", "not a duration",
        "must be \"session\" or a number and a unit, e.g. \"2 weeks\", \"13 months\" (units: minutes, hours, days, weeks, months, years)";
    /// Scripts in a necessary category.
    NecessaryScripts = "R020", "scripts in a necessary category",
        "a necessary category runs its scripts without asking: include them in the page directly";
    /// An unknown Consent Mode v2 type (args: the known types).
    BadConsentMode = "R021", "not a Consent Mode v2 type",
        "is not a Consent Mode v2 type; use one of: {0}";
    /// A Consent Mode type given to two categories (or twice).
    ConsentModeTaken = "R022", "a Consent Mode type in two categories",
        "is already given to another category: give each Consent Mode type to one category";
    /// A cookie name declared twice in the registry.
    DuplicateName = "R023", "a cookie name declared twice",
        "is declared more than once in the registry: keep one declaration";
    /// An optional category's name pattern reaches a necessary category's cookie or storage key
    /// (args: the pattern, its category, the other pattern, the necessary category).
    Overlap = "R024", "an optional pattern that reaches a necessary cookie or key",
        "`{0}` of the optional category `{1}` could also match `{2}` of the necessary category `{3}`, and refusing `{1}` would delete it: make the names distinct";
    /// No necessary category declares `cookies_preferences`.
    NoConsentCookie = "R025", "no necessary category declares `cookies_preferences`",
        "no necessary category declares the `cookies_preferences` cookie, which this module sets to remember the choice: add it to the necessary category's cookies";
    /// The stored choice would outgrow its cookie (args: categories, bytes, limit).
    ChoiceTooLong = "R026", "the stored choice would outgrow its cookie",
        "the stored choice for {0} categories could take {1} bytes, over the cookie's limit of {2}: declare fewer categories or give them shorter ids";
    /// The category list is empty.
    NoCategories = "R027", "no category",
        "is empty: declare at least the necessary category";
    /// A placeholder left by `consent-banner import` (`"TODO: …"`) is still there (args: what to
    /// put in its place).
    Placeholder = "R028", "an importer's `TODO:` placeholder",
        "is a placeholder left by the importer: replace it with {0}";
    /// An optional category's name pattern reaches the cookie or storage key this module keeps for
    /// itself (args: the pattern, its category, the module's name).
    Reserved = "R029", "an optional pattern that reaches this module's own cookie or key",
        "`{0}` of the optional category `{1}` could also match `{2}`, which this module keeps for itself, and refusing `{1}` would delete it: make the names distinct";
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: String, code: ProblemCode, args: &[&str]) -> Problem {
        let mut owned = Vec::with_capacity(args.len());
        for a in args {
            owned.push(String::from(*a));
        }
        Problem { path, code, args: owned }
    }

    /// What is wrong and how to fix it, in English, without the path.
    pub fn message(&self) -> String {
        fill(self.code.template(), &self.args)
    }
}

/// `template` with `{0}`… replaced by `args` (a missing one by nothing).
fn fill(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        let b = rest.as_bytes();
        if b.len() > at + 2 && b[at + 1].is_ascii_digit() && b[at + 2] == b'}' {
            out.push_str(&rest[..at]);
            out.push_str(args.get(usize::from(b[at + 1] - b'0')).map_or("", String::as_str));
            rest = &rest[at + 3..];
        } else {
            out.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        f.write_str(": ")?;
        f.write_str(&self.message())?;
        f.write_str(" [")?;
        f.write_str(self.code.as_str())?;
        f.write_str("]")
    }
}

/// The browser's explanation of a problem: the full one.
#[cfg(not(feature = "terse"))]
fn explanation(p: &Problem) -> String {
    p.message()
}

/// The browser's explanation of a problem in the visitors' builds (feature
/// `terse`): where to read it, since the explanations are left out of their
/// wasm; the code and the path still say which rule and where.
#[cfg(feature = "terse")]
fn explanation(_: &Problem) -> String {
    String::from("see this code in docs/problems.md, run `consent-banner check` on the registry, or add data-debug to the script tag for the full explanation")
}
