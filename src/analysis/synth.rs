//! Seeded synthetic sessions of a given size, in realistic paragraphs, for benchmarks and scale
//! tests. The same parameters always give the same session.

use crate::model::schema::presets;
use crate::model::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// Approximate article length in bytes.
    pub bytes: usize,
    pub entities: usize,
    pub events: usize,
    pub relations: usize,
    pub seed: u64,
}

impl Size {
    /// The sizes the benchmarks use: 10 KB, 100 KB, 1 MB (20,000 mentions, 2,000 entities, 2,000
    /// events) and 10 MB.
    pub fn named(name: &str) -> Option<Size> {
        let s = |bytes, entities, events, relations| Size {
            bytes,
            entities,
            events,
            relations,
            seed: 7,
        };
        match name {
            "10k" => Some(s(10_000, 40, 20, 10)),
            "100k" => Some(s(100_000, 250, 200, 80)),
            "1m" => Some(s(1_000_000, 2_000, 2_000, 500)),
            "10m" => Some(s(10_000_000, 20_000, 20_000, 5_000)),
            _ => None,
        }
    }
}

/// xorshift64*: small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const FIRST: &[&str] = &[
    "Tomás",
    "Zoë",
    "Aïcha",
    "Pavel",
    "Mirela",
    "Kwame",
    "Sabine",
    "Oleksandr",
    "Katarzyna",
    "Dmitri",
    "Hélène",
    "Yusuf",
    "Ngozi",
    "Björn",
    "Lucía",
    "Ahmad",
];
const LAST: &[&str] = &[
    "Ibáñez",
    "Dragović",
    "Benali",
    "Krejčí",
    "Mensah",
    "Lévesque",
    "Vronsky",
    "Wróblewska",
    "Halász",
    "Okafor",
    "Søgaard",
    "Haddad",
    "Moreau",
    "Novák",
    "Quispe",
    "Rahimi",
];
const PLACES: &[&str] = &[
    "Port Veyra",
    "Kessel",
    "Ostrava City",
    "Saint-Anne",
    "Halvern",
    "Black Reef",
    "Dunmore",
    "Velka",
    "Marisol",
    "Tarkan",
];
const ORG_HEAD: &[&str] = &[
    "Ministry of Defence",
    "Grain Union",
    "Harbour Authority",
    "Red Crescent",
    "Border Guard",
    "Central Bank",
    "Farmers’ League",
    "Coast Guard",
];
const TRIGGERS: &[(&str, &str)] = &[
    ("accused", "ACCUSE"),
    ("struck", "ASSAULT"),
    ("met", "CONSULT"),
    ("threatened", "THREATEN"),
    ("sanctioned", "SANCTION"),
    ("aided", "AID"),
    ("rejected", "REJECT"),
    ("demanded", "REQUEST"),
];
const FILLER: &[&str] = &[
    "Officials said the talks would continue next week.",
    "The statement did not say how many people were affected.",
    "Residents described a night of fear and confusion.",
    "“We will not accept this,” a spokesman said.",
    "Shipping data showed vessels waiting outside the breakwater.",
    "The claim could not be independently verified.",
];

/// A session of about the given size; every span and reference is valid.
pub fn session(size: Size) -> Session {
    let mut rng = Rng(size.seed.max(1));
    let ents = entities(&size, &mut rng);
    let text = Writer::write(&size, &mut rng, &ents);
    let mut s = Session::new(
        Article::new("Synthetic article", &text.text),
        presets::default_schema(),
    );
    let mention_ids = add_mentions(&mut s, &text, &ents);
    add_events(&mut s, &text, &mention_ids, size.events);
    add_relations(&mut s, &mut rng, size.relations);
    s
}

/// An entity to write about.
struct Ent {
    name: String,
    ty: &'static str,
    /// Char offsets of a nested GPE name inside the organisation's name.
    nested_place: Option<(usize, usize)>,
}

/// People, organisations (some named after a place, which nests), places, in turn.
fn entities(size: &Size, rng: &mut Rng) -> Vec<Ent> {
    let mut ents: Vec<Ent> = Vec::with_capacity(size.entities);
    for i in 0..size.entities.max(3) {
        let ent = match i % 3 {
            0 => Ent {
                name: format!(
                    "{} {} {}",
                    FIRST[rng.below(FIRST.len())],
                    LAST[rng.below(LAST.len())],
                    roman(i / 3)
                ),
                ty: "Person",
                nested_place: None,
            },
            1 => {
                let place = PLACES[rng.below(PLACES.len())];
                let head = ORG_HEAD[rng.below(ORG_HEAD.len())];
                let name = format!("{place} {head} {}", roman(i / 3));
                Ent {
                    nested_place: Some((0, place.chars().count())),
                    name,
                    ty: "Organization",
                }
            }
            _ => Ent {
                name: format!("{} {}", PLACES[rng.below(PLACES.len())], roman(i / 3)),
                ty: "GPE",
                nested_place: None,
            },
        };
        ents.push(ent);
    }
    ents
}

