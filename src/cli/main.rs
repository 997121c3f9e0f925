//! `consent-banner`: the registry toolkit for portal administrators, from
//! the same core as the browser module — `check`, `import`, `policy`,
//! `schema`, `audit`, `bundle`. See docs/toolkit.md and docs/audit.md.
//!
//! Run it with `cargo run --release --bin consent-banner -- COMMAND …`.

// The command line is native only; `cargo test --target wasm32…` still
// builds every binary, so there it is an empty program.
#[cfg(not(target_arch = "wasm32"))]
mod app;
#[cfg(not(target_arch = "wasm32"))]
mod audit;
#[cfg(not(target_arch = "wasm32"))]
mod bundle;
#[cfg(not(target_arch = "wasm32"))]
mod files;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    app::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
