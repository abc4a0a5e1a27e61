//! Articles in right-to-left scripts and in Chinese, in the real window's layout: paragraphs
//! read from the right with their punctuation where it belongs, Latin names inside them in
//! order, and a click or a drag selects the glyphs under the pointer.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is a failed run.

mod common;

use common::ui::*;
use dossier::model::Span;
use dossier::ui::Sel;
use dossier::ui::dialogs::FakeDialogs;
use egui::{Key, Modifiers, Rect};
use egui_kittest::Harness;
use std::path::{Path, PathBuf};

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/scripts")
        .join(name)
}

fn open(name: &str) -> (FakeDialogs, Harness<'static, dossier::ui::DossierApp>) {
    let dialogs = FakeDialogs::default();
    let mut h = harness_with_system_fonts(&dialogs);
    open_article(&mut h, &dialogs, &script(name));
    (dialogs, h)
}

fn rect(h: &mut Harness<'_, dossier::ui::DossierApp>, c: usize) -> Rect {
    pos_of(h, c);
    h.state().views.view.char_rect(c).expect("laid out")
}

fn selected(h: &Harness<'_, dossier::ui::DossierApp>) -> Option<Span> {
    match h.state().ws.doc.as_ref()?.sel {
        Sel::Text { span, .. } => Some(span),
        _ => None,
    }
}

/// The span of the `nth` occurrence of `word`.
fn word(h: &Harness<'_, dossier::ui::DossierApp>, w: &str, nth: usize) -> Span {
    let c = char_of(h, w, nth);
    Span::new(c, c + w.chars().count())
}

#[test]
fn an_arabic_paragraph_reads_from_the_right_and_its_words_are_clickable() {
    let (_d, mut h) = open("arabic.txt");
    let said = word(&h, "قال", 0);
    let stop = char_of(&h, ".", 0);
    let first = rect(&mut h, said.start);
    let full_stop = rect(&mut h, stop);
    // The first word at the right of the text, the full stop at the left end of the last line.
    assert!(first.max.x > 700.0, "first word at {first:?}");
    assert!(full_stop.max.x < first.min.x, "{full_stop:?} {first:?}");
    // Reading order is right to left: the second word left of the first.
    let minister = word(&h, "وزير", 0).start;
    let minister = rect(&mut h, minister);
    assert!(
        minister.max.x <= first.min.x + 1.0,
        "{minister:?} {first:?}"
    );
    // A Latin name inside reads left to right.
    let unicef = word(&h, "UNICEF", 0);
    let u = rect(&mut h, unicef.start);
    let f = rect(&mut h, unicef.end - 1);
    assert!(u.min.x < f.min.x, "{u:?} {f:?}");
    // A click on "بغداد" (Baghdad) in the text selects that word, and G makes it a mention.
    let baghdad = word(&h, "بغداد", 1);
    click_char(&mut h, baghdad.start + 2, Modifiers::NONE);
    assert_eq!(selected(&h), Some(baghdad));
    key(&mut h, Key::G);
    let s = session(&h);
    let m = mention_at(s, baghdad).expect("a mention of Baghdad");
    assert_eq!(m.quote, "بغداد");
    assert_eq!(m.entity_type, "GPE");
    // Its first and last letters are where the click found them: the first at the right.
    let a = rect(&mut h, baghdad.start);
    let z = rect(&mut h, baghdad.end - 1);
    assert!(a.min.x > z.min.x, "{a:?} {z:?}");
}

#[test]
fn a_drag_over_a_persian_name_selects_it() {
    let (_d, mut h) = open("persian.txt");
    // "عباس عراقچی" (Abbas Araghchi): dragged from its first letter to its last.
    let name = word(&h, "عباس عراقچی", 0);
    drag(&mut h, name.start, name.end - 1, Modifiers::NONE);
    assert_eq!(selected(&h), Some(name));
    key(&mut h, Key::P);
    let s = session(&h);
    assert_eq!(
        mention_at(s, name).map(|m| m.quote.as_str()),
        Some("عباس عراقچی")
    );
    // The zero-width non-joiner in "گفت‌وگو" keeps its place in the offsets: the word after it
    // is still found where the text has it.
    let iaea = word(&h, "IAEA", 0);
    click_char(&mut h, iaea.start + 1, Modifiers::NONE);
    assert_eq!(selected(&h), Some(iaea));
}

#[test]
fn a_hebrew_paragraph_is_aligned_right_with_its_date_in_order() {
    let (_d, mut h) = open("hebrew.txt");
    let pm = word(&h, "ראש", 0);
    let first = rect(&mut h, pm.start);
    assert!(first.max.x > 700.0, "{first:?}");
    // "14" keeps its digits left to right inside the right-to-left line.
    let day = word(&h, "14", 0);
    let one = rect(&mut h, day.start);
    let four = rect(&mut h, day.start + 1);
    assert!(one.min.x < four.min.x, "{one:?} {four:?}");
    let jerusalem = word(&h, "בירושלים", 0);
    click_char(&mut h, jerusalem.start + 3, Modifiers::NONE);
    assert_eq!(selected(&h), Some(jerusalem));
}

#[test]
fn chinese_is_drawn_and_a_drag_selects_a_name() {
    let (_d, mut h) = open("chinese.txt");
    let beijing = word(&h, "北京", 1);
    let a = rect(&mut h, beijing.start);
    let b = rect(&mut h, beijing.end - 1);
    // Left to right, each ideograph about a square.
    assert!(a.max.x <= b.min.x + 1.0, "{a:?} {b:?}");
    assert!(a.width() > 10.0, "{a:?}");
    drag(&mut h, beijing.start, beijing.end - 1, Modifiers::NONE);
    assert_eq!(selected(&h), Some(beijing));
    key(&mut h, Key::G);
    assert!(mention_at(session(&h), beijing).is_some());
}
