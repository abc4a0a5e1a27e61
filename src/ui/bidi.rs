//! Right-to-left text (Arabic, Persian, Hebrew) shown in its reading order. egui shapes each
//! font run on its own (an Arabic word comes out right) but places the runs left to right in
//! the order of the text, so a name of two Arabic words, or a Latin name inside Arabic, reads
//! backwards. Here a text is cut into words and put in visual order by the Unicode
//! bidirectional algorithm (UAX #9, `unicode-bidi`); each word goes to egui as a section of its
//! own, so egui's shaping of one word never reaches across into the next. The article view
//! (`views::article::flow`) wraps paragraphs with the same pieces; labels, lists and the maps'
//! names go through [`text`] and [`galley`].

use egui::epaint::text::{ByteIndex, LayoutSection};
use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, FontId, FontSelection, Galley, Painter, RichText, Ui, WidgetText};
use std::ops::Range;
use std::sync::Arc;
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};
use unicode_segmentation::UnicodeSegmentation;

/// Whether `text` holds a strong right-to-left character or a right-to-left control: only
/// then does it need more than egui's own layout.
pub fn has_right_to_left(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(
            bidi_class(c),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
        )
    })
}

/// A word, a run of white space or a punctuation mark, in one direction.
pub(crate) struct Piece {
    pub bytes: Range<usize>,
    pub chars: Range<usize>,
    pub rtl: bool,
    /// A line may break before this piece.
    pub break_before: bool,
    pub space: bool,
}

/// `text` (one paragraph) cut where a line may break (after white space, around ideographs)
/// and where the direction changes.
pub(crate) fn pieces(text: &str, info: &ParagraphBidiInfo<'_>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut chars = 0;
    for (b, w) in text.split_word_bound_indices() {
        let mut start = b;
        let mut start_char = chars;
        let mut n = 0;
        let mut level = info.levels[b];
        for (i, _) in w.char_indices() {
            if info.levels[b + i] != level {
                out.push(piece(text, start..b + i, start_char..chars + n, level));
                (start, start_char, level) = (b + i, chars + n, info.levels[b + i]);
            }
            n += 1;
        }
        out.push(piece(
            text,
            start..b + w.len(),
            start_char..chars + n,
            level,
        ));
        chars += n;
    }
    for k in 1..out.len() {
        let (prev, this) = (&out[k - 1], &out[k]);
        let after_space = prev.space && !this.space;
        let ideograph = |p: &Piece| text[p.bytes.clone()].chars().any(is_ideograph);
        out[k].break_before = !this.space && (after_space || ideograph(prev) || ideograph(this));
    }
    out
}

fn piece(text: &str, bytes: Range<usize>, chars: Range<usize>, level: Level) -> Piece {
    let space = text[bytes.clone()].chars().all(char::is_whitespace);
    Piece {
        bytes,
        chars,
        rtl: level.is_rtl(),
        break_before: false,
        space,
    }
}

fn is_ideograph(c: char) -> bool {
    matches!(
        c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
    )
}

/// The pieces `line` of a paragraph in visual order, left to right (rules L1–L2): the
/// direction runs of the line reordered, the pieces of a right-to-left run reversed.
pub(crate) fn visual_order(
    info: &ParagraphBidiInfo<'_>,
    pieces: &[Piece],
    line: Range<usize>,
) -> Vec<usize> {
    let (Some(first), Some(last)) = (
        pieces.get(line.start),
        line.end.checked_sub(1).and_then(|k| pieces.get(k)),
    ) else {
        return Vec::new();
    };
    let (levels, runs) = info.visual_runs(first.bytes.start..last.bytes.end);
    let mut order = Vec::with_capacity(line.len());
    for run in &runs {
        let in_run = line
            .clone()
            .filter(|&k| run.contains(&pieces[k].bytes.start));
        if levels.get(run.start).is_some_and(Level::is_rtl) {
            order.extend(in_run.rev());
        } else {
            order.extend(in_run);
        }
    }
    order
}

/// The text egui is given for a piece: in a right-to-left run, brackets and the like take
/// their mirrored form (rule L4), since egui shapes a lone "(" left to right.
pub(crate) fn shown_text(text: &str, rtl: bool) -> String {
    if !rtl {
        return text.to_owned();
    }
    text.chars()
        .map(|c| unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c))
        .collect()
}

