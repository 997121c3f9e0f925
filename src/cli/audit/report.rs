//! The audit's report: text for the terminal, JSON (versioned, described by
//! schema/audit-report.schema.json) and a self-contained HTML page.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use serde::Serialize;
use url::Url;

use super::browser::{Crawl, Settings};
use super::evidence::{SetBy, Visit};
use super::findings::{Finding, Severity};
use super::AuditArgs;

/// The version of the JSON shape; raised on any change that is not an addition.
pub const VERSION: u32 = 1;

/// The options the audit ran with.
#[derive(Debug, Serialize)]
pub struct Options {
    /// `--pages`.
    pub pages: u32,
    /// `--page-timeout`, seconds.
    pub page_timeout_s: f64,
    /// `--timeout`, seconds.
    pub timeout_s: f64,
    /// `--settle`, milliseconds.
    pub settle_ms: u64,
    /// `--accept-selector`.
    pub accept_selector: Option<String>,
    /// `--reject-selector`.
    pub reject_selector: Option<String>,
    /// The Chromium run.
    pub chromium: String,
}

/// Counts.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Violations.
    pub violations: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
    /// Pages of the crawl.
    pub pages: usize,
    /// Of which failed or left the origin.
    pub pages_failed: usize,
}

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Always `consent-banner-audit`.
    pub report: &'static str,
    /// [`VERSION`].
    pub version: u32,
    /// The tool's version.
    pub tool_version: &'static str,
    /// The registry file.
    pub registry: String,
    /// The start URLs.
    pub start_urls: Vec<String>,
    /// The options.
    pub options: Options,
    /// Wall time of the audit, seconds.
    pub duration_s: f64,
    /// Counts.
    pub summary: Summary,
    /// What breaks the policy, then what to check, then notes.
    pub findings: Vec<Finding>,
    /// What the crawl left out.
    pub crawl: Crawl,
    /// The evidence of the three visits.
    pub visits: Vec<Visit>,
}

impl Report {
    /// Puts the report together.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        registry: &Path,
        starts: &[Url],
        a: &AuditArgs,
        settings: &Settings,
        total: Duration,
        took: Duration,
        crawl: Crawl,
        findings: Vec<Finding>,
        visits: Vec<Visit>,
    ) -> Report {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let pages = visits.first().map(|v| v.pages.len()).unwrap_or(0);
        let pages_failed = visits.first().map(|v| v.pages.iter().filter(|p| !p.ok()).count()).unwrap_or(0);
        Report {
            report: "consent-banner-audit",
            version: VERSION,
            tool_version: env!("CARGO_PKG_VERSION"),
            registry: registry.display().to_string(),
            start_urls: starts.iter().map(|u| u.to_string()).collect(),
            options: Options {
                pages: a.pages,
                page_timeout_s: settings.page_timeout.as_secs_f64(),
                timeout_s: total.as_secs_f64(),
                settle_ms: a.settle,
                accept_selector: a.accept_selector.clone(),
                reject_selector: a.reject_selector.clone(),
                chromium: settings.chromium.display().to_string(),
            },
            duration_s: (took.as_secs_f64() * 10.0).round() / 10.0,
            summary: Summary { violations: count(Severity::Violation), warnings: count(Severity::Warning), notes: count(Severity::Note), pages, pages_failed },
            findings,
            crawl,
            visits,
        }
    }
}

/// How a cookie got there, in one line.
pub fn set_by_text(s: &SetBy) -> String {
    match s {
        SetBy::Header { url } => format!("Set-Cookie header of {url}"),
        SetBy::Script { script: Some(sc), page } => format!("document.cookie from {sc} (on {page})"),
        SetBy::Script { script: None, page } => format!("document.cookie from an inline or evaluated script (on {page})"),
    }
}

/// The evidence of a finding, one line each.
fn evidence_lines(f: &Finding) -> Vec<String> {
    let e = &f.evidence;
    let mut out = Vec::new();
    if let Some(p) = &e.page {
        out.push(format!("page: {p}"));
    }
    if let Some(d) = &e.domain {
        out.push(format!("domain: {d}"));
    }
    for s in &e.set_by {
        out.push(format!("set by: {}", set_by_text(s)));
    }
    for s in &e.scripts {
        out.push(format!("script: {s}"));
    }
    if let Some(d) = &e.declared_duration {
        let seen = e.lifetime_days.map(|d| format!("{d:.1} days")).unwrap_or_else(|| "session".to_owned());
        out.push(format!("lifetime: {seen}, declared: {d}"));
    }
    if let Some(u) = &e.url {
        out.push(format!("URL: {u}"));
    }
    if let Some(n) = e.requests {
        out.push(format!("requests: {n}"));
    }
    out
}

