//! Property tests: invariants hold after every edit, undo/redo are exact, files round-trip.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

mod common;

use common::*;
use dossier::io::{parse_session, session_to_string};
use dossier::model::*;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_edit_keeps_invariants_and_rejections_change_nothing(text in tricky_text(), ops in ops()) {
        let mut s = new_session(&text);
        // Built once: edits must keep it current (a rebuild would hide a stale index).
        s.prepare();
        let mut h = History::default();
        for op in ops {
            let Some(cmd) = command_for(&mut s, op) else { continue };
            let before = s.clone();
            match h.apply(&mut s, cmd) {
                Ok(()) => {
                    let problems = s.problems();
                    prop_assert!(problems.is_empty(), "{:?}", problems);
                    prop_assert!(s.span_index_agrees(), "the duplicate index went stale");
                }
                Err(_) => prop_assert!(s.same_content(&before), "a rejected command changed the session"),
            }
        }
    }

    #[test]
    fn undo_all_then_redo_all(text in tricky_text(), ops in ops()) {
        let start = new_session(&text);
        let (mut s, mut h) = build(&text, &ops);
        let end = s.clone();
        while h.undo(&mut s).expect("undo applies").is_some() {
            prop_assert!(s.span_index_agrees(), "stale after an undo");
        }
        prop_assert!(s.same_content(&start));
        prop_assert!(!h.is_dirty());
        while h.redo(&mut s).expect("redo applies").is_some() {}
        prop_assert!(s.same_content(&end));
        prop_assert!(s.problems().is_empty());
    }

    /// The event list and the map update edit by edit from what each edit touched; after any
    /// edit, undo or redo they must equal a rebuild from scratch.
    #[test]
    fn incremental_views_equal_a_rebuild(text in tricky_text(), ops in ops()) {
        use dossier::analysis::graph::{self, GraphCache, GraphFilter};
        use dossier::model::summary::{EventRowCache, event_rows};
        let mut s = new_session(&text);
        let mut h = History::default();
        let mut rows = EventRowCache::default();
        // One cache per filter, so that each sees every edit (the patching path), and one that
        // switches filters as the analyst does.
        let filters = [
            GraphFilter::default(),
            GraphFilter { max_entities: 2, ..Default::default() },
            GraphFilter { max_entities: 3, hide_isolated: true, ..Default::default() },
            GraphFilter { hide_isolated: true, ..Default::default() },
        ];
        let mut graphs: Vec<GraphCache> = filters.iter().map(|_| GraphCache::default()).collect();
        let mut switching = GraphCache::default();
        for (i, op) in ops.into_iter().enumerate() {
            if i % 5 == 4 {
                let _ = h.undo(&mut s);
            } else if i % 7 == 6 {
                let _ = h.redo(&mut s);
            } else if let Some(cmd) = command_for(&mut s, op) {
                let _ = h.apply(&mut s, cmd);
            }
            rows.update(&s);
            let fresh = event_rows(&s);
            prop_assert_eq!(rows.rows(), fresh.as_slice());
            for (f, cache) in filters.iter().zip(&mut graphs) {
                let (g, _) = cache.graph(&s, f);
                prop_assert_eq!(&*g, &graph::build(&s, f), "filter {:?}", f);
            }
            let f = &filters[i % filters.len()];
            let (g, _) = switching.graph(&s, f);
            prop_assert_eq!(&*g, &graph::build(&s, f));
        }
    }

    #[test]
    fn save_load_round_trip_is_exact(text in tricky_text(), ops in ops()) {
        let (s, _) = build(&text, &ops);
        let ron = session_to_string(&s).unwrap();
        let (back, report) = parse_session(&ron).unwrap();
        prop_assert_eq!(&back, &s);
        prop_assert!(report.repairs.is_empty(), "{:?}", report.repairs);
        prop_assert_eq!(session_to_string(&back).unwrap(), ron);
    }
}

