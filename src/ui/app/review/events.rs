//! The review keys on a draft event: Enter adds it with its proposed arguments, A every draft of
//! the same trigger word and type, Delete skips it here, R never suggests the word again.

use super::super::DossierApp;
use crate::analysis::lexicon::{EventSuggestion, rejected_key};
use crate::model::{Command, EditError, Session};
use crate::ui::action::Review;

/// The events of `drafts` with their arguments, as one undoable step.
fn add_all(s: &mut Session, drafts: &[EventSuggestion]) -> Result<Command, EditError> {
    let mut cmds = Vec::new();
    for e in drafts {
        let args = e.arguments(s);
        let (_, cmd) = s.cmd_add_event_with(&e.event_type, Some(e.trigger), args)?;
        cmds.push(cmd);
    }
    let label = match drafts {
        [one] => format!("add the draft event “{}”", one.text),
        _ => format!("add {} draft events", drafts.len()),
    };
    Ok(Command::batch(label, cmds))
}

impl DossierApp {
    pub(in crate::ui::app) fn act_on_event(&mut self, step: Review, e: &EventSuggestion) {
        match step {
            Review::Accept => {
                let one = [e.clone()];
                self.build_and_edit(|s| add_all(s, &one));
            }
            Review::AcceptString => {
                let all = self.views.suggestions.same_trigger(e);
                self.build_and_edit(|s| add_all(s, &all));
            }
            Review::Skip => {
                self.views.suggestions.skip(e.trigger);
                self.status = format!("Skipped the draft event “{}” here.", e.text);
            }
            Review::RejectString => {
                self.edit(Command::SetRejected(rejected_key(&e.text), true));
                self.status = format!(
                    "“{}” will not be suggested as a trigger again (Undo takes it back).",
                    e.text
                );
            }
            Review::Next | Review::Previous => {}
        }
    }

    /// What the status bar says of a draft event in focus.
    pub(in crate::ui::app) fn draft_status(&self, e: &EventSuggestion) -> String {
        let Some(doc) = self.ws.doc.as_ref() else {
            return String::new();
        };
        let s = &doc.session;
        let ty = s
            .schema
            .event_type(&e.event_type)
            .map_or(e.event_type.as_str(), |t| t.name.as_str());
        let args: Vec<String> = e
            .arguments
            .iter()
            .filter_map(|(role, m)| Some(format!("{role} {}", s.mentions.get(m)?.quote)))
            .collect();
        format!(
            "Draft event “{}” ({ty}{}{}): Enter add · Delete skip · A all “{}” · R reject",
            e.text,
            if args.is_empty() { "" } else { ": " },
            args.join(", "),
            e.text
        )
    }
}
