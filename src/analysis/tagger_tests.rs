//! The tagger's tests (kept apart: the module is long enough).
use super::*;
use crate::model::{Article, schema::presets};

#[test]
fn words_keep_their_joining_marks_and_offsets_are_chars() {
    let text = "Al-Qaeda’s “U.S. envoy” — Ibáñez 🙂 said.";
    let toks: Vec<Token> = tokens(text).collect();
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

/// The text is labelled a stretch at a time (a 10 MB article's tokens are never all held):
/// whatever the stretch, the names found are those of the whole text labelled at once — the
/// features across a stretch's ends and the gazetteer names that span words, lines and
/// stretches included.
#[test]
fn a_text_labelled_in_stretches_finds_what_it_finds_whole() {
    let people = ["Anna Berg", "Omar Haddad", "Zoë Ibáñez", "Piet Kral"];
    let places = ["Dovre", "Port\nVeyra", "Marlow", "مرحبا"];
    let mut text = String::from("\u{feff}");
    for round in 0..12 {
        for (p, c) in people.iter().zip(places) {
            text.push_str(&format!(
                "Officials in {c} said “{p}” met the council 🔥 ({round}).\r\n"
            ));
        }
        text.push_str("\n\n");
    }
    let article = Article::new("t", &text);
    // As the article keeps it (a BOM or CRLF may be read otherwise).
    let text: &str = &article.text;
    let span_of = |b: usize, w: &str| {
        let a = article.char_of(b).unwrap();
        Span::new(a, a + w.chars().count())
    };
    let person: Arc<str> = "Person".into();
    let gpe: Arc<str> = "GPE".into();
    // The first four rounds annotated; every place a gazetteer name.
    let first_rounds = text.match_indices("\n\n").nth(3).unwrap().0;
    let mut mentions = Vec::new();
    for (w, ty) in people
        .iter()
        .map(|p| (p, &person))
        .chain(places.iter().map(|c| (c, &gpe)))
    {
        for (b, _) in text[..first_rounds].match_indices(w) {
            mentions.push((span_of(b, w), ty.clone()));
        }
    }
    let listed: Vec<(Span, Arc<str>)> = places
        .iter()
        .flat_map(|c| {
            text.match_indices(c)
                .map(|(b, _)| (span_of(b, c), gpe.clone()))
        })
        .collect();
    let set = TrainSet {
        text: article.text.clone(),
        mentions,
        listed,
        examples: Vec::new(),
    };
    let whole = predict_by(&set, usize::MAX / 4);
    assert!(whole.len() > 20, "{whole:?}");
    for stretch in [1, 7, 64, 500, 4096] {
        assert_eq!(predict_by(&set, stretch), whole, "stretch {stretch}");
    }
}
