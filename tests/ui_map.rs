//! The entity map, tied to the text both ways; pins saved with the session; GraphML export.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

mod common;

use common::ui::*;
use dossier::analysis::graph::{EdgeKey, NodeKey};
use dossier::model::session::Selection;
use dossier::model::*;
use dossier::ui::Sel;
use dossier::ui::app::{Action, DossierApp};
use dossier::ui::dialogs::FakeDialogs;
use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn sel(h: &Harness<'_, DossierApp>) -> Sel {
    h.state().ws.doc.as_ref().unwrap().sel
}

#[test]
fn clicking_a_node_selects_the_entity_and_scrolls_to_its_mentions() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let dragovic = entity(&h, "Colonel Mirela Dragović");
    // Scroll away first, so that the jump is visible.
    let end = session(&h).article.char_len() - 1;
    h.state_mut().views.view.scroll_to = Some(end);
    h.run_steps(3);
    let p = h
        .state()
        .views
        .map
        .node_screen_pos(NodeKey::Entity(dragovic))
        .unwrap();
    // Map nodes live in a zoomed layer: click through the map's own geometry.
    click(&mut h, p, Modifiers::NONE);
    assert_eq!(sel(&h), Sel::Item(Selection::Entity(dragovic)));
    let first = session(&h).mentions_of(dragovic).next().unwrap().span.start;
    let r = h
        .state()
        .views
        .view
        .char_rect(first)
        .expect("mention laid out");
    assert!(
        r.min.y > 60.0 && r.max.y < 700.0,
        "mention scrolled into view: {r:?}"
    );
    let node = h.get_by_label_contains("Map node: Person Colonel Mirela Dragović");
    assert_eq!(
        node.accesskit_node().toggled(),
        Some(accesskit::Toggled::True)
    );
    // Its mentions are outlined in the text: the entity is the text's selected entity.
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().selected_entity(),
        Some(dragovic)
    );
}

#[test]
fn selecting_in_the_text_or_the_list_highlights_in_the_map() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let vronsky = entity(&h, "General Oleksandr Vronsky");
    let m = session(&h).mentions_of(vronsky).next().unwrap().span;
    key(&mut h, egui::Key::Escape);
    click_char(&mut h, m.start + 2, Modifiers::NONE);
    assert!(matches!(sel(&h), Sel::Item(Selection::Mention(_))));
    let node = h.get_by_label_contains("Map node: Person General Oleksandr Vronsky");
    assert_eq!(
        node.accesskit_node().toggled(),
        Some(accesskit::Toggled::True)
    );

    // An event chosen in the event list: its node in the map is selected.
    h.get_by_label("“accused”").click();
    h.run_steps(3);
    let node = h.get_by_label_contains("Map node: event Accuse");
    assert_eq!(
        node.accesskit_node().toggled(),
        Some(accesskit::Toggled::True)
    );
}

#[test]
fn clicking_an_edge_selects_its_relation_or_event() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let rel = *session(&h).relations.keys().next().unwrap();
    let p = h
        .state()
        .views
        .map
        .edge_screen_pos(EdgeKey::Relation(rel))
        .expect("edge drawn");
    // Map nodes live in a zoomed layer: click through the map's own geometry.
    click(&mut h, p, Modifiers::NONE);
    assert_eq!(sel(&h), Sel::Item(Selection::Relation(rel)));
    let edge = h.get_by_label_contains("Map edge: Leader of");
    assert_eq!(
        edge.accesskit_node().toggled(),
        Some(accesskit::Toggled::True)
    );
    // The relation's evidence (its first mention) was scrolled to and the inspector shows it.
    h.get_by_label("Relation");

    let strike = session(&h)
        .events
        .values()
        .find(|e| e.event_type == "ASSAULT")
        .unwrap()
        .id;
    let arg = EdgeKey::Argument(strike, 0);
    let p = h
        .state()
        .views
        .map
        .edge_screen_pos(arg)
        .expect("argument edge drawn");
    // Map nodes live in a zoomed layer: click through the map's own geometry.
    click(&mut h, p, Modifiers::NONE);
    assert_eq!(sel(&h), Sel::Item(Selection::Event(strike)));
}

