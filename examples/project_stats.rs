//! The window on a project, headless (egui pass plus tessellation, no GPU): open, the index
//! built (first time and from its cache), switching articles, find in the project, the
//! project map and the project's event list, and peak memory.
//!
//! ```text
//! cargo run --release --example synth_project -- 10000 /tmp/big-project
//! cargo run --release --example project_stats -- /tmp/big-project
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tools a panic is a failed run.

use dossier::ui::action::ProjectAction;
use dossier::ui::app::{Action, DossierApp, Prefs};
use dossier::ui::dialogs::FakeDialogs;
use dossier::ui::layout::{LayoutAction, Pane};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn frame(ctx: &egui::Context, app: &mut DossierApp) -> Duration {
    let t = Instant::now();
    dossier::ui::headless_frame(ctx, app, Vec::new());
    t.elapsed()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    ms(v[((v.len() as f64 - 1.0) * p).round() as usize])
}

fn peak_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = s
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// Frames until `done`, at most a minute; how long it took.
fn until(
    ctx: &egui::Context,
    app: &mut DossierApp,
    done: impl Fn(&DossierApp) -> bool,
) -> Duration {
    let t = Instant::now();
    while !done(app) && t.elapsed() < Duration::from_secs(120) {
        frame(ctx, app);
        std::thread::sleep(Duration::from_millis(20));
    }
    t.elapsed()
}

fn indexed(app: &DossierApp) -> bool {
    app.ws
        .project
        .as_ref()
        .is_some_and(|p| p.indexing.is_none())
}

fn open(ctx: &egui::Context, app: &mut DossierApp, dir: &std::path::Path) -> (Duration, Duration) {
    let t = Instant::now();
    assert!(app.open_project(dir), "{:?}", app.prompts.notice);
    frame(ctx, app);
    let first = t.elapsed();
    let index = until(ctx, app, indexed);
    (first, index)
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: project_stats DIR"));
    let ctx = egui::Context::default();
    let mut app = DossierApp::new(Box::new(FakeDialogs::default()), Prefs::default());
    // Without its caches, as after a fresh clone.
    let _ = std::fs::remove_file(dir.join(dossier::io::project_index::INDEX_FILE));
    let _ = std::fs::remove_file(dir.join(dossier::io::find_cache::CACHE_FILE));
    let (first, index) = open(&ctx, &mut app, &dir);
    let n = app.ws.project.as_ref().unwrap().project.articles.len();
    println!(
        "{n} articles: open to first frame {:.0} ms; index built in {:.1} s (no cache)",
        ms(first),
        index.as_secs_f64()
    );
    app.close_project();
    let (first, index) = open(&ctx, &mut app, &dir);
    println!(
        "open again: first frame {:.0} ms; index ready in {:.2} s (from its cache)",
        ms(first),
        index.as_secs_f64()
    );

    let files: Vec<String> = {
        let p = &app.ws.project.as_ref().unwrap().project;
        (0..20)
            .map(|i| p.articles[(i * 7919) % n].file.clone())
            .collect()
    };
    let mut switch = Vec::new();
    for f in &files {
        let t = Instant::now();
        app.open_article(f);
        frame(&ctx, &mut app);
        switch.push(t.elapsed());
    }
    println!(
        "switch article (open, first frame): median {:.1} ms, max {:.1} ms",
        pct(&mut switch.clone(), 0.5),
        pct(&mut switch, 1.0)
    );

    for (pattern, regex) in [
        ("Thursday", false),
        ("Halvern Ministry", false),
        (r"\b(Thurs|Wednes)day\b", true),
    ] {
        app.push(Action::Project(ProjectAction::Find(pattern.into(), regex)));
        let t = Instant::now();
        frame(&ctx, &mut app);
        until(&ctx, &mut app, |a| {
            a.ws.project.as_ref().is_some_and(|p| p.find_job.is_none())
        });
        let hits = app
            .ws
            .project
            .as_ref()
            .unwrap()
            .find_hits
            .as_ref()
            .unwrap()
            .as_ref()
            .map(dossier::analysis::project_search::ProjectHits::total)
            .unwrap_or(0);
        let whole = t.elapsed();
        // The search alone, without the frames around it.
        let op = app.ws.project.as_ref().unwrap();
        let texts = op.texts.clone().unwrap();
        let t = Instant::now();
        let m = dossier::analysis::project_search::compile(pattern, regex).unwrap();
        let _ = dossier::analysis::project_search::find_in(&op.project, &texts, &m, 5);
        let search = t.elapsed();
        let t = Instant::now();
        let op = app.ws.project.as_mut().unwrap();
        op.start_find(pattern.into(), regex);
        while op.poll_find() {
            std::thread::sleep(Duration::from_millis(1));
        }
        let job = t.elapsed();
        let t = Instant::now() - search;
        println!(
            "find “{pattern}”: {hits} hits, {:.0} ms in the window ({:.0} ms the search, {:.0} ms its job)",
            ms(whole),
            ms(t.elapsed()),
            ms(job)
        );
    }

    app.push(Action::Layout(LayoutAction::Show(Pane::ProjectEvents)));
    let t = Instant::now();
    frame(&ctx, &mut app);
    let first_events = t.elapsed();
    let mut ev: Vec<Duration> = (0..30).map(|_| frame(&ctx, &mut app)).collect();
    println!(
        "project event list: first frame {:.0} ms, then median {:.1} ms",
        ms(first_events),
        pct(&mut ev, 0.5)
    );

    app.push(Action::Layout(LayoutAction::Show(Pane::ProjectMap)));
    let t = Instant::now();
    frame(&ctx, &mut app);
    let first_map = t.elapsed();
    let settle = until(&ctx, &mut app, |a| a.views.project_ui.map_settled());
    let mut mf: Vec<Duration> = (0..100).map(|_| frame(&ctx, &mut app)).collect();
    let (nodes, events) = app.views.project_ui.map_size().unwrap_or_default();
    println!(
        "project map ({nodes} registry entries, {events} events): first frame {:.0} ms, laid out in {:.1} s, then frames median {:.1} ms, p99 {:.1} ms",
        ms(first_map),
        settle.as_secs_f64(),
        pct(&mut mf.clone(), 0.5),
        pct(&mut mf, 0.99)
    );

    let top = app
        .ws
        .project
        .as_ref()
        .unwrap()
        .project
        .registry
        .iter()
        .next()
        .unwrap()
        .id
        .clone();
    app.push(Action::Registry(dossier::ui::action::RegistryAction::Show(
        top,
    )));
    let t = Instant::now();
    frame(&ctx, &mut app);
    let page = t.elapsed();
    let mut pf: Vec<Duration> = (0..30).map(|_| frame(&ctx, &mut app)).collect();
    println!(
        "registry page of the most linked entry: first frame {:.0} ms, then median {:.1} ms",
        ms(page),
        pct(&mut pf, 0.5)
    );
    println!("peak memory {:.0} MB", peak_mb());
}
