//! The event list (sortable, filterable) and the editors for events and relations.

use super::app::{Action, Armed, DossierApp};
use super::article_view::Sel;
use super::colors;
use crate::model::session::Selection;
use crate::model::summary::{EventRow, EventRowCache};
use crate::model::*;
use egui::{RichText, Ui};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortColumn {
    #[default]
    Position,
    Type,
    Actors,
    Recipients,
    Place,
    When,
    Trigger,
    Grading,
}

type ShownKey = (
    u64,
    Option<String>,
    Option<EntityId>,
    String,
    SortColumn,
    bool,
);

#[derive(Default)]
pub struct EventListState {
    pub sort: SortColumn,
    pub descending: bool,
    pub filter_type: Option<String>,
    pub filter_entity: Option<EntityId>,
    pub filter_text: String,
    /// All rows, kept in step with the session edit by edit.
    rows: EventRowCache,
    /// Bumped whenever a row changed, so that the shown rows know to follow.
    rows_version: u64,
    /// The filtered, sorted rows and what they were made for.
    shown: Option<(ShownKey, std::sync::Arc<Vec<EventRow>>)>,
    /// Event being edited in its own window (double-click on a row).
    pub editing: Option<EventId>,
    /// Edit buffers, valid for one event at one history state.
    date_buf: Option<(EventId, u64, String)>,
    note_buf: Option<(EventId, u64, String)>,
}

impl EventListState {
    /// The rows after filtering and sorting, as shown; recomputed only when the session, the
    /// filters or the sort changed.
    pub fn visible_rows(&mut self, s: &Session) -> std::sync::Arc<Vec<EventRow>> {
        let fresh = self.rows.update(s);
        if fresh {
            self.rows_version += 1;
        }
        let key = (
            self.rows_version,
            self.filter_type.clone(),
            self.filter_entity,
            self.filter_text.clone(),
            self.sort,
            self.descending,
        );
        if !fresh
            && let Some((k, rows)) = &self.shown
            && *k == key
        {
            return rows.clone();
        }
        let rows = std::sync::Arc::new(self.filter_and_sort());
        self.shown = Some((key, rows.clone()));
        rows
    }

    fn filter_and_sort(&self) -> Vec<EventRow> {
        let all = self.rows.rows();
        let text = self.filter_text.to_lowercase();
        let mut rows: Vec<EventRow> = all
            .iter()
            .filter(|r| self.filter_type.as_ref().is_none_or(|t| *t == r.type_id))
            .filter(|r| self.filter_entity.is_none_or(|e| r.entities.contains(&e)))
            .filter(|r| text.is_empty() || r.haystack().contains(&text))
            .cloned()
            .collect();
        let key = |r: &EventRow| -> String {
            match self.sort {
                SortColumn::Position => {
                    format!("{:012}", r.trigger_start.unwrap_or(usize::MAX / 2))
                }
                SortColumn::Type => r.type_name.to_lowercase(),
                SortColumn::Actors => r.actors.join(";").to_lowercase(),
                SortColumn::Recipients => r.recipients.join(";").to_lowercase(),
                SortColumn::Place => r.places.join(";").to_lowercase(),
                SortColumn::When => r
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| r.when())
                    .to_lowercase(),
                SortColumn::Trigger => r.trigger.to_lowercase(),
                SortColumn::Grading => r
                    .grading
                    .map(|g| g.to_string())
                    .unwrap_or_else(|| "~".into()),
            }
        };
        // Stable: equal keys stay in text order.
        rows.sort_by_cached_key(|r| key(r));
        if self.descending {
            rows.reverse();
        }
        rows
    }
}

