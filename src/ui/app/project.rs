//! The open project: its folder, the project file, the articles opened so far (each with its own
//! undo history and unsaved work, kept while another article is shown) and the registry's undo.
//! What an edit means is decided in `io::project` and `analysis::registry`; this routes.

use super::project_jobs::IndexJob;
use super::{Document, DossierApp, Guarded, Notice};
use crate::analysis::registry::RegistryIndex;
use crate::io::project as iop;
use crate::io::project_index::ArticleIndex;
use crate::model::project::{ArticleStatus, Project};
use crate::model::registry::RegEdit;
use crate::ui::action::ProjectAction;
use crate::ui::jobs::{Jobs, Task};
use crate::ui::views::registry::MentionRow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The tagger learns from at most this many of a project's other articles (reading them costs
/// about 2 ms each, learning from them about as much as from the article itself).
pub const TAGGER_EXAMPLES: usize = 20;

/// A project open in the window.
pub struct OpenProject {
    pub dir: PathBuf,
    pub project: Project,
    /// The article shown (its session file, relative to `dir`).
    pub current: Option<String>,
    /// Articles opened before and not shown now, with their history and unsaved edits.
    pub parked: BTreeMap<String, Document>,
    /// Articles that cannot be opened, and why.
    pub problems: BTreeMap<String, String>,
    /// Registry changes to undo and redo, with what they were.
    pub reg_undo: Vec<(String, RegEdit)>,
    pub reg_redo: Vec<(String, RegEdit)>,
    /// The registry by name and KB id, rebuilt after each registry change.
    pub index: RegistryIndex,
    /// The registry entry whose page the registry tab shows.
    pub shown_entry: Option<String>,
    /// Every article's entities, links, events and relations, once indexed (by file).
    pub summary: BTreeMap<String, ArticleIndex>,
    /// Bumped whenever `summary` changes, for the views that cache what they draw from it.
    pub summary_gen: u64,
    /// The index being built on another thread.
    pub indexing: Option<IndexJob>,
    /// Bumped whenever the registry changes.
    pub reg_gen: u64,
    /// The shown registry entry's mentions in the articles not open, for the state they were
    /// found in: recomputed only when that changes, not every frame.
    pub(super) page: std::cell::RefCell<Option<Page>>,
    /// A find in the project running on another thread, and the last one's hits.
    pub find_job: Option<Task<FindResult>>,
    pub find_hits: Option<FindResult>,
    /// Every article's text once indexed, for finds in the project.
    pub texts: Option<std::sync::Arc<Vec<crate::io::find_cache::Cached>>>,
    /// The window's list of jobs, which the index and finds run from.
    pub(super) jobs: Jobs,
}

pub(super) type FindResult = Result<crate::analysis::project_search::ProjectHits, String>;

/// The cached mentions of a registry page: for what, how many entities, which mentions.
pub(super) type Page = (PageKey, usize, std::rc::Rc<Vec<MentionRow>>);
pub(super) type PageKey = (String, u64, u64, usize, Option<String>);

impl OpenProject {
    fn new(dir: PathBuf, project: Project, jobs: &Jobs) -> Self {
        let problems = project
            .articles
            .iter()
            .filter(|a| !dir.join(&a.file).exists())
            .map(|a| (a.file.clone(), format!("{} is missing", a.file)))
            .collect();
        let index = RegistryIndex::new(&project.registry);
        // A build no one will read (the project closed) stops at its next article when its
        // task is dropped.
        let indexing = IndexJob::start(jobs, &dir, &project);
        Self {
            summary: BTreeMap::new(),
            summary_gen: 0,
            indexing,
            reg_gen: 0,
            page: Default::default(),
            find_job: None,
            jobs: jobs.clone(),
            find_hits: None,
            texts: None,
            dir,
            project,
            current: None,
            parked: BTreeMap::new(),
            problems,
            reg_undo: Vec::new(),
            reg_redo: Vec::new(),
            index,
            shown_entry: None,
        }
    }

    /// The session files the tagger learns from besides `file`: the project's articles with the
    /// most mentions (saved ones; at most [`TAGGER_EXAMPLES`]).
    pub fn examples_for(&self, file: &str) -> Vec<PathBuf> {
        let mut arts: Vec<_> = self
            .project
            .articles
            .iter()
            .filter(|a| {
                a.file != file && a.counts.mentions > 0 && !self.problems.contains_key(&a.file)
            })
            .collect();
        arts.sort_by_key(|a| std::cmp::Reverse(a.counts.mentions));
        arts.iter()
            .take(TAGGER_EXAMPLES)
            .map(|a| self.dir.join(&a.file))
            .collect()
    }

