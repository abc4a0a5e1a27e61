//! Comparing and curating two analysts' sessions in the window, and updating the article's
//! text: work on another thread, differences stepped through and settled with undoable edits,
//! annotations left over placed by hand or dropped.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

mod common;

use common::ui::*;
use dossier::analysis::compare::compare;
use dossier::analysis::curate::Kind;
use dossier::model::Span;
use dossier::ui::Sel;
use dossier::ui::action::ToolAction;
use dossier::ui::app::{Action, DossierApp};
use dossier::ui::dialogs::FakeDialogs;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// Frames until the comparison or text update on its thread is done.
fn wait(h: &mut Harness<'_, DossierApp>) {
    wait_until(h, "the comparison", |a| a.curation.job.is_none());
    h.run_steps(2);
}

fn diffs(h: &Harness<'_, DossierApp>) -> Vec<(Kind, Span)> {
    let c = h
        .state()
        .curation
        .open
        .as_ref()
        .expect("a comparison is open");
    c.diffs.iter().map(|d| (d.kind, d.span)).collect()
}

#[test]
fn curating_a_comparison_with_the_keyboard_and_buttons_every_step_undoable() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let dir = tempfile::tempdir().unwrap();
    let (path, b) = analyst_b(dir.path());
    dialogs.answer(Some(path));
    menu(&mut h, &["Compare", "Compare with another session…"]);
    wait(&mut h);
    let start = diffs(&h);
    let kinds: Vec<Kind> = start.iter().map(|d| d.0).collect();
    assert_eq!(kinds.len(), 3, "{start:?}");
    assert!(
        kinds.contains(&Kind::OnlyA) && kinds.contains(&Kind::OnlyB) && kinds.contains(&Kind::Type)
    );
    // The bar says where the analyst is and the agreement; the text is scrolled to the first.
    h.get_by_label_contains("Difference 1 of 3 (3 at the start)");
    h.get_by_label_contains("Agreement at the start: mentions F1");
    assert!(
        h.query_by_label_contains("Now, with what was taken")
            .is_none(),
        "nothing taken yet"
    );
    // Every figure, as the command line prints them.
    h.get_by_label("Agreement by type, role and kind").click();
    h.run_steps(2);
    h.get_by_label("Cohen's kappa on tokens: 0.951");
    h.get_by_label("    Location");
    // Beside the typed figures, the span-only ones: same span, any type.
    h.get_by_label("Mentions, same span, any type");
    h.get_by_label("    Location, span only");
    let first = start[0].1;
    assert!(
        matches!(h.state().ws.doc.as_ref().unwrap().sel, Sel::Text { span, .. } if span == first)
    );
    assert_eq!(h.state().curation.open.as_ref().unwrap().marks.len(), 3);
    // F8 steps on; Alt+B takes B's version of the second difference.
    key(&mut h, Key::F8);
    h.get_by_label_contains("Difference 2 of 3 (3 at the start)");
    key_mod(&mut h, Modifiers::ALT, Key::B);
    assert_eq!(diffs(&h).len(), 2);
    // Buttons: keep A's for one, neither for the last.
    h.get_by_label("Keep A's").click();
    h.run_steps(2);
    assert_eq!(diffs(&h).len(), 1);
    h.get_by_label("Neither").click();
    h.run_steps(2);
    assert!(diffs(&h).is_empty());
    h.get_by_label_contains("No differences left of 3");
    // Three undos give every difference back.
    for _ in 0..3 {
        h.state_mut().push(Action::Undo);
        h.run_steps(2);
    }
    assert_eq!(diffs(&h), start);
    // Take B's everywhere: A then agrees with B.
    for _ in 0..3 {
        key_mod(&mut h, Modifiers::ALT, Key::B);
    }
    assert!(diffs(&h).is_empty());
    let g = compare(session(&h), &b).unwrap();
    assert_eq!((g.exact.f1, g.kappa), (1.0, 1.0));
    // The bar says so too, below the figures at the start (found on another thread when
    // comparing is slow, as it may be on a busy machine); the table shows them now.
    let now = "Now, with what was taken: mentions F1 100 % exact";
    for _ in 0..500 {
        if h.query_by_label_contains(now).is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
    }
    h.get_by_label_contains(now);
    h.get_by_label("Agreement by type, role and kind, now");
    h.get_by_label("Cohen's kappa on tokens: 1.000");
    // Closing leaves the merged session as it is.
    h.get_by_label("Close comparison").click();
    h.run_steps(2);
    assert!(h.state().curation.open.is_none());
}

