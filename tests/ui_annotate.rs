//! The annotation window, driven headlessly with egui_kittest: clicks, keys and AccessKit queries
//! on the real app state.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

mod common;

use common::ui::*;
use dossier::model::Span;
use dossier::model::session::Selection;
use dossier::ui::Sel;
use dossier::ui::app::Action;
use dossier::ui::dialogs::FakeDialogs;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use std::path::Path;

#[test]
fn annotate_by_clicking_words_and_pressing_keys() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    assert!(h.state().window_title().starts_with("Dossier — "));

    // A click selects the word; multi-byte characters (curly quotes, “Halvern’s”) come earlier.
    let dragovic = span_of(&h, "Dragović");
    assert!(
        session(&h).text()[..session(&h).article.byte_of(dragovic.start).unwrap()].contains('“')
    );
    click_char(&mut h, dragovic.start + 3, Modifiers::NONE);
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().sel.text_span(),
        Some(dragovic)
    );
    key(&mut h, Key::P);
    let m = mention_at(session(&h), dragovic)
        .expect("mention created")
        .clone();
    assert_eq!(m.quote, "Dragović");
    assert_eq!(m.entity_type, "Person");
    assert_eq!(session(&h).entities[&m.entity].name, "Dragović");

    // The new mention is published to AccessKit.
    h.get_by_label_contains("Person: “Dragović”");

    // Shift-click extends from a word to another word, making an overlapping mention.
    let mirela = span_of(&h, "Mirela");
    click_char(&mut h, mirela.start + 1, Modifiers::NONE);
    click_char(&mut h, dragovic.start + 1, Modifiers::SHIFT);
    let full = Span::new(mirela.start, dragovic.end);
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().sel.text_span(),
        Some(full)
    );
    key(&mut h, Key::P);
    assert_eq!(
        mention_at(session(&h), full).unwrap().quote,
        "Mirela Dragović"
    );
    assert!(
        mention_at(session(&h), dragovic).is_some(),
        "the inner mention stays"
    );

    // Shift+drag extends the selection too, across mentions: from "said" over "Colonel …".
    let said = span_of(&h, "said Colonel");
    let said = Span::new(said.start, said.start + 4);
    click_char(&mut h, said.start + 1, Modifiers::NONE);
    let spokes = span_of(&h, "spokeswoman");
    drag(&mut h, mirela.start + 1, spokes.start + 2, Modifiers::SHIFT);
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().sel.text_span(),
        Some(Span::new(said.start, spokes.end))
    );
    key(&mut h, Key::Escape);

    // Drag selects a range of words.
    let hospital = span_of(&h, "Saint-Anne Hospital");
    drag(
        &mut h,
        hospital.start + 1,
        hospital.end - 2,
        Modifiers::NONE,
    );
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().sel.text_span(),
        Some(hospital)
    );
    key(&mut h, Key::F);
    assert_eq!(
        mention_at(session(&h), hospital).unwrap().entity_type,
        "Facility"
    );

    // Alt selects exact characters.
    let veyra = span_of(&h, "Veyra");
    drag(&mut h, veyra.start, veyra.start + 2, Modifiers::ALT);
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().sel.text_span(),
        Some(Span::new(veyra.start, veyra.start + 3))
    );
    key(&mut h, Key::Escape);
    assert_eq!(h.state().ws.doc.as_ref().unwrap().sel, Sel::None);

    // An emoji outside the BMP: offsets after it stay right.
    let after = span_of(&h, "fireworks");
    click_char(&mut h, after.start, Modifiers::NONE);
    key(&mut h, Key::W);
    assert_eq!(mention_at(session(&h), after).unwrap().quote, "fireworks");
    let until = span_of(&h, "until");
    click_char(&mut h, until.start + 2, Modifiers::NONE);
    key(&mut h, Key::D);
    assert_eq!(mention_at(session(&h), until).unwrap().quote, "until");
    assert_eq!(session(&h).mentions.len(), 5);
    assert!(h.state().ws.doc.as_ref().unwrap().is_dirty());
    assert!(h.state().window_title().ends_with('*'));
}

