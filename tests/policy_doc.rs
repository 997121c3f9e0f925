//! The static policy document (`consent-banner policy`) says exactly what the
//! in-page policy says: the same texts, in the same order, in every language
//! — whatever characters the registry's texts hold.

mod common;

use consent_banner::i18n::Lang;
use consent_banner::policy_doc::{render, unescape_markdown, Format};
use consent_banner::registry::Registry;
use consent_banner::view::{self, SEPARATOR};

/// The texts of the in-page policy tree: text nodes and table cells, in order.
fn tree_texts(r: &Registry, lang: Lang) -> Vec<String> {
    let tree = view::policy(r, lang, 0);
    let mut out = Vec::new();
    let mut tokens = tree.as_str().split(SEPARATOR);
    while let Some(t) = tokens.next() {
        if let Some(text) = t.strip_prefix('"') {
            out.push(text.to_owned());
        } else if let Some(n) = t.strip_prefix('%') {
            for _ in 0..n.parse::<usize>().unwrap() {
                out.push(tokens.next().unwrap().to_owned());
            }
        }
    }
    out
}

/// The texts of the HTML document's policy section, entities decoded.
fn html_texts(html: &str) -> Vec<String> {
    let start = html.find("<section").unwrap();
    let end = html.find("</section>").unwrap();
    html[start..end]
        .split('<')
        .filter_map(|part| part.split_once('>').map(|(_, text)| text))
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            t.trim_end_matches('\n')
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

/// The texts of the Markdown document: headings, paragraphs, table cells.
fn markdown_texts(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in md.lines().filter(|l| !l.is_empty() && !l.starts_with("| ---")) {
        if let Some(row) = line.strip_prefix("| ") {
            // Cells are separated by " | "; a `|` inside a cell is escaped.
            let mut cell = String::new();
            let mut chars = row.strip_suffix(" |").unwrap().chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    cell.push(c);
                    cell.push(chars.next().unwrap());
                } else if c == ' ' && chars.peek() == Some(&'|') {
                    chars.next();
                    chars.next();
                    out.push(unescape_markdown(&std::mem::take(&mut cell)));
                } else {
                    cell.push(c);
                }
            }
            out.push(unescape_markdown(&cell));
        } else {
            out.push(unescape_markdown(line.trim_start_matches('#').trim_start()));
        }
    }
    out
}

fn registries() -> Vec<Registry> {
    let mut all: Vec<Registry> = common::PORTALS.iter().map(|p| common::portal_registry(p)).collect();
    let mut v: serde_json::Value = serde_json::from_str(common::SMALL).unwrap();
    v["categories"][1]["description"] = "<b>bold</b> & *stars* _under_ [link](x) | pipe \\ back `code` # 1. -".into();
    v["categories"][1]["cookies"][0]["purposes"] = "1. Count | visits <script>alert('x')</script> &amp;".into();
    v["categories"][1]["cookies"][0]["provider"] = "- Matomo\nInc.".into();
    all.push(Registry::from_value(&common::json(&v.to_string())).unwrap());
    all
}

#[test]
fn html_and_markdown_documents_carry_the_in_page_policy_texts() {
    for r in registries() {
        for lang in Lang::ALL {
            let want = tree_texts(&r, lang);
            assert!(want.len() > 12, "the in-page policy has texts");
            assert_eq!(html_texts(&render(&r, lang, Format::Html)), want, "HTML, {lang:?}, {}", r.portal.address);
            // Markdown keeps each block on one line: line breaks become spaces.
            let flat: Vec<String> = want.iter().map(|t| t.replace(['\n', '\r'], " ")).collect();
            assert_eq!(markdown_texts(&render(&r, lang, Format::Markdown)), flat, "Markdown, {lang:?}, {}", r.portal.address);
        }
    }
}

#[test]
fn registry_text_never_becomes_markup() {
    let r = registries().pop().unwrap();
    let html = render(&r, Lang::En, Format::Html);
    assert!(!html.contains("<b>") && !html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;amp;"));
    let md = render(&r, Lang::En, Format::Markdown);
    assert!(md.contains("\\<b\\>bold\\</b\\> \\& \\*stars\\* \\_under\\_ \\[link\\](x) \\| pipe \\\\ back \\`code\\` \\# 1. -"), "{md}");
    assert!(md.contains("| \\- Matomo Inc. |"), "a cell that would start a list item, on one line: {md}");
    assert!(md.contains("| 1\\. Count \\| visits"), "{md}");
}
