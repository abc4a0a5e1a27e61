//! The first pass's rules: what an article nobody has annotated yet says about people, dates
//! and facilities, found by pattern. People from a title before a name ("President", "foreign
//! minister", "General"), a first name from the bundled list (every region's, from Faker), a
//! reported speech verb after a full name ("X said") or an apposition ("X, the commander of");
//! a bare surname later in the text goes to the nearest full name before it. Dates are
//! `dates::find_dates`' expressions; facilities a name before a facility word ("Imam Khomeini
//! International Airport", "Ain al-Asad air base").
//!
//! Names that are also places ("Washington") are a person only with a title or a first name
//! before them; alone they are left to the gazetteer.

use super::gazetteer::{Lists, schema_type};
use super::suggest::{Source, Suggestion, Taken, free_span};
use crate::model::Session;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

mod lists;
use lists::*;
mod words;
use words::{Word, Words, joined, words};

/// The bundled first names (from Faker, MIT; `resources/names/build.py`).
static FIRST_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../../resources/names/first_names.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

fn is_first_name(word: &str) -> bool {
    let lower = word.to_lowercase();
    FIRST_NAMES.contains(word)
        && !NOT_NAMES.contains(&lower.as_str())
        && !crate::analysis::dates::is_calendar_word(&lower)
}

/// A word that stands for a full name found before it: its surname or first name.
struct Alias {
    /// Where the full name starts (bytes).
    at: usize,
    word: String,
    name: String,
    first: bool,
}

/// What the article says about its words beyond the words themselves.
struct Context<'a> {
    /// Listed names that occur in it.
    places: &'a HashSet<String>,
    /// Words it writes in lower case.
    common: &'a HashSet<String>,
}

/// A person found by the rules: its words (indices into the words) and how sure.
struct Person {
    from: usize,
    to: usize,
    confidence: f32,
}

/// Everything the first pass proposes for `s` (where the schema has the type): people, dates,
/// facilities.
pub fn suggestions(s: &Session, lists: &Lists) -> Vec<Suggestion> {
    let text: &str = &s.article.text;
    let ws = words(text);
    let taken = Taken::new(s);
    let places: HashSet<String> = super::gazetteer::listed_forms(s, lists);
    // A word the article also writes in lower case is a common word there ("Edit Annotation"
    // is a dialog's name, not a person's).
    let common: HashSet<String> = ws
        .iter()
        .filter(|w| w.text.chars().next().is_some_and(char::is_lowercase) && !w.capitalised())
        .map(|w| w.lower())
        .collect();
    let context = Context {
        places: &places,
        common: &common,
    };
    let mut out = Vec::new();
    if let Some(ty) = schema_type(s, "Person") {
        out.extend(people(s, &ws, &context, ty, &taken));
    }
    if let Some(ty) = ["DateTime", "Date", "Time", "TIME", "DATE", "Timex"]
        .iter()
        .find_map(|t| s.schema.entity_type(t).map(|et| et.id.clone()))
    {
        out.extend(dates(s, &ty, &taken));
    }
    if let Some(ty) = schema_type(s, "Organization") {
        out.extend(by_head(s, &ws, ORG_HEADS, ty, &taken));
    }
    if let Some(ty) = schema_type(s, "Location") {
        out.extend(by_head(s, &ws, LOCATION_HEADS, ty, &taken));
    }
    if let Some(ty) = schema_type(s, "GPE") {
        out.extend(provinces(s, &ws, &context, ty, &taken));
    }
    if let Some(ty) = ["Facility", "FAC"]
        .iter()
        .find_map(|t| s.schema.entity_type(t).map(|et| et.id.clone()))
    {
        out.extend(facilities(s, &ws, &ty, &taken));
    }
    // One copy of each type and name: a big article's rules find hundreds of thousands.
    let mut strings = super::suggest::Strings::default();
    for x in &mut out {
        x.entity_type = strings.get(&x.entity_type);
        x.name = strings.get(&x.name);
    }
    out
}

