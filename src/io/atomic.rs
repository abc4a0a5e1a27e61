//! Crash-safe file replacement.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` so that at every instant the file holds either its old or its new
/// content: write a temporary file in the same folder, flush and sync it, keep the previous file as
/// `NAME.bak` (when `backup` is set), then rename over the target and sync the folder.
pub fn write_atomic(path: &Path, bytes: &[u8], backup: bool) -> io::Result<()> {
    write_atomic_with(path, backup, |w| w.write_all(bytes))
}

/// [`write_atomic`] with the content written by `write` straight into the temporary file (a
/// 10 MB article's session is 70 MB of text, never held whole in memory).
pub fn write_atomic_with(
    path: &Path,
    backup: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The process id in the name tells the next save whether the writer is still alive.
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // A new file gets the permissions any program would give it (0666 less the umask), not
        // the temporary file's private 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // Said of the folder the analyst chose, never of the temporary file's name inside it.
    if !dir.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("the folder {} does not exist", dir.display()),
        ));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| {
        // tempfile adds "at path <its temporary name>": the system's reason is what helps.
        let text = e.to_string();
        let why = text.split(" at path ").next().unwrap_or(&text);
        io::Error::new(
            e.kind(),
            format!("cannot write in the folder {}: {why}", dir.display()),
        )
    })?;
    // A replaced file keeps its permissions: a session shared with colleagues stays readable.
    // File systems without Unix permissions (FAT, some network shares) may refuse; the save
    // matters more than the mode.
    #[cfg(unix)]
    if let Ok(m) = fs::metadata(path) {
        let _ = tmp.as_file().set_permissions(m.permissions());
    }
    {
        let mut out = io::BufWriter::new(tmp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    crash_point("after-temp");
    if backup && path.exists() {
        let bak = backup_path(path);
        // A hard link keeps the old file complete under the backup name without copying it; fall
        // back to a copy where links are not supported.
        let _ = fs::remove_file(&bak);
        if fs::hard_link(path, &bak).is_err() {
            fs::copy(path, &bak)?;
        }
    }
    crash_point("after-backup");
    tmp.persist(path).map_err(|e| e.error)?;
    crash_point("after-rename");
    sync_dir(&dir);
    remove_stale_temporaries(&dir);
    Ok(())
}

const TEMP_PREFIX: &str = ".dossier-save-";

/// For the crash-safety tests only: `DOSSIER_TEST_CRASH_AT=after-temp|after-backup|after-rename`
/// makes the process die at that point of a save, as a power cut would (no cleanup runs).
fn crash_point(point: &str) {
    if std::env::var_os("DOSSIER_TEST_CRASH_AT").is_some_and(|p| p == point) {
        std::process::abort();
    }
}

/// Temporary files of saves that were killed midway (power loss, SIGKILL) are left behind; remove
/// those whose writer is no longer running (known from the process id in the name, on Linux),
/// and any older than an hour, which no running save can still be writing.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let Some(rest) = name.strip_prefix(TEMP_PREFIX) else {
            continue;
        };
        if !name.ends_with(".tmp") {
            continue;
        }
        let writer_gone = rest
            .split('-')
            .next()
            .and_then(|pid| pid.parse::<u32>().ok())
            .is_some_and(|pid| pid != std::process::id() && !process_alive(pid));
        if writer_gone {
            let _ = fs::remove_file(e.path());
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if old {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Whether a process runs (Linux: it has a `/proc` entry; elsewhere unknown, so assumed).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// `NAME.ron` → `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

fn sync_dir(dir: &Path) {
    // Makes the rename itself durable on Unix; not possible (nor needed) on Windows.
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_missing_folder_is_named_and_no_temporary_file_is() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such");
        let e = write_atomic(&missing.join("x.csv"), b"a", false).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        assert_eq!(
            e.to_string(),
            format!("the folder {} does not exist", missing.display())
        );
        // A folder that cannot be written to: its name and why, not the temporary file's.
        let locked = dir.path().join("locked");
        fs::create_dir(&locked).unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o500)).unwrap();
        if let Err(e) = write_atomic(&locked.join("x.csv"), b"a", false) {
            // (root writes anywhere: then there is nothing to check)
            let text = e.to_string();
            assert!(
                text.starts_with("cannot write in the folder") && !text.contains(".tmp"),
                "{text}"
            );
        }
    }

    #[test]
    fn saving_keeps_the_permissions_of_the_file_it_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let (target, plain) = (dir.path().join("s.ron"), dir.path().join("plain"));
        write_atomic(&target, b"one", true).unwrap();
        fs::File::create(&plain).unwrap();
        assert_eq!(
            mode(&target),
            mode(&plain),
            "a new file: as any program creates it"
        );
        for m in [0o640, 0o604, 0o600] {
            fs::set_permissions(&target, fs::Permissions::from_mode(m)).unwrap();
            write_atomic(&target, b"two", true).unwrap();
            assert_eq!(mode(&target), m);
            assert_eq!(fs::read(&target).unwrap(), b"two");
        }
    }
}
