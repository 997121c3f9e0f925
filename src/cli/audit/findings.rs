//! The evidence of the three visits held against the registry: violations,
//! warnings and notes, each with what was seen and what set it. Pure: no
//! browser, no clock (the lifetimes were measured when the cookies were seen).

use serde::Serialize;
use url::Url;

use super::declared::{Declared, Duration, RECEIPTS_KEY};
use super::evidence::{SetBy, Visit, VisitKind};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The portal breaks its policy (exit status 1).
    Violation,
    /// The registry is incomplete or wrong, or the audit could not see
    /// everything (exit status 1 with `--strict`).
    Warning,
    /// For information.
    Note,
}

impl Severity {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Violation => "violation",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A cookie.
    Cookie,
    /// A localStorage or sessionStorage key.
    Storage,
    /// An IndexedDB database.
    Indexeddb,
    /// A gated script.
    Script,
    /// Another host.
    Host,
    /// A page of the crawl.
    Page,
    /// A visit's choice.
    Choice,
    /// A name declared in the registry.
    Declared,
}

/// What backs a finding up.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Proof {
    /// The page after which it was seen (or that failed, or that asked).
    pub page: Option<String>,
    /// For cookies: how it got into the jar.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub set_by: Vec<SetBy>,
    /// For storage keys: the scripts that wrote them; for gated scripts, the URL loaded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scripts: Vec<String>,
    /// For cookies: the domain attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// For lifetimes: what was measured, in days (null for a session cookie).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_days: Option<f64>,
    /// For lifetimes: the registry's `duration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_duration: Option<String>,
    /// For hosts: the first URL; for redirects, the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// For hosts: how many requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<u64>,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Violation, warning or note.
    pub severity: Severity,
    /// A stable code (docs/audit.md lists them).
    pub code: &'static str,
    /// The visit it was seen in (first seen, for warnings over all visits).
    pub visit: Option<VisitKind>,
    /// What kind of thing.
    pub subject: Subject,
    /// Its name (cookie, key, host, URL, declared pattern).
    pub name: String,
    /// The registry category that declares it; null when undeclared.
    pub category: Option<String>,
    /// For people: what is wrong and what to do.
    pub message: String,
    /// The evidence.
    pub evidence: Proof,
}

/// How much longer than declared a lifetime may be: 5 % of the declared
/// span, at least an hour (servers round months and years differently).
pub fn tolerance_days(declared_days: f64) -> f64 {
    (declared_days * 0.05).max(1.0 / 24.0)
}

/// Whether a storage key or database name is the module's own.
fn modules_own_key(key: &str) -> bool {
    key == RECEIPTS_KEY
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) && v.len() < 5 {
        v.push(x);
    }
}

/// The declared gated scripts of optional categories, resolved against the
/// audited origins: (category, declared text, URL).
fn gated_scripts(declared: &Declared, bases: &[Url]) -> Vec<(String, String, Url)> {
    let mut out = Vec::new();
    for c in declared.categories.iter().filter(|c| !c.necessary) {
        for s in &c.scripts {
            for b in bases {
                if let Ok(mut u) = b.join(s) {
                    u.set_fragment(None);
                    if !out.iter().any(|(_, _, x): &(String, String, Url)| *x == u) {
                        out.push((c.id.clone(), s.clone(), u));
                    }
                }
            }
        }
    }
    out
}

