//! Char-offset spans and conversions between char, byte and UTF-16 offsets.
//!
//! Every span in a session counts Unicode scalar values (Rust `char`s), the unit that brat standoff,
//! the W3C TextPositionSelector and egui's `CCursor` share. Byte offsets exist only for slicing.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open range `[start, end)` of char offsets into the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn contains(&self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Maps char offsets to byte offsets in O(1) amortised per lookup, using checkpoints every
/// `STRIDE` chars so that long articles do not pay a full scan for every span.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// Byte offset of char `i * STRIDE`.
    checkpoints: Vec<usize>,
    char_len: usize,
    byte_len: usize,
}

const STRIDE: usize = 128;

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut char_len = 0;
        for (i, (b, _)) in text.char_indices().enumerate() {
            if i % STRIDE == 0 {
                checkpoints.push(b);
            }
            char_len = i + 1;
        }
        Self {
            checkpoints,
            char_len,
            byte_len: text.len(),
        }
    }

    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Byte offset of char offset `c` (`c == char_len` gives the text's byte length).
    pub fn byte_of(&self, text: &str, c: usize) -> Option<usize> {
        if c > self.char_len {
            return None;
        }
        if c == self.char_len {
            return Some(self.byte_len);
        }
        let base = *self.checkpoints.get(c / STRIDE)?;
        let rest = c % STRIDE;
        text.get(base..)?
            .char_indices()
            .nth(rest)
            .map(|(b, _)| base + b)
    }

    /// Char offset of byte offset `b`, or `None` when `b` is not on a char boundary.
    pub fn char_of(&self, text: &str, b: usize) -> Option<usize> {
        if b > self.byte_len || !text.is_char_boundary(b) {
            return None;
        }
        let k = self.checkpoints.partition_point(|&cp| cp <= b);
        let k = k.saturating_sub(1);
        let base = *self.checkpoints.get(k).unwrap_or(&0);
        Some(k * STRIDE + text.get(base..b)?.chars().count())
    }

    /// The text of a char span, or `None` when it is outside the text.
    pub fn slice<'a>(&self, text: &'a str, span: Span) -> Option<&'a str> {
        if span.start > span.end {
            return None;
        }
        let a = self.byte_of(text, span.start)?;
        let b = self.byte_of(text, span.end)?;
        text.get(a..b)
    }
}

/// Number of chars in `text`.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Byte offset of char offset `c`, by a scan (use [`CharIndex`] for repeated lookups).
pub fn char_to_byte(text: &str, c: usize) -> Option<usize> {
    if c == 0 {
        return Some(0);
    }
    let mut count = 0;
    for (b, _) in text.char_indices() {
        if count == c {
            return Some(b);
        }
        count += 1;
    }
    (count == c).then_some(text.len())
}

/// Char offset of byte offset `b`, or `None` when `b` is not on a char boundary.
pub fn byte_to_char(text: &str, b: usize) -> Option<usize> {
    if b > text.len() || !text.is_char_boundary(b) {
        return None;
    }
    Some(text[..b].chars().count())
}

/// UTF-16 code unit offset of char offset `c` (what JavaScript and the Windows APIs count).
pub fn char_to_utf16(text: &str, c: usize) -> Option<usize> {
    let mut units = 0;
    let mut chars = text.chars();
    for _ in 0..c {
        units += chars.next()?.len_utf16();
    }
    Some(units)
}

/// Char offset of UTF-16 offset `u`, or `None` when `u` splits a surrogate pair or is too large.
pub fn utf16_to_char(text: &str, u: usize) -> Option<usize> {
    let mut units = 0;
    for (i, ch) in text.chars().enumerate() {
        if units == u {
            return Some(i);
        }
        units += ch.len_utf16();
        if units > u {
            return None;
        }
    }
    (units == u).then(|| text.chars().count())
}

/// Slice `text` by a char span, by a scan.
pub fn slice_chars(text: &str, span: Span) -> Option<&str> {
    if span.start > span.end {
        return None;
    }
    let a = char_to_byte(text, span.start)?;
    let b = char_to_byte(text, span.end)?;
    text.get(a..b)
}

