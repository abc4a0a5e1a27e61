//! The Suggestions tab and the state of the keyboard review: mentions proposed for the article
//! (other occurrences of known entities, names from the gazetteers), none of them in the session
//! until accepted. Grouped by string with counts and source; accept one, all of one string, or
//! all; reject a string and it is never suggested again. Each is one undoable edit.

use super::DocView;
use super::suggestion_jobs::{self, AT_ONCE_BYTES, Computed, Job};
use crate::analysis::gazetteer::Lists;
use crate::analysis::lexicon::EventSuggestion;
use crate::analysis::suggest::Suggestion;
use crate::analysis::tagger::{self, Found, TrainSet};
use crate::model::{Command, Span};
use crate::ui::action::Action;
use crate::ui::action::SuggestAction;
use crate::ui::jobs::{Poll, Stop};
use egui::{RichText, Ui};
use std::collections::HashSet;

/// What the suggestions were computed for: history state, article, gazetteers.
/// The document shown: its session object (another session of the same text at the same point
/// of its history is another document) and its article's hash.
type Shown = (u64, String);

/// What the list was computed for: the history state, the document, the gazetteers.
type Key = (u64, Shown, u64);

/// The suggestions, the one in focus and the occurrences skipped.
#[derive(Default)]
pub struct SuggestionList {
    key: Option<Key>,
    list: Vec<Suggestion>,
    /// Draft events from the trigger lexicon.
    events: Vec<EventSuggestion>,
    /// The tab shows the draft events rather than the mentions.
    pub show_events: bool,
    /// Span and type colour of each, for the text (kept with the list: drawn every frame).
    marks: Vec<suggestion_jobs::Mark>,
    /// The suggestion the review keys act on.
    pub focused: Option<Span>,
    /// Occurrences skipped with Delete: hidden until another article opens.
    skipped: HashSet<Span>,
    /// The gazetteers in use, and a number that changes with them.
    pub lists: Lists,
    pub lists_gen: u64,
    /// The window's list of jobs, which the big article's list and the tagger run from.
    pub jobs: crate::ui::jobs::Jobs,
    /// The tagger: whether it runs, what it learns from and found.
    tagger: Tagger,
    /// The list must be computed again (the tagger or the gazetteers changed).
    dirty: bool,
    /// A big article's list: its computation under way, and since when one is wanted.
    big: Big,
    /// When the session last changed: a big article's tagger waits for a pause in the edits.
    changed_at: Option<std::time::Instant>,
    /// The change-log revision the list reflects (to trim it after an edit).
    stamp: Option<crate::model::changes::Stamp>,
    /// The external recommenders and what they answered about the text shown.
    asked: super::recommender_jobs::Asked,
    /// The tab's rows, made once per list: a big article's list has hundreds of thousands of
    /// suggestions, too many to group (or copy) each frame.
    groups: Option<Vec<Group>>,
}

/// The tagger that learns from the analyst's annotations.
#[derive(Default)]
struct Tagger {
    /// Whether it runs (Preferences; off, only the quick sources suggest).
    on: bool,
    /// Its last finds (shared with a big article's suggestions job), the state and article it
    /// learned from, and a training run under way on another thread.
    finds: std::sync::Arc<[Found]>,
    trained_for: Option<(u64, Shown)>,
    training: Option<Training>,
    /// Session files of a project's annotated articles it learns from as well.
    examples: Vec<std::path::PathBuf>,
}

/// A big article's list, computed on another thread once edits pause.
#[derive(Default)]
struct Big {
    job: Option<Job<Key>>,
    wanted_since: Option<std::time::Instant>,
}

/// The tagger learning on another thread, for this state and document.
struct Training {
    for_state: (u64, Shown),
    task: crate::ui::jobs::Task<Vec<Found>>,
}

/// One row of the tab: every suggestion of one string for one entity.
struct Group {
    text: String,
    first: Span,
    count: usize,
    sample: Suggestion,
}

