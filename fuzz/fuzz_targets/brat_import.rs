#![no_main]
//! The brat importer: the input is split into .txt, .ann and annotation.conf at NUL bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0);
    let txt = parts.next().unwrap_or_default();
    let ann = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let conf = parts.next().map(String::from_utf8_lossy);
    if let Ok(imp) = dossier::io::brat::import(txt, &ann, conf.as_deref(), "fuzz") {
        assert!(imp.session.problems().is_empty());
    }
});
