//! Undo/redo: one history through which every edit passes.

use super::edit::{Command, EditError};
use super::session::Session;

#[derive(Debug, Clone)]
struct Entry {
    label: String,
    /// The command that takes the session to the other side of this step.
    command: Command,
    /// State ids before and after the step, for "unsaved changes" tracking across undo.
    before: u64,
    after: u64,
}

#[derive(Debug, Clone)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    /// Identifies the session's current content; equal ids mean equal content.
    state: u64,
    next_state: u64,
    saved_state: u64,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            state: 0,
            next_state: 1,
            saved_state: 0,
            limit: 10_000,
        }
    }
}

impl History {
    /// Apply an edit; on success it becomes the newest undo step and the redo list is cleared.
    pub fn apply(&mut self, session: &mut Session, cmd: Command) -> Result<(), EditError> {
        let label = cmd.label();
        let inverse = session.apply(cmd)?;
        let before = self.state;
        self.state = self.next_state;
        self.next_state += 1;
        self.undo.push(Entry {
            label,
            command: inverse,
            before,
            after: self.state,
        });
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Undo the newest step; returns its label.
    pub fn undo(&mut self, session: &mut Session) -> Result<Option<String>, EditError> {
        let Some(entry) = self.undo.pop() else {
            return Ok(None);
        };
        match session.apply(entry.command.clone()) {
            Ok(forward) => {
                self.state = entry.before;
                let label = entry.label.clone();
                self.redo.push(Entry {
                    command: forward,
                    ..entry
                });
                Ok(Some(label))
            }
            Err(e) => {
                self.undo.push(entry);
                Err(e)
            }
        }
    }

    /// Redo the newest undone step; returns its label.
    pub fn redo(&mut self, session: &mut Session) -> Result<Option<String>, EditError> {
        let Some(entry) = self.redo.pop() else {
            return Ok(None);
        };
        match session.apply(entry.command.clone()) {
            Ok(inverse) => {
                self.state = entry.after;
                let label = entry.label.clone();
                self.undo.push(Entry {
                    command: inverse,
                    ..entry
                });
                Ok(Some(label))
            }
            Err(e) => {
                self.redo.push(entry);
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    /// An id of the current content: changes on every edit, returns to an earlier value on undo.
    pub fn state(&self) -> u64 {
        self.state
    }

    /// A copy taken at `state` reached the disk (a save that ran in the background while the
    /// analyst went on editing).
    pub fn mark_saved_at(&mut self, state: u64) {
        self.saved_state = state;
    }

    pub fn mark_saved(&mut self) {
        self.saved_state = self.state;
    }

    pub fn is_dirty(&self) -> bool {
        self.state != self.saved_state
    }
}
