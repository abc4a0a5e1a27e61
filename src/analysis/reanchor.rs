//! Re-anchoring: a session's annotations moved onto a changed text of its article. Each mention,
//! event trigger and relation evidence is placed by a cascade:
//! 1. **moved**: the edit script of old and new text (`similar`: paragraphs, then words inside
//!    the changed ones) carries both ends
//!    and the new text there is still its quote;
//! 2. **by context**: its quote found again near where the script puts it, the occurrence whose
//!    surrounding words agree best;
//! 3. **fuzzy**: the stretch of new text near there most like its quote (normalised Levenshtein
//!    ≥ 0.75, as Hypothesis accepts a near match), with its score;
//! 4. otherwise **orphaned**: taken out and kept in the session (`Session::orphaned`) with its
//!    quote and context, for the analyst to place by hand or drop — never guessed at.

use crate::model::conflict::Orphaned;
use crate::model::session::CONTEXT_CHARS;
use crate::model::{Article, Mention, MentionId, Session, Span};
use serde::Serialize;

mod norm;
use norm::{Norm, fold_str, nfc};

/// How far around the expected place a quote is looked for again (chars).
const WINDOW: usize = 2_000;
/// Chars of the old context (before and after, together) that must agree to take a quote found
/// again for the same words.
const CONTEXT_MIN: usize = 8;
/// The least similarity a fuzzy placement accepts.
const FUZZY_MIN: f64 = 0.75;

/// How one annotation was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Placed {
    Moved,
    ByContext,
    Fuzzy,
    Orphaned,
}

/// What re-anchoring did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub moved: usize,
    pub by_context: usize,
    /// (quote, new text, score) of each fuzzy placement.
    pub fuzzy: Vec<(String, String, f64)>,
    /// Quotes that could not be placed.
    pub orphaned: Vec<String>,
    /// How much of the longer text the edit script leaves unchanged (0 to 1): how far the two
    /// texts are versions of one article.
    pub shared: f64,
    /// How each mention was placed.
    #[serde(skip)]
    pub how: std::collections::BTreeMap<MentionId, Placed>,
}

impl Report {
    fn note(&mut self, how: Placed, quote: &str, new: &str, score: f64) {
        match how {
            Placed::Moved => self.moved += 1,
            Placed::ByContext => self.by_context += 1,
            Placed::Fuzzy => self.fuzzy.push((quote.to_owned(), new.to_owned(), score)),
            Placed::Orphaned => self.orphaned.push(quote.to_owned()),
        }
    }

    pub fn summary(&self) -> String {
        format!(
            "{} moved with the text, {} found again by their context, {} placed by a near match, {} orphaned",
            self.moved,
            self.by_context,
            self.fuzzy.len(),
            self.orphaned.len()
        )
    }
}

/// Old char offsets to new ones, from the edit script.
struct Map {
    /// (old start, new start, length) of each unchanged run, by old start.
    runs: Vec<(usize, usize, usize)>,
    old_len: usize,
    new_len: usize,
}

impl Map {
    /// The script in two passes: paragraphs (lines) first, then words only inside the
    /// paragraphs that changed; an article of 1 MB has few of those.
    fn new(old: &str, new: &str) -> Self {
        let lines = similar::TextDiff::configure()
            .algorithm(similar::Algorithm::Patience)
            .timeout(std::time::Duration::from_secs(5))
            .diff_lines(old, new);
        let (ol, nl) = (lines.old_slices(), lines.new_slices());
        let prefix = |v: &[&str]| -> Vec<usize> {
            let mut acc = vec![0];
            for l in v {
                acc.push(acc.last().copied().unwrap_or(0) + l.chars().count());
            }
            acc
        };
        let (oc, nc) = (prefix(ol), prefix(nl));
        let mut runs = Vec::new();
        for op in lines.ops() {
            let (or, nr) = (op.old_range(), op.new_range());
            let (o0, n0) = (oc[or.start], nc[nr.start]);
            match op.tag() {
                similar::DiffTag::Equal => runs.push((o0, n0, oc[or.end] - o0)),
                similar::DiffTag::Replace => {
                    let (a, b) = (ol[or].concat(), nl[nr].concat());
                    words(&a, &b, (o0, n0), &mut runs);
                }
                _ => {}
            }
        }
        Self {
            runs,
            old_len: oc.last().copied().unwrap_or(0),
            new_len: nc.last().copied().unwrap_or(0),
        }
    }

