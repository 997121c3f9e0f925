//! Reads a cookie-policy document in the platform's standard format and
//! makes a registry draft of it — what `consent-banner import` prints.
//!
//! The document is the platform's cookie policy page, copied as text: prose,
//! then a line "What cookies are used on the <https://portal.example>
//! platform", then for each category a heading and a table whose columns are
//! "Service provider's name", "Function and location", "Cookie name(s)" and
//! "Purposes". The reader takes the layouts such copies come in: plain text
//! or Markdown (`#` headings, `\_` escapes, `|` tables), rows with their cells
//! separated by tabs or one cell per line, blank lines anywhere in a table.
//!
//! What the document does not say is filled with a placeholder starting with
//! [`PLACEHOLDER`] (`"TODO: …"`): the portal's name, each cookie's duration,
//! and whether a category other than the "necessary" one is necessary. The
//! checker reports each placeholder ([`crate::error::ProblemCode::Placeholder`])
//! until the administrator replaces it.
//!
//! ```
//! use consent_banner::import::import;
//! let doc = "What cookies are used on the <https://data.example> platform\n\n\
//!            Cookies necessary for the platform to function properly\n\n\
//!            Service provider's name\tFunction and location\tCookie name(s)\tPurposes\n\
//!            Example\tConsent\tcookies\\_preferences\tTo remember the choice\n";
//! let draft = import(doc)?;
//! assert_eq!(draft.address, "https://data.example");
//! assert_eq!(draft.categories[0].cookies[0].names, ["cookies_preferences"]);
//! let json = draft.to_json();
//! assert!(json.contains("\"duration\": \"TODO: "));
//! assert!(consent_banner::check::check_json(&json).is_err(), "placeholders are left to fill");
//! # Ok::<(), consent_banner::import::ImportError>(())
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

pub use crate::registry::PLACEHOLDER;

/// The table's column headers, in order.
pub const COLUMNS: [&str; 4] = ["Service provider's name", "Function and location", "Cookie name(s)", "Purposes"];

/// The placeholder for the portal's name.
pub const TODO_NAME: &str = "TODO: the portal's name, as visitors know it";
/// The placeholder for a cookie's duration.
pub const TODO_DURATION: &str = "TODO: how long the cookie lives: \"session\" or a number and a unit, e.g. \"13 months\"";
/// The placeholder for whether a category is necessary.
pub const TODO_NECESSARY: &str =
    "TODO: true if the portal cannot work without these cookies (they are then set without asking), else false";

/// A registry draft read from a policy document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Draft {
    /// The portal's address, from "What cookies are used on the <…> platform".
    pub address: String,
    /// One per category heading, in document order.
    pub categories: Vec<DraftCategory>,
}

/// One category of a draft.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DraftCategory {
    /// Registry id made from the heading (`necessary` for the necessary one).
    pub id: String,
    /// The heading, as written.
    pub title: String,
    /// `Some(true)` for the heading that says "necessary", `None` (a
    /// placeholder in the JSON) for the others.
    pub necessary: Option<bool>,
    /// Paragraphs between a Markdown heading and its table, if any.
    pub description: Option<String>,
    /// One per table row.
    pub cookies: Vec<DraftCookie>,
}

/// One table row of a draft.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DraftCookie {
    /// "Service provider's name".
    pub provider: String,
    /// "Function and location".
    pub function: String,
    /// "Cookie name(s)", split at commas and spaces.
    pub names: Vec<String>,
    /// "Purposes".
    pub purposes: String,
    /// 1-based line of the row's first cell in the document.
    pub line: usize,
}

/// Why a document could not be read as a cookie policy. Every variant but
/// [`ImportError::NotAPolicy`] names the 1-based line at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportError {
    /// No line `What cookies are used on the <address> platform`.
    NotAPolicy,
    /// That line has no http(s) address.
    NoAddress {
        /// The line.
        line: usize,
    },
    /// No table header after that line (the layout is not the platform's).
    NoTable {
        /// The "What cookies are used" line.
        line: usize,
    },
    /// A table with no category heading before it.
    NoHeading {
        /// The table header's line.
        line: usize,
    },
    /// A category heading whose table has no rows.
    EmptyTable {
        /// The heading's line.
        line: usize,
    },
    /// A row with fewer than four cells (or one of them empty).
    MissingCells {
        /// The row's first line.
        line: usize,
        /// How many non-empty cells it has.
        found: usize,
    },
    /// A row with more than four cells.
    TooManyCells {
        /// The row's line.
        line: usize,
        /// How many cells it has.
        found: usize,
    },
    /// A "Cookie name(s)" cell with no name in it.
    NoNames {
        /// The row's first line.
        line: usize,
    },
}

