//! The session file: RON with a format/version header, validated on the way in.

use super::atomic::write_atomic_with;
use crate::model::Session;
use crate::model::session::{FORMAT_NAME, FORMAT_VERSION};
use serde::Deserialize;
use std::path::Path;

/// Session files larger than this are refused before parsing.
pub const MAX_SESSION_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {cause}")]
    Io {
        path: String,
        // Not `source`: the message already says it, and a source would be printed twice.
        cause: std::io::Error,
    },
    #[error("{path} is {size} bytes, more than the {max} bytes a session file may have")]
    TooLarge { path: String, size: u64, max: u64 },
    #[error("the file is not valid UTF-8 text (first bad byte at offset {0})")]
    NotUtf8(usize),
    #[error("line {line}, column {col}: {msg}")]
    Syntax {
        line: usize,
        col: usize,
        msg: String,
    },
    #[error("this is not a Dossier session (format is {0:?}, expected \"dossier-session\")")]
    WrongFormat(String),
    #[error(
        "this session was written by a newer Dossier (format version {found}; this program reads up to {known}); update Dossier to open it"
    )]
    TooNew { found: u32, known: u32 },
    #[error("the session is inconsistent:\n  - {}", .0.join("\n  - "))]
    Invalid(Vec<String>),
}

/// What the loader repaired while reading a file that was otherwise valid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadReport {
    pub repairs: Vec<String>,
}

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

fn ron_options() -> ron::Options {
    // Deep nesting is refused rather than overflowing the stack.
    ron::Options::default().with_recursion_limit(64)
}

fn syntax(e: ron::error::SpannedError) -> LoadError {
    LoadError::Syntax {
        line: e.span.start.line,
        col: e.span.start.col,
        msg: e.code.to_string(),
    }
}

/// Parse and validate a session from RON text.
pub fn parse_session(text: &str) -> Result<(Session, LoadReport), LoadError> {
    // Editors such as Notepad may add a byte order mark when the file is saved by hand.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let opts = ron_options();
    // One pass over the text when all is well (a 10 MB article's file is 73 MB; from 4 MB its
    // mentions are read on a second thread beside the rest, and the whole file is read when
    // that cannot be done, its errors saying where the file is wrong); the header alone is read
    // only to explain a file that does not parse as a session.
    let in_parts = (text.len() >= super::session_parts::PARTS_FROM_BYTES)
        .then(|| super::session_parts::parse(text, &opts))
        .flatten();
    let parsed: Result<Session, _> = in_parts.map_or_else(|| opts.from_str(text), Ok);
    let mut session = match parsed {
        Ok(s) => {
            check_header(&s.format, s.version)?;
            s
        }
        Err(e) => {
            let header: Header = opts.from_str(text).map_err(syntax)?;
            check_header(&header.format, header.version)?;
            return Err(syntax(e));
        }
    };
    if session.version < FORMAT_VERSION {
        let migrated = migrate(text, session.version)?;
        session = opts.from_str(&migrated).map_err(syntax)?;
    }
    session.after_load();
    let mut report = LoadReport::default();
    repair(&mut session, &mut report);
    let problems = session.problems();
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems));
    }
    session.prepare();
    Ok((session, report))
}

/// A session file read both ways: its mentions in two parts on two threads, as a file from
/// `PARTS_FROM_BYTES` up is read (None when it is not laid out as Dossier writes it), and whole.
/// For the `session_parts` fuzz target, whose inputs are far smaller than that threshold: the
/// two reads must never disagree.
#[doc(hidden)]
pub fn read_in_parts_and_whole(text: &str) -> (Option<Session>, Option<Session>) {
    let opts = ron_options();
    (
        super::session_parts::parse(text, &opts),
        opts.from_str(text).ok(),
    )
}

/// A Dossier session of a version this program reads, or why not.
fn check_header(format: &str, version: u32) -> Result<(), LoadError> {
    if format != FORMAT_NAME {
        return Err(LoadError::WrongFormat(format.to_owned()));
    }
    if version > FORMAT_VERSION {
        return Err(LoadError::TooNew {
            found: version,
            known: FORMAT_VERSION,
        });
    }
    Ok(())
}

/// Bring an older file up to the current version. Version 1 is the first; a version 0 or a
/// future migration step is handled here, one version at a time.
fn migrate(text: &str, from: u32) -> Result<String, LoadError> {
    match from {
        0 => Err(LoadError::Invalid(vec![
            "format version 0 never existed; the first Dossier session format is version 1".into(),
        ])),
        _ => Ok(text.to_owned()),
    }
}

