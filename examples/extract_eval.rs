//! Scores Dossier's HTML import against a corpus of saved pages with their expected article text,
//! in the layout of Mozilla Readability's test pages: `NAME/source.html`, `NAME/expected.html`,
//! `NAME/expected-metadata.json` (`title`, `publishedTime`). `resources/eval/run` fetches that
//! corpus at evaluation time and keeps none of it.
//!
//! ```text
//! cargo run --release --example extract_eval -- PAGES [--texts DIR] [--dump DIR] [--pages news|all] [--worst N]
//! ```
//! `--texts DIR` scores another extractor's output instead (`DIR/NAME.txt`, and `DIR/NAME.meta`
//! with the title on line 1 and the date on line 2), so candidates are measured the same way.
//! `--dump DIR` writes what was found and what was expected (`NAME.got.txt`, `NAME.want.txt`) to compare.

use dossier::io::import::{ArticleKind, import_article_bytes};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Real news and magazine pages of the corpus (the rest are blogs, wikis and parser edge cases).
const NEWS: &[&str] = &[
    "aktualne",
    "ars-1",
    "bbc-1",
    "breitbart",
    "buzzfeed-1",
    "citylab-1",
    "cnet",
    "cnn",
    "engadget",
    "folha",
    "gmw",
    "guardian-1",
    "heise",
    "herald-sun-1",
    "la-nacion",
    "lemonde-1",
    "liberation-1",
    "lwn-1",
    "medicalnewstoday",
    "msn",
    "nytimes-1",
    "nytimes-2",
    "nytimes-3",
    "nytimes-4",
    "nytimes-5",
    "qq",
    "quanta-1",
    "salon-1",
    "seattletimes-1",
    "telegraph",
    "theverge",
    "tmz-1",
    "wapo-1",
    "wapo-2",
    "yahoo-1",
    "yahoo-2",
    "yahoo-3",
    "yahoo-4",
];

struct Score {
    name: String,
    precision: f64,
    recall: f64,
    f1: f64,
    title_ok: Option<bool>,
    /// The title found and the one expected, when they differ.
    title_diff: Option<(String, String)>,
    date_ok: Option<bool>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(pages) = args.first().map(PathBuf::from) else {
        eprintln!(
            "usage: extract_eval PAGES [--texts DIR] [--dump DIR] [--pages news|all] [--worst N]"
        );
        std::process::exit(2);
    };
    let opt = |k: &str| {
        args.iter()
            .position(|a| a == k)
            .and_then(|i| args.get(i + 1))
    };
    let texts = opt("--texts").map(PathBuf::from);
    let dump = opt("--dump").map(PathBuf::from);
    let only_news = opt("--pages").is_none_or(|p| p == "news");
    let worst: usize = opt("--worst").and_then(|n| n.parse().ok()).unwrap_or(5);

    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().join("source.html").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.retain(|n| !only_news || NEWS.contains(&n.as_str()));
    names.sort();
    if names.is_empty() {
        eprintln!("no pages found in {}", pages.display());
        std::process::exit(1);
    }
    let started = std::time::Instant::now();
    let scores: Vec<Score> = names
        .iter()
        .map(|n| score(&pages.join(n), n, texts.as_deref(), dump.as_deref()))
        .collect();
    report(&scores, started.elapsed(), worst);
}

fn score(dir: &Path, name: &str, texts: Option<&Path>, dump: Option<&Path>) -> Score {
    let read = |p: PathBuf| std::fs::read_to_string(p).unwrap_or_default();
    let expected = html_text(&read(dir.join("expected.html")));
    let meta = read(dir.join("expected-metadata.json"));
    let want_title = json_field(&meta, "title");
    let want_date = json_field(&meta, "publishedTime");
    let (text, title, date) = match texts {
        Some(t) => {
            let m = read(t.join(format!("{name}.meta")));
            let mut lines = m.lines().map(str::to_owned);
            (
                read(t.join(format!("{name}.txt"))),
                lines.next(),
                lines.next(),
            )
        }
        None => {
            let bytes = std::fs::read(dir.join("source.html")).unwrap_or_default();
            match import_article_bytes(&bytes, ArticleKind::Html, "") {
                Ok(a) => (a.text.to_string(), Some(a.title), a.published),
                Err(e) => {
                    eprintln!("{name}: {e}");
                    (String::new(), None, None)
                }
            }
        }
    };
    if let Some(d) = dump {
        let write = |file: String, s: &str| {
            if let Err(e) = std::fs::write(d.join(file), s) {
                eprintln!("{name}: cannot write into {}: {e}", d.display());
            }
        };
        write(format!("{name}.got.txt"), &text);
        write(format!("{name}.want.txt"), &expected);
    }
    let (precision, recall, f1) = overlap(&words(&text), &words(&expected));
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let got_title = norm(&title.unwrap_or_default());
    // Right when equal, or when what is missing is the site's name after a separator: the
    // corpus keeps "… - Wikipedia", Dossier drops it on purpose.
    let title_ok = want_title.as_deref().map(|w| {
        let w = norm(w);
        w == got_title
            || (!got_title.is_empty()
                && w.strip_prefix(&got_title).is_some_and(|rest| {
                    [" - ", " | ", " – ", " — ", " · ", " :: "]
                        .iter()
                        .any(|sep| rest.starts_with(sep))
                }))
    });
    Score {
        name: name.to_owned(),
        precision,
        recall,
        f1,
        title_ok,
        title_diff: (title_ok == Some(false)).then(|| (got_title, want_title.unwrap_or_default())),
        date_ok: want_date
            .and_then(|w| day(&w))
            .map(|w| date.and_then(|d| day(&d)) == Some(w)),
    }
}

