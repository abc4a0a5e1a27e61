//! Saving is crash-safe: a process killed (SIGKILL) in the middle of saving, over and over,
//! always leaves a file that loads and equals either the old or the new session. A full disk or
//! an unwritable folder gives a clear error and keeps the previous file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

mod common;

use assert_cmd::cargo::CommandCargoExt;
use common::child;
use dossier::analysis::synth;
use dossier::io;
use std::process::{Command, Stdio};
use std::time::Duration;

/// A check that cannot run here says so. In CI that fails the run, unless `.ci/run` found
/// beforehand that the machine cannot do it: then it set `flag` and lists the check in its summary.
#[allow(dead_code)] // Used by the Linux-only checks.
fn not_checked(flag: &str, what: &str, why: &str) {
    let known = std::env::var_os(flag).is_some();
    assert!(
        std::env::var_os("CI").is_none() || known,
        "{what} did not run in CI, and .ci/run did not find the machine unable to: {why}"
    );
    println!("NOT CHECKED ({what}): {why}");
}

#[test]
fn killed_mid_save_200_times_the_file_is_always_old_or_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut size = synth::Size::named("100k").unwrap();
    let a = synth::session(size);
    size.seed = 8;
    let b = synth::session(size);
    let (pa, pb, target) = (
        dir.path().join("a.ron"),
        dir.path().join("b.ron"),
        dir.path().join("target.ron"),
    );
    io::save_session(&a, &pa).unwrap();
    io::save_session(&b, &pb).unwrap();
    io::save_session(&a, &target).unwrap();
    let (ba, bb) = (std::fs::read(&pa).unwrap(), std::fs::read(&pb).unwrap());
    assert_ne!(ba, bb);
    println!("session file: {} bytes", ba.len());
    let mut rng = 0x1234_5678u64;
    let mut seen = [0usize; 2];
    for i in 0..200 {
        let mut child = Command::cargo_bin("dossier")
            .unwrap()
            .arg("save-loop")
            .args([&pa, &pb, &target])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let mut child = child::KillOnDrop(child);
        let line = child::first_line(out, &format!("save-loop, iteration {i}"));
        assert_eq!(line.trim(), "saving", "iteration {i}");
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        // Up to 0.3 s: the kill lands anywhere in the cycle of saves (a save of this size takes tens
        // to hundreds of milliseconds in a debug build).
        std::thread::sleep(Duration::from_micros(rng % 300_000));
        child.0.kill().unwrap(); // SIGKILL on Unix
        child.0.wait().unwrap();
        let now = std::fs::read(&target).unwrap();
        if now == ba {
            seen[0] += 1;
        } else if now == bb {
            seen[1] += 1;
        } else {
            panic!(
                "iteration {i}: the file is neither the old nor the new session ({} bytes)",
                now.len()
            );
        }
        io::load_session(&target).unwrap_or_else(|e| panic!("iteration {i}: {e}"));
    }
    println!("old {} times, new {} times", seen[0], seen[1]);
    // The kills landed at different points of the cycle.
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
    // Killed saves leave temporary files; the next save removes those whose writer is gone.
    io::save_session(&a, &target).unwrap();
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let backup = std::fs::read(io::atomic::backup_path(&target)).unwrap();
    assert!(
        backup == ba || backup == bb,
        "the backup is one of the two sessions"
    );
}

#[cfg(unix)]
#[test]
fn a_full_disk_gives_a_clear_error_and_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("long.txt");
    let para = "Officials in Port Veyra said the talks would go on. ".repeat(40);
    std::fs::write(
        &article,
        format!("Title\n\n{}", [para.as_str(); 100].join("\n\n")),
    )
    .unwrap();
    let target = dir.path().join("s.ron");
    std::fs::write(&target, "previous content").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("dossier");
    // A file size limit of 64 KiB makes writes fail as on a full disk (EFBIG rather than ENOSPC).
    let out = child::output(
        Command::new("sh").arg("-c").arg(format!(
            "trap '' XFSZ; ulimit -f 64; exec '{}' new '{}' -o '{}' --force",
            bin.display(),
            article.display(),
            target.display()
        )),
        "a save under a 64 KiB file size limit",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("cannot write") && err.contains("s.ron"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "previous content"
    );
}

