//! Strips the comments and indentation from the dialog's stylesheets before
//! they are embedded in the wasm (they are documentation, not payload), and
//! marks single-language browser builds (see `src/i18n.rs`).

// Native build-time code: the wasm size guards of clippy.toml do not apply.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use std::{env, fs, path::Path};

fn strip(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

fn main() {
    // A single-language browser build (feature only-en, only-fr or only-es,
    // on wasm32 only: native builds and their tests always carry all three
    // languages) is marked `one_language = "xx"` for src/i18n.rs.
    println!("cargo::rustc-check-cfg=cfg(one_language, values(none(), \"en\", \"fr\", \"es\"))");
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        // The first one if several are on (as with --all-features).
        if let Some(lang) = ["en", "fr", "es"].into_iter().find(|l| env::var_os(format!("CARGO_FEATURE_ONLY_{}", l.to_uppercase())).is_some()) {
            println!("cargo::rustc-cfg=one_language");
            println!("cargo::rustc-cfg=one_language=\"{lang}\"");
        }
    }
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in ["ui.css", "page.css"] {
        let src = Path::new("src/web").join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let css = fs::read_to_string(&src).expect("stylesheet in src/web");
        fs::write(Path::new(&out).join(name), strip(&css)).expect("write to OUT_DIR");
    }
}
