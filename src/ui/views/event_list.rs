//! The event list: one row per event (type, actors, recipients, place, when, trigger, grading),
//! sortable by any column and filtered by type, entity or text.

use super::DocView;
use crate::model::session::Selection;
use crate::model::summary::{EventRow, EventRowCache};
use crate::model::*;
use crate::ui::action::{Action, Sel};
use crate::ui::colors;
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
pub struct EventList {
    pub sort: SortColumn,
    pub descending: bool,
    pub filter_type: Option<String>,
    pub filter_entity: Option<EntityId>,
    pub filter_text: String,
    /// All rows, kept in step with the session edit by edit.
    rows: EventRowCache,
    /// Bumped whenever a row changed, so that the shown rows know to follow.
    rows_version: u64,
    /// The filtered, sorted rows (their places in `rows`: a copy of 20,000 rows took 9 MB) and
    /// what they were made for.
    shown: Option<(ShownKey, std::sync::Arc<[u32]>)>,
    /// Event being edited in its own window (double-click on a row).
    pub editing: Option<EventId>,
}

impl EventList {
    /// The rows after filtering and sorting, as shown; recomputed only when the session, the
    /// filters or the sort changed.
    pub fn visible_rows(&mut self, s: &Session) -> Vec<&EventRow> {
        let order = self.shown_order(s);
        let all = self.rows.rows();
        order.iter().filter_map(|&i| all.get(i as usize)).collect()
    }

    /// Where the rows shown are in all the rows, in the order shown.
    fn shown_order(&mut self, s: &Session) -> std::sync::Arc<[u32]> {
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
        let rows: std::sync::Arc<[u32]> = self.filter_and_sort().into();
        self.shown = Some((key, rows.clone()));
        rows
    }

    fn filter_and_sort(&self) -> Vec<u32> {
        let all = self.rows.rows();
        let text = self.filter_text.to_lowercase();
        let mut rows: Vec<u32> = (0..all.len() as u32)
            .filter(|&i| {
                let r = &all[i as usize];
                self.filter_type.as_ref().is_none_or(|t| *t == r.type_id)
                    && self.filter_entity.is_none_or(|e| r.entities.contains(&e))
                    && (text.is_empty() || r.haystack().contains(&text))
            })
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
        rows.sort_by_cached_key(|&i| key(&all[i as usize]));
        if self.descending {
            rows.reverse();
        }
        rows
    }
}

impl EventList {
    pub fn show(&mut self, ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
        self.filters(ui, doc.session);
        self.table(ui, doc)
    }

    /// Filter by type, by an entity involved, or by text.
    fn filters(&mut self, ui: &mut Ui, s: &Session) {
        ui.horizontal(|ui| {
            let st = self;
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
    }

    fn table(&mut self, ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
        let s = doc.session;
        let order = self.shown_order(s);
        // A click anywhere on a row selects it, text included.
        ui.style_mut().interaction.selectable_labels = false;
        if order.is_empty() {
            let hint = if s.events.is_empty() {
                "No events yet. Select the words that say what happened (“strike”, “accused”) and press Shift and the event type's key."
            } else {
                "No event matches the filters."
            };
            ui.label(RichText::new(hint).weak());
        }
        let picked = super::in_tile(ui, "event-table-sideways", |ui| {
            self.columns(ui, &order, doc)
        });
        let TableClicks {
            row: clicked,
            double,
            sort_by,
        } = picked;
        if let Some(col) = sort_by {
            if self.sort == col {
                self.descending = !self.descending;
            } else {
                self.sort = col;
                self.descending = false;
            }
        }
        let mut out = Vec::new();
        if let Some((id, start)) = clicked {
            let sel = Sel::Item(Selection::Event(id));
            out.push(match start {
                Some(c) => Action::Reveal(sel, c),
                None => Action::Select(sel),
            });
        }
        if let Some(id) = double {
            out.push(Action::Select(Sel::Item(Selection::Event(id))));
            out.push(Action::EditEventInWindow(Some(id)));
        }
        out
    }
}

/// The columns, each sortable.
const HEADER: [(&str, SortColumn); 7] = [
    ("Type", SortColumn::Type),
    ("Actor", SortColumn::Actors),
    ("Recipient", SortColumn::Recipients),
    ("Place", SortColumn::Place),
    ("When", SortColumn::When),
    ("Trigger", SortColumn::Trigger),
    ("Grading", SortColumn::Grading),
];

impl EventList {
    /// A column heading with the sort arrow; true when clicked.
    /// The table itself: a header that sorts, one row per event.
    fn columns(&self, ui: &mut Ui, order: &[u32], doc: DocView<'_>) -> TableClicks {
        use egui_extras::{Column, TableBuilder};
        let s = doc.session;
        let selected = doc.sel.event();
        let dark = ui.visuals().dark_mode;
        let mut t = TableClicks::default();
        TableBuilder::new(ui)
            .id_salt("event-table")
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::initial(110.0).resizable(true))
            .columns(Column::initial(170.0).resizable(true).clip(true), 2)
            .columns(Column::initial(130.0).resizable(true).clip(true), 2)
            .column(Column::initial(120.0).resizable(true).clip(true))
            .column(Column::remainder().at_least(60.0))
            .header(20.0, |mut h| {
                for (name, col) in HEADER {
                    h.col(|ui| {
                        if self.header_cell(ui, name, col) {
                            t.sort_by = Some(col);
                        }
                    });
                }
            })
            .body(|body| {
                let all = self.rows.rows();
                body.rows(20.0, order.len(), |mut row| {
                    let Some(r) = order.get(row.index()).and_then(|&i| all.get(i as usize)) else {
                        return;
                    };
                    row.set_selected(selected == Some(r.id));
                    let color = colors::text(s.schema.event_color(&r.type_id), dark);
                    row_cells(&mut row, r, color);
                    let resp = row.response();
                    if resp.double_clicked() {
                        t.double = Some(r.id);
                    } else if resp.clicked() {
                        t.row = Some((r.id, r.trigger_start));
                    }
                });
            });
        t
    }

    fn header_cell(&self, ui: &mut Ui, name: &str, col: SortColumn) -> bool {
        let arrow = match (self.sort == col, self.descending) {
            (false, _) => "",
            (true, true) => " ▼",
            (true, false) => " ▲",
        };
        let text = RichText::new(format!("{name}{arrow}")).strong();
        ui.add(egui::Button::new(text).frame(false))
            .on_hover_text("Sort by this column")
            .clicked()
    }
}

/// What the analyst did in the table this frame.
#[derive(Default)]
struct TableClicks {
    /// A row clicked: its event and trigger's start.
    row: Option<(crate::model::EventId, Option<usize>)>,
    /// A row double-clicked (to edit it in a window).
    double: Option<crate::model::EventId>,
    /// A header clicked.
    sort_by: Option<SortColumn>,
}

/// One event's cells.
fn row_cells(row: &mut egui_extras::TableRow<'_, '_>, r: &EventRow, color: egui::Color32) {
    row.col(|ui| {
        ui.label(RichText::new(&r.type_name).color(color).strong());
    });
    for cell in [
        r.actors.join("; "),
        r.recipients.join("; "),
        r.places.join("; "),
        r.when(),
    ] {
        row.col(|ui| {
            ui.label(crate::ui::bidi::text(ui, cell));
        });
    }
    row.col(|ui| {
        ui.label(crate::ui::bidi::text(ui, format!("“{}”", r.trigger)));
    });
    row.col(|ui| {
        ui.label(r.grading.map(|g| g.to_string()).unwrap_or_default());
    });
}
