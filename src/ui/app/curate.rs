//! Curating two analysts' work in the window: another session of the article opened as a
//! comparison (read, re-anchored and compared on another thread), its differences from the
//! open session marked in the text and stepped through, each settled by taking A's version (the
//! open session's), B's or neither: ordinary undoable edits of the open session, which becomes
//! the merged one. Also the text update, which re-anchors on another thread too.

mod now;

use super::{DossierApp, Notice};
use crate::analysis::compare::{Agreement, compare, on_text_of};
use crate::analysis::curate::{self, Choice, Difference};
use crate::analysis::reanchor::Report;
use crate::io::progress::Ticker;
use crate::model::changes::Stamp;
use crate::model::{Command, Content, Session, Span};
use crate::ui::action::{Curate, Sel};
use crate::ui::jobs::{Poll, Stop, Task};
use crate::ui::views::article::Overlays;
use crate::ui::views::curate::{CurateView, Running};
use crate::ui::views::suggestion_jobs::Mark as SuggestionMark;
use std::path::Path;
use std::time::Instant;

/// The comparison open beside the session, and work on its way.
#[derive(Default)]
pub struct CurateUi {
    pub open: Option<Curation>,
    pub job: Option<Job>,
    /// A session to compare with once the file being opened is there (`--compare`).
    pending: Option<std::path::PathBuf>,
}

/// Another analyst's session (B) of the open article (A).
pub struct Curation {
    pub b: Session,
    /// B's file name: it names B in the settled differences.
    pub tag: String,
    /// How B was moved onto A's text, when it was made on another version.
    pub reanchored: Option<String>,
    /// Agreement when the comparison was opened.
    pub agreement: Agreement,
    /// Agreement of the session as it is now, once curation changed it.
    pub now: now::Now,
    pub diffs: Vec<Difference>,
    /// How many differences there were at the start.
    pub total: usize,
    pub current: usize,
    /// The differences drawn in the text, by start, in their kind's colour.
    pub marks: Vec<(Span, [u8; 3])>,
    /// The longest mark's length (painting looks back this far from a paragraph).
    longest: usize,
    /// The session state the differences were found for.
    fresh: Option<(Stamp, u64)>,
    /// How long finding them took last time, and since when they are out of date: a big
    /// article's (tens of ms) are found again once the analyst pauses, not in the edit's frame.
    cost: std::time::Duration,
    stale_since: Option<Instant>,
}

impl Curation {
    pub fn focused(&self) -> Option<&Difference> {
        self.diffs.get(self.current)
    }
}

/// Work on another thread, with a prompt that shows how long it has run and can cancel it.
pub struct Job {
    pub started: Instant,
    /// The session (and its state) it started from: a result for another is not applied.
    state: (Stamp, u64),
    /// Its thread, progress and stop, from the one list of jobs.
    task: Task<Result<Done, String>>,
}

impl Job {
    /// Whether the analyst asked it to stop (from the list of jobs).
    pub fn cancelled(&self) -> bool {
        self.task.cancelled()
    }
}

/// B moved onto A's text, how, their agreement and how long finding it took.
type Compared = (Session, Option<Report>, Agreement, std::time::Duration);

enum Done {
    Compared(Box<Compared>, String),
    Updated(Box<Session>, Report),
}

impl DossierApp {
    pub(super) fn curate(&mut self, c: Curate) {
        match c {
            Curate::Open => self.open_comparison(),
            Curate::Close => {
                if self.curation.open.take().is_some() {
                    self.status = "Comparison closed.".into();
                }
            }
            Curate::Cancel => {
                if let Some(j) = self.curation.job.take() {
                    // Dropping the task stops the work.
                    self.status = format!("{}: cancelled; nothing was changed.", j.task.what());
                }
            }
            Curate::Next | Curate::Previous => self.step_difference(c == Curate::Next),
            Curate::Go(i) => self.go_to_difference(i),
            Curate::Take(choice) => self.take(choice),
            Curate::PlaceOrphan(i) => self.place_orphan(i),
            Curate::DropOrphan(i) => self.build_and_edit(|s| s.cmd_drop_orphan(i)),
        }
    }

    /// Compare with another session: picked, then read and compared on another thread.
    fn open_comparison(&mut self) {
        let Some(doc) = &self.ws.doc else { return };
        let dir = doc
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        if let Some(path) = self.dialogs.pick_session(dir.as_deref()) {
            self.compare_with(path);
        }
    }

