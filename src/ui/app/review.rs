//! Reviewing suggestions with the keyboard (Tab, Shift+Tab, Enter, Delete, A, R), and the
//! gazetteers they come from, read on another thread.

use super::{DossierApp, Notice};
use crate::ui::action::SuggestAction;
mod events;
use crate::analysis::gazetteer::Lists;
use crate::analysis::suggest::Suggestion;
use crate::model::{Command, Span};
use crate::ui::action::{Review, Sel};
use std::path::PathBuf;

/// Gazetteer files being read on another thread.
pub type GazLoading = crate::ui::jobs::Task<(Lists, Vec<String>)>;

impl DossierApp {
    /// What the suggestion actions do (the rest are in `handle`).
    pub(super) fn suggestion_action(&mut self, a: SuggestAction) {
        match a {
            SuggestAction::Accept(v) => {
                self.build_and_edit(|s| s.cmd_accept_mentions(&v).map(|(_, c)| c));
            }
            SuggestAction::Review(step) => self.review(step),
            SuggestAction::AcceptEvent(e) => self.accept_event(&e),
            SuggestAction::Focus(span) => self.focus_suggestion(span),
            SuggestAction::ToggleShown => {
                self.prefs.show_suggestions = !self.prefs.show_suggestions;
            }
            SuggestAction::ToggleTagger => self.prefs.tagger = !self.prefs.tagger,
            SuggestAction::ToggleGazetteers => {
                self.views.gazetteer_prefs.open = !self.views.gazetteer_prefs.open;
            }
            SuggestAction::SetGazetteers { world, files } => self.set_gazetteers(world, files),
            SuggestAction::ToggleRecommenders => {
                self.views.recommender_prefs.open = !self.views.recommender_prefs.open;
            }
            SuggestAction::SetRecommenders(list) => {
                self.prefs.recommenders = list.clone();
                self.views.suggestions.set_recommenders(list);
            }
            SuggestAction::AskRecommenders => self.views.suggestions.ask_again(),
        }
    }

    fn review(&mut self, step: Review) {
        let Some(doc) = self.ws.doc.as_ref() else {
            return;
        };
        let dv = doc.view(None);
        let here = match (self.views.suggestions.focused, doc.sel.text_span()) {
            (Some(f), _) => f.start,
            (None, Some(t)) => t.start,
            (None, None) => self.views.view.first_visible,
        };
        match step {
            Review::Next | Review::Previous => {
                // Before anything is in focus, Tab goes to the first suggestion from here on.
                let inclusive = self.views.suggestions.focused.is_none();
                match self
                    .views
                    .suggestions
                    .step(dv, here, step == Review::Next, inclusive)
                {
                    Some(span) => self.focus_suggestion(span),
                    None => self.status = "No suggestions here.".into(),
                }
            }
            Review::Accept | Review::AcceptString | Review::Skip | Review::RejectString => {
                if let Some(f) = self.views.suggestions.focused_suggestion(dv) {
                    self.act_on(step, &f);
                    self.after_review(f.span);
                } else if let Some(e) = self.views.suggestions.focused_event(dv) {
                    self.act_on_event(step, &e);
                    self.after_review(e.trigger);
                } else {
                    self.views.suggestions.focused = None;
                }
            }
        }
    }

    fn act_on(&mut self, step: Review, f: &Suggestion) {
        let text = match self.ws.doc.as_ref() {
            Some(doc) => f.text(&doc.session.article).to_owned(),
            None => return,
        };
        match step {
            Review::Accept => {
                let a = f.accepted();
                self.build_and_edit(|s| s.cmd_accept_mentions(&[a]).map(|(_, c)| c));
            }
            Review::AcceptString => {
                let Some(doc) = self.ws.doc.as_ref() else {
                    return;
                };
                let all: Vec<_> = self
                    .views
                    .suggestions
                    .same_string(doc.view(None))
                    .iter()
                    .map(Suggestion::accepted)
                    .collect();
                self.build_and_edit(|s| s.cmd_accept_mentions(&all).map(|(_, c)| c));
            }
            Review::Skip => {
                self.views.suggestions.skip(f.span);
                self.status = format!("Skipped “{text}” here.");
            }
            Review::RejectString => {
                self.edit(Command::SetRejected(text.clone(), true));
                self.status = format!("“{text}” will not be suggested again (Undo takes it back).");
            }
            Review::Next | Review::Previous => {}
        }
    }

    /// Focus moves on to the suggestion after the one just handled, if any is left.
    pub(super) fn after_review(&mut self, was: Span) {
        let Some(doc) = self.ws.doc.as_ref() else {
            return;
        };
        match self
            .views
            .suggestions
            .step(doc.view(None), was.start, true, false)
        {
            Some(next) if next.start > was.start || next != was => self.focus_suggestion(next),
            _ => {
                self.views.suggestions.focused = None;
                self.status = "Every suggestion is reviewed.".into();
            }
        }
    }

    /// Put `span` in focus: selected in the text (a type key then annotates it as that type)
    /// and scrolled to.
    pub(super) fn focus_suggestion(&mut self, span: Span) {
        self.views.suggestions.focused = Some(span);
        self.select(Sel::Text { anchor: span, span });
        self.views.view.scroll_to = Some(span.start);
        if let Some(doc) = self.ws.doc.as_ref()
            && let Some(e) = self.views.suggestions.focused_event(doc.view(None))
        {
            self.status = self.draft_status(&e);
        }
        if let Some(doc) = self.ws.doc.as_ref()
            && let Some(x) = self.views.suggestions.focused_suggestion(doc.view(None))
        {
            let what = match x.entity.and_then(|e| doc.session.entities.get(&e)) {
                Some(e) => format!("joins {}", e.name),
                None => format!("new {}", x.name),
            };
            self.status = format!(
                "Suggestion “{}” ({}, {what}, {}): Enter accept · Delete skip · A all · R reject",
                x.text(&doc.session.article),
                x.entity_type,
                x.proposed_by()
            );
        }
    }