    /// The share of the longer text in unchanged runs.
    fn shared(&self) -> f64 {
        let same: usize = self.runs.iter().map(|r| r.2).sum();
        let longer = self.old_len.max(self.new_len);
        if longer == 0 {
            1.0
        } else {
            same as f64 / longer as f64
        }
    }

    /// Where old char `c` is in the new text, when it lies in an unchanged run; for an end,
    /// where the char before it is, plus one.
    fn exact(&self, c: usize, is_end: bool) -> Option<usize> {
        if is_end {
            return c
                .checked_sub(1)
                .and_then(|c| self.exact(c, false))
                .map(|n| n + 1);
        }
        let i = self.runs.partition_point(|r| r.0 <= c);
        let (o, n, len) = *self.runs.get(i.checked_sub(1)?)?;
        (c < o + len).then_some(n + c - o)
    }

    /// Roughly where old char `c` went: through the nearest unchanged run before it.
    fn near(&self, c: usize) -> usize {
        let i = self.runs.partition_point(|r| r.0 <= c);
        match i.checked_sub(1).and_then(|k| self.runs.get(k)) {
            Some(&(o, n, _)) => (n + (c - o)).min(self.new_len),
            None => (c * self.new_len) / self.old_len.max(1),
        }
    }
}

/// The unchanged runs of a word diff of `old` and `new`, placed at `(o, n)`.
fn words(
    old: &str,
    new: &str,
    (mut o, mut n): (usize, usize),
    runs: &mut Vec<(usize, usize, usize)>,
) {
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .timeout(std::time::Duration::from_secs(2))
        .diff_words(old, new);
    for change in diff.iter_all_changes() {
        let len = change.value().chars().count();
        match change.tag() {
            similar::ChangeTag::Equal => {
                runs.push((o, n, len));
                o += len;
                n += len;
            }
            similar::ChangeTag::Delete => o += len,
            similar::ChangeTag::Insert => n += len,
        }
    }
}

/// Where a quote occurs: (start, length) in chars.
type Found = std::rc::Rc<Vec<(usize, usize)>>;

/// The new text's chars, for slicing by char offsets, and where each quote occurs in it (found
/// once per quote: a name is usually many mentions).
struct Text {
    chars: Vec<char>,
    string: String,
    /// Byte offset of each char.
    starts: Vec<usize>,
    found: std::cell::RefCell<std::collections::HashMap<String, Found>>,
    /// The text without accents and in lower case, char for char (made when first needed).
    folded: std::cell::OnceCell<Box<Text>>,
}

impl Text {
    fn new(s: &str) -> Self {
        Self {
            chars: s.chars().collect(),
            string: s.to_owned(),
            starts: s.char_indices().map(|(b, _)| b).collect(),
            found: Default::default(),
            folded: Default::default(),
        }
    }

    fn folded(&self) -> &Text {
        self.folded
            .get_or_init(|| Box::new(Text::new(&norm::fold_str(&self.string))))
    }

    /// Where `quote` occurs, in order: (start, length) in chars. A quote of several words also
    /// matches them with other spaces between (a re-wrapped line, a space doubled or dropped
    /// to one).
    fn occurrences(&self, quote: &str) -> Found {
        if let Some(v) = self.found.borrow().get(quote) {
            return v.clone();
        }
        let char_at = |b: usize| {
            if b == self.string.len() {
                Some(self.chars.len())
            } else {
                self.starts.binary_search(&b).ok()
            }
        };
        let words: Vec<String> = quote.split_whitespace().map(regex::escape).collect();
        let flexible = words.len() > 1 && quote.trim() == quote;
        let pattern = regex::Regex::new(&words.join(r"\s+"))
            .ok()
            .filter(|_| flexible);
        let v: Vec<(usize, usize)> = match pattern {
            Some(re) => re
                .find_iter(&self.string)
                .filter_map(|m| {
                    let (a, z) = (char_at(m.start())?, char_at(m.end())?);
                    Some((a, z - a))
                })
                .collect(),
            None => self
                .string
                .match_indices(quote)
                .filter_map(|(b, _)| char_at(b).map(|a| (a, quote.chars().count())))
                .collect(),
        };
        let v = std::rc::Rc::new(v);
        self.found.borrow_mut().insert(quote.to_owned(), v.clone());
        v
    }

