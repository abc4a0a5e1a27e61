//! Autosave and recovery. While a session has unsaved changes the window writes it to a recovery
//! file in the platform's data folder; the next start offers the recovery files that no running
//! instance owns. Each instance has files of its own (named by process id and start time) and holds
//! a lock on its `.lock` file while it runs, so instances never overwrite or offer each other's work.

use super::atomic::write_atomic;
use crate::model::Session;
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// What is known about a recovery file without loading its session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Seconds since the Unix epoch.
    pub written: u64,
    /// The file the session was opened from or last saved to, if any.
    pub original: Option<PathBuf>,
    pub title: String,
    pub mentions: usize,
    pub entities: usize,
    pub events: usize,
}

/// A recovery file left by an instance that is no longer running.
#[derive(Debug, Clone, PartialEq)]
pub struct Orphan {
    pub session_path: PathBuf,
    pub meta: Meta,
}

/// This instance's recovery files.
pub struct Recovery {
    dir: PathBuf,
    stem: String,
    /// Held open with an exclusive lock for as long as the instance runs.
    _lock: Option<File>,
}

/// The two files of a recovery copy; can be sent to a writing thread.
#[derive(Debug, Clone)]
pub struct RecoveryTarget {
    session: PathBuf,
    meta: PathBuf,
}

impl RecoveryTarget {
    /// Write the session and what describes it; both atomically.
    pub fn write(&self, s: &Session, original: Option<&Path>) -> Result<(), String> {
        let text = super::session_to_string(s).map_err(|e| e.to_string())?;
        write_atomic(&self.session, text.as_bytes(), false).map_err(|e| e.to_string())?;
        let meta = Meta {
            written: now(),
            original: original.map(Path::to_path_buf),
            title: s.article.title.clone(),
            mentions: s.mentions.len(),
            entities: s.entities.len(),
            events: s.events.len(),
        };
        let m = ron::ser::to_string_pretty(&meta, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        write_atomic(&self.meta, m.as_bytes(), false).map_err(|e| e.to_string())
    }
}

/// A file-name-safe key for any string (a path): hex of its SHA-256's first bytes.
fn key_of(key: &str) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(key.as_bytes());
    d.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The platform's data folder for recovery files (e.g. `~/.local/share/dossier/recovery`).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "Dossier").map(|d| d.data_dir().join("recovery"))
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Recovery {
    /// Claim a fresh pair of recovery files in `dir`.
    pub fn new(dir: &Path) -> std::io::Result<Self> {
        fs::create_dir_all(dir)?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let stem = format!("recovery-{}-{nanos}", std::process::id());
        let lock = File::create(dir.join(format!("{stem}.lock")))?;
        // An instance that cannot lock still autosaves; it just cannot prove it is alive.
        let _ = lock.try_lock();
        Ok(Self {
            dir: dir.to_path_buf(),
            stem,
            _lock: Some(lock),
        })
    }

    pub fn session_path(&self) -> PathBuf {
        self.dir.join(format!("{}.ron", self.stem))
    }

    fn meta_path(&self) -> PathBuf {
        self.dir.join(format!("{}.meta", self.stem))
    }

    /// Write the session and what describes it; both atomically.
    pub fn write(&self, s: &Session, original: Option<&Path>) -> Result<(), String> {
        self.target().write(s, original)
    }

    /// Where this instance's recovery copy goes, to write it from another thread.
    pub fn target(&self) -> RecoveryTarget {
        RecoveryTarget {
            session: self.session_path(),
            meta: self.meta_path(),
        }
    }

    /// Where the copy of another open document goes (an article of a project not shown now),
    /// by a key of its own.
    pub fn target_for(&self, key: &str) -> RecoveryTarget {
        let stem = format!("{}+{}", self.stem, key_of(key));
        RecoveryTarget {
            session: self.dir.join(format!("{stem}.ron")),
            meta: self.dir.join(format!("{stem}.meta")),
        }
    }

    /// Forget the copy kept under `key`.
    pub fn clear_for(&self, key: &str) {
        let t = self.target_for(key);
        let _ = fs::remove_file(t.session);
        let _ = fs::remove_file(t.meta);
    }

    /// Forget the recovery copy: the work was saved or deliberately discarded.
    pub fn clear(&self) {
        let _ = fs::remove_file(self.session_path());
        let _ = fs::remove_file(self.meta_path());
    }

    /// Recovery files in the same folder whose instance is gone.
    pub fn orphans(&self) -> Vec<Orphan> {
        orphans_in(&self.dir, Some(&self.stem))
    }
}

impl Drop for Recovery {
    fn drop(&mut self) {
        // The lock file goes with the instance; a recovery copy, if any, stays to be offered.
        let _ = fs::remove_file(self.dir.join(format!("{}.lock", self.stem)));
    }
}

/// Recovery files in `dir` not owned by a running instance (its lock can be taken), newest first.
pub fn orphans_in(dir: &Path, except: Option<&str>) -> Vec<Orphan> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        let Some(stem) = p.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        if p.extension().is_none_or(|x| x != "meta")
            || Some(stem.as_str()) == except
            || !stem.starts_with("recovery-")
        {
            continue;
        }
        // A project's other articles have copies of their own, `STEM+KEY`, under the owner's lock.
        let owner = stem.split('+').next().unwrap_or(&stem);
        if Some(owner) == except {
            continue;
        }
        let lock = dir.join(format!("{owner}.lock"));
        let alive = File::options()
            .write(true)
            .open(&lock)
            .ok()
            .is_some_and(|f| f.try_lock().is_err());
        if alive {
            continue;
        }
        let Some(meta) = fs::read_to_string(&p)
            .ok()
            .and_then(|t| ron::from_str::<Meta>(&t).ok())
        else {
            continue;
        };
        let session_path = dir.join(format!("{stem}.ron"));
        if session_path.exists() {
            out.push(Orphan { session_path, meta });
        }
    }
    out.sort_by_key(|o| std::cmp::Reverse(o.meta.written));
    out
}

/// Remove an orphan's files (after restoring or discarding it).
pub fn remove(orphan: &Orphan) {
    let _ = fs::remove_file(&orphan.session_path);
    let _ = fs::remove_file(orphan.session_path.with_extension("meta"));
    let _ = fs::remove_file(orphan.session_path.with_extension("lock"));
}

/// "2026-11-28 14:03 UTC" for seconds since the epoch (civil-from-days, no time zone database).
pub fn format_time(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_709_913_600), "2024-03-08 16:00 UTC");
    }

    #[test]
    fn instances_see_only_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let s = Session::new(
            crate::model::Article::new("t", "Some text."),
            crate::model::schema::presets::default_schema(),
        );
        let a = Recovery::new(dir.path()).unwrap();
        a.write(&s, None).unwrap();
        let b = Recovery::new(dir.path()).unwrap();
        // `a` is alive (holds its lock): `b` must not offer its work.
        assert!(b.orphans().is_empty());
        drop(a);
        let found = b.orphans();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].meta.title, "t");
        let (back, _) = crate::io::load_session(&found[0].session_path).unwrap();
        assert_eq!(back, s);
        remove(&found[0]);
        assert!(b.orphans().is_empty());
        // Clearing removes the instance's own copy.
        b.write(&s, None).unwrap();
        assert!(b.session_path().exists());
        b.clear();
        assert!(!b.session_path().exists());
    }
}
