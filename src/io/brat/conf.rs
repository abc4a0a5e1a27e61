//! `annotation.conf`: read into a [`Conf`], turned into a schema with the types the annotations
//! use, and written for a session's schema.

use super::Warning;
use crate::model::Schema;
use crate::model::schema::{AttributeType, Color, EntityType, EventType, RelationType, Role};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// A role in a conf event line: id, cardinality (`?`, `*`, `+`, `{2}` or empty), filler types.
pub type RoleSpec = (String, String, Vec<String>);
/// An event type and its roles.
pub type EventSpec = (String, Vec<RoleSpec>);

/// The parts of `annotation.conf` Dossier keeps.
#[derive(Debug, Default, Clone)]
pub struct Conf {
    pub entities: Vec<String>,
    /// name, role specs (role, cardinality, filler types)
    pub events: Vec<EventSpec>,
    /// name, arg1 types, arg2 types, symmetric-transitive
    pub relations: Vec<(String, Vec<String>, Vec<String>, bool)>,
    /// name, applies to, values
    pub attributes: Vec<(String, Vec<String>, Vec<String>)>,
    /// Relation types whose arguments are not called Arg1 and Arg2: their two role names.
    pub relation_roles: BTreeMap<String, (String, String)>,
}

/// A conf line may expand to at most this much after macro substitution: brat's macros can
/// nest, and a few lines of `<A>=<B><B>` would otherwise fill the memory.
const MAX_EXPANDED_LINE: usize = 64 * 1024;

pub fn parse_conf(text: &str, warnings: &mut Vec<Warning>) -> Conf {
    let mut conf = Conf::default();
    let mut section = String::new();
    let mut macros: Vec<(String, String)> = Vec::new();
    let mut warn = |line: usize, message: String| {
        warnings.push(Warning {
            file: "conf",
            line,
            message,
            kept: super::Kept::Whole,
        });
    };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        // Blank lines and brat's separator lines ("-----") carry nothing.
        if line.is_empty() || line.chars().all(|c| c == '-') {
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            section = line[1..line.len() - 1].trim().to_owned();
            if !matches!(
                section.as_str(),
                "entities" | "spans" | "relations" | "events" | "attributes"
            ) {
                warn(
                    line_no,
                    format!("section [{section}] is not one Dossier reads; its lines are skipped"),
                );
            }
            continue;
        }
        if let Some((name, value)) = line.split_once('=')
            && name.starts_with('<')
            && name.ends_with('>')
            && !name.contains(' ')
        {
            macros.push((name.to_owned(), value.trim().to_owned()));
            continue;
        }
        let line = match expand(line, &macros) {
            Ok(line) => line,
            Err(e) => {
                warn(line_no, e);
                continue;
            }
        };
        // "!Type" is a grouping that cannot be used for annotation; directives start with '<'.
        if line.starts_with('!') || line.starts_with('<') {
            continue;
        }
        conf_line(&mut conf, &section, &line, line_no, &mut warn);
    }
    conf
}

/// Substitute the macros defined so far, again and again while any is left (they nest), as
/// long as the line stays under [`MAX_EXPANDED_LINE`].
fn expand(line: &str, macros: &[(String, String)]) -> Result<String, String> {
    let mut out = line.to_owned();
    for _ in 0..=macros.len() {
        let mut changed = false;
        for (m, v) in macros {
            if out.contains(m.as_str()) {
                let uses = out.matches(m.as_str()).count();
                let grown = out.len() + uses * v.len().saturating_sub(m.len());
                if grown > MAX_EXPANDED_LINE {
                    return Err(format!(
                        "macro {m} expands this line beyond {} KiB; the line is skipped",
                        MAX_EXPANDED_LINE / 1024
                    ));
                }
                out = out.replace(m.as_str(), v);
                changed = true;
            }
        }
        if !changed {
            return Ok(out);
        }
    }
    Err("macros refer to each other in a loop; the line is skipped".into())
}

/// One definition line of a section: an entity, event, relation or attribute type.
fn conf_line(
    conf: &mut Conf,
    section: &str,
    line: &str,
    line_no: usize,
    warn: &mut impl FnMut(usize, String),
) {
    let (name, rest) = match line.split_once(char::is_whitespace) {
        Some((n, r)) => (n.to_owned(), r.trim().to_owned()),
        None => (line.to_owned(), String::new()),
    };
    let args: Vec<(String, String)> = rest
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .filter_map(|a| {
            a.split_once(':')
                .map(|(r, t)| (r.trim().to_owned(), t.trim().to_owned()))
        })
        .collect();
    let types = |t: &str| -> Vec<String> {
        t.split('|')
            .map(|x| x.trim().to_owned())
            .filter(|x| !x.is_empty())
            .collect()
    };
    match section {
        // brat reads [spans] as [entities].
        "entities" | "spans" if !conf.entities.contains(&name) => conf.entities.push(name),
        "events" => {
            let roles: Vec<RoleSpec> = args
                .iter()
                .map(|(r, t)| {
                    let cut = r.find(['?', '*', '+', '{']).unwrap_or(r.len());
                    (r[..cut].to_owned(), r[cut..].to_owned(), types(t))
                })
                .collect();
            // A type defined on several lines is one type with all their roles.
            match conf.events.iter_mut().find(|(n, _)| *n == name) {
                Some((_, known)) => {
                    for r in roles {
                        if !known.iter().any(|k| k.0 == r.0) {
                            known.push(r);
                        }
                    }
                }
                None => conf.events.push((name, roles)),
            }
        }
        "relations" => relation_line(conf, name, &args, line_no, warn),
        "attributes" => {
            let mut on = Vec::new();
            let mut values = Vec::new();
            for (k, v) in &args {
                match k.as_str() {
                    "Arg" => on = types(v),
                    "Value" => values = types(v),
                    _ => {}
                }
            }
            conf.attributes.push((name, on, values));
        }
        _ => {}
    }
}

