//! Autosave and recovery: unsaved work survives the end of the program and is offered back.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

mod common;

use common::ui::*;
use dossier::ui::app::{Action, DossierApp, Prefs, WriteGate};
use dossier::ui::dialogs::FakeDialogs;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;

fn app_with_recovery(dialogs: &FakeDialogs, dir: &Path) -> Harness<'static, DossierApp> {
    let app = DossierApp::new(Box::new(dialogs.clone()), Prefs::default()).with_recovery(dir);
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_step_dt(0.05)
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut DossierApp| app.frame(ui), app)
}

fn files(dir: &Path, ext: &str) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == ext)
        })
        .count()
}

fn annotate_word(h: &mut Harness<'_, DossierApp>, word: &str, k: Key) {
    let c = char_of(h, word, 0);
    key(h, Key::Escape);
    click_char(h, c, Modifiers::NONE);
    key(h, k);
}

#[test]
fn unsaved_work_is_offered_back_after_the_program_ends() {
    let rec = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut a = app_with_recovery(&dialogs, rec.path());
    a.state_mut()
        .push(Action::Open(sample("harbour-strike.txt")));
    a.run_steps(2);
    annotate_word(&mut a, "Vronsky", Key::P);
    annotate_word(&mut a, "Geneva", Key::G);
    // The window losing focus writes the recovery copy at once.
    a.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .focused = Some(false);
    a.run_steps(2);
    assert_eq!(files(rec.path(), "ron"), 1, "recovery written");
    let expected = session(&a).clone();

    // A second instance running at the same time does not offer (or touch) the first one's work.
    let d2 = FakeDialogs::default();
    let b = app_with_recovery(&d2, rec.path());
    assert!(b.state().ws.orphans.is_empty());
    drop(b);

    // The first instance closes without saving. (A real crash, which leaves its lock file behind,
    // is `work_of_a_killed_process_is_offered_and_a_running_ones_is_not`.)
    drop(a);
    let d3 = FakeDialogs::default();
    let mut c = app_with_recovery(&d3, rec.path());
    assert_eq!(c.state().ws.orphans.len(), 1);
    c.run_steps(10);
    c.get_by_label("Recover unsaved work");
    c.get_by_label_contains("2 mentions");
    c.get_by_label("Restore").click();
    c.run_steps(4);
    let s = session(&c);
    assert_eq!(s.mentions, expected.mentions);
    assert_eq!(s.entities, expected.entities);
    assert!(
        c.state().ws.doc.as_ref().unwrap().is_dirty(),
        "restored work is unsaved until saved"
    );
    assert!(c.state().window_title().ends_with('*'));
    // Only the restoring instance's own copy is left.
    assert_eq!(files(rec.path(), "ron"), 1);

    // Saving removes the recovery copy.
    let out = work.path().join("restored.ron");
    d3.answer(Some(out.clone()));
    key_mod(&mut c, Modifiers::COMMAND, Key::S);
    assert!(out.exists());
    assert_eq!(files(rec.path(), "ron"), 0);
    assert!(!c.state().ws.doc.as_ref().unwrap().is_dirty());
}

#[test]
fn discarding_a_recovery_removes_it_and_autosave_waits_for_changes() {
    let rec = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut a = app_with_recovery(&dialogs, rec.path());
    a.state_mut().push(Action::Open(sample("grain-deal.md")));
    a.run_steps(2);
    // Nothing unsaved: nothing written.
    assert!(!a.state_mut().autosave_now());
    assert_eq!(files(rec.path(), "ron"), 0);
    annotate_word(&mut a, "Geneva", Key::G);
    // The first change is written at once; later ones at most every 30 s or on losing focus.
    assert_eq!(files(rec.path(), "ron"), 1);
    // The same state is not written twice.
    assert!(!a.state_mut().autosave_now());
    annotate_word(&mut a, "Kessel", Key::G);
    assert!(a.state_mut().autosave_now());
    drop(a);

    let d2 = FakeDialogs::default();
    let mut b = app_with_recovery(&d2, rec.path());
    b.run_steps(10);
    b.get_by_label("Discard").click();
    b.run_steps(3);
    assert!(b.state().ws.orphans.is_empty());
    assert_eq!(files(rec.path(), "ron"), 0);
    assert_eq!(files(rec.path(), "meta"), 0);
    assert!(b.state().ws.doc.is_none());
}

