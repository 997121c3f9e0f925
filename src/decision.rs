//! Decisions: (registry, previous record, visitor's action, the page, time,
//! randomness) → the new record and the [`Effects`] the browser shell must
//! apply.
//!
//! ```
//! use consent_banner::decision::{decide, Action, Env, Options, Page};
//! use consent_banner::i18n::Lang;
//! use consent_banner::record::DecidedBy;
//! # let registry = consent_banner::registry::Registry::from_value(&consent_banner::testing::small_registry())?;
//! let page = Page { secure: true, ..Page::default() };
//! let options = Options::default();
//! let env = Env { now: 1_763_845_000, consent_id: "00ff00ff00ff00ff".into(), by: DecidedBy::Click, lang: Lang::En, page: &page, options: &options, loaded: &[] };
//! let d = decide(&registry, None, &Action::RejectAll, &env);
//! assert!(!d.record.accepts("statistics"));
//! assert!(d.effects.set_cookies[0].contains("; Secure"));
//! assert_eq!(d.effects.activate, ["necessary"]);
//! # Ok::<(), consent_banner::error::RegistryError>(())
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

use crate::i18n::Lang;
use crate::receipt::Receipt;
use crate::record::{ConsentRecord, DecidedBy, CONSENT_COOKIE};
use crate::registry::{Category, Registry};

/// What the visitor (or a page script) asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Every category on.
    AcceptAll,
    /// Only necessary categories on.
    RejectAll,
    /// Exactly these optional categories on (unknown ids are ignored).
    Choose(Vec<String>),
    /// This category on as well, the others as the previous record has them
    /// (a blocked frame's "allow" button).
    Allow(String),
}

/// What the shell read of the page, once, for the core.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Served over https (the cookies written are then `Secure`).
    pub secure: bool,
    /// `location.hostname`.
    pub host: String,
    /// `location.pathname`.
    pub path: String,
    /// `location.origin` (the page's web origin).
    pub origin: String,
    /// `<html lang>`, or "".
    pub html_lang: String,
    /// `navigator.languages`, comma-separated.
    pub languages: String,
    /// `navigator.globalPrivacyControl === true`.
    pub gpc: bool,
    /// `document.cookie` ("" when cookies are blocked).
    pub cookie_header: String,
}

/// The script tag's options, typed (the loader passes them as
/// `{ lang, reloadOnWithdraw, receiptEndpoint, floatingButton, gtag }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `data-lang`: the language asked for, if any.
    pub lang: Option<String>,
    /// Reload the page when a category whose scripts ran is withdrawn
    /// (`data-reload-on-withdraw`, on unless `"false"`).
    pub reload_on_withdraw: bool,
    /// Where receipts are sent (`data-receipt-endpoint`), if anywhere.
    pub receipt_endpoint: Option<String>,
    /// Show the floating reopen button (`data-floating-button`).
    pub floating_button: bool,
    /// The loader handed a `gtag()` (`data-consent-mode`): Consent Mode
    /// updates are pushed when the registry maps categories to types.
    pub gtag: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { lang: None, reload_on_withdraw: true, receipt_endpoint: None, floating_button: false, gtag: false }
    }
}

/// The outside world, passed in so decisions are deterministic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Env<'a> {
    /// Now, Unix seconds.
    pub now: u64,
    /// A fresh random consent id (hex).
    pub consent_id: String,
    /// Who made the decision.
    pub by: DecidedBy,
    /// The language the dialog speaks (named in the receipt).
    pub lang: Lang,
    /// The page, as read just before the decision.
    pub page: &'a Page,
    /// The script tag's options.
    pub options: &'a Options,
    /// Registry-declared script URLs already run (or queued) on this page.
    pub loaded: &'a [String],
}

/// A page event the shell fires on `document`, with the current decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// `consent:change`: a decision was made here or in another tab.
    Change,
}

impl Event {
    /// The event's name.
    pub fn name(self) -> &'static str {
        match self {
            Event::Change => "consent:change",
        }
    }
}

