//! The dialog's layers and the policy as element trees, written as plain
//! data: a [`Tree`] is a flat list of instructions (open an element, set an
//! attribute, add a text node, close, add a table row) that the browser
//! shell hands to one small builder in a single call, instead of crossing
//! from WebAssembly to the DOM once per element, attribute and text.
//!
//! Every string from the registry stays a text node or an attribute value:
//! the builder uses `createElement`, `setAttribute` and text nodes only, and
//! nothing is ever parsed as HTML.
//!
//! ```
//! use consent_banner::view::Tree;
//! let mut t = Tree::new();
//! t.open("p").attr("class", "note").text("<b>not markup</b>").close();
//! assert_eq!(t.as_str(), "<p\u{1f}@class=note\u{1f}\"<b>not markup</b>\u{1f}>");
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

use crate::i18n::Lang;
use crate::policy::{self, Block, CategoryChoice};
use crate::registry::Registry;

/// Separates the instructions of a [`Tree`] (ASCII unit separator). A
/// registry string that contains it has it replaced by a space.
pub const SEPARATOR: char = '\u{1f}';

/// A tree of elements as builder instructions. The wire form, one
/// instruction per [`SEPARATOR`]-separated token:
///
/// | token | meaning |
/// |---|---|
/// | `<tag` | create a `tag` element, append it to the current one, make it current |
/// | `@name=value` | set an attribute of the current element |
/// | `"text` | append a text node |
/// | `>` | the current element's parent becomes current again |
/// | `%n` | append a table row of `n` cells to the current element; the cells' texts are the `n` following tokens |
///
/// The builder returns the first element the tree creates; a tree has one
/// root element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree(String);

impl Tree {
    /// An empty tree.
    pub fn new() -> Tree {
        Tree(String::new())
    }

    /// The wire form, for the builder.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn token(&mut self, op: char, s: &str) {
        if !self.0.is_empty() {
            self.0.push(SEPARATOR);
        }
        self.0.push(op);
        self.push_clean(s);
    }

    fn push_clean(&mut self, s: &str) {
        for part in s.split(SEPARATOR).enumerate() {
            if part.0 > 0 {
                self.0.push(' ');
            }
            self.0.push_str(part.1);
        }
    }

    /// Opens an element; the following instructions apply to it until [`Tree::close`].
    pub fn open(&mut self, tag: &str) -> &mut Tree {
        self.token('<', tag);
        self
    }

    /// Opens an element with a `class` attribute.
    pub fn open_class(&mut self, tag: &str, class: &str) -> &mut Tree {
        self.open(tag).attr("class", class)
    }

    /// Sets an attribute of the open element.
    pub fn attr(&mut self, name: &str, value: &str) -> &mut Tree {
        self.token('@', name);
        self.0.push('=');
        self.push_clean(value);
        self
    }

    /// Appends a text node to the open element.
    pub fn text(&mut self, text: &str) -> &mut Tree {
        self.token('"', text);
        self
    }

    /// Closes the open element.
    pub fn close(&mut self) -> &mut Tree {
        self.token('>', "");
        self
    }

    /// An element holding only a text, opened and closed.
    pub fn leaf(&mut self, tag: &str, class: &str, text: &str) -> &mut Tree {
        self.open(tag);
        if !class.is_empty() {
            self.attr("class", class);
        }
        self.text(text).close()
    }

    /// Appends a table row of text cells to the open element (a `<tbody>`).
    pub fn row(&mut self, cells: &[String]) -> &mut Tree {
        let mut n = String::new();
        crate::util::push_decimal(&mut n, cells.len() as u64);
        self.token('%', &n);
        for c in cells {
            self.0.push(SEPARATOR);
            self.push_clean(c);
        }
        self
    }
}

/// The id of a category's heading in the `n`-th rendered policy of the page.
pub fn heading_id(category: &str, n: u32) -> String {
    let mut id = String::from(POLICY_ID);
    id.push('-');
    id.push_str(category);
    if n > 0 {
        id.push('-');
        crate::util::push_decimal(&mut id, n.into());
    }
    id
}

/// Id of the section the policy is rendered into (the first placeholder's).
pub const POLICY_ID: &str = "consent-policy";

