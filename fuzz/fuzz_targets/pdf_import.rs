#![no_main]
//! A PDF article on arbitrary bytes: its text or a reason, never a crash or a hang. The PDF
//! parser asserts on some damaged files, which Dossier catches and refuses; so here a panic
//! unwinds to that catch as in the program instead of aborting at once, and only one that
//! escapes it is a crash.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let _ = dossier::io::pdf::text(data);
});
