//! Project folders: `dossier-project.ron` and one session file per article under `articles/`.
//! Articles come in as files (text, Markdown, HTML, PDF) or brat documents; the same article
//! twice is noticed by its text's hash; every file is written atomically.

use super::atomic::write_atomic;
use super::session_file::{load_session, session_to_string};
use crate::model::project::{ArticleEntry, ArticleStatus, Counts, PROJECT_VERSION, Project};
use crate::model::registry::Registry;
use crate::model::{Schema, Session};
use std::path::{Path, PathBuf};

/// The project file's name inside the project folder.
pub const PROJECT_FILE: &str = "dossier-project.ron";

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("cannot read or write {path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error("{path} is not a Dossier project file: {why}")]
    Parse { path: String, why: String },
    #[error(
        "{path} was written by a newer Dossier (project format {found}; this one reads up to {PROJECT_VERSION}): update Dossier to open it"
    )]
    TooNew { path: String, found: u32 },
    #[error("{0} already holds a project")]
    Exists(String),
    #[error("{0} is not a Dossier project: it has no dossier-project.ron")]
    NotAProject(String),
    #[error("cannot encode the project: {0}")]
    Encode(#[from] ron::Error),
}

/// What adding one file did.
#[derive(Debug, Clone, PartialEq)]
pub enum Added {
    /// A new article, in this session file.
    Article(String),
    /// The same text is already in the project, in this file.
    Duplicate(String),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ProjectError + '_ {
    move |cause| ProjectError::Io {
        path: path.display().to_string(),
        cause,
    }
}

/// The project as RON, its articles in file order: the same project always gives the same bytes.
pub fn project_to_string(p: &Project) -> Result<String, ron::Error> {
    let body = ron::ser::to_string_pretty(p, super::session_file::pretty_config())?;
    Ok(format!(
        "// Dossier project. Each article is a session file of its own under articles/.\n{body}\n"
    ))
}

/// Save the project file atomically (the previous one kept as `.bak`).
pub fn save_project(dir: &Path, p: &Project) -> Result<(), ProjectError> {
    let path = dir.join(PROJECT_FILE);
    write_atomic(&path, project_to_string(p)?.as_bytes(), true).map_err(io_err(&path))
}

/// Read `DIR/dossier-project.ron`.
pub fn load_project(dir: &Path) -> Result<Project, ProjectError> {
    let path = dir.join(PROJECT_FILE);
    if !path.exists() {
        return Err(ProjectError::NotAProject(dir.display().to_string()));
    }
    let text = std::fs::read_to_string(&path).map_err(io_err(&path))?;
    parse_project(&text, &path.display().to_string())
}

/// A project file's text as a project; `shown` names it in errors.
pub fn parse_project(text: &str, shown: &str) -> Result<Project, ProjectError> {
    let shown = shown.to_owned();
    let text = text.trim_start_matches('\u{feff}');
    // The version first (it is the first field), so that a newer file is refused for what it
    // is, not for a field this version does not know.
    if let Some(found) = version_of(text)
        && found > PROJECT_VERSION
    {
        return Err(ProjectError::TooNew { path: shown, found });
    }
    let mut p: Project = ron::from_str(text).map_err(|e| ProjectError::Parse {
        path: shown.clone(),
        why: e.to_string(),
    })?;
    // A hand-edited or merged file may list entries out of order: put them in order; an id
    // listed twice is refused rather than one of the two dropped.
    let (registry, twice) = Registry::from_entries(std::mem::take(&mut p.registry).into_entries());
    if let Some(why) = twice.into_iter().next() {
        return Err(ProjectError::Parse { path: shown, why });
    }
    p.registry = registry;
    Ok(p)
}

