//! Suggestions: mentions the analyst has not made yet, proposed and never added until accepted.
//! **Propagation** is here: once an entity is known, every other occurrence of its name, its
//! aliases and the words its mentions already cover is suggested as a mention of it. The
//! gazetteer's finds are in `gazetteer`; [`all`] merges every source.

use crate::model::{Accepted, EntityId, Session, Span, Target};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

mod merge;
pub use merge::{merge, merge_lists};

/// One shared copy of each distinct string a source's suggestions hold.
#[derive(Default)]
pub struct Strings(HashSet<Arc<str>>);

impl Strings {
    pub fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.0.get(s) {
            return a.clone();
        }
        let a: Arc<str> = s.into();
        self.0.insert(a.clone());
        a
    }
}

/// Where a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Another occurrence of a known entity's name, alias or annotated words.
    Propagation,
    /// The first pass's rules: people, dates, facilities (`rules`).
    Rules,
    /// A name in a gazetteer (the bundled world list or the analyst's own).
    Gazetteer,
    /// A name the tagger, trained on the analyst's annotations, found.
    Tagger,
    /// An external recommender the analyst added (its name is the suggestion's `recommender`).
    Recommender,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Propagation => "propagation",
            Source::Rules => "rules",
            Source::Gazetteer => "gazetteer",
            Source::Tagger => "tagger",
            Source::Recommender => "recommender",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Source::Propagation,
            Source::Rules,
            Source::Gazetteer,
            Source::Tagger,
            Source::Recommender,
        ]
        .into_iter()
        .find(|x| x.name() == s)
    }
}

/// A proposed mention. Its strings are shared (`Arc<str>`, one per distinct string in a source's
/// list): a big article has hundreds of thousands of suggestions, mostly of a few names and
/// types, and a `String` each held three allocations per suggestion. For the same reason its
/// words are not kept (they are the article's at `span`: [`Suggestion::text`]) and what few
/// suggestions have is in a box of its own ([`More`]): 80 bytes a suggestion instead of 120.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub span: Span,
    pub entity_type: Arc<str>,
    /// The entity it would join; `None` when accepting makes a new one called `name`.
    pub entity: Option<EntityId>,
    /// The entity's name (the existing one's, or the new one's: "Iraq" for "Iraqi").
    pub name: Arc<str>,
    pub source: Source,
    /// 0 to 1: how sure the source is.
    pub confidence: f32,
    #[serde(flatten)]
    pub more: Option<Box<More>>,
}

/// What only some suggestions have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct More {
    /// Knowledge-base id a new entity gets (`Q796`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kb_id: Option<Arc<str>>,
    /// The recommender's name, when an external recommender proposed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommender: Option<Arc<str>>,
}

impl More {
    /// `None` when there is nothing to keep.
    pub fn of(kb_id: Option<Arc<str>>, recommender: Option<Arc<str>>) -> Option<Box<More>> {
        (kb_id.is_some() || recommender.is_some()).then(|| Box::new(More { kb_id, recommender }))
    }
}

impl Suggestion {
    /// Its words: the article's at its span (the article it was found in).
    pub fn text<'a>(&self, article: &'a crate::model::Article) -> &'a str {
        article.slice(self.span).unwrap_or_default()
    }

    /// Knowledge-base id a new entity gets (`Q796`).
    pub fn kb_id(&self) -> Option<&str> {
        self.more.as_ref().and_then(|m| m.kb_id.as_deref())
    }

    /// The recommender's name, when an external recommender proposed it.
    pub fn recommender(&self) -> Option<&str> {
        self.more.as_ref().and_then(|m| m.recommender.as_deref())
    }

    /// Who proposed it, as the analyst reads it: the recommender's name, else the source's.
    pub fn proposed_by(&self) -> &str {
        self.recommender().unwrap_or(self.source.name())
    }

    /// What accepting it adds.
    pub fn accepted(&self) -> Accepted {
        let target = match self.entity {
            Some(e) => Target::Entity(e),
            None => Target::New {
                name: self.name.to_string(),
                entity_type: self.entity_type.to_string(),
                kb_id: self.kb_id().map(str::to_owned),
            },
        };
        Accepted {
            span: self.span,
            target,
        }
    }
}

/// The quick sources' suggestions (propagation, the first pass's rules and gazetteers), merged;
/// the tagger's, which train first, are merged in by the caller ([`merge_lists`]).
pub fn all(s: &Session, lists: &super::gazetteer::Lists) -> Vec<Suggestion> {
    let propagated = fitted(propagation(s));
    let rules = fitted(super::rules::suggestions(s, lists));
    let listed = fitted(super::gazetteer::suggestions(s, lists));
    merge_lists(vec![propagated, rules, listed])
}

