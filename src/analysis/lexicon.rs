//! Event suggestions: trigger words from the schema's lexicon ("killed", "vowed to avenge")
//! found in the text, each a draft event with arguments proposed from the annotated mentions of
//! its clause (`clause`): the subject as Actor and the object as Recipient, swapped in the
//! passive ("were killed by"); a place after "in" or "at"; a date; never a speaker's name for
//! what was reported. Drafts are confirmed (or edited) by the analyst, never added unasked.

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
    let text: &str = &s.article.text;
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

/// Trigger words that are nouns ("the strike", "talks", "sanctions"): their actor stands right
/// before them ("US sanctions", "Iranian attack"), never as a sentence's subject.
const NOUN_TRIGGERS: &[&str] = &[
    "attack",
    "attacks",
    "strike",
    "strikes",
    "airstrike",
    "bombing",
    "shelling",
    "killing",
    "talks",
    "held talks",
    "meeting",
    "summit",
    "negotiations",
    "visit",
    "deal",
    "agreement",
    "accord",
    "ceasefire",
    "truce",
    "pact",
    "sanctions",
    "embargo",
    "protest",
    "protests",
    "demonstration",
    "rally",
    "march",
    "walkout",
    "boycott",
    "aid",
    "assistance",
    "relief",
    "withdrawal",
    "deployment",
    "reinforcements",
    "blockade",
    "curfew",
    "threat",
    "ultimatum",
    "accusation",
    "cooperation",
];

/// Types whose two sides are alike: "Ukraine and Russia met" is Ukraine meeting Russia.
const MUTUAL: &[&str] = &["CONSULT", "AGREE", "COOPERATE"];

/// A mention of the sentence: its span, id and entity type.
type Found<'a> = (Span, MentionId, &'a str);

fn is_place(ty: &str) -> bool {
    matches!(ty, "GPE" | "Location" | "Facility" | "LOC" | "FAC")
}

fn is_time(ty: &str) -> bool {
    matches!(ty, "DateTime" | "Time" | "Date" | "TIME" | "DATE")
}

fn is_weapon(ty: &str) -> bool {
    matches!(ty, "WeaponVehicle" | "Weapon" | "Vehicle" | "WEA" | "VEH")
}

/// Arguments from the mentions of the trigger's clause, for the roles the type has: Time and
/// Place from the clause; the Actor before an active verb (not inside "in X", not a speaker),
/// right before a noun ("US sanctions"), or after "by" in the passive; the Recipient as the
/// verb's object or, in the passive, its subject; a weapon close by as the Instrument.
fn arguments(
    s: &Session,
    event_type: &str,
    trigger: Span,
    sentence: Span,
    mentions: &[Found<'_>],
) -> Vec<(String, MentionId)> {
    let Some(t) = s.schema.event_type(event_type) else {
        return Vec::new();
    };
    let text: &str = &s.article.text;
    let byte = |c: usize| s.article.byte_of(c).unwrap_or(0);
    let tb = (byte(trigger.start), byte(trigger.end));
    let clause = super::clause::around(text, (byte(sentence.start), byte(sentence.end)), tb);
    let from = mentions.partition_point(|(sp, _, _)| sp.start < sentence.start);
    let here: Vec<&Found<'_>> = mentions[from..]
        .iter()
        .take_while(|(sp, _, _)| sp.end <= sentence.end)
        .filter(|(sp, _, _)| byte(sp.start) >= clause.start && byte(sp.end) <= clause.end)
        .collect();
    let mut f = Filling {
        s,
        text,
        event_type,
        roles: t,
        trigger,
        tb,
        clause: clause.start..clause.end,
        out: Vec::new(),
    };
    f.circumstances(&here);
    let before: Vec<&Found<'_>> = here
        .iter()
        .copied()
        .filter(|(sp, _, _)| sp.end <= trigger.start)
        .collect();
    let after: Vec<&Found<'_>> = here
        .iter()
        .copied()
        .filter(|(sp, _, _)| sp.start >= trigger.end)
        .collect();
    let found = text[tb.0..tb.1].to_lowercase();
    let noun = NOUN_TRIGGERS.contains(&found.as_str());
    if !noun && super::clause::passive(text, clause, tb) {
        f.passive(&before, &after);
    } else {
        f.active(&before, &after, noun);
    }
    f.out
}

/// The roles of one draft event being filled from its clause: a mention fills one role.
struct Filling<'a> {
    s: &'a Session,
    text: &'a str,
    event_type: &'a str,
    roles: &'a crate::model::EventType,
    trigger: Span,
    /// The trigger's bytes, and its clause's.
    tb: (usize, usize),
    clause: std::ops::Range<usize>,
    out: Vec<(String, MentionId)>,
}