#[test]
fn retype_delete_undo_redo() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let ibanez = span_of(&h, "Ibáñez");
    click_char(&mut h, ibanez.start + 2, Modifiers::NONE);
    key(&mut h, Key::P);
    let id = mention_at(session(&h), ibanez).unwrap().id;

    // Clicking the mention selects it; a type key retypes it.
    key(&mut h, Key::Escape);
    click_char(&mut h, ibanez.start + 2, Modifiers::NONE);
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().sel,
        Sel::Item(Selection::Mention(id))
    );
    key(&mut h, Key::O);
    assert_eq!(session(&h).mentions[&id].entity_type, "Organization");

    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(session(&h).mentions[&id].entity_type, "Person");
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(session(&h).mentions[&id].entity_type, "Organization");
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    key_mod(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(session(&h).mentions[&id].entity_type, "Organization");

    // Delete removes it (and its now-empty entity); undo brings both back.
    key(&mut h, Key::Escape);
    click_char(&mut h, ibanez.start + 2, Modifiers::NONE);
    key(&mut h, Key::Delete);
    assert!(session(&h).mentions.is_empty());
    assert!(session(&h).entities.is_empty());
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(session(&h).mentions[&id].quote, "Ibáñez");
    assert_eq!(session(&h).entities.len(), 1);

    // A second mention of the same name joins the same entity (coreference by name).
    let second = Span::new(char_of(&h, "Ibáñez", 1), char_of(&h, "Ibáñez", 1) + 6);
    click_char(&mut h, second.start + 1, Modifiers::NONE);
    key(&mut h, Key::O);
    let e1 = session(&h).mentions[&id].entity;
    assert_eq!(mention_at(session(&h), second).unwrap().entity, e1);
}

#[test]
fn save_and_reopen_finds_the_same_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("strike.ron");
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    for (w, k) in [("Tomás", Key::P), ("Ostrava", Key::G), ("Geneva", Key::G)] {
        let sp = span_of(&h, w);
        click_char(&mut h, sp.start + 1, Modifiers::NONE);
        key(&mut h, k);
    }
    dialogs.answer(Some(path.clone()));
    key_mod(&mut h, Modifiers::COMMAND, Key::S);
    assert!(
        path.exists(),
        "saved through the dialog: {}",
        h.state().status
    );
    assert!(!h.state().ws.doc.as_ref().unwrap().is_dirty());
    assert!(!h.state().window_title().ends_with('*'));
    let saved = session(&h).clone();

    // A second Ctrl+S does not ask again.
    let sp = span_of(&h, "Pavel Krejčí");
    drag(&mut h, sp.start, sp.end - 1, Modifiers::NONE);
    key(&mut h, Key::P);
    key_mod(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().ws.doc.as_ref().unwrap().is_dirty());

    let dialogs2 = FakeDialogs::default();
    let mut h2 = harness(&dialogs2);
    dialogs2.answer(Some(path.clone()));
    h2.run_steps(2);
    menu(&mut h2, &["File", "Open session…"]);
    h2.run_steps(1);
    let back = session(&h2);
    assert_eq!(back.mentions.len(), saved.mentions.len() + 1);
    for m in saved.mentions.values() {
        assert_eq!(back.mentions[&m.id], *m);
    }
    assert_eq!(mention_at(back, sp).unwrap().quote, "Pavel Krejčí");
    // Everything, not only the mentions: what the window had is what the file gives back.
    let open = session(&h);
    assert!(back.same_content(open), "the reopened session differs");
    assert_eq!(back.next_id, open.next_id);
}