/// Replace `\r\n` and lone `\r` by `\n`.
pub fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "“Zoë” said مرحبا 👋🏽 e\u{301}!";

    #[test]
    fn conversions_agree_with_a_scan() {
        let idx = CharIndex::new(SAMPLE);
        let n = char_len(SAMPLE);
        assert_eq!(idx.char_len(), n);
        for c in 0..=n {
            let b = char_to_byte(SAMPLE, c).unwrap();
            assert_eq!(idx.byte_of(SAMPLE, c), Some(b));
            assert_eq!(byte_to_char(SAMPLE, b), Some(c));
            assert_eq!(idx.char_of(SAMPLE, b), Some(c));
            let u = char_to_utf16(SAMPLE, c).unwrap();
            assert_eq!(utf16_to_char(SAMPLE, u), Some(c));
        }
        assert_eq!(idx.byte_of(SAMPLE, n + 1), None);
        // Inside the curly quote (3 bytes) is no char boundary.
        assert_eq!(byte_to_char(SAMPLE, 1), None);
        assert_eq!(idx.char_of(SAMPLE, 1), None);
    }

    #[test]
    fn slices_astral_and_combining() {
        let idx = CharIndex::new(SAMPLE);
        assert_eq!(idx.slice(SAMPLE, Span::new(1, 4)), Some("Zoë"));
        let wave = SAMPLE.chars().position(|c| c == '👋').unwrap();
        assert_eq!(slice_chars(SAMPLE, Span::new(wave, wave + 2)), Some("👋🏽"));
        // The emoji is two UTF-16 units.
        assert_eq!(
            char_to_utf16(SAMPLE, wave + 1).unwrap() - char_to_utf16(SAMPLE, wave).unwrap(),
            2
        );
        assert_eq!(
            utf16_to_char(SAMPLE, char_to_utf16(SAMPLE, wave).unwrap() + 1),
            None
        );
    }

    #[test]
    fn long_text_checkpoints() {
        let text: String = (0..1000)
            .map(|i| if i % 3 == 0 { 'é' } else { 'a' })
            .collect();
        let idx = CharIndex::new(&text);
        for c in [0, 1, 127, 128, 129, 500, 999, 1000] {
            assert_eq!(idx.byte_of(&text, c), char_to_byte(&text, c));
        }
    }

    #[test]
    fn newlines() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
    }
}

/// The sentences of a text (Unicode sentence boundaries), found once, for the sentence around
/// each of many spans.
pub struct Sentences<'a> {
    text: &'a str,
    /// Start byte of each sentence.
    starts: Vec<usize>,
}

impl<'a> Sentences<'a> {
    pub fn new(text: &'a str) -> Self {
        use unicode_segmentation::UnicodeSegmentation;
        let starts = text
            .split_sentence_bound_indices()
            .map(|(b, _)| b)
            .collect();
        Self { text, starts }
    }

    /// The sentence holding byte `at`, on one line.
    pub fn containing(&self, at: usize) -> String {
        let i = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        let from = self.starts.get(i).copied().unwrap_or(0);
        let to = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text
            .get(from..to)
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }

    /// The sentence(s) holding bytes `start..end`, on one line, the span in brackets; a sentence
    /// longer than `max` chars is cut to `max` around the span (with "…").
    pub fn around(&self, start: usize, end: usize, max: usize) -> String {
        let (Some(span), Some(_)) = (self.text.get(start..end), self.text.get(..start)) else {
            return String::new();
        };
        let first = self
            .starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        let last = self.starts.partition_point(|&s| s < end.max(start + 1));
        let from = self.starts.get(first).copied().unwrap_or(0);
        let to = self.starts.get(last).copied().unwrap_or(self.text.len());
        let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let (mut before, mut after) = (
            one_line(&self.text[from..start]),
            one_line(&self.text[end..to]),
        );
        if self.text[from..start].ends_with(char::is_whitespace) && !before.is_empty() {
            before.push(' ');
        }
        if self.text[end..to].starts_with(char::is_whitespace) && !after.is_empty() {
            after.insert(0, ' ');
        }
        let room = max.saturating_sub(span.chars().count()) / 2;
        if before.chars().count() > room {
            let skip = before.chars().count() - room;
            before = format!("…{}", before.chars().skip(skip).collect::<String>());
        }
        if after.chars().count() > room {
            after = format!("{}…", after.chars().take(room).collect::<String>());
        }
        format!("{before}[{}]{after}", one_line(span))
    }
}

#[cfg(test)]
mod sentence_tests {
    use super::Sentences;

    #[test]
    fn the_sentence_around_a_span_is_one_line_with_the_span_marked() {
        let text = "First one.\r\nThen Ibáñez met 🙂  Soleimani in Beirut. Last.";
        let s = Sentences::new(text);
        let b = text.find("Soleimani").unwrap();
        let got = s.around(b, b + "Soleimani".len(), 200);
        assert_eq!(got, "Then Ibáñez met 🙂 [Soleimani] in Beirut.");
        assert!(!got.contains("First") && !got.contains("Last"), "{got}");
        let cut = s.around(b, b + "Soleimani".len(), 20);
        assert!(cut.starts_with('…') && cut.contains("[Soleimani]"), "{cut}");
        assert_eq!(s.around(3, 2, 10), "", "a span out of order is nothing");
    }
}
