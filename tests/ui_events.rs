//! Events, relations and coreference in the window, driven with clicks and keys.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

mod common;

use common::ui::*;
use dossier::model::session::Selection;
use dossier::model::*;
use dossier::ui::Sel;
use dossier::ui::app::{Action, DossierApp};
use dossier::ui::dialogs::FakeDialogs;
use dossier::ui::views::event_list::SortColumn;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn nth_span(h: &Harness<'_, DossierApp>, word: &str, nth: usize) -> Span {
    let c = char_of(h, word, nth);
    Span::new(c, c + word.chars().count())
}

/// Select `word` (its nth occurrence) by clicking, dragging over several words, and press `k`.
fn annotate(h: &mut Harness<'_, DossierApp>, word: &str, nth: usize, k: Key) -> Span {
    let sp = nth_span(h, word, nth);
    key(h, Key::Escape);
    if word.contains(' ') {
        drag(h, sp.start, sp.end - 1, Modifiers::NONE);
    } else {
        click_char(h, sp.start, Modifiers::NONE);
    }
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().sel.text_span(),
        Some(sp),
        "selecting {word}"
    );
    key(h, k);
    sp
}

/// An ACCUSE event on "accused", made by clicking the word and pressing Shift+X; it is selected.
fn accuse_event(h: &mut Harness<'_, DossierApp>) -> EventId {
    let accused = nth_span(h, "accused", 0);
    key(h, Key::Escape);
    click_char(h, accused.start, Modifiers::NONE);
    key_mod(h, Modifiers::SHIFT, Key::X);
    let Sel::Item(Selection::Event(accuse)) = sel(h) else {
        panic!("Shift+X selects the new event")
    };
    accuse
}

fn sel(h: &Harness<'_, DossierApp>) -> Sel {
    h.state().ws.doc.as_ref().unwrap().sel
}

fn entity_named(s: &Session, name: &str) -> EntityId {
    s.entities
        .values()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name}"))
        .id
}

/// Builds the drone strike: trigger, Actor, Recipient, Place, Time, by clicks and keys only.
fn build_strike(h: &mut Harness<'_, DossierApp>) -> EventId {
    annotate(h, "Ostrava", 0, Key::G);
    annotate(h, "fuel depot", 1, Key::F);
    annotate(h, "Port Veyra", 1, Key::G);
    annotate(h, "Thursday", 0, Key::D);
    let trigger = nth_span(h, "strike", 1);
    key(h, Key::Escape);
    click_char(h, trigger.start, Modifiers::NONE);
    key_mod(h, Modifiers::SHIFT, Key::K);
    let Sel::Item(Selection::Event(ev)) = sel(h) else {
        panic!("event selected, got {:?}", sel(h))
    };
    for (role_key, word, nth) in [
        (Key::A, "Ostrava", 0),
        (Key::R, "fuel depot", 1),
        (Key::E, "Port Veyra", 1),
        (Key::T, "Thursday", 0),
    ] {
        key(h, role_key);
        assert!(h.state().armed.is_some(), "role armed by {role_key:?}");
        let sp = nth_span(h, word, nth);
        click_char(h, sp.start + 1, Modifiers::NONE);
    }
    key(h, Key::Escape);
    assert!(h.state().armed.is_none());
    ev
}

#[test]
fn drone_strike_event_with_clicks_and_keys() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let ev = build_strike(&mut h);
    let s = session(&h);
    let e = &s.events[&ev];
    assert_eq!(e.event_type, "ASSAULT");
    assert_eq!(s.article.slice(e.trigger.unwrap()), Some("strike"));
    let filler = |role: &str| {
        e.fillers(role)
            .map(|f| s.filler_label(f))
            .collect::<Vec<_>>()
    };
    assert_eq!(filler("Actor"), ["Ostrava"]);
    assert_eq!(filler("Recipient"), ["fuel depot"]);
    assert_eq!(filler("Place"), ["Port Veyra"]);
    assert_eq!(filler("Time"), ["Thursday"]);
    // Each argument cites the mention that was clicked.
    assert!(e.arguments.iter().all(|a| a.mention.is_some()));

    // The row is in the event list.
    h.run_steps(3);
    h.get_by_label("Events (1)");
    let s = session(&h).clone();
    let rows = h.state_mut().views.event_list.visible_rows(&s);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].actors, ["Ostrava"]);
    assert_eq!(rows[0].when(), "Thursday");
    // The row, and the type's entry in the strip once its event types are open.
    assert!(h.query_all_by_label("Assault").count() >= 1);
    h.get_by_label("Event types ▶").click();
    h.run_steps(2);
    h.get_by_label("⇧K Assault");

    // One undo takes back the last filler only.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(session(&h).events[&ev].fillers("Time").count(), 0);
    assert_eq!(session(&h).events[&ev].fillers("Place").count(), 1);
}

