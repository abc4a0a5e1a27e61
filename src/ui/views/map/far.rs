//! A big map seen from far: all plain nodes and edges as one mesh in map units, built once per
//! layout, zoom step and theme, and reused every frame.

use super::EntityMap;
use crate::analysis::graph::Graph;
use crate::analysis::graphml::node_radius;
use crate::model::Session;
use crate::ui::colors;
use egui::vec2;

/// What the far-view mesh was built for: graph, positions, line width step, theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct FarKey {
    pub(super) graph: usize,
    pub(super) layout: u64,
    pub(super) width_step: i32,
    pub(super) dark: bool,
}

/// Nodes and edges of a big map seen from far, as one mesh in map units: edges as thin quads,
/// nodes as filled diamonds (events), squares (organisations) or octagons (the rest). Too small
/// on screen for outlines or arrows to show.
pub(super) fn far_mesh(
    s: &Session,
    g: &Graph,
    map: &EntityMap,
    line: f32,
    dark: bool,
) -> egui::Mesh {
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