    /// Compare with `b` as soon as the document being opened is there (`--compare`).
    pub fn compare_once_open(&mut self, b: std::path::PathBuf) {
        self.curation.pending = Some(b);
    }

    fn compare_with(&mut self, path: std::path::PathBuf) {
        let Some(doc) = &self.ws.doc else { return };
        let a = doc.session.clone();
        let state = (doc.session.changes.stamp(), doc.history.state());
        let tag = super::document::file_name(&path);
        let job = {
            let (path, tag) = (path.clone(), tag.clone());
            move |t: &Ticker| {
                read_and_compare(&a, &path, t).map(|r| Done::Compared(Box::new(r), tag))
            }
        };
        self.start_job(format!("Comparing with {tag}"), state, job);
    }

    fn start_job(
        &mut self,
        what: String,
        state: (Stamp, u64),
        job: impl FnOnce(&Ticker) -> Result<Done, String> + Send + 'static,
    ) {
        self.status = format!("{what}…");
        let task = self
            .jobs
            .runner
            .start("dossier-curate", what, Stop::Can, job);
        match task {
            Some(task) => {
                self.curation.job = Some(Job {
                    started: Instant::now(),
                    state,
                    task,
                });
            }
            None => self.status = "Could not start a thread for that.".into(),
        }
    }