#[test]
fn event_list_sorts_filters_and_jumps_to_the_trigger() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let strike = build_strike(&mut h);
    annotate(&mut h, "Tomás Ibáñez", 0, Key::P);
    let accuse = accuse_event(&mut h);
    key(&mut h, Key::A);
    let t = nth_span(&h, "Tomás", 0);
    click_char(&mut h, t.start, Modifiers::NONE);
    key(&mut h, Key::Escape);
    h.run_steps(3);

    // Sort by type: click the header; again for descending.
    h.get_by_label("Type").click();
    h.run_steps(3);
    assert_eq!(h.state().views.event_list.sort, SortColumn::Type);
    let order = |h: &mut Harness<'_, DossierApp>| {
        let s = session(h).clone();
        h.state_mut()
            .views
            .event_list
            .visible_rows(&s)
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(order(&mut h), [accuse, strike]);
    h.get_by_label("Type ▲").click();
    h.run_steps(3);
    assert_eq!(order(&mut h), [strike, accuse]);

    // Filter by text.
    h.get_by_label("Search").focus();
    h.run_steps(1);
    h.get_by_label("Search").type_text("ibáñez");
    h.run_steps(3);
    assert_eq!(order(&mut h), [accuse]);
    h.get_by_label("Clear filters").click();
    h.run_steps(3);
    assert_eq!(order(&mut h).len(), 2);
    // Filter by entity: open the "Involving" box and choose one.
    h.get_by_role_and_label(accesskit::Role::ComboBox, "Involving")
        .click();
    h.run_steps(3);
    // The entry of the list that opened (the table's cell of that name is a label).
    h.get_by_role_and_label(accesskit::Role::Button, "fuel depot")
        .click();
    h.run_steps(3);
    assert_eq!(
        h.state().views.event_list.filter_entity,
        Some(entity_named(session(&h), "fuel depot"))
    );
    assert_eq!(order(&mut h), [strike]);
    h.get_by_label("Clear filters").click();
    h.run_steps(3);

    // Scroll far away, click the strike's row: the text comes back to the trigger.
    let end = session(&h).article.char_len() - 2;
    h.state_mut().views.view.scroll_to = Some(end);
    h.run_steps(4);
    let trig = session(&h).events[&strike].trigger.unwrap();
    h.get_by_label("“strike”").click();
    h.run_steps(4);
    assert_eq!(sel(&h), Sel::Item(Selection::Event(strike)));
    let r = h
        .state()
        .views
        .view
        .char_rect(trig.start)
        .expect("trigger laid out");
    assert!(r.min.y > 60.0 && r.max.y < 700.0, "trigger visible: {r:?}");

    // Double-click opens the editor window.
    h.get_by_label("“accused”").click();
    h.run_steps(1);
    h.get_by_label("“accused”").click();
    h.run_steps(6);
    assert_eq!(h.state().views.event_list.editing, Some(accuse));
    h.get_by_label("Edit event");
    h.get_by_label("Being edited in its own window.");
}

