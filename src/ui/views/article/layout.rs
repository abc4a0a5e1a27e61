//! Paragraphs laid out once per width and style, lazily as they come into view, and the
//! geometry that maps chars to screen positions and back.

use super::{ArticleView, LayoutKey, Para};
use crate::model::{Session, Span};
use egui::{FontId, Galley, Pos2, Rect, pos2, vec2};
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

impl ArticleView {
    pub(super) fn ensure_paragraphs(&mut self, s: &Session) {
        if self.text_hash == s.article.hash && !self.paras.is_empty() {
            return;
        }
        self.text_hash = s.article.hash.clone();
        self.paras.clear();
        let text = s.text();
        let (mut c, mut b) = (0usize, 0usize);
        for line in text.split('\n') {
            let n = line.chars().count();
            self.paras.push(Para {
                start: c,
                end: c + n,
                byte_start: b,
                byte_end: b + line.len(),
            });
            c += n + 1;
            b += line.len() + 1;
        }
        self.layout_key = None;
        self.marks_stamp = None;
    }

    pub(super) fn para_of(&self, c: usize) -> usize {
        self.paras
            .partition_point(|p| p.end < c)
            .min(self.paras.len().saturating_sub(1))
    }

    pub(super) fn ensure_layout(&mut self, ui: &egui::Ui, width: f32) {
        let key = LayoutKey {
            width: width.round() as u32,
            ppp: (ui.ctx().pixels_per_point() * 100.0) as u32,
            font: (self.font_size * 10.0) as u32,
            dark: ui.visuals().dark_mode,
        };
        if self.atlas.rebuilt(ui) {
            // Laid out again as they come into view; the heights stay, so nothing moves.
            self.galleys.iter_mut().for_each(|g| *g = None);
        }
        if self.layout_key == Some(key) {
            return;
        }
        let color = ui.visuals().text_color();
        let font = FontId::proportional(self.font_size);
        let line_height = (self.font_size * 1.75).round();
        // Estimated heights: laying out a 10 MB article up front would take seconds and
        // gigabytes; paragraphs are laid out when they come into view.
        let per_line = (width / (self.font_size * 0.48)).max(10.0);
        self.heights = self
            .paras
            .iter()
            .map(|p| ((p.end - p.start) as f32 / per_line).ceil().max(1.0) * line_height)
            .collect();
        self.galleys = vec![None; self.paras.len()];
        self.style = Some((font, color, line_height, width));
        self.recompute_tops();
        self.layout_key = Some(key);
    }

