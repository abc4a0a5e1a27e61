//! Image snapshots of the real window, rendered by wgpu (on Mesa's software Vulkan, lavapipe, in
//! CI): what logic tests cannot see — overlapping labels, a map that lost its nodes, marks drawn
//! in the wrong place. Compared with the tolerance in `kittest.toml`; `UPDATE_SNAPSHOTS=1 cargo
//! test --test snapshots` regenerates `tests/snapshots/*.png` after a deliberate change.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is a failed run.

mod common;

/// The status line names the file with its full path, which differs between checkouts.
fn quiet(h: &mut egui_kittest::Harness<'_, dossier::ui::DossierApp>) {
    h.state_mut().status = "Ready.".into();
    tagger_done(h);
    h.state_mut().status = "Ready.".into();
    // A few frames: a glyph drawn for the first time reaches the font texture a frame late.
    h.run_steps(3);
}

use common::ui::*;
use dossier::model::session::Selection;
use dossier::ui::Sel;
use dossier::ui::app::Action;
use dossier::ui::dialogs::FakeDialogs;
use dossier::ui::layout::{LayoutAction, NamedLayout, Pane};

/// The annotated sample: nested marks in the text (“Halvern” inside “Halvern Ministry of
/// Defence”), the entity inspector, the settled map and the event list.
#[test]
fn sample_session_window() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    quiet(&mut h);
    h.snapshot("sample_session_window");
}

/// An event selected: its trigger and arguments outlined with role labels in the text, its
/// inspector, its edges picked out in the map, its row in the event list.
#[test]
fn event_selected() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let s = session(&h);
    let accuse = s
        .events
        .values()
        .find(|e| e.event_type == "ACCUSE")
        .unwrap()
        .id;
    let at = s.events[&accuse].trigger.unwrap().start;
    h.state_mut()
        .push(Action::Reveal(Sel::Item(Selection::Event(accuse)), at));
    h.run_steps(4);
    quiet(&mut h);
    h.snapshot("event_selected");
}

/// The map alone, larger: every node and label of the sample, none on top of another.
#[test]
fn map_of_the_sample() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    h.state_mut().layout.show_palette = false;
    h.state_mut()
        .push(Action::Layout(LayoutAction::Use(NamedLayout::Explore)));
    h.run_steps(2);
    h.state_mut().views.map.auto_fit = true;
    settle(&mut h);
    quiet(&mut h);
    h.snapshot("map_of_the_sample");
}

/// Each named layout at 1400×900 in a project with an annotated article: every view in its
/// tile, the text wide enough to read, nothing on top of anything else.
#[test]
fn named_layouts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Case file");
    std::fs::create_dir(&dir).unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_project_with_demo(&dialogs, &dir);
    assert!(session(&h).article.title.starts_with("Drone strike"));
    for n in NamedLayout::ALL {
        h.state_mut().push(Action::Layout(LayoutAction::Use(n)));
        h.run_steps(2);
        settle(&mut h);
        quiet(&mut h);
        h.snapshot(format!("layout_{}", n.name().to_lowercase()));
    }
}

/// A project: its article list on the left (status marks, counts, an unsaved article), an
/// entity linked to the registry, and the registry tab showing that entry's page.
#[test]
fn project_with_registry() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Case file");
    std::fs::create_dir(&dir).unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_project(&dialogs, &dir);
    let span = span_of(&h, "Ada Lovelace");
    let cmd = session(&h).clone().cmd_annotate(span, "Person").unwrap();
    h.state_mut().push(Action::Edit(cmd));
    h.run_steps(2);
    let e = mention_at(session(&h), span).unwrap().entity;
    h.state_mut().push(Action::PickEntity(e));
    h.run_steps(2);
    h.state_mut().push(Action::Registry(
        dossier::ui::action::RegistryAction::NewFrom(e),
    ));
    h.run_steps(2);
    let id = h
        .state()
        .ws
        .project
        .as_ref()
        .unwrap()
        .project
        .registry
        .iter()
        .next()
        .unwrap()
        .id
        .clone();
    h.state_mut()
        .push(Action::Registry(dossier::ui::action::RegistryAction::Show(
            id,
        )));
    h.run_steps(2);
    // The inspector would show when the entity was made: a time that changes every run.
    if let Some(doc) = h.state_mut().ws.doc.as_mut() {
        doc.session
            .entities
            .values_mut()
            .for_each(|e| e.made = None);
        doc.session
            .mentions
            .values_mut()
            .for_each(|m| m.made = None);
    }
    settle(&mut h);
    quiet(&mut h);
    h.snapshot("project_with_registry");
}