/// A source's list without the room its growth left (up to as much again: a big article's
/// lists are tens of megabytes, held while the next source works).
pub fn fitted<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}

/// A form is an acronym when it is short and all capitals ("US", "UN", "NATO"): matched exactly,
/// so that "us" or "Un" never are.
pub(crate) fn is_acronym(form: &str) -> bool {
    let letters: Vec<char> = form.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.len() <= 6 && letters.iter().all(|c| c.is_uppercase())
}

/// Every unannotated occurrence of a known entity's forms, as suggestions of that entity.
/// Forms are its name, aliases and the texts of its mentions; the longest form wins where forms
/// overlap ("Halvern Ministry of Defence" over "Halvern"); matches need word boundaries; acronyms
/// match exactly, other forms in any ASCII case ("PORT VEYRA"); rejected strings are never
/// suggested; a form used by two entities of different types is left out (ambiguous).
pub fn propagation(s: &Session) -> Vec<Suggestion> {
    let mut forms: BTreeMap<String, (EntityId, f32)> = BTreeMap::new();
    let mut ambiguous = std::collections::BTreeSet::new();
    let mut add = |form: &str, e: EntityId, confidence: f32| {
        let form = form.split_whitespace().collect::<Vec<_>>().join(" ");
        if form.chars().filter(|c| c.is_alphanumeric()).count() < 2
            || s.rejected.contains(&form.to_lowercase())
        {
            return;
        }
        match forms.get(&form) {
            Some((other, _)) if *other != e => {
                ambiguous.insert(form);
            }
            Some(_) => {}
            None => {
                forms.insert(form, (e, confidence));
            }
        }
    };
    for e in s.entities.values() {
        add(&e.name, e.id, 0.9);
        for a in &e.aliases {
            add(a, e.id, 0.85);
        }
    }
    for m in s.mentions.values() {
        if m.fragments.is_empty() {
            add(&m.quote, m.entity, 0.8);
            // "International Atomic Energy Agency (IAEA)": the acronym is an alias.
            if let Some(acronym) = acronym_after(s, m.span) {
                add(acronym, m.entity, 0.85);
            }
        }
    }
    for f in &ambiguous {
        forms.remove(f);
    }
    let mut out = forms_found(s, &forms);
    out.extend(surnames(s, &forms, &out));
    out.sort_by_key(|sg| (sg.span.start, std::cmp::Reverse(sg.span.end)));
    out.dedup_by_key(|sg| sg.span);
    out
}

/// An acronym in parentheses right after `span` ("… Agency (IAEA)").
fn acronym_after(s: &Session, span: Span) -> Option<&str> {
    let b = s.article.byte_of(span.end)?;
    let rest = &s.article.text[b..];
    let rest = rest.strip_prefix(' ').unwrap_or(rest).strip_prefix('(')?;
    let inner = &rest[..rest.find(')')?];
    (inner.chars().count() >= 2 && is_acronym(inner)).then_some(inner)
}