impl SuggestionList {
    /// Turn the tagger on or off.
    pub fn set_tagger(&mut self, on: bool) {
        if self.tagger.on != on {
            self.tagger.on = on;
            self.dirty = true;
        }
    }

    /// The draft events as last computed.
    pub fn events(&self) -> &[EventSuggestion] {
        &self.events
    }

    /// The suggestions as last computed (tests read them).
    pub fn list(&self) -> &[Suggestion] {
        &self.list
    }

    /// Learn from these other articles too (a project's annotated ones); a change retrains.
    pub fn set_examples(&mut self, files: Vec<std::path::PathBuf>) {
        if self.tagger.examples != files {
            self.tagger.examples = files;
            self.tagger.trained_for = None;
        }
    }

    /// Use these gazetteers from now on.
    pub fn set_lists(&mut self, lists: Lists) {
        self.lists = lists;
        self.lists_gen += 1;
    }

    /// The suggestions for the document as it is now, by position (skipped ones left out). A
    /// big article's come from another thread: until they do, the last list without what the
    /// analyst has annotated since.
    pub fn current(&mut self, doc: DocView<'_>) -> &[Suggestion] {
        let s = doc.session;
        // The recommenders are asked once per text, on another thread.
        self.asked.update(&self.jobs, s);
        let shown = (s.changes.stamp().instance, s.article.hash.clone());
        let key = (doc.history.state(), shown, self.lists_gen);
        if self.key.as_ref() != Some(&key) || self.dirty {
            if self.key.as_ref().is_some_and(|k| k.1 != key.1) {
                self.skipped.clear();
                self.focused = None;
                self.install(Computed::default());
            }
            self.dirty = false;
            if s.article.text.len() <= AT_ONCE_BYTES {
                let c = suggestion_jobs::compute(
                    s,
                    &self.lists,
                    self.tagged(&key.1),
                    &self.asked.found,
                    &self.skipped,
                );
                self.install(c);
            } else {
                let mut c = self.take();
                suggestion_jobs::trim_since(s, self.stamp, &mut c);
                self.install(c);
                self.big
                    .wanted_since
                    .get_or_insert_with(std::time::Instant::now);
            }
            self.key = Some(key.clone());
            self.stamp = Some(s.changes.stamp());
            self.changed_at = Some(std::time::Instant::now());
        }
        if self.big.job.is_none() && suggestion_jobs::due(self.big.wanted_since) {
            // Shared with the job, not copied (a big article's finds are megabytes).
            let fresh = self.tagged(&key.1).is_some();
            let tagged = fresh.then(|| self.tagger.finds.clone());
            self.big.job = Job::start(
                &self.jobs,
                key.clone(),
                s,
                &self.lists,
                tagged,
                self.asked.found.clone(),
                self.skipped.clone(),
            );
            self.big.wanted_since = None;
        }
        let small = s.article.text.len() <= AT_ONCE_BYTES;
        // A big article's tagger starts once its suggestions job is done: run together, the two
        // held their working memory at once (a 10 MB article's peak, ~80 MB more).
        let after_job = self.big.job.is_none() && suggestion_jobs::due(self.changed_at);
        if self.tagger.on && (small || after_job) {
            self.train(s, (key.0, key.1));
        }
        &self.list
    }

    /// The tagger's finds for this article, when it is on and has learned from it.
    fn tagged(&self, shown: &Shown) -> Option<&[Found]> {
        let fresh = self
            .tagger
            .trained_for
            .as_ref()
            .is_some_and(|t| &t.1 == shown);
        (self.tagger.on && fresh).then_some(&*self.tagger.finds)
    }

    fn install(&mut self, c: Computed) {
        self.groups = None;
        self.list = c.list;
        self.events = c.events;
        self.marks = c.marks;
    }

