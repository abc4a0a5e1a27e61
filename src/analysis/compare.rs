//! Agreement between two analysts' sessions of the same article: mention spans (exact and
//! overlapping, per entity type and overall), Cohen's kappa on token labels, coreference (B³),
//! events (trigger and type; arguments by role) and relations. A is the reference for precision
//! and recall (B's annotations checked against A's); F1 and kappa are symmetric.
//!
//! Every figure is defined: where neither side annotated anything, agreement is 1; where only
//! one did, 0.

use crate::model::{EntityId, Session, Span};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Precision, recall and F1 of B against A, with the counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Prf {
    /// Items in A, in B, and B's that A has too.
    pub a: usize,
    pub b: usize,
    pub both: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn new(a: usize, b: usize, both_in_b: usize, both_in_a: usize) -> Self {
        let ratio = |n: usize, d: usize, other: usize| {
            if d == 0 {
                if other == 0 { 1.0 } else { 0.0 }
            } else {
                n as f64 / d as f64
            }
        };
        let precision = ratio(both_in_b, b, a);
        let recall = ratio(both_in_a, a, b);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Self {
            a,
            b,
            both: both_in_b,
            precision,
            recall,
            f1,
        }
    }
}

/// Everything `dossier compare` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Mentions, same span and type.
    pub exact: Prf,
    /// Mentions, overlapping spans of the same type.
    pub overlap: Prf,
    /// Exact agreement per entity type.
    pub by_type: BTreeMap<String, Prf>,
    /// Mentions, same span whatever the type: did the two analysts find the same names?
    pub spans: Prf,
    /// The same per type: of each analyst's mentions of the type, those whose span the other
    /// marked too, with any type.
    pub spans_by_type: BTreeMap<String, Prf>,
    /// Cohen's kappa on each token's label (the type of the mention covering it, or none).
    pub kappa: f64,
    /// Coreference: B³ over the mentions both made (same span and type).
    pub coreference: Prf,
    /// Events: same trigger span and type.
    pub events: Prf,
    /// Arguments of the events both made, by role: same role, filled by the same entity (B's
    /// entity is A's that holds most of its mentions) or the same event.
    pub arguments: BTreeMap<String, Prf>,
    /// Relations: same type between entities that share a mention span.
    pub relations: Prf,
    /// When B was made on another version of the text: how it was re-anchored onto A's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reanchored: Option<String>,
}

/// B on A's text: B itself when both have the same text, else B re-anchored onto A's text
/// (with what that did). Refused when the texts are not versions of one article (less than
/// half of the longer one unchanged) or when most of B's annotations cannot be placed.
pub fn on_text_of<'b>(
    a: &Session,
    b: &'b Session,
    tick: &dyn Fn(usize, usize) -> bool,
) -> Result<
    (
        std::borrow::Cow<'b, Session>,
        Option<super::reanchor::Report>,
    ),
    String,
> {
    if a.article.hash == b.article.hash {
        return Ok((std::borrow::Cow::Borrowed(b), None));
    }
    let (moved, report) = super::reanchor::reanchor_with(b, &a.article.text, tick)?;
    let different = || {
        format!(
            "these are sessions of different articles (“{}” and “{}”)",
            a.article.title, b.article.title
        )
    };
    if report.shared < 0.5 {
        return Err(format!(
            "{}: only {:.0} % of the text is the same, so B's annotations cannot be moved onto A's text",
            different(),
            100.0 * report.shared
        ));
    }
    let lost = report.orphaned.len();
    if lost * 2 > b.mentions.len() {
        return Err(format!(
            "{}: {lost} of B's {} mentions cannot be placed on A's text",
            different(),
            b.mentions.len()
        ));
    }
    Ok((std::borrow::Cow::Owned(moved), Some(report)))
}

/// [`compare`], B first re-anchored onto A's text when it was made on another version.
pub fn compare_any(a: &Session, b: &Session) -> Result<Agreement, String> {
    compare_on_text(a, b).map(|(g, _)| g)
}

/// [`compare_any`], with B as compared (on A's text).
pub fn compare_on_text<'b>(
    a: &Session,
    b: &'b Session,
) -> Result<(Agreement, std::borrow::Cow<'b, Session>), String> {
    let (b2, report) = on_text_of(a, b, &|_, _| true)?;
    let mut g = compare(a, &b2)?;
    g.reanchored = report.map(|r| {
        format!(
            "B was made on another version of the text; moved onto A's: {}",
            r.summary()
        )
    });
    Ok((g, b2))
}