/// A relation type's line: its two roles (Arg1/Arg2 or named ones, in order) with their types,
/// and whether it is symmetric-transitive (brat's Equiv). Several lines of one type merge.
fn relation_line(
    conf: &mut Conf,
    name: String,
    args: &[(String, String)],
    line_no: usize,
    warn: &mut impl FnMut(usize, String),
) {
    let types = |t: &str| -> Vec<String> {
        t.split('|')
            .map(|x| x.trim().to_owned())
            .filter(|x| !x.is_empty())
            .collect()
    };
    let mut sym = false;
    let mut roles: Vec<(&str, Vec<String>)> = Vec::new();
    for (r, t) in args {
        match r.as_str() {
            "<REL-TYPE>" => sym |= t.contains("symmetric") && t.contains("transitive"),
            r if r.starts_with('<') => {}
            r => roles.push((r, types(t))),
        }
    }
    if roles.len() > 2 {
        warn(
            line_no,
            format!(
                "relation {name} has {} arguments; only the first two are used",
                roles.len()
            ),
        );
    }
    let mut it = roles.into_iter();
    let (r1, a1) = it.next().unwrap_or(("Arg1", Vec::new()));
    let (r2, a2) = it.next().unwrap_or(("Arg2", Vec::new()));
    if (r1, r2) != ("Arg1", "Arg2") {
        conf.relation_roles
            .insert(name.clone(), (r1.to_owned(), r2.to_owned()));
    }
    match conf.relations.iter_mut().find(|(n, ..)| *n == name) {
        Some((_, k1, k2, s)) => {
            for t in a1 {
                if !k1.contains(&t) {
                    k1.push(t);
                }
            }
            for t in a2 {
                if !k2.contains(&t) {
                    k2.push(t);
                }
            }
            *s |= sym;
        }
        None => conf.relations.push((name, a1, a2, sym)),
    }
}

const PALETTE: [[u8; 3]; 12] = [
    [0x4e, 0x79, 0xa7],
    [0xf2, 0x8e, 0x2b],
    [0x59, 0xa1, 0x4f],
    [0xe1, 0x57, 0x59],
    [0xb0, 0x7a, 0xa1],
    [0x76, 0xb7, 0xb2],
    [0xed, 0xc9, 0x48],
    [0x9c, 0x75, 0x5f],
    [0xff, 0x9d, 0xa7],
    [0x8c, 0x56, 0x4b],
    [0x17, 0xbe, 0xcf],
    [0xbc, 0xbd, 0x22],
];

/// Pick a free hotkey from the name's letters, lowercase for entities and uppercase for events.
fn pick_key(name: &str, used: &mut BTreeSet<char>, upper: bool) -> Option<char> {
    let candidates = name
        .chars()
        .filter(char::is_ascii_alphabetic)
        .chain('a'..='z');
    for c in candidates {
        let c = if upper {
            c.to_ascii_uppercase()
        } else {
            c.to_ascii_lowercase()
        };
        if used.insert(c) {
            return Some(c);
        }
    }
    None
}

fn display_name(id: &str) -> String {
    id.replace(['_', '-'], " ")
}

/// Build a schema from a conf and the types the annotations use.
pub(super) fn build_schema(
    conf: &Conf,
    used_entities: &[String],
    used_events: &[(String, Vec<String>)],
    used_relations: &[String],
    equiv_types: &[String],
) -> Schema {
    // Type keys are handed out once across entity and event types.
    let mut keys = BTreeSet::new();
    Schema {
        name: "brat annotation.conf".into(),
        entity_types: entity_types(conf, used_entities, &mut keys),
        event_types: event_types(conf, used_events, &mut keys),
        relation_types: relation_types(conf, used_relations, equiv_types),
        attributes: conf
            .attributes
            .iter()
            .map(|(id, on, values)| AttributeType {
                id: id.clone(),
                applies_to: on.clone(),
                values: values.clone(),
            })
            .collect(),
    }
}

/// The conf's entity types, then those only the annotations use.
fn entity_types(conf: &Conf, used: &[String], keys: &mut BTreeSet<char>) -> Vec<EntityType> {
    let mut ids: Vec<String> = conf.entities.clone();
    for t in used {
        if !ids.contains(t) {
            ids.push(t.clone());
        }
    }
    ids.iter()
        .enumerate()
        .map(|(i, id)| EntityType {
            id: id.clone(),
            name: display_name(id),
            color: Color(PALETTE[i % PALETTE.len()]),
            hotkey: pick_key(id, keys, false),
        })
        .collect()
}