    fn take(&mut self) -> Computed {
        Computed {
            list: std::mem::take(&mut self.list),
            events: std::mem::take(&mut self.events),
            marks: std::mem::take(&mut self.marks),
        }
    }

    /// Start the tagger learning from this state, on another thread, unless it already has or
    /// is (one run at a time; the next starts when it ends).
    fn train(&mut self, s: &crate::model::Session, state: (u64, Shown)) {
        if self.tagger.training.is_some() || self.tagger.trained_for.as_ref() == Some(&state) {
            return;
        }
        let set = TrainSet::of(s, &self.lists);
        let (files, lists) = (self.tagger.examples.clone(), self.lists.clone());
        let what = "Learning from your annotations";
        let task = self
            .jobs
            .start("dossier-tagger", what, Stop::Cannot, move |_| {
                // The project's other articles are read here, off the window's thread.
                let set = set.with_examples(&files, &lists);
                tagger::predict(&set)
            });
        if let Some(task) = task {
            self.tagger.training = Some(Training {
                for_state: state,
                task,
            });
        }
    }

    /// Take the tagger's finds when it is done; true while it is still learning (the window
    /// keeps drawing so that its suggestions appear).
    pub fn poll(&mut self) -> bool {
        let busy = self.poll_job();
        let (answered, asking) = self.asked.poll();
        // New answers: the list is computed again on its next use.
        self.dirty |= answered;
        busy | self.poll_training() | asking
    }

    /// Use these external recommenders from now on.
    pub fn set_recommenders(&mut self, list: Vec<crate::io::recommender::Recommender>) {
        self.asked.set(list);
        self.dirty = true;
    }

    /// Ask the recommenders again about the article shown.
    pub fn ask_again(&mut self) {
        self.asked.ask_again();
        self.dirty = true;
    }

    /// A line per recommender last asked: how many spans, or what went wrong.
    pub fn recommender_messages(&self) -> &[String] {
        &self.asked.messages
    }

    pub fn asking(&self) -> bool {
        self.asked.running()
    }

    /// What went wrong asking a recommender, once.
    pub fn take_recommender_error(&mut self) -> Option<String> {
        self.asked.error.take()
    }

    /// A big article's list, when its thread is done (if the article has changed since, it is
    /// computed again).
    fn poll_job(&mut self) -> bool {
        let Some(job) = &self.big.job else {
            return self.big.wanted_since.is_some();
        };
        match job.task.poll() {
            Poll::Ready(c) => {
                if self.key.as_ref() == Some(&job.key) {
                    self.install(c);
                } else {
                    self.big
                        .wanted_since
                        .get_or_insert_with(std::time::Instant::now);
                }
                self.big.job = None;
                self.big.wanted_since.is_some()
            }
            Poll::Running => true,
            Poll::Lost => {
                self.big.job = None;
                false
            }
        }
    }

    fn poll_training(&mut self) -> bool {
        let Some(t) = &self.tagger.training else {
            return false;
        };
        match t.task.poll() {
            Poll::Ready(found) => {
                self.tagger.finds = found.into();
                self.tagger.trained_for = Some(t.for_state.clone());
                self.tagger.training = None;
                // Merged into the list on its next use.
                self.dirty = true;
                false
            }
            Poll::Running => true,
            Poll::Lost => {
                self.tagger.training = None;
                false
            }
        }
    }

    /// Is a big article's suggestions job running now?
    pub fn is_computing(&self) -> bool {
        self.big.job.is_some()
    }

    /// Is the tagger learning now?
    pub fn is_training(&self) -> bool {
        self.tagger.training.is_some()
    }