/// A layout job showing `text` in visual order, line by line, every piece in `format`; `None`
/// when the text is all left to right (egui lays it out as it is).
pub fn job(text: &str, format: &TextFormat) -> Option<LayoutJob> {
    if !has_right_to_left(text) {
        return None;
    }
    let mut job = LayoutJob::default();
    // A section per piece, not `LayoutJob::append`, which merges sections of one format.
    let push = |job: &mut LayoutJob, s: &str| {
        let start = ByteIndex(job.text.len());
        job.text.push_str(s);
        job.sections.push(LayoutSection {
            leading_space: 0.0,
            byte_range: start..ByteIndex(job.text.len()),
            format: format.clone(),
        });
    };
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            push(&mut job, "\n");
        }
        let info = ParagraphBidiInfo::new(line, None);
        let pieces = pieces(line, &info);
        for k in visual_order(&info, &pieces, 0..pieces.len()) {
            let p = &pieces[k];
            push(&mut job, &shown_text(&line[p.bytes.clone()], p.rtl));
        }
    }
    Some(job)
}

/// `text` for a label, a button or a heading, styled as `rich` says, in reading order.
pub fn text(ui: &Ui, rich: impl Into<RichText>) -> WidgetText {
    let rich = rich.into();
    if !has_right_to_left(rich.text()) {
        return rich.into();
    }
    let mut styled = LayoutJob::default();
    rich.clone().append_to(
        &mut styled,
        ui.style(),
        FontSelection::Default,
        Align::Center,
    );
    match styled
        .sections
        .first()
        .and_then(|s| job(&styled.text, &s.format))
    {
        Some(job) => job.into(),
        None => rich.into(),
    }
}

/// A one-line galley of `text` in reading order, for names painted on a map or a timeline.
pub fn galley(painter: &Painter, text: String, font: FontId, color: Color32) -> Arc<Galley> {
    let format = TextFormat::simple(font.clone(), color);
    match job(&text, &format) {
        Some(mut job) => {
            job.wrap.max_width = f32::INFINITY;
            painter.layout_job(job)
        }
        None => painter.layout_no_wrap(text, font, color),
    }
}

/// `Painter::text` in reading order: `text` anchored at `pos`; returns where it went.
pub fn paint(
    painter: &Painter,
    pos: egui::Pos2,
    anchor: egui::Align2,
    text: &str,
    font: FontId,
    color: Color32,
) -> egui::Rect {
    let g = galley(painter, text.to_owned(), font, color);
    let rect = anchor.anchor_size(pos, g.size());
    painter.galley(rect.min, g, color);
    rect
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::text::ByteRangeExt as _;

    fn sections(text: &str) -> Vec<String> {
        let format = TextFormat::default();
        job(text, &format).map_or_else(Vec::new, |j| {
            j.sections
                .iter()
                .map(|s| s.byte_range.slice(&j.text).to_owned())
                .filter(|t| !t.trim().is_empty())
                .collect()
        })
    }

    #[test]
    fn left_to_right_text_is_left_to_egui() {
        assert!(job("Halvern Ministry of Defence", &TextFormat::default()).is_none());
    }

    #[test]
    fn an_arabic_name_of_two_words_is_in_visual_order() {
        // "Ahmad al-Safi": the first name on the right.
        assert_eq!(sections("أحمد الصافي"), ["الصافي", "أحمد"]);
    }

    #[test]
    fn a_label_mixing_latin_and_hebrew_keeps_both_in_their_order() {
        // "Person: “Benjamin Netanyahu” → …" with the name in Hebrew.
        assert_eq!(
            sections("Person: “בנימין נתניהו”"),
            ["Person", ":", "“", "נתניהו", "בנימין", "”"]
        );
    }

    #[test]
    fn each_line_of_a_tooltip_is_ordered_on_its_own() {
        let s = sections("أحمد الصافي\nfrom “Iraq”");
        assert_eq!(&s[..2], ["الصافي", "أحمد"]);
        assert!(s.contains(&"Iraq".to_owned()));
    }
}
