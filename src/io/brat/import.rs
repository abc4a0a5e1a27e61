//! brat import, in phases: read the `.ann` lines by kind ([`Parsed`]), read the conf, group
//! Equiv sets, build the schema, then fill the session (`builder.rs`) — mentions, events and their
//! arguments, relations, attributes, normalizations, notes — collecting a warning for every line
//! skipped.

use super::builder::Builder;
use super::conf::{Conf, build_schema, parse_conf};
use super::lines::{Offsets, Parsed, TLine};
use super::{BratError, BratImport, LineCount, Warning};
use crate::model::*;
use std::collections::{BTreeSet, HashMap};

/// Union-find over T ids: each Equiv set becomes one entity.
#[derive(Default)]
pub(super) struct Groups {
    parent: HashMap<String, String>,
}

impl Groups {
    pub(super) fn root(&self, x: &str) -> String {
        let mut cur = x.to_owned();
        while let Some(next) = self.parent.get(&cur) {
            if *next == cur {
                break;
            }
            cur = next.clone();
        }
        cur
    }

    fn join(&mut self, a: &str, b: &str) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent.insert(b, a);
        }
    }
}

/// Which T lines are event triggers: used as one, or typed with an event type.
pub(super) struct Triggers {
    ids: BTreeSet<String>,
    event_types: BTreeSet<String>,
}

impl Triggers {
    fn new(p: &Parsed, conf: &Conf) -> Self {
        let mut event_types: BTreeSet<String> =
            conf.events.iter().map(|(n, _)| n.clone()).collect();
        event_types.extend(p.es.iter().map(|(_, e)| e.ty.clone()));
        let ids = p.es.iter().filter_map(|(_, e)| e.trigger.clone()).collect();
        Self { ids, event_types }
    }

    pub(super) fn is_trigger(&self, id: &str, t: &TLine) -> bool {
        self.ids.contains(id) || self.event_types.contains(&t.ty)
    }
}

/// Import a brat document. `txt` is the text file's bytes, `ann` the annotations.
pub fn import(
    txt: &[u8],
    ann: &str,
    conf_text: Option<&str>,
    title: &str,
) -> Result<BratImport, BratError> {
    if ann.len() > 64 * 1024 * 1024 {
        return Err(BratError::TooLarge(ann.len()));
    }
    let raw = crate::io::import::decode(txt, crate::io::import::ArticleKind::Text)?;
    let bom = txt.starts_with(&[0xEF, 0xBB, 0xBF]) && !raw.starts_with('\u{feff}');
    let offsets = Offsets::new(&raw, bom);
    let article = Article::new(title_of(&raw, title), &raw);
    let mut p = Parsed::read(ann, &offsets);
    let conf = conf_text
        .map(|c| parse_conf(c, &mut p.warnings))
        .unwrap_or_default();
    let triggers = Triggers::new(&p, &conf);
    let groups = equiv_groups(&mut p, &triggers);
    let used = UsedTypes::of(&p, &triggers);
    if conf_text.is_some() {
        for t in used.entities.iter().filter(|t| !conf.entities.contains(t)) {
            p.warn(
                0,
                format!("entity type {t:?} is not in annotation.conf; added"),
            );
        }
    }
    let schema = build_schema(
        &conf,
        &used.entities,
        &used.events,
        &used.relations,
        &used.equivs,
    );
    let mut b = Builder::new(
        Session::new(article, schema),
        std::mem::take(&mut p.warnings),
    );
    b.mentions(&p, &triggers, &groups);
    b.events(&p);
    b.bare_triggers(&p, &triggers);
    b.relations(&p);
    b.attributes(&p);
    b.normalizations(&p);
    b.notes(&p);
    // Ts whose line was kept but are not used by anything are fine; report what is inconsistent.
    let problems = b.s.problems();
    if !problems.is_empty() {
        return Err(BratError::Invalid(problems.join("; ")));
    }
    let counts = line_counts(&p.kinds, &b.warnings);
    Ok(BratImport {
        session: b.s,
        warnings: b.warnings,
        counts,
    })
}

/// Lines read and left out, per kind, in the order the kinds first appear.
fn line_counts(kinds: &[(usize, char)], warnings: &[Warning]) -> Vec<LineCount> {
    let skipped: BTreeSet<usize> = warnings
        .iter()
        .filter(|w| w.kept == super::Kept::Nothing && w.file == "ann")
        .map(|w| w.line)
        .collect();
    let mut out: Vec<LineCount> = Vec::new();
    for &(line, kind) in kinds {
        let kind = if kind == 'M' { 'A' } else { kind };
        let i = match out.iter().position(|c| c.kind == kind) {
            Some(i) => i,
            None => {
                out.push(LineCount {
                    kind,
                    read: 0,
                    skipped: 0,
                });
                out.len() - 1
            }
        };
        out[i].read += 1;
        out[i].skipped += usize::from(skipped.contains(&line));
    }
    out
}