impl DossierApp {
    pub(crate) fn event_table(&mut self, ui: &mut Ui) {
        use egui_extras::{Column, TableBuilder};
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let selected = match doc.sel {
            Sel::Item(Selection::Event(e)) => Some(e),
            _ => None,
        };
        // Filters.
        ui.horizontal(|ui| {
            let st = &mut self.events_ui;
            let type_label = st
                .filter_type
                .as_ref()
                .and_then(|t| s.schema.event_type(t))
                .map(|t| t.name.clone())
                .unwrap_or_else(|| "All types".into());
            let l = ui.label("Show type");
            egui::ComboBox::from_id_salt("filter-type")
                .selected_text(type_label)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut st.filter_type, None, "All types");
                    for t in &s.schema.event_types {
                        ui.selectable_value(&mut st.filter_type, Some(t.id.clone()), &t.name);
                    }
                })
                .response
                .labelled_by(l.id);
            let ent_label = st
                .filter_entity
                .and_then(|e| s.entities.get(&e))
                .map(|e| e.name.clone())
                .unwrap_or_else(|| "All entities".into());
            let l = ui.label("Involving");
            egui::ComboBox::from_id_salt("filter-entity")
                .selected_text(ent_label)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut st.filter_entity, None, "All entities");
                    let mut ents: Vec<&Entity> = s.entities.values().collect();
                    ents.sort_by_key(|e| e.name.to_lowercase());
                    for e in ents {
                        ui.selectable_value(&mut st.filter_entity, Some(e.id), &e.name);
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("Search");
            ui.add(egui::TextEdit::singleline(&mut st.filter_text).desired_width(160.0))
                .labelled_by(l.id);
            if ui.button("Clear filters").clicked() {
                st.filter_type = None;
                st.filter_entity = None;
                st.filter_text.clear();
            }
        });
        let rows = self.events_ui.visible_rows(s);
        // A click anywhere on a row selects it, text included.
        ui.style_mut().interaction.selectable_labels = false;
        let total = s.events.len();
        let mut clicked = None;
        let mut double = None;
        let mut sort_by = None;
        let header = [
            ("Type", SortColumn::Type),
            ("Actor", SortColumn::Actors),
            ("Recipient", SortColumn::Recipients),
            ("Place", SortColumn::Place),
            ("When", SortColumn::When),
            ("Trigger", SortColumn::Trigger),
            ("Grading", SortColumn::Grading),
        ];
        let (cur, desc) = (self.events_ui.sort, self.events_ui.descending);
        let dark = ui.visuals().dark_mode;
        if rows.is_empty() {
            ui.label(
                RichText::new(if total == 0 {
                    "No events yet. Select the words that say what happened (“strike”, “accused”) and press Shift and the event type's key."
                } else {
                    "No event matches the filters."
                })
                .weak(),
            );
        }
        TableBuilder::new(ui)
            .id_salt("event-table")
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::initial(110.0).resizable(true))
            .column(Column::initial(170.0).resizable(true).clip(true))
            .column(Column::initial(170.0).resizable(true).clip(true))
            .column(Column::initial(130.0).resizable(true).clip(true))
            .column(Column::initial(130.0).resizable(true).clip(true))
            .column(Column::initial(120.0).resizable(true).clip(true))
            .column(Column::remainder())
            .header(20.0, |mut h| {
                for (name, col) in header {
                    h.col(|ui| {
                        let arrow = if cur == col {
                            if desc { " ▼" } else { " ▲" }
                        } else {
                            ""
                        };
                        if ui
                            .add(
                                egui::Button::new(RichText::new(format!("{name}{arrow}")).strong())
                                    .frame(false),
                            )
                            .on_hover_text("Sort by this column")
                            .clicked()
                        {
                            sort_by = Some(col);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, rows.len(), |mut row| {
                    let r = &rows[row.index()];
                    row.set_selected(selected == Some(r.id));
                    let color = s
                        .schema
                        .event_type(&r.type_id)
                        .map(|t| t.color.0)
                        .unwrap_or([128; 3]);
                    row.col(|ui| {
                        ui.label(
                            RichText::new(&r.type_name)
                                .color(colors::text(color, dark))
                                .strong(),
                        );
                    });
                    for cell in [
                        r.actors.join("; "),
                        r.recipients.join("; "),
                        r.places.join("; "),
                        r.when(),
                    ] {
                        row.col(|ui| {
                            ui.label(cell);
                        });
                    }
                    row.col(|ui| {
                        ui.label(format!("“{}”", r.trigger));
                    });
                    row.col(|ui| {
                        ui.label(r.grading.map(|g| g.to_string()).unwrap_or_default());
                    });
                    let resp = row.response();
                    if resp.double_clicked() {
                        double = Some(r.id);
                    } else if resp.clicked() {
                        clicked = Some((r.id, r.trigger_start));
                    }
                });
            });
        if let Some(col) = sort_by {
            let st = &mut self.events_ui;
            if st.sort == col {
                st.descending = !st.descending;
            } else {
                st.sort = col;
                st.descending = false;
            }
        }
        if let Some((id, start)) = clicked {
            let sel = Sel::Item(Selection::Event(id));
            match start {
                Some(c) => self.push(Action::Reveal(sel, c)),
                None => self.push(Action::Select(sel)),
            }
        }
        if let Some(id) = double {
            self.push(Action::Select(Sel::Item(Selection::Event(id))));
            self.events_ui.editing = Some(id);
        }
    }

    /// The editor for one event: type, trigger, roles and their fillers, date, modality,
    /// confidence, grading, note. Every change is a command.
    pub(crate) fn event_editor(&mut self, ui: &mut Ui, id: EventId) {
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let Some(ev) = s.events.get(&id).cloned() else {
            return;
        };
        let et = s.schema.event_type(&ev.event_type).cloned();
        let color = et.as_ref().map(|t| t.color.0).unwrap_or([128; 3]);
        let dark = ui.visuals().dark_mode;
        ui.heading(RichText::new(s.event_label(&ev)).color(colors::text(color, dark)));
        match ev.trigger {
            Some(t) => ui.label(
                RichText::new(format!("trigger at characters {}–{}", t.start, t.end))
                    .small()
                    .weak(),
            ),
            None => ui.label(RichText::new("no trigger").small().weak()),
        };
        let mut new_ev = ev.clone();
        let mut ty = ev.event_type.clone();
        egui::ComboBox::from_label("Event type")
            .selected_text(et.as_ref().map(|t| t.name.clone()).unwrap_or(ty.clone()))
            .show_ui(ui, |ui| {
                for t in &s.schema.event_types {
                    ui.selectable_value(&mut ty, t.id.clone(), &t.name);
                }
            });
        let retype = (ty != ev.event_type).then_some(ty);
        ui.separator();
        let armed_role = match &self.armed {
            Some(Armed::Role { event, role }) if *event == id => Some(role.clone()),
            _ => None,
        };
        let mut arm = None;
        let mut remove = None;
        if let Some(et) = &et {
            egui::Grid::new(("roles", id.0)).num_columns(2).striped(true).show(ui, |ui| {
                for role in &et.roles {
                    let key = role.hotkey.map(|k| format!(" ({k})")).unwrap_or_default();
                    let armed = armed_role.as_deref() == Some(role.id.as_str());
                    let text = if armed { format!("▶ {}{key}", role.name) } else { format!("{}{key}", role.name) };
                    if ui
                        .selectable_label(armed, text)
                        .on_hover_text("Arm this role, then click a mention, an entity or an event trigger")
                        .clicked()
                    {
                        arm = Some(role.id.clone());
                    }
                    ui.horizontal_wrapped(|ui| {
                        for (i, a) in ev.arguments.iter().enumerate().filter(|(_, a)| a.role == role.id) {
                            let label = s.filler_label(a.filler);
                            ui.label(RichText::new(label).strong());
                            if ui.small_button("✖").on_hover_text("Remove this filler").clicked() {
                                remove = Some(i);
                            }
                        }
                    });
                    ui.end_row();
                }
            });
        }
        if let Some(i) = remove {
            new_ev.arguments.remove(i);
        }
        ui.separator();
        let state = doc.history.state();
        let st = &mut self.events_ui;
        if !matches!(&st.date_buf, Some((e, h, _)) if *e == id && *h == state) {
            st.date_buf = Some((
                id,
                state,
                ev.date.map(|d| d.to_string()).unwrap_or_default(),
            ));
        }
        if !matches!(&st.note_buf, Some((e, h, _)) if *e == id && *h == state) {
            st.note_buf = Some((id, state, ev.note.clone()));
        }
        let (Some((_, _, date_buf)), Some((_, _, note_buf))) = (&mut st.date_buf, &mut st.note_buf)
        else {
            return;
        };
        let mut date_error = None;
        egui::Grid::new(("event-fields", id.0))
            .num_columns(2)
            .show(ui, |ui| {
                let l = ui.label("Date");
                let r = ui
                    .add(
                        egui::TextEdit::singleline(date_buf)
                            .hint_text("YYYY, YYYY-MM or YYYY-MM-DD")
                            .desired_width(140.0),
                    )
                    .labelled_by(l.id);
                if r.lost_focus() {
                    let t = date_buf.trim();
                    if t.is_empty() {
                        new_ev.date = None;
                    } else {
                        match t.parse::<PartialDate>() {
                            Ok(d) => new_ev.date = Some(d),
                            Err(e) => date_error = Some(e),
                        }
                    }
                }
                ui.end_row();
                ui.label("Modality");
                egui::ComboBox::from_id_salt(("modality", id.0))
                    .selected_text(new_ev.modality.label())
                    .show_ui(ui, |ui| {
                        for m in Modality::ALL {
                            ui.selectable_value(&mut new_ev.modality, m, m.label());
                        }
                    });
                ui.end_row();
                ui.label("Confidence");
                ui.horizontal(|ui| {
                    let mut has = new_ev.confidence.is_some();
                    ui.checkbox(&mut has, "set");
                    let mut v = new_ev.confidence.unwrap_or(50);
                    ui.add_enabled(has, egui::Slider::new(&mut v, 0..=100).suffix(" %"));
                    new_ev.confidence = has.then_some(v);
                });
                ui.end_row();
                ui.label("Grading");
                ui.horizontal(|ui| {
                    let (mut r, mut c) = new_ev
                        .grading
                        .map(|g| (Some(g.reliability), g.credibility))
                        .unwrap_or((None, 6));
                    egui::ComboBox::from_id_salt(("reliability", id.0))
                        .selected_text(r.map(|x| format!("{x:?}")).unwrap_or_else(|| "—".into()))
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut r, None, "— not graded");
                            for x in Reliability::ALL {
                                ui.selectable_value(
                                    &mut r,
                                    Some(x),
                                    format!("{x:?}: {}", x.meaning()),
                                );
                            }
                        });
                    ui.add_enabled_ui(r.is_some(), |ui| {
                        egui::ComboBox::from_id_salt(("credibility", id.0))
                            .selected_text(c.to_string())
                            .show_ui(ui, |ui| {
                                for x in 1..=6u8 {
                                    ui.selectable_value(
                                        &mut c,
                                        x,
                                        format!("{x}: {}", Grading::credibility_meaning(x)),
                                    );
                                }
                            });
                    });
                    new_ev.grading = r.map(|reliability| Grading {
                        reliability,
                        credibility: c,
                    });
                });
                ui.end_row();
            });
        if let Some(e) = date_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        let l = ui.label("Note");
        if ui
            .add(egui::TextEdit::multiline(note_buf).desired_rows(2))
            .labelled_by(l.id)
            .lost_focus()
        {
            new_ev.note = note_buf.clone();
        }
        ui.horizontal(|ui| {
            if ui.button("Delete event").clicked() {
                self.actions
                    .push(Action::Select(Sel::Item(Selection::Event(id))));
                self.actions.push(Action::DeleteSelected);
            }
        });
        if let Some(t) = retype {
            self.push(Action::Select(Sel::Item(Selection::Event(id))));
            self.push(Action::EventType(t));
        } else if new_ev != ev {
            self.push(Action::Edit(Command::UpdateEvent(new_ev)));
        }
        if let Some(r) = arm {
            self.push(Action::Select(Sel::Item(Selection::Event(id))));
            self.push(Action::ArmRole(r));
        }
    }

    pub(crate) fn relation_editor(&mut self, ui: &mut Ui, id: RelationId) {
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let Some(r) = s.relations.get(&id).cloned() else {
            return;
        };
        let name = |e: EntityId| {
            s.entities
                .get(&e)
                .map(|x| x.name.clone())
                .unwrap_or_default()
        };
        ui.heading("Relation");
        ui.label(RichText::new(format!("{} → {}", name(r.from), name(r.to))).strong());
        let mut r2 = r.clone();
        egui::ComboBox::from_label("Relation type")
            .selected_text(
                s.schema
                    .relation_type(&r.relation_type)
                    .map(|t| t.name.clone())
                    .unwrap_or(r.relation_type.clone()),
            )
            .show_ui(ui, |ui| {
                for t in &s.schema.relation_types {
                    ui.selectable_value(&mut r2.relation_type, t.id.clone(), &t.name);
                }
            });
        if let Some(e) = r.evidence {
            ui.label(format!(
                "Evidence: “{}”",
                s.article.slice(e).unwrap_or_default()
            ));
        }
        ui.horizontal(|ui| {
            if ui.button("Swap direction").clicked() {
                std::mem::swap(&mut r2.from, &mut r2.to);
                std::mem::swap(&mut r2.from_mention, &mut r2.to_mention);
            }
            if ui.button("Delete relation").clicked() {
                self.actions.push(Action::DeleteSelected);
            }
        });
        if r2 != r {
            self.push(Action::Edit(Command::UpdateRelation(r2)));
        }
    }
}