    /// Articles with unsaved changes other than the one shown.
    pub fn unsaved_parked(&self) -> impl Iterator<Item = &str> {
        self.parked
            .iter()
            .filter(|(_, d)| d.is_dirty())
            .map(|(f, _)| f.as_str())
    }

    /// Whether any article links to registry entry `id` (the shown one included). Articles not
    /// opened in this window are read from their files.
    pub fn is_linked(&self, id: &str, shown: Option<&Document>) -> bool {
        let in_session = |s: &crate::model::Session| {
            s.entities
                .values()
                .any(|e| e.registry.as_deref() == Some(id))
        };
        if shown.is_some_and(|d| in_session(&d.session))
            || self.parked.values().any(|d| in_session(&d.session))
        {
            return true;
        }
        let open = |f: &str| self.current.as_deref() == Some(f) || self.parked.contains_key(f);
        if self.indexing.is_none() {
            return self.summary.values().any(|a| {
                !open(&a.file) && a.entities.iter().any(|e| e.registry.as_deref() == Some(id))
            });
        }
        self.project.articles.iter().any(|a| {
            let open = open(&a.file);
            // A file that cannot be read cannot be checked: count it as linking, to be safe.
            !open
                && std::fs::read_to_string(self.dir.join(&a.file))
                    .map_or(true, |t| t.contains(&format!("\"{id}\"")))
        })
    }
}

impl DossierApp {
    /// Apply an action about the project and its articles.
    pub(super) fn project_action(&mut self, a: ProjectAction) {
        match a {
            ProjectAction::New => self.run_guarded(Guarded::NewProject),
            ProjectAction::Open => self.run_guarded(Guarded::OpenProject),
            ProjectAction::OpenFolder(p) => self.run_guarded(Guarded::OpenProjectAt(p)),
            ProjectAction::Close => self.run_guarded(Guarded::CloseProject),
            ProjectAction::Add => {
                let dir = self.ws.project.as_ref().map(|p| p.dir.clone());
                let picked = self.dialogs.pick_articles(dir.as_deref());
                if !picked.is_empty() {
                    self.add_to_project(&picked);
                }
            }
            ProjectAction::AddPaths(paths) => self.add_to_project(&paths),
            ProjectAction::SaveAll => _ = self.save_all(),
            ProjectAction::OpenArticle(f) => self.open_article(&f),
            ProjectAction::OpenArticleAt(f, c) => {
                self.open_article(&f);
                self.views.view.scroll_to = Some(c);
            }
            ProjectAction::RemoveArticle(f) => self.remove_article(&f),
            ProjectAction::SetArticleStatus(f, st) => self.set_article_status(&f, st),
            ProjectAction::Find(q, regex) => {
                if let Some(op) = self.ws.project.as_mut() {
                    op.start_find(q, regex);
                }
            }
        }
    }

    /// Open the project in `dir`; on failure what is open stays as it was.
    pub fn open_project(&mut self, dir: &Path) -> bool {
        match iop::load_project(dir) {
            Ok(p) => {
                self.install_project(dir, p);
                true
            }
            Err(e) => {
                let hint = if dir.join(iop::PROJECT_FILE).exists() {
                    ""
                } else {
                    "\n\nTo make a project of this folder and its articles, use Project ▸ New project."
                };
                self.prompts.notice = Some(Notice {
                    title: format!(
                        "Could not open the project {}",
                        super::document::file_name(dir)
                    ),
                    body: format!("{e}{hint}\n\nNothing was changed; your open work is as it was."),
                });
                false
            }
        }
    }

    fn install_project(&mut self, dir: &Path, p: Project) {
        let n = p.articles.len();
        let op = OpenProject::new(dir.to_path_buf(), p, &self.jobs.runner);
        // The first article that can be opened is shown.
        let first = op
            .project
            .articles
            .iter()
            .find(|a| !op.problems.contains_key(&a.file))
            .map(|a| a.file.clone());
        self.ws.doc = None;
        self.ws.project = Some(op);
        // Its article list in front, put back if the analyst had closed it.
        self.layout.show(crate::ui::layout::Pane::Articles);
        self.remember_recent(dir);
        if let Some(f) = first {
            self.open_article(&f);
        }
        let missing = self.ws.project.as_ref().map_or(0, |p| p.problems.len());
        self.status = format!(
            "Opened the project {} ({})",
            dir.display(),
            crate::model::words::count(n, "article")
        );
        if missing > 0 {
            self.status
                .push_str(&format!("; {missing} missing or unreadable (marked red)"));
        }
    }