#[test]
fn a_broken_session_shows_an_error_and_keeps_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(format: \"dossier-session\", version: 1, article: (title: 5",
    )
    .unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let sp = span_of(&h, "Colonel");
    click_char(&mut h, sp.start, Modifiers::NONE);
    key(&mut h, Key::P);
    let before = session(&h).clone();

    dialogs.answer(Some(bad.clone()));
    // Saving first is declined through the guard: discard keeps nothing, so use a clean state.
    h.state_mut().ws.doc.as_mut().unwrap().history.mark_saved();
    menu(&mut h, &["File", "Open session…"]);
    h.run_steps(1);
    let notice = h.state().prompts.notice.clone().expect("an error is shown");
    assert!(notice.title.contains("bad.ron"), "{notice:?}");
    assert!(notice.body.contains("line 1, column"), "{notice:?}");
    assert_eq!(session(&h), &before);
    h.get_by_label_contains("line 1, column");
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().prompts.notice.is_none());

    // A file that is not an article at all.
    let bin = dir.path().join("photo.txt");
    std::fs::write(&bin, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    h.state_mut().push(Action::Open(bin));
    h.run_steps(3);
    assert!(
        h.state()
            .prompts
            .notice
            .as_ref()
            .unwrap()
            .body
            .contains("binary")
    );
    assert_eq!(session(&h), &before);
}

#[test]
fn unsaved_changes_guard() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let sp = span_of(&h, "Vronsky");
    click_char(&mut h, sp.start, Modifiers::NONE);
    key(&mut h, Key::P);

    // Cancel: nothing happens.
    h.state_mut().push(Action::Open(sample("grain-deal.md")));
    // Modals fade in; let the animation finish so that they are visible to AccessKit.
    h.run_steps(10);
    assert!(h.state().prompts.guard.is_some());
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().prompts.guard.is_none());
    assert!(session(&h).article.title.starts_with("Drone strike"));
    assert_eq!(session(&h).mentions.len(), 1);

    // Save: asks for a path, saves, then opens the other file.
    let path = dir.path().join("saved.ron");
    dialogs.answer(Some(path.clone()));
    h.state_mut().push(Action::Open(sample("grain-deal.md")));
    // Modals fade in; let the animation finish so that they are visible to AccessKit.
    h.run_steps(10);
    h.get_by_label("Save").click();
    h.run_steps(3);
    assert!(path.exists());
    assert!(session(&h).article.title.starts_with("Rivals sign"));

    // Discard on quit: the window may close.
    let sp = span_of(&h, "Geneva");
    click_char(&mut h, sp.start, Modifiers::NONE);
    key(&mut h, Key::G);
    // File ▸ Quit, then the prompt's Discard button.
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Quit").click();
    h.run_steps(3);
    assert!(!h.state().closing);
    assert!(h.state().prompts.guard.is_some());
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(h.state().closing);
}

#[test]
fn shortcut_overlay_and_find() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    key(&mut h, Key::F1);
    assert!(h.state().prompts.show_shortcuts);
    h.get_by_label("Keyboard shortcuts");
    // Generated from the command table and the schema.
    h.get_by_label("Annotate as Person");
    h.get_by_label("Ctrl+Shift+S");
    h.get_by_label("Save as");
    key(&mut h, Key::Escape);
    assert!(!h.state().prompts.show_shortcuts);

    key_mod(&mut h, Modifiers::COMMAND, Key::F);
    assert!(h.state().views.find.open);
    h.get_by_label("Find").type_text("ostrava");
    h.run_steps(3);
    assert_eq!(
        h.state().views.view.hits.len(),
        session(&h).text().matches("Ostrava").count()
    );
    // Typing in the find field must not annotate anything.
    assert!(session(&h).mentions.is_empty());
}