#[test]
fn discarding_changes_on_quit_removes_the_recovery() {
    let rec = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut a = app_with_recovery(&dialogs, rec.path());
    a.state_mut().push(Action::Open(sample("grain-deal.md")));
    a.run_steps(2);
    annotate_word(&mut a, "Kessel", Key::G);
    assert_eq!(files(rec.path(), "ron"), 1);
    menu(&mut a, &["File", "Quit"]);
    a.run_steps(8);
    a.get_by_label("Discard").click();
    a.run_steps(2);
    assert!(a.state().closing);
    assert_eq!(files(rec.path(), "ron"), 0);
}

/// Big sessions save and autosave on another thread from a copy. (The size limit is lowered here
/// so that the sample takes that path, and the writes are held back by a gate so that the window
/// can be seen with a write in flight.) The title keeps its star until the file is on disk; edits
/// made while the copy is written stay unsaved; the recovery copy is gone once the work is saved;
/// quitting waits for a write in flight.
#[test]
fn big_sessions_save_and_autosave_in_the_background() {
    let rec = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut a = app_with_recovery(&dialogs, rec.path());
    let gate = WriteGate::default();
    a.state_mut().jobs.background_save_mentions = 0;
    a.state_mut().jobs.write_gate = Some(gate.clone());
    a.state_mut()
        .push(Action::Open(sample("harbour-strike.txt")));
    a.run_steps(2);

    // Autosave (the first one comes with the first change): written by another thread.
    gate.close();
    annotate_word(&mut a, "Vronsky", Key::P);
    a.run_steps(3);
    assert!(
        a.state().jobs.writing.is_some(),
        "the autosave is in flight"
    );
    assert_eq!(files(rec.path(), "ron"), 0, "held back");
    gate.open();
    wait_for_writes(&mut a);
    assert_eq!(files(rec.path(), "ron"), 1, "recovery written");

    // Save: the title keeps its star until the file is on disk.
    gate.close();
    let out = work.path().join("big.ron");
    dialogs.answer(Some(out.clone()));
    key_mod(&mut a, Modifiers::COMMAND, Key::S);
    let saved = session(&a).clone();
    a.run_steps(3);
    assert!(a.state().jobs.writing.is_some(), "the save is in flight");
    assert!(!out.exists());
    assert!(
        a.state().window_title().ends_with('*'),
        "{}",
        a.state().window_title()
    );
    // An edit while the copy is being written.
    annotate_word(&mut a, "Geneva", Key::G);
    gate.open();
    wait_for_writes(&mut a);
    assert_eq!(
        a.state().ws.doc.as_ref().unwrap().path.as_deref(),
        Some(out.as_path())
    );
    let (on_disk, _) = dossier::io::load_session(&out).unwrap();
    assert_eq!(on_disk.mentions, saved.mentions, "the copy taken at Ctrl+S");
    assert!(
        a.state().ws.doc.as_ref().unwrap().is_dirty(),
        "the later edit is not saved yet"
    );
    assert!(a.state().window_title().ends_with('*'));
    // Undoing that edit returns to the saved state.
    key_mod(&mut a, Modifiers::COMMAND, Key::Z);
    assert!(!a.state().ws.doc.as_ref().unwrap().history.is_dirty());
    a.run_steps(2);
    assert!(
        !a.state().window_title().ends_with('*'),
        "{}",
        a.state().window_title()
    );

    // A save that fails on the other thread says so and leaves the work unsaved and where it was.
    annotate_word(&mut a, "Geneva", Key::G);
    dialogs.answer(Some(work.path().join("no such folder").join("x.ron")));
    key_mod(&mut a, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    wait_for_writes(&mut a);
    let notice = a
        .state()
        .prompts
        .notice
        .as_ref()
        .expect("the failure is shown");
    assert!(
        notice.title.starts_with("Could not save"),
        "{}",
        notice.title
    );
    assert!(a.state().ws.doc.as_ref().unwrap().is_dirty());
    assert_eq!(
        a.state().ws.doc.as_ref().unwrap().path.as_deref(),
        Some(out.as_path())
    );
    a.state_mut().prompts.notice = None;
    key_mod(&mut a, Modifiers::COMMAND, Key::Z);

    // Saved and clean: the recovery copy is gone.
    key_mod(&mut a, Modifiers::COMMAND, Key::S);
    wait_for_writes(&mut a);
    assert!(!a.state().ws.doc.as_ref().unwrap().is_dirty());
    assert_eq!(files(rec.path(), "ron"), 0);

    // Ctrl+S then Ctrl+Q while the save is still being written: quitting waits for it, and
    // with the work then on disk it closes without asking.
    annotate_word(&mut a, "Ostrava", Key::G);
    let expected = session(&a).mentions.clone();
    wait_for_writes(&mut a);
    gate.close();
    key_mod(&mut a, Modifiers::COMMAND, Key::S);
    assert!(a.state().jobs.writing.is_some(), "the save is in flight");
    let opener = {
        let gate = gate.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            gate.open();
        })
    };
    key_mod(&mut a, Modifiers::COMMAND, Key::Q);
    assert!(a.state().closing);
    assert!(
        a.state().jobs.writing.is_none(),
        "quitting waited for the save"
    );
    assert!(
        a.query_by_label("Discard").is_none(),
        "nothing left to ask about"
    );
    let (on_disk, _) = dossier::io::load_session(&out).unwrap();
    assert_eq!(on_disk.mentions, expected);
    assert_eq!(files(rec.path(), "ron"), 0, "saved: no recovery copy left");
    opener.join().unwrap();
}

