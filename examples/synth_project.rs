//! Writes a seeded synthetic project of N articles (about 5 KB of text, 50 mentions, 10 events
//! each) and times what a project costs to open, check, search and export from the command line.
//!
//! ```text
//! cargo run --release --example synth_project -- 10000 /tmp/big-project
//! ```

use dossier::analysis::synth::{Size, session};
use dossier::io::project::{entry_for, load_project, save_project};
use dossier::model::project::Project;
use dossier::model::schema::presets;
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
    std::fs::create_dir_all(dir.join("articles"))?;
    let t = Instant::now();
    let mut p = Project::new("Synthetic project", presets::default_schema());
    let (mut chars, mut mentions) = (0, 0);
    for i in 0..n {
        let mut s = session(Size {
            bytes: 5_000,
            entities: 20,
            events: 10,
            relations: 5,
            seed: i as u64 + 1,
        });
        s.article.title = format!("Synthetic article {i}");
        let file = format!("articles/synth-{i:05}.ron");
        std::fs::write(dir.join(&file), dossier::io::session_to_string(&s)?)?;
        chars += s.article.char_len();
        mentions += s.mentions.len();
        p.insert(entry_for(&s, file, None));
    }
    save_project(&dir, &p)?;
    println!(
        "{n} articles, {chars} characters, {mentions} mentions written in {:.1} s",
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