#[test]
fn import_brat_and_export_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/brat-news-tutorial");
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.run_steps(2);
    dialogs.answer(Some(data.join("090-event_structures.ann")));
    h.get_by_label("File").click();
    h.run_steps(10);
    h.get_by_label("Import brat (.ann)…").click();
    h.run_steps(4);
    assert!(
        h.state().prompts.notice.is_none(),
        "{:?}",
        h.state().prompts.notice
    );
    let s = session(&h);
    assert_eq!(s.events.len(), 6);
    assert!(s.schema.event_types.iter().any(|t| t.id == "Report"));
    // A nested event is drawn with its trigger; its label is published.
    h.get_by_label_contains("Event Report “told”");

    // File ▸ Export ▸ CSV event table…
    let csv = dir.path().join("events.csv");
    dialogs.answer(Some(csv.clone()));
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Export").hover();
    h.run_steps(2);
    h.get_by_label("CSV event table…").click();
    h.run_steps(3);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 7);
    assert!(h.state().status.contains("Exported"));

    // A big session exports from a copy on another thread (the limit lowered to take that path).
    h.state_mut().jobs.background_save_mentions = 0;
    let ld = dir.path().join("events.jsonld");
    dialogs.answer(Some(ld.clone()));
    menu(&mut h, &["File", "Export", "W3C Web Annotation JSON-LD…"]);
    for _ in 0..500 {
        if h.state().jobs.writing.is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
    }
    assert!(
        h.state().status.contains("Exported"),
        "{}",
        h.state().status
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&ld).unwrap()).unwrap();
    assert_eq!(v["type"], "AnnotationCollection");
    h.state_mut().jobs.background_save_mentions = dossier::ui::app::BACKGROUND_SAVE_MENTIONS;

    // A missing .txt: the error is shown and the open session stays.
    let lonely = dir.path().join("lonely.ann");
    std::fs::write(&lonely, "T1\tPerson 0 1\tx\n").unwrap();
    let before = session(&h).clone();
    dialogs.answer(Some(lonely));
    menu(&mut h, &["File", "Import brat (.ann)…"]);
    h.run_steps(1);
    assert!(
        h.state()
            .prompts
            .notice
            .as_ref()
            .unwrap()
            .body
            .contains("lonely.txt"),
        "{:?}",
        h.state().prompts.notice
    );
    assert_eq!(session(&h), &before);
}

#[test]
fn big_files_open_in_the_background_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let big =
        dossier::analysis::synth::session(dossier::analysis::synth::Size::named("100k").unwrap());
    let path = dir.path().join("big.ron");
    dossier::io::save_session(&big, &path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > dossier::ui::app::BACKGROUND_BYTES);

    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let before = session(&h).clone();
    h.state_mut().push(Action::Open(path.clone()));
    h.run_steps(1);
    // The window keeps running while the file loads: the prompt shows, the work is untouched.
    assert!(h.state().jobs.loading.is_some());
    h.run_steps(6);
    // In its prompt, and in the status bar's list of work running.
    assert_eq!(h.query_all_by_label_contains("Opening big.ron").count(), 2);
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().jobs.loading.is_none());
    std::thread::sleep(std::time::Duration::from_millis(300));
    h.run_steps(3);
    assert_eq!(session(&h), &before, "a cancelled open changes nothing");

    // Not cancelled: it opens.
    h.state_mut().push(Action::Open(path));
    for _ in 0..200 {
        h.run_steps(1);
        if h.state().jobs.loading.is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(session(&h).mentions.len(), big.mentions.len());
}

