//! Force-directed layout: deterministic for the same graph (positions are seeded from node ids,
//! not from chance) and cheap per step (repulsion only between nearby nodes, found through a grid),
//! so it can run a few steps per frame while the window stays responsive.

use super::graph::{Graph, NodeKey};
use std::collections::HashMap;

/// Ideal edge length, in map units.
pub const EDGE_LENGTH: f32 = 70.0;

#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub pos: HashMap<NodeKey, [f32; 2]>,
    pub pinned: HashMap<NodeKey, [f32; 2]>,
    /// Step size, cooling from 1 towards 0; the layout is settled below `SETTLED`.
    pub temperature: f32,
}

pub const SETTLED: f32 = 0.02;

/// A stable pseudo-random point for a node, from its id and the size of the graph (bigger graphs
/// start more spread out, so that the first steps do not compare every node with every other).
fn seed_point(key: NodeKey, nodes: usize) -> [f32; 2] {
    let raw = match key {
        NodeKey::Entity(e) => e.0.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        NodeKey::Event(e) => (e.0 ^ 0xABCD).wrapping_mul(0xC2B2_AE3D_27D4_EB4F),
    };
    let a = (raw >> 11) as f32 / (1u64 << 53) as f32 * std::f32::consts::TAU;
    let spread = EDGE_LENGTH * (nodes.max(16) as f32).sqrt() * 0.9;
    let r = ((raw & 0x7FF) as f32 / 2048.0).sqrt() * spread + 10.0;
    [r * a.cos(), r * a.sin()]
}

impl Layout {
    /// Give new nodes a place (near an already placed neighbour if there is one) and forget
    /// nodes that are gone. Returns whether anything changed.
    pub fn sync(&mut self, g: &Graph) -> bool {
        let before = self.pos.len();
        self.pos.retain(|k, _| g.index.contains_key(k));
        let mut changed = self.pos.len() != before;
        let mut added = 0usize;
        for (i, n) in g.nodes.iter().enumerate() {
            if self.pos.contains_key(&n.key) {
                continue;
            }
            changed = true;
            added += 1;
            let p = if let Some(&p) = self.pinned.get(&n.key) {
                p
            } else {
                let anchor = g.edges.iter().find_map(|e| {
                    let other = if e.from == i {
                        e.to
                    } else if e.to == i {
                        e.from
                    } else {
                        return None;
                    };
                    self.pos.get(&g.nodes[other].key).copied()
                });
                let s = seed_point(n.key, g.nodes.len());
                match anchor {
                    Some(a) => [a[0] + s[0] * 0.15, a[1] + s[1] * 0.15],
                    None => s,
                }
            };
            self.pos.insert(n.key, p);
        }
        if changed {
            // A few new nodes in a big map only need a short, gentle settling.
            let gentle = added * 20 < g.nodes.len();
            self.temperature = self.temperature.max(if gentle { 0.08 } else { 0.5 });
        }
        changed
    }

    /// Forget pins and start again from the seeded positions.
    pub fn reset(&mut self, g: &Graph) {
        self.pinned.clear();
        self.pos.clear();
        self.sync(g);
        self.temperature = 1.0;
    }

    pub fn is_settled(&self) -> bool {
        self.temperature < SETTLED
    }

    pub fn pin(&mut self, key: NodeKey, p: [f32; 2]) {
        self.pinned.insert(key, p);
        self.pos.insert(key, p);
        // The others make room.
        self.temperature = self.temperature.max(0.2);
    }

