//! `dossier merge-driver %O %A %B %P`: git's merge driver for Dossier files (sessions and the
//! project file), and `dossier project git-setup DIR`, which registers it in a clone.
//!
//! The merged file is written over %A only when the merge succeeded; items changed two ways are
//! recorded in it as conflicts for the window, so the merge completes and the file opens. A merge
//! that is refused (files of different articles, a file Dossier cannot read) exits 1 and leaves
//! %A as ours: git reports the conflict, and the file is still one Dossier opens.

use anyhow::{Context, Result, bail};
use dossier::analysis::merge;
use dossier::io;
use std::path::Path;

/// Which kind of Dossier file a text is.
enum Kind {
    Session(Box<dossier::model::Session>),
    Project(Box<dossier::model::project::Project>),
}

fn read(path: &Path) -> Result<Option<Kind>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    if let Ok((s, _)) = io::session_file::parse_session(&text) {
        return Ok(Some(Kind::Session(Box::new(s))));
    }
    match io::project::parse_project(&text, &path.display().to_string()) {
        Ok(p) => Ok(Some(Kind::Project(Box::new(p)))),
        Err(e) => bail!(
            "{} is neither a Dossier session nor a project file ({e})",
            path.display()
        ),
    }
}

pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, name: Option<&str>) -> Result<()> {
    let name = name.unwrap_or("the file");
    let (o, t) = (read(ours)?, read(theirs)?);
    // An ancestor that cannot be read is treated as none: more is kept, nothing is lost.
    let b = read(base).ok().flatten();
    let (text, report) = match (o, t) {
        (Some(Kind::Session(o)), Some(Kind::Session(t))) => {
            let b = match b {
                Some(Kind::Session(b)) => Some(*b),
                _ => None,
            };
            let (m, r) = merge::merge_sessions(b.as_ref(), &o, &t).map_err(anyhow::Error::msg)?;
            (io::session_file::session_to_string(&m)?, r)
        }
        (Some(Kind::Project(o)), Some(Kind::Project(t))) => {
            let b = match b {
                Some(Kind::Project(b)) => Some(*b),
                _ => None,
            };
            let (m, r) = merge::merge_projects(b.as_ref(), &o, &t).map_err(anyhow::Error::msg)?;
            (io::project::project_to_string(&m)?, r)
        }
        (None, _) | (_, None) => bail!("{name}: one side is empty; not merged"),
        _ => bail!("{name}: a session on one side and a project file on the other; not merged"),
    };
    io::atomic::write_atomic(ours, text.as_bytes(), false)
        .with_context(|| format!("cannot write {}", ours.display()))?;
    if report.conflicts > 0 {
        eprintln!(
            "dossier: {name}: merged; {} item(s) changed two ways are recorded as conflicts: open it in Dossier to resolve them",
            report.conflicts
        );
    } else {
        eprintln!(
            "dossier: {name}: merged ({} renumbered, {} the same on both sides, {} brought back)",
            report.renumbered, report.same, report.restored
        );
    }
    Ok(())
}

/// Register the merge driver in the git clone holding `dir`, and mark the project's files for it.
pub fn git_setup(dir: &Path) -> Result<()> {
    io::project::ensure_git_files(dir)?;
    let exe = std::env::current_exe().context("cannot find the dossier program")?;
    let exe = exe.display().to_string().replace('\'', "'\\''");
    let driver = format!("'{exe}' merge-driver %O %A %B %P");
    for (key, value) in [
        (
            "merge.dossier.name",
            "Dossier: three-way merge of sessions and projects by id",
        ),
        ("merge.dossier.driver", driver.as_str()),
    ] {
        let status = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["config", key, value])
            .status()
            .context("cannot run git (is it installed?)")?;
        if !status.success() {
            bail!(
                "git config {key} failed in {} (is it a git clone?)",
                dir.display()
            );
        }
    }
    println!(
        "This clone now merges Dossier files with: {driver}\n.gitattributes has `{}`: commit it, and each analyst runs this once in their clone.",
        io::project::GITATTRIBUTES_LINE
    );
    Ok(())
}
