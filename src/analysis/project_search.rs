//! Find across a project's articles, plain (ignoring case) or a regular expression, results
//! grouped by article with a little context around each hit. The texts come from the project's
//! find cache (`io::find_cache`), so a find reads one file instead of every session.

use crate::io::find_cache::{Cached, texts};
use crate::model::Span;
use crate::model::project::Project;
use serde::Serialize;
use std::path::Path;

/// Characters of context shown on each side of a hit.
const CONTEXT: usize = 40;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleHits {
    pub file: String,
    pub title: String,
    pub hits: Vec<Hit>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Chars of the article's text.
    pub span: Span,
    pub text: String,
    /// The hit with the text around it, on one line.
    pub context: String,
}

/// What a project-wide find found, and the articles it could not read (and why).
#[derive(Debug, Default, Serialize)]
pub struct ProjectHits {
    pub articles: Vec<ArticleHits>,
    pub unreadable: Vec<(String, String)>,
}

impl ProjectHits {
    pub fn total(&self) -> usize {
        self.articles.iter().map(|a| a.hits.len()).sum()
    }
}

/// Find `pattern` in every article of the project in `dir`; an invalid regular expression says
/// why before any article is read. Plain text is matched ignoring case, as in one article.
pub fn find(dir: &Path, p: &Project, pattern: &str, regex: bool) -> Result<ProjectHits, String> {
    if pattern.is_empty() {
        return Ok(ProjectHits::default());
    }
    let source = if regex {
        pattern.to_owned()
    } else {
        regex::escape(pattern)
    };
    let re = super::search::compile(&source)?;
    let (all, unreadable) = texts(dir, p);
    let titles: std::collections::HashMap<&str, &str> = p
        .articles
        .iter()
        .map(|a| (a.file.as_str(), a.title.as_str()))
        .collect();
    let mut out = ProjectHits {
        articles: Vec::new(),
        unreadable,
    };
    for c in &all {
        let hits = hits_in(c, &re);
        if !hits.is_empty() {
            out.articles.push(ArticleHits {
                file: c.file.clone(),
                title: titles
                    .get(c.file.as_str())
                    .copied()
                    .unwrap_or("")
                    .to_owned(),
                hits,
            });
        }
    }
    Ok(out)
}

/// The matches in one article, with char offsets and context.
fn hits_in(c: &Cached, re: &regex::Regex) -> Vec<Hit> {
    let text = &c.text;
    let mut out = Vec::new();
    // Byte offsets to chars by counting on from the previous match.
    let (mut byte, mut chars) = (0usize, 0usize);
    for m in re.find_iter(text).filter(|m| !m.is_empty()) {
        chars += text[byte..m.start()].chars().count();
        byte = m.start();
        let len = m.as_str().chars().count();
        let before: String = {
            let mut v: Vec<char> = text[..m.start()].chars().rev().take(CONTEXT).collect();
            v.reverse();
            v.into_iter().collect()
        };
        let after: String = text[m.end()..].chars().take(CONTEXT).collect();
        let context = format!("{before}{}{after}", m.as_str())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Hit {
            span: Span::new(chars, chars + len),
            text: m.as_str().to_owned(),
            context,
        });
    }
    out
}
