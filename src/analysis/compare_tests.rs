use super::*;
use crate::model::schema::presets;
use crate::model::{Article, Command, Filler};

const TEXT: &str = "Ana Díaz met Bo Li in Oslo. Díaz left.";

fn annotated(marks: &[(&str, usize, &str)]) -> Session {
    let mut s = Session::new(Article::new("t", TEXT), presets::default_schema());
    for (w, nth, ty) in marks {
        let (b, _) = TEXT.match_indices(w).nth(*nth).unwrap();
        let c = TEXT[..b].chars().count();
        let cmd = s
            .cmd_annotate(Span::new(c, c + w.chars().count()), ty)
            .unwrap();
        s.apply(cmd).unwrap();
    }
    s
}

#[test]
fn figures_checked_by_hand() {
    // A: Ana Díaz, Bo Li (Person), Oslo (GPE), Díaz (Person).
    let a = annotated(&[
        ("Ana Díaz", 0, "Person"),
        ("Bo Li", 0, "Person"),
        ("Oslo", 0, "GPE"),
        ("Díaz", 1, "Person"),
    ]);
    // B: the same people, Oslo as a Location, and "Díaz met" too long.
    let b = annotated(&[
        ("Ana Díaz", 0, "Person"),
        ("Bo Li", 0, "Person"),
        ("Oslo", 0, "Location"),
        ("Díaz left", 0, "Person"),
    ]);
    let g = compare(&a, &b).unwrap();
    // Exact: 2 of B's 4 are A's (Ana Díaz, Bo Li): P = R = 0.5.
    assert_eq!(
        (g.exact.both, g.exact.precision, g.exact.recall),
        (2, 0.5, 0.5)
    );
    // Overlapping: "Díaz left" overlaps "Díaz": 3 of 4.
    assert_eq!(g.overlap.precision, 0.75);
    assert_eq!(g.by_type["GPE"].recall, 0.0);
    assert_eq!(g.by_type["Location"].precision, 0.0);
    // Span alone, any type: Oslo agrees now (GPE against Location); "Díaz left" still does
    // not: 3 of 4 both ways.
    assert_eq!(
        (g.spans.both, g.spans.precision, g.spans.recall),
        (3, 0.75, 0.75)
    );
    assert_eq!(g.spans_by_type["GPE"].recall, 1.0);
    assert_eq!(g.spans_by_type["Location"].precision, 1.0);
    assert_eq!(g.spans_by_type["Person"].recall, 2.0 / 3.0);
    assert!(report(&g).contains("mentions (span, any type)"));
    assert!(g.kappa > 0.3 && g.kappa < 0.9, "{}", g.kappa);
    // Coreference over the two mentions both made, each its own entity on both sides: B³ 1.
    assert_eq!(g.coreference.f1, 1.0);
    assert!(!report(&g).contains("NaN"));
}

#[test]
fn empty_sides_and_different_articles_are_well_defined() {
    let empty = annotated(&[]);
    let one = annotated(&[("Oslo", 0, "GPE")]);
    let g = compare(&empty, &empty).unwrap();
    assert_eq!(
        (g.exact.f1, g.kappa, g.coreference.f1, g.events.f1),
        (1.0, 1.0, 1.0, 1.0)
    );
    let g = compare(&empty, &one).unwrap();
    assert_eq!(
        (g.exact.precision, g.exact.recall, g.exact.f1),
        (0.0, 0.0, 0.0)
    );
    assert!(g.kappa.is_finite());
    let other = Session::new(Article::new("x", "Other text."), presets::default_schema());
    assert!(
        compare(&empty, &other)
            .unwrap_err()
            .contains("different articles")
    );
}

#[test]
fn coreference_and_events_by_role() {
    let a = annotated(&[
        ("Ana Díaz", 0, "Person"),
        ("Díaz", 1, "Person"),
        ("Bo Li", 0, "Person"),
    ]);
    let mut b = a.clone();
    // B takes the second "Díaz" for Ana Díaz: one entity of two mentions.
    let id = |s: &Session, n: &str| s.entities.values().find(|e| e.name == n).unwrap().id;
    let cmd = b
        .cmd_merge_entities(id(&b, "Ana Díaz"), id(&b, "Díaz"))
        .unwrap();
    b.apply(cmd).unwrap();
    let g = compare(&a, &b).unwrap();
    // B³ precision: Ana Díaz ½, Díaz ½, Bo Li 1 → 2/3; recall 1 for each.
    assert!(
        (g.coreference.precision - 2.0 / 3.0).abs() < 1e-9,
        "{:?}",
        g.coreference
    );
    assert_eq!(g.coreference.recall, 1.0);
    // Events: the same meeting, B gives it one argument A does not.
    let (mut a2, mut b2) = (a.clone(), a.clone());
    let met = Span::new(9, 12);
    for s in [&mut a2, &mut b2] {
        let (_, c) = s.cmd_add_event_with("CONSULT", Some(met), vec![]).unwrap();
        s.apply(c).unwrap();
    }
    let ana = b2
        .entities
        .values()
        .find(|e| e.name == "Ana Díaz")
        .unwrap()
        .id;
    let mut e = b2.events.values().next().unwrap().clone();
    e.arguments.push(crate::model::Argument {
        role: "Actor".into(),
        filler: Filler::Entity(ana),
        mention: None,
    });
    b2.apply(Command::UpdateEvent(e)).unwrap();
    let g = compare(&a2, &b2).unwrap();
    assert_eq!(g.events.f1, 1.0);
    assert_eq!(
        (
            g.arguments["Actor"].a,
            g.arguments["Actor"].b,
            g.arguments["Actor"].precision
        ),
        (0, 1, 0.0)
    );
}

#[test]
fn a_session_of_another_version_is_moved_onto_a_text_first() {
    let a = annotated(&[("Ana Díaz", 0, "Person"), ("Oslo", 0, "GPE")]);
    let edited = format!("Updated 14:00. {TEXT} More later.");
    let (b, _) = crate::analysis::reanchor::reanchor(&a, &edited).unwrap();
    assert!(compare(&a, &b).is_err());
    let g = compare_any(&a, &b).unwrap();
    assert_eq!((g.exact.f1, g.kappa), (1.0, 1.0));
    assert!(
        report(&g).contains("2 moved with the text"),
        "{}",
        report(&g)
    );
    let other = Session::new(
        Article::new(
            "x",
            "A different story about the weather in Bergen entirely.",
        ),
        presets::default_schema(),
    );
    let e = compare_any(&a, &other).unwrap_err();
    assert!(
        e.contains("different articles") && e.contains("% of the text"),
        "{e}"
    );
}