    /// Is any suggestion work under way or waiting for a pause in the edits?
    pub fn is_busy(&self) -> bool {
        let tagger_waits = self.tagger.on
            && self.tagger.trained_for.as_ref().map(|t| t.0) != self.key.as_ref().map(|k| k.0);
        self.tagger.training.is_some()
            || self.big.job.is_some()
            || self.big.wanted_since.is_some()
            || tagger_waits
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
        // Mentions and draft events alike: the marks hold both, by position.
        self.current(doc);
        let list = &self.marks;
        if list.is_empty() {
            return None;
        }
        let at = if forward {
            let i = list.partition_point(|x| x.span().start < from + usize::from(!inclusive));
            if i == list.len() { 0 } else { i }
        } else {
            let i = list.partition_point(|x| x.span().start < from);
            if i == 0 { list.len() - 1 } else { i - 1 }
        };
        Some(list[at].span())
    }

    /// Forget this occurrence until another article opens.
    pub fn skip(&mut self, span: Span) {
        self.skipped.insert(span);
        self.groups = None;
        self.list.retain(|x| x.span != span);
        self.events.retain(|e| e.trigger != span);
        self.marks.retain(|x| x.span() != span);
    }

    /// What the text draws (as of the last [`Self::current`]): span and type colour of each
    /// suggestion, by position, and the one in focus; nothing when `shown` is off.
    pub fn drawn(&self, shown: bool) -> (&[suggestion_jobs::Mark], Option<Span>) {
        if shown {
            (&self.marks, self.focused)
        } else {
            (&[], None)
        }
    }

    pub fn show(&mut self, ui: &mut Ui, doc: DocView<'_>, visible: bool) -> Vec<Action> {
        let n = self.current(doc).len();
        let tagger = (self.tagger.on, self.is_training());
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.show_events, false, format!("Mentions ({n})"));
            ui.selectable_value(
                &mut self.show_events,
                true,
                format!("Draft events ({})", self.events.len()),
            );
        });
        if self.show_events {
            return self.event_table(ui, doc);
        }
        let mut out = header(ui, &self.list, visible, tagger);
        if self.list.is_empty() {
            let why = if self.lists.is_empty() {
                "No suggestions: every occurrence of a known name is annotated (the gazetteers are off: Edit ▸ Preferences ▸ Gazetteers)."
            } else {
                "No suggestions: every known name and every listed name in the text is annotated."
            };
            ui.label(RichText::new(why).weak());
            return out;
        }
        let groups = self
            .groups
            .take()
            .unwrap_or_else(|| group(&self.list, &doc.session.article));
        self.table(ui, doc, &groups, &mut out);
        self.groups = Some(groups);
        out
    }

    fn table(&self, ui: &mut Ui, doc: DocView<'_>, groups: &[Group], out: &mut Vec<Action>) {
        use egui_extras::{Column, TableBuilder};
        let s = doc.session;
        let focus_text = self.focus_text(&s.article);
        ui.style_mut().interaction.selectable_labels = false;
        super::in_tile(ui, "suggestion-table-sideways", |ui| {
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
                        let focused = self
                            .focused
                            .is_some_and(|f| f == g.first || focus_text == Some(&*g.text));
                        row.set_selected(focused);
                        row.col(|ui| {
                            ui.label(crate::ui::bidi::text(ui, format!("“{}”", g.text)));
                        });
                        row.col(|ui| super::entity_type_label(ui, &s.schema, &x.entity_type));
                        row.col(|ui| {
                            ui.label(target(x, s));
                        });
                        row.col(|ui| {
                            ui.label(x.proposed_by());
                        });
                        row.col(|ui| {
                            ui.label(g.count.to_string());
                        });
                        row.col(|ui| {
                            ui.horizontal(|ui| row_buttons(ui, g, &self.list, &s.article, out));
                        });
                    });
                });
        });
    }

    /// The words of the suggestion in focus (the list is in text order).
    fn focus_text<'a>(&self, article: &'a crate::model::Article) -> Option<&'a str> {
        let f = self.focused?;
        let i = self.list.partition_point(|x| x.span.start < f.start);
        self.list[i..]
            .iter()
            .take_while(|x| x.span.start == f.start)
            .find(|x| x.span == f)
            .map(|x| x.text(article))
    }

    /// The draft event in focus, if the focus is on one.
    pub fn focused_event(&mut self, doc: DocView<'_>) -> Option<EventSuggestion> {
        let f = self.focused?;
        self.current(doc);
        self.events.iter().find(|e| e.trigger == f).cloned()
    }

    /// Every draft event of the same trigger word (any case) and type as `e`.
    pub fn same_trigger(&self, e: &EventSuggestion) -> Vec<EventSuggestion> {
        self.events
            .iter()
            .filter(|x| {
                x.event_type == e.event_type && x.text.to_lowercase() == e.text.to_lowercase()
            })
            .cloned()
            .collect()
    }

    /// Every suggestion of the focused one's string and entity.
    pub fn same_string(&mut self, doc: DocView<'_>) -> Vec<Suggestion> {
        let Some(f) = self.focused_suggestion(doc) else {
            return Vec::new();
        };
        let article = &doc.session.article;
        let text = f.text(article);
        self.list
            .iter()
            .filter(|x| x.text(article) == text && x.entity == f.entity && x.name == f.name)
            .cloned()
            .collect()
    }
}