#[test]
fn dragged_nodes_stay_pinned_across_save_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let benali = entity(&h, "Aïcha Benali");
    let key = NodeKey::Entity(benali);
    let a = h.state().views.map.node_screen_pos(key).unwrap();
    let b = a + egui::vec2(-60.0, 40.0);
    drag_between(&mut h, a, b, Modifiers::NONE);
    let pinned = *h
        .state()
        .views
        .map
        .layout
        .pinned
        .get(&key)
        .expect("dragging pins the node");
    assert!(
        h.state().ws.doc.as_ref().unwrap().is_dirty(),
        "pins are unsaved work"
    );
    settle(&mut h);
    assert_eq!(
        h.state().views.map.layout.pos[&key],
        pinned,
        "a pinned node does not move"
    );

    let path = dir.path().join("pinned.ron");
    dialogs.answer(Some(path.clone()));
    menu(&mut h, &["File", "Save as…"]);
    assert!(!h.state().ws.doc.as_ref().unwrap().is_dirty());
    let (saved, _) = dossier::io::load_session(&path).unwrap();
    assert_eq!(
        saved.view.pinned.get(&benali),
        Some(&(pinned[0], pinned[1]))
    );
    // The analyst did not pan or zoom: the map goes on fitting itself, also when reopened.
    assert!(saved.view.map_viewport.is_none());

    let d2 = FakeDialogs::default();
    let mut h2 = harness(&d2);
    h2.state_mut().push(Action::Open(path));
    h2.run_steps(3);
    assert_eq!(h2.state().views.map.layout.pinned.get(&key), Some(&pinned));
    settle(&mut h2);
    assert_eq!(h2.state().views.map.layout.pos[&key], pinned);

    // Re-layout frees every pin.
    h2.get_by_label("Re-layout").click();
    h2.run_steps(2);
    assert!(h2.state().views.map.layout.pinned.is_empty());
}

#[test]
fn graphml_parses_with_the_right_counts() {
    let (s, _) = dossier::io::load_session(&demo_path()).unwrap();
    let (g, layout) = dossier::analysis::graphml::laid_out(&s);
    let xml = dossier::analysis::graphml::to_graphml(&s, &g, Some(&layout)).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut nodes, mut edges, mut names) = (0, 0, Vec::new());
    let mut in_name = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    "node" => nodes += 1,
                    "edge" => edges += 1,
                    "data" => {
                        in_name = e
                            .try_get_attribute("key")
                            .unwrap()
                            .is_some_and(|a| &*a.value == "name");
                    }
                    _ => {}
                }
            }
            quick_xml::events::Event::Text(t) if in_name => {
                names.push(t.xml10_content().into_owned());
                in_name = false;
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    // 19 entities and the two events that have more than an actor and a recipient.
    assert_eq!(nodes, s.entities.len() + 2);
    // 4 + 3 arguments and 1 relation.
    assert_eq!(edges, 8);
    assert!(names.iter().any(|n| n == "Tomás Ibáñez"));
    // Deterministic: the same session lays out the same way.
    let (_, again) = dossier::analysis::graphml::laid_out(&s);
    assert_eq!(
        dossier::analysis::graphml::to_graphml(&s, &g, Some(&again)).unwrap(),
        xml
    );
}

