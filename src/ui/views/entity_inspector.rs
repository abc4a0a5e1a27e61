//! The entity inspector: name, aliases, knowledge-base id and note; its mentions; its relations
//! with a form to add one; merging another entity into it; deleting it.

use super::DocView;
use crate::model::session::Selection;
use crate::model::{Command, Entity, EntityId, Filler, Relation};
use crate::ui::action::{Action, Sel};
use crate::ui::colors;
use egui::{RichText, Ui};

/// Edit buffers for the entity shown, and the relation and merge forms.
#[derive(Default)]
pub struct EntityInspector {
    entity: Option<EntityId>,
    name: String,
    aliases: String,
    kb: String,
    note: String,
    rel_type: String,
    rel_target: Option<EntityId>,
    merge_with: Option<EntityId>,
    /// The entity's name, aliases, KB id and note as the fields were filled from them.
    loaded: Option<EntityFields>,
}

type EntityFields = (String, Vec<String>, Option<String>, String);

impl EntityInspector {
    pub fn show(&mut self, ui: &mut Ui, doc: DocView<'_>, id: EntityId) -> Vec<Action> {
        let s = doc.session;
        let Some(e) = s.entities.get(&id) else {
            return vec![];
        };
        let mut out = Vec::new();
        // Reloaded when another entity is shown, and when this one changed underneath the
        // fields (a merge added aliases, an undo took a name back).
        let fields = (
            e.name.clone(),
            e.aliases.clone(),
            e.kb_id.clone(),
            e.note.clone(),
        );
        if self.entity != Some(id) || self.loaded.as_ref() != Some(&fields) {
            *self = Self {
                loaded: Some(fields),
                entity: Some(id),
                name: e.name.clone(),
                aliases: e.aliases.join(", "),
                kb: e.kb_id.clone().unwrap_or_default(),
                note: e.note.clone(),
                ..Default::default()
            };
        }
        let ty = s.schema.entity_type(&e.entity_type);
        let color = colors::text(
            s.schema.entity_color(&e.entity_type),
            ui.visuals().dark_mode,
        );
        ui.label(crate::ui::bidi::text(
            ui,
            RichText::new(&e.name).heading().color(color),
        ));
        ui.label(super::type_name(ty.map(|t| &t.name), &e.entity_type));
        super::provenance(ui, e.made.as_ref());
        out.extend(self.fields(ui, e));
        ui.separator();
        out.extend(mentions(ui, doc, id));
        ui.separator();
        out.extend(self.relations(ui, doc, id));
        out.extend(self.merge(ui, doc, id));
        ui.separator();
        if ui.button("Delete entity…").clicked() {
            out.push(Action::ConfirmDeleteEntity(id));
        }
        out
    }

    /// The editable fields; a change is applied when the field loses focus.
    fn fields(&mut self, ui: &mut Ui, e: &Entity) -> Option<Action> {
        let mut commit = false;
        egui::Grid::new("entity-fields")
            .num_columns(2)
            .show(ui, |ui| {
                let rows: [(&str, &mut String, &str, bool); 4] = [
                    ("Name", &mut self.name, "", false),
                    ("Aliases", &mut self.aliases, "Comma-separated", false),
                    (
                        "KB id",
                        &mut self.kb,
                        "e.g. a Wikidata QID such as Q90",
                        false,
                    ),
                    ("Note", &mut self.note, "", true),
                ];
                for (label, buf, hint, multi) in rows {
                    let l = ui.label(label);
                    let edit = if multi {
                        ui.text_edit_multiline(buf)
                    } else {
                        ui.text_edit_singleline(buf)
                    };
                    let edit = edit.labelled_by(l.id);
                    let edit = if hint.is_empty() {
                        edit
                    } else {
                        edit.on_hover_text(hint)
                    };
                    commit |= edit.lost_focus();
                    ui.end_row();
                }
            });
        if !commit {
            return None;
        }
        let mut e2 = e.clone();
        e2.name = self.name.trim().to_owned();
        e2.aliases = self
            .aliases
            .split(',')
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        e2.kb_id = Some(self.kb.trim().to_owned()).filter(|k| !k.is_empty());
        e2.note = self.note.clone();
        (e2 != *e).then_some(Action::Edit(Command::UpdateEntity(e2)))
    }

