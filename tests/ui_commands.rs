//! The command table in the real window: every shortcut reaches its command, the command
//! palette finds and runs commands, the keys editor remaps a key and saves it, and the
//! papercuts found by trying the window as a new user would.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is a failed run.

mod common;

use common::ui::*;
use dossier::ui::app::{Action, DossierApp, Prefs};
use dossier::ui::commands::{COMMANDS, CommandId, Keymap, parse_shortcut};
use dossier::ui::dialogs::FakeDialogs;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn press(h: &mut Harness<'_, DossierApp>, s: &egui::KeyboardShortcut) {
    if s.logical_key == Key::Questionmark {
        // Typed as Shift+/ on most layouts: the text is what arrives.
        h.event(Event::Text("?".into()));
    } else {
        h.key_press_modifiers(s.modifiers, s.logical_key);
    }
    h.run_steps(1);
}

#[test]
fn every_shortcut_reaches_its_command() {
    let keymap = Keymap::default();
    let mut checked = 0;
    for (shortcut, id) in keymap.bindings() {
        let dialogs = FakeDialogs::default();
        // The review keys act while a suggestion is in focus: the annotated sample has some.
        let project_dir = tempfile::tempdir().unwrap();
        let mut h = if id.needs_project() {
            open_project(&dialogs, project_dir.path())
        } else if id.is_review() {
            let mut h = open_demo(&dialogs);
            key(&mut h, Key::Tab);
            h.run_steps(1);
            assert!(h.state().views.suggestions.focused.is_some());
            h
        } else {
            open_sample(&dialogs)
        };
        h.state_mut().fired.clear();
        press(&mut h, &shortcut);
        assert_eq!(
            h.state().fired,
            vec![id],
            "{shortcut:?} should run {:?}",
            id.def().name
        );
        checked += 1;
    }
    let declared: usize = COMMANDS.iter().map(|c| c.shortcuts.len()).sum();
    assert_eq!(checked, declared);
}

#[test]
fn the_palette_finds_and_runs_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    assert!(h.state().views.palette.open);
    // Typing goes to the palette, not to the type keys.
    h.get_by_label("Run command").type_text("sav as");
    h.run_steps(2);
    assert!(session(&h).mentions.is_empty());
    h.get_by_label_contains("File: Save as");
    let target = dir.path().join("saved.ron");
    dialogs.answer(Some(target.clone()));
    key(&mut h, Key::Enter);
    h.run_steps(2);
    assert!(!h.state().views.palette.open);
    assert!(target.exists(), "{}", h.state().status);

    // Ctrl+K opens it too; schema commands are there; Esc closes it.
    key_mod(&mut h, Modifiers::COMMAND, Key::K);
    assert!(h.state().views.palette.open);
    h.get_by_label("Run command").type_text("annotate as pers");
    h.run_steps(2);
    h.get_by_label_contains("Annotate as Person");
    key(&mut h, Key::Escape);
    assert!(!h.state().views.palette.open);
}

#[test]
fn a_remapped_key_runs_its_command_and_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("config").join("keys.ron");
    let dialogs = FakeDialogs::default();
    let app = DossierApp::new(Box::new(dialogs.clone()), Prefs::default()).with_keys(keys.clone());
    let mut h = harness_with(app);
    h.run_steps(2);
    dialogs.answer(Some(sample("harbour-strike.txt")));
    h.state_mut().push(Action::NewFromArticle);
    h.run_steps(3);

    // Edit ▸ Preferences ▸ Keys…, then Change on the Find row and press Ctrl+Alt+G.
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label("Preferences").hover();
    h.run_steps(2);
    h.get_by_label("Keys…").click();
    h.run_steps(2);
    assert!(h.state().views.keys_editor.open);
    // The list is long: the filter (names and keys) narrows it to Find.
    h.run_steps(3);
    h.get_by_label("Filter commands").click();
    h.run_steps(2);
    h.get_by_label("Filter commands").type_text("ctrl+f");
    h.run_steps(3);
    h.get_all_by_label("Change").next().unwrap().click();
    h.run_steps(1);
    assert_eq!(h.state().views.keys_editor.recording, Some(CommandId::Find));
    // A real keyboard sends the modifiers as keys of their own first: they are not the shortcut.
    for k in [Key::ControlLeft, Key::AltLeft] {
        h.key_press_modifiers(Modifiers::COMMAND, k);
        h.run_steps(1);
    }
    assert_eq!(h.state().views.keys_editor.recording, Some(CommandId::Find));
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::ALT, Key::G);
    let new = parse_shortcut("Cmd+Alt+G").unwrap();
    assert_eq!(h.state().keymap.shortcuts(CommandId::Find), [new]);
    let text = std::fs::read_to_string(&keys).unwrap();
    assert!(
        text.contains("\"Find\"") && text.contains("Cmd+Alt+G"),
        "{text}"
    );

    // The new key opens the find bar; the old one no longer does.
    key_mod(&mut h, Modifiers::COMMAND, Key::F);
    assert!(!h.state().views.find.open);
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::ALT, Key::G);
    assert!(h.state().views.find.open);

    // A restart reads it back; a clash is reported, not ignored.
    std::fs::write(&keys, r#"{ "Find": ["Cmd+Alt+G"], "Save": ["Cmd+O"] }"#).unwrap();
    let app = DossierApp::new(Box::new(FakeDialogs::default()), Prefs::default()).with_keys(keys);
    assert_eq!(app.keymap.shortcuts(CommandId::Find), [new]);
    let notice = app.prompts.notice.expect("the clash is shown");
    assert!(notice.body.contains("Open session"), "{}", notice.body);
}

