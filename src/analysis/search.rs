//! Case-insensitive search over an article, plain text or a regular expression. The lowercased text is made once per
//! article and kept by whoever searches repeatedly (the find bar), so each keystroke costs one
//! substring scan instead of lowercasing ten megabytes into a vector of chars.

use crate::model::{Article, Span};

pub struct Finder {
    hash: String,
    lower: String,
    /// Lowercasing kept one char per char (almost always), so char offsets carry over. When a
    /// letter such as 'İ' lowercases to two chars, matching falls back to the exact text.
    aligned: bool,
}

impl Finder {
    pub fn new(article: &Article) -> Self {
        let lower: String = article.text.chars().flat_map(char::to_lowercase).collect();
        let aligned = lower.chars().count() == article.char_len();
        Self {
            hash: article.hash.clone(),
            lower,
            aligned,
        }
    }

    /// Was this made for `article`?
    pub fn is_for(&self, article: &Article) -> bool {
        self.hash == article.hash
    }

    /// Every occurrence of `query` ignoring case, left to right, not overlapping, as char spans.
    pub fn find(&self, article: &Article, query: &str) -> Vec<Span> {
        if query.is_empty() {
            return Vec::new();
        }
        let (hay, needle): (&str, String) = if self.aligned {
            (
                &self.lower,
                query.chars().flat_map(char::to_lowercase).collect(),
            )
        } else {
            (&article.text, query.to_owned())
        };
        let n = needle.chars().count();
        let mut out = Vec::new();
        // Byte offsets to char offsets by counting the chars between one match and the next.
        let (mut byte, mut char) = (0usize, 0usize);
        for (at, _) in hay.match_indices(needle.as_str()) {
            char += hay[byte..at].chars().count();
            byte = at;
            out.push(Span::new(char, char + n));
        }
        out
    }
}

/// Every match of a case-insensitive regular expression, as char spans; empty matches are
/// skipped. An invalid pattern (or one too big to compile) says why.
pub fn find_regex(article: &Article, pattern: &str) -> Result<Vec<Span>, String> {
    if pattern.is_empty() {
        return Ok(Vec::new());
    }
    Ok(find_compiled(article, &compile(pattern)?))
}

/// A find pattern compiled once, for searching many articles.
pub fn compile(pattern: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| e.to_string())
}

/// Every non-empty match of `re` in `article`, as char spans.
pub fn find_compiled(article: &Article, re: &regex::Regex) -> Vec<Span> {
    re.find_iter(&article.text)
        .filter(|m| !m.is_empty())
        .filter_map(|m| {
            Some(Span::new(
                article.char_of(m.start())?,
                article.char_of(m.end())?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain definition: compare lowercased chars window by window.
    fn oracle(article: &Article, query: &str) -> Vec<Span> {
        let mut hay: Vec<char> = article.text.chars().flat_map(char::to_lowercase).collect();
        let mut needle: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
        if hay.len() != article.char_len() {
            hay = article.text.chars().collect();
            needle = query.chars().collect();
        }
        let mut out = Vec::new();
        if needle.is_empty() {
            return out;
        }
        let mut i = 0;
        while i + needle.len() <= hay.len() {
            if hay[i..i + needle.len()] == *needle {
                out.push(Span::new(i, i + needle.len()));
                i += needle.len();
            } else {
                i += 1;
            }
        }
        out
    }

    proptest! {
        #[test]
        fn finds_what_the_plain_definition_finds(
            text in "([aAéÉ😀\u{301}ıİ ß\r\n]|Ab|ab){0,60}",
            query in "([aAéÉ😀\u{301}ıİ ß]|Ab|ab){1,3}",
        ) {
            let a = Article::new("t", &text);
            prop_assert_eq!(Finder::new(&a).find(&a, &query), oracle(&a, &query));
        }
    }

    #[test]
    fn regex_counts_chars_and_reports_bad_patterns() {
        let a = Article::new("t", "😀 Élan, élan; ÉLAN 2024");
        assert_eq!(find_regex(&a, r"\d+").unwrap(), vec![Span::new(19, 23)]);
        assert_eq!(find_regex(&a, "élan").unwrap().len(), 3);
        assert!(find_regex(&a, "(").unwrap_err().contains("unclosed"));
        assert!(
            find_regex(&a, "x*").unwrap().is_empty(),
            "empty matches are skipped"
        );
    }

    #[test]
    fn case_and_astral_offsets() {
        let a = Article::new("t", "😀 Élan, élan; ÉLAN");
        let hits = Finder::new(&a).find(&a, "élan");
        assert_eq!(
            hits,
            vec![Span::new(2, 6), Span::new(8, 12), Span::new(14, 18)]
        );
    }
}
