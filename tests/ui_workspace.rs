//! The workspace's tiled layout in the window: the text keeps a readable measure in every named
//! layout at 1400×900 and 1280×720 (on one article and in a project), nothing changes size
//! without input, the map stays where it is when the inspector above it changes, a closed view
//! comes back from the View menu, and the project's views go with the project.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is a failed run.

mod common;

use common::ui::*;
use dossier::model::session::Selection;
use dossier::ui::Sel;
use dossier::ui::action::ProjectAction;
use dossier::ui::app::{Action, DossierApp};
use dossier::ui::dialogs::FakeDialogs;
use dossier::ui::layout::{LayoutAction, NamedLayout, Pane};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const SIZES: [[f32; 2]; 2] = [[1400.0, 900.0], [1280.0, 720.0]];

/// The words on a full line of the article, once the layout has settled.
fn words_per_line(h: &mut Harness<'_, DossierApp>) -> usize {
    h.run_steps(4);
    h.state()
        .views
        .view
        .words_per_line()
        .expect("the text wrapped")
}

fn every_layout_reads(h: &mut Harness<'_, DossierApp>, what: &str) {
    for size in SIZES {
        h.set_size(size.into());
        for n in NamedLayout::ALL {
            h.state_mut().push(Action::Layout(LayoutAction::Use(n)));
            let words = words_per_line(h);
            assert!(
                words >= 10,
                "{what}, {n:?} at {}×{}: {words} words a line",
                size[0],
                size[1]
            );
        }
    }
}

#[test]
fn the_text_reads_in_every_named_layout_on_one_article() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    every_layout_reads(&mut h, "one article");
}

#[test]
fn the_text_reads_in_every_named_layout_in_a_project() {
    let tmp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_project_with_demo(&dialogs, tmp.path());
    assert!(h.state().layout.is_shown(Pane::Articles));
    every_layout_reads(&mut h, "a project");
    // The project map in front (it took the text's room before the tiles).
    h.state_mut()
        .push(Action::Layout(LayoutAction::Show(Pane::ProjectMap)));
    assert!(words_per_line(&mut h) >= 10);
}

/// Every tile's place on the screen.
fn tile_rects(h: &Harness<'_, DossierApp>) -> Vec<(String, egui::Rect)> {
    let tree = &h.state().layout.tree;
    let mut rects: Vec<(String, egui::Rect)> = tree
        .active_tiles()
        .into_iter()
        .filter_map(|id| Some((format!("{id:?}"), tree.tiles.rect(id)?)))
        .collect();
    rects.sort_by(|a, b| a.0.cmp(&b.0));
    rects
}

/// Find in project with hits listed, then the pointer moved over the menu bar 40 times: no tile
/// moves or grows (the Find in project tab grew on every repaint before).
#[test]
fn nothing_changes_size_without_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_project_with_demo(&dialogs, tmp.path());
    h.state_mut().push(Action::Project(ProjectAction::Find(
        "Babbage".into(),
        false,
    )));
    h.state_mut()
        .push(Action::Layout(LayoutAction::Show(Pane::ProjectFind)));
    wait_until(&mut h, "finding in the project", |a| {
        a.ws.project.as_ref().is_some_and(|p| p.find_job.is_none())
    });
    h.run_steps(3);
    h.get_by_label_contains("2 hits in 2 articles");
    let before = tile_rects(&h);
    let words = words_per_line(&mut h);
    for i in 0..40 {
        h.hover_at(egui::pos2(20.0 + i as f32 * 5.0, 10.0));
        h.run_steps(1);
    }
    assert_eq!(tile_rects(&h), before);
    assert_eq!(words_per_line(&mut h), words);
    // Another list in front takes the same room (the bottom panel changed height with each tab).
    let lists = |h: &Harness<'_, DossierApp>| {
        let tiles = &h.state().layout.tree.tiles;
        let events = tiles.find_pane(&Pane::Events).unwrap();
        tiles.rect(tiles.parent_of(events).unwrap()).unwrap()
    };
    let room = lists(&h);
    // About eight event rows at the default size (one showed before).
    assert!(room.height() >= 200.0, "{room:?}");
    for p in [
        Pane::Events,
        Pane::Mentions,
        Pane::Timeline,
        Pane::ProjectEvents,
    ] {
        h.state_mut().push(Action::Layout(LayoutAction::Show(p)));
        h.run_steps(3);
        assert_eq!(lists(&h), room, "{p:?} in front");
    }
}

/// Selecting an entity, then an event, changes what the inspector shows; the map's place and
/// size stay as they were (a click aimed at a node landed where it had been before).
#[test]
fn the_map_stays_put_when_the_inspector_changes() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let map = h.state().views.map.view_rect();
    let s = session(&h);
    let entity = *s.entities.keys().next().unwrap();
    let event = *s.events.keys().next().unwrap();
    for sel in [Selection::Entity(entity), Selection::Event(event)] {
        h.state_mut().push(Action::Select(Sel::Item(sel)));
        h.run_steps(3);
        assert_eq!(h.state().views.map.view_rect(), map, "{sel:?}");
    }
}

