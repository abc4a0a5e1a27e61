//! The timeline tab: events on a time axis, in lanes by event type or by actor; exact dates as
//! points, partial dates and ranges as spans, undated events in a lane of their own. The wheel
//! zooms around the pointer, dragging pans (and scrolls the lanes); hovering shows the event; a
//! click selects it (in the text, the list and the map), and the selected event is marked here.
//! Only the lanes and items in view are drawn.

use crate::analysis::timeline::{self as tl, Item, ItemKey, Lane, Lanes};
use egui::{Color32, Pos2, Rect, RichText, Sense, Ui, vec2};

const GUTTER: f32 = 150.0;
const AXIS: f32 = 22.0;
const LANE: f32 = 24.0;

/// The items and lanes drawn, for the data (`key`) and lane mode they were made for.
struct Data {
    key: u64,
    by: Lanes,
    items: Vec<Item>,
    lanes: Vec<Lane>,
    undated: Lane,
}

/// The timeline's own state: lanes, the visible window, and the items for the data they were
/// made from.
#[derive(Default)]
pub struct TimelineView {
    pub lanes: Lanes,
    /// First visible day and days per point; `None` until fitted to the events.
    window: Option<(f64, f64)>,
    /// Lanes scrolled away at the top, in points.
    scroll: f32,
    cache: Option<Data>,
    /// Where the lanes were drawn last, for [`Self::screen_pos`].
    plot: Option<Rect>,
}

impl TimelineView {
    /// The items drawn, for `key` (what they were made from); `make` builds them when it changed.
    pub fn items(&self) -> &[Item] {
        self.cache.as_ref().map_or(&[], |c| c.items.as_slice())
    }

    /// Where an item is drawn (its first lane), when it is in view: what a pointer must hit.
    pub fn screen_pos(&self, key: &ItemKey) -> Option<Pos2> {
        let (plot, (from, per)) = (self.plot?, self.window?);
        let Data { items, lanes, .. } = self.cache.as_ref()?;
        let i = items.iter().position(|it| it.key == *key)?;
        let row = lanes.iter().position(|l| l.items.contains(&i))?;
        let (a, b) = items[i].days?;
        let x = plot.left() + (((a + b) as f64 / 2.0 + 0.5 - from) / per) as f32;
        let y = plot.top() + row as f32 * LANE - self.scroll + LANE / 2.0;
        Some(Pos2::new(x, y)).filter(|p| plot.contains(*p))
    }

