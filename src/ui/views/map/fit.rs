//! Keeping the whole map in view: the fitted view (every node with its name), and the glide to
//! it while the analyst has not moved the view.

use super::{EntityMap, FIT_PAD, LABEL_PX, SMALL_MAP};
use crate::analysis::labels;
use egui::{Rect, Ui, pos2, vec2};
use std::sync::Arc;

/// What the fitted view depends on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct FitKey {
    layout: u64,
    graph: usize,
    panel: [i32; 2],
    hidden: usize,
}

impl EntityMap {
    /// The view that shows every node with its name below it, never zoomed in past 1:1 (one or
    /// two nodes are shown at their normal size, not blown up). Names keep their size on screen
    /// whatever the zoom, so the largest scale at which everything fits is searched for.
    pub fn fit_rect(&self, panel: egui::Vec2) -> Option<Rect> {
        let g = self.graph.as_ref()?;
        let panel = panel.max(vec2(80.0, 80.0));
        let room = panel - 2.0 * vec2(FIT_PAD, FIT_PAD);
        // Each node: where it is, its radius, and its name's half width and height on screen.
        let items: Vec<([f32; 2], f32, f32)> = g
            .nodes
            .iter()
            .filter(|n| self.shown(n.key))
            .filter_map(|n| {
                let p = *self.layout.pos.get(&n.key)?;
                let r = crate::analysis::graphml::node_radius(n.weight, n.is_event());
                // A big map names only some nodes: fit the nodes alone.
                let w = if g.nodes.len() > SMALL_MAP {
                    0.0
                } else {
                    labels::text_width(&labels::elide(&n.label, labels::MAX_CHARS), LABEL_PX) / 2.0
                };
                Some((p, r, w))
            })
            .collect();
        if items.is_empty() {
            return None;
        }
        // The screen box of everything at scale `s`: min x, min y, max x, max y.
        let extent = |s: f32| {
            let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            for (p, r, w) in &items {
                let half = (r * s).max(*w);
                b[0] = b[0].min(p[0] * s - half);
                b[2] = b[2].max(p[0] * s + half);
                b[1] = b[1].min(p[1] * s - r * s);
                b[3] = b[3].max(p[1] * s + r * s + 2.0 + LABEL_PX * 1.2);
            }
            b
        };
        let fits = |s: f32| {
            let b = extent(s);
            b[2] - b[0] <= room.x && b[3] - b[1] <= room.y
        };
        let (mut lo, mut hi) = (0.001f32, 1.0f32);
        if fits(hi) {
            lo = hi;
        } else {
            for _ in 0..30 {
                let mid = (lo * hi).sqrt();
                if fits(mid) { lo = mid } else { hi = mid }
            }
        }
        let b = extent(lo);
        let centre = pos2((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0) / lo;
        Some(Rect::from_center_size(centre, panel / lo))
    }

    /// A fitting map moved to another panel jumps to its new room instead of gliding there from
    /// a view of another size.
    pub fn refit_if_fitting(&mut self) {
        if self.auto_fit {
            self.scene_rect = Rect::ZERO;
        }
    }

    /// The view is where it is going: moved by the analyst, or done gliding to the fit.
    pub fn is_still(&self) -> bool {
        !self.auto_fit
            || self.fit_rect(self.outer.size()).is_none_or(|t| {
                let r = self.scene_rect;
                (r.min - t.min).length() < 0.5 && (r.max - t.max).length() < 0.5
            })
    }

    /// Move the view a step toward showing the whole map; asks for frames until it is there.
    pub(super) fn ease_to_fit(&mut self, ui: &Ui) {
        let panel = if self.outer.is_positive() {
            self.outer.size()
        } else {
            ui.available_size()
        };
        // The search costs ~30 passes over the nodes: done again only when the map or the
        // panel changed, not every frame.
        let key = FitKey {
            layout: self.layout_version,
            graph: self.graph.as_ref().map_or(0, |g| Arc::as_ptr(g) as usize),
            panel: [panel.x as i32, panel.y as i32],
            hidden: self.explore.hidden.len(),
        };
        let target = match self.fit_cache {
            Some((k, r)) if k == key => Some(r),
            _ => self.fit_rect(panel),
        };
        let Some(target) = target else {
            return;
        };
        self.fit_cache = Some((key, target));
        let from = self.scene_rect;
        let close = from.is_positive()
            && (from.min - target.min).length() < 0.5
            && (from.max - target.max).length() < 0.5;
        if close || !from.is_positive() || from == Rect::ZERO || !self.ease {
            self.scene_rect = target;
            return;
        }
        let t = 0.3;
        self.scene_rect = Rect::from_min_max(
            from.min + (target.min - from.min) * t,
            from.max + (target.max - from.max) * t,
        );
        ui.ctx().request_repaint();
    }
}
