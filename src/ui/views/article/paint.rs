//! Painting the visible paragraphs, bottom to top: find hits, mention backgrounds, the text
//! selection, the text itself, the selected event's role labels, then underlines, trigger boxes
//! and an accessibility node per visible annotation.

use super::flow::Laid;
use super::{ArticleView, MARGIN, Mark, MarkKind, Para, ViewInput, mention_label};
use crate::model::Span;
use crate::model::session::Selection;
use crate::ui::action::Sel;
use crate::ui::colors;
use egui::{Color32, FontId, Pos2, Rect, Sense, Stroke, pos2, vec2};

/// What painting a paragraph needs besides the view.
struct Brush<'a> {
    painter: egui::Painter,
    dark: bool,
    text: Color32,
    strong: Color32,
    selection: Color32,
    /// Text on the role tabs.
    on_strong: Color32,
    /// The panel behind the text (under a trigger's type, hiding its box's edge).
    panel: Color32,
    /// The size of the type and role names on the marks.
    legend_px: f32,
    input: &'a ViewInput<'a>,
}

/// The part of `span` inside paragraph `p`, in the paragraph's char offsets.
fn local(p: Para, span: Span) -> Option<(usize, usize)> {
    if span.end <= p.start || span.start >= p.end.max(p.start + 1) {
        return None;
    }
    Some((
        span.start.max(p.start) - p.start,
        span.end.min(p.end) - p.start,
    ))
}

