//! The command line, run as a user would.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn dossier() -> Command {
    let mut c = Command::cargo_bin("dossier").expect("binary builds");
    // A child that hangs fails its test (assert_cmd kills it) instead of hanging the run.
    c.timeout(std::time::Duration::from_secs(120));
    c
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("resources/samples")
        .join(name)
}

fn out(cmd: &mut Command) -> (bool, String, String) {
    let o = cmd.output().expect("runs");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn new_validate_stats_on_a_sample_with_curly_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("strike.ron");
    let (ok, stdout, stderr) = out(dossier()
        .arg("new")
        .arg(sample("harbour-strike.txt"))
        .arg("-o")
        .arg(&s));
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Drone strike hits Port Veyra"), "{stdout}");

    let (ok, stdout, _) = out(dossier().arg("validate").arg(&s));
    assert!(ok);
    assert!(stdout.contains("is valid"));

    let (ok, stdout, _) = out(dossier().args(["stats", "--json"]).arg(&s));
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("stats --json is JSON");
    assert_eq!(v["mentions"], 0);
    assert_eq!(v["schema"], "News events (PLOVER-style)");
    assert!(v["characters"].as_u64().unwrap() > 1000);

    // The embedded text keeps the curly quotes and the emoji.
    let text = std::fs::read_to_string(&s).unwrap();
    assert!(text.contains("“reckless escalation”") && text.contains("🔥"));

    // Refuses to overwrite without --force.
    let (ok, _, stderr) = out(dossier()
        .arg("new")
        .arg(sample("harbour-strike.txt"))
        .arg("-o")
        .arg(&s));
    assert!(!ok && stderr.contains("--force"), "{stderr}");
}

#[test]
fn saving_the_same_session_twice_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    for p in [&a, &b] {
        assert!(
            out(dossier()
                .arg("new")
                .arg(sample("grain-deal.md"))
                .arg("-o")
                .arg(p))
            .0
        );
    }
    let (sa, _) = dossier::io::load_session(&a).unwrap();
    dossier::io::save_session(&sa, &b).unwrap();
    dossier::io::save_session(&sa, &b).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // The previous file was kept as a backup.
    assert!(dir.path().join("b.ron.bak").exists());
}

#[test]
fn garbled_session_gives_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.ron");
    assert!(
        out(dossier()
            .arg("new")
            .arg(sample("harbour-strike.txt"))
            .arg("-o")
            .arg(&s))
        .0
    );
    let text = std::fs::read_to_string(&s).unwrap();
    let garbled = text.replacen("next_id: 1,", "next_id: 1,, ]", 1);
    std::fs::write(&s, garbled).unwrap();
    for sub in ["validate", "stats"] {
        let (ok, _, stderr) = out(dossier().arg(sub).arg(&s));
        assert!(!ok);
        assert!(
            stderr.contains("line ") && stderr.contains("column "),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn semantic_problems_and_newer_versions_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.ron");
    assert!(
        out(dossier()
            .arg("new")
            .arg(sample("harbour-strike.txt"))
            .arg("-o")
            .arg(&s))
        .0
    );
    let text = std::fs::read_to_string(&s).unwrap();

    std::fs::write(&s, text.replacen("version: 1,", "version: 99,", 1)).unwrap();
    let (ok, _, stderr) = out(dossier().arg("validate").arg(&s));
    assert!(!ok && stderr.contains("newer Dossier"), "{stderr}");

    let bad = text.replacen(
        "mentions: [],",
        r#"mentions: [(id: 7, span: (start: 5, end: 999999), entity_type: "Person", entity: 3, quote: "x")],"#,
        1,
    );
    std::fs::write(&s, bad).unwrap();
    let (ok, _, stderr) = out(dossier().arg("validate").arg(&s));
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("goes past the end of the text"), "{stderr}");
    assert!(
        stderr.contains("entity N3, which does not exist"),
        "{stderr}"
    );
}

