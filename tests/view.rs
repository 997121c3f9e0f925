//! The element trees of the dialog and the policy (src/view.rs), read back
//! by a test-side reader of the same wire format as src/web/page.js.
mod common;

use common::{json, portal_registry, small, SMALL};
use consent_banner::i18n::Lang;
use consent_banner::registry::Registry;
use consent_banner::view::{self, Tree, SEPARATOR};

#[derive(Debug, Default)]
struct Node {
    tag: String,
    attrs: Vec<(String, String)>,
    children: Vec<Child>,
}

#[derive(Debug)]
enum Child {
    Element(Node),
    Text(String),
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        self.children
            .iter()
            .map(|c| match c {
                Child::Text(t) => t.clone(),
                Child::Element(e) => e.text(),
            })
            .collect()
    }
    fn all(&self) -> Vec<&Node> {
        let mut out = vec![self];
        for c in &self.children {
            if let Child::Element(e) = c {
                out.extend(e.all());
            }
        }
        out
    }
    fn find(&self, tag: &str) -> Vec<&Node> {
        self.all().into_iter().filter(|n| n.tag == tag).collect()
    }
}

/// Reads a tree the way src/web/page.js builds it; panics on a malformed one.
fn read(tree: &Tree) -> Node {
    let tokens: Vec<&str> = tree.as_str().split(SEPARATOR).collect();
    let mut stack = vec![Node::default()];
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let (op, rest) = t.split_at(1);
        match op {
            "<" => stack.push(Node { tag: rest.to_string(), ..Node::default() }),
            "@" => {
                let (name, value) = rest.split_once('=').expect("attribute token has =");
                stack.last_mut().unwrap().attrs.push((name.to_string(), value.to_string()));
            }
            "\"" => stack.last_mut().unwrap().children.push(Child::Text(rest.to_string())),
            ">" => {
                let done = stack.pop().unwrap();
                assert!(!stack.is_empty(), "closed more elements than opened");
                stack.last_mut().unwrap().children.push(Child::Element(done));
            }
            "%" => {
                let n: usize = rest.parse().unwrap();
                let mut row = Node { tag: "tr".into(), ..Node::default() };
                for cell in &tokens[i + 1..i + 1 + n] {
                    row.children.push(Child::Element(Node { tag: "td".into(), children: vec![Child::Text(cell.to_string())], ..Node::default() }));
                }
                stack.last_mut().unwrap().children.push(Child::Element(row));
                i += n;
            }
            other => panic!("unknown instruction {other:?}"),
        }
        i += 1;
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    let mut top = stack.pop().unwrap();
    assert_eq!(top.children.len(), 1, "a tree has one root");
    match top.children.pop().unwrap() {
        Child::Element(e) => e,
        Child::Text(_) => panic!("root is text"),
    }
}

#[test]
fn hostile_registry_strings_stay_text_and_cannot_add_instructions() {
    let hostile = "<img src=x onerror=alert(1)>\u{1f}<script\u{1f}@onclick=alert(2)\u{1f}>";
    let text = SMALL.replace("\"Statistics\"", &serde_json::to_string(hostile).unwrap());
    let r = Registry::from_value(&json(&text)).unwrap();
    for tree in [view::preferences(&r, Lang::En, &[], false), view::first_layer(&r, Lang::En, false, None)] {
        let root = read(&tree);
        assert!(root.all().iter().all(|n| n.tag != "script" && n.tag != "img"), "no element from registry text");
        assert!(root.all().iter().all(|n| n.attrs.iter().all(|(a, _)| a != "onclick")), "no attribute from registry text");
        assert!(root.text().contains("<img src=x onerror=alert(1)> <script @onclick=alert(2) >"), "shown as text, separators as spaces");
    }
    // A separator inside a cookie's cell cannot shift the table's columns.
    let text = SMALL.replace("\"Count visits\"", "\"Count\\u001f visits\\u001f\"");
    let r2 = Registry::from_value(&json(&text)).unwrap();
    let table = read(&view::category_table(&r2, "statistics", "x", Lang::En).unwrap());
    let rows = table.find("tr");
    assert!(rows.iter().all(|row| row.children.len() == 5), "five cells in every row");
    assert_eq!(rows[1].text().matches("Count  visits ").count(), 1);
    let notice = read(&view::frame_notice(&r, Lang::En, "statistics").unwrap());
    assert_eq!(notice.find("button")[0].attr("data-consent-allow"), Some("statistics"));
    assert!(notice.text().contains("<img src=x"));
}

