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
}
