mod common;

use common::small;
use consent_banner::error::RecordError;
use consent_banner::record::{carried_over, cookie_values, read_stored, ConsentRecord, DecidedBy, CLOCK_SKEW_SECS, MAX_LEN};
use consent_banner::registry::Registry;

const NOW: u64 = 1_763_845_000;

fn record(r: &consent_banner::registry::Registry, time: u64, stats: bool) -> ConsentRecord {
    ConsentRecord {
        revision: r.revision().to_owned(),
        time,
        id: "0123456789abcdef".into(),
        decided_by: DecidedBy::Click,
        choices: vec![("necessary".into(), true), ("statistics".into(), stats)],
        fingerprints: r.categories.iter().map(|c| (c.id.clone(), c.fingerprint())).collect(),
    }
}

#[test]
fn round_trip() {
    let r = small();
    for stats in [true, false] {
        let rec = record(&r, NOW, stats);
        let text = rec.encode();
        assert!(text.starts_with("v=1&r="));
        assert!(text.len() < 200);
        assert_eq!(ConsentRecord::decode(&text), Ok(rec.clone()));
        assert_eq!(rec.accepts("statistics"), stats);
        assert!(rec.accepts("necessary"));
    }
}

#[test]
fn rejects_bad_values() {
    let good = record(&small(), NOW, true).encode();
    let cases: Vec<(String, RecordError)> = vec![
        (String::new(), RecordError::Missing),
        ("garbage%%%".into(), RecordError::Malformed),
        ("v=2&r=1".into(), RecordError::UnknownVersion),
        ("r=1&v=1".into(), RecordError::Malformed),
        ("x".repeat(MAX_LEN + 1), RecordError::TooLong),
        (good.replace("&t=", "&t=x"), RecordError::Malformed),
        (good.replace("&o=click", "&o=sneaky"), RecordError::Malformed),
        (good.replace("&o=click", ""), RecordError::Malformed),
        (good.replace("&id=0123456789abcdef", "&id=<script>"), RecordError::Malformed),
        (format!("{good}&c.statistics=0"), RecordError::Malformed),
        (format!("{good}&t=1"), RecordError::Malformed),
        (good.replace("c.statistics=1", "c.statistics=yes"), RecordError::Malformed),
        (good.replace("c.statistics=1", "c.Stat s=1"), RecordError::Malformed),
        (format!("{good}&"), RecordError::Malformed),
        (good.replace("&k=", "&k=aaaa."), RecordError::Malformed),
        (good.replace("&k=", "&k=toolongvalue."), RecordError::Malformed),
        (format!("{good}&k=1234.5678"), RecordError::Malformed),
    ];
    for (text, want) in cases {
        assert_eq!(ConsentRecord::decode(&text), Err(want), "{text:?}");
    }
}

#[test]
fn check_against_registry_and_clock() {
    let r = small();
    assert_eq!(record(&r, NOW, true).check(&r, NOW), Ok(()));
    let mut other = record(&r, NOW, true);
    other.revision = "deadbeef".into();
    assert_eq!(other.check(&r, NOW), Err(RecordError::OtherRevision));
    let expiry = r.expiry_days as u64 * 86_400;
    assert_eq!(record(&r, NOW, true).check(&r, NOW + expiry - 1), Ok(()));
    assert_eq!(record(&r, NOW, true).check(&r, NOW + expiry), Err(RecordError::Expired));
    assert_eq!(record(&r, NOW + 60, true).check(&r, NOW), Ok(()), "small clock skew is tolerated");
    assert_eq!(record(&r, NOW + 86_400, true).check(&r, NOW), Err(RecordError::FromTheFuture));
    let mut partial = record(&r, NOW, true);
    partial.choices.pop();
    assert_eq!(partial.check(&r, NOW), Err(RecordError::Incomplete));
    let mut necessary_off = record(&r, NOW, true);
    necessary_off.choices[0].1 = false;
    assert_eq!(necessary_off.check(&r, NOW), Err(RecordError::Incomplete));
}

