//! The command palette (Ctrl+Shift+P or Ctrl+K): type to fuzzy-find any command — the command
//! table's and the schema's (annotate as a type, make an event, arm a role or a relation) — and
//! run it with Enter or a click; each shows its shortcut.

use super::DocView;
use crate::ui::action::Action;
use crate::ui::commands::{COMMANDS, Keymap, display, hotkey_shortcut};
use egui::{Key, RichText};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// One thing the palette can run.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub name: String,
    pub shortcut: String,
    pub action: Action,
}

#[derive(Default)]
pub struct CommandPalette {
    pub open: bool,
    pub query: String,
    /// The highlighted row among the matches.
    selected: usize,
    focus: bool,
}

/// Every command available now: the table's (those that need a document or a project only with
/// one), then the schema's types, and roles or relations for what is selected.
pub fn entries(keymap: &Keymap, doc: Option<DocView<'_>>, project: bool) -> Vec<Entry> {
    let mut out: Vec<Entry> = COMMANDS
        .iter()
        .filter(|c| doc.is_some() || !c.id.needs_document())
        .filter(|c| project || !c.id.needs_project())
        .map(|c| {
            let place = if c.menu.is_empty() {
                String::new()
            } else {
                format!("{}: ", c.menu.replace('/', " ▸ "))
            };
            Entry {
                name: format!("{place}{}", c.name.trim_end_matches('…')),
                shortcut: keymap.label(c.id),
                action: c.id.action(),
            }
        })
        .collect();
    let Some(doc) = doc else { return out };
    let schema = &doc.session.schema;
    let key = |k: Option<char>| {
        k.and_then(hotkey_shortcut)
            .map(|s| display(&s))
            .unwrap_or_default()
    };
    for t in &schema.entity_types {
        out.push(Entry {
            name: format!("Annotate as {}", t.name),
            shortcut: key(t.hotkey),
            action: Action::EntityType(t.id.clone()),
        });
    }
    for t in &schema.event_types {
        out.push(Entry {
            name: format!("Event: {}", t.name),
            shortcut: key(t.hotkey),
            action: Action::EventType(t.id.clone()),
        });
    }
    if let Some(ev) = doc.sel.event().and_then(|e| doc.session.events.get(&e))
        && let Some(t) = schema.event_type(&ev.event_type)
    {
        for r in &t.roles {
            out.push(Entry {
                name: format!("Fill role {}", r.name),
                shortcut: key(r.hotkey),
                action: Action::ArmRole(r.id.clone()),
            });
        }
    }
    if doc.sel.mention().is_some() {
        for t in &schema.relation_types {
            out.push(Entry {
                name: format!("Relation {} to…", t.name),
                shortcut: key(t.hotkey),
                action: Action::ArmRelation(t.id.clone()),
            });
        }
    }
    out
}

/// The entries that match `query`, best first (all of them, in order, for an empty query).
pub fn matches(entries: Vec<Entry>, query: &str) -> Vec<Entry> {
    if query.trim().is_empty() {
        return entries;
    }
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let scored: Vec<(u32, usize, Entry)> = entries
        .into_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let score = pattern.score(Utf32Str::new(&e.name, &mut buf), &mut matcher)?;
            Some((score, i, e))
        })
        .collect();
    // Entries with every word of the query at the start of one of their words come first; a
    // letter-by-letter match far weaker than the best is noise ("map in main" matched "Compare:
    // Take neither"), and is dropped. Then best score first; equal scores keep the table's order.
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let whole = |name: &str| {
        let name = name.to_lowercase();
        let starts: Vec<&str> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words
            .iter()
            .filter(|q| starts.iter().any(|w| w.starts_with(q.as_str())))
            .count()
    };
    let best = scored.iter().map(|(s, ..)| *s).max().unwrap_or(0);
    let mut ranked: Vec<(usize, u32, usize, Entry)> = scored
        .into_iter()
        .map(|(score, i, e)| (whole(&e.name), score, i, e))
        .filter(|(w, score, ..)| *w == words.len() || *score * 2 >= best)
        .collect();
    ranked.sort_by_key(|(w, score, i, _)| (std::cmp::Reverse(*w), std::cmp::Reverse(*score), *i));
    ranked.into_iter().map(|(.., e)| e).collect()
}

