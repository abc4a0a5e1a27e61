//! Cross-article views of a project, from its index: the project's event list (every event of
//! every article, with its article and date, arguments named by the registry) and the project
//! map (registry entries as nodes; events and relations of all articles between them as edges).
//!
//! The map is given to the window as a session of its own, so that the single-article map draws
//! it unchanged: its "article" is the entries' names, one mention each, and its entities are
//! numbered most connected first, so that the map's cut to its node limit keeps the most
//! connected entries.

use crate::io::project_index::ArticleIndex;
use crate::model::project::Project;
use crate::model::registry::Registry;
use crate::model::types::*;
use crate::model::{Article, Session, Span};
use std::collections::{BTreeMap, HashMap};

/// What the cross-article views show: articles whose title or file holds `article`, events
/// dated (or in articles published) from `from` to `to` (ISO dates, prefixes compare), of
/// `event_type` when given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    pub article: String,
    pub from: String,
    pub to: String,
    pub event_type: Option<String>,
}

impl Filter {
    pub(crate) fn article_ok(&self, a: &ArticleIndex) -> bool {
        let n = self.article.trim().to_lowercase();
        n.is_empty() || a.title.to_lowercase().contains(&n) || a.file.to_lowercase().contains(&n)
    }

    pub(crate) fn date_ok(&self, date: Option<&str>) -> bool {
        let (from, to) = (self.from.trim(), self.to.trim());
        if from.is_empty() && to.is_empty() {
            return true;
        }
        let Some(d) = date else { return false };
        // "2020-01" is within "2020-01-01".."2020-01-31" and "2020".."2020": compare prefixes.
        let n = |bound: &str| d.len().min(bound.len());
        (from.is_empty() || d[..n(from)] >= from[..n(from)])
            && (to.is_empty() || d[..n(to)] <= to[..n(to)])
    }
}

/// One event of the project.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub file: String,
    pub title: String,
    /// The event's date, else its article's.
    pub date: Option<String>,
    pub event_type: String,
    pub label: String,
    /// "role: name" for each entity argument (registry names for linked entities).
    pub args: Vec<String>,
    pub at: usize,
}

/// The name an article's entity goes by in the project: its registry entry's, else its own.
fn name_of<'a>(
    reg: &'a Registry,
    a: &'a ArticleIndex,
    id: u64,
) -> Option<(&'a str, Option<&'a str>)> {
    let e = a.entities.iter().find(|e| e.id == id)?;
    let r = e.registry.as_deref().and_then(|r| reg.resolve(r));
    Some(match r {
        Some(r) => (r.name.as_str(), Some(r.id.as_str())),
        None => (e.name.as_str(), None),
    })
}

/// Every event of the indexed articles that passes `f`, by date (undated last), then article.
pub fn event_rows<'a>(
    p: &Project,
    articles: impl Iterator<Item = &'a ArticleIndex>,
    f: &Filter,
) -> Vec<EventRow> {
    let mut out = Vec::new();
    for a in articles.filter(|a| f.article_ok(a)) {
        for e in &a.events {
            if f.event_type.as_ref().is_some_and(|t| *t != e.event_type) {
                continue;
            }
            let date = e.date.clone().or_else(|| a.published.clone());
            if !f.date_ok(date.as_deref()) {
                continue;
            }
            let args = e
                .args
                .iter()
                .filter_map(|(role, id)| {
                    name_of(&p.registry, a, *id).map(|(n, _)| format!("{role}: {n}"))
                })
                .collect();
            out.push(EventRow {
                file: a.file.clone(),
                title: a.title.clone(),
                date,
                event_type: e.event_type.clone(),
                label: e.label.clone(),
                args,
                at: e.at,
            });
        }
    }
    out.sort_by(|x, y| {
        (x.date.is_none(), &x.date, &x.file, x.at).cmp(&(y.date.is_none(), &y.date, &y.file, y.at))
    });
    out
}