/// Bare surnames (and first names) of the people the analyst annotated, each as the person
/// named nearest before it: "Ibáñez" after "Tomás Ibáñez" joins that entity; where two people
/// share a surname, the one whose mention comes last before the word. A word that is a form of
/// another entity (a place named "Washington") is left to that entity; a first name two people
/// share means neither.
fn surnames(
    s: &Session,
    forms: &BTreeMap<String, (EntityId, f32)>,
    found: &[Suggestion],
) -> Vec<Suggestion> {
    let words = name_words(s, forms);
    if words.is_empty() {
        return Vec::new();
    }
    let patterns: Vec<&String> = words.keys().collect();
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
    else {
        return Vec::new();
    };
    // Where each candidate person is mentioned, in order.
    // (A set of the candidates first: asking every word's list for each mention was quadratic,
    // 20 s on a 10 MB article.)
    let people: HashSet<EntityId> = words.values().flatten().map(|(e, _)| *e).collect();
    let mut starts: BTreeMap<EntityId, Vec<usize>> = BTreeMap::new();
    for m in s.mentions.values() {
        if people.contains(&m.entity) {
            starts.entry(m.entity).or_default().push(m.span.start);
        }
    }
    for v in starts.values_mut() {
        v.sort_unstable();
    }
    let taken = Taken::new(s);
    let mut strings = Strings::default();
    // What the forms found, by start, to ask "does one overlap?" by search, not by a scan.
    let mut found_spans: Vec<Span> = found.iter().map(|f| f.span).collect();
    found_spans.sort_unstable_by_key(|sp| (sp.start, sp.end));
    let longest = found_spans
        .iter()
        .map(|sp| sp.end - sp.start)
        .max()
        .unwrap_or(0);
    let covered = |span: Span| {
        let from = found_spans.partition_point(|f| f.start + longest < span.start);
        found_spans[from..]
            .iter()
            .take_while(|f| f.start < span.end)
            .any(|f| span.start < f.end)
    };
    let mut out = Vec::new();
    for m in ac.find_iter(&*s.article.text) {
        let candidates = &words[patterns[m.pattern().as_usize()]];
        let Some(at) = s.article.char_of(m.start()) else {
            continue;
        };
        // The person mentioned last before the word; a first name only when one person has it.
        let last_before = |e: &EntityId| {
            let v = starts.get(e)?;
            let n = v.partition_point(|&x| x < at);
            n.checked_sub(1).map(|i| v[i])
        };
        let firsts = candidates.iter().filter(|(_, f)| *f).count();
        let usable = candidates.iter().filter(|(_, f)| !*f || firsts == 1);
        let Some(&(entity, first)) = usable.max_by_key(|(e, _)| last_before(e)) else {
            continue;
        };
        if last_before(&entity).is_none() && candidates.len() > 1 {
            continue;
        }
        let confidence = if first { 0.7 } else { 0.75 };
        let at = (m.start(), m.end());
        if let Some(sg) = suggestion_at(s, &taken, at, entity, confidence, &mut strings)
            && !covered(sg.span)
        {
            out.push(sg);
        }
    }
    out
}

/// The words that may stand for a person the analyst annotated, with who and whether it is a
/// first name: every tail of the name ("Bagheri Kani" and "Kani" of "Ali Bagheri Kani"), the
/// part after a hyphen ("Sudani" of "al-Sudani") and a first name longer than two letters; not a
/// form of another entity, nor a rejected word, and capitalised.
fn name_words(
    s: &Session,
    forms: &BTreeMap<String, (EntityId, f32)>,
) -> BTreeMap<String, Vec<(EntityId, bool)>> {
    let mut words: BTreeMap<String, Vec<(EntityId, bool)>> = BTreeMap::new();
    for e in s.entities.values().filter(|e| names_a_person(s, e.id)) {
        let parts: Vec<&str> = e.name.split_whitespace().collect();
        let [first, .., last] = parts.as_slice() else {
            continue;
        };
        let mut add = |w: &str, is_first: bool| {
            let known = forms.get(w).is_some_and(|(other, _)| *other != e.id);
            if w.chars().count() >= 2
                && !known
                && !s.rejected.contains(&w.to_lowercase())
                && w.chars().next().is_some_and(char::is_uppercase)
            {
                let v = words.entry(w.to_owned()).or_default();
                if !v.contains(&(e.id, is_first)) {
                    v.push((e.id, is_first));
                }
            }
        };
        // Every tail of the name: "Bagheri Kani" and "Kani" of "Ali Bagheri Kani" (the
        // longest found in the text wins), "Sudani" of "al-Sudani".
        for k in 1..parts.len() {
            add(&parts[k..].join(" "), false);
        }
        if let Some((_, rest)) = last.split_once('-') {
            add(rest, false);
        }
        if first.chars().count() > 2 {
            add(first, true);
        }
    }
    words
}

/// Every unannotated occurrence of `forms`, as suggestions of their entities.
fn forms_found(s: &Session, forms: &BTreeMap<String, (EntityId, f32)>) -> Vec<Suggestion> {
    if forms.is_empty() {
        return Vec::new();
    }
    let (exact, folded): (Vec<_>, Vec<_>) = forms.keys().partition(|f| is_acronym(f));
    let text: &str = &s.article.text;
    let taken = Taken::new(s);
    let mut out = Vec::new();
    let mut strings = Strings::default();
    for (patterns, fold) in [(exact, false), (folded, true)] {
        if patterns.is_empty() {
            continue;
        }
        let Ok(ac) = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(fold)
            .build(&patterns)
        else {
            continue;
        };
        for m in ac.find_iter(text) {
            let form = patterns[m.pattern().as_usize()];
            let (entity, confidence) = forms[form];
            let at = (m.start(), m.end());
            if let Some(sg) = suggestion_at(s, &taken, at, entity, confidence, &mut strings) {
                out.push(sg);
            }
        }
    }
    out
}