#[test]
fn merge_and_split_entities_with_undo() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    annotate(&mut h, "Tomás Ibáñez", 0, Key::P);
    annotate(&mut h, "Ibáñez", 1, Key::P);
    let s = session(&h);
    let tomas = entity_named(s, "Tomás Ibáñez");
    let ibanez = entity_named(s, "Ibáñez");
    assert_ne!(tomas, ibanez);

    // Select Tomás Ibáñez in the entity list, choose the other entity, merge.
    key(&mut h, Key::Escape);
    menu(&mut h, &["View", "Show the entity list"]);
    h.run_steps(2);
    h.get_by_label("Tomás Ibáñez (1)").click();
    h.run_steps(4);
    assert_eq!(sel(&h), Sel::Item(Selection::Entity(tomas)));
    // The merge form is at the inspector's foot: scrolled to, as the analyst would.
    h.get_by_label("Merge with").scroll_to_me();
    h.run_steps(3);
    h.get_by_label("Merge with").click();
    h.run_steps(6);
    h.get_all_by_label("Ibáñez")
        .last()
        .expect("merge option")
        .click();
    h.run_steps(3);
    h.get_by_label("Merge into this").scroll_to_me();
    h.run_steps(3);
    h.get_by_label("Merge into this").click();
    h.run_steps(3);
    let s = session(&h);
    assert!(!s.entities.contains_key(&ibanez));
    assert_eq!(s.mentions_of(tomas).count(), 2);
    assert_eq!(s.entities[&tomas].aliases, ["Ibáñez"]);

    // Split the short mention off again.
    let short = nth_span(&h, "Ibáñez", 1);
    key(&mut h, Key::Escape);
    click_char(&mut h, short.start, Modifiers::NONE);
    assert!(matches!(sel(&h), Sel::Item(Selection::Mention(_))));
    h.get_by_label("Split into new entity").click();
    h.run_steps(3);
    assert_eq!(session(&h).mentions_of(tomas).count(), 1);
    assert_eq!(session(&h).entities.len(), 2);

    // Undo the split, then the merge.
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(session(&h).mentions_of(tomas).count(), 2);
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(session(&h).entities.contains_key(&ibanez));
    assert_eq!(session(&h).mentions_of(tomas).count(), 1);
}

#[test]
fn nested_event_argument_and_relation_survive_save_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let strike = build_strike(&mut h);
    annotate(&mut h, "Tomás Ibáñez", 0, Key::P);
    annotate(&mut h, "Halvern", 3, Key::G);
    // Relation from the text: mention selected, digit 2 (Leader-Of), click the other mention.
    let t = nth_span(&h, "Tomás", 0);
    key(&mut h, Key::Escape);
    click_char(&mut h, t.start, Modifiers::NONE);
    key(&mut h, Key::Num2);
    let hv = nth_span(&h, "Halvern", 3);
    click_char(&mut h, hv.start, Modifiers::NONE);
    assert!(
        matches!(sel(&h), Sel::Item(Selection::Relation(_))),
        "{:?} {}",
        sel(&h),
        h.state().status
    );

    // An ACCUSE event whose Instrument is the strike (an event filling a role).
    let accuse = accuse_event(&mut h);
    key(&mut h, Key::I);
    let trig = session(&h).events[&strike].trigger.unwrap();
    click_char(&mut h, trig.start + 1, Modifiers::NONE);
    key(&mut h, Key::Escape);
    assert_eq!(
        session(&h).events[&accuse]
            .fillers("Instrument")
            .collect::<Vec<_>>(),
        [Filler::Event(strike)]
    );

    let path = dir.path().join("s.ron");
    dialogs.answer(Some(path.clone()));
    key_mod(&mut h, Modifiers::COMMAND, Key::S);
    assert!(path.exists());
    let before = session(&h).clone();

    let d2 = FakeDialogs::default();
    let mut h2 = harness(&d2);
    h2.state_mut().push(Action::Open(path));
    h2.run_steps(3);
    let back = session(&h2);
    assert_eq!(back.events, before.events);
    assert_eq!(back.relations, before.relations);
    let r = back.relations.values().next().unwrap();
    assert_eq!(r.relation_type, "Leader-Of");
    assert_eq!(back.entities[&r.from].name, "Tomás Ibáñez");
}