/// Fix what can be fixed without guessing, and say so.
fn repair(s: &mut Session, report: &mut LoadReport) {
    let fresh = crate::model::article::hash_text(&s.article.text);
    if s.article.hash != fresh {
        report.repairs.push(
            "the article text does not match its recorded hash (edited by hand?); the hash was updated"
                .to_owned(),
        );
        s.article.hash = fresh;
    }
    let n = s.article.char_len();
    let ids: Vec<_> = s.mentions.keys().copied().collect();
    for id in ids {
        let Some(m) = s.mentions.get(&id) else {
            continue;
        };
        if !m.prefix.is_empty() || !m.suffix.is_empty() {
            // Context an earlier version wrote on every mention; the text holds it.
            if let Some(m) = s.mentions.get_mut(&id) {
                m.prefix = String::new();
                m.suffix = String::new();
            }
        }
        let Some(m) = s.mentions.get(&id) else {
            continue;
        };
        if m.span.start >= m.span.end || m.span.end > n {
            continue; // reported as a problem by validation
        }
        if m.fragments.iter().any(|f| f.end > n) {
            continue; // reported as a problem by validation
        }
        if !s.quote_agrees(m) {
            let actual = s.expected_quote(m);
            report.repairs.push(format!(
                "mention {id}: quote {:?} did not match the text {:?} at {}; the quote was updated",
                m.quote, actual, m.span
            ));
            // Only the quote: fragments, attributes and note stay as they are.
            if let Some(m) = s.mentions.get_mut(&id) {
                m.quote = actual;
            }
        }
    }
}

/// Read a session file.
pub fn load_session(path: &Path) -> Result<(Session, LoadReport), LoadError> {
    let p = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| LoadError::Io {
        path: p.clone(),
        cause: source,
    })?;
    if meta.len() > MAX_SESSION_BYTES {
        return Err(LoadError::TooLarge {
            path: p,
            size: meta.len(),
            max: MAX_SESSION_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: p.clone(),
        cause: source,
    })?;
    parse_session_bytes(&bytes)
}

/// Read a session from the bytes of a file: refused with the offset of the first byte that is
/// not UTF-8, else [`parse_session`].
pub fn parse_session_bytes(bytes: &[u8]) -> Result<(Session, LoadReport), LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::NotUtf8(e.valid_up_to()))?;
    parse_session(text)
}

/// How Dossier's files write RON: two-space indents, no struct names, one value per line.
pub fn pretty_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("  ".to_owned())
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
}

/// The line that opens every session file.
const FILE_COMMENT: &str =
    "// Dossier session. Offsets count Unicode characters (scalar values) of article.text.\n";

/// The session as pretty RON; the same session always gives the same bytes.
pub fn session_to_string(session: &Session) -> Result<String, ron::Error> {
    let body = ron::ser::to_string_pretty(session, pretty_config())?;
    Ok(format!("{FILE_COMMENT}{body}\n"))
}

