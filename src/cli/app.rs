//! The commands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use consent_banner::check::{check_bytes, Problem};
use consent_banner::i18n::Lang;
use consent_banner::import::import;
use consent_banner::policy_doc::{self, Format};
use consent_banner::registry::Registry;

use crate::files::{self, FileError};

/// The registry's JSON Schema (draft 2020-12).
pub const SCHEMA: &str = include_str!("../../schema/registry.schema.json");

/// Registry toolkit for portal administrators: import the platform's cookie
/// policy, check a registry, publish the policy as a static page.
#[derive(Parser)]
#[command(name = "consent-banner", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check registries: every problem, with its JSON path, what is wrong and
    /// how to fix it. Exit status: 0 all valid, 1 a registry is invalid,
    /// 2 a file could not be read.
    Check {
        /// Registry files (JSON).
        #[arg(required = true, value_name = "REGISTRY")]
        registries: Vec<PathBuf>,
        /// Output: text for people, json for CI.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Read a cookie-policy document in the platform's format and print a
    /// registry draft (JSON) on stdout; fill its "TODO:" placeholders, then check it.
    Import {
        /// The policy document (text or Markdown, UTF-8).
        #[arg(value_name = "POLICY_FILE")]
        policy_file: PathBuf,
    },
    /// Print the cookie policy of a registry as a static document: the texts
    /// the module shows in the page, as HTML (no scripts, no styles) or Markdown.
    Policy {
        /// The registry file.
        #[arg(value_name = "REGISTRY")]
        registry: PathBuf,
        /// The language of the document.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// The markup.
        #[arg(long, value_enum, default_value_t = DocFormat::Html)]
        format: DocFormat,
    },
    /// Print the registry's JSON Schema (draft 2020-12).
    Schema,
    /// Write the registry into a copy of consent-banner.bundle.js, checked as
    /// `check` does: the page's one script tag (without data-registry) then
    /// carries it, and the first view makes no request for it. Prints the
    /// new file's integrity value. Exit status: 0 written, 1 the registry is
    /// invalid, 2 a file could not be read or written, or is not a bundle of
    /// this version. Nothing is written unless everything is in order.
    Bundle {
        /// The registry file.
        #[arg(value_name = "REGISTRY")]
        registry: PathBuf,
        /// The released consent-banner.bundle.js (pkg/ or the npm package), of
        /// this toolkit's version.
        #[arg(long, value_name = "BUNDLE")]
        from: PathBuf,
        /// Where to write the portal's bundle (replaced if it exists).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Crawl the portal in headless Chromium three times (no choice, refused,
    /// accepted) and hold the cookies and storage it really sets against the
    /// registry. Exit status: 0 no violation, 1 violations (or warnings with
    /// --strict), 2 could not audit. Reference: docs/audit.md.
    Audit(crate::audit::AuditArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Fr,
    Es,
}

#[derive(Clone, Copy, ValueEnum)]
enum DocFormat {
    Html,
    Markdown,
}

/// Exit statuses.
const INVALID: u8 = 1;
const UNREADABLE: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { registries, format } => check(&registries, format),
        Command::Import { policy_file } => import_file(&policy_file),
        Command::Policy { registry, lang, format } => policy(&registry, lang, format),
        Command::Schema => {
            print!("{SCHEMA}");
            ExitCode::SUCCESS
        }
        Command::Audit(args) => crate::audit::run(args),
        Command::Bundle { registry, from, out } => bundle(&registry, &from, &out),
    }
}

fn bundle(registry: &Path, from: &Path, out: &Path) -> ExitCode {
    match crate::bundle::run(registry, from, out) {
        Ok(w) => {
            println!(
                "{}: {} bytes, the registry of {} ({} categories) written in",
                out.display(),
                w.bytes,
                w.registry.portal.address,
                w.registry.categories.len()
            );
            println!("Its tag (no data-registry: the registry is inside):");
            println!("  <script src=\".../{}\" integrity=\"{}\" crossorigin=\"anonymous\" defer></script>",
                out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), w.integrity);
            println!("Write it again whenever the registry changes.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("consent-banner: {e}");
            ExitCode::from(e.status())
        }
    }
}

