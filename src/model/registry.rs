//! The project's entity registry: one entry per person, group or place across every article.
//! An article's entity points at a registry entry by id (`Entity::registry`); the article file
//! stays the truth about what the article says, the registry about who is who.
//!
//! Entries are never deleted while anything may point at them: merging one entry into another
//! leaves a forwarding entry (`merged_into`), so links in articles that are not even loaded stay
//! valid, and a merge undone or split off is one change of the project file. Ids are random, not
//! counted, so that two analysts adding entries in two clones never hand out the same id.

use serde::{Deserialize, Serialize};
use std::hash::{BuildHasher, Hasher};

/// One entry of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegEntity {
    pub id: String,
    pub name: String,
    pub entity_type: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb_id: Option<String>,
    /// Set when this entry was merged into another: links to it mean that one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl RegEntity {
    pub fn new(id: String, name: &str, entity_type: &str) -> Self {
        Self {
            id,
            name: name.to_owned(),
            entity_type: entity_type.to_owned(),
            aliases: Vec::new(),
            kb_id: None,
            merged_into: None,
            note: String::new(),
        }
    }
}

/// One change of the registry; applying it returns its inverse (undo).
#[derive(Debug, Clone, PartialEq)]
pub enum RegEdit {
    Add(RegEntity),
    Update(RegEntity),
    /// Only an entry nothing forwards to; the caller checks that no article links to it.
    Remove(String),
    Batch(Vec<RegEdit>),
}

/// The registry: entries kept in id order (stable in the file, found by binary search).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Registry(Vec<RegEntity>);

impl Registry {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_entries(self) -> Vec<RegEntity> {
        self.0
    }

    pub fn iter(&self) -> impl Iterator<Item = &RegEntity> {
        self.0.iter()
    }

    /// The entries that are not forwarded elsewhere.
    pub fn live(&self) -> impl Iterator<Item = &RegEntity> {
        self.0.iter().filter(|e| e.merged_into.is_none())
    }

    fn at(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|e| e.id.as_str().cmp(id))
    }

    pub fn get(&self, id: &str) -> Option<&RegEntity> {
        self.at(id).ok().map(|i| &self.0[i])
    }

    /// The entry a link to `id` means: `id`'s, or the one it was merged into (followed to the
    /// end). `None` for an unknown id or a broken chain.
    pub fn resolve(&self, id: &str) -> Option<&RegEntity> {
        let mut e = self.get(id)?;
        // A chain longer than the registry is a loop (never made by edits, but a hand-edited file).
        for _ in 0..=self.0.len() {
            match &e.merged_into {
                None => return Some(e),
                Some(next) => e = self.get(next)?,
            }
        }
        None
    }

    /// Whether a link (an entity's `registry`) means entry `id`, directly or through merges.
    pub fn means(&self, link: Option<&str>, id: &str) -> bool {
        link.and_then(|r| self.resolve(r))
            .is_some_and(|r| r.id == id)
    }

    /// The entries forwarded to `id` directly.
    pub fn merged_into(&self, id: &str) -> impl Iterator<Item = &RegEntity> {
        self.0
            .iter()
            .filter(move |e| e.merged_into.as_deref() == Some(id))
    }

    /// A new id no entry has: `r` and 12 hex digits from a randomly keyed hash.
    pub fn fresh_id(&self, name: &str) -> String {
        loop {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write(name.as_bytes());
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            let id = format!("r{:012x}", h.finish() & 0xffff_ffff_ffff);
            if self.get(&id).is_none() {
                return id;
            }
        }
    }

    /// Apply one change; returns the change that undoes it. A failing change leaves the registry
    /// as it was (a batch is undone up to where it failed).
    pub fn apply(&mut self, edit: RegEdit) -> Result<RegEdit, String> {
        match edit {
            RegEdit::Add(e) => {
                self.check(&e)?;
                match self.at(&e.id) {
                    Ok(_) => Err(format!("the registry already has an entry {}", e.id)),
                    Err(i) => {
                        let id = e.id.clone();
                        self.0.insert(i, e);
                        Ok(RegEdit::Remove(id))
                    }
                }
            }
            RegEdit::Update(e) => {
                self.check(&e)?;
                let i = self
                    .at(&e.id)
                    .map_err(|_| format!("no registry entry {}", e.id))?;
                Ok(RegEdit::Update(std::mem::replace(&mut self.0[i], e)))
            }
            RegEdit::Remove(id) => {
                let i = self
                    .at(&id)
                    .map_err(|_| format!("no registry entry {id}"))?;
                if let Some(other) = self.merged_into(&id).next() {
                    return Err(format!(
                        "{} was merged into {}: split it off first",
                        other.name, self.0[i].name
                    ));
                }
                Ok(RegEdit::Add(self.0.remove(i)))
            }
            RegEdit::Batch(edits) => {
                let mut undo = Vec::with_capacity(edits.len());
                for e in edits {
                    match self.apply(e) {
                        Ok(inv) => undo.push(inv),
                        Err(why) => {
                            for inv in undo.into_iter().rev() {
                                // Inverses of edits just made always apply.
                                let _ = self.apply(inv);
                            }
                            return Err(why);
                        }
                    }
                }
                undo.reverse();
                Ok(RegEdit::Batch(undo))
            }
        }
    }

    /// An entry may forward only to an existing entry that does not forward back to it.
    fn check(&self, e: &RegEntity) -> Result<(), String> {
        if e.name.trim().is_empty() {
            return Err("a registry entry needs a name".into());
        }
        let Some(target) = &e.merged_into else {
            return Ok(());
        };
        let mut at = self
            .get(target)
            .ok_or_else(|| format!("no registry entry {target} to merge into"))?;
        for _ in 0..=self.0.len() {
            if at.id == e.id {
                return Err(format!("{} is already merged into {}", at.name, e.name));
            }
            match &at.merged_into {
                None => return Ok(()),
                Some(next) => {
                    at = self
                        .get(next)
                        .ok_or_else(|| format!("no registry entry {next}"))?;
                }
            }
        }
        Err("the registry's merges form a loop".into())
    }

    /// Merge `from` into `into`: `from` forwards to `into`, whose aliases gain `from`'s name and
    /// aliases and whose KB id is kept (or taken from `from` when it has none).
    pub fn edit_merge(&self, from: &str, into: &str) -> Result<RegEdit, String> {
        let a = self.resolve(from).ok_or("no such registry entry")?;
        let b = self.resolve(into).ok_or("no such registry entry")?;
        if a.id == b.id {
            return Err(format!("{} is already that entry", a.name));
        }
        let mut moved = a.clone();
        moved.merged_into = Some(b.id.clone());
        let mut kept = b.clone();
        for n in std::iter::once(&a.name).chain(&a.aliases) {
            if *n != kept.name && !kept.aliases.contains(n) {
                kept.aliases.push(n.clone());
            }
        }
        if kept.kb_id.is_none() {
            kept.kb_id = a.kb_id.clone();
        }
        Ok(RegEdit::Batch(vec![
            RegEdit::Update(kept),
            RegEdit::Update(moved),
        ]))
    }

    /// Split `id` off the entry it was merged into (links to it mean it again).
    pub fn edit_split(&self, id: &str) -> Result<RegEdit, String> {
        let e = self.get(id).ok_or("no such registry entry")?;
        if e.merged_into.is_none() {
            return Err(format!("{} is not merged into another entry", e.name));
        }
        let mut e = e.clone();
        e.merged_into = None;
        Ok(RegEdit::Update(e))
    }

    /// Every forwarding entry points at an existing one and no chain loops.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for w in self.0.windows(2) {
            if w[0].id >= w[1].id {
                out.push(format!("registry ids out of order at {}", w[1].id));
            }
        }
        for e in &self.0 {
            if e.merged_into.is_some() && self.resolve(&e.id).is_none() {
                out.push(format!(
                    "registry entry {} ({}) forwards to a missing entry or in a loop",
                    e.id, e.name
                ));
            }
        }
        out
    }

    /// Build from entries in any order (a file edited by hand, a merge); the later of two
    /// entries with one id is dropped and reported.
    pub fn from_entries(mut entries: Vec<RegEntity>) -> (Self, Vec<String>) {
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        let mut dropped = Vec::new();
        entries.dedup_by(|b, a| {
            let same = a.id == b.id;
            if same {
                dropped.push(format!("registry entry {} is listed twice", b.id));
            }
            same
        });
        (Self(entries), dropped)
    }
}

