//! The places of an article or a project on the world map: which entities are places, where
//! each is (the analyst's pin, else its knowledge-base id or its name in a gazetteer), the
//! events at them, the land to draw under them, and the same as GeoJSON.

mod picture;

pub use picture::{Frame, marker_radius, place_labels, screen_points, svg};

use super::gazetteer::Lists;
use super::project_views::Filter;
use crate::io::project_index::ArticleIndex;
use crate::model::geo::GeoPoint;
use crate::model::project::Project;
use crate::model::types::{EntityId, EventId, Filler};
use crate::model::{PartialDate, Session};
use std::collections::HashMap;

/// Whether entities of this type are places (ACE's GPE, LOC and FAC, and the names other
/// schemas give them).
pub fn is_place_type(type_id: &str) -> bool {
    const PLACES: [&str; 10] = [
        "gpe", "loc", "location", "fac", "facility", "place", "city", "country", "region", "geo",
    ];
    PLACES.contains(&type_id.to_lowercase().as_str())
}

/// The roles that say where an event happened, the first one found wins.
const PLACE_ROLES: [&str; 5] = ["place", "location", "site", "destination", "origin"];

/// Where a place's point came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Located {
    /// The analyst pinned it on the map.
    Pin,
    /// Its knowledge-base id is in a gazetteer with coordinates.
    KnowledgeBase,
    /// Its name or an alias is.
    Name,
    /// A listed place is named inside its name ("Baghdad" in "Baghdad International
    /// Airport"): it is put there until pinned.
    Within,
    /// Nowhere yet: to pin.
    Nowhere,
}

impl Located {
    pub fn describe(self) -> &'static str {
        match self {
            Located::Pin => "pinned",
            Located::KnowledgeBase => "from its id",
            Located::Name => "by its name",
            Located::Within => "at the place in its name",
            Located::Nowhere => "not placed",
        }
    }
}

/// What a marker stands for: an entity of the open article, or a place of the project (its
/// registry entry, knowledge-base id or type and name), to open in its first article.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PlaceKey {
    Entity(EntityId),
    Project(String),
}

/// One place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub key: PlaceKey,
    pub name: String,
    pub entity_type: String,
    pub kb_id: Option<String>,
    pub point: Option<GeoPoint>,
    pub located: Located,
    pub mentions: usize,
    /// The articles that name it (the open one's title on one article) and, in a project, the
    /// first one's file and where its first mention starts.
    pub articles: Vec<String>,
    pub open_at: Option<(String, usize)>,
}

/// What an event marker stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventKey {
    Event(EventId),
    /// A project's event: its article's file and where its trigger starts.
    Project(String, usize),
}

/// An event, drawn at its place.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMark {
    pub key: EventKey,
    pub event_type: String,
    pub label: String,
    pub date: Option<String>,
    /// Index in [`Geo::places`] of where it happened, when an argument says and that place is
    /// on the map.
    pub at: Option<usize>,
    /// Its other arguments that are places on the map: (role, index in places).
    pub others: Vec<(String, usize)>,
    /// Every entity argument: (role, name).
    pub roles: Vec<(String, String)>,
}

/// Everything the world map shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Geo {
    pub places: Vec<Place>,
    pub events: Vec<EventMark>,
}

impl Geo {
    /// The place of a key.
    pub fn place(&self, key: &PlaceKey) -> Option<&Place> {
        self.places.iter().find(|p| p.key == *key)
    }

    /// How many places have a point.
    pub fn located(&self) -> usize {
        self.places.iter().filter(|p| p.point.is_some()).count()
    }
}

fn locate(
    pin: Option<GeoPoint>,
    kb_id: Option<&str>,
    names: &[&str],
    lists: &Lists,
) -> (Option<GeoPoint>, Located) {
    if let Some(p) = pin {
        return (Some(p), Located::Pin);
    }
    if let Some(p) = kb_id.and_then(|k| lists.point_of(Some(k), [])) {
        return (Some(p), Located::KnowledgeBase);
    }
    if let Some(p) = lists.point_of(None, names.iter().copied()) {
        return (Some(p), Located::Name);
    }
    match names.first().and_then(|n| lists.point_within(n)) {
        Some((p, _)) => (Some(p), Located::Within),
        None => (None, Located::Nowhere),
    }
}

