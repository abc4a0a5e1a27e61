//! Projects in the window: made from a folder, articles switched in the project list (each
//! keeping its undo history and unsaved edits), an entity linked across two articles through
//! the registry, its page listing both mentions, and bad project folders refused or marked.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is a failed run.

mod common;

use common::ui::*;
use dossier::model::Command;
use dossier::ui::action::ProjectAction;
use dossier::ui::app::{Action, DossierApp};
use dossier::ui::dialogs::FakeDialogs;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;

const FIRST: &str = "# Strike on the convoy\n\nQassem Soleimani met Hassan Nasrallah in Beirut.\n";
const SECOND: &str =
    "# Airport attack\n\nThe convoy left Baghdad airport. Qassem Soleimani was killed in it.\n";

/// A folder with two articles, made a project through Project ▸ New project.
fn new_project(dir: &Path, dialogs: &FakeDialogs) -> Harness<'static, DossierApp> {
    std::fs::write(dir.join("convoy.md"), FIRST).unwrap();
    std::fs::write(dir.join("airport.md"), SECOND).unwrap();
    let mut h = harness(dialogs);
    h.run_steps(2);
    dialogs.answer(Some(dir.to_path_buf()));
    menu(&mut h, &["Project", "New project…"]);
    assert!(
        h.state().prompts.notice.is_none(),
        "{:?}",
        h.state().prompts.notice
    );
    h
}

fn annotate(h: &mut Harness<'_, DossierApp>, word: &str) -> dossier::model::EntityId {
    let span = span_of(h, word);
    let s = session(h);
    let cmd: Command = s.clone().cmd_annotate(span, "Person").unwrap();
    h.state_mut().push(Action::Edit(cmd));
    h.run_steps(2);
    mention_at(session(h), span).unwrap().entity
}

fn current(h: &Harness<'_, DossierApp>) -> String {
    h.state()
        .ws
        .project
        .as_ref()
        .unwrap()
        .current
        .clone()
        .unwrap()
}

#[test]
fn articles_switch_in_the_list_and_keep_their_history_and_unsaved_edits() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = new_project(dir.path(), &dialogs);
    let p = &h.state().ws.project.as_ref().unwrap().project;
    assert_eq!(p.articles.len(), 2);
    assert!(dir.path().join("dossier-project.ron").exists());
    // Articles are listed by file name: airport first, and it is shown.
    assert_eq!(current(&h), "articles/airport.ron");
    annotate(&mut h, "Qassem Soleimani");
    assert!(h.state().ws.doc.as_ref().unwrap().is_dirty());

    h.get_by_label_contains("Strike on the convoy").click();
    h.run_steps(2);
    assert_eq!(current(&h), "articles/convoy.ron");
    assert!(session(&h).mentions.is_empty());
    h.get_by_label_contains("Save all (1)");

    h.get_by_label_contains("Airport attack").click();
    h.run_steps(2);
    assert_eq!(current(&h), "articles/airport.ron");
    assert_eq!(session(&h).mentions.len(), 1, "the unsaved edit is kept");
    assert!(
        h.state()
            .ws
            .doc
            .as_ref()
            .unwrap()
            .history
            .undo_label()
            .is_some(),
        "and so is its history"
    );
    // Quitting asks about the article not shown too.
    h.get_by_label_contains("Strike on the convoy").click();
    h.run_steps(2);
    h.state_mut().push(Action::Quit);
    h.run_steps(2);
    assert!(
        h.state().prompts.guard.is_some(),
        "unsaved work in another article"
    );
    h.state_mut().prompts.guard = None;

    h.get_by_label_contains("Save all (1)").click();
    h.run_steps(2);
    let on_disk = dossier::io::load_session(&dir.path().join("articles/airport.ron")).unwrap();
    assert_eq!(on_disk.0.mentions.len(), 1);
    let p = dossier::io::project::load_project(dir.path()).unwrap();
    let entry = p
        .articles
        .iter()
        .find(|a| a.file == "articles/airport.ron")
        .unwrap();
    assert_eq!(
        entry.counts.mentions, 1,
        "the list's counts follow the save"
    );
    assert_eq!(entry.status.name(), "in progress");
}

