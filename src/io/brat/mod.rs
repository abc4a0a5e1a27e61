//! brat standoff: `.txt` + `.ann` (+ `annotation.conf`) in and out.
//!
//! Offsets in `.ann` count Unicode code points of the `.txt` as it is on disk (so `\r\n` is two);
//! the importer maps them onto the normalised text. Every line kind is read: T (with
//! discontinuous fragments), E (nested events, numbered roles, forward references), R, A/M, N, #
//! and `*` (Equiv → one entity). Problems are collected as warnings with their line numbers; the
//! import fails only when nothing usable is left.

mod conf;
mod export;
mod import;
mod lines;

pub use conf::{Conf, EventSpec, RoleSpec, export_conf, parse_conf};
pub use export::{BratExport, export};
pub use import::{import, import_files};

use crate::model::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `"ann"` or `"conf"`.
    pub file: &'static str,
    pub line: usize,
    pub message: String,
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
}