    /// Make a project in `dir`; the article files already in it become its articles.
    pub fn new_project(&mut self, dir: &Path) -> bool {
        let name = super::document::file_name(dir);
        let schema = self
            .ws
            .doc
            .as_ref()
            .map_or_else(crate::model::schema::presets::default_schema, |d| {
                d.session.schema.clone()
            });
        let mut p = match iop::create_project(dir, &name, schema) {
            Ok(p) => p,
            Err(e) => {
                self.prompts.notice = Some(Notice {
                    title: "Could not make the project".into(),
                    body: format!("{e}\n\nNothing was changed."),
                });
                return false;
            }
        };
        let report = iop::add_paths(dir, &mut p, &[dir.to_path_buf()]);
        self.install_project(dir, p);
        if let Ok(r) = report {
            self.report_added(&r);
        }
        true
    }

    /// Show an article of the project; the one shown before keeps its history and edits.
    pub fn open_article(&mut self, file: &str) {
        let Some(op) = self.ws.project.as_ref() else {
            return;
        };
        if op.current.as_deref() == Some(file) {
            return;
        }
        // Where the analyst was in the article shown, for when it is shown again.
        self.store_view();
        let Some(op) = self.ws.project.as_mut() else {
            return;
        };
        let doc = match op.parked.remove(file) {
            Some(d) => d,
            None => {
                let path = op.dir.join(file);
                match crate::io::load_session(&path) {
                    Ok((mut s, _)) => {
                        op.problems.remove(file);
                        // The project's schema, which may have grown since the article was
                        // added; it is written with the article's next save.
                        if s.schema != op.project.schema && op.project.schema.covers(&s.schema) {
                            s.schema = op.project.schema.clone();
                        }
                        Document::new(s, Some(path))
                    }
                    Err(e) => {
                        op.problems.insert(file.to_owned(), e.to_string());
                        self.prompts.notice = Some(Notice {
                            title: format!("Could not open {file}"),
                            body: format!("{e}\n\nThe article is marked red in the project list."),
                        });
                        return;
                    }
                }
            }
        };
        if let (Some(old), Some(cur)) = (self.ws.doc.take(), op.current.take()) {
            // Unsaved work set aside keeps a recovery copy of its own (it cannot change while
            // set aside, so one copy is enough).
            if old.is_dirty()
                && let Some(rec) = &self.ws.recovery
                && let Err(e) = rec
                    .target_for(&op.dir.join(&cur).to_string_lossy())
                    .write(&old.session, old.path.as_deref())
            {
                self.status = format!("Autosave failed: {e}");
            }
            op.parked.insert(cur, old);
        }
        op.current = Some(file.to_owned());
        let examples = op.examples_for(file);
        self.views.suggestions.set_examples(examples);
        let Some(op) = self.ws.project.as_mut() else {
            return;
        };
        let key = op.dir.join(file).to_string_lossy().into_owned();
        let dirty = doc.is_dirty();
        // The copy that follows the shown document now covers this one.
        self.clear_recovery();
        if let Some(rec) = &self.ws.recovery {
            rec.clear_for(&key);
        }
        self.install_doc(doc);
        if dirty {
            self.autosave_now();
        }
        let title = self
            .ws
            .doc
            .as_ref()
            .map(|d| d.session.article.title.clone());
        self.status = format!("Showing {}", title.unwrap_or_else(|| file.to_owned()));
    }

    /// Add files and folders to the project (dialog or drop).
    pub fn add_to_project(&mut self, paths: &[PathBuf]) {
        let Some(op) = self.ws.project.as_mut() else {
            return;
        };
        match iop::add_paths(&op.dir, &mut op.project, paths) {
            Ok(r) => {
                op.reindex();
                let first = r.added.first().cloned();
                self.report_added(&r);
                if let Some(f) = first {
                    self.open_article(&f);
                }
            }
            Err(e) => {
                self.prompts.notice = Some(Notice {
                    title: "Could not save the project file".into(),
                    body: e.to_string(),
                });
            }
        }
    }

    fn report_added(&mut self, r: &iop::AddReport) {
        self.status = format!(
            "Added {} to the project",
            crate::model::words::count(r.added.len(), "article")
        );
        let mut lines: Vec<String> = r
            .duplicates
            .iter()
            .map(|(p, f)| {
                format!(
                    "{}: the same text is already in the project as {f}",
                    p.display()
                )
            })
            .collect();
        lines.extend(
            r.failed
                .iter()
                .map(|(p, e)| format!("{}: {e}", p.display())),
        );
        if !lines.is_empty() {
            self.prompts.notice = Some(Notice {
                title: format!(
                    "Added {}; {} not added",
                    crate::model::words::count(r.added.len(), "article"),
                    lines.len()
                ),
                body: lines.join("\n"),
            });
        }
    }

