//! `consent-banner audit URL… --registry REGISTRY`: crawls the portal in
//! Chromium three times (no choice, refused, accepted), each in a fresh
//! profile, and holds what the pages store against the registry.
//! docs/audit.md is the reference.

mod browser;
mod declared;
mod draft;
mod evidence;
mod findings;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use consent_banner::check::check_bytes;
use url::Url;

use crate::files;
use browser::{Settings, Targets};
use declared::Declared;
use evidence::VisitKind;
use findings::Severity;

/// Exit statuses of `audit`.
const VIOLATIONS: u8 = 1;
const COULD_NOT_AUDIT: u8 = 2;

/// The options of `audit`.
#[derive(Args)]
pub struct AuditArgs {
    /// Start pages (http or https); each is crawled on its own origin.
    #[arg(required = true, value_name = "URL")]
    urls: Vec<String>,
    /// The portal's registry (the same file the module loads).
    #[arg(long, value_name = "REGISTRY")]
    registry: PathBuf,
    /// Pages visited per start URL (same-origin links, breadth-first).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pages: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The Chromium binary [default: $CHROMIUM, else /usr/bin/chromium, else chromium on PATH].
    #[arg(long, value_name = "PATH")]
    chromium: Option<PathBuf>,
    /// CSS selector of the "accept all" button, for pages with another consent tool.
    #[arg(long, value_name = "SELECTOR")]
    accept_selector: Option<String>,
    /// CSS selector of the "reject all" button, for pages with another consent tool.
    #[arg(long, value_name = "SELECTOR")]
    reject_selector: Option<String>,
    /// Print registry entries (JSON) for the undeclared cookies and storage keys instead of the report.
    #[arg(long)]
    draft: bool,
    /// Exit 1 on warnings too.
    #[arg(long)]
    strict: bool,
    /// Longest wait for one page, in seconds.
    #[arg(long, default_value_t = 15.0, value_name = "SECONDS")]
    page_timeout: f64,
    /// Longest time for the whole audit (three visits), in seconds.
    #[arg(long, default_value_t = 300.0, value_name = "SECONDS")]
    timeout: f64,
    /// Wait after each page's load event and after the choice, in milliseconds, for late scripts.
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    settle: u64,
}

/// Report formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// For the terminal.
    Text,
    /// The versioned shape of schema/audit-report.schema.json.
    Json,
    /// A self-contained page (no scripts), findings first.
    Html,
}

fn fail(message: &str) -> ExitCode {
    eprintln!("consent-banner audit: {message}");
    ExitCode::from(COULD_NOT_AUDIT)
}

/// The Chromium to run: the option, `CHROMIUM`, Debian's path, then `PATH`.
fn chromium(arg: Option<PathBuf>) -> PathBuf {
    if let Some(p) = arg {
        return p;
    }
    if let Some(p) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let debian = PathBuf::from("/usr/bin/chromium");
    if debian.is_file() {
        return debian;
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .flat_map(|d| [d.join("chromium"), d.join("chromium-browser")])
        .find(|p| p.is_file())
        .unwrap_or(debian)
}

fn seconds(v: f64, name: &str) -> Result<Duration, String> {
    if v.is_finite() && v > 0.0 && v <= 86_400.0 {
        Ok(Duration::from_secs_f64(v))
    } else {
        Err(format!("{name} must be a number of seconds above 0 and at most 86400"))
    }
}

/// Runs the audit; the exit status.
pub fn run(a: AuditArgs) -> ExitCode {
    let began = Instant::now();
    // The registry, through the checker: an invalid one stops here.
    let bytes = match files::read(&a.registry) {
        Ok(b) => b,
        Err(e) => return fail(&e.to_string()),
    };
    let registry = match check_bytes(&bytes) {
        Ok(r) => r,
        Err(problems) => {
            let file = a.registry.display();
            for p in &problems {
                eprintln!("{}", files::problem_line(&a.registry, p));
            }
            return fail(&format!("{file}: invalid registry ({} problems); fix it first (consent-banner check)", problems.len()));
        }
    };
    let declared = Declared::from_registry(&registry);
    let mut starts = Vec::new();
    for u in &a.urls {
        match Url::parse(u) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => starts.push(url),
            Ok(_) => return fail(&format!("{u}: not an http(s) address")),
            Err(e) => return fail(&format!("{u}: not an address ({e}); give it whole, e.g. https://data.example.org/")),
        }
    }
    let (page_timeout, total) = match (seconds(a.page_timeout, "--page-timeout"), seconds(a.timeout, "--timeout")) {
        (Ok(p), Ok(t)) => (p, t),
        (Err(e), _) | (_, Err(e)) => return fail(&e),
    };
    if a.settle > 60_000 {
        return fail("--settle must be at most 60000 ms");
    }
    let settings = Settings {
        chromium: chromium(a.chromium.clone()),
        page_timeout,
        settle: Duration::from_millis(a.settle),
        accept_selector: a.accept_selector.clone(),
        reject_selector: a.reject_selector.clone(),
    };
    let deadline = began + total;
    let mut progress = |line: &str| eprintln!("{line}");

    // Visit 1 crawls; 2 and 3 go over the pages it loaded.
    let max = a.pages as usize;
    let (first, crawl) = match browser::visit(VisitKind::NoChoice, Targets::Crawl { starts: &starts, max }, &settings, deadline, &mut progress) {
        Ok(v) => v,
        Err(e) => return fail(&e.0),
    };
    for s in &starts {
        let mut bare = s.clone();
        bare.set_fragment(None);
        if let Some(p) = first.pages.iter().find(|p| p.url == bare.as_str()).filter(|p| !p.ok()) {
            let why = p.error.clone().or_else(|| p.redirected_off_origin.as_ref().map(|t| format!("redirects off its origin to {t}"))).unwrap_or_default();
            return fail(&format!("{s}: the start page could not be loaded ({why}); is the address right and the portal up?"));
        }
    }
    let pages: Vec<Url> = first.pages.iter().filter(|p| p.ok()).filter_map(|p| Url::parse(&p.url).ok()).collect();
    let mut visits = vec![first];
    for kind in [VisitKind::Refused, VisitKind::Accepted] {
        match browser::visit(kind, Targets::List(&pages), &settings, deadline, &mut progress) {
            Ok((v, _)) => visits.push(v),
            Err(e) => return fail(&e.0),
        }
    }
    let found = findings::findings(&declared, &visits, &starts, crawl.not_visited, max);
    let violations = found.iter().filter(|f| f.severity == Severity::Violation).count();
    let warnings = found.iter().filter(|f| f.severity == Severity::Warning).count();

    let text = if a.draft {
        draft::draft(&visits, &declared)
    } else {
        let r = report::Report::new(&a.registry, &starts, &a, &settings, total, began.elapsed(), crawl, found, visits);
        match a.format {
            OutFormat::Text => report::text(&r),
            OutFormat::Json => report::json(&r),
            OutFormat::Html => report::html(&r),
        }
    };
    match &a.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text.as_bytes()) {
                return fail(&format!("{}: cannot be written: {e}", path.display()));
            }
            eprintln!("report written to {}", path.display());
        }
        None => print!("{text}"),
    }
    eprintln!(
        "{violations} violation{}, {warnings} warning{} ({:.1} s)",
        if violations == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
        began.elapsed().as_secs_f64()
    );
    if violations > 0 || (a.strict && warnings > 0) {
        ExitCode::from(VIOLATIONS)
    } else {
        ExitCode::SUCCESS
    }
}
