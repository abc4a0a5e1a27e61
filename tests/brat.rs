//! brat standoff interoperability: brat's own tutorial corpus round-trips line by line.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

mod common;

use dossier::io::brat;
use dossier::model::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

fn data() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/brat-news-tutorial"
    ))
}

/// The tutorial's `.ann` files, in name order.
fn tutorial_documents() -> Vec<std::path::PathBuf> {
    let mut docs: Vec<_> = std::fs::read_dir(data())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
        .collect();
    docs.sort();
    docs
}

/// Each .ann line in a form that does not depend on ids: ids are replaced by what they point at.
fn canonical(ann: &str) -> Vec<String> {
    let mut lines: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut fields_of: HashMap<String, (String, String)> = HashMap::new();
    let mut equivs = Vec::new();
    for l in ann.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = l.splitn(3, '\t').collect();
        let id = f[0].to_owned();
        if id == "*" {
            equivs.push((f[1].to_owned(), String::new()));
            continue;
        }
        fields_of.insert(
            id.clone(),
            (f[1].to_owned(), f.get(2).unwrap_or(&"").trim().to_owned()),
        );
        lines.entry(id[..1].to_owned()).or_default().push(id);
    }
    let key = |id: &str| -> String {
        match fields_of.get(id) {
            Some((body, text)) if id.starts_with('T') => format!("T[{body}|{text}]"),
            Some((body, _)) if id.starts_with('E') => {
                let (ty, trig) = body
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .split_once(':')
                    .unwrap();
                format!(
                    "E[{ty}|{}]",
                    fields_of
                        .get(trig)
                        .map(|(b, t)| format!("{b}|{t}"))
                        .unwrap_or_default()
                )
            }
            Some((body, _)) if id.starts_with('R') => {
                let ends: Vec<String> = body
                    .split_whitespace()
                    .map(|w| match w.split_once(':') {
                        Some((r, t)) => format!(
                            "{r}:{}",
                            fields_of
                                .get(t)
                                .map(|(b, x)| format!("{b}|{x}"))
                                .unwrap_or_default()
                        ),
                        None => w.to_owned(),
                    })
                    .collect();
                format!("R[{}]", ends.join(" "))
            }
            _ => format!("?{id}"),
        }
    };
    let resolve = |s: &str| -> String {
        s.split_whitespace()
            .map(|w| match w.split_once(':') {
                Some((role, target)) if fields_of.contains_key(target) => {
                    format!("{role}:{}", key(target))
                }
                _ if fields_of.contains_key(w) => key(w),
                _ => w.to_owned(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = Vec::new();
    for ids in lines.values() {
        for id in ids {
            let (body, text) = &fields_of[id];
            let line = match &id[..1] {
                "T" => key(id),
                "E" => {
                    let mut words: Vec<String> = body.split_whitespace().map(&resolve).collect();
                    let head = words.remove(0);
                    words.sort();
                    format!("E {head} {}", words.join(" "))
                }
                _ => format!("{} {} {}", &id[..1], resolve(body), text),
            };
            out.push(line);
        }
    }
    for (body, _) in equivs {
        let mut words: Vec<String> = body.split_whitespace().map(&resolve).collect();
        let ty = words.remove(0);
        words.sort();
        out.push(format!("* {ty} {}", words.join(" ")));
    }
    out.sort();
    out
}

#[test]
fn tutorial_corpus_round_trips_line_by_line() {
    let conf = std::fs::read_to_string(data().join("annotation.conf")).unwrap();
    let mut docs = 0;
    for p in tutorial_documents() {
        docs += 1;
        let ann = std::fs::read_to_string(&p).unwrap();
        let txt = std::fs::read(p.with_extension("txt")).unwrap();
        let imp = brat::import(&txt, &ann, Some(&conf), "doc").unwrap();
        assert!(
            imp.warnings.is_empty(),
            "{}: {:?}",
            p.display(),
            imp.warnings
        );
        let out = brat::export(&imp.session);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert_eq!(
            out.txt.as_bytes(),
            &txt[..],
            "{}: text changed",
            p.display()
        );
        assert_eq!(canonical(&out.ann), canonical(&ann), "{}", p.display());
        // Line counts match too: nothing was merged or duplicated.
        assert_eq!(
            out.ann.lines().count(),
            ann.lines().filter(|l| !l.trim().is_empty()).count(),
            "{}",
            p.display()
        );
        // The exported conf reads back to the same schema types.
        let mut w = Vec::new();
        let back = brat::parse_conf(&out.conf, &mut w);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(back.entities.len(), imp.session.schema.entity_types.len());
    }
    assert_eq!(docs, 7);
}

#[test]
fn tutorial_details_land_in_the_model() {
    let conf = std::fs::read_to_string(data().join("annotation.conf")).unwrap();
    let load = |name: &str| {
        let ann = std::fs::read_to_string(data().join(format!("{name}.ann"))).unwrap();
        let txt = std::fs::read(data().join(format!("{name}.txt"))).unwrap();
        brat::import(&txt, &ann, Some(&conf), name).unwrap().session
    };
    let s = load("000-introduction");
    let salinas = s
        .mentions
        .values()
        .find(|m| m.quote == "former Mexican president")
        .unwrap();
    assert_eq!(
        salinas.attributes.get("Mention").map(String::as_str),
        Some("Nominal")
    );
    assert_eq!(
        salinas.attributes.get("Individual").map(String::as_str),
        Some("")
    );
    let e = &s.entities[&salinas.entity];
    assert_eq!(e.kb_id.as_deref(), Some("Wikipedia:64488"));
    assert_eq!(e.kb_name.as_deref(), Some("Carlos Salinas de Gortari"));
    let money = s
        .mentions
        .values()
        .find(|m| m.quote == "$100 million")
        .unwrap();
    assert_eq!(money.note, "100000000 USD");
    let ev = s.events.values().next().unwrap();
    assert_eq!(
        ev.attributes.get("Confidence").map(String::as_str),
        Some("High")
    );

    // Equiv → one entity with three mentions.
    let s = load("060-relation_annotation");
    let rowling = s
        .mentions
        .values()
        .find(|m| m.quote == "Joanne Rowling")
        .unwrap()
        .entity;
    assert_eq!(s.mentions_of(rowling).count(), 3);
    assert!(
        s.schema
            .relation_types
            .iter()
            .any(|r| r.id == "Alias" && r.coreference)
    );

    // Nested events with numbered roles and forward references.
    let s = load("090-event_structures");
    let told = s
        .events
        .values()
        .find(|e| s.article.slice(e.trigger.unwrap()) == Some("told"))
        .unwrap();
    let Filler::Event(posted) = told.fillers("Event-Arg").next().unwrap() else {
        panic!("nested")
    };
    assert_eq!(
        s.article.slice(s.events[&posted].trigger.unwrap()),
        Some("posted")
    );
    let merged = s
        .events
        .values()
        .find(|e| e.event_type == "Merge-org")
        .unwrap();
    assert_eq!(merged.fillers("Org-Arg").count(), 2);
}

#[test]
fn crlf_astral_combining_and_rtl_offsets_do_not_drift() {
    // brat counts code points of the file as it is on disk, \r\n as two.
    let txt = "Zoë 👋🏽 met\r\nمحمد e\u{301}cole in “Zürich”.\r\n𝔘nion talks\r\n";
    let chars: Vec<char> = txt.chars().collect();
    let find = |w: &str| {
        let b = txt.find(w).unwrap();
        let c = txt[..b].chars().count();
        (c, c + w.chars().count())
    };
    let words = [
        "Zoë",
        "met",
        "محمد",
        "e\u{301}cole",
        "Zürich",
        "𝔘nion",
        "talks",
    ];
    let mut ann = String::new();
    for (i, w) in words.iter().enumerate() {
        let (a, b) = find(w);
        assert_eq!(chars[a..b].iter().collect::<String>(), *w);
        ann.push_str(&format!("T{}\tPerson {a} {b}\t{w}\n", i + 1));
    }
    let imp = brat::import(txt.as_bytes(), &ann, None, "x").unwrap();
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let s = &imp.session;
    for w in words {
        let m = s
            .mentions
            .values()
            .find(|m| m.quote == w)
            .unwrap_or_else(|| panic!("{w}"));
        assert_eq!(s.article.slice(m.span), Some(w));
    }
    // Export writes the normalised text with matching offsets.
    let out = brat::export(s);
    assert!(!out.txt.contains('\r'));
    let back = brat::import(out.txt.as_bytes(), &out.ann, Some(&out.conf), "x").unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let quotes = |s: &Session| {
        let mut q: Vec<(Span, String)> = s
            .mentions
            .values()
            .map(|m| (m.span, m.quote.clone()))
            .collect();
        q.sort();
        q
    };
    assert_eq!(quotes(&back.session), quotes(s));
}

#[test]
fn malformed_lines_are_reported_with_line_numbers() {
    let txt = "Alice met Bob in Paris.";
    let ann = "T1\tPerson 0 5\tAlice\n\
               T2\tPerson 10 13\tBob\n\
               T3\tPerson 10 14\tBobx\n\
               T4\tPerson 5 3\tx\n\
               T5\tPerson 0 999\tx\n\
               garbage line\n\
               R1\tKnows Arg1:T1\n\
               E1\tMeet:T9 Who:T1\n\
               A1\tNegation T42\n\
               X1\tfoo\n\
               T6\tGPE 17 22\tParis\n";
    let imp = brat::import(txt.as_bytes(), ann, None, "x").unwrap();
    let lines: Vec<usize> = imp.warnings.iter().map(|w| w.line).collect();
    for l in [3, 4, 5, 6, 7, 8, 9, 10] {
        assert!(
            lines.contains(&l),
            "no warning for line {l}: {:?}",
            imp.warnings
        );
    }
    assert!(imp.warnings.iter().any(|w| w.message.contains("Bobx")));
    assert_eq!(imp.session.mentions.len(), 3);
}

#[test]
fn hostile_ann_lines_are_skipped_and_said() {
    // An event whose trigger is not a text annotation and that names itself: kept without a
    // trigger, the self-nesting dropped, both said.
    let imp = brat::import(b"a b c", "E1\tA:E1 Arg:E1", None, "x").unwrap();
    assert_eq!(imp.session.events.len(), 1);
    assert!(
        imp.session
            .events
            .values()
            .all(|e| e.arguments.is_empty() && e.trigger.is_none())
    );
    let w: Vec<String> = imp.warnings.iter().map(ToString::to_string).collect();
    assert!(w.iter().any(|x| x.contains("does not exist")), "{w:?}");
    assert!(w.iter().any(|x| x.contains("cycle")), "{w:?}");

    let txt = "a b c";
    // (A line of white space only is blank: nothing to say about it.)
    for ann in [
        "T1",
        "T1\t",
        "T1\tX",
        "T1\tX 1",
        "T1\tX a b",
        "E1\t",
        "E1\t:",
        "*\t",
        "*\tA T1",
        "N1\tR T1 nocolon",
        "#1\tA",
        "T1\tX 0 1;\ta",
    ] {
        // Each of these lines is unusable: the import succeeds with nothing in it, the line is
        // skipped and a warning names it (never a panic, never a silent drop).
        let imp = brat::import(
            txt.as_bytes(),
            ann,
            Some("[entities]\n[events]\n<X>=\n!"),
            "x",
        )
        .unwrap_or_else(|e| panic!("{ann:?} failed the whole import: {e}"));
        let s = &imp.session;
        assert!(
            s.mentions.is_empty() && s.events.is_empty() && s.relations.is_empty(),
            "{ann:?} made something"
        );
        assert!(imp.skipped() >= 1, "{ann:?}: {}", imp.summary());
        assert!(
            imp.warnings.iter().any(|w| w.file == "ann" && w.line == 1),
            "{ann:?}: {:?}",
            imp.warnings
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(120))]

    /// Random sessions exported to brat and imported back keep every mention, event and relation.
    #[test]
    fn random_sessions_survive_brat(text in common::tricky_text(), ops in common::ops()) {
        // An article of white space only is refused as empty on import, as it should be.
        proptest::prop_assume!(!text.trim().is_empty());
        let (s, _) = common::build(&text, &ops);
        let out = brat::export(&s);
        // The only thing brat cannot hold: a mention that starts or ends on a line break.
        // What brat cannot hold: a mention that starts or ends on a line break, an event without
        // a trigger (and so any argument pointing at one), an entity without mentions.
        proptest::prop_assert!(out.warnings.iter().all(|w| w.contains("line break") || w.contains("trigger") || w.contains("without mentions") || w.contains("no mention")), "{:?}", out.warnings);
        let back = brat::import(out.txt.as_bytes(), &out.ann, Some(&out.conf), "x").unwrap();
        proptest::prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        let b = &back.session;
        let chars: Vec<char> = s.text().chars().collect();
        let trim = |sp: Span| {
            let (mut a, mut z) = (sp.start, sp.end);
            while a < z && chars[a] == '\n' { a += 1; }
            while z > a && chars[z - 1] == '\n' { z -= 1; }
            Span::new(a, z)
        };
        let spans = |s: &Session| { let mut v: Vec<(Span, String)> = s.mentions.values().map(|m| (trim(m.span), m.entity_type.clone())).filter(|(sp, _)| !sp.is_empty()).collect(); v.sort(); v };
        proptest::prop_assert_eq!(spans(b), spans(&s));
        // Coreference: the partition of mentions into entities is the same.
        let groups = |s: &Session| { let mut g: Vec<Vec<Span>> = s.entities.keys().map(|e| { let mut v: Vec<Span> = s.mentions_of(*e).map(|m| trim(m.span)).filter(|sp| !sp.is_empty()).collect(); v.sort(); v }).filter(|v| !v.is_empty()).collect(); g.sort(); g };
        proptest::prop_assert_eq!(groups(b), groups(&s));
        let with_trigger = s.events.values().filter(|e| e.trigger.is_some_and(|t| !trim(t).is_empty())).count();
        proptest::prop_assert_eq!(b.events.len(), with_trigger);
        let expressible = |s: &Session, a: &Argument| match a.filler { Filler::Event(e) => s.events[&e].trigger.is_some_and(|t| !trim(t).is_empty()), Filler::Entity(e) => s.mentions_of(e).next().is_some() };
        let args = |s: &Session| { let mut v: Vec<(Option<Span>, String, usize)> = s.events.values().filter(|e| e.trigger.is_some_and(|t| !trim(t).is_empty())).map(|e| (e.trigger.map(trim), e.event_type.clone(), e.arguments.iter().filter(|a| expressible(s, a)).count())).collect(); v.sort(); v };
        // Entity arguments need a mention to point at in brat; sessions built by the generator
        // always have one.
        proptest::prop_assert_eq!(args(b), args(&s));
        proptest::prop_assert_eq!(b.relations.len(), s.relations.iter().filter(|(_, r)| s.mentions_of(r.from).next().is_some() && s.mentions_of(r.to).next().is_some()).count());
        // Not just counts: each argument's role and what it points at, each relation's type,
        // direction and ends, each entity's knowledge-base id — named by text spans, since ids
        // change.
        let ent_key = |s: &Session, e: EntityId| { let mut v: Vec<Span> = s.mentions_of(e).map(|m| trim(m.span)).filter(|sp| !sp.is_empty()).collect(); v.sort(); v };
        let detail = |s: &Session| {
            let mut v: Vec<String> = s.events.values().filter(|e| e.trigger.is_some_and(|t| !trim(t).is_empty())).map(|e| {
                let mut a: Vec<String> = e.arguments.iter().filter(|a| expressible(s, a)).map(|a| match a.filler {
                    Filler::Entity(x) => format!("{}={:?}", a.role, ent_key(s, x)),
                    Filler::Event(x) => format!("{}=event@{:?}", a.role, s.events[&x].trigger.map(trim)),
                }).collect();
                a.sort();
                format!("{}@{:?}: {}", e.event_type, e.trigger.map(trim), a.join(", "))
            }).collect();
            v.extend(s.relations.values().filter(|r| !ent_key(s, r.from).is_empty() && !ent_key(s, r.to).is_empty()).map(|r| format!("{} {:?} -> {:?}", r.relation_type, ent_key(s, r.from), ent_key(s, r.to))));
            v.extend(s.entities.values().filter(|e| e.kb_id.is_some() && !ent_key(s, e.id).is_empty()).map(|e| format!("kb {:?} {:?}", ent_key(s, e.id), e.kb_id)));
            v.sort();
            v
        };
        proptest::prop_assert_eq!(detail(b), detail(&s));
    }
}

/// A mention brat cannot hold (only a line break) is left out with a warning, even when it
/// carries a note and attributes that would point at it, and its entity's other mention is used.
#[test]
fn export_leaves_out_unwritable_mentions_without_failing() {
    let mut s = common::new_session("Alice\nsaw Bob.");
    let cmd = s.cmd_annotate(Span::new(0, 5), "Person").unwrap();
    s.apply(cmd).unwrap();
    let alice = *s.entities.keys().next().unwrap();
    let id = MentionId(s.alloc_id());
    let mut m = s.make_mention(id, Span::new(5, 6), "Person", alice);
    m.note = "the line break".into();
    m.attributes.insert("Negation".into(), String::new());
    s.apply(Command::AddMention(m)).unwrap();
    let mut e = s.entities[&alice].clone();
    e.note = "entity note".into();
    e.kb_id = Some("Q1".into());
    s.apply(Command::UpdateEntity(e)).unwrap();
    let out = brat::export(&s);
    assert!(
        out.warnings.iter().any(|w| w.contains("only line breaks")),
        "{:?}",
        out.warnings
    );
    assert!(out.ann.contains("T1\tPerson 0 5\tAlice"), "{}", out.ann);
    assert!(
        out.ann.contains("AnnotatorNotes T1\tentity note"),
        "{}",
        out.ann
    );
    assert!(out.ann.contains("Reference T1 Wikidata:Q1"), "{}", out.ann);
    assert!(!out.ann.contains("the line break"), "{}", out.ann);
}

/// What an imported session says, with spans moved back by `shift` chars and ids replaced by
/// what they point at, so that two imports of the same annotations compare equal.
fn shape(s: &Session, shift: usize) -> Vec<String> {
    let sp = |x: Span| (x.start - shift, x.end - shift);
    let msp = |id: Option<MentionId>| id.and_then(|m| s.mentions.get(&m)).map(|m| sp(m.span));
    let ename = |id: EntityId| s.entities.get(&id).map(|e| e.name.clone());
    let mut out = Vec::new();
    for m in s.mentions.values() {
        let frags: Vec<_> = m.fragments.iter().map(|f| sp(*f)).collect();
        out.push(format!(
            "M {:?} {frags:?} {} {:?} {:?} {:?} {:?}",
            sp(m.span),
            m.entity_type,
            m.quote,
            m.attributes,
            m.note,
            ename(m.entity)
        ));
    }
    for e in s.events.values() {
        let mut args: Vec<_> = e
            .arguments
            .iter()
            .map(|a| {
                let filler = match a.filler {
                    Filler::Entity(id) => format!("{:?}", ename(id)),
                    Filler::Event(id) => {
                        format!("{:?}", s.events.get(&id).map(|x| x.trigger.map(sp)))
                    }
                };
                format!("{}={filler}@{:?}", a.role, msp(a.mention))
            })
            .collect();
        args.sort();
        out.push(format!(
            "E {} {:?} {args:?} {:?} {:?}",
            e.event_type,
            e.trigger.map(sp),
            e.attributes,
            e.note
        ));
    }
    for r in s.relations.values() {
        out.push(format!(
            "R {} {:?} {:?} {:?} {:?}",
            r.relation_type,
            ename(r.from),
            ename(r.to),
            msp(r.from_mention),
            msp(r.to_mention)
        ));
    }
    out.sort();
    out
}

/// The tutorial corpus is ASCII, LF-only and has no `M` lines. Each document is also read as it
/// would come from another tool: with a byte order mark, CRLF line ends, a prefix of accents,
/// Arabic, an astral emoji and a combining mark, and its attributes written as `M` lines (brat's
/// older name). Offsets in the `.ann` are moved as brat counts them (BOM and "\r" are chars).
/// Every variant must import to the same annotations, and export and import again unchanged.
#[test]
fn tutorial_variants_with_bom_crlf_non_ascii_and_m_lines_import_the_same() {
    let conf = std::fs::read_to_string(data().join("annotation.conf")).unwrap();
    let prefix = "Zoë “Noor” مرحبا 🔥 e\u{301} ";
    let plen = prefix.chars().count();
    let (mut docs, mut m_lines) = (0, 0);
    for p in tutorial_documents() {
        docs += 1;
        let ann = std::fs::read_to_string(&p).unwrap();
        let txt = std::fs::read_to_string(p.with_extension("txt")).unwrap();
        assert!(!txt.contains('\r'));
        let plain = brat::import(txt.as_bytes(), &ann, Some(&conf), "doc").unwrap();
        // Offset `o` of the LF text, in the variant file as brat counts it.
        let newlines_before: Vec<usize> = txt
            .chars()
            .scan(0, |n, c| {
                let before = *n;
                *n += usize::from(c == '\n');
                Some(before)
            })
            .chain(std::iter::once(txt.matches('\n').count()))
            .collect();
        let moved = |o: usize| 1 + plen + o + newlines_before[o];
        let variant_ann: String = ann
            .lines()
            .map(|l| {
                let f: Vec<&str> = l.splitn(3, '\t').collect();
                if f[0].starts_with('T') {
                    let (ty, ranges) = f[1].split_once(' ').unwrap();
                    let ranges: Vec<String> = ranges
                        .split(';')
                        .map(|r| {
                            let (a, b) = r.split_once(' ').unwrap();
                            let (a, b) = (a.parse().unwrap(), b.parse().unwrap());
                            format!("{} {}", moved(a), moved(b))
                        })
                        .collect();
                    format!("{}\t{ty} {}\t{}", f[0], ranges.join(";"), f[2])
                } else if let Some(rest) = l.strip_prefix('A') {
                    format!("M{rest}")
                } else {
                    l.to_owned()
                }
            })
            .map(|l| l + "\r\n")
            .collect();
        m_lines += variant_ann.lines().filter(|l| l.starts_with('M')).count();
        assert!(!shape(&plain.session, 0).is_empty());
        let variant_txt = format!("\u{FEFF}{prefix}{}", txt.replace('\n', "\r\n"));
        let variant = brat::import(variant_txt.as_bytes(), &variant_ann, Some(&conf), "doc")
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(
            variant.warnings.is_empty(),
            "{}: {:?}",
            p.display(),
            variant.warnings
        );
        assert_eq!(&*variant.session.article.text, format!("{prefix}{txt}"));
        assert_eq!(
            shape(&variant.session, plen),
            shape(&plain.session, 0),
            "{}",
            p.display()
        );
        // Exported and read again: the same annotations.
        let out = brat::export(&variant.session);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let again = brat::import(out.txt.as_bytes(), &out.ann, Some(&out.conf), "doc").unwrap();
        assert!(again.warnings.is_empty(), "{:?}", again.warnings);
        assert_eq!(
            shape(&again.session, plen),
            shape(&plain.session, 0),
            "{}",
            p.display()
        );
    }
    assert_eq!(docs, 7);
    assert!(m_lines > 0, "some attributes were written as M lines");
}

#[test]
fn who_made_each_annotation_goes_out_as_a_note_of_its_own_and_comes_back() {
    use dossier::model::provenance::{BRAT_NOTE, Provenance};
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("resources/samples/harbour-strike.ron");
    let mut s = dossier::io::load_session(&p).unwrap().0;
    // A name with the separators in it; one mention made by nobody known.
    let made = Provenance {
        by: "Rita; by Analyst".into(),
        created: 1_774_000_000,
        modified: 1_774_000_600,
    };
    let nobody = *s.mentions.keys().next().unwrap();
    for m in s.mentions.values_mut().filter(|m| m.id != nobody) {
        m.made = Some(made.clone());
    }
    for e in s.events.values_mut() {
        e.made = Some(made.clone());
    }
    for r in s.relations.values_mut() {
        r.made = Some(made.clone());
    }
    let out = brat::export(&s);
    let line = format!("{BRAT_NOTE} ");
    let notes = out.ann.lines().filter(|l| l.contains(&line)).count();
    assert_eq!(
        notes,
        s.mentions.len() - 1 + s.events.len() + s.relations.len()
    );
    assert!(out.ann.contains(
        "created 2026-03-20T09:46:40Z; modified 2026-03-20T09:56:40Z; by Rita; by Analyst"
    ));
    // The analyst's own notes are still AnnotatorNotes, untouched.
    assert!(out.ann.contains("AnnotatorNotes"));
    let back = brat::import(out.txt.as_bytes(), &out.ann, Some(&out.conf), "x").unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let b = &back.session;
    let made_of = |s: &Session| {
        let mut v: Vec<(Span, Option<Provenance>)> = s
            .mentions
            .values()
            .map(|m| (m.span, m.made.clone()))
            .collect();
        v.sort_by_key(|x| x.0);
        v
    };
    assert_eq!(made_of(b), made_of(&s));
    assert!(b.events.values().all(|e| e.made.as_ref() == Some(&made)));
    assert!(b.relations.values().all(|r| r.made.as_ref() == Some(&made)));
    // Nothing of it lands in the notes; exported again, the same provenance lines.
    assert!(b.mentions.values().all(|m| m.more_notes.is_empty()));
    let ours = |ann: &str| -> Vec<String> {
        ann.lines()
            .filter(|l| l.contains(&line))
            // Without the note's number (the entity's note, before it, moves to its mention).
            .filter_map(|l| l.split_once('\t').map(|x| x.1.to_owned()))
            .collect()
    };
    assert_eq!(ours(&brat::export(b).ann), ours(&out.ann));
    // A note of that type Dossier did not write stays a note.
    let odd = format!("{}#99\t{BRAT_NOTE} T1\tnot ours\n", out.ann);
    let back = brat::import(out.txt.as_bytes(), &odd, Some(&out.conf), "x").unwrap();
    let kept = back.session.mentions.values().flat_map(|m| &m.more_notes);
    assert_eq!(
        kept.map(|n| n.text.as_str()).collect::<Vec<_>>(),
        ["not ours"]
    );
}