    /// Remove an article from the project and delete its session file (git keeps its history).
    pub fn remove_article(&mut self, file: &str) {
        let Some(op) = self.ws.project.as_mut() else {
            return;
        };
        let mut p = op.project.clone();
        p.articles.retain(|a| a.file != file);
        if let Err(e) = iop::save_project(&op.dir, &p) {
            self.prompts.notice = Some(Notice {
                title: "Could not remove the article".into(),
                body: format!("{e}\n\nNothing was changed."),
            });
            return;
        }
        op.project = p;
        op.parked.remove(file);
        op.problems.remove(file);
        let path = op.dir.join(file);
        // The list no longer names it; a file left behind is only clutter.
        let _ = std::fs::remove_file(&path);
        if op.current.as_deref() == Some(file) {
            op.current = None;
            self.ws.doc = None;
            if let Some(next) = self
                .ws
                .project
                .as_ref()
                .and_then(|p| p.project.articles.first())
            {
                let next = next.file.clone();
                self.open_article(&next);
            }
        }
        self.status = format!("Removed {file} from the project");
    }

    pub fn set_article_status(&mut self, file: &str, status: ArticleStatus) {
        let Some(op) = self.ws.project.as_mut() else {
            return;
        };
        let mut p = op.project.clone();
        let Some(e) = p.articles.iter_mut().find(|a| a.file == file) else {
            return;
        };
        e.status = status;
        match iop::save_project(&op.dir, &p) {
            Ok(()) => {
                op.project = p;
                self.status = format!("{file}: {}", status.name());
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    /// After the shown article was saved: its entry in the project list is brought up to date.
    pub(super) fn note_saved_in_project(&mut self) {
        let (Some(op), Some(doc)) = (self.ws.project.as_mut(), self.ws.doc.as_ref()) else {
            return;
        };
        let Some(file) = op.current.clone() else {
            return;
        };
        let Some(old) = op.project.articles.iter().find(|a| a.file == file).cloned() else {
            return;
        };
        let mut entry = iop::entry_for(&doc.session, file.clone(), old.source.clone());
        // The analyst's status stands; a new article becomes "in progress" once annotated.
        entry.status = match old.status {
            ArticleStatus::New => entry.status,
            s => s,
        };
        op.reindex_one(&file, &doc.session);
        if entry != old {
            let mut p = op.project.clone();
            if let Some(e) = p.articles.iter_mut().find(|a| a.file == entry.file) {
                *e = entry;
            }
            match iop::save_project(&op.dir, &p) {
                Ok(()) => op.project = p,
                Err(e) => self.status = format!("Saved the article, not the project file: {e}"),
            }
        }
    }

    /// Save the shown article and every other one with unsaved changes.
    pub fn save_all(&mut self) -> bool {
        let mut ok = !self.ws.doc.as_ref().is_some_and(Document::is_dirty) || self.save(false);
        let Some(op) = self.ws.project.as_mut() else {
            return ok;
        };
        let mut failed = Vec::new();
        let mut saved = Vec::new();
        for (file, d) in op.parked.iter_mut().filter(|(_, d)| d.is_dirty()) {
            let path = op.dir.join(file);
            match crate::io::save_session(&d.session, &path) {
                Ok(()) => {
                    d.history.mark_saved();
                    d.view_dirty = false;
                    d.recovered = false;
                    saved.push(file.clone());
                    let old = op.project.articles.iter_mut().find(|a| a.file == *file);
                    if let Some(old) = old {
                        let status = old.status;
                        *old = iop::entry_for(&d.session, file.clone(), old.source.clone());
                        old.status = status.max(old.status);
                    }
                }
                Err(e) => failed.push(format!("{file}: {e}")),
            }
        }
        for f in saved {
            if let Some(rec) = &self.ws.recovery {
                rec.clear_for(&op.dir.join(&f).to_string_lossy());
            }
            if let Some(d) = op.parked.remove(&f) {
                op.reindex_one(&f, &d.session);
                op.parked.insert(f, d);
            }
        }
        if let Err(e) = iop::save_project(&op.dir, &op.project) {
            failed.push(e.to_string());
        }
        if !failed.is_empty() {
            ok = false;
            self.prompts.notice = Some(Notice {
                title: "Some articles could not be saved".into(),
                body: format!(
                    "{}\n\nTheir files on disk are unchanged.",
                    failed.join("\n")
                ),
            });
        } else if ok {
            self.status = "Saved every article of the project".into();
        }
        ok
    }

    /// Close the project (the guard asked about unsaved work first).
    pub fn close_project(&mut self) {
        if self.ws.project.take().is_some() {
            self.ws.doc = None;
            self.status = "Closed the project.".into();
        }
    }
}
