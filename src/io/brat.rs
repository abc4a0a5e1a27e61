//! brat standoff: `.txt` + `.ann` (+ `annotation.conf`) in and out.
//!
//! Offsets in `.ann` count Unicode code points of the `.txt` as it is on disk (so `\r\n` is two);
//! the importer maps them onto the normalised text. Every line kind is read: T (with
//! discontinuous fragments), E (nested events, numbered roles, forward references), R, A/M, N, #
//! and `*` (Equiv → one entity). Problems are collected as warnings with their line numbers; the
//! import fails only when nothing usable is left.

use crate::model::schema::{AttributeType, Color, EntityType, EventType, RelationType, Role};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `"ann"` or `"conf"`.
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BratError {
    #[error("the text file cannot be read: {0}")]
    Text(#[from] super::ImportError),
    #[error("the .ann file is {0} bytes; the limit is 64 MiB")]
    TooLarge(usize),
    #[error("the annotations cannot be used: {0}")]
    Invalid(String),
}

pub struct BratImport {
    pub session: Session,
    pub warnings: Vec<Warning>,
}

// ---------------------------------------------------------------------------------------------
// annotation.conf

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
}

pub fn parse_conf(text: &str, warnings: &mut Vec<Warning>) -> Conf {
    let mut conf = Conf::default();
    let mut section = String::new();
    let mut macros: Vec<(String, String)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            section = line[1..line.len() - 1].trim().to_owned();
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
        let mut line = line.to_owned();
        for (m, v) in &macros {
            line = line.replace(m.as_str(), v);
        }
        // "!Type" is a grouping that cannot be used for annotation; directives start with '<'.
        if line.starts_with('!') || line.starts_with('<') {
            continue;
        }
        let (name, rest) = match line.split_once(char::is_whitespace) {
            Some((n, r)) => (n.to_owned(), r.trim().to_owned()),
            None => (line.clone(), String::new()),
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
        match section.as_str() {
            "entities" => conf.entities.push(name),
            "events" => {
                let roles = args
                    .iter()
                    .map(|(r, t)| {
                        let cut = r.find(['?', '*', '+', '{']).unwrap_or(r.len());
                        (r[..cut].to_owned(), r[cut..].to_owned(), types(t))
                    })
                    .collect();
                conf.events.push((name, roles));
            }
            "relations" => {
                let mut a1 = Vec::new();
                let mut a2 = Vec::new();
                let mut sym = false;
                for (r, t) in &args {
                    match r.as_str() {
                        "<REL-TYPE>" => sym |= t.contains("symmetric") && t.contains("transitive"),
                        "Arg1" => a1 = types(t),
                        "Arg2" => a2 = types(t),
                        other => warnings.push(Warning {
                            file: "conf",
                            line: line_no,
                            message: format!("relation {name}: role {other:?} is not Arg1/Arg2 and is read as such by position"),
                        }),
                    }
                }
                conf.relations.push((name, a1, a2, sym));
            }
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
    conf
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
fn build_schema(
    conf: &Conf,
    used_entities: &[String],
    used_events: &[(String, Vec<String>)],
    used_relations: &[String],
    equiv_types: &[String],
) -> Schema {
    let mut keys = BTreeSet::new();
    let mut entity_ids: Vec<String> = conf.entities.clone();
    for t in used_entities {
        if !entity_ids.contains(t) {
            entity_ids.push(t.clone());
        }
    }
    let entity_types = entity_ids
        .iter()
        .enumerate()
        .map(|(i, id)| EntityType {
            id: id.clone(),
            name: display_name(id),
            color: Color(PALETTE[i % PALETTE.len()]),
            hotkey: pick_key(id, &mut keys, false),
        })
        .collect();
    let mut events: Vec<EventSpec> = conf.events.clone();
    for (t, roles) in used_events {
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
    let event_types = events
        .iter()
        .enumerate()
        .map(|(i, (id, roles))| EventType {
            id: id.clone(),
            name: display_name(id),
            color: Color(PALETTE[(i + 5) % PALETTE.len()]),
            hotkey: pick_key(id, &mut keys, true),
            roles: roles
                .iter()
                .map(|(r, card, types)| {
                    let n = role_keys.len();
                    let key = *role_keys.entry(r.clone()).or_insert_with(|| {
                        r.chars()
                            .find(char::is_ascii_alphabetic)
                            .map(|c| c.to_ascii_lowercase())
                            .unwrap_or(char::from(b'a' + (n % 26) as u8))
                    });
                    Role {
                        id: r.clone(),
                        name: display_name(r.trim_end_matches("-Arg")),
                        hotkey: Some(key),
                        filler_types: types.clone(),
                        cardinality: card.clone(),
                    }
                })
                .collect(),
            description: String::new(),
        })
        .collect();
    let mut rels = conf.relations.clone();
    for t in used_relations.iter().chain(equiv_types) {
        if !rels.iter().any(|(n, ..)| n == t) {
            rels.push((t.clone(), vec![], vec![], equiv_types.contains(t)));
        }
    }
    let mut digit = b'1';
    let relation_types = rels
        .iter()
        .enumerate()
        .map(|(i, (id, a1, a2, sym))| {
            let hotkey = (digit <= b'9').then(|| {
                digit += 1;
                char::from(digit - 1)
            });
            RelationType {
                id: id.clone(),
                name: display_name(id),
                color: Color(PALETTE[(i + 3) % PALETTE.len()]),
                hotkey,
                from_types: a1.clone(),
                to_types: a2.clone(),
                coreference: *sym,
            }
        })
        .collect();
    let attributes = conf
        .attributes
        .iter()
        .map(|(id, on, values)| AttributeType {
            id: id.clone(),
            applies_to: on.clone(),
            values: values.clone(),
        })
        .collect();
    Schema {
        name: "brat annotation.conf".into(),
        entity_types,
        event_types,
        relation_types,
        attributes,
    }
}

// ---------------------------------------------------------------------------------------------
// .ann parsing

struct TLine {
    ty: String,
    frags: Vec<Span>,
}

struct ELine {
    line: usize,
    ty: String,
    trigger: Option<String>,
    args: Vec<(String, String)>,
}

struct RLine {
    line: usize,
    ty: String,
    a1: String,
    a2: String,
}

/// Import a brat document. `txt` is the text file's bytes, `ann` the annotations.
pub fn import(
    txt: &[u8],
    ann: &str,
    conf_text: Option<&str>,
    title: &str,
) -> Result<BratImport, BratError> {
    if ann.len() > 64 * 1024 * 1024 {
        return Err(BratError::TooLarge(ann.len()));
    }
    let raw = super::import::decode(txt, super::import::ArticleKind::Text)?;
    let raw_chars: Vec<char> = raw.chars().collect();
    // raw char offset → offset in the normalised text (each "\r\n" becomes one "\n").
    let mut to_norm = Vec::with_capacity(raw_chars.len() + 1);
    let mut n = 0usize;
    for (i, c) in raw_chars.iter().enumerate() {
        to_norm.push(n);
        if !(*c == '\r' && raw_chars.get(i + 1) == Some(&'\n')) {
            n += 1;
        }
    }
    to_norm.push(n);
    let article_title = raw
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.chars().count() <= 160)
        .unwrap_or(title)
        .to_owned();
    let article = Article::new(article_title, &raw);

    let mut warnings = Vec::new();
    let mut warn = |line: usize, message: String| {
        warnings.push(Warning {
            file: "ann",
            line,
            message,
        });
    };

    let mut ts: BTreeMap<String, TLine> = BTreeMap::new();
    let mut es: Vec<(String, ELine)> = Vec::new();
    let mut rs: Vec<(String, RLine)> = Vec::new();
    let mut equivs: Vec<(usize, String, Vec<String>)> = Vec::new();
    let mut attrs: Vec<(usize, String, String, Option<String>)> = Vec::new();
    let mut norms: Vec<(usize, String, String, String, String)> = Vec::new();
    let mut notes: Vec<(usize, String, String)> = Vec::new();
    let mut t_order: Vec<String> = Vec::new();

    for (i, line) in ann.lines().enumerate() {
        let ln = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        let id = fields[0].trim();
        let Some(body) = fields.get(1).map(|b| b.trim()) else {
            warn(
                ln,
                format!("{id:?}: no tab-separated annotation after the id"),
            );
            continue;
        };
        let words: Vec<&str> = body.split_whitespace().collect();
        match id.chars().next() {
            Some('T') => {
                let Some((ty, ranges)) = body.split_once(' ') else {
                    warn(ln, format!("{id}: expected \"TYPE START END\""));
                    continue;
                };
                let mut frags = Vec::new();
                let mut bad = None;
                for r in ranges.split(';') {
                    let nums: Vec<&str> = r.split_whitespace().collect();
                    let parsed = match nums.as_slice() {
                        [a, b] => a.parse::<usize>().ok().zip(b.parse::<usize>().ok()),
                        _ => None,
                    };
                    match parsed {
                        Some((a, b)) if a < b && b <= raw_chars.len() => frags.push((a, b)),
                        Some((a, b)) if b > raw_chars.len() => {
                            bad = Some(format!(
                                "{id}: offsets {a}–{b} go past the end of the text ({} characters)",
                                raw_chars.len()
                            ));
                        }
                        _ => {
                            bad = Some(format!(
                                "{id}: {r:?} is not a range \"START END\" with START < END"
                            ));
                        }
                    }
                }
                if let Some(b) = bad {
                    warn(ln, b);
                    continue;
                }
                frags.sort();
                let raw_text: Vec<String> = frags
                    .iter()
                    .map(|&(a, b)| raw_chars[a..b].iter().collect())
                    .collect();
                let expected = raw_text.join(" ");
                match fields.get(2) {
                    Some(given) if *given != expected => {
                        warn(
                            ln,
                            format!(
                                "{id}: the text says {given:?} but the .txt has {expected:?} at those offsets; skipped"
                            ),
                        );
                        continue;
                    }
                    None => warn(
                        ln,
                        format!(
                            "{id}: no text after the offsets; using {expected:?} from the .txt"
                        ),
                    ),
                    _ => {}
                }
                let frags: Vec<Span> = frags
                    .iter()
                    .map(|&(a, b)| Span::new(to_norm[a], to_norm[b]))
                    .collect();
                if ts.contains_key(id) {
                    warn(ln, format!("{id} is defined twice; the second is skipped"));
                    continue;
                }
                t_order.push(id.to_owned());
                ts.insert(
                    id.to_owned(),
                    TLine {
                        ty: ty.trim().to_owned(),
                        frags,
                    },
                );
            }
            Some('E') => {
                let Some((first, rest)) = words.split_first() else {
                    warn(ln, format!("{id}: empty event"));
                    continue;
                };
                let (ty, trigger) = match first.split_once(':') {
                    Some((t, trig)) => (t.to_owned(), Some(trig.to_owned())),
                    None => (first.to_string(), None),
                };
                let mut args = Vec::new();
                for a in rest {
                    match a.split_once(':') {
                        Some((r, v)) if !r.is_empty() && !v.is_empty() => {
                            args.push((r.to_owned(), v.to_owned()));
                        }
                        _ => warn(ln, format!("{id}: argument {a:?} is not ROLE:ID")),
                    }
                }
                es.push((
                    id.to_owned(),
                    ELine {
                        line: ln,
                        ty,
                        trigger,
                        args,
                    },
                ));
            }
            Some('R') => {
                let (Some(ty), Some(a1), Some(a2)) = (words.first(), words.get(1), words.get(2))
                else {
                    warn(ln, format!("{id}: expected \"TYPE Arg1:ID Arg2:ID\""));
                    continue;
                };
                let val = |a: &str| a.split_once(':').map(|(_, v)| v.to_owned());
                match (val(a1), val(a2)) {
                    (Some(x), Some(y)) => rs.push((
                        id.to_owned(),
                        RLine {
                            line: ln,
                            ty: ty.to_string(),
                            a1: x,
                            a2: y,
                        },
                    )),
                    _ => warn(ln, format!("{id}: arguments must be ROLE:ID")),
                }
            }
            Some('*') => match words.split_first() {
                Some((ty, members)) if members.len() >= 2 => equivs.push((
                    ln,
                    ty.to_string(),
                    members
                        .iter()
                        .map(std::string::ToString::to_string)
                        .collect(),
                )),
                _ => warn(ln, "Equiv needs a type and at least two ids".into()),
            },
            Some('A') | Some('M') => match words.as_slice() {
                [ty, target] => attrs.push((ln, ty.to_string(), target.to_string(), None)),
                [ty, target, value] => attrs.push((
                    ln,
                    ty.to_string(),
                    target.to_string(),
                    Some(value.to_string()),
                )),
                _ => warn(ln, format!("{id}: expected \"NAME TARGET [VALUE]\"")),
            },
            Some('N') => match words.as_slice() {
                [ty, target, reference] if reference.contains(':') => norms.push((
                    ln,
                    ty.to_string(),
                    target.to_string(),
                    reference.to_string(),
                    fields.get(2).unwrap_or(&"").to_string(),
                )),
                _ => warn(ln, format!("{id}: expected \"TYPE TARGET DB:ID\"")),
            },
            Some('#') => match words.as_slice() {
                [_, target, ..] => notes.push((
                    ln,
                    target.to_string(),
                    fields.get(2).unwrap_or(&"").to_string(),
                )),
                _ => warn(ln, format!("{id}: expected \"AnnotatorNotes TARGET\"")),
            },
            _ => warn(ln, format!("{id:?}: unknown annotation kind")),
        }
    }
    // Which T lines are event triggers.
    let conf = conf_text
        .map(|c| parse_conf(c, &mut warnings))
        .unwrap_or_default();
    let mut event_type_names: BTreeSet<String> =
        conf.events.iter().map(|(n, _)| n.clone()).collect();
    for (_, e) in &es {
        event_type_names.insert(e.ty.clone());
    }
    let triggers: BTreeSet<String> = es.iter().filter_map(|(_, e)| e.trigger.clone()).collect();
    let is_trigger =
        |id: &str, t: &TLine| triggers.contains(id) || event_type_names.contains(&t.ty);

    // Equiv sets → one entity each (union-find over T ids).
    let mut parent: HashMap<String, String> = HashMap::new();
    fn root(p: &mut HashMap<String, String>, x: &str) -> String {
        let mut cur = x.to_owned();
        while let Some(next) = p.get(&cur).cloned() {
            if next == cur {
                break;
            }
            cur = next;
        }
        cur
    }
    let mut equiv_types = Vec::new();
    for (ln, ty, members) in &equivs {
        if !equiv_types.contains(ty) {
            equiv_types.push(ty.clone());
        }
        let valid: Vec<&String> = members
            .iter()
            .filter(|m| {
                let ok = ts.get(*m).is_some_and(|t| !is_trigger(m, t));
                if !ok {
                    warnings.push(Warning {
                        file: "ann",
                        line: *ln,
                        message: format!("Equiv member {m} is not an entity annotation; ignored"),
                    });
                }
                ok
            })
            .collect();
        for w in valid.windows(2) {
            let (a, b) = (root(&mut parent, w[0]), root(&mut parent, w[1]));
            if a != b {
                parent.insert(b, a);
            }
        }
    }

    let used_entities: Vec<String> = t_order
        .iter()
        .filter_map(|id| {
            ts.get(id)
                .filter(|t| !is_trigger(id, t))
                .map(|t| t.ty.clone())
        })
        .fold(Vec::new(), |mut v, t| {
            if !v.contains(&t) {
                v.push(t);
            }
            v
        });
    let mut used_events: Vec<(String, Vec<String>)> = Vec::new();
    for (_, e) in &es {
        let roles: Vec<String> = e.args.iter().map(|(r, _)| base_role(r, &e.args)).collect();
        match used_events.iter_mut().find(|(t, _)| *t == e.ty) {
            Some((_, rs)) => {
                for r in roles {
                    if !rs.contains(&r) {
                        rs.push(r);
                    }
                }
            }
            None => used_events.push((e.ty.clone(), roles)),
        }
    }
    let used_relations: Vec<String> =
        rs.iter()
            .map(|(_, r)| r.ty.clone())
            .fold(Vec::new(), |mut v, t| {
                if !v.contains(&t) {
                    v.push(t);
                }
                v
            });
    if conf_text.is_some() {
        for t in &used_entities {
            if !conf.entities.contains(t) {
                warnings.push(Warning {
                    file: "ann",
                    line: 0,
                    message: format!("entity type {t:?} is not in annotation.conf; added"),
                });
            }
        }
    }
    let schema = build_schema(
        &conf,
        &used_entities,
        &used_events,
        &used_relations,
        &equiv_types,
    );
    let mut s = Session::new(article, schema);

    // Entities and mentions, in file order.
    let mut mention_of: HashMap<String, MentionId> = HashMap::new();
    let mut entity_of_root: HashMap<String, EntityId> = HashMap::new();
    for id in &t_order {
        let Some(t) = ts.get(id) else { continue };
        if is_trigger(id, t) {
            continue;
        }
        let r = root(&mut parent, id);
        let span = Span::new(t.frags[0].start, t.frags[t.frags.len() - 1].end);
        let quote = t
            .frags
            .iter()
            .map(|f| s.article.slice(*f).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ");
        let eid = match entity_of_root.get(&r) {
            Some(e) => *e,
            None => {
                let e = EntityId(s.alloc_id());
                s.entities
                    .insert(e, Entity::new(e, quote.clone(), t.ty.clone()));
                entity_of_root.insert(r, e);
                e
            }
        };
        if let Some(ent) = s.entities.get_mut(&eid)
            && !ent.is_named(&quote)
        {
            ent.aliases.push(quote.clone());
        }
        let mid = MentionId(s.alloc_id());
        let mut m = s.make_mention(mid, span, &t.ty, eid);
        if t.frags.len() > 1 {
            m.fragments = t.frags.clone();
            m.quote = quote;
        }
        s.mentions.insert(mid, m);
        mention_of.insert(id.clone(), mid);
    }

    // Events: first all of them, then their arguments (forward references are allowed).
    let mut event_of: HashMap<String, EventId> = HashMap::new();
    for (id, e) in &es {
        let trigger = match &e.trigger {
            Some(tid) => match ts.get(tid) {
                Some(t) => Some(Span::new(t.frags[0].start, t.frags[t.frags.len() - 1].end)),
                None => {
                    warnings.push(Warning {
                        file: "ann",
                        line: e.line,
                        message: format!(
                            "{id}: trigger {tid} does not exist; the event has no trigger"
                        ),
                    });
                    None
                }
            },
            None => None,
        };
        let eid = EventId(s.alloc_id());
        s.events.insert(eid, Event::new(eid, e.ty.clone(), trigger));
        event_of.insert(id.clone(), eid);
    }
    for (id, e) in &es {
        let Some(&eid) = event_of.get(id) else {
            continue;
        };
        for (role, target) in &e.args {
            let role_id = base_role(role, &e.args);
            let arg = if let Some(&m) = mention_of.get(target) {
                s.mentions.get(&m).map(|mm| Argument {
                    role: role_id.clone(),
                    filler: Filler::Entity(mm.entity),
                    mention: Some(m),
                })
            } else if let Some(&child) = event_of.get(target) {
                if s.would_cycle(eid, child) {
                    warnings.push(Warning {
                        file: "ann",
                        line: e.line,
                        message: format!(
                            "{id}: {role}:{target} would make events nest in a cycle; dropped"
                        ),
                    });
                    None
                } else {
                    Some(Argument {
                        role: role_id.clone(),
                        filler: Filler::Event(child),
                        mention: None,
                    })
                }
            } else {
                warnings.push(Warning {
                    file: "ann",
                    line: e.line,
                    message: format!(
                        "{id}: argument {role}:{target} refers to nothing usable; dropped"
                    ),
                });
                None
            };
            if let (Some(a), Some(ev)) = (arg, s.events.get_mut(&eid)) {
                ev.arguments.push(a);
            }
        }
    }

    let mut relation_of: HashMap<String, RelationId> = HashMap::new();
    for (id, r) in &rs {
        match (mention_of.get(&r.a1), mention_of.get(&r.a2)) {
            (Some(&m1), Some(&m2)) => {
                let (Some(e1), Some(e2)) = (
                    s.mentions.get(&m1).map(|m| m.entity),
                    s.mentions.get(&m2).map(|m| m.entity),
                ) else {
                    continue;
                };
                let rid = RelationId(s.alloc_id());
                s.relations.insert(
                    rid,
                    Relation {
                        id: rid,
                        relation_type: r.ty.clone(),
                        from: e1,
                        to: e2,
                        evidence: None,
                        note: String::new(),
                        from_mention: Some(m1),
                        to_mention: Some(m2),
                    },
                );
                relation_of.insert(id.clone(), rid);
            }
            _ => warnings.push(Warning {
                file: "ann",
                line: r.line,
                message: format!("{id}: both arguments must be entity annotations"),
            }),
        }
    }

    for (ln, name, target, value) in attrs {
        let v = value.unwrap_or_default();
        if let Some(m) = mention_of.get(&target).and_then(|m| s.mentions.get_mut(m)) {
            m.attributes.insert(name, v);
        } else if let Some(e) = event_of.get(&target).and_then(|e| s.events.get_mut(e)) {
            e.attributes.insert(name, v);
        } else {
            warnings.push(Warning { file: "ann", line: ln, message: format!("attribute {name} refers to {target}, which is not an entity or event annotation") });
        }
    }
    for (ln, _ty, target, reference, label) in norms {
        let Some(ent) = mention_of
            .get(&target)
            .and_then(|m| s.mentions.get(m))
            .map(|m| m.entity)
        else {
            warnings.push(Warning {
                file: "ann",
                line: ln,
                message: format!(
                    "normalization refers to {target}, which is not an entity annotation"
                ),
            });
            continue;
        };
        if let Some(e) = s.entities.get_mut(&ent) {
            let kb = reference
                .strip_prefix("Wikidata:")
                .unwrap_or(&reference)
                .to_owned();
            if e.kb_id.as_ref().is_some_and(|k| *k != kb) {
                warnings.push(Warning {
                    file: "ann",
                    line: ln,
                    message: format!(
                        "{target} is normalised to both {} and {kb}; keeping the first",
                        e.kb_id.clone().unwrap_or_default()
                    ),
                });
                continue;
            }
            e.kb_id = Some(kb);
            e.kb_name = Some(label).filter(|l| !l.is_empty());
        }
    }
    for (ln, target, note) in notes {
        let slot = if let Some(m) = mention_of.get(&target).and_then(|m| s.mentions.get_mut(m)) {
            Some(&mut m.note)
        } else if let Some(e) = event_of.get(&target).and_then(|e| s.events.get_mut(e)) {
            Some(&mut e.note)
        } else if let Some(r) = relation_of
            .get(&target)
            .and_then(|r| s.relations.get_mut(r))
        {
            Some(&mut r.note)
        } else {
            None
        };
        match slot {
            Some(n) => {
                if !n.is_empty() {
                    n.push('\n');
                }
                n.push_str(&note);
            }
            None => warnings.push(Warning {
                file: "ann",
                line: ln,
                message: format!("note refers to {target}, which does not exist"),
            }),
        }
    }
    // Ts whose line was kept but are not used by anything are fine; report what is inconsistent.
    let problems = s.problems();
    if !problems.is_empty() {
        return Err(BratError::Invalid(problems.join("; ")));
    }
    Ok(BratImport {
        session: s,
        warnings,
    })
}

/// brat numbers repeated roles (`Org-Arg`, `Org-Arg2`, …); Dossier keeps one role with several
/// fillers. A role ending in a number is numbered only if its base also occurs in the event.
fn base_role(role: &str, args: &[(String, String)]) -> String {
    let base = role.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.len() < role.len() && !base.is_empty() && args.iter().any(|(r, _)| r == base) {
        base.to_owned()
    } else {
        role.to_owned()
    }
}

// ---------------------------------------------------------------------------------------------
// Export

/// A brat document: the text, the annotations and the configuration for the session's schema.
pub struct BratExport {
    pub txt: String,
    pub ann: String,
    pub conf: String,
    /// What brat cannot express and was left out (e.g. an event without a trigger).
    pub warnings: Vec<String>,
}

/// brat keeps one annotation per line, so a span across line breaks is written as fragments
/// that leave the breaks out, as brat itself does.
fn line_pieces(s: &Session, pieces: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for p in pieces {
        let text = s.article.slice(*p).unwrap_or_default();
        let mut start = p.start;
        for (i, c) in text.chars().enumerate() {
            if c == '\n' {
                if p.start + i > start {
                    out.push(Span::new(start, p.start + i));
                }
                start = p.start + i + 1;
            }
        }
        if p.end > start {
            out.push(Span::new(start, p.end));
        }
    }
    out
}

/// The offsets field (`s e;s e`) and the text field (fragments joined by a space) of a T line.
fn t_fields(s: &Session, pieces: &[Span]) -> (String, String) {
    let ranges = pieces
        .iter()
        .map(|p| format!("{} {}", p.start, p.end))
        .collect::<Vec<_>>()
        .join(";");
    let text = pieces
        .iter()
        .map(|p| s.article.slice(*p).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ");
    (ranges, text)
}

fn clean(s: &str) -> String {
    // Tabs and newlines would break the line format.
    s.replace(['\t', '\n', '\r'], " ")
}

pub fn export(s: &Session) -> BratExport {
    let mut ann = String::new();
    let mut warnings = Vec::new();
    let mut t_of_mention: HashMap<MentionId, String> = HashMap::new();
    let mut n = 0;
    for m in s.mentions_by_position() {
        let pieces = line_pieces(s, &m.pieces());
        if pieces.is_empty() {
            warnings.push(format!(
                "mention {} covers only line breaks; left out",
                m.id
            ));
            continue;
        }
        if pieces.first().map(|p| p.start) != Some(m.span.start)
            || pieces.last().map(|p| p.end) != Some(m.span.end)
        {
            warnings.push(format!("mention {} (“{}”) starts or ends on a line break, which brat cannot hold; it was trimmed", m.id, m.quote.trim()));
        }
        n += 1;
        let id = format!("T{n}");
        let (ranges, text) = t_fields(s, &pieces);
        let _ = writeln!(ann, "{id}\t{} {ranges}\t{text}", m.entity_type);
        t_of_mention.insert(m.id, id);
    }
    // Triggers: one T per distinct (type, span).
    let mut trigger_t: BTreeMap<(String, Span), String> = BTreeMap::new();
    let mut events: Vec<&Event> = s.events.values().collect();
    events.sort_by_key(|e| (e.trigger.map(|t| (t.start, t.end)), e.id));
    for e in &events {
        if let Some(t) = e.trigger
            && !trigger_t.contains_key(&(e.event_type.clone(), t))
        {
            let pieces = line_pieces(s, &[t]);
            if pieces.is_empty() {
                continue;
            }
            n += 1;
            let id = format!("T{n}");
            let (ranges, text) = t_fields(s, &pieces);
            let _ = writeln!(ann, "{id}\t{} {ranges}\t{text}", e.event_type);
            trigger_t.insert((e.event_type.clone(), t), id);
        }
    }
    // Each entity's written mentions in text order, gathered once (not per entity: a big
    // session has tens of thousands of each).
    let by_position = s.mentions_by_position();
    let mut written_of: HashMap<EntityId, Vec<MentionId>> = HashMap::new();
    for m in &by_position {
        if t_of_mention.contains_key(&m.id) {
            written_of.entry(m.entity).or_default().push(m.id);
        }
    }
    let first_mention = |ent: EntityId| written_of.get(&ent).and_then(|v| v.first()).copied();
    let has_t = |e: &Event| {
        e.trigger
            .is_some_and(|t| trigger_t.contains_key(&(e.event_type.clone(), t)))
    };
    let e_id: HashMap<EventId, String> = events
        .iter()
        .filter(|e| has_t(e))
        .enumerate()
        .map(|(i, e)| (e.id, format!("E{}", i + 1)))
        .collect();
    for e in &events {
        let (Some(t), Some(eid)) = (e.trigger, e_id.get(&e.id)) else {
            warnings.push(format!("event {} has no trigger brat can hold (none, or only line breaks); it was left out", s.event_label(e)));
            continue;
        };
        let mut line = format!(
            "{eid}\t{}:{}",
            e.event_type,
            trigger_t[&(e.event_type.clone(), t)]
        );
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for a in &e.arguments {
            let target = match a.filler {
                Filler::Entity(ent) => a
                    .mention
                    .filter(|m| s.mentions.contains_key(m))
                    .or_else(|| first_mention(ent))
                    .and_then(|m| t_of_mention.get(&m).cloned()),
                Filler::Event(ev) => e_id.get(&ev).cloned(),
            };
            let Some(target) = target else {
                warnings.push(format!(
                    "{}: {} has no mention or trigger to point at; left out",
                    s.event_label(e),
                    s.filler_label(a.filler)
                ));
                continue;
            };
            let k = seen.entry(a.role.as_str()).or_insert(0);
            *k += 1;
            let role = if *k == 1 {
                a.role.clone()
            } else {
                format!("{}{}", a.role, k)
            };
            let _ = write!(line, " {role}:{target}");
        }
        let _ = writeln!(ann, "{line}");
    }
    let mut r_id: HashMap<RelationId, String> = HashMap::new();
    for (i, r) in s.relations.values().enumerate() {
        let end = |m: Option<MentionId>, ent: EntityId| {
            m.filter(|m| s.mentions.contains_key(m))
                .or_else(|| first_mention(ent))
                .and_then(|m| t_of_mention.get(&m).cloned())
        };
        match (end(r.from_mention, r.from), end(r.to_mention, r.to)) {
            (Some(a), Some(b)) => {
                let id = format!("R{}", i + 1);
                let _ = writeln!(ann, "{id}\t{} Arg1:{a} Arg2:{b}\t", r.relation_type);
                r_id.insert(r.id, id);
            }
            _ => warnings.push(format!(
                "relation {} links an entity without mentions; left out",
                r.id
            )),
        }
    }
    // Coreference: every entity with several mentions is an Equiv set.
    let equiv = s
        .schema
        .relation_types
        .iter()
        .find(|r| r.coreference)
        .map(|r| r.id.clone())
        .unwrap_or_else(|| "Equiv".into());
    for ent in s.entities.values() {
        let ts: Vec<&str> = written_of
            .get(&ent.id)
            .into_iter()
            .flatten()
            .filter_map(|m| t_of_mention.get(m).map(String::as_str))
            .collect();
        if ts.len() >= 2 {
            let _ = writeln!(ann, "*\t{equiv} {}", ts.join(" "));
        }
    }
    let mut a = 0;
    let mut attr_line = |ann: &mut String, name: &str, target: &str, value: &str| {
        a += 1;
        if value.is_empty() {
            let _ = writeln!(ann, "A{a}\t{name} {target}");
        } else {
            let _ = writeln!(ann, "A{a}\t{name} {target} {value}");
        }
    };
    for m in &by_position {
        let Some(t) = t_of_mention.get(&m.id) else {
            continue;
        };
        for (k, v) in &m.attributes {
            attr_line(&mut ann, k, t, v);
        }
    }
    for e in &events {
        if let Some(id) = e_id.get(&e.id) {
            for (k, v) in &e.attributes {
                attr_line(&mut ann, k, id, v);
            }
        }
    }
    let mut nn = 0;
    for ent in s.entities.values() {
        if let (Some(kb), Some(t)) = (
            &ent.kb_id,
            first_mention(ent.id).and_then(|m| t_of_mention.get(&m)),
        ) {
            nn += 1;
            let reference = if kb.contains(':') {
                kb.clone()
            } else {
                format!("Wikidata:{kb}")
            };
            let label = ent.kb_name.clone().unwrap_or_else(|| ent.name.clone());
            let _ = writeln!(ann, "N{nn}\tReference {} {reference}\t{}", t, clean(&label));
        }
    }
    let mut hn = 0;
    let mut note = |ann: &mut String, target: &str, text: &str| {
        if !text.trim().is_empty() {
            hn += 1;
            let _ = writeln!(ann, "#{hn}\tAnnotatorNotes {target}\t{}", clean(text));
        }
    };
    for m in &by_position {
        if let Some(t) = t_of_mention.get(&m.id) {
            note(&mut ann, t, &m.note);
        }
    }
    for ent in s.entities.values() {
        if let Some(t) = first_mention(ent.id).and_then(|m| t_of_mention.get(&m)) {
            note(&mut ann, t, &ent.note);
        }
    }
    for e in &events {
        if let Some(id) = e_id.get(&e.id) {
            note(&mut ann, id, &e.note);
        }
    }
    for r in s.relations.values() {
        if let Some(id) = r_id.get(&r.id) {
            note(&mut ann, id, &r.note);
        }
    }
    BratExport {
        txt: s.article.text.clone(),
        ann,
        conf: export_conf(&s.schema),
        warnings,
    }
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
        let _ = write!(
            c,
            "{}\tArg1:{}, Arg2:{}",
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

/// Import from files: the `.txt` next to the `.ann` unless given, and `annotation.conf` when
/// given.
pub fn import_files(
    txt: &std::path::Path,
    ann: &std::path::Path,
    conf: Option<&std::path::Path>,
) -> Result<BratImport, BratError> {
    let read = |p: &std::path::Path| -> Result<Vec<u8>, BratError> {
        let meta = std::fs::metadata(p)
            .map_err(|e| BratError::Invalid(format!("cannot read {}: {e}", p.display())))?;
        if meta.len() > super::import::MAX_ARTICLE_BYTES {
            return Err(BratError::TooLarge(meta.len() as usize));
        }
        std::fs::read(p)
            .map_err(|e| BratError::Invalid(format!("cannot read {}: {e}", p.display())))
    };
    let text = read(txt)?;
    let ann_bytes = read(ann)?;
    let ann_text = String::from_utf8(ann_bytes).map_err(|e| {
        BratError::Invalid(format!(
            "{} is not UTF-8 (byte {})",
            ann.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    let conf_text = match conf {
        Some(c) => Some(String::from_utf8_lossy(&read(c)?).into_owned()),
        None => None,
    };
    let title = txt
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut imp = import(&text, &ann_text, conf_text.as_deref(), &title)?;
    imp.session.article.source = Some(txt.display().to_string());
    Ok(imp)
}
