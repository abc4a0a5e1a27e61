use super::*;
use crate::model::schema::presets;

fn session(text: &str, words: &[&str]) -> Session {
    let mut s = Session::new(Article::new("t", text), presets::default_schema());
    for w in words {
        let b = text.find(w).unwrap();
        let c = text[..b].chars().count();
        let cmd = s
            .cmd_annotate(Span::new(c, c + w.chars().count()), "Person")
            .unwrap();
        s.apply(cmd).unwrap();
    }
    s
}

#[test]
fn mentions_follow_edits_by_script_context_near_match_or_are_orphaned() {
    let old =
        "Tomás Ibáñez met 🙂 Ali Khan in Beirut.\n\nLater, Sara Lund spoke. Omar Haddad left.";
    let s = session(
        old,
        &["Tomás Ibáñez", "Ali Khan", "Sara Lund", "Omar Haddad"],
    );
    // A sentence inserted before, a typo fixed inside a name, one name's sentence deleted.
    let new =
        "Breaking news.\n\nTomás Ibáñez met 🙂 Ali Khan in Beirut.\n\nLater, Sarah Lund spoke.";
    let (out, report) = reanchor(&s, new).unwrap();
    let at = |q: &str| out.mentions.values().find(|m| m.quote == q).map(|m| m.span);
    let c = |w: &str| new[..new.find(w).unwrap()].chars().count();
    assert_eq!(
        at("Tomás Ibáñez"),
        Some(Span::new(c("Tomás"), c("Tomás") + 12))
    );
    assert_eq!(at("Ali Khan").map(|s| s.start), Some(c("Ali Khan")));
    assert_eq!(report.moved, 2, "{report:?}");
    assert_eq!(report.fuzzy.len(), 1, "Sara → Sarah: {report:?}");
    assert_eq!(at("Sarah Lund").map(|s| s.start), Some(c("Sarah")));
    assert_eq!(report.orphaned, ["Omar Haddad"]);
    assert_eq!(out.orphaned.len(), 1, "kept for the analyst");
    // With the context of the text it was in, which the session no longer has; the mentions
    // in the text keep none (the text is their context).
    let o = &out.orphaned[0].mention;
    assert_eq!(
        (o.prefix.as_str(), o.suffix.as_str()),
        ("Later, Sara Lund spoke. ", " left.")
    );
    assert!(
        out.mentions
            .values()
            .all(|m| m.prefix.is_empty() && m.suffix.is_empty())
    );
    assert!(out.problems().is_empty(), "{:?}", out.problems());
    assert_eq!(&*out.article.text, new);
}

#[test]
fn a_repeated_name_is_found_again_by_its_context_and_bad_texts_are_refused() {
    let old = "Ali Khan spoke first. Then the minister, Ali Khan, left.";
    let mut s = session(old, &[]);
    let c = old.rfind("Ali Khan").unwrap();
    let cmd = s.cmd_annotate(Span::new(c, c + 8), "Person").unwrap();
    s.apply(cmd).unwrap();
    // The text around both changed enough that the script loses them.
    let new = "Ali Khan spoke very first indeed. Then the minister, Ali Khan, left.";
    let (out, _) = reanchor(&s, new).unwrap();
    let m = out.mentions.values().next().unwrap();
    assert_eq!(
        m.span.start,
        new.rfind("Ali Khan").unwrap(),
        "the second one, as before"
    );
    assert!(reanchor(&s, "  ").unwrap_err().contains("empty"));
    assert!(reanchor(&s, "a\0b").unwrap_err().contains("not text"));
}

#[test]
fn progress_is_told_and_a_stop_changes_nothing() {
    let s = session("Ana met Bo in Oslo.", &["Ana", "Bo"]);
    let seen = std::cell::Cell::new((0, 0));
    let (moved, _) = reanchor_with(&s, "Then Ana met Bo in Oslo.", &|d, n| {
        seen.set((d, n));
        true
    })
    .unwrap();
    assert_eq!((seen.get(), moved.mentions.len()), ((0, 2), 2));
    let e = reanchor_with(&s, "Then Ana met Bo.", &|_, _| false).unwrap_err();
    assert!(e.contains("stopped"), "{e}");
}