/// A new entity of type `ty` called `name`, proposed by the rules at `span`.
fn found_by_rule(span: crate::model::Span, ty: &str, name: String, confidence: f32) -> Suggestion {
    Suggestion {
        span,
        entity_type: ty.into(),
        entity: None,
        name: name.into(),
        source: Source::Rules,
        confidence,
        more: None,
    }
}

/// People: full names with their evidence, then each later bare surname (or title and surname)
/// as the nearest full name before it.
fn people(
    s: &Session,
    ws: &Words<'_>,
    cx: &Context<'_>,
    ty: &str,
    taken: &Taken,
) -> Vec<Suggestion> {
    let text: &str = &s.article.text;
    let found = find_people(text, ws, cx);
    let name_of = |p: &Person| text[ws.at(p.from).start()..ws.at(p.to).end()].to_owned();
    // Surnames (and first names) of the full names, in text order.
    let mut full: Vec<Alias> = Vec::new();
    for p in found.iter().filter(|p| p.to > p.from) {
        let name = name_of(p);
        let at = ws.at(p.from).start();
        let mut add = |word: &str, first: bool| {
            full.push(Alias {
                at,
                word: word.to_owned(),
                name: name.clone(),
                first,
            });
        };
        add(ws.at(p.to).text, false);
        // "al-Sudani" is also "Sudani" alone.
        if let Some((particle, rest)) = ws.at(p.to).text.split_once('-')
            && PARTICLES.contains(&particle)
        {
            add(rest, false);
        }
        if ws.at(p.from).text.chars().count() > 2 && is_first_name(ws.at(p.from).text) {
            add(ws.at(p.from).text, true);
        }
    }
    // By word, in text order: a bare word looks up its own entries only.
    let mut by_word: HashMap<&str, Vec<&Alias>> = HashMap::new();
    for a in &full {
        by_word.entry(a.word.as_str()).or_default().push(a);
    }
    // The full name a bare word means: the nearest one before it having it as a surname, or
    // the only one having it as a first name (a first name two people share means neither).
    let resolve = |word: &Word<'_>| -> Option<String> {
        let entries = by_word.get(word.text)?;
        let names: HashSet<&str> = entries.iter().map(|a| a.name.as_str()).collect();
        let before = entries.partition_point(|a| a.at < word.start());
        entries[..before]
            .iter()
            .rev()
            .find(|a| !a.first || names.len() == 1)
            .map(|a| a.name.clone())
    };
    let covered: HashSet<usize> = found.iter().flat_map(|p| p.from..=p.to).collect();
    let mut out = Vec::new();
    let mut push = |span: (usize, usize), name: String, confidence: f32| {
        if let Some(span) = free_span(s, taken, span, None) {
            out.push(found_by_rule(span, ty, name, confidence));
        }
    };
    for p in &found {
        let (a, z) = (ws.at(p.from), ws.at(p.to));
        // A surname alone after a title is the full name before it, when there is one.
        let name = if p.from == p.to {
            resolve(&a).unwrap_or_else(|| a.text.to_owned())
        } else {
            // "Bagheri Kani" after "Ali Bagheri Kani": a surname of two words.
            let own = name_of(p);
            let tail = format!(" {own}");
            found
                .iter()
                .filter(|q| ws.at(q.from).start() < a.start() && name_of(q).ends_with(&tail))
                .max_by_key(|q| ws.at(q.from).start())
                .map_or(own, &name_of)
        };
        push((a.start(), z.end()), name, p.confidence);
    }
    for (i, w) in ws.iter().enumerate() {
        if covered.contains(&i) || !w.capitalised() {
            continue;
        }
        // Part of a longer run of capitals ("Ibáñez Foundation") is not the person.
        let next_cap = ws
            .get(i + 1)
            .is_some_and(|n| n.capitalised() && joined(text, &w, &n));
        // A capital that only starts the sentence ("Later Ibáñez said") is no part of it.
        let prev_cap = i > 0
            && ws.at(i - 1).capitalised()
            && joined(text, &ws.at(i - 1), &w)
            && (is_first_name(ws.at(i - 1).text) || !starts_sentence(text, ws, i - 1));
        if next_cap || prev_cap {
            continue;
        }
        if let Some(name) = resolve(&w) {
            push((w.start(), w.end()), name, 0.7);
        }
    }
    out
}

