//! The entity graph: entities as nodes, events and relations as edges. An event with exactly one
//! actor and one recipient is an edge between them; any other event is a small node of its own,
//! linked to each participant by its role.

use crate::model::changes::{Since, Stamp, Touched};
use crate::model::summary::{RoleColumn, role_column};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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

/// An event as the map draws it, independent of the other events.
#[derive(Debug, Clone, PartialEq)]
struct EventPart {
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
struct RelationPart {
    from: EntityId,
    to: EntityId,
    type_id: Label,
    label: Label,
}

/// Everything the graph is made of, before filtering, keyed by id.
#[derive(Debug, Default)]
struct Base {
    entities: BTreeMap<EntityId, (Label, Label)>,
    counts: HashMap<EntityId, usize>,
    mention_entity: HashMap<MentionId, EntityId>,
    events: BTreeMap<EventId, EventPart>,
    /// How many arguments name each event (an event named by another must be a node).
    referenced: HashMap<EventId, usize>,
    relations: BTreeMap<RelationId, RelationPart>,
}

impl Base {
    fn new(s: &Session) -> Self {
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
    fn update(&mut self, s: &Session, t: &Touched) -> bool {
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
    fn capped(&self, filter: &GraphFilter) -> bool {
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
    fn ends(&self, t: &Touched) -> Vec<Filler> {
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
    fn patch(
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
                        return Patch::Rebuild;
                    }
                    if weight != n.weight {
                        weights.push((i, weight));
                    }
                }
                // Under the cut with "hide isolated", kept entities need not be drawn, so the
                // threshold drawn says nothing about the cut: any change may move it.
                None if capped && filter.hide_isolated => return Patch::Rebuild,
                None if !shown => {}
                None => {
                    // Shown but not drawn: below the cut, or isolated under "hide isolated";
                    // mentions alone do not link it.
                    let below_cut =
                        capped && threshold.is_some_and(|th| (weight, std::cmp::Reverse(*id)) < th);
                    let still_isolated = filter.hide_isolated && !self.is_linked(*id);
                    if !below_cut && !still_isolated {
                        return Patch::Rebuild;
                    }
                }
            }
        }
        if !t.events.is_empty() || !t.relations.is_empty() {
            // Events and relations touching nothing drawn change nothing drawn only under the
            // size cut (where an event is drawn only when it links drawn nodes).
            if !capped || filter.hide_isolated {
                return Patch::Rebuild;
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
            // Under the cut an event node counts its links to other event nodes, so nesting
            // on either side of the edit can change what is drawn.
            let named = t.events.iter().any(|x| self.referenced.contains_key(x))
                || before
                    .iter()
                    .chain(&after)
                    .any(|f| matches!(f, Filler::Event(_)));
            if named
                || t.events.iter().any(|x| drawn_events.contains(x))
                || g.edges.iter().any(|e| match e.key {
                    EdgeKey::Relation(r) => t.relations.contains(&r),
                    _ => false,
                })
                || before.iter().chain(&after).any(drawn)
            {
                return Patch::Rebuild;
            }
        }
        if weights.is_empty() {
            Patch::Same
        } else {
            Patch::Weights(weights)
        }
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
    fn assemble(&self, filter: &GraphFilter) -> Graph {
        let mut g = Graph::default();
        for (id, (name, type_id)) in &self.entities {
            if filter.hidden_entity_types.contains(&**type_id) {
                continue;
            }
            let key = NodeKey::Entity(*id);
            g.index.insert(key, g.nodes.len());
            g.nodes.push(Node {
                key,
                label: name.clone(),
                type_id: type_id.clone(),
                weight: self.counts.get(id).copied().unwrap_or(0),
            });
        }
        let visible = || {
            self.events
                .iter()
                .filter(|(_, p)| !filter.hidden_event_types.contains(&*p.type_id))
        };
        for (id, p) in visible() {
            if !self.is_edge(*id, p) {
                let key = NodeKey::Event(*id);
                g.index.insert(key, g.nodes.len());
                g.nodes.push(Node {
                    key,
                    label: p.label.clone(),
                    type_id: p.type_id.clone(),
                    weight: 1,
                });
            }
        }
        let node_of = |g: &Graph, f: Filler| match f {
            Filler::Entity(x) => g.index.get(&NodeKey::Entity(x)).copied(),
            Filler::Event(x) => g.index.get(&NodeKey::Event(x)).copied(),
        };
        for (id, p) in visible() {
            if self.is_edge(*id, p) {
                if let Some((a, r)) = p.pair
                    && let (Some(from), Some(to)) = (
                        node_of(&g, Filler::Entity(a)),
                        node_of(&g, Filler::Entity(r)),
                    )
                {
                    g.edges.push(Edge {
                        key: EdgeKey::Event(*id),
                        from,
                        to,
                        label: p.type_name.clone(),
                        type_id: p.type_id.clone(),
                        date: p.date,
                    });
                }
                continue;
            }
            let Some(&me) = g.index.get(&NodeKey::Event(*id)) else {
                continue;
            };
            for (i, (f, role, actor)) in p.args.iter().enumerate() {
                let Some(other) = node_of(&g, *f) else {
                    continue;
                };
                // Actors point at the event; everything else hangs off it.
                let (from, to) = if *actor { (other, me) } else { (me, other) };
                g.edges.push(Edge {
                    key: EdgeKey::Argument(*id, i),
                    from,
                    to,
                    label: role.clone(),
                    type_id: p.type_id.clone(),
                    date: p.date,
                });
            }
        }
        for (id, r) in &self.relations {
            if let (Some(&from), Some(&to)) = (
                g.index.get(&NodeKey::Entity(r.from)),
                g.index.get(&NodeKey::Entity(r.to)),
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
        filtered(g, filter)
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

/// Focus, size and isolation filters keep a subset of nodes; edges between kept nodes stay.
fn filtered(g: Graph, filter: &GraphFilter) -> Graph {
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
        assert!(g.nodes.iter().any(|n| &*n.label == "Alice"));
    }
}
