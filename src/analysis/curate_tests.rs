use super::*;
use crate::analysis::compare::compare;
use crate::model::schema::presets;
use crate::model::{Argument, Article, History};

const TEXT: &str = "Ana Díaz met Bo Li in Oslo. Díaz left.";

fn span_of(w: &str, nth: usize) -> Span {
    let (b, _) = TEXT.match_indices(w).nth(nth).unwrap();
    let c = TEXT[..b].chars().count();
    Span::new(c, c + w.chars().count())
}

fn mark(s: &mut Session, w: &str, nth: usize, ty: &str) -> MentionId {
    let (id, cmd) = s.cmd_annotate_mention(span_of(w, nth), ty).unwrap();
    s.apply(cmd).unwrap();
    id
}

/// A: Ana Díaz, Bo Li, Oslo (GPE), Díaz on its own. B: Díaz grouped with Ana Díaz, no Bo Li,
/// Oslo as a Location, and a meeting of Ana Díaz.
fn pair() -> (Session, Session) {
    let new = || Session::new(Article::new("t", TEXT), presets::default_schema());
    let mut a = new();
    mark(&mut a, "Ana Díaz", 0, "Person");
    mark(&mut a, "Bo Li", 0, "Person");
    mark(&mut a, "Oslo", 0, "GPE");
    mark(&mut a, "Díaz", 1, "Person");
    let mut b = new();
    let ana = mark(&mut b, "Ana Díaz", 0, "Person");
    mark(&mut b, "Oslo", 0, "Location");
    let diaz = mark(&mut b, "Díaz", 1, "Person");
    let ana_e = b.mentions[&ana].entity;
    let cmd = b.cmd_link_mention(diaz, ana_e).unwrap();
    b.apply(cmd).unwrap();
    let (ev, cmd) = b
        .cmd_add_event_with(
            "CONSULT",
            Some(span_of("met", 0)),
            vec![Argument {
                role: "Actor".into(),
                filler: Filler::Entity(ana_e),
                mention: Some(ana),
            }],
        )
        .unwrap();
    b.apply(cmd).unwrap();
    assert!(b.events.contains_key(&ev));
    (a, b)
}

fn kinds(d: &[Difference]) -> Vec<(Kind, Span)> {
    d.iter().map(|d| (d.kind, d.span)).collect()
}

#[test]
fn every_kind_of_difference_is_found_in_text_order() {
    let (a, b) = pair();
    let d = differences(&a, &b, "b.ron");
    assert_eq!(
        kinds(&d),
        vec![
            (Kind::Entity, span_of("Ana Díaz", 0)),
            (Kind::EventOnlyB, span_of("met", 0)),
            (Kind::OnlyA, span_of("Bo Li", 0)),
            (Kind::Type, span_of("Oslo", 0)),
            (Kind::Entity, span_of("Díaz", 1)),
        ]
    );
    assert_eq!(d[3].what, "“Oslo”: GPE in A, Location in B");
    assert_eq!(
        d[4].what,
        "“Díaz”: A has it alone; B has it with “Ana Díaz”"
    );
    assert_eq!(
        d[0].what,
        "“Ana Díaz”: A has it alone; B has it with “Díaz”"
    );
    // A session compared with itself has none.
    assert!(differences(&a, &a, "a.ron").is_empty());
}

