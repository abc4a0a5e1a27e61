//! Event suggestions: trigger words from the schema's lexicon ("killed", "vowed to avenge")
//! found in the text, each a draft event with arguments proposed from the annotated mentions
//! around it in its sentence: the one before as Actor, the one after as Recipient, a place after
//! "in" or "at", a date. Drafts are confirmed (or edited) by the analyst, never added unasked.

use crate::model::schema::presets;
use crate::model::{Argument, Filler, MentionId, Session, Span};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

/// A proposed event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventSuggestion {
    /// The trigger, in chars.
    pub trigger: Span,
    pub text: String,
    pub event_type: String,
    /// Role id and the mention proposed to fill it.
    pub arguments: Vec<(String, MentionId)>,
    pub confidence: f32,
}

impl EventSuggestion {
    /// The event's arguments as the session stores them.
    pub fn arguments(&self, s: &Session) -> Vec<Argument> {
        self.arguments
            .iter()
            .filter_map(|(role, m)| {
                let mention = s.mentions.get(m)?;
                Some(Argument {
                    role: role.clone(),
                    filler: Filler::Entity(mention.entity),
                    mention: Some(*m),
                })
            })
            .collect()
    }
}

/// What rejecting a trigger word remembers in the session (apart from mention strings).
pub fn rejected_key(text: &str) -> String {
    format!("event:{}", text.to_lowercase())
}

/// The trigger words of each event type: the session's schema's, or, for a type it lists
/// without any, the bundled preset's of the same id (sessions saved before there were lexicons).
fn lexicon(s: &Session) -> Vec<(String, String)> {
    static PRESETS: std::sync::OnceLock<Vec<crate::model::Schema>> = std::sync::OnceLock::new();
    let presets = PRESETS.get_or_init(|| {
        presets::NAMES
            .iter()
            .filter_map(|n| presets::load(n).ok())
            .collect()
    });
    let mut out = Vec::new();
    for t in &s.schema.event_types {
        let words = if t.triggers.is_empty() {
            presets
                .iter()
                .find_map(|p| p.event_type(&t.id).map(|pt| pt.triggers.clone()))
                .unwrap_or_default()
        } else {
            t.triggers.clone()
        };
        for w in words {
            out.push((w.to_lowercase(), t.id.clone()));
        }
    }
    // A word two types share goes to the first.
    let mut seen = std::collections::HashSet::new();
    out.retain(|(w, _)| seen.insert(w.clone()));
    out
}

/// Every trigger word not yet an event's trigger, with its draft arguments.
pub fn suggestions(s: &Session) -> Vec<EventSuggestion> {
    let words = lexicon(s);
    if words.is_empty() {
        return Vec::new();
    }
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(words.iter().map(|(w, _)| w))
    else {
        return Vec::new();
    };
    let text = &s.article.text;
    let mut triggers: Vec<Span> = s.events.values().filter_map(|e| e.trigger).collect();
    triggers.sort();
    let longest_trigger = triggers.iter().map(|t| t.end - t.start).max().unwrap_or(0);
    let taken = super::suggest::Taken::new(s);
    let mut mentions: Vec<(Span, MentionId, &str)> = s
        .mentions
        .values()
        .map(|m| (m.span, m.id, m.entity_type.as_str()))
        .collect();
    mentions.sort();
    let mut out = Vec::new();
    for m in ac.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let found = &text[m.start()..m.end()];
        if s.rejected.contains(&rejected_key(found)) {
            continue;
        }
        let (Some(a), Some(z)) = (s.article.char_of(m.start()), s.article.char_of(m.end())) else {
            continue;
        };
        let span = Span::new(a, z);
        // A trigger already, or part of a name ("March" in "14 March 2024").
        let from = triggers.partition_point(|t| t.start + longest_trigger < span.start);
        let on_trigger = triggers[from..]
            .iter()
            .take_while(|t| t.start < span.end)
            .any(|t| span.start < t.end);
        if on_trigger || taken.around(span).next().is_some() {
            continue;
        }
        let sentence = sentence_around(text, m.start(), m.end());
        if in_a_date(text, sentence, (m.start(), m.end())) {
            continue;
        }
        let event_type = &words[m.pattern().as_usize()].1;
        let sentence = Span::new(
            s.article.char_of(sentence.0).unwrap_or(a),
            s.article.char_of(sentence.1).unwrap_or(z),
        );
        let arguments = arguments(s, event_type, span, sentence, &mentions);
        out.push(EventSuggestion {
            trigger: span,
            text: found.to_owned(),
            event_type: event_type.clone(),
            confidence: 0.5 + 0.1 * arguments.len().min(4) as f32,
            arguments,
        });
    }
    out
}

