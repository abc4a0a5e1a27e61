//! The project index: what every article holds that cross-article views need (its entities and
//! their registry links, the mentions of linked entities with their context, events and
//! relations), so that a registry page, the project map and the project's event list do not
//! open ten thousand sessions. Cached in `.dossier-index` (JSON) beside the find cache: keyed by
//! each session file's size and modification time, rebuilt for the files that changed, safe to
//! delete, ignored by git.

use super::atomic::write_atomic;
use super::progress::Ticker;
use crate::model::project::Project;
use crate::model::session::Session;
use crate::model::types::Filler;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

pub const INDEX_FILE: &str = ".dossier-index";
const INDEX_VERSION: u32 = 4;

/// One article, as the index holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleIndex {
    pub file: String,
    /// The session file's size and modification time (ns) when it was read.
    pub stamp: (u64, u128),
    pub title: String,
    pub published: Option<String>,
    /// What it holds, for the article list (the project file's counts are as of the last save
    /// in this window; these are the file's).
    pub counts: crate::model::project::Counts,
    pub entities: Vec<IxEntity>,
    /// Mentions of the entities linked to the registry.
    pub mentions: Vec<IxMention>,
    pub events: Vec<IxEvent>,
    pub relations: Vec<IxRelation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IxEntity {
    pub id: u64,
    pub name: String,
    pub entity_type: String,
    pub registry: Option<String>,
    pub mentions: usize,
    /// For the world map: where it is said to be, and where its first mention starts.
    #[serde(default)]
    pub kb_id: Option<String>,
    #[serde(default)]
    pub pin: Option<crate::model::geo::GeoPoint>,
    #[serde(default)]
    pub first: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IxMention {
    pub entity: u64,
    pub start: usize,
    /// The mention's sentence, the mention in brackets.
    pub context: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IxEvent {
    pub id: u64,
    pub event_type: String,
    /// Its label ("Attack “struck”").
    pub label: String,
    pub date: Option<String>,
    /// Where its trigger starts, to open the article there.
    pub at: usize,
    /// (role, entity id) of the arguments filled by entities.
    pub args: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IxRelation {
    pub relation_type: String,
    pub from: u64,
    pub to: u64,
}

#[derive(Deserialize)]
struct CacheFile {
    version: u32,
    articles: Vec<ArticleIndex>,
}

/// The index entry of a session.
pub fn index_session(file: &str, stamp: (u64, u128), s: &Session) -> ArticleIndex {
    let mut counts: HashMap<u64, usize> = HashMap::new();
    let mut first: HashMap<u64, usize> = HashMap::new();
    for m in s.mentions.values() {
        *counts.entry(m.entity.0).or_default() += 1;
        let f = first.entry(m.entity.0).or_insert(m.span.start);
        *f = (*f).min(m.span.start);
    }
    let linked: std::collections::HashSet<u64> = s
        .entities
        .values()
        .filter(|e| e.registry.is_some())
        .map(|e| e.id.0)
        .collect();
    let sentences = crate::model::text::Sentences::new(&s.article.text);
    let mut mentions: Vec<IxMention> = s
        .mentions
        .values()
        .filter(|m| linked.contains(&m.entity.0))
        .map(|m| IxMention {
            entity: m.entity.0,
            start: m.span.start,
            context: sentence_of(s, &sentences, m.span),
        })
        .collect();
    mentions.sort_by_key(|m| m.start);
    ArticleIndex {
        file: file.to_owned(),
        stamp,
        title: s.article.title.clone(),
        published: s.article.published.clone(),
        counts: crate::model::project::Counts {
            chars: s.article.char_len(),
            mentions: s.mentions.len(),
            entities: s.entities.len(),
            events: s.events.len(),
        },
        entities: s
            .entities
            .values()
            .map(|e| IxEntity {
                id: e.id.0,
                name: e.name.clone(),
                entity_type: e.entity_type.clone(),
                registry: e.registry.clone(),
                mentions: counts.get(&e.id.0).copied().unwrap_or(0),
                kb_id: e.kb_id.clone(),
                pin: e.pin,
                first: first.get(&e.id.0).copied().unwrap_or(0),
            })
            .collect(),
        mentions,
        events: s
            .events
            .values()
            .map(|e| IxEvent {
                id: e.id.0,
                event_type: e.event_type.clone(),
                label: s.event_label(e),
                date: e
                    .date
                    .map(|_| crate::model::PartialDate::range_text(e.date, e.date_end)),
                at: e.trigger.map_or(0, |t| t.start),
                args: e
                    .arguments
                    .iter()
                    .filter_map(|a| match a.filler {
                        Filler::Entity(x) => Some((a.role.clone(), x.0)),
                        Filler::Event(_) => None,
                    })
                    .collect(),
            })
            .collect(),
        relations: s
            .relations
            .values()
            .map(|r| IxRelation {
                relation_type: r.relation_type.clone(),
                from: r.from.0,
                to: r.to.0,
            })
            .collect(),
    }
}

/// Chars of a mention's sentence kept in the index (a longer one is cut around the mention).
pub const SENTENCE_CHARS: usize = 240;

/// The sentence of a mention, the mention in brackets.
pub fn sentence_of(
    s: &Session,
    sentences: &crate::model::text::Sentences<'_>,
    span: crate::model::Span,
) -> String {
    match (s.article.byte_of(span.start), s.article.byte_of(span.end)) {
        (Some(a), Some(b)) => sentences.around(a, b, SENTENCE_CHARS),
        _ => String::new(),
    }
}

/// A session file's size and modification time.
pub fn stamp_of(path: &Path) -> Option<(u64, u128)> {
    let m = std::fs::metadata(path).ok()?;
    let t = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some((m.len(), t.as_nanos()))
}

/// What the cache holds, by file; an unreadable or older cache reads as empty.
pub fn read(dir: &Path) -> HashMap<String, ArticleIndex> {
    let Ok(bytes) = std::fs::read(dir.join(INDEX_FILE)) else {
        return HashMap::new();
    };
    match serde_json::from_slice::<CacheFile>(&bytes) {
        Ok(c) if c.version == INDEX_VERSION => c
            .articles
            .into_iter()
            .map(|a| (a.file.clone(), a))
            .collect(),
        _ => HashMap::new(),
    }
}

/// Index every article of `p`: from the cache where the session file is unchanged, else by
/// reading it; writes the cache when anything changed. `None` when cancelled. Articles that
/// cannot be read are left out (the project list marks them).
pub fn build(dir: &Path, p: &Project, progress: &Ticker) -> Option<Vec<ArticleIndex>> {
    progress.set_total(p.articles.len());
    let mut cache = read(dir);
    let mut changed = cache.len() != p.articles.len();
    // Cached entries still current are taken; the rest are read, shared between the cores.
    let mut slots: Vec<Option<ArticleIndex>> = Vec::with_capacity(p.articles.len());
    let mut todo = Vec::new();
    for (i, a) in p.articles.iter().enumerate() {
        let stamp = stamp_of(&dir.join(&a.file));
        match cache.remove(&a.file) {
            Some(c) if Some(c.stamp) == stamp => {
                slots.push(Some(c));
                progress.step();
            }
            _ => {
                slots.push(None);
                todo.push((i, a.file.as_str(), stamp));
            }
        }
    }
    changed |= !todo.is_empty();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    let chunk = todo.len().div_ceil(threads).max(1);
    let read: Vec<(usize, ArticleIndex)> = std::thread::scope(|scope| {
        let parts: Vec<_> = todo
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for &(i, file, stamp) in part {
                        if progress.stopped() {
                            return None;
                        }
                        let loaded = super::load_session(&dir.join(file));
                        if let (Some(stamp), Ok((s, _))) = (stamp, loaded) {
                            out.push((i, index_session(file, stamp, &s)));
                        }
                        progress.step();
                    }
                    Some(out)
                })
            })
            .collect();
        parts
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect::<Option<Vec<_>>>()
            .map(|v| v.into_iter().flatten().collect())
            .unwrap_or_default()
    });
    if progress.stopped() {
        return None;
    }
    for (i, a) in read {
        slots[i] = Some(a);
    }
    let out: Vec<ArticleIndex> = slots.into_iter().flatten().collect();
    if changed {
        // A cache that cannot be written only costs time next time.
        let _ = write(dir, &out);
    }
    Some(out)
}

pub fn write(dir: &Path, all: &[ArticleIndex]) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Out<'a> {
        version: u32,
        articles: &'a [ArticleIndex],
    }
    let file = Out {
        version: INDEX_VERSION,
        articles: all,
    };
    let bytes = serde_json::to_vec(&file).map_err(std::io::Error::other)?;
    write_atomic(&dir.join(INDEX_FILE), &bytes, false)
}
