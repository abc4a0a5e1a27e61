//! Nothing lost between brat and Dossier: one small hand-written document per problem found
//! (`tests/data/fidelity/`), imported, saved, loaded and exported again.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is a failed run.

use assert_cmd::Command;
use dossier::io;
use dossier::io::brat::BratImport;
use std::path::{Path, PathBuf};

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fidelity")
        .join(name)
}

fn import(name: &str) -> BratImport {
    let dir = case(name);
    let conf = dir.join("annotation.conf");
    let conf = conf.exists().then_some(conf);
    io::brat::import_files(&dir.join("doc.txt"), &dir.join("doc.ann"), conf.as_deref()).unwrap()
}

/// Import, save, load: the loaded session must equal the imported one with nothing repaired.
fn round_trip(imp: &BratImport) -> dossier::model::Session {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    io::save_session(&imp.session, &path).unwrap();
    let (loaded, report) = io::load_session(&path).unwrap();
    assert!(report.repairs.is_empty(), "{:?}", report.repairs);
    assert_eq!(loaded.mentions, imp.session.mentions);
    assert_eq!(loaded.relations, imp.session.relations);
    loaded
}

fn ann_lines(s: &dossier::model::Session, kind: char) -> Vec<String> {
    io::brat::export(s)
        .ann
        .lines()
        .filter(|l| l.starts_with(kind))
        .map(str::to_owned)
        .collect()
}

#[test]
fn found_1_split_mentions_keep_their_fragments_attributes_and_notes_through_a_save() {
    let imp = import("01-split-mention");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = round_trip(&imp);
    let m = s
        .mentions
        .values()
        .find(|m| m.quote == "Alice Bob")
        .unwrap();
    assert_eq!(m.fragments.len(), 2);
    assert_eq!(m.attributes.get("Plural").map(String::as_str), Some(""));
    assert_eq!(m.note, "two people");
    let t = ann_lines(&s, 'T');
    assert!(
        t.iter().any(|l| l.ends_with("Person 0 5;10 13\tAlice Bob")),
        "{t:?}"
    );
    // `validate --strict` agrees that nothing needed repairing.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    io::save_session(&s, &path).unwrap();
    Command::cargo_bin("dossier")
        .unwrap()
        .args(["validate", "--strict"])
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn a_stale_quote_is_repaired_and_strict_validation_says_so() {
    let imp = import("01-split-mention");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    io::save_session(&imp.session, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"Alice Bob\"", "\"Alice Bobby\"")).unwrap();
    let (s, report) = io::load_session(&path).unwrap();
    assert_eq!(report.repairs.len(), 1, "{:?}", report.repairs);
    let m = s
        .mentions
        .values()
        .find(|m| m.quote == "Alice Bob")
        .unwrap();
    assert_eq!(m.fragments.len(), 2, "the repair keeps the fragments");
    assert_eq!(m.note, "two people", "and the note");
    let out = Command::cargo_bin("dossier")
        .unwrap()
        .args(["validate", "--strict"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("repaired") && err.contains("1 repairs"),
        "{err}"
    );
}

#[test]
fn found_3_annotation_conf_as_brat_reads_it() {
    let imp = import("03-conf");
    // Separators, [spans], macros and a type over two lines are all understood: no warning.
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let schema = &imp.session.schema;
    let ids: Vec<&str> = schema.entity_types.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["Person", "Organization", "GPE"]);
    let employment = schema.relation_type("Employment").unwrap();
    assert_eq!(employment.to_types, ["Organization", "GPE"]);
    let located = schema.relation_type("Located").unwrap();
    assert_eq!(located.roles, ["Located", "Place"]);
    assert_eq!(imp.session.relations.len(), 2);
    let s = round_trip(&imp);
    let r = ann_lines(&s, 'R');
    assert!(
        r.iter()
            .any(|l| l.contains("Located Located:T") && l.contains(" Place:T")),
        "{r:?}"
    );
    let conf = io::brat::export_conf(&s.schema);
    assert!(
        conf.contains("Located\tLocated:Organization, Place:GPE"),
        "{conf}"
    );
}

