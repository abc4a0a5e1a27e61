//! Builds a small demo project from the bundled samples and a third article, through the same
//! edit commands the window uses: the annotated harbour-strike session, the grain deal and an
//! ambassador's recall, their people and places linked to one registry, events in each.
//! `cargo run --example demo_project -- DIR` (the screenshots script uses it).
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

use dossier::io;
use dossier::io::project::{create_project, entry_for, save_project};
use dossier::model::registry::{RegEdit, RegEntity, name_key};
use dossier::model::schema::presets;
use dossier::model::*;
use std::path::Path;

const RECALL: &str = "Ostrava recalls ambassador as Halvern demands answers over drone strike

OSTRAVA CITY, 20 March 2024 — Ostrava recalled its ambassador to Halvern, Pavel Krejčí, on Wednesday after Halvern’s foreign minister Tomás Ibáñez accused the Ostravan army of the drone strike on Port Veyra.

General Oleksandr Vronsky again denied the accusation and said the drones had been launched from a fishing boat. United Nations envoy Kwame Mensah-Arthur met Ibáñez in Geneva and urged both sides to return to the grain talks.
";

fn span(s: &Session, word: &str, nth: usize) -> Span {
    let (b, _) = s.text().match_indices(word).nth(nth).expect("in the text");
    let c = s.article.char_of(b).expect("boundary");
    Span::new(c, c + word.chars().count())
}

fn annotate(s: &mut Session, words: &[(&str, usize, &str)]) {
    for (w, nth, ty) in words {
        let cmd = s.cmd_annotate(span(s, w, *nth), ty).expect("annotates");
        s.apply(cmd).expect("applies");
    }
}

fn entity(s: &Session, name: &str) -> EntityId {
    s.entities
        .values()
        .find(|e| e.is_named(name))
        .expect("annotated")
        .id
}

fn event(s: &mut Session, ty: &str, trigger: (&str, usize), args: &[(&str, &str)]) {
    let arguments = args
        .iter()
        .map(|(role, name)| Argument {
            role: (*role).into(),
            filler: Filler::Entity(entity(s, name)),
            mention: None,
        })
        .collect();
    let t = span(s, trigger.0, trigger.1);
    let (_, cmd) = s.cmd_add_event_with(ty, Some(t), arguments).expect("event");
    s.apply(cmd).expect("applies");
}

/// Link every entity to the registry entry of its name (made when there is none yet).
fn link(p: &mut project::Project, s: &mut Session) {
    let ids: Vec<EntityId> = s.entities.keys().copied().collect();
    for id in ids {
        let e = s.entities[&id].clone();
        let found = p
            .registry
            .live()
            .find(|r| name_key(&r.name) == name_key(&e.name) && r.entity_type == e.entity_type)
            .map(|r| r.id.clone());
        let reg = found.unwrap_or_else(|| {
            let r = RegEntity::new(p.registry.fresh_id(&e.name), &e.name, &e.entity_type);
            let rid = r.id.clone();
            p.registry.apply(RegEdit::Add(r)).expect("fresh id");
            rid
        });
        let cmd =
            dossier::analysis::registry::cmd_link(s, &p.registry, id, Some(&reg)).expect("link");
        s.apply(cmd).expect("applies");
    }
}

fn add(
    dir: &Path,
    p: &mut project::Project,
    name: &str,
    mut s: Session,
    status: project::ArticleStatus,
) {
    link(p, &mut s);
    let file = format!("articles/{name}.ron");
    io::save_session(&s, &dir.join(&file)).expect("saves");
    let mut entry = entry_for(&s, file, Some(format!("{name}.txt")));
    entry.status = status;
    p.insert(entry);
}

fn main() -> Result<(), String> {
    let dir = std::env::args().nth(1).ok_or("usage: demo_project DIR")?;
    let dir = Path::new(&dir);
    let mut p = create_project(dir, "Halvern–Ostrava crisis", presets::default_schema())
        .map_err(|e| e.to_string())?;
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/samples/harbour-strike.ron");
    let (harbour, _) = io::load_session(&demo).map_err(|e| e.to_string())?;
    add(
        dir,
        &mut p,
        "harbour-strike",
        harbour,
        project::ArticleStatus::Done,
    );

    let grain = io::samples::load(&io::samples::SAMPLES[1]).map_err(|e| e.to_string())?;
    let mut s = Session::new(grain, presets::default_schema());
    annotate(
        &mut s,
        &[
            ("Halvern", 0, "GPE"),
            ("Ostrava", 0, "GPE"),
            ("Geneva", 0, "GPE"),
            ("Tomás Ibáñez", 0, "Person"),
            ("Katarzyna Wróblewska", 0, "Person"),
            ("Kwame Mensah-Arthur", 0, "Person"),
            ("Kessel", 0, "Location"),
            ("Dmitri Halász", 0, "Person"),
        ],
    );
    event(
        &mut s,
        "AGREE",
        ("signed", 0),
        &[
            ("Actor", "Tomás Ibáñez"),
            ("Recipient", "Katarzyna Wróblewska"),
            ("Place", "Geneva"),
        ],
    );
    event(
        &mut s,
        "CONSULT",
        ("mediated", 0),
        &[
            ("Actor", "Kwame Mensah-Arthur"),
            ("Recipient", "Halvern"),
            ("Recipient", "Ostrava"),
        ],
    );
    event(
        &mut s,
        "ACCUSE",
        ("accused", 0),
        &[
            ("Actor", "Dmitri Halász"),
            ("Recipient", "Katarzyna Wróblewska"),
        ],
    );
    add(
        dir,
        &mut p,
        "grain-deal",
        s,
        project::ArticleStatus::InProgress,
    );

    let mut s = Session::new(
        Article::new(
            "Ostrava recalls ambassador as Halvern demands answers over drone strike",
            RECALL,
        ),
        presets::default_schema(),
    );
    s.article.published = Some("2024-03-20".into());
    annotate(
        &mut s,
        &[
            ("Ostrava", 0, "GPE"),
            ("Halvern", 0, "GPE"),
            ("Pavel Krejčí", 0, "Person"),
            ("Tomás Ibáñez", 0, "Person"),
            ("Oleksandr Vronsky", 0, "Person"),
            ("Port Veyra", 0, "GPE"),
            ("Kwame Mensah-Arthur", 0, "Person"),
            ("Geneva", 0, "GPE"),
        ],
    );
    event(
        &mut s,
        "ACCUSE",
        ("accused", 0),
        &[
            ("Actor", "Tomás Ibáñez"),
            ("Recipient", "Oleksandr Vronsky"),
        ],
    );
    event(
        &mut s,
        "CONSULT",
        ("met", 0),
        &[
            ("Actor", "Kwame Mensah-Arthur"),
            ("Recipient", "Tomás Ibáñez"),
            ("Place", "Geneva"),
        ],
    );
    add(
        dir,
        &mut p,
        "ambassador-recalled",
        s,
        project::ArticleStatus::New,
    );
    save_project(dir, &p).map_err(|e| e.to_string())?;
    println!(
        "{}: {} articles, {} registry entries",
        dir.display(),
        p.articles.len(),
        p.registry.len()
    );
    Ok(())
}
