//! # consent-banner
//!
//! Cookie consent for open-data portals, loaded with one script tag.
//!
//! A portal administrator declares its cookies once, in a JSON
//! [registry]. From that declaration this crate renders the cookie
//! [policy], shows the consent dialog, stores the visitor's choice in
//! the `cookies_preferences` cookie ([record]) and enforces it ([decision]):
//! scripts of refused categories never run.
//!
//! The crate is a pure core — every module here but `web` and `editor` —
//! that never touches a browser and takes time and randomness as arguments,
//! plus thin browser shells (wasm32 only): `web` reads the page, asks the
//! core and applies the answer; `editor` is the registry editor's own wasm.
#![deny(missing_docs)]
// In the browser the crate does without Rust's standard library (see the
// `std` feature in Cargo.toml); natively it is an ordinary std crate.
#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;
#[cfg(all(target_arch = "wasm32", feature = "std"))]
extern crate std;

/// What every module uses from `alloc` (std's prelude has it; `no_std` does not).
#[allow(unused_imports)]
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::boxed::Box;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec;
    pub(crate) use alloc::vec::Vec;
}

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
mod bare;

// The shell keeps page state in statics and the allocator has no locks:
// both rely on the wasm having one thread.
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
compile_error!("consent-banner's browser build is single-threaded: build without the atomics target feature");

pub mod check;
pub mod consent_mode;
pub mod decision;
pub mod error;
pub mod i18n;
pub mod import;
pub mod policy;
pub mod policy_doc;
pub mod receipt;
pub mod record;
pub mod registry;
pub mod session;
pub mod value;
pub mod view;

mod util;

// The fixture of the examples and tests; never in the wasm.
#[doc(hidden)]
#[cfg(not(target_arch = "wasm32"))]
pub mod testing;

// The visitor's shell; the editor's wasm (feature `editor`) carries the
// editor's shell instead.
#[cfg(all(target_arch = "wasm32", not(feature = "editor")))]
pub mod web;

#[cfg(all(target_arch = "wasm32", feature = "editor"))]
pub mod editor;