/// The article as it is written, with where each mention and trigger went.
#[derive(Default)]
struct Writer {
    text: String,
    chars: usize,
    /// Span and entity index of each mention.
    mentions: Vec<(Span, usize)>,
    nested: Vec<Span>,
    /// Trigger, event type, and the actor, recipient and place mentions (indexes).
    triggers: Vec<(Span, &'static str, usize, usize, usize)>,
}

impl Writer {
    fn write(size: &Size, rng: &mut Rng, ents: &[Ent]) -> Writer {
        let mut w = Writer {
            text: String::with_capacity(size.bytes + 1024),
            ..Default::default()
        };
        let mut sentence = 0usize;
        while w.text.len() < size.bytes {
            // A paragraph of three to six sentences.
            for _ in 0..3 + rng.below(4) {
                sentence += 1;
                if sentence.is_multiple_of(3) {
                    w.push(FILLER[rng.below(FILLER.len())]);
                } else {
                    w.event_sentence(rng, ents);
                }
                w.push(" ");
            }
            w.push("\n\n");
        }
        w
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    fn mention(&mut self, ents: &[Ent], e: usize) {
        let start = self.chars;
        self.push(&ents[e].name);
        self.mentions.push((Span::new(start, self.chars), e));
        if let Some((a, b)) = ents[e].nested_place {
            self.nested.push(Span::new(start + a, start + b));
        }
    }

    /// "A verb B near P on Thursday, according to a report 🔥."
    fn event_sentence(&mut self, rng: &mut Rng, ents: &[Ent]) {
        let a = rng.below(ents.len());
        let b = rng.below(ents.len());
        let p = rng.below(ents.len());
        self.mention(ents, a);
        self.push(" ");
        let (verb, ty) = TRIGGERS[rng.below(TRIGGERS.len())];
        let t = Span::new(self.chars, self.chars + verb.chars().count());
        self.push(verb);
        self.push(" ");
        self.mention(ents, b);
        self.push(" near ");
        self.mention(ents, p);
        self.push(" on Thursday, according to a report 🔥.");
        let n = self.mentions.len();
        self.triggers.push((t, ty, n - 3, n - 2, n - 1));
    }
}

/// Entities (those never mentioned are left out) and their mentions, then a GPE mention for
/// each place name nested in an organisation's name. Returns the ids of the first kind, in
/// writing order.
fn add_mentions(s: &mut Session, w: &Writer, ents: &[Ent]) -> Vec<MentionId> {
    let mut entity_ids: BTreeMap<usize, EntityId> = BTreeMap::new();
    let mut mention_ids = Vec::with_capacity(w.mentions.len());
    for (span, e) in &w.mentions {
        let eid = *entity_ids.entry(*e).or_insert_with(|| {
            let id = EntityId(s.alloc_id());
            s.entities
                .insert(id, Entity::new(id, ents[*e].name.clone(), ents[*e].ty));
            id
        });
        let mid = MentionId(s.alloc_id());
        let m = s.make_mention(mid, *span, ents[*e].ty, eid);
        s.mentions.insert(mid, m);
        mention_ids.push(mid);
    }
    let mut place_entities: BTreeMap<String, EntityId> = BTreeMap::new();
    for span in &w.nested {
        let name = s.article.slice(*span).unwrap_or_default().to_owned();
        let eid = *place_entities.entry(name.clone()).or_insert_with(|| {
            let id = EntityId(s.alloc_id());
            s.entities.insert(id, Entity::new(id, name, "GPE"));
            id
        });
        let mid = MentionId(s.alloc_id());
        let m = s.make_mention(mid, *span, "GPE", eid);
        s.mentions.insert(mid, m);
    }
    mention_ids
}

/// An event per written trigger, up to `max`, with its actor, recipient and place.
fn add_events(s: &mut Session, w: &Writer, mention_ids: &[MentionId], max: usize) {
    let arg = |role: &str, m: MentionId, s: &Session| Argument {
        role: role.into(),
        filler: Filler::Entity(s.mentions[&m].entity),
        mention: Some(m),
    };
    for (k, (trigger, ty, a, b, p)) in w.triggers.iter().take(max).enumerate() {
        let id = EventId(s.alloc_id());
        let mut e = Event::new(id, *ty, Some(*trigger));
        // Dated over two years, as a dossier's events are: most to the day, some to the month,
        // some not at all (for the timeline's measurements).
        let (month, day) = ((k * 7) % 24, 1 + (k * 13) % 28);
        let (year, month) = (2023 + (month / 12) as i32, (month % 12) as u8 + 1);
        e.date = match k % 10 {
            9 => None,
            8 => Some(PartialDate {
                year,
                month: Some(month),
                day: None,
            }),
            _ => Some(PartialDate {
                year,
                month: Some(month),
                day: Some(day as u8),
            }),
        };
        e.arguments = vec![
            arg("Actor", mention_ids[*a], s),
            arg("Recipient", mention_ids[*b], s),
            arg("Place", mention_ids[*p], s),
        ];
        e.arguments
            .dedup_by(|x, y| x.role == y.role && x.filler == y.filler);
        s.events.insert(id, e);
    }
}

/// `n` relations of random types between random entities (self-relations skipped).
fn add_relations(s: &mut Session, rng: &mut Rng, n: usize) {
    let ents: Vec<EntityId> = s.entities.keys().copied().collect();
    let types: Vec<String> = s
        .schema
        .relation_types
        .iter()
        .map(|r| r.id.clone())
        .collect();
    for _ in 0..n {
        let (from, to) = (ents[rng.below(ents.len())], ents[rng.below(ents.len())]);
        if from == to {
            continue;
        }
        let id = RelationId(s.alloc_id());
        let relation = Relation::new(id, types[rng.below(types.len())].clone(), from, to);
        s.relations.insert(id, relation);
    }
}

fn roman(n: usize) -> String {
    // Distinct names for many entities, written the way news names dynasties and ships.
    const R: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n + 1;
    let mut out = String::new();
    for (v, s) in R {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Link every entity of article `i` of `n` to a registry entry: entry k of up to 5 n, drawn
/// skewed (u³) so that low entries are in many articles, as the main people of a dossier are.
fn link_to_registry(p: &mut crate::model::project::Project, s: &mut Session, i: usize, n: usize) {
    use crate::model::registry::{RegEdit, RegEntity};
    let entries = (5 * n).max(1);
    for (j, e) in s.entities.values_mut().enumerate() {
        // A seeded hash of (article, entity) as the uniform draw.
        let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (j as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 31;
        x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 29;
        let u = (x >> 11) as f64 / (1u64 << 53) as f64;
        let k = ((entries as f64) * u * u * u) as usize;
        let id = format!("r{k:07}");
        if p.registry.get(&id).is_none() {
            let entry = RegEntity::new(id.clone(), &format!("{} {k}", e.name), &e.entity_type);
            // Fresh ids in a fresh registry: adding cannot fail.
            let _ = p.registry.apply(RegEdit::Add(entry));
        }
        e.registry = Some(id);
    }
}

/// Write a seeded synthetic project of `n` articles into `dir` (about 5 KB of text, 150
/// mentions, 20 entities, 10 events and 5 relations each; every entity linked to one of up to
/// 5 n registry entries), for measurements and benchmarks.
pub fn write_project(
    dir: &std::path::Path,
    n: usize,
) -> Result<crate::model::project::Project, String> {
    use crate::io::project::{PROJECT_FILE, entry_for, save_project};
    if dir.join(PROJECT_FILE).exists() {
        return Err(format!("{} already holds a project", dir.display()));
    }
    std::fs::create_dir_all(dir.join("articles")).map_err(|e| e.to_string())?;
    let mut p = crate::model::project::Project::new(
        "Synthetic project",
        super::super::model::schema::presets::default_schema(),
    );
    for i in 0..n {
        let mut s = session(Size {
            bytes: 5_000,
            entities: 20,
            events: 10,
            relations: 5,
            seed: i as u64 + 1,
        });
        s.article.title = format!("Synthetic article {i}");
        link_to_registry(&mut p, &mut s, i, n);
        let file = format!("articles/synth-{i:05}.ron");
        let text = crate::io::session_to_string(&s).map_err(|e| e.to_string())?;
        std::fs::write(dir.join(&file), text).map_err(|e| e.to_string())?;
        p.insert(entry_for(&s, file, None));
    }
    save_project(dir, &p).map_err(|e| e.to_string())?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_deterministic_and_sized() {
        let a = session(Size::named("10k").unwrap());
        assert!(a.problems().is_empty(), "{:?}", a.problems());
        let b = session(Size::named("10k").unwrap());
        assert_eq!(a, b);
        assert!(a.text().len() >= 10_000);
        assert!(a.mentions.len() > 100);
        assert!(a.events.len() == 20);
    }

    #[test]
    fn one_megabyte() {
        let s = session(Size::named("1m").unwrap());
        assert!(s.problems().is_empty());
        assert!(s.mentions.len() >= 20_000, "{}", s.mentions.len());
        assert_eq!(s.events.len(), 2_000);
        assert!(s.entities.len() >= 2_000, "{}", s.entities.len());
    }
}
