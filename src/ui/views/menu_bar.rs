//! The menu bar, generated from the command table: each command sits in its menu with its
//! shortcut and tooltip; Recent, Samples and the text size are added where they belong.

use super::Context;
use crate::io::samples::SAMPLES;
use crate::ui::action::Action;
use crate::ui::commands::{COMMANDS, CommandDef, CommandId};
use crate::ui::layout::{MapPlace, NamedLayout};
use crate::ui::prefs::Prefs;
use egui::Ui;

/// The top-level menus, in order.
const MENUS: [&str; 6] = ["File", "Project", "Edit", "Compare", "View", "Help"];

/// A separator goes before these commands.
const SEPARATE_BEFORE: [CommandId; 10] = [
    CommandId::ImportBrat,
    CommandId::AddToProject,
    CommandId::ShowInspector,
    CommandId::Save,
    CommandId::Quit,
    CommandId::Find,
    CommandId::DeleteSelected,
    CommandId::ShowMap,
    CommandId::MapWindow,
    CommandId::ZoomIn,
];

pub fn show(ui: &mut Ui, cx: &Context<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in MENUS {
            ui.menu_button(menu, |ui| menu_items(ui, menu, cx, &mut out));
        }
    });
    out
}

/// The items of `menu` (a top-level menu or a submenu path such as "File/Export").
fn menu_items(ui: &mut Ui, menu: &str, cx: &Context<'_>, out: &mut Vec<Action>) {
    let mut submenus_done: Vec<&str> = Vec::new();
    for c in COMMANDS {
        if c.menu == menu {
            if SEPARATE_BEFORE.contains(&c.id) {
                ui.separator();
            }
            item(ui, c, cx, out);
            if c.id == CommandId::OpenSession {
                recent_and_samples(ui, cx.prefs, out);
            }
        } else if let Some(rest) = c.menu.strip_prefix(menu).and_then(|r| r.strip_prefix('/')) {
            // A submenu: drawn once, where its first command is.
            let name = rest.split('/').next().unwrap_or(rest);
            if submenus_done.contains(&name) {
                continue;
            }
            submenus_done.push(name);
            let path = &c.menu[..menu.len() + 1 + name.len()];
            let enabled = !c.id.needs_document() || cx.doc.is_some();
            ui.add_enabled_ui(enabled, |ui| {
                ui.menu_button(name, |ui| menu_items(ui, path, cx, out));
            });
        }
    }
    if menu == "View" {
        ui.separator();
        ui.horizontal(|ui| {
            let l = ui.label("Text size");
            let mut size = cx.prefs.font_size;
            if ui
                .add(egui::Slider::new(&mut size, 11.0..=30.0))
                .labelled_by(l.id)
                .changed()
            {
                out.push(Action::SetFontSize(size));
            }
        });
    }
}

/// One command as a menu item: a check box for panels, else a button with its shortcut.
fn item(ui: &mut Ui, c: &CommandDef, cx: &Context<'_>, out: &mut Vec<Action>) {
    let enabled = (!c.id.needs_document() || cx.doc.is_some())
        && (!c.id.needs_project() || cx.project.is_some());
    let history = cx.doc.map(|d| d.history);
    let (label, enabled) = match c.id {
        CommandId::Undo => {
            let l = history.and_then(|h| h.undo_label());
            (
                format!("Undo {}", short(l.unwrap_or_default())),
                l.is_some(),
            )
        }
        CommandId::Redo => {
            let l = history.and_then(|h| h.redo_label());
            (
                format!("Redo {}", short(l.unwrap_or_default())),
                l.is_some(),
            )
        }
        CommandId::ToggleTheme if cx.prefs.dark => ("Light theme".to_owned(), true),
        CommandId::ToggleTheme => ("Dark theme".to_owned(), true),
        _ => (c.name.to_owned(), enabled),
    };
    let checked = match c.id {
        CommandId::TogglePalette => Some(cx.layout.show_palette),
        CommandId::MapWindow => Some(cx.layout.map_place == MapPlace::Window),
        CommandId::LayoutAnnotate => Some(cx.layout.named == NamedLayout::Annotate),
        CommandId::LayoutExplore => Some(cx.layout.named == NamedLayout::Explore),
        CommandId::LayoutReview => Some(cx.layout.named == NamedLayout::Review),
        CommandId::LayoutProject => Some(cx.layout.named == NamedLayout::Project),
        CommandId::LayoutCurate => Some(cx.layout.named == NamedLayout::Curate),
        _ => None,
    };
    let shortcut = cx.keymap.label(c.id);
    let clicked = match checked {
        Some(mut on) => ui
            .add_enabled(enabled, egui::Checkbox::new(&mut on, label))
            .on_hover_text(c.tooltip)
            .clicked(),
        None if shortcut.is_empty() => ui
            .add_enabled(enabled, egui::Button::new(label))
            .on_hover_text(c.tooltip)
            .clicked(),
        None => ui
            .add_enabled(enabled, egui::Button::new(label).shortcut_text(shortcut))
            .on_hover_text(c.tooltip)
            .clicked(),
    };
    if clicked {
        out.push(c.id.action());
        ui.close();
    }
}

/// An edit's label cut to fit a menu line (it may quote a whole paragraph).
fn short(label: &str) -> String {
    const MAX: usize = 48;
    if label.chars().count() <= MAX {
        return label.to_owned();
    }
    let cut: String = label.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

fn recent_and_samples(ui: &mut Ui, prefs: &Prefs, out: &mut Vec<Action>) {
    ui.menu_button("Recent", |ui| {
        if prefs.recent.is_empty() {
            ui.label("No recent files");
        }
        for p in &prefs.recent {
            if ui.button(p.display().to_string()).clicked() {
                out.push(Action::Open(p.clone()));
            }
        }
    });
    ui.menu_button("Samples", |ui| {
        for (i, s) in SAMPLES.iter().enumerate() {
            if ui.button(s.file_name).clicked() {
                out.push(Action::OpenSample(i));
            }
        }
    });
}
