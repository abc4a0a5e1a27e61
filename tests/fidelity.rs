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
        .timeout(std::time::Duration::from_secs(120))
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
        .timeout(std::time::Duration::from_secs(120))
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
        c.timeout(std::time::Duration::from_secs(120));
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
fn found_9_an_unused_trigger_is_kept() {
    let imp = import("09-unused-trigger");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = round_trip(&imp);
    let t = ann_lines(&s, 'T');
    assert!(t.iter().any(|l| l.ends_with("\tMeet 4 7\tmet")), "{t:?}");
}

#[test]
fn relations_to_events_and_triggers_and_event_normalizations_are_kept() {
    let imp = import("13-event-links");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = round_trip(&imp);
    let ann = io::brat::export(&s).ann;
    let view = io::brat::canonical(&ann, &|c| c);
    let original = std::fs::read_to_string(case("13-event-links").join("doc.ann")).unwrap();
    assert_eq!(view, io::brat::canonical(&original, &|c| c), "\n{ann}");
}

/// `dossier import-brat TXT ANN -o OUT [--strict]`, within two minutes.
fn import_brat_cli(txt: &Path, ann: &Path, out: &Path, strict: bool) -> std::process::Output {
    let mut c = Command::cargo_bin("dossier").unwrap();
    c.timeout(std::time::Duration::from_secs(120));
    c.arg("import-brat").arg(txt).arg(ann).arg("-o").arg(out);
    if strict {
        c.arg("--strict");
    }
    c.output().unwrap()
}