#[test]
fn found_4_a_byte_order_mark_counts_as_brat_counts_it() {
    let imp = import("04-bom");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let quotes: Vec<&str> = imp
        .session
        .mentions
        .values()
        .map(|m| m.quote.as_str())
        .collect();
    assert_eq!(quotes, ["Alice", "Bob"]);
    assert!(imp.session.article.text.starts_with("Alice"));
}

#[test]
fn found_6_relations_keep_direction_and_role_names() {
    let imp = import("06-relations");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = round_trip(&imp);
    let likes = s
        .relations
        .values()
        .find(|r| r.relation_type == "Likes")
        .unwrap();
    assert_eq!(s.entities[&likes.from].name, "Ana", "Arg1 is the source");
    let r = ann_lines(&s, 'R');
    assert!(
        r.iter().any(|l| l.contains("Likes Arg2:T2 Arg1:T1")),
        "{r:?}"
    );
    assert!(
        r.iter().any(|l| l.contains("Knows Knower:T3 Known:T4")),
        "{r:?}"
    );
}

#[test]
fn found_10_a_macro_bomb_is_refused_quickly_with_its_line() {
    let t = std::time::Instant::now();
    let imp = import("10-macro-bomb");
    assert!(t.elapsed().as_secs() < 5, "took {:?}", t.elapsed());
    let w: Vec<String> = imp.warnings.iter().map(ToString::to_string).collect();
    assert!(
        w.iter()
            .any(|x| x.contains("conf line 44") && x.contains("macro")),
        "{w:?}"
    );
    assert_eq!(imp.session.mentions.len(), 1);
}

#[test]
fn found_5_exports_keep_the_name_asked_for_and_never_overwrite_silently() {
    let imp = import("03-conf");
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("s.ron");
    io::save_session(&imp.session, &session).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let export = |target: &Path, force: bool| {
        let mut c = Command::cargo_bin("dossier").unwrap();
        c.arg("export")
            .arg(&session)
            .args(["--format", "brat", "-o"]);
        c.arg(target);
        if force {
            c.arg("--force");
        }
        c.output().unwrap()
    };
    let ann = out.join("esp.train-doc-29.ann");
    assert!(export(&ann, false).status.success());
    assert!(out.join("esp.train-doc-29.txt").exists());
    assert!(ann.exists());
    // Again: refused, the files untouched; with --force, written.
    std::fs::write(&ann, "mine").unwrap();
    let again = export(&ann, false);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&ann).unwrap(), "mine");
    assert!(export(&ann, true).status.success());
    assert_ne!(std::fs::read_to_string(&ann).unwrap(), "mine");
    // A folder gets the session's name; a corpus's own annotation.conf that differs is kept.
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("annotation.conf"), "[entities]\nOther\n").unwrap();
    let folder = PathBuf::from(format!("{}/", corpus.display()));
    let done = export(&folder, false);
    assert!(done.status.success(), "{done:?}");
    assert!(corpus.join("doc.ann").exists() && corpus.join("doc.txt").exists());
    let kept = std::fs::read_to_string(corpus.join("annotation.conf")).unwrap();
    assert_eq!(kept, "[entities]\nOther\n");
    assert!(corpus.join("annotation.dossier.conf").exists());
    let err = String::from_utf8_lossy(&done.stderr);
    assert!(err.contains("differs") && err.contains("“Other”"), "{err}");
}

#[test]
fn found_2_split_triggers_stay_split() {
    let imp = import("02-split-trigger");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = round_trip(&imp);
    let ev = s.events.values().next().unwrap();
    assert_eq!(ev.trigger_fragments.len(), 2, "{ev:?}");
    let t = ann_lines(&s, 'T');
    assert!(
        t.iter().any(|l| l.ends_with("Meet 6 9;14 16\tmet in")),
        "{t:?}"
    );
}

