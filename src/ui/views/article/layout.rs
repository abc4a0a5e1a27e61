//! Paragraphs laid out once per width and style, lazily as they come into view, and the
//! geometry that maps chars to screen positions and back.

use super::flow::{Laid, Style};
use super::{ArticleView, LayoutKey, Para};
use crate::model::{Session, Span};
use egui::{FontId, Galley, Pos2, Rect, vec2};
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
            self.laid.forget_all();
        }
        if self.layout_key == Some(key) {
            return;
        }
        let line_height = (self.font_size * 1.75).round();
        // Estimated heights: laying out a 10 MB article up front would take seconds and
        // gigabytes; paragraphs are laid out when they come into view.
        let per_line = (width / (self.font_size * 0.48)).max(10.0);
        self.heights = self
            .paras
            .iter()
            .map(|p| ((p.end - p.start) as f32 / per_line).ceil().max(1.0) * line_height)
            .collect();
        self.laid = LaidParas::new(self.paras.len());
        self.style = Some(Style {
            font: FontId::proportional(self.font_size),
            color: ui.visuals().text_color(),
            line_height,
            width,
        });
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
        if i >= self.paras.len() || self.laid.get(i).is_some() {
            return false;
        }
        let (Some(style), Some(p)) = (self.style.as_ref(), self.paras.get(i)) else {
            return false;
        };
        let laid = Laid::new(ui.painter(), &s.text()[p.byte_start..p.byte_end], style);
        let h = laid.height().max(style.line_height * 0.6);
        self.laid.keep(i, Arc::new(laid), p.end - p.start);
        let changed = (self.heights[i] - h).abs() > 0.5;
        self.heights[i] = h;
        changed
    }

    /// Lay out the paragraphs in `[y0, y1)` of the content (and fix the positions below them).
    /// Paragraphs laid out before, elsewhere, are forgotten past a budget.
    pub(super) fn layout_range(&mut self, ui: &egui::Ui, s: &Session, y0: f32, y1: f32) {
        let mut shown = 0..0;
        for _ in 0..3 {
            let first = self.tops.partition_point(|&t| t <= y0).saturating_sub(1);
            let mut changed = false;
            let mut i = first;
            while i < self.paras.len() && self.tops[i] < y1 {
                changed |= self.layout_para(ui, s, i);
                i += 1;
            }
            shown = first..i;
            if !changed {
                break;
            }
            self.recompute_tops();
        }
        self.laid.forget_outside(shown);
    }

    /// Screen rect of the char at `c` in the last frame, for tests and for scrolling.
    pub fn char_rect(&self, c: usize) -> Option<Rect> {
        let i = self.para_of(c);
        let p = self.paras.get(i)?;
        let laid = self.laid.get(i)?;
        let local = c.checked_sub(p.start)?;
        let r = laid.span_rects(local, local + 1).into_iter().next()?;
        Some(r.translate(self.origin.to_vec2() + vec2(0.0, self.tops[i])))
    }

    /// How many chars of the article are laid out and kept for drawing (the paragraphs in
    /// view, and those seen before up to a budget).
    pub fn chars_laid_out(&self) -> usize {
        self.laid.chars
    }

    /// The measure of the text as laid out: the median number of words on a full line (every
    /// line of a paragraph laid out in the last frames but its last one, which may be short).
    /// `None` before any paragraph has wrapped.
    pub fn words_per_line(&self) -> Option<usize> {
        let mut counts: Vec<usize> = self
            .laid
            .iter()
            .flat_map(|l| l.words_per_full_line())
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
        let laid = self.laid.get(i)?;
        let p = self.paras.get(i)?;
        let at = Pos2::new(local.x, local.y - self.tops[i]);
        Some(p.start + laid.char_at(at)?)
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

/// The paragraphs laid out, by index. Those out of view are kept (scrolling back draws them at
/// once) until they hold more than [`LaidParas::KEEP_CHARS`], then forgotten: a galley takes
/// ~150 bytes a char, and scrolling through a 10 MB article kept every paragraph it passed
/// (30 MB after 50 jumps, gigabytes for the whole text). Heights are kept apart, so nothing
/// moves when a paragraph is laid out again.
#[derive(Default)]
pub(super) struct LaidParas {
    galleys: Vec<Option<Arc<Laid>>>,
    /// Which of them are laid out with their chars, and those chars in all.
    kept: Vec<(usize, usize)>,
    chars: usize,
}

impl LaidParas {
    /// Some thirty screens of text (a screen shows about 3,000 chars): ~15 MB of galleys.
    const KEEP_CHARS: usize = 100_000;

    pub(super) fn new(paragraphs: usize) -> Self {
        Self {
            galleys: vec![None; paragraphs],
            ..Self::default()
        }
    }

    pub(super) fn get(&self, i: usize) -> Option<&Arc<Laid>> {
        self.galleys.get(i)?.as_ref()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &Arc<Laid>> {
        self.kept.iter().filter_map(|&(i, _)| self.get(i))
    }

    /// Paragraph `i`, of `chars` chars, as laid out.
    pub(super) fn keep(&mut self, i: usize, laid: Arc<Laid>, chars: usize) {
        let Some(slot) = self.galleys.get_mut(i) else {
            return;
        };
        if slot.replace(laid).is_none() {
            self.kept.push((i, chars));
            self.chars += chars;
        }
    }

    /// Past the budget, forget every paragraph outside `shown`.
    pub(super) fn forget_outside(&mut self, shown: std::ops::Range<usize>) {
        if self.chars <= Self::KEEP_CHARS {
            return;
        }
        let galleys = &mut self.galleys;
        self.kept.retain(|&(i, _)| {
            let keep = shown.contains(&i);
            if !keep && let Some(g) = galleys.get_mut(i) {
                *g = None;
            }
            keep
        });
        self.chars = self.kept.iter().map(|&(_, n)| n).sum();
    }

    /// Forget them all (egui dropped the glyphs they point at).
    pub(super) fn forget_all(&mut self) {
        *self = Self::new(self.galleys.len());
    }
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
