#![no_main]
//! The session loader on arbitrary bytes: an error or a consistent session, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok((s, _)) = dossier::io::parse_session(text)
    {
        assert!(s.problems().is_empty());
    }
});
