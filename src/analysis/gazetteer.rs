//! Gazetteer suggestions: every name or alias of a listed thing found in the text, as a
//! mention of the session's entity for it (same knowledge-base id, or same name) or of a new
//! one. Names match exactly as the list spells them: "Chad" the country, never "chad"; "US",
//! never "us".

use super::suggest::{Source, Suggestion, Taken, free_span};
use crate::io::gazetteer::{GazEntry, Gazetteer};
use crate::model::{EntityId, Session};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::Arc;

/// The lists in use, with one matcher over all their names. Cheap to clone (shared).
#[derive(Clone, Default)]
pub struct Lists(Option<Arc<Index>>);

struct Index {
    entries: Vec<GazEntry>,
    /// Per pattern: the entry and whether it is the entry's own name (not an alias).
    forms: Vec<(usize, bool)>,
    matcher: AhoCorasick,
    /// Entries with coordinates by knowledge-base id and by each of their names.
    located_by_kb: std::collections::HashMap<String, usize>,
    located_by_name: std::collections::HashMap<String, usize>,
}

impl Lists {
    /// One matcher over `lists`; a name in two lists keeps the first list's entry.
    pub fn new(lists: &[&Gazetteer]) -> Self {
        let mut entries = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut forms = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for list in lists {
            for e in &list.entries {
                let at = entries.len();
                entries.push(e.clone());
                let names =
                    std::iter::once((&e.name, true)).chain(e.aliases.iter().map(|a| (a, false)));
                for (form, own) in names {
                    let letters = form.chars().filter(|c| c.is_alphanumeric()).count();
                    // Datelines and headlines write names in capitals ("BAGHDAD —"): long
                    // enough names match that way too (short ones would be acronyms).
                    let caps = form.to_uppercase();
                    let also = (letters >= 4 && caps != *form).then_some(caps);
                    for f in std::iter::once(form.clone()).chain(also) {
                        if letters >= 2 && seen.insert(f.clone()) {
                            patterns.push(f);
                            forms.push((at, own));
                        }
                    }
                }
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns);
        let mut located_by_kb = std::collections::HashMap::new();
        let mut located_by_name = std::collections::HashMap::new();
        for (at, e) in entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.point.is_some())
        {
            if let Some(k) = &e.kb_id {
                located_by_kb.entry(k.clone()).or_insert(at);
            }
            // By lower case: "BAGHDAD" in a dateline is Baghdad.
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                located_by_name.entry(n.to_lowercase()).or_insert(at);
            }
        }
        match matcher {
            Ok(matcher) if !patterns.is_empty() => Self(Some(Arc::new(Index {
                entries,
                forms,
                matcher,
                located_by_kb,
                located_by_name,
            }))),
            _ => Self(None),
        }
    }

    /// The bundled world list alone, built once.
    pub fn world() -> Self {
        static WORLD: std::sync::OnceLock<Lists> = std::sync::OnceLock::new();
        WORLD
            .get_or_init(|| Lists::new(&[crate::io::gazetteer::world()]))
            .clone()
    }

    /// Which lists these are: the same lists give the same number while they are in use.
    pub fn generation(&self) -> usize {
        self.0.as_ref().map_or(0, |i| Arc::as_ptr(i) as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// Where a listed thing is: by its knowledge-base id, else by the first of `names` a list
    /// gives coordinates for.
    pub fn point_of<'a>(
        &self,
        kb_id: Option<&str>,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Option<crate::model::geo::GeoPoint> {
        let ix = self.0.as_ref()?;
        let at = kb_id.and_then(|k| ix.located_by_kb.get(k)).or_else(|| {
            names
                .into_iter()
                .find_map(|n| ix.located_by_name.get(&n.to_lowercase()))
        })?;
        ix.entries[*at].point
    }

    /// A located name inside `text` ("Baghdad" in "Baghdad International Airport"), as whole
    /// words, the first one: its point and the name.
    pub fn point_within(&self, text: &str) -> Option<(crate::model::geo::GeoPoint, String)> {
        let ix = self.0.as_ref()?;
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        ix.matcher.find_iter(text).find_map(|m| {
            let whole = !word(text[..m.start()].chars().next_back())
                && !word(text[m.end()..].chars().next());
            let e = &ix.entries[ix.forms[m.pattern().as_usize()].0];
            (whole && m.range() != (0..text.len()))
                .then(|| Some((e.point?, e.name.clone())))
                .flatten()
        })
    }

    /// How many names and aliases it matches.
    pub fn forms(&self) -> usize {
        self.0.as_ref().map_or(0, |i| i.forms.len())
    }
}

/// Every listed name in `s`'s text with its list's type, annotated or not, as char spans: what
/// the tagger sees as "this is in a gazetteer".
pub fn matches(s: &Session, lists: &Lists) -> Vec<(crate::model::Span, Arc<str>)> {
    let Some(index) = &lists.0 else {
        return Vec::new();
    };
    let text: &str = &s.article.text;
    let mut out = Vec::new();
    let mut strings = super::suggest::Strings::default();
    for m in index.matcher.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let (Some(a), Some(z)) = (s.article.char_of(m.start()), s.article.char_of(m.end())) else {
            continue;
        };
        let entry = &index.entries[index.forms[m.pattern().as_usize()].0];
        out.push((
            crate::model::Span::new(a, z),
            strings.get(&entry.entity_type),
        ));
    }
    out
}