/// What checking one file found.
enum Outcome {
    Valid(Registry),
    Invalid(Vec<Problem>),
    Unreadable(FileError),
}

fn check(paths: &[PathBuf], format: CheckFormat) -> ExitCode {
    let outcomes: Vec<Outcome> = paths
        .iter()
        .map(|p| match files::read(p) {
            Err(e) => Outcome::Unreadable(e),
            Ok(bytes) => match check_bytes(&bytes) {
                Ok(r) => Outcome::Valid(r),
                Err(problems) => Outcome::Invalid(problems),
            },
        })
        .collect();
    match format {
        CheckFormat::Text => {
            for (path, outcome) in paths.iter().zip(&outcomes) {
                let file = path.display();
                match outcome {
                    Outcome::Valid(r) => {
                        let cookies: usize = r.categories.iter().map(|c| c.cookies.len()).sum();
                        println!("{file}: valid ({} categories, {cookies} cookies)", r.categories.len());
                    }
                    Outcome::Invalid(problems) => {
                        for p in problems {
                            println!("{}", files::problem_line(path, p));
                        }
                        let n = problems.len();
                        println!("{file}: invalid, {n} problem{}", if n == 1 { "" } else { "s" });
                    }
                    Outcome::Unreadable(e) => eprintln!("consent-banner: {e}"),
                }
            }
        }
        CheckFormat::Json => {
            let report: Vec<serde_json::Value> = paths
                .iter()
                .zip(&outcomes)
                .map(|(path, outcome)| {
                    let file = path.display().to_string();
                    match outcome {
                        Outcome::Valid(_) => serde_json::json!({ "file": file, "valid": true, "problems": [] }),
                        Outcome::Invalid(problems) => serde_json::json!({
                            "file": file,
                            "valid": false,
                            "problems": problems.iter().map(|p| serde_json::json!({
                                "path": p.path, "code": p.code.as_str(), "message": p.message(),
                            })).collect::<Vec<_>>(),
                        }),
                        Outcome::Unreadable(e) => serde_json::json!({ "file": file, "valid": false, "error": e.to_string() }),
                    }
                })
                .collect();
            // A JSON value's alternate form is its pretty-printed text (no error path).
            println!("{:#}", serde_json::Value::Array(report));
        }
    }
    if outcomes.iter().any(|o| matches!(o, Outcome::Unreadable(_))) {
        ExitCode::from(UNREADABLE)
    } else if outcomes.iter().any(|o| matches!(o, Outcome::Invalid(_))) {
        ExitCode::from(INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

fn import_file(path: &Path) -> ExitCode {
    let bytes = match files::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("consent-banner: {e}");
            return ExitCode::from(UNREADABLE);
        }
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "consent-banner: {}: byte {}: not UTF-8 text; save the policy document as UTF-8",
                path.display(),
                e.valid_up_to() + 1
            );
            return ExitCode::from(INVALID);
        }
    };
    match import(text) {
        Ok(draft) => {
            print!("{}", draft.to_json());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("consent-banner: {}: {e}", path.display());
            ExitCode::from(INVALID)
        }
    }
}

fn policy(path: &Path, lang: LangArg, format: DocFormat) -> ExitCode {
    let bytes = match files::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("consent-banner: {e}");
            return ExitCode::from(UNREADABLE);
        }
    };
    let registry = match check_bytes(&bytes) {
        Ok(r) => r,
        Err(problems) => {
            for p in &problems {
                eprintln!("{}", files::problem_line(path, p));
            }
            eprintln!("consent-banner: {}: invalid registry; fix it first (consent-banner check)", path.display());
            return ExitCode::from(INVALID);
        }
    };
    let lang = match lang {
        LangArg::En => Lang::En,
        LangArg::Fr => Lang::Fr,
        LangArg::Es => Lang::Es,
    };
    let format = match format {
        DocFormat::Html => Format::Html,
        DocFormat::Markdown => Format::Markdown,
    };
    print!("{}", policy_doc::render(&registry, lang, format));
    ExitCode::SUCCESS
}