/// A big map is drawn from far as one cached mesh; nodes still answer clicks and selection.
#[test]
fn a_big_map_from_far_still_selects_by_click() {
    let dialogs = FakeDialogs::default();
    let mut h = harness(&dialogs);
    let s =
        dossier::analysis::synth::session(dossier::analysis::synth::Size::named("100k").unwrap());
    h.state_mut().install(s, None);
    h.run_steps(2);
    settle(&mut h);
    let nodes = dossier::analysis::graph::build(session(&h), &h.state().views.map.filter)
        .nodes
        .len();
    assert!(nodes > dossier::ui::views::map::SMALL_MAP, "{nodes} nodes");
    assert!(h.state().views.map.drawn_from_far());
    // The most mentioned entity.
    let s = session(&h);
    let mut counts = std::collections::BTreeMap::new();
    for m in s.mentions.values() {
        *counts.entry(m.entity).or_insert(0usize) += 1;
    }
    let (&top, _) = counts
        .iter()
        .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
        .unwrap();
    let name = s.entities[&top].name.clone();
    let p = h
        .state()
        .views
        .map
        .node_screen_pos(NodeKey::Entity(top))
        .unwrap();
    click(&mut h, p, Modifiers::NONE);
    assert_eq!(sel(&h), Sel::Item(Selection::Entity(top)));
    // The inspector opened above the map and moved it: point at the node where it is now.
    let p = h
        .state()
        .views
        .map
        .node_screen_pos(NodeKey::Entity(top))
        .unwrap();
    h.hover_at(p);
    h.run_steps(2);
    let label = format!("{name}, ");
    let node = h.get_by_label_contains(&label);
    assert_eq!(
        node.accesskit_node().toggled(),
        Some(accesskit::Toggled::True)
    );
}

fn assert_all_nodes_in_view(h: &Harness<'_, DossierApp>, when: &str) {
    let map = &h.state().views.map;
    let view = map.view_rect();
    let s = session(h);
    for e in s.entities.values() {
        let Some(p) = map.node_screen_pos(NodeKey::Entity(e.id)) else {
            continue;
        };
        assert!(
            view.contains(p),
            "{when}: {} at {p:?} outside {view:?}",
            e.name
        );
    }
}

/// Until the analyst pans or zooms, the map keeps every node in view: as entities are
/// annotated one by one (the first one at its normal size, not blown up) and when the window,
/// and so the map, changes size.
#[test]
fn the_map_keeps_every_node_in_view_while_it_fits_itself() {
    let dialogs = FakeDialogs::default();
    let mut h = open_sample(&dialogs);
    for (w, k) in [
        ("Halvern", egui::Key::G),
        ("Port", egui::Key::L),
        ("Ostrava", egui::Key::G),
        ("Geneva", egui::Key::G),
        ("Dragović", egui::Key::P),
    ] {
        let c = char_of(&h, w, 0);
        click_char(&mut h, c, Modifiers::NONE);
        key(&mut h, k);
        settle(&mut h);
        assert_all_nodes_in_view(&h, &format!("after annotating {w}"));
        if session(&h).entities.len() == 1 {
            let map = &h.state().views.map;
            let zoom = map.view_rect().width() / map.scene_rect.width();
            assert!(
                zoom <= 1.01,
                "one node is drawn at its size, not zoomed {zoom}×"
            );
        }
    }
    h.set_size(egui::vec2(900.0, 640.0));
    settle(&mut h);
    assert_all_nodes_in_view(&h, "after the window shrank");
    h.set_size(egui::vec2(1600.0, 1000.0));
    settle(&mut h);
    assert_all_nodes_in_view(&h, "after the window grew");
}

/// On the annotated sample every entity's name has a place of its own on the map: no two labels
/// overlap, and none sits on a node.
#[test]
fn map_labels_never_overlap_and_every_name_is_shown() {
    let dialogs = FakeDialogs::default();
    let h = open_demo(&dialogs);
    let labels = h.state().views.map.placed_labels();
    for (i, (a, ra)) in labels.iter().enumerate() {
        for (b, rb) in &labels[i + 1..] {
            assert!(!ra.intersects(*rb), "“{a}” {ra:?} overlaps “{b}” {rb:?}");
        }
    }
    let s = session(&h);
    for e in s.entities.values() {
        assert!(
            labels
                .iter()
                .any(|(t, _)| *t == e.name || e.name.starts_with(t.trim_end_matches('…'))),
            "{} has no label on the map",
            e.name
        );
        let p = h
            .state()
            .views
            .map
            .node_screen_pos(NodeKey::Entity(e.id))
            .unwrap();
        for (t, r) in &labels {
            assert!(!r.contains(p), "“{t}” sits on the node of {}", e.name);
        }
    }
}

