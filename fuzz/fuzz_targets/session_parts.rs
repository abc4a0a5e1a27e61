#![no_main]
//! A big session file's split read (mentions on a second thread) on arbitrary text: whenever it
//! reads a session, the whole file's read reads the same one.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let (Some(parts), whole) = dossier::io::session_file::read_in_parts_and_whole(text)
    {
        assert_eq!(Some(parts), whole);
    }
});
