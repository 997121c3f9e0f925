//! The registry editor's browser shell (wasm32, feature `editor`): the page
//! `www/editor.html` hands it the registry text as the administrator types,
//! and gets back, as JS values (serde-wasm-bindgen), the problems with their
//! places in the text and, for a valid registry, the previews of the first
//! layer, the preferences layer and the policy in English, French and
//! Spanish — element trees of the same core the visitor's module runs
//! (`crate::view`), which the page builds with text nodes only. It also
//! turns a cookie-policy document into a registry draft (`crate::import`).
//! The administrator's draft is kept in localStorage (gloo-storage).
//!
//! This wasm is the editor's alone: built by `scripts/build-editor.mjs`,
//! with Rust's standard library, and never part of what a visitor downloads.

#[allow(unused_imports)]
use crate::prelude::*;

mod locate;

use gloo_storage::{LocalStorage, Storage};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::check::check_json;
use crate::error::ProblemCode;
use crate::i18n::Lang;
use crate::import::{import, Draft};
use crate::registry::Registry;
use crate::view;

/// A problem of the registry, at its place in the text.
#[derive(Serialize)]
struct Problem {
    /// JSON path of the value concerned (`categories[1].cookies[0].names`;
    /// `registry` for the whole registry).
    path: String,
    /// The rule broken, as its stable code (`R001`…, see
    /// `crate::error::ProblemCode`).
    code: &'static str,
    /// What is wrong and how to fix it.
    message: String,
    /// 1-based line and column (in characters) where it is.
    line: u32,
    column: u32,
    /// The text to select, in UTF-16 offsets (what the page's text field counts).
    from: u32,
    to: u32,
}

/// What a visitor of the portal would see in one language, as element trees
/// in `view::Tree`'s wire form.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Preview {
    lang: &'static str,
    first_layer: String,
    preferences: String,
    /// Each category's cookie table, for its "Cookies in this category".
    tables: Vec<CategoryTable>,
    policy: String,
}

#[derive(Serialize)]
struct CategoryTable {
    category: String,
    tree: String,
}

/// The answer to [`check`].
#[derive(Serialize)]
struct Report {
    /// Whether the registry is valid (then `problems` is empty).
    ok: bool,
    problems: Vec<Problem>,
    /// For a valid registry, one preview per language (en, fr, es).
    previews: Vec<Preview>,
    /// For a valid registry, its revision (what the cookie's `r` will say).
    revision: Option<String>,
}

/// The registry read from `text`, or every one of its problems, each at its
/// place. The only place the editor asks the core to read a registry: the
/// checker of `consent-banner check`, which reports all problems at once.
fn read(text: &str) -> Result<Registry, Vec<Problem>> {
    check_json(text).map_err(|problems| problems.iter().map(|p| place_problem(text, p)).collect())
}

/// A core problem with its place in `text`: a syntax error where the JSON
/// reader stopped, any other problem at its path (the whole registry is
/// `registry` in the core's paths).
fn place_problem(text: &str, p: &crate::check::Problem) -> Problem {
    let range = if p.code == ProblemCode::Syntax {
        let number = |i: usize| p.args.get(i).and_then(|a| a.parse().ok()).unwrap_or(1);
        let at = locate::line_column_offset(text, number(0), number(1));
        at..at + 1
    } else if p.path == "registry" {
        locate::path_range(text, "")
    } else {
        locate::path_range(text, &p.path)
    };
    let (start, end) = (locate::place(text, range.start), locate::place(text, range.end));
    Problem {
        path: p.path.clone(),
        code: p.code.as_str(),
        message: p.message(),
        line: start.line,
        column: start.column,
        from: start.utf16,
        to: end.utf16.max(start.utf16),
    }
}

