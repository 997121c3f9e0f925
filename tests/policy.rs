mod common;

use common::{portal_registry, seed, seed_prose, seed_rows, small, PORTALS};
use consent_banner::i18n::Lang;
use consent_banner::policy::{first_layer, lifetime, render, Block};
use consent_banner::registry::Lifetime;

fn text_of(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } | Block::CategoryHeading { text, .. } | Block::Paragraph(text) => Some(text.clone()),
            Block::Table(_) => None,
        })
        .collect()
}

fn rows_of(blocks: &[Block]) -> Vec<[String; 5]> {
    blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t.rows.clone()) } else { None }).flatten().collect()
}

#[test]
fn every_seed_row_and_paragraph_is_in_the_rendered_policy() {
    for name in PORTALS {
        let registry = portal_registry(name);
        let blocks = render(&registry, Lang::En);
        let rows = rows_of(&blocks);
        let seed = seed(name);
        let want_rows = seed_rows(&seed);
        assert_eq!(want_rows.len(), 4, "{name}: the seed has four rows");
        for want in &want_rows {
            assert!(
                rows.iter().any(|r| r[..4] == want[..]),
                "{name}: no rendered row {want:?}; rows: {rows:#?}"
            );
        }
        let text = text_of(&blocks);
        for line in seed_prose(&seed) {
            assert!(text.contains(&line), "{name}: missing paragraph {line:?}");
        }
    }
}

#[test]
fn durations_of_the_platform_cookies() {
    for name in PORTALS {
        let rows = rows_of(&render(&portal_registry(name), Lang::En));
        let duration = |cookie: &str| rows.iter().find(|r| r[2] == cookie).map(|r| r[4].clone()).unwrap();
        assert_eq!(duration("sessionid"), "2 weeks", "{name}");
        assert_eq!(duration("csrftoken"), "12 months", "{name}");
        assert_eq!(duration("cookies_preferences"), "6 months", "{name}");
        assert_eq!(duration("django_language"), "12 months", "{name}");
        assert!(rows.iter().any(|r| r[2].contains("_ga") || r[2].contains("_pk_")), "{name}: a statistics row");
    }
}

#[test]
fn policy_structure() {
    let r = small();
    let blocks = render(&r, Lang::En);
    assert_eq!(blocks[0], Block::Heading { level: 2, text: "Cookies policy".into() });
    let tables: Vec<_> = blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
    assert_eq!(tables.len(), 2, "one table per category");
    assert_eq!(tables[1].category, "statistics");
    assert_eq!(tables[1].headers, ["Service provider's name", "Function and location", "Cookie name(s)", "Purposes", "Duration"]);
    assert_eq!(tables[1].rows[0][2], "_pk_id.*, _pk_ses.*");
    assert!(text_of(&blocks).contains(&"What cookies are used on the https://demo.example platform".to_string()));
}

#[test]
fn policy_in_french_and_spanish() {
    let r = small();
    let fr = render(&r, Lang::Fr);
    assert_eq!(fr[0], Block::Heading { level: 2, text: "Politique relative aux cookies".into() });
    let tables: Vec<_> = fr.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
    assert_eq!(tables[1].caption, "Statistiques", "registry text in the page's language");
    assert_eq!(tables[1].rows[0][4], "13 mois");
    let es = render(&r, Lang::Es);
    assert!(text_of(&es).contains(&"¿Qué cookies se utilizan en la plataforma https://demo.example?".to_string()));
}

#[test]
fn lifetimes_in_words() {
    use consent_banner::registry::Unit::*;
    assert_eq!(lifetime(Lifetime::Span(1, Year), Lang::En.strings()), "1 year");
    assert_eq!(lifetime(Lifetime::Span(2, Week), Lang::Fr.strings()), "2 semaines");
    assert_eq!(lifetime(Lifetime::Span(6, Month), Lang::Es.strings()), "6 meses");
    assert_eq!(lifetime(Lifetime::Span(1, Month), Lang::Es.strings()), "1 mes");
    assert_eq!(lifetime(Lifetime::Session, Lang::En.strings()), "Session");
}

#[test]
fn first_layer_names_the_portal_and_the_optional_categories() {
    let r = portal_registry("babel");
    let t = first_layer(&r, Lang::En, false);
    assert_eq!(t.gpc_note, None);
    assert_eq!(t.title, "Cookies on Babel");
    assert!(t.text.contains("Statistics cookies"), "{}", t.text);
    assert!(t.text.contains("6 months"), "{}", t.text);
    assert_eq!((t.accept_all, t.reject_all, t.customize), ("Accept all", "Reject all", "Customize"));
    let fr = first_layer(&r, Lang::Fr, true);
    assert!(fr.gpc_note.unwrap().contains("Global Privacy Control"));
    assert_eq!((fr.accept_all, fr.reject_all), ("Tout accepter", "Tout refuser"));
    assert!(fr.text.contains("6\u{a0}mois") || fr.text.contains("6 mois"), "{}", fr.text);
}

#[test]
fn first_layer_links_the_privacy_notice_when_declared() {
    assert_eq!(first_layer(&small(), Lang::Es, false).privacy, None);
    let inai = portal_registry("inai");
    assert_eq!(first_layer(&inai, Lang::Es, false).privacy, Some(("Aviso de privacidad", "/inai.html#privacy-notice".to_string())));
    assert_eq!(first_layer(&inai, Lang::En, false).privacy.unwrap().0, "Privacy notice");
}