/// The conf's event types with the roles the annotations add, then event types only the
/// annotations use. A role keeps one key across event types.
fn event_types(
    conf: &Conf,
    used: &[(String, Vec<String>)],
    keys: &mut BTreeSet<char>,
) -> Vec<EventType> {
    let mut events: Vec<EventSpec> = conf.events.clone();
    for (t, roles) in used {
        let pos = match events.iter().position(|(n, _)| n == t) {
            Some(p) => p,
            None => {
                events.push((t.clone(), Vec::new()));
                events.len() - 1
            }
        };
        for r in roles {
            if !events[pos].1.iter().any(|(x, _, _)| x == r) {
                events[pos].1.push((r.clone(), "*".into(), Vec::new()));
            }
        }
    }
    let mut role_keys: HashMap<String, char> = HashMap::new();
    events
        .iter()
        .enumerate()
        .map(|(i, (id, roles))| EventType {
            id: id.clone(),
            name: display_name(id),
            color: Color(PALETTE[(i + 5) % PALETTE.len()]),
            hotkey: pick_key(id, keys, true),
            roles: roles.iter().map(|r| role(r, &mut role_keys)).collect(),
            description: String::new(),
            triggers: Vec::new(),
        })
        .collect()
}

fn role((r, card, types): &RoleSpec, role_keys: &mut HashMap<String, char>) -> Role {
    let n = role_keys.len();
    let key = *role_keys.entry(r.clone()).or_insert_with(|| {
        r.chars()
            .find(char::is_ascii_alphabetic)
            .map_or(char::from(b'a' + (n % 26) as u8), |c| {
                c.to_ascii_lowercase()
            })
    });
    Role {
        id: r.clone(),
        name: display_name(r.trim_end_matches("-Arg")),
        hotkey: Some(key),
        filler_types: types.clone(),
        cardinality: card.clone(),
    }
}

/// The conf's relation types, then those only the annotations (and Equiv lines) use; digit
/// keys 1–9 in order.
fn relation_types(conf: &Conf, used: &[String], equiv_types: &[String]) -> Vec<RelationType> {
    let mut rels = conf.relations.clone();
    for t in used.iter().chain(equiv_types) {
        if !rels.iter().any(|(n, ..)| n == t) {
            rels.push((t.clone(), vec![], vec![], equiv_types.contains(t)));
        }
    }
    rels.iter()
        .enumerate()
        .map(|(i, (id, a1, a2, sym))| RelationType {
            id: id.clone(),
            name: display_name(id),
            color: Color(PALETTE[(i + 3) % PALETTE.len()]),
            hotkey: (i < 9).then(|| char::from(b'1' + i as u8)),
            from_types: a1.clone(),
            to_types: a2.clone(),
            roles: conf
                .relation_roles
                .get(id)
                .map(|(a, b)| vec![a.clone(), b.clone()])
                .unwrap_or_default(),
            coreference: *sym,
        })
        .collect()
}

/// `annotation.conf` for a schema.
pub fn export_conf(schema: &Schema) -> String {
    let mut c = String::from("# annotation.conf written by Dossier\n\n[entities]\n\n");
    for t in &schema.entity_types {
        let _ = writeln!(c, "{}", t.id);
    }
    c.push_str("\n[relations]\n\n");
    for r in &schema.relation_types {
        let types = |v: &Vec<String>| {
            if v.is_empty() {
                "<ENTITY>".to_owned()
            } else {
                v.join("|")
            }
        };
        let (r1, r2) = match r.roles.as_slice() {
            [a, b] => (a.as_str(), b.as_str()),
            _ => ("Arg1", "Arg2"),
        };
        let _ = write!(
            c,
            "{}\t{r1}:{}, {r2}:{}",
            r.id,
            types(&r.from_types),
            types(&r.to_types)
        );
        if r.coreference {
            c.push_str(", <REL-TYPE>:symmetric-transitive");
        }
        c.push('\n');
    }
    c.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n");
    for e in &schema.event_types {
        let roles: Vec<String> = e
            .roles
            .iter()
            .map(|r| {
                let card = if r.cardinality.is_empty() {
                    "*"
                } else {
                    &r.cardinality
                };
                let types = if r.filler_types.is_empty() {
                    "<ENTITY>|<EVENT>".to_owned()
                } else {
                    r.filler_types.join("|")
                };
                format!("{}{card}:{types}", r.id)
            })
            .collect();
        let _ = writeln!(c, "{}\t{}", e.id, roles.join(", "));
    }
    c.push_str("\n[attributes]\n\n");
    for a in &schema.attributes {
        let _ = write!(c, "{}\tArg:{}", a.id, a.applies_to.join("|"));
        if !a.values.is_empty() {
            let _ = write!(c, ", Value:{}", a.values.join("|"));
        }
        c.push('\n');
    }
    c
}
