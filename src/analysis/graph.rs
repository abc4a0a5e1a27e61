//! The entity graph: entities as nodes, events and relations as edges. An event with exactly one
//! actor and one recipient is an edge between them; any other event is a small node of its own,
//! linked to each participant by its role.

use crate::model::summary::{RoleColumn, role_column};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKey {
    Entity(EntityId),
    Event(EventId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub key: NodeKey,
    pub label: String,
    /// Entity or event type id.
    pub type_id: String,
    /// Mentions of an entity (1 for an event node).
    pub weight: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKey {
    /// An event drawn as one edge from its actor to its recipient.
    Event(EventId),
    /// A participant of an event drawn as a node: the argument's index.
    Argument(EventId, usize),
    Relation(RelationId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub key: EdgeKey,
    pub from: usize,
    pub to: usize,
    pub label: String,
    /// Event or relation type id.
    pub type_id: String,
    pub date: Option<PartialDate>,
}

impl Edge {
    pub fn is_relation(&self) -> bool {
        matches!(self.key, EdgeKey::Relation(_))
    }

    pub fn event(&self) -> Option<EventId> {
        match self.key {
            EdgeKey::Event(e) | EdgeKey::Argument(e, _) => Some(e),
            EdgeKey::Relation(_) => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphFilter {
    pub hidden_entity_types: BTreeSet<String>,
    pub hidden_event_types: BTreeSet<String>,
    pub hide_isolated: bool,
    /// Only this entity and what is at most one event or relation away.
    pub focus: Option<EntityId>,
    /// At most this many entity nodes (the most mentioned); 0 means no limit. A map of tens of
    /// thousands of nodes is unreadable and slow; filters and focus reach the rest.
    pub max_entities: usize,
}

/// The default limit on entity nodes in the map.
pub const MAX_ENTITIES: usize = 1_500;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub index: BTreeMap<NodeKey, usize>,
}

impl Graph {
    pub fn node(&self, key: NodeKey) -> Option<&Node> {
        self.index.get(&key).map(|&i| &self.nodes[i])
    }

    /// Neighbours of each node, for layout.
    pub fn degree(&self) -> Vec<usize> {
        let mut d = vec![0; self.nodes.len()];
        for e in &self.edges {
            d[e.from] += 1;
            d[e.to] += 1;
        }
        d
    }
}

pub fn build(s: &Session, filter: &GraphFilter) -> Graph {
    let mut g = Graph::default();
    let mut counts: BTreeMap<EntityId, usize> = BTreeMap::new();
    for m in s.mentions.values() {
        *counts.entry(m.entity).or_insert(0) += 1;
    }
    for e in s.entities.values() {
        if filter.hidden_entity_types.contains(&e.entity_type) {
            continue;
        }
        let key = NodeKey::Entity(e.id);
        g.index.insert(key, g.nodes.len());
        g.nodes.push(Node {
            key,
            label: e.name.clone(),
            type_id: e.entity_type.clone(),
            weight: counts.get(&e.id).copied().unwrap_or(0),
        });
    }
    let type_name = |t: &str| {
        s.schema
            .event_type(t)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| t.to_owned())
    };
    // Events first as nodes where needed, so that events can point at events.
    let visible_events: Vec<&Event> = s
        .events
        .values()
        .filter(|e| !filter.hidden_event_types.contains(&e.event_type))
        .collect();
    // Events that fill another event's role must be nodes, so that the other event can point at them.
    let nested: BTreeSet<EventId> = s
        .events
        .values()
        .flat_map(|e| e.arguments.iter())
        .filter_map(|a| match a.filler {
            Filler::Event(x) => Some(x),
            Filler::Entity(_) => None,
        })
        .collect();
    let simple = |e: &Event| {
        let actors: Vec<_> = e
            .arguments
            .iter()
            .filter(|a| role_column(&a.role) == RoleColumn::Actor)
            .collect();
        let recipients: Vec<_> = e
            .arguments
            .iter()
            .filter(|a| role_column(&a.role) == RoleColumn::Recipient)
            .collect();
        actors.len() == 1
            && recipients.len() == 1
            && e.arguments.len() == 2
            && matches!(actors[0].filler, Filler::Entity(_))
            && matches!(recipients[0].filler, Filler::Entity(_))
            && !nested.contains(&e.id)
    };
    for e in &visible_events {
        if !simple(e) {
            let key = NodeKey::Event(e.id);
            g.index.insert(key, g.nodes.len());
            g.nodes.push(Node {
                key,
                label: s.event_label(e),
                type_id: e.event_type.clone(),
                weight: 1,
            });
        }
    }
    let node_of = |g: &Graph, f: Filler| match f {
        Filler::Entity(x) => g.index.get(&NodeKey::Entity(x)).copied(),
        Filler::Event(x) => g.index.get(&NodeKey::Event(x)).copied(),
    };
    for e in &visible_events {
        if simple(e) {
            let actor = e
                .arguments
                .iter()
                .find(|a| role_column(&a.role) == RoleColumn::Actor);
            let recipient = e
                .arguments
                .iter()
                .find(|a| role_column(&a.role) == RoleColumn::Recipient);
            if let (Some(a), Some(r)) = (actor, recipient)
                && let (Some(from), Some(to)) = (node_of(&g, a.filler), node_of(&g, r.filler))
            {
                g.edges.push(Edge {
                    key: EdgeKey::Event(e.id),
                    from,
                    to,
                    label: type_name(&e.event_type),
                    type_id: e.event_type.clone(),
                    date: e.date,
                });
            }
            continue;
        }
        let Some(&me) = g.index.get(&NodeKey::Event(e.id)) else {
            continue;
        };
        for (i, a) in e.arguments.iter().enumerate() {
            let Some(other) = node_of(&g, a.filler) else {
                continue;
            };
            // Actors point at the event; everything else hangs off it.
            let (from, to) = if role_column(&a.role) == RoleColumn::Actor {
                (other, me)
            } else {
                (me, other)
            };
            g.edges.push(Edge {
                key: EdgeKey::Argument(e.id, i),
                from,
                to,
                label: a.role.clone(),
                type_id: e.event_type.clone(),
                date: e.date,
            });
        }
    }
    for r in s.relations.values() {
        if let (Some(&from), Some(&to)) = (
            g.index.get(&NodeKey::Entity(r.from)),
            g.index.get(&NodeKey::Entity(r.to)),
        ) {
            g.edges.push(Edge {
                key: EdgeKey::Relation(r.id),
                from,
                to,
                label: s
                    .schema
                    .relation_type(&r.relation_type)
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| r.relation_type.clone()),
                type_id: r.relation_type.clone(),
                date: None,
            });
        }
    }
    // Focus, size and isolation filters keep a subset of nodes; edges between kept nodes stay.
    let mut keep: Vec<bool> = vec![true; g.nodes.len()];
    let entity_count = g
        .nodes
        .iter()
        .filter(|n| matches!(n.key, NodeKey::Entity(_)))
        .count();
    if filter.max_entities > 0 && entity_count > filter.max_entities && filter.focus.is_none() {
        let mut by_weight: Vec<(usize, usize)> = g
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n.key, NodeKey::Entity(_)))
            .map(|(i, n)| (n.weight, i))
            .collect();
        // Most mentioned first; ties by position keep it deterministic.
        by_weight.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, i) in by_weight.into_iter().skip(filter.max_entities) {
            keep[i] = false;
        }
        // An event node stays when it still links two kept nodes.
        let mut links = vec![0usize; g.nodes.len()];
        for e in &g.edges {
            if keep[e.from] && keep[e.to] {
                links[e.from] += 1;
                links[e.to] += 1;
            }
        }
        for (i, n) in g.nodes.iter().enumerate() {
            if matches!(n.key, NodeKey::Event(_)) {
                keep[i] = links[i] >= 2;
            }
        }
    }
    if let Some(f) = filter.focus
        && let Some(&c) = g.index.get(&NodeKey::Entity(f))
    {
        keep = vec![false; g.nodes.len()];
        keep[c] = true;
        // One hop, plus the participants of event nodes next to the focus.
        let mut hop: Vec<usize> = Vec::new();
        for e in &g.edges {
            if e.from == c {
                hop.push(e.to);
            }
            if e.to == c {
                hop.push(e.from);
            }
        }
        for &h in &hop {
            keep[h] = true;
            if matches!(g.nodes[h].key, NodeKey::Event(_)) {
                for e in &g.edges {
                    if e.from == h {
                        keep[e.to] = true;
                    }
                    if e.to == h {
                        keep[e.from] = true;
                    }
                }
            }
        }
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn session() -> Session {
        let mut s = Session::new(
            Article::new("t", "Alice hit Bob in Paris. Carol said so. Dan."),
            crate::model::schema::presets::default_schema(),
        );
        let mut ents = Vec::new();
        for (w, t) in [
            ("Alice", "Person"),
            ("Bob", "Person"),
            ("Paris", "GPE"),
            ("Carol", "Person"),
            ("Dan", "Person"),
        ] {
            let b = s.text().find(w).unwrap();
            let span = Span::new(b, b + w.len());
            let cmd = s.cmd_annotate(span, t).unwrap();
            s.apply(cmd).unwrap();
            ents.push(s.entities.values().find(|e| e.name == w).unwrap().id);
        }
        let arg = |role: &str, f: Filler| Argument {
            role: role.into(),
            filler: f,
            mention: None,
        };
        let (hit, cmd) = s.cmd_add_event("ASSAULT", Some(Span::new(6, 9))).unwrap();
        s.apply(cmd).unwrap();
        let mut e = s.events[&hit].clone();
        e.arguments = vec![
            arg("Actor", Filler::Entity(ents[0])),
            arg("Recipient", Filler::Entity(ents[1])),
        ];
        s.apply(Command::UpdateEvent(e)).unwrap();
        let (said, cmd) = s.cmd_add_event("ACCUSE", Some(Span::new(30, 34))).unwrap();
        s.apply(cmd).unwrap();
        let mut e = s.events[&said].clone();
        e.arguments = vec![
            arg("Actor", Filler::Entity(ents[3])),
            arg("Recipient", Filler::Event(hit)),
            arg("Place", Filler::Entity(ents[2])),
        ];
        s.apply(Command::UpdateEvent(e)).unwrap();
        let (_, cmd) = s
            .cmd_add_relation("Located-In", ents[1], ents[2], None)
            .unwrap();
        s.apply(cmd).unwrap();
        s
    }

    #[test]
    fn events_become_edges_or_nodes() {
        let s = session();
        let g = build(&s, &GraphFilter::default());
        // 5 entities; the nested "hit" is an argument so it is a node, and so is "said".
        assert_eq!(g.nodes.len(), 7);
        assert_eq!(g.edges.iter().filter(|e| e.is_relation()).count(), 1);
        assert_eq!(
            g.edges
                .iter()
                .filter(|e| matches!(e.key, EdgeKey::Argument(..)))
                .count(),
            5
        );
    }

    #[test]
    fn big_graphs_keep_the_most_mentioned_entities() {
        let s = session();
        let full = build(&s, &GraphFilter::default());
        let g = build(
            &s,
            &GraphFilter {
                max_entities: 2,
                ..Default::default()
            },
        );
        let entities = g
            .nodes
            .iter()
            .filter(|n| matches!(n.key, NodeKey::Entity(_)))
            .count();
        assert_eq!(entities, 2);
        assert!(g.nodes.len() < full.nodes.len());
        assert!(
            g.edges
                .iter()
                .all(|e| e.from < g.nodes.len() && e.to < g.nodes.len())
        );
    }

    #[test]
    fn filters() {
        let s = session();
        let dan = s.entities.values().find(|e| e.name == "Dan").unwrap().id;
        let g = build(
            &s,
            &GraphFilter {
                hide_isolated: true,
                ..Default::default()
            },
        );
        assert!(g.node(NodeKey::Entity(dan)).is_none());
        let g = build(
            &s,
            &GraphFilter {
                hidden_entity_types: ["GPE".to_owned()].into(),
                ..Default::default()
            },
        );
        assert_eq!(g.nodes.len(), 6);
        assert!(g.edges.iter().all(|e| !e.is_relation()));
        let bob = s.entities.values().find(|e| e.name == "Bob").unwrap().id;
        let g = build(
            &s,
            &GraphFilter {
                focus: Some(bob),
                ..Default::default()
            },
        );
        assert!(g.node(NodeKey::Entity(dan)).is_none());
        assert!(g.node(NodeKey::Entity(bob)).is_some());
        assert!(g.nodes.iter().any(|n| n.label == "Alice"));
    }
}