/// Whether the capitalised word at bytes `a..z` is a month: part of a date in its sentence
/// ("14 March 2024"), or a month's name inside the sentence ("in March"); not a protest. "a
/// march" and a sentence opening with "March" stay triggers.
fn in_a_date(text: &str, (sa, sz): (usize, usize), (a, z): (usize, usize)) -> bool {
    const MONTHS: [&str; 2] = ["march", "may"];
    let word = &text[a..z];
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let opens = text[sa..a].trim().is_empty();
    if !opens && MONTHS.contains(&word.to_lowercase().as_str()) {
        return true;
    }
    let part = &text[sa..sz];
    let (from, to) = (
        part[..a - sa].chars().count(),
        part[..z - sa].chars().count(),
    );
    super::dates::find_dates(part, None)
        .iter()
        .any(|d| d.span.start <= from && to <= d.span.end)
}

/// The sentence holding bytes `a..z`: from after the last `.`/`!`/`?`/paragraph break before, to
/// the next one after.
fn sentence_around(text: &str, a: usize, z: usize) -> (usize, usize) {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let start = text[..a]
        .char_indices()
        .rev()
        .find(|(_, c)| is_end(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[z..]
        .char_indices()
        .find(|(_, c)| is_end(*c))
        .map_or(text.len(), |(i, _)| z + i);
    (start, end)
}

/// Arguments from the mentions of the trigger's sentence, for the roles the type has.
fn arguments(
    s: &Session,
    event_type: &str,
    trigger: Span,
    sentence: Span,
    mentions: &[(Span, MentionId, &str)],
) -> Vec<(String, MentionId)> {
    let Some(t) = s.schema.event_type(event_type) else {
        return Vec::new();
    };
    let has = |role: &str| t.roles.iter().any(|r| r.id == role);
    let from = mentions.partition_point(|(sp, _, _)| sp.start < sentence.start);
    let here: Vec<&(Span, MentionId, &str)> = mentions[from..]
        .iter()
        .take_while(|(sp, _, _)| sp.end <= sentence.end)
        .collect();
    let text = &s.article.text;
    let word_before = |sp: Span| -> String {
        let b = s.article.byte_of(sp.start).unwrap_or(0);
        text[..b]
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .to_lowercase()
    };
    let is_place = |ty: &str| matches!(ty, "GPE" | "Location" | "Facility" | "LOC" | "FAC");
    let is_time = |ty: &str| matches!(ty, "DateTime" | "Time" | "Date" | "TIME" | "DATE");
    let is_weapon = |ty: &str| matches!(ty, "WeaponVehicle" | "Weapon" | "Vehicle" | "WEA" | "VEH");
    let mut out = Vec::new();
    let mut used = Vec::new();
    if has("Time")
        && let Some(m) = here.iter().find(|(_, _, ty)| is_time(ty))
    {
        out.push(("Time".to_owned(), m.1));
        used.push(m.1);
    }
    // A weapon is the instrument only close by ("drone strike", "fired a missile").
    let near = |sp: &Span| sp.end + 40 >= trigger.start && sp.start <= trigger.end + 40;
    if has("Instrument")
        && let Some(m) = here.iter().find(|(sp, _, ty)| is_weapon(ty) && near(sp))
    {
        out.push(("Instrument".to_owned(), m.1));
        used.push(m.1);
    }
    if has("Place")
        && let Some(m) = here.iter().find(|(sp, id, ty)| {
            is_place(ty)
                && matches!(word_before(*sp).as_str(), "in" | "at" | "near")
                && !used.contains(id)
        })
    {
        out.push(("Place".to_owned(), m.1));
        used.push(m.1);
    }
    let free = |used: &[MentionId], (_, id, ty): &&&(Span, MentionId, &str)| {
        !is_time(ty) && !is_weapon(ty) && !used.contains(id)
    };
    if has("Actor")
        && let Some(m) = here
            .iter()
            .rev()
            .filter(|(sp, _, _)| sp.end <= trigger.start)
            .find(|m| free(&used, m))
    {
        out.push(("Actor".to_owned(), m.1));
        used.push(m.1);
    }
    if has("Recipient")
        && let Some(m) = here
            .iter()
            .filter(|(sp, _, _)| sp.start >= trigger.end)
            .find(|m| free(&used, m))
    {
        out.push(("Recipient".to_owned(), m.1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Command};

    fn annotated(text: &str, marks: &[(&str, &str)]) -> Session {
        let mut s = Session::new(Article::new("t", text), presets::default_schema());
        for (w, ty) in marks {
            let b = text.find(w).unwrap();
            let a = s.article.char_of(b).unwrap();
            let cmd = s
                .cmd_annotate(Span::new(a, a + w.chars().count()), ty)
                .unwrap();
            s.apply(cmd).unwrap();
        }
        s
    }

    #[test]
    fn a_trigger_gets_actor_recipient_place_and_time() {
        let text = "On Monday Halvern’s army attacked Ostrava in Port Veyra. Ibáñez urged calm.";
        let s = annotated(
            text,
            &[
                ("Monday", "DateTime"),
                ("Halvern", "GPE"),
                ("Ostrava", "GPE"),
                ("Port Veyra", "GPE"),
                ("Ibáñez", "Person"),
            ],
        );
        let v = suggestions(&s);
        let name = |m: MentionId| s.article.slice(s.mentions[&m].span).unwrap().to_owned();
        type Row = (String, String, Vec<(String, String)>);
        let got: Vec<Row> = v
            .iter()
            .map(|e| {
                let args = e
                    .arguments
                    .iter()
                    .map(|(r, m)| (r.clone(), name(*m)))
                    .collect();
                (e.text.clone(), e.event_type.clone(), args)
            })
            .collect();
        let pair = |r: &str, m: &str| (r.to_owned(), m.to_owned());
        assert_eq!(
            got,
            [
                (
                    "attacked".to_owned(),
                    "ASSAULT".to_owned(),
                    vec![
                        pair("Time", "Monday"),
                        pair("Place", "Port Veyra"),
                        pair("Actor", "Halvern"),
                        pair("Recipient", "Ostrava"),
                    ]
                ),
                (
                    "urged".to_owned(),
                    "REQUEST".to_owned(),
                    vec![pair("Actor", "Ibáñez")]
                ),
            ]
        );
        assert_eq!(s.article.slice(v[0].trigger), Some("attacked"));
    }

    #[test]
    fn a_month_is_not_a_march() {
        let text = "PORT VEYRA, 14 March 2024 — In March, crowds began a march. March on!\nMarch 3, 2024: calm.";
        let v = suggestions(&annotated(text, &[]));
        let at: Vec<usize> = v.iter().map(|e| e.trigger.start).collect();
        let c = |w: &str| text[..text.find(w).unwrap()].chars().count();
        // The lower-case march and the sentence-opening imperative; no month, also not one
        // opening a sentence as a date.
        assert_eq!(at, [c("march."), c("March on")], "{v:?}");
    }

    #[test]
    fn accepting_is_one_edit_and_rejected_or_used_triggers_are_not_suggested() {
        let text = "Halvern accused Ostrava. Crowds protested.";
        let mut s = annotated(text, &[("Halvern", "GPE"), ("Ostrava", "GPE")]);
        let v = suggestions(&s);
        assert_eq!(v.len(), 2);
        let args = v[0].arguments(&s);
        let (id, cmd) = s
            .cmd_add_event_with(&v[0].event_type, Some(v[0].trigger), args)
            .unwrap();
        let undo = s.apply(cmd).unwrap();
        assert_eq!(s.events[&id].arguments.len(), 2);
        assert_eq!(suggestions(&s).len(), 1, "its trigger is an event now");
        s.apply(undo).unwrap();
        s.apply(Command::SetRejected(rejected_key("Protested"), true))
            .unwrap();
        assert_eq!(suggestions(&s).len(), 1);
    }
}
