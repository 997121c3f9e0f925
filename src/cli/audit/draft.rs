//! `--draft`: registry entries for what the visits saw and the registry does
//! not declare, in the registry's own format (a category's `cookies` and
//! `storage`), with `TODO:` placeholders for what only the administrator
//! knows. `consent-banner check` refuses the placeholders until they are filled.

use serde_json::{json, Value};

use super::declared::{Declared, RECEIPTS_KEY};
use super::evidence::{SetBy, Visit};
use super::report::set_by_text;

/// The registry `duration` closest to a measured lifetime.
pub fn duration_text(days: Option<f64>) -> String {
    let Some(d) = days else { return "session".to_owned() };
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if d < 1.0 {
        return plural(((d * 24.0).ceil() as u64).max(1), "hour");
    }
    if d < 31.0 {
        return plural((d.round() as u64).max(1), "day");
    }
    let months = (d / (365.0 / 12.0)).round() as u64;
    if months >= 12 && months % 12 == 0 {
        plural(months / 12, "year")
    } else {
        plural(months.max(1), "month")
    }
}

/// The draft, pretty-printed JSON.
pub fn draft(visits: &[Visit], declared: &Declared) -> String {
    let mut cookies: Vec<Value> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for v in visits {
        for c in &v.cookies {
            if declared.cookie(&c.name).is_some() || names.contains(&c.name.as_str()) {
                continue;
            }
            names.push(&c.name);
            let from = c.set_by.first().map(set_by_text).unwrap_or_else(|| "origin not recorded".to_owned());
            let host = c.set_by.iter().find_map(|s| match s {
                SetBy::Header { url } | SetBy::Script { script: Some(url), .. } => url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_owned)),
                SetBy::Script { .. } => None,
            });
            cookies.push(json!({
                "provider": format!("TODO: who sets it (domain {}; {})", c.domain, host.unwrap_or_else(|| "host unknown".to_owned())),
                "function": format!("TODO: what it does and where (seen in the {} visit after {}; {from})", v.kind.label(), c.first_page),
                "names": [c.name],
                "purposes": "TODO: what it is used for",
                "duration": duration_text(c.lifetime_days),
            }));
        }
    }
    let mut storage: Vec<Value> = Vec::new();
    for v in visits {
        let keys = v.storage.iter().map(|s| s.key.as_str()).chain(v.indexeddb.iter().map(|d| d.name.as_str()));
        for k in keys {
            if k == RECEIPTS_KEY || declared.storage(k).is_some() || storage.iter().any(|s| s.as_str() == Some(k)) {
                continue;
            }
            storage.push(Value::String(k.to_owned()));
        }
    }
    let mut out = serde_json::Map::new();
    out.insert("cookies".to_owned(), Value::Array(cookies));
    if !storage.is_empty() {
        out.insert("storage".to_owned(), Value::Array(storage));
    }
    format!("{:#}\n", Value::Object(out))
}
