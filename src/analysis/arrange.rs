//! Layouts that answer questions, and questions asked of the graph: who is how many steps from
//! whom (ego), what sorts of things are there (grouped by type), what happened when (timeline),
//! and how two entities are connected (shortest path). All deterministic: the same graph gives
//! the same picture. Pinned nodes keep their place; the caller puts them back.

use super::graph::{Graph, NodeKey};
use crate::model::PartialDate;
use std::collections::{BTreeMap, HashMap, VecDeque};

pub type Positions = HashMap<NodeKey, [f32; 2]>;

/// Which way the map is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Arrangement {
    /// Force-directed (the map settles like springs).
    #[default]
    Force,
    /// The selected entity in the centre, its neighbours on rings by steps away.
    Ego,
    /// Clusters by entity and event type.
    Grouped,
    /// Events left to right by date, their participants beside them.
    Timeline,
}

impl Arrangement {
    pub const ALL: [Arrangement; 4] = [
        Arrangement::Force,
        Arrangement::Ego,
        Arrangement::Grouped,
        Arrangement::Timeline,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Arrangement::Force => "Force",
            Arrangement::Ego => "Ego (around the selection)",
            Arrangement::Grouped => "Grouped by type",
            Arrangement::Timeline => "Timeline",
        }
    }
}

/// Each node's neighbours (node index, edge index), edges taken both ways.
fn adjacency(g: &Graph) -> Vec<Vec<(usize, usize)>> {
    let mut adj = vec![Vec::new(); g.nodes.len()];
    for (i, e) in g.edges.iter().enumerate() {
        adj[e.from].push((e.to, i));
        adj[e.to].push((e.from, i));
    }
    for a in &mut adj {
        a.sort_unstable();
    }
    adj
}

/// Steps from `from` to every node (`None`: not connected).
pub fn hops(g: &Graph, from: usize) -> Vec<Option<usize>> {
    let adj = adjacency(g);
    let mut dist = vec![None; g.nodes.len()];
    let mut queue = VecDeque::new();
    if from < g.nodes.len() {
        dist[from] = Some(0);
        queue.push_back(from);
    }
    while let Some(n) = queue.pop_front() {
        let d = dist[n].unwrap_or(0);
        for &(m, _) in &adj[n] {
            if dist[m].is_none() {
                dist[m] = Some(d + 1);
                queue.push_back(m);
            }
        }
    }
    dist
}

/// The shortest chain of edges from node `a` to node `b`: the nodes along it (both ends
/// included) and the edges; `None` when they are not connected.
pub fn shortest_path(g: &Graph, a: usize, b: usize) -> Option<(Vec<usize>, Vec<usize>)> {
    if a >= g.nodes.len() || b >= g.nodes.len() {
        return None;
    }
    let adj = adjacency(g);
    let mut came: Vec<Option<(usize, usize)>> = vec![None; g.nodes.len()];
    let mut seen = vec![false; g.nodes.len()];
    seen[a] = true;
    let mut queue = VecDeque::from([a]);
    while let Some(n) = queue.pop_front() {
        if n == b {
            break;
        }
        for &(m, e) in &adj[n] {
            if !seen[m] {
                seen[m] = true;
                came[m] = Some((n, e));
                queue.push_back(m);
            }
        }
    }
    if !seen[b] {
        return None;
    }
    let (mut nodes, mut edges) = (vec![b], Vec::new());
    let mut at = b;
    while let Some((prev, e)) = came[at] {
        nodes.push(prev);
        edges.push(e);
        at = prev;
    }
    nodes.reverse();
    edges.reverse();
    Some((nodes, edges))
}

/// Rings around `centre`: one step away on the first ring, two on the second…; nodes not
/// connected to it on an outer ring. Within a ring, by name, evenly spread.
pub fn ego(g: &Graph, centre: usize, spacing: f32) -> Positions {
    let dist = hops(g, centre);
    let outer = dist.iter().flatten().max().copied().unwrap_or(0) + 1;
    let mut rings: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, d) in dist.iter().enumerate() {
        rings.entry(d.unwrap_or(outer)).or_default().push(i);
    }
    let mut pos = Positions::new();
    for (ring, mut members) in rings {
        members.sort_by(|&x, &y| g.nodes[x].label.cmp(&g.nodes[y].label));
        if ring == 0 {
            for &m in &members {
                pos.insert(g.nodes[m].key, [0.0, 0.0]);
            }
            continue;
        }
        // A ring wide enough that its nodes sit `spacing` apart.
        let radius = (ring as f32 * spacing * 1.6)
            .max(members.len() as f32 * spacing / std::f32::consts::TAU);
        for (k, &m) in members.iter().enumerate() {
            let a = k as f32 / members.len() as f32 * std::f32::consts::TAU + ring as f32 * 0.4;
            pos.insert(g.nodes[m].key, [radius * a.cos(), radius * a.sin()]);
        }
    }
    pos
}

