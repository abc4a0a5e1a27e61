//! The entity graph: entities as nodes, events and relations as edges. An event with exactly one
//! actor and one recipient is an edge between them; any other event is a small node of its own,
//! linked to each participant by its role.

mod base;
mod filter;

use crate::model::changes::{Since, Stamp};
use crate::model::*;
use base::Base;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Shared text: graphs are rebuilt often and their labels are cloned, not copied.
pub type Label = Arc<str>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKey {
    Entity(EntityId),
    Event(EventId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub key: NodeKey,
    pub label: Label,
    /// Entity or event type id.
    pub type_id: Label,
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
    pub label: Label,
    /// Event or relation type id.
    pub type_id: Label,
    pub date: Option<PartialDate>,
}

impl Node {
    pub fn is_event(&self) -> bool {
        matches!(self.key, NodeKey::Event(_))
    }

    /// The colour of the node's entity or event type.
    pub fn color(&self, schema: &crate::model::Schema) -> [u8; 3] {
        if self.is_event() {
            schema.event_color(&self.type_id)
        } else {
            schema.entity_color(&self.type_id)
        }
    }
}

impl Edge {
    /// The colour of the edge's event or relation type.
    pub fn color(&self, schema: &crate::model::Schema) -> [u8; 3] {
        if self.is_relation() {
            schema.relation_color(&self.type_id)
        } else {
            schema.event_color(&self.type_id)
        }
    }

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

    /// For each edge, its place among the edges joining the same two nodes (either way) and how
    /// many there are: several events between two entities are drawn as one bundle.
    pub fn parallel(&self) -> Vec<(usize, usize)> {
        let mut groups: std::collections::HashMap<(usize, usize), Vec<usize>> = Default::default();
        for (i, e) in self.edges.iter().enumerate() {
            groups
                .entry((e.from.min(e.to), e.from.max(e.to)))
                .or_default()
                .push(i);
        }
        let mut out = vec![(0, 1); self.edges.len()];
        for members in groups.values() {
            for (rank, &i) in members.iter().enumerate() {
                out[i] = (rank, members.len());
            }
        }
        out
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
    Base::new(s).assemble(filter)
}

/// The map's graph kept in step with a session: after an edit only the entities, events and
/// relations it touched are looked at again (see [`crate::model::changes`]), and the graph is
/// assembled from those parts without going back over the mentions.
#[derive(Debug, Default)]
pub struct GraphCache {
    stamp: Option<Stamp>,
    base: Base,
    /// The graph given last time, its filter, and whether the size cut was in force.
    last: Option<(GraphFilter, Arc<Graph>, bool)>,
}

/// What an edit does to the graph on screen.
enum Patch {
    /// Nothing (say, a new entity below the size cut).
    Same,
    /// Only mention counts of nodes changed.
    Weights(Vec<(usize, usize)>),
    /// Assemble again.
    Rebuild,
}

impl GraphCache {
    /// The graph for `s` under `filter`, and whether it differs from the one given last time.
    pub fn graph(&mut self, s: &Session, filter: &GraphFilter) -> (Arc<Graph>, bool) {
        let since = match self.stamp {
            Some(st) => s.changes.since(st),
            None => Since::Unknown,
        };
        self.stamp = Some(s.changes.stamp());
        let same_filter = self.last.as_ref().is_some_and(|(f, _, _)| f == filter);
        match since {
            Since::Nothing if same_filter => {
                if let Some((_, g, _)) = &self.last {
                    return (g.clone(), false);
                }
            }
            Since::Nothing => {}
            Since::Unknown => self.base = Base::new(s),
            Since::Touched(t) => {
                // What touched events and relations linked before the edit.
                let before = self.base.ends(&t);
                if !self.base.update(s, &t)
                    && same_filter
                    && let Some((_, g, _)) = &self.last
                {
                    return (g.clone(), false);
                }
                if same_filter && let Some((_, g, capped)) = &self.last {
                    match self.base.patch(g, filter, *capped, &t, &before) {
                        Patch::Same => return (g.clone(), false),
                        Patch::Weights(w) => {
                            let mut g2 = Graph::clone(g);
                            for (i, weight) in w {
                                g2.nodes[i].weight = weight;
                            }
                            let g2 = Arc::new(g2);
                            self.last = Some((filter.clone(), g2.clone(), *capped));
                            return (g2, true);
                        }
                        Patch::Rebuild => {}
                    }
                }
            }
        }
        let capped = self.base.capped(filter);
        let g = self.base.assemble(filter);
        if let Some((_, old, _)) = &self.last
            && **old == g
        {
            let old = old.clone();
            self.last = Some((filter.clone(), old.clone(), capped));
            return (old, false);
        }
        let g = Arc::new(g);
        self.last = Some((filter.clone(), g.clone(), capped));
        (g, true)
    }
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
        assert!(g.nodes.iter().any(|n| &*n.label == "Alice"));
    }
}
