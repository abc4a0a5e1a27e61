//! Three-way merge of two versions of a project file (see `merge` for sessions): the registry
//! by id, the article list by file.

use super::merge::Report;
use crate::model::project::Project;
use crate::model::registry::{RegEntity, Registry};
use std::collections::{BTreeMap, BTreeSet};

/// A registry entry two analysts changed two ways: ours kept, theirs recorded.
pub type RegConflict = crate::model::project::RegConflict;

/// Merge two versions of a project file. The registry merges by id (its ids are random, so two
/// analysts' new entries never collide); the article list by file; an entry's status takes the
/// further one. Refused for projects that share nothing.
pub fn merge_projects(
    base: Option<&Project>,
    ours: &Project,
    theirs: &Project,
) -> Result<(Project, Report), String> {
    let related = base.is_some()
        || ours
            .articles
            .iter()
            .any(|a| theirs.articles.iter().any(|b| b.hash == a.hash))
        || ours.name == theirs.name;
    if !related {
        return Err(format!(
            "these are different projects (“{}” and “{}”): not merged",
            ours.name, theirs.name
        ));
    }
    let empty = Project::new(ours.name.clone(), ours.schema.clone());
    let base = base.unwrap_or(&empty);
    let mut out = ours.clone();
    let mut report = Report::default();
    if ours.schema == base.schema {
        out.schema = theirs.schema.clone();
    }
    if ours.name == base.name {
        out.name = theirs.name.clone();
    }
    merge_registry(base, ours, theirs, &mut out, &mut report);
    merge_articles(base, ours, theirs, &mut out);
    Ok((out, report))
}

/// The registry by id: entries changed two ways (or changed and removed) keep ours, with theirs
/// recorded; a merge into an entry the other side removed is undone rather than left dangling.
fn merge_registry(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    out: &mut Project,
    report: &mut Report,
) {
    let by_id = |r: &Registry| -> BTreeMap<String, RegEntity> {
        r.iter().map(|e| (e.id.clone(), e.clone())).collect()
    };
    let (b, o, t) = (
        by_id(&base.registry),
        by_id(&ours.registry),
        by_id(&theirs.registry),
    );
    let mut merged = o.clone();
    let keys: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    for k in keys {
        let (bv, ov, tv) = (b.get(k), o.get(k), t.get(k));
        if ov == tv || tv == bv {
            continue;
        }
        if ov == bv {
            match tv {
                Some(tv) => merged.insert(k.clone(), tv.clone()),
                None => merged.remove(k),
            };
            continue;
        }
        // Changed two ways, or changed by one and removed by the other: the entry stays (links
        // may point at it), theirs is recorded.
        if ov.is_none() {
            merged.insert(
                k.clone(),
                tv.cloned().unwrap_or_else(|| {
                    bv.cloned()
                        .unwrap_or_else(|| RegEntity::new(k.clone(), k, ""))
                }),
            );
        }
        out.conflicts.push(RegConflict {
            id: k.clone(),
            theirs: tv.cloned(),
        });
        report.conflicts += 1;
    }
    // A merge into an entry the other side removed is undone rather than left dangling.
    let ids: BTreeSet<String> = merged.keys().cloned().collect();
    for e in merged.values_mut() {
        if e.merged_into.as_ref().is_some_and(|m| !ids.contains(m)) {
            e.merged_into = None;
            report.restored += 1;
        }
    }
    let (registry, _) = Registry::from_entries(merged.into_values().collect());
    out.registry = registry;
    if !out.registry.problems().is_empty() {
        // Two merges that together loop: ours win, as in the registry before the merge.
        out.registry = ours.registry.clone();
        report.conflicts += 1;
    }
}

fn merge_articles(base: &Project, ours: &Project, theirs: &Project, out: &mut Project) {
    let by_file = |p: &Project| -> BTreeMap<String, crate::model::project::ArticleEntry> {
        p.articles
            .iter()
            .map(|a| (a.file.clone(), a.clone()))
            .collect()
    };
    let (b, o, t) = (by_file(base), by_file(ours), by_file(theirs));
    let mut merged = o.clone();
    for (k, tv) in &t {
        match (b.get(k), o.get(k)) {
            // Added by them (or removed by us after they changed it: kept, nothing lost).
            (bv, None) if bv != Some(tv) => {
                merged.insert(k.clone(), tv.clone());
            }
            (bv, Some(ov)) if ov != tv => {
                let mut e = if bv == Some(ov) {
                    tv.clone()
                } else {
                    ov.clone()
                };
                e.status = ov.status.max(tv.status);
                merged.insert(k.clone(), e);
            }
            _ => {}
        }
    }
    for (k, bv) in &b {
        // Removed by them, unchanged by us: removed.
        if !t.contains_key(k) && o.get(k) == Some(bv) {
            merged.remove(k);
        }
    }
    out.articles = merged.into_values().collect();
}
