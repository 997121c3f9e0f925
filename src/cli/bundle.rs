//! `consent-banner bundle`: the portal's registry written into a copy of
//! `consent-banner.bundle.js`, so that the page's one script tag carries
//! everything the first view needs — no request for the registry after the
//! script has run (docs/performance.md has the measurement).
//!
//! The released bundle holds one string literal, the registry's place,
//! named after the release's version (scripts/build.mjs writes it). The
//! command checks the registry exactly as `check` does, refuses a file that
//! does not hold that place exactly once (another version, a registry
//! already embedded, not a bundle), and replaces the place with the
//! registry's text as a JavaScript string. The module still reads and
//! checks that text in the browser as it would a fetched one: nothing is
//! trusted because the toolkit wrote it.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use consent_banner::check::{check_bytes, Problem};
use consent_banner::registry::Registry;
use sha2::{Digest, Sha384};

use crate::files::{self, FileError};

/// The registry's place in a released bundle of this version: the exact
/// JavaScript literal scripts/build.mjs leaves in it.
pub fn place() -> String {
    format!("\"consent-banner: the registry's place, {}\"", env!("CARGO_PKG_VERSION"))
}

/// Why no bundle was written.
#[derive(Debug)]
pub enum BundleError {
    /// A file could not be read (exit 2).
    File(FileError),
    /// The registry has problems (exit 1): fix them first.
    Invalid(PathBuf, Vec<Problem>),
    /// The bundle is not valid UTF-8 text: not a consent-banner bundle (exit 2).
    NotText(PathBuf),
    /// The bundle does not hold the registry's place exactly once (exit 2).
    NoPlace(PathBuf, usize),
    /// The output could not be written (exit 2).
    Write(PathBuf, std::io::Error),
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::File(e) => write!(f, "{e}"),
            BundleError::Invalid(p, problems) => {
                for problem in problems {
                    writeln!(f, "{}", files::problem_line(p, problem))?;
                }
                write!(f, "{}: invalid registry; nothing written (fix it first: consent-banner check)", p.display())
            }
            BundleError::NotText(p) => write!(
                f,
                "{}: is not UTF-8 text, so not a consent-banner.bundle.js; give the bundle from pkg/ or the npm package",
                p.display()
            ),
            BundleError::NoPlace(p, 0) => write!(
                f,
                "{}: holds no place for a registry: give consent-banner.bundle.js of version {} as it was released \
                 (not a copy a registry was already written into, nor the loader consent-banner.js)",
                p.display(),
                env!("CARGO_PKG_VERSION")
            ),
            BundleError::NoPlace(p, n) => write!(
                f,
                "{}: holds the registry's place {n} times instead of once: not a bundle as released",
                p.display()
            ),
            BundleError::Write(p, e) => write!(f, "{}: cannot be written: {e}", p.display()),
        }
    }
}

impl BundleError {
    /// The command's exit status for this error.
    pub fn status(&self) -> u8 {
        match self {
            BundleError::Invalid(..) => 1,
            _ => 2,
        }
    }
}

/// What was written.
pub struct Written {
    /// The registry, as checked.
    pub registry: Registry,
    /// The size of the file written, in bytes.
    pub bytes: usize,
    /// Its `integrity` value: `sha384-` and the base64 of its SHA-384.
    pub integrity: String,
}

/// The bundle `bundle_text` with `registry_text` in the registry's place,
/// or `None` when the place is not there exactly once (its count instead).
///
/// The registry goes in as a JSON string, which is a JavaScript string
/// literal (`"`, `\` and control characters escaped; other characters,
/// U+2028 and U+2029 included, are valid as they are since ES2019); the
/// bundle is UTF-8 with a byte order mark, so non-ASCII text is read back
/// as written.
pub fn embed(bundle_text: &str, registry_text: &str) -> Result<String, usize> {
    let place = place();
    let count = bundle_text.matches(place.as_str()).count();
    if count != 1 {
        return Err(count);
    }
    // A JSON string's serialization cannot fail.
    let literal = serde_json::to_string(registry_text).unwrap_or_default();
    Ok(bundle_text.replacen(place.as_str(), &literal, 1))
}

/// The `integrity` attribute value of `bytes`.
pub fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
}

/// Check the registry at `registry`, write it into the bundle at `from`,
/// and write the result to `out` (through a temporary file beside it, so a
/// failure leaves no half-written bundle where the portal serves it).
pub fn run(registry: &Path, from: &Path, out: &Path) -> Result<Written, BundleError> {
    let registry_bytes = files::read(registry).map_err(BundleError::File)?;
    let checked = check_bytes(&registry_bytes).map_err(|problems| BundleError::Invalid(registry.to_owned(), problems))?;
    // check_bytes accepted it, so it is UTF-8; the module reads the text
    // without a byte order mark or surrounding whitespace just the same.
    let text = String::from_utf8_lossy(&registry_bytes);
    let text = text.trim_start_matches('\u{feff}').trim();
    let bundle_bytes = files::read(from).map_err(BundleError::File)?;
    let bundle_text = std::str::from_utf8(&bundle_bytes).map_err(|_| BundleError::NotText(from.to_owned()))?;
    let written = embed(bundle_text, text).map_err(|n| BundleError::NoPlace(from.to_owned(), n))?;
    // A name of this run's own, created new (never through a file or link
    // already there), so two runs at once do not write into each other.
    let mut temporary = out.as_os_str().to_owned();
    temporary.push(format!(".{}.partial", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let write = |path: &Path| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
        file.write_all(written.as_bytes())?;
        file.sync_all()
    };
    if let Err(e) = write(&temporary).and_then(|()| std::fs::rename(&temporary, out)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(BundleError::Write(out.to_owned(), e));
    }
    Ok(Written { registry: checked, bytes: written.len(), integrity: integrity(written.as_bytes()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_replaces_the_place_as_a_string_literal() {
        let bundle = format!("a({});b", place());
        let out = embed(&bundle, "{\"x\":\"d\u{e9}j\u{e0} \\ \" \n\"}").unwrap();
        assert_eq!(out, "a(\"{\\\"x\\\":\\\"d\u{e9}j\u{e0} \\\\ \\\" \\n\\\"}\");b");
    }

    #[test]
    fn a_bundle_without_the_place_or_with_two_is_refused() {
        assert_eq!(embed("(function(){})()", "{}"), Err(0));
        let twice = format!("{p}{p}", p = place());
        assert_eq!(embed(&twice, "{}"), Err(2));
        // A bundle written once has no place left.
        let once = embed(&place(), "{}").unwrap();
        assert_eq!(embed(&once, "{}"), Err(0));
    }

    #[test]
    fn integrity_is_the_sha384_in_base64() {
        // The SHA-384 of "abc" (FIPS 180-2, appendix D), in base64.
        assert_eq!(integrity(b"abc"), "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn");
    }
}
