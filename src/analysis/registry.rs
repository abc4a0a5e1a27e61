//! Linking an article's entities to the project registry: which registry entries an entity may
//! be (by KB id, name or alias), and the checks that keep every link pointing at an entry.

use crate::model::registry::{RegEdit, RegEntity, Registry, name_key};
use crate::model::{Command, EditError, Entity, EntityId, Session};
use std::collections::HashMap;

/// Why a registry entry is proposed for an entity, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// The same knowledge-base id.
    KbId,
    /// The same name (ignoring case and spacing).
    Name,
    /// The entity's name is the entry's alias or the other way round.
    Alias,
}

impl Why {
    pub fn describe(self) -> &'static str {
        match self {
            Why::KbId => "same KB id",
            Why::Name => "same name",
            Why::Alias => "alias",
        }
    }
}

/// A registry entry the analyst may link an entity to.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub id: String,
    pub name: String,
    pub why: Why,
}

/// The registry's live entries by name key and KB id, for proposals (built once per registry
/// change, then each lookup is a hash probe).
#[derive(Debug, Default)]
pub struct RegistryIndex {
    by_name: HashMap<String, Vec<(String, Why)>>,
    by_kb: HashMap<String, Vec<String>>,
}

impl RegistryIndex {
    pub fn new(reg: &Registry) -> Self {
        let mut ix = Self::default();
        for e in reg.live() {
            ix.by_name
                .entry(name_key(&e.name))
                .or_default()
                .push((e.id.clone(), Why::Name));
            for a in &e.aliases {
                ix.by_name
                    .entry(name_key(a))
                    .or_default()
                    .push((e.id.clone(), Why::Alias));
            }
            if let Some(kb) = e.kb_id.as_deref().filter(|k| !k.trim().is_empty()) {
                ix.by_kb
                    .entry(kb.trim().to_owned())
                    .or_default()
                    .push(e.id.clone());
            }
        }
        ix
    }

    /// The entries `e` may be, strongest reason first: a KB id match of any type, a name or
    /// alias match of the same type.
    pub fn proposals(&self, reg: &Registry, e: &Entity) -> Vec<Proposal> {
        let mut found: Vec<(String, Why)> = Vec::new();
        if let Some(kb) = e.kb_id.as_deref().map(str::trim)
            && let Some(ids) = self.by_kb.get(kb)
        {
            found.extend(ids.iter().map(|id| (id.clone(), Why::KbId)));
        }
        for (n, is_alias) in
            std::iter::once((&e.name, false)).chain(e.aliases.iter().map(|a| (a, true)))
        {
            for (id, why) in self.by_name.get(&name_key(n)).into_iter().flatten() {
                let why = if is_alias { Why::Alias } else { *why };
                found.push((id.clone(), why));
            }
        }
        found.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        let mut out: Vec<Proposal> = Vec::new();
        for (id, why) in found {
            let Some(r) = reg.get(&id) else { continue };
            if out.iter().any(|p| p.id == id)
                || (why != Why::KbId && r.entity_type != e.entity_type)
            {
                continue;
            }
            out.push(Proposal {
                id,
                name: r.name.clone(),
                why,
            });
        }
        out
    }
}

/// Link entity `id` to registry entry `reg` (or unlink with `None`): one undoable article edit.
pub fn cmd_link(
    s: &Session,
    reg_book: &Registry,
    id: EntityId,
    reg: Option<&str>,
) -> Result<Command, EditError> {
    let e = s
        .entities
        .get(&id)
        .ok_or_else(|| EditError("that entity is gone".into()))?;
    let mut changed = e.clone();
    changed.registry = match reg {
        Some(r) => Some(
            reg_book
                .resolve(r)
                .ok_or_else(|| EditError(format!("no registry entry {r}")))?
                .id
                .clone(),
        ),
        None => None,
    };
    if changed.registry == e.registry {
        return Err(EditError(match reg {
            Some(_) => format!("{} is already linked there", e.name),
            None => format!("{} is not linked", e.name),
        }));
    }
    let label = match changed.registry.as_deref().and_then(|r| reg_book.get(r)) {
        Some(r) => format!("link {} to the registry's {}", e.name, r.name),
        None => format!("unlink {} from the registry", e.name),
    };
    Ok(Command::batch(label, vec![Command::UpdateEntity(changed)]))
}

/// A new registry entry made from an article's entity (its name, type, aliases and KB id).
pub fn entry_from(reg: &Registry, e: &Entity) -> RegEntity {
    let mut r = RegEntity::new(reg.fresh_id(&e.name), &e.name, &e.entity_type);
    r.aliases = e.aliases.clone();
    r.kb_id = e.kb_id.clone();
    r
}

/// Apply a registry change unless it would remove an entry that some article links to
/// (`linked` says whether one does): the registry never leaves a link dangling.
pub fn apply_checked(
    reg: &mut Registry,
    edit: RegEdit,
    linked: &dyn Fn(&str) -> bool,
) -> Result<RegEdit, String> {
    if let Some(id) = removed(&edit).into_iter().find(|id| linked(id)) {
        let name = reg.get(id).map_or(id, |e| e.name.as_str());
        return Err(format!(
            "{name} is linked from an article: unlink it there first"
        ));
    }
    reg.apply(edit)
}