    /// Take in what a job finished; a result for a session that changed meanwhile is dropped.
    pub(super) fn poll_curation(&mut self, ctx: &egui::Context) {
        if self.curation.pending.is_some() && self.jobs.loading.is_none() {
            match (self.curation.pending.take(), self.ws.doc.is_some()) {
                (Some(b), true) => self.compare_with(b),
                (Some(_), false) => {
                    self.status = "Nothing to compare: the file did not open.".into();
                }
                (None, _) => {}
            }
        }
        if let Some(j) = &self.curation.job {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            if j.task.cancelled() {
                self.curate(Curate::Cancel);
                return;
            }
            let r = match j.task.poll() {
                Poll::Ready(r) => r,
                Poll::Running => return,
                Poll::Lost => Err("the comparison stopped unexpectedly".to_owned()),
            };
            let (what, state) = (j.task.what().to_owned(), j.state);
            self.curation.job = None;
            let current = self
                .ws
                .doc
                .as_ref()
                .map(|d| (d.session.changes.stamp(), d.history.state()));
            // A comparison stays good while the same session keeps its text (edits meanwhile
            // show as differences); a text update only for the state it was made from.
            let same_text = |b: &Session| {
                self.ws.doc.as_ref().is_some_and(|d| {
                    d.session.changes.stamp().instance == state.0.instance
                        && d.session.article.hash == b.article.hash
                })
            };
            match r {
                Err(e) => {
                    self.prompts.notice = Some(Notice {
                        title: format!("{what}: not done"),
                        body: format!("{e}\n\nNothing was changed."),
                    });
                }
                Ok(Done::Compared(r, tag)) if same_text(&r.0) => self.comparison_ready(*r, tag),
                Ok(Done::Updated(moved, report)) if current == Some(state) => {
                    self.text_updated(*moved, &report);
                }
                Ok(_) => {
                    self.status = format!(
                        "{what}: the session changed meanwhile, so nothing was changed; try again."
                    );
                }
            }
        }
        self.refresh_differences(false);
        if let Some(c) = self.curation.open.as_mut() {
            c.now.poll();
        }
        if self
            .curation
            .open
            .as_ref()
            .is_some_and(|c| c.stale_since.is_some() || c.now.waiting())
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn comparison_ready(&mut self, (b, report, agreement, cost): Compared, tag: String) {
        let mut c = Curation {
            b,
            tag,
            reanchored: report.map(|r| r.summary()),
            agreement,
            now: now::Now::new(cost),
            diffs: Vec::new(),
            total: 0,
            current: 0,
            marks: Vec::new(),
            longest: 0,
            fresh: None,
            cost: std::time::Duration::ZERO,
            stale_since: None,
        };
        if let Some(doc) = &self.ws.doc {
            c.diffs = curate::differences(&doc.session, &c.b, &c.tag);
            c.total = c.diffs.len();
        }
        self.status = format!(
            "Comparing with {}: {} difference{} (F8 next, Alt+A keep A's, Alt+B take B's, Alt+N neither).",
            c.tag,
            c.total,
            if c.total == 1 { "" } else { "s" }
        );
        self.curation.open = Some(c);
        self.refresh_differences(true);
        if self
            .curation
            .open
            .as_ref()
            .is_some_and(|c| !c.diffs.is_empty())
        {
            self.go_to_difference(0);
        }
    }

    /// Find the differences again after an edit, undo or redo (not every frame). Unless
    /// `now`, a search that took longer than a frame waits for a pause in the editing.
    fn refresh_differences(&mut self, now: bool) {
        let (Some(c), Some(doc)) = (self.curation.open.as_mut(), self.ws.doc.as_ref()) else {
            return;
        };
        if c.b.article.hash != doc.session.article.hash {
            self.curation.open = None;
            self.status = "Comparison closed: the article's text changed.".into();
            return;
        }
        let state = (doc.session.changes.stamp(), doc.history.state());
        if c.fresh == Some(state) {
            return;
        }
        const PAUSE: std::time::Duration = std::time::Duration::from_millis(300);
        if !now && c.cost > std::time::Duration::from_millis(16) {
            let since = *c.stale_since.get_or_insert_with(Instant::now);
            if since.elapsed() < PAUSE {
                return;
            }
        }
        let t = Instant::now();
        // The first finding is for the session as the comparison opened: its figures are
        // those at the start.
        if c.fresh.is_some() {
            c.now.refresh(&self.jobs.runner, &doc.session, &c.b, state);
        }
        c.fresh = Some(state);
        c.stale_since = None;
        c.diffs = curate::differences(&doc.session, &c.b, &c.tag);
        c.marks = c
            .diffs
            .iter()
            .map(|d| (d.span, crate::ui::views::curate::kind_color(d.kind)))
            .collect();
        c.marks.sort_by_key(|(s, _)| (s.start, s.end));
        c.longest = c.marks.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
        c.current = c.current.min(c.diffs.len().saturating_sub(1));
        c.cost = t.elapsed();
    }

    fn step_difference(&mut self, forward: bool) {
        self.refresh_differences(true);
        let Some(c) = &self.curation.open else {
            self.status = "No comparison is open (Compare ▸ Compare with another session).".into();
            return;
        };
        let n = c.diffs.len();
        if n == 0 {
            self.status = "No differences left.".into();
            return;
        }
        let i = if forward {
            (c.current + 1) % n
        } else {
            (c.current + n - 1) % n
        };
        self.go_to_difference(i);
    }

    fn go_to_difference(&mut self, i: usize) {
        self.refresh_differences(true);
        let Some(c) = self.curation.open.as_mut() else {
            return;
        };
        let Some(d) = c.diffs.get(i) else { return };
        c.current = i;
        let (span, line) = (
            d.span,
            format!("Difference {} of {}: {}", i + 1, c.diffs.len(), d.what),
        );
        self.select(Sel::Text { anchor: span, span });
        self.views.view.scroll_to = Some(span.start);
        self.status = line;
    }

    fn take(&mut self, choice: Choice) {
        // What the analyst sees in focus is what is taken: brought up to date first.
        self.refresh_differences(true);
        let Some(c) = self.curation.open.take() else {
            self.status = "No comparison is open (Compare ▸ Compare with another session).".into();
            return;
        };
        if let Some(d) = c.focused().cloned() {
            self.build_and_edit(|a| curate::cmd_take(a, &c.b, &d, choice));
        } else {
            self.status = "No differences left.".into();
        }
        let at = c.current;
        self.curation.open = Some(c);
        self.refresh_differences(true);
        // The next difference is now where this one was.
        if let Some(c) = &self.curation.open
            && !c.diffs.is_empty()
        {
            self.go_to_difference(at.min(c.diffs.len() - 1));
        }
    }

    /// Place an orphaned annotation on the selected text.
    fn place_orphan(&mut self, i: usize) {
        let Some(doc) = self.ws.doc.as_mut() else {
            return;
        };
        let Some(span) = doc.sel.text_span() else {
            self.status = "Select the words it belongs to first, then Place.".into();
            return;
        };
        let next = crate::model::MentionId(doc.session.next_id);
        match doc.session.cmd_place_orphan(i, span) {
            // The placed mention selected, as a new annotation is.
            Ok(cmd) => {
                if self.edit(cmd) {
                    let placed =
                        self.ws.doc.as_ref().and_then(|d| {
                            d.session.mentions.range(next..).next().map(|(id, _)| *id)
                        });
                    if let Some(id) = placed {
                        self.select(Sel::Item(crate::model::session::Selection::Mention(id)));
                    }
                }
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    /// File ▸ Update article text: read and re-anchor on another thread; applied as one
    /// undoable step when done, unless the session changed meanwhile.
    pub fn update_article_text(&mut self) {
        let dir = self.dialog_dir();
        let Some(path) = self.dialogs.pick_article(dir.as_deref()) else {
            return;
        };
        self.update_from(path);
    }

    /// File ▸ Update article text from its source: the file it was imported from, read again.
    pub fn update_from_source(&mut self) {
        let Some(doc) = &self.ws.doc else { return };
        let source = doc.session.article.source.clone().unwrap_or_default();
        if source.is_empty() || source.starts_with("sample:") {
            self.status = "Not done: the article was not imported from a file; use File ▸ Update article text… to pick one.".into();
            return;
        }
        // A relative source is relative to where it was imported from: try the session's folder.
        let path = std::path::PathBuf::from(&source);
        let beside = doc
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(|d| d.join(&path));
        match std::iter::once(path).chain(beside).find(|p| p.is_file()) {
            Some(p) => self.update_from(p),
            None => {
                self.status = format!(
                    "Not done: {source} cannot be found; use File ▸ Update article text… to pick it."
                );
            }
        }
    }

    fn update_from(&mut self, path: std::path::PathBuf) {
        let Some(doc) = &self.ws.doc else { return };
        let state = (doc.session.changes.stamp(), doc.history.state());
        let s = doc.session.clone();
        let name = super::document::file_name(&path);
        let job = move |t: &Ticker| {
            let a = crate::io::import_article(&path).map_err(|e| e.to_string())?;
            let tick = |d, n| t.tick(d, n);
            let (moved, report) = crate::analysis::reanchor::reanchor_with(&s, &a.text, &tick)?;
            Ok(Done::Updated(Box::new(moved), report))
        };
        self.start_job(format!("Updating the text from {name}"), state, job);
    }

    fn text_updated(&mut self, moved: Session, report: &Report) {
        let content = Command::ReplaceContent(Box::new(Content::of(&moved)));
        if !self.edit(content) {
            return;
        }
        self.status = format!("Updated the article's text: {}", report.summary());
        let mut lines: Vec<String> = report
            .fuzzy
            .iter()
            .map(|(q, n, sc)| format!("near match: “{q}” → “{n}” ({:.0} %)", sc * 100.0))
            .collect();
        if !report.orphaned.is_empty() {
            lines.push(format!(
                "{} not placed: listed above the text, to place on a selection or drop.",
                report.orphaned.len()
            ));
        }
        if !lines.is_empty() {
            self.prompts.notice = Some(Notice {
                title: format!("Updated the text: {}", report.summary()),
                body: format!(
                    "{}\n\nEdit ▸ Undo puts the old text and annotations back.",
                    lines.join("\n")
                ),
            });
        }
    }
}

/// The suggestions and the differences drawn over the text.
pub(super) fn overlays<'a>(
    (suggestions, focused_suggestion): (&'a [SuggestionMark], Option<Span>),
    c: &'a CurateUi,
) -> Overlays<'a> {
    let open = c.open.as_ref();
    Overlays {
        suggestions,
        focused_suggestion,
        differences: open.map_or(&[], |c| &c.marks),
        focused_difference: open.and_then(Curation::focused).map(|d| d.span),
        longest_difference: open.map_or(0, |c| c.longest),
    }
}

/// The bar above the text: the comparison, work running, annotations left over.
pub(super) fn curation_bar(
    ui: &mut egui::Ui,
    c: &CurateUi,
    s: &Session,
) -> Vec<crate::ui::action::Action> {
    let view = c.open.as_ref().map(|c| CurateView {
        tag: &c.tag,
        reanchored: c.reanchored.as_deref(),
        agreement: &c.agreement,
        now: c.now.figures.as_ref(),
        diffs: &c.diffs,
        total: c.total,
        current: c.current,
    });
    let running = c.job.as_ref().map(|j| Running {
        what: j.task.what(),
        seconds: j.started.elapsed().as_secs_f32(),
        fraction: j.task.ticker().fraction(),
    });
    crate::ui::views::curate::bar(ui, view.as_ref(), running, &s.orphaned)
}

/// Read B, move it onto A's text if it was made on another version, and compare.
fn read_and_compare(a: &Session, path: &Path, t: &Ticker) -> Result<Compared, String> {
    let (b, _) = crate::io::load_session(path).map_err(|e| e.to_string())?;
    let (b2, report) = on_text_of(a, &b, &|d, n| t.tick(d, n))?;
    let b2 = b2.into_owned();
    let started = Instant::now();
    let agreement = compare(a, &b2)?;
    Ok((b2, report, agreement, started.elapsed()))
}