impl Filling<'_> {
    fn byte(&self, c: usize) -> usize {
        self.s.article.byte_of(c).unwrap_or(0)
    }

    fn has(&self, role: &str) -> bool {
        self.roles.roles.iter().any(|r| r.id == role)
    }

    fn take(&mut self, role: &str, m: MentionId) {
        self.out.push((role.to_owned(), m));
    }

    fn used(&self, id: MentionId) -> bool {
        self.out.iter().any(|(_, m)| *m == id)
    }

    /// Free for the actor or the recipient: not a date or a weapon, and no role yet.
    fn free(&self, ty: &str, id: MentionId) -> bool {
        !is_time(ty) && !is_weapon(ty) && !self.used(id)
    }

    /// After "in", "at" or "near": where, not who.
    fn locative(&self, sp: Span) -> bool {
        let word = self.text[..self.byte(sp.start)]
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .to_lowercase();
        matches!(word.as_str(), "in" | "at" | "near")
    }

    /// Time, Instrument and Place, wherever they are in the clause.
    fn circumstances(&mut self, here: &[&Found<'_>]) {
        if self.has("Time")
            && let Some(m) = here.iter().find(|(_, _, ty)| is_time(ty))
        {
            self.take("Time", m.1);
        }
        // A weapon is the instrument only close by ("drone strike", "fired a missile").
        let trigger = self.trigger;
        let near = |sp: &Span| sp.end + 40 >= trigger.start && sp.start <= trigger.end + 40;
        if self.has("Instrument")
            && let Some(m) = here.iter().find(|(sp, _, ty)| is_weapon(ty) && near(sp))
        {
            self.take("Instrument", m.1);
        }
        // The place after the trigger ("attacked X in Y"), or one opening the clause ("In Kano,
        // …"); not one inside the subject ("groups in Poland urged").
        let opening = |sp: Span| {
            super::clause::words(&self.text[self.clause.start..self.byte(sp.start)]).len() == 1
        };
        let place = here.iter().find(|(sp, _, ty)| {
            is_place(ty) && self.locative(*sp) && (sp.start >= trigger.end || opening(*sp))
        });
        if self.has("Place")
            && let Some(m) = place
        {
            let id = m.1;
            self.take("Place", id);
        }
    }

    /// "Two agents were shot by police": the subject suffered it, the by-agent did it.
    fn passive(&mut self, before: &[&Found<'_>], after: &[&Found<'_>]) {
        let subject = before
            .iter()
            .rev()
            .find(|m| self.free(m.2, m.1) && !self.locative(m.0))
            .map(|m| m.1);
        if self.has("Recipient")
            && let Some(m) = subject
        {
            self.take("Recipient", m);
        }
        let agent = after
            .iter()
            .find(|m| super::clause::by_agent(self.text, self.tb.1, self.byte(m.0.start)));
        if let Some(m) = agent {
            let role = if is_weapon(m.2) {
                "Instrument"
            } else {
                "Actor"
            };
            if self.has(role) && !self.used(m.1) {
                self.take(role, m.1);
            }
        }
    }

    /// The active voice: the actor right before a noun ("US sanctions", "Iranian attack"; a
    /// city there is the place: "Vienna talks"), else the subject before the verb; the
    /// recipient its object.
    fn active(&mut self, before: &[&Found<'_>], after: &[&Found<'_>], noun: bool) {
        let (text, tb) = (self.text, self.tb);
        let actor = if noun {
            before.last().filter(|m| {
                super::clause::words(&text[self.byte(m.0.end)..tb.0])
                    .iter()
                    .all(|w| w == "s")
            })
        } else {
            before
                .iter()
                .rev()
                .find(|m| self.free(m.2, m.1) && !self.locative(m.0))
        };
        let mut recipient_from_subject = None;
        if let Some(m) = actor.filter(|m| self.free(m.2, m.1)) {
            let city_before_noun = noun && is_place(m.2) && !adjectival(self.s, m.0);
            if city_before_noun {
                if self.has("Place") && !self.out.iter().any(|(r, _)| r == "Place") {
                    self.take("Place", m.1);
                }
            } else if self.has("Actor") {
                // "Ukraine and Russia met": the first is the actor, the second the other side.
                // Mentions may nest or overlap ("Halvern" in "Halvern Red Crescent"): only one
                // ending before the other starts is a pair.
                let pair = before.iter().rev().nth(1).filter(|p| {
                    MUTUAL.contains(&self.event_type)
                        && p.0.end <= m.0.start
                        && super::clause::words(&text[self.byte(p.0.end)..self.byte(m.0.start)])
                            == ["and"]
                });
                match pair {
                    Some(p) if self.free(p.2, p.1) => {
                        self.take("Actor", p.1);
                        recipient_from_subject = Some(m.1);
                    }
                    _ => self.take("Actor", m.1),
                }
            }
        }
        if self.has("Recipient") {
            let object = after
                .iter()
                .find(|m| {
                    self.free(m.2, m.1)
                        && super::clause::object_follows(text, tb.1, self.byte(m.0.start))
                })
                .map(|m| m.1);
            if let Some(m) = object.or(recipient_from_subject) {
                self.take("Recipient", m);
            }
        }
    }
}

