//! The Suggestions tab and the state of the keyboard review: mentions proposed for the article
//! (other occurrences of known entities, names from the gazetteers), none of them in the session
//! until accepted. Grouped by string with counts and source; accept one, all of one string, or
//! all; reject a string and it is never suggested again. Each is one undoable edit.

use super::DocView;
use crate::analysis::gazetteer::Lists;
use crate::analysis::suggest::{self, Suggestion};
use crate::model::{Command, Span};
use crate::ui::action::Action;
use egui::{RichText, Ui};
use std::collections::HashSet;

/// What the suggestions were computed for: history state, article, gazetteers.
type Key = (u64, String, u64);

/// The suggestions, the one in focus and the occurrences skipped.
#[derive(Default)]
pub struct SuggestionList {
    key: Option<Key>,
    list: Vec<Suggestion>,
    /// Span and type colour of each, for the text (kept with the list: drawn every frame).
    marks: Vec<(Span, [u8; 3])>,
    /// The suggestion the review keys act on.
    pub focused: Option<Span>,
    /// Occurrences skipped with Delete: hidden until another article opens.
    skipped: HashSet<Span>,
    /// The gazetteers in use, and a number that changes with them.
    pub lists: Lists,
    pub lists_gen: u64,
}

/// One row of the tab: every suggestion of one string for one entity.
struct Group {
    text: String,
    first: Span,
    count: usize,
    sample: Suggestion,
}

impl SuggestionList {
    /// Use these gazetteers from now on.
    pub fn set_lists(&mut self, lists: Lists) {
        self.lists = lists;
        self.lists_gen += 1;
    }

    /// The suggestions for the document as it is now, by position (skipped ones left out).
    pub fn current(&mut self, doc: DocView<'_>) -> &[Suggestion] {
        let s = doc.session;
        let key = (doc.history.state(), s.article.hash.clone(), self.lists_gen);
        if self.key.as_ref() != Some(&key) {
            if self.key.as_ref().is_some_and(|k| k.1 != key.1) {
                self.skipped.clear();
                self.focused = None;
            }
            let mut v = suggest::all(s, &self.lists);
            v.retain(|x| !self.skipped.contains(&x.span));
            self.marks = v
                .iter()
                .map(|x| (x.span, s.schema.entity_color(&x.entity_type)))
                .collect();
            self.list = v;
            self.key = Some(key);
        }
        &self.list
    }

    /// The focused suggestion, if it is still suggested.
    pub fn focused_suggestion(&mut self, doc: DocView<'_>) -> Option<Suggestion> {
        let f = self.focused?;
        let list = self.current(doc);
        let at = list.binary_search_by_key(&f.start, |x| x.span.start).ok()?;
        (list[at].span == f).then(|| list[at].clone())
    }

    /// The suggestion after (or before) the char `from`, wrapping around; one starting at
    /// `from` counts when `inclusive`.
    pub fn step(
        &mut self,
        doc: DocView<'_>,
        from: usize,
        forward: bool,
        inclusive: bool,
    ) -> Option<Span> {
        let list = self.current(doc);
        if list.is_empty() {
            return None;
        }
        let at = if forward {
            let i = list.partition_point(|x| x.span.start < from + usize::from(!inclusive));
            if i == list.len() { 0 } else { i }
        } else {
            let i = list.partition_point(|x| x.span.start < from);
            if i == 0 { list.len() - 1 } else { i - 1 }
        };
        Some(list[at].span)
    }

    /// Forget this occurrence until another article opens.
    pub fn skip(&mut self, span: Span) {
        self.skipped.insert(span);
        self.list.retain(|x| x.span != span);
        self.marks.retain(|x| x.0 != span);
    }

    /// What the text draws (as of the last [`Self::current`]): span and type colour of each
    /// suggestion, by position, and the one in focus; nothing when `shown` is off.
    pub fn drawn(&self, shown: bool) -> (&[(Span, [u8; 3])], Option<Span>) {
        if shown {
            (&self.marks, self.focused)
        } else {
            (&[], None)
        }
    }

    pub fn show(&mut self, ui: &mut Ui, doc: DocView<'_>, visible: bool) -> Vec<Action> {
        let list = self.current(doc).to_vec();
        let groups = group(&list);
        let mut out = header(ui, &list, visible);
        if list.is_empty() {
            let why = if self.lists.is_empty() {
                "No suggestions: every occurrence of a known name is annotated (the gazetteers are off: Edit ▸ Preferences ▸ Gazetteers)."
            } else {
                "No suggestions: every known name and every listed name in the text is annotated."
            };
            ui.label(RichText::new(why).weak());
            return out;
        }
        self.table(ui, doc, &groups, &mut out);
        out
    }

