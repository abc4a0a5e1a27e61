//! Where the map's labels go, for the window and its pictures alike: each node's name beside its
//! node where it overlaps no other label and no node (tried below, above, right, left and at the
//! corners, most important node first), then edge labels beside the middle of their line where
//! there is room. A label that fits nowhere is left out (the window shows it on hover). Widths
//! are estimated from the character count, generously, so that real text fits its box.

/// An axis-aligned box: min x, min y, max x, max y.
pub type Box2 = [f32; 4];

/// One node to label.
pub struct NodeLabel<'a> {
    pub at: [f32; 2],
    pub radius: f32,
    pub text: &'a str,
}

/// One edge to label, between two points.
pub struct EdgeLabel<'a> {
    pub from: [f32; 2],
    pub to: [f32; 2],
    pub text: &'a str,
}

/// A placed label: its text (elided when long) and the box it takes; the text is centred in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub text: String,
    pub rect: Box2,
}

/// Names longer than this are elided with "…" (the full name is on hover).
pub const MAX_CHARS: usize = 28;

/// Width of a text of `size` in the same units, a little wider than a proportional font's average
/// so that boxes never undershoot.
pub fn text_width(text: &str, size: f32) -> f32 {
    let wide = text
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | 't' | 'f' | 'r' | '.' | ',' | '\'' | ' ' | 'I' => 0.34,
            'm' | 'w' | 'M' | 'W' => 0.9,
            c if c.is_uppercase() => 0.7,
            c if (c as u32) >= 0x2E80 => 1.05, // CJK: full width
            _ => 0.58,
        })
        .sum::<f32>();
    wide * size
}

pub fn elide(text: &str, max: usize) -> String {
    if text.chars().count() <= max.max(2) {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.max(2) - 1).collect();
    s.push('…');
    s
}