/// The session's mentions by start, to ask "what is already at or around this span?" without
/// scanning all of them for every match.
pub(crate) struct Taken {
    spans: Vec<(Span, EntityId)>,
    longest: usize,
}

impl Taken {
    pub(crate) fn new(s: &Session) -> Self {
        let mut spans: Vec<(Span, EntityId)> =
            s.mentions.values().map(|m| (m.span, m.entity)).collect();
        spans.sort_unstable();
        let longest = spans
            .iter()
            .map(|(sp, _)| sp.end - sp.start)
            .max()
            .unwrap_or(0);
        Self { spans, longest }
    }

    /// Mentions that overlap `span`.
    pub(crate) fn around(&self, span: Span) -> impl Iterator<Item = &(Span, EntityId)> {
        let from = self
            .spans
            .partition_point(|(m, _)| m.start + self.longest < span.start);
        self.spans[from..]
            .iter()
            .take_while(move |(m, _)| m.start < span.end)
            .filter(move |(m, _)| span.start < m.end)
    }
}

/// A suggestion for the bytes `start..end` if they stand as whole words and no mention is
/// already there (the same span, one crossing it, or one of the same entity around it).
fn suggestion_at(
    s: &Session,
    taken: &Taken,
    (start, end): (usize, usize),
    entity: EntityId,
    confidence: f32,
    strings: &mut Strings,
) -> Option<Suggestion> {
    let span = free_span(s, taken, (start, end), Some(entity))?;
    let e = s.entities.get(&entity)?;
    Some(Suggestion {
        span,
        entity_type: strings.get(&e.entity_type),
        entity: Some(entity),
        name: strings.get(&e.name),
        source: Source::Propagation,
        confidence,
        more: None,
    })
}

/// The char span of the bytes `start..end` if they stand as whole words and the session can
/// take a mention there: none at the same span, none crossing it, none of `entity` around it and
/// no person's name around it (the country in "Luís Montenegro", the city in "Jack London").
pub(crate) fn free_span(
    s: &Session,
    taken: &Taken,
    (start, end): (usize, usize),
    entity: Option<EntityId>,
) -> Option<Span> {
    let text: &str = &s.article.text;
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let span = Span::new(s.article.char_of(start)?, s.article.char_of(end)?);
    let blocked = taken.around(span).any(|(m, e)| {
        let inside = span.start <= m.start && m.end <= span.end;
        let around = m.start <= span.start && span.end <= m.end;
        *m == span
            || !(inside || around)
            || (around && (Some(*e) == entity || names_a_person(s, *e)))
    });
    (!blocked).then_some(span)
}