#[test]
fn annotate_all_then_one_undo() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let occurrences = regex::Regex::new(r"\bOstrava\b")
        .unwrap()
        .find_iter(session(&h).text())
        .count();
    assert!(occurrences >= 3);
    key_mod(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Regex").click();
    h.run_steps(2);
    h.get_by_label("Find").focus();
    h.run_steps(1);
    h.get_by_label("Find").type_text(r"\bOstrava\b");
    h.run_steps(3);
    assert_eq!(h.state().views.view.hits.len(), occurrences);
    // Choose the type in the "as" box, as an analyst would.
    h.get_by_role_and_label(accesskit::Role::ComboBox, "as")
        .click();
    h.run_steps(3);
    h.get_all_by_label("Geo-political entity")
        .last()
        .unwrap()
        .click();
    h.run_steps(2);
    assert_eq!(h.state().views.find.annotate_type, "GPE");
    h.get_by_label("Annotate all…").click();
    h.run_steps(8);
    h.get_by_label_contains("linked to one entity");
    h.get_by_label(&format!("Create {occurrences} mentions"))
        .click();
    h.run_steps(3);
    let s = session(&h);
    assert_eq!(s.mentions.len(), occurrences);
    assert_eq!(s.entities.len(), 1);
    assert!(
        s.mentions
            .values()
            .all(|m| m.quote == "Ostrava" && m.entity_type == "GPE")
    );
    // Nothing left to annotate: the button says so.
    h.get_by_label_contains("0 not yet annotated");

    h.get_by_label("Find").focus();
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(session(&h).mentions.is_empty());
    assert!(session(&h).entities.is_empty());

    // A broken regular expression is explained.
    h.get_by_label("Find").focus();
    h.run_steps(1);
    h.get_by_label("Find").type_text("(");
    h.run_steps(3);
    h.get_by_label_contains("Not a valid regular expression");
    // The field holds what was typed (the query, not a copy elsewhere).
    let typed = h.get_by_label("Find").value().unwrap_or_default();
    assert!(typed.ends_with('('), "{typed:?}");
}

#[test]
fn letters_typed_right_after_ctrl_f_go_to_the_find_field() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let trigger = nth_span(&h, "strike", 1);
    click_char(&mut h, trigger.start, Modifiers::NONE);
    key_mod(&mut h, Modifiers::SHIFT, Key::K);
    let before = session(&h).clone();
    // Ctrl+F and the first letters in the same frame (a fast typist, or a script).
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.key_press_modifiers(Modifiers::SHIFT, Key::O);
    h.key_press(Key::A);
    h.run_steps(1);
    h.key_press(Key::T);
    h.run_steps(3);
    assert_eq!(session(&h), &before, "no hotkey fired");
    assert!(h.state().armed.is_none());
    assert!(h.state().views.find.open);
}

/// The Suggestions tab lists other occurrences of annotated entities, none in the session;
/// Accept all adds them as one undoable step; a rejected string is not suggested again.
#[test]
fn suggestions_are_accepted_or_rejected_from_their_tab() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    // The tagger's share is tested on its own (it learns on another thread).
    h.state_mut().prefs.tagger = false;
    let before = session(&h).mentions.len();
    key_mod(&mut h, Modifiers::COMMAND, Key::Num5);
    h.run_steps(2);
    let all = |h: &Harness<'_, DossierApp>| {
        dossier::analysis::suggest::all(session(h), &h.state().views.suggestions.lists)
    };
    let n = all(&h).len();
    assert!(n >= 5, "{n} suggestions on the sample");
    assert_eq!(
        session(&h).mentions.len(),
        before,
        "suggestions are not annotations"
    );
    h.get_by_label(&format!("Accept all ({n})")).click();
    h.run_steps(2);
    assert_eq!(session(&h).mentions.len(), before + n);
    h.state_mut().push(Action::Undo);
    h.run_steps(2);
    assert_eq!(session(&h).mentions.len(), before);

    // The table lays itself out again once its rows are back.
    h.run_steps(4);
    h.query_all_by_label("Reject").next().unwrap().click();
    h.run_steps(2);
    let rejected = session(&h).rejected.clone();
    assert_eq!(rejected.len(), 1, "{rejected:?} {}", h.state().status);
    let left = all(&h);
    assert!(
        left.iter()
            .all(|x| !rejected.contains(&x.text(&session(&h).article).to_lowercase())),
        "{rejected:?} suggested again"
    );
    assert!(!left.is_empty() && left.len() < n);
}