/// The listed names that occur in `s`'s text, as written there.
pub(crate) fn listed_forms(s: &Session, lists: &Lists) -> std::collections::HashSet<String> {
    matches(s, lists)
        .into_iter()
        .filter_map(|(span, _)| s.article.slice(span).map(str::to_owned))
        .collect()
}

/// The session's entity type for a list's type: the same id, or the usual equivalent in
/// another schema (a GPE list entry is a Location where the schema has no GPE).
pub(crate) fn schema_type<'a>(s: &'a Session, ty: &str) -> Option<&'a str> {
    let alternatives: &[&str] = match ty {
        "GPE" => &["GPE", "Location", "LOC", "Place", "Country"],
        "Organization" => &["Organization", "Organisation", "ORG"],
        "Person" => &["Person", "PER"],
        "Location" => &["Location", "LOC", "Place"],
        _ => &[],
    };
    std::iter::once(ty)
        .chain(alternatives.iter().copied())
        .find_map(|t| s.schema.entity_type(t).map(|et| et.id.as_str()))
}

/// Every unannotated occurrence of a listed name.
pub fn suggestions(s: &Session, lists: &Lists) -> Vec<Suggestion> {
    let Some(index) = &lists.0 else {
        return Vec::new();
    };
    let text: &str = &s.article.text;
    let taken = Taken::new(s);
    let mut out = Vec::new();
    let mut strings = super::suggest::Strings::default();
    for m in index.matcher.find_iter(text) {
        let (at, own) = index.forms[m.pattern().as_usize()];
        let entry = &index.entries[at];
        let found = &text[m.start()..m.end()];
        if s.rejected.contains(&found.to_lowercase()) {
            continue;
        }
        let Some(ty) = schema_type(s, &entry.entity_type) else {
            continue;
        };
        let joins = existing(s, entry, ty);
        let Some(span) = free_span(s, &taken, (m.start(), m.end()), joins) else {
            continue;
        };
        let (name, kb_id) = match joins.and_then(|e| s.entities.get(&e)) {
            Some(e) => (strings.get(&e.name), None),
            None => (
                strings.get(&entry.name),
                entry.kb_id.as_deref().map(|k| strings.get(k)),
            ),
        };
        out.push(Suggestion {
            span,
            entity_type: strings.get(ty),
            entity: joins,
            name,
            source: Source::Gazetteer,
            confidence: if own { 0.75 } else { 0.65 },
            more: crate::analysis::suggest::More::of(kb_id, None),
        });
    }
    out
}