/// Everything a decision (or the start, another tab's change, content added
/// later) asks of the page, as data. The shell applies it in this order,
/// and decides nothing itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    /// The `document.cookie` assignments, in order: the choice itself first
    /// (when one is stored), then the deletions of refused categories' cookies.
    pub set_cookies: Vec<String>,
    /// The consent id of a choice stored here: the shell reads
    /// `document.cookie` back and warns when the browser did not keep it
    /// (cookies blocked), and tells the portal's other tabs.
    pub stored: Option<String>,
    /// Refused categories that declare web storage: the shell lists the keys
    /// present in localStorage and sessionStorage (only then) and removes
    /// those [`storage_to_clear`] picks.
    pub clear_storage: Vec<String>,
    /// The Consent Mode `update` state as JSON text, for `gtag('consent', 'update', …)`.
    pub consent_mode: Option<String>,
    /// The categories whose gated scripts and frames may run (necessary and
    /// accepted); the others' frames get their notice.
    pub activate: Vec<String>,
    /// Registry-declared scripts to add, `(url, category)`, not run before on this page.
    pub scripts: Vec<(String, String)>,
    /// Close the dialog's layers.
    pub close_layers: bool,
    /// Tell screen readers the choice was saved.
    pub announce_saved: bool,
    /// The decision's proof, when one was made here.
    pub receipt: Option<Receipt>,
    /// Append the receipt to the log in localStorage (the registry declares it).
    pub keep_receipt: bool,
    /// Send the receipt to this endpoint.
    pub send_receipt_to: Option<String>,
    /// The event to fire.
    pub event: Option<Event>,
    /// Reload the page: a category whose scripts ran was withdrawn.
    pub reload: bool,
}

/// The outcome of a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The new record.
    pub record: ConsentRecord,
    /// What the shell must do.
    pub effects: Effects,
}

/// Whether a category is on under a record (or none yet): necessary
/// categories always are, optional ones when the record accepts them.
/// The one statement of that rule (the gating, Consent Mode, `isAccepted`).
pub fn granted(category: &Category, record: Option<&ConsentRecord>) -> bool {
    category.necessary || record.is_some_and(|r| r.accepts(&category.id))
}

/// Applies an action.
pub fn decide(registry: &Registry, previous: Option<&ConsentRecord>, action: &Action, env: &Env) -> Decision {
    // Plain loops rather than `map(…).collect()`: each collect is its own
    // copy of the generic iterator code in the wasm.
    let (mut choices, mut fingerprints) = (Vec::with_capacity(registry.categories.len()), Vec::with_capacity(registry.categories.len()));
    for c in &registry.categories {
        let on = c.necessary
            || match action {
                Action::AcceptAll => true,
                Action::RejectAll => false,
                Action::Choose(ids) => ids.contains(&c.id),
                Action::Allow(id) => *id == c.id || previous.is_some_and(|p| p.accepts(&c.id)),
            };
        choices.push((c.id.clone(), on));
        fingerprints.push((c.id.clone(), c.fingerprint()));
    }
    let record = ConsentRecord {
        revision: registry.revision().to_owned(),
        time: env.now,
        id: env.consent_id.clone(),
        decided_by: env.by,
        choices,
        fingerprints,
    };
    let withdrawn = previous.is_some_and(|prev| registry.optional().any(|c| prev.accepts(&c.id) && !record.accepts(&c.id)));
    let mut effects = enforce(registry, Some(&record), env.page, env.options, env.loaded, Some(consent_cookie(registry, &record.encode(), env.page.secure)));
    effects.stored = Some(record.id.clone());
    effects.close_layers = true;
    effects.announce_saved = true;
    effects.receipt = Some(Receipt::new(&record, env.lang, &crate::util::join(&[&env.page.origin, &env.page.path], "")));
    effects.keep_receipt = crate::receipt::declared(registry);
    effects.send_receipt_to = env.options.receipt_endpoint.clone();
    effects.event = Some(Event::Change);
    effects.reload = withdrawn && env.options.reload_on_withdraw;
    Decision { record, effects }
}

/// What a record (or none yet) asks of the page, whoever made it: the
/// cookies and storage of refused categories go, Consent Mode is told, and
/// the gated content and declared scripts of granted categories run.
/// `store` is the consent cookie to set first, when the record is new here.
pub fn enforce(registry: &Registry, record: Option<&ConsentRecord>, page: &Page, options: &Options, loaded: &[String], store: Option<String>) -> Effects {
    let mut effects = Effects::default();
    if let Some(s) = store {
        effects.set_cookies.push(s);
    }
    if let Some(r) = record {
        let refused = refused(registry, r);
        effects.set_cookies.append(&mut expire_cookies(registry, &refused, &page.cookie_header, &page.host, &page.path, page.secure));
        // Web storage is only enumerated when a refused category declares keys.
        if registry.optional().any(|c| refused.contains(&c.id) && !c.storage.is_empty()) {
            effects.clear_storage = refused;
        }
        if options.gtag && crate::consent_mode::enabled(registry) {
            effects.consent_mode = Some(crate::consent_mode::update_json(registry, r));
        }
    }
    (effects.activate, effects.scripts) = to_run(registry, record, loaded);
    effects
}

