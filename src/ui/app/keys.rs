//! The keyboard: the command table's shortcuts (through the keymap) and the schema's single
//! keys (type keys, and role or relation keys while an event or a mention is selected).

use super::{Action, DossierApp, Sel};
use crate::ui::action::ProjectAction;
use crate::ui::commands::{CommandId, KeyContext, context_of};
use egui::{Key, Modifiers};

impl DossierApp {
    /// Files or folders dropped on the window: a project folder opens; into an open project
    /// they are added; else the first opens.
    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if dropped.is_empty() {
            return;
        }
        let a = crate::io::project::PROJECT_FILE;
        if let [one] = dropped.as_slice()
            && one.join(a).exists()
        {
            self.push(Action::Project(ProjectAction::OpenFolder(one.clone())));
        } else if self.ws.project.is_some() {
            // Into the open project: files and folders of articles alike.
            self.push(Action::Project(ProjectAction::AddPaths(dropped)));
        } else if let Some(p) = dropped.into_iter().next() {
            self.push(Action::Open(p));
        }
    }

    pub(super) fn keys(&mut self, ctx: &egui::Context) {
        // Single keys only when no text field has the keyboard, or is about to: letters typed
        // right after Ctrl+F belong to the find field, not to the type hotkeys.
        let typing =
            ctx.egui_wants_keyboard_input() || self.views.find.focus || self.views.palette.open;
        // The keys editor is recording a shortcut: it takes every key.
        if self.views.keys_editor.recording.is_some() {
            return;
        }
        let fired = self.fired_commands(ctx, typing);
        if !fired.is_empty() {
            self.fired = fired.clone();
        }
        // Tab would also move egui's keyboard focus to the next widget during this pass (a text
        // field would then take Enter and the letters): the review keeps the keyboard instead.
        if fired.iter().any(|id| {
            matches!(
                id,
                CommandId::NextSuggestion | CommandId::PreviousSuggestion
            )
        }) {
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
        for id in fired {
            if id == CommandId::Find {
                // At once, so that the find field takes the keyboard before the next keys.
                self.handle(id.action());
            } else {
                self.push(id.action());
            }
        }
        if typing || self.ws.doc.is_none() {
            return;
        }
        let keys: Vec<(Key, Modifiers)> = ctx.input(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::Key {
                        key,
                        pressed: true,
                        repeat: false,
                        modifiers,
                        ..
                    } => Some((*key, *modifiers)),
                    _ => None,
                })
                .collect()
        });
        for (key, m) in keys {
            if m.command || m.alt || m.ctrl {
                continue;
            }
            let Some(ch) = key_char(key) else { continue };
            let ch = if m.shift { ch.to_ascii_uppercase() } else { ch };
            if let Some(a) = self.schema_key(ch) {
                self.push(a);
            }
        }
    }

    /// The commands whose shortcuts were pressed in this frame (their keys consumed).
    fn fired_commands(&mut self, ctx: &egui::Context, typing: bool) -> Vec<CommandId> {
        let question = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::Text(t) if t == "?"))
        });
        let mut fired = Vec::new();
        let reviewing = self.reviewing();
        // While a suggestion is in focus its keys (Enter, Delete, A, R) come first, and take
        // the key from Delete selected and the type and role keys.
        let mut bindings = self.keymap.bindings();
        bindings.sort_by_key(|(_, id)| !id.is_review());
        for (shortcut, id) in bindings {
            if (context_of(&shortcut) == KeyContext::Text || id.is_review()) && typing {
                continue;
            }
            if id.is_review() && !reviewing {
                continue;
            }
            if (id.needs_document() && self.ws.doc.is_none())
                || (id.needs_project() && self.ws.project.is_none())
            {
                continue;
            }
            // "?" arrives as Shift+Slash on most layouts: its typed text is what counts.
            let hit = if shortcut.logical_key == Key::Questionmark {
                question && !typing
            } else {
                ctx.input_mut(|i| i.consume_shortcut(&shortcut))
            };
            if hit && !fired.contains(&id) {
                fired.push(id);
            }
        }
        fired
    }

    /// Is a suggestion in focus for the review keys? Only while it is still the text selection:
    /// a click elsewhere, or Esc, ends the review.
    fn reviewing(&mut self) -> bool {
        let Some(f) = self.views.suggestions.focused else {
            return false;
        };
        let still = self
            .ws
            .doc
            .as_ref()
            .is_some_and(|d| d.sel.text_span() == Some(f));
        if !still {
            self.views.suggestions.focused = None;
        }
        still
    }

    /// What a schema key does now: a role key while an event is selected, a relation key while
    /// a mention is, else an entity or event type key.
    fn schema_key(&self, ch: char) -> Option<Action> {
        let doc = self.ws.doc.as_ref()?;
        let s = &doc.session;
        let schema = &s.schema;
        if let Sel::Item(crate::model::session::Selection::Event(e)) = doc.sel
            && let Some(t) = s
                .events
                .get(&e)
                .and_then(|ev| schema.event_type(&ev.event_type))
            && let Some(r) = t.roles.iter().find(|r| r.hotkey == Some(ch))
        {
            return Some(Action::ArmRole(r.id.clone()));
        }
        if doc.sel.mention().is_some()
            && let Some(t) = schema.relation_types.iter().find(|t| t.hotkey == Some(ch))
        {
            return Some(Action::ArmRelation(t.id.clone()));
        }
        if let Some(t) = schema.entity_types.iter().find(|t| t.hotkey == Some(ch)) {
            return Some(Action::EntityType(t.id.clone()));
        }
        schema
            .event_types
            .iter()
            .find(|t| t.hotkey == Some(ch))
            .map(|t| Action::EventType(t.id.clone()))
    }
}

/// The letter or digit of a key, lowercase.
fn key_char(key: Key) -> Option<char> {
    let name = key.name();
    let mut chars = name.chars();
    let c = chars.next()?;
    (chars.next().is_none() && c.is_ascii_alphanumeric()).then(|| c.to_ascii_lowercase())
}
