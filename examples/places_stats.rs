//! The world map's frames on a big project, headless (egui pass plus tessellation, no GPU), in a
//! 1400×900 window: N synthetic articles (default 10,000), each naming six places of the bundled
//! gazetteer (the same places again and again, as news does) and one village the analyst pinned
//! (a place of its own per article), with an attack at one of them. Prints how long the places
//! took to gather and the frames' median and p99 with every place shown, still and while zooming.
//!
//! `cargo run --release --example places_stats -- [N]`
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tools a panic is a failed run.

use dossier::analysis::gazetteer::Lists;
use dossier::analysis::geo;
use dossier::analysis::project_views::Filter;
use dossier::io::project_index::{ArticleIndex, IxEntity, IxEvent};
use dossier::model::geo::GeoPoint;
use dossier::model::project::{Counts, Project};
use dossier::model::schema::presets;
use dossier::ui::views::places::{Input, PlacesView};
use std::time::{Duration, Instant};

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3
}

/// The articles: entity ids 1–6 are listed places, 7 a pinned village.
fn articles(n: usize) -> Vec<ArticleIndex> {
    let world = dossier::io::gazetteer::world();
    let located: Vec<_> = world
        .entries
        .iter()
        .filter(|e| e.point.is_some() && e.entity_type == "GPE")
        .collect();
    (0..n)
        .map(|k| {
            let mut entities: Vec<IxEntity> = (0..6)
                .map(|j| {
                    let e = located[(k * 7 + j * 131) % located.len()];
                    IxEntity {
                        id: j as u64 + 1,
                        name: e.name.clone(),
                        entity_type: "GPE".into(),
                        registry: None,
                        mentions: 1 + (k + j) % 5,
                        kb_id: e.kb_id.clone(),
                        pin: None,
                        first: j * 40,
                    }
                })
                .collect();
            let (lat, lon) = (
                -50.0 + (k * 37 % 1000) as f64 / 10.0,
                -170.0 + (k * 53 % 3400) as f64 / 10.0,
            );
            entities.push(IxEntity {
                id: 7,
                name: format!("Village {k}"),
                entity_type: "GPE".into(),
                registry: None,
                mentions: 1,
                kb_id: None,
                pin: Some(GeoPoint::new(lat, lon).unwrap()),
                first: 300,
            });
            ArticleIndex {
                file: format!("a{k}.ron"),
                stamp: (0, 0),
                title: format!("Article {k}"),
                published: Some(format!("2024-{:02}-{:02}", 1 + k % 12, 1 + k % 28)),
                counts: Counts::default(),
                entities,
                mentions: Vec::new(),
                events: vec![IxEvent {
                    id: 100,
                    event_type: "ASSAULT".into(),
                    label: "Assault “struck”".into(),
                    date: None,
                    at: 10,
                    args: vec![("Place".into(), 1), ("Actor".into(), 2)],
                }],
                relations: Vec::new(),
            }
        })
        .collect()
}

fn frame(ctx: &egui::Context, view: &mut PlacesView, schema: &dossier::model::Schema) -> Duration {
    frame_with(ctx, view, schema, Vec::new())
}

fn frame_with(
    ctx: &egui::Context,
    view: &mut PlacesView,
    schema: &dossier::model::Schema,
    events: Vec<egui::Event>,
) -> Duration {
    let t = Instant::now();
    let prims = dossier::ui::headless_ui(ctx, events, |ui| {
        let input = Input {
            doc: None,
            schema,
            in_project: true,
        };
        std::hint::black_box(view.show(ui, input));
    });
    if std::env::var("PLACES_DEBUG").is_ok() {
        let v: usize = prims
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        eprintln!("{} meshes, {v} vertices", prims.len());
    }
    t.elapsed()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let schema = presets::default_schema();
    let project = Project::new("stats", schema.clone());
    let index = articles(n);
    let lists = Lists::world();
    let t = Instant::now();
    let g = geo::of_project(&project, index.iter(), &Filter::default(), &lists);
    let gather = t.elapsed();
    let (places, located, events) = (g.places.len(), g.located(), g.events.len());
    let mut view = PlacesView::default();
    view.project_wide = true;
    view.update(1, || g);
    let ctx = egui::Context::default();
    let first = frame(&ctx, &mut view, &schema);
    let mut still: Vec<Duration> = (0..60).map(|_| frame(&ctx, &mut view, &schema)).collect();
    let at = egui::pos2(500.0, 400.0);
    // Dragging the whole world sideways: every frame works everything out again.
    let press = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    frame_with(
        &ctx,
        &mut view,
        &schema,
        vec![egui::Event::PointerMoved(at), press(true)],
    );
    let mut dragging: Vec<Duration> = (1..=60)
        .map(|k| {
            let p = at + egui::vec2(k as f32 * 2.0, 0.0);
            frame_with(&ctx, &mut view, &schema, vec![egui::Event::PointerMoved(p)])
        })
        .collect();
    frame_with(&ctx, &mut view, &schema, vec![press(false)]);
    let mut zooming: Vec<Duration> = (0..60)
        .map(|k| {
            let dy = if k < 30 { 40.0 } else { -40.0 };
            frame_with(&ctx, &mut view, &schema, dossier::ui::wheel_at(at, dy))
        })
        .collect();
    println!(
        "{n} articles: {places} places ({located} on the map), {events} events gathered in {:.0} ms",
        gather.as_secs_f64() * 1e3
    );
    println!(
        "world map frames (1400×900, every place shown): first {:.1} ms, still median {:.1} ms p99 {:.1} ms, dragging the world median {:.1} ms p99 {:.1} ms, zooming in and out median {:.1} ms p99 {:.1} ms",
        first.as_secs_f64() * 1e3,
        pct(&mut still.clone(), 0.5),
        pct(&mut still, 0.99),
        pct(&mut dragging.clone(), 0.5),
        pct(&mut dragging, 0.99),
        pct(&mut zooming.clone(), 0.5),
        pct(&mut zooming, 0.99),
    );
}