fn preview(registry: &Registry, lang: Lang) -> Preview {
    // The first layer links to the policy shown beside it (or to the
    // registry's policy page, as on a page without the policy).
    let policy_href = registry.policy_url.as_deref().unwrap_or("#consent-policy");
    let tables = registry
        .categories
        .iter()
        .filter(|c| !c.cookies.is_empty())
        .filter_map(|c| {
            let label = crate::util::join(&["consent-category-", &c.id, "-label"], "");
            let tree = view::category_table(registry, &c.id, &label, lang)?;
            Some(CategoryTable { category: c.id.clone(), tree: tree.as_str().to_string() })
        })
        .collect();
    Preview {
        lang: lang.code(),
        first_layer: view::first_layer(registry, lang, false, Some(policy_href)).as_str().to_string(),
        preferences: view::preferences(registry, lang, &[], false).as_str().to_string(),
        tables,
        policy: view::policy(registry, lang, 0).as_str().to_string(),
    }
}

/// Checks registry text: `{ ok, problems: [{ path, code, message, line,
/// column, from, to }], previews: [{ lang, firstLayer, preferences, tables:
/// [{ category, tree }], policy }], revision }`. The trees are for the page's
/// text-only builder (`build` of `src/web/page.js`).
#[wasm_bindgen]
pub fn check(text: &str) -> Result<JsValue, JsValue> {
    let report = match read(text) {
        Ok(registry) => Report {
            ok: true,
            problems: Vec::new(),
            previews: Lang::ALL.iter().map(|&l| preview(&registry, l)).collect(),
            revision: Some(registry.revision().to_string()),
        },
        Err(problems) => Report { ok: false, problems, previews: Vec::new(), revision: None },
    };
    Ok(serde_wasm_bindgen::to_value(&report)?)
}

/// The answer to [`import_policy`].
#[derive(Serialize)]
struct Imported<'a> {
    ok: bool,
    /// The draft as registry text, for the editor's field.
    registry: Option<String>,
    /// The draft itself (portal address, categories and their cookies).
    draft: Option<&'a Draft>,
    /// Why the document could not be read, naming its line.
    message: Option<String>,
}

/// Reads a cookie-policy document in the platform's format (the seed
/// format) into a registry draft: `{ ok, registry, draft }`, or `{ ok:
/// false, message }`. What the document does not say is left as
/// placeholders, which [`check`] then lists as problems.
#[wasm_bindgen(js_name = importPolicy)]
pub fn import_policy(text: &str) -> Result<JsValue, JsValue> {
    let answer = match import(text) {
        Ok(draft) => {
            let imported = Imported { ok: true, registry: Some(draft.to_json()), draft: Some(&draft), message: None };
            serde_wasm_bindgen::to_value(&imported)
        }
        Err(e) => serde_wasm_bindgen::to_value(&Imported { ok: false, registry: None, draft: None, message: Some(e.message()) }),
    };
    Ok(answer?)
}

/// The dialog's stylesheets, as the visitor's module embeds them:
/// `{ ui, page }` (the layers' and the policy's).
#[wasm_bindgen]
pub fn stylesheets() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Sheets {
        ui: &'static str,
        page: &'static str,
    }
    let sheets = Sheets {
        ui: include_str!(concat!(env!("OUT_DIR"), "/ui.css")),
        page: include_str!(concat!(env!("OUT_DIR"), "/page.css")),
    };
    Ok(serde_wasm_bindgen::to_value(&sheets)?)
}

/// The localStorage key of the draft.
const DRAFT_KEY: &str = "consent-banner:editor-draft";

/// Keeps the draft (the registry text as typed) in localStorage; `false`
/// when storage is unavailable or full.
#[wasm_bindgen(js_name = saveDraft)]
pub fn save_draft(text: &str) -> bool {
    LocalStorage::set(DRAFT_KEY, text).is_ok()
}

/// The draft kept by [`save_draft`], if any.
#[wasm_bindgen(js_name = loadDraft)]
pub fn load_draft() -> Option<String> {
    LocalStorage::get::<String>(DRAFT_KEY).ok()
}

/// Forgets the draft.
#[wasm_bindgen(js_name = clearDraft)]
pub fn clear_draft() {
    LocalStorage::delete(DRAFT_KEY);
}
