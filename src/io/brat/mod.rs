//! brat standoff: `.txt` + `.ann` (+ `annotation.conf`) in and out.
//!
//! Offsets in `.ann` count Unicode code points of the `.txt` as it is on disk (so `\r\n` is two);
//! the importer maps them onto the normalised text. Every line kind is read: T (with
//! discontinuous fragments), E (nested events, numbered roles, forward references), R, A/M, N, #
//! and `*` (Equiv → one entity). Problems are collected as warnings with their line numbers; the
//! import fails only when nothing usable is left.

mod builder;
mod conf;
mod export;
mod import;
mod lines;
mod view;

pub use conf::{Conf, EventSpec, RoleSpec, export_conf, parse_conf};
pub use export::{BratExport, export};
pub use import::{import, import_files};
pub use view::{RoundTrip, RoundTripError, canonical, round_trip};

use crate::model::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `"ann"` or `"conf"`.
    pub file: &'static str,
    pub line: usize,
    pub message: String,
    pub kept: Kept,
}

/// How much of the line a warning is about was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// All of it, with something said about it.
    Whole,
    /// Part of it (an argument, a trigger, a member left out), the rest read.
    Part,
    /// None: the line was left out.
    Nothing,
}

impl Warning {
    /// About `.ann` line `line`.
    pub(super) fn ann(line: usize, message: String, kept: Kept) -> Self {
        Self {
            file: "ann",
            line,
            message,
            kept,
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BratError {
    #[error("the text file cannot be read: {0}")]
    Text(#[from] super::import::ImportError),
    #[error("the .ann file is {0} bytes; the limit is 64 MiB")]
    TooLarge(usize),
    #[error("the annotations cannot be used: {0}")]
    Invalid(String),
}

pub struct BratImport {
    pub session: Session,
    pub warnings: Vec<Warning>,
    /// Per line kind (`T`, `E`, `R`, `*`, `A`, `N`, `#`…): lines read and lines left out.
    pub counts: Vec<LineCount>,
}

/// How many `.ann` lines of one kind were read, and how many of them were left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineCount {
    pub kind: char,
    pub read: usize,
    pub skipped: usize,
}

impl BratImport {
    /// "T 12 read, 12 kept; E 3 read, 2 kept, 1 skipped; …"
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|c| {
                let kept = c.read - c.skipped;
                if c.skipped == 0 {
                    format!("{} {} read, {kept} kept", c.kind, c.read)
                } else {
                    format!(
                        "{} {} read, {kept} kept, {} skipped",
                        c.kind, c.read, c.skipped
                    )
                }
            })
            .collect();
        parts.join("; ")
    }

    pub fn skipped(&self) -> usize {
        self.counts.iter().map(|c| c.skipped).sum()
    }

    /// How many `.ann` lines were read only in part.
    pub fn read_in_part(&self) -> usize {
        let lines: std::collections::BTreeSet<(&str, usize)> = self
            .warnings
            .iter()
            .filter(|w| w.kept == Kept::Part)
            .map(|w| (w.file, w.line))
            .collect();
        lines.len()
    }
}