/// A name as the registry compares it: lowercase, one space between words.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(names: &[&str]) -> Registry {
        let mut r = Registry::default();
        for n in names {
            let id = r.fresh_id(n);
            r.apply(RegEdit::Add(RegEntity::new(id, n, "PER"))).unwrap();
        }
        r
    }

    fn id_of(r: &Registry, name: &str) -> String {
        r.iter().find(|e| e.name == name).unwrap().id.clone()
    }

    #[test]
    fn merge_forwards_and_undo_and_split_bring_it_back() {
        let mut r = reg(&["Qassem Soleimani", "Soleimani", "Hassan Nasrallah"]);
        let (a, b) = (id_of(&r, "Soleimani"), id_of(&r, "Qassem Soleimani"));
        let before = r.clone();
        let undo = r.apply(r.edit_merge(&a, &b).unwrap()).unwrap();
        assert_eq!(r.resolve(&a).unwrap().id, b);
        assert_eq!(r.get(&b).unwrap().aliases, ["Soleimani"]);
        assert_eq!(r.live().count(), 2);
        r.apply(undo).unwrap();
        assert_eq!(r, before);
        r.apply(r.edit_merge(&a, &b).unwrap()).unwrap();
        r.apply(r.edit_split(&a).unwrap()).unwrap();
        assert_eq!(r.resolve(&a).unwrap().id, a);
        assert!(r.problems().is_empty());
    }

    #[test]
    fn loops_and_removing_a_merge_target_are_refused() {
        let mut r = reg(&["A", "B"]);
        let (a, b) = (id_of(&r, "A"), id_of(&r, "B"));
        r.apply(r.edit_merge(&a, &b).unwrap()).unwrap();
        let mut back = r.get(&b).unwrap().clone();
        back.merged_into = Some(a.clone());
        assert!(r.apply(RegEdit::Update(back)).is_err());
        assert!(r.edit_merge(&b, &a).is_err(), "already the same entry");
        assert!(r.apply(RegEdit::Remove(b.clone())).is_err());
        let failing = RegEdit::Batch(vec![
            RegEdit::Add(RegEntity::new("r1".into(), "C", "PER")),
            RegEdit::Remove("nope".into()),
        ]);
        let before = r.clone();
        assert!(r.apply(failing).is_err());
        assert_eq!(r, before, "a failing batch changes nothing");
    }

    #[test]
    fn ids_are_fresh_and_names_compare_loosely() {
        let r = reg(&["A"]);
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| r.fresh_id("A")).collect();
        assert_eq!(ids.len(), 1000);
        assert_eq!(name_key("  Qassem   SOLEIMANI "), "qassem soleimani");
    }
}