impl ImportError {
    /// What is wrong and what to do, for the administrator.
    pub fn message(&self) -> String {
        let mut s = String::new();
        let line = |s: &mut String, n: usize| {
            s.push_str("line ");
            crate::util::push_decimal(s, n as u64);
            s.push_str(": ");
        };
        match *self {
            ImportError::NotAPolicy => s.push_str(
                "not a cookie policy in the platform's format: no line \"What cookies are used on the <address> platform\" was found; copy the whole policy page",
            ),
            ImportError::NoAddress { line: n } => {
                line(&mut s, n);
                s.push_str("\"What cookies are used on the … platform\" gives no https:// or http:// address; write the portal's address there");
            }
            ImportError::NoTable { line: n } => {
                line(&mut s, n);
                s.push_str("no cookie table follows (expected a header row: ");
                s.push_str(&crate::util::join(&COLUMNS, ", "));
                s.push_str("); this layout is not the platform's");
            }
            ImportError::NoHeading { line: n } => {
                line(&mut s, n);
                s.push_str("this table has no category heading before it; add one (e.g. \"Cookies necessary for the platform to function properly\")");
            }
            ImportError::EmptyTable { line: n } => {
                line(&mut s, n);
                s.push_str("this category's table has no rows; add its cookies or remove the heading");
            }
            ImportError::MissingCells { line: n, found } => {
                line(&mut s, n);
                s.push_str("a table row has ");
                crate::util::push_decimal(&mut s, found as u64);
                s.push_str(" filled cells of 4 (provider, function and location, cookie names, purposes); fill the missing ones");
            }
            ImportError::TooManyCells { line: n, found } => {
                line(&mut s, n);
                s.push_str("a table row has ");
                crate::util::push_decimal(&mut s, found as u64);
                s.push_str(" cells, the table has 4 columns; merge or remove the extra ones");
            }
            ImportError::NoNames { line: n } => {
                line(&mut s, n);
                s.push_str("the row's \"Cookie name(s)\" cell names no cookie");
            }
        }
        s
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for ImportError {}

/// One cell of the document after the "What cookies" line: its text (Markdown
/// marks removed), its line, and which physical row it came from when the
/// row had its cells on one line (`None` for a line holding one cell).
struct Cell {
    text: String,
    line: usize,
    row: Option<usize>,
    /// Written as a Markdown heading (`## …`).
    heading: bool,
}

/// Reads a policy document into a registry draft.
pub fn import(text: &str) -> Result<Draft, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let (start, address) = address_line(&lines)?;

    // Every non-blank line after it becomes cells.
    let mut cells: Vec<Cell> = Vec::new();
    for (i, raw) in lines.iter().enumerate().skip(start + 1) {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || is_markdown_rule(trimmed) {
            continue;
        }
        let parts: Vec<&str> = if raw.contains('\t') {
            raw.split('\t').collect()
        } else if let Some(inner) = trimmed.strip_prefix('|') {
            inner.strip_suffix('|').unwrap_or(inner).split('|').collect()
        } else {
            vec![raw]
        };
        // Trailing empty cells of a tab row are a copy's artefact, not columns.
        let mut parts: Vec<String> = parts.iter().map(|p| clean(p)).collect();
        while parts.len() > 1 && parts.last().is_some_and(String::is_empty) {
            parts.pop();
        }
        let row = if parts.len() > 1 { Some(line) } else { None };
        let heading = row.is_none() && trimmed.starts_with('#');
        if parts.len() > 4 {
            return Err(ImportError::TooManyCells { line, found: parts.len() });
        }
        if row.is_some() && parts.len() < 4 && !is_header_start(&parts) {
            return Err(ImportError::MissingCells { line, found: parts.iter().filter(|p| !p.is_empty()).count() });
        }
        if row.is_some() && parts.iter().any(String::is_empty) {
            return Err(ImportError::MissingCells { line, found: parts.iter().filter(|p| !p.is_empty()).count() });
        }
        for p in parts {
            cells.push(Cell { text: p, line, row, heading });
        }
    }

    // Split at the table headers.
    let headers: Vec<usize> = (0..cells.len()).filter(|&i| is_header(&cells[i..])).collect();
    let Some(&first) = headers.first() else {
        return Err(ImportError::NoTable { line: start + 1 });
    };
    let mut categories: Vec<DraftCategory> = Vec::new();
    let mut heading_lines: Vec<usize> = Vec::new();
    // Before each header: the previous table's rows (or, before the first,
    // the document's prose), the category heading, and perhaps paragraphs
    // describing the category. A Markdown heading (`#`) says which line is the
    // heading; in plain text it is the line right above the table.
    let mut pending: &[Cell] = &cells[..first];
    for (n, &h) in headers.iter().enumerate() {
        let at = match pending.iter().rposition(|c| c.heading) {
            Some(i) => i,
            None if !pending.is_empty() => pending.len() - 1,
            None => return Err(ImportError::NoHeading { line: cells[h].line }),
        };
        let heading = &pending[at];
        if heading.row.is_some() {
            return Err(ImportError::NoHeading { line: cells[h].line });
        }
        // The rows before this heading close the previous table (none before the first).
        if let (Some(prev), Some(&line)) = (categories.last_mut(), heading_lines.last()) {
            close_table(prev, &pending[..at], line)?;
        }
        let paras: Vec<&str> = pending[at + 1..].iter().map(|c| c.text.as_str()).collect();
        let necessary = heading.text.to_lowercase().contains("necessary");
        categories.push(DraftCategory {
            id: String::new(),
            title: heading.text.clone(),
            necessary: necessary.then_some(true),
            description: (!paras.is_empty()).then(|| crate::util::join(&paras, "\n\n")),
            cookies: Vec::new(),
        });
        heading_lines.push(heading.line);
        let end = headers.get(n + 1).copied().unwrap_or(cells.len());
        pending = &cells[h + 4..end];
    }
    // The last table runs to the end.
    if let (Some(last), Some(&line)) = (categories.last_mut(), heading_lines.last()) {
        close_table(last, pending, line)?;
    }
    let mut taken: Vec<String> = Vec::new();
    for c in &mut categories {
        c.id = unique_id(&c.title, c.necessary == Some(true), &taken);
        taken.push(c.id.clone());
    }
    Ok(Draft { address, categories })
}

/// Gives a category the rows of its table; a table without rows is an error
/// at the category's heading (`heading_line`).
fn close_table(category: &mut DraftCategory, cells: &[Cell], heading_line: usize) -> Result<(), ImportError> {
    category.cookies.extend(rows(cells)?);
    if category.cookies.is_empty() {
        return Err(ImportError::EmptyTable { line: heading_line });
    }
    Ok(())
}

/// The "What cookies are used on the <URL> platform" line and its address.
fn address_line(lines: &[&str]) -> Result<(usize, String), ImportError> {
    let (i, line) = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i, clean(l)))
        .find(|(_, l)| l.to_lowercase().starts_with("what cookies are used on the"))
        .ok_or(ImportError::NotAPolicy)?;
    let address = line
        .split(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '(' || c == ')' || c == '[' || c == ']')
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
        .ok_or(ImportError::NoAddress { line: i + 1 })?;
    Ok((i, address.trim_end_matches(['.', ',', ';']).to_owned()))
}

