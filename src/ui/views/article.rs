//! The article text with highlighted annotations: laid out once per paragraph and width, painted
//! only where visible, and hit-tested by char offset.

use super::DocView;
use crate::model::changes::{Since, Stamp};
use crate::model::session::Selection;
use crate::model::{EventId, Filler, MentionId, Session, Span};
use crate::ui::action::{Action, Sel};
use crate::ui::colors;
use egui::{Align2, Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, pos2, vec2};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

/// What the view shows this frame.
pub struct ViewInput<'a> {
    pub session: &'a Session,
    pub sel: &'a Sel,
    /// Its mentions are outlined.
    pub selected_entity: Option<crate::model::EntityId>,
    /// Events whose triggers are drawn emphasised.
    pub highlighted_events: &'a [EventId],
    /// Spans to outline with a role label: the selected event's arguments.
    pub role_marks: &'a [(Span, String)],
}

#[derive(Debug, Clone, Copy)]
struct Para {
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MarkKind {
    Mention(MentionId),
    Trigger(EventId),
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    kind: MarkKind,
    /// Char offsets local to the paragraph.
    start: usize,
    end: usize,
    color: [u8; 3],
    level: u8,
}

#[derive(PartialEq, Clone, Copy)]
struct LayoutKey {
    width: u32,
    ppp: u32,
    font: u32,
    dark: bool,
}

pub struct ArticleView {
    text_hash: String,
    paras: Vec<Para>,
    layout_key: Option<LayoutKey>,
    /// Laid out only once a paragraph is (nearly) visible; until then its height is estimated.
    galleys: Vec<Option<Arc<Galley>>>,
    heights: Vec<f32>,
    /// Font, colour, line height and wrap width of the current layout.
    style: Option<(FontId, Color32, f32, f32)>,
    tops: Vec<f32>,
    total_height: f32,
    /// The session revision `marks` was built for.
    marks_stamp: Option<Stamp>,
    marks: Vec<Vec<Mark>>,
    /// What `marks` was built from: where each annotation was, to move it after an edit.
    items: BTreeMap<MarkKind, (Span, [u8; 3])>,
    /// Screen position of the text's top-left corner in the last frame.
    origin: Pos2,
    drag_anchor: Option<usize>,
    /// Scroll so that this char is at the top on the next frame.
    pub scroll_to: Option<usize>,
    /// The first char visible in the last frame (saved with the session).
    pub first_visible: usize,
    pub font_size: f32,
    /// Char spans to highlight as search hits.
    pub hits: Vec<Span>,
    pub current_hit: Option<usize>,
}

impl Default for ArticleView {
    fn default() -> Self {
        Self {
            text_hash: String::new(),
            paras: Vec::new(),
            layout_key: None,
            galleys: Vec::new(),
            heights: Vec::new(),
            style: None,
            tops: Vec::new(),
            total_height: 0.0,
            marks_stamp: None,
            marks: Vec::new(),
            items: BTreeMap::new(),
            origin: Pos2::ZERO,
            drag_anchor: None,
            scroll_to: None,
            first_visible: 0,
            font_size: 17.0,
            hits: Vec::new(),
            current_hit: None,
        }
    }
}

const MARGIN: f32 = 16.0;

impl ArticleView {
    /// Forget all cached layout (a new document was opened).
    pub fn reset(&mut self) {
        let font_size = self.font_size;
        *self = Self {
            font_size,
            ..Self::default()
        };
    }

