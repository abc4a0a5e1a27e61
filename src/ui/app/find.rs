//! Find hits: recomputed when the query, the mode or the article changes, never per frame.

use super::{DossierApp, Sel};
use crate::analysis::search::{Finder, find_regex};

/// What the hits were found for, and the lowercased article kept between keystrokes.
#[derive(Default)]
pub(super) struct Search {
    query: String,
    regex: bool,
    hash: String,
    finder: Option<Finder>,
}

impl DossierApp {
    pub(super) fn update_find(&mut self) {
        let Some(doc) = &self.ws.doc else { return };
        if !self.views.find.open {
            return;
        }
        let article = &doc.session.article;
        let s = &mut self.search;
        if self.views.find.query == s.query
            && self.views.find.regex == s.regex
            && s.hash == article.hash
        {
            return;
        }
        s.query = self.views.find.query.clone();
        s.regex = self.views.find.regex;
        s.hash = article.hash.clone();
        self.views.find.error = None;
        self.views.view.hits = if self.views.find.regex {
            find_regex(article, &self.views.find.query).unwrap_or_else(|e| {
                self.views.find.error = Some(e);
                Vec::new()
            })
        } else {
            let finder = match s.finder.take() {
                Some(f) if f.is_for(article) => f,
                _ => Finder::new(article),
            };
            let hits = finder.find(article, &self.views.find.query);
            s.finder = Some(finder);
            hits
        };
        self.views.view.current_hit = (!self.views.view.hits.is_empty()).then_some(0);
        if let Some(h) = self.views.view.hits.first() {
            self.views.view.scroll_to = Some(h.start);
        }
    }

    /// Go to the next (or previous) hit and select it.
    pub fn find_step(&mut self, forward: bool) {
        let n = self.views.view.hits.len();
        if n == 0 {
            return;
        }
        let cur = self.views.view.current_hit.unwrap_or(0);
        let next = if forward {
            (cur + 1) % n
        } else {
            (cur + n - 1) % n
        };
        self.views.view.current_hit = Some(next);
        let h = self.views.view.hits[next];
        self.views.view.scroll_to = Some(h.start);
        if let Some(d) = self.ws.doc.as_mut() {
            d.sel = Sel::Text { anchor: h, span: h };
        }
    }

    /// Open or close the find bar; open, it takes the keyboard at once.
    /// Ctrl+F: the find bar open and taking the keyboard, with the last query selected.
    pub(super) fn open_find(&mut self) {
        self.views.find.open = true;
        self.views.find.focus = true;
        // The find bar is over the text: the text comes to the front.
        self.layout.show(crate::ui::layout::Pane::Text);
    }

    pub(super) fn close_find(&mut self) {
        self.views.find.open = false;
        self.views.find.focus = false;
        self.views.view.hits.clear();
        self.search = Default::default();
    }
}