#[test]
fn each_choice_is_one_undoable_step_and_taking_b_everywhere_agrees_with_b() {
    let (mut a, b) = pair();
    let before = differences(&a, &b, "b.ron");
    let mut h = History::default();
    let step = |a: &mut Session, h: &mut History, i: usize, c: Choice| {
        let d = differences(a, &b, "b.ron");
        let cmd = cmd_take(a, &b, &d[i], c).unwrap();
        h.apply(a, cmd).unwrap();
        differences(a, &b, "b.ron")
    };
    // Díaz grouped as B groups it: both entity differences go.
    let d = step(&mut a, &mut h, 4, Choice::B);
    assert_eq!(d.len(), 3);
    // B's meeting comes over with its actor, A's Ana Díaz (the clicked mention).
    let d = step(&mut a, &mut h, 0, Choice::B);
    assert_eq!(
        kinds(&d),
        vec![
            (Kind::OnlyA, span_of("Bo Li", 0)),
            (Kind::Type, span_of("Oslo", 0))
        ]
    );
    let ev = a.events.values().next().unwrap();
    let actor = ev.arguments[0].mention.unwrap();
    assert_eq!(a.mentions[&actor].span, span_of("Ana Díaz", 0));
    // Neither: A's Bo Li goes. A's Oslo kept: settled, under B's name.
    let d = step(&mut a, &mut h, 0, Choice::Neither);
    assert_eq!(d.len(), 1);
    let d = step(&mut a, &mut h, 0, Choice::A);
    assert!(d.is_empty());
    assert_eq!(differences(&a, &b, "c.ron").len(), 1, "settled for B only");
    for _ in 0..4 {
        h.undo(&mut a).unwrap();
    }
    assert_eq!(differences(&a, &b, "b.ron"), before);
    // Take B's version of everything: A then agrees with B on every figure.
    for _ in 0..10 {
        let d = differences(&a, &b, "b.ron");
        let Some(first) = d.first() else { break };
        let cmd = cmd_take(&mut a, &b, first, Choice::B).unwrap();
        h.apply(&mut a, cmd).unwrap();
    }
    let g = compare(&a, &b).unwrap();
    assert_eq!(
        (g.exact.f1, g.coreference.f1, g.events.f1, g.kappa),
        (1.0, 1.0, 1.0, 1.0)
    );
    assert!(g.arguments.values().all(|p| p.f1 == 1.0));
}

#[test]
fn a_type_this_schema_lacks_is_refused_with_the_reason() {
    let (mut a, mut b) = pair();
    b.schema.entity_types.push(crate::model::EntityType {
        id: "Vessel".into(),
        ..b.schema.entity_types[0].clone()
    });
    mark(&mut b, "Bo Li", 0, "Vessel");
    let d = differences(&a, &b, "b.ron");
    let bo = d.iter().find(|d| d.span == span_of("Bo Li", 0)).unwrap();
    assert_eq!(bo.kind, Kind::Type);
    let e = cmd_take(&mut a, &b, bo, Choice::B).unwrap_err();
    assert!(e.0.contains("Vessel"), "{e}");
}

#[test]
fn an_event_whose_arguments_differ_names_only_the_differing_ones_and_b_can_be_taken() {
    let new = || Session::new(Article::new("t", TEXT), presets::default_schema());
    let (mut a, mut b) = (new(), new());
    for s in [&mut a, &mut b] {
        mark(s, "Ana Díaz", 0, "Person");
        mark(s, "Bo Li", 0, "Person");
    }
    let ent = |s: &Session, n: &str| s.entities.values().find(|e| e.name == n).unwrap().id;
    let arg = |role: &str, e| Argument {
        role: role.into(),
        filler: Filler::Entity(e),
        mention: None,
    };
    let args_a = vec![
        arg("Actor", ent(&a, "Ana Díaz")),
        arg("Recipient", ent(&a, "Bo Li")),
    ];
    let args_b = vec![
        arg("Actor", ent(&b, "Ana Díaz")),
        arg("Recipient", ent(&b, "Ana Díaz")),
    ];
    for (s, args) in [(&mut a, args_a), (&mut b, args_b)] {
        let (_, c) = s
            .cmd_add_event_with("CONSULT", Some(span_of("met", 0)), args)
            .unwrap();
        s.apply(c).unwrap();
    }
    let d = differences(&a, &b, "b.ron");
    assert_eq!(kinds(&d), vec![(Kind::Event, span_of("met", 0))]);
    assert_eq!(
        d[0].what,
        "CONSULT “met”: arguments differ (only A: Recipient Bo Li; only B: Recipient Ana Díaz)"
    );
    let cmd = cmd_take(&mut a, &b, &d[0], Choice::B).unwrap();
    a.apply(cmd).unwrap();
    assert!(differences(&a, &b, "b.ron").is_empty());
    let ev = a.events.values().next().unwrap();
    assert_eq!(ev.arguments[1].filler, Filler::Entity(ent(&a, "Ana Díaz")));
}