    fn ensure_paragraphs(&mut self, s: &Session) {
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

    fn para_of(&self, c: usize) -> usize {
        self.paras
            .partition_point(|p| p.end < c)
            .min(self.paras.len().saturating_sub(1))
    }

    fn ensure_layout(&mut self, ui: &egui::Ui, width: f32) {
        let key = LayoutKey {
            width: width.round() as u32,
            ppp: (ui.ctx().pixels_per_point() * 100.0) as u32,
            font: (self.font_size * 10.0) as u32,
            dark: ui.visuals().dark_mode,
        };
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

    fn recompute_tops(&mut self) {
        self.tops.clear();
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h;
        }
        self.total_height = y;
    }

    /// Lay out paragraph `i` if it is not yet; returns whether its height changed.
    fn layout_para(&mut self, ui: &egui::Ui, s: &Session, i: usize) -> bool {
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
    fn layout_range(&mut self, ui: &egui::Ui, s: &Session, y0: f32, y1: f32) {
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

    /// Every annotation drawn in the text: mentions and event triggers, with their colours.
    fn mark_items(s: &Session) -> BTreeMap<MarkKind, (Span, [u8; 3])> {
        // Looked up once per type, not once per mention (a 10 MB session has 250,000).
        let mut colors: std::collections::HashMap<(bool, &str), [u8; 3]> = Default::default();
        let mut items: BTreeMap<MarkKind, (Span, [u8; 3])> = BTreeMap::new();
        for m in s.mentions.values() {
            let c = *colors
                .entry((false, m.entity_type.as_str()))
                .or_insert_with(|| s.schema.entity_color(&m.entity_type));
            items.insert(MarkKind::Mention(m.id), (m.span, c));
        }
        for e in s.events.values() {
            let c = *colors
                .entry((true, e.event_type.as_str()))
                .or_insert_with(|| s.schema.event_color(&e.event_type));
            if let Some(t) = e.trigger {
                items.insert(MarkKind::Trigger(e.id), (t, c));
            }
        }
        items
    }

    /// One annotation as it is now (None: gone, or an event without trigger).
    fn mark_item(s: &Session, kind: MarkKind) -> Option<(Span, [u8; 3])> {
        match kind {
            MarkKind::Mention(id) => {
                let m = s.mentions.get(&id)?;
                Some((m.span, s.schema.entity_color(&m.entity_type)))
            }
            MarkKind::Trigger(id) => {
                let e = s.events.get(&id)?;
                Some((e.trigger?, s.schema.event_color(&e.event_type)))
            }
        }
    }

    /// Paragraphs a span touches.
    fn paras_of(&self, span: Span) -> std::ops::Range<usize> {
        let first = self.paras.partition_point(|p| p.end < span.start);
        let mut last = first;
        while last < self.paras.len() && self.paras[last].start < span.end.max(span.start + 1) {
            last += 1;
        }
        first..last.max(first + 1).min(self.paras.len())
    }

    /// Put a mark into the paragraphs its span covers.
    fn place_mark(
        &mut self,
        kind: MarkKind,
        span: Span,
        color: [u8; 3],
        dirty: &mut BTreeSet<usize>,
    ) {
        for i in self.paras_of(span) {
            let p = self.paras[i];
            let a = span.start.max(p.start);
            let b = span.end.min(p.end);
            if a < b {
                self.marks[i].push(Mark {
                    kind,
                    start: a - p.start,
                    end: b - p.start,
                    color,
                    level: 0,
                });
                dirty.insert(i);
            }
        }
    }

    /// Keep the per-paragraph marks in step with the annotations. After an edit only the
    /// annotations it touched are moved, and only their paragraphs restacked.
    fn ensure_marks(&mut self, s: &Session) {
        let since = match self.marks_stamp {
            Some(st) if self.marks.len() == self.paras.len() => s.changes.since(st),
            _ => Since::Unknown,
        };
        self.marks_stamp = Some(s.changes.stamp());
        let mut dirty = BTreeSet::new();
        match since {
            Since::Nothing => return,
            Since::Unknown => {
                self.items = Self::mark_items(s);
                self.marks = vec![Vec::new(); self.paras.len()];
                let items = std::mem::take(&mut self.items);
                for (kind, (span, color)) in &items {
                    self.place_mark(*kind, *span, *color, &mut dirty);
                }
                self.items = items;
            }
            Since::Touched(t) => {
                let kinds = t
                    .mentions
                    .iter()
                    .map(|m| MarkKind::Mention(*m))
                    .chain(t.events.iter().map(|e| MarkKind::Trigger(*e)));
                for kind in kinds {
                    let new = Self::mark_item(s, kind);
                    let old = self.items.get(&kind).copied();
                    if old == new {
                        continue;
                    }
                    if let Some((span, _)) = old {
                        for i in self.paras_of(span) {
                            self.marks[i].retain(|m| m.kind != kind);
                            dirty.insert(i);
                        }
                    }
                    match new {
                        Some((span, color)) => {
                            self.items.insert(kind, (span, color));
                            self.place_mark(kind, span, color, &mut dirty);
                        }
                        None => {
                            self.items.remove(&kind);
                        }
                    }
                }
            }
        }
        // Stack overlapping marks: longer (outer) ones first, each on the lowest free level;
        // equal spans in id order (mentions before triggers), whatever order they came in.
        for &i in &dirty {
            let list = &mut self.marks[i];
            list.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.kind));
            let mut level_end: Vec<usize> = Vec::new();
            for m in list.iter_mut() {
                let lvl = level_end
                    .iter()
                    .position(|&end| end <= m.start)
                    .unwrap_or(level_end.len());
                if lvl == level_end.len() {
                    level_end.push(m.end);
                } else {
                    level_end[lvl] = m.end;
                }
                m.level = lvl.min(7) as u8;
            }
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

    /// The char under a screen position, if any.
    fn char_at(&self, pos: Pos2) -> Option<usize> {
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

    /// The word (Unicode word boundaries) around char `c`; `None` on white space.
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
                return Some(Span::new(p.start + chars, p.start + chars + n));
            }
            chars += n;
        }
        None
    }

    /// Show the view; clicks and drags come back as events for the app to apply.
    /// Draw the visible text; returns what a click or drag asked for.
    pub fn show(&mut self, ui: &mut egui::Ui, input: ViewInput<'_>) -> Vec<Action> {
        let mut events = Vec::new();
        let ViewInput {
            session: s,
            sel,
            selected_entity,
            highlighted_events,
            role_marks,
        } = input;
        self.ensure_paragraphs(s);
        let width = (ui.available_width() - 2.0 * MARGIN).max(120.0);
        self.ensure_layout(ui, width);
        self.ensure_marks(s);

        let mut area = egui::ScrollArea::vertical()
            .id_salt("article-scroll")
            .auto_shrink([false, false]);
        if let Some(c) = self.scroll_to.take() {
            let i = self.para_of(c);
            // The target and what comes before it on screen need their real heights.
            let target_top = self.tops.get(i).copied().unwrap_or(0.0);
            self.layout_range(ui, s, (target_top - 200.0).max(0.0), target_top + 1.0);
            let row_y = self
                .galleys
                .get(i)
                .and_then(|g| g.as_ref())
                .and_then(|g| {
                    let local = c.saturating_sub(self.paras[i].start);
                    span_rects(g, local, local + 1).first().map(|r| r.min.y)
                })
                .unwrap_or(0.0);
            let y = self.tops.get(i).copied().unwrap_or(0.0) + row_y;
            area = area.vertical_scroll_offset((y - 60.0).max(0.0));
        }
        area.show_viewport(ui, |ui, viewport| {
            self.layout_range(
                ui,
                s,
                (viewport.min.y - MARGIN).max(0.0),
                viewport.max.y + 200.0,
            );
            let content = Rect::from_min_size(
                ui.max_rect().min,
                vec2(ui.available_width(), self.total_height + 2.0 * MARGIN),
            );
            let resp = ui.allocate_rect(content, Sense::click_and_drag());
            resp.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Document,
                    true,
                    format!("Article text: {}", s.article.title),
                )
            });
            self.origin = content.min + vec2(MARGIN, MARGIN);
            let painter = ui.painter_at(ui.clip_rect());
            let dark = ui.visuals().dark_mode;
            let text_color = ui.visuals().text_color();
            let strong = ui.visuals().strong_text_color();
            let sel_span = sel.text_span();
            let first = self
                .tops
                .partition_point(|&t| t + MARGIN <= viewport.min.y)
                .saturating_sub(1);
            let mut first_visible = None;
            for i in first..self.paras.len() {
                let top = self.tops[i];
                if top + MARGIN > viewport.max.y {
                    break;
                }
                let p = self.paras[i];
                first_visible.get_or_insert(p.start);
                let Some(g) = self.galleys[i].clone() else {
                    continue;
                };
                let g = &g;
                let at = self.origin + vec2(0.0, top);
                // Search hits under everything.
                for (k, h) in self.hits.iter().enumerate() {
                    if h.end <= p.start || h.start >= p.end.max(p.start + 1) {
                        continue;
                    }
                    let (a, b) = (h.start.max(p.start) - p.start, h.end.min(p.end) - p.start);
                    let fill = if Some(k) == self.current_hit {
                        Color32::from_rgb(255, 150, 30)
                    } else {
                        Color32::from_rgba_unmultiplied(255, 220, 0, 110)
                    };
                    for r in span_rects(g, a, b) {
                        painter.rect_filled(r.translate(at.to_vec2()).expand(1.0), 2.0, fill);
                    }
                }
                let marks = &self.marks[i];
                for m in marks {
                    if let MarkKind::Mention(_) = m.kind {
                        let fill = colors::highlight(m.color, dark, m.level);
                        for r in span_rects(g, m.start, m.end) {
                            let r = r.translate(at.to_vec2());
                            let inset = (m.level as f32 * 2.0).min(6.0);
                            painter.rect_filled(r.shrink2(vec2(0.0, inset)), 2.0, fill);
                        }
                    }
                }
                if let Some(sp) = sel_span
                    && sp.start < p.end.max(p.start + 1)
                    && sp.end > p.start
                {
                    let (a, b) = (sp.start.max(p.start) - p.start, sp.end.min(p.end) - p.start);
                    for r in span_rects(g, a, b) {
                        painter.rect_filled(
                            r.translate(at.to_vec2()),
                            2.0,
                            ui.visuals().selection.bg_fill.gamma_multiply(0.8),
                        );
                    }
                }
                painter.galley(at, g.clone(), text_color);
                // The selected event's arguments, each labelled with its role.
                for (span, role) in role_marks {
                    if span.end <= p.start || span.start >= p.end.max(p.start + 1) {
                        continue;
                    }
                    let (a, b) = (
                        span.start.max(p.start) - p.start,
                        span.end.min(p.end) - p.start,
                    );
                    let rects = span_rects(g, a, b);
                    for r in &rects {
                        painter.rect_stroke(
                            r.translate(at.to_vec2()).expand(3.0),
                            4.0,
                            Stroke::new(2.5, strong),
                            egui::StrokeKind::Outside,
                        );
                    }
                    if let Some(r) = rects.first() {
                        let r = r.translate(at.to_vec2());
                        let galley = painter.layout_no_wrap(
                            role.clone(),
                            FontId::proportional(10.5),
                            ui.visuals().extreme_bg_color,
                        );
                        let bg = Rect::from_min_size(
                            r.left_top() - vec2(1.0, galley.size().y + 3.0),
                            galley.size() + vec2(6.0, 2.0),
                        );
                        painter.rect_filled(bg, 3.0, strong);
                        painter.galley(bg.min + vec2(3.0, 1.0), galley, strong);
                    }
                }
                for m in marks {
                    let rects = span_rects(g, m.start, m.end);
                    match m.kind {
                        MarkKind::Mention(id) => {
                            let c = Color32::from_rgb(m.color[0], m.color[1], m.color[2]);
                            for r in &rects {
                                let r = r.translate(at.to_vec2());
                                let y = r.max.y - 3.0 - m.level as f32 * 3.0;
                                painter.line_segment(
                                    [pos2(r.min.x, y), pos2(r.max.x, y)],
                                    Stroke::new(2.0, c),
                                );
                            }
                            let mention = s.mentions.get(&id);
                            let picked =
                                matches!(sel, Sel::Item(Selection::Mention(x)) if *x == id);
                            let of_entity =
                                mention.is_some_and(|mm| Some(mm.entity) == selected_entity);
                            if picked || of_entity {
                                for r in &rects {
                                    painter.rect_stroke(
                                        r.translate(at.to_vec2()).expand(1.5),
                                        3.0,
                                        Stroke::new(if picked { 2.5 } else { 1.5 }, strong),
                                        egui::StrokeKind::Outside,
                                    );
                                }
                            }
                            // An accessibility node per visible mention: screen readers and tests
                            // can find annotations by label.
                            if let (Some(mm), Some(r)) = (mention, rects.first()) {
                                let r = r.translate(at.to_vec2());
                                let id = ui.scope_id().with(("mention", id.0));
                                let node = ui.interact(r, id, Sense::hover());
                                let label = mention_label(s, mm);
                                node.widget_info(|| {
                                    egui::WidgetInfo::labeled(egui::Role::Mark, true, &label)
                                });
                                node.on_hover_text(label);
                            }
                        }
                        MarkKind::Trigger(eid) => {
                            let c = Color32::from_rgb(m.color[0], m.color[1], m.color[2]);
                            let picked = matches!(sel, Sel::Item(Selection::Event(x)) if *x == eid)
                                || highlighted_events.contains(&eid);
                            for r in &rects {
                                let r = r.translate(at.to_vec2()).expand(2.0);
                                painter.rect_stroke(
                                    r,
                                    0.0,
                                    Stroke::new(if picked { 3.0 } else { 1.5 }, c),
                                    egui::StrokeKind::Outside,
                                );
                            }
                            if let (Some(ev), Some(r)) = (s.events.get(&eid), rects.first()) {
                                let r = r.translate(at.to_vec2());
                                painter.text(
                                    r.left_top() - vec2(0.0, 1.0),
                                    Align2::LEFT_BOTTOM,
                                    &ev.event_type,
                                    FontId::proportional(9.5),
                                    c,
                                );
                                let id = ui.scope_id().with(("trigger", eid.0));
                                let node = ui.interact(r, id, Sense::hover());
                                let label = format!("Event {}", s.event_label(ev));
                                node.widget_info(|| {
                                    egui::WidgetInfo::labeled(egui::Role::Mark, true, &label)
                                });
                                node.on_hover_text(label);
                            }
                        }
                    }
                }
            }
            self.first_visible = first_visible.unwrap_or(0);
            self.interact(ui, &resp, s, sel, &mut events);
        });
        events.into_iter().map(Action::Pick).collect()
    }

    /// The article's title and text, with the selected event's arguments labelled by role.
    pub fn panel(&mut self, ui: &mut egui::Ui, doc: DocView<'_>) -> Vec<Action> {
        ui.heading(&doc.session.article.title);
        let (role_marks, nested) = role_marks(doc.session, &doc.sel);
        self.show(
            ui,
            ViewInput {
                session: doc.session,
                sel: &doc.sel,
                selected_entity: doc.selected_entity(),
                highlighted_events: &nested,
                role_marks: &role_marks,
            },
        )
    }

    fn interact(
        &mut self,
        ui: &egui::Ui,
        resp: &egui::Response,
        s: &Session,
        sel: &Sel,
        events: &mut Vec<Sel>,
    ) {
        let mods = ui.input(|i| i.modifiers);
        let exact = mods.alt;
        if resp.drag_started() {
            // Where the button went down, not where the pointer is once the drag is recognised.
            self.drag_anchor = ui
                .input(|i| i.pointer.press_origin())
                .or(resp.interact_pointer_pos())
                .and_then(|p| self.char_at(p));
        }
        if resp.drag_stopped() && !resp.dragged() {
            self.drag_anchor = None;
        }
        let this = &*self;
        let unit = |c: usize| {
            if exact {
                Some(Span::new(c, c + 1))
            } else {
                this.word_at(s, c)
            }
        };
        if resp.dragged()
            && let (Some(a), Some(pos)) = (this.drag_anchor, resp.interact_pointer_pos())
            && let Some(c) = this.char_at(pos)
        {
            let ua = unit(a).unwrap_or(Span::new(a, a + 1));
            let uc = unit(c).unwrap_or(Span::new(c, c + 1));
            let span = Span::new(ua.start.min(uc.start), ua.end.max(uc.end));
            events.push(Sel::Text { anchor: ua, span });
            return;
        }
        if !resp.clicked() {
            return;
        }
        let Some(c) = resp.interact_pointer_pos().and_then(|p| this.char_at(p)) else {
            events.push(Sel::None);
            return;
        };
        if mods.shift {
            let base = match sel {
                Sel::Text { anchor, .. } => Some(*anchor),
                Sel::Item(Selection::Mention(m)) => s.mentions.get(m).map(|m| m.span),
                _ => None,
            };
            if let (Some(base), Some(u)) = (base, unit(c)) {
                let span = Span::new(base.start.min(u.start), base.end.max(u.end));
                events.push(Sel::Text { anchor: base, span });
                return;
            }
        }
        if !exact {
            // The innermost annotation under the pointer; clicking it again selects the word, so
            // nested mentions can be made inside existing ones.
            let mut best: Option<(usize, Selection)> = None;
            let i = this.para_of(c);
            let local = c - this.paras[i].start;
            for m in &this.marks[i] {
                if m.start <= local && local < m.end {
                    let (span, item) = match m.kind {
                        MarkKind::Mention(id) => {
                            (s.mentions.get(&id).map(|x| x.span), Selection::Mention(id))
                        }
                        MarkKind::Trigger(id) => (
                            s.events.get(&id).and_then(|x| x.trigger),
                            Selection::Event(id),
                        ),
                    };
                    if let Some(span) = span
                        && best.is_none_or(|(len, _)| span.len() < len)
                    {
                        best = Some((span.len(), item));
                    }
                }
            }
            if let Some((_, item)) = best
                && *sel != Sel::Item(item)
            {
                events.push(Sel::Item(item));
                return;
            }
        }
        match unit(c) {
            Some(u) => events.push(Sel::Text { anchor: u, span: u }),
            None => events.push(Sel::None),
        }
    }
}