#[test]
fn big_brat_documents_import_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let big =
        dossier::analysis::synth::session(dossier::analysis::synth::Size::named("100k").unwrap());
    let out = dossier::io::brat::export(&big);
    let (txt, ann) = (dir.path().join("big.txt"), dir.path().join("big.ann"));
    std::fs::write(&txt, &out.txt).unwrap();
    std::fs::write(&ann, &out.ann).unwrap();
    std::fs::write(dir.path().join("annotation.conf"), &out.conf).unwrap();
    assert!(
        (out.txt.len() + out.ann.len()) as u64 > dossier::ui::app::BRAT_BACKGROUND_BYTES,
        "{} bytes",
        out.txt.len() + out.ann.len()
    );

    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let before = session(&h).clone();
    assert!(h.state_mut().import_brat(&ann));
    h.run_steps(1);
    // The prompt shows while the window keeps drawing; cancelling changes nothing.
    assert!(h.state().jobs.loading.is_some());
    h.run_steps(6);
    // In its prompt, and in the status bar's list of work running.
    assert_eq!(
        h.query_all_by_label_contains("Importing big.ann").count(),
        2
    );
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().jobs.loading.is_none());
    std::thread::sleep(std::time::Duration::from_millis(300));
    h.run_steps(3);
    assert_eq!(session(&h), &before, "a cancelled import changes nothing");

    assert!(h.state_mut().import_brat(&ann));
    for _ in 0..500 {
        h.run_steps(1);
        if h.state().jobs.loading.is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(session(&h).mentions.len(), big.mentions.len());
    assert_eq!(session(&h).events.len(), big.events.len());
    assert!(
        h.state().status.starts_with("Imported"),
        "{}",
        h.state().status
    );
}

#[test]
fn ctrl_click_makes_a_discontinuous_mention_that_undo_removes() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let colonel = span_of(&h, "Colonel");
    let dragovic = span_of(&h, "Dragović");
    click_char(&mut h, colonel.start + 1, Modifiers::NONE);
    click_char(&mut h, dragovic.start + 1, Modifiers::COMMAND);
    assert_eq!(h.state().ws.doc.as_ref().unwrap().pieces, [colonel]);
    key(&mut h, Key::P);
    let s = session(&h);
    let m = s.mentions.values().next().expect("one mention");
    assert_eq!(m.fragments, [colonel, dragovic]);
    assert_eq!(m.quote, "Colonel Dragović");
    assert_eq!(s.entities[&m.entity].name, "Colonel Dragović");
    // One accessible mention, on its first piece; the word between is not part of it.
    assert_eq!(
        h.query_all_by_label("Person: “Colonel Dragović” → Colonel Dragović")
            .count(),
        1
    );
    let mirela = span_of(&h, "Mirela");
    click_char(&mut h, mirela.start + 1, Modifiers::NONE);
    assert!(
        matches!(h.state().ws.doc.as_ref().unwrap().sel, Sel::Text { .. }),
        "the gap is plain text"
    );
    key_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(session(&h).mentions.is_empty());
}

#[test]
fn ctrl_click_makes_a_split_trigger() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let accused = span_of(&h, "accused");
    let government = span_of(&h, "government");
    click_char(&mut h, accused.start + 1, Modifiers::NONE);
    click_char(&mut h, government.start + 1, Modifiers::COMMAND);
    key_mod(&mut h, Modifiers::SHIFT, Key::X);
    let s = session(&h);
    let ev = s.events.values().next().expect("an event");
    assert_eq!(ev.trigger_fragments, [accused, government]);
    assert_eq!(s.event_label(ev), "Accuse “accused … government”");
}

/// The start screen's sample links open the bundled articles; View ▸ Dark theme switches the
/// theme and back; annotating a span again with the type it has is refused with a reason.
#[test]
fn samples_theme_and_a_refused_duplicate() {
    for sample in dossier::io::samples::SAMPLES {
        let dialogs = FakeDialogs::default();
        let mut h = harness(&dialogs);
        h.run_steps(2);
        h.get_by_label("Samples");
        h.get_by_label(sample.file_name).click();
        h.run_steps(3);
        let expected = dossier::io::samples::load(sample).unwrap();
        assert_eq!(
            session(&h).article.text,
            expected.text,
            "{}",
            sample.file_name
        );
        assert!(h.state().status.contains(sample.file_name));
    }

    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Dark theme").click();
    h.run_steps(3);
    assert!(h.state().prefs.dark);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Light theme").click();
    h.run_steps(3);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);

    let sp = span_of(&h, "Geneva");
    click_char(&mut h, sp.start, Modifiers::NONE);
    key(&mut h, Key::G);
    assert_eq!(session(&h).mentions.len(), 1);
    let before = session(&h).clone();
    key(&mut h, Key::Escape);
    click_char(&mut h, sp.start, Modifiers::NONE);
    key(&mut h, Key::G);
    assert_eq!(session(&h).mentions, before.mentions, "nothing added");
    assert!(h.state().status.contains("already"), "{}", h.state().status);
    // The same characters selected by dragging over them: the duplicate check refuses it.
    key(&mut h, Key::Escape);
    drag(&mut h, sp.start, sp.end - 1, Modifiers::NONE);
    key(&mut h, Key::G);
    assert_eq!(session(&h).mentions, before.mentions, "nothing added");
    assert!(
        h.state()
            .status
            .contains("“Geneva” is already annotated as GPE"),
        "{}",
        h.state().status
    );
}