#[test]
fn relations_drawn_on_one_side_only_are_differences_and_b_s_can_be_taken() {
    let new = || Session::new(Article::new("t", TEXT), presets::default_schema());
    let (mut a, mut b) = (new(), new());
    for s in [&mut a, &mut b] {
        mark(s, "Bo Li", 0, "Person");
        mark(s, "Oslo", 0, "GPE");
    }
    let ent = |s: &Session, n: &str| s.entities.values().find(|e| e.name == n).unwrap().id;
    let (bo, oslo) = (ent(&b, "Bo Li"), ent(&b, "Oslo"));
    let (_, c) = b.cmd_add_relation("Located-In", bo, oslo, None).unwrap();
    b.apply(c).unwrap();
    let d = differences(&a, &b, "b.ron");
    assert_eq!(kinds(&d), vec![(Kind::RelationOnlyB, span_of("Bo Li", 0))]);
    assert_eq!(d[0].what, "Located-In Bo Li → Oslo: only in B");
    // The same relation in A (other ids) agrees; B's taken makes A agree.
    let cmd = cmd_take(&mut a, &b, &d[0], Choice::B).unwrap();
    a.apply(cmd).unwrap();
    assert!(differences(&a, &b, "b.ron").is_empty());
    let r = a.relations.values().next().unwrap();
    assert_eq!((r.from, r.to), (ent(&a, "Bo Li"), ent(&a, "Oslo")));
    // Compared the other way round, A's relation is B's only, and "neither" removes it.
    let d = differences(&a, &new(), "c.ron");
    let rel = d.iter().find(|d| d.kind == Kind::RelationOnlyA).unwrap();
    let cmd = cmd_take(&mut a, &new(), rel, Choice::Neither).unwrap();
    a.apply(cmd).unwrap();
    assert!(a.relations.is_empty());
}

#[test]
fn an_entity_named_or_linked_differently_is_a_difference_and_b_s_name_and_link_can_be_taken() {
    let new = || Session::new(Article::new("t", TEXT), presets::default_schema());
    let (mut a, mut b) = (new(), new());
    for s in [&mut a, &mut b] {
        mark(s, "Oslo", 0, "GPE");
    }
    let mut e = b.entities.values().next().unwrap().clone();
    e.name = "Oslo City".into();
    e.kb_id = Some("Q585".into());
    b.apply(crate::model::Command::UpdateEntity(e)).unwrap();
    let d = differences(&a, &b, "b.ron");
    assert_eq!(kinds(&d), vec![(Kind::EntityDetails, span_of("Oslo", 0))]);
    assert_eq!(
        d[0].what,
        "Oslo: named “Oslo” in A, “Oslo City” in B; linked to none in A, Q585 in B"
    );
    let cmd = cmd_take(&mut a, &b, &d[0], Choice::B).unwrap();
    a.apply(cmd).unwrap();
    assert!(differences(&a, &b, "b.ron").is_empty());
    let e = a.entities.values().next().unwrap();
    assert_eq!(
        (e.name.as_str(), e.kb_id.as_deref()),
        ("Oslo City", Some("Q585"))
    );
    assert!(
        e.aliases.contains(&"Oslo".to_owned()),
        "A's name kept as an alias"
    );
}

#[test]
fn taking_b_s_grouping_moves_out_what_b_groups_elsewhere() {
    let new = || Session::new(Article::new("t", TEXT), presets::default_schema());
    let (mut a, mut b) = (new(), new());
    for s in [&mut a, &mut b] {
        for (w, nth) in [("Ana Díaz", 0), ("Bo Li", 0), ("Díaz", 1)] {
            mark(s, w, nth, "Person");
        }
    }
    // A: one entity for all three; B: Ana Díaz with Díaz, Bo Li alone.
    let ent = |s: &Session, q: &str| s.mentions.values().find(|m| m.quote == q).unwrap().entity;
    for q in ["Bo Li", "Díaz"] {
        let (keep, absorb) = (ent(&a, "Ana Díaz"), ent(&a, q));
        let cmd = a.cmd_merge_entities(keep, absorb).unwrap();
        a.apply(cmd).unwrap();
    }
    let (keep, absorb) = (ent(&b, "Ana Díaz"), ent(&b, "Díaz"));
    let cmd = b.cmd_merge_entities(keep, absorb).unwrap();
    b.apply(cmd).unwrap();
    let d = differences(&a, &b, "b.ron");
    let first = d.iter().find(|d| d.span == span_of("Ana Díaz", 0)).unwrap();
    assert_eq!(first.kind, Kind::Entity);
    // Ana Díaz is already with Díaz: taking B's grouping moves Bo Li out.
    let cmd = cmd_take(&mut a, &b, first, Choice::B).unwrap();
    a.apply(cmd).unwrap();
    assert!(differences(&a, &b, "b.ron").is_empty());
    assert_ne!(ent(&a, "Bo Li"), ent(&a, "Ana Díaz"));
    assert_eq!(ent(&a, "Díaz"), ent(&a, "Ana Díaz"));
    assert!(a.problems().is_empty(), "{:?}", a.problems());
}
