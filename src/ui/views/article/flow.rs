//! One paragraph laid out for the screen. A paragraph that is all left-to-right is one egui
//! galley, wrapped by egui. One that holds right-to-left text (Arabic, Persian, Hebrew) is laid
//! out here, because egui shapes each font run on its own and places runs left to right: it is
//! cut into words, wrapped into lines in reading order, and each line's runs are put in visual
//! order by the Unicode bidirectional algorithm (UAX #9, `unicode-bidi`); a right-to-left
//! paragraph is aligned right. Every char keeps the screen interval of its glyphs, so hit tests,
//! highlights and outlines land on the right glyphs in either direction.

use crate::ui::bidi::{Piece, has_right_to_left, pieces, shown_text, visual_order};
use egui::{Color32, FontId, Galley, Painter, Pos2, Rect, pos2};
use std::ops::Range;
use std::sync::Arc;
use unicode_bidi::ParagraphBidiInfo;

/// A laid-out paragraph; positions are relative to its top-left corner.
pub(super) enum Laid {
    /// Left to right only: egui's own layout.
    Plain(Arc<Galley>),
    /// Holds right-to-left text: words placed line by line in visual order.
    Bidi(Lines),
}

/// How a paragraph is to be set: font, colour, line height and wrap width.
pub(super) struct Style {
    pub font: FontId,
    pub color: Color32,
    pub line_height: f32,
    pub width: f32,
}

impl Laid {
    /// Lay out `text` (one paragraph, no newline).
    pub fn new(painter: &Painter, text: &str, style: &Style) -> Self {
        if !has_right_to_left(text) {
            return Self::Plain(plain(painter, text, style));
        }
        Self::Bidi(Lines::new(painter, text, style))
    }

    pub fn height(&self) -> f32 {
        match self {
            Self::Plain(g) => g.size().y,
            Self::Bidi(l) => l.height,
        }
    }

    pub fn paint(&self, painter: &Painter, at: Pos2, color: Color32) {
        match self {
            Self::Plain(g) => painter.galley(at, g.clone(), color),
            Self::Bidi(l) => {
                for w in &l.words {
                    painter.galley(at + w.at.to_vec2(), w.galley.clone(), color);
                }
            }
        }
    }

    /// Rects covering local chars `[a, b)`: one per line and direction run, in reading order.
    pub fn span_rects(&self, a: usize, b: usize) -> Vec<Rect> {
        match self {
            Self::Plain(g) => plain_span_rects(g, a, b),
            Self::Bidi(l) => l.span_rects(a, b),
        }
    }

    /// The local char under `pos` (relative to the paragraph), if any.
    pub fn char_at(&self, pos: Pos2) -> Option<usize> {
        match self {
            Self::Plain(g) => plain_char_at(g, pos),
            Self::Bidi(l) => l.char_at(pos),
        }
    }

    /// Words on each line but the last (which may be short): the measure of the text.
    pub fn words_per_full_line(&self) -> Vec<usize> {
        match self {
            Self::Plain(g) => {
                let full = g.rows.len().saturating_sub(1);
                g.rows[..full]
                    .iter()
                    .map(|row| {
                        let text: String = row.glyphs.iter().map(|g| g.chr).collect();
                        text.split_whitespace().count()
                    })
                    .collect()
            }
            Self::Bidi(l) => {
                let mut counts = vec![0; l.lines];
                for w in l.words.iter().filter(|w| !w.space) {
                    counts[w.line] += 1;
                }
                counts.pop();
                counts
            }
        }
    }
}

fn job(text: String, style: &Style, wrap: f32) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::simple(text, style.font.clone(), style.color, wrap);
    if let Some(sec) = job.sections.first_mut() {
        sec.format.line_height = Some(style.line_height);
    }
    job
}

fn plain(painter: &Painter, text: &str, style: &Style) -> Arc<Galley> {
    painter.layout_job(job(text.to_owned(), style, style.width))
}

fn plain_span_rects(g: &Galley, a: usize, b: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    let mut idx = 0usize;
    for row in &g.rows {
        let n = row.char_count_excluding_newline().0;
        let (s, e) = (idx, idx + n);
        let (x0, x1) = (a.max(s), b.min(e));
        if x0 < x1 || (a == b && a >= s && a <= e && n == 0) {
            let left = row.pos.x + row.x_offset(egui::text::CharIndex(x0 - s));
            let right = row.pos.x + row.x_offset(egui::text::CharIndex(x1 - s));
            out.push(Rect::from_min_max(
                pos2(left, row.min_y()),
                pos2(right.max(left + 2.0), row.max_y()),
            ));
        }
        idx += row.char_count_including_newline().0;
        if idx >= b {
            break;
        }
    }
    out
}