#[test]
fn a_session_of_another_article_is_refused_and_nothing_changes() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let before = session(&h).clone();
    let dir = tempfile::tempdir().unwrap();
    let other = dossier::model::Session::new(
        dossier::model::Article::new("Other", "A quite different story about rain in Bergen."),
        dossier::model::schema::presets::default_schema(),
    );
    let path = dir.path().join("other.ron");
    dossier::io::save_session(&other, &path).unwrap();
    dialogs.answer(Some(path));
    h.state_mut()
        .push(Action::Curate(dossier::ui::Curate::Open));
    h.run_steps(1);
    wait(&mut h);
    let n = h
        .state()
        .prompts
        .notice
        .clone()
        .expect("the refusal is shown");
    assert!(n.body.contains("different articles"), "{}", n.body);
    assert!(h.state().curation.open.is_none());
    assert!(session(&h).same_content(&before));
    // A file that is not a session: what is wrong and where.
    h.state_mut().prompts.notice = None;
    let broken = dir.path().join("broken.ron");
    std::fs::write(
        &broken,
        "(format: \"dossier-session\", version: 1, article: (",
    )
    .unwrap();
    dialogs.answer(Some(broken));
    h.state_mut()
        .push(Action::Curate(dossier::ui::Curate::Open));
    h.run_steps(1);
    wait(&mut h);
    let n = h
        .state()
        .prompts
        .notice
        .clone()
        .expect("the error is shown");
    assert!(n.body.contains("line 1"), "{}", n.body);
    assert!(h.state().curation.open.is_none());
    assert!(session(&h).same_content(&before));
}
#[test]
fn updating_the_article_text_moves_the_annotations_and_undo_puts_everything_back() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let before = session(&h).clone();
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("v2.txt");
    std::fs::write(
        &new,
        format!(
            "UPDATED 🙂 {}",
            before.article.text.replace("Saint-Anne", "Saint Anne")
        ),
    )
    .unwrap();
    dialogs.answer(Some(new));
    h.state_mut()
        .push(Action::Tool(ToolAction::UpdateArticleText));
    h.run_steps(1);
    wait(&mut h);
    let s = session(&h);
    assert!(s.article.text.starts_with("UPDATED 🙂 "));
    assert_eq!(s.mentions.len(), before.mentions.len());
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    let notice = h
        .state()
        .prompts
        .notice
        .clone()
        .expect("the near match is named");
    assert!(
        notice.body.contains("Saint Anne Hospital"),
        "{}",
        notice.body
    );
    h.state_mut().prompts.notice = None;
    h.state_mut().push(Action::Undo);
    h.run_steps(2);
    let s = session(&h);
    assert_eq!(s.article.text, before.article.text);
    assert!(
        s.same_content(&before),
        "undo gives back the old text and annotations"
    );
}

