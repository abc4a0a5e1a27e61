//! Find across a project's articles: the same find as one article's (plain, ignoring case, or a
//! regular expression), results grouped by article with a little context around each hit.

use super::search::{Finder, compile, find_compiled};
use crate::io::project::article_problem;
use crate::model::project::Project;
use crate::model::{Article, Span};
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
/// why before any article is read.
pub fn find(dir: &Path, p: &Project, pattern: &str, regex: bool) -> Result<ProjectHits, String> {
    let re = if regex { Some(compile(pattern)?) } else { None };
    let mut out = ProjectHits::default();
    for entry in &p.articles {
        let Ok((session, _)) = crate::io::load_session(&dir.join(&entry.file)) else {
            let why = article_problem(dir, entry).unwrap_or_else(|| "unreadable".into());
            out.unreadable.push((entry.file.clone(), why));
            continue;
        };
        let a = &session.article;
        let spans = match &re {
            Some(re) => find_compiled(a, re),
            None => Finder::new(a).find(a, pattern),
        };
        if spans.is_empty() {
            continue;
        }
        out.articles.push(ArticleHits {
            file: entry.file.clone(),
            title: entry.title.clone(),
            hits: spans.into_iter().map(|sp| hit(a, sp)).collect(),
        });
    }
    Ok(out)
}

fn hit(a: &Article, span: Span) -> Hit {
    let from = span.start.saturating_sub(CONTEXT);
    let to = (span.end + CONTEXT).min(a.char_len());
    let context = a
        .slice(Span::new(from, to))
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Hit {
        span,
        text: a.slice(span).unwrap_or_default().to_owned(),
        context,
    }
}
