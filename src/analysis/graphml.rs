//! The entity graph as GraphML (for Gephi, yEd, networkx) and as an SVG picture.

use super::graph::{Edge, EdgeKey, Graph, Node, NodeKey};
use super::layout::Layout;
use crate::model::Session;
use crate::model::provenance::Provenance;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io::Cursor;

type W = Writer<Cursor<Vec<u8>>>;

fn data(w: &mut W, key: &str, value: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(
        BytesStart::new("data").with_attributes([("key", key)]),
    ))?;
    w.write_event(Event::Text(BytesText::new(value)))?;
    w.write_event(Event::End(BytesEnd::new("data")))
}

fn type_name(s: &Session, key: NodeKey, type_id: &str) -> String {
    match key {
        NodeKey::Entity(_) => s.schema.entity_type(type_id).map(|t| t.name.clone()),
        NodeKey::Event(_) => s.schema.event_type(type_id).map(|t| t.name.clone()),
    }
    .unwrap_or_else(|| type_id.to_owned())
}

/// GraphML with node attributes kind, type, name, mentions (and x, y when laid out) and edge
/// attributes kind, type, label, date; both with creator, created and modified when known.
pub fn to_graphml(s: &Session, g: &Graph, layout: Option<&Layout>) -> std::io::Result<String> {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
        ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ])))?;
    for (id, on, name, ty) in KEYS {
        w.write_event(Event::Empty(BytesStart::new("key").with_attributes([
            ("id", id),
            ("for", on),
            ("attr.name", name),
            ("attr.type", ty),
        ])))?;
    }
    w.write_event(Event::Start(
        BytesStart::new("graph").with_attributes([("id", "entities"), ("edgedefault", "directed")]),
    ))?;
    for n in &g.nodes {
        write_node(&mut w, s, n, layout)?;
    }
    for (i, e) in g.edges.iter().enumerate() {
        write_edge(&mut w, s, g, i, e)?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    Ok(String::from_utf8_lossy(&w.into_inner().into_inner()).into_owned())
}

/// The attributes declared: id, on what, name, type.
const KEYS: [(&str, &str, &str, &str); 16] = [
    ("kind", "node", "kind", "string"),
    ("type", "node", "type", "string"),
    ("name", "node", "label", "string"),
    ("mentions", "node", "mentions", "int"),
    ("x", "node", "x", "float"),
    ("y", "node", "y", "float"),
    ("by", "node", "creator", "string"),
    ("created", "node", "created", "string"),
    ("modified", "node", "modified", "string"),
    ("ekind", "edge", "kind", "string"),
    ("etype", "edge", "type", "string"),
    ("elabel", "edge", "label", "string"),
    ("date", "edge", "date", "string"),
    ("eby", "edge", "creator", "string"),
    ("ecreated", "edge", "created", "string"),
    ("emodified", "edge", "modified", "string"),
];

/// Who made it and when (Dublin Core's terms, as the JSON-LD export has them), under the keys
/// `keys` (creator, created, modified).
fn provenance(w: &mut W, made: Option<&Provenance>, keys: [&str; 3]) -> std::io::Result<()> {
    let Some(p) = made else { return Ok(()) };
    if !p.by.is_empty() {
        data(w, keys[0], &p.by)?;
    }
    if let Some(t) = p.created_iso() {
        data(w, keys[1], &t)?;
    }
    if let Some(t) = p.modified_iso() {
        data(w, keys[2], &t)?;
    }
    Ok(())
}

fn node_id(k: NodeKey) -> String {
    match k {
        NodeKey::Entity(e) => format!("n{}", e.0),
        NodeKey::Event(e) => format!("e{}", e.0),
    }
}

fn write_node(w: &mut W, s: &Session, n: &Node, layout: Option<&Layout>) -> std::io::Result<()> {
    let id = node_id(n.key);
    w.write_event(Event::Start(
        BytesStart::new("node").with_attributes([("id", id.as_str())]),
    ))?;
    data(w, "kind", if n.is_event() { "event" } else { "entity" })?;
    data(w, "type", &type_name(s, n.key, &n.type_id))?;
    data(w, "name", &n.label)?;
    data(w, "mentions", &n.weight.to_string())?;
    if let Some(p) = layout.and_then(|l| l.pos.get(&n.key)) {
        data(w, "x", &format!("{:.1}", p[0]))?;
        data(w, "y", &format!("{:.1}", p[1]))?;
    }
    let made = match n.key {
        NodeKey::Entity(e) => s.entities.get(&e).and_then(|e| e.made.as_ref()),
        NodeKey::Event(e) => s.events.get(&e).and_then(|e| e.made.as_ref()),
    };
    provenance(w, made, ["by", "created", "modified"])?;
    w.write_event(Event::End(BytesEnd::new("node")))?;
    Ok(())
}