#[test]
fn reads_the_newest_valid_of_duplicate_cookies() {
    let r = small();
    let old = record(&r, NOW - 100, false).encode();
    let new = record(&r, NOW - 10, true).encode();
    let header = format!("sessionid=abc; cookies_preferences={old}; other=1; cookies_preferences=garbage; cookies_preferences={new}");
    assert_eq!(cookie_values(&header, "cookies_preferences").count(), 3);
    let got = read_stored(&header, &r, NOW).unwrap();
    assert_eq!(got.time, NOW - 10);
    assert!(got.accepts("statistics"));
    assert_eq!(read_stored("sessionid=abc", &r, NOW), Err(RecordError::Missing));
    assert_eq!(read_stored("cookies_preferences=garbage%%%", &r, NOW), Err(RecordError::Malformed));
    assert_eq!(read_stored("xcookies_preferences=1", &r, NOW), Err(RecordError::Missing));
}

#[test]
fn a_registry_change_carries_over_only_unchanged_categories() {
    let before = small();
    let mut v: serde_json::Value = serde_json::from_str(common::SMALL).unwrap();
    let mut ads = v["categories"][1].clone();
    ads["id"] = "ads".into();
    ads["cookies"][0]["names"] = serde_json::json!(["_fbp"]);
    v["categories"].as_array_mut().unwrap().push(ads);
    let after = Registry::from_value(&common::json(&v.to_string())).unwrap();
    assert_ne!(before.revision(), after.revision());
    assert_eq!(
        before.category("statistics").unwrap().fingerprint(),
        after.category("statistics").unwrap().fingerprint(),
        "adding a category leaves the others' fingerprints alone"
    );
    let rec = record(&before, NOW, true);
    assert_eq!(rec.check(&after, NOW), Err(RecordError::OtherRevision), "asked again");
    assert_eq!(rec.carried_over(&after), ["statistics"], "the unchanged accepted category is kept, the new one is off");
    let header = format!("cookies_preferences={}", rec.encode());
    assert_eq!(carried_over(&header, &after), ["statistics"]);

    v["categories"][1]["cookies"][0]["purposes"] = "Now also for advertising".into();
    let changed = Registry::from_value(&common::json(&v.to_string())).unwrap();
    assert!(rec.carried_over(&changed).is_empty(), "a changed category is asked afresh");
    assert!(carried_over("cookies_preferences=garbage", &after).is_empty());
}

/// A choice dated in the future means "ask again", beyond the tolerance
/// for clock corrections (`CLOCK_SKEW_SECS`): exactly at it is accepted,
/// one second past it is not.
#[test]
fn future_dated_choice_is_asked_again_beyond_the_clock_tolerance() {
    let r = small();
    assert_eq!(record(&r, NOW + CLOCK_SKEW_SECS, true).check(&r, NOW), Ok(()));
    assert_eq!(record(&r, NOW + CLOCK_SKEW_SECS + 1, true).check(&r, NOW), Err(RecordError::FromTheFuture));
    assert_eq!(record(&r, NOW + 5 * CLOCK_SKEW_SECS, true).check(&r, NOW), Err(RecordError::FromTheFuture));
}

/// `max_encoded_len` counts what `encode` writes at the longest: the
/// longest time and consent id `decode` reads, every category present.
#[test]
fn max_encoded_len_is_the_length_of_the_longest_encoding() {
    use consent_banner::record::max_encoded_len;
    for r in [small(), common::portal_registry("babel"), common::portal_registry("dgal")] {
        let longest = ConsentRecord {
            revision: r.revision().to_owned(),
            time: 999_999_999_999,
            id: "f".repeat(64),
            decided_by: DecidedBy::Click,
            choices: r.categories.iter().map(|c| (c.id.clone(), true)).collect(),
            fingerprints: r.categories.iter().map(|c| (c.id.clone(), c.fingerprint())).collect(),
        };
        assert_eq!(max_encoded_len(r.revision(), &r.categories), longest.encode().len());
        assert!(ConsentRecord::decode(&longest.encode()).is_ok(), "decode reads that long a time and id");
    }
    assert_eq!(max_encoded_len("abcd", &[]), "v=1&r=abcd&t=999999999999&id=".len() + 64 + "&o=click".len());
}
