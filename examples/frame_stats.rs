//! Frame times of the real app, headless (egui pass plus tessellation, no GPU), on a synthetic
//! session: `cargo run --release --example frame_stats -- [10k|100k|1m|10m] [frames]`.
//! Prints open time, median and p99 frame while scrolling, add-a-mention-then-frame, save and
//! load times, and peak memory.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

use dossier::analysis::synth;
use dossier::ui::app::{DossierApp, Prefs};
use dossier::ui::dialogs::FakeDialogs;
use dossier::ui::layout::Pane;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};

fn frame(ctx: &egui::Context, app: &mut DossierApp, events: Vec<egui::Event>) -> Duration {
    let t = Instant::now();
    dossier::ui::headless_frame(ctx, app, events);
    let s = &app.views.suggestions;
    DOING.store(
        u8::from(s.is_computing()) | u8::from(s.is_training()) << 1,
        Ordering::Relaxed,
    );
    t.elapsed()
}

/// What the window's background work was after the last frame: 1 a suggestions job, 2 the
/// tagger learning.
static DOING: AtomicU8 = AtomicU8::new(0);
/// The highest resident memory sampled, in pages, and `DOING` then.
static SAMPLED: AtomicU64 = AtomicU64::new(0);
static SAMPLED_DOING: AtomicU8 = AtomicU8::new(0);

