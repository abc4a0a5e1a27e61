//! Builds the annotated demo session from the bundled harbour-strike sample, through the same
//! edit commands the window uses. `cargo run --example demo_session -- OUT.ron`
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

use dossier::io;
use dossier::model::schema::presets;
use dossier::model::session::Selection;
use dossier::model::*;

fn span(s: &Session, word: &str, nth: usize) -> Result<Span, String> {
    let (b, _) = s
        .text()
        .match_indices(word)
        .nth(nth)
        .ok_or_else(|| format!("{word:?} #{nth} not in the sample"))?;
    let c = s.article.char_of(b).ok_or("not a char boundary")?;
    Ok(Span::new(c, c + word.chars().count()))
}

fn main() -> Result<(), String> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: demo_session OUT.ron")?;
    let sample = &io::samples::SAMPLES[0];
    let article = io::samples::load(sample).map_err(|e| e.to_string())?;
    let mut s = Session::new(article, presets::default_schema());
    let mut h = History::default();
    let mentions: &[(&str, usize, &str)] = &[
        ("Port Veyra", 0, "GPE"),
        ("Halvern", 0, "GPE"),
        ("Ostrava", 0, "GPE"),
        ("PORT VEYRA", 0, "GPE"),
        ("14 March 2024", 0, "DateTime"),
        ("drone", 0, "WeaponVehicle"),
        ("fuel depot", 1, "Facility"),
        ("Port Veyra", 1, "GPE"),
        ("Thursday", 0, "DateTime"),
        ("Halvern Ministry of Defence", 0, "Organization"),
        ("Halvern", 1, "GPE"),
        ("Colonel Mirela Dragović", 0, "Person"),
        ("Saint-Anne Hospital", 0, "Facility"),
        ("Tomás Ibáñez", 0, "Person"),
        ("Ostrava", 1, "GPE"),
        ("Pavel Krejčí", 0, "Person"),
        ("Ibáñez", 1, "Person"),
        ("United Nations Security Council", 0, "Organization"),
        ("General Oleksandr Vronsky", 0, "Person"),
        ("Geneva", 0, "GPE"),
        ("Aïcha Benali", 0, "Person"),
        ("Sabine Lévesque", 0, "Person"),
        ("European Union", 0, "Organization"),
        ("Red Crescent", 0, "Organization"),
    ];
    for &(w, n, t) in mentions {
        let cmd = s
            .cmd_annotate(span(&s, w, n)?, t)
            .map_err(|e| e.to_string())?;
        h.apply(&mut s, cmd).map_err(|e| e.to_string())?;
    }
    let find = |s: &Session, name: &str| {
        s.entities
            .values()
            .find(|e| e.name == name)
            .map(|e| e.id)
            .ok_or(format!("no entity {name}"))
    };
    // Coreference: "Ibáñez" and "Tomás Ibáñez" are one person.
    let tomas = find(&s, "Tomás Ibáñez")?;
    let ibanez = find(&s, "Ibáñez")?;
    let cmd = s
        .cmd_merge_entities(tomas, ibanez)
        .map_err(|e| e.to_string())?;
    h.apply(&mut s, cmd).map_err(|e| e.to_string())?;
    // "PORT VEYRA" joined "Port Veyra" by name when it was annotated.
    let pv = find(&s, "Port Veyra")?;
    let mut e = s.entities[&tomas].clone();
    e.kb_id = None;
    e.note = "Foreign minister of Halvern".into();
    h.apply(&mut s, Command::UpdateEntity(e))
        .map_err(|e| e.to_string())?;

    // Events: the strike, and Halvern's accusation that reports it.
    let (strike, cmd) = s
        .cmd_add_event("ASSAULT", Some(span(&s, "strike", 0)?))
        .map_err(|e| e.to_string())?;
    h.apply(&mut s, cmd).map_err(|e| e.to_string())?;
    let (accuse, cmd) = s
        .cmd_add_event("ACCUSE", Some(span(&s, "accused", 0)?))
        .map_err(|e| e.to_string())?;
    h.apply(&mut s, cmd).map_err(|e| e.to_string())?;
    let arg = |role: &str, f: Filler| Argument {
        role: role.into(),
        filler: f,
        mention: None,
    };
    let mut ev = s.events[&strike].clone();
    ev.arguments = vec![
        arg("Recipient", Filler::Entity(find(&s, "fuel depot")?)),
        arg("Place", Filler::Entity(pv)),
        arg("Time", Filler::Entity(find(&s, "Thursday")?)),
        arg("Instrument", Filler::Entity(find(&s, "drone")?)),
    ];
    ev.date = Some("2024-03-14".parse()?);
    ev.grading = Some("B2".parse()?);
    h.apply(&mut s, Command::UpdateEvent(ev))
        .map_err(|e| e.to_string())?;
    let mut ev = s.events[&accuse].clone();
    ev.arguments = vec![
        arg("Actor", Filler::Entity(tomas)),
        arg("Recipient", Filler::Entity(find(&s, "Ostrava")?)),
        arg("Instrument", Filler::Event(strike)),
    ];
    h.apply(&mut s, Command::UpdateEvent(ev))
        .map_err(|e| e.to_string())?;
    let (_, cmd) = s
        .cmd_add_relation(
            "Leader-Of",
            find(&s, "General Oleksandr Vronsky")?,
            find(&s, "Ostrava")?,
            None,
        )
        .map_err(|e| e.to_string())?;
    h.apply(&mut s, cmd).map_err(|e| e.to_string())?;

    // `demo_session OUT.ron event` leaves the strike selected instead of the minister.
    s.view.selection = Some(match std::env::args().nth(2).as_deref() {
        Some("event") => Selection::Event(strike),
        _ => Selection::Entity(tomas),
    });
    io::save_session(&s, std::path::Path::new(&out)).map_err(|e| e.to_string())?;
    println!(
        "Wrote {out}: {} mentions, {} entities, {} events, {} relations",
        s.mentions.len(),
        s.entities.len(),
        s.events.len(),
        s.relations.len()
    );
    Ok(())
}