#[test]
fn suggestions_are_reviewed_with_the_keyboard_only() {
    let dir = tempfile_dir("review");
    let path = dir.join("iraq.txt");
    std::fs::write(
        &path,
        "Iraqi officials in Baghdad met the UN envoy.\n\nIraq replied. Iraqi troops left Baghdad; \
         the UN said nothing.\n",
    )
    .unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.state_mut().prefs.tagger = false;
    h.run_steps(2);
    dialogs.answer(Some(path));
    h.state_mut().push(Action::NewFromArticle);
    h.run_steps(3);
    let texts = |h: &Harness<'_, DossierApp>| -> Vec<String> {
        let s = session(h);
        dossier::analysis::suggest::all(s, &h.state().views.suggestions.lists)
            .into_iter()
            .map(|x| x.text(&s.article).to_string())
            .collect()
    };
    assert_eq!(
        texts(&h),
        ["Iraqi", "Baghdad", "UN", "Iraq", "Iraqi", "Baghdad", "UN"]
    );
    assert!(session(&h).mentions.is_empty(), "nothing is added unasked");

    // Tab focuses the first; Enter accepts it (a new entity with its Wikidata id) and moves on.
    key(&mut h, Key::Tab);
    h.run_steps(2);
    assert_eq!(
        h.state().views.suggestions.focused,
        Some(span_of(&h, "Iraqi"))
    );
    key(&mut h, Key::Enter);
    h.run_steps(2);
    let s = session(&h);
    assert_eq!(
        s.mentions.len(),
        1,
        "{} {:?}",
        h.state().status,
        h.state().fired
    );
    let iraq = s.entities.values().next().unwrap();
    assert_eq!(
        (iraq.name.as_str(), iraq.kb_id.as_deref()),
        ("Iraq", Some("Q796"))
    );
    assert_eq!(
        h.state().views.suggestions.focused,
        Some(span_of(&h, "Baghdad"))
    );

    // Delete skips this Baghdad (not a mention, not deleted text).
    key(&mut h, Key::Delete);
    h.run_steps(2);
    assert_eq!(session(&h).mentions.len(), 1);
    // Draft events are on the way too: "met" (Consult, Actor: the Iraqi mention); Enter adds it
    // with its argument and the review goes on. R then rejects "UN" for good.
    assert_eq!(
        h.state().views.suggestions.focused,
        Some(span_of(&h, "met"))
    );
    assert!(
        h.state()
            .status
            .starts_with("Draft event “met” (Consult: Actor Iraqi)"),
        "{}",
        h.state().status
    );
    key(&mut h, Key::Enter);
    h.run_steps(2);
    let ev = session(&h).events.values().next().expect("an event");
    assert_eq!((ev.event_type.as_str(), ev.arguments.len()), ("CONSULT", 1));
    let un = span_of(&h, "UN");
    assert_eq!(h.state().views.suggestions.focused, Some(un));
    key(&mut h, Key::R);
    h.run_steps(2);
    assert!(session(&h).rejected.contains("un"));
    assert!(!texts(&h).contains(&"UN".to_string()));

    // Now on "Iraq" (joins the entity just made); A accepts every "Iraq"; Shift+Tab goes back.
    key(&mut h, Key::Enter);
    h.run_steps(2);
    assert_eq!(
        session(&h).entities.len(),
        1,
        "Iraq joined the Iraqi entity"
    );
    let focused = h.state().views.suggestions.focused.unwrap();
    assert_eq!(session(&h).article.slice(focused), Some("Iraqi"));
    key(&mut h, Key::A);
    h.run_steps(2);
    assert_eq!(session(&h).mentions.len(), 3);
    assert_eq!(session(&h).entities.len(), 1);
    key_mod(&mut h, Modifiers::SHIFT, Key::Tab);
    h.run_steps(2);
    let back = h.state().views.suggestions.focused.unwrap();
    assert_eq!(session(&h).article.slice(back), Some("Baghdad"));

    // The toggle hides them from the text; undo takes back the last accept.
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run_steps(1);
    assert!(!h.state().prefs.show_suggestions);
    h.state_mut().push(Action::Undo);
    h.run_steps(2);
    assert_eq!(session(&h).mentions.len(), 2);

    // Esc ends the review: Delete then deletes nothing and skips nothing.
    key(&mut h, Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().views.suggestions.focused, None);
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("dossier-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn the_tagger_learns_from_the_analyst_on_another_thread() {
    let dir = tempfile_dir("tagger");
    let path = dir.join("people.txt");
    let mut text = String::new();
    let pairs = [
        ("Anna Berg", "Dovre"),
        ("Omar Haddad", "Kestrel"),
        ("Lena Moss", "Marlow"),
        ("Piet Kral", "Tavin"),
        ("Sara Lund", "Orsk"),
        ("Eli Rowe", "Velm"),
    ];
    for (p, c) in pairs {
        text.push_str(&format!("Officials in {c} said {p} met the council. "));
    }
    text.push_str("\n\nOfficials in Tolvik said Ivo Stam met the council.\n");
    std::fs::write(&path, &text).unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.run_steps(2);
    dialogs.answer(Some(path));
    h.state_mut().push(Action::NewFromArticle);
    h.run_steps(3);
    let marks = pairs.iter().flat_map(|(p, c)| [(*p, Key::P), (*c, Key::G)]);
    for (w, k) in marks {
        let sp = span_of(&h, w);
        drag(&mut h, sp.start, sp.end, Modifiers::NONE);
        key(&mut h, k);
        h.run_steps(1);
    }
    assert_eq!(session(&h).mentions.len(), 12);
    tagger_done(&mut h);
    let listed = |source: dossier::analysis::suggest::Source| -> Vec<(String, String)> {
        h.state()
            .views
            .suggestions
            .list()
            .iter()
            .filter(|x| x.source == source)
            .map(|x| {
                (
                    x.text(&session(&h).article).to_string(),
                    x.entity_type.to_string(),
                )
            })
            .collect()
    };
    use dossier::analysis::suggest::Source;
    // Tolvik is in no list: only the tagger, learning from the analyst, finds it. Ivo Stam, a
    // first name before a surname, the first pass's rules find without learning (one
    // suggestion per span is shown, theirs first).
    assert_eq!(
        listed(Source::Tagger),
        [("Tolvik".to_string(), "GPE".to_string())]
    );
    assert_eq!(
        listed(Source::Rules),
        [("Ivo Stam".to_string(), "Person".to_string())]
    );
    // Off in the tab, its suggestions go.
    key_mod(&mut h, Modifiers::COMMAND, Key::Num5);
    h.run_steps(2);
    h.get_by_label("Learn from my annotations").click();
    h.run_steps(3);
    assert!(
        h.state()
            .views
            .suggestions
            .list()
            .iter()
            .all(|x| x.source != dossier::analysis::suggest::Source::Tagger)
    );
}

