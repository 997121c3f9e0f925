//! Strips the comments and indentation from the dialog's stylesheets before
//! they are embedded in the wasm (they are documentation, not payload).

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
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in ["ui.css", "page.css"] {
        let src = Path::new("src/web").join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let css = fs::read_to_string(&src).expect("stylesheet in src/web");
        fs::write(Path::new(&out).join(name), strip(&css)).expect("write to OUT_DIR");
    }
}