/// What runs under a record (or none yet): the granted categories (their
/// gated scripts and frames), and their declared scripts not in `loaded`,
/// each once, as `(url, category)`.
pub fn to_run(registry: &Registry, record: Option<&ConsentRecord>, loaded: &[String]) -> (Vec<String>, Vec<(String, String)>) {
    let mut activate = Vec::new();
    let mut scripts: Vec<(String, String)> = Vec::new();
    for c in registry.categories.iter().filter(|c| granted(c, record)) {
        activate.push(c.id.clone());
        for url in &c.scripts {
            if !loaded.contains(url) && !scripts.iter().any(|(u, _)| u == url) {
                scripts.push((url.clone(), c.id.clone()));
            }
        }
    }
    (activate, scripts)
}

/// The language the module speaks on this page: the built-in one in a
/// single-language build, else the first supported of `data-lang`, the
/// `django_language` cookie, `<html lang>`, `navigator.languages`, then the
/// registry's default.
///
/// The loader makes the same choice to fetch the single-language build for
/// it (see `Lang::strings`).
pub fn pick_language(page: &Page, options: &Options, registry: &Registry) -> Lang {
    if let Some(built_in) = crate::i18n::BUILT_IN {
        return built_in;
    }
    let django = crate::record::cookie_values(&page.cookie_header, "django_language").next();
    let candidates = options.lang.as_deref().into_iter().chain(django).chain([page.html_lang.as_str()]).chain(page.languages.split(','));
    Lang::negotiate(candidates, registry.default_language)
}

/// The `document.cookie` assignment that stores `value` as `cookies_preferences`:
/// `Path=/`, `Max-Age` of the registry's expiry, `SameSite=Lax`, `Secure` on https,
/// and `Domain` only when the registry names a shared domain.
pub fn consent_cookie(registry: &Registry, value: &str, secure: bool) -> String {
    let mut s = String::with_capacity(value.len() + 96);
    s.push_str(CONSENT_COOKIE);
    s.push('=');
    s.push_str(value);
    s.push_str("; Path=/; Max-Age=");
    crate::util::push_decimal(&mut s, registry.expiry_days as u64 * 86_400);
    if let Some(d) = &registry.cookie_domain {
        s.push_str("; Domain=");
        s.push_str(d);
    }
    s.push_str("; SameSite=Lax");
    if secure {
        s.push_str("; Secure");
    }
    s
}

/// Where `cookies_preferences` can be shared from a page, given the
/// registry's `cookie_domain` and the page's host name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieScope<'a> {
    /// No `cookie_domain`: a host-only cookie.
    HostOnly,
    /// The host is the domain or one of its subdomains: `Domain=` it.
    Shared(&'a str),
    /// The host is outside the domain: the browser would refuse the cookie,
    /// so the choice could never be stored.
    Outside(&'a str),
}

/// Whether `host` lies inside `cookie_domain` (compared without case; a
/// leading dot on the domain means the same domain, as in `Domain=`).
/// An IP address or a one-label host is inside only a domain equal to it.
pub fn cookie_scope<'a>(cookie_domain: Option<&'a str>, host: &str) -> CookieScope<'a> {
    let Some(domain) = cookie_domain else { return CookieScope::HostOnly };
    let bare = domain.strip_prefix('.').unwrap_or(domain).as_bytes();
    let host = host.as_bytes();
    let inside = host.len() >= bare.len()
        && host[host.len() - bare.len()..].eq_ignore_ascii_case(bare)
        && (host.len() == bare.len() || host[host.len() - bare.len() - 1] == b'.')
        && !bare.is_empty();
    if inside {
        CookieScope::Shared(domain)
    } else {
        CookieScope::Outside(domain)
    }
}

/// Run-time check of `cookie_domain` against the page's host: when the host
/// is outside it, the registry's `cookie_domain` is dropped (the choice is
/// stored host-only, which the browser accepts) and the warning to show the
/// administrator is returned.
pub fn fit_cookie_domain(registry: &mut Registry, host: &str) -> Option<String> {
    let CookieScope::Outside(domain) = cookie_scope(registry.cookie_domain.as_deref(), host) else { return None };
    let mut m = String::from("consent-banner: the registry's cookie_domain \"");
    m.push_str(domain);
    m.push_str("\" does not contain this page's host \"");
    m.push_str(host);
    m.push_str("\"; the choice is stored for this host only. Set cookie_domain to a parent domain of every host that loads the registry, or remove it.");
    registry.cookie_domain = None;
    Some(m)
}