#[test]
fn utf16_and_windows_1252_articles_import_to_the_right_text() {
    let dir = tempfile::tempdir().unwrap();
    let original = "Ibáñez met Krejčí in “Zürich” 🔥\r\nSecond line.";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in original.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let p16 = dir.path().join("a16.txt");
    std::fs::write(&p16, utf16).unwrap();
    let latin = "Le ministre Ibáñez a déclaré « non » à l’accord de Genève, près du café.";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(latin);
    assert!(!unmappable);
    let p1252 = dir.path().join("a1252.txt");
    std::fs::write(&p1252, &bytes).unwrap();

    for (src, want) in [
        (p16, "Ibáñez met Krejčí in “Zürich” 🔥\nSecond line."),
        (p1252, latin),
    ] {
        let s = dir.path().join("s.ron");
        let (ok, _, stderr) = out(dossier()
            .arg("new")
            .arg(&src)
            .arg("-o")
            .arg(&s)
            .arg("--force"));
        assert!(ok, "{stderr}");
        let (session, _) = dossier::io::load_session(&s).unwrap();
        assert_eq!(&*session.article.text, want);
    }
}

#[test]
fn bad_articles_and_schemas_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let bin = dir.path().join("x.txt");
    std::fs::write(&bin, [0u8, 1, 2, 3, 255, 0, 7, 8]).unwrap();
    let o = dir.path().join("o.ron");
    for (src, msg) in [(&empty, "empty"), (&bin, "binary")] {
        let (ok, _, stderr) = out(dossier().arg("new").arg(src).arg("-o").arg(&o));
        assert!(
            !ok && stderr.contains(msg) && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
    let (ok, _, stderr) = out(dossier()
        .arg("new")
        .arg(sample("grain-deal.md"))
        .arg("-o")
        .arg(&o)
        .args(["--schema", "nope"]));
    assert!(!ok && stderr.contains("ace2005"), "{stderr}");
    let (ok, _, _) = out(dossier()
        .arg("new")
        .arg(sample("grain-deal.md"))
        .arg("-o")
        .arg(&o)
        .args(["--schema", "ace2005"]));
    assert!(ok);
    let (ok, _, stderr) = out(dossier()
        .arg("validate")
        .arg(dir.path().join("missing.ron")));
    assert!(!ok && stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn a_missing_file_is_named_once_with_its_cause_once() {
    for args in [
        vec!["validate", "/no/such/session.ron"],
        vec![
            "new",
            "/no/such/article.txt",
            "-o",
            "/tmp/never-written.ron",
        ],
    ] {
        let (ok, _, stderr) = out(dossier().args(&args));
        assert!(!ok, "{args:?}");
        assert_eq!(stderr.matches("No such file").count(), 1, "{stderr}");
        assert!(stderr.contains("/no/such/"), "{stderr}");
    }
}

/// `stats` on an annotated session counts what the session holds, in text and JSON; `export`
/// writes the map as GraphML and SVG that parse and show every entity.
#[test]
fn stats_and_map_exports_of_an_annotated_session() {
    let demo = sample("harbour-strike.ron");
    let (s, _) = dossier::io::load_session(&demo).unwrap();
    assert!(!s.mentions.is_empty() && !s.events.is_empty() && !s.relations.is_empty());

    let (ok, stdout, stderr) = out(dossier().args(["stats", "--json"]).arg(&demo));
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["mentions"], s.mentions.len());
    assert_eq!(v["entities"], s.entities.len());
    assert_eq!(v["events"], s.events.len());
    assert_eq!(v["relations"], s.relations.len());
    let persons = s
        .mentions
        .values()
        .filter(|m| m.entity_type == "Person")
        .count();
    assert_eq!(v["mentions_by_type"]["Person"], persons);
    let (ok, text, _) = out(dossier().arg("stats").arg(&demo));
    assert!(ok);
    assert!(
        text.contains(&format!("Mentions:  {}", s.mentions.len())),
        "{text}"
    );

    // GraphML: as many nodes and edges as the library's graph of the session.
    let (ok, xml, stderr) = out(dossier().args(["export", "--format", "graphml"]).arg(&demo));
    assert!(ok, "{stderr}");
    let (g, layout) = dossier::analysis::graphml::laid_out(&s);
    let lib = dossier::analysis::graphml::to_graphml(&s, &g, Some(&layout)).unwrap();
    let count = |xml: &str, tag: &str| {
        let mut r = quick_xml::Reader::from_str(xml);
        let mut n = 0;
        loop {
            match r.read_event().expect("well-formed XML") {
                quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                    if e.name().as_ref() == tag =>
                {
                    n += 1;
                }
                quick_xml::events::Event::Eof => return n,
                _ => {}
            }
        }
    };
    assert!(count(&xml, "node") >= s.entities.len());
    assert_eq!(count(&xml, "node"), count(&lib, "node"));
    assert_eq!(count(&xml, "edge"), count(&lib, "edge"));

    // SVG to a file: well-formed, one label per entity, named by the entity.
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("map.svg");
    let (ok, _, stderr) = out(dossier()
        .args(["export", "--format", "svg", "-o"])
        .arg(&svg)
        .arg(&demo));
    assert!(ok, "{stderr}");
    let text = std::fs::read_to_string(&svg).unwrap();
    let mut r = quick_xml::Reader::from_str(&text);
    let (mut labels, mut in_text) = (Vec::new(), false);
    loop {
        match r.read_event().expect("well-formed SVG") {
            quick_xml::events::Event::Start(e) => in_text = e.name().as_ref() == "text",
            quick_xml::events::Event::Text(t) if in_text => {
                labels.push(t.xml10_content().into_owned());
            }
            quick_xml::events::Event::End(_) => in_text = false,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    for e in s.entities.values() {
        assert!(
            labels.contains(&e.name),
            "{} missing from {labels:?}",
            e.name
        );
    }
    // The same picture as PNG, twice the size.
    let png = dir.path().join("map.png");
    let (ok, _, stderr) = out(dossier()
        .args(["export", "--format", "png", "-o"])
        .arg(&png)
        .arg(&demo));
    assert!(ok, "{stderr}");
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let view_width: f32 = text
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap();
    assert_eq!(width, (view_width * 2.0).round() as u32);
    // Refuses to overwrite without --force.
    let (ok, _, stderr) = out(dossier()
        .args(["export", "--format", "svg", "-o"])
        .arg(&svg)
        .arg(&demo));
    assert!(!ok && stderr.contains("--force"), "{stderr}");
}

/// A PDF with a text layer becomes the article as a reader sees it; a scan without one, and a
/// damaged file, are refused with a message that says why.
#[test]
fn pdf_articles_are_read_and_scans_are_explained() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pdf");
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("gazette.ron");
    let (ok, _, stderr) = out(dossier()
        .arg("new")
        .arg(data.join("article.pdf"))
        .arg("-o")
        .arg(&s));
    assert!(ok, "{stderr}");
    let session = dossier::io::load_session(&s).unwrap().0;
    let text = &session.article.text;
    assert!(text.starts_with("Dockers in Port Veyra ended their strike on Monday after"));
    assert!(text.contains("Hélène Marchetti"), "{text}");
    assert!(
        text.contains("an overwhelming majority of members on Sunday evening at the union hall")
    );
    assert!(text.contains("forty vessels to Saint-Nazaire"), "{text}");
    for running in ["Gazette", "Page"] {
        assert!(!text.contains(running), "{running} kept: {text}");
    }
    assert_eq!(text.matches("\n\n").count(), 3, "{text}");

    let (ok, _, stderr) = out(dossier()
        .arg("new")
        .arg(data.join("scan.pdf"))
        .arg("-o")
        .arg(dir.path().join("scan.ron")));
    assert!(!ok);
    assert!(
        stderr.contains("no text layer") && stderr.contains("OCR"),
        "{stderr}"
    );

    let bytes = std::fs::read(data.join("article.pdf")).unwrap();
    let broken = dir.path().join("broken.pdf");
    std::fs::write(&broken, &bytes[..bytes.len() / 3]).unwrap();
    let (ok, _, stderr) = out(dossier()
        .arg("new")
        .arg(&broken)
        .arg("-o")
        .arg(dir.path().join("b.ron")));
    assert!(!ok);
    assert!(stderr.contains("PDF"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `dossier suggest` lists other occurrences of known entities (curly possessives included,
/// "Ostravan" not) and adds nothing to the session.
#[test]
fn suggest_lists_propagated_mentions_and_changes_nothing() {
    let demo = sample("harbour-strike.ron");
    let before = std::fs::read(&demo).unwrap();
    let (ok, stdout, stderr) = out(dossier()
        .args(["suggest", "--json", "--source", "propagation"])
        .arg(&demo));
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let items = v.as_array().unwrap();
    let (s, _) = dossier::io::load_session(&demo).unwrap();
    let texts: Vec<&str> = items.iter().map(|i| i["text"].as_str().unwrap()).collect();
    assert!(texts.contains(&"Ostrava"), "{texts:?}");
    for i in items {
        let (a, b) = (
            i["span"]["start"].as_u64().unwrap(),
            i["span"]["end"].as_u64().unwrap(),
        );
        let span = dossier::model::Span::new(a as usize, b as usize);
        assert_eq!(s.article.slice(span), i["text"].as_str(), "char offsets");
        assert_eq!(i["source"], "propagation");
        assert!(
            !s.mentions.values().any(|m| m.span == span),
            "already annotated: {i}"
        );
    }
    assert!(!stdout.contains("Ostravan"));
    assert_eq!(std::fs::read(&demo).unwrap(), before);
}

/// `--source gazetteer` finds listed names (the bundled world list and the analyst's file) with
/// their ids; a malformed file is refused with its line, and nothing is written.
#[test]
fn suggest_from_gazetteers_and_a_bad_list_names_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let article = dir.join("a.txt");
    std::fs::write(
        &article,
        "Iraqi police in Baghdad said Qasem Soleimani met UN staff.\n",
    )
    .unwrap();
    let session = dir.join("a.ron");
    let (ok, _, stderr) = out(dossier().arg("new").arg(&article).arg("-o").arg(&session));
    assert!(ok, "{stderr}");
    let mine = dir.join("people.csv");
    std::fs::write(
        &mine,
        "name,type,qid,aliases\nQasem Soleimani,Person,Q1399,Soleimani\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = out(dossier()
        .args(["suggest", "--json", "--source", "gazetteer", "--gazetteer"])
        .arg(&mine)
        .arg(&session));
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let got: Vec<(&str, &str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["text"].as_str().unwrap(),
                i["name"].as_str().unwrap(),
                i["kb_id"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Iraqi", "Iraq", "Q796"),
            ("Baghdad", "Baghdad", "geonames:98182"),
            ("Qasem Soleimani", "Qasem Soleimani", "Q1399"),
            ("UN", "United Nations", "Q1065"),
        ]
    );
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|i| i["source"] == "gazetteer")
    );

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "name,type\nBaghdad,GPE\nSoleimani\n").unwrap();
    let (ok, _, stderr) = out(dossier()
        .args(["suggest", "--gazetteer"])
        .arg(&bad)
        .arg(&session));
    assert!(!ok);
    assert!(
        stderr.contains("bad.csv, line 3: “Soleimani” has no type"),
        "{stderr}"
    );
}

/// `--source rules` on an article nobody annotated: its people (bare surnames as the full name),
/// dates and facilities, each saying it comes from the rules.
#[test]
fn suggest_people_dates_and_facilities_by_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("a.txt");
    std::fs::write(
        &article,
        "Foreign Minister Tomás Ibáñez flew to Ain al-Asad air base on Sunday. Ibáñez said little.",
    )
    .unwrap();
    let (ok, stdout, stderr) = out(dossier()
        .args(["suggest", "--json", "--source", "rules"])
        .arg(&article));
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let got: Vec<(String, String, String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let s = |k: &str| x[k].as_str().unwrap().to_owned();
            (s("text"), s("entity_type"), s("name"), s("source"))
        })
        .collect();
    let row = |a: &str, b: &str, c: &str| (a.into(), b.into(), c.into(), "rules".to_string());
    assert_eq!(
        got,
        [
            row("Tomás Ibáñez", "Person", "Tomás Ibáñez"),
            row("Ain al-Asad air base", "Facility", "Ain al-Asad air base"),
            row("Sunday", "DateTime", "Sunday"),
            row("Ibáñez", "Person", "Tomás Ibáñez"),
        ]
    );
}

/// An external recommender (a command: the article as JSON in, spans out) adds its suggestions
/// under its name; one that crashes, answers something else or takes too long is an error that
/// says so, and nothing is suggested from it.
#[cfg(unix)]
#[test]
fn a_recommender_command_adds_suggestions_and_its_failures_say_what_went_wrong() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("a.txt");
    std::fs::write(&article, "Ibáñez met 🔥 Ana in Geneva.").unwrap();
    let script = |name: &str, body: &str| {
        let p = tmp.path().join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p.display().to_string()
    };
    // It reads the request: the text and the schema's types arrive on its standard input.
    let good = script(
        "good.sh",
        r#"input=$(cat); case "$input" in *'Geneva'*'"types":["Person"'*) ;; *) exit 9;; esac
printf '[{"start":13,"end":16,"type":"PER","score":0.8,"kb_id":"Q1"},{"start":0,"end":3,"type":"MISC"}]'"#,
    );
    let (ok, stdout, stderr) = out(dossier()
        .args([
            "suggest",
            "--json",
            "--source",
            "propagation",
            "--recommender",
        ])
        .arg(format!("ner={good}"))
        .arg(&article));
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let v = v.as_array().unwrap();
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0]["text"], "Ana", "char offsets, the emoji one char");
    assert_eq!(v[0]["entity_type"], "Person");
    assert_eq!(v[0]["recommender"], "ner");
    assert_eq!(v[0]["kb_id"], "Q1");
    assert!(stderr.contains(r#"labelled "MISC""#), "{stderr}");

    let bad = [
        (
            script(
                "crash.sh",
                "cat >/dev/null; echo 'model not found' >&2; exit 3",
            ),
            "model not found",
        ),
        (
            script("prose.sh", "cat >/dev/null; echo 'Hello there'"),
            "not a list of spans",
        ),
        (
            script("slow.sh", "cat >/dev/null; sleep 5"),
            "did not answer within 1 s",
        ),
    ];
    for (cmd, says) in bad {
        let (ok, stdout, stderr) = out(dossier()
            .args(["suggest", "--recommender-timeout", "1", "--recommender"])
            .arg(&cmd)
            .arg(&article));
        assert!(!ok, "{cmd}: {stdout}");
        assert!(stderr.contains(says), "{cmd}: {stderr}");
    }
}

/// `--source lexicon` prints draft events with their proposed arguments, none added.
#[test]
fn suggest_draft_events_from_the_trigger_lexicon() {
    let demo = sample("harbour-strike.ron");
    let (ok, stdout, stderr) = out(dossier()
        .args(["suggest", "--json", "--source", "lexicon"])
        .arg(&demo));
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = &v.as_array().unwrap()[0];
    assert_eq!(first["text"], "accuses");
    assert_eq!(first["event_type"], "ACCUSE");
    assert_eq!(first["arguments"].as_array().unwrap().len(), 2);
}

/// `dossier project`: a folder of mixed articles becomes a project (a session per article, the
/// same text once, a binary file refused with its reason, a brat document's types joined to the
/// schema without clashing keys); stats say what it holds and which article cannot be opened;
/// a newer project file and a second project in one folder are refused.
#[test]
fn a_project_is_made_from_a_folder_and_says_what_it_holds() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::copy(sample("harbour-strike.txt"), src.join("harbour-strike.txt")).unwrap();
    std::fs::copy(
        sample("harbour-strike.txt"),
        src.join("copy of harbour strike.txt"),
    )
    .unwrap();
    std::fs::copy(sample("grain-deal.md"), src.join("grain-deal.md")).unwrap();
    let brat = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/brat-news-tutorial");
    for f in [
        "060-relation_annotation.txt",
        "060-relation_annotation.ann",
        "annotation.conf",
    ] {
        std::fs::copy(brat.join(f), src.join(f)).unwrap();
    }
    std::fs::write(src.join("broken.txt"), b"\x00\x01 not text").unwrap();
    std::fs::write(src.join("notes.docx"), b"not an article type").unwrap();
    let dir = tmp.path().join("proj");
    let (ok, stdout, stderr) = out(dossier()
        .args(["project", "new"])
        .arg(&dir)
        .arg("--from")
        .arg(&src));
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("3 articles added, 1 already there, 1 not added."),
        "{stdout}"
    );
    assert!(stderr.contains("already in the project"), "{stderr}");
    assert!(
        stderr.contains("broken.txt: not added: this looks like a binary file"),
        "{stderr}"
    );

    let p = dossier::io::project::load_project(&dir).unwrap();
    let files: Vec<&str> = p.articles.iter().map(|a| a.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "articles/060-relation_annotation.ron",
            "articles/copy-of-harbour-strike.ron",
            "articles/grain-deal.ron"
        ]
    );
    assert!(p.schema.problems().is_empty(), "{:?}", p.schema.problems());
    assert!(p.schema.entity_type("GPE").is_some() && p.schema.relation_type("Alias").is_some());
    for a in &p.articles {
        let (s, _) = dossier::io::load_session(&dir.join(&a.file)).unwrap();
        assert_eq!(s.article.hash, a.hash);
    }
    // Saving again gives the same bytes: nothing for git to diff.
    let before = std::fs::read(dir.join("dossier-project.ron")).unwrap();
    dossier::io::project::save_project(&dir, &p).unwrap();
    assert_eq!(
        std::fs::read(dir.join("dossier-project.ron")).unwrap(),
        before
    );

    let (ok, stdout, stderr) = out(dossier().args(["project", "stats", "--json"]).arg(&dir));
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["articles"], 3);
    assert_eq!(
        v["status"]["in_progress"], 1,
        "the brat document has mentions"
    );
    assert_eq!(v["problems"].as_array().unwrap().len(), 0, "{v}");

    // Find across the articles: grouped by article, char offsets, context; a bad regex says so.
    let (ok, stdout, stderr) = out(dossier()
        .args(["project", "find", "--json"])
        .arg(&dir)
        .arg("ostrava"));
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let arts = v["articles"].as_array().unwrap();
    let files: Vec<&str> = arts.iter().map(|a| a["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        [
            "articles/copy-of-harbour-strike.ron",
            "articles/grain-deal.ron"
        ]
    );
    let first = &arts[0]["hits"][0];
    assert_eq!(first["text"], "Ostrava");
    assert!(first["context"].as_str().unwrap().contains("Ostrava"));
    let (ok, _, stderr) = out(dossier()
        .args(["project", "find", "--regex"])
        .arg(&dir)
        .arg("Terry (Pratchett|Jones)"));
    assert!(ok, "{stderr}");
    assert!(stderr.contains("hits in 1 of 3 articles"), "{stderr}");
    // The texts are cached in one file git ignores; deleting it only costs speed.
    assert!(dir.join(".dossier-find-cache").exists());
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.contains(".dossier-find-cache"), "{ignore}");
    std::fs::remove_file(dir.join(".dossier-find-cache")).unwrap();
    let (ok, again, _) = out(dossier()
        .args(["project", "find", "--json"])
        .arg(&dir)
        .arg("ostrava"));
    assert!(ok);
    assert_eq!(again, stdout, "the same hits without the cache");
    let (ok, _, stderr) = out(dossier()
        .args(["project", "find", "--regex"])
        .arg(&dir)
        .arg("(unclosed"));
    assert!(
        !ok && stderr.contains("not a usable regular expression"),
        "{stderr}"
    );

    // Exports of the whole project.
    let csv_out = tmp.path().join("events.csv");
    let (ok, _, stderr) = out(dossier()
        .args(["project", "export", "--format", "csv", "-o"])
        .arg(&csv_out)
        .arg(&dir));
    assert!(ok, "{stderr}");
    let csv_text = std::fs::read_to_string(&csv_out).unwrap();
    assert!(csv_text.starts_with("article,"), "{csv_text}");
    let brat_out = tmp.path().join("brat");
    let (ok, stdout, stderr) = out(dossier()
        .args(["project", "export", "--format", "brat", "-o"])
        .arg(&brat_out)
        .arg(&dir));
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Wrote 7 files for 3 articles"), "{stdout}");
    assert!(brat_out.join("grain-deal.ann").exists() && brat_out.join("annotation.conf").exists());
    let (ok, _, stderr) = out(dossier()
        .args(["project", "export", "--format", "graphml", "-o"])
        .arg(tmp.path().join("g.graphml"))
        .arg(&dir));
    assert!(
        !ok && stderr.contains("the project map is empty"),
        "{stderr}"
    );
    // A project whose entities are linked to the registry: its map, registry entries as nodes.
    let synth = tmp.path().join("synth");
    dossier::analysis::synth::write_project(&synth, 30).unwrap();
    let g_out = tmp.path().join("project.graphml");
    let (ok, _, stderr) = out(dossier()
        .args(["project", "export", "--format", "graphml", "-o"])
        .arg(&g_out)
        .arg(&synth));
    assert!(ok, "{stderr}");
    let xml = std::fs::read_to_string(&g_out).unwrap();
    let p = dossier::io::project::load_project(&synth).unwrap();
    let top = p.registry.iter().next().unwrap();
    assert!(
        xml.contains(&top.name),
        "the most linked entry is on the map"
    );
    assert!(
        xml.matches("<node ").count() > 10,
        "{}",
        &xml[..xml.len().min(400)]
    );

    std::fs::remove_file(dir.join("articles/grain-deal.ron")).unwrap();
    let (ok, stdout, _) = out(dossier().args(["project", "stats"]).arg(&dir));
    assert!(ok);
    assert!(
        stdout.contains("cannot open articles/grain-deal.ron: articles/grain-deal.ron is missing"),
        "{stdout}"
    );

    let (ok, _, stderr) = out(dossier().args(["project", "new"]).arg(&dir));
    assert!(
        !ok && stderr.contains("already holds a project"),
        "{stderr}"
    );
    let file = dir.join("dossier-project.ron");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("version: 1,", "version: 9,", 1);
    std::fs::write(&file, text).unwrap();
    let (ok, _, stderr) = out(dossier().args(["project", "stats"]).arg(&dir));
    assert!(
        !ok && stderr.contains("written by a newer Dossier (project format 9"),
        "{stderr}"
    );
}