#[test]
fn a_draft_event_is_accepted_with_its_arguments_and_selected_for_editing() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    h.state_mut().prefs.tagger = false;
    let before = session(&h).events.len();
    key_mod(&mut h, Modifiers::COMMAND, Key::Num5);
    h.run_steps(2);
    let drafts = dossier::analysis::lexicon::suggestions(session(&h));
    assert!(drafts.len() >= 3, "{drafts:?}");
    let first = drafts[0].clone();
    assert_eq!(first.text, "accuses");
    h.get_by_label(&format!("Draft events ({})", drafts.len()))
        .click();
    h.run_steps(3);
    h.query_all_by_label("Accept").next().unwrap().click();
    h.run_steps(2);
    let s = session(&h);
    assert_eq!(s.events.len(), before + 1);
    let ev = s
        .events
        .values()
        .find(|e| e.trigger == Some(first.trigger))
        .unwrap();
    assert_eq!(ev.event_type, "ACCUSE");
    let roles: Vec<&str> = ev.arguments.iter().map(|a| a.role.as_str()).collect();
    assert_eq!(roles, ["Actor", "Recipient"]);
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().sel,
        Sel::Item(Selection::Event(ev.id)),
        "selected, for the inspector"
    );
    // Its trigger is no longer a draft; Undo brings the draft back.
    assert_eq!(
        dossier::analysis::lexicon::suggestions(session(&h)).len(),
        drafts.len() - 1
    );
    h.state_mut().push(Action::Undo);
    h.run_steps(2);
    assert_eq!(session(&h).events.len(), before);
}

