//! An external recommender's spans as suggestions (`io::recommender` runs it): each label
//! mapped to the schema's type ("PERSON", "PER" → Person; "ORG" → Organization; "DATE" → the date
//! type…), spans checked against the text, the recommender's name kept as the source. Labels the
//! schema has no type for and spans outside the text are left out and counted, to be said.

use super::gazetteer::schema_type;
use super::suggest::{Source, Suggestion, Taken, free_span};
use crate::io::recommender::Found;
use crate::model::{Session, Span};

/// What came of a recommender's answer: the suggestions, and what was left out and why.
#[derive(Debug, Default)]
pub struct Outcome {
    pub suggestions: Vec<Suggestion>,
    /// Labels with no type in the schema, with how many spans had each.
    pub unknown_labels: Vec<(String, usize)>,
    /// Spans outside the text or empty.
    pub bad_spans: usize,
}

/// The schema's type for a recommender's label.
pub fn type_for<'a>(s: &'a Session, label: &str) -> Option<&'a str> {
    if let Some(t) = s
        .schema
        .entity_types
        .iter()
        .find(|t| t.id.eq_ignore_ascii_case(label) || t.name.eq_ignore_ascii_case(label))
    {
        return Some(t.id.as_str());
    }
    let usual = match label.to_uppercase().as_str() {
        "PERSON" | "PER" | "PERS" => "Person",
        "ORG" | "ORGANIZATION" | "ORGANISATION" => "Organization",
        "GPE" | "COUNTRY" | "CITY" => "GPE",
        "LOC" | "LOCATION" => "Location",
        "FAC" | "FACILITY" => return first_type(s, &["Facility", "FAC"]),
        "DATE" | "TIME" | "DATETIME" => {
            return first_type(s, &["DateTime", "Date", "Time", "TIME", "DATE"]);
        }
        _ => return None,
    };
    schema_type(s, usual)
}

fn first_type<'a>(s: &'a Session, ids: &[&str]) -> Option<&'a str> {
    ids.iter()
        .find_map(|t| s.schema.entity_type(t).map(|et| et.id.as_str()))
}

/// `found` (from the recommender `name`) as suggestions for `s`.
pub fn suggestions(s: &Session, name: &str, found: &[Found]) -> Outcome {
    let chars = s.article.text.chars().count();
    let taken = Taken::new(s);
    let mut out = Outcome::default();
    let mut strings = super::suggest::Strings::default();
    let mut unknown: std::collections::BTreeMap<String, usize> = Default::default();
    for f in found {
        if f.start >= f.end || f.end > chars {
            out.bad_spans += 1;
            continue;
        }
        let Some(ty) = type_for(s, &f.entity_type) else {
            *unknown.entry(f.entity_type.clone()).or_default() += 1;
            continue;
        };
        let span = Span::new(f.start, f.end);
        let (Some(a), Some(z)) = (s.article.byte_of(span.start), s.article.byte_of(span.end))
        else {
            out.bad_spans += 1;
            continue;
        };
        let Some(span) = free_span(s, &taken, (a, z), None) else {
            continue;
        };
        let text = &s.article.text[a..z];
        out.suggestions.push(Suggestion {
            span,
            name: strings.get(crate::model::words::without_possessive(text.trim())),
            entity_type: strings.get(ty),
            entity: None,
            source: Source::Recommender,
            confidence: f.score.clamp(0.0, 1.0),
            more: crate::analysis::suggest::More::of(
                f.kb_id
                    .as_deref()
                    .filter(|k| !k.trim().is_empty())
                    .map(|k| strings.get(k)),
                Some(strings.get(name)),
            ),
        });
    }
    out.unknown_labels = unknown.into_iter().collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, schema::presets};

    #[test]
    fn labels_map_to_the_schema_and_bad_spans_are_counted() {
        let text = "Ibáñez met 🔥 Ana in Geneva on Friday.";
        let s = Session::new(Article::new("t", text), presets::default_schema());
        let f = |start, end, ty: &str| Found {
            start,
            end,
            entity_type: ty.into(),
            score: 0.8,
            kb_id: None,
        };
        // Char offsets: "Ana" is after the astral emoji (one char).
        let got = suggestions(
            &s,
            "spaCy",
            &[
                f(0, 6, "PERSON"),
                f(13, 16, "PER"),
                f(20, 26, "GPE"),
                f(30, 36, "DATE"),
                f(0, 3, "NORP"),
                f(30, 99, "DATE"),
            ],
        );
        let v: Vec<(&str, &str)> = got
            .suggestions
            .iter()
            .map(|x| (x.text(&s.article), &*x.entity_type))
            .collect();
        assert_eq!(
            v,
            [
                ("Ibáñez", "Person"),
                ("Ana", "Person"),
                ("Geneva", "GPE"),
                ("Friday", "DateTime")
            ]
        );
        assert!(
            got.suggestions
                .iter()
                .all(|x| x.recommender() == Some("spaCy"))
        );
        assert_eq!(got.unknown_labels, [("NORP".to_owned(), 1)]);
        assert_eq!(got.bad_spans, 1);
    }
}