#[test]
fn nested_event_survives_round_trip() {
    let text = "Ibáñez said “drones struck the depot” 🔥 on Thursday.";
    let mut s = new_session(text);
    let mut h = History::default();
    let find = |s: &Session, w: &str| {
        let b = s.text().find(w).unwrap();
        let c = s.article.char_of(b).unwrap();
        Span::new(c, c + w.chars().count())
    };
    let cmd = s.cmd_annotate(find(&s, "Ibáñez"), "Person").unwrap();
    h.apply(&mut s, cmd).unwrap();
    let (strike, cmd) = s
        .cmd_add_event("ASSAULT", Some(find(&s, "struck")))
        .unwrap();
    h.apply(&mut s, cmd).unwrap();
    let (report, cmd) = s.cmd_add_event("ACCUSE", Some(find(&s, "said"))).unwrap();
    h.apply(&mut s, cmd).unwrap();
    let person = *s.entities.keys().next().unwrap();
    let mut ev = s.events[&report].clone();
    ev.arguments.push(Argument {
        role: "Actor".into(),
        filler: Filler::Entity(person),
        mention: None,
    });
    ev.arguments.push(Argument {
        role: "Recipient".into(),
        filler: Filler::Event(strike),
        mention: None,
    });
    h.apply(&mut s, Command::UpdateEvent(ev)).unwrap();
    // A cycle is refused.
    let mut inner = s.events[&strike].clone();
    inner.arguments.push(Argument {
        role: "Actor".into(),
        filler: Filler::Event(report),
        mention: None,
    });
    assert!(h.apply(&mut s, Command::UpdateEvent(inner)).is_err());

    let (back, _) = parse_session(&session_to_string(&s).unwrap()).unwrap();
    assert_eq!(
        back.events[&report]
            .fillers("Recipient")
            .collect::<Vec<_>>(),
        vec![Filler::Event(strike)]
    );
    assert_eq!(
        back.article.slice(back.events[&strike].trigger.unwrap()),
        Some("struck")
    );
    assert_eq!(back.mentions.values().next().unwrap().quote, "Ibáñez");
}

/// The generator must really exercise nesting, coreference and relations, or the properties above
/// prove little.
#[test]
fn generator_builds_rich_sessions() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut mentions, mut nested, mut relations, mut multi) = (0, 0, 0, 0);
    for _ in 0..200 {
        let text = tricky_text().new_tree(&mut runner).unwrap().current();
        let ops = ops().new_tree(&mut runner).unwrap().current();
        let (s, _) = build(&text, &ops);
        mentions += s.mentions.len();
        relations += s.relations.len();
        nested += s.events.values().filter(|e| e.fillers_any_event()).count();
        multi += s
            .entities
            .keys()
            .filter(|&&e| s.mentions_of(e).count() > 1)
            .count();
    }
    assert!(
        mentions > 200 && nested > 5 && relations > 20 && multi > 20,
        "{mentions} {nested} {relations} {multi}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Curating two random sessions of one text by taking B's version of each difference in
    /// turn: every step leaves a valid session, curation ends, undoing every step gives A back,
    /// and where every step could be taken A ends up agreeing with B.
    #[test]
    fn curating_the_b_way_ends_valid_and_undoes_exactly(
        text in tricky_text(),
        ops_a in ops(),
        ops_b in ops(),
    ) {
        use dossier::analysis::compare::compare;
        use dossier::analysis::curate::{Choice, cmd_take, differences};
        let (mut a, _) = build(&text, &ops_a);
        let (b, _) = build(&text, &ops_b);
        let start = a.clone();
        let mut h = History::default();
        let cap = 4 * differences(&a, &b, "b.ron").len() + 20;
        let (mut steps, mut kept) = (0, 0);
        let mut trace: Vec<String> = Vec::new();
        loop {
            let d = differences(&a, &b, "b.ron");
            let Some(first) = d.first().cloned() else { break };
            steps += 1;
            trace.push(format!("{:?} {} {}", first.kind, first.span, first.what));
            prop_assert!(steps <= cap, "curation does not end: {:#?}", &trace[trace.len().saturating_sub(8)..]);
            let took = cmd_take(&mut a, &b, &first, Choice::B)
                .ok()
                .filter(|cmd| h.apply(&mut a, cmd.clone()).is_ok());
            prop_assert!(a.problems().is_empty(), "{:?} after {first:?}", a.problems());
            // Refused, or taken but still there (B's version cannot be had exactly): keep A's.
            let still = differences(&a, &b, "b.ron").first() == Some(&first);
            if took.is_none() || still {
                kept += 1;
                let cmd = cmd_take(&mut a, &b, &first, Choice::A).unwrap();
                h.apply(&mut a, cmd).unwrap();
            }
        }
        if kept == 0 {
            let g = compare(&a, &b).unwrap();
            prop_assert_eq!((g.exact.f1, g.events.f1), (1.0, 1.0));
        }
        while h.undo(&mut a).unwrap().is_some() {}
        prop_assert!(a.same_content(&start), "undo gives A back");
    }
}