impl ArticleView {
    pub(super) fn paint_visible(
        &mut self,
        ui: &mut egui::Ui,
        input: &ViewInput<'_>,
        viewport: Rect,
    ) {
        let v = ui.visuals();
        let brush = Brush {
            painter: ui.painter_at(ui.clip_rect()),
            dark: v.dark_mode,
            text: v.text_color(),
            strong: v.strong_text_color(),
            selection: v.selection.bg_fill.gamma_multiply(0.8),
            on_strong: v.extreme_bg_color,
            panel: v.panel_fill,
            legend_px: legend_px(self.font_size),
            input,
        };
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
            first_visible.get_or_insert(self.paras[i].start);
            if let Some(laid) = self.laid.get(i).cloned() {
                let at = self.origin + vec2(0.0, top);
                self.paint_para(ui, &brush, i, &laid, at);
            }
        }
        self.first_visible = first_visible.unwrap_or(0);
    }

    fn paint_para(&self, ui: &mut egui::Ui, b: &Brush<'_>, i: usize, laid: &Laid, at: Pos2) {
        let p = self.paras[i];
        let rects = |a: usize, z: usize| -> Vec<Rect> {
            laid.span_rects(a, z)
                .into_iter()
                .map(|r| r.translate(at.to_vec2()))
                .collect()
        };
        // Search hits under everything.
        for (k, h) in self.hits.iter().enumerate() {
            let Some((a, z)) = local(p, *h) else { continue };
            let fill = if Some(k) == self.current_hit {
                Color32::from_rgb(255, 150, 30)
            } else {
                Color32::from_rgba_unmultiplied(255, 220, 0, 110)
            };
            for r in rects(a, z) {
                b.painter.rect_filled(r.expand(1.0), 2.0, fill);
            }
        }
        let marks = &self.marks[i];
        for m in marks
            .iter()
            .filter(|m| matches!(m.kind, MarkKind::Mention(_)))
        {
            let fill = colors::highlight(m.color, b.dark, m.level);
            let inset = (f32::from(m.level) * 2.0).min(6.0);
            for r in rects(m.start(), m.end()) {
                b.painter
                    .rect_filled(r.shrink2(vec2(0.0, inset)), 2.0, fill);
            }
        }
        let selected = b
            .input
            .sel
            .text_span()
            .into_iter()
            .chain(b.input.pieces.iter().copied());
        for (a, z) in selected.filter_map(|sp| local(p, sp)) {
            for r in rects(a, z) {
                b.painter.rect_filled(r, 2.0, b.selection);
            }
        }
        laid.paint(&b.painter, at, b.text);
        paint_suggestions(b, p, &rects);
        paint_differences(b, p, &rects);
        for (span, role) in b.input.role_marks {
            if let Some((a, z)) = local(p, *span) {
                role_label(b, &rects(a, z), role);
            }
        }
        for m in marks {
            let rs = rects(m.start(), m.end());
            let prev = m
                .gap_from()
                .and_then(|f| rects(f.saturating_sub(1), f).pop());
            if let (Some(prev), Some(this)) = (prev, rs.first()) {
                let c = Color32::from_rgb(m.color[0], m.color[1], m.color[2]);
                paint_gap(b, prev, *this, m.level, c);
            }
            match m.kind {
                MarkKind::Mention(_) => self.paint_mention(ui, b, m, &rs),
                MarkKind::Trigger(_) => self.paint_trigger(ui, b, m, &rs),
            }
        }
    }

    /// Underline by nesting level; an outline when selected or of the selected entity.
    fn paint_mention(&self, ui: &mut egui::Ui, b: &Brush<'_>, m: &Mark, rects: &[Rect]) {
        let MarkKind::Mention(id) = m.kind else {
            return;
        };
        let s = b.input.session;
        let c = Color32::from_rgb(m.color[0], m.color[1], m.color[2]);
        for r in rects {
            let y = r.max.y - 3.0 - f32::from(m.level) * 3.0;
            b.painter
                .line_segment([pos2(r.min.x, y), pos2(r.max.x, y)], Stroke::new(2.0, c));
        }
        let mention = s.mentions.get(&id);
        let picked = matches!(b.input.sel, Sel::Item(Selection::Mention(x)) if *x == id);
        let of_entity = mention.is_some_and(|mm| Some(mm.entity) == b.input.selected_entity);
        if picked || of_entity {
            let stroke = Stroke::new(if picked { 2.5 } else { 1.5 }, b.strong);
            for r in rects {
                b.painter
                    .rect_stroke(r.expand(1.5), 3.0, stroke, egui::StrokeKind::Outside);
            }
        }
        // An accessibility node per visible mention (on its first piece): screen readers and
        // tests can find annotations by label.
        if m.piece == 0
            && let (Some(mm), Some(r)) = (mention, rects.first())
        {
            let node = ui.interact(*r, ui.scope_id().with(("mention", id.0)), Sense::hover());
            let label = mention_label(s, mm);
            node.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Mark, true, &label));
            let shown = crate::ui::bidi::text(ui, label);
            node.on_hover_text(shown);
        }
    }

    /// A box in the event type's colour with the type on its top edge.
    fn paint_trigger(&self, ui: &mut egui::Ui, b: &Brush<'_>, m: &Mark, rects: &[Rect]) {
        let MarkKind::Trigger(eid) = m.kind else {
            return;
        };
        let s = b.input.session;
        let c = colors::stroke(m.color, b.dark);
        let picked = matches!(b.input.sel, Sel::Item(Selection::Event(x)) if *x == eid)
            || b.input.highlighted_events.contains(&eid);
        let stroke = Stroke::new(if picked { 3.0 } else { 1.5 }, c);
        for r in rects {
            b.painter
                .rect_stroke(r.expand(2.0), 0.0, stroke, egui::StrokeKind::Outside);
        }
        let (Some(ev), Some(r)) = (s.events.get(&eid), rects.first()) else {
            return;
        };
        if m.piece > 0 {
            return;
        }
        legend(
            b,
            *r,
            &ev.event_type,
            colors::text(m.color, b.dark),
            b.panel,
        );
        let r = r.expand(2.0);
        let node = ui.interact(r, ui.scope_id().with(("trigger", eid.0)), Sense::hover());
        let label = format!("Event {}", s.event_label(ev));
        node.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Mark, true, &label));
        let shown = crate::ui::bidi::text(ui, label);
        node.on_hover_text(shown);
    }
}

/// A dotted line from the previous piece of a discontinuous annotation (ending at `prev`) to
/// this one (starting at `this`), when both are on one line, so the pieces read as one.
fn paint_gap(b: &Brush<'_>, prev: Rect, this: Rect, level: u8, c: Color32) {
    if (prev.center().y - this.center().y).abs() > 2.0 || prev.max.x >= this.min.x {
        return;
    }
    let y = this.max.y - 3.0 - f32::from(level) * 3.0;
    let line = [pos2(prev.max.x, y), pos2(this.min.x, y)];
    b.painter
        .extend(egui::Shape::dotted_line(&line, c, 4.0, 1.0));
}

/// The selected event's argument: outlined, its role on a tab above it.
fn role_label(b: &Brush<'_>, rects: &[Rect], role: &str) {
    for r in rects {
        b.painter.rect_stroke(
            r.expand(3.0),
            4.0,
            Stroke::new(2.5, b.strong),
            egui::StrokeKind::Outside,
        );
    }
    let Some(r) = rects.first() else { return };
    legend(b, *r, role, b.on_strong, b.strong);
}

/// The size of the type and role names on the text's marks: what fits the leading of a line
/// of the text's size (1.75 × the font); never below 6 px, which stays legible.
fn legend_px(font: f32) -> f32 {
    (font * 0.45).max(6.0)
}