#[test]
fn a_re_wrapped_paragraph_and_decomposed_accents_are_the_same_words() {
    let text =
        "Workers at the fuel depot met Pavel Krejčí.\n\nLater the fuel depot in Port Veyra burned.";
    let s = session(text, &["Pavel Krejčí", "Port Veyra"]);
    let mut s = s;
    // The second "fuel depot", the one a re-wrap breaks.
    let at = text.rfind("fuel depot").unwrap();
    let c = text[..at].chars().count();
    let cmd = s.cmd_annotate(Span::new(c, c + 10), "Facility").unwrap();
    s.apply(cmd).unwrap();
    let wrapped = text.replace("the fuel depot in", "the fuel\ndepot in");
    let (moved, report) = reanchor(&s, &wrapped).unwrap();
    assert!(
        report.fuzzy.is_empty() && report.orphaned.is_empty(),
        "{report:?}"
    );
    let quotes: Vec<&str> = moved.mentions.values().map(|m| m.quote.as_str()).collect();
    assert!(quotes.contains(&"fuel\ndepot"), "{quotes:?}");
    // The same text saved with decomposed accents: every mention moves with it.
    let nfd = "Workers at the fuel depot met Pavel Krejc\u{30c}i\u{301}.\n\nLater the fuel depot in Port Veyra burned.";
    let (moved, report) = reanchor(&s, nfd).unwrap();
    assert_eq!(
        (report.moved, report.fuzzy.len(), report.orphaned.len()),
        (3, 0, 0)
    );
    assert!(moved.problems().is_empty(), "{:?}", moved.problems());
    let m = moved
        .mentions
        .values()
        .find(|m| m.entity_type == "Person")
        .unwrap();
    assert_eq!(m.quote, "Pavel Krejc\u{30c}i\u{301}");
}

#[test]
fn names_that_lost_their_accents_or_case_are_near_matches_and_never_doubled() {
    let old = "PORT VEYRA — Pavel Krejčí met Ibáñez.\n\nIn Port Veyra, Ibáñez spoke.";
    let mut s = session(old, &["Pavel Krejčí", "Ibáñez"]);
    // Both places annotated: the dateline's and the one in the text.
    for (w, nth) in [("PORT VEYRA", 0), ("Port Veyra", 0)] {
        let b = old.match_indices(w).nth(nth).unwrap().0;
        let c = old[..b].chars().count();
        let sp = Span::new(c, c + w.chars().count());
        let cmd = s.cmd_annotate(sp, "GPE").unwrap();
        s.apply(cmd).unwrap();
    }
    // A wire copy: accents stripped, the dateline dropped.
    let new = "Pavel Krejci met Ibanez.\n\nIn Port Veyra, Ibáñez spoke.";
    let (out, report) = reanchor(&s, new).unwrap();
    let on = |w: &str| {
        let c = new[..new.find(w).unwrap()].chars().count();
        let sp = Span::new(c, c + w.chars().count());
        out.mentions.values().filter(|m| m.span == sp).count()
    };
    assert_eq!(on("Pavel Krejci"), 1, "{report:?}");
    assert_eq!(on("Ibanez"), 1, "{report:?}");
    let near: Vec<&str> = report.fuzzy.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(near, ["Pavel Krejci", "Ibanez"], "reported, not silent");
    // The dateline's "PORT VEYRA" is gone: not put on the other mention's "Port Veyra".
    assert_eq!(on("Port Veyra"), 1);
    assert_eq!(report.orphaned, ["PORT VEYRA"]);
    assert!(out.problems().is_empty(), "{:?}", out.problems());
}

#[test]
fn a_near_match_does_not_take_the_spaces_around_it() {
    let chars: Vec<char> = "the Guard DCVII  met".chars().collect();
    // "Guard DCVII  " as the stretch most like a quote without spaces at its ends.
    assert_eq!(
        trimmed(&chars, Span::new(4, 17), "Guard DXXXVIII"),
        Span::new(4, 15)
    );
    assert_eq!(trimmed(&chars, Span::new(3, 15), "Guard"), Span::new(4, 15));
    // A quote that has them keeps them; a stretch of spaces alone keeps one char.
    assert_eq!(
        trimmed(&chars, Span::new(3, 15), " Guard"),
        Span::new(3, 15)
    );
    assert_eq!(trimmed(&chars, Span::new(15, 17), "x"), Span::new(16, 17));
}
