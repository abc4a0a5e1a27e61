//! The article: the text exactly as annotated, plus where it came from.

use super::text::{CharIndex, normalize_newlines};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Article {
    pub title: String,
    /// Where the article was imported from, for the analyst's information only: it is never opened
    /// again automatically.
    #[serde(default)]
    pub source: Option<String>,
    /// Publication date as the analyst or the page gave it (free text, usually ISO).
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// SHA-256 of `text`, hex; lets a reader notice that the text was edited by hand.
    pub hash: String,
    /// The text with newlines normalised to `\n`; all spans index into it by chars.
    pub text: String,
    #[serde(skip)]
    index: CharIndex,
}

impl PartialEq for Article {
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title
            && self.source == other.source
            && self.published == other.published
            && self.url == other.url
            && self.hash == other.hash
            && self.text == other.text
    }
}

impl Article {
    pub fn new(title: impl Into<String>, text: &str) -> Self {
        let text = normalize_newlines(text);
        let hash = hash_text(&text);
        let index = CharIndex::new(&text);
        Self {
            title: title.into(),
            source: None,
            published: None,
            url: None,
            hash,
            text,
            index,
        }
    }

    /// Rebuild derived data after deserialisation.
    pub(crate) fn reindex(&mut self) {
        self.index = CharIndex::new(&self.text);
    }

    pub fn index(&self) -> &CharIndex {
        &self.index
    }

    pub fn char_len(&self) -> usize {
        self.index.char_len()
    }

    pub fn slice(&self, span: super::Span) -> Option<&str> {
        self.index.slice(&self.text, span)
    }

    pub fn byte_of(&self, c: usize) -> Option<usize> {
        self.index.byte_of(&self.text, c)
    }

    pub fn char_of(&self, b: usize) -> Option<usize> {
        self.index.char_of(&self.text, b)
    }

    /// Up to `n` chars before `span` (for re-anchoring a quote).
    pub fn prefix(&self, span: super::Span, n: usize) -> String {
        let start = span.start.saturating_sub(n);
        self.slice(super::Span::new(start, span.start))
            .unwrap_or_default()
            .to_owned()
    }

    /// Up to `n` chars after `span`.
    pub fn suffix(&self, span: super::Span, n: usize) -> String {
        let end = (span.end + n).min(self.char_len());
        self.slice(super::Span::new(span.end.min(end), end))
            .unwrap_or_default()
            .to_owned()
    }
}

pub fn hash_text(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