    /// Draw; returns the item clicked, if any.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        key: u64,
        make: impl FnOnce() -> Vec<Item>,
        selected: Option<&ItemKey>,
    ) -> Option<ItemKey> {
        if self
            .cache
            .as_ref()
            .is_none_or(|c| c.key != key || c.by != self.lanes)
        {
            let items = make();
            let (lanes, undated) = tl::lanes(&items, self.lanes);
            let refit = self
                .cache
                .as_ref()
                .is_none_or(|c| c.items.len() != items.len());
            self.cache = Some(Data {
                key,
                by: self.lanes,
                items,
                lanes,
                undated,
            });
            if refit {
                self.window = None;
            }
        }
        let fit = self.controls(ui);
        let data = self.cache.take()?;
        let out = self.body(ui, &data, fit, selected);
        self.cache = Some(data);
        out
    }

    /// The lane mode and Fit; true when Fit was clicked.
    fn controls(&mut self, ui: &mut Ui) -> bool {
        let mut fit = false;
        ui.horizontal(|ui| {
            let l = ui.label("Lanes");
            egui::ComboBox::from_id_salt("timeline-lanes")
                .selected_text(match self.lanes {
                    Lanes::ByType => "by event type",
                    Lanes::ByActor => "by actor",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.lanes, Lanes::ByType, "by event type");
                    ui.selectable_value(&mut self.lanes, Lanes::ByActor, "by actor");
                })
                .response
                .labelled_by(l.id);
            fit = ui
                .button("Fit")
                .on_hover_text("Show every dated event")
                .clicked();
            ui.label(RichText::new("Wheel: zoom · drag: pan · click: select").weak());
        });
        fit
    }

    fn body(
        &mut self,
        ui: &mut Ui,
        d: &Data,
        fit: bool,
        selected: Option<&ItemKey>,
    ) -> Option<ItemKey> {
        if d.items.is_empty() {
            let none = "No events yet. Dates typed or accepted (Ctrl+D) place them here.";
            ui.label(RichText::new(none).weak());
            return None;
        }
        let (rect, resp) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let plot = Rect::from_min_max(
            rect.min + vec2(GUTTER, AXIS),
            rect.max - vec2(0.0, LANE + 4.0),
        );
        self.plot = Some(plot);
        if fit || self.window.is_none() {
            self.window = tl::extent(&d.items).map(|(a, b)| {
                let pad = ((b - a) as f64 * 0.05).max(2.0);
                let span = (b - a) as f64 + 2.0 * pad;
                (a as f64 - pad, span / f64::from(plot.width().max(1.0)))
            });
        }
        if self.window.is_some() {
            self.navigate(ui, &resp, plot, d.lanes.len());
            self.draw_lanes(ui, rect, plot, d, selected);
        }
        self.undated_row(ui, rect, &d.items, &d.undated, selected);
        self.clicked(ui, &resp, rect, plot, d)
    }

    /// The wheel zooms around the pointer; dragging pans the time and scrolls the lanes.
    fn navigate(&mut self, ui: &Ui, resp: &egui::Response, plot: Rect, lanes: usize) {
        let Some((mut from, mut per)) = self.window else {
            return;
        };
        if let Some(p) = resp.hover_pos() {
            let scroll = ui.input(|i| i.smooth_scroll_delta.y + i.smooth_scroll_delta.x);
            if scroll != 0.0 {
                let at = from + f64::from(p.x - plot.left()) * per;
                per = (per * f64::from((-scroll / 200.0).exp())).clamp(1.0 / 400.0, 400.0);
                from = at - f64::from(p.x - plot.left()) * per;
            }
        }
        if resp.dragged() {
            let d = resp.drag_delta();
            from -= f64::from(d.x) * per;
            let max = (lanes as f32 * LANE - plot.height()).max(0.0);
            self.scroll = (self.scroll - d.y).clamp(0.0, max);
        }
        self.window = Some((from, per));
    }

    /// The axis with its ticks, and the lanes in view with their items in view.
    fn draw_lanes(&self, ui: &Ui, rect: Rect, plot: Rect, d: &Data, selected: Option<&ItemKey>) {
        let Some((from, per)) = self.window else {
            return;
        };
        let to = from + f64::from(plot.width()) * per;
        let painter = ui.painter_at(rect);
        let v = ui.visuals();
        painter.rect_filled(plot, 0.0, v.extreme_bg_color);
        for (n, label) in tl::ticks(from, to, plot.width(), 90.0) {
            let x = plot.left() + ((n as f64 - from) / per) as f32;
            let line = [Pos2::new(x, plot.top()), Pos2::new(x, plot.bottom())];
            painter.line_segment(line, (1.0, v.faint_bg_color));
            let at = Pos2::new(x + 2.0, rect.top() + 3.0);
            let font = egui::FontId::proportional(11.0);
            painter.text(at, egui::Align2::LEFT_TOP, label, font, v.weak_text_color());
        }
        let first = (self.scroll / LANE) as usize;
        let shown = (plot.height() / LANE).ceil() as usize + 1;
        for (row, lane) in d.lanes.iter().enumerate().skip(first).take(shown) {
            let y = plot.top() + row as f32 * LANE - self.scroll;
            let name = Rect::from_min_size(Pos2::new(rect.left(), y), vec2(GUTTER - 6.0, LANE));
            let font = egui::FontId::proportional(13.0);
            crate::ui::bidi::paint(
                &painter.with_clip_rect(name),
                name.left_center(),
                egui::Align2::LEFT_CENTER,
                &lane.name,
                font,
                v.text_color(),
            );
            let under = [
                Pos2::new(plot.left(), y + LANE),
                Pos2::new(plot.right(), y + LANE),
            ];
            painter.line_segment(under, (0.5, v.faint_bg_color));
            let row_rect = Rect::from_min_size(Pos2::new(plot.left(), y), vec2(plot.width(), LANE));
            let clip = painter.with_clip_rect(plot.intersect(row_rect));
            for &i in &lane.items {
                let it = &d.items[i];
                let Some((a, b)) = it.days else { continue };
                if (b as f64) >= from - 1.0 && a as f64 <= to + 1.0 {
                    let sel = selected == Some(&it.key);
                    draw_item(
                        &clip,
                        it,
                        (a, b),
                        (from, per),
                        Pos2::new(plot.left(), y),
                        sel,
                        v,
                    );
                }
            }
        }
    }

    fn undated_row(
        &self,
        ui: &Ui,
        rect: Rect,
        items: &[Item],
        undated: &Lane,
        selected: Option<&ItemKey>,
    ) {
        let y = rect.bottom() - LANE;
        let painter = ui.painter_at(rect);
        let v = ui.visuals();
        painter.text(
            Pos2::new(rect.left(), y + LANE / 2.0),
            egui::Align2::LEFT_CENTER,
            format!("undated ({})", undated.items.len()),
            egui::FontId::proportional(13.0),
            v.weak_text_color(),
        );
        let mut x = rect.left() + GUTTER;
        for &i in &undated.items {
            if x > rect.right() {
                break;
            }
            let it = &items[i];
            let color = if selected == Some(&it.key) {
                v.selection.bg_fill
            } else {
                v.faint_bg_color
            };
            let galley = crate::ui::bidi::galley(
                &painter,
                it.label.clone(),
                egui::FontId::proportional(12.0),
                v.text_color(),
            );
            let r = Rect::from_min_size(Pos2::new(x, y + 3.0), galley.size() + vec2(8.0, 4.0));
            painter.rect_filled(r, 3.0, color);
            painter.galley(r.min + vec2(4.0, 2.0), galley, v.text_color());
            x = r.right() + 6.0;
        }
    }

    /// The item under the pointer: shown in a tooltip, returned when clicked.
    fn clicked(
        &self,
        ui: &Ui,
        resp: &egui::Response,
        rect: Rect,
        plot: Rect,
        d: &Data,
    ) -> Option<ItemKey> {
        let (items, lanes, undated) = (&d.items, &d.lanes, &d.undated);
        let p = resp.hover_pos()?;
        let hit = if p.y > rect.bottom() - LANE {
            self.undated_at(ui, rect, items, undated, p)
        } else {
            self.dated_at(plot, items, lanes, p)
        }?;
        let it = &items[hit];
        let when = if it.when.is_empty() {
            "undated".to_owned()
        } else {
            it.when.clone()
        };
        let actors = if it.actors.is_empty() {
            String::new()
        } else {
            format!("\n{}", it.actors.join(", "))
        };
        resp.clone()
            .on_hover_text_at_pointer(format!("{}\n{when}{actors}", it.label));
        resp.clicked().then(|| it.key.clone())
    }

    fn dated_at(&self, plot: Rect, items: &[Item], lanes: &[Lane], p: Pos2) -> Option<usize> {
        let (from, per) = self.window?;
        if !plot.contains(p) {
            return None;
        }
        let row = ((p.y - plot.top() + self.scroll) / LANE) as usize;
        let day = from + f64::from(p.x - plot.left()) * per;
        let slack = 6.0 * per;
        lanes
            .get(row)?
            .items
            .iter()
            .copied()
            .filter(|&i| {
                items[i]
                    .days
                    .is_some_and(|(a, b)| day >= a as f64 - slack && day <= b as f64 + 1.0 + slack)
            })
            .min_by_key(|&i| items[i].days.map_or(i64::MAX, |(a, b)| b - a))
    }

    fn undated_at(
        &self,
        ui: &Ui,
        rect: Rect,
        items: &[Item],
        undated: &Lane,
        p: Pos2,
    ) -> Option<usize> {
        let mut x = rect.left() + GUTTER;
        for &i in &undated.items {
            let w = ui.fonts_mut(|f| {
                f.layout_no_wrap(
                    items[i].label.clone(),
                    egui::FontId::proportional(12.0),
                    Color32::WHITE,
                )
                .size()
                .x
            }) + 8.0;
            if p.x >= x && p.x <= x + w {
                return Some(i);
            }
            x += w + 6.0;
        }
        None
    }
}

