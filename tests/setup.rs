//! The README's set-up names the very packages CI installs: one list, in
//! scripts/system-packages.sh, that both use.
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is a failed run.

use std::path::Path;
use std::process::Command;

#[test]
fn the_readme_installs_the_packages_ci_installs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash")
        .arg(root.join("scripts/system-packages.sh"))
        .arg("--list")
        .output()
        .expect("bash runs the script");
    assert!(out.status.success());
    let list = String::from_utf8(out.stdout).unwrap();
    let line = format!("sudo apt-get install -y {}", list.trim());
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.lines().any(|l| l == line),
        "README.md should have the line\n{line}"
    );
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(ci.lines().any(|l| l == "scripts/system-packages.sh"));
}
