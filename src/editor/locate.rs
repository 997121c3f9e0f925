//! Where a problem is in the registry text: the place of a JSON path such as
//! `categories[1].cookies[0].names`, or of a byte offset, as a line, a
//! column and offsets a text field can select.
//!
//! Plain Rust with no browser in it; `tests/editor_locate.rs` tests it
//! natively. The text is read with a forgiving scanner, not the core's JSON
//! reader: it only needs to find members in text that the reader has
//! already accepted, and it never fails — a path it cannot follow to the
//! end gives the place of its deepest part found.

use alloc::vec::Vec;
use core::ops::Range;

/// A place in the text, for a person and for a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Offset in UTF-16 code units (what a JavaScript string and
    /// `setSelectionRange` count).
    pub utf16: u32,
}

/// The place of byte `offset` of `text` (clamped to the text, moved back to
/// the start of the character it falls in).
pub fn place(text: &str, offset: usize) -> Place {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Place {
        line: before.matches('\n').count() as u32 + 1,
        column: before[line_start..].chars().count() as u32 + 1,
        utf16: before.encode_utf16().count() as u32,
    }
}

/// The byte offset of 1-based `line` and 1-based byte `column` (as the core's
/// JSON reader reports a syntax error), clamped to the text.
pub fn line_column_offset(text: &str, line: u32, column: u32) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + column.max(1) as usize - 1).min(text.len())
}

/// One step of a path: a member's name or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// The steps of a path written as the core writes them: keys joined by `.`,
/// indexes in brackets (`categories[1].cookies[0].names`; `""` is the root).
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let key_end = part.find('[').unwrap_or(part.len());
        if key_end > 0 {
            out.push(Step::Key(&part[..key_end]));
        }
        for index in part[key_end..].split('[').filter(|s| !s.is_empty()) {
            match index.trim_end_matches(']').parse() {
                Ok(i) => out.push(Step::Index(i)),
                // Not an index after all: the rest is taken as a name.
                Err(_) => out.push(Step::Key(index)),
            }
        }
    }
    out
}

/// The byte range that `path` designates in `text`: the member (name and
/// value) for a path ending in a key, the element for one ending in an
/// index, the whole value for the root. When the path leads to something
/// the text does not have (a missing member, an index past the end), the
/// range of the deepest part that exists.
pub fn path_range(text: &str, path: &str) -> Range<usize> {
    let mut scan = Scan { s: text.as_bytes(), i: 0 };
    scan.find(&steps(path))
}

struct Scan<'t> {
    s: &'t [u8],
    i: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Skips a string starting at the current `"`; returns its content's range.
    fn string(&mut self) -> Range<usize> {
        self.i += 1;
        let start = self.i;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return start..self.i - 1;
                }
                _ => self.i += 1,
            }
        }
        self.i = self.i.min(self.s.len());
        start..self.i
    }

    /// Skips one value (of any kind) from the current position.
    fn value(&mut self) {
        self.ws();
        match self.peek() {
            Some(b'"') => {
                self.string();
            }
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(b) = self.peek() {
                    match b {
                        b'"' => {
                            self.string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while !matches!(self.peek(), None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                    self.i += 1;
                }
            }
        }
    }

    /// The range of the value at the current position followed by `steps`.
    fn find(&mut self, steps: &[Step]) -> Range<usize> {
        self.ws();
        let start = self.i;
        let Some((step, rest)) = steps.split_first() else {
            self.value();
            return start..self.i;
        };
        // Where to point when the step is not there: the container's opening mark.
        let here = start..(start + 1).min(self.s.len());
        match (step, self.peek()) {
            (Step::Key(key), Some(b'{')) => {
                self.i += 1;
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return here;
                    }
                    let member = self.i;
                    let name = self.string();
                    self.ws();
                    if self.peek() != Some(b':') {
                        return here;
                    }
                    self.i += 1;
                    if &self.s[name] == key.as_bytes() {
                        let inner = self.find(rest);
                        return if rest.is_empty() { member..inner.end } else { inner };
                    }
                    self.value();
                    self.ws();
                    if self.peek() != Some(b',') {
                        return here;
                    }
                    self.i += 1;
                }
            }
            (Step::Index(n), Some(b'[')) => {
                self.i += 1;
                let mut index = 0;
                loop {
                    self.ws();
                    if matches!(self.peek(), None | Some(b']')) {
                        return here;
                    }
                    if index == *n {
                        return self.find(rest);
                    }
                    self.value();
                    self.ws();
                    if self.peek() != Some(b',') {
                        return here;
                    }
                    self.i += 1;
                    index += 1;
                }
            }
            _ => here,
        }
    }
}