/// Compare two sessions of one article; refused for different articles.
pub fn compare(a: &Session, b: &Session) -> Result<Agreement, String> {
    if a.article.hash != b.article.hash {
        return Err(format!(
            "these are sessions of different articles (“{}” and “{}”): their texts differ",
            a.article.title, b.article.title
        ));
    }
    let key = |s: &Session| -> HashSet<(Span, String)> {
        s.mentions
            .values()
            .map(|m| (m.span, m.entity_type.clone()))
            .collect()
    };
    let (ka, kb) = (key(a), key(b));
    let both = ka.intersection(&kb).count();
    let exact = Prf::new(ka.len(), kb.len(), both, both);
    let (ia, ib) = (SpanIndex::new(&ka), SpanIndex::new(&kb));
    let overlap = Prf::new(
        ka.len(),
        kb.len(),
        kb.iter().filter(|x| ia.overlaps(x)).count(),
        ka.iter().filter(|x| ib.overlaps(x)).count(),
    );
    let mut types: BTreeSet<&String> = ka.iter().map(|x| &x.1).collect();
    types.extend(kb.iter().map(|x| &x.1));
    let by_type = types
        .into_iter()
        .map(|t| {
            let (ta, tb): (HashSet<_>, HashSet<_>) = (
                ka.iter().filter(|x| &x.1 == t).collect(),
                kb.iter().filter(|x| &x.1 == t).collect(),
            );
            let n = ta.intersection(&tb).count();
            (t.clone(), Prf::new(ta.len(), tb.len(), n, n))
        })
        .collect();
    let (spans, spans_by_type) = span_only(&ka, &kb);
    let (ev, args) = events(a, b);
    Ok(Agreement {
        exact,
        overlap,
        by_type,
        spans,
        spans_by_type,
        kappa: kappa(a, b),
        coreference: b_cubed(a, b),
        events: ev,
        arguments: args,
        relations: relations(a, b),
        reanchored: None,
    })
}

/// Agreement on spans alone (the type ignored), overall and per type: a mention of type T
/// counts as agreed when the other analyst marked its span with any type.
fn span_only(
    ka: &HashSet<(Span, String)>,
    kb: &HashSet<(Span, String)>,
) -> (Prf, BTreeMap<String, Prf>) {
    let sa: HashSet<Span> = ka.iter().map(|x| x.0).collect();
    let sb: HashSet<Span> = kb.iter().map(|x| x.0).collect();
    let both = sa.intersection(&sb).count();
    let overall = Prf::new(sa.len(), sb.len(), both, both);
    let mut types: BTreeSet<&String> = ka.iter().map(|x| &x.1).collect();
    types.extend(kb.iter().map(|x| &x.1));
    let per_type = types
        .into_iter()
        .map(|t| {
            let of = |k: &HashSet<(Span, String)>| -> Vec<Span> {
                k.iter().filter(|x| &x.1 == t).map(|x| x.0).collect()
            };
            let (ta, tb) = (of(ka), of(kb));
            let in_b = tb.iter().filter(|s| sa.contains(s)).count();
            let in_a = ta.iter().filter(|s| sb.contains(s)).count();
            (t.clone(), Prf::new(ta.len(), tb.len(), in_b, in_a))
        })
        .collect();
    (overall, per_type)
}

/// Spans by type, sorted by start, with the longest span's length: whether a span overlaps one
/// of the same type is a binary search and a short walk back.
struct SpanIndex<'a> {
    by_type: HashMap<&'a str, (Vec<Span>, usize)>,
}

impl<'a> SpanIndex<'a> {
    fn new(keys: &'a HashSet<(Span, String)>) -> Self {
        let mut by_type: HashMap<&str, (Vec<Span>, usize)> = HashMap::new();
        for (sp, t) in keys {
            let e = by_type.entry(t.as_str()).or_default();
            e.0.push(*sp);
            e.1 = e.1.max(sp.len());
        }
        for (v, _) in by_type.values_mut() {
            v.sort_by_key(|s| s.start);
        }
        Self { by_type }
    }