#[test]
fn found_8_numbered_roles_keep_their_pairing() {
    let imp = import("08-numbered-roles");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = round_trip(&imp);
    let e = ann_lines(&s, 'E');
    assert_eq!(e.len(), 1, "{e:?}");
    // Ann (T1) is Agent, Bo (T2) Agent2, Oslo (T3) Place2: the pairs as written.
    let t = ann_lines(&s, 'T');
    let t_of = |word: &str| {
        t.iter()
            .find(|l| l.ends_with(&format!("\t{word}")))
            .and_then(|l| l.split('\t').next())
            .unwrap()
            .to_owned()
    };
    let (ann, bo, oslo) = (t_of("Ann"), t_of("Bo"), t_of("Oslo"));
    assert!(e[0].contains(&format!(" Agent:{ann}")), "{e:?}");
    assert!(e[0].contains(&format!(" Agent2:{bo}")), "{e:?}");
    assert!(e[0].contains(&format!(" Place2:{oslo}")), "{e:?}");
}

#[test]
fn found_9_an_unused_trigger_is_not_dropped_silently() {
    let imp = import("09-unused-trigger");
    let w: Vec<String> = imp.warnings.iter().map(ToString::to_string).collect();
    assert!(
        w.iter().any(|x| x.contains("ann line 2")
            && x.contains("T2")
            && x.contains("no event uses it")),
        "{w:?}"
    );
}

#[test]
fn import_brat_says_what_it_read_kept_and_skipped_and_strict_refuses_skips() {
    let dir = tempfile::tempdir().unwrap();
    let case = case("09-unused-trigger");
    let run = |strict: bool, out: &str| {
        let mut c = Command::cargo_bin("dossier").unwrap();
        c.arg("import-brat")
            .arg(case.join("doc.txt"))
            .arg(case.join("doc.ann"))
            .arg("--conf")
            .arg(case.join("annotation.conf"))
            .arg("-o")
            .arg(dir.path().join(out));
        if strict {
            c.arg("--strict");
        }
        c.output().unwrap()
    };
    let loose = run(false, "a.ron");
    assert!(loose.status.success());
    let stdout = String::from_utf8_lossy(&loose.stdout);
    assert!(stdout.contains("T 3 read, 2 kept, 1 skipped"), "{stdout}");
    let strict = run(true, "b.ron");
    assert!(!strict.status.success());
    assert!(String::from_utf8_lossy(&strict.stderr).contains("1 lines were left out"));
    assert!(!dir.path().join("b.ron").exists(), "nothing written");
    // Everything kept: no skip, and strict passes.
    let clean = import("03-conf");
    assert_eq!(clean.skipped(), 0, "{}", clean.summary());
    assert!(
        clean.summary().contains("R 2 read, 2 kept"),
        "{}",
        clean.summary()
    );
}

#[test]
fn found_7_notes_normalizations_and_attributes_come_back_as_written() {
    let imp = import("07-notes-norms-attributes");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = round_trip(&imp);
    let t = ann_lines(&s, 'T');
    let alice = t[0].split('\t').next().unwrap().to_owned();
    let bob = t[1].split('\t').next().unwrap().to_owned();
    let notes: Vec<String> = ann_lines(&s, '#')
        .iter()
        .map(|l| l.split_once('\t').unwrap().1.to_owned())
        .collect();
    assert_eq!(
        notes,
        [
            format!("AnnotatorNotes {alice}\tfirst"),
            format!("AnnotatorNotes {alice}\tsecond"),
            format!("Lemma {alice}\talice"),
        ]
    );
    let n = ann_lines(&s, 'N');
    assert_eq!(
        n,
        [format!("N1\tReference {bob} Wikidata:Q1\t")],
        "label kept empty"
    );
    let a: Vec<String> = ann_lines(&s, 'A')
        .iter()
        .map(|l| l.split_once('\t').unwrap().1.to_owned())
        .collect();
    assert_eq!(
        a,
        [format!("Color {alice} red"), format!("Color {alice} blue")]
    );
}
