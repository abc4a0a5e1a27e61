//! Shared helpers for integration tests: random sessions built through the real edit commands.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.
#![allow(dead_code)]

pub mod child;
pub mod ui;

use dossier::model::schema::presets;
use dossier::model::*;
use proptest::prelude::*;

/// Characters that break naive offset code: astral emoji, combining marks, Arabic, curly quotes,
/// CJK, and newlines.
pub fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "b",
        "Zoë",
        " ",
        " ",
        "\n",
        "“",
        "”",
        "’",
        "e\u{301}",
        "👋🏽",
        "🔥",
        "مرحبا",
        "北京",
        "Ω",
        "\t",
        "ﬁ",
        "𝔘",
        "x",
        "Port Veyra",
        ".",
    ]);
    prop::collection::vec(pieces, 1..60).prop_map(|v| v.concat())
}

pub type Op = (u8, usize, usize, usize);

pub fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec((0u8..28, 0usize..1000, 0usize..1000, 0usize..1000), 0..60)
}

pub fn new_session(text: &str) -> Session {
    Session::new(Article::new("Test", text), presets::default_schema())
}

fn nth<K: Copy + Ord, V>(map: &dossier::model::Records<K, V>, k: usize) -> Option<K> {
    if map.is_empty() {
        None
    } else {
        map.keys().nth(k % map.len()).copied()
    }
}

/// Turn a random op into a command, the way the UI would build it. `None` when the op does not
/// apply (e.g. nothing to delete yet) or the builder refused it.
pub fn command_for(s: &mut Session, (kind, a, b, c): Op) -> Option<Command> {
    // Weighted towards building things, so that later ops have something to work on.
    const KINDS: [u8; 28] = [
        0, 0, 0, 0, 0, 0, 0, 0, 7, 7, 7, 8, 8, 8, 8, 10, 10, 3, 3, 4, 1, 2, 5, 6, 9, 11, 12, 13,
    ];
    let kind = KINDS[kind as usize % KINDS.len()];
    let n = s.article.char_len();
    let etypes: Vec<String> = s.schema.entity_types.iter().map(|t| t.id.clone()).collect();
    let vtypes: Vec<String> = s.schema.event_types.iter().map(|t| t.id.clone()).collect();
    let rtypes: Vec<String> = s
        .schema
        .relation_types
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let span = |a: usize, b: usize| {
        let start = a % n.max(1);
        let end = (start + 1 + b % 12).min(n);
        Span::new(start, end)
    };
    match kind {
        0 => s.cmd_annotate(span(a, b), &etypes[c % etypes.len()]).ok(),
        1 => {
            let m = nth(&s.mentions, a)?;
            s.cmd_delete_mention(m).ok()
        }
        2 => {
            let m = nth(&s.mentions, a)?;
            s.cmd_retype_mention(m, &etypes[b % etypes.len()]).ok()
        }
        3 => {
            let m = nth(&s.mentions, a)?;
            let e = nth(&s.entities, b)?;
            s.cmd_link_mention(m, e).ok()
        }
        4 => {
            let k = nth(&s.entities, a)?;
            let x = nth(&s.entities, b)?;
            s.cmd_merge_entities(k, x).ok()
        }
        5 => {
            let m = nth(&s.mentions, a)?;
            s.cmd_split_mention(m).ok()
        }
        6 => {
            let e = nth(&s.entities, a)?;
            s.cmd_delete_entity(e).ok()
        }
        7 => {
            let trig = (b % 2 == 0).then(|| span(a, c));
            s.cmd_add_event(&vtypes[c % vtypes.len()], trig)
                .ok()
                .map(|(_, c)| c)
        }
        8 => {
            let ev = nth(&s.events, a)?;
            let mut e = s.events.get(&ev)?.clone();
            let roles: Vec<String> = s
                .schema
                .event_type(&e.event_type)?
                .roles
                .iter()
                .map(|r| r.id.clone())
                .collect();
            let filler = if c % 3 == 0 {
                Filler::Event(nth(&s.events, b)?)
            } else {
                Filler::Entity(nth(&s.entities, b)?)
            };
            let mention = match filler {
                Filler::Entity(id) => s.mentions_of(id).next().map(|m| m.id),
                Filler::Event(_) => None,
            };
            e.arguments.push(Argument {
                role: roles[c % roles.len()].clone(),
                filler,
                mention,
            });
            Some(Command::UpdateEvent(e))
        }
        9 => {
            let ev = nth(&s.events, a)?;
            s.cmd_delete_event(ev).ok()
        }
        10 => {
            let f = nth(&s.entities, a)?;
            let t = nth(&s.entities, b)?;
            let ev = (c % 2 == 0).then(|| span(a, b));
            s.cmd_add_relation(&rtypes[c % rtypes.len()], f, t, ev)
                .ok()
                .map(|(_, c)| c)
        }
        11 => Some(Command::RemoveRelation(nth(&s.relations, a)?)),
        12 => {
            let id = nth(&s.entities, a)?;
            let mut e = s.entities.get(&id)?.clone();
            e.aliases.push(format!("alias “{b}” 🔥"));
            // Renames reach event rows and map labels that show the entity.
            if c % 2 == 0 {
                e.name = format!("{} “{b}”", e.name);
            }
            e.kb_id = Some(format!("Q{c}"));
            e.note = "note\nwith lines".into();
            Some(Command::UpdateEntity(e))
        }
        _ => {
            let id = nth(&s.events, a)?;
            let mut e = s.events.get(&id)?.clone();
            e.date = Some(format!("20{:02}-{:02}", b % 30, 1 + c % 12).parse().ok()?);
            e.modality = Modality::ALL[b % 4];
            e.confidence = Some((c % 101) as u8);
            e.grading = Some(
                format!("{}{}", ['A', 'B', 'C', 'D', 'E', 'F'][b % 6], 1 + c % 6)
                    .parse()
                    .ok()?,
            );
            e.note = "reported by “two” sources".into();
            Some(Command::UpdateEvent(e))
        }
    }
}

/// Build a random session through the history; returns the session and its history.
pub fn build(text: &str, ops: &[Op]) -> (Session, History) {
    let mut s = new_session(text);
    let mut h = History::default();
    for &op in ops {
        if let Some(cmd) = command_for(&mut s, op) {
            let _ = h.apply(&mut s, cmd);
        }
    }
    (s, h)
}