    fn get(&self, sp: Span) -> Option<String> {
        self.chars.get(sp.start..sp.end).map(|c| c.iter().collect())
    }
}

/// Place a span whose old text was `quote`, with `prefix`/`suffix` around it.
fn place(
    map: &Map,
    new: &Text,
    old: Span,
    quote: &str,
    prefix: &str,
    suffix: &str,
) -> (Placed, Option<Span>, f64) {
    if let (Some(a), Some(b)) = (map.exact(old.start, false), map.exact(old.end, true))
        && a < b
        && new.get(Span::new(a, b)).as_deref() == Some(quote)
    {
        return (Placed::Moved, Some(Span::new(a, b)), 1.0);
    }
    let guess = map.near(old.start);
    let len = quote.chars().count();
    if len == 0 {
        return (Placed::Orphaned, None, 0.0);
    }
    let (lo, hi) = (
        guess.saturating_sub(WINDOW),
        (guess + WINDOW + len).min(new.chars.len()),
    );
    // How much of the context agrees, 0 to 1.
    let sure = |score: usize| {
        score as f64 / (prefix.chars().count() + suffix.chars().count()).max(1) as f64
    };
    // The quote again near there: the occurrence whose context agrees best, then the nearest.
    let near = best_occurrence(new, quote, (lo, hi), guess, prefix, suffix);
    if let Some((score, at, l)) = near
        && score >= CONTEXT_MIN
    {
        return (Placed::ByContext, Some(Span::new(at, at + l)), sure(score));
    }
    // Moved far (a paragraph moved): anywhere in the text, if its context agrees.
    let anywhere = (0, new.chars.len());
    if let Some((score, at, l)) = best_occurrence(new, quote, anywhere, guess, prefix, suffix)
        && score >= CONTEXT_MIN
    {
        return (Placed::ByContext, Some(Span::new(at, at + l)), sure(score));
    }
    // The same words near there but for accents or case (wire copy drops them), the context
    // compared the same way: a near match, reported, unless the words are exactly the quote.
    let folded = new.folded();
    let (fq, fp, fs) = (fold_str(quote), fold_str(prefix), fold_str(suffix));
    if let Some((score, at, l)) = best_occurrence(folded, &fq, (lo, hi), guess, &fp, &fs)
        && score >= CONTEXT_MIN
    {
        let sp = Span::new(at, at + l);
        let how = if new.get(sp).as_deref() == Some(quote) {
            Placed::ByContext
        } else {
            Placed::Fuzzy
        };
        return (how, Some(sp), 1.0);
    }
    // The quote is near but its words around are not: likely, not certain — reported.
    if let Some((score, at, l)) = near {
        return (
            Placed::Fuzzy,
            Some(Span::new(at, at + l)),
            sure(score).max(0.5),
        );
    }
    // Compared without accents and case too: folding only makes chars equal, so the folded
    // score is never below the plain one.
    match most_like(&folded.chars[lo..hi], &fq.chars().collect()) {
        Some((score, at, l)) if score >= FUZZY_MIN => {
            let sp = trimmed(&new.chars, Span::new(lo + at, lo + at + l), quote);
            (Placed::Fuzzy, Some(sp), score)
        }
        _ => (Placed::Orphaned, None, 0.0),
    }
}

/// A near match without the spaces at its ends the quote does not have (the stretch most like
/// "Border Guard DXXXVIII" may be "Border Guard DCVII " with the space after).
fn trimmed(chars: &[char], mut sp: Span, quote: &str) -> Span {
    let ws = |c: Option<char>| c.is_some_and(char::is_whitespace);
    if !ws(quote.chars().next()) {
        while sp.len() > 1 && chars.get(sp.start).is_some_and(|c| c.is_whitespace()) {
            sp.start += 1;
        }
    }
    if !ws(quote.chars().next_back()) {
        while sp.len() > 1 && chars.get(sp.end - 1).is_some_and(|c| c.is_whitespace()) {
            sp.end -= 1;
        }
    }
    sp
}

