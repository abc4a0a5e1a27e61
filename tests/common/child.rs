//! Child processes in tests, always within a time limit: a child that never gets where the test
//! waits for it (a crash point never reached, a line never printed) fails its test saying what
//! was awaited, instead of hanging the whole run.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longer than any child here takes in a debug build on a busy 2-core machine.
pub const LIMIT: Duration = Duration::from_secs(120);

/// Run `cmd` to its end, its output captured; spawning errors are returned (a tool missing on
/// this machine), a child still running after [`LIMIT`] is killed and the test fails.
pub fn try_output(cmd: &mut Command, what: &str) -> std::io::Result<Output> {
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    Ok(wait(child, what))
}

/// [`try_output`] for a program that must start.
pub fn output(cmd: &mut Command, what: &str) -> Output {
    try_output(cmd, what).unwrap_or_else(|e| panic!("{what}: could not start: {e}"))
}

/// Run `cmd` to its end (its output left as the command sets it) within [`LIMIT`].
pub fn status(cmd: &mut Command, what: &str) -> ExitStatus {
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: could not start: {e}"));
    wait(child, what).status
}

/// Wait for `child` within [`LIMIT`], reading what it prints on pipes meanwhile.
pub fn wait(mut child: Child, what: &str) -> Output {
    fn drain(r: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    }
    let (out, err) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what}: still running after {} s, killed", LIMIT.as_secs());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("{what}: {e}"),
        }
    };
    Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

/// The first line `out` prints, within [`LIMIT`].
pub fn first_line(out: ChildStdout, what: &str) -> String {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(out).read_line(&mut line);
        let _ = tx.send(line);
    });
    rx.recv_timeout(LIMIT)
        .unwrap_or_else(|_| panic!("{what}: nothing printed within {} s", LIMIT.as_secs()))
}

/// A child killed when dropped, so that a failed assertion leaves no process behind.
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
