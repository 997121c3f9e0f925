//! Small fixtures shared by doc examples and tests (not part of the API).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::value::Value;

fn s(x: &str) -> Value<'static> {
    Value::String(x.to_owned().into())
}

fn obj(members: Vec<(&str, Value<'static>)>) -> Value<'static> {
    Value::Object(members.into_iter().map(|(k, v)| (k.to_owned().into(), v)).collect())
}

fn cookie(provider: &str, names: &[&str], duration: &str) -> Value<'static> {
    obj(vec![
        ("provider", s(provider)),
        ("function", s("Demo")),
        ("names", Value::Array(names.iter().map(|n| s(n)).collect())),
        ("purposes", s("Demo purposes")),
        ("duration", s(duration)),
    ])
}

/// A registry with a necessary and a statistics category.
pub fn small_registry() -> Value<'static> {
    obj(vec![
        ("portal", obj(vec![("name", s("Demo")), ("address", s("https://demo.example"))])),
        (
            "categories",
            Value::Array(vec![
                obj(vec![
                    ("id", s("necessary")),
                    ("necessary", Value::Bool(true)),
                    ("title", s("Necessary")),
                    ("cookies", Value::Array(vec![cookie("Demo", &["sessionid", "cookies_preferences"], "6 months")])),
                ]),
                obj(vec![
                    ("id", s("statistics")),
                    ("title", s("Statistics")),
                    ("cookies", Value::Array(vec![cookie("Matomo", &["_pk_id.*", "_pk_ses.*"], "13 months")])),
                ]),
            ]),
        ),
    ])
}
