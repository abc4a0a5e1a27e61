//! Finding one's way in the map: layouts that answer questions (ego, grouped, timeline), a
//! search that centres a node, hiding nodes and expanding from one hop by hop, and the shortest
//! path between two entities.

use super::{EntityMap, Picked};
use crate::analysis::arrange::{self, Arrangement};
use crate::analysis::graph::{Edge, EdgeKey, Graph, Node, NodeKey};
use crate::model::Session;
use crate::ui::action::Action;
use crate::ui::views::DocView;
use egui::{Pos2, Rect, Sense, Ui, Vec2, pos2, vec2};
use std::sync::Arc;

/// What the map's own controls asked for this frame (applied after drawing).
pub(super) enum MapCmd {
    /// A node dragged there: it is pinned.
    Drag(NodeKey, [f32; 2]),
    Hide(NodeKey),
    /// Hide everything but this node and its neighbours.
    Only(NodeKey),
    /// Show the hidden neighbours of this node.
    Expand(NodeKey),
    ShowAll,
    /// Highlight the shortest path from the selected entity to this node.
    PathTo(NodeKey),
    /// Open or close the bundle of edges between these two nodes.
    ToggleBundle(NodeKey, NodeKey),
}

/// Room between nodes in the question layouts, in map units.
const SPACING: f32 = 90.0;

impl EntityMap {
    /// Apply what the map's controls asked for.
    pub(super) fn apply_cmds(
        &mut self,
        cmds: Vec<MapCmd>,
        g: &Arc<Graph>,
        doc: DocView<'_>,
        out: &mut Vec<Action>,
    ) {
        for cmd in cmds {
            match cmd {
                MapCmd::Drag(key, p) => self.pin(key, p),
                MapCmd::Hide(key) => {
                    self.explore.hidden.insert(key);
                }
                MapCmd::Only(key) => {
                    let keep = neighbours(g, key);
                    self.explore.hidden = g
                        .nodes
                        .iter()
                        .map(|n| n.key)
                        .filter(|k| !keep.contains(k))
                        .collect();
                }
                MapCmd::Expand(key) => {
                    for k in neighbours(g, key) {
                        self.explore.hidden.remove(&k);
                    }
                }
                MapCmd::ShowAll => self.explore.hidden.clear(),
                MapCmd::PathTo(to) => out.push(self.find_path(g, doc, to)),
                MapCmd::ToggleBundle(a, b) => {
                    if !self.explore.expanded.remove(&(a, b)) {
                        self.explore.expanded.insert((a, b));
                    }
                }
            }
            self.labels = None;
        }
    }

    fn find_path(&mut self, g: &Graph, doc: DocView<'_>, to: NodeKey) -> Action {
        let from = doc.selected_entity().map(NodeKey::Entity);
        let name = |k: NodeKey| g.node(k).map_or_else(String::new, |n| n.label.to_string());
        let (Some(from), Some(&b)) = (from, g.index.get(&to)) else {
            return Action::Status(
                "Select an entity first, then ask for the path to another.".into(),
            );
        };
        let Some(&a) = g.index.get(&from) else {
            return Action::Status(format!("{} is not on the map.", name(from)));
        };
        match arrange::shortest_path(g, a, b) {
            Some((nodes, edges)) => {
                let keys: Vec<NodeKey> = nodes.iter().map(|&i| g.nodes[i].key).collect();
                for k in &keys {
                    self.explore.hidden.remove(k);
                }
                let names: Vec<String> = keys.iter().map(|&k| name(k)).collect();
                self.explore.path = Some((keys, edges.iter().map(|&e| g.edges[e].key).collect()));
                Action::Status(format!(
                    "Path ({} steps): {}",
                    edges.len(),
                    names.join(" → ")
                ))
            }
            None => {
                self.explore.path = None;
                Action::Status(format!(
                    "{} and {} are not connected on the map.",
                    name(from),
                    name(to)
                ))
            }
        }
    }

    /// The right-click menu of a node.
    pub(super) fn node_menu(
        &self,
        resp: &egui::Response,
        s: &Session,
        n: &Node,
        picked: &Picked,
        cmds: &mut Vec<MapCmd>,
    ) {
        resp.context_menu(|ui| {
            if ui
                .button("Hide")
                .on_hover_text("Take this node off the map")
                .clicked()
            {
                cmds.push(MapCmd::Hide(n.key));
            }
            if ui.button("Show only this and its neighbours").clicked() {
                cmds.push(MapCmd::Only(n.key));
            }
            if ui.button("Expand (show its neighbours)").clicked() {
                cmds.push(MapCmd::Expand(n.key));
            }
            if let Some(e) = picked.entity
                && NodeKey::Entity(e) != n.key
            {
                let from = s
                    .entities
                    .get(&e)
                    .map_or("the selection", |x| x.name.as_str());
                if ui.button(format!("Path from {from} to here")).clicked() {
                    cmds.push(MapCmd::PathTo(n.key));
                }
            }
            if !self.explore.hidden.is_empty() && ui.button("Show all hidden").clicked() {
                cmds.push(MapCmd::ShowAll);
            }
        });
    }

