//! The open project's background work: the index of every article (built on another thread,
//! kept current on save) and find in the project, with what the registry page reads from them.

use super::DossierApp;
use super::project::{OpenProject, PageKey};
use crate::io::find_cache::Cached;
use crate::io::project_index::ArticleIndex;
use crate::model::project::Project;
use crate::ui::jobs::{Jobs, Poll, Stop, Task};
use crate::ui::views::registry::MentionRow;
use std::path::Path;
use std::sync::Arc;

/// What the index thread gives back: every article's index entry and text.
type Built = (Vec<ArticleIndex>, Vec<Cached>);

/// An index build on another thread.
pub struct IndexJob {
    pub total: usize,
    task: Task<Option<Built>>,
}

impl IndexJob {
    /// None when no thread could be started: the project then works without its index (the
    /// registry reads the articles' files instead).
    pub(super) fn start(jobs: &Jobs, dir: &Path, p: &Project) -> Option<Self> {
        let (dir, p2) = (dir.to_path_buf(), p.clone());
        let what = format!("Indexing the project's {} articles", p.articles.len());
        let task = jobs.start("dossier-index", what, Stop::Can, move |t| {
            let built = crate::io::project_index::build(&dir, &p2, t)?;
            // The texts too (through the find cache), kept for finds in the project.
            let (texts, _) = crate::io::find_cache::texts(&dir, &p2);
            Some((built, texts))
        })?;
        Some(Self {
            total: p.articles.len(),
            task,
        })
    }

    /// Articles indexed so far.
    pub fn done(&self) -> usize {
        self.task.ticker().done()
    }
}

impl OpenProject {
    /// Take the index once its thread is done; true while it is still being built.
    /// Find in every article on another thread (the find cache makes it fast after the first).
    pub fn start_find(&mut self, pattern: String, regex: bool) {
        use crate::analysis::project_search as ps;
        let (dir, p, texts) = (self.dir.clone(), self.project.clone(), self.texts.clone());
        let what = "Finding in the project";
        self.find_job = self.jobs.start("dossier-find", what, Stop::Can, move |_| {
            let bad = |e: String| format!("not a usable regular expression: {e}");
            match texts {
                // Listed with context: the first hits of each article, as the list shows them.
                Some(t) => Ok(ps::find_in(
                    &p,
                    &t,
                    &ps::compile(&pattern, regex).map_err(bad)?,
                    crate::ui::views::project_views::SHOWN_PER_ARTICLE,
                )),
                None => ps::find(&dir, &p, &pattern, regex).map_err(bad),
            }
        });
        if self.find_job.is_none() {
            self.find_hits = Some(Err("no thread could be started for the search".into()));
        }
    }

    /// Take the find's hits once its thread is done; true while it runs.
    pub fn poll_find(&mut self) -> bool {
        let Some(job) = &self.find_job else {
            return false;
        };
        if job.cancelled() {
            self.find_job = None;
            self.find_hits = Some(Err("the search was cancelled".into()));
            return false;
        }
        self.find_hits = Some(match job.poll() {
            Poll::Running => return true,
            Poll::Ready(hits) => hits,
            Poll::Lost => Err("the search failed".into()),
        });
        self.find_job = None;
        false
    }

    pub fn poll_index(&mut self) -> bool {
        let Some(job) = &self.indexing else {
            return false;
        };
        if job.task.cancelled() {
            // The project works on without its index, as when no thread could be had.
            self.indexing = None;
            return false;
        }
        let built = match job.task.poll() {
            Poll::Running => return true,
            Poll::Ready(built) => built,
            Poll::Lost => None,
        };
        self.indexing = None;
        if let Some((all, texts)) = built {
            self.texts = Some(Arc::new(texts));
            self.summary = all.into_iter().map(|a| (a.file.clone(), a)).collect();
            self.summary_gen += 1;
        }
        false
    }

    /// Index again (after articles were added); unchanged articles come from the cache.
    pub fn reindex(&mut self) {
        // The build under way stops when its task is dropped here.
        self.indexing = None;
        self.indexing = IndexJob::start(&self.jobs, &self.dir, &self.project);
    }

    /// How many entities of the articles not open link to registry entry `id` (or one merged
    /// into it), and their mentions, from the index.
    pub fn unopened_mentions(&self, id: &str) -> (usize, std::rc::Rc<Vec<MentionRow>>) {
        let key: PageKey = (
            id.to_owned(),
            self.summary_gen,
            self.reg_gen,
            self.parked.len(),
            self.current.clone(),
        );
        if let Some((k, n, rows)) = &*self.page.borrow()
            && *k == key
        {
            return (*n, rows.clone());
        }
        let reg = &self.project.registry;
        let open = |f: &str| self.current.as_deref() == Some(f) || self.parked.contains_key(f);
        let (mut n, mut rows) = (0, Vec::new());
        for a in self.summary.values().filter(|a| !open(&a.file)) {
            let linked: Vec<u64> = a
                .entities
                .iter()
                .filter(|e| reg.means(e.registry.as_deref(), id))
                .map(|e| e.id)
                .collect();
            n += linked.len();
            rows.extend(
                a.mentions
                    .iter()
                    .filter(|m| linked.contains(&m.entity))
                    .map(|m| MentionRow {
                        file: a.file.clone(),
                        title: a.title.clone(),
                        start: m.start,
                        context: m.context.clone(),
                    }),
            );
        }
        let rows = std::rc::Rc::new(rows);
        *self.page.borrow_mut() = Some((key, n, rows.clone()));
        (n, rows)
    }

    /// An article was saved: its index entry follows.
    pub fn reindex_one(&mut self, file: &str, s: &crate::model::Session) {
        use crate::io::project_index::{index_session, stamp_of};
        if let Some(stamp) = stamp_of(&self.dir.join(file)) {
            self.summary
                .insert(file.to_owned(), index_session(file, stamp, s));
            self.summary_gen += 1;
        }
    }
}

impl DossierApp {
    /// Keep the project's index coming; the window redraws while it is built.
    pub(super) fn poll_project(&mut self, ctx: &egui::Context) {
        if let Some(op) = self.ws.project.as_mut()
            && (op.poll_index() | op.poll_find())
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
}