/// The session's entity a listed thing already is: one with its knowledge-base id, else one of
/// its type named like it.
fn existing(s: &Session, entry: &GazEntry, ty: &str) -> Option<EntityId> {
    if let Some(kb) = &entry.kb_id
        && let Some(e) = s.entities.values().find(|e| e.kb_id.as_ref() == Some(kb))
    {
        return Some(e.id);
    }
    s.entities
        .values()
        .find(|e| e.entity_type == ty && e.is_named(&entry.name))
        .map(|e| e.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::gazetteer::parse;
    use crate::model::{Article, Span, schema::presets};

    fn session(text: &str) -> Session {
        Session::new(Article::new("t", text), presets::default_schema())
    }

    #[test]
    fn world_names_demonyms_and_acronyms_are_found_exactly() {
        let text = "BAGHDAD — Iraqi officials in Baghdad met the UN envoy; us and chad and the US. \
                    Iraq’s army and Hezbollah replied.";
        let s = session(text);
        let v = suggestions(&s, &Lists::world());
        let got: Vec<(&str, &str, &str)> = v
            .iter()
            .map(|x| (x.text(&s.article), &*x.name, x.kb_id().unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                ("BAGHDAD", "Baghdad", "geonames:98182"),
                ("Iraqi", "Iraq", "Q796"),
                ("Baghdad", "Baghdad", "geonames:98182"),
                ("UN", "United Nations", "Q1065"),
                ("US", "United States", "Q30"),
                ("Iraq", "Iraq", "Q796"),
                ("Hezbollah", "Hezbollah", "Q41053"),
            ]
        );
        assert!(v.iter().all(|x| x.entity.is_none()));
        assert_eq!(&*v[1].entity_type, "GPE");
        assert_eq!(&*v[3].entity_type, "Organization");
        // Char offsets: the dash and the curly apostrophe are one char each.
        assert_eq!(s.article.slice(v[5].span), Some("Iraq"));
    }

    #[test]
    fn washington_is_the_capital_and_the_state_says_so() {
        let s = session("Washington warned Tehran. Washington State voted.");
        let v = suggestions(&s, &Lists::world());
        let got: Vec<(&str, &str)> = v
            .iter()
            .map(|x| (x.text(&s.article), x.kb_id().unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                ("Washington", "Q61"),
                ("Tehran", "geonames:112931"),
                ("Washington State", "Q1223")
            ]
        );
    }

    #[test]
    fn no_place_is_suggested_inside_a_persons_name_but_one_is_inside_an_organisations() {
        let text = "Luís Montenegro met the Montenegro Ministry of Defence.";
        let mut s = session(text);
        for (a, z, ty) in [(0, 15, "Person"), (24, 54, "Organization")] {
            let cmd = s.cmd_annotate(Span::new(a, z), ty).unwrap();
            s.apply(cmd).unwrap();
        }
        let v = suggestions(&s, &Lists::world());
        let at: Vec<usize> = v.iter().map(|x| x.span.start).collect();
        assert_eq!(at, [24], "{v:?}");
    }

    #[test]
    fn accepting_makes_one_entity_with_the_qid_and_later_finds_join_it() {
        let mut s = session("Iraqi forces left Iraq. Iraqis voted.");
        let v = suggestions(&s, &Lists::world());
        assert_eq!(v.len(), 3);
        let accepted: Vec<_> = v.iter().map(Suggestion::accepted).collect();
        let (n, cmd) = s.cmd_accept_mentions(&accepted).unwrap();
        assert_eq!(n, 3);
        s.apply(cmd).unwrap();
        assert_eq!(s.entities.len(), 1);
        let iraq = s.entities.values().next().unwrap();
        assert_eq!(
            (iraq.name.as_str(), iraq.kb_id.as_deref()),
            ("Iraq", Some("Q796"))
        );
        assert!(suggestions(&s, &Lists::world()).is_empty());

        // An entity the analyst made with the same id is joined, whatever its name.
        let mut s = session("Iraqi forces left.");
        let cmd = s.cmd_annotate(Span::new(0, 5), "GPE").unwrap();
        s.apply(cmd).unwrap();
        let mut s2 = session("Iraqi forces left Iraq.");
        s2.entities = s.entities.clone();
        let id = *s2.entities.keys().next().unwrap();
        s2.entities.get_mut(&id).unwrap().kb_id = Some("Q796".into());
        let v = suggestions(&s2, &Lists::world());
        assert!(v.iter().all(|x| x.entity == Some(id)), "{v:?}");
    }

    #[test]
    fn a_users_list_adds_people_and_rejected_strings_stay_out() {
        let mine = parse("Qasem Soleimani,Person,Q1399,Soleimani\n", "mine.csv").unwrap();
        let lists = Lists::new(&[&mine, crate::io::gazetteer::world()]);
        let mut s = session("Soleimani flew to Baghdad. Qasem Soleimani died.");
        let v = suggestions(&s, &lists);
        let texts: Vec<_> = v.iter().map(|x| x.text(&s.article)).collect();
        assert_eq!(texts, ["Soleimani", "Baghdad", "Qasem Soleimani"]);
        s.apply(crate::model::Command::SetRejected("baghdad".into(), true))
            .unwrap();
        assert_eq!(suggestions(&s, &lists).len(), 2);
    }

    #[test]
    fn a_schema_without_gpe_gets_locations_and_one_without_either_gets_none() {
        let mut s = session("Iraq replied.");
        s.schema.entity_types.retain(|t| t.id != "GPE");
        let v = suggestions(&s, &Lists::world());
        assert_eq!(&*v[0].entity_type, "Location");
        s.schema.entity_types.retain(|t| t.id != "Location");
        assert!(suggestions(&s, &Lists::world()).is_empty());
    }
}
