//! Labelling a whole text with the trained model, a stretch at a time: a 10 MB article has two
//! million tokens (32 MB of them, and their gazetteer labels beside), and the tagger runs beside
//! the window's suggestions job, so the text is tokenized and labelled a stretch at a time and
//! only the names found are kept.

use super::{
    Around, Features, Found, ListLabels, Model, Token, TrainSet, argmax, bio, features, tokens,
    with_prev,
};
use crate::model::Span;
use std::sync::Arc;

/// About this many bytes of text are tokenized and labelled at a time (a few thousand tokens).
pub(super) const STRETCH_BYTES: usize = 64 * 1024;

/// What labelling needs besides the text: the model, the types it labels, the previous label's
/// features and the gazetteer's label names.
pub(super) struct Labels<'a> {
    pub model: &'a Model,
    pub types: &'a [String],
    pub prev_hashes: &'a [u64],
    pub lists: &'a ListLabels,
}

/// Greedy left-to-right labels over the whole of `set`'s text, read off as names: a B and the
/// I of its type after it. `learnt` holds the features of the first tokens, worked out for
/// training; the others' are worked out here. Stretches end between two tokens that no
/// gazetteer name spans, so each token's labels and features are those of the whole text.
pub(super) fn decode(
    labels: &Labels<'_>,
    set: &TrainSet,
    learnt: &[Features],
    stretch: usize,
) -> Vec<Found> {
    let text: &str = &set.text;
    let mut listed: Vec<&(Span, Arc<str>)> = set.listed.iter().collect();
    listed.sort_by_key(|(s, _)| s.start);
    let mut names = Names::new(labels.types);
    let mut toks = tokens(text).peekable();
    // Tokens labelled so far, the last of them, and the gazetteer names given to a stretch.
    let (mut done, mut before, mut listed_from) = (0, None, 0);
    while let Some(first) = toks.peek().copied() {
        let aim = first.byte_range().start + stretch;
        let mut part: Vec<Token> = Vec::new();
        let mut listed_to = listed_from;
        // How far the gazetteer names that start in this stretch reach (chars).
        let mut reach = 0;
        while let Some(t) = toks.next() {
            part.push(t);
            let Some(next) = toks.peek() else {
                listed_to = listed.len();
                break;
            };
            while let Some((span, _)) = listed.get(listed_to).copied()
                && span.start < next.char_start()
            {
                reach = reach.max(span.end);
                listed_to += 1;
            }
            if next.byte_range().start >= aim && reach <= next.char_start() {
                break;
            }
        }
        let listed_here = bio(
            listed[listed_from..listed_to].iter().copied(),
            &part,
            &labels.lists.types,
        );
        listed_from = listed_to;
        let after_part = toks.peek().copied();
        for (i, &tok) in part.iter().enumerate() {
            let f = match learnt.get(done) {
                Some(f) => *f,
                None => {
                    let around = Around {
                        before,
                        after: part.get(i + 1).copied().or(after_part),
                    };
                    let name = labels.lists.name(listed_here[i]);
                    features(text, tok, around, name)
                }
            };
            names.label(labels, &f, tok);
            before = Some(tok);
            done += 1;
        }
    }
    names.finish()
}

/// A name being read: where it starts (chars), its type, the sum of its tokens' margins and how
/// many tokens it has.
struct Open {
    start: usize,
    kind: usize,
    margin: f32,
    tokens: usize,
}

/// The names read so far, the one being read, and the last token's label and end.
struct Names {
    types: Vec<Arc<str>>,
    out: Vec<Found>,
    open: Option<Open>,
    prev: usize,
    last_end: usize,
}

impl Names {
    fn new(types: &[String]) -> Self {
        Self {
            types: types.iter().map(|t| Arc::from(t.as_str())).collect(),
            out: Vec::new(),
            open: None,
            prev: 0,
            last_end: 0,
        }
    }

    /// Label the next token, whose features are `f`.
    fn label(&mut self, labels: &Labels<'_>, f: &Features, tok: Token) {
        let s = labels
            .model
            .scores(&with_prev(f, self.prev, labels.prev_hashes));
        let mut label = argmax(&s);
        let margin = {
            let mut sorted = s.clone();
            sorted.sort_by(|a, b| b.total_cmp(a));
            sorted[0] - sorted.get(1).copied().unwrap_or(0.0)
        };
        // An I that does not continue a name of its type starts one.
        if label > 0
            && label.is_multiple_of(2)
            && !matches!(&self.open, Some(o) if 2 * o.kind + 2 == label)
        {
            label -= 1;
        }
        match label {
            0 => self.close(),
            l if !l.is_multiple_of(2) => {
                self.close();
                self.open = Some(Open {
                    start: tok.char_start(),
                    kind: (l - 1) / 2,
                    margin,
                    tokens: 1,
                });
            }
            _ => {
                if let Some(o) = self.open.as_mut() {
                    o.margin += margin;
                    o.tokens += 1;
                }
            }
        }
        self.prev = label;
        self.last_end = tok.char_end();
    }

    /// The name being read ends with the last token labelled.
    fn close(&mut self) {
        if let Some(o) = self.open.take() {
            self.out.push(Found {
                span: Span::new(o.start, self.last_end),
                entity_type: self.types[o.kind].clone(),
                confidence: 1.0 / (1.0 + (-o.margin / o.tokens as f32).exp()),
            });
        }
    }

    fn finish(mut self) -> Vec<Found> {
        self.close();
        self.out
    }
}
