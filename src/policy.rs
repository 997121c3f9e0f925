//! The cookie policy and the dialog's texts, rendered from the registry as
//! plain data (blocks of text): the browser shell turns each block into DOM
//! elements and text nodes, never into HTML markup.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::i18n::{Lang, Strings};
use crate::registry::{Category, Cookie, Lifetime, Registry, Unit};

/// One block of the policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 2 is the policy title.
    Heading {
        /// 2 to 4.
        level: u8,
        /// The text.
        text: String,
    },
    /// A category's heading (level 4), which also names its table.
    CategoryHeading {
        /// The category id.
        category: String,
        /// The category title.
        text: String,
    },
    /// A paragraph.
    Paragraph(String),
    /// One category's cookie table.
    Table(Table),
}

/// The cookie table of one category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The category id.
    pub category: String,
    /// The category title (the table's accessible name).
    pub caption: String,
    /// Column headers.
    pub headers: [&'static str; 5],
    /// One row per declared cookie: provider, function and location, names, purposes, duration.
    pub rows: Vec<[String; 5]>,
}

/// The full policy for `lang`: what a cookie is, the kinds of cookies, then
/// for the portal one heading, description and table per category.
pub fn render(registry: &Registry, lang: Lang) -> Vec<Block> {
    let s = lang.strings();
    let mut out = Vec::with_capacity(12 + registry.categories.len() * 3);
    out.push(Block::Heading { level: 2, text: s.policy_title.into() });
    out.push(Block::Paragraph(s.policy_intro.into()));
    out.push(Block::Heading { level: 3, text: s.what_heading.into() });
    out.push(Block::Paragraph(s.what_text.into()));
    out.push(Block::Paragraph(s.kinds_intro.into()));
    for k in s.kinds {
        out.push(Block::Paragraph(k.into()));
    }
    out.push(Block::Heading { level: 3, text: concat(&[s.used_before, &registry.portal.address, s.used_after]) });
    for c in &registry.categories {
        let caption = c.title.get(lang, registry.default_language).to_owned();
        out.push(Block::CategoryHeading { category: c.id.clone(), text: caption.clone() });
        if let Some(d) = &c.description {
            out.push(Block::Paragraph(d.get(lang, registry.default_language).into()));
        }
        out.push(Block::Table(table(registry, c, lang, caption)));
    }
    out
}

/// The cookie table of one category.
pub fn table(registry: &Registry, c: &Category, lang: Lang, caption: String) -> Table {
    let s = lang.strings();
    let mut rows = Vec::with_capacity(c.cookies.len());
    for k in &c.cookies {
        rows.push(row(registry, k, lang));
    }
    Table { category: c.id.clone(), caption, headers: s.columns, rows }
}

fn row(registry: &Registry, k: &Cookie, lang: Lang) -> [String; 5] {
    let d = registry.default_language;
    let mut names = String::new();
    for (i, n) in k.names.iter().enumerate() {
        if i > 0 {
            names.push_str(", ");
        }
        names.push_str(&n.as_declared());
    }
    [
        k.provider.get(lang, d).into(),
        k.function.get(lang, d).into(),
        names,
        k.purposes.get(lang, d).into(),
        lifetime(k.lifetime, lang.strings()),
    ]
}

/// A lifetime in words: "2 weeks", "13 mois", "Duración de la sesión".
pub fn lifetime(l: Lifetime, s: &Strings) -> String {
    match l {
        Lifetime::Session => s.session.into(),
        Lifetime::Span(n, unit) => {
            let i = match unit {
                Unit::Minute => 0,
                Unit::Hour => 1,
                Unit::Day => 2,
                Unit::Week => 3,
                Unit::Month => 4,
                Unit::Year => 5,
            };
            let (one, many) = s.units[i];
            let mut out = String::new();
            crate::util::push_decimal(&mut out, n.into());
            out.push(' ');
            out.push_str(if n == 1 { one } else { many });
            out
        }
    }
}

/// One category as shown in the preferences layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryChoice {
    /// The category id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its description, if any.
    pub description: Option<String>,
    /// Necessary: shown on and locked.
    pub locked: bool,
    /// Whether the toggle starts on: necessary ones, and optional ones the
    /// visitor accepted before — never pre-ticked otherwise.
    pub on: bool,
    /// How many cookies it declares (its table is built when first shown,
    /// with [`table`]).
    pub cookies: usize,
}

/// The preferences layer: one entry per category; optional toggles are on
/// only for the `accepted` ids (the current choice, or what carries over
/// from an earlier one), never pre-ticked otherwise.
pub fn preferences(registry: &Registry, accepted: &[String], lang: Lang) -> Vec<CategoryChoice> {
    let d = registry.default_language;
    let mut out = Vec::with_capacity(registry.categories.len());
    for c in &registry.categories {
        out.push(CategoryChoice {
            id: c.id.clone(),
            description: c.description.as_ref().map(|t| t.get(lang, d).to_owned()),
            locked: c.necessary,
            on: c.necessary || accepted.contains(&c.id),
            cookies: c.cookies.len(),
            title: c.title.get(lang, d).to_owned(),
        });
    }
    out
}

/// The texts of the dialog's first layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstLayer {
    /// Title (the dialog's accessible name).
    pub title: String,
    /// The short paragraph.
    pub text: String,
    /// Label of the link to the policy.
    pub policy_link: &'static str,
    /// Label and address of the privacy notice link, when the registry has one.
    pub privacy: Option<(&'static str, String)>,
    /// "Accept all".
    pub accept_all: &'static str,
    /// "Reject all".
    pub reject_all: &'static str,
    /// "Customize".
    pub customize: &'static str,
    /// The Global Privacy Control note, when the signal decided.
    pub gpc_note: Option<&'static str>,
}

/// The first layer's texts: the portal's name in the title, the optional
/// categories named in the paragraph, how long the choice is kept, and
/// whether the Global Privacy Control signal was honoured.
pub fn first_layer(registry: &Registry, lang: Lang, gpc: bool) -> FirstLayer {
    let s = lang.strings();
    let d = registry.default_language;
    let mut text = String::from(s.dialog_necessary);
    for (i, c) in registry.optional().enumerate() {
        text.push_str(if i == 0 { s.dialog_optional } else { s.list_separator });
        text.push_str(c.title.get(lang, d));
    }
    text.push_str(s.dialog_kept_before);
    crate::util::push_decimal(&mut text, ((registry.expiry_days * 12 + 182) / 365).max(1).into());
    text.push_str(s.dialog_kept_after);
    FirstLayer {
        title: concat(&[s.dialog_title_before, registry.portal.name.get(lang, d), s.dialog_title_after]),
        text,
        policy_link: s.policy_link,
        privacy: registry.privacy_url.clone().map(|u| (s.privacy_link, u)),
        accept_all: s.accept_all,
        reject_all: s.reject_all,
        customize: s.customize,
        gpc_note: gpc.then_some(s.gpc_note),
    }
}

fn concat(parts: &[&str]) -> String {
    crate::util::join(parts, "")
}