/// A view closed by its tab's × comes back from the View menu, beside the views of its kind.
#[test]
fn a_closed_view_comes_back_from_the_view_menu() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    assert!(h.state().layout.is_shown(Pane::Events));
    let id = h
        .state()
        .layout
        .tree
        .tiles
        .find_pane(&Pane::Events)
        .unwrap();
    h.state_mut().layout.tree.remove_recursively(id);
    h.run_steps(2);
    assert!(!h.state().layout.panes().contains(&Pane::Events));
    menu(&mut h, &["View", "Show the event list"]);
    h.run_steps(2);
    assert!(h.state().layout.is_shown(Pane::Events));
    // Reset puts everything back where the layout has it.
    menu(&mut h, &["View", "Layout", "Reset layout"]);
    h.run_steps(2);
    let sorted = |mut p: Vec<Pane>| {
        p.sort_by_key(|p| format!("{p:?}"));
        p
    };
    assert_eq!(
        sorted(h.state().layout.panes()),
        sorted(dossier::ui::layout::Layout::default().panes()),
        "reset gives the Annotate layout back"
    );
}

/// The project's views show while a project is open and step aside when it closes, giving the
/// text their room.
#[test]
fn project_views_go_with_the_project() {
    let tmp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_project_with_demo(&dialogs, tmp.path());
    let with_project = words_per_line(&mut h);
    h.get_by_label_contains("Articles (3)");
    h.state_mut().push(Action::Project(ProjectAction::Close));
    h.run_steps(3);
    assert!(h.state().ws.project.is_none());
    assert!(h.query_by_label_contains("Articles (").is_none());
    h.state_mut().push(Action::Open(demo_path()));
    let alone = words_per_line(&mut h);
    assert!(
        alone > with_project,
        "{alone} words a line without the project's column, {with_project} with it"
    );
}

/// The first start asks the analyst's name in a window that covers neither the type strip nor
/// the menus (it covered the type palette before).
#[test]
fn the_name_prompt_leaves_the_type_strip_free() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    h.state_mut().views.analyst_name.open = true;
    h.run_steps(3);
    // The window and the field in it are both called so: all of it counts.
    let prompt = h
        .query_all_by_label("Your name")
        .map(|n| n.rect())
        .reduce(egui::Rect::union)
        .unwrap();
    for chip in ["p Person", "o Organization", "File"] {
        let r = h.get_by_label(chip).rect();
        assert!(!prompt.intersects(r), "the name prompt covers “{chip}”");
    }
}

/// Ctrl+F in a project: the find bar's controls all show in the text's tile, the old query is
/// selected (typing replaces it), and Esc closes the bar.
#[test]
fn the_find_bar_fits_selects_its_query_and_closes_on_esc() {
    use egui::{Key, Modifiers};
    let tmp = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_project_with_demo(&dialogs, tmp.path());
    h.set_size([1280.0, 720.0].into());
    key_mod(&mut h, Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.event(egui::Event::Text("strike".into()));
    h.run_steps(3);
    assert_eq!(h.state().views.find.query, "strike");
    let text = h.state().layout.tree.tiles.find_pane(&Pane::Text).unwrap();
    let tile = h.state().layout.tree.tiles.rect(text).unwrap();
    for control in ["▲", "▼", "Regex", "×"] {
        let r = h.get_by_label(control).rect();
        assert!(
            tile.contains_rect(r),
            "“{control}” is outside the text's tile"
        );
    }
    // Elsewhere, then Ctrl+F again: the old query is selected and typing replaces it.
    h.state_mut().push(Action::Select(Sel::None));
    h.run_steps(1);
    key_mod(&mut h, Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.event(egui::Event::Text("harbour".into()));
    h.run_steps(3);
    assert_eq!(h.state().views.find.query, "harbour");
    key(&mut h, Key::Escape);
    h.run_steps(2);
    assert!(!h.state().views.find.open, "Esc closes the find bar");
}

/// A session of the sample open, then a project whose first article is the same text, not yet
/// annotated: its suggestions are its own (the session's stayed until the analyst switched
/// away and back — the same text at the same point of its history looked unchanged).
#[test]
fn a_project_opened_after_a_session_shows_its_own_suggestions() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        sample("harbour-strike.txt"),
        tmp.path().join("harbour-strike.txt"),
    )
    .unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    h.state_mut().prefs.tagger = false;
    h.run_steps(2);
    let before = h.state().views.suggestions.list().to_vec();
    assert!(!before.is_empty());
    dialogs.answer(Some(tmp.path().to_path_buf()));
    h.state_mut().push(Action::Project(ProjectAction::New));
    h.run_steps(4);
    assert!(
        h.state().ws.project.is_some(),
        "{:?}",
        h.state().prompts.notice
    );
    assert!(
        session(&h).mentions.is_empty(),
        "the project's article is not annotated"
    );
    let lists = h.state().views.suggestions.lists.clone();
    let own = dossier::analysis::suggest::all(session(&h), &lists);
    let shown = h.state().views.suggestions.list().to_vec();
    assert_eq!(shown, own, "the suggestions are of the article shown");
    // None of them joins an entity of the session shown before.
    assert!(shown.iter().all(|s| s.entity.is_none()));
}