    fn overlaps(&self, (x, t): &(Span, String)) -> bool {
        let Some((v, longest)) = self.by_type.get(t.as_str()) else {
            return false;
        };
        let end = v.partition_point(|s| s.start < x.end);
        v[..end]
            .iter()
            .rev()
            .take_while(|s| s.start + longest > x.start)
            .any(|s| s.overlaps(x))
    }
}

/// Words and punctuation marks as char spans (the units kappa counts).
fn tokens(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.chars().enumerate() {
        let word = c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Span::new(s, i));
                start = None;
            }
            _ => {}
        }
        if !word && !c.is_whitespace() {
            out.push(Span::new(i, i + 1));
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, text.chars().count()));
    }
    out
}

/// Each token's label: the type of the shortest mention covering it, or "". A sweep over the
/// mentions by start: each token looks only at the mentions open where it is.
fn labels(s: &Session, toks: &[Span]) -> Vec<String> {
    let mut ms: Vec<(Span, &str)> = s
        .mentions
        .values()
        .map(|m| (m.span, m.entity_type.as_str()))
        .collect();
    ms.sort_by_key(|(sp, _)| sp.start);
    let (mut next, mut open): (usize, Vec<(Span, &str)>) = (0, Vec::new());
    toks.iter()
        .map(|t| {
            while next < ms.len() && ms[next].0.start <= t.start {
                open.push(ms[next]);
                next += 1;
            }
            open.retain(|(sp, _)| sp.end > t.start);
            open.iter()
                .filter(|(sp, _)| sp.end >= t.end)
                .min_by_key(|(sp, _)| sp.len())
                .map_or(String::new(), |(_, ty)| (*ty).to_owned())
        })
        .collect()
}

fn kappa(a: &Session, b: &Session) -> f64 {
    let toks = tokens(&a.article.text);
    if toks.is_empty() {
        return 1.0;
    }
    let (la, lb) = (labels(a, &toks), labels(b, &toks));
    let n = toks.len() as f64;
    let observed = la.iter().zip(&lb).filter(|(x, y)| x == y).count() as f64 / n;
    let mut ca: HashMap<&str, f64> = HashMap::new();
    let mut cb: HashMap<&str, f64> = HashMap::new();
    for (x, y) in la.iter().zip(&lb) {
        *ca.entry(x).or_default() += 1.0;
        *cb.entry(y).or_default() += 1.0;
    }
    let expected: f64 = ca
        .iter()
        .map(|(k, v)| v / n * cb.get(k).copied().unwrap_or(0.0) / n)
        .sum();
    if (1.0 - expected).abs() < 1e-12 {
        // Both labelled every token alike by chance alone: agreement is perfect or not at all.
        return if observed >= 1.0 { 1.0 } else { 0.0 };
    }
    (observed - expected) / (1.0 - expected)
}

