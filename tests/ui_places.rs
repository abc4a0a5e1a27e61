//! The world map: places appear as they are annotated, a click on a marker selects the place and
//! lists its sentences, a place without coordinates is pinned with one undoable edit, and a
//! session with a pin off the Earth is refused with the open session untouched.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

mod common;

use common::ui::*;
use dossier::analysis::geo::{Located, PlaceKey};
use dossier::model::session::Selection;
use dossier::ui::Sel;
use dossier::ui::app::{Action, DossierApp};
use dossier::ui::dialogs::FakeDialogs;
use dossier::ui::layout::{LayoutAction, Pane};
use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const ARTICLE: &str = "Drone strike near Baghdad\n\nA drone struck a convoy in Baghdad on Sunday, \
officials in Tehran said. Residents of Halvern heard it too. Baghdad was quiet by evening.\n";

/// The article opened, the world map in front.
fn open(dialogs: &FakeDialogs, dir: &std::path::Path) -> Harness<'static, DossierApp> {
    let path = dir.join("strike.txt");
    std::fs::write(&path, ARTICLE).unwrap();
    let mut h = harness(dialogs);
    h.run_steps(2);
    dialogs.answer(Some(path));
    h.state_mut().push(Action::NewFromArticle);
    h.run_steps(3);
    h.state_mut()
        .push(Action::Layout(LayoutAction::Show(Pane::Places)));
    h.run_steps(3);
    h
}

/// Annotate the `nth` occurrence of `word` as a GPE (the g key).
fn annotate_place(h: &mut Harness<'_, DossierApp>, word: &str, nth: usize) {
    let c = char_of(h, word, nth);
    click_char(h, c + 1, Modifiers::NONE);
    key(h, egui::Key::G);
    h.run_steps(3);
}

/// The article with Baghdad (on the map by its name) and Halvern (on no list) annotated.
fn baghdad_and_halvern(
    dialogs: &FakeDialogs,
    dir: &std::path::Path,
) -> Harness<'static, DossierApp> {
    let mut h = open(dialogs, dir);
    annotate_place(&mut h, "Baghdad", 1);
    annotate_place(&mut h, "Halvern", 0);
    h
}

#[test]
fn places_appear_as_annotated_and_a_click_selects_one_and_lists_its_sentences() {
    let dialogs = FakeDialogs::default();
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dialogs, dir.path());
    assert!(h.state().views.places.geo().places.is_empty());
    annotate_place(&mut h, "Baghdad", 1);
    annotate_place(&mut h, "Tehran", 0);
    let baghdad = entity(&h, "Baghdad");
    let geo = h.state().views.places.geo();
    let place = geo.place(&PlaceKey::Entity(baghdad)).unwrap();
    assert_eq!(place.located, Located::Name);
    let p = place.point.unwrap();
    assert!(
        (p.lat - 33.34).abs() < 0.1 && (p.lon - 44.40).abs() < 0.1,
        "{p}"
    );
    h.get_by_label_contains("World map: 2 of 2 places shown");
    // The view follows the places until the analyst moves it: both are in it.
    let tehran = entity(&h, "Tehran");
    for e in [baghdad, tehran] {
        assert!(
            h.state().views.places.in_view(&PlaceKey::Entity(e)),
            "{e:?} out of view"
        );
    }

    // Away from the place first, so the click is what selects it.
    key(&mut h, egui::Key::Escape);
    let at = h
        .state()
        .views
        .places
        .marker_pos(&PlaceKey::Entity(baghdad))
        .expect("Baghdad's marker drawn");
    click(&mut h, at, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().sel,
        Sel::Item(Selection::Entity(baghdad))
    );
    // Its sentence beside the map, the mention in brackets.
    h.get_by_label_contains("struck a convoy in [Baghdad]");
}

#[test]
fn a_place_without_coordinates_is_pinned_in_one_undoable_edit_and_saved() {
    let dialogs = FakeDialogs::default();
    let dir = tempfile::tempdir().unwrap();
    let mut h = baghdad_and_halvern(&dialogs, dir.path());
    let halvern = entity(&h, "Halvern");
    let place = |h: &Harness<'_, DossierApp>| {
        h.state()
            .views
            .places
            .geo()
            .place(&PlaceKey::Entity(halvern))
            .cloned()
            .unwrap()
    };
    assert_eq!(place(&h).located, Located::Nowhere);
    h.get_by_label_contains("Not on the map (1)");
    h.get_by_label("Pin").click();
    h.run_steps(2);
    assert_eq!(h.state().views.places.pinning(), Some(halvern));
    // Click the map a little way from Baghdad's marker.
    let baghdad = entity(&h, "Baghdad");
    let at = h
        .state()
        .views
        .places
        .marker_pos(&PlaceKey::Entity(baghdad))
        .unwrap();
    click(&mut h, at + egui::vec2(-30.0, 20.0), Modifiers::NONE);
    h.run_steps(3);
    let pinned = session(&h).entities[&halvern].pin.expect("pinned");
    assert!((-90.0..=90.0).contains(&pinned.lat) && (-180.0..=180.0).contains(&pinned.lon));
    assert_eq!(place(&h).located, Located::Pin);
    assert_eq!(h.state().views.places.pinning(), None);

    // One step back undoes the pin, one forward brings it back.
    key_mod(&mut h, Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(session(&h).entities[&halvern].pin, None);
    assert_eq!(place(&h).located, Located::Nowhere);
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(session(&h).entities[&halvern].pin, Some(pinned));

    // Saved with the session and read back as it was.
    let out = dir.path().join("strike.ron");
    dossier::io::save_session(session(&h), &out).unwrap();
    let (back, _) = dossier::io::load_session(&out).unwrap();
    assert_eq!(back.entities[&halvern].pin, Some(pinned));
}