    /// One step of the simulation; returns the largest movement.
    pub fn step(&mut self, g: &Graph) -> f32 {
        let n = g.nodes.len();
        if n == 0 || self.is_settled() {
            return 0.0;
        }
        let k = EDGE_LENGTH;
        let pos: Vec<[f32; 2]> = g
            .nodes
            .iter()
            .map(|x| {
                self.pos
                    .get(&x.key)
                    .copied()
                    .unwrap_or_else(|| seed_point(x.key, n))
            })
            .collect();
        let mut force = vec![[0.0f32; 2]; n];
        // Repulsion from nodes within 2.5k, found through a grid of cells that size: nodes sorted
        // by cell, each cell a run of that order.
        let cell = 2.5 * k;
        let cell_of = |p: [f32; 2]| ((p[0] / cell).floor() as i32, (p[1] / cell).floor() as i32);
        let key_of = |c: (i32, i32)| ((c.0 as i64) << 32) | (c.1 as u32 as i64);
        let mut order: Vec<(i64, usize)> = pos
            .iter()
            .enumerate()
            .map(|(i, p)| (key_of(cell_of(*p)), i))
            .collect();
        order.sort_unstable();
        let run = |key: i64| -> &[(i64, usize)] {
            let lo = order.partition_point(|(c, _)| *c < key);
            let hi = order.partition_point(|(c, _)| *c <= key);
            &order[lo..hi]
        };
        for (i, p) in pos.iter().enumerate() {
            let (cx, cy) = cell_of(*p);
            let mut f = [0.0f32; 2];
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for &(_, j) in run(key_of((cx + dx, cy + dy))) {
                        if j == i {
                            continue;
                        }
                        let (mut ddx, mut ddy) = (p[0] - pos[j][0], p[1] - pos[j][1]);
                        let mut d2 = ddx * ddx + ddy * ddy;
                        if d2 < 0.01 {
                            // Two nodes on one spot: push apart along a direction fixed by their
                            // indices, so the result stays deterministic.
                            let a = (i * 7 + j * 13) as f32;
                            ddx = a.cos();
                            ddy = a.sin();
                            d2 = 1.0;
                        }
                        if d2 < cell * cell {
                            // k²/d along the unit vector: k² · (dx, dy) / d².
                            let q = k * k / d2;
                            f[0] += ddx * q;
                            f[1] += ddy * q;
                        }
                    }
                }
            }
            force[i] = f;
        }
        // Attraction along edges.
        for e in &g.edges {
            let (a, b) = (e.from, e.to);
            if a == b {
                continue;
            }
            let (dx, dy) = (pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            // Half strength: clusters of events stay readable instead of collapsing.
            let f = 0.5 * d / k;
            force[a][0] += dx * f;
            force[a][1] += dy * f;
            force[b][0] -= dx * f;
            force[b][1] -= dy * f;
        }
        // Weak pull to the centre keeps separate components in view.
        for (i, p) in pos.iter().enumerate() {
            force[i][0] -= p[0] * 0.08;
            force[i][1] -= p[1] * 0.08;
        }
        let max_step = k * self.temperature;
        let mut moved = 0.0f32;
        for (i, node) in g.nodes.iter().enumerate() {
            if let Some(&p) = self.pinned.get(&node.key) {
                self.pos.insert(node.key, p);
                continue;
            }
            let [fx, fy] = force[i];
            let len = (fx * fx + fy * fy).sqrt();
            if len < 1e-6 {
                continue;
            }
            let step = len.min(max_step);
            let p = [pos[i][0] + fx / len * step, pos[i][1] + fy / len * step];
            moved = moved.max(step);
            self.pos.insert(node.key, p);
        }
        self.temperature *= 0.97;
        moved
    }

    /// Run until settled (or `max_steps`), for tests, exports and benchmarks.
    pub fn settle(&mut self, g: &Graph, max_steps: usize) -> usize {
        self.sync(g);
        let mut steps = 0;
        while !self.is_settled() && steps < max_steps {
            self.step(g);
            steps += 1;
        }
        steps
    }

    /// The bounding box of all nodes: min x, min y, max x, max y.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        let mut it = self.pos.values();
        let first = it.next()?;
        let mut b = [first[0], first[1], first[0], first[1]];
        for p in it {
            b[0] = b[0].min(p[0]);
            b[1] = b[1].min(p[1]);
            b[2] = b[2].max(p[0]);
            b[3] = b[3].max(p[1]);
        }
        Some(b)
    }
}

#[cfg(test)]
mod tests {
    use super::super::graph::{GraphFilter, build};
    use super::*;

    fn graph() -> Graph {
        build(
            &super::super::graph::tests::session(),
            &GraphFilter::default(),
        )
    }

    #[test]
    fn deterministic() {
        let g = graph();
        let mut a = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        let mut b = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        a.settle(&g, 500);
        b.settle(&g, 500);
        for n in &g.nodes {
            assert_eq!(a.pos[&n.key], b.pos[&n.key]);
        }
    }

    #[test]
    fn settles_and_separates_nodes() {
        let g = graph();
        let mut l = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        let steps = l.settle(&g, 1000);
        assert!(l.is_settled(), "after {steps} steps");
        let ps: Vec<[f32; 2]> = g.nodes.iter().map(|n| l.pos[&n.key]).collect();
        for i in 0..ps.len() {
            for j in i + 1..ps.len() {
                let d = ((ps[i][0] - ps[j][0]).powi(2) + (ps[i][1] - ps[j][1]).powi(2)).sqrt();
                assert!(d > 10.0, "nodes {i} and {j} overlap: {d}");
            }
        }
        // Linked nodes end nearer than the spread of the whole graph.
        let b = l.bounds().unwrap();
        let e = &g.edges[0];
        let d =
            ((ps[e.from][0] - ps[e.to][0]).powi(2) + (ps[e.from][1] - ps[e.to][1]).powi(2)).sqrt();
        assert!(d < (b[2] - b[0]).max(b[3] - b[1]));
    }

    #[test]
    fn pinned_nodes_stay() {
        let g = graph();
        let mut l = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        let key = g.nodes[0].key;
        l.sync(&g);
        l.pin(key, [500.0, -300.0]);
        l.settle(&g, 300);
        assert_eq!(l.pos[&key], [500.0, -300.0]);
        l.reset(&g);
        assert!(l.pinned.is_empty());
        assert_ne!(l.pos[&key], [500.0, -300.0]);
    }
}
