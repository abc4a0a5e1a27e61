//! The entity map: entities as nodes, events and relations as edges, laid out by force and tied
//! to the text both ways.

use super::app::{Action, DossierApp};
use super::article_view::Sel;
use super::colors;
use crate::analysis::graph::{self, EdgeKey, Graph, GraphFilter, NodeKey};
use crate::analysis::graphml::node_radius;
use crate::analysis::layout::{self, Layout, LayoutRunner};
use crate::model::session::Selection;
use crate::model::*;
use egui::{FontId, Pos2, Rect, RichText, Sense, Stroke, Ui, Vec2, pos2, vec2};
use std::sync::Arc;

/// Maps with more nodes than this give widgets (and accessibility nodes) only to the node under
/// the pointer and the selected one; the entity list stays the accessible way to them.
pub const SMALL_MAP: usize = 400;

pub struct MapState {
    pub filter: GraphFilter,
    pub focus_selected: bool,
    /// The graph, kept in step with the session edit by edit; shared, not copied, by each frame.
    graphs: graph::GraphCache,
    graph: Option<Arc<Graph>>,
    pub layout: Layout,
    pub scene_rect: Rect,
    /// The map's rect on screen in the last frame.
    outer: Rect,
    /// Settles the layout on a worker thread; started with the first frame that shows the map.
    runner: Option<LayoutRunner>,
    /// The layout changed here (new graph, pin, re-layout): the worker must go on from it.
    needs_submit: bool,
    /// Since when (egui time) the worker has been busy, to show progress for long layouts only.
    busy_since: Option<f64>,
    /// Bumped whenever node positions change, to know when `far_mesh` is stale.
    layout_version: u64,
    /// A big map seen from far: all plain nodes and edges as one mesh, built once per layout
    /// and reused every frame (egui then copies it instead of tessellating thousands of shapes).
    far_mesh: Option<(FarKey, Arc<egui::Mesh>)>,
    /// Keep the whole map in view while it settles, until the analyst pans or zooms.
    pub auto_fit: bool,
}

impl Default for MapState {
    fn default() -> Self {
        Self {
            filter: GraphFilter {
                max_entities: graph::MAX_ENTITIES,
                ..Default::default()
            },
            focus_selected: false,
            graphs: Default::default(),
            graph: None,
            layout: Layout {
                temperature: 1.0,
                ..Default::default()
            },
            scene_rect: Rect::ZERO,
            outer: Rect::NOTHING,
            runner: None,
            needs_submit: true,
            busy_since: None,
            layout_version: 0,
            far_mesh: None,
            auto_fit: true,
        }
    }
}

impl MapState {
    /// Start from what a session saved: pinned nodes and the viewport.
    pub fn from_session(s: &Session) -> Self {
        let mut m = Self::default();
        for (e, (x, y)) in &s.view.pinned {
            m.layout.pinned.insert(NodeKey::Entity(*e), [*x, *y]);
        }
        for (e, (x, y)) in &s.view.pinned_events {
            m.layout.pinned.insert(NodeKey::Event(*e), [*x, *y]);
        }
        // Unpinned nodes are laid out afresh on opening, so a saved view only fits a map the
        // analyst arranged by pinning; otherwise the map fits itself.
        if let Some((cx, cy, w)) = s.view.map_viewport
            && w.is_finite()
            && w > 1.0
            && !m.layout.pinned.is_empty()
        {
            // Stored as centre and width; the height follows the panel's shape.
            m.scene_rect = Rect::from_center_size(pos2(cx, cy), vec2(w, w * 0.75));
            m.auto_fit = false;
        }
        m
    }

    /// Write pins and viewport into the session's view state (before saving).
    pub fn store(&self, s: &mut Session) {
        s.view.pinned.clear();
        s.view.pinned_events.clear();
        for (k, p) in &self.layout.pinned {
            match k {
                NodeKey::Entity(e) => {
                    s.view.pinned.insert(*e, (p[0], p[1]));
                }
                NodeKey::Event(e) => {
                    s.view.pinned_events.insert(*e, (p[0], p[1]));
                }
            }
        }
        // Only a view the analyst chose is worth restoring; a map still fitting itself fits again.
        s.view.map_viewport = None;
        if !self.auto_fit && self.scene_rect.is_finite() && self.scene_rect.width() > 1.0 {
            let c = self.scene_rect.center();
            s.view.map_viewport = Some((c.x, c.y, self.scene_rect.width()));
        }
    }