#[test]
fn the_save_dialog_starts_beside_the_article_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("port report.txt");
    std::fs::copy(sample("harbour-strike.txt"), &article).unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.run_steps(2);
    h.state_mut().push(Action::Open(article.clone()));
    h.run_steps(2);
    // Fresh, nothing to lose yet, but no file either.
    h.get_by_label("not saved yet");
    assert!(h.query_by_label("saved").is_none());
    key_mod(&mut h, Modifiers::COMMAND, Key::S);
    let asked = dialogs.asked.borrow().last().cloned().unwrap();
    assert_eq!(asked.0.as_deref(), Some(dir.path()));
    assert_eq!(asked.1, "port report.ron");
    // The open dialog starts in the last folder used.
    key_mod(&mut h, Modifiers::COMMAND, Key::O);
    let asked = dialogs.asked.borrow().last().cloned().unwrap();
    assert_eq!(asked.0.as_deref(), Some(dir.path()));
}

#[test]
fn errors_say_their_cause_once_and_an_empty_map_is_quiet() {
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.run_steps(2);
    h.state_mut()
        .push(Action::Open("/no/such/article.txt".into()));
    h.run_steps(2);
    let body = h.state().prompts.notice.clone().unwrap().body;
    assert_eq!(body.matches("No such file").count(), 1, "{body}");
    h.state_mut().prompts.notice = None;

    let mut h = open_sample(&dialogs);
    h.run_steps(30);
    assert!(h.query_by_label_contains("Arranging").is_none());
    assert!(h.query_by_label("Stop").is_none());
}

/// A page's title, author, date, publication and language arrive in File ▸ Article details;
/// a correction there is one edit, undone by Undo.
#[test]
fn article_details_come_from_the_page_and_corrections_are_edits() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("talks.html");
    let para = "<p>Negotiators from Kyiv and Brussels met on Sunday in Geneva, where the talks went \
                on late into the night, one official told reporters waiting outside.</p>";
    std::fs::write(
        &page,
        format!(
            r#"<html lang="en"><head><title>Talks resume – Example News</title>
<meta property="og:site_name" content="Example News"><meta name="author" content="Ana Writer">
<meta property="article:published_time" content="2026-03-01T10:00:00Z"></head>
<body><div class="menu"><a href="/">Home</a></div><div class="story">{}</div></body></html>"#,
            para.repeat(4)
        ),
    )
    .unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.run_steps(2);
    h.state_mut().push(Action::Open(page));
    for _ in 0..10 {
        h.run_steps(2);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let a = &session(&h).article;
    assert_eq!(a.title, "Talks resume");
    assert_eq!(a.byline.as_deref(), Some("Ana Writer"));
    assert_eq!(a.site.as_deref(), Some("Example News"));
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert_eq!(a.published.as_deref(), Some("2026-03-01T10:00:00Z"));
    assert!(!a.text.contains("Home"), "{:?}", a.text);

    key_mod(&mut h, Modifiers::COMMAND, Key::I);
    h.run_steps(2);
    h.get_by_label("Article details");
    h.get_by_label("Author").click();
    h.run_steps(1);
    key_mod(&mut h, Modifiers::COMMAND, Key::A);
    h.get_by_label("Author").type_text("A. Writer (Geneva)");
    h.run_steps(2);
    h.get_by_label("Apply").click();
    h.run_steps(2);
    assert_eq!(
        session(&h).article.byline.as_deref(),
        Some("A. Writer (Geneva)")
    );
    assert!(h.state().ws.doc.as_ref().unwrap().history.can_undo());
    h.state_mut().push(Action::Undo);
    h.run_steps(2);
    assert_eq!(session(&h).article.byline.as_deref(), Some("Ana Writer"));

    // Typed but not applied, then another article opened: the window shows the new article's
    // details; nothing typed for the old one can be applied to it.
    h.get_by_label("Title").click();
    h.run_steps(1);
    h.get_by_label("Title").type_text(" (draft)");
    h.run_steps(2);
    h.state_mut().push(Action::OpenSample(0));
    h.run_steps(3);
    let title = session(&h).article.title.clone();
    use egui_kittest::kittest::NodeT;
    assert_eq!(
        h.get_by_label("Title").accesskit_node().value().as_deref(),
        Some(title.as_str())
    );
}

