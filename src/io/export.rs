//! The text exports: CSV event table (spreadsheets), W3C Web Annotation JSON-LD (annotation
//! stores) and the brat files. `analysis::export` puts them and the map formats behind one path.

use crate::model::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use unicode_segmentation::UnicodeSegmentation;

/// The sentence around char offset `c` (Unicode sentence boundaries), trimmed.
pub fn sentence_at(article: &Article, c: usize) -> String {
    let Some(b) = article.byte_of(c) else {
        return String::new();
    };
    for (start, sent) in article.text.split_sentence_bound_indices() {
        if b >= start && b < start + sent.len() {
            return sent.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    String::new()
}

pub const CSV_HEADER: [&str; 16] = [
    "id",
    "type",
    "trigger",
    "actors",
    "recipients",
    "place",
    "time",
    "date",
    "modality",
    "grading",
    "confidence",
    "note",
    "sentence",
    "other arguments",
    "annotated by",
    "last changed",
];

/// One row per event, sorted by position in the text.
pub fn events_csv(s: &Session) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for r in crate::model::summary::event_rows(s) {
        let made = s.events.get(&r.id).and_then(|e| e.made.as_ref());
        let row = [
            r.id.to_string(),
            r.type_name.clone(),
            r.trigger.clone(),
            r.actors.join("; "),
            r.recipients.join("; "),
            r.places.join("; "),
            r.times.join("; "),
            PartialDate::range_text(r.date, r.date_end),
            r.modality.label().to_owned(),
            r.grading.map(|g| g.to_string()).unwrap_or_default(),
            r.confidence.map(|c| c.to_string()).unwrap_or_default(),
            r.note.clone(),
            r.trigger_start
                .map(|c| sentence_at(&s.article, c))
                .unwrap_or_default(),
            r.others.join("; "),
            made.map(|p| p.by.clone()).unwrap_or_default(),
            made.and_then(crate::model::provenance::Provenance::modified_iso)
                .unwrap_or_default(),
        ];
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(csv::IntoInnerError::into_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn source_iri(s: &Session) -> String {
    s.article
        .url
        .clone()
        .unwrap_or_else(|| format!("urn:sha256:{}", s.article.hash))
}

fn target(s: &Session, span: Span) -> Value {
    let exact = s.article.slice(span).unwrap_or_default();
    json!({
        "source": source_iri(s),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": exact,
                "prefix": s.article.prefix(span, 32),
                "suffix": s.article.suffix(span, 32),
            },
            { "type": "TextPositionSelector", "start": span.start, "end": span.end },
        ],
    })
}

/// How the JSON-LD export's positions count, stated in the file.
pub const POSITIONS: &str = "TextPositionSelector start and end count Unicode code points of the article text as Dossier holds it: line breaks normalised to a single \\n, no byte order mark";

/// W3C Web Annotation Data Model: one annotation per mention and per event, in an
/// AnnotationCollection. Positions count code points, as the model requires.
pub fn web_annotations(s: &Session) -> Value {
    let ids = Iris::new(s);
    let mut items: Vec<Value> = s
        .mentions_by_position()
        .into_iter()
        .map(|m| mention_annotation(s, &ids, m))
        .collect();
    items.extend(s.events.values().map(|e| event_annotation(s, &ids, e)));
    json!({
        "@context": [
            "http://www.w3.org/ns/anno.jsonld",
            { "dossier": "urn:dossier:vocab#" },
        ],
        // What TextPositionSelector offsets count, so that another tool can find the spans.
        "dossier:positions": POSITIONS,
        "id": format!("{}/annotations", ids.base),
        "type": "AnnotationCollection",
        "label": s.article.title,
        "total": items.len(),
        "first": { "type": "AnnotationPage", "items": items },
    })
}

/// The IRIs annotations are named by: the article's hash, and Wikidata for entities with a QID.
struct Iris<'a> {
    s: &'a Session,
    base: String,
}

impl<'a> Iris<'a> {
    fn new(s: &'a Session) -> Self {
        let hash = &s.article.hash;
        Self {
            s,
            base: format!("urn:dossier:{}", &hash[..16.min(hash.len())]),
        }
    }

    fn entity(&self, e: EntityId) -> String {
        match self.s.entities.get(&e).and_then(|x| x.kb_id.as_deref()) {
            Some(q) if q.starts_with('Q') && q[1..].chars().all(|c| c.is_ascii_digit()) => {
                format!("http://www.wikidata.org/entity/{q}")
            }
            _ => format!("{}/entity/{}", self.base, e.0),
        }
    }

    fn event(&self, e: EventId) -> String {
        format!("{}/event/{}", self.base, e.0)
    }
}

/// Where a mention is: one target, or one per piece of a discontinuous mention.
fn mention_target(s: &Session, m: &Mention) -> Value {
    if m.fragments.is_empty() {
        target(s, m.span)
    } else {
        Value::Array(m.fragments.iter().map(|f| target(s, *f)).collect())
    }
}

/// A mention: tagged with its type, identifying its entity.
fn mention_annotation(s: &Session, ids: &Iris<'_>, m: &Mention) -> Value {
    let ty = s
        .schema
        .entity_type(&m.entity_type)
        .map_or(m.entity_type.as_str(), |t| t.name.as_str());
    let ent = s.entities.get(&m.entity);
    let mut body = vec![
        json!({ "type": "TextualBody", "purpose": "tagging", "value": ty }),
        json!({
            "type": "SpecificResource",
            "purpose": "identifying",
            "source": ids.entity(m.entity),
            "label": ent.map(|e| e.name.clone()).unwrap_or_default(),
        }),
    ];
    if !m.note.is_empty() {
        body.push(json!({ "type": "TextualBody", "purpose": "commenting", "value": m.note }));
    }
    with_provenance(
        json!({
            "id": format!("{}/mention/{}", ids.base, m.id.0),
            "type": "Annotation",
            "motivation": "identifying",
            "body": body,
            "target": mention_target(s, m),
        }),
        m.made.as_ref(),
    )
}

/// `creator`, `created` and `modified` (Web Annotation's own terms), when known.
fn with_provenance(mut a: Value, made: Option<&crate::model::provenance::Provenance>) -> Value {
    let Some(p) = made else { return a };
    if !p.by.is_empty() {
        a["creator"] = json!({ "type": "Person", "name": p.by });
    }
    if let Some(t) = p.created_iso() {
        a["created"] = json!(t);
    }
    if let Some(t) = p.modified_iso() {
        a["modified"] = json!(t);
    }
    a
}

/// An event: classified by its type, linking each argument by role; targets its trigger, or the
/// article when it has none.
fn event_annotation(s: &Session, ids: &Iris<'_>, e: &Event) -> Value {
    let ty = s
        .schema
        .event_type(&e.event_type)
        .map_or(e.event_type.as_str(), |t| t.name.as_str());
    let mut body = vec![json!({ "type": "TextualBody", "purpose": "tagging", "value": ty })];
    for a in &e.arguments {
        let source = match a.filler {
            Filler::Entity(x) => ids.entity(x),
            Filler::Event(x) => ids.event(x),
        };
        body.push(json!({
            "type": "SpecificResource",
            "purpose": "linking",
            "role": a.role,
            "source": source,
            "label": s.filler_label(a.filler),
        }));
    }
    if e.date.is_some() {
        let d = PartialDate::range_text(e.date, e.date_end);
        body.push(json!({ "type": "TextualBody", "purpose": "describing", "value": format!("date: {d}") }));
    }
    if !e.note.is_empty() {
        body.push(json!({ "type": "TextualBody", "purpose": "commenting", "value": e.note }));
    }
    let target = match e.trigger {
        Some(t) => target(s, t),
        None => json!(source_iri(s)),
    };
    with_provenance(
        json!({
            "id": ids.event(e.id),
            "type": "Annotation",
            "motivation": "classifying",
            "body": body,
            "target": target,
        }),
        e.made.as_ref(),
    )
}

/// What an export wrote, and what the target format could not hold.
#[derive(Debug, Default)]
pub struct Written {
    pub files: Vec<std::path::PathBuf>,
    pub warnings: Vec<String>,
}

/// Write `text` to `path` atomically, saying which file could not be written.
pub fn write_text(path: &std::path::Path, text: &str) -> Result<(), String> {
    super::atomic::write_atomic(path, text.as_bytes(), false)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Where a brat export goes: `out` names the `.ann` (or the `.txt`, or their stem, every dot
/// of the name kept), or is a folder (ending in `/` or existing), which gets `<name>.txt` and
/// `<name>.ann`. `annotation.conf` goes into the same folder.
pub fn brat_paths(s: &Session, out: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let as_dir = out.is_dir() || out.as_os_str().to_string_lossy().ends_with('/');
    let stem: PathBuf = if as_dir {
        out.join(session_name(s))
    } else {
        let text = out.as_os_str().to_string_lossy();
        let cut = text
            .strip_suffix(".ann")
            .or_else(|| text.strip_suffix(".txt"))
            .unwrap_or(&text);
        PathBuf::from(cut)
    };
    let with = |ext: &str| {
        let mut p = stem.clone().into_os_string();
        p.push(ext);
        PathBuf::from(p)
    };
    let dir = stem
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    (with(".txt"), with(".ann"), dir.join("annotation.conf"))
}

/// The name a session's files go by: its article's file name without the extension, else
/// "session".
pub fn session_name(s: &Session) -> String {
    s.article
        .source
        .as_deref()
        .map(|src| src.trim_start_matches("sample:"))
        .and_then(|src| Path::new(src).file_stem())
        .map_or_else(|| "session".into(), |x| x.to_string_lossy().into_owned())
}

/// Refuse to replace an existing file unless `force`.
pub fn refuse_existing(path: &Path, force: bool) -> Result<(), String> {
    if !force && path.exists() {
        return Err(format!(
            "{} already exists; nothing was written (use --force to replace it)",
            path.display()
        ));
    }
    Ok(())
}

/// Write a brat export (see [`brat_paths`]). Existing `.txt`/`.ann` files are refused unless
/// `force`; an existing `annotation.conf` that differs from the session's schema is always
/// kept — it may be a corpus's own — and the session's goes beside it as
/// `annotation.dossier.conf`, with a warning naming the difference.
pub fn write_brat(s: &Session, out: &Path, force: bool) -> Result<Written, String> {
    let (txt, ann, conf) = brat_paths(s, out);
    refuse_existing(&txt, force)?;
    refuse_existing(&ann, force)?;
    let b = super::brat::export(s);
    let mut warnings = b.warnings;
    let conf_path = match std::fs::read_to_string(&conf) {
        Ok(existing) if existing != b.conf => {
            let ours = conf.with_file_name("annotation.dossier.conf");
            warnings.push(conf_difference(&conf, &existing, &b.conf, &ours));
            ours
        }
        _ => conf,
    };
    write_text(&txt, &b.txt)?;
    write_text(&ann, &b.ann)?;
    write_text(&conf_path, &b.conf)?;
    Ok(Written {
        files: vec![txt, ann, conf_path],
        warnings,
    })
}

/// "annotation.conf differs: 3 lines only there, 5 only in this session's…"
fn conf_difference(conf: &Path, existing: &str, ours: &str, ours_path: &Path) -> String {
    let lines = |t: &str| -> std::collections::BTreeSet<String> {
        t.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    let (a, b) = (lines(existing), lines(ours));
    let only_there: Vec<&String> = a.difference(&b).collect();
    let only_ours: Vec<&String> = b.difference(&a).collect();
    let sample = |v: &[&String]| {
        v.iter()
            .take(3)
            .map(|l| format!("“{l}”"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{} differs from this session's schema ({} lines only there, e.g. {}; {} only in the session's, e.g. {}); it was kept, and the session's was written to {}",
        conf.display(),
        only_there.len(),
        sample(&only_there),
        only_ours.len(),
        sample(&only_ours),
        ours_path.display()
    )
}