    /// Whether a node is drawn (not hidden).
    pub(super) fn shown(&self, key: NodeKey) -> bool {
        !self.explore.hidden.contains(&key)
    }

    /// Whether an edge is on the highlighted path; a node likewise.
    pub(super) fn on_path_edge(&self, key: EdgeKey) -> bool {
        self.explore
            .path
            .as_ref()
            .is_some_and(|(_, e)| e.contains(&key))
    }

    pub(super) fn on_path_node(&self, key: NodeKey) -> bool {
        self.explore
            .path
            .as_ref()
            .is_some_and(|(n, _)| n.contains(&key))
    }

    /// The layout picker, the search box and what is hidden.
    pub(super) fn explore_bar(&mut self, ui: &mut Ui, s: &Session, out: &mut Vec<Action>) {
        ui.horizontal_wrapped(|ui| {
            egui::ComboBox::from_id_salt("map-layout")
                .selected_text(self.arrangement.name())
                .show_ui(ui, |ui| {
                    for a in Arrangement::ALL {
                        ui.selectable_value(&mut self.arrangement, a, a.name());
                    }
                })
                .response
                .on_hover_text("How the map is laid out");
            let find = ui.label("Find on map");
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.explore.search)
                        .hint_text("name or alias")
                        .desired_width(120.0),
                )
                .labelled_by(find.id)
                .on_hover_text("Find on map: Enter goes to the next match");
            let enter = search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if search.changed() || enter {
                out.extend(self.find_node(s, enter));
            }
            if !self.explore.hidden.is_empty() {
                ui.label(format!("{} hidden", self.explore.hidden.len()));
                if ui.small_button("Show all").clicked() {
                    self.explore.hidden.clear();
                    self.labels = None;
                }
            }
            if self.explore.path.is_some() && ui.small_button("Clear path").clicked() {
                self.explore.path = None;
                self.labels = None;
            }
        });
    }

    /// The first node (after the current match, with `next`) whose name or an alias contains
    /// the search text: selected and brought to the middle of the view.
    fn find_node(&mut self, s: &Session, next: bool) -> Vec<Action> {
        let Some(g) = self.graph.clone() else {
            return Vec::new();
        };
        let q = self.explore.search.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let matches = |n: &Node| {
            n.label.to_lowercase().contains(&q)
                || match n.key {
                    NodeKey::Entity(e) => s
                        .entities
                        .get(&e)
                        .is_some_and(|x| x.aliases.iter().any(|a| a.to_lowercase().contains(&q))),
                    NodeKey::Event(_) => false,
                }
        };
        let hits: Vec<usize> = (0..g.nodes.len())
            .filter(|&i| matches(&g.nodes[i]))
            .collect();
        if hits.is_empty() {
            return vec![Action::Status(format!(
                "Nothing on the map matches “{}”.",
                self.explore.search.trim()
            ))];
        }
        self.explore.search_hit = if next {
            (self.explore.search_hit + 1) % hits.len()
        } else {
            0
        };
        let n = &g.nodes[hits[self.explore.search_hit]];
        self.explore.hidden.remove(&n.key);
        if let Some(p) = self.layout.pos.get(&n.key) {
            self.scene_rect = Rect::from_center_size(pos2(p[0], p[1]), self.scene_rect.size());
            self.auto_fit = false;
        }
        let pick = match n.key {
            NodeKey::Entity(e) => Action::PickEntity(e),
            NodeKey::Event(e) => Action::PickEvent(e),
        };
        vec![
            pick,
            Action::Status(format!(
                "{} of {} matches",
                self.explore.search_hit + 1,
                hits.len()
            )),
        ]
    }

    /// Lay the map out as asked: the question layouts are computed here and now (they are
    /// quick), the force layout settles on the worker. Redone when the graph or, for ego, the
    /// selection changes.
    pub(super) fn arrange(&mut self, g: &Arc<Graph>, selected: Option<NodeKey>) {
        let centre = match self.arrangement {
            Arrangement::Ego => selected.and_then(|k| g.index.get(&k).copied()).or_else(|| {
                (0..g.nodes.len()).max_by_key(|&i| (g.nodes[i].weight, std::cmp::Reverse(i)))
            }),
            _ => None,
        };
        let key = (self.arrangement, Arc::as_ptr(g) as usize, centre);
        if self.arranged == Some(key) {
            return;
        }
        let was = self.arranged.map(|k| k.0);
        self.arranged = Some(key);
        let pos = match self.arrangement {
            Arrangement::Force => {
                if was.is_some_and(|w| w != Arrangement::Force) {
                    // Back to springs: settle again from where the nodes are.
                    self.layout.temperature = 1.0;
                    self.worker.needs_submit = true;
                }
                return;
            }
            Arrangement::Ego => arrange::ego(g, centre.unwrap_or(0), SPACING),
            Arrangement::Grouped => arrange::grouped(g, SPACING),
            Arrangement::Timeline => arrange::timeline(g, SPACING),
        };
        self.layout.pos = pos;
        for (k, p) in &self.layout.pinned {
            self.layout.pos.insert(*k, *p);
        }
        self.layout.temperature = 0.0;
        self.worker.needs_submit = true;
        self.layout_version += 1;
        self.auto_fit = true;
    }
}