#[test]
fn a_session_pinned_off_the_earth_is_refused_and_the_open_one_stays() {
    let dialogs = FakeDialogs::default();
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dialogs, dir.path());
    annotate_place(&mut h, "Halvern", 0);
    let good = session(&h).clone();
    let halvern = entity(&h, "Halvern");
    let saved = dir.path().join("good.ron");
    dossier::io::save_session(&good, &saved).unwrap();
    let text = std::fs::read_to_string(&saved).unwrap();
    let bad_text = text.replace(
        "name: \"Halvern\",",
        "name: \"Halvern\",\n      pin: Some((lat: 95.0, lon: 10.0)),",
    );
    assert_ne!(bad_text, text, "the pin went in");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, bad_text).unwrap();
    h.state_mut().push(Action::Open(bad.clone()));
    h.run_steps(2);
    // The open article has unsaved changes: the analyst says to go on without saving; the
    // load fails, and the session stays open as it was.
    if h.state().prompts.guard.is_some() {
        h.state_mut().push(Action::AnswerGuard(
            dossier::ui::action::GuardAnswer::Discard,
        ));
    }
    h.run_steps(4);
    let notice = h
        .state()
        .prompts
        .notice
        .clone()
        .unwrap_or_else(|| panic!("no notice; status: {}", h.state().status));
    assert!(
        notice
            .body
            .contains("pinned badly: latitude 95 is outside −90..90"),
        "{}",
        notice.body
    );
    assert_eq!(session(&h).entities[&halvern], good.entities[&halvern]);
    assert_eq!(session(&h).article.text, good.article.text);
}

/// In a project, the box shows every article's places from the index (a place two articles
/// name is one marker), the project's date filter narrows them, and a click on a place opens
/// the first article that names it.
#[test]
fn a_project_shows_every_articles_places_and_a_click_opens_one() {
    let dialogs = FakeDialogs::default();
    let dir = tempfile::tempdir().unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cold-news");
    let proj = dir.path().join("proj");
    let schema = dossier::model::schema::presets::default_schema();
    let mut p = dossier::io::project::create_project(&proj, "news", schema).unwrap();
    let anns: Vec<_> = ["01-airport-strike", "03-election", "04-tehran"]
        .iter()
        .map(|n| data.join(format!("{n}.ann")))
        .collect();
    dossier::io::project::add_paths(&proj, &mut p, &anns).unwrap();
    let mut h = harness(&dialogs);
    h.state_mut().push(Action::Project(
        dossier::ui::action::ProjectAction::OpenFolder(proj.clone()),
    ));
    h.run_steps(3);
    wait_until(&mut h, "the project index", |a| {
        a.ws.project
            .as_ref()
            .is_some_and(|op| op.indexing.is_none())
    });
    h.state_mut()
        .push(Action::Layout(LayoutAction::Show(Pane::Places)));
    h.run_steps(2);
    h.get_by_label("Every article of the project").click();
    h.run_steps(3);
    let geo = h.state().views.places.geo().clone();
    let named = |n: &str| geo.places.iter().filter(|p| p.name == n).count();
    // The US is named in two articles: one place, both articles listed.
    assert_eq!(named("US"), 1);
    let us = geo.places.iter().find(|p| p.name == "US").unwrap();
    assert_eq!(us.articles.len(), 2, "{:?}", us.articles);
    assert!(named("Tehran") == 1 && named("Beirut") == 1 && named("Lagos") == 1);

    // A click on Tehran opens the article that names it, at that mention.
    let tehran = geo
        .places
        .iter()
        .find(|p| p.name == "Tehran")
        .unwrap()
        .key
        .clone();
    let at = h.state().views.places.marker_pos(&tehran).expect("drawn");
    click(&mut h, at, Modifiers::NONE);
    h.run_steps(4);
    let open = h.state().ws.doc.as_ref().unwrap();
    assert!(open.session.article.text.contains("Tehran"));
    assert!(open.session.article.title.to_lowercase().contains("iran"));
}

/// Pinning by keyboard: Pin gives the map the keyboard, the arrows move it under the cross at
/// its centre, Enter pins there; Esc would have stopped.
#[test]
fn a_place_is_pinned_by_keyboard_at_the_maps_centre() {
    let dialogs = FakeDialogs::default();
    let dir = tempfile::tempdir().unwrap();
    let mut h = baghdad_and_halvern(&dialogs, dir.path());
    let halvern = entity(&h, "Halvern");
    h.get_by_label("Pin").click();
    h.run_steps(3);
    assert!(h.get_by_label_contains("World map:").is_focused());
    key(&mut h, egui::Key::ArrowLeft);
    key(&mut h, egui::Key::Enter);
    h.run_steps(2);
    let pinned = session(&h).entities[&halvern].pin.expect("Enter pinned it");
    // The map was fitted around Baghdad; one step left moved the centre west of it.
    assert!(
        pinned.lon < 44.4 && pinned.lat > 20.0 && pinned.lat < 50.0,
        "{pinned}"
    );
    assert_eq!(h.state().views.places.pinning(), None);
}
