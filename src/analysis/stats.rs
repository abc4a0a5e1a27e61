//! Counts of what a session holds.

use crate::model::Session;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub title: String,
    pub schema: String,
    pub characters: usize,
    pub mentions: usize,
    pub mentions_by_type: BTreeMap<String, usize>,
    pub entities: usize,
    pub entities_by_type: BTreeMap<String, usize>,
    pub events: usize,
    pub events_by_type: BTreeMap<String, usize>,
    pub relations: usize,
    pub relations_by_type: BTreeMap<String, usize>,
}

fn count<'a>(it: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for k in it {
        *m.entry(k.to_owned()).or_insert(0) += 1;
    }
    m
}

pub fn stats(s: &Session) -> Stats {
    Stats {
        title: s.article.title.clone(),
        schema: s.schema.name.clone(),
        characters: s.article.char_len(),
        mentions: s.mentions.len(),
        mentions_by_type: count(s.mentions.values().map(|m| m.entity_type.as_str())),
        entities: s.entities.len(),
        entities_by_type: count(s.entities.values().map(|e| e.entity_type.as_str())),
        events: s.events.len(),
        events_by_type: count(s.events.values().map(|e| e.event_type.as_str())),
        relations: s.relations.len(),
        relations_by_type: count(s.relations.values().map(|r| r.relation_type.as_str())),
    }
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "Article:   {} ({} characters)",
            self.title, self.characters
        )?;
        writeln!(f, "Schema:    {}", self.schema)?;
        let section = |f: &mut std::fmt::Formatter<'_>,
                       name: &str,
                       n: usize,
                       by: &BTreeMap<String, usize>|
         -> std::fmt::Result {
            writeln!(f, "{name:<10} {n}")?;
            for (k, v) in by {
                writeln!(f, "  {k:<24} {v}")?;
            }
            Ok(())
        };
        section(f, "Mentions:", self.mentions, &self.mentions_by_type)?;
        section(f, "Entities:", self.entities, &self.entities_by_type)?;
        section(f, "Events:", self.events, &self.events_by_type)?;
        section(f, "Relations:", self.relations, &self.relations_by_type)
    }
}