#[test]
fn compare_prints_agreement_and_refuses_different_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let demo = root.join("resources/samples/harbour-strike.ron");
    let empty = tmp.path().join("empty.ron");
    let (ok, _, stderr) = out(dossier()
        .args(["new"])
        .arg(root.join("resources/samples/harbour-strike.txt"))
        .arg("-o")
        .arg(&empty));
    assert!(ok, "{stderr}");
    let (ok, stdout, stderr) = out(dossier().args(["compare", "--json"]).arg(&demo).arg(&empty));
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (v["exact"]["a"].as_u64(), v["exact"]["b"].as_u64()),
        (Some(24), Some(0))
    );
    assert_eq!(v["exact"]["f1"].as_f64(), Some(0.0));
    assert!(
        !stdout.contains("NaN") && !stdout.contains("null"),
        "{stdout}"
    );
    let (ok, table, _) = out(dossier().args(["compare"]).arg(&demo).arg(&demo));
    assert!(ok && table.contains("F1 100.0 %"), "{table}");
    // Every difference listed: the empty session lacks all 24 mentions, 2 events, 1 relation.
    let (ok, list, stderr) = out(dossier()
        .args(["compare", "--differences"])
        .arg(&demo)
        .arg(&empty));
    assert!(ok, "{stderr}");
    assert!(list.contains("27 differences:"), "{list}");
    assert!(list.contains("“Port Veyra” as GPE: only in A"), "{list}");
    let (ok, stdout, _) = out(dossier()
        .args(["compare", "--differences", "--json"])
        .arg(&demo)
        .arg(&empty));
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        ok && v["differences"].as_array().map(Vec::len) == Some(27),
        "{stdout}"
    );
    let other = tmp.path().join("other.ron");
    let (ok, _, _) = out(dossier()
        .args(["new"])
        .arg(root.join("resources/samples/grain-deal.md"))
        .arg("-o")
        .arg(&other));
    assert!(ok);
    let (ok, _, stderr) = out(dossier().args(["compare"]).arg(&demo).arg(&other));
    assert!(!ok && stderr.contains("different articles"), "{stderr}");
}