/// The places and events of one article.
pub fn of_session(s: &Session, lists: &Lists) -> Geo {
    let mut counts: HashMap<EntityId, usize> = HashMap::new();
    for m in s.mentions.values() {
        *counts.entry(m.entity).or_default() += 1;
    }
    let mut places = Vec::new();
    let mut index: HashMap<EntityId, usize> = HashMap::new();
    for e in s.entities.values() {
        if !is_place_type(&e.entity_type) && e.pin.is_none() {
            continue;
        }
        let names: Vec<&str> = std::iter::once(e.name.as_str())
            .chain(e.aliases.iter().map(String::as_str))
            .collect();
        let (point, located) = locate(e.pin, e.kb_id.as_deref(), &names, lists);
        index.insert(e.id, places.len());
        places.push(Place {
            key: PlaceKey::Entity(e.id),
            name: e.name.clone(),
            entity_type: e.entity_type.clone(),
            kb_id: e.kb_id.clone(),
            point,
            located,
            mentions: counts.get(&e.id).copied().unwrap_or(0),
            articles: vec![s.article.title.clone()],
            open_at: None,
        });
    }
    let events = s
        .events
        .values()
        .map(|e| {
            let args: Vec<(String, EntityId)> = e
                .arguments
                .iter()
                .filter_map(|a| match a.filler {
                    Filler::Entity(x) => Some((a.role.clone(), x)),
                    Filler::Event(_) => None,
                })
                .collect();
            let date = e.date.map(|_| PartialDate::range_text(e.date, e.date_end));
            let name = |x: EntityId| s.entities.get(&x).map(|e| e.name.clone());
            mark(
                EventKey::Event(e.id),
                e.event_type.clone(),
                s.event_label(e),
                date,
                &args,
                |x| index.get(x).copied().filter(|&i| places[i].point.is_some()),
                name,
            )
        })
        .collect();
    Geo { places, events }
}

/// An event's marker: at its first place-role argument on the map, lines to its other located
/// arguments.
fn mark<K>(
    key: EventKey,
    event_type: String,
    label: String,
    date: Option<String>,
    args: &[(String, K)],
    place_of: impl Fn(&K) -> Option<usize>,
    name_of: impl Fn(K) -> Option<String>,
) -> EventMark
where
    K: Copy,
{
    let is_place_role = |r: &str| PLACE_ROLES.contains(&r.to_lowercase().as_str());
    let at = PLACE_ROLES.iter().find_map(|want| {
        args.iter()
            .filter(|(r, _)| r.eq_ignore_ascii_case(want))
            .find_map(|(_, x)| place_of(x))
    });
    let others = args
        .iter()
        .filter_map(|(r, x)| Some((r.clone(), place_of(x)?)))
        .filter(|(r, i)| Some(*i) != at && !(is_place_role(r) && at.is_none()))
        .collect();
    let roles = args
        .iter()
        .filter_map(|(r, x)| Some((r.clone(), name_of(*x)?)))
        .collect();
    EventMark {
        key,
        event_type,
        label,
        date,
        at,
        others,
        roles,
    }
}

