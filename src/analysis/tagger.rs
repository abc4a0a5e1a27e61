//! A tagger that learns from the analyst: an averaged perceptron over tokens (BIO labels, greedy
//! left to right) with word, shape, affix, capitalisation and context features, trained on the
//! session's own mentions and predicting the rest of the text. Nothing pretrained.
//!
//! What it learns from: the paragraphs up to the one holding the last annotated mention (an
//! analyst annotates from the top; text further on is not known to be free of names, so it is
//! not taught as "no name here").

use super::suggest::{Source, Suggestion, Taken, free_span};
use crate::model::{Session, Span};
use std::collections::HashMap;
use std::sync::Arc;

/// Passes over the training text.
const EPOCHS: usize = 5;
/// Fewer annotated names than this teach nothing reliable (one GPE teaches "every capital
/// letter is a GPE"): the tagger keeps quiet until the analyst has made this many.
pub const MIN_MENTIONS: usize = 12;
/// Finds below this confidence are not shown.
const MIN_CONFIDENCE: f32 = 0.6;

/// At most this many tokens of an article are learnt from (each pass keeps their features): a
/// 10 MB article annotated throughout has two million, and a perceptron learns no more from
/// them than from a CoNLL-sized sample, at ten times the memory.
const LEARN_TOKENS: usize = 200_000;

/// A word or a punctuation mark, with its place in the text (u32: a session file is at most
/// 256 MB, and an article has millions of tokens).
#[derive(Debug, Clone, Copy)]
struct Token {
    /// Bytes, then chars.
    bytes: (u32, u32),
    chars: (u32, u32),
}

impl Token {
    fn byte_range(self) -> std::ops::Range<usize> {
        self.bytes.0 as usize..self.bytes.1 as usize
    }

    fn char_start(self) -> usize {
        self.chars.0 as usize
    }

    fn char_end(self) -> usize {
        self.chars.1 as usize
    }
}

/// What one training or prediction run needs: the text and the annotated spans. Cheap to copy
/// from a session, so the window can train on another thread.
#[derive(Debug, Clone)]
pub struct TrainSet {
    pub text: std::sync::Arc<str>,
    /// Contiguous mentions: char span and type (one shared copy of each type: a big article has
    /// hundreds of thousands of mentions and a handful of types).
    pub mentions: Vec<(Span, Arc<str>)>,
    /// Every gazetteer name in the text, with the list's type: a feature, not a label.
    pub listed: Vec<(Span, Arc<str>)>,
    /// Other articles annotated by the analyst (a project's), learnt from whole.
    pub examples: Vec<TrainSet>,
}

impl TrainSet {
    pub fn of(s: &Session, lists: &super::gazetteer::Lists) -> Self {
        let mut types = super::suggest::Strings::default();
        let mentions = s
            .mentions
            .values()
            .filter(|m| m.fragments.is_empty())
            .map(|m| (m.span, types.get(&m.entity_type)))
            .collect();
        Self {
            text: s.article.text.clone(),
            mentions,
            listed: super::gazetteer::matches(s, lists),
            examples: Vec::new(),
        }
    }

    /// Learn from these other articles too (a project's annotated articles): each is read here
    /// (on the training thread); one that cannot be read is left out.
    pub fn with_examples(
        mut self,
        files: &[std::path::PathBuf],
        lists: &super::gazetteer::Lists,
    ) -> Self {
        for f in files {
            if let Ok((s, _)) = crate::io::load_session(f)
                && !s.mentions.is_empty()
            {
                self.examples.push(TrainSet::of(&s, lists));
            }
        }
        self
    }
}

/// A predicted name: span (chars), type, and how sure (0 to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub span: Span,
    /// Shared with every find of the type (a big article's tagger finds hundreds of thousands,
    /// and the window copies the list into each suggestions job).
    pub entity_type: Arc<str>,
    pub confidence: f32,
}

/// The words and marks of `text`, one at a time (a 10 MB article has two million: they are
/// read a stretch at a time, never all held).
fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let mut chars = text.char_indices().enumerate().peekable();
    std::iter::from_fn(move || {
        let (ci, (bi, c)) = chars.find(|(_, (_, c))| !c.is_whitespace())?;
        let (mut be, mut ce) = (bi + c.len_utf8(), ci + 1);
        if c.is_alphanumeric() {
            // A word goes on over letters, digits and a joining mark between two of them
            // ("al-Qaeda", "U.S", "O'Brien").
            while let Some(&(cj, (bj, d))) = chars.peek() {
                let joins = matches!(d, '-' | '.' | '\'' | '’' | '&')
                    && text[bj + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if d.is_alphanumeric() || joins {
                    chars.next();
                    (be, ce) = (bj + d.len_utf8(), cj + 1);
                } else {
                    break;
                }
            }
        }
        Some(Token {
            bytes: (bi as u32, be as u32),
            chars: (ci as u32, ce as u32),
        })
    })
}