/// Every event of the indexed articles that passes `f` as a timeline item, its actors named
/// by the registry.
pub fn timeline_items<'a>(
    p: &Project,
    articles: impl Iterator<Item = &'a ArticleIndex>,
    f: &Filter,
) -> Vec<super::timeline::Item> {
    use super::timeline::{Item, ItemKey, days_of_range};
    let mut out = Vec::new();
    for a in articles.filter(|a| f.article_ok(a)) {
        for e in &a.events {
            if f.event_type.as_ref().is_some_and(|t| *t != e.event_type) {
                continue;
            }
            let range = e
                .date
                .as_deref()
                .and_then(|d| crate::model::PartialDate::parse_range(d).ok().flatten());
            let days = range.and_then(|(d, end)| days_of_range(Some(d), end));
            let actors = e
                .args
                .iter()
                .filter(|(role, _)| role.eq_ignore_ascii_case("actor"))
                .filter_map(|(_, id)| name_of(&p.registry, a, *id).map(|(n, _)| n.to_owned()))
                .collect();
            let ty = p
                .schema
                .event_type(&e.event_type)
                .map_or_else(|| e.event_type.clone(), |t| t.name.clone());
            out.push(Item {
                key: ItemKey::Article(a.file.clone(), e.at),
                label: format!("{} — {}", e.label, a.title),
                event_type: ty,
                actors,
                days,
                when: e.date.clone().unwrap_or_default(),
            });
        }
    }
    out
}

/// The project map as a session, and the registry id of each of its entities.
pub struct ProjectGraph {
    pub session: Session,
    pub entries: BTreeMap<EntityId, String>,
    /// Entries linked to anything (the map shows the [`MAP_ENTRIES`] most connected).
    pub connected: usize,
}

/// The project map shows at most this many registry entries, the most connected.
pub const MAP_ENTRIES: usize = 1500;

/// Registry entries linked by events (two or more linked arguments) and relations of the
/// articles that pass `f`; entries linked to nothing are left out.
pub fn project_graph<'a>(
    p: &Project,
    articles: impl Iterator<Item = &'a ArticleIndex>,
    f: &Filter,
) -> ProjectGraph {
    let (events, relations) = edges(p, articles, f);
    graph_session(p, events, relations)
}

/// An event between registry entries: its type, date and (role, registry id) arguments.
struct Ev {
    event_type: String,
    date: Option<PartialDate>,
    args: Vec<(String, String)>,
}

/// (type, from, to) registry ids.
type Rel = (String, String, String);

fn edges<'a>(
    p: &Project,
    articles: impl Iterator<Item = &'a ArticleIndex>,
    f: &Filter,
) -> (Vec<Ev>, Vec<Rel>) {
    let mut events: Vec<Ev> = Vec::new();
    let mut relations: Vec<Rel> = Vec::new();
    for a in articles.filter(|a| f.article_ok(a)) {
        let reg_of = |id: u64| {
            name_of(&p.registry, a, id)
                .and_then(|(_, r)| r)
                .map(str::to_owned)
        };
        for e in &a.events {
            let date = e.date.clone().or_else(|| a.published.clone());
            if f.event_type.as_ref().is_some_and(|t| *t != e.event_type)
                || !f.date_ok(date.as_deref())
            {
                continue;
            }
            let args: Vec<(String, String)> = e
                .args
                .iter()
                .filter_map(|(role, id)| Some((role.clone(), reg_of(*id)?)))
                .collect();
            let distinct: std::collections::BTreeSet<&String> =
                args.iter().map(|(_, r)| r).collect();
            if distinct.len() >= 2 {
                let date = date.and_then(|d| d.get(..10.min(d.len())).and_then(|d| d.parse().ok()));
                events.push(Ev {
                    event_type: e.event_type.clone(),
                    date,
                    args,
                });
            }
        }
        if f.from.trim().is_empty() && f.to.trim().is_empty() && f.event_type.is_none() {
            for r in &a.relations {
                if let (Some(x), Some(y)) = (reg_of(r.from), reg_of(r.to))
                    && x != y
                {
                    relations.push((r.relation_type.clone(), x, y));
                }
            }
        }
    }
    // The same event type between the same entries, in many articles, is one edge on the map
    // (dated by its earliest report).
    let mut seen: HashMap<(String, Vec<(String, String)>), usize> = HashMap::new();
    let mut merged: Vec<Ev> = Vec::with_capacity(events.len());
    for mut e in events {
        e.args.sort();
        match seen.get(&(e.event_type.clone(), e.args.clone())) {
            Some(&i) => {
                let m = &mut merged[i];
                if e.date.is_some() && (m.date.is_none() || e.date < m.date) {
                    m.date = e.date;
                }
            }
            None => {
                seen.insert((e.event_type.clone(), e.args.clone()), merged.len());
                merged.push(e);
            }
        }
    }
    relations.sort();
    relations.dedup();
    (merged, relations)
}

