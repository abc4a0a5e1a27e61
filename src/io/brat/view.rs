//! What brat sees in a `.ann`, ids aside: the yardstick for "nothing lost" between brat and
//! Dossier. Ids are renumbered on export, so every line is written with its ids replaced by what
//! they stand for — a T by its type and offsets, an E by its type, trigger and arguments, an R by
//! its type and ends — and the lines are sorted. Two documents brat reads alike give equal views.

use super::lines::Offsets;
use super::{BratError, BratImport, Warning, export, import};
use std::collections::HashMap;

/// Each line of `ann` as brat reads it, ids aside, sorted. `to_norm` maps the document's char
/// offsets onto the ones the other side of a comparison counts (the identity when both count the
/// same text). Malformed lines are kept as they are, and a reference to nothing shows as `?id`.
pub fn canonical(ann: &str, to_norm: &dyn Fn(usize) -> usize) -> Vec<String> {
    // brat splits a line at its first two tabs: a note's text may hold more.
    let lines: Vec<Vec<&str>> = ann
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.splitn(3, '\t').collect())
        .collect();
    let field = |f: &[&str], i: usize| f.get(i).copied().unwrap_or_default().to_owned();
    let is = |f: &[&str], kind: char| f[0].starts_with(kind);

    let mut keys: HashMap<String, String> = HashMap::new();
    for f in lines.iter().filter(|f| is(f, 'T')) {
        keys.insert(f[0].to_owned(), span_key(&field(f, 1), to_norm));
    }
    // Events can refer to events defined later: resolve until nothing changes.
    let events: Vec<&Vec<&str>> = lines.iter().filter(|f| is(f, 'E')).collect();
    for _ in 0..=events.len() {
        let mut changed = false;
        for f in &events {
            let key = event_key(&field(f, 1), &keys);
            if keys.get(f[0]) != Some(&key) {
                keys.insert(f[0].to_owned(), key);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Relations are targets too (of attributes and notes): keyed by their content.
    let relation_keys: Vec<(String, String)> = lines
        .iter()
        .filter(|f| is(f, 'R'))
        .map(|f| (f[0].to_owned(), relation_key(&field(f, 1), &keys)))
        .collect();
    keys.extend(relation_keys);
    let key = |id: &str| keys.get(id).cloned().unwrap_or_else(|| format!("?{id}"));

    let mut out: Vec<String> = lines
        .iter()
        .map(|f| {
            let words: Vec<&str> = f.get(1).map_or(vec![], |s| s.split_whitespace().collect());
            let word = |i: usize| words.get(i).copied().unwrap_or_default();
            match f[0].chars().next().unwrap_or_default() {
                'T' => format!("T {} {}", key(f[0]), field(f, 2)),
                'E' | 'R' => format!("{} {}", &f[0][..1], key(f[0])),
                // `M` is brat's older name for an attribute.
                'A' | 'M' => format!("A {} {} {}", word(0), key(word(1)), word(2)),
                '#' => format!("# {} {} {}", word(0), key(word(1)), field(f, 2)),
                'N' => format!("N {} {} {} {}", word(0), key(word(1)), word(2), field(f, 2)),
                '*' => {
                    let mut members: Vec<String> = words.iter().skip(1).map(|x| key(x)).collect();
                    members.sort();
                    format!("* {} {}", word(0), members.join(" "))
                }
                _ => f.join("\t"),
            }
        })
        .collect();
    out.sort();
    out
}

/// `Type 1 5;7 9` → `Type@n1 n5;n7 n9` with offsets mapped.
fn span_key(spec: &str, to_norm: &dyn Fn(usize) -> usize) -> String {
    let (ty, ranges) = spec.split_once(' ').unwrap_or((spec, ""));
    let offset = |o: &str| {
        o.parse()
            .map_or_else(|_| o.to_owned(), |n| to_norm(n).to_string())
    };
    let ranges: Vec<String> = ranges
        .split(';')
        .map(|r| match r.trim().split_once(' ') {
            Some((a, b)) => format!("{} {}", offset(a), offset(b)),
            None => r.to_owned(),
        })
        .collect();
    format!("{ty}@{}", ranges.join(";"))
}

/// `Type:T1 Role:T2 Role:E3` → `Type[trigger](Role=…,Role=…)`, arguments sorted.
fn event_key(spec: &str, keys: &HashMap<String, String>) -> String {
    let mut words = spec.split_whitespace();
    let head = words.next().unwrap_or_default();
    let (ty, trigger) = head.split_once(':').unwrap_or((head, ""));
    let mut args: Vec<String> = words.map(|a| argument(a, keys)).collect();
    args.sort();
    format!("{ty}[{}]({})", target(trigger, keys), args.join(","))
}

/// `Type Arg1:T1 Arg2:T2` → `Type(Arg1=… Arg2=…)`, in the line's order (it names direction).
fn relation_key(spec: &str, keys: &HashMap<String, String>) -> String {
    let mut words = spec.split_whitespace();
    let ty = words.next().unwrap_or_default();
    let args: Vec<String> = words.map(|a| argument(a, keys)).collect();
    format!("{ty}({})", args.join(" "))
}

fn argument(word: &str, keys: &HashMap<String, String>) -> String {
    match word.split_once(':') {
        Some((role, id)) => format!("{role}={}", target(id, keys)),
        None => word.to_owned(),
    }
}

fn target(id: &str, keys: &HashMap<String, String>) -> String {
    keys.get(id).cloned().unwrap_or_else(|| format!("?{id}"))
}

/// A brat document taken through Dossier as an analyst would: imported, saved, loaded, exported.
#[derive(Debug)]
pub struct RoundTrip {
    /// What the import said, lines left out included.
    pub warnings: Vec<Warning>,
    /// What loading the saved session repaired (nothing, when it agrees with the text).
    pub repairs: Vec<String>,
    /// Lines of the document, as brat reads them, that the export does not have.
    pub lost: Vec<String>,
    /// Lines of the export, as brat reads them, that the document did not have.
    pub added: Vec<String>,
}

impl RoundTrip {
    /// Nothing skipped, repaired, lost or added.
    pub fn strict(&self) -> bool {
        self.warnings.iter().all(|w| w.kept == super::Kept::Whole)
            && self.repairs.is_empty()
            && self.lost.is_empty()
            && self.added.is_empty()
    }
}

/// Why a round trip could not be made at all.
#[derive(Debug, thiserror::Error)]
pub enum RoundTripError {
    #[error("import: {0}")]
    Import(#[from] BratError),
    #[error("save: {0}")]
    Save(#[from] ron::Error),
    #[error("load: {0}")]
    Load(#[from] crate::io::LoadError),
}

/// Import `txt`/`ann` (with `conf` when given), write the session as it is saved, read it back
/// and export it; compare the export with the document as brat reads both.
pub fn round_trip(
    txt: &[u8],
    ann: &str,
    conf: Option<&str>,
) -> Result<(BratImport, RoundTrip), RoundTripError> {
    let imp = import(txt, ann, conf, "doc")?;
    let saved = crate::io::session_to_string(&imp.session)?;
    let (loaded, report) = crate::io::parse_session(&saved)?;
    let out = export(&loaded);
    // The document counts chars of the file as it is on disk (BOM and `\r` included).
    let raw = crate::io::import::decode(txt, crate::io::import::ArticleKind::Text)
        .map_err(BratError::from)?;
    let bom = txt.starts_with(&[0xEF, 0xBB, 0xBF]) && !raw.starts_with('\u{feff}');
    let offsets = Offsets::new(&raw, bom);
    let to_norm = |c: usize| offsets.to_norm.get(c).copied().unwrap_or(usize::MAX);
    let before = canonical(ann, &to_norm);
    let after = canonical(&out.ann, &|c| c);
    let trip = RoundTrip {
        warnings: imp.warnings.clone(),
        repairs: report.repairs,
        lost: missing_from(&before, &after),
        added: missing_from(&after, &before),
    };
    Ok((imp, trip))
}

/// The lines of sorted `a` that sorted `b` lacks, counting repeats.
fn missing_from(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut j = 0;
    for x in a {
        while j < b.len() && b[j] < *x {
            j += 1;
        }
        if j < b.len() && b[j] == *x {
            j += 1;
        } else {
            out.push(x.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_aside_two_numberings_of_one_document_are_alike() {
        let a = "T1\tPerson 0 3\tAnn\nT2\tAttack 4 9\tshot\nE1\tAttack:T2 Attacker:T1\n\
                 R1\tKnows Arg1:T1 Arg2:T1\nA1\tNegated E1\n#1\tNote R1\tsee\tthis\n";
        let b = "T7\tAttack 4 9\tshot\nT3\tPerson 0 3\tAnn\nE4\tAttack:T7 Attacker:T3\n\
                 R9\tKnows Arg1:T3 Arg2:T3\nM2\tNegated E4\n#5\tNote R9\tsee\tthis\n";
        assert_eq!(canonical(a, &|c| c), canonical(b, &|c| c));
        // A relation's direction and a note's text after its second tab both count.
        let c = b.replace("see\tthis", "see");
        assert_ne!(canonical(a, &|c| c), canonical(&c, &|c| c));
    }

    #[test]
    fn malformed_lines_and_dangling_ids_do_not_panic() {
        let v = canonical("T1\nE1\tX:T9 Y\nR1\nA1\n*\tEquiv\nN1\tRef\n#1\n", &|c| c);
        assert_eq!(v.len(), 7);
        assert!(v.iter().any(|l| l.contains("?T9")), "{v:?}");
    }

    #[test]
    fn lost_and_added_count_repeats() {
        let s = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(
            missing_from(&s(&["a", "a", "b"]), &s(&["a", "c"])),
            s(&["a", "b"])
        );
    }

    #[test]
    fn a_crlf_document_with_a_bom_round_trips() {
        let txt = "\u{feff}Ann met\r\nBob.\r\n";
        let ann = "T1\tPerson 1 4\tAnn\nT2\tPerson 10 13\tBob\nR1\tMet Arg1:T1 Arg2:T2\n";
        let (_, trip) = round_trip(txt.as_bytes(), ann, None).expect("round trip");
        assert!(trip.strict(), "{trip:?}");
    }
}
