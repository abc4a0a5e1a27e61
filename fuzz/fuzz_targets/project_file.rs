#![no_main]
//! The project file (`dossier-project.ron`) on arbitrary bytes: an error, or a project whose
//! registry is consistent and which saves and reads back the same — never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(p) = dossier::io::project::parse_project(text, "fuzz")
    {
        assert!(p.registry.problems().is_empty(), "{:?}", p.registry.problems());
        let saved = dossier::io::project::project_to_string(&p).expect("a loaded project saves");
        let again = dossier::io::project::parse_project(&saved, "fuzz").expect("and loads again");
        assert_eq!(again, p);
    }
});