    pub(super) fn recompute_tops(&mut self) {
        self.tops.clear();
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h;
        }
        self.total_height = y;
    }

    /// Lay out paragraph `i` if it is not yet; returns whether its height changed.
    pub(super) fn layout_para(&mut self, ui: &egui::Ui, s: &Session, i: usize) -> bool {
        if self.galleys.get(i).is_none_or(Option::is_some) {
            return false;
        }
        let (Some((font, color, line_height, width)), Some(p)) =
            (self.style.clone(), self.paras.get(i))
        else {
            return false;
        };
        let mut job = egui::text::LayoutJob::simple(
            s.text()[p.byte_start..p.byte_end].to_owned(),
            font,
            color,
            width,
        );
        if let Some(sec) = job.sections.first_mut() {
            sec.format.line_height = Some(line_height);
        }
        let g = ui.painter().layout_job(job);
        let h = g.size().y.max(line_height * 0.6);
        self.galleys[i] = Some(g);
        let changed = (self.heights[i] - h).abs() > 0.5;
        self.heights[i] = h;
        changed
    }

    /// Lay out the paragraphs in `[y0, y1)` of the content (and fix the positions below them).
    pub(super) fn layout_range(&mut self, ui: &egui::Ui, s: &Session, y0: f32, y1: f32) {
        for _ in 0..3 {
            let first = self.tops.partition_point(|&t| t <= y0).saturating_sub(1);
            let mut changed = false;
            let mut i = first;
            while i < self.paras.len() && self.tops[i] < y1 {
                changed |= self.layout_para(ui, s, i);
                i += 1;
            }
            if !changed {
                return;
            }
            self.recompute_tops();
        }
    }

    /// Screen rect of the char at `c` in the last frame, for tests and for scrolling.
    pub fn char_rect(&self, c: usize) -> Option<Rect> {
        let i = self.para_of(c);
        let p = self.paras.get(i)?;
        let g = self.galleys.get(i)?.as_ref()?;
        let local = c.checked_sub(p.start)?;
        let r = span_rects(g, local, local + 1).into_iter().next()?;
        Some(r.translate(self.origin.to_vec2() + vec2(0.0, self.tops[i])))
    }

    /// The measure of the text as laid out: the median number of words on a full line (every
    /// row of a paragraph laid out in the last frames but its last one, which may be short).
    /// `None` before any paragraph has wrapped.
    pub fn words_per_line(&self) -> Option<usize> {
        let mut counts: Vec<usize> = self
            .galleys
            .iter()
            .flatten()
            .flat_map(|g| {
                let full = g.rows.len().saturating_sub(1);
                g.rows[..full].iter().map(|row| {
                    let text: String = row.glyphs.iter().map(|g| g.chr).collect();
                    text.split_whitespace().count()
                })
            })
            .collect();
        counts.sort_unstable();
        counts.get(counts.len() / 2).copied()
    }

    /// The char under a screen position, if any.
    pub(super) fn char_at(&self, pos: Pos2) -> Option<usize> {
        let local = pos - self.origin;
        let i = self
            .tops
            .partition_point(|&t| t <= local.y)
            .checked_sub(1)?;
        let g = self.galleys.get(i)?.as_ref()?;
        let p = self.paras.get(i)?;
        let y = local.y - self.tops[i];
        let mut idx = 0usize;
        for row in &g.rows {
            if y >= row.min_y() && y < row.max_y() {
                let x = local.x - row.pos.x;
                for (k, glyph) in row.glyphs.iter().enumerate() {
                    let r = glyph.logical_rect();
                    if x >= r.min.x && x < r.max.x {
                        return Some(p.start + idx + k);
                    }
                }
                return None;
            }
            idx += row.char_count_including_newline().0;
        }
        None
    }

    /// The word (Unicode word boundaries) around char `c`, without a possessive ("Iraq’s" is
    /// "Iraq", whose entity the analyst means); `None` on white space.
    pub fn word_at(&self, s: &Session, c: usize) -> Option<Span> {
        let p = self.paras.get(self.para_of(c))?;
        let text = &s.text()[p.byte_start..p.byte_end];
        let target = c.checked_sub(p.start)?;
        let mut chars = 0;
        for w in text.split_word_bounds() {
            let n = w.chars().count();
            if target < chars + n {
                if w.trim().is_empty() {
                    return None;
                }
                let word = crate::model::words::without_possessive(w).chars().count();
                return Some(Span::new(p.start + chars, p.start + chars + word));
            }
            chars += n;
        }
        None
    }
}

/// Rects (relative to the galley) covering local chars `[a, b)`, one per row.
pub(super) fn span_rects(g: &Galley, a: usize, b: usize) -> Vec<Rect> {
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

/// Notices when egui drops the galleys it laid out: when its glyph atlas fills up, or a system
/// font is found for a glyph no bundled font has (a ▶ in a tab, an emoji in the text). Galleys
/// kept from before point at glyphs no longer there and draw as garbage. A one-word probe laid
/// out through egui's cache every frame comes back as the same galley until the cache is
/// emptied, whichever of its reasons.
#[derive(Default)]
pub(super) struct AtlasWatch {
    probe: Option<Arc<Galley>>,
}

impl AtlasWatch {
    /// Whether egui's galleys were dropped since the last call.
    fn rebuilt(&mut self, ui: &egui::Ui) -> bool {
        let probe = ui.painter().layout_no_wrap(
            "Ag".to_owned(),
            FontId::proportional(12.0),
            egui::Color32::WHITE,
        );
        let rebuilt = self
            .probe
            .as_ref()
            .is_some_and(|old| !Arc::ptr_eq(old, &probe));
        self.probe = Some(probe);
        rebuilt
    }
}
