//! The filters that keep a subset of the nodes — the size cut, focus, hide isolated — and the
//! subgraph they leave: edges between kept nodes stay.

use super::{Graph, GraphFilter, NodeKey};

pub(super) fn filtered(g: Graph, filter: &GraphFilter) -> Graph {
    let mut keep: Vec<bool> = vec![true; g.nodes.len()];
    let entity_count = g.nodes.iter().filter(|n| !n.is_event()).count();
    if filter.max_entities > 0 && entity_count > filter.max_entities && filter.focus.is_none() {
        size_cut(&g, filter.max_entities, &mut keep);
    }
    if let Some(f) = filter.focus
        && let Some(&c) = g.index.get(&NodeKey::Entity(f))
    {
        keep = focus(&g, c);
    }
    if filter.hide_isolated {
        let mut linked = vec![false; g.nodes.len()];
        for e in &g.edges {
            if keep[e.from] && keep[e.to] {
                linked[e.from] = true;
                linked[e.to] = true;
            }
        }
        for (k, l) in keep.iter_mut().zip(linked) {
            *k &= l;
        }
    }
    if keep.iter().all(|k| *k) {
        return g;
    }
    subgraph(g, &keep)
}

/// Keep the `max` most mentioned entities (ties by position keep it deterministic), and the
/// event nodes that still link two kept nodes.
fn size_cut(g: &Graph, max: usize, keep: &mut [bool]) {
    let mut by_weight: Vec<(usize, usize)> = g
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.is_event())
        .map(|(i, n)| (n.weight, i))
        .collect();
    by_weight.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in by_weight.into_iter().skip(max) {
        keep[i] = false;
    }
    let mut links = vec![0usize; g.nodes.len()];
    for e in &g.edges {
        if keep[e.from] && keep[e.to] {
            links[e.from] += 1;
            links[e.to] += 1;
        }
    }
    for (i, n) in g.nodes.iter().enumerate() {
        if n.is_event() {
            keep[i] = links[i] >= 2;
        }
    }
}

/// Node `c`, what is one hop away, and the participants of event nodes next to it.
fn focus(g: &Graph, c: usize) -> Vec<bool> {
    let mut keep = vec![false; g.nodes.len()];
    keep[c] = true;
    let neighbours = |n: usize| {
        g.edges.iter().filter_map(move |e| {
            if e.from == n {
                Some(e.to)
            } else if e.to == n {
                Some(e.from)
            } else {
                None
            }
        })
    };
    for h in neighbours(c) {
        keep[h] = true;
        if g.nodes[h].is_event() {
            for x in neighbours(h) {
                keep[x] = true;
            }
        }
    }
    keep
}

/// The kept nodes (in order) and the edges between them, renumbered.
fn subgraph(g: Graph, keep: &[bool]) -> Graph {
    let mut out = Graph::default();
    let mut remap = vec![usize::MAX; g.nodes.len()];
    for (i, n) in g.nodes.into_iter().enumerate() {
        if keep[i] {
            remap[i] = out.nodes.len();
            out.index.insert(n.key, out.nodes.len());
            out.nodes.push(n);
        }
    }
    for mut e in g.edges {
        if keep[e.from] && keep[e.to] {
            e.from = remap[e.from];
            e.to = remap[e.to];
            out.edges.push(e);
        }
    }
    out
}
