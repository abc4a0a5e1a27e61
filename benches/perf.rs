//! Criterion benchmarks on synthetic sessions (`analysis::synth`): a headless frame of the real
//! app while scrolling, adding a mention, session save and load, article import, the map layout
//! step and the event list. `cargo bench --bench perf`; `DOSSIER_BENCH_SIZE=10k|100k|1m|10m`
//! picks the size (default 1m).
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::analysis::{graph, labels, layout::Layout, synth};
use dossier::io;
use dossier::ui::app::{DossierApp, Prefs};
use dossier::ui::dialogs::FakeDialogs;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn size() -> (String, synth::Size) {
    let name = std::env::var("DOSSIER_BENCH_SIZE").unwrap_or_else(|_| "1m".into());
    let size =
        synth::Size::named(&name).unwrap_or_else(|| synth::Size::named("1m").expect("1m exists"));
    (name, size)
}

use dossier::ui::headless_frame as frame;

fn benches(c: &mut Criterion) {
    let (name, size) = size();
    let session = synth::session(size);
    let ron = io::session_to_string(&session).expect("encodes");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");

    c.bench_function(&format!("save session {name}"), |b| {
        b.iter(|| io::save_session(&session, &path).expect("saves"));
    });
    c.bench_function(&format!("load session {name}"), |b| {
        b.iter(|| io::parse_session(black_box(&ron)).expect("loads"));
    });
    let text = session.article.text.clone();
    c.bench_function(&format!("import article {name}"), |b| {
        b.iter(|| {
            io::import_article_bytes(
                black_box(text.as_bytes()),
                io::import::ArticleKind::Text,
                "x",
            )
            .expect("imports")
        });
    });
    c.bench_function(&format!("suggest propagation {name}"), |b| {
        b.iter(|| dossier::analysis::suggest::propagation(black_box(&session)));
    });
    let world = dossier::analysis::gazetteer::Lists::world();
    c.bench_function(&format!("suggest all sources {name}"), |b| {
        b.iter(|| dossier::analysis::suggest::all(black_box(&session), &world));
    });
    c.bench_function(&format!("suggest draft events {name}"), |b| {
        b.iter(|| dossier::analysis::lexicon::suggestions(black_box(&session)));
    });
    let set = dossier::analysis::tagger::TrainSet::of(&session, &world);
    let mut slow = c.benchmark_group("tagger");
    slow.sample_size(10);
    slow.bench_function(format!("tagger train and predict {name}"), |b| {
        b.iter(|| dossier::analysis::tagger::predict(black_box(&set)));
    });
    slow.finish();
    let page = news_page(2_000_000);
    c.bench_function("import news page 2 MB", |b| {
        b.iter(|| {
            io::import_article_bytes(
                black_box(page.as_bytes()),
                io::import::ArticleKind::Html,
                "x",
            )
            .expect("imports")
        });
    });
    let g = graph::build(&session, &graph::GraphFilter::default());
    {
        // Every name of the map's most mentioned 1,500 nodes placed at once (a map zoomed in on
        // all of them; the window places only those in view).
        let mut l = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        l.settle(&g, 300);
        let order: Vec<usize> = labels::by_importance(&g).into_iter().take(1500).collect();
        let nodes: Vec<labels::NodeLabel> = g
            .nodes
            .iter()
            .map(|n| labels::NodeLabel {
                at: l.pos.get(&n.key).copied().unwrap_or_default(),
                radius: dossier::analysis::graphml::node_radius(n.weight, n.is_event()),
                text: &n.label,
            })
            .collect();
        c.bench_function("label placement 1500 nodes", |b| {
            b.iter(|| labels::place(&nodes, &order, 12.0, &[], 10.0, labels::MAX_CHARS, None));
        });
    }
    // A second analyst: every 20th mention left out, every 30th of another type.
    let mut other = session.clone();
    let ids: Vec<_> = other.mentions.keys().copied().collect();
    for (i, id) in ids.iter().enumerate() {
        if i % 20 == 0 {
            other.mentions.remove(id);
        } else if i % 30 == 0
            && let Some(m) = other.mentions.get_mut(id)
        {
            m.entity_type = "Location".into();
        }
    }
    c.bench_function(&format!("compare two sessions {name}"), |b| {
        b.iter(|| {
            dossier::analysis::compare::compare(black_box(&session), &other).expect("same text")
        });
    });
    c.bench_function(&format!("curation differences {name}"), |b| {
        b.iter(|| dossier::analysis::curate::differences(black_box(&session), &other, "b.ron"));
    });
    c.bench_function(&format!("map graph build {name}"), |b| {
        b.iter(|| graph::build(black_box(&session), &graph::GraphFilter::default()));
    });
    c.bench_function(
        &format!("map layout step {name} ({} nodes)", g.nodes.len()),
        |b| {
            let mut l = Layout {
                temperature: 1.0,
                ..Default::default()
            };
            l.sync(&g);
            b.iter(|| {
                l.temperature = 1.0;
                l.step(&g)
            });
        },
    );
    // The same after one edit, as the window does it: from what the edit touched.
    c.bench_function(&format!("map graph after an edit {name}"), |b| {
        let mut s = session.clone();
        let mut cache = graph::GraphCache::default();
        let filter = graph::GraphFilter {
            max_entities: graph::MAX_ENTITIES,
            ..Default::default()
        };
        cache.graph(&s, &filter);
        let mut h = dossier::model::History::default();
        let mut i = 0usize;
        b.iter(|| {
            i += 1;
            let start = (i * 7919) % s.article.char_len().saturating_sub(10).max(1);
            let span = dossier::model::Span::new(start, start + 3);
            if let Ok(cmd) = s.cmd_annotate(span, "Person") {
                let _ = h.apply(&mut s, cmd);
            }
            cache.graph(&s, &filter);
            let _ = h.undo(&mut s);
            cache.graph(&s, &filter)
        });
    });
    c.bench_function(&format!("event list rows {name}"), |b| {
        b.iter(|| dossier::model::summary::event_rows(black_box(&session)));
    });

    let ctx = egui::Context::default();
    let mut app = DossierApp::new(Box::new(FakeDialogs::default()), Prefs::default());
    app.install(session.clone(), None);
    for _ in 0..5 {
        frame(&ctx, &mut app, vec![]);
    }
    c.bench_function(&format!("frame while scrolling {name}"), |b| {
        let mut i = 0u32;
        b.iter(|| {
            i += 1;
            if i.is_multiple_of(400) {
                app.views.view.scroll_to = Some(0);
            }
            frame(
                &ctx,
                &mut app,
                dossier::ui::wheel_at(egui::pos2(600.0, 400.0), -120.0),
            );
        });
    });
    c.bench_function(&format!("add mention then frame {name}"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters {
                let doc = app.ws.doc.as_ref().expect("open");
                let n = doc.session.article.char_len();
                let start = (i as usize * 7919) % n.saturating_sub(10).max(1);
                let Some(span) = app.views.view.word_at(&doc.session, start) else {
                    continue;
                };
                let t = Instant::now();
                let doc = app.ws.doc.as_mut().expect("open");
                if let Ok(cmd) = doc.session.cmd_annotate(span, "Person") {
                    let _ = doc.history.apply(&mut doc.session, cmd);
                }
                frame(&ctx, &mut app, vec![]);
                total += t.elapsed();
                let doc = app.ws.doc.as_mut().expect("open");
                let _ = doc.history.undo(&mut doc.session);
            }
            total
        });
    });
}