/// Whether word `i` starts a sentence (or the text, a line, a quotation).
fn starts_sentence(text: &str, ws: &Words<'_>, i: usize) -> bool {
    let before = text[..ws.at(i).start()].trim_end_matches([' ', '\t']);
    i == 0 || before.ends_with(['.', '!', '?', '\n', '"', '“', ':', '—'])
}

/// Runs of capitalised words (with particles between) that the evidence makes people.
fn find_people(text: &str, ws: &Words<'_>, cx: &Context<'_>) -> Vec<Person> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !ws.at(i).capitalised() {
            i += 1;
            continue;
        }
        // The run: capitals joined by single spaces, particles allowed between two of them.
        let mut j = i;
        while j + 1 < ws.len() && joined(text, &ws.at(j), &ws.at(j + 1)) {
            let next = &ws.at(j + 1);
            let particle = PARTICLES.contains(&next.text)
                && ws
                    .get(j + 2)
                    .is_some_and(|n| n.capitalised() && joined(text, next, &n));
            if next.capitalised() || particle {
                j += 1;
            } else {
                break;
            }
        }
        if let Some(p) = person_in(text, ws, i, j, cx) {
            out.push(p);
        }
        i = j + 1;
    }
    out
}

/// The person in the run of words `i..=j`, if the evidence says there is one.
fn person_in(text: &str, ws: &Words<'_>, i: usize, j: usize, cx: &Context<'_>) -> Option<Person> {
    let places = cx.places;
    // A title inside the run ("Prime Minister Benjamin Netanyahu"): the name is after it.
    let mut from = i;
    let mut titled = false;
    if let Some(k) = (i..=j).rev().find(|&k| ws.at(k).is_in(TITLES)) {
        from = k + 1;
        titled = true;
    }
    // People take no article: "the World Food Programme said" is no one's name.
    let the = ws.at(i).is("the")
        || (i > 0 && joined(text, &ws.at(i - 1), &ws.at(i)) && ws.at(i - 1).is("the"));
    while from <= j && ws.at(from).not_a_name() {
        from += 1;
    }
    // "Secretary of State Antony Blinken", "Chief of Staff X": the run starts with the title's
    // last word.
    if from == i && i >= 2 && ws.at(i - 1).text == "of" && ws.at(i - 2).is_in(TITLES) && j > i {
        from = i + 1;
        titled = true;
    }
    if from > j {
        return None;
    }
    // Or a title in lower case just before it ("foreign minister Tomás Ibáñez"), or before a
    // comma ("the opposition candidate, Atiku Abubakar,").
    let before = text[..ws.at(i).start()].trim_end_matches(' ');
    let comma_title = i > 0
        && before.ends_with(',')
        && ws.at(i - 1).end() == before.len() - 1
        && ws.at(i - 1).is_in(TITLES);
    titled |= from == i
        && i > 0
        && ((joined(text, &ws.at(i - 1), &ws.at(i)) && ws.at(i - 1).is_in(TITLES)) || comma_title);
    if the && !titled {
        return None;
    }
    let to = j.min(from + 4);
    let names = ws.run(from..=to);
    if names[names.len() - 1].is_in(NOT_PERSON_ENDS)
        || names
            .iter()
            .any(|w| w.acronym() || (!w.initial() && w.not_a_name()))
    {
        return None;
    }
    let whole = &text[ws.at(from).start()..ws.at(to).end()];
    let listed = places.contains(whole);
    // A first name that is also a place ("Paris Hilton", "Jordan Peterson") still starts a
    // name when the words after it are no place.
    let plain = names.iter().all(|w| !cx.common.contains(&w.lower()));
    let first = is_first_name(names[0].text)
        && plain
        && names[1..].iter().all(|w| !places.contains(w.text));
    // "J. K. Rowling": initials before a surname.
    let initials = names.len() >= 2 && names[..names.len() - 1].iter().all(Word::initial);
    // "Abu Mahdi al-Muhandis", "Osama bin Laden": Arabic name parts, particles inside.
    let name_parts = matches!(names[0].text, "Abu" | "Umm" | "Ibn" | "Bin")
        || names[1..].iter().any(|w| {
            PARTICLES.contains(&w.text) || (w.text.contains('-') && !w.capitalised_start())
        });
    let after = &text[ws.at(to).end()..];
    let next_word = ws.get(to + 1).map(|w| w.lower());
    // "Ain al-Asad air base", "Anbar province": a place's name, whatever else says person.
    let place_noun = ws.get(to + 1).is_some_and(|w| {
        joined(text, &ws.at(to), &w)
            && (w.is_in(&[
                "province", "city", "district", "region", "village", "camp", "area",
            ]) || FACILITY_WORDS.iter().any(|f| w.is(f[0])))
    });
    if place_noun {
        return None;
    }
    let speaks = next_word
        .as_deref()
        .is_some_and(|w| SPEECH.contains(&w) && after.starts_with(' '));
    let apposition = after.starts_with(", who ")
        || ([", the ", ", a ", ", an "]
            .iter()
            .any(|p| after.starts_with(p))
            && ws.get(to + 2).is_some_and(|w| !w.capitalised()));
    let confidence = if titled {
        0.85
    } else if names.len() >= 2 && first && !listed {
        0.8
    } else if names.len() >= 2 && (name_parts || initials) && !listed && plain {
        0.75
    } else if names.len() >= 2 && !listed && plain && (speaks || apposition) {
        0.65
    } else {
        return None;
    };
    Some(Person {
        from,
        to,
        confidence,
    })
}