#[test]
fn an_entity_is_linked_across_two_articles_and_its_page_lists_both() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = new_project(dir.path(), &dialogs);
    let e = annotate(&mut h, "Qassem Soleimani");
    h.state_mut().push(Action::PickEntity(e));
    h.run_steps(2);
    h.get_by_label("New registry entry").click();
    h.run_steps(2);
    let op = h.state().ws.project.as_ref().unwrap();
    assert_eq!(op.project.registry.len(), 1);
    let id = op.project.registry.iter().next().unwrap().id.clone();
    assert_eq!(
        session(&h).entities[&e].registry.as_deref(),
        Some(id.as_str())
    );

    h.get_by_label_contains("Strike on the convoy").click();
    h.run_steps(2);
    let e2 = annotate(&mut h, "Qassem Soleimani");
    h.state_mut().push(Action::PickEntity(e2));
    h.run_steps(2);
    h.get_by_label("Link to Qassem Soleimani").click();
    h.run_steps(2);
    assert_eq!(
        session(&h).entities[&e2].registry.as_deref(),
        Some(id.as_str())
    );

    // The registry keeps a linked entry: removing it is refused.
    let removed = dossier::ui::action::RegistryAction::Remove(id.clone());
    h.state_mut().push(Action::Registry(removed));
    h.run_steps(2);
    assert_eq!(
        h.state()
            .ws
            .project
            .as_ref()
            .unwrap()
            .project
            .registry
            .len(),
        1
    );
    assert!(h.state().status.contains("linked"), "{}", h.state().status);

    h.get_by_label("Show").click();
    h.run_steps(2);
    h.get_by_label_contains("2 mentions of 2 linked entities");
    h.get_by_label_contains("[Qassem Soleimani] was killed")
        .click();
    h.run_steps(2);
    assert_eq!(current(&h), "articles/airport.ron");

    // Undo in the article unlinks; the registry's own undo takes the entry back only once
    // nothing links to it.
    h.state_mut().push(Action::Undo);
    h.run_steps(2);
    h.state_mut()
        .push(Action::Registry(dossier::ui::action::RegistryAction::Undo));
    h.run_steps(2);
    assert_eq!(
        h.state()
            .ws
            .project
            .as_ref()
            .unwrap()
            .project
            .registry
            .len(),
        1,
        "still linked from convoy"
    );

    // Saved and opened again: the entry's page finds the mentions of the article not shown
    // through the project index (built on another thread).
    h.state_mut().push(Action::Redo);
    h.state_mut().push(Action::Project(ProjectAction::SaveAll));
    h.run_steps(2);
    let mut h = harness(&dialogs);
    h.state_mut().push(Action::Open(dir.path().to_path_buf()));
    h.run_steps(2);
    for _ in 0..400 {
        h.run_steps(1);
        if h.state().ws.project.as_ref().unwrap().indexing.is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(dir.path().join(".dossier-index").exists());
    h.state_mut()
        .push(Action::Registry(dossier::ui::action::RegistryAction::Show(
            id,
        )));
    h.run_steps(2);
    h.get_by_label_contains("2 mentions of 2 linked entities");
    h.get_by_label_contains("[Qassem Soleimani] met Hassan")
        .click();
    h.run_steps(2);
    assert_eq!(
        current(&h),
        "articles/convoy.ron",
        "status {}",
        h.state().status
    );
}