    /// Add a draft event with its proposed arguments, then select it: the event inspector is
    /// where the analyst confirms or changes them.
    pub(super) fn accept_event(&mut self, e: &crate::analysis::lexicon::EventSuggestion) {
        let Some(doc) = self.ws.doc.as_mut() else {
            return;
        };
        let args = e.arguments(&doc.session);
        match doc
            .session
            .cmd_add_event_with(&e.event_type, Some(e.trigger), args)
        {
            Ok((id, cmd)) => {
                self.edit(cmd);
                let sel = Sel::Item(crate::model::session::Selection::Event(id));
                self.select(sel);
            }
            Err(err) => self.status = format!("Not done: {err}"),
        }
    }

    /// Read the gazetteers the preferences name, on another thread; the current ones stay in
    /// use until the new ones are ready.
    pub(super) fn load_gazetteers(&mut self) {
        let (world, files) = (self.prefs.world_gazetteer, self.prefs.gazetteers.clone());
        if files.is_empty() {
            let lists = if world {
                Lists::world()
            } else {
                Lists::default()
            };
            self.views.suggestions.set_lists(lists);
            self.views.gazetteer_prefs.messages.clear();
            return;
        }
        let task = self.jobs.runner.start(
            "dossier-gazetteers",
            "Reading the gazetteers",
            crate::ui::jobs::Stop::Cannot,
            move |_| read_lists(world, &files),
        );
        match task {
            Some(t) => self.jobs.gaz_loading = Some(t),
            None => {
                let (lists, messages) = read_lists(world, &self.prefs.gazetteers);
                self.use_gazetteers(lists, messages);
            }
        }
    }

    /// A finished gazetteer read: use it and say what was wrong with any file.
    pub(super) fn poll_gazetteers(&mut self) {
        let Some(job) = &self.jobs.gaz_loading else {
            return;
        };
        let (lists, messages) = match job.poll() {
            crate::ui::jobs::Poll::Ready(r) => r,
            crate::ui::jobs::Poll::Running => return,
            crate::ui::jobs::Poll::Lost => (
                self.views.suggestions.lists.clone(),
                vec!["Not used: reading the gazetteers stopped unexpectedly.".to_owned()],
            ),
        };
        self.jobs.gaz_loading = None;
        self.use_gazetteers(lists, messages);
    }

    /// Gazetteers read: use them and say what was wrong with any file.
    fn use_gazetteers(&mut self, lists: Lists, messages: Vec<String>) {
        self.status = format!("Gazetteers: {} names in use.", lists.forms());
        self.views.suggestions.set_lists(lists);
        if let Some(first) = messages.iter().find(|m| m.starts_with("Not used:")) {
            self.prompts.notice = Some(Notice {
                title: "A gazetteer could not be used".into(),
                body: first.clone(),
            });
        }
        self.views.gazetteer_prefs.messages = messages;
    }

    /// Edit ▸ Preferences ▸ Gazetteers, with its Add… file dialog.
    pub(super) fn gazetteer_window(
        &mut self,
        ctx: &egui::Context,
    ) -> Vec<crate::ui::action::Action> {
        let mut add = false;
        let (world, files) = (self.prefs.world_gazetteer, self.prefs.gazetteers.clone());
        let busy = self.jobs.gaz_loading.is_some();
        let mut out = self
            .views
            .gazetteer_prefs
            .show(ctx, world, &files, busy, &mut add);
        if add
            && let Some(path) = self.dialogs.pick_gazetteer(self.prefs.last_dir.as_deref())
            && !files.contains(&path)
        {
            self.prefs.last_dir = path.parent().map(std::path::Path::to_path_buf);
            let mut files = files;
            files.push(path);
            out.push(crate::ui::action::Action::Suggest(
                SuggestAction::SetGazetteers { world, files },
            ));
        }
        out
    }

    pub(super) fn set_gazetteers(&mut self, world: bool, files: Vec<PathBuf>) {
        self.prefs.world_gazetteer = world;
        self.prefs.gazetteers = files;
        self.load_gazetteers();
    }
}

/// The lists (the analyst's first, so their entries win), and a line per file on what was
/// read or why it was not.
fn read_lists(world: bool, files: &[PathBuf]) -> (Lists, Vec<String>) {
    let mut read = Vec::new();
    let mut messages = Vec::new();
    for f in files {
        match crate::io::gazetteer::read(f) {
            Ok(g) => {
                messages.push(format!("{}: {} names", g.origin, g.entries.len()));
                messages.extend(
                    g.warnings
                        .iter()
                        .take(20)
                        .map(|w| format!("{}, {w}", g.origin)),
                );
                read.push(g);
            }
            Err(e) => messages.push(format!("Not used: {e}")),
        }
    }
    let mut refs: Vec<&crate::io::gazetteer::Gazetteer> = read.iter().collect();
    if world {
        refs.push(crate::io::gazetteer::world());
    }
    (Lists::new(&refs), messages)
}
