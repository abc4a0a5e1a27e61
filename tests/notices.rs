//! The third-party notices (resources/licenses/THIRD-PARTY.md, made by scripts/notices.sh with
//! cargo-about) name every crate this machine builds into the program: a dependency added or
//! updated without running the script fails here, saying which.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is a failed run.

use std::collections::BTreeSet;
use std::process::Command;

/// "name version" of every crate in the program's normal dependency tree for this machine.
fn built_crates() -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--locked",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .args(["--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let name = words.next()?;
            let version = words.next()?.strip_prefix('v')?;
            Some(format!("{name} {version}"))
        })
        .filter(|c| !c.starts_with("dossier "))
        .collect()
}

/// "name version" of every crate the notices list under "Used by".
fn noticed_crates() -> BTreeSet<String> {
    dossier::about::THIRD_PARTY
        .lines()
        .filter_map(|l| l.strip_prefix("Used by: "))
        .flat_map(|l| l.split(", "))
        .map(|c| c.trim().to_owned())
        .collect()
}

#[test]
fn the_notices_name_every_crate_built_into_the_program() {
    let built = built_crates();
    assert!(built.len() > 300, "{} crates", built.len());
    let noticed = noticed_crates();
    let missing: Vec<&String> = built.difference(&noticed).collect();
    assert!(
        missing.is_empty(),
        "not in resources/licenses/THIRD-PARTY.md (run scripts/notices.sh): {missing:?}"
    );
}
