#![no_main]
//! `keys.ron`, the analyst's shortcuts, on arbitrary bytes: a keymap and the problems said,
//! never a panic; what it keeps writes out and reads back the same.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let (keys, _problems) = dossier::ui::keymap::Keymap::from_ron(text);
        let (again, problems) = dossier::ui::keymap::Keymap::from_ron(&keys.to_ron());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(again.to_ron(), keys.to_ron());
    }
});