/// Consecutive cells (tab rows or one cell per line) grouped in fours.
fn rows(cells: &[Cell]) -> Result<Vec<DraftCookie>, ImportError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let group = &cells[i..cells.len().min(i + 4)];
        // A group may not start in the middle of a tab row, nor mix rows.
        let row = group[0].row;
        let whole = group.len() == 4 && group.iter().all(|c| c.row == row);
        if !whole {
            let found = group.iter().take_while(|c| c.row == row).count().min(if row.is_some() { 4 } else { group.len() });
            return Err(ImportError::MissingCells { line: group[0].line, found });
        }
        let names: Vec<String> =
            group[2].text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|n| !n.is_empty()).map(String::from).collect();
        if names.is_empty() {
            return Err(ImportError::NoNames { line: group[0].line });
        }
        out.push(DraftCookie {
            provider: group[0].text.clone(),
            function: group[1].text.clone(),
            names,
            purposes: group[3].text.clone(),
            line: group[0].line,
        });
        i += 4;
    }
    Ok(out)
}

/// A line's text without Markdown heading marks, emphasis and escapes.
fn clean(raw: &str) -> String {
    let t = raw.trim();
    let t = if t.starts_with('#') { t.trim_start_matches('#').trim_start() } else { t };
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => out.push(chars.next().unwrap_or('\\')),
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
            }
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

