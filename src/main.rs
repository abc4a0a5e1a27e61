//! The `dossier` command: without a subcommand it opens the window.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use dossier::analysis::export::{self, Format};
use dossier::io;
use dossier::model::{Session, schema::presets};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod compare_cli;
mod merge_cli;
mod project_cli;

#[derive(Parser)]
#[command(
    name = "dossier",
    about = "Annotate news articles: entities, events and relations, saved as a RON session",
    args_conflicts_with_subcommands = true,
    disable_version_flag = true
)]
struct Cli {
    /// Print the version, the licence, the bundled data's sources and links (as Help ▸ About).
    #[arg(short = 'V', long)]
    version: bool,
    /// An article (.txt, .md, .html) or a session (.ron) to open in the window.
    file: Option<PathBuf>,
    /// Open FILE compared with another analyst's session of the same article, to curate.
    #[arg(long, value_name = "B.ron", requires = "file")]
    compare: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Create a session from an article.
    New {
        /// The article: .txt, .md or .html, in UTF-8, UTF-16 or a legacy encoding.
        article: PathBuf,
        /// Where to write the session.
        #[arg(short, long, value_name = "SESSION.ron")]
        output: PathBuf,
        /// Schema preset: news-events (default) or ace2005.
        #[arg(long, default_value = presets::NEWS_EVENTS)]
        schema: String,
        /// Overwrite OUTPUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check a session file; exits 0 when it is valid.
    Validate {
        session: PathBuf,
        /// Fail when anything had to be repaired (a quote or hash that no longer matches).
        #[arg(long)]
        strict: bool,
    },
    /// Create a session from a brat document (.txt + .ann, and annotation.conf if given).
    ImportBrat {
        txt: PathBuf,
        ann: PathBuf,
        /// brat's annotation.conf: becomes the session's schema.
        #[arg(long, value_name = "annotation.conf")]
        conf: Option<PathBuf>,
        #[arg(short, long, value_name = "SESSION.ron")]
        output: PathBuf,
        /// Overwrite OUTPUT if it exists.
        #[arg(long)]
        force: bool,
        /// Fail (and write nothing) when any line had to be left out.
        #[arg(long)]
        strict: bool,
    },
    /// Export a session: brat standoff, a CSV table of events, W3C Web Annotation JSON-LD, or the
    /// entity map as GraphML, SVG or PNG.
    Export {
        session: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file (for brat: the .ann, or a folder ending in /; the .txt and
        /// annotation.conf go beside it). Without it, text formats go to standard output and
        /// brat files or a PNG beside the session.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace files that exist (an existing annotation.conf that differs is always kept).
        #[arg(long)]
        force: bool,
        /// Also place names with this list's coordinates (CSV or TSV: name, type, QID,
        /// aliases, lat, lon); may be given more than once. Its entries win over the bundled
        /// world list's.
        #[arg(long, value_name = "FILE")]
        gazetteer: Vec<PathBuf>,
    },
    /// For the crash-safety test: save two sessions to TARGET in turn, forever.
    #[command(hide = true)]
    SaveLoop {
        a: PathBuf,
        b: PathBuf,
        target: PathBuf,
    },
    /// For the recovery test: hold a recovery copy of SESSION in DIR, as the window does, until
    /// killed.
    #[command(hide = true)]
    RecoveryHold { dir: PathBuf, session: PathBuf },
    /// Print the mentions suggested for a session or an article (an article: as a new session
    /// in the default schema, nothing annotated), none of them added: span (char offsets),
    /// text, type, the entity it would join, source and confidence.
    Suggest {
        session: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Only this source: propagation of known entities' names, the first pass's rules
        /// (people, dates, facilities), gazetteer names, or the tagger that learns from the
        /// session's annotations.
        #[arg(long, value_enum)]
        source: Option<SuggestSource>,
        /// Also suggest the names in this list (CSV or TSV: name, type, QID, aliases);
        /// may be given more than once. Its entries win over the bundled world list's.
        #[arg(long, value_name = "FILE")]
        gazetteer: Vec<PathBuf>,
        /// Leave out the bundled world list (countries, cities, organisations).
        #[arg(long)]
        no_world: bool,
        /// Also ask this external recommender: a command run with the article as JSON on its
        /// standard input, or a server's `http://` address sent the same JSON in a POST, answering
        /// a JSON list of spans (`NAME=COMMAND`, or the command alone; see
        /// resources/recommenders/). May be given more than once.
        #[arg(long, value_name = "[NAME=]COMMAND")]
        recommender: Vec<String>,
        /// Stop a recommender that has not answered after this many seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 30)]
        recommender_timeout: u64,
    },
    /// Print what a session holds.
    Stats {
        session: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Agreement between two analysts' sessions of the same article: mention spans (exact and
    /// overlapping, per type), Cohen's kappa on tokens, coreference (B³), events and their
    /// arguments by role, relations. A is the reference for precision and recall.
    Compare {
        a: PathBuf,
        b: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Also list every difference in text order, as the window's curation shows them.
        #[arg(long)]
        differences: bool,
    },
    /// Move a session's annotations onto a changed text of its article (text, Markdown, HTML,
    /// PDF): each follows the edit script, else its quote and context, else a near match;
    /// what cannot be placed is kept in the session as orphaned and listed.
    Reanchor {
        session: PathBuf,
        /// The article's new text.
        text: PathBuf,
        #[arg(short, long, value_name = "SESSION.ron")]
        output: PathBuf,
        /// Overwrite OUTPUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// git's merge driver for Dossier files: merges ANCESTOR, OURS and THEIRS three ways by id
    /// into OURS (registered by `dossier project git-setup`). Items changed two ways are kept
    /// as ours with theirs recorded as a conflict the window shows.
    MergeDriver {
        /// %O: the common ancestor (empty when there is none).
        ancestor: PathBuf,
        /// %A: our version; the merge is written here.
        ours: PathBuf,
        /// %B: their version.
        theirs: PathBuf,
        /// %P: the file's name in the repository, for messages.
        name: Option<String>,
    },
    /// Projects: a folder of many articles that share a schema (`dossier project --help`).
    Project {
        #[command(subcommand)]
        cmd: project_cli::ProjectCmd,
    },
    /// Print Dossier's licence and the notices of everything it is built from: every Rust
    /// crate's licence, the bundled data sets and fonts (as Help ▸ About).
    Licenses,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SuggestSource {
    /// Other occurrences of known entities' names, aliases and annotated words.
    Propagation,
    /// The first pass's rules: people (titles, first names, "X said"), their bare surnames,
    /// dates and facilities.
    Rules,
    /// Names from the gazetteers (the bundled world list and --gazetteer files).
    Gazetteer,
    /// Names the tagger finds after learning from the session's annotations.
    Tagger,
    /// Draft events: trigger words of the schema's lexicon, with arguments proposed from the
    /// mentions around them.
    Lexicon,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Brat,
    Csv,
    Jsonld,
    /// The entity graph as GraphML (Gephi, yEd, networkx).
    Graphml,
    /// A picture of the entity map.
    Svg,
    /// The same picture as PNG at twice its size.
    Png,
    /// A report someone reads without Dossier: one self-contained HTML file (article with its
    /// spans, entities, events, map, places and timeline; prints cleanly).
    Html,
    /// The places (Points) and the events at them as a GeoJSON FeatureCollection (QGIS,
    /// geojson.io).
    Geojson,
}

impl ExportFormat {
    fn format(self) -> Format {
        match self {
            ExportFormat::Brat => Format::Brat,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Jsonld => Format::JsonLd,
            ExportFormat::Graphml => Format::GraphMl,
            ExportFormat::Svg => Format::Svg,
            ExportFormat::Png => Format::Png,
            ExportFormat::Html => Format::Html,
            ExportFormat::Geojson => Format::GeoJson,
        }
    }
}

fn main() -> ExitCode {
    dossier::allocator::return_big_blocks();
    let cli = Cli::parse();
    if cli.version {
        return match print_all(&dossier::about::summary()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("dossier: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    let result = match cli.command {
        Some(cmd) => run(cmd),
        None => open_window(cli.file, cli.compare),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dossier: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "gui")]
fn open_window(file: Option<PathBuf>, compare: Option<PathBuf>) -> Result<()> {
    dossier::ui::run(file, compare).map_err(|e| anyhow::anyhow!("{e}"))
}

#[cfg(not(feature = "gui"))]
fn open_window(_file: Option<PathBuf>, _compare: Option<PathBuf>) -> Result<()> {
    bail!(
        "this dossier was built without the window (feature \"gui\"); use a subcommand, see --help"
    )
}

fn refuse_overwrite(output: &std::path::Path, force: bool) -> Result<()> {
    if output.exists() && !force {
        bail!(
            "{} already exists; pass --force to overwrite it",
            output.display()
        );
    }
    Ok(())
}

fn load(path: &std::path::Path) -> Result<Session> {
    load_reporting(path).map(|(s, _)| s)
}

/// A session (`.ron`), or an article read as a new session in the default schema.
fn load_or_import(path: &std::path::Path) -> Result<Session> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        return load(path);
    }
    let article = io::import_article(path)
        .with_context(|| format!("{} could not be read as an article", path.display()))?;
    Ok(Session::new(
        article,
        dossier::model::schema::presets::default_schema(),
    ))
}

/// Load a session, saying on standard error what was repaired; returns how many repairs.
fn load_reporting(path: &std::path::Path) -> Result<(Session, usize)> {
    let (session, report) = io::load_session(path)
        .with_context(|| format!("{} is not a valid session", path.display()))?;
    for r in &report.repairs {
        eprintln!("dossier: repaired: {r}");
    }
    Ok((session, report.repairs.len()))
}

/// Write `text` to stdout; a reader that stops early (`| head`) is not an error.
fn print_all(text: &str) -> Result<()> {
    use std::io::Write as _;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn run(cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::Licenses => print_all(&dossier::about::all_notices()),
        Cmd::New {
            article,
            output,
            schema,
            force,
        } => new(&article, &output, &schema, force),
        Cmd::ImportBrat {
            txt,
            ann,
            conf,
            output,
            force,
            strict,
        } => import_brat(&txt, &ann, conf.as_deref(), &output, force, strict),
        Cmd::Export {
            session,
            format,
            output,
            force,
            gazetteer,
        } => export(&session, format.format(), output, force, &gazetteer),
        Cmd::SaveLoop { a, b, target } => save_loop(&a, &b, &target),
        Cmd::Project { cmd } => project_cli::run(cmd),
        Cmd::Reanchor {
            session,
            text,
            output,
            force,
        } => compare_cli::reanchor(&session, &text, &output, force),
        Cmd::Compare {
            a,
            b,
            json,
            differences,
        } => compare_cli::compare(&a, &b, json, differences),
        Cmd::MergeDriver {
            ancestor,
            ours,
            theirs,
            name,
        } => merge_cli::merge_driver(&ancestor, &ours, &theirs, name.as_deref()),
        Cmd::RecoveryHold { dir, session } => recovery_hold(&dir, &session),
        Cmd::Validate { session, strict } => {
            let (s, repairs) = load_reporting(&session)?;
            if strict && repairs > 0 {
                bail!(
                    "{} needed {repairs} repairs (listed above); without --strict it loads",
                    session.display()
                );
            }
            println!("{} is valid: {}.", session.display(), counts(&s));
            Ok(())
        }
        Cmd::Suggest {
            session,
            json,
            source,
            gazetteer,
            no_world,
            recommender,
            recommender_timeout,
        } => {
            let s = load_or_import(&session)?;
            if matches!(source, Some(SuggestSource::Lexicon)) {
                return print_event_suggestions(&s, json);
            }
            let mut v = suggestions(&s, source, &gazetteer, no_world)?;
            for r in &recommender {
                let limit = std::time::Duration::from_secs(recommender_timeout);
                v.extend(recommended(&s, r, limit)?);
            }
            print_suggestions(&s, &dossier::analysis::suggest::merge(v), json)
        }
        Cmd::Stats { session, json } => {
            let s = load(&session)?;
            let st = dossier::analysis::stats::stats(&s);
            if json {
                println!("{}", serde_json::to_string_pretty(&st)?);
            } else {
                print!("{st}");
            }
            Ok(())
        }
    }
}

/// "3 mentions, 2 entities, 1 events, 0 relations"
fn counts(s: &Session) -> String {
    format!(
        "{} mentions, {} entities, {} events, {} relations",
        s.mentions.len(),
        s.entities.len(),
        s.events.len(),
        s.relations.len()
    )
}

fn new(article: &Path, output: &Path, schema: &str, force: bool) -> Result<()> {
    refuse_overwrite(output, force)?;
    let schema = presets::load(schema).map_err(anyhow::Error::msg)?;
    let article = io::import_article(article)
        .with_context(|| format!("cannot import {}", article.display()))?;
    let session = Session::new(article, schema);
    io::save_session(&session, output)?;
    println!(
        "Created {} from “{}” ({} characters).",
        output.display(),
        session.article.title,
        session.article.char_len()
    );
    Ok(())
}

fn import_brat(
    txt: &Path,
    ann: &Path,
    conf: Option<&Path>,
    output: &Path,
    force: bool,
    strict: bool,
) -> Result<()> {
    refuse_overwrite(output, force)?;
    let imp = io::brat::import_files(txt, ann, conf)
        .with_context(|| format!("cannot import {}", ann.display()))?;
    for w in &imp.warnings {
        eprintln!("dossier: warning: {w}");
    }
    println!("Lines: {}.", imp.summary());
    let (skipped, in_part) = (imp.skipped(), imp.read_in_part());
    if strict && skipped + in_part > 0 {
        let lines = |n: usize| match n {
            1 => "1 line was".to_owned(),
            n => format!("{n} lines were"),
        };
        let what = match (skipped, in_part) {
            (0, p) => format!("{} read only in part", lines(p)),
            (n, 0) => format!("{} left out", lines(n)),
            (n, p) => format!("{} left out and {} read only in part", lines(n), lines(p)),
        };
        bail!(
            "{what} (listed above); nothing was written (without --strict the import takes what it can read)"
        );
    }
    io::save_session(&imp.session, output)?;
    println!(
        "Created {}: {} ({} warnings).",
        output.display(),
        counts(&imp.session),
        imp.warnings.len()
    );
    Ok(())
}

fn export(
    session: &Path,
    format: Format,
    output: Option<PathBuf>,
    force: bool,
    gazetteers: &[PathBuf],
) -> Result<()> {
    let s = load(session)?;
    let lists = gazetteer_lists(gazetteers, false)?;
    // One-file formats go to standard output without -o; brat beside the session.
    if output.is_none() && format.is_one_file() {
        let text = export::render(&s, format, None, &lists).map_err(anyhow::Error::msg)?;
        print!("{text}");
        if !text.ends_with('\n') {
            println!();
        }
        return Ok(());
    }
    let out = output.unwrap_or_else(|| session.with_extension(format.extension()));
    let w = export::write(&s, format, &out, None, &lists, force).map_err(anyhow::Error::msg)?;
    for warning in &w.warnings {
        eprintln!("dossier: warning: {warning}");
    }
    for f in &w.files {
        println!("Wrote {}", f.display());
    }
    Ok(())
}

/// For the recovery test: write a recovery copy the way the window does, then wait to be killed.
fn recovery_hold(dir: &Path, session: &Path) -> Result<()> {
    let s = load(session)?;
    let rec = io::recovery::Recovery::new(dir)?;
    rec.write(&s, Some(session)).map_err(anyhow::Error::msg)?;
    println!("holding");
    use std::io::Write as _;
    std::io::stdout().flush()?;
    // Killed long before this; the bound only keeps a test that failed from leaving it behind.
    std::thread::sleep(std::time::Duration::from_secs(600));
    Ok(())
}

/// For the crash-safety test: save two sessions to `target` in turn until killed.
fn save_loop(a: &Path, b: &Path, target: &Path) -> Result<()> {
    let (a, b) = (load(a)?, load(b)?);
    println!("saving");
    use std::io::Write as _;
    std::io::stdout().flush()?;
    loop {
        io::save_session(&a, target)?;
        io::save_session(&b, target)?;
    }
}

/// The suggestions `dossier suggest` prints: the same code the window uses.
/// What the recommender given as `[NAME=]COMMAND` proposes for `s`; what it left out is said
/// on standard error, a failure is the command's error.
fn recommended(
    s: &dossier::model::Session,
    given: &str,
    limit: std::time::Duration,
) -> anyhow::Result<Vec<dossier::analysis::suggest::Suggestion>> {
    use dossier::io::recommender::{self, Recommender, Request};
    // An address alone may hold "=" in its query: only a name before it is split off.
    let named = given
        .split_once('=')
        .filter(|(n, _)| !recommender::is_address(given) || !n.contains(':'));
    let (name, command) = match named {
        Some((n, c)) if !n.contains(char::is_whitespace) && !n.is_empty() => (n.to_owned(), c),
        _ => {
            // Named after its script ("rec.py" → rec), else its program.
            let words = recommender::split_command(given);
            let program = words
                .iter()
                .skip(1)
                .rev()
                .find(|w| w.contains(['/', '.']) && !w.starts_with('-'))
                .or(words.first())
                .map_or("recommender", String::as_str);
            let stem = std::path::Path::new(program)
                .file_stem()
                .map_or_else(|| program.to_owned(), |s| s.to_string_lossy().into_owned());
            (stem, given)
        }
    };
    let r = Recommender {
        name,
        command: command.to_owned(),
    };
    let request = Request {
        text: &s.article.text,
        types: s
            .schema
            .entity_types
            .iter()
            .map(|t| t.id.as_str())
            .collect(),
        language: s.article.lang.as_deref(),
    };
    let found = recommender::run(&r, &request, limit).map_err(anyhow::Error::msg)?;
    let out = dossier::analysis::recommend::suggestions(s, &r.name, &found);
    for (label, n) in &out.unknown_labels {
        eprintln!(
            "dossier: {}: {n} spans labelled {label:?}, a type the schema does not have, left out",
            r.name
        );
    }
    if out.bad_spans > 0 {
        eprintln!(
            "dossier: {}: {} spans outside the text or empty, left out",
            r.name, out.bad_spans
        );
    }
    Ok(out.suggestions)
}

/// The gazetteers in `files` (their warnings printed), then the bundled world list unless
/// `no_world`.
fn gazetteer_lists(
    files: &[PathBuf],
    no_world: bool,
) -> anyhow::Result<dossier::analysis::gazetteer::Lists> {
    let mut read = Vec::new();
    for f in files {
        let g = dossier::io::gazetteer::read(f)?;
        for w in &g.warnings {
            eprintln!("{}, {w}", g.origin);
        }
        read.push(g);
    }
    let mut refs: Vec<&dossier::io::gazetteer::Gazetteer> = read.iter().collect();
    if !no_world {
        refs.push(dossier::io::gazetteer::world());
    }
    Ok(dossier::analysis::gazetteer::Lists::new(&refs))
}

fn suggestions(
    s: &dossier::model::Session,
    source: Option<SuggestSource>,
    files: &[PathBuf],
    no_world: bool,
) -> anyhow::Result<Vec<dossier::analysis::suggest::Suggestion>> {
    use dossier::analysis::suggest;
    let lists = gazetteer_lists(files, no_world)?;
    // One suggestion per span, by position, as the window shows them.
    Ok(suggest::merge(match source {
        None => {
            let mut v = suggest::all(s, &lists);
            v.extend(dossier::analysis::tagger::suggestions(s, &lists));
            v
        }
        Some(SuggestSource::Tagger) => dossier::analysis::tagger::suggestions(s, &lists),
        Some(SuggestSource::Lexicon) => Vec::new(),
        Some(SuggestSource::Propagation) => suggest::propagation(s),
        Some(SuggestSource::Rules) => dossier::analysis::rules::suggestions(s, &lists),
        Some(SuggestSource::Gazetteer) => dossier::analysis::gazetteer::suggestions(s, &lists),
    }))
}

/// A suggestion as `dossier suggest --json` prints it: with its words.
#[derive(serde::Serialize)]
struct PrintedSuggestion<'a> {
    text: &'a str,
    #[serde(flatten)]
    suggestion: &'a dossier::analysis::suggest::Suggestion,
}

/// `dossier suggest`: one line (or JSON object) per suggested mention.
fn print_suggestions(
    s: &dossier::model::Session,
    v: &[dossier::analysis::suggest::Suggestion],
    json: bool,
) -> Result<()> {
    if json {
        let printed: Vec<PrintedSuggestion<'_>> = v
            .iter()
            .map(|sg| PrintedSuggestion {
                text: sg.text(&s.article),
                suggestion: sg,
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&printed)?);
        return Ok(());
    }
    for sg in v {
        let entity = sg
            .entity
            .map_or_else(|| "new".into(), |e| format!("entity {e}"));
        let kb = sg.kb_id().unwrap_or("");
        println!(
            "{}-{}\t{}\t{}\t{entity}\t{}\t{kb}\t{}\t{:.2}",
            sg.span.start,
            sg.span.end,
            sg.text(&s.article),
            sg.entity_type,
            sg.name,
            sg.proposed_by(),
            sg.confidence
        );
    }
    eprintln!("{} suggestions (none added to the session)", v.len());
    Ok(())
}

/// `dossier suggest --source lexicon`: draft events, none added.
fn print_event_suggestions(s: &dossier::model::Session, json: bool) -> anyhow::Result<()> {
    let v = dossier::analysis::lexicon::suggestions(s);
    if json {
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    for e in &v {
        let args: Vec<String> = e
            .arguments
            .iter()
            .filter_map(|(role, m)| {
                let m = s.mentions.get(m)?;
                Some(format!("{role}={}", m.quote))
            })
            .collect();
        println!(
            "{}-{}\t{}\t{}\t{}\tlexicon\t{:.2}",
            e.trigger.start,
            e.trigger.end,
            e.text,
            e.event_type,
            args.join("; "),
            e.confidence
        );
    }
    eprintln!("{} draft events (none added to the session)", v.len());
    Ok(())
}
