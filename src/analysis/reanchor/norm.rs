//! Texts compared in Unicode's composed form (NFC): an article saved again with decomposed
//! accents ("c" + "̌" for "č") is the same text. Offsets are mapped both ways; a text already
//! composed (the usual case) is used as it is.

use crate::model::Span;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

pub(super) struct Norm {
    pub text: String,
    /// Original char → composed char (length + 1), when they differ.
    fwd: Option<Vec<usize>>,
    /// Composed char → original char (length + 1), when they differ.
    back: Option<Vec<usize>>,
}

impl Norm {
    pub fn new(s: &str) -> Self {
        if unicode_normalization::is_nfc(s) {
            return Self {
                text: s.to_owned(),
                fwd: None,
                back: None,
            };
        }
        let chars: Vec<char> = s.chars().collect();
        let (mut text, mut fwd, mut back) = (String::new(), Vec::new(), Vec::new());
        let mut i = 0;
        // Each starter with the combining marks after it is composed on its own, so that every
        // composed char comes from one run of original chars.
        while i < chars.len() {
            let mut j = i + 1;
            while j < chars.len() && canonical_combining_class(chars[j]) != 0 {
                j += 1;
            }
            let at = back.len();
            for c in chars[i..j].iter().copied().nfc() {
                text.push(c);
                back.push(i);
            }
            fwd.extend(std::iter::repeat_n(at, j - i));
            i = j;
        }
        fwd.push(back.len());
        back.push(chars.len());
        Self {
            text,
            fwd: Some(fwd),
            back: Some(back),
        }
    }

    /// A span of the original text in the composed one.
    pub fn forward(&self, sp: Span) -> Span {
        match &self.fwd {
            None => sp,
            Some(f) => Span::new(at(f, sp.start), at(f, sp.end)),
        }
    }

    /// A span of the composed text in the original one.
    pub fn back(&self, sp: Span) -> Span {
        match &self.back {
            None => sp,
            Some(b) => Span::new(at(b, sp.start), at(b, sp.end)),
        }
    }
}

fn at(v: &[usize], i: usize) -> usize {
    v.get(i).or(v.last()).copied().unwrap_or(0)
}

/// `s` composed as [`Norm`] composes texts.
pub(super) fn nfc(s: &str) -> Cow<'_, str> {
    if unicode_normalization::is_nfc(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(Norm::new(s).text)
    }
}

/// A char without its accents and in lower case, when that is one char ("Á" → "a", "č" → "c");
/// else the char itself ("ß", "ø", emoji). One char for one, so offsets stay the same.
pub(super) fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut base = None;
    for d in std::iter::once(c).nfd() {
        if canonical_combining_class(d) == 0 {
            if base.is_some() {
                return c;
            }
            base = Some(d);
        }
    }
    let base = base.unwrap_or(c);
    let mut lower = base.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => base,
    }
}

/// [`fold`] of every char.
pub(super) fn fold_str(s: &str) -> String {
    s.chars().map(fold).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_accents_map_both_ways() {
        let s = "Krejc\u{30c}i\u{301} met Ana.";
        let n = Norm::new(s);
        assert_eq!(n.text, "Krejčí met Ana.");
        // "Krejčí" is chars 0..8 decomposed, 0..6 composed.
        assert_eq!(n.forward(Span::new(0, 8)), Span::new(0, 6));
        assert_eq!(n.back(Span::new(0, 6)), Span::new(0, 8));
        assert_eq!(n.back(Span::new(11, 14)), Span::new(13, 16));
        let plain = Norm::new("Ana");
        assert_eq!(plain.forward(Span::new(0, 3)), Span::new(0, 3));
        assert!(matches!(nfc("Ana"), Cow::Borrowed(_)));
    }

    #[test]
    fn folding_keeps_one_char_for_one() {
        let s = "PORT Veyra, Ibáñez, Krejčí, Straße, Øresund, قطر, 🔥 İ";
        let f = fold_str(s);
        assert_eq!(f.chars().count(), s.chars().count());
        assert_eq!(f, "port veyra, ibanez, krejci, straße, øresund, قطر, 🔥 i");
    }
}