/// For a selected event: the spans of its arguments with their role names, and the nested
/// events whose triggers should stand out.
fn role_marks(s: &Session, sel: &Sel) -> (Vec<(Span, String)>, Vec<EventId>) {
    let Some(ev) = sel.event().and_then(|id| s.events.get(&id)) else {
        return (vec![], vec![]);
    };
    let role_name = |r: &str| {
        s.schema
            .event_type(&ev.event_type)
            .and_then(|t| t.roles.iter().find(|x| x.id == r))
            .map(|x| x.name.clone())
            .unwrap_or_else(|| r.to_owned())
    };
    let mut marks = Vec::new();
    let mut nested = Vec::new();
    for a in &ev.arguments {
        let name = role_name(&a.role);
        match (a.filler, a.mention.and_then(|m| s.mentions.get(&m))) {
            (_, Some(m)) => marks.push((m.span, name)),
            (Filler::Entity(e), None) => {
                marks.extend(s.mentions_of(e).map(|m| (m.span, name.clone())));
            }
            (Filler::Event(e), None) => {
                nested.push(e);
                if let Some(t) = s.events.get(&e).and_then(|x| x.trigger) {
                    marks.push((t, name));
                }
            }
        }
    }
    (marks, nested)
}

/// How a mention reads to a screen reader and in its tooltip.
pub fn mention_label(s: &Session, m: &crate::model::Mention) -> String {
    let ty = s
        .schema
        .entity_type(&m.entity_type)
        .map(|t| t.name.as_str())
        .unwrap_or(&m.entity_type);
    let ent = s
        .entities
        .get(&m.entity)
        .map(|e| e.name.as_str())
        .unwrap_or("?");
    format!("{ty}: “{}” → {ent}", m.quote)
}

