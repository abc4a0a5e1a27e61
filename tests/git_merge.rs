//! Two analysts share a project through git: two clones, concurrent edits to the same article
//! and to the registry, a real `git merge` through `dossier merge-driver` (registered by
//! `dossier project git-setup`). Both analysts' additions are kept, the same annotation changed
//! two ways is recorded as a conflict, and no file is left with conflict markers.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is a failed run.

mod common;

use dossier::io::project::{load_project, save_project};
use dossier::io::{load_session, save_session};
use dossier::model::registry::{RegEdit, RegEntity};
use dossier::model::{Command, Session, Span};
use std::path::Path;
use std::process::Command as Run;

const EXE: &str = env!("CARGO_BIN_EXE_dossier");
const ARTICLE: &str = "articles/airport.ron";

/// git with a fixed identity and none of this machine's own configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let mut cmd = Run::new("git");
    cmd.arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Analyst")
        .env("GIT_AUTHOR_EMAIL", "analyst@example.org")
        .env("GIT_COMMITTER_NAME", "Analyst")
        .env("GIT_COMMITTER_EMAIL", "analyst@example.org")
        .stdin(std::process::Stdio::null());
    // git waits for an editor or a merge driver that hangs: the time limit fails the test.
    let out = common::child::output(&mut cmd, &format!("git {args:?}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "git {args:?} failed:\n{text}");
    text
}

fn dossier(args: &[&str]) {
    let out = common::child::output(Run::new(EXE).args(args), &format!("dossier {args:?}"));
    assert!(
        out.status.success(),
        "dossier {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn annotate(s: &mut Session, word: &str, ty: &str) -> dossier::model::EntityId {
    let b = s.text().find(word).unwrap();
    let c = s.article.char_of(b).unwrap();
    let span = Span::new(c, c + word.chars().count());
    let cmd = s.cmd_annotate(span, ty).unwrap();
    s.apply(cmd).unwrap();
    s.mentions.values().find(|m| m.span == span).unwrap().entity
}

/// Add a registry entry for `e` and link it, as the window does.
fn link_new(dir: &Path, s: &mut Session, e: dossier::model::EntityId) {
    let mut p = load_project(dir).unwrap();
    let ent = &s.entities[&e];
    let r = RegEntity::new(p.registry.fresh_id(&ent.name), &ent.name, &ent.entity_type);
    let id = r.id.clone();
    p.registry.apply(RegEdit::Add(r)).unwrap();
    save_project(dir, &p).unwrap();
    let cmd = dossier::analysis::registry::cmd_link(s, &p.registry, e, Some(&id)).unwrap();
    s.apply(cmd).unwrap();
}

fn edit(dir: &Path, f: impl FnOnce(&mut Session)) {
    let path = dir.join(ARTICLE);
    let (mut s, _) = load_session(&path).unwrap();
    f(&mut s);
    save_session(&s, &path).unwrap();
}

#[test]
fn two_clones_edit_the_same_article_and_git_merges_them_by_id() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(
        src.join("airport.md"),
        "# Airport attack\n\nQassem Soleimani left Baghdad airport with Abu Mahdi al-Muhandis.\n",
    )
    .unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    dossier(&[
        "project",
        "new",
        a.to_str().unwrap(),
        "--from",
        src.to_str().unwrap(),
    ]);
    git(&a, &["init", "-q"]);
    dossier(&["project", "git-setup", a.to_str().unwrap()]);
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "Project with one article"]);
    git(tmp.path(), &["clone", "-q", "a", "b"]);
    dossier(&["project", "git-setup", b.to_str().unwrap()]);

    // Analyst A: Soleimani, linked to a new registry entry.
    edit(&a, |s| {
        let e = annotate(s, "Qassem Soleimani", "Person");
        link_new(&a, s, e);
    });
    git(&a, &["commit", "-qam", "A: Soleimani"]);
    // Analyst B, at the same time: Soleimani too (renamed), Baghdad, al-Muhandis in the registry.
    edit(&b, |s| {
        let e = annotate(s, "Qassem Soleimani", "Person");
        let mut ent = s.entities[&e].clone();
        ent.name = "Haj Qassem".into();
        s.apply(Command::UpdateEntity(ent)).unwrap();
        annotate(s, "Baghdad", "Location");
        let m = annotate(s, "Abu Mahdi al-Muhandis", "Person");
        link_new(&b, s, m);
    });
    git(&b, &["commit", "-qam", "B: Baghdad and al-Muhandis"]);

    git(&a, &["fetch", "-q", "../b"]);
    let out = git(&a, &["merge", "--no-edit", "FETCH_HEAD"]);
    assert!(out.contains("dossier"), "the merge driver ran:\n{out}");

    for f in ["dossier-project.ron", ARTICLE] {
        let text = std::fs::read_to_string(a.join(f)).unwrap();
        assert!(!text.contains("<<<<<<<"), "{f} has conflict markers");
    }
    assert!(
        git(&a, &["status", "--porcelain"]).trim().is_empty(),
        "the merge is committed"
    );
    let (s, report) = load_session(&a.join(ARTICLE)).unwrap();
    assert!(report.repairs.is_empty(), "{:?}", report.repairs);
    let quotes: Vec<&str> = s.mentions.values().map(|m| m.quote.as_str()).collect();
    assert_eq!(
        quotes.len(),
        3,
        "one Soleimani, Baghdad, al-Muhandis: {quotes:?}"
    );
    // The same annotation changed two ways (linked by A, renamed by B): A's kept, B's recorded.
    assert_eq!(s.conflicts.len(), 1, "{:?}", s.conflicts);
    let soleimani = s
        .entities
        .values()
        .find(|e| e.name == "Qassem Soleimani")
        .unwrap();
    assert!(soleimani.registry.is_some());
    let p = load_project(&a).unwrap();
    assert_eq!(p.registry.len(), 2, "both analysts' registry entries");
    for e in s.entities.values() {
        if let Some(r) = &e.registry {
            assert!(
                p.registry.resolve(r).is_some(),
                "{} links to a missing entry",
                e.name
            );
        }
    }
}

#[test]
fn the_driver_refuses_sessions_of_different_articles_and_leaves_ours() {
    let tmp = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = tmp.path().join(format!("{name}.md"));
        std::fs::write(&p, text).unwrap();
        let out = tmp.path().join(format!("{name}.ron"));
        dossier(&["new", p.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        out
    };
    let ours = write("ours", "One article about Beirut.");
    let theirs = write("theirs", "Another article about Baghdad.");
    let empty = tmp.path().join("empty");
    std::fs::write(&empty, "").unwrap();
    let before = std::fs::read(&ours).unwrap();
    let out = common::child::output(
        Run::new(EXE)
            .args(["merge-driver"])
            .args([&empty, &ours, &theirs]),
        "the merge driver",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("different articles"), "{err}");
    assert_eq!(std::fs::read(&ours).unwrap(), before, "ours is untouched");
}
