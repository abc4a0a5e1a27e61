#![no_main]
//! git's merge driver on arbitrary inputs: three session files (or three project files), split
//! at NUL bytes, merged as `dossier merge-driver` merges them — an error, or a merged session
//! (project) that is consistent. Never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0).map(String::from_utf8_lossy);
    let (Some(base), Some(ours), Some(theirs)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let session = |t: &str| dossier::io::parse_session(t).ok().map(|(s, _)| s);
    if let (Some(o), Some(t)) = (session(&ours), session(&theirs)) {
        let b = session(&base);
        if let Ok((m, _)) = dossier::analysis::merge::merge_sessions(b.as_ref(), &o, &t) {
            assert!(m.problems().is_empty(), "{:?}", m.problems());
        }
        return;
    }
    let project = |t: &str| dossier::io::project::parse_project(t, "fuzz").ok();
    if let (Some(o), Some(t)) = (project(&ours), project(&theirs)) {
        let b = project(&base);
        if let Ok((m, _)) = dossier::analysis::merge_project::merge_projects(b.as_ref(), &o, &t) {
            assert!(m.registry.problems().is_empty(), "{:?}", m.registry.problems());
        }
    }
});
