//! Native file dialogs and the clipboard behind a small trait, so that tests can answer them
//! without a window.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

pub trait FileDialogs {
    // Every dialog starts in `dir` when given (the last folder used, or the document's).
    /// Pick an article to start a session from.
    fn pick_article(&mut self, dir: Option<&Path>) -> Option<PathBuf>;
    /// Pick a session file to open.
    fn pick_session(&mut self, dir: Option<&Path>) -> Option<PathBuf>;
    /// Choose where to save a session; `suggested` is a file name.
    fn save_session(&mut self, dir: Option<&Path>, suggested: &str) -> Option<PathBuf>;
    /// Pick a folder: a project's, or one to make a project in.
    fn pick_folder(&mut self, dir: Option<&Path>, title: &str) -> Option<PathBuf>;
    /// Pick articles to add to the project (several at once); none when cancelled.
    fn pick_articles(&mut self, dir: Option<&Path>) -> Vec<PathBuf>;
    /// Pick a brat `.ann` file (its `.txt` sits beside it).
    fn pick_brat(&mut self, dir: Option<&Path>) -> Option<PathBuf>;
    /// Pick a gazetteer (a CSV or TSV list of names).
    fn pick_gazetteer(&mut self, dir: Option<&Path>) -> Option<PathBuf>;
    /// Choose where to write an export of the given kind.
    fn save_export(
        &mut self,
        dir: Option<&Path>,
        what: &str,
        extension: &str,
        suggested: &str,
    ) -> Option<PathBuf>;
    /// What the clipboard holds, as HTML when a browser put it there, else as text.
    fn paste(&mut self) -> Result<Clip, String>;
}

/// The clipboard's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Clip {
    Html(String),
    Text(String),
}

/// An open dialog in `dir` showing the files of one kind first; any file can still be chosen.
fn pick(dir: Option<&Path>, title: &str, kind: &str, extensions: &[&str]) -> Option<PathBuf> {
    in_dir(rfd::FileDialog::new(), dir)
        .set_title(title)
        .add_filter(kind, extensions)
        .add_filter("All files", &["*"])
        .pick_file()
}

/// The real dialogs (rfd: the XDG portal on Linux, the system dialogs elsewhere).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn pick_article(&mut self, dir: Option<&Path>) -> Option<PathBuf> {
        pick(
            dir,
            "New session from article",
            "Articles",
            &["txt", "md", "markdown", "html", "htm", "pdf"],
        )
    }

    fn pick_session(&mut self, dir: Option<&Path>) -> Option<PathBuf> {
        pick(dir, "Open session", "Dossier sessions", &["ron"])
    }

    fn pick_gazetteer(&mut self, dir: Option<&Path>) -> Option<PathBuf> {
        pick(dir, "Add a gazetteer", "Name lists", &["csv", "tsv", "txt"])
    }

    fn pick_folder(&mut self, dir: Option<&Path>, title: &str) -> Option<PathBuf> {
        in_dir(rfd::FileDialog::new(), dir)
            .set_title(title)
            .pick_folder()
    }

    fn pick_articles(&mut self, dir: Option<&Path>) -> Vec<PathBuf> {
        in_dir(rfd::FileDialog::new(), dir)
            .set_title("Add articles to the project")
            .add_filter(
                "Articles and brat documents",
                &["txt", "md", "markdown", "html", "htm", "pdf", "ann"],
            )
            .add_filter("All files", &["*"])
            .pick_files()
            .unwrap_or_default()
    }

    fn save_session(&mut self, dir: Option<&Path>, suggested: &str) -> Option<PathBuf> {
        named_in(rfd::FileDialog::new(), dir, Some(suggested))
            .set_title("Save session")
            .add_filter("Dossier sessions", &["ron"])
            .save_file()
            .map(|p| {
                if p.extension().is_none() {
                    p.with_extension("ron")
                } else {
                    p
                }
            })
    }

    fn pick_brat(&mut self, dir: Option<&Path>) -> Option<PathBuf> {
        pick(
            dir,
            "Import brat annotations (.ann)",
            "brat annotations",
            &["ann"],
        )
    }

    fn save_export(
        &mut self,
        dir: Option<&Path>,
        what: &str,
        extension: &str,
        suggested: &str,
    ) -> Option<PathBuf> {
        named_in(rfd::FileDialog::new(), dir, Some(suggested))
            .set_title(format!("Export {what}"))
            .add_filter(what, &[extension])
            .save_file()
    }

    fn paste(&mut self) -> Result<Clip, String> {
        let mut board = arboard::Clipboard::new().map_err(|e| e.to_string())?;
        if let Ok(html) = board.get().html()
            && !html.trim().is_empty()
        {
            return Ok(Clip::Html(html));
        }
        match board.get().text() {
            Ok(text) => Ok(Clip::Text(text)),
            Err(arboard::Error::ContentNotAvailable) => {
                Err("the clipboard holds no text (copy the article first)".into())
            }
            Err(e) => Err(e.to_string()),
        }
    }
}