/// The places and events of a project's indexed articles that pass `f`: an entity linked to the
/// registry is one place however many articles name it (the registry's name), as is one with a
/// knowledge-base id; others are one per type and name. Only types in `types` when given.
pub fn of_project<'a>(
    p: &Project,
    articles: impl Iterator<Item = &'a ArticleIndex>,
    f: &Filter,
    lists: &Lists,
) -> Geo {
    let mut places: Vec<Place> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut events = Vec::new();
    for a in articles.filter(|a| f.article_ok(a)) {
        let in_range: Vec<_> = a
            .events
            .iter()
            .filter(|e| f.date_ok(e.date.as_deref().or(a.published.as_deref())))
            .collect();
        let article_in_range = f.date_ok(a.published.as_deref());
        let mut local: HashMap<u64, usize> = HashMap::new();
        for e in &a.entities {
            if !is_place_type(&e.entity_type) && e.pin.is_none() {
                continue;
            }
            let in_events = in_range
                .iter()
                .any(|ev| ev.args.iter().any(|(_, x)| *x == e.id));
            if !article_in_range && !in_events {
                continue;
            }
            let reg = e.registry.as_deref().and_then(|r| p.registry.resolve(r));
            let name = reg.map_or(e.name.as_str(), |r| r.name.as_str());
            let key = match (reg, &e.kb_id) {
                (Some(r), _) => format!("registry:{}", r.id),
                (None, Some(k)) => format!("kb:{k}"),
                (None, None) => format!("name:{}:{}", e.entity_type, name.to_lowercase()),
            };
            let at = *by_key.entry(key.clone()).or_insert_with(|| {
                let (point, located) = locate(e.pin, e.kb_id.as_deref(), &[name], lists);
                places.push(Place {
                    key: PlaceKey::Project(key),
                    name: name.to_owned(),
                    entity_type: e.entity_type.clone(),
                    kb_id: e.kb_id.clone(),
                    point,
                    located,
                    mentions: 0,
                    articles: Vec::new(),
                    open_at: Some((a.file.clone(), e.first)),
                });
                places.len() - 1
            });
            let place = &mut places[at];
            place.mentions += e.mentions;
            if !place.articles.contains(&a.title) {
                place.articles.push(a.title.clone());
            }
            // A pin in any article places it, where nothing else did.
            if place.point.is_none() && e.pin.is_some() {
                (place.point, place.located) = (e.pin, Located::Pin);
            }
            local.insert(e.id, at);
        }
        for ev in in_range {
            if f.event_type.as_ref().is_some_and(|t| *t != ev.event_type) {
                continue;
            }
            let name = |x: u64| {
                a.entities.iter().find(|e| e.id == x).map(|e| {
                    let reg = e.registry.as_deref().and_then(|r| p.registry.resolve(r));
                    reg.map_or(e.name.clone(), |r| r.name.clone())
                })
            };
            let located = |x: &u64| local.get(x).copied().filter(|&i| places[i].point.is_some());
            events.push(mark(
                EventKey::Project(a.file.clone(), ev.at),
                ev.event_type.clone(),
                ev.label.clone(),
                ev.date.clone().or_else(|| a.published.clone()),
                &ev.args,
                located,
                name,
            ));
        }
    }
    Geo { places, events }
}

/// The land: every country outline cut into triangles, as (lon, lat) vertices and index
/// triples. Made once; the map moves it with the view.
pub fn land() -> &'static (Vec<[f32; 2]>, Vec<u32>) {
    static LAND: std::sync::OnceLock<(Vec<[f32; 2]>, Vec<u32>)> = std::sync::OnceLock::new();
    LAND.get_or_init(|| {
        let mut vertices = Vec::new();
        let mut indices = Vec::new();
        for poly in crate::io::world_map::countries() {
            let mut flat = Vec::new();
            let mut holes = Vec::new();
            for (k, ring) in poly.rings.iter().enumerate() {
                if k > 0 {
                    holes.push(flat.len() / 2);
                }
                flat.extend(ring.iter().flat_map(|p| [f64::from(p[0]), f64::from(p[1])]));
            }
            // A polygon earcut cannot cut is left out of the fill; its outline is still drawn.
            let Ok(tris) = earcutr::earcut(&flat, &holes, 2) else {
                continue;
            };
            let base = vertices.len() as u32;
            vertices.extend(poly.rings.iter().flatten().copied());
            indices.extend(tris.into_iter().map(|i| base + i as u32));
        }
        (vertices, indices)
    })
}