fn plain_char_at(g: &Galley, pos: Pos2) -> Option<usize> {
    let mut idx = 0usize;
    for row in &g.rows {
        if pos.y >= row.min_y() && pos.y < row.max_y() {
            let x = pos.x - row.pos.x;
            for (k, glyph) in row.glyphs.iter().enumerate() {
                let r = glyph.logical_rect();
                if x >= r.min.x && x < r.max.x {
                    return Some(idx + k);
                }
            }
            return None;
        }
        idx += row.char_count_including_newline().0;
    }
    None
}

/// A paragraph with right-to-left text, as placed words.
pub(super) struct Lines {
    /// In visual order, line by line.
    words: Vec<Word>,
    lines: usize,
    line_height: f32,
    height: f32,
}

/// A word (or a run of white space, or a punctuation mark) laid out by egui on its own, in one
/// direction.
struct Word {
    galley: Arc<Galley>,
    /// Top-left corner, relative to the paragraph.
    at: Pos2,
    line: usize,
    /// Local chars.
    chars: Range<usize>,
    /// Each char's horizontal interval, relative to `at` (a mark or the second letter of a
    /// ligature shares its cluster's interval).
    edges: Vec<(f32, f32)>,
    space: bool,
}

impl Lines {
    fn new(painter: &Painter, text: &str, style: &Style) -> Self {
        let info = ParagraphBidiInfo::new(text, None);
        let pieces = pieces(text, &info);
        let galleys: Vec<Arc<Galley>> = pieces
            .iter()
            .map(|p| {
                let shown = shown_text(&text[p.bytes.clone()], p.rtl);
                painter.layout_job(job(shown, style, f32::INFINITY))
            })
            .collect();
        let widths: Vec<f32> = galleys.iter().map(|g| g.size().x).collect();
        let breaks = wrap(&pieces, &widths, style.width);
        let rtl_paragraph = info.paragraph_level.is_rtl();
        let mut words = Vec::with_capacity(pieces.len());
        for (line, range) in breaks.iter().enumerate() {
            let order = visual_order(&info, &pieces, range.clone());
            let total: f32 = order.iter().map(|&k| widths[k]).sum();
            let mut x = if rtl_paragraph {
                style.width - total
            } else {
                0.0
            };
            let y = line as f32 * style.line_height;
            for k in order {
                let p = &pieces[k];
                let g = galleys[k].clone();
                words.push(Word {
                    edges: edges(&g, &text[p.bytes.clone()], p.rtl),
                    galley: g,
                    at: pos2(x, y),
                    line,
                    chars: p.chars.clone(),
                    space: p.space,
                });
                x += widths[k];
            }
        }
        let lines = breaks.len().max(1);
        Self {
            words,
            lines,
            line_height: style.line_height,
            height: lines as f32 * style.line_height,
        }
    }