impl CommandPalette {
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.query.clear();
        self.selected = 0;
        self.focus = self.open;
    }

    pub fn show(
        &mut self,
        ctx: &egui::Context,
        keymap: &Keymap,
        doc: Option<DocView<'_>>,
        project: bool,
    ) -> Vec<Action> {
        let found = matches(entries(keymap, doc, project), &self.query);
        let (up, down, enter, esc) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, Key::Enter),
                i.consume_key(egui::Modifiers::NONE, Key::Escape),
            )
        });
        if down {
            self.selected = (self.selected + 1).min(found.len().saturating_sub(1));
        }
        if up {
            self.selected = self.selected.saturating_sub(1);
        }
        self.selected = self.selected.min(found.len().saturating_sub(1));
        let mut run = enter.then(|| found.get(self.selected).cloned()).flatten();
        let mut close = esc;
        let window = egui::Window::new("Command palette")
            .title_bar(false)
            .collapsible(false)
            .resizable(false)
            .min_width(560.0)
            .max_width(560.0)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
            .show(ctx, |ui| {
                self.query_field(ui);
                ui.separator();
                let moved = up || down;
                if let Some(e) = self.list(ui, &found, moved) {
                    run = Some(e);
                }
            });
        // A click outside the palette closes it, as in other editors.
        let outside = ctx.input(|i| {
            i.pointer.any_click()
                && i.pointer
                    .interact_pos()
                    .zip(window.as_ref())
                    .is_some_and(|(p, w)| !w.response.rect.contains(p))
        });
        close |= outside;
        let mut out = Vec::new();
        if run.is_some() || close {
            out.push(Action::ToggleCommandPalette);
        }
        if let Some(e) = run {
            out.push(e.action);
        }
        out
    }
}

impl CommandPalette {
    /// The query field, which has the keyboard while the palette is open.
    fn query_field(&mut self, ui: &mut egui::Ui) {
        let r = ui.add(
            egui::TextEdit::singleline(&mut self.query)
                .hint_text("Type a command…")
                .desired_width(f32::INFINITY),
        );
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Run command"));
        if self.focus {
            r.request_focus();
            self.focus = false;
        }
        if r.changed() {
            self.selected = 0;
        }
    }

    /// The matches with their shortcuts; returns the one clicked.
    fn list(&self, ui: &mut egui::Ui, found: &[Entry], moved: bool) -> Option<Entry> {
        let mut clicked = None;
        // Room for a dozen rows, whatever the number of matches: the window does not jump as
        // the analyst types.
        egui::ScrollArea::vertical()
            .min_scrolled_height(360.0)
            .max_height(360.0)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if found.is_empty() {
                    ui.label(RichText::new("No command matches.").weak());
                }
                for (i, e) in found.iter().enumerate() {
                    let row = ui.horizontal(|ui| {
                        let r = ui.selectable_label(i == self.selected, &e.name);
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(RichText::new(&e.shortcut).weak().monospace());
                        });
                        r
                    });
                    if i == self.selected && moved {
                        row.inner.scroll_to_me(None);
                    }
                    if row.inner.clicked() {
                        clicked = Some(e.clone());
                    }
                }
            });
        clicked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_finds_commands_by_their_letters() {
        let all = entries(&Keymap::default(), None, false);
        assert!(
            all.iter().all(|e| e.action != Action::Save),
            "Save needs a document"
        );
        let found = matches(all, "command pal");
        assert_eq!(found[0].action, Action::ToggleCommandPalette, "{found:?}");
        let found = matches(entries(&Keymap::default(), None, false), "opn sess");
        assert_eq!(found[0].action, Action::OpenSession, "{found:?}");
        assert!(matches(entries(&Keymap::default(), None, false), "zzzqqq").is_empty());
    }

    #[test]
    fn project_commands_wait_for_a_project_and_noise_is_dropped() {
        let none = entries(&Keymap::default(), None, false);
        assert!(
            none.iter()
                .all(|e| e.action != Action::Project(crate::ui::action::ProjectAction::SaveAll)),
            "{none:?}"
        );
        let found = matches(entries(&Keymap::default(), None, true), "save all");
        assert_eq!(
            found[0].action,
            Action::Project(crate::ui::action::ProjectAction::SaveAll),
            "{found:?}"
        );
        // Words of the query that start words of a name rank it first; scattered letters that
        // happen to match elsewhere do not follow it in.
        let found = matches(entries(&Keymap::default(), None, false), "map window");
        assert!(found[0].name.contains("Map in its own window"), "{found:?}");
        assert!(
            found.iter().all(|e| !e.name.starts_with("Compare")),
            "{found:?}"
        );
    }
}