    fn table(&self, ui: &mut Ui, doc: DocView<'_>, groups: &[Group], out: &mut Vec<Action>) {
        use egui_extras::{Column, TableBuilder};
        let s = doc.session;
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .id_salt("suggestion-table")
            .striped(true)
            .column(Column::initial(200.0).resizable(true).clip(true))
            .column(Column::initial(130.0).resizable(true))
            .column(Column::initial(210.0).resizable(true).clip(true))
            .column(Column::initial(90.0))
            .column(Column::initial(50.0))
            .column(Column::remainder())
            .header(20.0, |mut h| {
                for t in ["Text", "Type", "Entity", "Source", "Count", ""] {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, groups.len(), |mut row| {
                    let g = &groups[row.index()];
                    let x = &g.sample;
                    let focused = self.focused.is_some_and(|f| {
                        f == g.first || (x.text == g.text && self.focus_text(f) == Some(&g.text))
                    });
                    row.set_selected(focused);
                    row.col(|ui| {
                        ui.label(format!("“{}”", g.text));
                    });
                    row.col(|ui| super::entity_type_label(ui, &s.schema, &x.entity_type));
                    row.col(|ui| {
                        ui.label(target(x, s));
                    });
                    row.col(|ui| {
                        ui.label(x.source.name());
                    });
                    row.col(|ui| {
                        ui.label(g.count.to_string());
                    });
                    row.col(|ui| {
                        ui.horizontal(|ui| row_buttons(ui, g, &self.list, out));
                    });
                });
            });
    }

    fn focus_text(&self, f: Span) -> Option<&String> {
        self.list.iter().find(|x| x.span == f).map(|x| &x.text)
    }

    /// Every suggestion of the focused one's string and entity.
    pub fn same_string(&mut self, doc: DocView<'_>) -> Vec<Suggestion> {
        let Some(f) = self.focused_suggestion(doc) else {
            return Vec::new();
        };
        self.list
            .iter()
            .filter(|x| x.text == f.text && x.entity == f.entity && x.name == f.name)
            .cloned()
            .collect()
    }
}

/// The entity a suggestion joins: an existing one by name, or the new one with its id.
fn target(x: &Suggestion, s: &crate::model::Session) -> String {
    match x.entity.and_then(|e| s.entities.get(&e)) {
        Some(e) => e.name.clone(),
        None => match &x.kb_id {
            Some(kb) => format!("new: {} ({kb})", x.name),
            None => format!("new: {}", x.name),
        },
    }
}

/// Suggestions grouped by string and entity, in order of first appearance.
fn group(list: &[Suggestion]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut index: std::collections::HashMap<(&str, &str, Option<crate::model::EntityId>), usize> =
        Default::default();
    for x in list {
        let k = (x.text.as_str(), x.name.as_str(), x.entity);
        match index.get(&k) {
            Some(&i) => out[i].count += 1,
            None => {
                index.insert(k, out.len());
                out.push(Group {
                    text: x.text.clone(),
                    first: x.span,
                    count: 1,
                    sample: x.clone(),
                });
            }
        }
    }
    out
}

/// Accept all, the toggle for the text, and the keys.
fn header(ui: &mut Ui, list: &[Suggestion], visible: bool) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !list.is_empty(),
                egui::Button::new(format!("Accept all ({})", list.len())),
            )
            .on_hover_text("Add every suggestion as a mention (one undoable step)")
            .clicked()
        {
            out.push(Action::AcceptSuggestions(
                list.iter().map(Suggestion::accepted).collect(),
            ));
        }
        let mut shown = visible;
        if ui
            .checkbox(&mut shown, "Show in text")
            .on_hover_text("Dashed outlines in the type's colour (Ctrl+Shift+G)")
            .changed()
        {
            out.push(Action::ToggleSuggestions);
        }
        ui.label(
            RichText::new(
                "Tab / Shift+Tab: next / previous · Enter: accept · Delete: skip · A: accept all of this string · R: reject it",
            )
            .weak(),
        );
    });
    out
}

/// Show, Accept and Reject for one group.
fn row_buttons(ui: &mut Ui, g: &Group, list: &[Suggestion], out: &mut Vec<Action>) {
    if ui
        .small_button("Show")
        .on_hover_text("Show its first occurrence in the text, in focus for the review keys")
        .clicked()
    {
        out.push(Action::FocusSuggestion(g.first));
    }
    let x = &g.sample;
    let accept = if g.count == 1 {
        "Accept".to_owned()
    } else {
        format!("Accept {}", g.count)
    };
    if ui
        .small_button(accept)
        .on_hover_text(format!("Add every “{}” here as a mention", g.text))
        .clicked()
    {
        let all = list
            .iter()
            .filter(|y| y.text == g.text && y.entity == x.entity && y.name == x.name)
            .map(Suggestion::accepted)
            .collect();
        out.push(Action::AcceptSuggestions(all));
    }
    if ui
        .small_button("Reject")
        .on_hover_text(format!("Never suggest “{}” again", g.text))
        .clicked()
    {
        out.push(Action::Edit(Command::SetRejected(g.text.clone(), true)));
    }
}
