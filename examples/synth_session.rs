//! Write a seeded synthetic session, to try the window on a big article:
//! `cargo run --release --example synth_session -- 1m /tmp/big.ron` (sizes 10k, 100k, 1m, 10m).
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

use dossier::analysis::synth;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(size), Some(path)) = (args.get(1).and_then(|n| synth::Size::named(n)), args.get(2))
    else {
        eprintln!("usage: synth_session 10k|100k|1m|10m OUT.ron");
        std::process::exit(2);
    };
    let s = synth::session(size);
    if let Err(e) = dossier::io::save_session(&s, std::path::Path::new(path)) {
        eprintln!("could not write {path}: {e}");
        std::process::exit(1);
    }
    println!(
        "{path}: {} chars, {} mentions, {} entities, {} events",
        s.article.char_len(),
        s.mentions.len(),
        s.entities.len(),
        s.events.len()
    );
}
