//! `dossier compare` and `dossier reanchor`: two analysts' sessions of one article, and a
//! session moved onto a changed text.

use crate::{load, refuse_overwrite};
use anyhow::{Context, Result};
use dossier::io;
use std::path::Path;

pub fn compare(a_path: &Path, b_path: &Path, json: bool, list: bool) -> Result<()> {
    use dossier::analysis::{compare, curate};
    let (a, b) = (load(a_path)?, load(b_path)?);
    let (g, b2) = compare::compare_on_text(&a, &b).map_err(anyhow::Error::msg)?;
    let tag = b_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The differences as curation finds them, those A settled for this file left out.
    let diffs = if list {
        curate::differences(&a, &b2, &tag)
    } else {
        Vec::new()
    };
    if json {
        let mut v = serde_json::to_value(&g)?;
        if list {
            v["differences"] = diffs
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "kind": d.kind.label(),
                        "start": d.span.start,
                        "end": d.span.end,
                        "what": d.what,
                    })
                })
                .collect();
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", compare::report(&g));
        if list {
            println!("{} differences:", diffs.len());
            for d in &diffs {
                println!(
                    "  {:>7}..{:<7} {:<15} {}",
                    d.span.start,
                    d.span.end,
                    d.kind.label(),
                    d.what
                );
            }
        }
    }
    Ok(())
}

pub fn reanchor(session: &Path, text: &Path, output: &Path, force: bool) -> Result<()> {
    refuse_overwrite(output, force)?;
    let s = load(session)?;
    let article =
        io::import_article(text).with_context(|| format!("cannot read {}", text.display()))?;
    let (moved, report) =
        dossier::analysis::reanchor::reanchor(&s, &article.text).map_err(anyhow::Error::msg)?;
    io::save_session(&moved, output)?;
    println!("Wrote {}: {}.", output.display(), report.summary());
    for (quote, new, score) in &report.fuzzy {
        println!("  near match: “{quote}” → “{new}” ({:.0} %)", score * 100.0);
    }
    for quote in &report.orphaned {
        println!("  orphaned (kept in the session, to place by hand): “{quote}”");
    }
    Ok(())
}
