//! A JSON-shaped value tree, read by our own RFC 8259 parser ([`Value::parse`],
//! used in the browser) or deserialized with serde from any serde format
//! (`serde_json` in native tests), so that [`crate::registry`] can validate it
//! by hand and name the exact place of every problem.
//!
//! Strings and keys borrow from the text they were read from whenever they
//! hold no escape (almost always): reading a registry of a thousand cookies
//! then allocates for its lists and objects only, not for each of its
//! thousands of strings.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// One JSON value. Objects keep their keys in document order; strings and
/// keys borrow from the text read (lifetime `'a`) unless they held escapes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null` (or `undefined` coming from JavaScript).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object, as (key, value) pairs in document order.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// The member `key` of an object, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// What kind of value this is, in words an administrator reads in an error.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value<'de>, E> {
        Ok(Value::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(v.to_owned())))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(v)))
    }
    fn visit_string<E>(self, v: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(v)))
    }
    fn visit_none<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut members = Vec::new();
        while let Some((k, v)) = map.next_entry::<Cow<'de, str>, Value<'de>>()? {
            members.push((k, v));
        }
        Ok(Value::Object(members))
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value<'de>, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

/// Where and why JSON text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in bytes).
    pub column: u32,
    /// What was expected.
    pub expected: &'static str,
}

/// How deep arrays and objects may nest (a registry needs 5).
const MAX_DEPTH: u32 = 64;

impl<'a> Value<'a> {
    /// Parses JSON text (RFC 8259). A small parser of our own, so the
    /// WebAssembly build carries no JSON or float-formatting machinery.
    ///
    /// ```
    /// use consent_banner::value::Value;
    /// let v = Value::parse(r#"{"a": [1, "x\u00e9", true, null]}"#)?;
    /// assert_eq!(v.get("a"), Some(&Value::Array(vec![
    ///     Value::Number(1.0), Value::String("x\u{e9}".into()), Value::Bool(true), Value::Null,
    /// ])));
    /// assert_eq!(Value::parse("{\"a\":}").map_err(|e| e.column), Err(6));
    /// # Ok::<(), consent_banner::value::JsonError>(())
    /// ```
    pub fn parse(text: &'a str) -> Result<Value<'a>, JsonError> {
        let mut p = Parser { text, s: text.as_bytes(), i: 0 };
        p.ws();
        let v = p.value(0)?;
        p.ws();
        if p.i < p.s.len() {
            return Err(p.err("the end of the text"));
        }
        Ok(v)
    }
}

struct Parser<'a> {
    text: &'a str,
    s: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, expected: &'static str) -> JsonError {
        let before = &self.s[..self.i.min(self.s.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let column = (before.len() - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1)) as u32 + 1;
        JsonError { line, column, expected }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn word(&mut self, w: &[u8], v: Value<'a>) -> Result<Value<'a>, JsonError> {
        if self.s[self.i..].starts_with(w) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err("a value"))
        }
    }

    fn value(&mut self, depth: u32) -> Result<Value<'a>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("less deeply nested data"));
        }
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.eat(b'}') {
                    return Ok(Value::Object(members));
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(self.err("a property name in double quotes"));
                    }
                    let k = self.string()?;
                    self.ws();
                    if !self.eat(b':') {
                        return Err(self.err("':'"));
                    }
                    self.ws();
                    let v = self.value(depth + 1)?;
                    members.push((k, v));
                    self.ws();
                    if self.eat(b'}') {
                        return Ok(Value::Object(members));
                    }
                    if !self.eat(b',') {
                        return Err(self.err("',' or '}'"));
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat(b']') {
                    return Ok(Value::Array(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(b']') {
                        return Ok(Value::Array(items));
                    }
                    if !self.eat(b',') {
                        return Err(self.err("',' or ']'"));
                    }
                }
            }
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word(b"true", Value::Bool(true)),
            Some(b'f') => self.word(b"false", Value::Bool(false)),
            Some(b'n') => self.word(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.err("a value")),
        }
    }

    /// Numbers, computed without the standard float parser: exact for
    /// integers up to 2^53, close enough for anything a registry holds.
    fn number(&mut self) -> Result<Value<'a>, JsonError> {
        let negative = self.eat(b'-');
        let digits = |p: &mut Self| {
            let start = p.i;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            &p.s[start..p.i]
        };
        let start = self.i;
        let int = digits(self);
        if int.is_empty() {
            return Err(self.err("a digit"));
        }
        if int.len() > 1 && int[0] == b'0' {
            self.i = start + 1;
            return Err(self.err("no leading zero"));
        }
        let mut mantissa = 0f64;
        for d in int {
            mantissa = mantissa * 10.0 + (d - b'0') as f64;
        }
        let mut exp: i32 = 0;
        if self.eat(b'.') {
            let frac = digits(self);
            if frac.is_empty() {
                return Err(self.err("a digit after '.'"));
            }
            for d in frac {
                mantissa = mantissa * 10.0 + (d - b'0') as f64;
                exp -= 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            let neg = self.eat(b'-');
            if !neg {
                self.eat(b'+');
            }
            let e = digits(self);
            if e.is_empty() || e.len() > 4 {
                return Err(self.err("an exponent"));
            }
            let mut n: i32 = 0;
            for d in e {
                n = n * 10 + (d - b'0') as i32;
            }
            exp += if neg { -n } else { n };
        }
        let v = if exp >= 0 { mantissa * pow10(exp.unsigned_abs()) } else { mantissa / pow10(exp.unsigned_abs()) };
        Ok(Value::Number(if negative { -v } else { v }))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err("four hex digits after \\u")),
            };
            n = n * 16 + d as u32;
            self.i += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.i += 1; // the opening quote
        let start = self.i;
        let mut out: Vec<u8> = Vec::new();
        loop {
            // Plain characters in one copy.
            let run = self.i;
            while self.s.get(self.i).is_some_and(|&b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.i += 1;
            }
            if run == start && self.peek() == Some(b'"') {
                // No escape: the string as it stands in the text (its ends
                // are ASCII quotes, so they are character boundaries).
                self.i += 1;
                return Ok(Cow::Borrowed(self.text.get(start..self.i - 1).unwrap_or_default()));
            }
            out.extend_from_slice(&self.s[run..self.i]);
            let Some(b) = self.peek() else { return Err(self.err("a closing '\"'")) };
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else { return Err(self.err("an escape")) };
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi) {
                                if !(self.eat(b'\\') && self.eat(b'u')) {
                                    return Err(self.err("the second half of a surrogate pair"));
                                }
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return Err(self.err("a low surrogate"));
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| self.err("a valid character"))?
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("a valid escape"));
                        }
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => {
                    self.i -= 1;
                    return Err(self.err("no control character inside a string"));
                }
                _ => out.push(b),
            }
        }
        // The input is a &str and escapes produce whole characters.
        String::from_utf8(out).map(Cow::Owned).map_err(|_| self.err("valid UTF-8"))
    }
}

/// 10^n by squaring, as `f64::powi` computes it (not in `core`).
fn pow10(mut n: u32) -> f64 {
    let (mut base, mut acc) = (10f64, 1f64);
    while n > 0 {
        if n & 1 == 1 {
            acc *= base;
        }
        base *= base;
        n >>= 1;
    }
    acc
}
