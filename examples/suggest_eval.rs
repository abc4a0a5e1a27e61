//! Measures suggestion quality the way an analyst meets it: the first third of each annotated
//! document is kept as annotated, everything after it is taken away, and the suggestions for the
//! rest are scored against the annotations that were there (same span and type), per source and
//! together.
//!
//! ```text
//! cargo run --release --example suggest_eval -- DIR [DIR…]
//! ```
//! Each DIR holds brat standoff pairs (`NAME.txt`, `NAME.ann`, optional `annotation.conf`), e.g.
//! `../shared/interop/brat-news-tutorial`. With `--project`, the documents of a folder are a
//! project: the tagger also learns from every other document's full annotation (leave one out). With
//! `--cold`, nothing is kept: the first pass on an article nobody has annotated, scored whole,
//! with a line per type. `--show` lists each wrong and each missed mention.

use dossier::analysis::gazetteer::Lists;
use dossier::analysis::suggest::{self, Source};
use dossier::model::{Session, Span};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

#[derive(Default, Clone, Copy)]
struct Score {
    suggested: usize,
    right: usize,
    gold: usize,
}

impl Score {
    fn line(&self, name: &str) -> String {
        let p = self.right as f64 / self.suggested.max(1) as f64;
        let r = self.right as f64 / self.gold.max(1) as f64;
        format!(
            "{name:<12} suggested {:>4}  right {:>4}  gold {:>4}  precision {:>5.1} %  recall {:>5.1} %",
            self.suggested,
            self.right,
            self.gold,
            100.0 * p,
            100.0 * r
        )
    }
}

/// The session with only the mentions that end before `cut` (and their entities).
fn first_part(gold: &Session, cut: usize) -> Session {
    let mut s = gold.clone();
    s.mentions.retain(|_, m| m.span.end <= cut);
    let used: HashSet<_> = s.mentions.values().map(|m| m.entity).collect();
    s.entities.retain(|id, _| used.contains(id));
    s.events.clear();
    s.relations.clear();
    s
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let project = std::env::args().any(|a| a == "--project");
    let cold = std::env::args().any(|a| a == "--cold");
    let show = std::env::args().any(|a| a == "--show");
    let dirs: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !["--project", "--cold", "--show"].contains(&a.as_str()))
        .collect();
    let mut by_type: BTreeMap<String, Score> = BTreeMap::new();
    let saved = tempfile::tempdir()?;
    if dirs.is_empty() {
        return Err("usage: suggest_eval DIR [DIR…] (brat .txt/.ann pairs)".into());
    }
    let world = Lists::world();
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let mut docs = 0;
    for dir in &dirs {
        let dir = Path::new(dir);
        let conf = dir.join("annotation.conf");
        let conf = conf.exists().then_some(conf);
        let mut anns: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ann"))
            .collect();
        anns.sort();
        let mut golds = Vec::new();
        for ann in &anns {
            let txt = ann.with_extension("txt");
            golds.push(dossier::io::brat::import_files(&txt, ann, conf.as_deref())?.session);
        }
        let files: Vec<std::path::PathBuf> = (0..golds.len())
            .map(|i| saved.path().join(format!("{docs}-{i}.ron")))
            .collect();
        for (g, f) in golds.iter().zip(&files) {
            dossier::io::save_session(g, f)?;
        }
        for (i, gold) in golds.into_iter().enumerate() {
            let chars = gold.article.text.chars().count();
            let cut = if cold { 0 } else { chars / 3 };
            let rest: HashSet<(Span, String)> = gold
                .mentions
                .values()
                .filter(|m| m.span.start >= cut)
                .map(|m| (m.span, m.entity_type.clone()))
                .collect();
            let part = first_part(&gold, cut);
            let mut found = suggest::all(&part, &world);
            let others: Vec<std::path::PathBuf> = if project {
                files
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != i)
                    .map(|(_, f)| f.clone())
                    .collect()
            } else {
                Vec::new()
            };
            let set = dossier::analysis::tagger::TrainSet::of(&part, &world)
                .with_examples(&others, &world);
            let tagged = dossier::analysis::tagger::predict(&set);
            found.extend(dossier::analysis::tagger::suggestions_from(&part, &tagged));
            let found = suggest::merge(found);
            docs += 1;
            if show {
                let said: HashSet<(Span, String)> = found
                    .iter()
                    .filter(|x| x.span.start >= cut)
                    .map(|x| (x.span, x.entity_type.to_string()))
                    .collect();
                let quote = |sp: Span| gold.article.slice(sp).unwrap_or("?").to_owned();
                for x in found.iter().filter(|x| x.span.start >= cut) {
                    if !rest.contains(&(x.span, x.entity_type.to_string())) {
                        let src = x.source.name();
                        println!(
                            "wrong  {:<14} {:<12} {:?}",
                            x.entity_type,
                            src,
                            quote(x.span)
                        );
                    }
                }
                for (sp, ty) in rest.iter().filter(|g| !said.contains(*g)) {
                    println!("missed {ty:<14} {:?}", quote(*sp));
                }
            }
            if cold {
                for m in gold.mentions.values() {
                    by_type.entry(m.entity_type.clone()).or_default().gold += 1;
                }
                for x in &found {
                    let sc = by_type.entry(x.entity_type.to_string()).or_default();
                    sc.suggested += 1;
                    sc.right += usize::from(rest.contains(&(x.span, x.entity_type.to_string())));
                }
            }
            for (source, pick) in [
                ("propagation", Some(Source::Propagation)),
                ("rules", Some(Source::Rules)),
                ("gazetteer", Some(Source::Gazetteer)),
                ("tagger", Some(Source::Tagger)),
                ("together", None),
            ] {
                let sc = scores.entry(source).or_default();
                sc.gold += rest.len();
                for x in found
                    .iter()
                    .filter(|x| x.span.start >= cut && pick.is_none_or(|p| x.source == p))
                {
                    sc.suggested += 1;
                    if rest.contains(&(x.span, x.entity_type.to_string())) {
                        sc.right += 1;
                    }
                }
            }
        }
    }
    let how = if project {
        ", the tagger learning from the other documents too"
    } else {
        ""
    };
    if cold {
        println!("{docs} documents, nothing annotated{how}, all scored (same span and type):");
    } else {
        println!(
            "{docs} documents; first third annotated{how}, the rest scored (same span and type):"
        );
    }
    for (name, sc) in &scores {
        println!("{}", sc.line(name));
    }
    for (name, sc) in &by_type {
        println!("  {}", sc.line(name));
    }
    Ok(())
}