/// The number after the first `version:`.
fn version_of(text: &str) -> Option<u32> {
    let at = text.find("version:")?;
    text[at + "version:".len()..]
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// What `.gitattributes` needs so that git merges Dossier's files with `dossier merge-driver`.
pub const GITATTRIBUTES_LINE: &str = "*.ron merge=dossier";

/// What git should not share: the caches (rebuilt at will) and the backups of saves.
const GITIGNORE_LINES: [&str; 3] = [
    super::find_cache::CACHE_FILE,
    super::project_index::INDEX_FILE,
    "*.bak",
];

/// The project's `.gitignore` lists the caches and backups, and its `.gitattributes` sends
/// `*.ron` to the merge driver; lines already there (and any others) are kept.
pub fn ensure_git_files(dir: &Path) -> Result<(), ProjectError> {
    ensure_lines(&dir.join(".gitignore"), &GITIGNORE_LINES)?;
    ensure_lines(&dir.join(".gitattributes"), &[GITATTRIBUTES_LINE])
}

fn ensure_lines(path: &Path, lines: &[&str]) -> Result<(), ProjectError> {
    let old = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_err(path)(e)),
    };
    let missing: Vec<&str> = lines
        .iter()
        .filter(|l| !old.lines().any(|o| o.trim() == **l))
        .copied()
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut text = old;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for l in missing {
        text.push_str(l);
        text.push('\n');
    }
    write_atomic(path, text.as_bytes(), false).map_err(io_err(path))
}

/// A new, empty project in `dir` (made if missing); refused where a project already is.
pub fn create_project(dir: &Path, name: &str, schema: Schema) -> Result<Project, ProjectError> {
    if dir.join(PROJECT_FILE).exists() {
        return Err(ProjectError::Exists(dir.display().to_string()));
    }
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).map_err(io_err(&articles))?;
    ensure_git_files(dir)?;
    let p = Project::new(name, schema);
    save_project(dir, &p)?;
    Ok(p)
}

/// Why an article of the project cannot be opened now (missing or unreadable file), if it can't.
pub fn article_problem(dir: &Path, entry: &ArticleEntry) -> Option<String> {
    let path = dir.join(&entry.file);
    if !path.exists() {
        return Some(format!("{} is missing", entry.file));
    }
    load_session(&path).err().map(|e| e.to_string())
}

/// The entry the project keeps for `s`, saved as `file`.
pub fn entry_for(s: &Session, file: String, source: Option<String>) -> ArticleEntry {
    ArticleEntry {
        file,
        title: s.article.title.clone(),
        published: s.article.published.clone(),
        source,
        status: if s.mentions.is_empty() {
            ArticleStatus::New
        } else {
            ArticleStatus::InProgress
        },
        hash: s.article.hash.clone(),
        counts: Counts {
            chars: s.article.char_len(),
            mentions: s.mentions.len(),
            entities: s.entities.len(),
            events: s.events.len(),
        },
    }
}

/// Add one article file (text, Markdown, HTML, PDF), a session file (`.ron`, with its
/// annotations) or brat document (its `.ann`, with the `.txt` beside it and `annotation.conf` in
/// the same folder when there is one). The project file is
/// not saved here: the caller saves it once after adding many.
pub fn add_file(dir: &Path, p: &mut Project, path: &Path) -> Result<Added, String> {
    let ext = |want: &str| {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(want))
    };
    let mut session = if ext("ann") {
        brat_session(p, path)?
    } else if ext("ron") {
        // A session made outside the project joins it with its annotations (its text was
        // once taken for an article: the RON itself became the text).
        let (s, _) = super::load_session(path).map_err(|e| e.to_string())?;
        join_schema(&mut p.schema, &s.schema);
        s
    } else {
        let article = super::import_article(path).map_err(|e| e.to_string())?;
        Session::new(article, p.schema.clone())
    };
    if let Some(same) = p.by_hash(&session.article.hash) {
        return Ok(Added::Duplicate(same.file.clone()));
    }
    session.schema = p.schema.clone();
    let stem = path
        .file_stem()
        .map_or_else(|| "article".into(), |s| s.to_string_lossy().into_owned());
    let file = p.free_file(&stem);
    let target = dir.join(&file);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let text = session_to_string(&session).map_err(|e| e.to_string())?;
    write_atomic(&target, text.as_bytes(), false)
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    let source = path.file_name().map(|n| n.to_string_lossy().into_owned());
    p.insert(entry_for(&session, file.clone(), source));
    Ok(Added::Article(file))
}

