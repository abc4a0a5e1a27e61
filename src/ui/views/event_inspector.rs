//! The event inspector (type, roles with their fillers, date, modality, confidence, grading,
//! note), shown in the Inspector view or in a window of its own, and the relation inspector.

use super::DocView;
use crate::model::session::Selection;
use crate::model::*;
use crate::ui::action::ToolAction;
use crate::ui::action::{Action, Armed, Sel};
use crate::ui::colors;
use egui::{RichText, Ui};

/// Edit buffers, valid for one event at one history state.
#[derive(Default)]
pub struct EventInspector {
    date: Option<(EventId, u64, String)>,
    /// The proposed date's Accept was clicked.
    accept: bool,
    note: Option<(EventId, u64, String)>,
}

impl EventInspector {
    /// The event's editor in a window of its own (double-click in the event list).
    pub fn window(&mut self, ctx: &egui::Context, doc: DocView<'_>, id: EventId) -> Vec<Action> {
        let mut open = true;
        let mut out = Vec::new();
        egui::Window::new("Edit event")
            .id(egui::Id::unique("event-editor"))
            .open(&mut open)
            .default_width(420.0)
            .show(ctx, |ui| out = self.show(ui, doc, id));
        if !open || !doc.session.events.contains_key(&id) {
            out.push(Action::EditEventInWindow(None));
        }
        out
    }

    pub fn show(&mut self, ui: &mut Ui, doc: DocView<'_>, id: EventId) -> Vec<Action> {
        let s = doc.session;
        let Some(ev) = s.events.get(&id) else {
            return vec![];
        };
        let mut out = Vec::new();
        let mut new_ev = ev.clone();
        let retype = header(ui, s, ev);
        ui.separator();
        if let Some(role) = roles(ui, doc, ev, &mut new_ev) {
            out.push(Action::Select(Sel::Item(Selection::Event(id))));
            out.push(Action::ArmRole(role));
        }
        ui.separator();
        self.fields(ui, doc, ev, &mut new_ev);
        if std::mem::take(&mut self.accept) {
            out.push(Action::Tool(ToolAction::AcceptDate(id)));
        }
        if ui.button("Delete event").clicked() {
            out.push(Action::Select(Sel::Item(Selection::Event(id))));
            out.push(Action::DeleteSelected);
        }
        if let Some(t) = retype {
            out.push(Action::Select(Sel::Item(Selection::Event(id))));
            out.push(Action::EventType(t));
        } else if new_ev != *ev {
            out.push(Action::Edit(Command::UpdateEvent(new_ev)));
        }
        out
    }