    /// Its relations, and a form to add one.
    fn relations(&mut self, ui: &mut Ui, doc: DocView<'_>, id: EntityId) -> Vec<Action> {
        let s = doc.session;
        let name = |e: EntityId| s.filler_label(Filler::Entity(e));
        let rels: Vec<&Relation> = s.relations_of(id).collect();
        let mut out = Vec::new();
        ui.label(RichText::new(format!("Relations ({})", rels.len())).strong());
        for r in rels {
            let ty = super::type_name(
                s.schema.relation_type(&r.relation_type).map(|t| &t.name),
                &r.relation_type,
            );
            let text = if r.from == id {
                format!("{ty} → {}", name(r.to))
            } else {
                format!("{} → {ty} → this", name(r.from))
            };
            if ui
                .selectable_label(false, crate::ui::bidi::text(ui, text))
                .clicked()
            {
                out.push(Action::Select(Sel::Item(Selection::Relation(r.id))));
            }
        }
        if self.rel_type.is_empty() {
            self.rel_type = s
                .schema
                .relation_types
                .first()
                .map(|t| t.id.clone())
                .unwrap_or_default();
        }
        let others = others(doc, id, false);
        let mut add = false;
        ui.horizontal(|ui| {
            let l = ui.label("New relation");
            egui::ComboBox::from_id_salt("new-rel-type")
                .selected_text(
                    s.schema
                        .relation_type(&self.rel_type)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                )
                .show_ui(ui, |ui| {
                    for t in &s.schema.relation_types {
                        ui.selectable_value(&mut self.rel_type, t.id.clone(), &t.name);
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("to");
            pick_entity(ui, "rel-target", &mut self.rel_target, &others, &name).labelled_by(l.id);
            add = ui
                .add_enabled(self.rel_target.is_some(), egui::Button::new("Add relation"))
                .clicked();
        });
        if add && let Some(t) = self.rel_target {
            out.push(Action::AddRelation(self.rel_type.clone(), id, t));
        }
        out
    }

    /// Merge another entity of the same type into this one.
    fn merge(&mut self, ui: &mut Ui, doc: DocView<'_>, id: EntityId) -> Option<Action> {
        let s = doc.session;
        let name = |e: EntityId| s.filler_label(Filler::Entity(e));
        let same_type = others(doc, id, true);
        ui.label(RichText::new("Merge").strong());
        let mut merge = false;
        ui.horizontal(|ui| {
            let l = ui.label("Merge with");
            pick_entity(ui, "merge-target", &mut self.merge_with, &same_type, &name)
                .labelled_by(l.id);
            merge = ui
                .add_enabled(self.merge_with.is_some(), egui::Button::new("Merge into this"))
                .on_hover_text("Its mentions, event roles and relations move to this entity; its names become aliases")
                .clicked();
        });
        if !merge {
            return None;
        }
        self.merge_with
            .take()
            .map(|absorb| Action::MergeEntities(id, absorb))
    }
}

/// Its mentions in text order; a click shows one.
fn mentions(ui: &mut Ui, doc: DocView<'_>, id: EntityId) -> Option<Action> {
    let mentions: Vec<_> = doc
        .session
        .mentions_by_position()
        .into_iter()
        .filter(|m| m.entity == id)
        .collect();
    ui.label(crate::model::words::count(mentions.len(), "mention"));
    let mut out = None;
    for m in mentions {
        let text = crate::ui::bidi::text(ui, format!("“{}” at {}", m.quote, m.span.start));
        let r = ui.selectable_label(false, text);
        if r.clicked() {
            out = Some(Action::Reveal(
                Sel::Item(Selection::Mention(m.id)),
                m.span.start,
            ));
        }
    }
    out
}

/// The other entities by name (only those of the same type when `same_type`).
fn others(doc: DocView<'_>, id: EntityId, same_type: bool) -> Vec<(EntityId, String)> {
    let s = doc.session;
    let ty = s.entities.get(&id).map(|e| e.entity_type.as_str());
    let mut v: Vec<(EntityId, String)> = s
        .entities
        .values()
        .filter(|e| e.id != id && (!same_type || Some(e.entity_type.as_str()) == ty))
        .map(|e| (e.id, e.name.clone()))
        .collect();
    v.sort_by_key(|(_, n)| n.to_lowercase());
    v
}

fn pick_entity(
    ui: &mut Ui,
    salt: &str,
    choice: &mut Option<EntityId>,
    options: &[(EntityId, String)],
    name: &dyn Fn(EntityId) -> String,
) -> egui::Response {
    egui::ComboBox::from_id_salt(salt)
        .selected_text(choice.map(name).unwrap_or_else(|| "choose entity".into()))
        .show_ui(ui, |ui| {
            for (id, n) in options {
                ui.selectable_value(choice, Some(*id), n);
            }
        })
        .response
}