/// A brat document as a session; the types of its schema that the project lacks join the
/// project's (a folder can mix brat documents and plain articles).
fn brat_session(p: &mut Project, ann: &Path) -> Result<Session, String> {
    let txt = ann.with_extension("txt");
    let conf = ann.with_file_name("annotation.conf");
    let conf = conf.exists().then_some(conf);
    let imp = super::brat::import_files(&txt, ann, conf.as_deref()).map_err(|e| e.to_string())?;
    join_schema(&mut p.schema, &imp.session.schema);
    Ok(imp.session)
}

/// Add to `ours` the entity, event and relation types of `theirs` whose id it lacks; a joined
/// type whose hotkey `ours` already uses gets none (the schema must stay free of clashes).
fn join_schema(ours: &mut Schema, theirs: &Schema) {
    use std::collections::HashSet;
    let mut ids: HashSet<String> = HashSet::new();
    let mut keys: HashSet<char> = HashSet::new();
    let mut note = |id: &str, key: Option<char>| {
        ids.insert(id.to_owned());
        keys.extend(key);
    };
    ours.entity_types.iter().for_each(|t| note(&t.id, t.hotkey));
    ours.event_types.iter().for_each(|t| note(&t.id, t.hotkey));
    ours.relation_types
        .iter()
        .for_each(|t| note(&t.id, t.hotkey));
    let mut fresh = |id: &str, key: &mut Option<char>| -> bool {
        if !ids.insert(id.to_owned()) {
            return false;
        }
        if let Some(k) = *key
            && !keys.insert(k)
        {
            *key = None;
        }
        true
    };
    for t in &theirs.entity_types {
        let mut t = t.clone();
        if fresh(&t.id, &mut t.hotkey) {
            ours.entity_types.push(t);
        }
    }
    for t in &theirs.event_types {
        let mut t = t.clone();
        if fresh(&t.id, &mut t.hotkey) {
            ours.event_types.push(t);
        }
    }
    for t in &theirs.relation_types {
        let mut t = t.clone();
        if fresh(&t.id, &mut t.hotkey) {
            ours.relation_types.push(t);
        }
    }
}

/// What adding a folder or several files did.
#[derive(Debug, Default)]
pub struct AddReport {
    pub added: Vec<String>,
    /// (the file given, the article already holding its text)
    pub duplicates: Vec<(PathBuf, String)>,
    /// (the file given, why it was not added)
    pub failed: Vec<(PathBuf, String)>,
}

/// The article files in `folder` (not its subfolders), by name: texts, Markdown, HTML, PDF and
/// brat `.ann` documents (a `.txt` with an `.ann` beside it is that document's text, not an article).
pub fn article_files(folder: &Path) -> Result<Vec<PathBuf>, String> {
    let read =
        std::fs::read_dir(folder).map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
    let mut files: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let ext = |p: &Path| {
        p.extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
    };
    Ok(files
        .iter()
        .filter(|p| {
            let e = ext(p);
            let brat_text = e == "txt" && p.with_extension("ann").exists();
            !brat_text
                && ["txt", "md", "markdown", "html", "htm", "pdf", "ann"].contains(&e.as_str())
        })
        .cloned()
        .collect())
}

/// Add files and the article files of folders, then save the project file once.
pub fn add_paths(
    dir: &Path,
    p: &mut Project,
    paths: &[PathBuf],
) -> Result<AddReport, ProjectError> {
    let mut report = AddReport::default();
    for path in paths {
        let files = if path.is_dir() {
            match article_files(path) {
                Ok(f) => f,
                Err(e) => {
                    report.failed.push((path.clone(), e));
                    continue;
                }
            }
        } else {
            vec![path.clone()]
        };
        for f in files {
            match add_file(dir, p, &f) {
                Ok(Added::Article(file)) => report.added.push(file),
                Ok(Added::Duplicate(file)) => report.duplicates.push((f, file)),
                Err(e) => report.failed.push((f, e)),
            }
        }
    }
    save_project(dir, p)?;
    Ok(report)
}