    fn span_rects(&self, a: usize, b: usize) -> Vec<Rect> {
        // (line, first char, x interval) of every word's part in [a, b).
        let mut parts: Vec<(usize, usize, f32, f32)> = Vec::new();
        for w in &self.words {
            let (s, e) = (a.max(w.chars.start), b.min(w.chars.end));
            if s >= e {
                continue;
            }
            let local = (s - w.chars.start)..(e - w.chars.start);
            let x0 = local.clone().map(|i| w.edges[i].0).fold(f32::MAX, f32::min);
            let x1 = local.map(|i| w.edges[i].1).fold(f32::MIN, f32::max);
            parts.push((w.line, s, w.at.x + x0, w.at.x + x1));
        }
        // Touching parts on a line make one rect: a name of three words is one box.
        parts.sort_by(|p, q| {
            (p.0, p.2)
                .partial_cmp(&(q.0, q.2))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut merged: Vec<(usize, usize, f32, f32)> = Vec::new();
        for p in parts {
            match merged.last_mut() {
                Some(m) if m.0 == p.0 && p.2 <= m.3 + 1.0 => {
                    m.1 = m.1.min(p.1);
                    m.3 = m.3.max(p.3);
                }
                _ => merged.push(p),
            }
        }
        merged.sort_by_key(|m| (m.0, m.1));
        merged
            .into_iter()
            .map(|(line, _, x0, x1)| {
                let y = line as f32 * self.line_height;
                Rect::from_min_max(pos2(x0, y), pos2(x1.max(x0 + 2.0), y + self.line_height))
            })
            .collect()
    }

    fn char_at(&self, pos: Pos2) -> Option<usize> {
        if pos.y < 0.0 {
            return None;
        }
        let line = (pos.y / self.line_height) as usize;
        let w = self
            .words
            .iter()
            .find(|w| w.line == line && pos.x >= w.at.x && pos.x < w.at.x + w.galley.size().x)?;
        let x = pos.x - w.at.x;
        let k = w.edges.iter().position(|&(x0, x1)| x >= x0 && x < x1)?;
        Some(w.chars.start + k)
    }
}

/// Greedy line breaking in reading order: the pieces of each line. White space at the end of
/// a line does not count against the width; a word wider than the line gets a line of its own.
fn wrap(pieces: &[Piece], widths: &[f32], width: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut x = 0.0;
    let mut k = 0;
    while k < pieces.len() {
        // The unbreakable unit from k: up to the next break opportunity.
        let mut end = k + 1;
        while end < pieces.len() && !pieces[end].break_before {
            end += 1;
        }
        let full: f32 = (k..end).map(|i| widths[i]).sum();
        let trailing: f32 = (k..end)
            .rev()
            .take_while(|&i| pieces[i].space)
            .map(|i| widths[i])
            .sum();
        let ink = full - trailing;
        if k > start && x + ink > width {
            lines.push(start..k);
            start = k;
            x = 0.0;
        }
        x += full;
        k = end;
    }
    if start < pieces.len() || lines.is_empty() {
        lines.push(start..pieces.len());
    }
    lines
}

/// Each char's horizontal interval in a piece's galley. Left to right, egui keeps one glyph per
/// char. Right to left, the shaper returns glyphs in visual order: they are matched to the chars
/// from the right, and a char without a glyph of its own (a mark, the second letter of a
/// ligature) shares the one before it. When the glyphs do not match the text (a font that
/// substitutes), the width is shared out evenly, right to left.
fn edges(g: &Galley, text: &str, rtl: bool) -> Vec<(f32, f32)> {
    let n = text.chars().count();
    let Some(row) = g.rows.first() else {
        return vec![(0.0, 0.0); n];
    };
    let x0 = row.pos.x;
    if !rtl {
        return (0..n)
            .map(|i| {
                let a = row.x_offset(egui::text::CharIndex(i));
                let b = row.x_offset(egui::text::CharIndex(i + 1));
                (x0 + a, x0 + b.max(a))
            })
            .collect();
    }
    let visible: Vec<&egui::epaint::text::Glyph> = row
        .glyphs
        .iter()
        .filter(|g| g.advance_width > 0.0)
        .collect();
    // Glyph k spans from its own left edge to the next one's (the last to the galley's end), so
    // the intervals tile the word and a box over several chars has no seams.
    let span = |k: usize| {
        let left = if k == 0 { 0.0 } else { visible[k].pos.x };
        let right = visible.get(k + 1).map_or(g.size().x, |n| n.pos.x);
        (x0 + left, x0 + right.max(left))
    };
    let mut j = visible.len();
    let mut out = Vec::with_capacity(n);
    let mut last: Option<(f32, f32)> = None;
    let mut matched = 0;
    for c in text.chars() {
        let shown = unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c);
        if j > 0 && visible[j - 1].chr == shown {
            j -= 1;
            matched += 1;
            last = Some(span(j));
        }
        out.push(last.unwrap_or((x0 + g.size().x, x0 + g.size().x)));
    }
    if matched == visible.len() && visible.len() <= n && j == 0 {
        return out;
    }
    let w = g.size().x / n.max(1) as f32;
    (0..n)
        .map(|i| {
            let right = g.size().x - i as f32 * w;
            (right - w, right)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay_out(text: &str, width: f32) -> Laid {
        let ctx = egui::Context::default();
        crate::ui::use_system_fonts(&ctx);
        let mut laid = None;
        crate::ui::headless_ui(&ctx, Vec::new(), |ui| {
            let style = Style {
                font: FontId::proportional(16.0),
                color: Color32::BLACK,
                line_height: 28.0,
                width,
            };
            laid = Some(Laid::new(ui.painter(), text, &style));
        });
        laid.unwrap_or(Laid::Bidi(Lines {
            words: Vec::new(),
            lines: 0,
            line_height: 0.0,
            height: 0.0,
        }))
    }

    fn words(l: &Laid) -> Vec<(usize, f32, String)> {
        let Laid::Bidi(l) = l else { return Vec::new() };
        l.words
            .iter()
            .filter(|w| !w.space)
            .map(|w| {
                let t: String = w.galley.job.text.clone();
                (w.line, w.at.x, t)
            })
            .collect()
    }

    #[test]
    fn left_to_right_text_is_laid_out_by_egui() {
        assert!(matches!(
            lay_out("Port Veyra, 14 March", 400.0),
            Laid::Plain(_)
        ));
    }

    #[test]
    fn a_right_to_left_line_reads_from_the_right_with_its_full_stop_on_the_left() {
        // "The minister said." — three words and a full stop, in Arabic.
        let l = lay_out("قال الوزير أمس.", 600.0);
        let w = words(&l);
        let texts: Vec<&str> = w.iter().map(|w| w.2.as_str()).collect();
        // Visual order, left to right: the full stop, then the words from the last.
        assert_eq!(texts, [".", "أمس", "الوزير", "قال"]);
        // Aligned right: the first word ends at the right edge.
        let Laid::Bidi(lines) = &l else { return };
        let first = lines.words.iter().find(|w| w.chars.start == 0);
        let right = first.map(|w| w.at.x + w.galley.size().x);
        assert!(right.is_some_and(|r| (r - 600.0).abs() < 1.0), "{right:?}");
    }

    #[test]
    fn a_latin_name_inside_arabic_keeps_its_order_and_place() {
        // "talks with UNICEF World Bank begin" — the embedded names stay left to right.
        let l = lay_out("المحادثات مع UNICEF World ستبدأ", 800.0);
        let texts: Vec<String> = words(&l).into_iter().map(|w| w.2).collect();
        assert_eq!(texts, ["ستبدأ", "UNICEF", "World", "مع", "المحادثات"]);
    }

    #[test]
    fn brackets_in_a_right_to_left_run_are_mirrored() {
        let l = lay_out("قال (أمس) الوزير", 600.0);
        let texts: Vec<String> = words(&l).into_iter().map(|w| w.2).collect();
        assert_eq!(texts, ["الوزير", "(", "أمس", ")", "قال"]);
    }

    #[test]
    fn lines_wrap_in_reading_order() {
        let text = "قال وزير الخارجية إن الوفد سيصل إلى بغداد يوم الخميس";
        let l = lay_out(text, 150.0);
        let w = words(&l);
        assert!(w.iter().map(|w| w.0).max().unwrap_or(0) >= 2, "{w:?}");
        // The first word is on the first line, the last on the last.
        assert_eq!(w.iter().find(|w| w.2 == "قال").map(|w| w.0), Some(0));
        let last = w.iter().map(|w| w.0).max();
        assert_eq!(w.iter().find(|w| w.2 == "الخميس").map(|w| w.0), last);
        // No line is wider than the width (every word fits).
        let Laid::Bidi(lines) = &l else { return };
        assert!(
            lines
                .words
                .iter()
                .filter(|w| !w.space)
                .all(|w| w.at.x >= -0.5)
        );
    }

    #[test]
    fn every_char_is_found_where_its_rect_is() {
        let text = "وبغداد مع UNICEF 14 🔥 شלום.";
        let l = lay_out(text, 800.0);
        let n = text.chars().count();
        for c in 0..n {
            let rects = l.span_rects(c, c + 1);
            assert_eq!(rects.len(), 1, "char {c}");
            let r = rects[0];
            if r.width() > 2.5 {
                assert_eq!(l.char_at(r.center()), Some(c), "char {c} at {r:?}");
            }
        }
        // "بغداد" without its "و" (and): a box to the left of the "و", inside the word.
        let word = l.span_rects(0, 6);
        let name = l.span_rects(1, 6);
        let and = l.span_rects(0, 1);
        assert!(name[0].max.x <= and[0].min.x + 0.5, "{name:?} {and:?}");
        assert!(name[0].width() < word[0].width());
    }

    #[test]
    fn a_span_over_three_words_is_one_box() {
        let l = lay_out("قال وزير الخارجية أحمد الصافي إن", 800.0);
        // "أحمد الصافي" (Ahmad al-Safi): chars 18..29.
        assert_eq!(l.span_rects(18, 29).len(), 1);
    }
}