/// The policy as a `<section>`: the `n`-th one on the page (the first has
/// the id [`POLICY_ID`], which the dialog's policy link points to).
pub fn policy(registry: &Registry, lang: Lang, n: u32) -> Tree {
    let mut t = Tree::new();
    t.open_class("section", "consent-policy");
    if n == 0 {
        t.attr("id", POLICY_ID);
    }
    t.attr("lang", lang.code());
    for b in policy::render(registry, lang) {
        match b {
            Block::Heading { level, text } => {
                t.leaf(["h2", "h3", "h4"][level.clamp(2, 4) as usize - 2], "", &text);
            }
            Block::CategoryHeading { category, text } => {
                t.open("h4").attr("id", &heading_id(&category, n)).text(&text).close();
            }
            Block::Paragraph(text) => {
                t.leaf("p", "", &text);
            }
            Block::Table(table) => cookie_table(&mut t, &table, &heading_id(&table.category, n), "consent-policy__table"),
        }
    }
    t.close();
    t
}

/// A category's cookie table, in a wrapper (class `class`) that scrolls
/// sideways on narrow screens; named by the element `labelled_by`.
pub fn cookie_table(t: &mut Tree, table: &policy::Table, labelled_by: &str, class: &str) {
    t.open_class("div", class).attr("data-category", &table.category);
    t.open("table").attr("aria-labelledby", labelled_by);
    t.open("thead").open("tr");
    for h in table.headers {
        t.open("th").attr("scope", "col").text(h).close();
    }
    t.close().close().open("tbody");
    for r in &table.rows {
        t.row(r);
    }
    t.close().close().close();
}

/// A category's cookie table for the preferences layer (built when its
/// "Cookies in this category" is first opened).
pub fn category_table(registry: &Registry, category: &str, labelled_by: &str, lang: Lang) -> Option<Tree> {
    let c = registry.category(category)?;
    let mut t = Tree::new();
    cookie_table(&mut t, &policy::table(registry, c, lang, String::new()), labelled_by, "cb-table");
    Some(t)
}

fn button(t: &mut Tree, action: &str, label: &str, class: &str) {
    open_button(t, action, class).text(label).close();
}

/// Opens a dialog button (its attributes may follow; its label and close are the caller's).
fn open_button<'t>(t: &'t mut Tree, action: &str, class: &str) -> &'t mut Tree {
    t.open_class("button", class).attr("type", "button").attr("data-consent-action", action)
}

/// Id of the first layer's "Customize" button.
pub const CUSTOMIZE_ID: &str = "consent-customize";

/// The first layer (`role=dialog`), with its policy link to `policy_href`
/// (the policy on this page, or the registry's `policy_url`) when there is one.
pub fn first_layer(registry: &Registry, lang: Lang, gpc: bool, policy_href: Option<&str>) -> Tree {
    let f = policy::first_layer(registry, lang, gpc);
    let mut t = Tree::new();
    t.open_class("div", "cb-layer cb-banner")
        .attr("id", "consent-banner")
        .attr("role", "dialog")
        .attr("aria-labelledby", "consent-banner-title")
        .attr("aria-describedby", "consent-banner-text")
        .attr("tabindex", "-1")
        .attr("lang", lang.code());
    t.open_class("div", "cb-inner");
    t.open_class("h2", "cb-title").attr("id", "consent-banner-title").text(&f.title).close();
    if let Some(note) = f.gpc_note {
        t.open_class("p", "cb-text cb-gpc").attr("data-consent-gpc", "").text(note).close();
    }
    t.open_class("p", "cb-text").attr("id", "consent-banner-text").text(&f.text).close();
    let mut links: Vec<(&str, &str)> = Vec::new();
    if let Some(h) = policy_href {
        links.push((f.policy_link, h));
    }
    if let Some((label, href)) = &f.privacy {
        links.push((label, href));
    }
    // A list: each link its own item, apart on screen and announced as
    // separate ("Read the cookie policyPrivacy notice" ran together in a <p>).
    if !links.is_empty() {
        t.open_class("ul", "cb-links");
        for (label, href) in links {
            t.open("li").open("a").attr("href", href).text(label).close().close();
        }
        t.close();
    }
    t.open_class("div", "cb-actions");
    for (action, label) in [("accept-all", f.accept_all), ("reject-all", f.reject_all)] {
        button(&mut t, action, label, "cb-button");
    }
    // Found by its id when focus comes back to it from the preferences.
    open_button(&mut t, "customize", "cb-button").attr("id", CUSTOMIZE_ID).text(f.customize).close();
    t.close().close().close();
    t
}