/// Word-bag overlap: precision, recall and F1 of `got` against `want`.
fn overlap(got: &HashMap<String, usize>, want: &HashMap<String, usize>) -> (f64, f64, f64) {
    let total = |m: &HashMap<String, usize>| m.values().sum::<usize>() as f64;
    let common: usize = got
        .iter()
        .map(|(w, n)| (*n).min(want.get(w).copied().unwrap_or(0)))
        .sum();
    let (g, w) = (total(got), total(want));
    let p = if g > 0.0 { common as f64 / g } else { 0.0 };
    let r = if w > 0.0 { common as f64 / w } else { 1.0 };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Lower-cased runs of letters and digits; each CJK character counts as a word of its own.
fn words(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    let mut cur = String::new();
    let cjk = |c: char| matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x9fff | 0xac00..=0xd7af);
    for c in text.chars() {
        if cjk(c) {
            if !cur.is_empty() {
                *bag.entry(std::mem::take(&mut cur)).or_insert(0) += 1;
            }
            *bag.entry(c.to_string()).or_insert(0) += 1;
        } else if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            *bag.entry(std::mem::take(&mut cur)).or_insert(0) += 1;
        }
    }
    if !cur.is_empty() {
        *bag.entry(cur).or_insert(0) += 1;
    }
    bag
}

/// All text of an HTML fragment (the expected article), entities decoded by the parser.
fn html_text(html: &str) -> String {
    let doc = scraper::Html::parse_fragment(html);
    doc.root_element().text().collect::<Vec<_>>().join(" ")
}

/// A top-level string field of a small JSON object.
fn json_field(json: &str, key: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    v.get(key)?.as_str().map(str::to_owned)
}

/// The first `YYYY-MM-DD` in a date string.
fn day(s: &str) -> Option<String> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let d = &s.get(i..i + 10)?;
        let ok = d.bytes().enumerate().all(|(j, c)| match j {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        });
        ok.then(|| d.to_string())
    })
}

fn report(scores: &[Score], took: std::time::Duration, worst: usize) {
    let n = scores.len() as f64;
    let mean = |f: fn(&Score) -> f64| scores.iter().map(f).sum::<f64>() / n;
    let mut f1s: Vec<f64> = scores.iter().map(|s| s.f1).collect();
    f1s.sort_by(f64::total_cmp);
    let median = f1s[f1s.len() / 2];
    let rate = |f: fn(&Score) -> Option<bool>| {
        let v: Vec<bool> = scores.iter().filter_map(f).collect();
        let ok = v.iter().filter(|b| **b).count();
        format!("{ok}/{}", v.len())
    };
    println!("pages            {}", scores.len());
    println!("mean F1          {:.3}", mean(|s| s.f1));
    println!("median F1        {median:.3}");
    println!("mean precision   {:.3}", mean(|s| s.precision));
    println!("mean recall      {:.3}", mean(|s| s.recall));
    println!(
        "title            {}  (right, or right but for the site name after a separator)",
        rate(|s| s.title_ok)
    );
    println!("date (same day)  {}", rate(|s| s.date_ok));
    println!("time             {:.2} s", took.as_secs_f64());
    let mut by_f1: Vec<&Score> = scores.iter().collect();
    by_f1.sort_by(|a, b| a.f1.total_cmp(&b.f1));
    for s in by_f1.iter().take(worst) {
        println!(
            "  worst: {:<22} F1 {:.3}  P {:.3}  R {:.3}",
            s.name, s.f1, s.precision, s.recall
        );
    }
    for s in scores.iter().filter(|s| s.title_diff.is_some()).take(worst) {
        if let Some((got, want)) = &s.title_diff {
            println!("  title: {:<22} got {got:?}, want {want:?}", s.name);
        }
    }
}
