//! Measures re-anchoring the way an article changes between two saves: seeded realistic edits
//! (typos fixed, sentences inserted and deleted, a paragraph moved, straight quotes made curly)
//! over an annotated news text, each mention's right place tracked through every edit; then
//! `reanchor` and a count of mentions placed exactly where they belong, reported (near match or
//! orphaned), and placed somewhere else without a word (the failure that matters).
//!
//! ```text
//! cargo run --release --example reanchor_eval -- [SESSION.ron] [EDIT_PERCENT] [SEEDS]
//! ```
//! Without a session, the seeded 100 KB synthetic one.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tools a panic is a failed run.

use dossier::analysis::reanchor::{Placed, reanchor};
use dossier::model::{MentionId, Session, Span};
use std::collections::BTreeMap;

/// A tiny seeded generator (xorshift), so that runs repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The text being edited and where each mention should end up (`None`: its own words changed).
struct Edited {
    text: Vec<char>,
    expected: BTreeMap<MentionId, Option<Span>>,
}

impl Edited {
    /// Replace chars `a..b` with `new`: mentions after shift, mentions touched lose their place.
    fn replace(&mut self, a: usize, b: usize, new: &[char]) {
        self.text.splice(a..b, new.iter().copied());
        let delta = new.len() as isize - (b - a) as isize;
        for e in self.expected.values_mut() {
            *e = match *e {
                Some(s) if s.end <= a => Some(s),
                Some(s) if s.start >= b => Some(Span::new(
                    (s.start as isize + delta) as usize,
                    (s.end as isize + delta) as usize,
                )),
                _ => None,
            };
        }
    }

    /// Move the paragraph `a..b` to `to` (an offset in the text without it): its mentions go
    /// with it.
    fn move_range(&mut self, a: usize, b: usize, to: usize) {
        let piece: Vec<char> = self.text[a..b].to_vec();
        let inside: Vec<(MentionId, Span)> = self
            .expected
            .iter()
            .filter_map(|(id, e)| e.filter(|s| s.start >= a && s.end <= b).map(|s| (*id, s)))
            .collect();
        for (id, _) in &inside {
            self.expected.insert(*id, Some(Span::new(0, 0)));
        }
        self.replace(a, b, &[]);
        self.replace(to, to, &piece);
        for (id, s) in inside {
            self.expected
                .insert(id, Some(Span::new(to + s.start - a, to + s.end - a)));
        }
    }

    fn len(&self) -> usize {
        self.text.len()
    }
}

fn boundaries(text: &[char], pat: &str) -> Vec<usize> {
    let p: Vec<char> = pat.chars().collect();
    (0..text.len().saturating_sub(p.len()))
        .filter(|&i| text[i..i + p.len()] == p[..])
        .map(|i| i + p.len())
        .collect()
}

fn edit(s: &Session, percent: f64, rng: &mut Rng) -> (String, BTreeMap<MentionId, Option<Span>>) {
    let mut e = Edited {
        text: s.article.text.chars().collect(),
        expected: s.mentions.values().map(|m| (m.id, Some(m.span))).collect(),
    };
    let budget = (e.len() as f64 * percent / 100.0) as usize;
    let mut spent = 0;
    let inserted: Vec<char> = "The ministry did not reply to a request for comment. "
        .chars()
        .collect();
    while spent < budget {
        match rng.below(10) {
            // A typo fixed: one letter of a word changed.
            0..=3 => {
                let i = rng.below(e.len());
                if e.text[i].is_alphabetic() {
                    let c = if e.text[i] == 'e' { 'a' } else { 'e' };
                    e.replace(i, i + 1, &[c]);
                    spent += 1;
                }
            }
            // A sentence inserted after a full stop.
            4..=5 => {
                let b = boundaries(&e.text, ". ");
                if !b.is_empty() {
                    let at = b[rng.below(b.len())];
                    e.replace(at, at, &inserted);
                    spent += inserted.len();
                }
            }
            // A sentence deleted.
            6 => {
                let b = boundaries(&e.text, ". ");
                if b.len() > 2 {
                    let k = rng.below(b.len() - 1);
                    let (a, z) = (b[k], b[k + 1]);
                    if z - a < 400 {
                        e.replace(a, z, &[]);
                        spent += z - a;
                    }
                }
            }
            // A paragraph moved.
            7 => {
                let b = boundaries(&e.text, "\n\n");
                if b.len() > 3 {
                    let k = rng.below(b.len() - 1);
                    let (a, z) = (b[k], b[k + 1]);
                    if z - a < 1500 {
                        let to_k = rng.below(b.len());
                        let to = b[to_k];
                        if to <= a || to >= z {
                            let to = if to > z { to - (z - a) } else { to };
                            e.move_range(a, z, to);
                            spent += z - a;
                        }
                    }
                }
            }
            // Straight quotes made curly (same length: nothing moves).
            _ => {
                if let Some(i) = (0..e.len())
                    .map(|k| (k + rng.below(e.len())) % e.len())
                    .take(200)
                    .find(|&k| e.text[k] == '"')
                {
                    e.replace(i, i + 1, &['“']);
                    spent += 1;
                }
            }
        }
    }
    (e.text.iter().collect(), e.expected)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let session = match args.next().filter(|a| a.ends_with(".ron")) {
        Some(p) => {
            dossier::io::load_session(std::path::Path::new(&p))
                .unwrap()
                .0
        }
        None => dossier::analysis::synth::session(
            dossier::analysis::synth::Size::named("100k").unwrap(),
        ),
    };
    let percent: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5.0);
    let seeds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let (mut exact, mut kept, mut reported, mut silent, mut changed, mut total) =
        (0, 0, 0, 0, 0, 0);
    let mut time = std::time::Duration::ZERO;
    for seed in 1..=seeds {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
        let (text, expected) = edit(&session, percent, &mut rng);
        let t = std::time::Instant::now();
        let (out, report) = reanchor(&session, &text).unwrap();
        time += t.elapsed();
        for (id, want) in &expected {
            total += 1;
            let how = report.how.get(id).copied().unwrap_or(Placed::Orphaned);
            let got = out.mentions.get(id).map(|m| m.span);
            match (want, how) {
                (Some(w), Placed::Moved | Placed::ByContext) if got == Some(*w) => {
                    exact += 1;
                    kept += 1;
                }
                (Some(_), Placed::Fuzzy | Placed::Orphaned) => {
                    kept += 1;
                    reported += 1;
                }
                (Some(_), _) => {
                    kept += 1;
                    silent += 1;
                }
                (None, Placed::Fuzzy | Placed::Orphaned) => {
                    changed += 1;
                    reported += 1;
                }
                // Its words changed, yet the same quote was found: right only if it overlaps
                // where the words were.
                (None, _) => changed += 1,
            }
        }
    }
    let pct = |n: usize, d: usize| 100.0 * n as f64 / d.max(1) as f64;
    println!(
        "{seeds} runs, {percent} % of the text edited, {total} mentions ({changed} had their own words changed):"
    );
    println!(
        "  placed exactly where they belong: {exact} of {kept} whose words survived ({:.2} %)",
        pct(exact, kept)
    );
    println!("  reported (near match or orphaned): {reported}");
    println!("  placed elsewhere without a word: {silent}");
    println!(
        "  re-anchoring took {:.0} ms a run",
        time.as_secs_f64() * 1000.0 / seeds as f64
    );
}
