//! The tagger's tests (kept apart: the module is long enough).
use super::*;
use crate::model::{Article, schema::presets};

#[test]
fn words_keep_their_joining_marks_and_offsets_are_chars() {
    let text = "Al-Qaeda’s “U.S. envoy” — Ibáñez 🙂 said.";
    let toks = tokens(text);
    let words: Vec<&str> = toks.iter().map(|t| &text[t.byte_range()]).collect();
    assert_eq!(
        words,
        [
            "Al-Qaeda’s",
            "“",
            "U.S",
            ".",
            "envoy",
            "”",
            "—",
            "Ibáñez",
            "🙂",
            "said",
            "."
        ]
    );
    let ibanez = toks[7];
    assert_eq!(ibanez.chars, (26, 32));
}

#[test]
fn it_learns_names_from_the_annotated_part_and_finds_new_ones() {
    // People are "Mr X Y" / "said X Y"; places follow "in". The tagger must find names it
    // never saw, from their shape and context.
    let mut text = String::new();
    let people = [
        "Anna Berg",
        "Omar Haddad",
        "Lena Moss",
        "Piet Kral",
        "Sara Lund",
        "Eli Rowe",
    ];
    let places = ["Dovre", "Kestrel", "Marlow", "Tavin", "Orsk", "Velm"];
    for (p, c) in people.iter().zip(places) {
        text.push_str(&format!("Officials in {c} said {p} met the council. "));
    }
    text.push_str("\n\n");
    text.push_str("Officials in Tolvik said Ivo Stam met the council. Officials in Caldor said Mia Vos met the council.");
    let mut s = Session::new(Article::new("t", &text), presets::default_schema());
    for w in people
        .iter()
        .map(|p| (p, "Person"))
        .chain(places.iter().map(|c| (c, "GPE")))
    {
        let b = text.find(w.0).unwrap();
        let a = s.article.char_of(b).unwrap();
        let span = Span::new(a, a + w.0.chars().count());
        let cmd = s.cmd_annotate(span, w.1).unwrap();
        s.apply(cmd).unwrap();
    }
    let v = suggestions(&s, &crate::analysis::gazetteer::Lists::default());
    let got: Vec<(&str, &str)> = v
        .iter()
        .map(|x| (x.text(&s.article), &*x.entity_type))
        .collect();
    assert_eq!(
        got,
        [
            ("Tolvik", "GPE"),
            ("Ivo Stam", "Person"),
            ("Caldor", "GPE"),
            ("Mia Vos", "Person")
        ]
    );
    assert!(v.iter().all(|x| x.entity.is_none() && x.confidence > 0.5));
}

#[test]
fn an_unannotated_article_of_a_project_learns_from_the_others() {
    // The annotated article, saved as a project's would be; the new one has no mention.
    let people = [
        "Anna Berg",
        "Omar Haddad",
        "Lena Moss",
        "Piet Kral",
        "Sara Lund",
        "Eli Rowe",
    ];
    let places = ["Dovre", "Kestrel", "Marlow", "Tavin", "Orsk", "Velm"];
    let mut text = String::new();
    for (p, c) in people.iter().zip(places) {
        text.push_str(&format!("Officials in {c} said {p} met the council. "));
    }
    let mut done = Session::new(Article::new("done", &text), presets::default_schema());
    for (w, ty) in people
        .iter()
        .map(|p| (p, "Person"))
        .chain(places.iter().map(|c| (c, "GPE")))
    {
        let b = text.find(w).unwrap();
        let a = done.article.char_of(b).unwrap();
        let cmd = done
            .cmd_annotate(Span::new(a, a + w.chars().count()), ty)
            .unwrap();
        done.apply(cmd).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("done.ron");
    crate::io::save_session(&done, &file).unwrap();
    let fresh = Session::new(
        Article::new("new", "Officials in Tolvik said Ivo Stam met the council."),
        presets::default_schema(),
    );
    let lists = crate::analysis::gazetteer::Lists::default();
    assert!(
        predict(&TrainSet::of(&fresh, &lists)).is_empty(),
        "alone it has nothing to learn"
    );
    let set =
        TrainSet::of(&fresh, &lists).with_examples(&[file, dir.path().join("missing.ron")], &lists);
    let found = suggestions_from(&fresh, &predict(&set));
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|x| (x.text(&fresh.article), &*x.entity_type))
        .collect();
    assert_eq!(got, [("Tolvik", "GPE"), ("Ivo Stam", "Person")]);
}

#[test]
fn nothing_annotated_nothing_learned() {
    let s = Session::new(
        Article::new("t", "Anna Berg went to Dovre."),
        presets::default_schema(),
    );
    assert!(suggestions(&s, &crate::analysis::gazetteer::Lists::default()).is_empty());
}
