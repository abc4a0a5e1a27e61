//! The external recommenders asked about the article shown, on another thread (through the
//! list of jobs), once per text: their answers are kept for that text and turned into
//! suggestions with the other sources; what each answered (or why not) is kept to show.

use crate::io::recommender::{self, Found, Recommender, Request};
use crate::model::Session;
use crate::ui::jobs::{Jobs, Poll, Stop, Task};

/// A recommender's name and the spans it found.
pub type Recommended = (String, Vec<Found>);

/// What each recommender answered: its spans, or what went wrong.
type Answers = Vec<(String, Result<Vec<Found>, String>)>;

#[derive(Default)]
pub struct Asked {
    recommenders: Vec<Recommender>,
    /// The answers, for the text whose hash is `for_text`.
    pub found: Vec<Recommended>,
    for_text: Option<String>,
    /// Asking under way, for the text of that hash.
    task: Option<(String, Task<Answers>)>,
    /// A line per recommender last asked.
    pub messages: Vec<String>,
    /// What went wrong last time, for the analyst's notice (taken once).
    pub error: Option<String>,
}

impl Asked {
    /// Use these recommenders from now on (asked again about the text shown).
    pub fn set(&mut self, list: Vec<Recommender>) {
        self.recommenders = list;
        self.ask_again();
    }

    /// Forget the answers: the recommenders are asked again.
    pub fn ask_again(&mut self) {
        self.for_text = None;
        self.found.clear();
        self.task = None;
    }

    pub fn running(&self) -> bool {
        self.task.is_some()
    }

    /// Ask about `s`'s text unless that is done or under way.
    pub fn update(&mut self, jobs: &Jobs, s: &Session) {
        let hash = &s.article.hash;
        let asked = self.for_text.as_ref() == Some(hash)
            || self.task.as_ref().is_some_and(|(h, _)| h == hash);
        if self.recommenders.is_empty() || asked {
            return;
        }
        let list = self.recommenders.clone();
        let text = s.article.text.clone();
        let types: Vec<String> = s.schema.entity_types.iter().map(|t| t.id.clone()).collect();
        let lang = s.article.lang.clone();
        let what = match list.as_slice() {
            [one] => format!("Asking {}", one.name),
            _ => format!("Asking {} recommenders", list.len()),
        };
        let task = jobs.start("dossier-recommend", what, Stop::Can, move |ticker| {
            let request = Request {
                text: &text,
                types: types.iter().map(String::as_str).collect(),
                language: lang.as_deref(),
            };
            let mut out = Vec::new();
            for (i, r) in list.iter().enumerate() {
                if !ticker.tick(i, list.len()) {
                    break;
                }
                let answer = recommender::run(r, &request, recommender::TIME_LIMIT);
                out.push((r.name.clone(), answer));
            }
            out
        });
        match task {
            Some(t) => self.task = Some((hash.clone(), t)),
            None => {
                self.for_text = Some(hash.clone());
                self.error = Some("No thread could be started to ask the recommenders.".into());
            }
        }
    }

    /// Take the answers once they are in; `(new answers, still asking)`.
    pub fn poll(&mut self) -> (bool, bool) {
        let Some((hash, task)) = &self.task else {
            return (false, false);
        };
        if task.cancelled() {
            self.for_text = Some(hash.clone());
            self.task = None;
            self.messages = vec!["Stopped before all had answered.".into()];
            return (false, false);
        }
        let answers = match task.poll() {
            Poll::Running => return (false, true),
            Poll::Ready(a) => a,
            Poll::Lost => vec![(
                "The recommenders".to_owned(),
                Err("the thread asking them stopped unexpectedly".to_owned()),
            )],
        };
        self.for_text = Some(hash.clone());
        self.task = None;
        self.found.clear();
        self.messages.clear();
        for (name, answer) in answers {
            match answer {
                Ok(spans) => {
                    self.messages.push(format!(
                        "{name}: {}",
                        crate::model::words::count(spans.len(), "span")
                    ));
                    self.found.push((name, spans));
                }
                Err(e) => {
                    self.messages.push(e.clone());
                    self.error.get_or_insert(e);
                }
            }
        }
        (true, false)
    }
}