#[test]
fn reanchor_moves_a_session_onto_an_edited_text_and_refuses_an_empty_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let demo = root.join("resources/samples/harbour-strike.ron");
    let text = std::fs::read_to_string(root.join("resources/samples/harbour-strike.txt")).unwrap();
    let edited = format!(
        "UPDATED: {}",
        text.replace("Saint-Anne Hospital", "Saint Anne Hospital")
            .replace(
                "The harbour authority",
                "Late on Thursday, the harbour authority"
            )
    );
    let new = tmp.path().join("v2.txt");
    std::fs::write(&new, &edited).unwrap();
    let out_path = tmp.path().join("v2.ron");
    let (ok, stdout, stderr) = out(dossier()
        .arg("reanchor")
        .arg(&demo)
        .arg(&new)
        .arg("-o")
        .arg(&out_path));
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("0 orphaned") && stdout.contains("1 placed by a near match"),
        "{stdout}"
    );
    assert!(
        stdout.contains("“Saint-Anne Hospital” → “Saint Anne Hospital”"),
        "{stdout}"
    );
    let (s, report) = dossier::io::load_session(&out_path).unwrap();
    assert!(report.repairs.is_empty(), "{:?}", report.repairs);
    assert_eq!(s.mentions.len(), 24);
    assert!(s.article.text.starts_with("UPDATED: "));
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "   \n").unwrap();
    let again = tmp.path().join("v3.ron");
    let (ok, _, stderr) = out(dossier()
        .arg("reanchor")
        .arg(&demo)
        .arg(&empty)
        .arg("-o")
        .arg(&again));
    assert!(!ok && !again.exists(), "{stderr}");
}