/// The preferences layer, a `<dialog>`: one switch per category (necessary
/// ones on and locked, the others on only when in `accepted`), each with a
/// "Cookies in this category" disclosure whose table is built when first
/// opened, then Save choices, Accept all and Reject all.
pub fn preferences(registry: &Registry, lang: Lang, accepted: &[String], gpc: bool) -> Tree {
    let s = lang.strings();
    let mut t = Tree::new();
    t.open_class("dialog", "cb-layer cb-prefs")
        .attr("id", "consent-preferences")
        .attr("aria-labelledby", "consent-preferences-title")
        .attr("lang", lang.code());
    t.open_class("div", "cb-prefs-head");
    t.open_class("h2", "cb-title").attr("id", "consent-preferences-title").text(s.prefs_title).close();
    t.open_class("button", "cb-close")
        .attr("type", "button")
        .attr("data-consent-action", "close")
        .attr("aria-label", s.close)
        .text("\u{d7}")
        .close();
    t.close();
    if gpc {
        t.open_class("p", "cb-text cb-gpc").attr("data-consent-gpc", "").text(s.gpc_note).close();
    }
    t.leaf("p", "cb-text", s.prefs_intro);
    t.open_class("ul", "cb-cats");
    for c in policy::preferences(registry, accepted, lang) {
        category_item(&mut t, &c, s.always_on, s.cookies_used);
    }
    t.close();
    t.open_class("div", "cb-actions");
    for (action, label) in [("save", s.save), ("accept-all", s.accept_all), ("reject-all", s.reject_all)] {
        button(&mut t, action, label, "cb-button");
    }
    t.close().close();
    t
}

fn category_item(t: &mut Tree, c: &CategoryChoice, always_on: &str, cookies_used: &str) {
    let id = crate::util::join(&["consent-category-", &c.id], "");
    let label_id = crate::util::join(&[id.as_str(), "-label"], "");
    let description_id = crate::util::join(&[id.as_str(), "-description"], "");
    t.open_class("li", "cb-cat").open_class("div", "cb-cat-row");
    t.open_class("input", "cb-switch").attr("type", "checkbox").attr("role", "switch").attr("id", &id).attr("data-category", &c.id);
    if c.description.is_some() {
        t.attr("aria-describedby", &description_id);
    }
    if c.on {
        t.attr("checked", "");
    }
    if c.locked {
        t.attr("disabled", "");
    }
    t.close();
    t.open_class("label", "cb-cat-title").attr("for", &id).attr("id", &label_id).text(&c.title).close();
    if c.locked {
        t.leaf("span", "cb-always", always_on);
    }
    t.close();
    if let Some(d) = &c.description {
        t.open_class("p", "cb-cat-text").attr("id", &description_id).text(d).close();
    }
    if c.cookies > 0 {
        t.open_class("details", "cb-cookies").attr("data-category", &c.id).attr("data-labelled-by", &label_id);
        t.leaf("summary", "", cookies_used).close();
    }
    t.close();
}

/// The notice shown in place of an embedded frame of the optional category
/// `category` while it is refused: what is blocked and a button that
/// accepts that category. `None` for unknown or necessary categories: their
/// frames stay hidden, with no offer to accept.
pub fn frame_notice(registry: &Registry, lang: Lang, category: &str) -> Option<Tree> {
    let c = registry.category(category).filter(|c| !c.necessary)?;
    let s = lang.strings();
    let title = c.title.get(lang, registry.default_language);
    let mut t = Tree::new();
    t.open_class("div", "cb-placeholder").attr("data-consent-placeholder", "").attr("lang", lang.code());
    t.open("p").text(&crate::util::join(&[s.blocked_before, title, s.blocked_after], "")).close();
    t.open_class("button", "cb-button")
        .attr("type", "button")
        .attr("data-consent-allow", category)
        .text(&crate::util::join(&[s.allow_before, title, s.allow_after], ""))
        .close();
    t.close();
    Some(t)
}

/// The optional floating "Cookie settings" button.
pub fn floating_button(lang: Lang) -> Tree {
    let mut t = Tree::new();
    button(&mut t, "preferences", lang.strings().settings, "cb-layer cb-floating");
    t
}
