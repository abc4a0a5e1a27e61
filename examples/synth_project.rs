//! Writes a seeded synthetic project of N articles (about 5 KB of text, 50 mentions, 20 entities
//! and 10 events each; every entity linked to one of up to 5 N registry entries, a few of them
//! in very many articles) and times what a project costs to open, check, search and export from
//! the command line. `examples/project_stats` times the window on it.
//!
//! ```text
//! cargo run --release --example synth_project -- 10000 /tmp/big-project
//! ```

use dossier::io::project::load_project;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .ok_or("usage: synth_project N DIR")?;
    let dir = PathBuf::from(args.next().ok_or("usage: synth_project N DIR")?);
    if dir.join(dossier::io::project::PROJECT_FILE).exists() {
        return Err(format!("{} already holds a project", dir.display()).into());
    }
    let t = Instant::now();
    let p = dossier::analysis::synth::write_project(&dir, n)?;
    let t0 = p.totals();
    let (chars, mentions) = (t0.chars, t0.mentions);
    println!(
        "{n} articles, {chars} characters, {mentions} mentions, {} registry entries written in {:.1} s",
        p.registry.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let back = load_project(&dir)?;
    println!(
        "open the project file ({} articles, {} KB): {:.0} ms",
        back.articles.len(),
        std::fs::metadata(dir.join(dossier::io::project::PROJECT_FILE))?.len() / 1024,
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let (s, _) = dossier::io::load_session(&dir.join(&back.articles[n / 2].file))?;
    println!(
        "open one article ({} mentions): {:.1} ms",
        s.mentions.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    for (what, pattern, regex) in [
        ("first find (builds the cache)", "Thursday", false),
        ("next find", "Halvern Ministry", false),
        ("regex find", r"\b(Thurs|Wednes)day\b", true),
    ] {
        let t = Instant::now();
        let found = dossier::analysis::project_search::find(&dir, &back, pattern, regex)?;
        println!(
            "{what} “{pattern}”: {} hits in {} articles, {:.0} ms",
            found.total(),
            found.articles.len(),
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(())
}