/// A session file added to a project joins it with its annotations (its RON was once taken
/// for the article's text); the project's file itself is refused; the project's places export
/// as GeoJSON, a place named in two articles once with both articles' mentions.
#[test]
fn sessions_join_a_project_and_its_places_export_as_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cold-news");
    let mut sessions = Vec::new();
    for name in ["01-airport-strike", "03-election"] {
        let s = dir.path().join(format!("{name}.ron"));
        let (ok, _, stderr) = out(dossier()
            .arg("import-brat")
            .arg(data.join(format!("{name}.txt")))
            .arg(data.join(format!("{name}.ann")))
            .arg("-o")
            .arg(&s));
        assert!(ok, "{stderr}");
        sessions.push(s);
    }
    let proj = dir.path().join("proj");
    let (ok, _, stderr) = out(dossier().args(["project", "new"]).arg(&proj));
    assert!(ok, "{stderr}");
    let (ok, stdout, stderr) = out(dossier()
        .args(["project", "add"])
        .arg(&proj)
        .args(&sessions)
        .arg(proj.join("dossier-project.ron")));
    assert!(ok, "{stderr}");
    assert!(stdout.contains("2 articles added"), "{stdout}");
    assert!(
        stdout.contains("dossier-project.ron") || stderr.contains("dossier-project.ron"),
        "the project's own file is named as not added: {stdout}{stderr}"
    );
    let (ok, stdout, _) = out(dossier().args(["project", "stats"]).arg(&proj));
    assert!(ok && stdout.contains("62 mentions"), "{stdout}");

    let geo = dir.path().join("places.geojson");
    let (ok, _, stderr) = out(dossier()
        .args(["project", "export", "--format", "geojson", "-o"])
        .arg(&geo)
        .arg(&proj));
    assert!(ok, "{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&geo).unwrap()).unwrap();
    assert_eq!(json["type"], "FeatureCollection");
    let features = json["features"].as_array().unwrap();
    let named = |n: &str| {
        features
            .iter()
            .filter(|f| f["properties"]["name"] == n)
            .collect::<Vec<_>>()
    };
    // The US is named in both articles: one place, both articles named.
    let us = named("US");
    assert_eq!(us.len(), 1, "one place, from both articles");
    assert!(
        us[0]["properties"]["article"]
            .as_str()
            .unwrap()
            .contains("; ")
    );
    let coords = &named("Washington")[0]["geometry"]["coordinates"];
    assert!(
        (coords[0].as_f64().unwrap() + 77.04).abs() < 0.1,
        "{coords}"
    );
    assert!(
        features
            .iter()
            .any(|f| f["properties"]["kind"] == "event" && f["properties"]["type"] == "ASSAULT"),
        "the airport strike sits at its place"
    );
}
