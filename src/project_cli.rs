//! `dossier project …`: make a project folder, add articles to it, and say what it holds.

use anyhow::{Result, bail};
use dossier::io::project::{self, AddReport};
use dossier::model::project::ArticleStatus;
use dossier::model::schema::presets;
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum ProjectCmd {
    /// Make a project folder (dossier-project.ron and articles/), empty or from a folder of
    /// articles (.txt, .md, .html, .pdf) and brat documents (.ann with its .txt).
    New {
        dir: PathBuf,
        /// Add every article file of this folder.
        #[arg(long, value_name = "FOLDER")]
        from: Option<PathBuf>,
        /// The project's name (default: the folder's).
        #[arg(long)]
        name: Option<String>,
        /// Schema preset: news-events (default) or ace2005 (a brat folder brings its own).
        #[arg(long, default_value = presets::NEWS_EVENTS)]
        schema: String,
    },
    /// Add article files, brat documents or whole folders of them to a project.
    Add {
        dir: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Find text (ignoring case) or a regular expression in every article, grouped by article.
    Find {
        dir: PathBuf,
        pattern: String,
        /// PATTERN is a regular expression.
        #[arg(long)]
        regex: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Export every article: csv (one event table with an article column), jsonld (one list of
    /// annotation collections), brat (a folder: .txt/.ann per article, one annotation.conf), or
    /// the project map (registry entries linked by every article's events and relations) as
    /// graphml, svg or png.
    Export {
        dir: PathBuf,
        #[arg(long, value_enum)]
        format: crate::ExportFormat,
        /// The output file (a folder for brat).
        #[arg(short, long)]
        output: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
    /// Let git merge this clone's Dossier files three ways by id: registers `dossier
    /// merge-driver` in the clone's git config and marks *.ron in .gitattributes. Run it once in
    /// every clone.
    GitSetup { dir: PathBuf },
    /// Print what a project holds, and any article that cannot be opened (and why).
    Stats {
        dir: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: ProjectCmd) -> Result<()> {
    match cmd {
        ProjectCmd::GitSetup { dir } => crate::merge_cli::git_setup(&dir),
        ProjectCmd::New {
            dir,
            from,
            name,
            schema,
        } => {
            let schema = presets::load(&schema).map_err(anyhow::Error::msg)?;
            let name = name.unwrap_or_else(|| folder_name(&dir));
            let mut p = project::create_project(&dir, &name, schema)?;
            println!("Created project “{name}” in {}.", dir.display());
            if let Some(from) = from {
                let report = project::add_paths(&dir, &mut p, &[from])?;
                print_report(&report);
            }
            Ok(())
        }
        ProjectCmd::Add { dir, files } => {
            let mut p = project::load_project(&dir)?;
            let report = project::add_paths(&dir, &mut p, &files)?;
            print_report(&report);
            if report.added.is_empty() && !report.failed.is_empty() {
                bail!("no article was added");
            }
            Ok(())
        }
        ProjectCmd::Stats { dir, json } => stats(&dir, json),
        ProjectCmd::Export {
            dir,
            format,
            output,
            force,
        } => {
            let p = project::load_project(&dir)?;
            let w = dossier::analysis::project_export::export(
                &dir,
                &p,
                format.format(),
                &output,
                force,
            )
            .map_err(anyhow::Error::msg)?;
            for warning in &w.warnings {
                eprintln!("{warning}");
            }
            println!(
                "Wrote {} files for {} articles.",
                w.files.len(),
                p.articles.len()
            );
            Ok(())
        }
        ProjectCmd::Find {
            dir,
            pattern,
            regex,
            json,
        } => find(&dir, &pattern, regex, json),
    }
}

fn folder_name(dir: &Path) -> String {
    std::path::absolute(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Dossier project".into())
}

fn print_report(r: &AddReport) {
    for (given, existing) in &r.duplicates {
        eprintln!(
            "{}: the same text is already in the project ({existing}); not added again",
            given.display()
        );
    }
    for (given, why) in &r.failed {
        eprintln!("{}: not added: {why}", given.display());
    }
    println!(
        "{} articles added, {} already there, {} not added.",
        r.added.len(),
        r.duplicates.len(),
        r.failed.len()
    );
}

fn stats(dir: &Path, json: bool) -> Result<()> {
    let p = project::load_project(dir)?;
    let problems: Vec<(String, String)> = p
        .articles
        .iter()
        .filter_map(|a| project::article_problem(dir, a).map(|why| (a.file.clone(), why)))
        .collect();
    let t = p.totals();
    let count = |s: ArticleStatus| p.articles.iter().filter(|a| a.status == s).count();
    if json {
        let v = serde_json::json!({
            "name": p.name,
            "articles": p.articles.len(),
            "status": {
                "new": count(ArticleStatus::New),
                "in_progress": count(ArticleStatus::InProgress),
                "done": count(ArticleStatus::Done),
            },
            "characters": t.chars,
            "mentions": t.mentions,
            "entities": t.entities,
            "events": t.events,
            "problems": problems
                .iter()
                .map(|(file, why)| serde_json::json!({"file": file, "why": why}))
                .collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    println!("Project “{}”: {} articles", p.name, p.articles.len());
    for s in [
        ArticleStatus::New,
        ArticleStatus::InProgress,
        ArticleStatus::Done,
    ] {
        println!("  {}: {}", s.name(), count(s));
    }
    println!(
        "{} characters, {} mentions, {} entities, {} events",
        t.chars, t.mentions, t.entities, t.events
    );
    for (file, why) in &problems {
        println!("cannot open {file}: {why}");
    }
    Ok(())
}

fn find(dir: &Path, pattern: &str, regex: bool, json: bool) -> Result<()> {
    let p = project::load_project(dir)?;
    let found = dossier::analysis::project_search::find(dir, &p, pattern, regex)
        .map_err(|e| anyhow::anyhow!("not a usable regular expression: {e}"))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&found)?);
        return Ok(());
    }
    for a in &found.articles {
        println!("{} — {} ({} hits)", a.file, a.title, a.hits.len());
        for h in &a.hits {
            println!("  {}-{}\t{}", h.span.start, h.span.end, h.context);
        }
    }
    for (file, why) in &found.unreadable {
        eprintln!("not searched: {file}: {why}");
    }
    eprintln!(
        "{} hits in {} of {} articles",
        found.total(),
        found.articles.len(),
        p.articles.len()
    );
    Ok(())
}