/// Holds the visits against the registry. `starts` are the audited start URLs
/// (the bases of relative gated-script URLs); `not_visited` the links left
/// over the `--pages` limit.
pub fn findings(declared: &Declared, visits: &[Visit], starts: &[Url], not_visited: usize, pages_limit: usize) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let before_consent = |k: VisitKind| matches!(k, VisitKind::NoChoice | VisitKind::Refused);

    // Pages that failed or left the origin (the no-choice visit is the crawl).
    if let Some(v) = visits.first() {
        for p in &v.pages {
            if let Some(to) = &p.redirected_off_origin {
                out.push(Finding {
                    severity: Severity::Note,
                    code: "redirect-off-origin",
                    visit: Some(v.kind),
                    subject: Subject::Page,
                    name: p.url.clone(),
                    category: None,
                    message: format!("{} redirects off the audited origin to {to}; not followed", p.url),
                    evidence: Proof { page: Some(p.url.clone()), url: Some(to.clone()), ..Proof::default() },
                });
            } else if let Some(e) = &p.error {
                out.push(Finding {
                    severity: Severity::Warning,
                    code: "page-failed",
                    visit: Some(v.kind),
                    subject: Subject::Page,
                    name: p.url.clone(),
                    category: None,
                    message: format!("{} could not be audited: {e}", p.url),
                    evidence: Proof { page: Some(p.url.clone()), ..Proof::default() },
                });
            }
        }
    }
    if not_visited > 0 {
        out.push(Finding {
            severity: Severity::Note,
            code: "pages-limit",
            visit: Some(VisitKind::NoChoice),
            subject: Subject::Page,
            name: format!("{not_visited} pages"),
            category: None,
            message: format!("{not_visited} same-origin links were not visited (--pages {pages_limit}); raise --pages to audit them"),
            evidence: Proof::default(),
        });
    }
    for v in visits {
        if let Some(ch) = v.choice.as_ref().filter(|c| !c.made) {
            out.push(Finding {
                severity: Severity::Warning,
                code: "choice-not-made",
                visit: Some(v.kind),
                subject: Subject::Choice,
                name: v.kind.as_str().to_owned(),
                category: None,
                message: format!(
                    "the {} visit could not make its choice: {}; what it saw is what a visitor sees without choosing",
                    v.kind.label(),
                    ch.error.as_deref().unwrap_or("unknown reason")
                ),
                evidence: Proof { page: ch.page.clone(), ..Proof::default() },
            });
        }
    }

    // Cookies present without consent, and undeclared ones.
    let mut undeclared_seen: Vec<String> = Vec::new();
    for v in visits {
        let mut reported: Vec<String> = Vec::new();
        for c in &v.cookies {
            let decl = declared.cookie(&c.name);
            let necessary = decl.is_some_and(|(cat, _)| cat.necessary);
            if before_consent(v.kind) && !necessary {
                if let Some(f) = out.iter_mut().find(|f| f.visit == Some(v.kind) && f.subject == Subject::Cookie && f.name == c.name && f.severity == Severity::Violation) {
                    for s in &c.set_by {
                        push_unique(&mut f.evidence.set_by, s.clone());
                    }
                } else if !reported.contains(&c.name) {
                    reported.push(c.name.clone());
                    let (code, category, message) = match decl {
                        Some((cat, _)) => (
                            "optional-without-consent",
                            Some(cat.id.clone()),
                            format!("cookie {} of the optional category \"{}\" is set in the {} visit", c.name, cat.id, v.kind.label()),
                        ),
                        None => (
                            "undeclared-without-consent",
                            None,
                            format!("cookie {} is declared in no category and is set in the {} visit", c.name, v.kind.label()),
                        ),
                    };
                    out.push(Finding {
                        severity: Severity::Violation,
                        code,
                        visit: Some(v.kind),
                        subject: Subject::Cookie,
                        name: c.name.clone(),
                        category,
                        message,
                        evidence: Proof { page: Some(c.first_page.clone()), set_by: c.set_by.clone(), domain: Some(c.domain.clone()), ..Proof::default() },
                    });
                }
            }
            if decl.is_none() && !undeclared_seen.contains(&c.name) {
                undeclared_seen.push(c.name.clone());
                out.push(Finding {
                    severity: Severity::Warning,
                    code: "undeclared",
                    visit: Some(v.kind),
                    subject: Subject::Cookie,
                    name: c.name.clone(),
                    category: None,
                    message: format!(
                        "cookie {} is not in the registry (first seen in the {} visit): declare it (consent-banner audit --draft)",
                        c.name,
                        v.kind.label()
                    ),
                    evidence: Proof { page: Some(c.first_page.clone()), set_by: c.set_by.clone(), domain: Some(c.domain.clone()), ..Proof::default() },
                });
            }
        }
    }

    // Storage keys and IndexedDB names, the same way.
    let mut undeclared_keys: Vec<(Subject, String)> = Vec::new();
    for v in visits {
        let keys = v
            .storage
            .iter()
            .map(|s| (Subject::Storage, format!("{} {}", s.area.as_str(), s.key), s.key.as_str(), s.first_page.as_str(), s.set_by.clone()))
            .chain(v.indexeddb.iter().map(|d| (Subject::Indexeddb, format!("IndexedDB {}", d.name), d.name.as_str(), d.first_page.as_str(), Vec::new())));
        for (subject, label, key, page, scripts) in keys {
            if modules_own_key(key) {
                continue;
            }
            let cat = declared.storage(key);
            if before_consent(v.kind) && !cat.is_some_and(|c| c.necessary)
                && !out.iter().any(|f| f.visit == Some(v.kind) && f.subject == subject && f.name == key && f.severity == Severity::Violation)
            {
                let (code, category, message) = match cat {
                    Some(c) => (
                        "optional-without-consent",
                        Some(c.id.clone()),
                        format!("{label} of the optional category \"{}\" is written in the {} visit", c.id, v.kind.label()),
                    ),
                    None => ("undeclared-without-consent", None, format!("{label} is declared in no category and is written in the {} visit", v.kind.label())),
                };
                out.push(Finding {
                    severity: Severity::Violation,
                    code,
                    visit: Some(v.kind),
                    subject,
                    name: key.to_owned(),
                    category,
                    message,
                    evidence: Proof { page: Some(page.to_owned()), scripts: scripts.clone(), ..Proof::default() },
                });
            }
            if cat.is_none() && !undeclared_keys.iter().any(|(s, k)| *s == subject && k == key) {
                undeclared_keys.push((subject, key.to_owned()));
                out.push(Finding {
                    severity: Severity::Warning,
                    code: "undeclared",
                    visit: Some(v.kind),
                    subject,
                    name: key.to_owned(),
                    category: None,
                    message: format!("{label} is not in the registry (first seen in the {} visit): add it to a category's \"storage\"", v.kind.label()),
                    evidence: Proof { page: Some(page.to_owned()), scripts, ..Proof::default() },
                });
            }
        }
    }

    // Gated scripts loaded without consent.
    let gated = gated_scripts(declared, starts);
    for v in visits.iter().filter(|v| before_consent(v.kind)) {
        for s in &v.scripts {
            let Ok(mut u) = Url::parse(&s.url) else { continue };
            u.set_fragment(None);
            let mut bare = u.clone();
            bare.set_query(None);
            let Some((cat, text, _)) = gated.iter().find(|(_, _, g)| *g == u || (g.query().is_none() && *g == bare)) else { continue };
            if out.iter().any(|f| f.code == "gated-script-without-consent" && f.visit == Some(v.kind) && f.name == *text) {
                continue;
            }
            let when = if v.kind == VisitKind::Refused && s.after_choice { "after \"reject all\"" } else { "before any choice" };
            out.push(Finding {
                severity: Severity::Violation,
                code: "gated-script-without-consent",
                visit: Some(v.kind),
                subject: Subject::Script,
                name: text.clone(),
                category: Some(cat.clone()),
                message: format!(
                    "{} is gated by the category \"{cat}\" but was loaded in the {} visit ({when}): load it only through the registry",
                    s.url,
                    v.kind.label()
                ),
                evidence: Proof { page: Some(s.page.clone()), scripts: vec![s.url.clone()], ..Proof::default() },
            });
        }
    }

    // Lifetimes against the declared durations (first sighting of each name).
    let mut checked: Vec<String> = Vec::new();
    for v in visits {
        for c in &v.cookies {
            if checked.contains(&c.name) {
                continue;
            }
            let Some((cat, decl)) = declared.cookie(&c.name) else { continue };
            checked.push(c.name.clone());
            let proof = |d: &str| Proof {
                page: Some(c.first_page.clone()),
                set_by: c.set_by.clone(),
                domain: Some(c.domain.clone()),
                lifetime_days: c.lifetime_days,
                declared_duration: Some(d.to_owned()),
                ..Proof::default()
            };
            match (&decl.duration, c.lifetime_days) {
                (Duration::Span { days, text }, Some(seen)) if seen > days + tolerance_days(*days) => out.push(Finding {
                    severity: Severity::Warning,
                    code: "lifetime-too-long",
                    visit: Some(v.kind),
                    subject: Subject::Cookie,
                    name: c.name.clone(),
                    category: Some(cat.id.clone()),
                    message: format!(
                        "cookie {} lives {seen:.0} days; the registry says {text} ({days:.0} days): shorten it or correct the registry",
                        c.name
                    ),
                    evidence: proof(text),
                }),
                (Duration::Span { text, .. }, None) => out.push(Finding {
                    severity: Severity::Warning,
                    code: "session-declared-with-duration",
                    visit: Some(v.kind),
                    subject: Subject::Cookie,
                    name: c.name.clone(),
                    category: Some(cat.id.clone()),
                    message: format!("cookie {} is a session cookie; the registry says {text}: declare it \"session\"", c.name),
                    evidence: proof(text),
                }),
                (Duration::Session, Some(seen)) if seen > tolerance_days(1.0 / 24.0) => out.push(Finding {
                    severity: Severity::Warning,
                    code: "lifetime-too-long",
                    visit: Some(v.kind),
                    subject: Subject::Cookie,
                    name: c.name.clone(),
                    category: Some(cat.id.clone()),
                    message: format!("cookie {} lives {seen:.1} days; the registry says session", c.name),
                    evidence: proof("session"),
                }),
                _ => {}
            }
        }
    }

    // Other hosts before the choice.
    let mut hosts: Vec<String> = Vec::new();
    for v in visits {
        for h in v.hosts.iter().filter(|h| h.before_choice) {
            if hosts.contains(&h.host) {
                continue;
            }
            hosts.push(h.host.clone());
            out.push(Finding {
                severity: Severity::Warning,
                code: "host-before-choice",
                visit: Some(v.kind),
                subject: Subject::Host,
                name: h.host.clone(),
                category: None,
                message: format!("{} was contacted before the visitor chose (from {}): each request tells it the visitor's address", h.host, h.page),
                evidence: Proof { page: Some(h.page.clone()), url: Some(h.first_url.clone()), requests: Some(h.requests), ..Proof::default() },
            });
        }
    }

    // Declared names never seen.
    for cat in &declared.categories {
        for k in &cat.cookies {
            for p in &k.names {
                if !visits.iter().any(|v| v.cookies.iter().any(|c| p.matches(&c.name))) {
                    out.push(Finding {
                        severity: Severity::Note,
                        code: "declared-not-seen",
                        visit: None,
                        subject: Subject::Declared,
                        name: p.declared(),
                        category: Some(cat.id.clone()),
                        message: format!("cookie {} (category \"{}\") was not seen on the pages audited", p.declared(), cat.id),
                        evidence: Proof::default(),
                    });
                }
            }
        }
        for p in &cat.storage {
            let seen = visits.iter().any(|v| v.storage.iter().any(|s| p.matches(&s.key)) || v.indexeddb.iter().any(|d| p.matches(&d.name)));
            if !seen {
                out.push(Finding {
                    severity: Severity::Note,
                    code: "declared-not-seen",
                    visit: None,
                    subject: Subject::Declared,
                    name: p.declared(),
                    category: Some(cat.id.clone()),
                    message: format!("storage key {} (category \"{}\") was not seen on the pages audited", p.declared(), cat.id),
                    evidence: Proof::default(),
                });
            }
        }
    }
    out.sort_by_key(|f| f.severity);
    out
}