    /// The graph for the session and filters; after an edit only what it touched is redone.
    pub fn graph(&mut self, s: &Session, focus: Option<EntityId>) -> Arc<Graph> {
        let mut filter = self.filter.clone();
        filter.focus = if self.focus_selected { focus } else { None };
        let (g, changed) = self.graphs.graph(s, &filter);
        if changed || self.graph.is_none() {
            self.layout.sync(&g);
            self.needs_submit = true;
            self.layout_version += 1;
        }
        self.graph = Some(g.clone());
        g
    }

    /// Where node `i` of `g` is, in map units.
    fn node_pos(&self, g: &Graph, i: usize) -> Pos2 {
        let p = g
            .nodes
            .get(i)
            .and_then(|n| self.layout.pos.get(&n.key))
            .copied()
            .unwrap_or([0.0, 0.0]);
        pos2(p[0], p[1])
    }

    /// Scene → screen, as egui's Scene fits the scene rect into the panel.
    fn to_screen(&self, p: [f32; 2]) -> Pos2 {
        let sr = self.scene_rect;
        let scale = (self.outer.size() / sr.size()).min_elem();
        let c = self.outer.center() - sr.center().to_vec2() * scale;
        pos2(c.x + p[0] * scale, c.y + p[1] * scale)
    }

    /// Where a node was drawn on screen in the last frame (for tests and accessibility).
    pub fn node_screen_pos(&self, key: NodeKey) -> Option<Pos2> {
        self.layout.pos.get(&key).map(|p| self.to_screen(*p))
    }

    /// Where an edge's middle was drawn on screen in the last frame.
    pub fn edge_screen_pos(&self, key: EdgeKey) -> Option<Pos2> {
        let g = self.graph.as_ref()?;
        let e = g.edges.iter().find(|e| e.key == key)?;
        let a = self.layout.pos.get(&g.nodes[e.from].key)?;
        let b = self.layout.pos.get(&g.nodes[e.to].key)?;
        Some(self.to_screen([(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0]))
    }

    /// Pin a node where the analyst dropped it; the others make room.
    pub fn pin(&mut self, key: NodeKey, p: [f32; 2]) {
        self.layout.pin(key, p);
        self.needs_submit = true;
        self.layout_version += 1;
    }

    /// Forget pins and lay the map out afresh.
    pub fn relayout(&mut self, g: &Graph) {
        self.layout.reset(g);
        self.auto_fit = true;
        self.needs_submit = true;
        self.layout_version += 1;
    }

    /// Hand layout work to the worker and take what it has finished. Returns whether the layout
    /// is still settling.
    fn run_layout(&mut self, ctx: &egui::Context, g: &Arc<Graph>) -> bool {
        let runner = self.runner.get_or_insert_with(|| {
            let ctx = ctx.clone();
            LayoutRunner::new(move || ctx.request_repaint())
        });
        if std::mem::take(&mut self.needs_submit) {
            runner.submit(g.clone(), &mut self.layout);
        }
        if runner.poll(&mut self.layout) {
            self.layout_version += 1;
        }
        runner.is_busy()
    }

    /// Stop the layout where it is.
    fn stop_layout(&mut self, g: &Arc<Graph>) {
        if let Some(r) = &mut self.runner {
            r.cancel(g.clone(), &mut self.layout);
        }
    }

    /// Whether the last frame drew the map from far, from the cached mesh.
    pub fn drawn_from_far(&self) -> bool {
        self.far_mesh
            .as_ref()
            .is_some_and(|(k, _)| k.layout == self.layout_version)
    }

    /// Whether the layout has settled (tests wait for this before clicking nodes).
    pub fn is_settled(&self) -> bool {
        !self.needs_submit && self.runner.as_ref().is_none_or(|r| !r.is_busy())
    }

    fn fit(&mut self) {
        if let Some(b) = self.layout.bounds() {
            self.scene_rect = Rect::from_min_max(pos2(b[0], b[1]), pos2(b[2], b[3])).expand(60.0);
        }
    }
}

/// What the far-view mesh was built for: graph, positions, line width step, theme.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FarKey {
    graph: usize,
    layout: u64,
    width_step: i32,
    dark: bool,
}