/// A saved news page of about `bytes`: menus, a sidebar of teasers, share buttons and comments
/// around a long article, as heavy pages are (inline scripts and styles included).
fn news_page(bytes: usize) -> String {
    let mut p = String::from(
        "<!doctype html><html lang=\"en\"><head><title>Talks resume in Geneva – Example News</title>\
         <meta property=\"og:site_name\" content=\"Example News\"><style>body{margin:0}</style>\
         <script>window.dataLayer=[];</script></head><body><nav class=\"menu\">",
    );
    for i in 0..300 {
        p += &format!("<a href=\"/section/{i}\">Section {i}</a> ");
    }
    p += "</nav><div class=\"sidebar related\"><ul>";
    for i in 0..400 {
        p += &format!("<li><a href=\"/story/{i}\">You might also like story {i}</a></li>");
    }
    p += "</ul></div><article><h1>Talks resume in Geneva</h1><p class=\"byline\">By A. Writer</p>";
    let mut i = 0;
    while p.len() < bytes.saturating_sub(20_000) {
        p += &format!(
            "<p>Paragraph {i}: negotiators from Kyiv and Brussels met on Sunday in Geneva, \
             where <a href=\"/topic/{i}\">the delegation</a> said the talks went on late into \
             the night; “we are close,” one official told reporters.</p>"
        );
        if i % 50 == 0 {
            p += "<div class=\"share\"><a>Share on Facebook</a><a>Tweet</a></div>\
                  <script>ads.push({slot:1})</script>";
        }
        i += 1;
    }
    p += "</article><section class=\"comments\"><p>Leave a comment</p></section>\
          <footer>© Example News</footer></body></html>";
    p
}

criterion_group! {
    name = perf;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(perf);