/// One cluster per type, side by side in rows; each a small grid, most mentioned first.
pub fn grouped(g: &Graph, spacing: f32) -> Positions {
    let mut groups: BTreeMap<(bool, &str), Vec<usize>> = BTreeMap::new();
    for (i, n) in g.nodes.iter().enumerate() {
        groups
            .entry((n.is_event(), &n.type_id))
            .or_default()
            .push(i);
    }
    let per_row = (groups.len() as f32).sqrt().ceil().max(1.0) as usize;
    let mut pos = Positions::new();
    let (mut x0, mut y0, mut row_height) = (0.0f32, 0.0f32, 0.0f32);
    for (k, (_, mut members)) in groups.into_iter().enumerate() {
        if k > 0 && k % per_row == 0 {
            x0 = 0.0;
            y0 += row_height + spacing * 2.0;
            row_height = 0.0;
        }
        members.sort_by(|&a, &b| {
            (std::cmp::Reverse(g.nodes[a].weight), &g.nodes[a].label)
                .cmp(&(std::cmp::Reverse(g.nodes[b].weight), &g.nodes[b].label))
        });
        let cols = (members.len() as f32).sqrt().ceil().max(1.0) as usize;
        for (j, &m) in members.iter().enumerate() {
            let (c, r) = ((j % cols) as f32, (j / cols) as f32);
            pos.insert(g.nodes[m].key, [x0 + c * spacing * 1.6, y0 + r * spacing]);
        }
        let rows = members.len().div_ceil(cols) as f32;
        x0 += cols as f32 * spacing * 1.6 + spacing * 2.0;
        row_height = row_height.max(rows * spacing);
    }
    pos
}