/// The project map as a session: entries most connected first.
fn graph_session(p: &Project, events: Vec<Ev>, relations: Vec<Rel>) -> ProjectGraph {
    let mut degree: HashMap<String, usize> = HashMap::new();
    for e in &events {
        for (_, r) in &e.args {
            *degree.entry(r.clone()).or_default() += 1;
        }
    }
    for (_, x, y) in &relations {
        *degree.entry(x.clone()).or_default() += 1;
        *degree.entry(y.clone()).or_default() += 1;
    }
    let connected = degree.len();
    let mut order: Vec<(String, usize)> = degree.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    order.truncate(MAP_ENTRIES);
    let names: Vec<&str> = order
        .iter()
        .filter_map(|(r, _)| p.registry.get(r).map(|e| e.name.as_str()))
        .collect();
    let text = names.join("\n");
    let mut s = Session::new(Article::new(&p.name, &text), p.schema.clone());
    let mut ids: HashMap<String, EntityId> = HashMap::new();
    let mut entries = BTreeMap::new();
    let mut at = 0;
    for (r, _) in &order {
        let Some(reg) = p.registry.get(r) else {
            continue;
        };
        let id = EntityId(s.alloc_id());
        let len = reg.name.chars().count();
        let mut ent = Entity::new(id, &reg.name, &reg.entity_type);
        ent.registry = Some(reg.id.clone());
        ent.kb_id = reg.kb_id.clone();
        s.entities.insert(id, ent);
        let mid = MentionId(s.alloc_id());
        let m = s.make_mention(mid, Span::new(at, at + len), &reg.entity_type, id);
        s.mentions.insert(mid, m);
        at += len + 1;
        ids.insert(r.clone(), id);
        entries.insert(id, reg.id.clone());
    }
    for e in events {
        let arguments: Vec<Argument> = e
            .args
            .iter()
            .filter_map(|(role, r)| {
                Some(Argument {
                    role: role.clone(),
                    filler: Filler::Entity(*ids.get(r.as_str())?),
                    mention: None,
                })
            })
            .collect();
        // An event keeps its place while two of the entries it links are on the map.
        let distinct: std::collections::BTreeSet<Filler> =
            arguments.iter().map(|a| a.filler).collect();
        if distinct.len() < 2 {
            continue;
        }
        let id = EventId(s.alloc_id());
        let mut ev = Event::new(id, e.event_type, None);
        ev.date = e.date;
        ev.arguments = arguments;
        s.events.insert(id, ev);
    }
    for (ty, x, y) in relations {
        if let (Some(&a), Some(&b)) = (ids.get(x.as_str()), ids.get(y.as_str())) {
            let id = RelationId(s.alloc_id());
            s.relations.insert(id, Relation::new(id, ty, a, b));
        }
    }
    s.after_load();
    ProjectGraph {
        session: s,
        entries,
        connected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::project_index::index_session;
    use crate::model::registry::{RegEdit, RegEntity};
    use crate::model::schema::presets;

    /// Two articles: Soleimani and Muhandis in an event in one, Soleimani and Nasrallah in the
    /// other; all three linked to the registry.
    fn project() -> (Project, Vec<ArticleIndex>) {
        let mut p = Project::new("p", presets::default_schema());
        for (id, n) in [
            ("r1", "Qassem Soleimani"),
            ("r2", "Abu Mahdi al-Muhandis"),
            ("r3", "Hassan Nasrallah"),
        ] {
            p.registry
                .apply(RegEdit::Add(RegEntity::new(id.into(), n, "Person")))
                .unwrap();
        }
        let mut out = Vec::new();
        for (i, (text, a, b, date)) in [
            (
                "Soleimani and Muhandis were killed.",
                "Soleimani",
                "Muhandis",
                "2020-01-03",
            ),
            (
                "Soleimani met Nasrallah.",
                "Soleimani",
                "Nasrallah",
                "2019-10-01",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let mut s = Session::new(Article::new(format!("A{i}"), text), p.schema.clone());
            let mut ents = Vec::new();
            for w in [a, b] {
                let c = s.text().find(w).unwrap();
                let cmd = s.cmd_annotate(Span::new(c, c + w.len()), "Person").unwrap();
                s.apply(cmd).unwrap();
                ents.push(*s.entities.keys().last().unwrap());
            }
            for (e, r) in ents
                .iter()
                .zip(if i == 0 { ["r1", "r2"] } else { ["r1", "r3"] })
            {
                let mut x = s.entities[e].clone();
                x.registry = Some(r.into());
                s.apply(crate::model::Command::UpdateEntity(x)).unwrap();
            }
            let ty = s.schema.event_types[0].id.clone();
            let role = s.schema.event_types[0].roles[0].id.clone();
            let role2 = s.schema.event_types[0].roles[1].id.clone();
            let mut ev = Event::new(EventId(s.alloc_id()), ty, None);
            ev.date = Some(date.parse().unwrap());
            ev.arguments = vec![
                Argument {
                    role,
                    filler: Filler::Entity(ents[0]),
                    mention: None,
                },
                Argument {
                    role: role2,
                    filler: Filler::Entity(ents[1]),
                    mention: None,
                },
            ];
            s.apply(crate::model::Command::AddEvent(ev)).unwrap();
            out.push(index_session(&format!("articles/a{i}.ron"), (0, 0), &s));
        }
        (p, out)
    }

    #[test]
    fn the_project_map_joins_articles_through_the_registry() {
        let (p, ix) = project();
        let g = project_graph(&p, ix.iter(), &Filter::default());
        assert_eq!(g.session.entities.len(), 3);
        assert_eq!(g.session.events.len(), 2);
        // Soleimani is in both events: the most connected, numbered first.
        let first = g.session.entities.values().next().unwrap();
        assert_eq!(first.name, "Qassem Soleimani");
        assert!(
            g.session.problems().is_empty(),
            "{:?}",
            g.session.problems()
        );
        let only_2020 = Filter {
            from: "2020".into(),
            ..Filter::default()
        };
        let g = project_graph(&p, ix.iter(), &only_2020);
        assert_eq!((g.session.entities.len(), g.session.events.len()), (2, 1));
    }

    #[test]
    fn the_event_list_names_arguments_by_the_registry_and_sorts_by_date() {
        let (p, ix) = project();
        let rows = event_rows(&p, ix.iter(), &Filter::default());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].date.as_deref(), Some("2019-10-01"));
        assert!(
            rows[1]
                .args
                .iter()
                .any(|a| a.ends_with("Abu Mahdi al-Muhandis")),
            "{:?}",
            rows[1].args
        );
        let f = Filter {
            article: "a0".into(),
            ..Filter::default()
        };
        assert_eq!(event_rows(&p, ix.iter(), &f).len(), 1);
    }
}