/// Sample the resident memory every 5 ms (VmHWM says how high it went, not when), to say
/// which work was under way at the peak.
fn sample_memory() {
    std::thread::spawn(|| {
        loop {
            let pages = std::fs::read_to_string("/proc/self/statm")
                .ok()
                .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
                .unwrap_or(0);
            if pages > SAMPLED.load(Ordering::Relaxed) {
                SAMPLED.store(pages, Ordering::Relaxed);
                SAMPLED_DOING.store(DOING.load(Ordering::Relaxed), Ordering::Relaxed);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    });
}

/// The sampled peak and what was under way then.
fn sampled_peak() -> String {
    let mb = SAMPLED.load(Ordering::Relaxed) as f64 * 4096.0 / 1048576.0;
    let doing = match SAMPLED_DOING.load(Ordering::Relaxed) {
        0 => "no background work",
        1 => "a suggestions job",
        2 => "the tagger learning",
        _ => "a suggestions job and the tagger learning",
    };
    format!("sampled peak {mb:.0} MB, with {doing}")
}

/// Draw frames until no suggestion work is under way or waiting; how long that took.
fn idle(ctx: &egui::Context, app: &mut DossierApp) -> Duration {
    let t = Instant::now();
    while app.views.suggestions.is_busy() && t.elapsed() < Duration::from_secs(60) {
        frame(ctx, app, vec![]);
        std::thread::sleep(Duration::from_millis(10));
    }
    t.elapsed()
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<f64>()
                    .unwrap_or(0.0)
            })
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn main() {
    // As the app does.
    dossier::allocator::return_big_blocks();
    let size_name = std::env::args().nth(1).unwrap_or_else(|| "1m".into());
    let frames: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let Some(size) = synth::Size::named(&size_name) else {
        eprintln!("size must be one of 10k, 100k, 1m, 10m");
        std::process::exit(2);
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    // The synthetic session is made and saved by a child process, so that the peak memory
    // below is the window's own and not the generator's (whose freed pages the allocator may
    // keep).
    if let Some(out) = std::env::var_os("DOSSIER_FRAME_STATS_WRITE") {
        let session = synth::session(size);
        let t = Instant::now();
        dossier::io::save_session(&session, std::path::Path::new(&out)).expect("saves");
        println!("{}", t.elapsed().as_secs_f64());
        return;
    }
    let child = std::process::Command::new(std::env::current_exe().expect("own path"))
        .arg(&size_name)
        .env("DOSSIER_FRAME_STATS_WRITE", &path)
        .output()
        .expect("runs the generator");
    assert!(child.status.success(), "the generator failed");
    let save = Duration::from_secs_f64(
        String::from_utf8_lossy(&child.stdout)
            .trim()
            .parse()
            .expect("save time"),
    );
    let ron_bytes = std::fs::metadata(&path).expect("saved").len();

    sample_memory();
    let ctx = egui::Context::default();
    // DOSSIER_PANELS=text shows the text alone (default all: the Annotate layout), to see where
    // time goes.
    let panels = std::env::var("DOSSIER_PANELS").unwrap_or_else(|_| "all".into());
    let dialogs = FakeDialogs::default();
    let mut app = DossierApp::new(Box::new(dialogs.clone()), Prefs::default());
    if panels == "text" {
        app.layout.tree =
            egui_tiles::Tree::new_tabs(egui::Id::unique("text-only"), vec![Pane::Text]);
    }
    // DOSSIER_TAB=timeline measures the frames with the timeline in front of the event list.
    if std::env::var("DOSSIER_TAB").is_ok_and(|t| t == "timeline") {
        app.layout.show(Pane::Timeline);
    }
    let t = Instant::now();
    let (loaded, _) = dossier::io::load_session(&path).expect("loads");
    let load = t.elapsed();
    let counts = format!(
        "{} bytes of text, {ron_bytes} bytes of RON, {} mentions, {} entities, {} events",
        loaded.article.text.len(),
        loaded.mentions.len(),
        loaded.entities.len(),
        loaded.events.len()
    );
    app.install(loaded, Some(path.clone()));
    frame(&ctx, &mut app, vec![]);
    let open = t.elapsed();
    let peak_open = peak_mb();
    // DOSSIER_STOP=open ends the run once the session is open and drawn (for profiling that).
    if std::env::var("DOSSIER_STOP").is_ok_and(|v| v == "open") {
        println!(
            "load {:.0} ms, open {:.0} ms, peak after opening {peak_open:.0} MB",
            load.as_secs_f64() * 1e3,
            open.as_secs_f64() * 1e3
        );
        return;
    }
    // Warm up: fonts and layout caches.
    for _ in 0..5 {
        frame(&ctx, &mut app, vec![]);
    }
    // Suggestions of a big article are worked out on other threads once it is open (and after
    // edits pause): measured here, and let finish, so that the frames below are the window's
    // own work and not two cores shared with the tagger.
    let background = idle(&ctx, &mut app);
    let peak_suggested = peak_mb();
    // DOSSIER_STOP=suggested ends the run here: a memory profiler's peak is then the
    // open-and-suggest one, not the brat round trip's.
    if std::env::var("DOSSIER_STOP").is_ok_and(|v| v == "suggested") {
        println!(
            "open {:.0} ms, peak after opening {peak_open:.0} MB, once suggested {peak_suggested:.0} MB ({})",
            open.as_secs_f64() * 1e3,
            sampled_peak()
        );
        return;
    }
    // DOSSIER_COMPARE=1 measures the frames while curating: compared with a second analyst's
    // session (every 20th mention left out, every 30th of another type).
    if std::env::var("DOSSIER_COMPARE").is_ok_and(|v| v == "1") {
        let mut other = app.ws.doc.as_ref().expect("open").session.clone();
        let ids: Vec<_> = other.mentions.keys().copied().collect();
        for (i, id) in ids.iter().enumerate() {
            let cmd = if i % 20 == 0 {
                other.cmd_delete_mention(*id)
            } else if i % 30 == 0 {
                other.cmd_retype_mention(*id, "Location")
            } else {
                continue;
            };
            if let Ok(cmd) = cmd {
                let _ = other.apply(cmd);
            }
        }
        let b = dir.path().join("b.ron");
        dossier::io::save_session(&other, &b).expect("saves");
        dialogs.answer(Some(b));
        let t = Instant::now();
        app.push(dossier::ui::Action::Curate(dossier::ui::Curate::Open));
        while app.curation.open.is_none() && t.elapsed() < Duration::from_secs(60) {
            frame(&ctx, &mut app, vec![]);
            std::thread::sleep(Duration::from_millis(5));
        }
        if let Some(n) = &app.prompts.notice {
            println!("comparison not opened: {} — {}", n.title, n.body);
        }
        let n = app.curation.open.as_ref().map_or(0, |c| c.diffs.len());
        println!(
            "comparison read, compared and shown in {:.0} ms: {n} differences",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    let over = egui::pos2(600.0, 400.0);
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        let ev = dossier::ui::wheel_at(over, -120.0);
        if i % 400 == 399 {
            app.views.view.scroll_to = Some(0);
        }
        times.push(frame(&ctx, &mut app, ev));
    }
    let mut add = Vec::new();
    // DOSSIER_ADDS: how many mentions to add (default 50), more for profiling.
    let adds: usize = std::env::var("DOSSIER_ADDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    for i in 0..adds {
        let doc = app.ws.doc.as_mut().expect("open");
        let start = (i * 7919) % doc.session.article.char_len().saturating_sub(10).max(1);
        let Some(span) = app
            .views
            .view
            .word_at(&app.ws.doc.as_ref().expect("open").session, start)
        else {
            continue;
        };
        app.views.view.scroll_to = Some(span.start);
        frame(&ctx, &mut app, vec![]);
        let t = Instant::now();
        let doc = app.ws.doc.as_mut().expect("open");
        if let Ok(cmd) = doc.session.cmd_annotate(span, "Person") {
            let _ = doc.history.apply(&mut doc.session, cmd);
        }
        frame(&ctx, &mut app, vec![]);
        add.push(t.elapsed());
    }
    println!("size {size_name}: {counts}");
    println!(
        "save {:.1} ms, load {:.1} ms, open (load + first frame) {:.1} ms",
        save.as_secs_f64() * 1e3,
        load.as_secs_f64() * 1e3,
        open.as_secs_f64() * 1e3
    );
    println!(
        "scrolling frame: median {:.2} ms, p99 {:.2} ms over {frames} frames",
        pct(&mut times, 0.5),
        pct(&mut times, 0.99)
    );
    println!(
        "add a mention + next frame: median {:.2} ms, p99 {:.2} ms",
        pct(&mut add, 0.5),
        pct(&mut add, 0.99)
    );
    let after_edits = idle(&ctx, &mut app);
    println!(
        "suggestions on other threads: after opening {:.0} ms, after the edits {:.0} ms",
        background.as_secs_f64() * 1e3,
        after_edits.as_secs_f64() * 1e3
    );
    // Peak memory of the window's own work, before the brat round trip below holds a copy.
    let peak = peak_mb();
    let peak_doing = sampled_peak();
    // DOSSIER_STOP=edited ends the run here (a memory profiler's peak is then the window's).
    if std::env::var("DOSSIER_STOP").is_ok_and(|v| v == "edited") {
        println!("peak after the edits and their suggestions {peak:.0} MB ({peak_doing})");
        return;
    }
    // The long operations: find a common word, annotate every hit, brat export and import.
    let doc = app.ws.doc.as_mut().expect("open");
    let t = Instant::now();
    let finder = dossier::analysis::search::Finder::new(&doc.session.article);
    let first = finder.find(&doc.session.article, "Thursda");
    let find_first = t.elapsed();
    // The next keystroke: the lowercased text is kept.
    let t = Instant::now();
    let hits = finder.find(&doc.session.article, "Thursday");
    let find = t.elapsed();
    drop((finder, first));
    let t = Instant::now();
    let n = match doc.session.cmd_annotate_all(&hits, "DateTime") {
        Ok((n, cmd)) => doc
            .history
            .apply(&mut doc.session, cmd)
            .map(|_| n)
            .unwrap_or(0),
        Err(_) => 0,
    };
    frame(&ctx, &mut app, vec![]);
    let annotate = t.elapsed();
    let doc = app.ws.doc.as_ref().expect("open");
    let t = Instant::now();
    let brat = dossier::io::brat::export(&doc.session);
    let export = t.elapsed();
    let t = Instant::now();
    let imported = dossier::io::brat::import(brat.txt.as_bytes(), &brat.ann, Some(&brat.conf), "x")
        .map(|i| i.session.mentions.len());
    let import = t.elapsed();
    println!(
        "find “Thursda” {:.1} ms, then “Thursday” {:.1} ms ({} hits); annotate all + next frame {:.1} ms ({n} mentions); brat export {:.1} ms, import {:.1} ms ({:?} mentions)",
        find_first.as_secs_f64() * 1e3,
        find.as_secs_f64() * 1e3,
        hits.len(),
        annotate.as_secs_f64() * 1e3,
        export.as_secs_f64() * 1e3,
        import.as_secs_f64() * 1e3,
        imported.ok()
    );
    println!(
        "peak memory {peak:.0} MB (after opening {peak_open:.0} MB, once its suggestions were found {peak_suggested:.0} MB; with the brat round trip: {:.0} MB); {peak_doing}",
        peak_mb()
    );
    if std::env::var_os("DOSSIER_SPEED_GUARD").is_some() {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let measured = [
            ("scrolling frame, median (ms)", pct(&mut times, 0.5)),
            ("scrolling frame, p99 (ms)", pct(&mut times, 0.99)),
            ("add a mention + frame, median (ms)", pct(&mut add, 0.5)),
            ("open (ms)", ms(open)),
            ("save (ms)", ms(save)),
            ("find, next keystroke (ms)", ms(find)),
            ("annotate all + frame (ms)", ms(annotate)),
            ("brat export (ms)", ms(export)),
            ("brat import (ms)", ms(import)),
            ("peak memory (MB)", peak),
        ];
        std::process::exit(speed_guard(&size_name, &measured));
    }
}

/// The README's figures for the 1 MB session (Performance table); the guard fails on a figure
/// worse than [`GUARD_FACTOR`] times these — an accidental O(n²) or a per-frame rebuild, not
/// machine noise.
const README_1M: [(&str, f64); 10] = [
    ("scrolling frame, median (ms)", 1.9),
    ("scrolling frame, p99 (ms)", 3.9),
    ("add a mention + frame, median (ms)", 2.0),
    ("open (ms)", 144.0),
    ("save (ms)", 66.0),
    ("find, next keystroke (ms)", 0.9),
    ("annotate all + frame (ms)", 49.0),
    ("brat export (ms)", 56.0),
    ("brat import (ms)", 305.0),
    ("peak memory (MB)", 104.0),
];
const GUARD_FACTOR: f64 = 4.0;

/// Print measured against the README's figures; the process's exit code: 1 when any is worse
/// than the factor allows (only the 1 MB session has figures to hold to).
fn speed_guard(size: &str, measured: &[(&str, f64)]) -> i32 {
    if size != "1m" {
        eprintln!("speed guard: only the 1m session has README figures; nothing checked");
        return 1;
    }
    println!("\nspeed guard (fails beyond {GUARD_FACTOR}× the README's 1 MB figures):");
    println!(
        "{:<38} {:>10} {:>10} {:>8}",
        "figure", "README", "now", "ratio"
    );
    let mut bad = 0;
    for (name, now) in measured {
        let Some((_, readme)) = README_1M.iter().find(|(n, _)| n == name) else {
            continue;
        };
        let ratio = now / readme;
        let flag = if ratio > GUARD_FACTOR {
            bad += 1;
            "  TOO SLOW"
        } else {
            ""
        };
        println!("{name:<38} {readme:>10.2} {now:>10.2} {ratio:>7.2}×{flag}");
    }
    if bad > 0 {
        println!("speed guard: {bad} figures beyond {GUARD_FACTOR}×");
        1
    } else {
        println!("speed guard: all figures within {GUARD_FACTOR}×");
        0
    }
}
