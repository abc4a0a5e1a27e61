//! The words of an article as the rules read them: letters and marks joined by a hyphen or an
//! apostrophe, without a possessive, kept as byte offsets.

use super::lists::{NOT_NAMES, PARTICLES};

/// A word of the text: bytes `start..end`, without a possessive ("Iraq’s" is "Iraq").
#[derive(Debug, Clone, Copy)]
pub(super) struct Word<'a> {
    /// Byte offsets, u32 to keep a long article's two million words small (a session file is
    /// at most 256 MB); see `start()` and `end()`.
    at: (u32, u32),
    pub(super) text: &'a str,
}

impl Word<'_> {
    pub(super) fn start(&self) -> usize {
        self.at.0 as usize
    }

    pub(super) fn end(&self) -> usize {
        self.at.1 as usize
    }

    pub(super) fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    /// Starts with a capital, or is "al-Sadr" (a lower-case particle joined to a capital).
    pub(super) fn capitalised(&self) -> bool {
        let mut chars = self.text.chars();
        match chars.next() {
            Some(c) if c.is_uppercase() => true,
            Some(_) => self.text.split_once('-').is_some_and(|(p, rest)| {
                PARTICLES.contains(&p) && rest.chars().next().is_some_and(char::is_uppercase)
            }),
            None => false,
        }
    }

    /// The word is `lower` in any case (the lists are ASCII).
    pub(super) fn is(&self, lower: &str) -> bool {
        self.text.eq_ignore_ascii_case(lower)
    }

    /// Never part of a person's name: a sentence start, a day or a month.
    pub(super) fn not_a_name(&self) -> bool {
        self.is_in(NOT_NAMES) || crate::analysis::dates::is_calendar_word(&self.text.to_lowercase())
    }

    /// The word is one of `list` in any case.
    pub(super) fn is_in(&self, list: &[&str]) -> bool {
        list.iter().any(|l| self.is(l))
    }

    /// One capital letter: an initial of a name.
    pub(super) fn initial(&self) -> bool {
        let mut c = self.text.chars();
        c.next().is_some_and(char::is_uppercase) && c.next().is_none()
    }

    /// Starts with a capital letter itself (not "al-Sadr").
    pub(super) fn capitalised_start(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// All capitals and short: an acronym ("UN", "IRGC").
    pub(super) fn acronym(&self) -> bool {
        self.text.chars().count() >= 2 && self.text.chars().all(char::is_uppercase)
    }
}

/// The words of a text, kept as byte offsets only (8 bytes a word: a 10 MB article has two
/// million, and a slice of the text beside each took three times that); a [`Word`] is made
/// when one is read.
pub(super) struct Words<'a> {
    text: &'a str,
    at: Vec<(u32, u32)>,
}

impl<'a> Words<'a> {
    pub(super) fn len(&self) -> usize {
        self.at.len()
    }

    /// Word `i` (panics past the end, as indexing does).
    pub(super) fn at(&self, i: usize) -> Word<'a> {
        self.word(self.at[i])
    }

    pub(super) fn get(&self, i: usize) -> Option<Word<'a>> {
        self.at.get(i).map(|&at| self.word(at))
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = Word<'a>> + '_ {
        self.at.iter().map(|&at| self.word(at))
    }

    /// Words `range`, in order.
    pub(super) fn run(&self, range: std::ops::RangeInclusive<usize>) -> Vec<Word<'a>> {
        range.map(|i| self.at(i)).collect()
    }

    fn word(&self, at: (u32, u32)) -> Word<'a> {
        Word {
            at,
            text: &self.text[at.0 as usize..at.1 as usize],
        }
    }
}

/// The words of `text`: letters and marks, digits inside, joined by a hyphen or an apostrophe
/// followed by a letter ("Mensah-Arthur", "O’Brien"); a trailing possessive is left out.
pub(super) fn words(text: &str) -> Words<'_> {
    let mut at = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if !c.is_alphabetic() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = it.peek() {
            let joins = matches!(c, '-' | '\'' | '’')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic);
            if c.is_alphanumeric() || is_mark(c) || joins {
                end = i + c.len_utf8();
                it.next();
            } else {
                break;
            }
        }
        let word = &text[start..end];
        let end = start + crate::model::words::without_possessive(word).len();
        at.push((start as u32, end as u32));
    }
    at.shrink_to_fit();
    Words { text, at }
}

fn is_mark(c: char) -> bool {
    // Combining marks (a decomposed "é") stay in their word.
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x1AB0..=0x1AFF)
}

/// Whether only a space separates words `a` and `b` (no punctuation, no line break), or a full
/// stop and a space after an initial ("J. K. Rowling").
pub(super) fn joined(text: &str, a: &Word<'_>, b: &Word<'_>) -> bool {
    match text.get(a.end()..b.start()) {
        Some(" ") => true,
        Some(". ") => a.initial(),
        _ => false,
    }
}