fn shape(w: &str) -> String {
    let mut s = String::new();
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if !s.ends_with(k) || s.chars().rev().take_while(|&x| x == k).count() < 2 {
            s.push(k);
        }
    }
    s
}

/// FNV-1a: features are hashed, not stored as strings.
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// How many features a token has, and with the previous label's.
const N_FEATURES: usize = 14;
type Features = [u64; N_FEATURES];
type WithPrev = [u64; N_FEATURES + 1];

/// The tokens either side of one: none before the text's first, none after its last.
#[derive(Clone, Copy)]
struct Around {
    before: Option<Token>,
    after: Option<Token>,
}

impl Around {
    /// Token `i`'s neighbours in `toks`.
    fn of(toks: &[Token], i: usize) -> Self {
        Self {
            before: i.checked_sub(1).and_then(|j| toks.get(j)).copied(),
            after: toks.get(i + 1).copied(),
        }
    }
}

/// The features of `tok` (without the previous label's, added by the caller); `listed` is
/// its gazetteer label ("B-GPE", "I-GPE" or "O").
fn features(text: &str, tok: Token, around: Around, listed: &str) -> Features {
    let word = |t: Token| -> &str { &text[t.byte_range()] };
    let w = word(tok);
    let lower = w.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let pre: String = chars.iter().take(3).collect();
    let suf: String = chars[chars.len().saturating_sub(3)..].iter().collect();
    let sh = shape(w);
    let prev = around
        .before
        .map_or("<s>".into(), |t| word(t).to_lowercase());
    let next = around
        .after
        .map_or("</s>".into(), |t| word(t).to_lowercase());
    let prev_shape = around.before.map_or("<s>".into(), |t| shape(word(t)));
    let next_shape = around.after.map_or("</s>".into(), |t| shape(word(t)));
    let sentence_start = around
        .before
        .is_none_or(|t| matches!(word(t), "." | "!" | "?" | "\u{201c}" | "\""));
    [
        hash(&["bias"]),
        hash(&["w", &lower]),
        hash(&["pre", &pre]),
        hash(&["suf", &suf]),
        hash(&["shape", &sh]),
        hash(&["prev", &prev]),
        hash(&["next", &next]),
        hash(&["prevshape", &prev_shape]),
        hash(&["nextshape", &next_shape]),
        hash(&["prev+w", &prev, &lower]),
        hash(&["prev+shape", &prev, &sh]),
        hash(&["start+shape", if sentence_start { "1" } else { "0" }, &sh]),
        hash(&["listed", listed]),
        hash(&["listed+shape", listed, &sh]),
    ]
}

/// Averaged perceptron weights: per feature, one weight per label.
struct Model {
    labels: Vec<String>,
    w: HashMap<u64, Vec<f32>>,
    /// Sums for the average, and when each weight last changed.
    total: HashMap<u64, Vec<f32>>,
    stamp: HashMap<u64, Vec<u32>>,
    t: u32,
}

impl Model {
    fn scores(&self, feats: &[u64]) -> Vec<f32> {
        let mut s = vec![0.0; self.labels.len()];
        for f in feats {
            if let Some(ws) = self.w.get(f) {
                for (a, b) in s.iter_mut().zip(ws) {
                    *a += b;
                }
            }
        }
        s
    }

    fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        self.t += 1;
        if truth == guess {
            return;
        }
        let n = self.labels.len();
        for f in feats {
            let w = self.w.entry(*f).or_insert_with(|| vec![0.0; n]);
            let total = self.total.entry(*f).or_insert_with(|| vec![0.0; n]);
            let stamp = self.stamp.entry(*f).or_insert_with(|| vec![0; n]);
            for (label, delta) in [(truth, 1.0), (guess, -1.0)] {
                total[label] += (self.t - stamp[label]) as f32 * w[label];
                stamp[label] = self.t;
                w[label] += delta;
            }
        }
    }

    fn average(&mut self) {
        for (f, w) in &mut self.w {
            let (Some(total), Some(stamp)) = (self.total.get(f), self.stamp.get(f)) else {
                continue;
            };
            for l in 0..w.len() {
                let sum = total[l] + (self.t - stamp[l]) as f32 * w[l];
                w[l] = sum / self.t.max(1) as f32;
            }
        }
    }
}

