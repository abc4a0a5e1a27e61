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
    let schema = presets::default_schema();
    // Entities first: people, organisations (some named after a place, which nests), places.
    struct Ent {
        name: String,
        ty: &'static str,
        /// Char offset of a nested GPE name inside the organisation's name.
        nested_place: Option<(usize, usize)>,
    }
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
    let mut text = String::with_capacity(size.bytes + 1024);
    let mut chars = 0usize;
    let mut mentions: Vec<(Span, usize)> = Vec::new();
    let mut nested: Vec<Span> = Vec::new();
    let mut triggers: Vec<(Span, &'static str, usize, usize, usize)> = Vec::new();
    let push = |text: &mut String, chars: &mut usize, s: &str| {
        text.push_str(s);
        *chars += s.chars().count();
    };
    let mention = |text: &mut String,
                   chars: &mut usize,
                   mentions: &mut Vec<(Span, usize)>,
                   nested: &mut Vec<Span>,
                   e: usize| {
        let start = *chars;
        text.push_str(&ents[e].name);
        *chars += ents[e].name.chars().count();
        mentions.push((Span::new(start, *chars), e));
        if let Some((a, b)) = ents[e].nested_place {
            nested.push(Span::new(start + a, start + b));
        }
    };
    let mut sentence = 0usize;
    while text.len() < size.bytes {
        // A paragraph of three to six sentences.
        for _ in 0..3 + rng.below(4) {
            sentence += 1;
            if sentence.is_multiple_of(3) {
                push(&mut text, &mut chars, FILLER[rng.below(FILLER.len())]);
            } else {
                let a = rng.below(ents.len());
                let b = rng.below(ents.len());
                let p = rng.below(ents.len());
                mention(&mut text, &mut chars, &mut mentions, &mut nested, a);
                push(&mut text, &mut chars, " ");
                let (verb, ty) = TRIGGERS[rng.below(TRIGGERS.len())];
                let t = Span::new(chars, chars + verb.chars().count());
                push(&mut text, &mut chars, verb);
                push(&mut text, &mut chars, " ");
                mention(&mut text, &mut chars, &mut mentions, &mut nested, b);
                push(&mut text, &mut chars, " near ");
                mention(&mut text, &mut chars, &mut mentions, &mut nested, p);
                push(
                    &mut text,
                    &mut chars,
                    " on Thursday, according to a report 🔥.",
                );
                triggers.push((
                    t,
                    ty,
                    mentions.len() - 3,
                    mentions.len() - 2,
                    mentions.len() - 1,
                ));
            }
            push(&mut text, &mut chars, " ");
        }
        push(&mut text, &mut chars, "\n\n");
    }
    let mut s = Session::new(Article::new("Synthetic article", &text), schema);
    // Entities that are never mentioned are left out.
    let mut entity_ids: BTreeMap<usize, EntityId> = BTreeMap::new();
    let mut mention_ids = Vec::with_capacity(mentions.len());
    for (span, e) in &mentions {
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
    // Nested place names inside organisation names: mentions of a GPE entity per place word.
    let mut place_entities: BTreeMap<String, EntityId> = BTreeMap::new();
    for span in nested {
        let name = s.article.slice(span).unwrap_or_default().to_owned();
        let eid = *place_entities.entry(name.clone()).or_insert_with(|| {
            let id = EntityId(s.alloc_id());
            s.entities.insert(id, Entity::new(id, name, "GPE"));
            id
        });
        let mid = MentionId(s.alloc_id());
        let m = s.make_mention(mid, span, "GPE", eid);
        s.mentions.insert(mid, m);
    }
    let arg = |role: &str, m: MentionId, s: &Session| Argument {
        role: role.into(),
        filler: Filler::Entity(s.mentions[&m].entity),
        mention: Some(m),
    };
    for (trigger, ty, a, b, p) in triggers.iter().take(size.events) {
        let id = EventId(s.alloc_id());
        let mut e = Event::new(id, *ty, Some(*trigger));
        e.arguments = vec![
            arg("Actor", mention_ids[*a], &s),
            arg("Recipient", mention_ids[*b], &s),
            arg("Place", mention_ids[*p], &s),
        ];
        e.arguments
            .dedup_by(|x, y| x.role == y.role && x.filler == y.filler);
        s.events.insert(id, e);
    }
    let ents_list: Vec<EntityId> = s.entities.keys().copied().collect();
    let rel_types: Vec<String> = s
        .schema
        .relation_types
        .iter()
        .map(|r| r.id.clone())
        .collect();
    for _ in 0..size.relations {
        let (f, t) = (
            ents_list[rng.below(ents_list.len())],
            ents_list[rng.below(ents_list.len())],
        );
        if f == t {
            continue;
        }
        let id = RelationId(s.alloc_id());
        s.relations.insert(
            id,
            Relation {
                id,
                relation_type: rel_types[rng.below(rel_types.len())].clone(),
                from: f,
                to: t,
                evidence: None,
                note: String::new(),
                from_mention: None,
                to_mention: None,
            },
        );
    }
    s
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
