//! The policy importer: every layout the seed documents come in, and the
//! documents it must refuse, each with the line at fault.

mod common;

use common::{seed, seed_rows, PORTALS};
use consent_banner::check::check_json;
use consent_banner::error::ProblemCode;
use consent_banner::import::{import, ImportError, COLUMNS};

const HEADER: &str = "Service provider's name\tFunction and location\tCookie name(s)\tPurposes";

fn doc(body: &str) -> String {
    format!("Cookies policy\n\nWhat cookies are used on the <https://demo.example> platform\n\n{body}")
}

#[test]
fn the_five_seeds_import_with_every_row_of_their_table() {
    for name in PORTALS {
        let text = seed(name);
        let draft = import(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(draft.address, format!("https://{name}{}.opendatasoft.com", if name == "cloudbirst" { ".my" } else { "" }));
        assert_eq!(draft.categories.len(), 1, "{name}");
        let c = &draft.categories[0];
        assert_eq!((c.id.as_str(), c.necessary), ("necessary", Some(true)));
        assert_eq!(c.title, "Cookies necessary for the platform to function properly/functionality cookies");
        let got: Vec<[String; 4]> =
            c.cookies.iter().map(|k| [k.provider.clone(), k.function.clone(), k.names.join(" "), k.purposes.clone()]).collect();
        assert_eq!(got, seed_rows(&text), "{name}");
    }
}

#[test]
fn tab_rows_and_one_cell_per_line_and_markdown_escapes_read_alike() {
    let tabs = doc(&format!(
        "Necessary cookies\n\n{HEADER}\nAcme\tLogin\tsessionid\tKeep you signed in\n\n\n\nAcme\tConsent\tcookies_preferences\tRemember the choice\n"
    ));
    let per_line = doc(&format!(
        "#### Necessary cookies\n\n{}\n\nAcme\n\nLogin\n\nsessionid\n\nKeep you signed in\nAcme\nConsent\ncookies\\_preferences\nRemember the choice\n",
        COLUMNS.join("\n\n")
    ));
    let markdown_table = doc(
        "### Necessary cookies\n\n| Service provider's name | Function and location | Cookie name(s) | Purposes |\n|---|---|---|---|\n| Acme | Login | sessionid | Keep you signed in |\n| Acme | Consent | cookies\\_preferences | Remember the choice |\n",
    );
    let crlf = tabs.replace('\n', "\r\n");
    let bom = format!("\u{feff}{tabs}");
    let expected = import(&tabs).unwrap();
    assert_eq!(expected.categories[0].cookies.len(), 2);
    assert_eq!(expected.categories[0].cookies[1].names, ["cookies_preferences"]);
    for (layout, text) in [("one cell per line", per_line), ("Markdown table", markdown_table), ("CRLF", crlf), ("BOM", bom)] {
        let mut d = import(&text).unwrap_or_else(|e| panic!("{layout}: {e}"));
        for k in &mut d.categories[0].cookies {
            k.line = 0;
        }
        let mut want = expected.clone();
        for k in &mut want.categories[0].cookies {
            k.line = 0;
        }
        assert_eq!(d, want, "{layout}");
    }
}

#[test]
fn several_categories_each_with_its_heading_and_rows() {
    let text = doc(&format!(
        "Cookies necessary for the platform\n\n{HEADER}\nAcme\tConsent\tcookies_preferences\tRemember the choice\n\n\
         ## Statistics cookies\n\nThey count visits.\n\n{HEADER}\nMatomo\tAudience\t_pk_id.*, _pk_ses.*\tCount visits\nMatomo\nHeatmaps\n_pk_hm\nSee clicks\n\n\
         Advertising\n{HEADER}\nAds\tTargeting\tads\tShow ads\n"
    ));
    let d = import(&text).unwrap();
    let ids: Vec<_> = d.categories.iter().map(|c| (c.id.as_str(), c.necessary, c.cookies.len())).collect();
    // A Markdown heading is the heading, the lines after it describe the
    // category; in plain text the line above the table is the heading.
    assert_eq!(ids, [("necessary", Some(true), 1), ("statistics_cookies", None, 2), ("advertising", None, 1)], "{d:#?}");
    assert_eq!(d.categories[1].description.as_deref(), Some("They count visits."));
    assert_eq!(d.categories[1].cookies[0].names, ["_pk_id.*", "_pk_ses.*"]);
    assert_eq!(d.categories[1].cookies[1].line, 16);
    assert_eq!(d.categories[2].title, "Advertising");
}

#[test]
fn the_draft_is_pretty_json_with_placeholders_the_checker_reports() {
    let d = import(&doc(&format!(
        "Necessary cookies\n\n{HEADER}\nAcme\tConsent\tcookies_preferences\tRemember \"the\" choice\n\nStatistics\n\n{HEADER}\nMatomo\tAudience\t_pk_id.*\tCount visits\n"
    )))
    .unwrap();
    let json = d.to_json();
    let v: serde_json::Value = serde_json::from_str(&json).expect("the draft is JSON");
    assert_eq!(v["portal"]["address"], "https://demo.example");
    assert_eq!(v["categories"][0]["cookies"][0]["purposes"], "Remember \"the\" choice");
    assert!(json.contains("\n  \"categories\": [\n    {\n      \"id\": \"necessary\""), "{json}");
    let problems = check_json(&json).unwrap_err();
    let got: Vec<(&str, ProblemCode)> = problems.iter().map(|p| (p.path.as_str(), p.code)).collect();
    assert_eq!(
        got,
        [
            ("portal.name", ProblemCode::Placeholder),
            ("categories[0].cookies[0].duration", ProblemCode::Placeholder),
            ("categories[1].necessary", ProblemCode::Placeholder),
            ("categories[1].cookies[0].duration", ProblemCode::Placeholder),
        ]
    );
    assert!(problems[2].message().contains("true if the portal cannot work without these cookies"), "{}", problems[2]);
}

#[test]
fn documents_that_are_not_policies_or_broken_tables_are_refused_with_the_line() {
    let cases: Vec<(String, ImportError, &str)> = vec![
        ("Hello\nThis is a recipe.\n".into(), ImportError::NotAPolicy, "not a cookie policy in the platform's format"),
        (String::new(), ImportError::NotAPolicy, "What cookies are used on the"),
        ("What cookies are used on the portal platform\n".into(), ImportError::NoAddress { line: 1 }, "line 1: "),
        (doc("Necessary\n\nSome prose only.\n"), ImportError::NoTable { line: 3 }, "line 3: no cookie table follows"),
        (doc(&format!("{HEADER}\nAcme\tConsent\tcookies_preferences\tRemember\n")), ImportError::NoHeading { line: 5 }, "no category heading"),
        (doc(&format!("Necessary\n\n{HEADER}\n")), ImportError::EmptyTable { line: 5 }, "line 5: this category's table has no rows"),
        (
            doc(&format!("Necessary\n\n{HEADER}\n\nStatistics\n\n{HEADER}\nM\tA\t_pk\tC\n")),
            ImportError::EmptyTable { line: 5 },
            "has no rows",
        ),
        (doc(&format!("Necessary\n\n{HEADER}\nAcme\tConsent\tcookies_preferences\n")), ImportError::MissingCells { line: 8, found: 3 }, "line 8: a table row has 3 filled cells of 4"),
        (doc(&format!("Necessary\n\n{HEADER}\nAcme\t\tcookies_preferences\tRemember\n")), ImportError::MissingCells { line: 8, found: 3 }, "fill the missing ones"),
        (doc(&format!("Necessary\n\n{HEADER}\nAcme\nConsent\n\ncookies_preferences\n")), ImportError::MissingCells { line: 8, found: 3 }, "line 8"),
        (doc(&format!("Necessary\n\n{HEADER}\nAcme\t\t\tRemember\n")), ImportError::MissingCells { line: 8, found: 2 }, "has 2 filled cells of 4"),
        (doc(&format!("Necessary\n\n{HEADER}\nA\tB\tc\tD\tE\n")), ImportError::TooManyCells { line: 8, found: 5 }, "5 cells"),
        (doc(&format!("Necessary\n\n{HEADER}\nA\tB\t, ;\tD\n")), ImportError::NoNames { line: 8 }, "names no cookie"),
    ];
    for (text, want, words) in cases {
        let e = import(&text).expect_err(&text);
        assert_eq!(e, want, "{text}");
        assert!(e.message().contains(words), "{:?} should contain {words:?}", e.message());
    }
}
