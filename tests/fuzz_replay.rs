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
fn session_parts_seeds() {
    let files = inputs("session_parts");
    assert!(files.len() >= 3, "{files:?}");
    let mut read_in_parts = 0;
    for f in files {
        let data = std::fs::read(&f).unwrap();
        if let Ok(text) = std::str::from_utf8(&data)
            && let (Some(parts), whole) = dossier::io::session_file::read_in_parts_and_whole(text)
        {
            read_in_parts += 1;
            assert_eq!(Some(parts), whole, "{}", f.display());
        }
    }
    // The seeds Dossier wrote are read in parts, not all left to the whole read.
    assert!(read_in_parts >= 2, "{read_in_parts}");
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

#[test]
fn project_file_seeds() {
    let files = inputs("project_file");
    assert!(!files.is_empty());
    for f in files {
        let data = std::fs::read(&f).unwrap();
        if let Ok(text) = std::str::from_utf8(&data)
            && let Ok(p) = dossier::io::project::parse_project(text, "fuzz")
        {
            assert!(p.registry.problems().is_empty(), "{}", f.display());
            let saved = dossier::io::project::project_to_string(&p).unwrap();
            let again = dossier::io::project::parse_project(&saved, "fuzz").unwrap();
            assert_eq!(again, p, "{}", f.display());
        }
    }
}

#[test]
fn gazetteer_seeds() {
    use dossier::io::import::{ArticleKind, decode};
    let files = inputs("gazetteer");
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let Ok(text) = decode(&data, ArticleKind::Text) else {
            continue;
        };
        if let Ok(g) = dossier::io::gazetteer::parse(&text, "fuzz.csv") {
            assert!(
                g.entries.iter().all(|e| !e.name.trim().is_empty()),
                "{}",
                f.display()
            );
        }
    }
}

#[test]
fn pdf_import_seeds() {
    let files = inputs("pdf_import");
    assert!(files.len() >= 2, "{files:?}");
    for f in files {
        let data = std::fs::read(&f).unwrap();
        // Text or a reason; a panic inside the PDF parser is caught and refused.
        let _ = dossier::io::pdf::text(&data);
    }
}

#[test]
fn keys_file_seeds() {
    use dossier::ui::keymap::Keymap;
    let files = inputs("keys_file");
    assert!(files.len() >= 2, "{files:?}");
    for f in files {
        let data = std::fs::read(&f).unwrap();
        if let Ok(text) = std::str::from_utf8(&data) {
            let (keys, _) = Keymap::from_ron(text);
            let (again, problems) = Keymap::from_ron(&keys.to_ron());
            assert!(problems.is_empty(), "{}: {problems:?}", f.display());
            assert_eq!(again.to_ron(), keys.to_ron(), "{}", f.display());
        }
    }
}

#[test]
fn merge_driver_seeds() {
    let files = inputs("merge_driver");
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let parts: Vec<String> = data
            .splitn(3, |b| *b == 0)
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        let [base, ours, theirs] = parts.as_slice() else {
            continue;
        };
        let session = |t: &str| dossier::io::parse_session(t).ok().map(|(s, _)| s);
        if let (Some(o), Some(t)) = (session(ours), session(theirs)) {
            let b = session(base);
            if let Ok((m, _)) = dossier::analysis::merge::merge_sessions(b.as_ref(), &o, &t) {
                assert!(m.problems().is_empty(), "{}", f.display());
            }
            continue;
        }
        let project = |t: &str| dossier::io::project::parse_project(t, "fuzz").ok();
        if let (Some(o), Some(t)) = (project(ours), project(theirs)) {
            let b = project(base);
            let merged = dossier::analysis::merge_project::merge_projects(b.as_ref(), &o, &t);
            if let Ok((m, _)) = merged {
                assert!(m.registry.problems().is_empty(), "{}", f.display());
            }
        }
    }
}
