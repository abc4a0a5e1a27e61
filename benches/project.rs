//! Criterion benchmarks of a project (`analysis::synth::write_project`, 1,000 articles by
//! default; `DOSSIER_BENCH_ARTICLES=N` for another size): the project index read from every
//! session and from its cache, find in the project (plain and regex), the project map and event
//! list built from the index, and a three-way merge of two analysts' sessions.
//! `cargo bench --bench project`. The window on 10,000 articles: `examples/project_stats`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::analysis::{merge, project_search as ps, project_views as pv, synth};
use dossier::io::{find_cache, project_index};
use std::hint::black_box;
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let n: usize = std::env::var("DOSSIER_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let p = synth::write_project(&dir, n).unwrap();
    let progress = dossier::io::progress::Ticker::default();
    let mut slow = c.benchmark_group("project (slow)");
    slow.sample_size(10);
    slow.bench_function(format!("project index {n} articles, no cache"), |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(dir.join(project_index::INDEX_FILE));
            black_box(project_index::build(&dir, &p, &progress))
        });
    });
    slow.finish();
    let index = project_index::build(&dir, &p, &progress).unwrap();
    c.bench_function(
        &format!("project index {n} articles, from its cache"),
        |b| {
            b.iter(|| black_box(project_index::build(&dir, &p, &progress)));
        },
    );
    let (texts, _) = find_cache::texts(&dir, &p);
    for (what, pattern, regex) in [
        ("plain", "Halvern Ministry", false),
        ("regex", r"\b(Thurs|Wednes)day\b", true),
    ] {
        let m = ps::compile(pattern, regex).unwrap();
        c.bench_function(&format!("find in project {what} {n} articles"), |b| {
            b.iter(|| black_box(ps::find_in(&p, &texts, &m, 5)));
        });
    }
    let f = pv::Filter::default();
    c.bench_function(&format!("project map graph {n} articles"), |b| {
        b.iter(|| black_box(pv::project_graph(&p, index.iter(), &f)));
    });
    c.bench_function(&format!("project event list {n} articles"), |b| {
        b.iter(|| black_box(pv::event_rows(&p, index.iter(), &f)));
    });
    // Two analysts from one base: each annotates on; the merge of their sessions.
    let base = synth::session(synth::Size::named("100k").unwrap());
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for (s, from) in [(&mut ours, 100), (&mut theirs, 5_000)] {
        for k in 0..200 {
            let at = from + k * 37;
            if let Ok(cmd) = s.cmd_annotate(dossier::model::Span::new(at, at + 5), "Person") {
                let _ = s.apply(cmd);
            }
        }
    }
    c.bench_function("merge two analysts' sessions 100k", |b| {
        b.iter(|| black_box(merge::merge_sessions(Some(&base), &ours, &theirs)));
    });
}

criterion_group! {
    name = project;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(project);
