//! The cookie policy as a static document — what `consent-banner policy`
//! prints for the portal's policy page and for visitors without JavaScript:
//! an HTML page without scripts or styles, or Markdown. The texts are those
//! of the in-page render ([`crate::policy::render`], shown by
//! [`crate::view::policy`]); only the markup differs.
//!
//! ```
//! use consent_banner::{i18n::Lang, policy_doc::{render, Format}};
//! let registry = consent_banner::registry::Registry::from_value(&consent_banner::testing::small_registry())?;
//! let md = render(&registry, Lang::En, Format::Markdown);
//! assert!(md.starts_with("## Cookies policy\n"));
//! assert!(md.contains("| Demo | Consent | sessionid, cookies\\_preferences |"));
//! let html = render(&registry, Lang::Fr, Format::Html);
//! assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
//! assert!(!html.contains("<script") && !html.contains("style"));
//! # Ok::<(), consent_banner::error::RegistryError>(())
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

use crate::i18n::Lang;
use crate::policy::{self, Block};
use crate::registry::Registry;

/// The document's markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A complete HTML5 page: text and tables only, no script, no style.
    Html,
    /// CommonMark with pipe tables (GitHub-flavoured).
    Markdown,
}

/// The policy of `registry` in `lang`, as a document in `format`.
pub fn render(registry: &Registry, lang: Lang, format: Format) -> String {
    let blocks = policy::render(registry, lang);
    match format {
        Format::Html => html(&blocks, lang),
        Format::Markdown => markdown(&blocks),
    }
}

fn html(blocks: &[Block], lang: Lang) -> String {
    let mut o = String::with_capacity(4096);
    o.push_str("<!DOCTYPE html>\n<html lang=\"");
    o.push_str(lang.code());
    o.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if let Some(Block::Heading { text, .. }) = blocks.first() {
        escape_html(&mut o, text);
    }
    o.push_str("</title>\n</head>\n<body>\n<main>\n<section id=\"");
    o.push_str(crate::view::POLICY_ID);
    o.push_str("\">\n");
    for b in blocks {
        match b {
            Block::Heading { level, text } => {
                let l = char::from(b'0' + level.clamp(&2, &4));
                o.push_str("<h");
                o.push(l);
                o.push('>');
                escape_html(&mut o, text);
                o.push_str("</h");
                o.push(l);
                o.push_str(">\n");
            }
            Block::CategoryHeading { category, text } => {
                o.push_str("<h4 id=\"");
                escape_html(&mut o, &crate::view::heading_id(category, 0));
                o.push_str("\">");
                escape_html(&mut o, text);
                o.push_str("</h4>\n");
            }
            Block::Paragraph(text) => {
                o.push_str("<p>");
                escape_html(&mut o, text);
                o.push_str("</p>\n");
            }
            Block::Table(t) => {
                o.push_str("<table aria-labelledby=\"");
                escape_html(&mut o, &crate::view::heading_id(&t.category, 0));
                o.push_str("\">\n<thead>\n<tr>");
                for h in t.headers {
                    o.push_str("<th scope=\"col\">");
                    escape_html(&mut o, h);
                    o.push_str("</th>");
                }
                o.push_str("</tr>\n</thead>\n<tbody>\n");
                for r in &t.rows {
                    o.push_str("<tr>");
                    for c in r {
                        o.push_str("<td>");
                        escape_html(&mut o, c);
                        o.push_str("</td>");
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody>\n</table>\n");
            }
        }
    }
    o.push_str("</section>\n</main>\n</body>\n</html>\n");
    o
}

fn markdown(blocks: &[Block]) -> String {
    let mut o = String::with_capacity(4096);
    for b in blocks {
        if !o.is_empty() {
            o.push('\n');
        }
        match b {
            Block::Heading { level, text } => {
                for _ in 0..*level.clamp(&2, &4) {
                    o.push('#');
                }
                o.push(' ');
                escape_markdown(&mut o, text);
                o.push('\n');
            }
            Block::CategoryHeading { text, .. } => {
                o.push_str("#### ");
                escape_markdown(&mut o, text);
                o.push('\n');
            }
            Block::Paragraph(text) => {
                escape_markdown(&mut o, text);
                o.push('\n');
            }
            Block::Table(t) => {
                let line = |o: &mut String, cells: &mut dyn Iterator<Item = &str>| {
                    o.push('|');
                    for c in cells {
                        o.push(' ');
                        escape_markdown(o, c);
                        o.push_str(" |");
                    }
                    o.push('\n');
                };
                line(&mut o, &mut t.headers.iter().copied());
                o.push('|');
                for _ in t.headers {
                    o.push_str(" --- |");
                }
                o.push('\n');
                for r in &t.rows {
                    line(&mut o, &mut r.iter().map(String::as_str));
                }
            }
        }
    }
    o
}

/// Appends `s` as HTML text (also safe inside a double- or single-quoted attribute).
fn escape_html(o: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
}

/// Appends `s` as Markdown text: characters that could start emphasis,
/// code, links, HTML, entities, headings or table cells are escaped with a
/// backslash, as is a start that would read as a list item; line breaks
/// become spaces (a table cell or a heading is one line).
fn escape_markdown(o: &mut String, s: &str) {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let list_start = s.starts_with(['-', '+', '=']) || (digits > 0 && s[digits..].starts_with(['.', ')']));
    for (i, c) in s.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' => {
                o.push('\\');
                o.push(c);
            }
            _ if list_start && (i == 0 && digits == 0 || i == digits && digits > 0) => {
                o.push('\\');
                o.push(c);
            }
            '\n' | '\r' => o.push(' '),
            c => o.push(c),
        }
    }
}

/// The text of a Markdown line written by this module, escapes removed —
/// what a reader sees. For tests and tools that compare texts.
pub fn unescape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            out.push(chars.next().unwrap_or('\\'));
        } else {
            out.push(c);
        }
    }
    out
}