/// A node and the nodes one edge away.
fn neighbours(g: &Graph, key: NodeKey) -> Vec<NodeKey> {
    let Some(&i) = g.index.get(&key) else {
        return vec![key];
    };
    let mut out = vec![key];
    for e in &g.edges {
        if e.from == i {
            out.push(g.nodes[e.to].key);
        } else if e.to == i {
            out.push(g.nodes[e.from].key);
        }
    }
    out
}

impl EntityMap {
    /// The two ends of an edge in key order: how its bundle is known.
    fn bundle_key(g: &Graph, e: &Edge) -> (NodeKey, NodeKey) {
        let (a, b) = (g.nodes[e.from].key, g.nodes[e.to].key);
        (a.min(b), a.max(b))
    }

    /// Where the click target of an edge's bundle was drawn on screen (for tests).
    pub fn bundle_toggle_pos(&self, key: EdgeKey) -> Option<egui::Pos2> {
        let g = self.graph.as_ref()?;
        let (i, e) = g.edges.iter().enumerate().find(|(_, e)| e.key == key)?;
        let (rank, count) = g.parallel().get(i).copied()?;
        let mid = self.edge_screen_pos(key)?;
        let open = count > 1 && self.bundle_open(g, e);
        let shift = if open {
            self.bundle_shift(g, e, rank, count)
        } else {
            Vec2::ZERO
        };
        // The shift is in map units: scale it as the view does.
        let zoom = (self.view_rect().size() / self.scene_rect.size()).min_elem();
        Some(mid + shift * zoom)
    }

    pub(super) fn bundle_open(&self, g: &Graph, e: &Edge) -> bool {
        self.explore.expanded.contains(&Self::bundle_key(g, e))
    }

    /// How far an open bundle's edge number `rank` of `count` sits from the straight line.
    pub(super) fn bundle_shift(&self, g: &Graph, e: &Edge, rank: usize, count: usize) -> Vec2 {
        let (ka, kb) = Self::bundle_key(g, e);
        let pos = |k: NodeKey| {
            let p = self.layout.pos.get(&k).copied().unwrap_or_default();
            pos2(p[0], p[1])
        };
        let d = (pos(kb) - pos(ka)).normalized();
        let normal = vec2(-d.y, d.x);
        normal * ((rank as f32 - (count - 1) as f32 / 2.0) * BUNDLE_GAP)
    }

    /// The click target of a bundle: on a closed one it opens it, on an open one (its first
    /// edge) it closes it again.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn bundle_toggle(
        &self,
        ui: &mut Ui,
        g: &Graph,
        e: &Edge,
        at: Pos2,
        count: usize,
        open: bool,
        cmds: &mut Vec<MapCmd>,
    ) {
        let (ka, kb) = Self::bundle_key(g, e);
        let name = |k: NodeKey| g.node(k).map_or_else(String::new, |n| n.label.to_string());
        let id = ui.scope_id().with(("bundle", ka, kb, open));
        let resp = ui.interact(
            Rect::from_center_size(at, vec2(16.0, 12.0)),
            id,
            Sense::click(),
        );
        let what = if open {
            format!(
                "Bundle the {count} events between {} and {} again",
                name(ka),
                name(kb)
            )
        } else {
            format!(
                "{count} events between {} and {}: show each",
                name(ka),
                name(kb)
            )
        };
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &what));
        if resp.on_hover_text(&what).clicked() {
            cmds.push(MapCmd::ToggleBundle(ka, kb));
        }
    }
}

/// Space between the curves of an open bundle, in map units.
const BUNDLE_GAP: f32 = 22.0;