#[test]
fn a_missing_article_is_marked_and_a_newer_project_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = new_project(dir.path(), &dialogs);
    drop(h);
    std::fs::remove_file(dir.path().join("articles/airport.ron")).unwrap();
    h = harness(&dialogs);
    h.state_mut().push(Action::Open(dir.path().to_path_buf()));
    h.run_steps(3);
    let op = h.state().ws.project.as_ref().unwrap();
    assert!(op.problems["articles/airport.ron"].contains("missing"));
    h.get_by_label_contains("cannot be opened");
    // The missing article cannot be shown; the other one is.
    assert_eq!(current(&h), "articles/convoy.ron");
    h.get_by_label_contains("cannot be opened").click();
    h.run_steps(2);
    assert_eq!(current(&h), "articles/convoy.ron");
    assert!(h.state_mut().prompts.notice.take().is_some());

    let newer = std::fs::read_to_string(dir.path().join("dossier-project.ron"))
        .unwrap()
        .replacen("version: 1", "version: 9", 1);
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("dossier-project.ron"), newer).unwrap();
    h.state_mut().push(Action::Open(other.path().to_path_buf()));
    h.run_steps(2);
    let notice = h.state().prompts.notice.clone().expect("refused");
    assert!(notice.body.contains("newer Dossier"), "{}", notice.body);
    assert_eq!(current(&h), "articles/convoy.ron", "the open project stays");
}

#[test]
fn a_merge_conflict_shows_above_the_text_and_is_resolved_as_an_edit() {
    use dossier::analysis::merge::merge_sessions;
    let dir = tempfile::tempdir().unwrap();
    let text = "Qassem Soleimani left Baghdad.";
    let mut base = dossier::model::Session::new(
        dossier::model::Article::new("Airport", text),
        dossier::model::schema::presets::default_schema(),
    );
    let cmd = base
        .cmd_annotate(dossier::model::Span::new(0, 16), "Person")
        .unwrap();
    base.apply(cmd).unwrap();
    let rename = |s: &dossier::model::Session, name: &str| {
        let mut s = s.clone();
        let mut e = s.entities.values().next().unwrap().clone();
        e.name = name.into();
        s.apply(Command::UpdateEntity(e)).unwrap();
        s
    };
    let (merged, report) = merge_sessions(
        Some(&base),
        &rename(&base, "Qasem Soleimani"),
        &rename(&base, "Haj Qassem"),
    )
    .unwrap();
    assert_eq!(report.conflicts, 1);
    let path = dir.path().join("merged.ron");
    dossier::io::save_session(&merged, &path).unwrap();

    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.state_mut().push(Action::Open(path));
    h.run_steps(3);
    h.get_by_label_contains("1 merge conflict");
    h.get_by_label_contains("theirs: entity “Haj Qassem”");
    h.get_by_label("Take theirs").click();
    h.run_steps(2);
    let s = session(&h);
    assert!(s.conflicts.is_empty());
    assert_eq!(s.entities.values().next().unwrap().name, "Haj Qassem");
    h.state_mut().push(Action::Undo);
    h.run_steps(2);
    let s = session(&h);
    assert_eq!(s.conflicts.len(), 1, "undo brings the conflict back");
    assert_eq!(s.entities.values().next().unwrap().name, "Qasem Soleimani");
    h.get_by_label("Keep mine").click();
    h.run_steps(2);
    assert!(session(&h).conflicts.is_empty());
    assert_eq!(
        session(&h).entities.values().next().unwrap().name,
        "Qasem Soleimani"
    );
}

