//! Helpers for driving the real app headlessly with egui_kittest.
#![allow(dead_code)]

use dossier::model::*;
use dossier::ui::action::ProjectAction;
use dossier::ui::app::{Action, DossierApp, Prefs};
use dossier::ui::dialogs::FakeDialogs;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use std::path::{Path, PathBuf};

pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("resources/samples")
        .join(name)
}

pub fn harness(dialogs: &FakeDialogs) -> Harness<'static, DossierApp> {
    harness_with(DossierApp::new(Box::new(dialogs.clone()), Prefs::default()))
}

/// A harness on an app made by the test.
pub fn harness_with(app: DossierApp) -> Harness<'static, DossierApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        // Short steps, as at 20 frames a second: a double click is two clicks 0.05 s apart.
        .with_step_dt(0.05)
        // No emoji or Arabic font is guaranteed on a CI machine; the window itself falls back
        // to the system's fonts.
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut DossierApp| app.frame(ui), app)
}

/// A harness with the installed fonts for Arabic, Hebrew and CJK, as the window has them, and
/// no missing glyph allowed: a script the machine cannot draw fails the test, naming the char
/// (the packages are in `scripts/system-packages`).
pub fn harness_with_system_fonts(dialogs: &FakeDialogs) -> Harness<'static, DossierApp> {
    let app = DossierApp::new(Box::new(dialogs.clone()), Prefs::default());
    let h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_step_dt(0.05)
        .build_ui_state(|ui, app: &mut DossierApp| app.frame(ui), app);
    dossier::ui::use_system_fonts(&h.ctx);
    h
}

/// Open an article in `h` as File ▸ New from article does.
pub fn open_article(h: &mut Harness<'_, DossierApp>, dialogs: &FakeDialogs, path: &Path) {
    h.run_steps(2);
    dialogs.answer(Some(path.to_path_buf()));
    h.state_mut().push(Action::NewFromArticle);
    h.run_steps(3);
    assert!(
        h.state().prompts.notice.is_none(),
        "{:?}",
        h.state().prompts.notice
    );
}

pub fn session<'h>(h: &'h Harness<'_, DossierApp>) -> &'h Session {
    &h.state()
        .ws
        .doc
        .as_ref()
        .expect("a document is open")
        .session
}

/// Char offset of the `nth` occurrence of `word` in the article.
pub fn char_of(h: &Harness<'_, DossierApp>, word: &str, nth: usize) -> usize {
    let s = session(h);
    let (b, _) = s.text().match_indices(word).nth(nth).expect("word in text");
    s.article.char_of(b).expect("char boundary")
}

pub fn span_of(h: &Harness<'_, DossierApp>, word: &str) -> Span {
    let c = char_of(h, word, 0);
    Span::new(c, c + word.chars().count())
}

/// Screen position of char `c` (scrolling it into view first).
pub fn pos_of(h: &mut Harness<'_, DossierApp>, c: usize) -> Pos2 {
    if h.state()
        .views
        .view
        .char_rect(c)
        .is_none_or(|r| r.min.y < 120.0 || r.max.y > 600.0)
    {
        h.state_mut().views.view.scroll_to = Some(c);
    }
    // Wait until the layout is still: scrolling may settle over a few frames.
    let mut last = None;
    for _ in 0..20 {
        h.run_steps(1);
        let r = h.state().views.view.char_rect(c);
        if r.is_some() && r == last {
            break;
        }
        last = r;
    }
    last.expect("char laid out").center()
}

pub fn click(h: &mut Harness<'_, DossierApp>, pos: Pos2, mods: Modifiers) {
    h.event(Event::ModifiersChanged(mods));
    h.run_steps(1);
    h.hover_at(pos);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: mods,
        });
    }
    h.run_steps(1);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(2);
}

pub fn click_char(h: &mut Harness<'_, DossierApp>, c: usize, mods: Modifiers) {
    let p = pos_of(h, c);
    click(h, p, mods);
}

pub fn drag(h: &mut Harness<'_, DossierApp>, from: usize, to: usize, mods: Modifiers) {
    let a = pos_of(h, from);
    let b = h
        .state()
        .views
        .view
        .char_rect(to)
        .expect("visible")
        .center();
    drag_between(h, a, b, mods);
}

/// Press at `a`, move to `b` in a few frames, release.
pub fn drag_between(h: &mut Harness<'_, DossierApp>, a: Pos2, b: Pos2, mods: Modifiers) {
    h.event(Event::ModifiersChanged(mods));
    h.hover_at(a);
    h.run_steps(1);
    h.event(Event::PointerButton {
        pos: a,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: mods,
    });
    h.run_steps(1);
    for k in 1..=6 {
        h.hover_at(a + (b - a) * (k as f32 / 6.0));
        h.run_steps(1);
    }
    h.event(Event::PointerButton {
        pos: b,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: mods,
    });
    h.run_steps(1);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(2);
}

pub fn key(h: &mut Harness<'_, DossierApp>, k: Key) {
    h.key_press(k);
    h.run_steps(2);
}

pub fn key_mod(h: &mut Harness<'_, DossierApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run_steps(2);
}

pub fn mention_at(s: &Session, span: Span) -> Option<&Mention> {
    s.mentions.values().find(|m| m.span == span)
}

pub fn open_sample(dialogs: &FakeDialogs) -> Harness<'static, DossierApp> {
    let mut h = harness(dialogs);
    open_article(&mut h, dialogs, &sample("harbour-strike.txt"));
    h
}