/// A saved web page names images, styles, scripts and frames on a server; opening it shows the
/// article's text and fetches none of them (a local server counts the connections).
#[test]
fn opening_a_saved_web_page_fetches_nothing() {
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    server.set_nonblocking(true).unwrap();
    let url = format!("http://{}", server.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        format!(
            r#"<!DOCTYPE html><html><head><title>Strike at the depot</title>
<link rel="stylesheet" href="{url}/s.css"><script src="{url}/a.js"></script>
<meta http-equiv="refresh" content="0; url={url}/next"></head>
<body><img src="{url}/i.png" srcset="{url}/i2.png 2x"><iframe src="{url}/f"></iframe>
<p style="background:url({url}/bg.png)">Workers at the depot in Port Veyra stopped work.</p>
<video poster="{url}/p.jpg"><source src="{url}/v.mp4"></video>
<a href="{url}/more">More</a></body></html>"#
        ),
    )
    .unwrap();

    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.run_steps(2);
    dialogs.answer(Some(page.clone()));
    h.get_by_label("Open article…").click();
    for _ in 0..10 {
        h.run_steps(2);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        h.state().prompts.notice.is_none(),
        "{:?}",
        h.state().prompts.notice
    );
    assert!(
        session(&h)
            .text()
            .contains("Workers at the depot in Port Veyra stopped work.")
    );
    assert_eq!(session(&h).article.title, "Strike at the depot");
    match server.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, from)) => panic!("something fetched from the page's server (from {from})"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn annotations_record_who_made_them_and_when_and_exports_keep_it() {
    let dialogs = FakeDialogs::default();
    let prefs = dossier::ui::app::Prefs {
        analyst: Some("A. Analyst".into()),
        ..Default::default()
    };
    let mut h = harness_with(dossier::ui::app::DossierApp::new(
        Box::new(dialogs.clone()),
        prefs,
    ));
    dialogs.answer(Some(sample("harbour-strike.txt")));
    h.state_mut().push(Action::NewFromArticle);
    h.run_steps(3);
    let span = span_of(&h, "Port Veyra");
    let cmd = session(&h).clone().cmd_annotate(span, "GPE").unwrap();
    h.state_mut().push(Action::Edit(cmd));
    h.run_steps(2);
    let m = mention_at(session(&h), span).unwrap().clone();
    let made = m.made.clone().expect("stamped");
    assert_eq!(made.by, "A. Analyst");
    assert!(made.created > 1_700_000_000 && made.modified == made.created);
    let e = session(&h).entities[&m.entity].clone();
    assert_eq!(e.made.as_ref().map(|p| p.by.as_str()), Some("A. Analyst"));
    // Shown in the inspector.
    h.state_mut().push(Action::PickEntity(m.entity));
    h.run_steps(2);
    h.get_by_label_contains("A. Analyst, ");
    // A relation's inspector says so too.
    let halvern = span_of(&h, "Halvern");
    let cmd = session(&h).clone().cmd_annotate(halvern, "GPE").unwrap();
    h.state_mut().push(Action::Edit(cmd));
    h.run_steps(2);
    let other = mention_at(session(&h), halvern).unwrap().entity;
    let ty = session(&h).schema.relation_types[0].id.clone();
    let (rid, cmd) = session(&h)
        .clone()
        .cmd_add_relation(&ty, m.entity, other, None)
        .unwrap();
    h.state_mut().push(Action::Edit(cmd));
    h.state_mut().push(Action::PickRelation(rid));
    h.run_steps(2);
    h.get_by_label("Relation");
    h.get_by_label_contains("A. Analyst, ");
    for _ in 0..2 {
        h.state_mut().push(Action::Undo);
    }
    h.run_steps(2);
    // The JSON-LD export says who and when.
    let json = serde_json::to_string(&dossier::io::export::web_annotations(session(&h))).unwrap();
    assert!(
        json.contains("\"creator\"") && json.contains("A. Analyst") && json.contains("\"created\""),
        "{json}"
    );
    // Undo takes the stamps away with the annotation.
    h.state_mut().push(Action::Undo);
    h.run_steps(2);
    assert!(mention_at(session(&h), span).is_none());
}

/// A click on a word with a possessive ("Ostrava’s ambassador") selects the word without it,
/// and the mention joins the entity of that name: it used to select "Ostrava’s" and make an
/// entity of that name.
#[test]
fn a_click_on_a_possessive_selects_the_name_without_it() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    let word = span_of(&h, "Ostrava’s ambassador");
    let name = Span::new(word.start, word.start + "Ostrava".chars().count());
    click_char(&mut h, word.start + 2, Modifiers::NONE);
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().sel.text_span(),
        Some(name)
    );
    key(&mut h, Key::G);
    let m = mention_at(session(&h), name)
        .expect("mention created")
        .clone();
    assert_eq!(m.quote, "Ostrava");
    assert_eq!(session(&h).entities[&m.entity].name, "Ostrava");
    // The bare name elsewhere is the same entity.
    let bare = span_of(&h, "Ostrava");
    assert_ne!(bare, name);
    click_char(&mut h, bare.start + 2, Modifiers::NONE);
    key(&mut h, Key::G);
    let m2 = mention_at(session(&h), bare)
        .expect("mention created")
        .clone();
    assert_eq!(m2.entity, m.entity);
}

