#![no_main]
//! An analyst's gazetteer (CSV or TSV, any common encoding) on arbitrary bytes, decoded and
//! parsed as `gazetteer::read` does: a list or an error naming the line, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    use dossier::io::import::{ArticleKind, decode};
    let Ok(text) = decode(data, ArticleKind::Text) else {
        return;
    };
    if let Ok(g) = dossier::io::gazetteer::parse(&text, "fuzz.csv") {
        for e in &g.entries {
            assert!(!e.name.trim().is_empty(), "{e:?}");
        }
    }
});