fn draw_item(
    p: &egui::Painter,
    it: &Item,
    (a, b): (i64, i64),
    (from, per): (f64, f64),
    at: Pos2,
    selected: bool,
    v: &egui::Visuals,
) {
    let (left, y) = (at.x, at.y);
    let x0 = left + ((a as f64 - from) / per) as f32;
    let x1 = left + ((b as f64 + 1.0 - from) / per) as f32;
    let mid = y + LANE / 2.0;
    let color = color_of(&it.event_type);
    let outline = if selected {
        egui::Stroke::new(2.5, v.strong_text_color())
    } else {
        egui::Stroke::NONE
    };
    if it.is_point() {
        // A day: a dot at its middle, over a faint band when the day is wide enough to see.
        if x1 - x0 >= 10.0 {
            let band = Rect::from_min_max(Pos2::new(x0, mid - 7.0), Pos2::new(x1, mid + 7.0));
            p.rect_filled(band, 2.0, color.gamma_multiply(0.15));
        }
        p.circle(Pos2::new((x0 + x1) / 2.0, mid), 5.0, color, outline);
    } else {
        let r = Rect::from_min_max(
            Pos2::new(x0, mid - 5.0),
            Pos2::new(x1.max(x0 + 3.0), mid + 5.0),
        );
        p.rect(
            r,
            3.0,
            color.gamma_multiply(0.55),
            outline,
            egui::StrokeKind::Outside,
        );
    }
}

/// A stable color per event type.
fn color_of(ty: &str) -> Color32 {
    let h = ty
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let hue = (h % 360) as f32 / 360.0;
    egui::ecolor::Hsva::new(hue, 0.6, 0.75, 1.0).into()
}