#[test]
fn policy_has_a_row_per_cookie_and_named_tables() {
    for name in common::PORTALS {
        let r = portal_registry(name);
        let section = read(&view::policy(&r, Lang::En, 0));
        assert_eq!(section.tag, "section");
        assert_eq!(section.attr("id"), Some(view::POLICY_ID));
        let tables = section.find("table");
        assert_eq!(tables.len(), r.categories.len(), "{name}: one table per category");
        for (table, c) in tables.iter().zip(&r.categories) {
            let label = table.attr("aria-labelledby").unwrap();
            let heading = section.find("h4").into_iter().find(|h| h.attr("id") == Some(label)).expect("table named by its heading");
            assert_eq!(heading.text(), c.title.get(Lang::En, r.default_language));
            let rows = table.find("tr");
            assert_eq!(rows.len(), c.cookies.len() + 1, "{name}: header row + one row per cookie");
            assert!(rows[1..].iter().all(|row| row.children.len() == 5));
            assert_eq!(table.find("th").len(), 5);
        }
        // A second policy on the same page gets its own heading ids.
        let second = read(&view::policy(&r, Lang::En, 1));
        assert_eq!(second.attr("id"), None);
        assert!(second.find("h4").iter().all(|h| h.attr("id").unwrap().ends_with("-1")));
    }
}

#[test]
fn preferences_lock_necessary_and_never_pre_tick() {
    let r = small();
    let root = read(&view::preferences(&r, Lang::Fr, &[], true));
    assert_eq!(root.tag, "dialog");
    assert_eq!(root.attr("lang"), Some("fr"));
    let inputs = root.find("input");
    assert_eq!(inputs.len(), 2);
    assert_eq!(inputs[0].attr("checked"), Some(""));
    assert_eq!(inputs[0].attr("disabled"), Some(""));
    assert_eq!(inputs[1].attr("checked"), None, "optional off by default");
    assert_eq!(inputs[1].attr("disabled"), None);
    assert!(root.find("p").iter().any(|p| p.attr("data-consent-gpc").is_some()), "GPC note shown");
    let label = root.find("label").into_iter().find(|l| l.attr("for") == Some("consent-category-statistics")).unwrap();
    assert_eq!(label.text(), "Statistiques");
    let actions: Vec<_> = root.find("button").iter().filter_map(|b| b.attr("data-consent-action")).map(str::to_owned).collect();
    assert_eq!(actions, ["close", "save", "accept-all", "reject-all"]);

    let accepted = read(&view::preferences(&r, Lang::En, &["statistics".to_string()], false));
    assert_eq!(accepted.find("input")[1].attr("checked"), Some(""), "an earlier acceptance shows as on");
    assert!(accepted.find("p").iter().all(|p| p.attr("data-consent-gpc").is_none()));
}

#[test]
fn first_layer_has_equal_buttons_and_links() {
    let r = small();
    let root = read(&view::first_layer(&r, Lang::Es, false, Some("#consent-policy")));
    assert_eq!(root.attr("role"), Some("dialog"));
    assert_eq!(root.attr("aria-labelledby"), Some("consent-banner-title"));
    let buttons = root.find("button");
    assert_eq!(buttons.len(), 3);
    assert!(buttons.iter().all(|b| b.attr("class") == Some("cb-button")), "same class, same weight");
    assert_eq!(root.find("a")[0].attr("href"), Some("#consent-policy"));
    assert!(read(&view::first_layer(&r, Lang::Es, false, None)).find("a").is_empty(), "no link without a policy");
}

#[test]
fn category_tables_and_notices_only_for_known_categories() {
    let r = small();
    let t = read(&view::category_table(&r, "statistics", "consent-category-statistics-label", Lang::En).unwrap());
    assert_eq!(t.attr("class"), Some("cb-table"));
    assert_eq!(t.find("tbody")[0].children.len(), 1);
    assert!(view::category_table(&r, "nope", "x", Lang::En).is_none());
    assert!(view::frame_notice(&r, Lang::En, "nope").is_none());
    assert!(view::frame_notice(&r, Lang::En, "necessary").is_none());
}