/// A name on the top edge of a mark, as a legend on a frame: half in the leading above the
/// row's glyphs and half in the leading below the line above, so it never covers either
/// line's letters (it stood above the box before and sat on the descenders of the line above).
fn legend(b: &Brush<'_>, row: Rect, text: &str, fg: Color32, bg: Color32) {
    let galley = b
        .painter
        .layout_no_wrap(text.to_owned(), FontId::proportional(b.legend_px), fg);
    let at = legend_rect(row, galley.size());
    b.painter.rect_filled(at, 2.0, bg);
    b.painter.galley(at.min + vec2(2.0, 0.0), galley, fg);
}

/// Where a legend of `size` goes on a mark covering `row` (a whole line's height).
fn legend_rect(row: Rect, size: egui::Vec2) -> Rect {
    Rect::from_min_size(
        pos2(row.left() + 2.0, row.top() - size.y / 2.0),
        size + vec2(4.0, 0.0),
    )
}

/// Dashed outlines, in the type's colour, around the suggestions in paragraph `p`: clearly not
/// annotations (those are filled). The one in focus is drawn solid and thicker. Only the
/// suggestions of this paragraph are looked at (they are sorted and do not overlap).
fn paint_suggestions(b: &Brush<'_>, p: Para, rects: &dyn Fn(usize, usize) -> Vec<Rect>) {
    let all = b.input.suggestions;
    let from = all.partition_point(|m| m.span().end <= p.start);
    for m in all[from..]
        .iter()
        .take_while(|m| m.span().start < p.end.max(p.start + 1))
    {
        let span = m.span();
        let Some((a, z)) = local(p, span) else {
            continue;
        };
        let color = colors::stroke(m.color, b.dark);
        let focused = b.input.focused_suggestion == Some(span);
        for r in rects(a, z) {
            let r = r.expand(1.0);
            if focused {
                b.painter
                    .rect_stroke(r, 2.0, Stroke::new(2.5, color), egui::StrokeKind::Outside);
            } else {
                let path = [
                    r.left_top(),
                    r.right_top(),
                    r.right_bottom(),
                    r.left_bottom(),
                    r.left_top(),
                ];
                b.painter.extend(egui::Shape::dashed_line(
                    &path,
                    Stroke::new(1.5, color),
                    4.0,
                    3.0,
                ));
            }
        }
    }
}

/// Differences from a compared session in paragraph `p`: a thick underline in the kind's
/// colour; the one in focus outlined too. They may overlap, so the walk goes back by the
/// longest one from the first that starts in the paragraph.
fn paint_differences(b: &Brush<'_>, p: Para, rects: &dyn Fn(usize, usize) -> Vec<Rect>) {
    let all = b.input.differences;
    if all.is_empty() {
        return;
    }
    let longest = b.input.longest_difference;
    let from = all.partition_point(|(s, _)| s.start + longest < p.start);
    for (span, c) in all[from..]
        .iter()
        .take_while(|(s, _)| s.start < p.end.max(p.start + 1))
    {
        let Some((a, z)) = local(p, *span) else {
            continue;
        };
        let color = Color32::from_rgb(c[0], c[1], c[2]);
        let focused = b.input.focused_difference == Some(*span);
        for r in rects(a, z) {
            let under = Rect::from_min_max(
                egui::pos2(r.min.x, r.max.y - 1.0),
                egui::pos2(r.max.x, r.max.y + 2.0),
            );
            b.painter.rect_filled(under, 0.0, color);
            if focused {
                b.painter.rect_stroke(
                    r.expand(2.0),
                    2.0,
                    Stroke::new(2.0, color),
                    egui::StrokeKind::Outside,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The legend stays inside the leading around the row's top edge: the room the line height
    /// (1.75 × the font) leaves above this row's glyphs and below the line above's.
    #[test]
    fn a_legend_sits_in_the_leading_between_two_lines() {
        // From 14 px (the smallest text size that leaves a 6 px legend room) to the largest.
        for font in [14.0_f32, 17.0, 24.0, 40.0] {
            let line = (font * 1.75).round();
            // egui's text is about 1.2 × its size tall, centred in the line.
            let leading = (line - font * 1.2) / 2.0;
            let row = Rect::from_min_size(pos2(10.0, 100.0), vec2(60.0, line));
            // The legend's galley is about 1.2 × its size tall.
            let r = legend_rect(row, vec2(40.0, legend_px(font) * 1.2));
            assert!(
                r.top() >= row.top() - leading,
                "font {font}: {r:?} in the line above"
            );
            assert!(
                r.bottom() <= row.top() + leading,
                "font {font}: {r:?} on this row's letters"
            );
        }
    }
}