    /// Date, modality, confidence, grading and note.
    fn fields(&mut self, ui: &mut Ui, doc: DocView<'_>, ev: &Event, new_ev: &mut Event) {
        let (id, state) = (ev.id, doc.history.state());
        if !matches!(&self.date, Some((e, h, _)) if *e == id && *h == state) {
            let text = PartialDate::range_text(ev.date, ev.date_end);
            self.date = Some((id, state, text));
        }
        if !matches!(&self.note, Some((e, h, _)) if *e == id && *h == state) {
            self.note = Some((id, state, ev.note.clone()));
        }
        let (Some((_, _, date_buf)), Some((_, _, note_buf))) = (&mut self.date, &mut self.note)
        else {
            return;
        };
        let mut date_error = None;
        // Above the date it would fill, where it is seen without scrolling.
        proposal(ui, doc, ev, &mut self.accept);
        egui::Grid::new(("event-fields", id.0))
            .num_columns(2)
            .show(ui, |ui| {
                let l = ui.label("Date");
                let r = ui
                    .add(
                        egui::TextEdit::singleline(date_buf)
                            .hint_text("YYYY-MM-DD, YYYY-MM, YYYY or FROM..TO")
                            .desired_width(180.0),
                    )
                    .labelled_by(l.id);
                if r.lost_focus() {
                    match PartialDate::parse_range(date_buf) {
                        Ok(d) => {
                            (new_ev.date, new_ev.date_end) = (d.map(|x| x.0), d.and_then(|x| x.1));
                        }
                        Err(e) => date_error = Some(e),
                    }
                }
                ui.end_row();
                let l = ui.label("Modality");
                egui::ComboBox::from_id_salt(("modality", id.0))
                    .selected_text(new_ev.modality.label())
                    .show_ui(ui, |ui| {
                        for m in Modality::ALL {
                            ui.selectable_value(&mut new_ev.modality, m, m.label());
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Confidence");
                ui.horizontal(|ui| {
                    let mut has = new_ev.confidence.is_some();
                    ui.checkbox(&mut has, "set");
                    let mut v = new_ev.confidence.unwrap_or(50);
                    let slider = egui::Slider::new(&mut v, 0..=100)
                        .suffix(" %")
                        .show_value(false);
                    ui.add_enabled(has, slider).labelled_by(l.id);
                    let value = egui::DragValue::new(&mut v).range(0..=100).suffix(" %");
                    ui.add_enabled(has, value).labelled_by(l.id);
                    new_ev.confidence = has.then_some(v);
                });
                ui.end_row();
                let l = ui.label("Grading");
                ui.horizontal(|ui| grading(ui, id, new_ev, l.id));
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
    }
}

/// The event's label, trigger and type; returns a new type when the analyst picked one.
fn header(ui: &mut Ui, s: &Session, ev: &Event) -> Option<String> {
    let et = s.schema.event_type(&ev.event_type);
    let dark = ui.visuals().dark_mode;
    let color = colors::text(s.schema.event_color(&ev.event_type), dark);
    ui.label(crate::ui::bidi::text(
        ui,
        RichText::new(s.event_label(ev)).heading().color(color),
    ));
    let where_ = match ev.trigger {
        Some(t) => format!("trigger at characters {}–{}", t.start, t.end),
        None => "no trigger".to_owned(),
    };
    ui.label(RichText::new(where_).small().weak());
    super::provenance(ui, ev.made.as_ref());
    let mut ty = ev.event_type.clone();
    egui::ComboBox::from_label("Event type")
        .selected_text(super::type_name(et.map(|t| &t.name), &ev.event_type))
        .show_ui(ui, |ui| {
            for t in &s.schema.event_types {
                ui.selectable_value(&mut ty, t.id.clone(), &t.name);
            }
        });
    (ty != ev.event_type).then_some(ty)
}

/// Each role with its key and fillers; a click arms the role (returned), ✖ removes a filler.
fn roles(ui: &mut Ui, doc: DocView<'_>, ev: &Event, new_ev: &mut Event) -> Option<String> {
    let s = doc.session;
    let et = s.schema.event_type(&ev.event_type)?;
    let armed_role = match doc.armed {
        Some(Armed::Role { event, role }) if *event == ev.id => Some(role.as_str()),
        _ => None,
    };
    let mut arm = None;
    let mut remove = None;
    egui::Grid::new(("roles", ev.id.0))
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for role in &et.roles {
                let key = role.hotkey.map(|k| format!(" ({k})")).unwrap_or_default();
                let armed = armed_role == Some(role.id.as_str());
                let mark = if armed { "▶ " } else { "" };
                if ui
                    .selectable_label(armed, format!("{mark}{}{key}", role.name))
                    .on_hover_text(
                        "Arm this role, then click a mention, an entity or an event trigger",
                    )
                    .clicked()
                {
                    arm = Some(role.id.clone());
                }
                ui.horizontal_wrapped(|ui| {
                    let fillers = ev.arguments.iter().enumerate();
                    for (i, a) in fillers.filter(|(_, a)| a.role == role.id) {
                        ui.label(crate::ui::bidi::text(
                            ui,
                            RichText::new(s.filler_label(a.filler)).strong(),
                        ));
                        if ui
                            .small_button("×")
                            .on_hover_text("Remove this filler")
                            .clicked()
                        {
                            remove = Some(i);
                        }
                    }
                });
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        new_ev.arguments.remove(i);
    }
    arm
}

/// Admiralty grading: source reliability A–F and information credibility 1–6.
fn grading(ui: &mut Ui, id: EventId, ev: &mut Event, label: egui::Id) {
    let (mut r, mut c) = ev
        .grading
        .map(|g| (Some(g.reliability), g.credibility))
        .unwrap_or((None, 6));
    egui::ComboBox::from_id_salt(("reliability", id.0))
        .selected_text(r.map(|x| format!("{x:?}")).unwrap_or_else(|| "—".into()))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut r, None, "— not graded");
            for x in Reliability::ALL {
                ui.selectable_value(&mut r, Some(x), format!("{x:?}: {}", x.meaning()));
            }
        })
        .response
        .labelled_by(label)
        .on_hover_text("Reliability of the source, A (reliable) to F (cannot be judged)");
    ui.add_enabled_ui(r.is_some(), |ui| {
        egui::ComboBox::from_id_salt(("credibility", id.0))
            .selected_text(c.to_string())
            .show_ui(ui, |ui| {
                for x in 1..=6u8 {
                    let text = format!("{x}: {}", Grading::credibility_meaning(x));
                    ui.selectable_value(&mut c, x, text);
                }
            })
            .response
            .labelled_by(label)
            .on_hover_text("Credibility of the information, 1 (confirmed) to 6 (cannot be judged)");
    });
    ev.grading = r.map(|reliability| Grading {
        reliability,
        credibility: c,
    });
}

/// A relation: its ends, type (changeable), evidence, swap and delete.
pub fn relation(ui: &mut Ui, doc: DocView<'_>, id: RelationId) -> Vec<Action> {
    let s = doc.session;
    let Some(r) = s.relations.get(&id) else {
        return vec![];
    };
    let mut out = Vec::new();
    let name = |e: EntityId| s.entities.get(&e).map_or("", |x| x.name.as_str());
    ui.heading("Relation");
    let ends = RichText::new(format!("{} → {}", name(r.from), name(r.to))).strong();
    ui.label(crate::ui::bidi::text(ui, ends));
    super::provenance(ui, r.made.as_ref());
    let mut r2 = r.clone();
    egui::ComboBox::from_label("Relation type")
        .selected_text(super::type_name(
            s.schema.relation_type(&r.relation_type).map(|t| &t.name),
            &r.relation_type,
        ))
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
            out.push(Action::DeleteSelected);
        }
    });
    if r2 != *r {
        out.push(Action::Edit(Command::UpdateRelation(r2)));
    }
    out
}

/// The date the text proposes for the event, to accept with one key (Ctrl+D), or why none can be.
fn proposal(ui: &mut Ui, doc: DocView<'_>, ev: &Event, accept: &mut bool) {
    use crate::analysis::dates::{Resolved, propose};
    let Some(p) = propose(doc.session, ev) else {
        return;
    };
    let shown = match &p.found.value {
        Resolved::Date(d) => d.to_string(),
        Resolved::Range(a, b) => format!("{a}..{b}"),
        Resolved::Unresolved(why) => {
            ui.label(
                RichText::new(format!(
                    "“{}” ({}): not placed: {why}",
                    p.found.text, p.source
                ))
                .weak(),
            );
            return;
        }
    };
    let current = PartialDate::range_text(ev.date, ev.date_end);
    if current == shown {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("Proposed {shown}"));
        ui.label(RichText::new(format!("from “{}”, {}", p.found.text, p.source)).weak());
        if ui
            .button("Accept (Ctrl+D)")
            .on_hover_text("Set the event's date to the proposed one (undoable)")
            .clicked()
        {
            *accept = true;
        }
    });
}
