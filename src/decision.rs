//! Decisions: (registry, previous record, visitor's action, time, randomness)
//! → the new record and the effects the browser shell must apply.
//!
//! ```
//! use consent_banner::decision::{decide, Action, Env};
//! use consent_banner::record::Origin;
//! # let registry = consent_banner::registry::Registry::from_value(&consent_banner::testing::small_registry())?;
//! let env = Env { now: 1_763_845_000, consent_id: "00ff00ff00ff00ff".into(), secure: true, origin: Origin::Click };
//! let d = decide(&registry, None, &Action::RejectAll, &env);
//! assert!(!d.record.accepts("statistics"));
//! assert!(d.set_cookie.contains("; Secure"));
//! assert!(d.activate.is_empty());
//! # Ok::<(), consent_banner::error::RegistryError>(())
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

use crate::record::{ConsentRecord, Origin};
use crate::registry::{Registry, CONSENT_COOKIE};

/// What the visitor (or a page script) asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Every category on.
    AcceptAll,
    /// Only necessary categories on.
    RejectAll,
    /// Exactly these optional categories on (unknown ids are ignored).
    Choose(Vec<String>),
}

/// The outside world, passed in so decisions are deterministic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Env {
    /// Now, Unix seconds.
    pub now: u64,
    /// A fresh random consent id (hex).
    pub consent_id: String,
    /// Whether the page is served over https (adds `Secure`).
    pub secure: bool,
    /// How the decision was made.
    pub origin: Origin,
}

/// The outcome of a decision, as data for the shell to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The new record.
    pub record: ConsentRecord,
    /// The string to assign to `document.cookie` to store it.
    pub set_cookie: String,
    /// Optional categories now accepted: their gated scripts may run.
    pub activate: Vec<String>,
    /// Optional categories refused now: their cookies and storage must go
    /// (they may be left from an earlier visit or another tab).
    pub refused: Vec<String>,
    /// Optional categories accepted before and refused now: scripts that
    /// already ran need a reload to stop.
    pub withdrawn: Vec<String>,
}

/// Applies an action.
pub fn decide(registry: &Registry, previous: Option<&ConsentRecord>, action: &Action, env: &Env) -> Decision {
    let choices: Vec<(String, bool)> = registry
        .categories
        .iter()
        .map(|c| {
            let on = c.necessary
                || match action {
                    Action::AcceptAll => true,
                    Action::RejectAll => false,
                    Action::Choose(ids) => ids.contains(&c.id),
                };
            (c.id.clone(), on)
        })
        .collect();
    let record = ConsentRecord {
        revision: registry.revision().to_owned(),
        time: env.now,
        id: env.consent_id.clone(),
        origin: env.origin,
        choices,
        fingerprints: registry.categories.iter().map(|c| (c.id.clone(), c.fingerprint.clone())).collect(),
    };
    let activate = registry.optional().filter(|c| record.accepts(&c.id)).map(|c| c.id.clone()).collect();
    let refused = refused(registry, &record);
    let withdrawn = match previous {
        Some(prev) => registry
            .optional()
            .filter(|c| prev.accepts(&c.id) && !record.accepts(&c.id))
            .map(|c| c.id.clone())
            .collect(),
        None => Vec::new(),
    };
    let set_cookie = consent_cookie(registry, &record.encode(), env.secure);
    Decision { record, set_cookie, activate, refused, withdrawn }
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
    crate::push_decimal(&mut s, registry.expiry_days as u64 * 86_400);
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
    registry.optional().filter(|c| !record.accepts(&c.id)).map(|c| c.id.clone()).collect()
}

/// The `document.cookie` assignments that delete every cookie of the given
/// categories: each visible name matching a declared pattern (and each exact
/// declared name), expired host-only and on every parent domain of `host`
/// (a cookie is only replaced when its domain and path match exactly), on `/`
/// and on every directory of `path` (taken as `/` unless it starts with `/`).
/// Never `cookies_preferences`, nor a name that a category not being cleared
/// (necessary or accepted) declares too.
pub fn expire_cookies(registry: &Registry, categories: &[String], cookie_header: &str, host: &str, path: &str, secure: bool) -> Vec<String> {
    let patterns: Vec<_> = registry
        .categories
        .iter()
        .filter(|c| !c.necessary && categories.contains(&c.id))
        .flat_map(|c| c.cookies.iter().flat_map(|k| k.names.iter()))
        .collect();
    let mut names: Vec<String> = Vec::new();
    for pair in cookie_header.split(';') {
        let name = pair.split_once('=').map_or(pair, |(k, _)| k).trim();
        if !name.is_empty() && patterns.iter().any(|p| p.matches(name)) && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    for p in &patterns {
        if let crate::registry::NamePattern::Exact(n) = p {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
    }
    // What a category that stays (necessary or accepted) also declares is
    // kept: validation keeps optional patterns off necessary names, but two
    // optional categories may overlap (`_ga` in one, `_g*` in another).
    let kept: Vec<_> = registry
        .categories
        .iter()
        .filter(|c| c.necessary || !categories.contains(&c.id))
        .flat_map(|c| c.cookies.iter().flat_map(|k| k.names.iter()))
        .collect();
    names.retain(|n| n != CONSENT_COOKIE && !kept.iter().any(|k| k.matches(n)));
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

/// The storage keys (of `keys`, those present in localStorage or
/// sessionStorage) to remove when the given categories are refused: those
/// matching one of their `storage` patterns, but never one that a category
/// not being cleared (necessary or accepted) declares too, nor the receipt log.
pub fn storage_to_clear<'a>(registry: &Registry, categories: &[String], keys: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let (refused, kept): (Vec<_>, Vec<_>) = registry.categories.iter().partition(|c| !c.necessary && categories.contains(&c.id));
    let matches = |cats: &[&crate::registry::Category], key: &str| cats.iter().any(|c| c.storage.iter().any(|p| p.matches(key)));
    keys.into_iter()
        .filter(|k| *k != crate::receipt::STORAGE_KEY && matches(&refused, k) && !matches(&kept, k))
        .collect()
}