/// Nodes and edges of a big map seen from far, as one mesh in map units: edges as thin quads,
/// nodes as filled diamonds (events), squares (organisations) or octagons (the rest). Too small
/// on screen for outlines or arrows to show.
fn far_mesh(s: &Session, g: &Graph, map: &MapState, line: f32, dark: bool) -> egui::Mesh {
    let mut mesh = egui::Mesh::default();
    let pos = |i: usize| map.node_pos(g, i);
    let mut colors: std::collections::HashMap<&str, egui::Color32> = Default::default();
    for e in &g.edges {
        let (a, b) = (pos(e.from), pos(e.to));
        let color = *colors.entry(&e.type_id).or_insert_with(|| {
            let rgb = if e.is_relation() {
                s.schema.relation_type(&e.type_id).map(|t| t.color.0)
            } else {
                s.schema.event_type(&e.type_id).map(|t| t.color.0)
            };
            colors::text(rgb.unwrap_or([128; 3]), dark)
        });
        let d = (b - a).normalized();
        let n = vec2(-d.y, d.x) * line * 0.5;
        let i = mesh.vertices.len() as u32;
        for p in [a + n, a - n, b - n, b + n] {
            mesh.colored_vertex(p, color);
        }
        mesh.add_triangle(i, i + 1, i + 2);
        mesh.add_triangle(i, i + 2, i + 3);
    }
    let mut node_colors: std::collections::HashMap<&str, egui::Color32> = Default::default();
    for (i, n) in g.nodes.iter().enumerate() {
        let p = pos(i);
        let is_event = matches!(n.key, NodeKey::Event(_));
        let r = node_radius(n.weight, is_event);
        let color = *node_colors.entry(&n.type_id).or_insert_with(|| {
            let rgb = if is_event {
                s.schema.event_type(&n.type_id).map(|t| t.color.0)
            } else {
                s.schema.entity_type(&n.type_id).map(|t| t.color.0)
            };
            colors::solid(rgb.unwrap_or([128; 3]))
        });
        let corners: &[(f32, f32)] = if is_event {
            &[(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]
        } else if matches!(&*n.type_id, "Organization" | "ORG") {
            &[(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
        } else {
            &[
                (1.0, 0.0),
                (0.707, 0.707),
                (0.0, 1.0),
                (-0.707, 0.707),
                (-1.0, 0.0),
                (-0.707, -0.707),
                (0.0, -1.0),
                (0.707, -0.707),
            ]
        };
        let c = mesh.vertices.len() as u32;
        mesh.colored_vertex(p, color);
        for (x, y) in corners {
            mesh.colored_vertex(p + vec2(*x, *y) * r, color);
        }
        let k = corners.len() as u32;
        for j in 0..k {
            mesh.add_triangle(c, c + 1 + j, c + 1 + (j + 1) % k);
        }
    }
    mesh
}

/// A checkbox per type; unchecked types go into `hidden`.
fn type_toggles<'a>(
    ui: &mut Ui,
    types: impl Iterator<Item = (&'a String, &'a String)>,
    hidden: &mut std::collections::BTreeSet<String>,
) {
    for (id, name) in types {
        let mut on = !hidden.contains(id);
        if ui.checkbox(&mut on, name).changed() {
            if on {
                hidden.remove(id);
            } else {
                hidden.insert(id.clone());
            }
        }
    }
}

/// Distance from `p` to the segment `a`–`b`.
fn seg_dist(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
    (a + ab * t - p).length()
}

impl DossierApp {
    pub(crate) fn map_panel(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let sel = doc.sel;
        let selected_entity = doc.selected_entity();
        let selected_event = match sel {
            Sel::Item(Selection::Event(e)) => Some(e),
            _ => None,
        };
        let selected_relation = match sel {
            Sel::Item(Selection::Relation(r)) => Some(r),
            _ => None,
        };
        let mut actions: Vec<Action> = Vec::new();
        let mut relayout = false;
        let mut fit = false;
        let map = &mut self.map;
        ui.horizontal_wrapped(|ui| {
            relayout = ui
                .button("Re-layout")
                .on_hover_text("Unpin every node and lay the map out again")
                .clicked();
            fit = ui
                .button("Fit")
                .on_hover_text("Show the whole map")
                .clicked();
            ui.toggle_value(&mut map.filter.hide_isolated, "Hide isolated");
            ui.toggle_value(&mut map.focus_selected, "Focus")
                .on_hover_text("Only the selected entity and its neighbours");
            ui.menu_button("Types", |ui| {
                ui.label(RichText::new("Entities").strong());
                let entity_types = s.schema.entity_types.iter().map(|t| (&t.id, &t.name));
                type_toggles(ui, entity_types, &mut map.filter.hidden_entity_types);
                ui.label(RichText::new("Events").strong());
                let event_types = s.schema.event_types.iter().map(|t| (&t.id, &t.name));
                type_toggles(ui, event_types, &mut map.filter.hidden_event_types);
            });
        });
        let g = map.graph(s, selected_entity);
        let shown = g
            .nodes
            .iter()
            .filter(|n| matches!(n.key, NodeKey::Entity(_)))
            .count();
        if map.filter.max_entities > 0
            && s.entities.len() > map.filter.max_entities
            && !map.focus_selected
        {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Showing the {shown} most mentioned of {} entities.",
                        s.entities.len()
                    ))
                    .small()
                    .weak(),
                );
                if ui
                    .small_button("Show all")
                    .on_hover_text("Slow on very large sessions")
                    .clicked()
                {
                    map.filter.max_entities = 0;
                }
            });
        }
        if relayout {
            map.relayout(&g);
            actions.push(Action::MapPinsChanged);
        }
        let now = ui.input(|i| i.time);
        if map.run_layout(ui.ctx(), &g) {
            let since = *map.busy_since.get_or_insert(now);
            // Small maps settle in a blink; a bar would only flicker.
            if now - since > 0.25 {
                ui.horizontal(|ui| {
                    let done = layout::progress(map.layout.temperature);
                    ui.add(
                        egui::ProgressBar::new(done)
                            .desired_width(120.0)
                            .text(format!("Arranging {} nodes", g.nodes.len())),
                    );
                    if ui
                        .small_button("Stop")
                        .on_hover_text("Keep the map as it is now")
                        .clicked()
                    {
                        map.stop_layout(&g);
                    }
                });
            }
        } else {
            map.busy_since = None;
        }
        if fit {
            map.auto_fit = true;
        }
        if map.auto_fit || map.scene_rect == Rect::ZERO {
            map.fit();
            if map.is_settled() {
                map.auto_fit = false;
            }
        }
        if g.nodes.is_empty() {
            ui.label(RichText::new("The map shows entities and the events and relations between them. Annotate some mentions to start it.").weak());
            return;
        }
        let dark = ui.visuals().dark_mode;
        let text_color = ui.visuals().text_color();
        let strong = ui.visuals().strong_text_color();
        let bg = ui.visuals().extreme_bg_color;
        let frame = egui::Frame::canvas(ui.style()).fill(bg);
        frame.show(ui, |ui| {
            ui.set_min_size(ui.available_size());
            let outer = ui.available_rect_before_wrap();
            map.outer = outer;
            let mut scene_rect = map.scene_rect;
            let mut drags: Vec<(NodeKey, [f32; 2])> = Vec::new();
            // As on any map: the wheel zooms (at the pointer), dragging the background pans.
            let resp = egui::Scene::new()
                .zoom_range(0.05..=4.0)
                .scroll_zooms(true)
                .show(ui, &mut scene_rect, |ui| {
                    let painter = ui.painter().clone();
                    let clip = ui.clip_rect();
                    // Labels keep a readable size on screen whatever the zoom; when zoomed far
                    // out only the selected and the most mentioned nodes keep theirs.
                    let zoom = (outer.size() / clip.size()).min_elem().max(0.01);
                    let label_size = (12.0 / zoom).clamp(3.0, 60.0);
                    let show_all_labels = zoom > 0.25;
                    let many = g.nodes.len() > SMALL_MAP;
                    // A big map from far: plain nodes and edges come from one cached mesh; only
                    // what is selected, involved or hovered is drawn shape by shape on top.
                    let far = many && zoom <= 0.3;
                    if far {
                        // Lines about 1.2 px wide on screen, in steps so that zooming does not
                        // rebuild the mesh every frame.
                        let width_step = (zoom.log2() * 4.0).round() as i32;
                        let key = FarKey {
                            graph: Arc::as_ptr(&g) as usize,
                            layout: map.layout_version,
                            width_step,
                            dark,
                        };
                        if map.far_mesh.as_ref().is_none_or(|(k, _)| *k != key) {
                            let line = 1.2 / 2f32.powf(width_step as f32 / 4.0);
                            let mesh = far_mesh(s, &g, map, line, dark);
                            map.far_mesh = Some((key, Arc::new(mesh)));
                        }
                        if let Some((_, mesh)) = &map.far_mesh {
                            painter.add(egui::Shape::Mesh(mesh.clone()));
                        }
                    }
                    let pos = |i: usize| map.node_pos(&g, i);
                    let participants: Vec<NodeKey> = selected_event
                        .and_then(|e| s.events.get(&e))
                        .map(|e| {
                            e.arguments
                                .iter()
                                .map(|a| match a.filler {
                                    Filler::Entity(x) => NodeKey::Entity(x),
                                    Filler::Event(x) => NodeKey::Event(x),
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    // Edges.
                    for e in &g.edges {
                        let picked = match e.key {
                            EdgeKey::Relation(r) => selected_relation == Some(r),
                            _ => e.event().is_some() && e.event() == selected_event,
                        };
                        if far && !picked {
                            continue;
                        }
                        let (a, b) = (pos(e.from), pos(e.to));
                        if !clip.intersects(Rect::from_two_pos(a, b).expand(20.0)) {
                            continue;
                        }
                        let rgb = if e.is_relation() {
                            s.schema.relation_type(&e.type_id).map(|t| t.color.0)
                        } else {
                            s.schema.event_type(&e.type_id).map(|t| t.color.0)
                        }
                        .unwrap_or([128; 3]);
                        let color = colors::text(rgb, dark);
                        let stroke = Stroke::new(if picked { 4.0 } else { 1.8 }, color);
                        let to_r = node_radius(
                            g.nodes[e.to].weight,
                            matches!(g.nodes[e.to].key, NodeKey::Event(_)),
                        );
                        let dir = (b - a).normalized();
                        let tip = b - dir * (to_r + 2.0);
                        // Far out, detail costs time and shows nothing: plain lines, no arrows.
                        if e.is_relation() && zoom > 0.3 {
                            painter.add(egui::Shape::dashed_line(&[a, tip], stroke, 6.0, 4.0));
                        } else {
                            painter.line_segment([a, tip], stroke);
                        }
                        if zoom > 0.3 || picked {
                            let n = vec2(-dir.y, dir.x);
                            painter.add(egui::Shape::convex_polygon(
                                vec![tip, tip - dir * 9.0 + n * 4.5, tip - dir * 9.0 - n * 4.5],
                                color,
                                Stroke::NONE,
                            ));
                        }
                        let mid = a + (b - a) * 0.5;
                        if show_all_labels || picked {
                            painter.text(
                                mid + vec2(0.0, -2.0),
                                egui::Align2::CENTER_BOTTOM,
                                &e.label,
                                FontId::proportional(label_size * 0.85),
                                color,
                            );
                        }
                        if g.nodes.len() > SMALL_MAP && !picked {
                            continue;
                        }
                        let id = ui.scope_id().with(("edge", e.key));
                        let node = ui.interact(
                            Rect::from_center_size(mid, vec2(10.0, 10.0)),
                            id,
                            Sense::hover(),
                        );
                        let label = format!(
                            "Map edge: {} {} → {}",
                            e.label, g.nodes[e.from].label, g.nodes[e.to].label
                        );
                        node.widget_info(|| {
                            egui::WidgetInfo::selected(egui::Role::Link, true, picked, &label)
                        });
                    }
                    // Nodes. A big map gives only the node under the pointer a widget of its own
                    // (clicks, drags, hover), so a frame costs drawing, not thousands of widgets.
                    let near = if many {
                        let from_global = ui
                            .ctx()
                            .layer_transform_from_global(ui.layer_id())
                            .unwrap_or_default();
                        ui.ctx()
                            .pointer_hover_pos()
                            .map(|p| from_global * p)
                            .and_then(|p| {
                                (0..g.nodes.len())
                                    .map(|i| (pos(i).distance_sq(p), i))
                                    .filter(|(d, i)| {
                                        let r = node_radius(
                                            g.nodes[*i].weight,
                                            matches!(g.nodes[*i].key, NodeKey::Event(_)),
                                        ) + 2.0;
                                        *d <= r * r
                                    })
                                    .min_by(|a, b| a.0.total_cmp(&b.0))
                                    .map(|(_, i)| i)
                            })
                    } else {
                        None
                    };
                    for (i, n) in g.nodes.iter().enumerate() {
                        let p = pos(i);
                        let is_event = matches!(n.key, NodeKey::Event(_));
                        let r = node_radius(n.weight, is_event);
                        if !clip.expand(r + 120.0).contains(p) {
                            continue;
                        }
                        let has_widget = !many || near == Some(i);
                        let picked = match n.key {
                            NodeKey::Entity(e) => selected_entity == Some(e),
                            NodeKey::Event(e) => selected_event == Some(e),
                        };
                        let involved = participants.contains(&n.key);
                        if far && !has_widget && !picked && !involved {
                            // Drawn by the far mesh; nothing of its own to show.
                            continue;
                        }
                        let rgb = if is_event {
                            s.schema.event_type(&n.type_id).map(|t| t.color.0)
                        } else {
                            s.schema.entity_type(&n.type_id).map(|t| t.color.0)
                        }
                        .unwrap_or([128; 3]);
                        let id = ui.scope_id().with(("node", n.key));
                        let rect = Rect::from_center_size(p, Vec2::splat(2.0 * r + 4.0));
                        let resp =
                            has_widget.then(|| ui.interact(rect, id, Sense::click_and_drag()));
                        let hovered = resp.as_ref().is_some_and(|r| r.hovered());
                        let outline = if picked {
                            Stroke::new(3.5, strong)
                        } else if involved || hovered {
                            Stroke::new(2.5, strong)
                        } else {
                            Stroke::new(1.0, text_color.gamma_multiply(0.6))
                        };
                        if is_event {
                            let pts = vec![
                                p + vec2(0.0, -r),
                                p + vec2(r, 0.0),
                                p + vec2(0.0, r),
                                p + vec2(-r, 0.0),
                            ];
                            painter.add(egui::Shape::convex_polygon(
                                pts,
                                colors::solid(rgb),
                                outline,
                            ));
                        } else {
                            // Shape by kind: people round, organisations square, places and
                            // the rest rounded squares.
                            match &*n.type_id {
                                "Organization" | "ORG" => {
                                    painter.rect(
                                        Rect::from_center_size(p, Vec2::splat(2.0 * r)),
                                        2.0,
                                        colors::solid(rgb),
                                        outline,
                                        egui::StrokeKind::Outside,
                                    );
                                }
                                "Person" | "PER" => {
                                    painter.circle(p, r, colors::solid(rgb), outline);
                                }
                                _ => {
                                    painter.rect(
                                        Rect::from_center_size(p, Vec2::splat(2.0 * r)),
                                        r * 0.5,
                                        colors::solid(rgb),
                                        outline,
                                        egui::StrokeKind::Outside,
                                    );
                                }
                            }
                        }
                        if show_all_labels
                            || picked
                            || involved
                            || hovered
                            || (!many && n.weight >= 3)
                        {
                            let size = if is_event {
                                label_size * 0.85
                            } else {
                                label_size
                            };
                            painter.text(
                                p + vec2(0.0, r + 2.0),
                                egui::Align2::CENTER_TOP,
                                &n.label,
                                FontId::proportional(size),
                                text_color,
                            );
                        }
                        // Only nodes with a widget (few on a big map) need their description.
                        let Some(resp) = resp else { continue };
                        let label = if is_event {
                            format!("Map node: event {}", n.label)
                        } else {
                            let type_name = s
                                .schema
                                .entity_type(&n.type_id)
                                .map(|t| t.name.as_str())
                                .unwrap_or(&n.type_id);
                            format!("Map node: {type_name} {}, {} mentions", n.label, n.weight)
                        };
                        resp.widget_info(|| {
                            egui::WidgetInfo::selected(egui::Role::Button, true, picked, &label)
                        });
                        if resp.dragged() {
                            let d = resp.drag_delta();
                            drags.push((n.key, [p.x + d.x, p.y + d.y]));
                        }
                        if resp.drag_stopped() {
                            actions.push(Action::MapPinsChanged);
                        }
                        if resp.clicked() {
                            actions.push(match n.key {
                                NodeKey::Entity(e) => Action::PickEntity(e),
                                NodeKey::Event(e) => Action::PickEvent(e),
                            });
                        }
                        let pinned = map.layout.pinned.contains_key(&n.key);
                        resp.on_hover_text(format!(
                            "{label}{}",
                            if pinned {
                                " (pinned; Re-layout frees it)"
                            } else {
                                ""
                            }
                        ));
                    }
                });
            if resp.response.changed() {
                // The analyst panned or zoomed: leave the view where they put it.
                map.auto_fit = false;
            }
            map.scene_rect = scene_rect;
            // Dragging a node pins it where it is dropped.
            for (key, p) in drags {
                map.pin(key, p);
            }
            // A click on the background: the nearest edge within reach, else nothing. Pointer
            // positions inside the scene are in map units, like the layout.
            if resp.response.clicked()
                && let Some(p) = resp.response.interact_pointer_pos()
            {
                let zoom = (outer.size() / map.scene_rect.size()).min_elem().max(0.01);
                let at = |k: NodeKey| {
                    let q = map.layout.pos.get(&k).copied().unwrap_or_default();
                    pos2(q[0], q[1])
                };
                let best = g
                    .edges
                    .iter()
                    .map(|e| {
                        (
                            seg_dist(p, at(g.nodes[e.from].key), at(g.nodes[e.to].key)),
                            e.key,
                        )
                    })
                    .filter(|(d, _)| *d < 8.0 / zoom)
                    .min_by(|a, b| a.0.total_cmp(&b.0));
                match best {
                    Some((_, EdgeKey::Relation(r))) => actions.push(Action::PickRelation(r)),
                    Some((_, EdgeKey::Event(e) | EdgeKey::Argument(e, _))) => {
                        actions.push(Action::PickEvent(e))
                    }
                    None => {}
                }
            }
        });
        self.actions.extend(actions);
    }

    /// The scroll position and selection for a picked entity, event or relation.
    pub(crate) fn pick_item(&mut self, item: Selection) {
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let at = match item {
            Selection::Entity(e) => s
                .mentions_by_position()
                .into_iter()
                .find(|m| m.entity == e)
                .map(|m| m.span.start),
            Selection::Event(e) => s.events.get(&e).and_then(|e| e.trigger).map(|t| t.start),
            Selection::Relation(r) => s.relations.get(&r).and_then(|r| {
                r.evidence.map(|x| x.start).or_else(|| {
                    r.from_mention
                        .and_then(|m| s.mentions.get(&m))
                        .map(|m| m.span.start)
                })
            }),
            Selection::Mention(m) => s.mentions.get(&m).map(|m| m.span.start),
        };
        if self.armed.is_some() {
            self.push(Action::Pick(Sel::Item(item)));
            return;
        }
        match at {
            Some(c) => self.push(Action::Reveal(Sel::Item(item), c)),
            None => self.push(Action::Select(Sel::Item(item))),
        }
    }
}
