//! The prompts, one function each: loading, recovery, a notice, unsaved changes, deleting an
//! entity, the shortcut list, and the hint shown while a file is dragged over the window.

use crate::io::recovery::{self, Orphan};
use crate::model::{EntityId, Filler, Session};
use crate::ui::action::{Action, GuardAnswer};
use crate::ui::commands::{COMMANDS, Keymap, display, schema_keys};
use egui::{Color32, RichText};
use std::path::Path;

/// A file being read on another thread, with Cancel.
pub fn loading(
    ctx: &egui::Context,
    verb: &str,
    path: &Path,
    bytes: u64,
    started: std::time::Instant,
    cancel: Action,
) -> Vec<Action> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mb, secs) = (bytes as f64 / 1_048_576.0, started.elapsed().as_secs_f32());
    let mut out = Vec::new();
    egui::Modal::new(egui::Id::unique("loading")).show(ctx, |ui| {
        ui.heading(format!("{verb} {name}"));
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("{mb:.1} MB · {secs:.1} s"));
        });
        ui.label("The open work stays as it is until this is done.");
        if ui.button("Cancel").clicked() {
            out.push(cancel);
        }
    });
    out
}

/// Work that earlier instances left unsaved: Restore or Discard each.
pub fn recovery(ctx: &egui::Context, orphans: &[Orphan]) -> Vec<Action> {
    let now = recovery::now();
    let mut out = Vec::new();
    let r = egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Recover unsaved work");
        ui.label("Dossier closed with changes that were not saved. They were kept:");
        for (i, o) in orphans.iter().enumerate() {
            ui.separator();
            let m = &o.meta;
            let ago = now.saturating_sub(m.written) / 60;
            ui.label(RichText::new(&m.title).strong());
            ui.label(format!(
                "written {} ({ago} min ago) · {}, {}, {}",
                recovery::format_time(m.written),
                crate::model::words::count(m.mentions, "mention"),
                crate::model::words::count(m.entities, "entity"),
                crate::model::words::count(m.events, "event")
            ));
            if let Some(p) = &m.original {
                ui.label(
                    RichText::new(format!("from {}", p.display()))
                        .small()
                        .weak(),
                );
            }
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    out.push(Action::RestoreOrphan(i));
                }
                if ui.button("Discard").clicked() {
                    out.push(Action::DiscardOrphan(i));
                }
            });
        }
    });
    if out.is_empty() && r.should_close() {
        // Closing the prompt keeps the files for next time.
        out.push(Action::KeepOrphans);
    }
    out
}

/// An error or a warning, until OK.
pub fn notice(ctx: &egui::Context, title: &str, body: &str) -> Vec<Action> {
    let r = egui::Modal::new(egui::Id::unique("notice")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(title);
        ui.label(body);
        ui.add_space(8.0);
        ui.button("OK").clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter))
    });
    if r.inner || r.should_close() {
        vec![Action::DismissNotice]
    } else {
        vec![]
    }
}

/// Unsaved changes before quitting or opening another file: Save, Discard or Cancel.
pub fn guard(ctx: &egui::Context, quitting: bool) -> Vec<Action> {
    let what = if quitting {
        "quitting"
    } else {
        "opening another file"
    };
    let mut answer = None;
    let r = egui::Modal::new(egui::Id::unique("guard")).show(ctx, |ui| {
        ui.heading("Unsaved changes");
        ui.label(format!(
            "This session has changes that are not saved. Save them before {what}?"
        ));
        ui.horizontal(|ui| {
            for (label, a) in [
                ("Save", GuardAnswer::Save),
                ("Discard", GuardAnswer::Discard),
                ("Cancel", GuardAnswer::Cancel),
            ] {
                if ui.button(label).clicked() {
                    answer = Some(a);
                }
            }
        });
    });
    if r.should_close() && answer.is_none() {
        answer = Some(GuardAnswer::Cancel);
    }
    answer.map(Action::AnswerGuard).into_iter().collect()
}

/// Deleting an entity, naming what goes with it.
pub fn confirm_delete(ctx: &egui::Context, s: &Session, id: EntityId) -> Vec<Action> {
    let name = s.entities.get(&id).map_or("", |e| e.name.as_str());
    let n = s.mentions_of(id).count();
    let events: Vec<String> = s
        .events_using(Filler::Entity(id))
        .map(|e| s.event_label(e))
        .collect();
    let rels = s.relations_of(id).count();
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
        ui.heading(format!("Delete {name}?"));
        ui.label(format!(
            "This removes its {} and {}.",
            crate::model::words::count(n, "mention"),
            crate::model::words::count(rels, "relation")
        ));
        if !events.is_empty() {
            ui.label("It is taken out of these events:");
            for e in &events {
                ui.label(format!("  • {e}"));
            }
        }
        ui.label("You can undo this.");
        ui.horizontal(|ui| {
            if ui.button("Delete").clicked() {
                answer = Some(Some(id));
            }
            if ui.button("Cancel").clicked() {
                answer = Some(None);
            }
        });
    });
    answer
        .map(Action::DeleteEntityAnswered)
        .into_iter()
        .collect()
}

/// What the mouse does, for the shortcut list.
const GESTURES: &[(&str, &str)] = &[
    (
        "Click",
        "select the word under the pointer; click a mention to select it",
    ),
    (
        "Click again",
        "select the word inside the selected mention (to nest a new one)",
    ),
    (
        "Shift+click, drag",
        "extend the selection over several words, across mentions",
    ),
    ("Alt+click / Alt+drag", "select exact characters"),
    (
        "Event list",
        "click a column header to sort; click a row to jump to its trigger; double-click to edit",
    ),
];

/// Every shortcut: the command table's (as remapped), the schema's keys, the mouse.
pub fn shortcuts(
    ctx: &egui::Context,
    keymap: &Keymap,
    schema: Option<&crate::model::Schema>,
) -> Vec<Action> {
    let mut open = true;
    let tall = (ctx.content_rect().height() - 140.0).max(200.0);
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().min_scrolled_height(tall).max_height(tall).show(ui, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    let mut row = |k: &str, what: &str| {
                        ui.strong(k);
                        ui.label(what);
                        ui.end_row();
                    };
                    for c in COMMANDS {
                        let keys: Vec<String> = keymap.shortcuts(c.id).iter().map(display).collect();
                        if !keys.is_empty() {
                            row(&keys.join(", "), &c.full_name());
                        }
                    }
                    if let Some(schema) = schema {
                        for (k, what) in schema_keys(schema) {
                            if let Some(k) = k {
                                row(&display(&k), &what);
                            }
                        }
                    }
                    row("Role key (event selected)", "arm a role (a Actor, r Recipient, …); then click mentions, entities or triggers to fill it");
                    row("Digit (mention selected)", "start a relation of that type; then click the other mention");
                    for (k, what) in GESTURES {
                        row(k, what);
                    }
                });
            });
        });
    if open {
        vec![]
    } else {
        vec![Action::ToggleShortcuts]
    }
}

/// A veil over the window while a file is dragged over it.
pub fn drop_hint(ctx: &egui::Context) {
    if !ctx.input(|i| !i.raw.hovered_files.is_empty()) {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop an article or a session to open it",
        egui::FontId::proportional(24.0),
        Color32::WHITE,
    );
}