/// A project of two saved articles, each with an event between two registry entries.
fn project_with_events(dir: &Path) {
    use dossier::model::registry::{RegEdit, RegEntity};
    use dossier::model::{Argument, Event, EventId, Filler};
    std::fs::write(dir.join("convoy.md"), FIRST).unwrap();
    std::fs::write(dir.join("airport.md"), SECOND).unwrap();
    let mut p = dossier::io::project::create_project(
        dir,
        "Case",
        dossier::model::schema::presets::default_schema(),
    )
    .unwrap();
    dossier::io::project::add_paths(dir, &mut p, &[dir.to_path_buf()]).unwrap();
    for (id, name) in [
        ("r1", "Qassem Soleimani"),
        ("r2", "Hassan Nasrallah"),
        ("r3", "Baghdad"),
    ] {
        let ty = if id == "r3" { "Location" } else { "Person" };
        p.registry
            .apply(RegEdit::Add(RegEntity::new(id.into(), name, ty)))
            .unwrap();
    }
    dossier::io::project::save_project(dir, &p).unwrap();
    for (file, words) in [
        (
            "articles/convoy.ron",
            [
                ("Qassem Soleimani", "Person", "r1"),
                ("Hassan Nasrallah", "Person", "r2"),
            ],
        ),
        (
            "articles/airport.ron",
            [
                ("Qassem Soleimani", "Person", "r1"),
                ("Baghdad", "Location", "r3"),
            ],
        ),
    ] {
        let path = dir.join(file);
        let (mut s, _) = dossier::io::load_session(&path).unwrap();
        let mut ents = Vec::new();
        for (w, ty, r) in words {
            let b = s.text().find(w).unwrap();
            let c = s.article.char_of(b).unwrap();
            let cmd = s
                .cmd_annotate(dossier::model::Span::new(c, c + w.chars().count()), ty)
                .unwrap();
            s.apply(cmd).unwrap();
            let e = *s.entities.keys().last().unwrap();
            let mut x = s.entities[&e].clone();
            x.registry = Some(r.into());
            s.apply(Command::UpdateEntity(x)).unwrap();
            ents.push(e);
        }
        let t = &s.schema.event_types[0];
        let (ty, r0, r1) = (t.id.clone(), t.roles[0].id.clone(), t.roles[1].id.clone());
        let mut ev = Event::new(EventId(s.alloc_id()), ty, None);
        ev.date = Some("2020-01-03".parse().unwrap());
        ev.arguments = vec![
            Argument {
                role: r0,
                filler: Filler::Entity(ents[0]),
                mention: None,
            },
            Argument {
                role: r1,
                filler: Filler::Entity(ents[1]),
                mention: None,
            },
        ];
        s.apply(Command::AddEvent(ev)).unwrap();
        dossier::io::save_session(&s, &path).unwrap();
    }
}

fn wait_index(h: &mut Harness<'_, DossierApp>) {
    for _ in 0..400 {
        h.run_steps(1);
        let op = h.state().ws.project.as_ref().unwrap();
        if op.indexing.is_none() && op.find_job.is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run_steps(2);
}

#[test]
fn the_project_events_map_and_find_span_every_article() {
    let dir = tempfile::tempdir().unwrap();
    project_with_events(dir.path());
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.state_mut().push(Action::Open(dir.path().to_path_buf()));
    h.run_steps(2);
    wait_index(&mut h);

    h.get_by_label("Project events").click();
    h.run_steps(2);
    h.get_by_label_contains("2 events in the project");
    // Arguments are named by the registry; a click opens the article at the event.
    h.get_by_label_contains("Strike on the convoy\n").click();
    h.run_steps(2);
    assert_eq!(current(&h), "articles/convoy.ron");
    h.get_by_label_contains("Recipient: Baghdad  —  Airport attack")
        .click();
    h.run_steps(2);
    assert_eq!(current(&h), "articles/airport.ron", "{}", h.state().status);
    h.get_by_label_contains("Recipient: Hassan Nasrallah");

    h.get_by_label("Project map").click();
    h.run_steps(3);
    let g = h.state().views.project_ui.map_size().unwrap();
    assert_eq!(g, (3, 2), "three registry entries, two events");

    h.get_by_label("Find in project").click();
    h.run_steps(4);
    h.get_by_label("Search the project").click();
    h.run_steps(2);
    h.get_by_label("Search the project").type_text("soleimani");
    h.run_steps(2);
    h.get_by_label("Find").click();
    h.run_steps(1);
    wait_index(&mut h);
    let hits = h
        .state()
        .ws
        .project
        .as_ref()
        .unwrap()
        .find_hits
        .as_ref()
        .map(|r| {
            r.as_ref()
                .map(dossier::analysis::project_search::ProjectHits::total)
        });
    assert_eq!(
        hits,
        Some(Ok(2)),
        "{:?}",
        h.state().views.project_ui.find.query
    );
    h.get_by_label_contains("2 hits in 2 articles");
    h.get_by_label_contains("Airport attack (1)");
}

#[test]
fn unsaved_articles_set_aside_have_recovery_copies_offered_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let rec = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("convoy.md"), FIRST).unwrap();
    std::fs::write(dir.path().join("airport.md"), SECOND).unwrap();
    let dialogs = FakeDialogs::default();
    let app =
        DossierApp::new(Box::new(dialogs.clone()), Default::default()).with_recovery(rec.path());
    let mut h = harness_with(app);
    dialogs.answer(Some(dir.path().to_path_buf()));
    h.state_mut().push(Action::Project(ProjectAction::New));
    h.run_steps(2);
    annotate(&mut h, "Qassem Soleimani");
    h.get_by_label_contains("Strike on the convoy").click();
    h.run_steps(2);
    annotate(&mut h, "Hassan Nasrallah");
    h.state_mut().autosave_now();
    // The window goes away without saving (a crash): both articles' work is offered.
    drop(h);
    let again =
        DossierApp::new(Box::new(dialogs.clone()), Default::default()).with_recovery(rec.path());
    let mut titles: Vec<String> = again
        .ws
        .orphans
        .iter()
        .map(|o| o.meta.title.clone())
        .collect();
    titles.sort();
    assert_eq!(titles, ["Airport attack", "Strike on the convoy"]);
}