#[test]
fn gazetteers_are_added_in_preferences_and_a_bad_one_is_refused_with_its_line() {
    let dir = tempfile_dir("gazetteers");
    let article = dir.join("a.txt");
    std::fs::write(&article, "Qasem Soleimani met Ali Khamenei in Tehran.\n").unwrap();
    let good = dir.join("people.csv");
    std::fs::write(&good, "name,type,qid,aliases\nQasem Soleimani,Person,,Soleimani\nQasem Soleimani,Person,,Haj Qasem\n").unwrap();
    let bad = dir.join("bad.tsv");
    std::fs::write(&bad, "Ali Khamenei\tPerson\tnot-an-id\n").unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.state_mut().prefs.tagger = false;
    h.run_steps(2);
    dialogs.answer(Some(article));
    h.state_mut().push(Action::NewFromArticle);
    h.run_steps(3);
    let texts = |h: &Harness<'_, DossierApp>| -> Vec<String> {
        h.state()
            .views
            .suggestions
            .list()
            .iter()
            .map(|x| x.text(&session(h).article).to_string())
            .collect()
    };
    // The world list finds Tehran; the first pass's rules find Ali Khamenei (a first name
    // before a surname) but not Qasem Soleimani, which the analyst's list will name.
    assert_eq!(
        texts(&h),
        ["Ali Khamenei", "Tehran"],
        "the world list and the rules alone"
    );

    // Edit ▸ Preferences ▸ Gazetteers…, Add… → the file; it is read on another thread.
    menu(&mut h, &["Edit", "Preferences", "Gazetteers…"]);
    h.run_steps(2);
    dialogs.answer(Some(good.clone()));
    h.get_by_label("Add…").click();
    for _ in 0..200 {
        h.run_steps(1);
        if h.state().prefs.gazetteers.len() == 1 && texts(&h).len() == 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(texts(&h), ["Qasem Soleimani", "Ali Khamenei", "Tehran"]);
    let messages = h.state().views.gazetteer_prefs.messages.join("\n");
    assert!(messages.contains("people.csv: 1 names"), "{messages}");
    assert!(
        messages.contains("line 3:") && messages.contains("repeats line 2"),
        "{messages}"
    );

    // A bad list: refused with its line, the good one stays in use.
    dialogs.answer(Some(bad));
    h.get_by_label("Add…").click();
    for _ in 0..200 {
        h.run_steps(1);
        if h.state().prompts.notice.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let notice = h
        .state()
        .prompts
        .notice
        .as_ref()
        .expect("a notice")
        .body
        .clone();
    assert!(
        notice.contains("bad.tsv, line 1:") && notice.contains("not-an-id"),
        "{notice}"
    );
    h.run_steps(2);
    assert_eq!(texts(&h), ["Qasem Soleimani", "Ali Khamenei", "Tehran"]);
}

#[test]
fn a_date_proposed_from_the_text_is_accepted_with_one_key_and_undone() {
    use dossier::model::{Article, Session, Span, schema::presets};
    let dir = tempfile::tempdir().unwrap();
    let text = "Drones struck the fuel depot early on Thursday, the ministry said.";
    let mut s = Session::new(Article::new("Strike", text), presets::default_schema());
    s.article.published = Some("2024-03-15".into());
    let b = text.find("struck").unwrap();
    let (_, cmd) = s
        .cmd_add_event_with("ASSAULT", Some(Span::new(b, b + 6)), vec![])
        .unwrap();
    s.apply(cmd).unwrap();
    let id = *s.events.keys().next().unwrap();
    let path = dir.path().join("s.ron");
    dossier::io::save_session(&s, &path).unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.state_mut().push(Action::Open(path));
    h.run_steps(2);
    h.state_mut().push(Action::Select(dossier::ui::Sel::Item(
        dossier::model::session::Selection::Event(id),
    )));
    h.run_steps(2);
    h.get_by_label_contains("Proposed 2024-03-14");
    h.get_by_label_contains("from “on Thursday”, the nearest date in its sentence");
    key_mod(&mut h, egui::Modifiers::COMMAND, egui::Key::D);
    h.run_steps(2);
    let date = session(&h).events[&id].date.map(|d| d.to_string());
    assert_eq!(date.as_deref(), Some("2024-03-14"), "{}", h.state().status);
    h.state_mut().push(Action::Undo);
    h.run_steps(2);
    assert!(session(&h).events[&id].date.is_none());
}

#[test]
fn the_timeline_places_dated_events_and_a_click_selects_one() {
    use dossier::analysis::timeline::ItemKey;
    use dossier::model::{Article, Session, Span, schema::presets};
    let dir = tempfile::tempdir().unwrap();
    let text = "Drones struck the depot. Talks began. Protesters gathered.";
    let mut s = Session::new(Article::new("Strike", text), presets::default_schema());
    let mut ids = Vec::new();
    for (w, ty, date) in [
        ("struck", "ASSAULT", Some("2024-03-14")),
        ("Talks", "CONSULT", Some("2024-03")),
        ("gathered", "PROTEST", None),
    ] {
        let b = text.find(w).unwrap();
        let (id, cmd) = s
            .cmd_add_event_with(ty, Some(Span::new(b, b + w.len())), vec![])
            .unwrap();
        s.apply(cmd).unwrap();
        let mut e = s.events[&id].clone();
        e.date = date.map(|d| d.parse().unwrap());
        s.apply(Command::UpdateEvent(e)).unwrap();
        ids.push(id);
    }
    let path = dir.path().join("s.ron");
    dossier::io::save_session(&s, &path).unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.state_mut().push(Action::Open(path));
    h.run_steps(2);
    key_mod(&mut h, Modifiers::COMMAND, Key::Num9);
    h.run_steps(3);
    assert_eq!(h.state().views.timeline.items().len(), 3);
    let undated = h
        .state()
        .views
        .timeline
        .items()
        .iter()
        .filter(|i| i.days.is_none())
        .count();
    assert_eq!(undated, 1, "the protest has no date: its own lane");
    let at = h
        .state()
        .views
        .timeline
        .screen_pos(&ItemKey::Event(ids[0]))
        .expect("the strike is in view");
    click(&mut h, at, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(h.state().ws.doc.as_ref().unwrap().sel.event(), Some(ids[0]));
    // The month-long event is a span the pointer can hit anywhere along it.
    assert!(
        h.state()
            .views
            .timeline
            .screen_pos(&ItemKey::Event(ids[1]))
            .is_some()
    );
}

/// Edit ▸ Preferences ▸ Recommenders: a command added there is asked about the article on
/// another thread, listed among the jobs while it runs; its spans are suggestions under its
/// name. One that crashes is a notice saying so, and nothing is suggested from it.
#[cfg(unix)]
#[test]
fn a_recommender_added_in_preferences_proposes_mentions_and_a_broken_one_says_why() {
    use dossier::analysis::suggest::Source;
    use dossier::io::recommender::Recommender;
    use dossier::ui::action::SuggestAction;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let script = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p.display().to_string()
    };
    // The recommender names "storage tanks" (in chars), which no other source proposes.
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    h.state_mut().prefs.tagger = false;
    let at = span_of(&h, "storage tanks");
    let good = script(
        "ner.sh",
        &format!(
            r#"cat >/dev/null; sleep 0.3; printf '[{{"start":{},"end":{},"type":"FAC","score":0.8}}]'"#,
            at.start, at.end
        ),
    );
    h.state_mut()
        .push(Action::Suggest(SuggestAction::SetRecommenders(vec![
            Recommender {
                name: "ner".into(),
                command: good,
            },
        ])));
    h.run_steps(2);
    assert!(
        h.state()
            .running_jobs()
            .iter()
            .any(|j| j.what == "Asking ner"),
        "{:?}",
        h.state().running_jobs()
    );
    wait_until(&mut h, "the recommender's answer", |a| {
        a.views
            .suggestions
            .list()
            .iter()
            .any(|x| x.source == Source::Recommender)
    });
    let sg = h
        .state()
        .views
        .suggestions
        .list()
        .iter()
        .find(|x| x.source == Source::Recommender)
        .unwrap()
        .clone();
    assert_eq!(sg.text(&session(&h).article), "storage tanks");
    assert_eq!(sg.recommender(), Some("ner"));
    assert_eq!(&*sg.entity_type, "Facility");

    let broken = script("broken.sh", "cat >/dev/null; echo 'no model' >&2; exit 2");
    h.state_mut()
        .push(Action::Suggest(SuggestAction::SetRecommenders(vec![
            Recommender {
                name: "broken".into(),
                command: broken,
            },
        ])));
    wait_until(&mut h, "the notice", |a| a.prompts.notice.is_some());
    let notice = h.state().prompts.notice.clone().unwrap();
    assert!(
        notice.body.contains("broken failed") && notice.body.contains("no model"),
        "{}",
        notice.body
    );
    assert!(
        !h.state()
            .views
            .suggestions
            .list()
            .iter()
            .any(|x| x.source == Source::Recommender),
        "nothing from it"
    );
}