/// For the terminal.
pub fn text(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "consent-banner audit of {} against {}", r.start_urls.join(", "), r.registry);
    let _ = writeln!(
        s,
        "{} pages ({} failed), {} violations, {} warnings, {} notes\n",
        r.summary.pages, r.summary.pages_failed, r.summary.violations, r.summary.warnings, r.summary.notes
    );
    for f in &r.findings {
        let visit = f.visit.map(|v| format!(" [{}]", v.label())).unwrap_or_default();
        let _ = writeln!(s, "{}: {}{visit}: {} ({})", f.severity.as_str(), f.name, f.message, f.code);
        for l in evidence_lines(f) {
            let _ = writeln!(s, "    {l}");
        }
    }
    for v in &r.visits {
        let _ = writeln!(s, "\n{} visit: {} cookies, {} storage keys, {} other hosts", v.kind.label(), v.cookies.len(), v.storage.len(), v.hosts.len());
        if let Some(c) = &v.choice {
            match (&c.how, &c.error) {
                (Some(h), _) => {
                    let _ = writeln!(s, "  choice: {h}");
                }
                (None, Some(e)) => {
                    let _ = writeln!(s, "  choice not made: {e}");
                }
                _ => {}
            }
        }
        for c in &v.cookies {
            let life = c.lifetime_days.map(|d| format!("{d:.1} days")).unwrap_or_else(|| "session".to_owned());
            let _ = writeln!(s, "  {} ({}{}, {life}, {} bytes)", c.name, c.domain, c.path, c.size);
        }
    }
    s
}