/// Node labels in `order` (most important first) at text `size`, then edge labels at
/// `edge_size`, each elided past `max_chars` and kept inside `within` (the view, so that no name
/// is cut at its edge) when given; `None` where a label has no room. Work grows with the number of labels (a grid
/// of occupied cells answers "is this free?").
pub fn place(
    nodes: &[NodeLabel<'_>],
    order: &[usize],
    size: f32,
    edges: &[EdgeLabel<'_>],
    edge_size: f32,
    max_chars: usize,
    within: Option<Box2>,
) -> (Vec<Option<Placed>>, Vec<Option<Placed>>) {
    let inside = |b: &Box2| {
        within.is_none_or(|w| b[0] >= w[0] && b[1] >= w[1] && b[2] <= w[2] && b[3] <= w[3])
    };
    let mut grid = Grid::new(size * 4.0);
    for n in nodes {
        let r = n.radius + 1.0;
        grid.insert([n.at[0] - r, n.at[1] - r, n.at[0] + r, n.at[1] + r]);
    }
    let mut out_nodes = vec![None; nodes.len()];
    for &i in order {
        let Some(n) = nodes.get(i) else { continue };
        let text = elide(n.text, max_chars);
        let (w, h) = (text_width(&text, size), size * 1.2);
        let own = {
            let r = n.radius + 1.0;
            [n.at[0] - r, n.at[1] - r, n.at[0] + r, n.at[1] + r]
        };
        let found = node_candidates(n.at, n.radius, w, h)
            .into_iter()
            .find(|c| inside(c) && grid.is_free(c, Some(own)));
        if let Some(rect) = found {
            grid.insert(rect);
            out_nodes[i] = Some(Placed { text, rect });
        }
    }
    let mut out_edges = vec![None; edges.len()];
    for (i, e) in edges.iter().enumerate() {
        if e.text.is_empty() {
            continue;
        }
        let text = elide(e.text, max_chars);
        let (w, h) = (text_width(&text, edge_size), edge_size * 1.2);
        let found = edge_candidates(e, w, h)
            .into_iter()
            .find(|c| inside(c) && grid.is_free(c, None));
        if let Some(rect) = found {
            grid.insert(rect);
            out_edges[i] = Some(Placed { text, rect });
        }
    }
    (out_nodes, out_edges)
}

fn node_candidates(p: [f32; 2], r: f32, w: f32, h: f32) -> Vec<Box2> {
    let (x, y) = (p[0], p[1]);
    let mut out = Vec::with_capacity(84);
    // Close to the node first, then steps further out for crowded places (drawn with a leader
    // line to the node).
    for step in [0.0, 0.6 * h, 1.3 * h, 2.2 * h, 3.2 * h, 4.5 * h, 6.0 * h] {
        let gap = 2.0 + step;
        let centred = |top: f32| [x - w / 2.0, top, x + w / 2.0, top + h];
        let beside = |left: f32| [left, y - h / 2.0, left + w, y + h / 2.0];
        let d = r * 0.75 + gap; // the corners sit off the node's diagonal
        out.extend([
            centred(y + r + gap),
            centred(y - r - gap - h),
            beside(x + r + gap),
            beside(x - r - gap - w),
            [x + d, y + d, x + d + w, y + d + h],
            [x - d - w, y + d, x - d, y + d + h],
            [x + d, y - d - h, x + d + w, y - d],
            [x - d - w, y - d - h, x - d, y - d],
            // Below or above, running off to one side (a node near the view's edge).
            [x - r, y + r + gap, x - r + w, y + r + gap + h],
            [x + r - w, y + r + gap, x + r, y + r + gap + h],
            [x - r, y - r - gap - h, x - r + w, y - r - gap],
            [x + r - w, y - r - gap - h, x + r, y - r - gap],
        ]);
    }
    out
}

fn edge_candidates(e: &EdgeLabel<'_>, w: f32, h: f32) -> Vec<Box2> {
    let (dx, dy) = (e.to[0] - e.from[0], e.to[1] - e.from[1]);
    let mut out = Vec::new();
    // Beside the middle of the line first, then along it, then further off it.
    for off in [1.0, 0.6 * h + 1.0, 1.4 * h + 1.0] {
        for t in [0.5, 0.4, 0.6, 0.3, 0.7] {
            let (x, y) = (e.from[0] + dx * t, e.from[1] + dy * t);
            out.push([x - w / 2.0, y - h - off, x + w / 2.0, y - off]);
            out.push([x - w / 2.0, y + off, x + w / 2.0, y + h + off]);
        }
    }
    out
}

/// Node indices, most important first: entities before events, then by mentions, then by key
/// (so that the order, and the picture, never depend on anything else).
pub fn by_importance(g: &super::graph::Graph) -> Vec<usize> {
    let mut order: Vec<usize> = (0..g.nodes.len()).collect();
    order.sort_by_key(|&i| {
        let n = &g.nodes[i];
        (n.is_event(), std::cmp::Reverse(n.weight), n.key)
    });
    order
}

pub fn overlaps(a: &Box2, b: &Box2) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Occupied boxes by grid cell.
struct Grid {
    cell: f32,
    cells: std::collections::HashMap<(i32, i32), Vec<usize>>,
    boxes: Vec<Box2>,
}

impl Grid {
    fn new(cell: f32) -> Self {
        Self {
            cell: cell.max(1e-3),
            cells: Default::default(),
            boxes: Vec::new(),
        }
    }

    fn span(&self, b: &Box2) -> impl Iterator<Item = (i32, i32)> + use<> {
        let c = self.cell;
        let (x0, y0) = ((b[0] / c).floor() as i32, (b[1] / c).floor() as i32);
        let (x1, y1) = ((b[2] / c).floor() as i32, (b[3] / c).floor() as i32);
        // A box far larger than a cell (a huge node) is clamped: it still covers its corners.
        let (x1, y1) = (x1.min(x0 + 64), y1.min(y0 + 64));
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn insert(&mut self, b: Box2) {
        let id = self.boxes.len();
        self.boxes.push(b);
        for k in self.span(&b).collect::<Vec<_>>() {
            self.cells.entry(k).or_default().push(id);
        }
    }

    /// No box but `except` (the label's own node) overlaps `b`.
    fn is_free(&self, b: &Box2, except: Option<Box2>) -> bool {
        self.span(b).all(|k| {
            self.cells.get(&k).is_none_or(|ids| {
                ids.iter().all(|&id| {
                    let o = &self.boxes[id];
                    Some(*o) == except || !overlaps(o, b)
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crowded_labels_move_aside_and_never_overlap() {
        // A hub with eight neighbours close around it, as around a busy event.
        let mut nodes = vec![NodeLabel {
            at: [0.0, 0.0],
            radius: 12.0,
            text: "Islamic Revolutionary Guard Corps",
        }];
        let names = [
            "Tehran",
            "Iraq",
            "Kataib Hezbollah",
            "United States",
            "Baghdad",
            "Abu Mahdi al-Muhandis",
            "Qasem Soleimani",
            "Pentagon",
        ];
        for (k, name) in names.iter().enumerate() {
            let a = k as f32 * std::f32::consts::TAU / 8.0;
            nodes.push(NodeLabel {
                at: [a.cos() * 60.0, a.sin() * 60.0],
                radius: 9.0,
                text: name,
            });
        }
        let order: Vec<usize> = (0..nodes.len()).collect();
        let (placed, _) = place(&nodes, &order, 12.0, &[], 10.0, MAX_CHARS, None);
        let boxes: Vec<Box2> = placed.iter().flatten().map(|p| p.rect).collect();
        assert_eq!(boxes.len(), nodes.len(), "every name found room");
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
            }
            for n in &nodes {
                let r = n.radius;
                let node = [n.at[0] - r, n.at[1] - r, n.at[0] + r, n.at[1] + r];
                assert!(!overlaps(a, &node), "a label covers the node at {:?}", n.at);
            }
        }
        assert_eq!(
            placed[0].as_ref().map(|p| p.text.chars().count()),
            Some(MAX_CHARS)
        );
    }

    #[test]
    fn an_edge_label_without_room_is_left_out() {
        let nodes = [
            NodeLabel {
                at: [0.0, 0.0],
                radius: 9.0,
                text: "A",
            },
            NodeLabel {
                at: [30.0, 0.0],
                radius: 9.0,
                text: "B",
            },
        ];
        let edges = [EdgeLabel {
            from: [0.0, 0.0],
            to: [30.0, 0.0],
            text: "a very long role label indeed",
        }];
        // A view not much wider than the two nodes leaves it no room.
        let view = Some([-20.0, -20.0, 50.0, 30.0]);
        let (_, e) = place(&nodes, &[0, 1], 12.0, &edges, 10.0, MAX_CHARS, view);
        assert_eq!(e[0], None);
        let edges = [EdgeLabel {
            from: [0.0, 0.0],
            to: [300.0, 0.0],
            text: "Target",
        }];
        let (_, e) = place(&nodes, &[0, 1], 12.0, &edges, 10.0, MAX_CHARS, None);
        assert!(e[0].is_some());
    }
}