/// File ▸ New from clipboard: HTML copied from a browser goes through the page import; an empty
/// clipboard says so and keeps the open work.
#[test]
fn a_session_starts_from_the_clipboard() {
    use dossier::ui::dialogs::Clip;
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.run_steps(2);
    h.get_by_label("Paste article").click();
    h.run_steps(2);
    let notice = h.state().prompts.notice.as_ref().map(|n| n.body.clone());
    assert!(
        notice
            .unwrap_or_default()
            .contains("clipboard holds no text")
    );
    assert!(h.state().ws.doc.is_none());
    h.state_mut().push(Action::DismissNotice);

    *dialogs.clipboard.borrow_mut() = Some(Clip::Html(
        "<meta charset=utf-8><h1>Port strike ends</h1><p>Dockers in Port Veyra went back to \
         work on Monday after the union and the port authority signed a deal.</p>"
            .into(),
    ));
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    h.run_steps(2);
    let a = &session(&h).article;
    assert_eq!(a.title, "Port strike ends");
    assert!(
        a.text
            .contains("Dockers in Port Veyra went back to work on Monday")
    );
    assert_eq!(a.source.as_deref(), Some("clipboard"));

    // Plain text: the first line is the title, the text is kept as it is (curly quotes, emoji).
    *dialogs.clipboard.borrow_mut() = Some(Clip::Text("Talks “resume” 🕊\nIn Geneva.".into()));
    h.state_mut().push(Action::NewFromClipboard);
    h.run_steps(2);
    assert_eq!(&*session(&h).article.text, "Talks “resume” 🕊\nIn Geneva.");
}

/// Help ▸ About: the version and licence at the top, GeoNames' attribution and link, every
/// notice closed under its heading, a filter that finds a crate, and the window closes.
#[test]
fn about_lists_the_licence_links_and_every_notice() {
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    h.run_steps(2);
    menu(&mut h, &["Help", "About Dossier"]);
    h.run_steps(2);
    assert!(h.state().views.about.open);
    let title = format!("Dossier {}", dossier::about::VERSION);
    assert!(h.query_by_label(&title).is_some(), "{title}");
    assert!(
        h.query_by_label_contains("Licence: MIT OR Apache-2.0")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("GeoNames (capitals and cities, CC BY 4.0)")
            .is_some()
    );
    // Every data notice and every licence of the crates has its heading.
    for n in dossier::about::DATA {
        assert!(h.query_by_label(n.title).is_some(), "{}", n.title);
    }
    let sections = dossier::about::third_party_sections();
    for s in &sections {
        assert!(h.query_by_label(&s.title).is_some(), "{}", s.title);
    }
    // The filter keeps the licences naming a crate: wgpu's Apache/MIT, not the font licences.
    h.get_by_label("Filter notices").click();
    h.run_steps(2);
    h.get_by_label("Filter notices").type_text("wgpu-core");
    h.run_steps(2);
    assert!(h.query_by_label("Font licence: Hack").is_none());
    let kept = sections
        .iter()
        .filter(|s| h.query_by_label(&s.title).is_some())
        .count();
    assert!(
        kept >= 1 && kept < sections.len(),
        "{kept} of {}",
        sections.len()
    );
    // Opening a notice shows its text.
    let wgpu = sections
        .iter()
        .find(|s| s.text.contains("wgpu-core "))
        .unwrap();
    assert!(
        h.query_by_label_contains("Used by: ").is_none(),
        "closed at first"
    );
    h.get_by_label(&wgpu.title).click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("Used by: ").is_some());
    // Closed by its ×.
    h.get_by_label("Close window").click();
    h.run_steps(2);
    assert!(!h.state().views.about.open);
}
