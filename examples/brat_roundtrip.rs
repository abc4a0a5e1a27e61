//! Takes every brat document under the folders given through Dossier — import, save, load,
//! export — and says which come back as brat reads them (nothing skipped, repaired, lost or
//! added), with what each other one lost. Each document is read with the `annotation.conf` of its
//! folder or the nearest folder above it, as brat does.
//!
//! ```text
//! cargo run --release --example brat_roundtrip -- FOLDER...
//! ```
//! `scripts/brat-public.sh` runs it over brat's own example data.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tools a panic is a failed run.

use dossier::io::brat;
use std::path::{Path, PathBuf};

fn main() {
    let roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        eprintln!("usage: brat_roundtrip FOLDER...");
        std::process::exit(2);
    }
    let mut anns = Vec::new();
    for root in &roots {
        collect(root, &mut anns);
    }
    anns.sort();
    let (mut strict, mut failed, mut lines) = (0, 0, 0);
    for ann in &anns {
        let txt = ann.with_extension("txt");
        let Ok(txt_bytes) = std::fs::read(&txt) else {
            println!("{}: no .txt beside it; left out", ann.display());
            continue;
        };
        let ann_text = std::fs::read_to_string(ann).expect("the .ann is UTF-8");
        let conf = conf_for(ann).map(|p| std::fs::read_to_string(p).expect("conf"));
        lines += ann_text.lines().filter(|l| !l.trim().is_empty()).count();
        match brat::round_trip(&txt_bytes, &ann_text, conf.as_deref()) {
            Err(e) => {
                failed += 1;
                println!("{}: FAILED {e}", ann.display());
            }
            Ok((_, trip)) if trip.strict() => strict += 1,
            Ok((_, trip)) => {
                failed += 1;
                println!("{}: NOT STRICT", ann.display());
                for w in trip
                    .warnings
                    .iter()
                    .filter(|w| w.kept != dossier::io::brat::Kept::Whole)
                {
                    println!("  skipped: {w}");
                }
                for r in &trip.repairs {
                    println!("  repaired on load: {r}");
                }
                for l in &trip.lost {
                    println!("  lost: {l}");
                }
                for l in &trip.added {
                    println!("  added: {l}");
                }
            }
        }
    }
    println!(
        "{strict} of {} documents strict ({lines} annotation lines); {failed} not",
        strict + failed
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "ann") {
            out.push(p);
        }
    }
}

/// brat's rule: the `annotation.conf` of the document's folder, else of the nearest one above.
fn conf_for(ann: &Path) -> Option<PathBuf> {
    ann.ancestors()
        .skip(1)
        .map(|d| d.join("annotation.conf"))
        .find(|c| c.exists())
}