#[test]
fn an_annotation_the_new_text_lost_is_placed_by_hand_or_dropped() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let before = session(&h).clone();
    // The new version drops the sentence naming Krejčí, and renames him further on.
    let text = before.article.text.replace("Pavel Krejčí", "P. Krejci");
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("v2.txt");
    std::fs::write(&new, &text).unwrap();
    dialogs.answer(Some(new));
    menu(&mut h, &["File", "Update article text…"]);
    wait(&mut h);
    h.state_mut().prompts.notice = None;
    h.run_steps(2);
    let lost = session(&h).orphaned.clone();
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert_eq!(lost[0].mention.quote, "Pavel Krejčí");
    h.get_by_label_contains("could not be placed on the new text");
    // Place it on its new words: a mention of the entity it had.
    let span = span_of(&h, "P. Krejci");
    h.state_mut()
        .push(Action::Select(Sel::Text { anchor: span, span }));
    h.run_steps(2);
    h.get_by_label("Place on the selection").click();
    h.run_steps(2);
    let s = session(&h);
    assert!(s.orphaned.is_empty());
    let m = mention_at(s, span).expect("placed");
    assert_eq!(
        (m.entity, m.entity_type.as_str()),
        (lost[0].mention.entity, "Person")
    );
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    // Undo brings it back to the list; Drop gives it up.
    h.state_mut().push(Action::Undo);
    h.run_steps(2);
    assert_eq!(session(&h).orphaned.len(), 1);
    h.get_by_label("Drop").click();
    h.run_steps(2);
    assert!(session(&h).orphaned.is_empty());
    assert!(mention_at(session(&h), span).is_none());
}

#[test]
fn a_cancelled_update_changes_nothing() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let before = session(&h).clone();
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("v2.txt");
    std::fs::write(&new, format!("UPDATED. {}", before.article.text)).unwrap();
    dialogs.answer(Some(new));
    h.state_mut()
        .push(Action::Tool(ToolAction::UpdateArticleText));
    h.state_mut()
        .push(Action::Curate(dossier::ui::Curate::Cancel));
    h.run_steps(1);
    assert!(
        h.state().status.contains("cancelled"),
        "{}",
        h.state().status
    );
    wait(&mut h);
    std::thread::sleep(std::time::Duration::from_millis(200));
    h.run_steps(2);
    assert!(session(&h).same_content(&before));
    assert!(h.state().prompts.notice.is_none());
}

#[test]
fn the_text_is_updated_from_the_file_it_was_imported_from() {
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.run_steps(2);
    // The sample session has no source file: said so, nothing changes.
    h.state_mut().push(Action::Open(demo_path()));
    h.run_steps(3);
    h.state_mut()
        .push(Action::Tool(ToolAction::UpdateFromSource));
    h.run_steps(2);
    assert!(
        h.state().status.contains("not imported from a file"),
        "{}",
        h.state().status
    );
    // An article imported from a file, the file then corrected.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("strike.txt");
    std::fs::copy(sample("harbour-strike.txt"), &file).unwrap();
    dialogs.answer(Some(file.clone()));
    h.state_mut().push(Action::NewFromArticle);
    h.run_steps(3);
    let span = span_of(&h, "Port Veyra");
    let cmd = session(&h).clone().cmd_annotate(span, "GPE").unwrap();
    h.state_mut().push(Action::Edit(cmd));
    h.run_steps(2);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("Correction appended at the top.\n\n{text}")).unwrap();
    h.state_mut()
        .push(Action::Tool(ToolAction::UpdateFromSource));
    h.run_steps(1);
    wait(&mut h);
    let s = session(&h);
    assert!(s.article.text.starts_with("Correction appended"));
    let m = s.mentions.values().next().expect("the mention moved");
    assert_eq!(s.article.slice(m.span), Some("Port Veyra"));
}

#[test]
fn an_edit_while_the_comparison_is_read_shows_as_a_difference() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = analyst_b(dir.path());
    dialogs.answer(Some(path));
    h.state_mut()
        .push(Action::Curate(dossier::ui::Curate::Open));
    let span = span_of(&h, "Friday");
    let cmd = session(&h).clone().cmd_annotate(span, "DateTime").unwrap();
    h.state_mut().push(Action::Edit(cmd));
    h.run_steps(1);
    wait(&mut h);
    // The comparison opened all the same: B's three differences, and Friday, which A has now.
    let d = diffs(&h);
    assert_eq!(d.len(), 4, "{d:?}");
    assert!(d.contains(&(Kind::OnlyA, span)), "{d:?}");
}