/// BIO label indexes of `spans` over the tokens: 0 is O; 2k+1 is B-type k, 2k+2 is I-type k.
fn bio<'a>(
    spans: impl IntoIterator<Item = &'a (Span, Arc<str>)>,
    toks: &[Token],
    types: &[String],
) -> Vec<u16> {
    let mut labels = vec![0u16; toks.len()];
    let mut spans: Vec<&(Span, Arc<str>)> = spans.into_iter().collect();
    // Outer names first; a mention that crosses tokens or one already labelled is left out.
    spans.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
    for (span, ty) in spans {
        let Some(k) = types.iter().position(|t| **t == **ty) else {
            continue;
        };
        // The tokens it overlaps must lie wholly inside it (white space around is fine).
        let a = toks.partition_point(|t| t.char_end() <= span.start);
        let z = toks.partition_point(|t| t.char_start() < span.end);
        let aligned = a < z
            && toks[a].char_start() >= span.start
            && toks[z - 1].char_end() <= span.end
            && labels[a..z].iter().all(|&l| l == 0);
        if aligned {
            let b = u16::try_from(2 * k + 1).unwrap_or(u16::MAX);
            labels[a] = b;
            for l in &mut labels[a + 1..z] {
                *l = b.saturating_add(1);
            }
        }
    }
    labels
}

/// Label names as features name them: "O", then "B-" and "I-" of each type.
fn label_names(types: &[String]) -> Vec<String> {
    let mut labels = vec!["O".to_owned()];
    for t in types {
        labels.push(format!("B-{t}"));
        labels.push(format!("I-{t}"));
    }
    labels
}