/// The JSON report (pretty-printed, with a final newline).
pub fn json(r: &Report) -> String {
    match serde_json::to_value(r) {
        Ok(v) => format!("{v:#}\n"),
        // Serializing plain structs of strings and numbers does not fail; the
        // report says so rather than panicking if it ever does.
        Err(e) => format!("{{\"report\": \"consent-banner-audit\", \"error\": {}}}\n", serde_json::Value::String(e.to_string())),
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1a1a1a;background:#fff;line-height:1.4}\
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-size:.9rem}\
th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}\
.evidence,code{overflow-wrap:anywhere}\
th{background:#eee}.violation{color:#8b0000;font-weight:bold}.warning{color:#6b4e00;font-weight:bold}.note{color:#333}\
ul.evidence{margin:.2rem 0;padding-left:1.2rem}code{font-family:ui-monospace,monospace;font-size:.9em}\
.summary{font-size:1.1rem}@media print{body{margin:0;max-width:none}table{page-break-inside:auto}tr{page-break-inside:avoid}}";

/// A self-contained HTML page: no scripts, readable printed, findings first,
/// then every cookie seen per visit. Every string is escaped.
pub fn html(r: &Report) -> String {
    let mut s = String::new();
    let title = format!("Cookie audit of {}", r.start_urls.join(", "));
    let _ = write!(
        s,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    let _ = write!(
        s,
        "<p>Registry <code>{}</code>, {} pages per start URL, consent-banner {}, {:.1} s.</p>\n<p class=\"summary\"><strong>{} violations</strong>, {} warnings, {} notes; {} pages ({} failed).</p>\n",
        esc(&r.registry),
        r.options.pages,
        esc(r.tool_version),
        r.duration_s,
        r.summary.violations,
        r.summary.warnings,
        r.summary.notes,
        r.summary.pages,
        r.summary.pages_failed
    );
    s.push_str("<h2>Findings</h2>\n");
    if r.findings.is_empty() {
        s.push_str("<p>None.</p>\n");
    } else {
        s.push_str("<table>\n<caption>Findings, violations first</caption>\n<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Visit</th><th scope=\"col\">What</th><th scope=\"col\">Finding</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n");
        for f in &r.findings {
            let _ = write!(
                s,
                "<tr><td class=\"{sev}\">{sev}</td><td>{}</td><td><code>{}</code></td><td>{} <small>({})</small></td><td><ul class=\"evidence\">",
                f.visit.map(|v| v.label()).unwrap_or("all"),
                esc(&f.name),
                esc(&f.message),
                esc(f.code),
                sev = f.severity.as_str(),
            );
            for l in evidence_lines(f) {
                let _ = write!(s, "<li>{}</li>", esc(&l));
            }
            s.push_str("</ul></td></tr>\n");
        }
        s.push_str("</tbody>\n</table>\n");
    }
    s.push_str("<h2>Pages</h2>\n<table>\n<caption>Pages of the crawl (no-choice visit)</caption>\n<thead><tr><th scope=\"col\">Page</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
    if let Some(v) = r.visits.first() {
        for p in &v.pages {
            let status = match (&p.redirected_off_origin, &p.error, p.status) {
                (Some(t), _, _) => format!("redirects off the origin to {t} (not followed)"),
                (_, Some(e), _) => format!("failed: {e}"),
                (_, _, Some(c)) => c.to_string(),
                _ => "loaded".to_owned(),
            };
            let _ = write!(s, "<tr><td>{}</td><td>{}</td></tr>\n", esc(&p.url), esc(&status));
        }
    }
    s.push_str("</tbody>\n</table>\n");
    for v in &r.visits {
        let _ = write!(s, "<h2>Visit: {}</h2>\n", esc(v.kind.label()));
        if let Some(c) = &v.choice {
            let line = match (&c.how, &c.error) {
                (Some(h), _) => format!("Choice made with {h}."),
                (None, Some(e)) => format!("Choice not made: {e}."),
                _ => String::new(),
            };
            let _ = write!(s, "<p>{}</p>\n", esc(&line));
        }
        let _ = write!(s, "<h3>Cookies ({})</h3>\n", v.cookies.len());
        if v.cookies.is_empty() {
            s.push_str("<p>No cookies.</p>\n");
        } else {
            let _ = write!(
                s,
                "<table>\n<caption>Cookies of the {} visit</caption>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Domain</th><th scope=\"col\">Path</th><th scope=\"col\">Lifetime</th><th scope=\"col\">Size</th><th scope=\"col\">HttpOnly</th><th scope=\"col\">Secure</th><th scope=\"col\">SameSite</th><th scope=\"col\">First seen</th><th scope=\"col\">Set by</th></tr></thead>\n<tbody>\n",
                esc(v.kind.label())
            );
            for c in &v.cookies {
                let life = c.lifetime_days.map(|d| format!("{d:.1} days")).unwrap_or_else(|| "session".to_owned());
                let yes = |b: bool| if b { "yes" } else { "no" };
                let first = format!("{}{}", c.first_page, if c.after_choice { " (after the choice)" } else { "" });
                let _ = write!(
                    s,
                    "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><ul class=\"evidence\">",
                    esc(&c.name),
                    esc(&c.domain),
                    esc(&c.path),
                    esc(&life),
                    c.size,
                    yes(c.http_only),
                    yes(c.secure),
                    esc(c.same_site.as_deref().unwrap_or("not set")),
                    esc(&first)
                );
                for b in &c.set_by {
                    let _ = write!(s, "<li>{}</li>", esc(&set_by_text(b)));
                }
                s.push_str("</ul></td></tr>\n");
            }
            s.push_str("</tbody>\n</table>\n");
        }
        if !v.storage.is_empty() || !v.indexeddb.is_empty() {
            let _ = write!(s, "<h3>Storage ({})</h3>\n<ul>\n", v.storage.len() + v.indexeddb.len());
            for k in &v.storage {
                let _ = write!(s, "<li><code>{}</code> in {} of {}</li>\n", esc(&k.key), k.area.as_str(), esc(&k.origin));
            }
            for d in &v.indexeddb {
                let _ = write!(s, "<li>IndexedDB <code>{}</code> of {}</li>\n", esc(&d.name), esc(&d.origin));
            }
            s.push_str("</ul>\n");
        }
        if !v.hosts.is_empty() {
            let _ = write!(s, "<h3>Other hosts ({})</h3>\n<ul>\n", v.hosts.len());
            for h in &v.hosts {
                let when = if h.before_choice { "before the choice" } else { "after the choice" };
                let _ = write!(s, "<li>{} — {} requests {when}, first {} from {}</li>\n", esc(&h.host), h.requests, esc(&h.first_url), esc(&h.page));
            }
            s.push_str("</ul>\n");
        }
    }
    s.push_str("</main>\n</body>\n</html>\n");
    s
}
