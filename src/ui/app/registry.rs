//! The project registry in the window: linking the shown article's entities, and the
//! registry's own changes (new entry, merge, split, rename, remove) with their undo. The
//! decisions are `analysis::registry`'s and `model::registry`'s; this routes and saves.

use super::project::OpenProject;
use super::{Document, DossierApp};
use crate::analysis::registry::{self as reg, RegistryIndex};
use crate::io::project as iop;
use crate::model::registry::RegEdit;
use crate::ui::action::RegistryAction;

impl DossierApp {
    /// Carry out a registry action.
    pub fn registry_action(&mut self, a: RegistryAction) {
        match a {
            RegistryAction::Link(e, id) => self.link_entity(e, Some(id)),
            RegistryAction::Unlink(e) => self.link_entity(e, None),
            RegistryAction::NewFrom(e) => self.new_entry_from(e),
            RegistryAction::LinkAllClear => self.link_all_clear(),
            RegistryAction::Merge(from, into) => {
                let name = |id: &str, r: &crate::model::registry::Registry| {
                    r.get(id).map_or_else(|| id.to_owned(), |e| e.name.clone())
                };
                let label = self.ws.project.as_ref().map_or_else(String::new, |p| {
                    let r = &p.project.registry;
                    format!("Merged {} into {}", name(&from, r), name(&into, r))
                });
                self.reg_build(&label, |r| r.edit_merge(&from, &into));
            }
            RegistryAction::Split(id) => {
                let name = self
                    .ws
                    .project
                    .as_ref()
                    .and_then(|p| p.project.registry.get(&id))
                    .map(|e| e.name.clone());
                let label = format!("Split {} off", name.unwrap_or_default());
                self.reg_build(&label, |r| r.edit_split(&id));
            }
            RegistryAction::Rename(id, name) => {
                self.reg_build(&format!("Renamed to {name}"), |r| {
                    let mut e = r.get(&id).ok_or("no such registry entry")?.clone();
                    e.name = name.trim().to_owned();
                    Ok(RegEdit::Update(e))
                });
            }
            RegistryAction::Remove(id) => {
                self.reg_build("Removed an unused registry entry", |_| {
                    Ok(RegEdit::Remove(id))
                });
            }
            RegistryAction::Resolve(i, theirs) => self.resolve_reg_conflict(i, theirs),
            RegistryAction::Undo => self.reg_undo_redo(true),
            RegistryAction::Redo => self.reg_undo_redo(false),
            RegistryAction::Show(id) => {
                if let Some(op) = self.ws.project.as_mut() {
                    op.shown_entry = Some(id);
                }
                self.layout.show(crate::ui::layout::Pane::Registry);
            }
        }
    }

    fn link_entity(&mut self, e: crate::model::EntityId, id: Option<String>) {
        let (Some(op), Some(doc)) = (self.ws.project.as_ref(), self.ws.doc.as_ref()) else {
            return;
        };
        match reg::cmd_link(&doc.session, &op.project.registry, e, id.as_deref()) {
            Ok(cmd) => {
                self.edit(cmd);
            }
            Err(err) => self.status = format!("Not done: {err}"),
        }
    }

    fn new_entry_from(&mut self, e: crate::model::EntityId) {
        let (Some(op), Some(doc)) = (self.ws.project.as_ref(), self.ws.doc.as_ref()) else {
            return;
        };
        let Some(ent) = doc.session.entities.get(&e) else {
            return;
        };
        let entry = reg::entry_from(&op.project.registry, ent);
        let id = entry.id.clone();
        let label = format!("New registry entry {}", entry.name);
        if self.reg_apply(&label, RegEdit::Add(entry)) {
            self.link_entity(e, Some(id));
        }
    }