/// A Markdown table's separator row (`|---|:--:|`).
fn is_markdown_rule(line: &str) -> bool {
    line.starts_with('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace('\u{2019}', "'").to_lowercase();
    norm(a) == norm(b)
}

/// Whether the four cells from here are the table header.
fn is_header(cells: &[Cell]) -> bool {
    cells.len() >= 4 && cells.iter().zip(COLUMNS).all(|(c, name)| same(&c.text, name))
}

/// Whether a short tab row is the start of a header split over lines.
fn is_header_start(parts: &[String]) -> bool {
    parts.iter().zip(COLUMNS).all(|(p, name)| same(p, name))
}

/// A registry id for a heading: `necessary`, else its words in `[a-z0-9_]`,
/// at most 32 characters, made unique with a number.
fn unique_id(title: &str, necessary: bool, taken: &[String]) -> String {
    let mut base = String::new();
    if necessary {
        base.push_str("necessary");
    } else {
        for c in title.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                base.push(c);
            } else if !base.is_empty() && !base.ends_with('_') {
                base.push('_');
            }
            if base.len() >= 28 {
                break;
            }
        }
        while base.ends_with('_') {
            base.pop();
        }
        if base.is_empty() {
            base.push_str("category");
        }
    }
    let mut id = base.clone();
    let mut n = 2u64;
    while taken.contains(&id) {
        id = base.clone();
        id.push('_');
        crate::util::push_decimal(&mut id, n);
        n += 1;
    }
    id
}

impl Draft {
    /// The draft as registry JSON, pretty-printed (two-space indents),
    /// ready to be saved, completed and checked. Keys follow the registry's
    /// documented order; placeholders stand for what the document does not say.
    pub fn to_json(&self) -> String {
        use crate::util::push_json_str as q;
        let mut o = String::with_capacity(512 + self.categories.len() * 512);
        o.push_str("{\n  \"portal\": {\n    \"name\": ");
        q(&mut o, TODO_NAME);
        o.push_str(",\n    \"address\": ");
        q(&mut o, &self.address);
        o.push_str("\n  },\n  \"categories\": [");
        for (i, c) in self.categories.iter().enumerate() {
            o.push_str(if i == 0 { "\n    {\n      \"id\": " } else { ",\n    {\n      \"id\": " });
            q(&mut o, &c.id);
            o.push_str(",\n      \"necessary\": ");
            match c.necessary {
                Some(true) => o.push_str("true"),
                Some(false) => o.push_str("false"),
                None => q(&mut o, TODO_NECESSARY),
            }
            o.push_str(",\n      \"title\": ");
            q(&mut o, &c.title);
            if let Some(d) = &c.description {
                o.push_str(",\n      \"description\": ");
                q(&mut o, d);
            }
            o.push_str(",\n      \"cookies\": [");
            for (j, k) in c.cookies.iter().enumerate() {
                o.push_str(if j == 0 { "\n        {\n          \"provider\": " } else { ",\n        {\n          \"provider\": " });
                q(&mut o, &k.provider);
                o.push_str(",\n          \"function\": ");
                q(&mut o, &k.function);
                o.push_str(",\n          \"names\": [");
                for (n, name) in k.names.iter().enumerate() {
                    if n > 0 {
                        o.push_str(", ");
                    }
                    q(&mut o, name);
                }
                o.push_str("],\n          \"purposes\": ");
                q(&mut o, &k.purposes);
                o.push_str(",\n          \"duration\": ");
                q(&mut o, TODO_DURATION);
                o.push_str("\n        }");
            }
            o.push_str("\n      ]\n    }");
        }
        o.push_str("\n  ]\n}\n");
        o
    }
}