/// Events left to right by date (undated ones after the dated), each event's participants
/// stacked above and below it in the column of the first event they take part in; entities in
/// no event in columns after them.
pub fn timeline(g: &Graph, spacing: f32) -> Positions {
    // An event node's date is on the edges to its participants; an event drawn as one edge
    // carries its own date.
    struct Slot {
        date: Option<PartialDate>,
        event: Option<usize>,
        members: Vec<usize>,
        label: String,
    }
    let mut slots: BTreeMap<NodeKey, Slot> = BTreeMap::new();
    for e in &g.edges {
        let Some(id) = e.event() else { continue };
        let key = NodeKey::Event(id);
        let slot = slots.entry(key).or_insert_with(|| Slot {
            date: None,
            event: g.index.get(&key).copied(),
            members: Vec::new(),
            label: e.label.to_string(),
        });
        slot.date = slot.date.or(e.date);
        for end in [e.from, e.to] {
            if !g.nodes[end].is_event() && !slot.members.contains(&end) {
                slot.members.push(end);
            }
        }
    }
    let mut order: Vec<Slot> = slots.into_values().collect();
    // Dated first, by date; undated after; then by label for a stable picture.
    order.sort_by(|a, b| {
        (a.date.is_none(), a.date, &a.label).cmp(&(b.date.is_none(), b.date, &b.label))
    });
    let mut pos = Positions::new();
    let column = spacing * 3.0;
    for (x, slot) in order.iter().enumerate() {
        let cx = x as f32 * column;
        if let Some(ev) = slot.event {
            pos.insert(g.nodes[ev].key, [cx, 0.0]);
        }
        let mut placed = 0;
        for &m in &slot.members {
            let key = g.nodes[m].key;
            if pos.contains_key(&key) {
                continue;
            }
            // Alternately below and above the event's row.
            let k = placed / 2 + 1;
            let y = if placed % 2 == 0 { 1.0 } else { -1.0 } * k as f32 * spacing;
            pos.insert(key, [cx, y]);
            placed += 1;
        }
    }
    // The rest in columns after the events, no taller than the tallest event's stack.
    let last = order.len() as f32 * column;
    let tallest = order.iter().map(|s| s.members.len()).max().unwrap_or(0);
    let per_column = (tallest + 1).max(6);
    let mut rest: Vec<usize> = (0..g.nodes.len())
        .filter(|&i| !pos.contains_key(&g.nodes[i].key))
        .collect();
    rest.sort_by(|&a, &b| g.nodes[a].label.cmp(&g.nodes[b].label));
    let top = -((per_column / 2) as f32) * spacing;
    for (k, &i) in rest.iter().enumerate() {
        let (c, r) = ((k / per_column) as f32, (k % per_column) as f32);
        pos.insert(g.nodes[i].key, [last + c * column, top + r * spacing]);
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::graph::{Edge, EdgeKey, Node};
    use crate::model::{EntityId, EventId, RelationId};

    fn node(i: u64, ty: &str) -> Node {
        Node {
            key: NodeKey::Entity(EntityId(i)),
            label: format!("n{i}").into(),
            type_id: ty.into(),
            weight: 1,
        }
    }

    /// A chain 0 – 1 – 2 – 3 and a lone node 4.
    fn chain() -> Graph {
        let mut g = Graph::default();
        for i in 0..5 {
            g.nodes
                .push(node(i, if i % 2 == 0 { "Person" } else { "GPE" }));
            g.index.insert(g.nodes[i as usize].key, i as usize);
        }
        for (k, (a, b)) in [(0, 1), (1, 2), (2, 3)].into_iter().enumerate() {
            g.edges.push(Edge {
                key: EdgeKey::Relation(RelationId(k as u64)),
                from: a,
                to: b,
                label: "r".into(),
                type_id: "r".into(),
                date: None,
            });
        }
        g
    }

    #[test]
    fn paths_and_hops() {
        let g = chain();
        assert_eq!(
            shortest_path(&g, 0, 3),
            Some((vec![0, 1, 2, 3], vec![0, 1, 2]))
        );
        assert_eq!(shortest_path(&g, 3, 0).map(|p| p.0), Some(vec![3, 2, 1, 0]));
        assert_eq!(shortest_path(&g, 0, 4), None);
        assert_eq!(hops(&g, 1), vec![Some(1), Some(0), Some(1), Some(2), None]);
    }

    #[test]
    fn ego_puts_the_centre_in_the_middle_and_rings_by_steps() {
        let g = chain();
        let p = ego(&g, 1, 50.0);
        let r = |i: usize| {
            let q = p[&g.nodes[i].key];
            (q[0] * q[0] + q[1] * q[1]).sqrt()
        };
        assert_eq!(r(1), 0.0);
        assert!((r(0) - r(2)).abs() < 1e-3, "one step: same ring");
        assert!(r(3) > r(2) && r(4) > r(3), "further steps further out");
        assert_eq!(p, ego(&g, 1, 50.0), "deterministic");
    }

    #[test]
    fn grouped_keeps_types_together_and_timeline_orders_by_date() {
        let g = chain();
        let p = grouped(&g, 50.0);
        assert_eq!(p.len(), 5);
        // Two people share a cluster, far from the places' cluster.
        let d = |a: usize, b: usize| {
            let (x, y) = (p[&g.nodes[a].key], p[&g.nodes[b].key]);
            ((x[0] - y[0]).powi(2) + (x[1] - y[1]).powi(2)).sqrt()
        };
        assert!(d(0, 2) < d(0, 1));

        let mut g = chain();
        let dates = [(2024, 5), (2023, 1), (2024, 1)];
        g.edges.clear();
        for (k, ((a, b), (y, m))) in [(0, 1), (2, 3), (4, 0)].into_iter().zip(dates).enumerate() {
            g.edges.push(Edge {
                key: EdgeKey::Event(EventId(k as u64)),
                from: a,
                to: b,
                label: format!("e{k}").into(),
                type_id: "ATTACK".into(),
                date: Some(PartialDate {
                    year: y,
                    month: Some(m),
                    day: None,
                }),
            });
        }
        let t = timeline(&g, 50.0);
        let x = |i: usize| t[&g.nodes[i].key][0];
        // 2023-01 (nodes 2, 3), then 2024-01 (4, 0), then 2024-05 (1).
        assert!(x(2) < x(4) && x(4) < x(1));
        assert_eq!(x(2), x(3));
    }
}
