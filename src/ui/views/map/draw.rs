//! Painting the map inside its scene: the far mesh when zoomed out, edges with their labels and
//! arrows, nodes with their shapes, labels, clicks, drags and accessibility.

use super::far::{FarKey, far_mesh};
use super::{EntityMap, LabelKey, LabelPlacement, Look, MapCmd, Picked, SMALL_MAP};
use crate::analysis::graph::{Graph, Node, NodeKey};
use crate::analysis::graphml::node_radius;
use crate::analysis::labels::{self, EdgeLabel, NodeLabel};
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
        cmds: &mut Vec<MapCmd>,
        out: &mut Vec<Action>,
    ) {
        let clip = ui.clip_rect();
        // Labels keep a readable size on screen whatever the zoom; when zoomed far out only the
        // selected and the most mentioned nodes keep theirs.
        let zoom = (outer.size() / clip.size()).min_elem().max(0.01);
        let many = g.nodes.len() > SMALL_MAP;
        let look = Look {
            zoom,
            label_size: (super::LABEL_PX / zoom).clamp(3.0, 60.0),
            show_all_labels: zoom > 0.25,
            many,
            far: many && zoom <= 0.3,
            clip,
            dark: ui.visuals().dark_mode,
            text: ui.visuals().text_color(),
            strong: ui.visuals().strong_text_color(),
            backdrop: ui.visuals().extreme_bg_color.gamma_multiply(0.9),
        };
        if look.far {
            self.paint_far(ui, doc.session, g, &look);
        }
        let picked = Picked::of(doc);
        self.place_labels(g, &look, &picked);
        self.edges(ui, doc.session, g, &look, &picked, cmds);
        self.nodes(ui, doc.session, g, &look, &picked, cmds, out);
    }

    /// Where labels go this frame, redone only when the map, the zoom or the selection changed
    /// (and, on a big map, the part in view): no label over another or over a node.
    fn place_labels(&mut self, g: &Arc<Graph>, look: &Look, picked: &Picked) {
        let show_edges = look.zoom >= EDGE_LABEL_ZOOM;
        let key = self.label_key(g, look, picked, show_edges);
        if self.labels.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let view = look.clip.expand(look.label_size * 4.0);
        let visible = |p: Pos2| !look.many || view.contains(p);
        let pos = |i: usize| {
            let p = self.node_pos(g, i);
            [p.x, p.y]
        };
        let wanted = |i: usize| {
            let n = &g.nodes[i];
            self.shown(n.key)
                && (look.show_all_labels
                    || picked.node(n)
                    || picked.participants.contains(&n.key)
                    || (!look.many && n.weight >= 3))
        };
        let nodes: Vec<NodeLabel> = (0..g.nodes.len())
            .map(|i| NodeLabel {
                at: pos(i),
                radius: node_radius(g.nodes[i].weight, g.nodes[i].is_event()),
                text: &g.nodes[i].label,
            })
            .collect();
        // The selection and its event's participants first, then by importance.
        let mut order: Vec<usize> = labels::by_importance(g)
            .into_iter()
            .filter(|&i| wanted(i) && visible(self.node_pos(g, i)))
            .collect();
        order.sort_by_key(|&i| {
            let n = &g.nodes[i];
            !(picked.node(n) || picked.participants.contains(&n.key))
        });
        let bundles = g.parallel();
        let edges = self.edge_labels(g, &bundles, picked, show_edges, &visible);
        let size = look.label_size;
        let c = look.clip.shrink(2.0 / look.zoom);
        let (n, e) = labels::place(
            &nodes,
            &order,
            size,
            &edges,
            size * EDGE_LABEL_SCALE,
            labels::MAX_CHARS,
            Some([c.min.x, c.min.y, c.max.x, c.max.y]),
        );
        self.labels = Some((
            key,
            Arc::new(LabelPlacement {
                bundles,
                nodes: n,
                edges: e,
            }),
        ));
    }

    /// What the label placement depends on.
    fn label_key(
        &self,
        g: &Arc<Graph>,
        look: &Look,
        picked: &Picked,
        show_edges: bool,
    ) -> LabelKey {
        LabelKey {
            graph: Arc::as_ptr(g) as usize,
            layout: self.layout_version,
            size: (look.label_size * 64.0) as i32,
            show_edges,
            picked: (picked.entity, picked.event, picked.relation),
            expanded: self.explore.expanded.len(),
            // Labels stay inside the view, so the view is part of the key (coarsely on a big
            // map, where panning would otherwise redo the placement every frame).
            view: {
                let c = look.clip;
                let q = if look.many { 64.0 } else { 1.0 };
                [c.min.x, c.min.y, c.max.x, c.max.y].map(|v| (v / q) as i32)
            },
        }
    }

    /// The edge labels to place: role and type labels when zoomed in (or for the selection and
    /// the path), each beside its own curve in an open bundle; none for a closed bundle, which
    /// shows its count as a badge on the line.
    fn edge_labels<'g>(
        &self,
        g: &'g Graph,
        bundles: &[(usize, usize)],
        picked: &Picked,
        show_edges: bool,
        visible: &dyn Fn(Pos2) -> bool,
    ) -> Vec<EdgeLabel<'g>> {
        g.edges
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let (rank, count) = bundles[i];
                let open = count > 1 && self.bundle_open(g, e);
                let shift = if open {
                    self.bundle_shift(g, e, rank, count)
                } else {
                    Vec2::ZERO
                };
                let shown = (show_edges || picked.edge(e) || self.on_path_edge(e.key))
                    && (count <= 1 || open)
                    && self.shown(g.nodes[e.from].key)
                    && self.shown(g.nodes[e.to].key)
                    && visible(self.node_pos(g, e.from));
                let (a, b) = (self.node_pos(g, e.from), self.node_pos(g, e.to));
                EdgeLabel {
                    from: [a.x + shift.x, a.y + shift.y],
                    to: [b.x + shift.x, b.y + shift.y],
                    text: if shown { &e.label } else { "" },
                }
            })
            .collect()
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

    fn edges(
        &self,
        ui: &mut Ui,
        s: &Session,
        g: &Graph,
        look: &Look,
        picked: &Picked,
        cmds: &mut Vec<MapCmd>,
    ) {
        let painter = ui.painter().clone();
        let placed = self.labels.as_ref().map(|(_, p)| p.clone());
        for (i, e) in g.edges.iter().enumerate() {
            let (rank, count) = placed
                .as_ref()
                .and_then(|p| p.bundles.get(i).copied())
                .unwrap_or((0, 1));
            let open = count > 1 && self.bundle_open(g, e);
            // A closed bundle is drawn once, by its first edge.
            if count > 1 && !open && rank > 0 {
                continue;
            }
            if !self.shown(g.nodes[e.from].key) || !self.shown(g.nodes[e.to].key) {
                continue;
            }
            let on_path = self.on_path_edge(e.key);
            let is_picked = picked.edge(e) || on_path;
            if look.far && !is_picked {
                continue;
            }
            let (a, b) = (self.node_pos(g, e.from), self.node_pos(g, e.to));
            if !look.clip.intersects(Rect::from_two_pos(a, b).expand(20.0)) {
                continue;
            }
            let color = if on_path {
                look.strong
            } else {
                colors::text(e.color(&s.schema), look.dark)
            };
            let width = match (is_picked, count > 1 && !open) {
                (true, _) => 4.0,
                (false, true) => 1.8 + 0.7 * count.min(5) as f32,
                (false, false) => 1.8,
            };
            let stroke = Stroke::new(width, color);
            // An open bundle's edges curve apart, each through its own side of the line.
            let bend = if open {
                self.bundle_shift(g, e, rank, count) * 2.0
            } else {
                Vec2::ZERO
            };
            let to = &g.nodes[e.to];
            let reach = node_radius(to.weight, to.is_event()) + 2.0;
            let arrow = look.zoom > 0.3 || is_picked;
            let dashed = e.is_relation() && look.zoom > 0.3;
            paint_edge(&painter, [a, b], bend, reach, stroke, dashed, arrow);
            let mid = a + (b - a) * 0.5 + bend * 0.5;
            if count > 1 && rank == 0 {
                self.bundle_toggle(ui, g, e, mid, count, open, cmds);
                if !open {
                    bundle_badge(ui, mid, count, color, look);
                }
            }
            if let Some(p) = placed.as_ref().and_then(|p| p.edges.get(i)?.as_ref()) {
                crate::ui::bidi::paint(
                    &painter,
                    centre(&p.rect),
                    egui::Align2::CENTER_CENTER,
                    &p.text,
                    FontId::proportional(look.label_size * EDGE_LABEL_SCALE),
                    color,
                );
            }
            if look.many && !is_picked {
                continue;
            }
            edge_access(ui, g, e, mid, is_picked);
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
        cmds: &mut Vec<MapCmd>,
        out: &mut Vec<Action>,
    ) {
        let placed = self.labels.as_ref().map(|(_, p)| p.clone());
        let near = if look.many {
            self.node_under_pointer(ui, g)
        } else {
            None
        };
        for (i, n) in g.nodes.iter().enumerate() {
            let p = self.node_pos(g, i);
            let r = node_radius(n.weight, n.is_event());
            if !self.shown(n.key) || !look.clip.expand(r + 120.0).contains(p) {
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
            let outline = if is_picked || self.on_path_node(n.key) {
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
            let label = placed.as_ref().and_then(|pl| pl.nodes.get(i)?.as_ref());
            node_label(ui, n, p, r, label, look, hovered || is_picked);
            // Only nodes with a widget (few on a big map) take clicks and drags.
            if let Some(resp) = resp {
                out.extend(self.node_input(s, n, p, picked, resp, cmds));
            }
        }
    }

    /// Clicks, drags and the tooltip of a node with a widget.
    fn node_input(
        &self,
        s: &Session,
        n: &Node,
        p: Pos2,
        picked: &Picked,
        resp: egui::Response,
        cmds: &mut Vec<MapCmd>,
    ) -> Vec<Action> {
        let is_picked = picked.node(n);
        let mut out = Vec::new();
        self.node_menu(&resp, s, n, picked, cmds);
        let label = if n.is_event() {
            format!("Map node: event {}", n.label)
        } else {
            let type_name = s
                .schema
                .entity_type(&n.type_id)
                .map_or(&*n.type_id, |t| t.name.as_str());
            format!(
                "Map node: {type_name} {}, {}",
                n.label,
                crate::model::words::count(n.weight, "mention")
            )
        };
        resp.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::Button, true, is_picked, &label)
        });
        if resp.dragged() {
            let d = resp.drag_delta();
            cmds.push(MapCmd::Drag(n.key, [p.x + d.x, p.y + d.y]));
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

/// A node's name where the placement put it (with a faint leader line when pushed away from a
/// crowded node); without a place, shown over the map only while the node is hovered or
/// selected.
fn node_label(
    ui: &Ui,
    n: &Node,
    p: Pos2,
    r: f32,
    label: Option<&labels::Placed>,
    look: &Look,
    emphasised: bool,
) {
    let font = FontId::proportional(look.label_size);
    match label {
        Some(l) => {
            let rect = Rect::from_min_max(
                Pos2::new(l.rect[0], l.rect[1]),
                Pos2::new(l.rect[2], l.rect[3]),
            );
            if rect.distance_to_pos(p) > r + look.label_size * 0.8 {
                let to = rect.clamp(p);
                let line = Stroke::new(0.8 / look.zoom, look.text.gamma_multiply(0.4));
                ui.painter()
                    .line_segment([p + (to - p).normalized() * r, to], line);
            }
            // A halo of the map's background under the name: edges drawn before never cross
            // it, and the name is in the strong text colour (above 4.5:1 on either theme).
            ui.painter()
                .rect_filled(rect.expand(1.5 / look.zoom), 3.0, look.backdrop);
            crate::ui::bidi::paint(
                ui.painter(),
                centre(&l.rect),
                egui::Align2::CENTER_CENTER,
                &l.text,
                font,
                look.strong,
            );
        }
        None if emphasised => {
            let at = p + vec2(0.0, r + 2.0);
            let galley =
                crate::ui::bidi::galley(ui.painter(), n.label.to_string(), font, look.strong);
            let rect = egui::Align2::CENTER_TOP.anchor_size(at, galley.size());
            ui.painter()
                .rect_filled(rect.expand(2.0), 3.0, look.backdrop);
            ui.painter().galley(rect.min, galley, look.strong);
        }
        None => {}
    }
}

/// An accessibility node for an edge (small maps, or the selected edge).
fn edge_access(ui: &mut Ui, g: &Graph, e: &crate::analysis::graph::Edge, mid: Pos2, picked: bool) {
    let id = ui.scope_id().with(("edge", e.key));
    let rect = Rect::from_center_size(mid, vec2(10.0, 10.0));
    let node = ui.interact(rect, id, Sense::hover());
    let label = format!(
        "Map edge: {} {} → {}",
        e.label, g.nodes[e.from].label, g.nodes[e.to].label
    );
    node.widget_info(|| egui::WidgetInfo::selected(egui::Role::Link, true, picked, &label));
}

/// One edge: a line (dashed for a relation), or a curve through `bend` in an open bundle, ending
/// `reach` short of its target with an arrow head. Far out, detail costs time and shows nothing:
/// plain lines, no arrows.
fn paint_edge(
    painter: &egui::Painter,
    [a, b]: [Pos2; 2],
    bend: Vec2,
    reach: f32,
    stroke: Stroke,
    dashed: bool,
    arrow: bool,
) {
    let ctrl = a + (b - a) * 0.5 + bend;
    let dir = (b - ctrl).normalized();
    let tip = b - dir * reach;
    if bend != Vec2::ZERO {
        painter.add(egui::epaint::QuadraticBezierShape::from_points_stroke(
            [a, ctrl, tip],
            false,
            egui::Color32::TRANSPARENT,
            stroke,
        ));
    } else if dashed {
        painter.add(egui::Shape::dashed_line(&[a, tip], stroke, 6.0, 4.0));
    } else {
        painter.line_segment([a, tip], stroke);
    }
    if arrow {
        let n = vec2(-dir.y, dir.x);
        painter.add(egui::Shape::convex_polygon(
            vec![tip, tip - dir * 9.0 + n * 4.5, tip - dir * 9.0 - n * 4.5],
            stroke.color,
            Stroke::NONE,
        ));
    }
}

/// A closed bundle's count, in a pill on its line.
fn bundle_badge(ui: &Ui, at: Pos2, count: usize, color: egui::Color32, look: &Look) {
    let size = look.label_size * 0.8;
    let galley = ui.painter().layout_no_wrap(
        format!("{count}"),
        FontId::proportional(size),
        egui::Color32::WHITE,
    );
    let rect = Rect::from_center_size(at, galley.size() + vec2(size * 0.8, size * 0.2));
    ui.painter().rect_filled(rect, rect.height() / 2.0, color);
    ui.painter().galley(
        rect.center() - galley.size() / 2.0,
        galley,
        egui::Color32::WHITE,
    );
}

/// Edge (role) labels show for every edge from this zoom on, else for the selection only.
pub(super) const EDGE_LABEL_ZOOM: f32 = 1.2;
/// Edge labels are this much smaller than node labels.
const EDGE_LABEL_SCALE: f32 = 0.85;

fn centre(b: &labels::Box2) -> Pos2 {
    Pos2::new((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0)
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