/// Date expressions, without the preposition before them ("on Thursday" is "Thursday").
fn dates(s: &Session, ty: &str, taken: &Taken) -> Vec<Suggestion> {
    let anchor = super::dates::anchor_of(s);
    let mut out = Vec::new();
    for d in super::dates::find_dates(&s.article.text, anchor) {
        let lead = ["on ", "in ", "since ", "until ", "by "]
            .iter()
            .find(|p| d.text.starts_with(*p))
            .map_or(0, |p| p.len());
        // "29 May." ends a sentence: the full stop is no abbreviation's.
        let stop = usize::from(
            d.text.ends_with('.')
                && super::dates::find_dates(d.text.trim_end_matches('.'), None).len() == 1,
        );
        let span = crate::model::Span::new(d.span.start + lead, d.span.end - stop);
        let (Some(a), Some(z)) = (s.article.byte_of(span.start), s.article.byte_of(span.end))
        else {
            continue;
        };
        if let Some(span) = free_span(s, taken, (a, z), None) {
            out.push(found_by_rule(
                span,
                ty,
                d.text[lead..d.text.len() - stop].to_owned(),
                0.8,
            ));
        }
    }
    out
}

/// Whether words `a` and `b` are next to each other inside a name: joined, or with a
/// possessive between ("People’s Liberation Army").
fn joined_in_name(text: &str, a: &Word<'_>, b: &Word<'_>) -> bool {
    joined(text, a, b) || matches!(text.get(a.end()..b.start()), Some("'s " | "’s "))
}

