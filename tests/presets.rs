//! The bundled schema presets are complete and consistent.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

use dossier::model::schema::presets;

#[test]
fn presets_load_without_problems() {
    for name in presets::NAMES {
        let s = presets::load(name).unwrap();
        assert!(s.problems().is_empty(), "{name}: {:?}", s.problems());
        let colours: std::collections::BTreeSet<_> =
            s.entity_types.iter().map(|t| t.color.0).collect();
        assert_eq!(
            colours.len(),
            s.entity_types.len(),
            "{name}: entity colours must differ"
        );
        assert!(s.entity_types.iter().all(|t| t.hotkey.is_some()));
    }
}

#[test]
fn news_preset_has_the_plover_types() {
    let s = presets::default_schema();
    let ents: Vec<_> = s.entity_types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        ents,
        [
            "Person",
            "Organization",
            "Geo-political entity",
            "Location",
            "Facility",
            "Date/Time",
            "Weapon/Vehicle"
        ]
    );
    let evs: Vec<_> = s.event_types.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        evs,
        [
            "AGREE",
            "CONSULT",
            "SUPPORT",
            "CONCEDE",
            "COOPERATE",
            "AID",
            "RETREAT",
            "REQUEST",
            "ACCUSE",
            "REJECT",
            "THREATEN",
            "PROTEST",
            "SANCTION",
            "MOBILIZE",
            "COERCE",
            "ASSAULT"
        ]
    );
    for e in &s.event_types {
        let roles: Vec<_> = e.roles.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(roles, ["Actor", "Recipient", "Place", "Time", "Instrument"]);
    }
    let rels: Vec<_> = s.relation_types.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        rels,
        [
            "Member-Of",
            "Leader-Of",
            "Located-In",
            "Part-Of",
            "Affiliated-With"
        ]
    );
}

#[test]
fn news_preset_colours_are_far_apart() {
    // Entity types and event types are each told apart by colour alone in the palette, the text
    // and the map: no two may look alike.
    let s = presets::default_schema();
    let dist = |a: [u8; 3], b: [u8; 3]| {
        a.iter()
            .zip(b)
            .map(|(x, y)| (*x as f32 - y as f32).powi(2))
            .sum::<f32>()
            .sqrt()
    };
    for group in [
        s.entity_types
            .iter()
            .map(|t| (t.id.clone(), t.color.0))
            .collect::<Vec<_>>(),
        s.event_types
            .iter()
            .map(|t| (t.id.clone(), t.color.0))
            .collect::<Vec<_>>(),
    ] {
        for (i, (a, ca)) in group.iter().enumerate() {
            for (b, cb) in &group[i + 1..] {
                assert!(
                    dist(*ca, *cb) > 60.0,
                    "{a} and {b} look alike: {ca:?} {cb:?}"
                );
            }
        }
    }
}