/// The Explore layout (Ctrl+Shift+M or Alt+2) gives the map the big area with the text beside
/// it; View ▸ Map in its own window moves it out (inside the window where there is one OS
/// window only, as here) and its tile offers it back; every name stays readable in each place.
#[test]
fn the_map_grows_in_the_explore_layout_and_moves_to_its_own_window() {
    use dossier::ui::layout::{MapPlace, NamedLayout};
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let small = h.state().views.map.view_rect().width();
    key_mod(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::M);
    settle(&mut h);
    assert_eq!(h.state().layout.named, NamedLayout::Explore);
    assert!(h.state().views.map.view_rect().width() > small * 1.4);
    h.get_by_label("Text");
    assert_all_nodes_in_view(&h, "in the Explore layout");
    assert!(h.state().views.map.placed_labels().len() >= session(&h).entities.len());
    key_mod(&mut h, Modifiers::ALT, egui::Key::Num1);
    settle(&mut h);
    assert_eq!(h.state().layout.named, NamedLayout::Annotate);

    menu(&mut h, &["View", "Map in its own window"]);
    settle(&mut h);
    assert_eq!(h.state().layout.map_place, MapPlace::Window);
    assert_all_nodes_in_view(&h, "in its own window");
    // Here the map's window is drawn inside the main one, over the tiles: the button is pressed
    // as a screen reader would.
    h.get_by_label("Bring the map back here").click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().layout.map_place, MapPlace::Tiles);
}

/// Right-click a map node and pick an item of its menu.
fn node_menu(h: &mut Harness<'_, DossierApp>, node: NodeKey, item: &str) {
    let at = h.state().views.map.node_screen_pos(node).unwrap();
    right_click(h, at);
    h.get_by_label(item).click();
    h.run_steps(2);
}

fn right_click(h: &mut Harness<'_, DossierApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(2);
}

/// Finding one's way: the search box selects and centres a node; a node's menu hides it, shows
/// only it and its neighbours, expands, and gives the shortest path from the selection; the ego
/// layout puts the selection in the middle with its neighbours on the first ring.
#[test]
fn search_hide_expand_path_and_ego_layout() {
    use dossier::analysis::arrange::Arrangement;
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let ibanez = entity(&h, "Tomás Ibáñez");
    let vronsky = entity(&h, "General Oleksandr Vronsky");

    h.get_by_label("Find on map").click();
    h.run_steps(1);
    h.get_by_label("Find on map").type_text("vronsk");
    h.run_steps(3);
    assert_eq!(sel(&h), Sel::Item(Selection::Entity(vronsky)));
    assert!(!h.state().views.map.auto_fit, "the view moved to the match");

    h.state_mut().push(Action::PickEntity(ibanez));
    h.run_steps(2);
    h.state_mut().views.map.auto_fit = true;
    settle(&mut h);
    node_menu(
        &mut h,
        NodeKey::Entity(vronsky),
        "Path from Tomás Ibáñez to here",
    );
    let (nodes, edges) = h.state().views.map.explore.path.clone().expect("a path");
    assert_eq!(nodes.first(), Some(&NodeKey::Entity(ibanez)));
    assert_eq!(nodes.last(), Some(&NodeKey::Entity(vronsky)));
    assert_eq!(edges.len(), nodes.len() - 1);
    assert!(
        h.state().status.contains("→ General Oleksandr Vronsky"),
        "{}",
        h.state().status
    );

    node_menu(
        &mut h,
        NodeKey::Entity(vronsky),
        "Show only this and its neighbours",
    );
    let hidden = h.state().views.map.explore.hidden.len();
    assert!(
        hidden >= 15,
        "only Vronsky's neighbourhood stays: {hidden} hidden"
    );
    h.get_by_label("Show all").click();
    h.run_steps(2);
    assert!(h.state().views.map.explore.hidden.is_empty());

    h.state_mut().views.map.arrangement = Arrangement::Ego;
    settle(&mut h);
    let centre = h.state().views.map.layout.pos[&NodeKey::Entity(ibanez)];
    assert_eq!(centre, [0.0, 0.0], "the selection in the middle");
    assert_all_nodes_in_view(&h, "ego layout");
}

