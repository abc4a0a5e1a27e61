//! CSV event table and W3C Web Annotation JSON-LD exports, and the export command line.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

use assert_cmd::Command;
use dossier::io::{self, export};
use dossier::model::*;
use std::path::Path;

fn demo() -> Session {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/samples/harbour-strike.ron");
    io::load_session(&p).unwrap().0
}

#[test]
fn csv_has_one_row_per_event_with_its_participants() {
    let s = demo();
    let text = export::events_csv(&s).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, export::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), s.events.len());
    let strike = rows.iter().find(|r| &r[1] == "Assault").unwrap();
    assert_eq!(&strike[2], "strike");
    assert_eq!(&strike[4], "fuel depot");
    assert_eq!(&strike[5], "Port Veyra");
    assert_eq!(&strike[6], "Thursday");
    assert_eq!(&strike[7], "2024-03-14");
    assert_eq!(&strike[9], "B2");
    assert!(
        strike[12].contains("Drone strike hits Port Veyra"),
        "{}",
        &strike[12]
    );
    let accuse = rows.iter().find(|r| &r[1] == "Accuse").unwrap();
    assert_eq!(&accuse[3], "Tomás Ibáñez");
    assert!(
        accuse[13].contains("Instrument: Assault “strike”"),
        "{}",
        &accuse[13]
    );
    assert_eq!((&accuse[14], &accuse[15]), ("", ""), "nobody named");
    // Who annotated an event and when it last changed, when the session knows.
    let mut s = s;
    for e in s.events.values_mut() {
        e.made = Some(dossier::model::provenance::Provenance::new(
            "B. Analyst",
            1_774_000_000,
        ));
    }
    let text = export::events_csv(&s).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let row = r.records().next().unwrap().unwrap();
    assert_eq!((&row[14], &row[15]), ("B. Analyst", "2026-03-20T09:46:40Z"));
    // The map's GraphML carries it on event nodes and edges, declared as keys.
    use dossier::analysis::graphml;
    let (g, layout) = graphml::laid_out(&s);
    let xml = graphml::to_graphml(&s, &g, Some(&layout)).unwrap();
    assert!(
        xml.contains(r#"<key id="by" for="node" attr.name="creator""#),
        "{xml}"
    );
    assert!(xml.contains(r#"<data key="by">B. Analyst</data>"#));
    assert!(xml.contains(r#"<data key="eby">B. Analyst</data>"#));
    assert!(xml.contains(r#"<data key="modified">2026-03-20T09:46:40Z</data>"#));
    let nobody = graphml::to_graphml(&demo(), &g, Some(&layout)).unwrap();
    assert!(
        !nobody.contains(r#"<data key="by">"#),
        "nothing when nobody is known"
    );
}

#[test]
fn web_annotations_use_code_point_positions() {
    let text = "🔥🔥 Zoë “Ibáñez” met مرحبا.";
    let mut s = Session::new(
        Article::new("t", text),
        dossier::model::schema::presets::default_schema(),
    );
    let mut h = History::default();
    for w in ["Ibáñez", "مرحبا", "Zoë"] {
        let b = s.text().find(w).unwrap();
        let c = s.article.char_of(b).unwrap();
        let cmd = s
            .cmd_annotate(Span::new(c, c + w.chars().count()), "Person")
            .unwrap();
        h.apply(&mut s, cmd).unwrap();
    }
    let (_, cmd) = s.cmd_add_event("CONSULT", Some(Span::new(18, 21))).unwrap();
    h.apply(&mut s, cmd).unwrap();
    let v = export::web_annotations(&s);
    let v: serde_json::Value = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
    assert_eq!(v["type"], "AnnotationCollection");
    // The file says what its positions count.
    assert!(
        v["dossier:positions"]
            .as_str()
            .unwrap()
            .contains("Unicode code points")
    );
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    let chars: Vec<char> = text.chars().collect();
    for a in items {
        assert_eq!(a["type"], "Annotation");
        let sel = a["target"]["selector"].as_array().unwrap();
        let quote = &sel[0];
        let pos = &sel[1];
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(pos["type"], "TextPositionSelector");
        let (st, en) = (
            pos["start"].as_u64().unwrap() as usize,
            pos["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[st..en].iter().collect::<String>(),
            quote["exact"].as_str().unwrap()
        );
    }
    let ib = items
        .iter()
        .find(|a| a["target"]["selector"][0]["exact"] == "Ibáñez")
        .unwrap();
    // Two astral emoji and a space come first: code points, not UTF-16 units.
    assert_eq!(ib["target"]["selector"][1]["start"], 8);
    assert_eq!(ib["body"][0]["value"], "Person");
    assert_eq!(ib["body"][1]["label"], "Ibáñez");
}

#[test]
fn command_line_import_brat_and_export_every_format() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/brat-news-tutorial");
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.ron");
    let o = Command::cargo_bin("dossier")
        .unwrap()
        .timeout(std::time::Duration::from_secs(120))
        .arg("import-brat")
        .arg(data.join("000-introduction.txt"))
        .arg(data.join("000-introduction.ann"))
        .arg("--conf")
        .arg(data.join("annotation.conf"))
        .arg("-o")
        .arg(&s)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("6 mentions"));

    let ann = dir.path().join("out/doc.ann");
    std::fs::create_dir_all(ann.parent().unwrap()).unwrap();
    for (fmt, out) in [
        ("brat", ann.clone()),
        ("csv", dir.path().join("e.csv")),
        ("jsonld", dir.path().join("a.jsonld")),
    ] {
        let o = Command::cargo_bin("dossier")
            .unwrap()
            .timeout(std::time::Duration::from_secs(120))
            .arg("export")
            .arg(&s)
            .args(["--format", fmt, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{fmt}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(out.exists(), "{fmt}");
    }
    assert!(dir.path().join("out/doc.txt").exists());
    assert!(dir.path().join("out/annotation.conf").exists());
    let back = io::brat::import_files(
        &dir.path().join("out/doc.txt"),
        &ann,
        Some(&dir.path().join("out/annotation.conf")),
    )
    .unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(back.session.mentions.len(), 6);

    // To standard output.
    let o = Command::cargo_bin("dossier")
        .unwrap()
        .timeout(std::time::Duration::from_secs(120))
        .arg("export")
        .arg(&s)
        .args(["--format", "jsonld"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 7);

    // A malformed .ann: warnings name the line; the import still succeeds.
    let bad = dir.path().join("bad.ann");
    std::fs::write(&bad, "T1\tPerson 0 4\tWrong\nT2\tPerson 0 3\n").unwrap();
    let o = Command::cargo_bin("dossier")
        .unwrap()
        .timeout(std::time::Duration::from_secs(120))
        .arg("import-brat")
        .arg(data.join("000-introduction.txt"))
        .arg(&bad)
        .arg("-o")
        .arg(dir.path().join("b.ron"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success());
    assert!(
        err.contains("ann line 1") && err.contains("ann line 2"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

/// The SVG picture of the annotated sample places its labels as the window does: no two overlap
/// and none sits on a node.
#[test]
fn svg_labels_overlap_nothing() {
    use dossier::analysis::{graphml, labels};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("resources/samples/harbour-strike.ron");
    let (s, _) = dossier::io::load_session(&path).unwrap();
    let (g, layout) = graphml::laid_out(&s);
    let svg = graphml::to_svg(&s, &g, &layout);
    let text = regex::Regex::new(
        r#"<text x="([-\d.]+)" y="([-\d.]+)" font-size="([\d.]+)"[^>]*>([^<]*)</text>"#,
    )
    .unwrap();
    let unescape = |t: &str| quick_xml::escape::unescape(t).unwrap().into_owned();
    let boxes: Vec<(String, labels::Box2)> = text
        .captures_iter(&svg)
        .map(|c| {
            let (x, y, size): (f32, f32, f32) = (
                c[1].parse().unwrap(),
                c[2].parse().unwrap(),
                c[3].parse().unwrap(),
            );
            let t = unescape(&c[4]);
            let w = labels::text_width(&t, size);
            // The baseline sits a quarter of the size above the box's bottom.
            let bottom = y + size * 0.25;
            (t, [x - w / 2.0, bottom - size * 1.2, x + w / 2.0, bottom])
        })
        .collect();
    assert!(boxes.len() >= s.entities.len(), "{} labels", boxes.len());
    // Every name dark on the white picture (4.5:1 or more) and on a white halo that edges
    // passing behind it do not cross.
    for tag in regex::Regex::new(r"<text [^>]*>").unwrap().find_iter(&svg) {
        let tag = tag.as_str();
        assert!(
            tag.contains(r#"paint-order="stroke""#) && tag.contains(r#"stroke="white""#),
            "{tag}"
        );
        assert!(
            tag.contains(r##"fill="#000""##) || tag.contains(r##"fill="#555""##),
            "{tag}"
        );
    }
    for (i, (a, ra)) in boxes.iter().enumerate() {
        for (b, rb) in &boxes[i + 1..] {
            assert!(!labels::overlaps(ra, rb), "“{a}” overlaps “{b}”");
        }
        for n in &g.nodes {
            let p = layout.pos[&n.key];
            let r = graphml::node_radius(n.weight, n.is_event()) * 0.9;
            let node = [p[0] - r, p[1] - r, p[0] + r, p[1] + r];
            assert!(!labels::overlaps(ra, &node), "“{a}” sits on {}", n.label);
        }
    }
}

/// The HTML report of an article that tries to break it: markup in the text, every kind of
/// character, nested mentions, a KB id that is a script. Parsed back with an HTML parser.
#[test]
fn the_report_is_self_contained_escaped_and_its_marks_match_the_text() {
    use dossier::model::{Article, Span, schema::presets};
    let text = "Tomás Ibáñez <script>alert(\"x\")</script> met “Ali” & علي in Beirut 🙂 on Thursday.\n\nCafé e\u{301} said so.";
    let mut a = Article::new("A <b>bold</b> title", text);
    a.published = Some("2024-03-15".into());
    a.url = Some("https://example.org/<x>".into());
    let mut s = dossier::model::Session::new(a, presets::default_schema());
    let span = |w: &str| {
        let b = text.find(w).unwrap();
        let c = text[..b].chars().count();
        Span::new(c, c + w.chars().count())
    };
    for (w, ty) in [
        ("Tomás Ibáñez", "Person"),
        ("Ibáñez", "Person"),
        ("علي", "Person"),
        ("Beirut", "GPE"),
        ("<script>alert", "Organization"),
        ("e\u{301}", "Person"),
    ] {
        let cmd = s.cmd_annotate(span(w), ty).unwrap();
        // Who made it, with markup in the name: the footer names them, escaped.
        let cmd = if w == "Beirut" {
            cmd.stamped(&s, "Rita <i>R</i>", 1_774_000_000)
        } else {
            cmd
        };
        s.apply(cmd).unwrap();
    }
    let mut e = s
        .entities
        .values()
        .find(|e| e.name == "Beirut")
        .unwrap()
        .clone();
    e.kb_id = Some("Q3820".into());
    s.apply(dossier::model::Command::UpdateEntity(e)).unwrap();
    let mut e = s
        .entities
        .values()
        .find(|e| e.name.contains("script"))
        .unwrap()
        .clone();
    e.kb_id = Some("javascript:alert(1)".into());
    s.apply(dossier::model::Command::UpdateEntity(e)).unwrap();
    let (_, cmd) = s
        .cmd_add_event_with("CONSULT", Some(span("met")), vec![])
        .unwrap();
    s.apply(cmd).unwrap();
    let id = *s.events.keys().next().unwrap();
    let cmd = dossier::analysis::dates::cmd_accept(&s, id).unwrap();
    s.apply(cmd).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    dossier::analysis::export::write(
        &s,
        dossier::analysis::export::Format::Html,
        &out,
        None,
        &dossier::analysis::gazetteer::Lists::world(),
        false,
    )
    .unwrap();
    let html = std::fs::read_to_string(&out).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = |q: &str| scraper::Selector::parse(q).unwrap();
    for id in [
        "article", "entities", "events", "map", "places", "timeline", "legend",
    ] {
        assert!(
            doc.select(&sel(&format!("#{id}"))).next().is_some(),
            "no #{id}"
        );
    }
    assert!(
        doc.select(&sel("script")).next().is_none(),
        "a script got through"
    );
    assert!(
        !html.contains("<script>") && !html.contains("<b>bold"),
        "unescaped markup"
    );
    // Every mark holds exactly the article's text at its offsets.
    let marks = dossier::analysis::report::marks_of(&html);
    assert!(marks.len() >= 7, "{marks:?}");
    for (a, b, t) in &marks {
        assert_eq!(s.article.slice(Span::new(*a, *b)).unwrap(), t, "{a}..{b}");
    }
    let covered: usize = marks.iter().map(|(a, b, _)| b - a).sum();
    assert!(covered >= "Tomás Ibáñez".chars().count() + "<script>alert".chars().count());
    // No request anywhere; the only link goes to Wikidata, and only for a real QID.
    let links: Vec<&str> = doc
        .select(&sel("[href]"))
        .filter_map(|e| e.value().attr("href"))
        .collect();
    assert_eq!(links, ["https://www.wikidata.org/wiki/Q3820"]);
    assert!(doc.select(&sel("[src]")).next().is_none());
    assert!(!html.contains("url(http") && !html.contains("@import"));
    assert!(
        html.contains("2024-03-14"),
        "the accepted date is in the events and the timeline"
    );
    assert!(html.contains("@media print"));
    // Beirut is on the world map, a marker with its name.
    let beirut = doc
        .select(&sel("#places circle title"))
        .any(|t| t.text().collect::<String>().starts_with("Beirut"));
    assert!(beirut, "no marker for Beirut in the places section");
    assert!(
        html.contains("Annotated by Rita &lt;i&gt;R&lt;/i&gt; (1, last on 2026-03-20)."),
        "the annotator is named in the footer"
    );
}
