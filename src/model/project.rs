//! A project: many articles about the same people, each its own session file, listed in one
//! project file with the schema they share and (later) one entity registry. What the project file
//! says about an article (title, date, counts) is a summary for the list; the article's session
//! file stays the truth and opens on its own.

use super::Schema;
use super::registry::Registry;
use serde::{Deserialize, Serialize};

/// The project file format's version; a newer one is refused, not guessed at.
pub const PROJECT_VERSION: u32 = 1;

/// The project file: `dossier-project.ron` in the project folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub version: u32,
    pub name: String,
    /// The schema every article of the project uses.
    pub schema: Schema,
    /// Who is who across the articles.
    #[serde(default, skip_serializing_if = "Registry::is_empty")]
    pub registry: Registry,
    /// By file name, so that the file does not churn when articles are added in another order.
    pub articles: Vec<ArticleEntry>,
    /// Registry entries two analysts changed two ways, recorded by a merge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<RegConflict>,
}

/// A registry entry changed two ways: the registry holds ours; `theirs` is the other version
/// (`None`: they removed it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegConflict {
    pub id: String,
    pub theirs: Option<super::registry::RegEntity>,
}

/// How far the analyst is with an article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ArticleStatus {
    #[default]
    New,
    InProgress,
    Done,
}

impl ArticleStatus {
    pub fn name(self) -> &'static str {
        match self {
            ArticleStatus::New => "new",
            ArticleStatus::InProgress => "in progress",
            ArticleStatus::Done => "done",
        }
    }
}

/// One article of the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntry {
    /// Its session file, relative to the project folder (`articles/NAME.ron`).
    pub file: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Where it came from (file name or address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default)]
    pub status: ArticleStatus,
    /// The article text's SHA-256: the same article added twice is noticed by it.
    pub hash: String,
    #[serde(default)]
    pub counts: Counts,
}

/// What an article holds, for the list (kept in step when the article is saved).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub chars: usize,
    pub mentions: usize,
    pub entities: usize,
    pub events: usize,
}

impl Project {
    pub fn new(name: impl Into<String>, schema: Schema) -> Self {
        Self {
            version: PROJECT_VERSION,
            name: name.into(),
            schema,
            registry: Registry::default(),
            articles: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    /// The article whose text has this hash.
    pub fn by_hash(&self, hash: &str) -> Option<&ArticleEntry> {
        self.articles.iter().find(|a| a.hash == hash)
    }

    /// A file name under `articles/` for a new article called `stem`, not yet used: letters,
    /// digits, `-` and `_` only, so that it is safe on every file system and in git.
    pub fn free_file(&self, stem: &str) -> String {
        let mut clean: String = stem
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        clean.truncate(clean.char_indices().nth(60).map_or(clean.len(), |(i, _)| i));
        if clean.is_empty() {
            clean = "article".into();
        }
        let taken = |f: &str| self.articles.iter().any(|a| a.file.eq_ignore_ascii_case(f));
        let mut file = format!("articles/{clean}.ron");
        let mut n = 2;
        while taken(&file) {
            file = format!("articles/{clean}-{n}.ron");
            n += 1;
        }
        file
    }

    /// Add an entry, keeping the list in file-name order.
    pub fn insert(&mut self, entry: ArticleEntry) {
        let at = self.articles.partition_point(|a| a.file < entry.file);
        self.articles.insert(at, entry);
    }

    /// Totals over the articles.
    pub fn totals(&self) -> Counts {
        let mut t = Counts::default();
        for a in &self.articles {
            t.chars += a.counts.chars;
            t.mentions += a.counts.mentions;
            t.entities += a.counts.entities;
            t.events += a.counts.events;
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::presets;

    fn entry(file: &str) -> ArticleEntry {
        ArticleEntry {
            file: file.into(),
            title: "t".into(),
            published: None,
            source: None,
            status: ArticleStatus::New,
            hash: file.into(),
            counts: Counts::default(),
        }
    }

    #[test]
    fn file_names_are_safe_unique_and_kept_in_order() {
        let mut p = Project::new("p", presets::default_schema());
        assert_eq!(
            p.free_file("Drone strike: Port Veyra (1)"),
            "articles/Drone-strike-Port-Veyra-1.ron"
        );
        assert_eq!(p.free_file("../../etc/passwd"), "articles/etc-passwd.ron");
        assert_eq!(p.free_file("Ibáñez"), "articles/Ibáñez.ron");
        assert_eq!(p.free_file("   "), "articles/article.ron");
        p.insert(entry("articles/b.ron"));
        p.insert(entry("articles/a.ron"));
        assert_eq!(
            p.free_file("A"),
            "articles/A-2.ron",
            "case-insensitive file systems"
        );
        let files: Vec<&str> = p.articles.iter().map(|a| a.file.as_str()).collect();
        assert_eq!(files, ["articles/a.ron", "articles/b.ron"]);
    }
}