/// The distinct types of these spans, sorted (not a string per span, sorted and deduplicated: a
/// big article has hundreds of thousands of mentions and a handful of types).
fn distinct_types<'a>(spans: impl Iterator<Item = &'a (Span, Arc<str>)>) -> Vec<String> {
    spans
        .map(|(_, t)| &**t)
        .collect::<std::collections::BTreeSet<&str>>()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Train on the annotated part of `set`, predict everything; names already annotated are left
/// for the caller to drop. Empty when nothing is annotated.
pub fn predict(set: &TrainSet) -> Vec<Found> {
    predict_by(set, reading::STRETCH_BYTES)
}

/// [`predict`], the text labelled `stretch` bytes at a time.
fn predict_by(set: &TrainSet, stretch: usize) -> Vec<Found> {
    let all = || std::iter::once(set).chain(&set.examples);
    let types = distinct_types(all().flat_map(|x| &x.mentions));
    if all().map(|x| x.mentions.len()).sum::<usize>() < MIN_MENTIONS {
        return Vec::new();
    }
    let list_types = distinct_types(all().flat_map(|x| &x.listed));
    let lists = ListLabels {
        names: label_names(&list_types),
        types: list_types,
    };
    let labels = label_names(&types);
    let prev_hashes: Vec<u64> = (0..labels.len())
        .map(|l| hash(&["prevlabel", &l.to_string()]))
        .collect();
    let mut model = Model {
        labels,
        w: HashMap::new(),
        total: HashMap::new(),
        stamp: HashMap::new(),
        t: 0,
    };
    // The article itself is learnt to the end of the paragraph of its last mention.
    let last = set.mentions.iter().map(|(s, _)| s.end).max().unwrap_or(0);
    let last_byte = set
        .text
        .char_indices()
        .nth(last)
        .map_or(set.text.len(), |(b, _)| b);
    let para_end = set.text[last_byte..]
        .find("\n\n")
        .map_or(set.text.len(), |p| last_byte + p);
    let learnt = if set.mentions.is_empty() {
        0
    } else {
        LEARN_TOKENS
    };
    let this = Doc::of(set, para_end, learnt, &types, &lists);
    let others: Vec<Doc> = set
        .examples
        .iter()
        .map(|x| Doc::of(x, x.text.len(), LEARN_TOKENS, &types, &lists))
        .collect();
    for _ in 0..EPOCHS {
        for d in &others {
            learn(&mut model, d, &prev_hashes);
        }
        learn(&mut model, &this, &prev_hashes);
    }
    model.average();
    let labels = reading::Labels {
        model: &model,
        types: &types,
        prev_hashes: &prev_hashes,
        lists: &lists,
    };
    reading::decode(&labels, set, &this.learnt, stretch)
}

/// The part of a text learnt from: the features of its tokens (every pass uses them) and their
/// gold labels. The rest of the text is labelled a stretch at a time ([`reading::decode`]),
/// so that memory does not grow with the article.
struct Doc {
    gold: Vec<u16>,
    learnt: Vec<Features>,
}

/// The gazetteer's types as they are numbered across all the texts, and their label names.
struct ListLabels {
    types: Vec<String>,
    names: Vec<String>,
}

impl ListLabels {
    /// A gazetteer label's name, as the features name it.
    fn name(&self, label: u16) -> &str {
        self.names
            .get(usize::from(label))
            .map_or("O", String::as_str)
    }
}

impl Doc {
    /// The tokens of `set` that start before byte `end`, at most `limit` of them.
    fn of(set: &TrainSet, end: usize, limit: usize, types: &[String], lists: &ListLabels) -> Self {
        let mut all = tokens(&set.text).peekable();
        let mut toks = Vec::new();
        while toks.len() < limit
            && let Some(t) = all.next_if(|t| (t.bytes.0 as usize) < end)
        {
            toks.push(t);
        }
        let n = toks.len();
        // The next one is the last one's context.
        toks.extend(all.next());
        let gold = bio(&set.mentions, &toks, types);
        let listed = bio(&set.listed, &toks, &lists.types);
        let learnt = (0..n)
            .map(|i| {
                let name = lists.name(listed[i]);
                features(&set.text, toks[i], Around::of(&toks, i), name)
            })
            .collect();
        Self { gold, learnt }
    }
}

fn with_prev(f: &Features, prev: usize, prev_hashes: &[u64]) -> WithPrev {
    let mut v = [0; N_FEATURES + 1];
    v[..N_FEATURES].copy_from_slice(f);
    v[N_FEATURES] = prev_hashes.get(prev).copied().unwrap_or_default();
    v
}

/// One pass of the perceptron over the tokens of `d` learnt from.
fn learn(model: &mut Model, d: &Doc, prev_hashes: &[u64]) {
    let mut prev = 0;
    for (f, gold) in d.learnt.iter().zip(&d.gold) {
        let f = with_prev(f, prev, prev_hashes);
        let guess = argmax(&model.scores(&f));
        model.update(&f, usize::from(*gold), guess);
        prev = guess;
    }
}

fn argmax(s: &[f32]) -> usize {
    let mut best = 0;
    for (i, v) in s.iter().enumerate() {
        if *v > s[best] {
            best = i;
        }
    }
    best
}

/// The tagger's finds as suggestions for `s` (those the session can take), joining an entity of
/// the same type named like the text, else a new one.
pub fn suggestions_from(s: &Session, found: &[Found]) -> Vec<Suggestion> {
    let taken = Taken::new(s);
    let text: &str = &s.article.text;
    // Entities by type and lowercased name or alias: looked up per find, not scanned.
    let mut named: HashMap<(&str, String), crate::model::EntityId> = HashMap::new();
    for e in s.entities.values() {
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            named
                .entry((e.entity_type.as_str(), n.trim().to_lowercase()))
                .or_insert(e.id);
        }
    }
    let lower_text = ordinary_words(text);
    let mut out = Vec::new();
    let mut strings = super::suggest::Strings::default();
    for f in found.iter().filter(|f| f.confidence >= MIN_CONFIDENCE) {
        let (Some(a), Some(z)) = (
            s.article.byte_of(f.span.start),
            s.article.byte_of(f.span.end),
        ) else {
            continue;
        };
        let found_text = &text[a..z];
        // A name has a letter, and one word that the text also writes in lower case ("The",
        // "Officials" at a sentence start) is an ordinary word, not a name.
        let one_word = !found_text.contains(char::is_whitespace);
        if !found_text.chars().any(char::is_alphabetic)
            || (one_word && lower_text.contains(found_text.to_lowercase().as_str()))
        {
            continue;
        }
        if found_text.contains("\n\n") || s.rejected.contains(&found_text.to_lowercase()) {
            continue;
        }
        if s.schema.entity_type(&f.entity_type).is_none() {
            continue;
        }
        let joins = named
            .get(&(&*f.entity_type, found_text.trim().to_lowercase()))
            .copied();
        let Some(span) = free_span(s, &taken, (a, z), joins) else {
            continue;
        };
        let name = match joins.and_then(|e| s.entities.get(&e)) {
            Some(e) => strings.get(&e.name),
            None => strings.get(&found_text.split_whitespace().collect::<Vec<_>>().join(" ")),
        };
        out.push(Suggestion {
            span,
            entity_type: strings.get(&f.entity_type),
            entity: joins,
            name,
            source: Source::Tagger,
            confidence: f.confidence,
            more: None,
        });
    }
    out
}

/// The words the text writes in lower case.
fn ordinary_words(text: &str) -> std::collections::HashSet<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect()
}

/// Train and predict now (the command line and tests; the window does it on another thread).
pub fn suggestions(s: &Session, lists: &super::gazetteer::Lists) -> Vec<Suggestion> {
    suggestions_from(s, &predict(&TrainSet::of(s, lists)))
}

mod reading;

#[cfg(test)]
#[path = "tagger_tests.rs"]
mod tests;