fn write_edge(w: &mut W, s: &Session, g: &Graph, i: usize, e: &Edge) -> std::io::Result<()> {
    let (from, to) = (node_id(g.nodes[e.from].key), node_id(g.nodes[e.to].key));
    let id = format!("x{i}");
    w.write_event(Event::Start(BytesStart::new("edge").with_attributes([
        ("id", id.as_str()),
        ("source", from.as_str()),
        ("target", to.as_str()),
    ])))?;
    let kind = match e.key {
        EdgeKey::Event(_) => "event",
        EdgeKey::Argument(..) => "argument",
        EdgeKey::Relation(_) => "relation",
    };
    data(w, "ekind", kind)?;
    let ty = if e.is_relation() {
        s.schema.relation_type(&e.type_id).map(|t| t.name.clone())
    } else {
        s.schema.event_type(&e.type_id).map(|t| t.name.clone())
    }
    .unwrap_or_else(|| e.type_id.to_string());
    data(w, "etype", &ty)?;
    data(w, "elabel", &e.label)?;
    if let Some(d) = e.date {
        data(w, "date", &d.to_string())?;
    }
    let made = match e.key {
        EdgeKey::Event(ev) | EdgeKey::Argument(ev, _) => {
            s.events.get(&ev).and_then(|e| e.made.as_ref())
        }
        EdgeKey::Relation(r) => s.relations.get(&r).and_then(|r| r.made.as_ref()),
    };
    provenance(w, made, ["eby", "ecreated", "emodified"])?;
    w.write_event(Event::End(BytesEnd::new("edge")))?;
    Ok(())
}

/// An edge as a line with an arrow ending at the target's rim.
fn svg_edge(out: &mut String, s: &Session, g: &Graph, e: &Edge, a: [f32; 2], bb: [f32; 2]) {
    let color = e.color(&s.schema);
    let dash = if e.is_relation() {
        " stroke-dasharray=\"6 4\""
    } else {
        ""
    };
    let r = node_radius(
        g.nodes[e.to].weight,
        matches!(g.nodes[e.to].key, NodeKey::Event(_)),
    );
    let (dx, dy) = (bb[0] - a[0], bb[1] - a[1]);
    let d = (dx * dx + dy * dy).sqrt().max(1.0);
    let end = [bb[0] - dx / d * r, bb[1] - dy / d * r];
    *out += &format!(
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"2\"{dash} marker-end=\"url(#arrow)\"/>\n",
        a[0],
        a[1],
        end[0],
        end[1],
        hex(color)
    );
}

/// A node as a circle (entity) or diamond (event).
fn svg_node(out: &mut String, s: &Session, n: &Node, p: [f32; 2]) {
    let is_event = matches!(n.key, NodeKey::Event(_));
    let color = n.color(&s.schema);
    let r = svg_radius(n);
    if is_event {
        *out += &format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{}\" stroke=\"#333\" stroke-width=\"1\"/>\n",
            p[0],
            p[1] - r,
            p[0] + r,
            p[1],
            p[0],
            p[1] + r,
            p[0] - r,
            p[1],
            hex(color)
        );
    } else {
        *out += &format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\" fill=\"{}\" stroke=\"#333\" stroke-width=\"1\"/>\n",
            p[0],
            p[1],
            hex(color)
        );
    }
}

/// How far a node reaches in the picture (an event's diamond is drawn larger).
fn svg_radius(n: &Node) -> f32 {
    let r = node_radius(n.weight, n.is_event());
    if n.is_event() { r * 1.4 } else { r }
}

/// Labels where `labels::place` puts them (as the window does), so none overlaps another label
/// or a node; an edge label without room is left out.
/// A white outline drawn under each name (SVG's paint order): an edge passing behind a name
/// never crosses its letters.
const HALO: &str =
    "stroke=\"white\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";

fn svg_labels(out: &mut String, g: &Graph, pos: &dyn Fn(usize) -> [f32; 2]) {
    use super::labels::{EdgeLabel, NodeLabel, place};
    use quick_xml::escape::escape;
    let nodes: Vec<NodeLabel> = (0..g.nodes.len())
        .map(|i| NodeLabel {
            at: pos(i),
            radius: svg_radius(&g.nodes[i]),
            text: &g.nodes[i].label,
        })
        .collect();
    let edges: Vec<EdgeLabel> = g
        .edges
        .iter()
        .map(|e| EdgeLabel {
            from: pos(e.from),
            to: pos(e.to),
            text: &e.label,
        })
        .collect();
    let order = super::labels::by_importance(g);
    // A picture has no hover: names stay whole.
    let (nl, el) = place(&nodes, &order, 12.0, &edges, 10.0, usize::MAX, None);
    let text = |out: &mut String, p: &super::labels::Placed, size: f32, fill: &str| {
        *out += &format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{size}\" fill=\"{fill}\" text-anchor=\"middle\" {HALO}>{}</text>\n",
            (p.rect[0] + p.rect[2]) / 2.0,
            p.rect[3] - size * 0.25,
            escape(&*p.text)
        );
    };
    for p in el.iter().flatten() {
        text(out, p, 10.0, "#555");
    }
    for p in nl.iter().flatten() {
        text(out, p, 12.0, "#000");
    }
}

