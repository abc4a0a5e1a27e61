//! brat export: the `.txt`, the `.ann` (T, E, R, A, N, # and `*` lines) and an
//! `annotation.conf` for the session's schema.

use super::conf::export_conf;
use crate::model::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

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