/// Several events between the same two entities are one bundle with a count badge; a click
/// shows each (curved apart) and another click bundles them again.
#[test]
fn parallel_events_are_bundled_and_open_on_click() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    let ibanez = entity(&h, "Tomás Ibáñez");
    let ostrava = entity(&h, "Ostrava");
    let mut consults = Vec::new();
    for _ in 0..3 {
        let doc = h.state_mut().ws.doc.as_mut().unwrap();
        let (id, add) = doc.session.cmd_add_event("CONSULT", None).unwrap();
        consults.push(id);
        doc.session.apply(add).unwrap();
        for (role, who) in [("Actor", ibanez), ("Recipient", ostrava)] {
            let fill = doc
                .session
                .cmd_fill_role(id, role, Filler::Entity(who), None)
                .unwrap();
            doc.session.apply(fill).unwrap();
        }
    }
    settle(&mut h);
    let labels = |h: &Harness<'_, DossierApp>| {
        h.state()
            .views
            .map
            .placed_labels()
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>()
    };
    // Closed: one line with a count badge, no event labels.
    assert!(
        !labels(&h).iter().any(|t| t == "Consult"),
        "{:?}",
        labels(&h)
    );
    h.get_by_label_contains("3 events between");
    // The map lives in a zoomed layer: click through its own geometry.
    let badge = h
        .state()
        .views
        .map
        .edge_screen_pos(EdgeKey::Event(consults[0]))
        .unwrap();
    click(&mut h, badge, Modifiers::NONE);
    settle(&mut h);
    assert_eq!(h.state().views.map.explore.expanded.len(), 1);
    h.state_mut().views.map.auto_fit = true;
    settle(&mut h);
    h.get_by_label_contains("Bundle the 3 events between");
    let first = h
        .state()
        .views
        .map
        .bundle_toggle_pos(EdgeKey::Event(consults[0]))
        .unwrap();
    click(&mut h, first, Modifiers::NONE);
    assert!(h.state().views.map.explore.expanded.is_empty());
}

/// In a small window the map tile is a few points tall; a selected entity is then out of its
/// view and the pointer toward it has no margin to sit in. That clamped into an inverted rect
/// and panicked (found with a 1000×420 window).
#[test]
fn a_selection_out_of_view_in_a_tiny_map_tile_does_not_panic() {
    let dialogs = FakeDialogs::default();
    let mut h = open_demo(&dialogs);
    for height in [420.0, 300.0, 200.0] {
        h.set_size(egui::vec2(1000.0, height));
        let halvern = entity(&h, "Halvern");
        h.state_mut().push(Action::PickEntity(halvern));
        h.run_steps(4);
        let ostrava = entity(&h, "Ostrava");
        h.state_mut().push(Action::PickEntity(ostrava));
        h.run_steps(4);
    }
    // Still running, with the last pick selected.
    let ostrava = entity(&h, "Ostrava");
    assert_eq!(
        h.state().ws.doc.as_ref().unwrap().selected_entity(),
        Some(ostrava)
    );
}