/// The first non-empty line when it is short enough to be a title, else `fallback`.
fn title_of(raw: &str, fallback: &str) -> String {
    raw.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.chars().count() <= 160)
        .unwrap_or(fallback)
        .to_owned()
}

/// Group the T lines of each Equiv set; members that are not entity annotations are reported.
fn equiv_groups(p: &mut Parsed, triggers: &Triggers) -> Groups {
    let mut groups = Groups::default();
    let mut bad = Vec::new();
    for (ln, _, members) in &p.equivs {
        let mut valid = Vec::new();
        for m in members {
            if p.ts.get(m).is_some_and(|t| !triggers.is_trigger(m, t)) {
                valid.push(m);
            } else {
                bad.push((*ln, m.clone()));
            }
        }
        for w in valid.windows(2) {
            groups.join(w[0], w[1]);
        }
    }
    for (ln, m) in bad {
        p.warn_part(
            ln,
            format!("Equiv member {m} is not an entity annotation; ignored"),
        );
    }
    groups
}

/// The types the annotations use, in order of first use.
struct UsedTypes {
    entities: Vec<String>,
    /// event type, its roles
    events: Vec<(String, Vec<String>)>,
    relations: Vec<String>,
    equivs: Vec<String>,
}

impl UsedTypes {
    fn of(p: &Parsed, triggers: &Triggers) -> Self {
        let mut entities = Vec::new();
        for id in &p.t_order {
            if let Some(t) = p.ts.get(id).filter(|t| !triggers.is_trigger(id, t)) {
                push_new(&mut entities, &t.ty);
            }
        }
        let mut events: Vec<(String, Vec<String>)> = Vec::new();
        for (_, e) in &p.es {
            let pos = match events.iter().position(|(t, _)| *t == e.ty) {
                Some(i) => i,
                None => {
                    events.push((e.ty.clone(), Vec::new()));
                    events.len() - 1
                }
            };
            for (r, _) in &e.args {
                push_new(&mut events[pos].1, &base_role(r, &e.args));
            }
        }
        let mut relations = Vec::new();
        for (_, r) in &p.rs {
            push_new(&mut relations, &r.ty);
        }
        let mut equivs = Vec::new();
        for (_, ty, _) in &p.equivs {
            push_new(&mut equivs, ty);
        }
        Self {
            entities,
            events,
            relations,
            equivs,
        }
    }
}

fn push_new(v: &mut Vec<String>, x: &str) {
    if !v.iter().any(|y| y == x) {
        v.push(x.to_owned());
    }
}

/// Import from files: the `.txt` next to the `.ann` unless given, and `annotation.conf` when
/// given.
pub fn import_files(
    txt: &std::path::Path,
    ann: &std::path::Path,
    conf: Option<&std::path::Path>,
) -> Result<BratImport, BratError> {
    let read = |p: &std::path::Path| -> Result<Vec<u8>, BratError> {
        let meta = std::fs::metadata(p)
            .map_err(|e| BratError::Invalid(format!("cannot read {}: {e}", p.display())))?;
        if meta.len() > crate::io::import::MAX_ARTICLE_BYTES {
            return Err(BratError::TooLarge(meta.len() as usize));
        }
        std::fs::read(p)
            .map_err(|e| BratError::Invalid(format!("cannot read {}: {e}", p.display())))
    };
    let text = read(txt)?;
    let ann_bytes = read(ann)?;
    let ann_text = String::from_utf8(ann_bytes).map_err(|e| {
        BratError::Invalid(format!(
            "{} is not UTF-8 (byte {})",
            ann.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    let conf_text = match conf {
        Some(c) => Some(String::from_utf8_lossy(&read(c)?).into_owned()),
        None => None,
    };
    let title = txt
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut imp = import(&text, &ann_text, conf_text.as_deref(), &title)?;
    imp.session.article.source = Some(txt.display().to_string());
    Ok(imp)
}

/// brat numbers repeated roles (`Org-Arg`, `Org-Arg2`, …); Dossier keeps one role with several
/// fillers. A role ending in a number is numbered only if its base also occurs in the event.
pub(super) fn base_role(role: &str, args: &[(String, String)]) -> String {
    let base = role.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.len() < role.len() && !base.is_empty() && args.iter().any(|(r, _)| r == base) {
        base.to_owned()
    } else {
        role.to_owned()
    }
}
