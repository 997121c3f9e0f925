//! The fingerprints of what consent covers: one per category (4 hex digits,
//! stored with each choice) and the registry's revision (8 hex digits). A
//! change to what a category covers changes both, so stored choices go stale
//! and visitors are asked again; a change of wording elsewhere does not.

#[allow(unused_imports)]
use crate::prelude::*;

use super::model::{Category, Text};

/// The registry revision: a hash over every category's consent-relevant content.
pub(crate) fn revision(categories: &[Category]) -> String {
    let mut h = Fnv::new();
    for c in categories {
        category_hash(c, &mut h);
        h.byte(0xff);
    }
    hex32(h.0)
}

/// The length of [`Category::fingerprint`]: 4 hex digits.
pub(crate) const FINGERPRINT_LEN: usize = 4;

impl Category {
    /// Fingerprint of what consent to this category covers (4 hex digits):
    /// its id, whether it is necessary, its cookie names and purposes, its
    /// storage keys and Consent Mode types. A stored choice keeps it per
    /// category ([`crate::record::ConsentRecord::fingerprints`]), so that
    /// after a registry change the choices of unchanged categories can be
    /// offered again. Computed from the fields, never stored.
    pub fn fingerprint(&self) -> String {
        let mut h = Fnv::new();
        category_hash(self, &mut h);
        hex32(h.0 ^ (h.0 >> 16))[8 - FINGERPRINT_LEN..].to_owned()
    }
}

/// Feeds what consent to a category covers: its id, whether it is necessary,
/// its cookie names and purposes, its storage keys and Consent Mode types.
fn category_hash(c: &Category, h: &mut Fnv) {
    h.str(&c.id);
    h.byte(c.necessary as u8);
    for k in &c.cookies {
        for n in &k.names {
            h.str(&n.as_declared());
        }
        feed_text(&k.purposes, h);
    }
    for n in &c.storage {
        h.str(&n.as_declared());
    }
    for t in &c.consent_mode {
        h.str(t.as_str());
    }
}

/// Feeds a text, with the language code of each version.
fn feed_text(t: &Text, h: &mut Fnv) {
    match t {
        Text::Plain(s) => h.str(s),
        Text::PerLanguage(list) => {
            for (l, s) in list {
                h.str(l.code());
                h.str(s);
            }
        }
    }
}

/// FNV-1a, 32 bits: small, stable, and enough to notice a change.
struct Fnv(u32);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0x811c_9dc5)
    }
    fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u32).wrapping_mul(0x0100_0193);
    }
    fn str(&mut self, s: &str) {
        for b in s.bytes() {
            self.byte(b);
        }
        self.byte(0);
    }
}

/// Lower-case hex of a 32-bit number, 8 digits.
fn hex32(mut n: u32) -> String {
    let mut out = [b'0'; 8];
    for slot in out.iter_mut().rev() {
        *slot = b"0123456789abcdef"[(n & 0xf) as usize];
        n >>= 4;
    }
    out.iter().map(|&b| b as char).collect()
}
