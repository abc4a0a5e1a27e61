//! The entity map: entities as nodes, events and relations as edges, laid out by force and tied
//! to the text both ways. This file holds the map's state and its panel (toolbar, layout
//! progress, canvas); `draw` paints nodes and edges, `far` the cached mesh of a big map seen
//! from far.

mod draw;
mod explore;
mod far;
mod fit;
mod overlay;

use super::DocView;
use crate::analysis::graph::{self, Edge, EdgeKey, Graph, GraphFilter, Node, NodeKey};
use crate::analysis::layout::{self, Layout, LayoutRunner};
use crate::model::*;
use crate::ui::action::Action;
use egui::{Pos2, Rect, RichText, Ui, pos2, vec2};
use explore::MapCmd;
use far::FarKey;
use std::sync::Arc;

/// Maps with more nodes than this give widgets (and accessibility nodes) only to the node under
/// the pointer and the selected one; the entity list stays the accessible way to them.
pub const SMALL_MAP: usize = 400;

/// A map at least this tall shows its legend as a row above it.
const ROOMY_MAP: f32 = 480.0;
/// Screen room kept free around everything when the map fits itself.
const FIT_PAD: f32 = 8.0;
/// The layout's worker thread and what it is told.
#[derive(Default)]
struct Worker {
    /// The window's list of jobs, which starts the worker thread.
    jobs: crate::ui::jobs::Jobs,
    /// Settles the layout on a worker thread; started with the first frame that shows the map.
    runner: Option<LayoutRunner>,
    /// The layout changed here (new graph, pin, re-layout): the worker must go on from it.
    needs_submit: bool,
    /// Since when (egui time) the worker has been busy, to show progress for long layouts only.
    busy_since: Option<f64>,
    /// It has been busy long enough to show its progress.
    long: bool,
}

/// What the analyst did to explore the map.
#[derive(Default)]
pub struct Explore {
    /// Nodes taken off the map by the analyst.
    pub hidden: std::collections::BTreeSet<NodeKey>,
    /// The highlighted shortest path: its nodes and edges.
    pub path: Option<(Vec<NodeKey>, Vec<EdgeKey>)>,
    /// The map's search box, and which of its matches is shown.
    pub search: String,
    search_hit: usize,
    /// Bundles of parallel edges the analyst opened (by their two nodes, in key order).
    pub expanded: std::collections::BTreeSet<(NodeKey, NodeKey)>,
}

/// Names on the map are this tall on screen, whatever the zoom.
pub(super) const LABEL_PX: f32 = 12.0;

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
    /// The layout's worker thread and what it is told.
    worker: Worker,
    /// Bumped whenever node positions change, to know when `far_mesh` is stale.
    layout_version: u64,
    /// A big map seen from far: all plain nodes and edges as one mesh, built once per layout
    /// and reused every frame (egui then copies it instead of tessellating thousands of shapes).
    far_mesh: Option<(FarKey, Arc<egui::Mesh>)>,
    /// Keep the whole map in view while it settles, until the analyst pans or zooms.
    pub auto_fit: bool,
    /// This frame's label placement, kept while nothing it depends on changes.
    labels: Option<(LabelKey, Arc<LabelPlacement>)>,
    /// Glide to a new fit over a few frames (off in tests and pictures, which want it at once).
    pub ease: bool,
    /// The legend of colours and shapes as a row above the map (when the map is tall enough).
    pub show_legend: bool,
    legend_row: bool,
    /// How the map is laid out, and for what it was last laid out that way.
    pub arrangement: crate::analysis::arrange::Arrangement,
    arranged: Option<(crate::analysis::arrange::Arrangement, usize, Option<usize>)>,
    /// What the analyst did to explore the map: hidden nodes, a path, a search, open bundles.
    pub explore: Explore,
    /// The fitted view, kept while the map and the panel stay the same.
    fit_cache: Option<(fit::FitKey, Rect)>,
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
            worker: Worker {
                needs_submit: true,
                ..Default::default()
            },
            layout_version: 0,
            far_mesh: None,
            auto_fit: true,
            labels: None,
            ease: true,
            show_legend: true,
            legend_row: false,
            arrangement: Default::default(),
            arranged: None,
            explore: Explore::default(),
            fit_cache: None,
        }
    }
}

impl EntityMap {
    /// Start from what a session saved: pinned nodes and the viewport; the layout worker starts
    /// through `jobs`.
    pub fn from_session(s: &Session, jobs: &crate::ui::jobs::Jobs) -> Self {
        let mut m = Self::default();
        m.set_jobs(jobs);
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
            self.worker.needs_submit = true;
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
        self.worker.needs_submit = true;
        self.layout_version += 1;
    }

    /// Start the layout worker through this list of jobs.
    pub fn set_jobs(&mut self, jobs: &crate::ui::jobs::Jobs) {
        self.worker.jobs = jobs.clone();
    }

    /// Forget pins and lay the map out afresh.
    pub fn relayout(&mut self, g: &Graph) {
        self.layout.reset(g);
        self.auto_fit = true;
        self.worker.needs_submit = true;
        self.layout_version += 1;
    }

    /// Hand layout work to the worker and take what it has finished. Returns whether the layout
    /// is still settling.
    fn run_layout(&mut self, ctx: &egui::Context, g: &Arc<Graph>) -> bool {
        let jobs = &self.worker.jobs;
        let runner = self.worker.runner.get_or_insert_with(|| {
            let ctx = ctx.clone();
            LayoutRunner::with_spawner(
                move || ctx.request_repaint(),
                |work| jobs.start_worker("dossier-map-layout", work),
            )
        });
        if std::mem::take(&mut self.worker.needs_submit) {
            runner.submit(g.clone(), &mut self.layout);
        }
        if runner.poll(&mut self.layout) {
            self.layout_version += 1;
        }
        runner.is_busy()
    }

