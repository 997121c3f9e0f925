//! Upper bounds on every string and list of a registry. A registry is read
//! by every visitor's browser: these keep a mistaken or hostile one from
//! costing them memory and time, and each is far above what a real portal
//! declares. Strings are counted in characters (Unicode scalar values).

/// Portal name, category title, cookie provider and function (per language).
pub const SHORT_TEXT: usize = 300;
/// Category description and cookie purposes (per language).
pub const LONG_TEXT: usize = 4000;
/// URLs: portal address, policy and privacy links, script URLs, `$schema`.
pub const URL: usize = 2048;
/// A cookie name or storage key (with its trailing `*`).
pub const NAME: usize = 256;
/// A cookie duration such as `13 months`.
pub const DURATION: usize = 32;
/// `cookie_domain` (the longest DNS name, plus a leading dot).
pub const DOMAIN: usize = 254;
/// A language code (`default_language`).
pub const LANGUAGE: usize = 35;
/// Categories in a registry.
pub const CATEGORIES: usize = 32;
/// Cookies in one category.
pub const COOKIES: usize = 2000;
/// Names of one cookie, storage keys of one category, scripts of one category.
pub const NAMES: usize = 100;
/// Category id (also checked by the id rule).
pub const ID: usize = 32;