/// The map as a GeoJSON FeatureCollection: each located place a Point (entity, name, type, KB
/// id, mentions, articles, how it was located), each event at a place a Point (type, label,
/// date, roles), and a LineString from an event to each other place it involves.
pub fn geojson(g: &Geo) -> serde_json::Value {
    use serde_json::json;
    let coords = |p: GeoPoint| json!([p.lon, p.lat]);
    let mut features = Vec::new();
    for p in &g.places {
        let Some(point) = p.point else { continue };
        let entity = match &p.key {
            PlaceKey::Entity(e) => json!(e.0),
            PlaceKey::Project(k) => json!(k),
        };
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": coords(point)},
            "properties": {
                "kind": "place",
                "entity": entity,
                "name": p.name,
                "type": p.entity_type,
                "kb_id": p.kb_id,
                "mentions": p.mentions,
                "article": p.articles.join("; "),
                "located": p.located.describe(),
            }
        }));
    }
    for e in &g.events {
        let Some(at) = e.at.and_then(|i| g.places[i].point) else {
            continue;
        };
        let roles: serde_json::Map<String, serde_json::Value> =
            e.roles.iter().map(|(r, n)| (r.clone(), json!(n))).collect();
        let (article, event) = match &e.key {
            EventKey::Event(id) => (None, json!(id.0)),
            EventKey::Project(file, at) => (Some(file.clone()), json!(format!("{file}@{at}"))),
        };
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": coords(at)},
            "properties": {
                "kind": "event", "event": event, "type": e.event_type, "label": e.label,
                "date": e.date, "roles": roles, "article": article,
            }
        }));
        for (role, i) in &e.others {
            let Some(to) = g.places[*i].point else {
                continue;
            };
            features.push(json!({
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [coords(at), coords(to)]},
                "properties": {
                    "kind": "event-link", "event": event, "role": role,
                    "to": g.places[*i].name,
                }
            }));
        }
    }
    json!({"type": "FeatureCollection", "features": features})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::presets;
    use crate::model::types::{Argument, Event};

    fn session(text: &str) -> Session {
        Session::new(
            crate::model::Article::new("t", text),
            presets::default_schema(),
        )
    }

    fn arg(role: &str, e: EntityId) -> Argument {
        Argument {
            role: role.into(),
            filler: Filler::Entity(e),
            mention: None,
        }
    }

    #[test]
    fn places_are_located_by_pin_then_id_then_name_and_events_sit_at_their_place() {
        let mut s = session("Strikes hit Baghdad and Ostrava; Iran denied it. Qom was quiet.");
        let baghdad = crate::model::Span::new(12, 19);
        for (span, ty) in [
            (baghdad, "GPE"),
            (crate::model::Span::new(24, 31), "GPE"),
            (crate::model::Span::new(33, 37), "GPE"),
            (crate::model::Span::new(49, 52), "GPE"),
        ] {
            let c = s.cmd_annotate(span, ty).unwrap();
            s.apply(c).unwrap();
        }
        let id = |name: &str| s.entities.values().find(|e| e.name == name).unwrap().id;
        let (bg, ost, iran) = (id("Baghdad"), id("Ostrava"), id("Iran"));
        let mut ostrava = s.entities[&ost].clone();
        ostrava.pin = Some(GeoPoint::new(49.83, 18.28).unwrap());
        s.apply(crate::model::Command::UpdateEntity(ostrava))
            .unwrap();
        let mut iran_e = s.entities[&iran].clone();
        iran_e.kb_id = Some("Q794".into());
        s.apply(crate::model::Command::UpdateEntity(iran_e))
            .unwrap();
        let trigger = crate::model::Span::new(8, 11);
        let mut ev = Event::new(EventId(900), "ASSAULT", Some(trigger));
        ev.arguments = vec![arg("Place", bg), arg("Actor", iran)];
        s.apply(crate::model::Command::AddEvent(ev)).unwrap();

        let g = of_session(&s, &Lists::world());
        let place = |name: &str| {
            g.places
                .iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("{name}: {:?}", s.entities))
        };
        assert_eq!(place("Ostrava").located, Located::Pin);
        assert_eq!(place("Iran").located, Located::KnowledgeBase);
        assert_eq!(place("Baghdad").located, Located::Name);
        let b = place("Baghdad").point.unwrap();
        assert!(
            (b.lat - 33.34).abs() < 0.1 && (b.lon - 44.40).abs() < 0.1,
            "{b}"
        );
        assert_eq!(place("Qom").located, Located::Nowhere);
        let e = &g.events[0];
        assert_eq!(g.places[e.at.unwrap()].name, "Baghdad");
        assert_eq!(e.others.len(), 1);
        assert_eq!(g.places[e.others[0].1].name, "Iran");

        let json = geojson(&g);
        let features = json["features"].as_array().unwrap();
        // Three located places, the event, its line to Iran.
        assert_eq!(features.len(), 5, "{json:#}");
        let ostrava = features
            .iter()
            .find(|f| f["properties"]["name"] == "Ostrava")
            .unwrap();
        assert_eq!(
            ostrava["geometry"]["coordinates"],
            serde_json::json!([18.28, 49.83])
        );
        assert_eq!(ostrava["properties"]["located"], "pinned");
        let event = features
            .iter()
            .find(|f| f["properties"]["kind"] == "event")
            .unwrap();
        assert_eq!(event["properties"]["roles"]["Actor"], "Iran");
    }

    #[test]
    fn the_land_is_cut_into_triangles() {
        let (v, i) = land();
        assert!(v.len() > 5000 && i.len() % 3 == 0 && i.len() > 3 * 5000);
        assert!(i.iter().all(|&k| (k as usize) < v.len()));
    }
}