/// The optional categories a record does not accept (their cookies and
/// storage must not stay).
pub fn refused(registry: &Registry, record: &ConsentRecord) -> Vec<String> {
    registry.optional_ids(|c| !record.accepts(&c.id))
}

/// The `document.cookie` assignments that delete every cookie of the given
/// categories: each visible name matching a declared pattern (and each exact
/// declared name), expired host-only and on every parent domain of `host`
/// (a cookie is only replaced when its domain and path match exactly), on `/`
/// and on every directory of `path` (taken as `/` unless it starts with `/`).
/// Never `cookies_preferences`, nor a name that a category not being cleared
/// (necessary or accepted) declares too.
pub fn expire_cookies(registry: &Registry, categories: &[String], cookie_header: &str, host: &str, path: &str, secure: bool) -> Vec<String> {
    // What a category that stays (necessary or accepted) also declares is
    // kept: validation keeps optional patterns off necessary names, but two
    // optional categories may overlap (`_ga` in one, `_g*` in another).
    let doomed = |name: &str| name != CONSENT_COOKIE && !declares_cookie(registry, categories, false, name);
    let mut names: Vec<String> = Vec::new();
    for pair in cookie_header.split(';') {
        let name = pair.split_once('=').map_or(pair, |(k, _)| k).trim();
        if !name.is_empty() && declares_cookie(registry, categories, true, name) && !names.iter().any(|n| n == name) && doomed(name) {
            names.push(name.to_owned());
        }
    }
    for c in &registry.categories {
        if clears(c, categories) {
            for k in &c.cookies {
                for p in &k.names {
                    if let crate::registry::NamePattern::Exact(n) = p {
                        if !names.contains(n) && doomed(n) {
                            names.push(n.clone());
                        }
                    }
                }
            }
        }
    }
    let mut domains: Vec<Option<&str>> = vec![None];
    // IPv4 (digits and dots) and IPv6 (brackets or colons) hosts take no Domain attribute.
    let is_ip = host.bytes().all(|b| b.is_ascii_digit() || b == b'.') || host.contains(':') || host.starts_with('[');
    if !is_ip && host.contains('.') {
        let mut d = host;
        loop {
            domains.push(Some(d));
            match d.split_once('.') {
                Some((_, rest)) if rest.contains('.') => d = rest,
                _ => break,
            }
        }
    }
    let path = if path.starts_with('/') { path } else { "/" };
    let mut paths: Vec<&str> = vec!["/"];
    let mut end = 0;
    while let Some(i) = path[end + 1..].find('/').map(|i| i + end + 1) {
        paths.push(&path[..i]);
        end = i;
    }
    if path.len() > 1 && !paths.contains(&path) {
        paths.push(path);
    }
    let mut out = Vec::with_capacity(names.len() * domains.len() * paths.len());
    for n in &names {
        for d in &domains {
            for p in &paths {
                let mut s = String::with_capacity(n.len() + 64);
                s.push_str(n);
                s.push_str("=; Max-Age=0; Path=");
                s.push_str(p);
                if let Some(d) = d {
                    s.push_str("; Domain=");
                    s.push_str(d);
                }
                if secure {
                    s.push_str("; Secure");
                }
                out.push(s);
            }
        }
    }
    out
}

/// Whether `c` is one of the optional categories being cleared.
fn clears(c: &Category, categories: &[String]) -> bool {
    !c.necessary && categories.contains(&c.id)
}

/// Whether a category being cleared (`cleared`), or one that stays
/// (`!cleared`), declares a cookie pattern that `name` matches.
fn declares_cookie(registry: &Registry, categories: &[String], cleared: bool, name: &str) -> bool {
    for c in &registry.categories {
        if clears(c, categories) == cleared {
            for k in &c.cookies {
                for p in &k.names {
                    if p.matches(name) {
                        return true;
                    }
                }
            }
        }
    }
    false
}

/// The storage keys (of `keys`, those present in localStorage or
/// sessionStorage) to remove when the given categories are refused: those
/// matching one of their `storage` patterns, but never one that a category
/// not being cleared (necessary or accepted) declares too, nor the receipt log.
pub fn storage_to_clear<'a>(registry: &Registry, categories: &[String], keys: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    // A key is cleared when a refused category declares it and no category
    // that stays declares it too.
    let declared = |refused: bool, key: &str| {
        registry.categories.iter().any(|c| clears(c, categories) == refused && c.storage.iter().any(|p| p.matches(key)))
    };
    let mut out = Vec::new();
    for k in keys {
        if k != crate::receipt::STORAGE_KEY && declared(true, k) && !declared(false, k) {
            out.push(k);
        }
    }
    out
}
