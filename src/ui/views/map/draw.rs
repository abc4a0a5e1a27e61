//! Painting the map inside its scene: the far mesh when zoomed out, edges with their labels and
//! arrows, nodes with their shapes, labels, clicks, drags and accessibility.

use super::far::{FarKey, far_mesh};
use super::{EntityMap, Look, Picked, SMALL_MAP};
use crate::analysis::graph::{Graph, Node, NodeKey};
use crate::analysis::graphml::node_radius;
use crate::model::Session;
use crate::ui::action::Action;
use crate::ui::colors;
use crate::ui::views::DocView;
use egui::{FontId, Pos2, Rect, Sense, Stroke, Ui, Vec2, vec2};
use std::sync::Arc;

impl EntityMap {
    /// Inside the scene, in map units: the far mesh, then edges and nodes.
    pub(super) fn scene(
        &mut self,
        ui: &mut Ui,
        doc: DocView<'_>,
        g: &Arc<Graph>,
        outer: Rect,
        drags: &mut Vec<(NodeKey, [f32; 2])>,
        out: &mut Vec<Action>,
    ) {
        let clip = ui.clip_rect();
        // Labels keep a readable size on screen whatever the zoom; when zoomed far out only the
        // selected and the most mentioned nodes keep theirs.
        let zoom = (outer.size() / clip.size()).min_elem().max(0.01);
        let many = g.nodes.len() > SMALL_MAP;
        let look = Look {
            zoom,
            label_size: (12.0 / zoom).clamp(3.0, 60.0),
            show_all_labels: zoom > 0.25,
            many,
            far: many && zoom <= 0.3,
            clip,
            dark: ui.visuals().dark_mode,
            text: ui.visuals().text_color(),
            strong: ui.visuals().strong_text_color(),
        };
        if look.far {
            self.paint_far(ui, doc.session, g, &look);
        }
        let picked = Picked::of(doc);
        self.edges(ui, doc.session, g, &look, &picked);
        self.nodes(ui, doc.session, g, &look, &picked, drags, out);
    }

    /// A big map from far: plain nodes and edges from one cached mesh.
    fn paint_far(&mut self, ui: &Ui, s: &Session, g: &Arc<Graph>, look: &Look) {
        // Lines about 1.2 px wide on screen, in steps so that zooming does not rebuild the mesh
        // every frame.
        let width_step = (look.zoom.log2() * 4.0).round() as i32;
        let key = FarKey {
            graph: Arc::as_ptr(g) as usize,
            layout: self.layout_version,
            width_step,
            dark: look.dark,
        };
        if self.far_mesh.as_ref().is_none_or(|(k, _)| *k != key) {
            let line = 1.2 / 2f32.powf(width_step as f32 / 4.0);
            let mesh = far_mesh(s, g, self, line, look.dark);
            self.far_mesh = Some((key, Arc::new(mesh)));
        }
        if let Some((_, mesh)) = &self.far_mesh {
            ui.painter().add(egui::Shape::Mesh(mesh.clone()));
        }
    }

