//! Native file dialogs behind a small trait, so that tests can answer them without a window.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

pub trait FileDialogs {
    /// Pick an article to start a session from.
    fn pick_article(&mut self) -> Option<PathBuf>;
    /// Pick a session file to open.
    fn pick_session(&mut self) -> Option<PathBuf>;
    /// Choose where to save a session; `suggested` is a file name.
    fn save_session(&mut self, dir: Option<&Path>, suggested: &str) -> Option<PathBuf>;
    /// Pick a brat `.ann` file (its `.txt` sits beside it).
    fn pick_brat(&mut self) -> Option<PathBuf>;
    /// Choose where to write an export of the given kind.
    fn save_export(&mut self, what: &str, extension: &str, suggested: &str) -> Option<PathBuf>;
}

/// The real dialogs (rfd: the XDG portal on Linux, the system dialogs elsewhere).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn pick_article(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("New session from article")
            .add_filter("Articles", &["txt", "md", "markdown", "html", "htm"])
            .add_filter("All files", &["*"])
            .pick_file()
    }

    fn pick_session(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open session")
            .add_filter("Dossier sessions", &["ron"])
            .add_filter("All files", &["*"])
            .pick_file()
    }

    fn save_session(&mut self, dir: Option<&Path>, suggested: &str) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new()
            .set_title("Save session")
            .add_filter("Dossier sessions", &["ron"])
            .set_file_name(suggested);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        d.save_file().map(|p| {
            if p.extension().is_none() {
                p.with_extension("ron")
            } else {
                p
            }
        })
    }

    fn pick_brat(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Import brat annotations (.ann)")
            .add_filter("brat annotations", &["ann"])
            .pick_file()
    }

    fn save_export(&mut self, what: &str, extension: &str, suggested: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(format!("Export {what}"))
            .add_filter(what, &[extension])
            .set_file_name(suggested)
            .save_file()
    }
}

/// Answers dialogs from a queue; `None` (cancel) when the queue is empty. For tests.
#[derive(Default, Clone)]
pub struct FakeDialogs {
    pub answers: std::rc::Rc<std::cell::RefCell<VecDeque<Option<PathBuf>>>>,
}

impl FakeDialogs {
    pub fn answer(&self, p: Option<PathBuf>) {
        self.answers.borrow_mut().push_back(p);
    }

    fn next(&mut self) -> Option<PathBuf> {
        self.answers.borrow_mut().pop_front().flatten()
    }
}

impl FileDialogs for FakeDialogs {
    fn pick_article(&mut self) -> Option<PathBuf> {
        self.next()
    }
    fn pick_session(&mut self) -> Option<PathBuf> {
        self.next()
    }
    fn save_session(&mut self, _dir: Option<&Path>, _suggested: &str) -> Option<PathBuf> {
        self.next()
    }
    fn pick_brat(&mut self) -> Option<PathBuf> {
        self.next()
    }
    fn save_export(&mut self, _what: &str, _extension: &str, _suggested: &str) -> Option<PathBuf> {
        self.next()
    }
}