/// Rects (relative to the galley) covering local chars `[a, b)`, one per row.
fn span_rects(g: &Galley, a: usize, b: usize) -> Vec<Rect> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::synth;

    /// start, end, level, colour of each mark, per paragraph.
    type Drawn = Vec<Vec<(usize, usize, u8, [u8; 3])>>;

    fn marks_of(v: &ArticleView) -> Drawn {
        v.marks
            .iter()
            .map(|l| {
                l.iter()
                    .map(|m| (m.start, m.end, m.level, m.color))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn incremental_marks_equal_a_full_rebuild() {
        let mut s = synth::session(synth::Size::named("10k").unwrap());
        let mut v = ArticleView::default();
        v.ensure_paragraphs(&s);
        v.ensure_marks(&s);
        // Add, retype, delete, and add an event trigger across the text.
        let spans = [Span::new(5, 9), Span::new(500, 520), Span::new(3000, 3004)];
        for sp in &spans {
            let cmd = s.cmd_annotate(*sp, "Person").unwrap();
            s.apply(cmd).unwrap();
            v.ensure_marks(&s);
        }
        let first = *s.mentions.keys().next().unwrap();
        let cmd = s.cmd_retype_mention(first, "Facility").unwrap();
        s.apply(cmd).unwrap();
        v.ensure_marks(&s);
        let last = *s.mentions.keys().last().unwrap();
        let cmd = s.cmd_delete_mention(last).unwrap();
        s.apply(cmd).unwrap();
        v.ensure_marks(&s);
        let (_, cmd) = s
            .cmd_add_event("ASSAULT", Some(Span::new(700, 706)))
            .unwrap();
        s.apply(cmd).unwrap();
        v.ensure_marks(&s);

        // The same span as another type, and a trigger on a mention's span: equal spans stack
        // in id order however they arrived.
        let cmd = s.cmd_annotate(Span::new(500, 520), "Organization").unwrap();
        s.apply(cmd).unwrap();
        let (_, cmd) = s
            .cmd_add_event("ASSAULT", Some(Span::new(500, 520)))
            .unwrap();
        s.apply(cmd).unwrap();
        v.ensure_marks(&s);
        let fresh = |s: &Session| {
            let mut f = ArticleView::default();
            f.ensure_paragraphs(s);
            f.ensure_marks(s);
            marks_of(&f)
        };
        assert_eq!(marks_of(&v), fresh(&s));
        // Undo goes through the same path.
        let mut h = crate::model::History::default();
        let cmd = s.cmd_annotate(Span::new(40, 44), "Person").unwrap();
        h.apply(&mut s, cmd).unwrap();
        v.ensure_marks(&s);
        assert_eq!(marks_of(&v), fresh(&s));
        h.undo(&mut s).unwrap();
        v.ensure_marks(&s);
        assert_eq!(marks_of(&v), fresh(&s));
    }
}