/// The stretch of `window` about as long as `quote` most like it: (similarity, start, length).
fn most_like(window: &[char], quote: &Vec<char>) -> Option<(f64, usize, usize)> {
    let mut best: Option<(f64, usize, usize)> = None;
    for extra in [0isize, -1, 1, -2, 2] {
        let l = (quote.len() as isize + extra).max(1) as usize;
        for s in 0..window.len().saturating_sub(l - 1) {
            let score = similarity(&window[s..s + l], quote);
            if best.is_none_or(|n| score > n.0) {
                best = Some((score, s, l));
            }
        }
    }
    best
}

/// Normalised Levenshtein similarity of two runs of chars (1 when equal).
fn similarity(a: &[char], b: &Vec<char>) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    // The types spelled out: on macOS objc2's `Retained` adds `IntoIterator` impls that make
    // inferring them overflow the compiler's recursion limit (found by `cargo check --target
    // x86_64-apple-darwin`).
    let distance =
        strsim::generic_levenshtein::<Vec<char>, Vec<char>, &char, &char>(&a.to_vec(), b);
    1.0 - distance as f64 / longest as f64
}

/// Of the occurrences of `quote` starting in `lo..hi`, the one whose surroundings agree best
/// with `prefix`/`suffix` (then the nearest to `guess`): (agreeing chars, start, length).
/// Surroundings are compared with runs of spaces and line breaks taken as one space, so a
/// re-wrapped paragraph still agrees.
fn best_occurrence(
    new: &Text,
    quote: &str,
    (lo, hi): (usize, usize),
    guess: usize,
    prefix: &str,
    suffix: &str,
) -> Option<(usize, usize, usize)> {
    let (prefix, suffix) = (squash(prefix), squash(suffix));
    let (pn, sn) = (prefix.chars().count(), suffix.chars().count());
    let all = new.occurrences(quote);
    let from = all.partition_point(|&(a, _)| a < lo);
    let mut best: Option<(usize, usize, usize, usize)> = None;
    for &(at, len) in all[from..].iter().take_while(|&&(a, _)| a <= hi) {
        // Twice the context's length taken, as squashing may shorten it.
        let before: String = new.chars[at.saturating_sub(2 * pn)..at].iter().collect();
        let end = at + len;
        let after: String = new.chars[end..(end + 2 * sn).min(new.chars.len())]
            .iter()
            .collect();
        let score =
            common_suffix(&squash(&before), &prefix) + common_prefix(&squash(&after), &suffix);
        let key = (score, usize::MAX - at.abs_diff(guess), at, len);
        if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
            best = Some(key);
        }
    }
    best.map(|(score, _, at, len)| (score, at, len))
}