/// Names ending in a capitalised head word ("National Security Council", "Labour Party",
/// "Black Sea"), with "of X" after the head ("Central Bank of Nigeria").
fn by_head(
    s: &Session,
    ws: &Words<'_>,
    heads: &[&str],
    ty: &str,
    taken: &Taken,
) -> Vec<Suggestion> {
    let text: &str = &s.article.text;
    let mut out = Vec::new();
    let mut k = 0;
    while k < ws.len() {
        let head = &ws.at(k);
        if !head.capitalised_start() || !head.is_in(heads) {
            k += 1;
            continue;
        }
        // Back over capitals and joiners, at most six words, starting on a capital.
        let mut from = k;
        while from > 0 && k - from < 6 && joined_in_name(text, &ws.at(from - 1), &ws.at(from)) {
            let w = &ws.at(from - 1);
            let joiner = NAME_JOINERS.contains(&w.text);
            if (w.capitalised() && !w.not_a_name()) || joiner {
                from -= 1;
            } else {
                break;
            }
        }
        while from < k && !ws.at(from).capitalised_start() {
            from += 1;
        }
        // On over "of Nigeria", "for Refugees".
        let mut to = k;
        if ws
            .get(k + 1)
            .is_some_and(|w| matches!(w.text, "of" | "for") && joined(text, head, &w))
        {
            let mut z = k + 1;
            while ws
                .get(z + 1)
                .is_some_and(|w| w.capitalised() && joined(text, &ws.at(z), &w))
                && z - k < 4
            {
                z += 1;
            }
            if z > k + 1 {
                to = z;
            }
        }
        if from < k
            && let Some(span) = free_span(s, taken, (ws.at(from).start(), ws.at(to).end()), None)
        {
            let name = &text[ws.at(from).start()..ws.at(to).end()];
            out.push(found_by_rule(span, ty, name.to_owned(), 0.7));
        }
        k = to + 1;
    }
    out
}

/// "Anbar province", "Nineveh governorate": the capitalised word before is a region.
fn provinces(
    s: &Session,
    ws: &Words<'_>,
    cx: &Context<'_>,
    ty: &str,
    taken: &Taken,
) -> Vec<Suggestion> {
    let text: &str = &s.article.text;
    let mut out = Vec::new();
    for i in 1..ws.len() {
        let (name, word) = (&ws.at(i - 1), &ws.at(i));
        if matches!(
            word.text,
            "province" | "governorate" | "prefecture" | "oblast"
        ) && joined(text, name, word)
            && name.capitalised_start()
            && !cx.places.contains(name.text)
            && !name.not_a_name()
            && let Some(span) = free_span(s, taken, (name.start(), name.end()), None)
        {
            out.push(found_by_rule(span, ty, name.text.to_owned(), 0.7));
        }
    }
    out
}

/// Facilities: capitalised words before a facility word ("Ain al-Asad air base").
fn facilities(s: &Session, ws: &Words<'_>, ty: &str, taken: &Taken) -> Vec<Suggestion> {
    let text: &str = &s.article.text;
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let hit = FACILITY_WORDS.iter().find(|f| {
            f.iter().enumerate().all(|(k, word)| {
                ws.get(i + k).is_some_and(|w| w.is(word))
                    && (k == 0 || joined(text, &ws.at(i + k - 1), &ws.at(i + k)))
            })
        });
        let Some(words) = hit else {
            i += 1;
            continue;
        };
        let end = i + words.len() - 1;
        // The name before it: capitals (and particles) joined by spaces, at most four.
        let mut from = i;
        while from > 0 && i - from < 4 && joined_in_name(text, &ws.at(from - 1), &ws.at(from)) {
            let w = &ws.at(from - 1);
            let particle = PARTICLES.contains(&w.text) || w.text.contains('-');
            if (w.capitalised() || particle) && !w.not_a_name() {
                from -= 1;
            } else {
                break;
            }
        }
        while from < i && !ws.at(from).capitalised() {
            from += 1;
        }
        if from < i
            && let Some(span) = free_span(s, taken, (ws.at(from).start(), ws.at(end).end()), None)
        {
            let name = &text[ws.at(from).start()..ws.at(end).end()];
            out.push(found_by_rule(span, ty, name.to_owned(), 0.75));
        }
        i = end + 1;
    }
    out
}

#[cfg(test)]
mod tests;