/// Work on other threads is listed in one place, the status bar, while it runs: here a save of
/// a session big enough to be written from a copy (held back by the test), then nothing once it
/// is on disk. A file being opened is listed with its Cancel.
#[test]
fn work_on_other_threads_is_listed_in_the_status_bar() {
    use dossier::ui::app::WriteGate;
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    settle(&mut h);
    assert!(
        h.state().running_jobs().is_empty(),
        "{:?}",
        h.state().running_jobs()
    );
    // One mention, so that the session counts as big with the threshold at none.
    let span = span_of(&h, "Ostrava");
    let cmd = session(&h).clone().cmd_annotate(span, "GPE").unwrap();
    h.state_mut().push(Action::Edit(cmd));
    h.run_steps(2);
    let gate = WriteGate::default();
    h.state_mut().jobs.background_save_mentions = 0;
    h.state_mut().jobs.write_gate = Some(gate.clone());
    gate.close();
    let dir = tempfile::tempdir().unwrap();
    dialogs.answer(Some(dir.path().join("strike.ron")));
    h.state_mut().push(Action::Save);
    h.run_steps(3);
    h.get_by_label_contains("Saving strike.ron");
    gate.open();
    wait_until(&mut h, "the save", |a| a.jobs.writing.is_none());
    h.run_steps(2);
    assert!(h.query_by_label_contains("Saving strike.ron").is_none());

    let big =
        dossier::analysis::synth::session(dossier::analysis::synth::Size::named("100k").unwrap());
    let path = dir.path().join("big.ron");
    dossier::io::save_session(&big, &path).unwrap();
    let before = session(&h).article.title.clone();
    h.state_mut().push(Action::Open(path));
    h.run_steps(1);
    let jobs = h.state().running_jobs();
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    assert_eq!(jobs[0].what, "Opening big.ron");
    // Cancel from the list reaches the read's owner: nothing is opened, the list empties.
    let cancel = jobs[0].cancel.clone().expect("a read can be cancelled");
    assert!(matches!(cancel, Action::CancelJob(_)), "{cancel:?}");
    h.state_mut().push(cancel);
    h.run_steps(2);
    assert!(h.state().jobs.loading.is_none());
    assert!(h.state().running_jobs().is_empty());
    assert!(
        h.state().status.starts_with("Cancelled opening"),
        "{}",
        h.state().status
    );
    assert_eq!(
        h.state()
            .ws
            .doc
            .as_ref()
            .map(|d| d.session.article.title.clone()),
        Some(before),
        "the open session stays"
    );
}

/// The event list in a narrow tile (the Explore layout): the first row right under the header,
/// the columns scrolling sideways (a header cut to a few pixels wrapped into a tall column and
/// pushed the rows down out of sight).
#[test]
fn the_event_list_keeps_its_rows_under_the_header_in_a_narrow_tile() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    for size in SIZES {
        h.set_size(size.into());
        h.state_mut()
            .push(Action::Layout(LayoutAction::Use(NamedLayout::Explore)));
        h.run_steps(4);
        let header = h.get_by_label("Actor").rect();
        let row = h.get_by_label("Assault").rect();
        assert!(
            row.top() - header.bottom() < 12.0,
            "{size:?}: header ends at {}, the first row starts at {}",
            header.bottom(),
            row.top()
        );
    }
}

/// The mention list in the Curate layout's side column: its rows one under another right under
/// the header (they were spread down the tile, the first one out of sight).
#[test]
fn the_mention_list_keeps_its_rows_together_in_a_narrow_tile() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    h.state_mut()
        .push(Action::Layout(LayoutAction::Use(NamedLayout::Curate)));
    h.run_steps(4);
    let header = h.get_by_label("Entity").rect();
    let mut tops: Vec<f32> = h
        .query_all_by_label("“Port Veyra”")
        .map(|n| n.rect().top())
        .collect();
    tops.sort_by(f32::total_cmp);
    // The first row starts one header's height under the header's top.
    assert!(tops[0] - header.top() < 32.0, "{tops:?} under {header:?}");
}