#[test]
fn import_brat_says_what_it_read_kept_and_skipped_and_strict_refuses_skips() {
    let dir = tempfile::tempdir().unwrap();
    let case = case("12-dangling");
    let (txt, ann) = (case.join("doc.txt"), case.join("doc.ann"));
    let run = |strict: bool, out: &str| import_brat_cli(&txt, &ann, &dir.path().join(out), strict);
    let loose = run(false, "a.ron");
    assert!(loose.status.success());
    let stdout = String::from_utf8_lossy(&loose.stdout);
    assert!(
        stdout.contains("T 1 read, 1 kept; # 1 read, 0 kept, 1 skipped"),
        "{stdout}"
    );
    let strict = run(true, "b.ron");
    assert!(!strict.status.success());
    assert!(String::from_utf8_lossy(&strict.stderr).contains("1 line was left out"));
    assert!(!dir.path().join("b.ron").exists(), "nothing written");
    // Lines read only in part (a relation's third argument, an event's argument that points at
    // nothing) are refused too, and said as such.
    let (txt, ann) = (dir.path().join("part.txt"), dir.path().join("part.ann"));
    std::fs::write(&txt, "Anna met Bob in Oslo.").unwrap();
    std::fs::write(
        &ann,
        "T1\tPerson 0 4\tAnna\nT2\tPerson 9 12\tBob\nT3\tGPE 16 20\tOslo\n\
         T4\tMeet 5 8\tmet\nE1\tMeet:T4 Entity:T1 Place:T9\n\
         R1\tKnows Arg1:T1 Arg2:T2 Arg3:T3\n",
    )
    .unwrap();
    let part = |strict: bool, out: &str| import_brat_cli(&txt, &ann, &dir.path().join(out), strict);
    let strict = part(true, "c.ron");
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(!strict.status.success(), "{stderr}");
    assert!(
        stderr.contains("2 lines were read only in part"),
        "{stderr}"
    );
    assert!(stderr.contains("Arg3:T3 left out"), "{stderr}");
    assert!(!dir.path().join("c.ron").exists(), "nothing written");
    let loose = part(false, "d.ron");
    assert!(loose.status.success());
    assert!(dir.path().join("d.ron").exists());
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

/// A random brat document and what brat sees in it, for the round-trip property.
mod random_doc {
    /// Small deterministic generator (the property's seed decides everything).
    pub struct Rng(pub u64);
    impl Rng {
        pub fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
        pub fn chance(&mut self, pct: usize) -> bool {
            self.below(100) < pct
        }
    }

    const WORDS: [&str; 10] = [
        "Ibáñez",
        "Qatar",
        "قطر",
        "😀rocket",
        "cafe\u{301}",
        "“quoted”",
        "met",
        "Oslo",
        "x",
        "Zoë",
    ];

    /// A word: raw char offsets (as brat counts), normalised ones, the word.
    pub type Word = ((usize, usize), (usize, usize), String);

    pub struct Doc {
        pub txt: Vec<u8>,
        pub ann: String,
        /// Each word: raw char offsets (as brat counts) and normalised ones.
        pub words: Vec<Word>,
    }

    pub fn make(seed: u64) -> Doc {
        let mut r = Rng(seed | 1);
        let bom = r.chance(30);
        let crlf = r.chance(40);
        let (mut raw, mut norm) = (usize::from(bom), 0usize);
        let mut text = String::new();
        let mut words = Vec::new();
        for i in 0..12 + r.below(10) {
            let w = WORDS[r.below(WORDS.len())];
            let n = w.chars().count();
            words.push(((raw, raw + n), (norm, norm + n), w.to_owned()));
            text.push_str(w);
            raw += n;
            norm += n;
            let sep = if i % 5 == 4 {
                if crlf { "\r\n" } else { "\n" }
            } else {
                " "
            };
            text.push_str(sep);
            raw += sep.chars().count();
            norm += 1;
        }
        let mut txt = if bom { vec![0xEF, 0xBB, 0xBF] } else { vec![] };
        txt.extend_from_slice(text.as_bytes());
        let mut ann = String::new();
        let mut t = 0;
        let mut entity_ts = Vec::new();
        let mut entity_types = Vec::new();
        let mut used = std::collections::BTreeSet::new();
        // Entities, some discontinuous (two words of one line with a word between).
        for (i, ((a, b), _, w)) in words.iter().enumerate() {
            if !r.chance(55) {
                continue;
            }
            let ty = ["Person", "GPE"][r.below(2)];
            if i % 5 < 3
                && r.chance(25)
                && let Some(((c, d), _, w2)) = words.get(i + 2)
            {
                t += 1;
                ann += &format!("T{t}\t{ty} {a} {b};{c} {d}\t{w} {w2}\n");
            } else {
                if !used.insert((a, ty)) {
                    continue;
                }
                t += 1;
                ann += &format!("T{t}\t{ty} {a} {b}\t{w}\n");
            }
            entity_ts.push(t);
            entity_types.push(ty);
        }
        // Events: a trigger each, numbered roles, some nested in later ones.
        let mut events: Vec<usize> = Vec::new();
        let mut e = 0;
        for ((a, b), _, w) in words.iter().filter(|x| x.2 == "met") {
            t += 1;
            ann += &format!("T{t}\tMeet {a} {b}\t{w}\n");
            if r.chance(15) {
                // A trigger no event uses.
                continue;
            }
            e += 1;
            let mut line = format!("E{e}\tMeet:T{t}");
            let mut args = std::collections::BTreeSet::new();
            for role in ["Agent", "Agent2", "Place"] {
                if !entity_ts.is_empty() && r.chance(60) {
                    let target = entity_ts[r.below(entity_ts.len())];
                    if args.insert(target) {
                        line += &format!(" {role}:T{target}");
                    }
                }
            }
            if let Some(prev) = events.last()
                && r.chance(50)
            {
                line += &format!(" Theme:E{prev}");
            }
            ann += &line;
            ann += "\n";
            events.push(e);
        }
        // Relations with either role naming, written in either order.
        let mut rn = 0;
        for _ in 0..r.below(3) {
            if entity_ts.len() < 2 {
                break;
            }
            let (x, y) = (
                entity_ts[r.below(entity_ts.len())],
                entity_ts[r.below(entity_ts.len())],
            );
            // "GPE" is also a span type: brat keeps the two namespaces apart.
            let (ty, r1, r2) = [
                ("Likes", "Arg1", "Arg2"),
                ("Located", "Located", "Place"),
                ("GPE", "Arg1", "Arg2"),
            ][r.below(3)];
            rn += 1;
            if r.chance(50) {
                ann += &format!("R{rn}\t{ty} {r1}:T{x} {r2}:T{y}\t\n");
            } else {
                ann += &format!("R{rn}\t{ty} {r2}:T{y} {r1}:T{x}\t\n");
            }
        }
        // Relations with an event at one end, and normalizations of events.
        for &ev in &events {
            if !entity_ts.is_empty() && r.chance(30) {
                rn += 1;
                let target = entity_ts[r.below(entity_ts.len())];
                ann += &format!("R{rn}\tCause Arg1:E{ev} Arg2:T{target}\t\n");
            }
            if r.chance(20) {
                ann += &format!("N{}\tReference E{ev} Wikidata:Q9{ev}\tev\n", 100 + ev);
            }
        }
        // Mentions of one person joined by Equiv (their normalizations below may differ).
        let persons: Vec<usize> = entity_ts
            .iter()
            .zip(&entity_types)
            .filter(|(_, ty)| **ty == "Person")
            .map(|(t, _)| *t)
            .collect();
        if persons.len() >= 2 && r.chance(40) {
            let set: Vec<String> = persons.iter().take(3).map(|t| format!("T{t}")).collect();
            ann += &format!("*\tEquiv {}\n", set.join(" "));
        }
        // Attributes (some multi-valued), typed notes (some with tabs in their text),
        // normalizations with and without labels.
        let (mut an, mut hn, mut nn) = (0, 0, 0);
        for &target in &entity_ts {
            if r.chance(30) {
                for v in ["red", "blue"].iter().take(1 + r.below(2)) {
                    an += 1;
                    ann += &format!("A{an}\tColor T{target} {v}\n");
                }
            }
            if r.chance(30) {
                an += 1;
                ann += &format!("A{an}\tNegated T{target}\n");
            }
            for kind in ["AnnotatorNotes", "Lemma"] {
                if r.chance(25) {
                    hn += 1;
                    let gap = ["", "\t", "\tand\t"][r.below(3)];
                    ann += &format!("#{hn}\t{kind} T{target}\tnote {hn}{gap} é😀\n");
                }
            }
            if r.chance(25) {
                nn += 1;
                let label = ["", "Some label"][r.below(2)];
                ann += &format!("N{nn}\tReference T{target} Wikidata:Q{nn}\t{label}\n");
            }
        }
        Doc { txt, ann, words }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any document of what Dossier keeps — split mentions, nested events with numbered roles,
    /// relations with either role naming and order, multi-valued attributes, typed notes,
    /// normalizations with and without labels; CRLF, BOM, astral, Arabic and combining text —
    /// comes back from import → save → load → export as brat sees it, ids aside.
    #[test]
    fn brat_documents_round_trip_as_brat_sees_them(seed in proptest::prelude::any::<u64>()) {
        let doc = random_doc::make(seed);
        let imp = io::brat::import(&doc.txt, &doc.ann, None, "doc").unwrap();
        proptest::prop_assert!(imp.warnings.is_empty(), "{:?}\n{}", imp.warnings, doc.ann);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        io::save_session(&imp.session, &path).unwrap();
        let (loaded, report) = io::load_session(&path).unwrap();
        proptest::prop_assert!(report.repairs.is_empty(), "{:?}", report.repairs);
        let out = io::brat::export(&loaded);
        let raw_to_norm = |c: usize| {
            doc.words
                .iter()
                .find_map(|(r, n, _)| {
                    if c == r.0 { Some(n.0) } else if c == r.1 { Some(n.1) } else { None }
                })
                .unwrap_or(usize::MAX)
        };
        let before = io::brat::canonical(&doc.ann, &raw_to_norm);
        let after = io::brat::canonical(&out.ann, &|c| c);
        proptest::prop_assert_eq!(before, after, "\n{}\n---\n{}", doc.ann, out.ann);
    }
}

#[test]
fn found_14_a_note_with_tabs_keeps_all_its_text() {
    let imp = import("14-note-tabs");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = round_trip(&imp);
    let texts: Vec<String> = ann_lines(&s, '#')
        .iter()
        .filter(|l| !l.contains("DossierMade"))
        .map(|l| l.splitn(3, '\t').nth(2).unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        texts,
        [
            "source:\twire\tcopy 2",
            "bob\t(nickname)",
            "from\tthe caption"
        ]
    );
    let n = ann_lines(&s, 'N');
    assert!(n[0].ends_with("\tBob\tthe builder"), "{n:?}");
}

#[test]
fn found_15_normalizations_of_equiv_mentions_stay_on_their_mentions() {
    let imp = import("15-equiv-norms");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = round_trip(&imp);
    assert_eq!(s.entities.len(), 2, "one Equiv set, and Oslo");
    let t = ann_lines(&s, 'T');
    let id_of = |text: &str| {
        t.iter()
            .find(|l| l.ends_with(&format!("\t{text}")))
            .and_then(|l| l.split('\t').next())
            .unwrap()
            .to_owned()
    };
    let (alice, al, alicia, oslo) = (id_of("Alice"), id_of("Al"), id_of("Alicia"), id_of("Oslo"));
    let mut n: Vec<String> = ann_lines(&s, 'N')
        .iter()
        .map(|l| l.split_once('\t').unwrap().1.to_owned())
        .collect();
    n.sort();
    let mut want = vec![
        format!("Reference {alice} Wikidata:Q1\tAlice A."),
        format!("Reference {al} Wikidata:Q2\tAl B."),
        format!("Reference {alicia} Wikidata:Q1\tAlice A."),
        format!("Wikipedia {alicia} enwiki:Alicia_(name)\t"),
        format!("Reference {oslo} GeoNames:3143244\tOslo"),
    ];
    want.sort();
    assert_eq!(n, want);
}

#[test]
fn found_16_a_name_can_be_a_span_type_and_a_relation_type() {
    let imp = import("16-type-namespaces");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    assert!(imp.session.schema.problems().is_empty());
    assert!(imp.session.schema.entity_type("_question_").is_some());
    assert!(imp.session.schema.relation_type("_question_").is_some());
    let s = round_trip(&imp);
    let r: Vec<String> = ann_lines(&s, 'R')
        .iter()
        .map(|l| l.split_once('\t').unwrap().1.to_owned())
        .collect();
    assert_eq!(
        r,
        ["_question_ Arg1:T1 Arg2:T2\t", "said Arg1:T2 Arg2:T1\t"]
    );
    assert_eq!(ann_lines(&s, 'T')[0], "T1\t_question_ 0 3\tWho");
    // Exported with its annotation.conf, which brat (and Dossier) read back the same way.
    let out = io::brat::export(&s);
    let again = io::brat::import(
        "Who said it? The minister said it.\n".as_bytes(),
        &out.ann,
        Some(&out.conf),
        "doc",
    );
    assert!(again.is_ok_and(|i| i.warnings.is_empty()));
}

#[test]
fn equiv_sets_keep_their_type_and_a_normalization_its_mention() {
    let imp = import("11-equiv-type");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = round_trip(&imp);
    assert_eq!(s.entities.len(), 1, "one Coref set, one entity");
    let t = ann_lines(&s, 'T');
    let al = t
        .iter()
        .find(|l| l.ends_with("\tAl"))
        .and_then(|l| l.split('\t').next())
        .unwrap()
        .to_owned();
    let star = ann_lines(&s, '*');
    assert_eq!(star.len(), 1, "{star:?}");
    assert!(star[0].starts_with("*\tCoref "), "{star:?}");
    let n = ann_lines(&s, 'N');
    assert_eq!(n, [format!("N1\tReference {al} Wikidata:Q5\tAlice")]);
}

/// Every brat document kept here — brat's news tutorial, the cold-start articles and each
/// pitfall above — comes back from import → save → load → export exactly as brat reads it
/// (the same yardstick `examples/brat_roundtrip` applies to brat's public example data).
#[test]
fn every_brat_document_here_comes_back_as_brat_reads_it() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut checked = 0;
    for folder in ["brat-news-tutorial", "cold-news", "fidelity"] {
        let mut anns: Vec<PathBuf> = Vec::new();
        let mut dirs = vec![data.join(folder)];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "ann") {
                    anns.push(p);
                }
            }
        }
        for ann in anns {
            // A note on an annotation that does not exist is skipped, and said (above).
            if ann.to_string_lossy().contains("12-dangling") {
                continue;
            }
            let conf = ann.with_file_name("annotation.conf");
            let conf = conf
                .exists()
                .then(|| std::fs::read_to_string(conf).unwrap());
            let (_, trip) = io::brat::round_trip(
                &std::fs::read(ann.with_extension("txt")).unwrap(),
                &std::fs::read_to_string(&ann).unwrap(),
                conf.as_deref(),
            )
            .unwrap();
            assert!(trip.strict(), "{}: {trip:#?}", ann.display());
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} documents found");
}