#[test]
fn an_unwritable_folder_gives_a_clear_error_and_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let s = synth::session(synth::Size::named("10k").unwrap());
    // A folder that does not exist.
    let missing = dir.path().join("no/such/folder/s.ron");
    let e = io::save_session(&s, &missing).unwrap_err().to_string();
    assert!(e.contains("cannot write") && e.contains("s.ron"), "{e}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        let target = ro.join("s.ron");
        io::save_session(&s, &target).unwrap();
        let before = std::fs::read(&target).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = std::fs::File::create(ro.join("probe"));
        if probe.is_ok() {
            // Running as root: permissions do not stop root, so an unprivileged child process
            // (util-linux's setpriv, as nobody) makes the save instead.
            let _ = std::fs::remove_file(ro.join("probe"));
            as_nobody_save_into_read_only_folder(dir.path(), &target, &before);
        } else {
            let mut s2 = s.clone();
            s2.article.title = "changed".into();
            let e = io::save_session(&s2, &target).unwrap_err().to_string();
            assert!(e.contains("cannot write"), "{e}");
            assert_eq!(std::fs::read(&target).unwrap(), before);
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Root ignores folder permissions: let `nobody` try to save into the read-only folder through
/// the command line, and check it fails clearly and leaves the file alone. Where that cannot
/// run, say so — and fail in CI, where it must run.
#[cfg(unix)]
fn as_nobody_save_into_read_only_folder(
    dir: &std::path::Path,
    target: &std::path::Path,
    before: &[u8],
) {
    use std::os::unix::fs::PermissionsExt;
    let open = std::fs::Permissions::from_mode(0o755);
    std::fs::set_permissions(dir, open).unwrap();
    let article = dir.join("article.txt");
    std::fs::write(&article, "A short article for the read-only check.\n").unwrap();
    std::fs::set_permissions(&article, std::fs::Permissions::from_mode(0o644)).unwrap();
    // A copy nobody can run, wherever the checkout lives (under /root, say).
    let bin = dir.join("dossier");
    std::fs::copy(assert_cmd::cargo::cargo_bin("dossier"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = child::try_output(
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .arg("new")
            .arg(&article)
            .arg("-o")
            .arg(target)
            .arg("--force"),
        "a save as nobody",
    );
    let out = match out {
        Ok(o) if !String::from_utf8_lossy(&o.stderr).contains("setpriv:") => o,
        other => {
            let why = format!("cannot run a child process as nobody: {other:?}");
            not_checked("DOSSIER_CI_NO_SETPRIV", "read-only folder as root", &why);
            return;
        }
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "nobody could write: {err}");
    assert!(
        err.contains("cannot write") && err.contains("s.ron"),
        "{err}"
    );
    assert_eq!(std::fs::read(target).unwrap(), before);
}

/// A real full disk and a real read-only file system, where the test may mount one (root on
/// Linux); elsewhere the tests above cover the same paths with a file size limit and permissions.
#[cfg(target_os = "linux")]
#[test]
fn a_full_or_read_only_file_system_keeps_the_previous_file() {
    struct Mounted(std::path::PathBuf);
    impl Drop for Mounted {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=600k", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        not_checked(
            "DOSSIER_CI_NO_MOUNT",
            "full and read-only file system",
            "this user cannot mount a small file system here",
        );
        return;
    }
    let _guard = Mounted(mnt.clone());
    let target = mnt.join("s.ron");
    let small = synth::session(synth::Size::named("10k").unwrap());
    io::save_session(&small, &target).unwrap();
    let before = std::fs::read(&target).unwrap();

    // Full: a 1 MB session does not fit in what is left.
    let big = synth::session(synth::Size::named("100k").unwrap());
    let e = io::save_session(&big, &target).unwrap_err().to_string();
    assert!(
        e.contains("cannot write") && e.contains("No space left"),
        "{e}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert!(io::load_session(&target).is_ok());
    // No temporary file is left behind taking the space.
    let leftovers = std::fs::read_dir(&mnt)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);

    // Read-only.
    assert!(
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&mnt)
            .status()
            .unwrap()
            .success()
    );
    let mut changed = small.clone();
    changed.article.title = "changed".into();
    let e = io::save_session(&changed, &target).unwrap_err().to_string();
    assert!(e.contains("cannot write") && e.contains("Read-only"), "{e}");
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

/// Crash safety by construction: the save dies (a test hook aborts the process, as a power cut
/// would) right after the temporary file is written, after the backup is made, and after the
/// rename. Each time the file is the old or the new session, the backup is the old one once
/// made, and the next save leaves no temporary file behind.
#[test]
fn a_save_killed_at_each_step_leaves_old_or_new_and_the_next_save_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut size = synth::Size::named("10k").unwrap();
    let new = synth::session(size);
    size.seed = 8;
    let old = synth::session(size);
    let (pa, pb, target) = (
        dir.path().join("new.ron"),
        dir.path().join("old.ron"),
        dir.path().join("target.ron"),
    );
    io::save_session(&new, &pa).unwrap();
    io::save_session(&old, &pb).unwrap();
    let (new_bytes, old_bytes) = (std::fs::read(&pa).unwrap(), std::fs::read(&pb).unwrap());
    let bak = io::atomic::backup_path(&target);
    let temporaries = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count()
    };
    for (point, lands_new, has_backup) in [
        ("after-temp", false, false),
        ("after-backup", false, true),
        ("after-rename", true, true),
    ] {
        std::fs::write(&target, &old_bytes).unwrap();
        let _ = std::fs::remove_file(&bak);
        // save-loop saves the new session first: the crash comes in that save.
        // Without the hook (a save that never reaches the point) save-loop saves forever: the
        // time limit fails the test instead of hanging it.
        let status = child::status(
            Command::cargo_bin("dossier")
                .unwrap()
                .env("DOSSIER_TEST_CRASH_AT", point)
                .arg("save-loop")
                .args([&pa, &pb, &target])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
            &format!("save-loop crashing {point}"),
        );
        assert!(!status.success(), "{point}: the hook did not fire");
        let now = std::fs::read(&target).unwrap();
        let expected = if lands_new { &new_bytes } else { &old_bytes };
        assert!(
            now == *expected,
            "{point}: neither the expected old nor new file"
        );
        io::load_session(&target).unwrap_or_else(|e| panic!("{point}: {e}"));
        assert_eq!(bak.exists(), has_backup, "{point}: backup");
        if has_backup {
            assert_eq!(
                std::fs::read(&bak).unwrap(),
                old_bytes,
                "{point}: backup is the old file"
            );
        }
        let left = temporaries();
        assert_eq!(
            left,
            usize::from(!lands_new),
            "{point}: temporary files after the crash"
        );
        // The next save (this process) cleans up what the dead one left.
        io::save_session(&old, &target).unwrap();
        assert_eq!(
            temporaries(),
            0,
            "{point}: a temporary file survived the next save"
        );
        assert_eq!(std::fs::read(&target).unwrap(), old_bytes);
    }
}

/// Crash safety by construction: the system calls of a save, in order. The temporary file is
/// synced before it is renamed over the target, and the folder is synced after the rename.
/// (Without either sync every other test still passes; only a power cut would show it.)
#[cfg(target_os = "linux")]
#[test]
fn a_save_syncs_the_file_before_the_rename_and_the_folder_after() {
    let dir = tempfile::tempdir().unwrap();
    let (target, log) = (dir.path().join("s.ron"), dir.path().join("strace.log"));
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/resources/samples/grain-deal.md"
    );
    let bin = assert_cmd::cargo::cargo_bin("dossier");
    let out = child::try_output(
        Command::new("strace")
            .args([
                "-f",
                "-e",
                "trace=openat,fsync,fdatasync,rename,renameat,renameat2",
                "-o",
            ])
            .arg(&log)
            .arg(&bin)
            .arg("new")
            .arg(article)
            .arg("-o")
            .arg(&target),
        "a save traced by strace",
    );
    let ok = matches!(&out, Ok(o) if o.status.success() && log.exists());
    if !ok {
        let why = format!("cannot trace a save with strace: {out:?}");
        not_checked("DOSSIER_CI_NO_PTRACE", "system calls of a save", &why);
        return;
    }
    let log = std::fs::read_to_string(&log).unwrap();
    // Each call as (name, first argument or path, result), pid prefix dropped.
    let calls: Vec<(String, String, String)> = log
        .lines()
        .filter_map(|l| {
            let l = l.split_once(' ').map_or(l, |(_, rest)| rest).trim();
            let (name, rest) = l.split_once('(')?;
            let result = rest
                .rsplit_once("= ")?
                .1
                .split_whitespace()
                .next()?
                .to_owned();
            Some((name.to_owned(), rest.to_owned(), result))
        })
        .collect();
    let target_s = target.display().to_string();
    let rename = calls
        .iter()
        .position(|(n, a, r)| n.starts_with("rename") && a.contains(&target_s) && r == "0")
        .unwrap_or_else(|| panic!("no rename onto the target in:\n{log}"));
    let tmp_fd = calls[..rename]
        .iter()
        .rev()
        .find(|(n, a, _)| n == "openat" && a.contains(".dossier-save-"))
        .map(|(_, _, fd)| fd.clone())
        .unwrap_or_else(|| panic!("no temporary file opened before the rename:\n{log}"));
    assert!(
        calls[..rename].iter().any(|(n, a, r)| n.ends_with("sync")
            && a.starts_with(&format!("{tmp_fd})"))
            && r == "0"),
        "the temporary file (fd {tmp_fd}) is not synced before the rename:\n{log}"
    );
    let dir_s = format!("\"{}\"", dir.path().display());
    let dir_fd = calls[rename..]
        .iter()
        .find(|(n, a, _)| n == "openat" && a.contains(&dir_s))
        .map(|(_, _, fd)| fd.clone())
        .unwrap_or_else(|| panic!("the folder is not opened after the rename:\n{log}"));
    assert!(
        calls[rename..]
            .iter()
            .any(|(n, a, r)| n == "fsync" && a.starts_with(&format!("{dir_fd})")) && r == "0"),
        "the folder (fd {dir_fd}) is not synced after the rename:\n{log}"
    );
}