/// Runs of whitespace as one space.
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The session moved onto `new_text` (its article's other details kept), and what happened to
/// each annotation. Refused for an empty or binary text.
pub fn reanchor(s: &Session, new_text: &str) -> Result<(Session, Report), String> {
    reanchor_with(s, new_text, &|_, _| true)
}

/// [`reanchor`], telling `tick` how many mentions of how many are placed now and then; it
/// returns false to stop (the result is then an error and nothing is changed).
pub fn reanchor_with(
    s: &Session,
    new_text: &str,
    tick: &dyn Fn(usize, usize) -> bool,
) -> Result<(Session, Report), String> {
    if new_text.trim().is_empty() {
        return Err("the new text is empty: nothing was changed".into());
    }
    if new_text.contains('\0') {
        return Err("the new text is not text (it holds NUL bytes): nothing was changed".into());
    }
    let mut article = Article::new(s.article.title.clone(), new_text);
    let info = s.article.info();
    article.set_info(info);
    article.source = s.article.source.clone();
    let (old_n, new_n) = (Norm::new(&s.article.text), Norm::new(&article.text));
    let map = Map::new(&old_n.text, &new_n.text);
    let text = Text::new(&new_n.text);
    let mut out = s.clone();
    out.article = article;
    let mut report = Report {
        shared: map.shared(),
        ..Report::default()
    };
    let mut orphans = Vec::new();
    let mut placed: Vec<(MentionId, Span)> = Vec::new();
    let total = s.mentions.len();
    let mut found = Vec::with_capacity(total);
    for (i, m) in s.mentions.values().enumerate() {
        if i % 256 == 0 && !tick(i, total) {
            return Err("stopped: nothing was changed".into());
        }
        let before = s.article.prefix(m.span, CONTEXT_CHARS);
        let after = s.article.suffix(m.span, CONTEXT_CHARS);
        let (q, p, x) = (nfc(&m.quote), nfc(&before), nfc(&after));
        let (how, span, score) = place(&map, &text, old_n.forward(m.span), &q, &p, &x);
        found.push((m, how, span.map(|sp| new_n.back(sp)), score));
    }
    not_on_another(&mut found);
    for (m, how, span, score) in found {
        let shown = span
            .and_then(|sp| out.article.slice(sp))
            .unwrap_or_default()
            .to_owned();
        report.note(how, &m.quote, &shown, score);
        report.how.insert(m.id, how);
        match span {
            Some(sp) if m.fragments.is_empty() => placed.push((m.id, sp)),
            _ => orphans.push(Orphaned {
                // Its context goes with it: the text it was in is gone.
                mention: Mention {
                    prefix: s.article.prefix(m.span, CONTEXT_CHARS),
                    suffix: s.article.suffix(m.span, CONTEXT_CHARS),
                    ..m.clone()
                },
                old_start: m.span.start,
            }),
        }
    }
    for (id, sp) in placed {
        if let Some(old) = s.mentions.get(&id) {
            let mut m = out.make_mention(id, sp, &old.entity_type, old.entity);
            m.attributes = old.attributes.clone();
            m.note = old.note.clone();
            m.more_notes = old.more_notes.clone();
            m.made = old.made.clone();
            out.mentions.insert(id, m);
        }
    }
    for o in &orphans {
        out.mentions.remove(&o.mention.id);
    }
    move_events(s, &mut out, (&map, &text), (&old_n, &new_n));
    out.orphaned.extend(orphans);
    cleanup(&mut out);
    out.after_load();
    Ok((out, report))
}

/// A mention found only by its context or a near match, on the words another mention of its
/// type already has (the other one's own words, say, when its own were deleted), is orphaned
/// rather than put twice on one place: a session holds one mention per span and type.
fn not_on_another(found: &mut [(&Mention, Placed, Option<Span>, f64)]) {
    let mut taken = std::collections::HashSet::new();
    // The surest first: what moved with the text, then by context, then near matches; within
    // each, the better agreeing context or match.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&i, &j| {
        (found[i].1 as u8)
            .cmp(&(found[j].1 as u8))
            .then(found[j].3.total_cmp(&found[i].3))
    });
    for i in order {
        let (m, how, span, _) = &mut found[i];
        if let Some(sp) = *span
            && !taken.insert((sp, m.entity_type.clone()))
        {
            (*how, *span) = (Placed::Orphaned, None);
        }
    }
}

/// Triggers and relation evidence follow their words; one that cannot is dropped from the
/// event (the event itself stays).
fn move_events(
    s: &Session,
    out: &mut Session,
    (map, text): (&Map, &Text),
    (old_n, new_n): (&Norm, &Norm),
) {
    let to_new = |sp: Span| {
        let quote = s.article.slice(sp).unwrap_or_default();
        let (p, x) = (s.article.prefix(sp, 24), s.article.suffix(sp, 24));
        let (q, p, x) = (nfc(quote), nfc(&p), nfc(&x));
        place(map, text, old_n.forward(sp), &q, &p, &x)
            .1
            .map(|sp| new_n.back(sp))
    };
    for e in out.events.values_mut() {
        if let Some(t) = e.trigger {
            e.trigger = to_new(t);
            e.trigger_fragments.clear();
        }
    }
    for r in out.relations.values_mut() {
        if let Some(t) = r.evidence {
            r.evidence = to_new(t);
        }
    }
}

/// References to mentions taken out are cleared; entities left without a mention stay (their
/// events and relations still name them).
fn cleanup(s: &mut Session) {
    let ids: std::collections::HashSet<MentionId> = s.mentions.keys().copied().collect();
    for e in s.events.values_mut() {
        for a in &mut e.arguments {
            a.mention = a.mention.filter(|m| ids.contains(m));
        }
    }
    for r in s.relations.values_mut() {
        r.from_mention = r.from_mention.filter(|m| ids.contains(m));
        r.to_mention = r.to_mention.filter(|m| ids.contains(m));
    }
    for e in s.entities.values_mut() {
        if let Some(b) = e.brat.as_mut() {
            b.kb_mention = b.kb_mention.filter(|m| ids.contains(m));
        }
    }
}

#[cfg(test)]
mod tests;