/// A file or folder dropped on the window, as the windowing layer hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn dropped(p: &Path) -> egui::DroppedFileHandle {
    std::sync::Arc::new(Dropped(p.to_path_buf()))
}

#[test]
fn dropping_a_folder_adds_its_articles_and_dropping_a_project_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = new_project(dir.path(), &dialogs);
    let more = tempfile::tempdir().unwrap();
    std::fs::write(
        more.path().join("recall.txt"),
        "Ostrava recalls its ambassador.\n",
    )
    .unwrap();
    // The same text as an article already in the project: noticed, not added twice.
    std::fs::write(more.path().join("copy.md"), FIRST).unwrap();
    h.input_mut().dropped_files.push(dropped(more.path()));
    h.run_steps(2);
    let op = h.state().ws.project.as_ref().unwrap();
    assert_eq!(op.project.articles.len(), 3);
    let notice = h
        .state()
        .prompts
        .notice
        .clone()
        .expect("the duplicate is named");
    assert!(
        notice
            .body
            .contains("already in the project as articles/convoy.ron"),
        "{}",
        notice.body
    );
    h.state_mut().prompts.notice = None;

    let other = tempfile::tempdir().unwrap();
    dossier::io::project::create_project(
        other.path(),
        "Other",
        dossier::model::schema::presets::default_schema(),
    )
    .unwrap();
    h.input_mut().dropped_files.push(dropped(other.path()));
    h.run_steps(3);
    assert_eq!(h.state().ws.project.as_ref().unwrap().project.name, "Other");
}

/// The project's own file, given as if it were a session (command line, Open, a drop), opens
/// its project: it said "missing field `format` in `Header`" before.
#[test]
fn opening_the_project_file_opens_its_project() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    drop(new_project(dir.path(), &dialogs));
    let mut h = harness(&dialogs);
    h.state_mut()
        .push(Action::Open(dir.path().join("dossier-project.ron")));
    h.run_steps(3);
    assert!(
        h.state().prompts.notice.is_none(),
        "{:?}",
        h.state().prompts.notice
    );
    let op = h.state().ws.project.as_ref().expect("the project is open");
    assert_eq!(op.project.articles.len(), 2);
}