/// [`session_to_string`]'s bytes written to `w` as they are made.
pub fn write_session(session: &Session, w: &mut dyn std::io::Write) -> Result<(), ron::Error> {
    w.write_all(FILE_COMMENT.as_bytes())?;
    ron::Options::default().to_io_writer_pretty(&mut *w, session, pretty_config())?;
    w.write_all(b"\n")?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot encode the session: {0}")]
    Encode(#[from] ron::Error),
    #[error("cannot write {path}: {cause}")]
    Io {
        path: String,
        // Not `source`: the message already says it, and a source would be printed twice.
        cause: std::io::Error,
    },
}

/// Save atomically, keeping the previous file as `NAME.bak`.
pub fn save_session(session: &Session, path: &Path) -> Result<(), SaveError> {
    // An encoding error is kept apart from the file's: the writer only sees an I/O error.
    let mut encoding = None;
    let written = write_atomic_with(path, true, |w| {
        write_session(session, w).map_err(|e| match e {
            ron::Error::Io(message) => std::io::Error::other(message),
            other => {
                encoding = Some(other);
                std::io::Error::other("the session could not be encoded")
            }
        })
    });
    if let Some(e) = encoding {
        return Err(SaveError::Encode(e));
    }
    written.map_err(|source| SaveError::Io {
        path: path.display().to_string(),
        cause: source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::presets;
    use crate::model::{Article, Span};

    /// A small session with tricky text: BOM-free, CRLF, accents, Arabic, an astral emoji.
    fn session() -> Session {
        let text = "Café “Noor” 🔥\r\nمرحبا Zoë met Noor.";
        let mut s = Session::new(Article::new("t", text), presets::default_schema());
        // Offsets into the stored text (CRLF becomes LF on import).
        let stored = &s.article.text;
        let start = stored.find("Zoë").map(|b| stored[..b].chars().count());
        let start = start.unwrap();
        let cmd = s
            .cmd_annotate(Span::new(start, start + 3), "Person")
            .unwrap();
        s.apply(cmd).unwrap();
        s
    }

    #[test]
    fn a_saved_session_reads_back_without_repairs_and_saves_to_the_same_bytes() {
        let s = session();
        let text = session_to_string(&s).unwrap();
        let (back, report) = parse_session(&text).unwrap();
        assert!(report.repairs.is_empty(), "{:?}", report.repairs);
        assert_eq!(back.mentions, s.mentions);
        assert_eq!(session_to_string(&back).unwrap(), text);
        // Saving writes the same bytes as they are made.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        save_session(&s, &path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        // An editor that adds a byte order mark does not make the file unreadable.
        let (bom, _) = parse_session_bytes(format!("\u{FEFF}{text}").as_bytes()).unwrap();
        assert_eq!(bom.mentions, s.mentions);
    }

    #[test]
    fn the_header_is_checked_before_anything_else() {
        let text = session_to_string(&session()).unwrap();
        let other = text.replacen("\"dossier-session\"", "\"something-else\"", 1);
        assert!(
            matches!(parse_session(&other), Err(LoadError::WrongFormat(f)) if f == "something-else")
        );
        let v = format!("version: {FORMAT_VERSION},");
        assert!(text.contains(&v), "the header names the version");
        let newer = text.replacen(&v, &format!("version: {},", FORMAT_VERSION + 1), 1);
        let e = parse_session(&newer).unwrap_err();
        assert!(matches!(e, LoadError::TooNew { .. }));
        assert!(e.to_string().contains("update Dossier"), "{e}");
        // A newer file this version cannot parse at all is still refused by its version.
        let alien = format!(
            "(format: \"dossier-session\", version: {}, pages: [Spread(1)])",
            FORMAT_VERSION + 1
        );
        assert!(matches!(
            parse_session(&alien),
            Err(LoadError::TooNew { .. })
        ));
        let foreign = "(format: \"someone-else\", version: 1, x: 2)";
        assert!(matches!(
            parse_session(foreign),
            Err(LoadError::WrongFormat(_))
        ));
        let zero = text.replacen(&v, "version: 0,", 1);
        assert!(matches!(parse_session(&zero), Err(LoadError::Invalid(_))));
    }

    #[test]
    fn bad_bytes_and_bad_syntax_say_where() {
        let text = session_to_string(&session()).unwrap();
        let mut bytes = text.clone().into_bytes();
        bytes[40] = 0xFF;
        assert!(matches!(
            parse_session_bytes(&bytes),
            Err(LoadError::NotUtf8(40))
        ));
        // A deleted closing bracket near the end: the error names a line past the header.
        let cut = text.trim_end().trim_end_matches(')').to_owned();
        match parse_session(&cut) {
            Err(LoadError::Syntax { line, .. }) => assert!(line > 2, "line {line}"),
            other => panic!("{other:?}"),
        }
        // Nesting deeper than any session has is refused, not a stack overflow.
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_session(&deep).is_err());
    }

    #[test]
    fn context_written_by_earlier_versions_is_read_and_left_to_the_text() {
        let s = session();
        let text = session_to_string(&s).unwrap();
        assert!(
            !text.contains("prefix:"),
            "a mention in the text has no context in the file"
        );
        // As earlier versions wrote every mention.
        let old = text.replacen(
            "quote: \"Zoë\",",
            "quote: \"Zoë\",\n      prefix: \"\",\n      suffix: \" met Noor in Port Veyra \",",
            1,
        );
        assert!(old != text);
        let (back, report) = parse_session(&old).unwrap();
        assert!(report.repairs.is_empty(), "{:?}", report.repairs);
        assert!(back.mentions.values().all(|m| m.suffix.is_empty()));
        assert_eq!(session_to_string(&back).unwrap(), text);
    }

    #[test]
    fn a_stale_quote_is_repaired_and_said_and_the_rest_kept() {
        let s = session();
        let text = session_to_string(&s).unwrap();
        let edited = text.replacen("quote: \"Zoë\"", "quote: \"Zoe\"", 1);
        assert!(edited != text, "the quote is in the file");
        let (back, report) = parse_session(&edited).unwrap();
        assert_eq!(report.repairs.len(), 1, "{:?}", report.repairs);
        assert!(
            report.repairs[0].contains("\"Zoe\""),
            "{:?}",
            report.repairs
        );
        assert_eq!(back.mentions, s.mentions);
    }
}