    /// Link every unlinked entity with exactly one proposal by KB id or name; one undo step.
    fn link_all_clear(&mut self) {
        let (Some(op), Some(doc)) = (self.ws.project.as_ref(), self.ws.doc.as_ref()) else {
            return;
        };
        let mut cmds = Vec::new();
        for e in doc
            .session
            .entities
            .values()
            .filter(|e| e.registry.is_none())
        {
            let p = op.index.proposals(&op.project.registry, e);
            if let [only] = p.as_slice()
                && only.why != reg::Why::Alias
                && let Ok(c) =
                    reg::cmd_link(&doc.session, &op.project.registry, e.id, Some(&only.id))
            {
                cmds.push(c);
            }
        }
        if cmds.is_empty() {
            self.status = "No entity has one clear registry match.".into();
            return;
        }
        let n = cmds.len();
        self.edit(crate::model::Command::batch(
            format!(
                "Link {} to the registry",
                crate::model::words::count(n, "entity")
            ),
            cmds,
        ));
    }

    fn reg_build(
        &mut self,
        what: &str,
        f: impl FnOnce(&crate::model::registry::Registry) -> Result<RegEdit, String>,
    ) {
        let Some(op) = self.ws.project.as_ref() else {
            return;
        };
        match f(&op.project.registry) {
            Ok(edit) => {
                self.reg_apply(what, edit);
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    /// Apply a registry change and save the project file; on any failure nothing changes.
    fn reg_apply(&mut self, label: &str, edit: RegEdit) -> bool {
        match self.reg_try(edit) {
            Ok(inv) => {
                if let Some(op) = self.ws.project.as_mut() {
                    op.reg_undo.push((label.to_owned(), inv));
                    op.reg_redo.clear();
                }
                self.status = label.to_owned();
                true
            }
            Err(e) => {
                self.status = format!("Not done: {e}");
                false
            }
        }
    }

    fn reg_try(&mut self, edit: RegEdit) -> Result<RegEdit, String> {
        let doc = self.ws.doc.as_ref();
        let op = self.ws.project.as_mut().ok_or("no project is open")?;
        let mut registry = op.project.registry.clone();
        let inv = {
            let linked = |id: &str| op.is_linked(id, doc);
            reg::apply_checked(&mut registry, edit, &linked)?
        };
        let mut p = op.project.clone();
        p.registry = registry;
        iop::save_project(&op.dir, &p).map_err(|e| e.to_string())?;
        op.index = RegistryIndex::new(&p.registry);
        op.reg_gen += 1;
        op.project = p;
        Ok(inv)
    }

    /// Settle a registry conflict a git merge recorded: their version replaces ours (their
    /// removal removes, unless an article links to the entry), or ours stays.
    fn resolve_reg_conflict(&mut self, i: usize, take_theirs: bool) {
        let Some(c) = self
            .ws
            .project
            .as_ref()
            .and_then(|p| p.project.conflicts.get(i).cloned())
        else {
            return;
        };
        if take_theirs {
            let edit = match c.theirs.clone() {
                Some(e) => RegEdit::Update(e),
                None => RegEdit::Remove(c.id.clone()),
            };
            if !self.reg_apply("Take their registry entry", edit) {
                return;
            }
        }
        let Some(op) = self.ws.project.as_mut() else {
            return;
        };
        let mut p = op.project.clone();
        p.conflicts.retain(|x| *x != c);
        match iop::save_project(&op.dir, &p) {
            Ok(()) => {
                op.project = p;
                self.status = "Registry conflict resolved".into();
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    fn reg_undo_redo(&mut self, undo: bool) {
        let Some(op) = self.ws.project.as_mut() else {
            return;
        };
        let stack = if undo {
            &mut op.reg_undo
        } else {
            &mut op.reg_redo
        };
        let Some((label, edit)) = stack.pop() else {
            self.status = "Nothing to undo in the registry.".into();
            return;
        };
        match self.reg_try(edit.clone()) {
            Ok(inv) => {
                if let Some(op) = self.ws.project.as_mut() {
                    let other = if undo {
                        &mut op.reg_redo
                    } else {
                        &mut op.reg_undo
                    };
                    other.push((label.clone(), inv));
                }
                self.status = format!("{} {label}", if undo { "Undid" } else { "Redid" });
            }
            Err(e) => {
                if let Some(op) = self.ws.project.as_mut() {
                    let back = if undo {
                        &mut op.reg_undo
                    } else {
                        &mut op.reg_redo
                    };
                    back.push((label, edit));
                }
                self.status = format!("Could not {}: {e}", if undo { "undo" } else { "redo" });
            }
        }
    }
}

/// The registry tab, with the shown entry's mentions in the articles open in this window.
pub(super) fn tab(
    ui: &mut egui::Ui,
    tab: &mut crate::ui::views::registry::RegistryTab,
    op: Option<&OpenProject>,
    shown_doc: &Document,
) -> Vec<crate::ui::Action> {
    use crate::ui::views::registry::{MentionRow, RegInput};
    let Some(op) = op else { return Vec::new() };
    let reg = &op.project.registry;
    let mut rows = Vec::new();
    let mut more = std::rc::Rc::default();
    let mut linked = 0;
    if let Some(id) = op
        .shown_entry
        .as_deref()
        .and_then(|i| reg.resolve(i))
        .map(|e| e.id.clone())
    {
        // The articles open in the window, found again only when one of them or the registry
        // changed: segmenting a long article into sentences every frame would cost the frame.
        let key = (
            id.clone(),
            op.reg_gen,
            op.current.clone(),
            shown_doc.history.state(),
            op.parked.len(),
        );
        if tab.open_rows.as_ref().is_none_or(|(k, ..)| *k != key) {
            let current = op.current.as_deref().map(|f| (f, shown_doc));
            let docs = current
                .into_iter()
                .chain(op.parked.iter().map(|(f, d)| (f.as_str(), d)));
            let mut docs: Vec<(&str, &Document)> = docs.collect();
            docs.sort_by_key(|(f, _)| *f);
            let (mut n_all, mut found_all) = (0, Vec::new());
            for (file, d) in docs {
                let (n, found) = reg::mentions_in(&d.session, reg, &id);
                n_all += n;
                found_all.extend(found.into_iter().map(|(start, context)| MentionRow {
                    file: file.to_owned(),
                    title: d.session.article.title.clone(),
                    start,
                    context,
                }));
            }
            tab.open_rows = Some((key, n_all, found_all));
        }
        if let Some((_, n, found)) = &tab.open_rows {
            linked += n;
            rows.clone_from(found);
        }
        let (n, found) = op.unopened_mentions(&id);
        linked += n;
        more = found;
    }
    let open = 1 + op.parked.len();
    let pending = if op.indexing.is_some() {
        op.project.articles.len().saturating_sub(open)
    } else {
        0
    };
    let input = RegInput {
        conflicts: &op.project.conflicts,
        reg,
        reg_gen: op.reg_gen,
        schema: &op.project.schema,
        shown: op.shown_entry.as_deref(),
        undo: op.reg_undo.last().map(|(l, _)| l.as_str()),
        redo: op.reg_redo.last().map(|(l, _)| l.as_str()),
        mentions: &rows,
        more_mentions: &more,
        pending,
        linked,
    };
    tab.show(ui, &input)
}

/// The selected entity's registry link, under the inspector, while a project is open.
pub(super) fn link(
    ui: &mut egui::Ui,
    op: Option<&OpenProject>,
    dv: crate::ui::views::DocView<'_>,
) -> Vec<crate::ui::Action> {
    let Some(op) = op else { return Vec::new() };
    let Some(e) = dv
        .selected_entity()
        .and_then(|e| dv.session.entities.get(&e))
    else {
        return Vec::new();
    };
    let out = crate::ui::views::registry::link_block(ui, &op.project.registry, &op.index, e);
    ui.separator();
    out
}