/// Node radius for a mention count, shared by the map and the picture.
pub fn node_radius(weight: usize, is_event: bool) -> f32 {
    if is_event {
        7.0
    } else {
        9.0 + 4.0 * (weight.max(1) as f32).ln_1p() * 1.6
    }
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// An SVG picture of the laid-out graph.
pub fn to_svg(s: &Session, g: &Graph, layout: &Layout) -> String {
    let placed: Vec<[f32; 2]> = (0..g.nodes.len())
        .map(|i| {
            layout
                .pos
                .get(&g.nodes[i].key)
                .copied()
                .unwrap_or([0.0, 0.0])
        })
        .collect();
    let radii: Vec<f32> = g.nodes.iter().map(svg_radius).collect();
    let placed = apart(placed, &radii);
    let b = super::layout::bounds_of(&placed).unwrap_or([0.0, 0.0, 100.0, 100.0]);
    let pad = 80.0;
    let (x0, y0, w, h) = (
        b[0] - pad,
        b[1] - pad,
        b[2] - b[0] + 2.0 * pad,
        b[3] - b[1] + 2.0 * pad,
    );
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{x0:.1} {y0:.1} {w:.1} {h:.1}\" width=\"{w:.0}\" height=\"{h:.0}\" font-family=\"sans-serif\">\n\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#666\"/></marker></defs>\n\
         <rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"white\"/>\n"
    );
    let pos = |i: usize| placed[i];
    for e in &g.edges {
        svg_edge(&mut out, s, g, e, pos(e.from), pos(e.to));
    }
    for (i, n) in g.nodes.iter().enumerate() {
        svg_node(&mut out, s, n, pos(i));
    }
    svg_labels(&mut out, g, &pos);
    out += "</svg>\n";
    out
}

/// Nodes moved apart until none covers another (with a gap for the edge between them): a
/// layout caught before it settled, or two nodes pinned close, would otherwise hide one node
/// and the edge between them in a picture. Pairs are pushed apart along the line between them
/// in a few rounds; a picture of thousands of nodes stays a fraction of a second.
fn apart(mut p: Vec<[f32; 2]>, radii: &[f32]) -> Vec<[f32; 2]> {
    const GAP: f32 = 12.0;
    for _ in 0..50 {
        let mut moved = false;
        for i in 0..p.len() {
            for j in i + 1..p.len() {
                let (dx, dy) = (p[j][0] - p[i][0], p[j][1] - p[i][1]);
                let want = radii[i] + radii[j] + GAP;
                let d = (dx * dx + dy * dy).sqrt();
                if d >= want {
                    continue;
                }
                // Two nodes on one spot part along a direction of their own.
                let (ux, uy) = if d > 0.01 {
                    (dx / d, dy / d)
                } else {
                    let a = (i * 7 + j * 13) as f32;
                    (a.cos(), a.sin())
                };
                let push = (want - d) / 2.0 + 0.01;
                p[i] = [p[i][0] - ux * push, p[i][1] - uy * push];
                p[j] = [p[j][0] + ux * push, p[j][1] + uy * push];
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    p
}

/// The whole graph of a session, laid out from its saved pins (for the command line).
pub fn laid_out(s: &Session) -> (Graph, Layout) {
    let g = super::graph::build(s, &super::graph::GraphFilter::default());
    let mut layout = Layout {
        temperature: 1.0,
        ..Default::default()
    };
    for (e, (x, y)) in &s.view.pinned {
        layout.pinned.insert(NodeKey::Entity(*e), [*x, *y]);
    }
    for (e, (x, y)) in &s.view.pinned_events {
        layout.pinned.insert(NodeKey::Event(*e), [*x, *y]);
    }
    layout.settle(&g, 400);
    (g, layout)
}

#[cfg(test)]
mod tests {
    use super::apart;

    #[test]
    fn no_node_covers_another_in_a_picture() {
        // Two on one spot, one half over them, one far away that stays put.
        let p = vec![[0.0, 0.0], [0.0, 0.0], [5.0, 3.0], [500.0, 500.0]];
        let r = [10.0, 6.0, 8.0, 10.0];
        let q = apart(p, &r);
        for i in 0..q.len() {
            for j in i + 1..q.len() {
                let d = ((q[i][0] - q[j][0]).powi(2) + (q[i][1] - q[j][1]).powi(2)).sqrt();
                assert!(d >= r[i] + r[j], "{i} and {j} overlap: {q:?}");
            }
        }
        assert_eq!(q[3], [500.0, 500.0]);
    }
}
