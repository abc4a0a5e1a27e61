//! Measures the arguments Dossier proposes for draft events: for each annotated event whose
//! trigger the lexicon also finds, the proposed (role, entity) pairs are scored against the
//! analyst's arguments (precision: right / proposed; recall: right / the analyst's, on the
//! events found). The events are taken away first; the mentions stay, as when the analyst has
//! annotated names and turns to events.
//!
//! ```text
//! cargo run --release --example event_eval -- DIR [DIR…] [--show]
//! ```
//! Each DIR holds brat standoff pairs with events (`tests/data/cold-news`, the brat tutorial).

use dossier::model::{EntityId, Filler, Session, Span};
use std::collections::BTreeSet;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let show = std::env::args().any(|a| a == "--show");
    let dirs: Vec<String> = std::env::args().skip(1).filter(|a| a != "--show").collect();
    if dirs.is_empty() {
        return Err("usage: event_eval DIR [DIR…] [--show]".into());
    }
    let (mut events, mut found, mut proposed, mut right, mut gold) = (0, 0, 0, 0, 0);
    for dir in &dirs {
        let dir = Path::new(dir);
        let conf = dir.join("annotation.conf");
        let conf = conf.exists().then_some(conf);
        let mut anns: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ann"))
            .collect();
        anns.sort();
        for ann in &anns {
            let txt = ann.with_extension("txt");
            let g: Session = dossier::io::brat::import_files(&txt, ann, conf.as_deref())?.session;
            let mut bare = g.clone();
            bare.events.clear();
            let drafts = dossier::analysis::lexicon::suggestions(&bare);
            let name = |e: EntityId| g.entities.get(&e).map_or("?", |x| x.name.as_str());
            for e in g.events.values() {
                let Some(t) = e.trigger else { continue };
                events += 1;
                let want: BTreeSet<(String, EntityId)> = e
                    .arguments
                    .iter()
                    .filter_map(|a| match a.filler {
                        Filler::Entity(id) => Some((a.role.clone(), id)),
                        _ => None,
                    })
                    .collect();
                let Some(d) = drafts.iter().find(|d| overlaps(d.trigger, t)) else {
                    if show {
                        println!("no draft for {:?}", g.article.slice(t).unwrap_or("?"));
                    }
                    continue;
                };
                found += 1;
                gold += want.len();
                let got: BTreeSet<(String, EntityId)> = d
                    .arguments
                    .iter()
                    .filter_map(|(role, m)| Some((role.clone(), bare.mentions.get(m)?.entity)))
                    .collect();
                proposed += got.len();
                right += got.intersection(&want).count();
                if show {
                    let list = |v: &BTreeSet<(String, EntityId)>| {
                        v.iter()
                            .map(|(r, e)| format!("{r}={}", name(*e)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    println!(
                        "{:?} {}\n  proposed: {}\n  wanted:   {}",
                        d.text,
                        d.event_type,
                        list(&got),
                        list(&want)
                    );
                }
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{events} events, {found} with a draft on their trigger; arguments proposed {proposed}, \
         right {right}, the analyst's {gold}: precision {:.1} %, recall {:.1} %",
        pct(right, proposed),
        pct(right, gold)
    );
    Ok(())
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}