pub fn demo_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/samples/harbour-strike.ron")
}

/// The annotated sample session, opened, with its map settled.
pub fn open_demo(dialogs: &FakeDialogs) -> Harness<'static, DossierApp> {
    let mut h = harness(dialogs);
    h.state_mut().push(Action::Open(demo_path()));
    h.run_steps(2);
    settle(&mut h);
    h
}

/// Let the layout settle and the view fit it.
pub fn settle(h: &mut Harness<'_, DossierApp>) {
    // The layout settles on a worker thread: give it time between frames.
    for _ in 0..2000 {
        h.run_steps(1);
        // The tagger, too, learns on another thread.
        let idle = !h.state().views.suggestions.is_training();
        if h.state().views.map.is_settled() && h.state().views.map.is_still() && idle {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run_steps(2);
}

/// Open the menus along `path` ("File", "Export", "CSV event table…") and click the last item,
/// as an analyst would.
pub fn menu(h: &mut Harness<'_, DossierApp>, path: &[&str]) {
    use egui_kittest::kittest::{NodeT as _, Queryable as _};
    let (last, menus) = path.split_last().expect("a menu path");
    for (i, m) in menus.iter().enumerate() {
        if i == 0 {
            h.get_by_label(m).click();
        } else {
            h.get_by_label(m).hover();
        }
        h.run_steps(2);
    }
    // A menu item's label ends with its shortcut ("Open session… Ctrl+O"); the start screen
    // has buttons with the bare names, so the menu's own item is preferred.
    let with_shortcut = format!("{last} ");
    let items: Vec<_> = h
        .query_all_by(|n| {
            n.label()
                .is_some_and(|l| l == *last || l.starts_with(&with_shortcut))
        })
        .collect();
    let item = items
        .iter()
        .find(|n| n.accesskit_node().label().is_some_and(|l| l != *last))
        .or_else(|| items.first())
        .unwrap_or_else(|| panic!("no menu item {last:?}"));
    item.click();
    h.run_steps(2);
}

/// Wait for the tagger to finish learning, and its suggestions to be merged in.
pub fn tagger_done(h: &mut Harness<'_, DossierApp>) {
    for _ in 0..2000 {
        h.run_steps(1);
        if !h.state().views.suggestions.is_training() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run_steps(2);
}

/// A project of two articles made in `dir` and opened (the first article shown).
pub fn open_project(dialogs: &FakeDialogs, dir: &Path) -> Harness<'static, DossierApp> {
    std::fs::write(
        dir.join("one.md"),
        "# One\n\nAda Lovelace met Charles Babbage.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("two.md"),
        "# Two\n\nCharles Babbage wrote to Ada.\n",
    )
    .unwrap();
    let mut h = harness(dialogs);
    dialogs.answer(Some(dir.to_path_buf()));
    h.state_mut().push(Action::Project(ProjectAction::New));
    h.run_steps(3);
    assert!(
        h.state().ws.project.is_some(),
        "{:?}",
        h.state().prompts.notice
    );
    h
}

/// A project whose first article is the annotated sample (as a brat document) beside the two
/// short ones of [`open_project`].
pub fn open_project_with_demo(dialogs: &FakeDialogs, dir: &Path) -> Harness<'static, DossierApp> {
    let (demo, _) = dossier::io::load_session(&demo_path()).unwrap();
    let brat = dossier::io::brat::export(&demo);
    std::fs::write(dir.join("harbour-strike.txt"), brat.txt).unwrap();
    std::fs::write(dir.join("harbour-strike.ann"), brat.ann).unwrap();
    std::fs::write(dir.join("annotation.conf"), brat.conf).unwrap();
    open_project(dialogs, dir)
}

/// The id of the open session's entity named `name`.
pub fn entity(h: &Harness<'_, DossierApp>, name: &str) -> EntityId {
    session(h)
        .entities
        .values()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity named {name}"))
        .id
}

pub fn nth_mention(s: &dossier::model::Session, quote: &str) -> dossier::model::MentionId {
    s.mentions.values().find(|m| m.quote == quote).unwrap().id
}

/// The sample session as a second analyst left it: without Ostrava's first mention, the
/// hospital as a Location, and the "depot" of the strike as a Facility.
pub fn analyst_b(dir: &std::path::Path) -> (PathBuf, dossier::model::Session) {
    let (mut b, _) = dossier::io::load_session(&demo_path()).unwrap();
    let ostrava = nth_mention(&b, "Ostrava");
    let cmd = b.cmd_delete_mention(ostrava).unwrap();
    b.apply(cmd).unwrap();
    let hospital = nth_mention(&b, "Saint-Anne Hospital");
    let cmd = b.cmd_retype_mention(hospital, "Location").unwrap();
    b.apply(cmd).unwrap();
    let text = b.text().to_owned();
    let at = text.find("depot").unwrap();
    let c = text[..at].chars().count();
    let cmd = b
        .cmd_annotate(dossier::model::Span::new(c, c + 5), "Facility")
        .unwrap();
    b.apply(cmd).unwrap();
    let path = dir.join("analyst-b.ron");
    dossier::io::save_session(&b, &path).unwrap();
    (path, b)
}

/// Frames (10 ms apart) until `done` holds of the app; a failure, not a hang, after 5 s.
pub fn wait_until(h: &mut Harness<'_, DossierApp>, what: &str, done: impl Fn(&DossierApp) -> bool) {
    for _ in 0..500 {
        h.run_steps(1);
        if done(h.state()) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("{what} did not happen within 5 s");
}