/// Whether the mention at `span` is written as an adjective or an acronym ("Iranian", "US"):
/// before a noun it names who acts, where a city's name says where.
fn adjectival(s: &Session, span: Span) -> bool {
    let w = s.article.slice(span).unwrap_or("");
    crate::analysis::suggest::is_acronym(w)
        || ["ian", "ese", "ish", "i", "an", "ic"]
            .iter()
            .any(|end| w.ends_with(end) && w.chars().next().is_some_and(char::is_uppercase))
            && s.mentions
                .values()
                .find(|m| m.span == span)
                .and_then(|m| s.entities.get(&m.entity))
                .is_some_and(|e| e.name != w)
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

    /// Each draft's arguments as (role, words), in the order of the text's drafts.
    fn drafts(s: &Session) -> Vec<(String, Vec<(String, String)>)> {
        suggestions(s)
            .iter()
            .map(|e| {
                let mut args: Vec<(String, String)> = e
                    .arguments
                    .iter()
                    .map(|(r, m)| {
                        (
                            r.clone(),
                            s.article.slice(s.mentions[m].span).unwrap().into(),
                        )
                    })
                    .collect();
                args.sort();
                (e.text.clone(), args)
            })
            .collect()
    }

    fn args(v: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = v
            .iter()
            .map(|(r, m)| (r.to_string(), m.to_string()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn in_the_passive_the_subject_suffered_it_and_the_by_agent_did_it() {
        let text = "Two Halvern officers were killed by Ostrava in Port Veyra on Sunday.";
        let s = annotated(
            text,
            &[
                ("Halvern", "GPE"),
                ("Ostrava", "GPE"),
                ("Port Veyra", "GPE"),
                ("Sunday", "DateTime"),
            ],
        );
        assert_eq!(
            drafts(&s),
            [(
                "killed".to_owned(),
                args(&[
                    ("Recipient", "Halvern"),
                    ("Actor", "Ostrava"),
                    ("Place", "Port Veyra"),
                    ("Time", "Sunday")
                ])
            )]
        );
    }

    #[test]
    fn a_speaker_is_never_the_actor_of_what_was_reported_nor_its_time_another_clauses() {
        let text = "On Monday Ibáñez said that Ostrava attacked Port Veyra. \
                    Vronsky told reporters that both sides had agreed; Halvern objected.";
        let s = annotated(
            text,
            &[
                ("Monday", "DateTime"),
                ("Ibáñez", "Person"),
                ("Ostrava", "GPE"),
                ("Port Veyra", "GPE"),
                ("Vronsky", "Person"),
                ("Halvern", "GPE"),
            ],
        );
        assert_eq!(
            drafts(&s),
            [
                (
                    "attacked".to_owned(),
                    args(&[("Actor", "Ostrava"), ("Recipient", "Port Veyra")])
                ),
                ("agreed".to_owned(), args(&[])),
            ]
        );
    }

    #[test]
    fn a_noun_takes_its_actor_from_right_before_it_and_a_city_there_is_the_place() {
        let text = "US sanctions on Ostrava began. Geneva talks with Halvern stalled.";
        let s = annotated(
            text,
            &[
                ("US", "GPE"),
                ("Ostrava", "GPE"),
                ("Geneva", "GPE"),
                ("Halvern", "GPE"),
            ],
        );
        assert_eq!(
            drafts(&s),
            [
                (
                    "sanctions".to_owned(),
                    args(&[("Actor", "US"), ("Recipient", "Ostrava")])
                ),
                (
                    "talks".to_owned(),
                    args(&[("Place", "Geneva"), ("Recipient", "Halvern")])
                ),
            ]
        );
    }

    #[test]
    fn nested_mentions_before_a_trigger_are_no_pair() {
        // "Halvern" inside "Halvern Red Crescent": the frame statistics' synthetic article made
        // the pair's slice run backwards (begin > end).
        let text = "Halvern Red Crescent met Ostrava.";
        let mut s = annotated(
            text,
            &[("Halvern Red Crescent", "Organization"), ("Ostrava", "GPE")],
        );
        let cmd = s.cmd_annotate(Span::new(0, 7), "GPE").unwrap();
        s.apply(cmd).unwrap();
        let v = suggestions(&s);
        assert_eq!(v.len(), 1);
        assert!(v[0].arguments.iter().any(|(r, _)| r == "Recipient"));
    }
}
