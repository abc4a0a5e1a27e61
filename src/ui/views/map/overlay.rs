//! Around and over the map, in screen units: a legend of the colours and shapes in use (a row
//! above it), and pointers at the edge toward a selected node that is out of view.

use super::{EntityMap, Picked};
use crate::analysis::graph::{Graph, NodeKey};
use crate::model::Session;
use crate::ui::colors;
use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, Ui, pos2, vec2};

impl EntityMap {
    /// Pointers at the edge toward selected nodes out of view; a click brings one in.
    pub(super) fn overlay(&mut self, ui: &mut Ui, g: &Graph, picked: &Picked) {
        let outer = self.outer;
        let mut targets: Vec<NodeKey> = picked.participants.clone();
        targets.extend(picked.entity.map(NodeKey::Entity));
        targets.extend(picked.event.map(NodeKey::Event));
        // A tile only a few points tall (a small window) has no inner margin to keep: clamping
        // into an inverted rect panics.
        let margin = vec2(
            16.0_f32.min(outer.width() / 2.0),
            16.0_f32.min(outer.height() / 2.0),
        );
        let inner = outer.shrink2(margin.max(egui::Vec2::ZERO));
        for key in targets {
            let Some(p) = self.node_screen_pos(key) else {
                continue;
            };
            if outer.shrink(4.0).contains(p) {
                continue;
            }
            let at = inner.clamp(p);
            let dir = (p - at).normalized();
            let n = vec2(-dir.y, dir.x);
            let strong = ui.visuals().strong_text_color();
            let painter = ui.painter();
            painter.add(egui::Shape::convex_polygon(
                vec![
                    at + dir * 10.0,
                    at - dir * 4.0 + n * 7.0,
                    at - dir * 4.0 - n * 7.0,
                ],
                strong,
                Stroke::NONE,
            ));
            let name = g
                .nodes
                .iter()
                .find(|x| x.key == key)
                .map(|x| x.label.to_string())
                .unwrap_or_default();
            let id = ui.scope_id().with(("pointer", key));
            let hit = ui
                .interact(
                    Rect::from_center_size(at, vec2(22.0, 22.0)),
                    id,
                    Sense::click(),
                )
                .on_hover_text(format!("{name} is out of view: click to bring it in"));
            if hit.clicked() {
                // Centre the view on it; the view stays where the analyst wants it.
                let q = self.layout.pos.get(&key).copied().unwrap_or_default();
                self.scene_rect = Rect::from_center_size(pos2(q[0], q[1]), self.scene_rect.size());
                self.auto_fit = false;
            }
        }
    }
}

/// The node shapes and colours of the types on the map, with their names, in a row above it
/// (never over a node); dashed lines are relations.
pub(super) fn legend(ui: &mut Ui, s: &Session, g: &Graph) {
    let mut entity_types: Vec<&str> = Vec::new();
    let mut event_types: Vec<&str> = Vec::new();
    for n in &g.nodes {
        let list = if n.is_event() {
            &mut event_types
        } else {
            &mut entity_types
        };
        if !list.contains(&&*n.type_id) {
            list.push(&n.type_id);
        }
    }
    let has_relations = g
        .edges
        .iter()
        .any(crate::analysis::graph::Edge::is_relation);
    let text = ui.visuals().text_color();
    let outline = Stroke::new(1.0, text.gamma_multiply(0.6));
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let item = |ui: &mut Ui, name: &str, draw: &dyn Fn(&egui::Painter, Pos2)| {
            let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
            draw(ui.painter(), rect.center());
            ui.label(RichText::new(name).small());
            ui.add_space(6.0);
        };
        for t in &entity_types {
            let fill = colors::solid(s.schema.entity_color(t));
            let name = s.schema.entity_type(t).map_or(*t, |x| x.name.as_str());
            item(ui, name, &|p, at| {
                let square = Rect::from_center_size(at, vec2(10.0, 10.0));
                match *t {
                    "Person" | "PER" => {
                        p.circle(at, 5.0, fill, outline);
                    }
                    "Organization" | "ORG" => {
                        p.rect(square, 1.0, fill, outline, egui::StrokeKind::Outside);
                    }
                    _ => {
                        p.rect(square, 3.0, fill, outline, egui::StrokeKind::Outside);
                    }
                }
            });
        }
        for t in &event_types {
            let fill = colors::solid(s.schema.event_color(t));
            let name = s.schema.event_type(t).map_or(*t, |x| x.name.as_str());
            item(ui, &format!("{name} (event)"), &|p, at| {
                let pts = vec![
                    at + vec2(0.0, -5.0),
                    at + vec2(5.0, 0.0),
                    at + vec2(0.0, 5.0),
                    at + vec2(-5.0, 0.0),
                ];
                p.add(egui::Shape::convex_polygon(pts, fill, Stroke::NONE));
            });
        }
        if has_relations {
            item(ui, "relation", &|p, at| {
                let st = Stroke::new(1.5, Color32::GRAY);
                let ends = [at - vec2(6.0, 0.0), at + vec2(6.0, 0.0)];
                p.add(egui::Shape::dashed_line(&ends, st, 3.0, 2.0));
            });
        }
    });
}
