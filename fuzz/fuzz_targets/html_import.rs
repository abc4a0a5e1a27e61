#![no_main]
//! The HTML importer on arbitrary bytes (any encoding): text or an error, never a panic or hang.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = dossier::io::import_article_bytes(data, dossier::io::import::ArticleKind::Html, "fuzz");
});