/// Jumping about a long article keeps only a bounded share of it laid out (a galley is ~150
/// bytes a char: every paragraph passed used to be kept), and a paragraph forgotten is laid out
/// again, at the same place, when it comes back into view.
#[test]
fn a_long_article_keeps_only_what_is_near_the_view_laid_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let para = "Zoë “Noor” Haddad met the minister in Port Veyra; مرحبا 🔥 café. ".repeat(8);
    let paras: Vec<String> = (0..3000).map(|i| format!("{i}. {para}")).collect();
    std::fs::write(&path, paras.join("\n\n")).unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    open_article(&mut h, &dialogs, &path);
    // A big article is read on another thread.
    for _ in 0..400 {
        if h.state().ws.doc.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
    }
    let total = session(&h).article.char_len();
    let first = char_of(&h, "0. Zoë", 0);
    let at_first = pos_of(&mut h, first);
    for k in 1..60 {
        let c = char_of(&h, &format!("\n{}. Zoë", k * 50), 0) + 1;
        pos_of(&mut h, c);
        let laid = h.state().views.view.chars_laid_out();
        // The budget (100,000 chars) and a screen's worth above it, never the text passed.
        assert!(
            laid < 130_000,
            "{laid} of {total} chars laid out after {k} jumps"
        );
    }
    assert!(total > 1_500_000, "{total}");
    // Back at the start, the first paragraph is drawn where it was.
    h.state_mut().views.view.scroll_to = Some(first);
    h.run_steps(3);
    assert_eq!(pos_of(&mut h, first), at_first);
}