/// B³ on the mentions both sides made: for each, how much its entity on one side and on the
/// other share.
fn b_cubed(a: &Session, b: &Session) -> Prf {
    let entity_of = |s: &Session| -> HashMap<(Span, String), EntityId> {
        s.mentions
            .values()
            .map(|m| ((m.span, m.entity_type.clone()), m.entity))
            .collect()
    };
    let (ea, eb) = (entity_of(a), entity_of(b));
    let common: Vec<&(Span, String)> = ea.keys().filter(|k| eb.contains_key(*k)).collect();
    if common.is_empty() {
        let none = ea.is_empty() && eb.is_empty();
        let v = if none { 1.0 } else { 0.0 };
        return Prf {
            a: 0,
            b: 0,
            both: 0,
            precision: v,
            recall: v,
            f1: v,
        };
    }
    // Cluster sizes on each side, and how many mentions each pair of clusters shares.
    let mut size_a: HashMap<EntityId, f64> = HashMap::new();
    let mut size_b: HashMap<EntityId, f64> = HashMap::new();
    let mut shared: HashMap<(EntityId, EntityId), f64> = HashMap::new();
    for k in &common {
        let (x, y) = (ea[*k], eb[*k]);
        *size_a.entry(x).or_default() += 1.0;
        *size_b.entry(y).or_default() += 1.0;
        *shared.entry((x, y)).or_default() += 1.0;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for k in &common {
        let (x, y) = (ea[*k], eb[*k]);
        let n = shared[&(x, y)];
        p += n / size_b[&y];
        r += n / size_a[&x];
    }
    let n = common.len() as f64;
    let (precision, recall) = (p / n, r / n);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Prf {
        a: common.len(),
        b: common.len(),
        both: common.len(),
        precision,
        recall,
        f1,
    }
}

fn events(a: &Session, b: &Session) -> (Prf, BTreeMap<String, Prf>) {
    let key = |s: &Session| -> HashMap<(Span, String), crate::model::EventId> {
        s.events
            .values()
            .filter_map(|e| Some(((e.trigger?, e.event_type.clone()), e.id)))
            .collect()
    };
    let (ka, kb) = (key(a), key(b));
    let both: Vec<&(Span, String)> = ka.keys().filter(|k| kb.contains_key(*k)).collect();
    let events = Prf::new(ka.len(), kb.len(), both.len(), both.len());
    let mut per_role: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let map = super::mapper::Mapper::new(a, b);
    for k in both {
        // B's fillers named by A's ids: the same role filled by the same entity or event
        // agrees, whichever of its mentions each side cites.
        let xa: HashSet<_> = a.events[&ka[k]]
            .arguments
            .iter()
            .map(|x| super::mapper::key_in_a(a, x))
            .collect();
        let xb: HashSet<_> = b.events[&kb[k]]
            .arguments
            .iter()
            .map(|x| map.key_in_b(x))
            .collect();
        for x in xa.union(&xb) {
            let c = per_role.entry(x.0.to_owned()).or_default();
            c.0 += usize::from(xa.contains(x));
            c.1 += usize::from(xb.contains(x));
            c.2 += usize::from(xa.contains(x) && xb.contains(x));
        }
    }
    let roles = per_role
        .into_iter()
        .map(|(r, (na, nb, n))| (r, Prf::new(na, nb, n, n)))
        .collect();
    (events, roles)
}

fn relations(a: &Session, b: &Session) -> Prf {
    let spans =
        |s: &Session, e: EntityId| -> HashSet<Span> { s.mentions_of(e).map(|m| m.span).collect() };
    let list = |s: &Session| -> Vec<(String, HashSet<Span>, HashSet<Span>)> {
        s.relations
            .values()
            .map(|r| (r.relation_type.clone(), spans(s, r.from), spans(s, r.to)))
            .collect()
    };
    let (ra, rb) = (list(a), list(b));
    let same = |x: &(String, HashSet<Span>, HashSet<Span>),
                y: &(String, HashSet<Span>, HashSet<Span>)| {
        x.0 == y.0 && !x.1.is_disjoint(&y.1) && !x.2.is_disjoint(&y.2)
    };
    let in_b = rb.iter().filter(|y| ra.iter().any(|x| same(x, y))).count();
    let in_a = ra.iter().filter(|x| rb.iter().any(|y| same(x, y))).count();
    Prf::new(ra.len(), rb.len(), in_b, in_a)
}

/// The figures as a table for the command line.
pub fn report(g: &Agreement) -> String {
    let line = |name: &str, p: &Prf| {
        format!(
            "{name:<28} A {:>5}  B {:>5}  agreed {:>5}  precision {:>5.1} %  recall {:>5.1} %  F1 {:>5.1} %\n",
            p.a,
            p.b,
            p.both,
            100.0 * p.precision,
            100.0 * p.recall,
            100.0 * p.f1
        )
    };
    let mut out = String::new();
    if let Some(r) = &g.reanchored {
        out += &format!("{r}\n");
    }
    out += &line("mentions (exact)", &g.exact);
    out += &line("mentions (overlapping)", &g.overlap);
    for (t, p) in &g.by_type {
        out += &line(&format!("  {t}"), p);
    }
    out += &line("mentions (span, any type)", &g.spans);
    for (t, p) in &g.spans_by_type {
        out += &line(&format!("  {t}, span only"), p);
    }
    out += &format!("{:<28} {:.3}\n", "Cohen's kappa (tokens)", g.kappa);
    out += &line("coreference (B³)", &g.coreference);
    out += &line("events (trigger and type)", &g.events);
    for (r, p) in &g.arguments {
        out += &line(&format!("  argument {r}"), p);
    }
    out += &line("relations", &g.relations);
    out
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
