//! What the graph is made of, kept per entity, event and relation ([`Base`]), caught up edit by
//! edit, and assembled into a [`Graph`] under a filter; [`Base::patch`] decides when an edit
//! leaves the picture as it was.

use super::{Edge, EdgeKey, Graph, GraphFilter, Label, Node, NodeKey, Patch};
use crate::model::changes::Touched;
use crate::model::summary::{RoleColumn, role_column};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An event as the map draws it, independent of the other events.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct EventPart {
    type_id: Label,
    type_name: Label,
    date: Option<PartialDate>,
    /// Its one actor and one recipient, when those are all its arguments and both are entities:
    /// then, unless another event names it, it is drawn as one edge.
    pair: Option<(EntityId, EntityId)>,
    /// Node label, and per argument: filler, role, and whether the role is an actor's.
    label: Label,
    args: Vec<(Filler, Label, bool)>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct RelationPart {
    from: EntityId,
    to: EntityId,
    type_id: Label,
    label: Label,
}

/// Everything the graph is made of, before filtering, keyed by id.
#[derive(Debug, Default)]
pub(super) struct Base {
    entities: BTreeMap<EntityId, (Label, Label)>,
    counts: HashMap<EntityId, usize>,
    mention_entity: HashMap<MentionId, EntityId>,
    events: BTreeMap<EventId, EventPart>,
    /// How many arguments name each event (an event named by another must be a node).
    referenced: HashMap<EventId, usize>,
    relations: BTreeMap<RelationId, RelationPart>,
}

impl Base {
    pub(super) fn new(s: &Session) -> Self {
        let mut b = Base::default();
        for m in s.mentions.values() {
            *b.counts.entry(m.entity).or_insert(0) += 1;
            b.mention_entity.insert(m.id, m.entity);
        }
        for e in s.entities.values() {
            b.entities.insert(e.id, entity_part(e));
        }
        for e in s.events.values() {
            b.set_event(e.id, Some(event_part(s, e)));
        }
        for r in s.relations.values() {
            b.relations.insert(r.id, relation_part(s, r));
        }
        b
    }

    /// Catch up with an edit that touched `t`; true when anything changed.
    pub(super) fn update(&mut self, s: &Session, t: &Touched) -> bool {
        let mut changed = false;
        for id in &t.mentions {
            let old = self.mention_entity.get(id).copied();
            let new = s.mentions.get(id).map(|m| m.entity);
            if old == new {
                continue;
            }
            changed = true;
            if let Some(o) = old
                && let Some(c) = self.counts.get_mut(&o)
            {
                *c = c.saturating_sub(1);
            }
            match new {
                Some(n) => {
                    *self.counts.entry(n).or_insert(0) += 1;
                    self.mention_entity.insert(*id, n);
                }
                None => {
                    self.mention_entity.remove(id);
                }
            }
        }
        for id in &t.entities {
            let new = s.entities.get(id).map(entity_part);
            if self.entities.get(id) != new.as_ref() {
                changed = true;
                match new {
                    Some(p) => self.entities.insert(*id, p),
                    None => self.entities.remove(id),
                };
            }
        }
        for id in &t.events {
            let new = s.events.get(id).map(|e| event_part(s, e));
            if self.events.get(id) != new.as_ref() {
                changed = true;
                self.set_event(*id, new);
            }
        }
        for id in &t.relations {
            let new = s.relations.get(id).map(|r| relation_part(s, r));
            if self.relations.get(id) != new.as_ref() {
                changed = true;
                match new {
                    Some(p) => self.relations.insert(*id, p),
                    None => self.relations.remove(id),
                };
            }
        }
        changed
    }

    fn set_event(&mut self, id: EventId, part: Option<EventPart>) {
        let named = |p: &EventPart| -> Vec<EventId> {
            p.args
                .iter()
                .filter_map(|(f, _, _)| match f {
                    Filler::Event(x) => Some(*x),
                    Filler::Entity(_) => None,
                })
                .collect()
        };
        if let Some(old) = self.events.remove(&id) {
            for x in named(&old) {
                if let Some(c) = self.referenced.get_mut(&x) {
                    *c -= 1;
                    if *c == 0 {
                        self.referenced.remove(&x);
                    }
                }
            }
        }
        if let Some(p) = part {
            for x in named(&p) {
                *self.referenced.entry(x).or_insert(0) += 1;
            }
            self.events.insert(id, p);
        }
    }

    /// Whether the size cut is in force: more entities of shown types than the limit, no focus.
    pub(super) fn capped(&self, filter: &GraphFilter) -> bool {
        if filter.max_entities == 0 || filter.focus.is_some() {
            return false;
        }
        let shown = if filter.hidden_entity_types.is_empty() {
            self.entities.len()
        } else {
            self.entities
                .values()
                .filter(|(_, t)| !filter.hidden_entity_types.contains(&**t))
                .count()
        };
        shown > filter.max_entities
    }

    /// The fillers of the touched events and the ends of the touched relations, as they are now.
    pub(super) fn ends(&self, t: &Touched) -> Vec<Filler> {
        let mut out: Vec<Filler> = t
            .events
            .iter()
            .filter_map(|id| self.events.get(id))
            .flat_map(|p| p.args.iter().map(|a| a.0))
            .collect();
        for r in t.relations.iter().filter_map(|id| self.relations.get(id)) {
            out.push(Filler::Entity(r.from));
            out.push(Filler::Entity(r.to));
        }
        out
    }

    /// How an edit that touched `t` changes `g` (made under `filter`, `capped` as given), judged
    /// from what `g` shows, so that an edit far from the picture costs nothing. `before` holds
    /// the touched events' and relations' ends before the edit. When in doubt: rebuild.
    pub(super) fn patch(
        &self,
        g: &Graph,
        filter: &GraphFilter,
        capped: bool,
        t: &Touched,
        before: &[Filler],
    ) -> Patch {
        if filter.focus.is_some() || capped != self.capped(filter) {
            return Patch::Rebuild;
        }
        let Some(weights) = self.patch_entities(g, filter, capped, t) else {
            return Patch::Rebuild;
        };
        if (!t.events.is_empty() || !t.relations.is_empty())
            && self.links_change_picture(g, filter, capped, t, before)
        {
            return Patch::Rebuild;
        }
        if weights.is_empty() {
            Patch::Same
        } else {
            Patch::Weights(weights)
        }
    }

    /// The new mention counts of drawn entities the edit touched, or None when the picture
    /// changes otherwise.
    fn patch_entities(
        &self,
        g: &Graph,
        filter: &GraphFilter,
        capped: bool,
        t: &Touched,
    ) -> Option<Vec<(usize, usize)>> {
        // The least mentioned entity the cut kept: rank is more mentions first, then lower id.
        let threshold = g
            .nodes
            .iter()
            .filter_map(|n| match n.key {
                NodeKey::Entity(e) => Some((n.weight, std::cmp::Reverse(e))),
                NodeKey::Event(_) => None,
            })
            .min();
        let mut weights = Vec::new();
        for id in &t.entities {
            let now = self.entities.get(id);
            let weight = self.counts.get(id).copied().unwrap_or(0);
            let shown = now.is_some_and(|(_, ty)| !filter.hidden_entity_types.contains(&**ty));
            match g.index.get(&NodeKey::Entity(*id)) {
                Some(&i) => {
                    let n = &g.nodes[i];
                    let same_look =
                        now.is_some_and(|(name, ty)| *name == n.label && *ty == n.type_id);
                    // More mentions never push a kept entity out; fewer might.
                    if !same_look || (capped && weight < n.weight) {
                        return None;
                    }
                    if weight != n.weight {
                        weights.push((i, weight));
                    }
                }
                // Under the cut with "hide isolated", kept entities need not be drawn, so the
                // threshold drawn says nothing about the cut: any change may move it.
                None if capped && filter.hide_isolated => return None,
                None if !shown => {}
                None => {
                    // Shown but not drawn: below the cut, or isolated under "hide isolated";
                    // mentions alone do not link it.
                    let below_cut =
                        capped && threshold.is_some_and(|th| (weight, std::cmp::Reverse(*id)) < th);
                    let still_isolated = filter.hide_isolated && !self.is_linked(*id);
                    if !below_cut && !still_isolated {
                        return None;
                    }
                }
            }
        }
        Some(weights)
    }

    /// Whether touched events and relations change what is drawn. Touching nothing drawn
    /// changes nothing drawn only under the size cut (where an event is drawn only when it
    /// links drawn nodes).
    fn links_change_picture(
        &self,
        g: &Graph,
        filter: &GraphFilter,
        capped: bool,
        t: &Touched,
        before: &[Filler],
    ) -> bool {
        if !capped || filter.hide_isolated {
            return true;
        }
        let drawn_events: BTreeSet<EventId> = g
            .nodes
            .iter()
            .filter_map(|n| match n.key {
                NodeKey::Event(e) => Some(e),
                NodeKey::Entity(_) => None,
            })
            .chain(g.edges.iter().filter_map(Edge::event))
            .collect();
        let drawn = |f: &Filler| match f {
            Filler::Entity(x) => g.index.contains_key(&NodeKey::Entity(*x)),
            Filler::Event(x) => drawn_events.contains(x),
        };
        let after = self.ends(t);
        // Under the cut an event node counts its links to other event nodes, so nesting on
        // either side of the edit can change what is drawn.
        let named = t.events.iter().any(|x| self.referenced.contains_key(x))
            || before
                .iter()
                .chain(&after)
                .any(|f| matches!(f, Filler::Event(_)));
        named
            || t.events.iter().any(|x| drawn_events.contains(x))
            || g.edges.iter().any(|e| match e.key {
                EdgeKey::Relation(r) => t.relations.contains(&r),
                _ => false,
            })
            || before.iter().chain(&after).any(drawn)
    }

    /// Does any event or relation name this entity?
    fn is_linked(&self, id: EntityId) -> bool {
        self.events
            .values()
            .any(|p| p.args.iter().any(|a| a.0 == Filler::Entity(id)))
            || self.relations.values().any(|r| r.from == id || r.to == id)
    }

    fn is_edge(&self, id: EventId, p: &EventPart) -> bool {
        p.pair.is_some() && !self.referenced.contains_key(&id)
    }

    /// The graph under `filter`: entity nodes in id order, then event nodes, then the edges of
    /// events and relations.
    pub(super) fn assemble(&self, filter: &GraphFilter) -> Graph {
        let mut g = Graph::default();
        for (id, (name, type_id)) in &self.entities {
            if !filter.hidden_entity_types.contains(&**type_id) {
                let weight = self.counts.get(id).copied().unwrap_or(0);
                g.add_node(NodeKey::Entity(*id), name, type_id, weight);
            }
        }
        let visible: Vec<(&EventId, &EventPart)> = self
            .events
            .iter()
            .filter(|(_, p)| !filter.hidden_event_types.contains(&*p.type_id))
            .collect();
        for (id, p) in &visible {
            if !self.is_edge(**id, p) {
                g.add_node(NodeKey::Event(**id), &p.label, &p.type_id, 1);
            }
        }
        for (id, p) in &visible {
            if self.is_edge(**id, p) {
                event_edge(&mut g, **id, p);
            } else {
                argument_edges(&mut g, **id, p);
            }
        }
        for (id, r) in &self.relations {
            if let (Some(from), Some(to)) = (
                g.node_index(Filler::Entity(r.from)),
                g.node_index(Filler::Entity(r.to)),
            ) {
                g.edges.push(Edge {
                    key: EdgeKey::Relation(*id),
                    from,
                    to,
                    label: r.label.clone(),
                    type_id: r.type_id.clone(),
                    date: None,
                });
            }
        }
        super::filter::filtered(g, filter)
    }
}

impl Graph {
    fn add_node(&mut self, key: NodeKey, label: &Label, type_id: &Label, weight: usize) {
        self.index.insert(key, self.nodes.len());
        self.nodes.push(Node {
            key,
            label: label.clone(),
            type_id: type_id.clone(),
            weight,
        });
    }

    fn node_index(&self, f: Filler) -> Option<usize> {
        match f {
            Filler::Entity(x) => self.index.get(&NodeKey::Entity(x)).copied(),
            Filler::Event(x) => self.index.get(&NodeKey::Event(x)).copied(),
        }
    }
}

/// An event with one actor and one recipient: one edge between them.
fn event_edge(g: &mut Graph, id: EventId, p: &EventPart) {
    if let Some((a, r)) = p.pair
        && let (Some(from), Some(to)) = (
            g.node_index(Filler::Entity(a)),
            g.node_index(Filler::Entity(r)),
        )
    {
        g.edges.push(Edge {
            key: EdgeKey::Event(id),
            from,
            to,
            label: p.type_name.clone(),
            type_id: p.type_id.clone(),
            date: p.date,
        });
    }
}

/// An event drawn as a node: an edge per argument, labelled by role.
fn argument_edges(g: &mut Graph, id: EventId, p: &EventPart) {
    let Some(&me) = g.index.get(&NodeKey::Event(id)) else {
        return;
    };
    for (i, (f, role, actor)) in p.args.iter().enumerate() {
        let Some(other) = g.node_index(*f) else {
            continue;
        };
        // Actors point at the event; everything else hangs off it.
        let (from, to) = if *actor { (other, me) } else { (me, other) };
        g.edges.push(Edge {
            key: EdgeKey::Argument(id, i),
            from,
            to,
            label: role.clone(),
            type_id: p.type_id.clone(),
            date: p.date,
        });
    }
}

fn entity_part(e: &Entity) -> (Label, Label) {
    (e.name.as_str().into(), e.entity_type.as_str().into())
}

fn event_part(s: &Session, e: &Event) -> EventPart {
    let type_name: Label = s
        .schema
        .event_type(&e.event_type)
        .map(|x| x.name.as_str())
        .unwrap_or(&e.event_type)
        .into();
    let column = |role: &str| role_column(role);
    let actors: Vec<&Argument> = e
        .arguments
        .iter()
        .filter(|a| column(&a.role) == RoleColumn::Actor)
        .collect();
    let recipients: Vec<&Argument> = e
        .arguments
        .iter()
        .filter(|a| column(&a.role) == RoleColumn::Recipient)
        .collect();
    let pair = match (actors.as_slice(), recipients.as_slice()) {
        ([a], [r]) if e.arguments.len() == 2 => match (a.filler, r.filler) {
            (Filler::Entity(x), Filler::Entity(y)) => Some((x, y)),
            _ => None,
        },
        _ => None,
    };
    EventPart {
        type_id: e.event_type.as_str().into(),
        type_name,
        date: e.date,
        pair,
        label: s.event_label(e).into(),
        args: e
            .arguments
            .iter()
            .map(|a| {
                (
                    a.filler,
                    a.role.as_str().into(),
                    column(&a.role) == RoleColumn::Actor,
                )
            })
            .collect(),
    }
}

fn relation_part(s: &Session, r: &Relation) -> RelationPart {
    RelationPart {
        from: r.from,
        to: r.to,
        type_id: r.relation_type.as_str().into(),
        label: s
            .schema
            .relation_type(&r.relation_type)
            .map(|t| t.name.as_str())
            .unwrap_or(&r.relation_type)
            .into(),
    }
}