/// Whether the entity is a person (the type the presets call Person, or ACE's PER).
fn names_a_person(s: &Session, e: EntityId) -> bool {
    s.entities
        .get(&e)
        .is_some_and(|e| matches!(e.entity_type.as_str(), "Person" | "PER"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Command, schema::presets};

    fn session(text: &str, marks: &[(&str, usize, &str)]) -> Session {
        let mut s = Session::new(Article::new("t", text), presets::default_schema());
        for (word, nth, ty) in marks {
            let b = text.match_indices(word).nth(*nth).unwrap().0;
            let start = s.article.char_of(b).unwrap();
            let span = Span::new(start, start + word.chars().count());
            let cmd = s.cmd_annotate(span, ty).unwrap();
            s.apply(cmd).unwrap();
        }
        s
    }

    /// A 10 MB article's list holds about half a million: each byte here is half a megabyte.
    #[test]
    fn a_suggestion_is_80_bytes() {
        assert_eq!(std::mem::size_of::<Suggestion>(), 80);
    }

    fn texts<'a>(s: &'a Session, v: &[Suggestion]) -> Vec<&'a str> {
        v.iter().map(|x| x.text(&s.article)).collect()
    }

    #[test]
    fn other_occurrences_are_suggested_with_word_boundaries_and_case_rules() {
        let text = "The US said Iraq’s army left. Iraq denied it; IRAQ TODAY reported. \
                    Iraqis cheered. us and the US envoy met in Iraq.";
        let s = session(text, &[("US", 0, "GPE"), ("Iraq", 0, "GPE")]);
        let v = propagation(&s);
        // "Iraqis" is not "Iraq" (word boundary); "us" is not "US" (acronyms are exact);
        // "IRAQ" is "Iraq" (case folded); the annotated occurrences are not suggested again.
        assert_eq!(texts(&s, &v), ["Iraq", "IRAQ", "US", "Iraq"]);
        let iraq = s.entities.values().find(|e| e.name == "Iraq").unwrap().id;
        assert!(
            v.iter()
                .filter(|x| x.text(&s.article).eq_ignore_ascii_case("iraq"))
                .all(|x| x.entity == Some(iraq))
        );
        // Offsets are chars of the text (the curly apostrophe before is one char).
        let second = &v[0];
        assert_eq!(s.article.slice(second.span), Some("Iraq"));
    }

    #[test]
    fn the_longest_form_wins_and_accepting_or_rejecting_is_an_edit() {
        let text = "Halvern Ministry of Defence said Halvern would reply. \
                    The Halvern Ministry of Defence added: Ibáñez agrees. Ibáñez left.";
        let mut s = session(
            text,
            &[
                ("Halvern Ministry of Defence", 0, "Organization"),
                ("Halvern", 1, "GPE"),
                ("Ibáñez", 0, "Person"),
            ],
        );
        let v = propagation(&s);
        assert_eq!(texts(&s, &v), ["Halvern Ministry of Defence", "Ibáñez"]);
        let accepted: Vec<_> = v.iter().map(Suggestion::accepted).collect();
        let (n, cmd) = s.cmd_accept_mentions(&accepted).unwrap();
        assert_eq!(n, 2);
        let undo = s.apply(cmd).unwrap();
        assert!(propagation(&s).is_empty());
        s.apply(undo).unwrap();
        assert_eq!(propagation(&s).len(), 2);

        let undo = s
            .apply(Command::SetRejected("ibáñez".into(), true))
            .unwrap();
        assert_eq!(texts(&s, &propagation(&s)), ["Halvern Ministry of Defence"]);
        s.apply(undo).unwrap();
        assert_eq!(propagation(&s).len(), 2);
    }

    fn entity_named(s: &Session, name: &str) -> EntityId {
        s.entities.values().find(|e| e.name == name).unwrap().id
    }

    #[test]
    fn bare_surnames_join_the_person_named_last_before_them() {
        let text = "Tomás Ibáñez met Ana Ibáñez. Later Ibáñez, his sister, spoke. \
                    Tomás Ibáñez left; Ibáñez was tired. Tomás smiled. Ali Bagheri Kani came; \
                    Bagheri Kani spoke.";
        let s = session(
            text,
            &[
                ("Tomás Ibáñez", 0, "Person"),
                ("Ana Ibáñez", 0, "Person"),
                ("Tomás Ibáñez", 1, "Person"),
                ("Ali Bagheri Kani", 0, "Person"),
            ],
        );
        let v = propagation(&s);
        let (tomas, ana) = (
            entity_named(&s, "Tomás Ibáñez"),
            entity_named(&s, "Ana Ibáñez"),
        );
        let got: Vec<(&str, Option<EntityId>)> =
            v.iter().map(|x| (x.text(&s.article), x.entity)).collect();
        assert_eq!(
            got,
            [
                ("Ibáñez", Some(ana)),
                ("Ibáñez", Some(tomas)),
                // Only Tomás Ibáñez has this first name.
                ("Tomás", Some(tomas)),
                ("Bagheri Kani", Some(entity_named(&s, "Ali Bagheri Kani"))),
            ]
        );
    }

    #[test]
    fn an_acronym_in_parentheses_becomes_an_alias_and_a_place_keeps_its_name() {
        let text = "The International Atomic Energy Agency (IAEA) said so; the IAEA left. \
                    George Washington was born in Virginia. Washington said no. In Washington, rain.";
        let s = session(
            text,
            &[
                ("International Atomic Energy Agency", 0, "Organization"),
                ("George Washington", 0, "Person"),
                ("Washington", 1, "GPE"),
            ],
        );
        let v = propagation(&s);
        let iaea = entity_named(&s, "International Atomic Energy Agency");
        let place = s
            .entities
            .values()
            .find(|e| e.entity_type == "GPE")
            .unwrap()
            .id;
        let got: Vec<(&str, Option<EntityId>)> =
            v.iter().map(|x| (x.text(&s.article), x.entity)).collect();
        // The IAEA in parentheses and the later one; the last "Washington" is the place the
        // analyst annotated, not the person's surname.
        assert_eq!(
            got,
            [
                ("IAEA", Some(iaea)),
                ("IAEA", Some(iaea)),
                ("Washington", Some(place))
            ]
        );
    }
}
