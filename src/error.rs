//! Typed errors, with messages a portal administrator can act on.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

/// Why a registry was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryError {
    /// The registry text is not JSON at all.
    Syntax(String),
    /// A value is missing, of the wrong type, or breaks a rule.
    Invalid {
        /// Where: `categories[1].cookies[0].names`.
        path: String,
        /// What is wrong, e.g. `is empty`.
        problem: String,
    },
}

impl RegistryError {
    /// The message for the browser console, prefixed with `consent-banner: `.
    pub fn message(&self) -> String {
        let mut s = String::from("consent-banner: the cookie registry is invalid: ");
        match self {
            RegistryError::Syntax(detail) => {
                s.push_str("it is not valid JSON (");
                s.push_str(detail);
                s.push(')');
            }
            RegistryError::Invalid { path, problem } => {
                s.push_str(path);
                s.push_str(": ");
                s.push_str(problem);
            }
        }
        s.push_str(". No optional cookies or scripts will be used until it is fixed.");
        s
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
