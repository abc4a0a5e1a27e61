//! The entity map: entities as nodes, events and relations as edges, laid out by force and tied
//! to the text both ways.

use super::DocView;
use crate::analysis::graph::{self, Edge, EdgeKey, Graph, GraphFilter, Node, NodeKey};
use crate::analysis::graphml::node_radius;
use crate::analysis::layout::{self, Layout, LayoutRunner};
use crate::model::*;
use crate::ui::action::Action;
use crate::ui::colors;
use egui::{FontId, Pos2, Rect, RichText, Sense, Stroke, Ui, Vec2, pos2, vec2};
use std::sync::Arc;

/// Maps with more nodes than this give widgets (and accessibility nodes) only to the node under
/// the pointer and the selected one; the entity list stays the accessible way to them.
pub const SMALL_MAP: usize = 400;

pub struct EntityMap {
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

impl Default for EntityMap {
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

impl EntityMap {
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
fn far_mesh(s: &Session, g: &Graph, map: &EntityMap, line: f32, dark: bool) -> egui::Mesh {
    let mut mesh = egui::Mesh::default();
    let pos = |i: usize| map.node_pos(g, i);
    for e in &g.edges {
        let (a, b) = (pos(e.from), pos(e.to));
        let color = colors::text(e.color(&s.schema), dark);
        let d = (b - a).normalized();
        let n = vec2(-d.y, d.x) * line * 0.5;
        let i = mesh.vertices.len() as u32;
        for p in [a + n, a - n, b - n, b + n] {
            mesh.colored_vertex(p, color);
        }
        mesh.add_triangle(i, i + 1, i + 2);
        mesh.add_triangle(i, i + 2, i + 3);
    }
    for (i, n) in g.nodes.iter().enumerate() {
        let p = pos(i);
        let is_event = n.is_event();
        let r = node_radius(n.weight, is_event);
        let color = colors::solid(n.color(&s.schema));
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

/// What the toolbar asked for this frame.
#[derive(Default)]
struct Toolbar {
    relayout: bool,
    fit: bool,
}

/// How the map looks at this zoom: label sizes, what is drawn from the far mesh.
struct Look {
    zoom: f32,
    label_size: f32,
    show_all_labels: bool,
    /// Too many nodes for a widget each.
    many: bool,
    /// Seen from far: plain nodes and edges come from the cached mesh.
    far: bool,
    clip: Rect,
    dark: bool,
    text: egui::Color32,
    strong: egui::Color32,
}

/// What is selected, as the map sees it.
struct Picked {
    entity: Option<EntityId>,
    event: Option<EventId>,
    relation: Option<RelationId>,
    /// The selected event's participants.
    participants: Vec<NodeKey>,
}

impl Picked {
    fn of(doc: DocView<'_>) -> Self {
        let event = doc.sel.event();
        let participants = event
            .and_then(|e| doc.session.events.get(&e))
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
        Self {
            entity: doc.selected_entity(),
            event,
            relation: doc.sel.relation(),
            participants,
        }
    }

    fn node(&self, n: &Node) -> bool {
        match n.key {
            NodeKey::Entity(e) => self.entity == Some(e),
            NodeKey::Event(e) => self.event == Some(e),
        }
    }

    fn edge(&self, e: &Edge) -> bool {
        match e.key {
            EdgeKey::Relation(r) => self.relation == Some(r),
            _ => e.event().is_some() && e.event() == self.event,
        }
    }
}

impl EntityMap {
    /// The map with its toolbar; returns what a click, drag or button asked for.
    pub fn show(&mut self, ui: &mut Ui, doc: DocView<'_>) -> Vec<Action> {
        let s = doc.session;
        let mut out = Vec::new();
        let tb = self.toolbar(ui, s);
        let g = self.graph(s, doc.selected_entity());
        self.size_note(ui, s, &g);
        if tb.relayout {
            self.relayout(&g);
            out.push(Action::MapPinsChanged);
        }
        self.layout_step(ui, &g);
        if tb.fit {
            self.auto_fit = true;
        }
        if self.auto_fit || self.scene_rect == Rect::ZERO {
            self.fit();
            if self.is_settled() {
                self.auto_fit = false;
            }
        }
        if g.nodes.is_empty() {
            ui.label(RichText::new("The map shows entities and the events and relations between them. Annotate some mentions to start it.").weak());
            return out;
        }
        self.canvas(ui, doc, &g, &mut out);
        out
    }

    fn toolbar(&mut self, ui: &mut Ui, s: &Session) -> Toolbar {
        let mut tb = Toolbar::default();
        ui.horizontal_wrapped(|ui| {
            tb.relayout = ui
                .button("Re-layout")
                .on_hover_text("Unpin every node and lay the map out again")
                .clicked();
            tb.fit = ui
                .button("Fit")
                .on_hover_text("Show the whole map")
                .clicked();
            ui.toggle_value(&mut self.filter.hide_isolated, "Hide isolated");
            ui.toggle_value(&mut self.focus_selected, "Focus")
                .on_hover_text("Only the selected entity and its neighbours");
            ui.menu_button("Types", |ui| {
                ui.label(RichText::new("Entities").strong());
                let entity_types = s.schema.entity_types.iter().map(|t| (&t.id, &t.name));
                type_toggles(ui, entity_types, &mut self.filter.hidden_entity_types);
                ui.label(RichText::new("Events").strong());
                let event_types = s.schema.event_types.iter().map(|t| (&t.id, &t.name));
                type_toggles(ui, event_types, &mut self.filter.hidden_event_types);
            });
        });
        tb
    }

    /// On a big session: how many entities the map shows, and a way to show them all.
    fn size_note(&mut self, ui: &mut Ui, s: &Session, g: &Graph) {
        let max = self.filter.max_entities;
        if max == 0 || s.entities.len() <= max || self.focus_selected {
            return;
        }
        let shown = g.nodes.iter().filter(|n| !n.is_event()).count();
        ui.horizontal(|ui| {
            let text = format!(
                "Showing the {shown} most mentioned of {} entities.",
                s.entities.len()
            );
            ui.label(RichText::new(text).small().weak());
            if ui
                .small_button("Show all")
                .on_hover_text("Slow on very large sessions")
                .clicked()
            {
                self.filter.max_entities = 0;
            }
        });
    }

    /// Let the worker go on with the layout; a long one shows its progress and a Stop button.
    fn layout_step(&mut self, ui: &mut Ui, g: &Arc<Graph>) {
        let now = ui.input(|i| i.time);
        if !self.run_layout(ui.ctx(), g) || g.nodes.is_empty() {
            self.busy_since = None;
            return;
        }
        let since = *self.busy_since.get_or_insert(now);
        // Small maps settle in a blink; a bar would only flicker.
        if now - since <= 0.25 {
            return;
        }
        ui.horizontal(|ui| {
            let done = layout::progress(self.layout.temperature);
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
                self.stop_layout(g);
            }
        });
    }

    /// The canvas: pan and zoom, the map itself, node drags and clicks on edges.
    fn canvas(&mut self, ui: &mut Ui, doc: DocView<'_>, g: &Arc<Graph>, out: &mut Vec<Action>) {
        let frame = egui::Frame::canvas(ui.style()).fill(ui.visuals().extreme_bg_color);
        frame.show(ui, |ui| {
            ui.set_min_size(ui.available_size());
            let outer = ui.available_rect_before_wrap();
            self.outer = outer;
            let mut scene_rect = self.scene_rect;
            let mut drags: Vec<(NodeKey, [f32; 2])> = Vec::new();
            // As on any map: the wheel zooms (at the pointer), dragging the background pans.
            let resp = egui::Scene::new()
                .zoom_range(0.05..=4.0)
                .scroll_zooms(true)
                .show(ui, &mut scene_rect, |ui| {
                    self.scene(ui, doc, g, outer, &mut drags, out);
                });
            if resp.response.changed() {
                // The analyst panned or zoomed: leave the view where they put it.
                self.auto_fit = false;
            }
            self.scene_rect = scene_rect;
            // Dragging a node pins it where it is dropped.
            for (key, p) in drags {
                self.pin(key, p);
            }
            if resp.response.clicked()
                && let Some(p) = resp.response.interact_pointer_pos()
            {
                out.extend(self.edge_at(g, p, outer));
            }
        });
    }

    /// A click on the background: the nearest edge within reach, else nothing. Pointer
    /// positions inside the scene are in map units, like the layout.
    fn edge_at(&self, g: &Graph, p: Pos2, outer: Rect) -> Option<Action> {
        let zoom = (outer.size() / self.scene_rect.size()).min_elem().max(0.01);
        let at = |k: NodeKey| {
            let q = self.layout.pos.get(&k).copied().unwrap_or_default();
            pos2(q[0], q[1])
        };
        let best = g
            .edges
            .iter()
            .map(|e| {
                let d = seg_dist(p, at(g.nodes[e.from].key), at(g.nodes[e.to].key));
                (d, e.key)
            })
            .filter(|(d, _)| *d < 8.0 / zoom)
            .min_by(|a, b| a.0.total_cmp(&b.0))?;
        Some(match best.1 {
            EdgeKey::Relation(r) => Action::PickRelation(r),
            EdgeKey::Event(e) | EdgeKey::Argument(e, _) => Action::PickEvent(e),
        })
    }

    /// Inside the scene, in map units: the far mesh, then edges and nodes.
    fn scene(
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