/// Let frames run until no write is in flight.
fn wait_for_writes(h: &mut Harness<'_, DossierApp>) {
    wait_until(h, "a background write", |a| a.jobs.writing.is_none());
}

/// A real crash: another process holds a recovery copy (as the window does) and is killed with
/// SIGKILL, so nothing of its own cleans up and its lock file stays behind. While it runs, a new
/// window must not offer its work; once it is dead, the new window offers it and restores it.
#[test]
fn work_of_a_killed_process_is_offered_and_a_running_ones_is_not() {
    use assert_cmd::cargo::CommandCargoExt;
    use std::process::{Command, Stdio};

    let rec = tempfile::tempdir().unwrap();
    let mut child = Command::cargo_bin("dossier")
        .unwrap()
        .arg("recovery-hold")
        .arg(rec.path())
        .arg(demo_path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Killed however the test ends, so that a failed assertion leaves no process behind.
    let out = child.stdout.take().unwrap();
    let mut child = common::child::KillOnDrop(child);
    let line = common::child::first_line(out, "recovery-hold");
    assert_eq!(line.trim(), "holding");
    assert_eq!(files(rec.path(), "ron"), 1);

    // The other instance is alive: nothing is offered and its files are left alone.
    let d1 = FakeDialogs::default();
    let mut a = app_with_recovery(&d1, rec.path());
    a.run_steps(4);
    assert!(a.state().ws.orphans.is_empty());
    assert!(a.query_by_label("Recover unsaved work").is_none());
    drop(a);
    assert_eq!(files(rec.path(), "ron"), 1);
    assert_eq!(files(rec.path(), "lock"), 1);

    child.0.kill().unwrap(); // SIGKILL on Unix: no destructor runs
    child.0.wait().unwrap();
    assert_eq!(files(rec.path(), "lock"), 1, "a crash leaves its lock file");

    let d2 = FakeDialogs::default();
    let mut b = app_with_recovery(&d2, rec.path());
    assert_eq!(b.state().ws.orphans.len(), 1);
    b.run_steps(10);
    b.get_by_label("Recover unsaved work");
    b.get_by_label("Restore").click();
    b.run_steps(4);
    let (expected, _) = dossier::io::load_session(&demo_path()).unwrap();
    let s = session(&b);
    assert_eq!(s.mentions, expected.mentions);
    assert_eq!(s.entities, expected.entities);
    assert_eq!(s.events, expected.events);
    assert!(b.state().window_title().ends_with('*'));
    drop(b);
    // Restored: the dead instance's files, its stale lock included, are gone; what is left is
    // the restoring window's own copy of the still unsaved work.
    let left: Vec<String> = std::fs::read_dir(rec.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let dead = format!("recovery-{pid}-");
    assert!(!left.iter().any(|f| f.starts_with(&dead)), "{left:?}");
    assert_eq!(files(rec.path(), "ron"), 1, "{left:?}");
}
