//! The inspector: what is selected — text, a mention, an entity, an event or a relation — with
//! its fields. Entities and events have inspectors of their own.

use super::entity_inspector::EntityInspector;
use super::event_inspector::EventInspector;
use super::{DocView, not_done};
use crate::model::session::Selection;
use crate::model::{EventId, Mention};
use crate::ui::action::{Action, Sel};
use egui::{RichText, Ui};

pub fn show(
    ui: &mut Ui,
    doc: DocView<'_>,
    entities: &mut EntityInspector,
    events: &mut EventInspector,
    in_window: Option<EventId>,
) -> Vec<Action> {
    let s = doc.session;
    match doc.sel {
        Sel::None => {
            ui.heading("Nothing selected");
            ui.label("Click a word, then press a type key (the strip over the text lists them) to annotate it. F1 lists all shortcuts.");
            vec![]
        }
        Sel::Text { span, .. } => {
            ui.heading("Selected text");
            let before: Vec<&str> = doc
                .pieces
                .iter()
                .map(|p| s.article.slice(*p).unwrap_or_default())
                .collect();
            let this = s.article.slice(span).unwrap_or_default();
            if before.is_empty() {
                ui.label(crate::ui::bidi::text(ui, format!("“{this}”")));
            } else {
                let pieces = format!(
                    "“{} … {this}” ({} pieces)",
                    before.join(" … "),
                    before.len() + 1
                );
                ui.label(crate::ui::bidi::text(ui, pieces));
            }
            ui.label(
                RichText::new(format!("characters {}–{}", span.start, span.end))
                    .small()
                    .weak(),
            );
            ui.label("Press a type key or click a type in the strip over the text to annotate it. Ctrl+click or Ctrl+drag adds a piece (\u{201c}left … hand\u{201d}).");
            vec![]
        }
        Sel::Item(Selection::Mention(id)) => match s.mentions.get(&id) {
            Some(m) => mention(ui, doc, m),
            None => vec![],
        },
        Sel::Item(Selection::Entity(id)) => entities.show(ui, doc, id),
        Sel::Item(Selection::Event(id)) if in_window == Some(id) => {
            ui.heading("Event");
            ui.label("Being edited in its own window.");
            vec![]
        }
        Sel::Item(Selection::Event(id)) => events.show(ui, doc, id),
        Sel::Item(Selection::Relation(id)) => super::event_inspector::relation(ui, doc, id),
    }
}

/// A mention: its text, type and entity (both changeable), split, delete.
fn mention(ui: &mut Ui, doc: DocView<'_>, m: &Mention) -> Vec<Action> {
    let s = doc.session;
    let mut out = Vec::new();
    ui.heading("Mention");
    ui.label(crate::ui::bidi::text(
        ui,
        RichText::new(format!("“{}”", m.quote)).size(16.0),
    ));
    ui.label(RichText::new(place(m)).small().weak());
    super::provenance(ui, m.made.as_ref());
    let mut ty = m.entity_type.clone();
    egui::ComboBox::from_label("Type")
        .selected_text(super::type_name(
            s.schema.entity_type(&ty).map(|t| &t.name),
            &m.entity_type,
        ))
        .show_ui(ui, |ui| {
            for t in &s.schema.entity_types {
                ui.selectable_value(&mut ty, t.id.clone(), &t.name);
            }
        });
    if ty != m.entity_type {
        out.push(Action::EntityType(ty));
    }
    let mut ent = m.entity;
    let current = s.entities.get(&m.entity).map_or("", |e| e.name.as_str());
    egui::ComboBox::from_label("Entity")
        .selected_text(current)
        .show_ui(ui, |ui| {
            for e in s
                .entities
                .values()
                .filter(|e| e.entity_type == m.entity_type)
            {
                ui.selectable_value(&mut ent, e.id, &e.name);
            }
        });
    if ent != m.entity {
        out.push(match s.cmd_link_mention(m.id, ent) {
            Ok(cmd) => Action::Edit(cmd),
            Err(e) => not_done(e),
        });
    }
    let shared = s.mentions_of(m.entity).count() > 1;
    ui.horizontal(|ui| {
        if ui.button("Show entity").clicked() {
            out.push(Action::Select(Sel::Item(Selection::Entity(m.entity))));
        }
        if ui
            .add_enabled(shared, egui::Button::new("Split into new entity"))
            .on_hover_text(
                "This mention is about something else than the other mentions of its entity",
            )
            .clicked()
        {
            out.push(Action::SplitMention(m.id));
        }
        if ui.button("Delete mention").clicked() {
            out.push(Action::DeleteSelected);
        }
    });
    notes_and_attributes(ui, m);
    ui.label(
        RichText::new("Press a relation key (1–9, see the entity's relations) then click the other mention to link them.")
            .small()
            .weak(),
    );
    out
}

/// Where a mention is: its characters, piece by piece for a split one.
fn place(m: &Mention) -> String {
    if m.fragments.is_empty() {
        return format!("characters {}–{}", m.span.start, m.span.end);
    }
    let pieces: Vec<String> = m
        .fragments
        .iter()
        .map(|f| format!("{}–{}", f.start, f.end))
        .collect();
    format!(
        "characters {} ({} pieces)",
        pieces.join("; "),
        m.fragments.len()
    )
}

/// What an imported mention carries besides its type: its note and attributes (read only).
fn notes_and_attributes(ui: &mut Ui, m: &Mention) {
    if !m.note.is_empty() {
        ui.label(format!("Note: {}", m.note));
    }
    for (k, v) in &m.attributes {
        let text = if v.is_empty() {
            k.clone()
        } else {
            format!("{k}: {v}")
        };
        ui.label(RichText::new(text).small());
    }
}