    fn edges(&self, ui: &mut Ui, s: &Session, g: &Graph, look: &Look, picked: &Picked) {
        let painter = ui.painter().clone();
        for e in &g.edges {
            let is_picked = picked.edge(e);
            if look.far && !is_picked {
                continue;
            }
            let (a, b) = (self.node_pos(g, e.from), self.node_pos(g, e.to));
            if !look.clip.intersects(Rect::from_two_pos(a, b).expand(20.0)) {
                continue;
            }
            let color = colors::text(e.color(&s.schema), look.dark);
            let stroke = Stroke::new(if is_picked { 4.0 } else { 1.8 }, color);
            let to = &g.nodes[e.to];
            let dir = (b - a).normalized();
            let tip = b - dir * (node_radius(to.weight, to.is_event()) + 2.0);
            // Far out, detail costs time and shows nothing: plain lines, no arrows.
            if e.is_relation() && look.zoom > 0.3 {
                painter.add(egui::Shape::dashed_line(&[a, tip], stroke, 6.0, 4.0));
            } else {
                painter.line_segment([a, tip], stroke);
            }
            if look.zoom > 0.3 || is_picked {
                let n = vec2(-dir.y, dir.x);
                painter.add(egui::Shape::convex_polygon(
                    vec![tip, tip - dir * 9.0 + n * 4.5, tip - dir * 9.0 - n * 4.5],
                    color,
                    Stroke::NONE,
                ));
            }
            let mid = a + (b - a) * 0.5;
            if look.show_all_labels || is_picked {
                painter.text(
                    mid + vec2(0.0, -2.0),
                    egui::Align2::CENTER_BOTTOM,
                    &e.label,
                    FontId::proportional(look.label_size * 0.85),
                    color,
                );
            }
            if look.many && !is_picked {
                continue;
            }
            // An accessibility node per edge on small maps.
            let id = ui.scope_id().with(("edge", e.key));
            let rect = Rect::from_center_size(mid, vec2(10.0, 10.0));
            let node = ui.interact(rect, id, Sense::hover());
            let label = format!(
                "Map edge: {} {} → {}",
                e.label, g.nodes[e.from].label, g.nodes[e.to].label
            );
            node.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::Link, true, is_picked, &label)
            });
        }
    }

    /// The node under the pointer on a big map: the only one with a widget of its own, so a
    /// frame costs drawing, not thousands of widgets.
    fn node_under_pointer(&self, ui: &Ui, g: &Graph) -> Option<usize> {
        let from_global = ui
            .ctx()
            .layer_transform_from_global(ui.layer_id())
            .unwrap_or_default();
        let p = from_global * ui.ctx().pointer_hover_pos()?;
        (0..g.nodes.len())
            .map(|i| (self.node_pos(g, i).distance_sq(p), i))
            .filter(|(d, i)| {
                let n = &g.nodes[*i];
                let r = node_radius(n.weight, n.is_event()) + 2.0;
                *d <= r * r
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| i)
    }

    #[allow(clippy::too_many_arguments)]
    fn nodes(
        &self,
        ui: &mut Ui,
        s: &Session,
        g: &Graph,
        look: &Look,
        picked: &Picked,
        drags: &mut Vec<(NodeKey, [f32; 2])>,
        out: &mut Vec<Action>,
    ) {
        let near = if look.many {
            self.node_under_pointer(ui, g)
        } else {
            None
        };
        for (i, n) in g.nodes.iter().enumerate() {
            let p = self.node_pos(g, i);
            let r = node_radius(n.weight, n.is_event());
            if !look.clip.expand(r + 120.0).contains(p) {
                continue;
            }
            let has_widget = !look.many || near == Some(i);
            let is_picked = picked.node(n);
            let involved = picked.participants.contains(&n.key);
            if look.far && !has_widget && !is_picked && !involved {
                // Drawn by the far mesh; nothing of its own to show.
                continue;
            }
            let id = ui.scope_id().with(("node", n.key));
            let rect = Rect::from_center_size(p, Vec2::splat(2.0 * r + 4.0));
            let resp = has_widget.then(|| ui.interact(rect, id, Sense::click_and_drag()));
            let hovered = resp.as_ref().is_some_and(egui::Response::hovered);
            let outline = if is_picked {
                Stroke::new(3.5, look.strong)
            } else if involved || hovered {
                Stroke::new(2.5, look.strong)
            } else {
                Stroke::new(1.0, look.text.gamma_multiply(0.6))
            };
            paint_node(
                ui.painter(),
                n,
                p,
                r,
                colors::solid(n.color(&s.schema)),
                outline,
            );
            if look.show_all_labels
                || is_picked
                || involved
                || hovered
                || (!look.many && n.weight >= 3)
            {
                let size = look.label_size * if n.is_event() { 0.85 } else { 1.0 };
                ui.painter().text(
                    p + vec2(0.0, r + 2.0),
                    egui::Align2::CENTER_TOP,
                    &n.label,
                    FontId::proportional(size),
                    look.text,
                );
            }
            // Only nodes with a widget (few on a big map) take clicks and drags.
            if let Some(resp) = resp {
                out.extend(self.node_input(s, n, p, is_picked, resp, drags));
            }
        }
    }

    /// Clicks, drags and the tooltip of a node with a widget.
    fn node_input(
        &self,
        s: &Session,
        n: &Node,
        p: Pos2,
        is_picked: bool,
        resp: egui::Response,
        drags: &mut Vec<(NodeKey, [f32; 2])>,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        let label = if n.is_event() {
            format!("Map node: event {}", n.label)
        } else {
            let type_name = s
                .schema
                .entity_type(&n.type_id)
                .map_or(&*n.type_id, |t| t.name.as_str());
            format!("Map node: {type_name} {}, {} mentions", n.label, n.weight)
        };
        resp.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::Button, true, is_picked, &label)
        });
        if resp.dragged() {
            let d = resp.drag_delta();
            drags.push((n.key, [p.x + d.x, p.y + d.y]));
        }
        if resp.drag_stopped() {
            out.push(Action::MapPinsChanged);
        }
        if resp.clicked() {
            out.push(match n.key {
                NodeKey::Entity(e) => Action::PickEntity(e),
                NodeKey::Event(e) => Action::PickEvent(e),
            });
        }
        let pinned = if self.layout.pinned.contains_key(&n.key) {
            " (pinned; Re-layout frees it)"
        } else {
            ""
        };
        resp.on_hover_text(format!("{label}{pinned}"));
        out
    }
}

/// A node's shape by kind: events diamonds, people round, organisations square, places and the
/// rest rounded squares.
fn paint_node(
    painter: &egui::Painter,
    n: &Node,
    p: Pos2,
    r: f32,
    fill: egui::Color32,
    outline: Stroke,
) {
    if n.is_event() {
        let pts = vec![
            p + vec2(0.0, -r),
            p + vec2(r, 0.0),
            p + vec2(0.0, r),
            p + vec2(-r, 0.0),
        ];
        painter.add(egui::Shape::convex_polygon(pts, fill, outline));
        return;
    }
    let square = Rect::from_center_size(p, Vec2::splat(2.0 * r));
    match &*n.type_id {
        "Organization" | "ORG" => {
            painter.rect(square, 2.0, fill, outline, egui::StrokeKind::Outside);
        }
        "Person" | "PER" => {
            painter.circle(p, r, fill, outline);
        }
        _ => {
            painter.rect(square, r * 0.5, fill, outline, egui::StrokeKind::Outside);
        }
    }
}
