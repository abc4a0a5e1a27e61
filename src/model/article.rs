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
    /// The page's own address (its canonical URL when it names one).
    #[serde(default)]
    pub url: Option<String>,
    /// Who wrote it, as the page or the analyst gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// The publication it appeared in ("BBC News").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The text's language as a BCP 47 tag ("en", "fr-CA").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// SHA-256 of `text`, hex; lets a reader notice that the text was edited by hand.
    pub hash: String,
    /// The text with newlines normalised to `\n`; all spans index into it by chars. Shared:
    /// the copies of the session other threads work on (suggestions, saving) do not copy it.
    pub text: std::sync::Arc<str>,
    #[serde(skip)]
    index: std::sync::Arc<CharIndex>,
}

impl PartialEq for Article {
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title
            && self.source == other.source
            && self.published == other.published
            && self.url == other.url
            && self.byline == other.byline
            && self.site == other.site
            && self.lang == other.lang
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
            byline: None,
            site: None,
            lang: None,
            hash,
            text: text.into(),
            index: std::sync::Arc::new(index),
        }
    }

    /// What the analyst can correct about the article (everything but its text and origin).
    pub fn info(&self) -> ArticleInfo {
        ArticleInfo {
            title: self.title.clone(),
            published: self.published.clone(),
            url: self.url.clone(),
            byline: self.byline.clone(),
            site: self.site.clone(),
            lang: self.lang.clone(),
        }
    }

    pub(crate) fn set_info(&mut self, info: ArticleInfo) {
        self.title = info.title;
        self.published = info.published;
        self.url = info.url;
        self.byline = info.byline;
        self.site = info.site;
        self.lang = info.lang;
    }

    /// Rebuild derived data after deserialisation.
    pub(crate) fn reindex(&mut self) {
        self.index = std::sync::Arc::new(CharIndex::new(&self.text));
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

/// The article's details, as one value an edit replaces (see `Command::SetArticleInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleInfo {
    pub title: String,
    pub published: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
}

impl ArticleInfo {
    /// Blank fields read as absent, and surrounding spaces are dropped.
    pub fn tidied(self) -> Self {
        let f = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        ArticleInfo {
            title: self.title.trim().to_owned(),
            published: f(self.published),
            url: f(self.url),
            byline: f(self.byline),
            site: f(self.site),
            lang: f(self.lang),
        }
    }
}

pub fn hash_text(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