fn removed(edit: &RegEdit) -> Vec<&str> {
    match edit {
        RegEdit::Remove(id) => vec![id.as_str()],
        RegEdit::Batch(all) => all.iter().flat_map(removed).collect(),
        _ => Vec::new(),
    }
}

/// Undo (or redo) an article edit unless that would bring back a link to a registry entry
/// removed since; then it stays undone as it was and the analyst is told why.
pub fn undo_checked(
    s: &mut Session,
    h: &mut crate::model::History,
    reg: &Registry,
    undo: bool,
) -> Result<Option<String>, String> {
    let step = |s: &mut Session, h: &mut crate::model::History, back: bool| {
        if back { h.undo(s) } else { h.redo(s) }
    };
    let label = step(s, h, undo).map_err(|e| e.to_string())?;
    if label.is_some()
        && let Some((name, _)) = dangling(s, reg).first().map(|(n, r)| (n.to_string(), *r))
    {
        // The step just taken applies again the other way.
        let _ = step(s, h, !undo);
        return Err(format!(
            "this would link {name} to a registry entry removed since: bring the entry back first"
        ));
    }
    Ok(label)
}

/// The mentions in `s` of the entities linked to registry entry `id` (or to an entry merged
/// into it), by position, each with its sentence; and how many entities link there.
pub fn mentions_in(s: &Session, reg: &Registry, id: &str) -> (usize, Vec<(usize, String)>) {
    let linked: Vec<EntityId> = s
        .entities
        .values()
        .filter(|e| reg.means(e.registry.as_deref(), id))
        .map(|e| e.id)
        .collect();
    if linked.is_empty() {
        return (0, Vec::new());
    }
    let sentences = crate::model::text::Sentences::new(&s.article.text);
    let mut out: Vec<(usize, String)> = s
        .mentions
        .values()
        .filter(|m| linked.contains(&m.entity))
        .map(|m| {
            (
                m.span.start,
                crate::io::project_index::sentence_of(s, &sentences, m.span),
            )
        })
        .collect();
    out.sort_by_key(|(at, _)| *at);
    (linked.len(), out)
}