/// The timeline of the annotated sample: the dated strike as a dot in its lane on a day axis,
/// the undated accusation in the lane below.
#[test]
fn timeline_of_the_sample() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    h.state_mut()
        .push(Action::Layout(LayoutAction::Show(Pane::Timeline)));
    h.run_steps(3);
    quiet(&mut h);
    h.snapshot("timeline_of_the_sample");
}

/// Curating: a second analyst's differences underlined in the text by kind (one outlined), the
/// bar with the agreement, the one in focus and the list of all.
#[test]
fn curation_of_the_sample() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let dir = tempfile::tempdir().unwrap();
    let (b, _) = analyst_b(dir.path());
    dialogs.answer(Some(b));
    h.state_mut()
        .push(Action::Curate(dossier::ui::Curate::Open));
    for _ in 0..500 {
        h.run_steps(1);
        if h.state().curation.open.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    {
        use egui_kittest::kittest::Queryable as _;
        h.get_by_label("All 3 differences").click();
    }
    quiet(&mut h);
    h.snapshot("curation_of_the_sample");
}

/// The world map of a news article: land and borders, places sized by mentions and coloured by
/// type, the strike at its airport, labels that do not overlap, the places to pin beside it.
#[test]
fn world_map_of_a_news_article() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cold-news");
    let imported = dossier::io::brat::import_files(
        &data.join("01-airport-strike.txt"),
        &data.join("01-airport-strike.ann"),
        None,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("airport-strike.ron");
    dossier::io::save_session(&imported.session, &path).unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.state_mut().push(Action::Open(path));
    h.run_steps(3);
    h.state_mut()
        .push(Action::Layout(LayoutAction::Use(NamedLayout::Explore)));
    h.state_mut()
        .push(Action::Layout(LayoutAction::Show(Pane::Places)));
    h.run_steps(3);
    quiet(&mut h);
    h.snapshot("world_map_of_a_news_article");
}

/// A paragraph in another script with a mention made in it by a click and a type key, the
/// window at 1000×420: the script drawn (not boxes), read in its direction, the highlight on
/// the right glyphs.
fn script_paragraph(file: &str, word: &str, nth: usize, type_key: egui::Key, name: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/scripts")
        .join(file);
    let dialogs = FakeDialogs::default();
    let mut h = harness_with_system_fonts(&dialogs);
    h.set_size(egui::vec2(1000.0, 420.0));
    open_article(&mut h, &dialogs, &path);
    let c = char_of(&h, word, nth);
    drag(
        &mut h,
        c,
        c + word.chars().count() - 1,
        egui::Modifiers::NONE,
    );
    key(&mut h, type_key);
    let span = dossier::model::Span::new(c, c + word.chars().count());
    assert!(mention_at(session(&h), span).is_some(), "{word} annotated");
    h.state_mut().push(Action::Pick(Sel::None));
    // The pointer off the text: no hover box or tooltip in the picture.
    h.hover_at(egui::pos2(990.0, 410.0));
    settle(&mut h);
    quiet(&mut h);
    h.snapshot(name);
}

/// Arabic: right to left, aligned right, "UNICEF" in order, brackets mirrored, the full stop at
/// the left; "أحمد الصافي" (Ahmad al-Safi) a Person.
#[test]
fn arabic_paragraph() {
    script_paragraph(
        "arabic.txt",
        "أحمد الصافي",
        0,
        egui::Key::P,
        "script_arabic",
    );
}

/// Persian: "عباس عراقچی" (Abbas Araghchi) a Person, "IAEA" inside the line in order.
#[test]
fn persian_paragraph() {
    script_paragraph(
        "persian.txt",
        "عباس عراقچی",
        0,
        egui::Key::P,
        "script_persian",
    );
}

/// Chinese: "王毅" (Wang Yi) a Person.
#[test]
fn chinese_paragraph() {
    script_paragraph("chinese.txt", "王毅", 0, egui::Key::P, "script_chinese");
}
