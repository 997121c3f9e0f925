//! The few helpers the wasm's size asks for: each replaces a piece of the
//! standard library (integer `Display`, `[&str]::join`, `sort`, a JSON
//! serializer) that would bring kilobytes of generic or formatting code into
//! the visitor's module. Crate-internal; tested here.

#[allow(unused_imports)]
use crate::prelude::*;

/// Appends the decimal digits of `n` to `out`. Integer `Display`
/// (`to_string`, `format!`) would bring Rust's formatting machinery into the
/// wasm; this is all the module needs of it.
pub(crate) fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// `parts` run together with `sep` between them. One plain loop instead of
/// `[&str]::join`/`concat`, whose generic code weighs a kilobyte per use in
/// the wasm.
pub(crate) fn join(parts: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

/// Appends `s` as a JSON string (escaped as `serde_json` does).
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                out.push_str("\\u00");
                let n = c as usize;
                out.push(char::from(b"0123456789abcdef"[n >> 4]));
                out.push(char::from(b"0123456789abcdef"[n & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Sorts in place in O(n log n) with no recursion and no generic helpers:
/// the standard library's sort weighs about 3 KB in the wasm, and this is
/// its one use
/// (the registry's name-overlap check).
pub(crate) fn heap_sort<T: Ord>(v: &mut [T]) {
    fn sift_down<T: Ord>(v: &mut [T], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v[child] < v[child + 1] {
                child += 1;
            }
            if v[root] >= v[child] {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift_down(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[test]
    fn push_decimal_writes_every_digit() {
        for (n, text) in [(0u64, "0"), (7, "7"), (10, "10"), (1_763_845_000, "1763845000"), (u64::MAX, "18446744073709551615")] {
            let mut s = String::from("x");
            super::push_decimal(&mut s, n);
            assert_eq!(s, ["x", text].concat());
        }
    }

    #[test]
    fn join_puts_the_separator_between_parts_only() {
        assert_eq!(super::join(&[], ", "), "");
        assert_eq!(super::join(&["a"], ", "), "a");
        assert_eq!(super::join(&["a", "", "c"], ", "), "a, , c");
    }

    #[test]
    fn push_json_str_escapes_as_serde_json_does() {
        for s in ["plain", "quote \" and \\ backslash", "tab\tnewline\ncr\r", "\u{8}\u{c}\u{1}\u{1f}", "été ✓"] {
            let mut out = String::new();
            super::push_json_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn heap_sort_orders_like_the_standard_sort() {
        let mut seed = 12345u32;
        for len in [0usize, 1, 2, 3, 7, 64, 1000] {
            let mut v: Vec<u32> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (seed >> 16) % 50
                })
                .collect();
            let mut expected = v.clone();
            expected.sort();
            super::heap_sort(&mut v);
            assert_eq!(v, expected, "length {len}");
        }
    }
}