/// The links of `s` that point at no registry entry (a project merged by hand, an entry
/// removed in another clone), as (entity name, registry id).
pub fn dangling<'a>(s: &'a Session, reg: &Registry) -> Vec<(&'a str, &'a str)> {
    s.entities
        .values()
        .filter_map(|e| {
            let r = e.registry.as_deref()?;
            reg.resolve(r).is_none().then_some((e.name.as_str(), r))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::presets;
    use crate::model::{Article, Span};
    use proptest::prelude::*;

    fn session(names: &[(&str, &str)]) -> Session {
        let text: String = names.iter().map(|(n, _)| format!("{n}. ")).collect();
        let mut s = Session::new(Article::new("t", &text), presets::default_schema());
        let mut at = 0;
        for (n, ty) in names {
            let len = n.chars().count();
            let cmd = s.cmd_annotate(Span::new(at, at + len), ty).unwrap();
            s.apply(cmd).unwrap();
            at += len + 2;
        }
        s
    }

    #[test]
    fn proposals_come_by_kb_id_then_name_then_alias_of_the_same_type() {
        let mut reg = Registry::default();
        let mut a = RegEntity::new("r1".into(), "Qassem Soleimani", "Person");
        a.aliases = vec!["Soleimani".into()];
        a.kb_id = Some("Q1095441".into());
        let b = RegEntity::new("r2".into(), "Soleimani", "Organization");
        for e in [a, b] {
            reg.apply(RegEdit::Add(e)).unwrap();
        }
        let ix = RegistryIndex::new(&reg);
        let s = session(&[("SOLEIMANI", "Person")]);
        let e = s.entities.values().next().unwrap().clone();
        let p = ix.proposals(&reg, &e);
        assert_eq!(
            p.len(),
            1,
            "the ORG of the same name is not proposed: {p:?}"
        );
        assert_eq!((p[0].id.as_str(), p[0].why), ("r1", Why::Alias));
        let mut e2 = e.clone();
        e2.name = "Hajj Qassem".into();
        e2.kb_id = Some("Q1095441".into());
        assert_eq!(ix.proposals(&reg, &e2)[0].why, Why::KbId);
    }

    /// What the analyst can do, by index into what exists at that moment.
    #[derive(Debug, Clone)]
    enum Op {
        NewEntry(u8),
        Link(u8, u8, u8),
        Unlink(u8, u8),
        Merge(u8, u8),
        Split(u8),
        Remove(u8),
        DeleteEntity(u8, u8),
        UndoRegistry,
        UndoArticle(u8),
        RedoArticle(u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            any::<u8>().prop_map(Op::NewEntry),
            (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c)| Op::Link(a, b, c)),
            (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Unlink(a, b)),
            (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Merge(a, b)),
            any::<u8>().prop_map(Op::Split),
            any::<u8>().prop_map(Op::Remove),
            (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::DeleteEntity(a, b)),
            Just(Op::UndoRegistry),
            any::<u8>().prop_map(Op::UndoArticle),
            any::<u8>().prop_map(Op::RedoArticle),
        ]
    }

    fn linked_in(articles: &[(Session, crate::model::History)]) -> impl Fn(&str) -> bool + '_ {
        |id: &str| {
            articles.iter().any(|(s, _)| {
                s.entities
                    .values()
                    .any(|e| e.registry.as_deref() == Some(id))
            })
        }
    }

    struct World {
        reg: Registry,
        reg_undo: Vec<RegEdit>,
        articles: Vec<(Session, crate::model::History)>,
    }

    impl World {
        fn entry(&self, i: u8) -> Option<String> {
            let n = self.reg.len();
            (n > 0).then(|| self.reg.iter().nth(i as usize % n).unwrap().id.clone())
        }

        fn entity(&self, a: u8, e: u8) -> (usize, Option<EntityId>) {
            let a = a as usize % self.articles.len();
            let s = &self.articles[a].0;
            let n = s.entities.len();
            (
                a,
                (n > 0).then(|| *s.entities.keys().nth(e as usize % n).unwrap()),
            )
        }

        fn reg_edit(&mut self, edit: Result<RegEdit, String>) {
            let Ok(edit) = edit else { return };
            let mut reg = self.reg.clone();
            let linked = linked_in(&self.articles);
            if let Ok(inv) = apply_checked(&mut reg, edit, &linked) {
                self.reg = reg;
                self.reg_undo.push(inv);
            }
        }

        fn article_edit(&mut self, a: usize, cmd: Result<Command, EditError>) {
            if let Ok(cmd) = cmd {
                let (s, h) = &mut self.articles[a];
                let _ = h.apply(s, cmd);
            }
        }

        fn run(&mut self, op: Op) {
            match op {
                Op::NewEntry(n) => {
                    let e = RegEntity::new(self.reg.fresh_id("x"), &format!("E{n}"), "Person");
                    self.reg_edit(Ok(RegEdit::Add(e)));
                }
                Op::Link(a, e, r) => {
                    let ((a, Some(e)), Some(r)) = (self.entity(a, e), self.entry(r)) else {
                        return;
                    };
                    let cmd = cmd_link(&self.articles[a].0, &self.reg, e, Some(&r));
                    self.article_edit(a, cmd);
                }
                Op::Unlink(a, e) => {
                    let (a, Some(e)) = self.entity(a, e) else {
                        return;
                    };
                    let cmd = cmd_link(&self.articles[a].0, &self.reg, e, None);
                    self.article_edit(a, cmd);
                }
                Op::Merge(x, y) => {
                    let (Some(x), Some(y)) = (self.entry(x), self.entry(y)) else {
                        return;
                    };
                    let edit = self.reg.edit_merge(&x, &y);
                    self.reg_edit(edit);
                }
                Op::Split(x) => {
                    let Some(x) = self.entry(x) else { return };
                    let edit = self.reg.edit_split(&x);
                    self.reg_edit(edit);
                }
                Op::Remove(x) => {
                    let Some(x) = self.entry(x) else { return };
                    self.reg_edit(Ok(RegEdit::Remove(x)));
                }
                Op::DeleteEntity(a, e) => {
                    let (a, Some(e)) = self.entity(a, e) else {
                        return;
                    };
                    let cmd = self.articles[a].0.cmd_delete_entity(e);
                    self.article_edit(a, cmd);
                }
                Op::UndoRegistry => {
                    let Some(inv) = self.reg_undo.pop() else {
                        return;
                    };
                    let linked = linked_in(&self.articles);
                    let mut reg = self.reg.clone();
                    if apply_checked(&mut reg, inv.clone(), &linked).is_ok() {
                        self.reg = reg;
                    } else {
                        // Refused (it would leave a link dangling): the step stays undoable.
                        self.reg_undo.push(inv);
                    }
                }
                Op::UndoArticle(a) => {
                    let a = a as usize % self.articles.len();
                    let (s, h) = &mut self.articles[a];
                    let _ = undo_checked(s, h, &self.reg, true);
                }
                Op::RedoArticle(a) => {
                    let a = a as usize % self.articles.len();
                    let (s, h) = &mut self.articles[a];
                    let _ = undo_checked(s, h, &self.reg, false);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn no_sequence_of_edits_leaves_a_dangling_link(ops in proptest::collection::vec(op(), 1..60)) {
            let mut w = World {
                reg: Registry::default(),
                reg_undo: Vec::new(),
                articles: vec![
                    (session(&[("Ann", "Person"), ("Bob", "Person")]), Default::default()),
                    (session(&[("Ann", "Person"), ("Cy", "Person"), ("Dee", "Person")]), Default::default()),
                ],
            };
            for op in ops {
                w.run(op);
                prop_assert!(w.reg.problems().is_empty(), "{:?}", w.reg.problems());
                for (s, _) in &w.articles {
                    prop_assert!(dangling(s, &w.reg).is_empty(), "{:?}", dangling(s, &w.reg));
                }
            }
        }
    }
}
