//! The project's find cache: every article's text in one file (`.dossier-find-cache` in the
//! project folder), so that a project-wide find reads one file instead of opening every session.
//! It is only a cache: safe to delete, rebuilt for the articles whose text hash changed, and
//! ignored by git (the project's `.gitignore` lists it).
//!
//! Format: a first line `dossier-find-cache 1`, then per article a line `FILE\tHASH\tBYTES` and
//! exactly BYTES bytes of its text and a newline.

use super::atomic::write_atomic;
use crate::model::project::Project;
use std::collections::HashMap;
use std::path::Path;

pub const CACHE_FILE: &str = ".dossier-find-cache";
const MAGIC: &str = "dossier-find-cache 1";

/// One article's text as the cache holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached {
    pub file: String,
    pub hash: String,
    pub text: String,
}

/// What the cache file holds, by article file; an unreadable or foreign cache reads as empty
/// (it is rebuilt).
pub fn read(dir: &Path) -> HashMap<String, Cached> {
    let Ok(bytes) = std::fs::read(dir.join(CACHE_FILE)) else {
        return HashMap::new();
    };
    parse(&bytes).unwrap_or_default()
}

fn parse(bytes: &[u8]) -> Option<HashMap<String, Cached>> {
    let mut out = HashMap::new();
    let rest = bytes.strip_prefix(MAGIC.as_bytes())?.strip_prefix(b"\n")?;
    let mut rest = rest;
    while !rest.is_empty() {
        let nl = rest.iter().position(|&b| b == b'\n')?;
        let head = std::str::from_utf8(&rest[..nl]).ok()?;
        let mut parts = head.split('\t');
        let (file, hash, len) = (parts.next()?, parts.next()?, parts.next()?);
        let len: usize = len.parse().ok()?;
        let body = rest.get(nl + 1..nl + 1 + len)?;
        let text = std::str::from_utf8(body).ok()?.to_owned();
        rest = rest.get(nl + 1 + len..)?.strip_prefix(b"\n")?;
        out.insert(
            file.to_owned(),
            Cached {
                file: file.to_owned(),
                hash: hash.to_owned(),
                text,
            },
        );
    }
    Some(out)
}

/// The texts of every article of `p`, from the cache where its hash still matches, else from the
/// article's session (the cache is then written again). Articles that cannot be read are
/// returned with why.
pub fn texts(dir: &Path, p: &Project) -> (Vec<Cached>, Vec<(String, String)>) {
    let mut cache = read(dir);
    let mut out = Vec::with_capacity(p.articles.len());
    let mut problems = Vec::new();
    let mut changed = false;
    for a in &p.articles {
        match cache.remove(&a.file) {
            Some(c) if c.hash == a.hash => out.push(c),
            _ => match super::load_session(&dir.join(&a.file)) {
                Ok((s, _)) => {
                    changed = true;
                    out.push(Cached {
                        file: a.file.clone(),
                        hash: s.article.hash.clone(),
                        text: s.article.text.to_string(),
                    });
                }
                Err(e) => problems.push((a.file.clone(), e.to_string())),
            },
        }
    }
    // Entries of removed articles are dropped too.
    if changed || !cache.is_empty() {
        // A cache that cannot be written only costs speed next time.
        let _ = write(dir, &out);
    }
    (out, problems)
}

fn write(dir: &Path, all: &[Cached]) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(all.iter().map(|c| c.text.len() + 100).sum());
    buf.extend_from_slice(MAGIC.as_bytes());
    buf.push(b'\n');
    for c in all {
        buf.extend_from_slice(format!("{}\t{}\t{}\n", c.file, c.hash, c.text.len()).as_bytes());
        buf.extend_from_slice(c.text.as_bytes());
        buf.push(b'\n');
    }
    write_atomic(&dir.join(CACHE_FILE), &buf, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_reads_back_and_a_damaged_one_reads_as_empty() {
        let dir = std::env::temp_dir().join(format!("dossier-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let all = vec![
            Cached {
                file: "articles/a.ron".into(),
                hash: "h1".into(),
                text: "Tab\tand\nnewlines, Ibáñez 🙂".into(),
            },
            Cached {
                file: "articles/b.ron".into(),
                hash: "h2".into(),
                text: String::new(),
            },
        ];
        write(&dir, &all).unwrap();
        let back = read(&dir);
        assert_eq!(back.len(), 2);
        assert_eq!(back["articles/a.ron"], all[0]);
        let mut bytes = std::fs::read(dir.join(CACHE_FILE)).unwrap();
        bytes.truncate(bytes.len() - 3);
        std::fs::write(dir.join(CACHE_FILE), &bytes).unwrap();
        assert!(read(&dir).is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }
}