/// The entity a suggestion joins: an existing one by name, or the new one with its id.
fn target(x: &Suggestion, s: &crate::model::Session) -> String {
    match x.entity.and_then(|e| s.entities.get(&e)) {
        Some(e) => e.name.clone(),
        None => match x.kb_id() {
            Some(kb) => format!("new: {} ({kb})", x.name),
            None => format!("new: {}", x.name),
        },
    }
}

/// Suggestions grouped by string and entity, in order of first appearance.
fn group(list: &[Suggestion], article: &crate::model::Article) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut index: std::collections::HashMap<(&str, &str, Option<crate::model::EntityId>), usize> =
        Default::default();
    for x in list {
        let k = (x.text(article), &*x.name, x.entity);
        match index.get(&k) {
            Some(&i) => out[i].count += 1,
            None => {
                index.insert(k, out.len());
                out.push(Group {
                    text: k.0.to_owned(),
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
fn header(
    ui: &mut Ui,
    list: &[Suggestion],
    visible: bool,
    (tagger, training): (bool, bool),
) -> Vec<Action> {
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
            out.push(Action::Suggest(SuggestAction::Accept(
                list.iter().map(Suggestion::accepted).collect(),
            )));
        }
        let mut shown = visible;
        if ui
            .checkbox(&mut shown, "Show in text")
            .on_hover_text("Dashed outlines in the type's colour (Ctrl+Shift+G)")
            .changed()
        {
            out.push(Action::Suggest(SuggestAction::ToggleShown));
        }
        let mut learn = tagger;
        if ui
            .checkbox(&mut learn, "Learn from my annotations")
            .on_hover_text("A tagger trained on this article's mentions suggests names it has not seen (on another thread; it learns again after each edit)")
            .changed()
        {
            out.push(Action::Suggest(SuggestAction::ToggleTagger));
        }
        if training {
            ui.spinner();
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
/// `article` is the one `list`'s spans are in.
fn row_buttons(
    ui: &mut Ui,
    g: &Group,
    list: &[Suggestion],
    article: &crate::model::Article,
    out: &mut Vec<Action>,
) {
    if ui
        .small_button("Show")
        .on_hover_text("Show its first occurrence in the text, in focus for the review keys")
        .clicked()
    {
        out.push(Action::Suggest(SuggestAction::Focus(g.first)));
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
            .filter(|y| y.text(article) == g.text && y.entity == x.entity && y.name == x.name)
            .map(Suggestion::accepted)
            .collect();
        out.push(Action::Suggest(SuggestAction::Accept(all)));
    }
    if ui
        .small_button("Reject")
        .on_hover_text(format!("Never suggest “{}” again", g.text))
        .clicked()
    {
        out.push(Action::Edit(Command::SetRejected(g.text.to_string(), true)));
    }
}