fn in_dir(d: rfd::FileDialog, dir: Option<&Path>) -> rfd::FileDialog {
    named_in(d, dir, None)
}

/// Start in `dir` with `name` filled in. rfd's zenity fallback (used when no desktop portal
/// answers, as on a session without a D-Bus session bus) ignores the starting folder; zenity
/// takes it as part of the file name instead.
fn named_in(d: rfd::FileDialog, dir: Option<&Path>, name: Option<&str>) -> rfd::FileDialog {
    // Absolute: zenity reads a relative name against its own idea of the folder and falls back
    // to "Recent" (an article opened from the command line is recorded as given).
    let dir = dir
        .filter(|d| d.is_dir())
        .map(|d| std::path::absolute(d).unwrap_or_else(|_| d.to_path_buf()));
    let dir = dir.as_deref();
    let d = match dir {
        Some(dir) => d.set_directory(dir),
        None => d,
    };
    let zenity =
        cfg!(target_os = "linux") && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none();
    match (zenity, dir, name) {
        (true, Some(dir), name) => d.set_file_name(dir.join(name.unwrap_or("")).to_string_lossy()),
        (_, _, Some(name)) => d.set_file_name(name),
        _ => d,
    }
}

/// Where a dialog started and the file name it suggested.
pub type Asked = (Option<PathBuf>, String);

/// Answers dialogs from a queue; `None` (cancel) when the queue is empty. For tests, which can
/// also read where each dialog started and what name it suggested.
#[derive(Default, Clone)]
pub struct FakeDialogs {
    pub answers: std::rc::Rc<std::cell::RefCell<VecDeque<Option<PathBuf>>>>,
    /// The folder and suggested file name of each dialog shown, in order.
    pub asked: std::rc::Rc<std::cell::RefCell<Vec<Asked>>>,
    /// What the clipboard holds; empty reads as an empty clipboard.
    pub clipboard: std::rc::Rc<std::cell::RefCell<Option<Clip>>>,
}

impl FakeDialogs {
    pub fn answer(&self, p: Option<PathBuf>) {
        self.answers.borrow_mut().push_back(p);
    }

    fn next(&mut self, dir: Option<&Path>, suggested: &str) -> Option<PathBuf> {
        self.asked
            .borrow_mut()
            .push((dir.map(Path::to_path_buf), suggested.to_owned()));
        self.answers.borrow_mut().pop_front().flatten()
    }
}

impl FileDialogs for FakeDialogs {
    fn pick_article(&mut self, dir: Option<&Path>) -> Option<PathBuf> {
        self.next(dir, "")
    }
    fn pick_session(&mut self, dir: Option<&Path>) -> Option<PathBuf> {
        self.next(dir, "")
    }
    fn pick_gazetteer(&mut self, dir: Option<&Path>) -> Option<PathBuf> {
        self.next(dir, "")
    }
    fn pick_folder(&mut self, dir: Option<&Path>, _title: &str) -> Option<PathBuf> {
        self.next(dir, "")
    }
    fn pick_articles(&mut self, dir: Option<&Path>) -> Vec<PathBuf> {
        self.next(dir, "").into_iter().collect()
    }
    fn save_session(&mut self, dir: Option<&Path>, suggested: &str) -> Option<PathBuf> {
        self.next(dir, suggested)
    }
    fn pick_brat(&mut self, dir: Option<&Path>) -> Option<PathBuf> {
        self.next(dir, "")
    }
    fn save_export(
        &mut self,
        dir: Option<&Path>,
        _what: &str,
        _extension: &str,
        suggested: &str,
    ) -> Option<PathBuf> {
        self.next(dir, suggested)
    }
    fn paste(&mut self) -> Result<Clip, String> {
        self.clipboard
            .borrow()
            .clone()
            .ok_or_else(|| "the clipboard holds no text (copy the article first)".into())
    }
}