    /// Stop the layout where it is.
    fn stop_layout(&mut self, g: &Arc<Graph>) {
        if let Some(r) = &mut self.worker.runner {
            r.cancel(g.clone(), &mut self.layout);
        }
    }

    /// Whether the last frame drew the map from far, from the cached mesh.
    pub fn drawn_from_far(&self) -> bool {
        self.far_mesh
            .as_ref()
            .is_some_and(|(k, _)| k.layout == self.layout_version)
    }

    /// How far a long layout has come, while it runs (the same threshold as its bar: small maps
    /// settle in a blink).
    pub fn layout_progress(&self) -> Option<f32> {
        let busy = self
            .worker
            .runner
            .as_ref()
            .is_some_and(LayoutRunner::is_busy);
        (busy && self.worker.long).then(|| layout::progress(self.layout.temperature))
    }

    /// Whether the layout has settled (tests wait for this before clicking nodes).
    pub fn is_settled(&self) -> bool {
        !self.worker.needs_submit && self.worker.runner.as_ref().is_none_or(|r| !r.is_busy())
    }

    /// Where the map was drawn on screen in the last frame.
    pub fn view_rect(&self) -> Rect {
        self.outer
    }

    /// The node and edge labels drawn in the last frame, with their boxes on screen.
    pub fn placed_labels(&self) -> Vec<(String, Rect)> {
        let Some((_, p)) = &self.labels else {
            return Vec::new();
        };
        p.nodes
            .iter()
            .chain(&p.edges)
            .flatten()
            .map(|l| {
                let (a, b) = (
                    self.to_screen([l.rect[0], l.rect[1]]),
                    self.to_screen([l.rect[2], l.rect[3]]),
                );
                (l.text.clone(), Rect::from_min_max(a, b))
            })
            .collect()
    }
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
    /// Behind a label drawn over the map (a hovered node's name without room of its own).
    backdrop: egui::Color32,
}

/// What the label placement depends on; placement is redone only when it changes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct LabelKey {
    graph: usize,
    layout: u64,
    size: i32,
    show_edges: bool,
    picked: (Option<EntityId>, Option<EventId>, Option<RelationId>),
    /// Open bundles change where edge labels go.
    expanded: usize,
    /// The part of a big map in view, coarsely (small maps place every label).
    view: [i32; 4],
}

/// Placed labels by node and edge index of the graph, and each edge's place in its bundle.
pub(super) struct LabelPlacement {
    pub bundles: Vec<(usize, usize)>,
    pub nodes: Vec<Option<crate::analysis::labels::Placed>>,
    pub edges: Vec<Option<crate::analysis::labels::Placed>>,
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
        self.explore_bar(ui, s, &mut out);
        let g = self.graph(s, doc.selected_entity());
        self.arrange(&g, doc.selected_entity().map(NodeKey::Entity));
        self.size_note(ui, s, &g);
        if tb.relayout {
            self.relayout(&g);
            out.push(Action::MapPinsChanged);
        }
        self.layout_step(ui, &g);
        if tb.fit {
            self.auto_fit = true;
        }
        // Until the analyst pans or zooms, every node stays in view, whatever is added, removed,
        // filtered or resized.
        if self.auto_fit || self.scene_rect == Rect::ZERO {
            self.ease_to_fit(ui);
        }
        if g.nodes.is_empty() {
            ui.label(RichText::new("The map shows entities and the events and relations between them. Annotate some mentions to start it.").weak());
            return out;
        }
        if self.show_legend && self.legend_row {
            overlay::legend(ui, s, &g);
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
            // Lit while the map keeps itself whole in view; panning or zooming turns it off.
            tb.fit = ui
                .selectable_label(self.auto_fit, "Fit")
                .on_hover_text("Keep the whole map in view (until you pan or zoom)")
                .clicked();
            // A tall map shows the legend as a row above it; a short one keeps the room for
            // names and shows it on demand.
            // Hysteresis: the row itself takes height, which must not flip it off again.
            let roomy = if self.legend_row {
                ROOMY_MAP - 60.0
            } else {
                ROOMY_MAP
            };
            self.legend_row = self.outer.height() >= roomy;
            if self.legend_row {
                ui.toggle_value(&mut self.show_legend, "Legend")
                    .on_hover_text("The colours and shapes of the types on the map");
            } else if let Some(g) = self.graph.clone() {
                ui.menu_button("Legend", |ui| overlay::legend(ui, s, &g))
                    .response
                    .on_hover_text("The colours and shapes of the types on the map");
            }
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
                "Showing the {shown} most mentioned of {}.",
                crate::model::words::count(s.entities.len(), "entity")
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
            self.worker.busy_since = None;
            self.worker.long = false;
            return;
        }
        let since = *self.worker.busy_since.get_or_insert(now);
        // Small maps settle in a blink; a bar would only flicker.
        self.worker.long = now - since > 0.25;
        if !self.worker.long {
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
            let mut cmds: Vec<MapCmd> = Vec::new();
            // As on any map: the wheel zooms (at the pointer), dragging the background pans.
            let resp = egui::Scene::new()
                .zoom_range(0.05..=4.0)
                .scroll_zooms(true)
                .show(ui, &mut scene_rect, |ui| {
                    self.scene(ui, doc, g, outer, &mut cmds, out);
                });
            if resp.response.changed() {
                // The analyst panned or zoomed: leave the view where they put it.
                self.auto_fit = false;
            }
            self.scene_rect = scene_rect;
            self.overlay(ui, g, &Picked::of(doc));
            self.apply_cmds(cmds, g, doc, out);
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
