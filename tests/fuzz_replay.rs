//! Every fuzz seed and every crash the fuzzers ever found (`fuzz/corpus/*`, `fuzz/artifacts/*`)
//! run through the same checks as the fuzz targets, in every `cargo test` — so a fixed crash
//! stays fixed without a nightly toolchain.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is a failed run.

use std::path::{Path, PathBuf};

/// The files of one target's corpus and artifacts.
fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out: Vec<PathBuf> = ["corpus", "artifacts"]
        .iter()
        .filter_map(|kind| std::fs::read_dir(root.join(kind).join(target)).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn session_loader_seeds() {
    let files = inputs("session_loader");
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        let data = std::fs::read(&f).unwrap();
        if let Ok(text) = std::str::from_utf8(&data)
            && let Ok((s, _)) = dossier::io::parse_session(text)
        {
            assert!(s.problems().is_empty(), "{}", f.display());
        }
    }
}

#[test]
fn brat_import_seeds() {
    let files = inputs("brat_import");
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let mut parts = data.splitn(3, |b| *b == 0);
        let txt = parts.next().unwrap_or_default();
        let ann = String::from_utf8_lossy(parts.next().unwrap_or_default());
        let conf = parts.next().map(String::from_utf8_lossy);
        let t = std::time::Instant::now();
        if let Ok(imp) = dossier::io::brat::import(txt, &ann, conf.as_deref(), "fuzz") {
            assert!(imp.session.problems().is_empty(), "{}", f.display());
        }
        // Not a timing assertion on normal work: a seed that hangs (the macro bomb did) is a bug.
        assert!(
            t.elapsed().as_secs() < 30,
            "{} took {:?}",
            f.display(),
            t.elapsed()
        );
    }
}

#[test]
fn html_import_seeds() {
    let files = inputs("html_import");
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let _ = dossier::io::import_article_bytes(
            &data,
            dossier::io::import::ArticleKind::Html,
            "fuzz",
        );
    }
}
