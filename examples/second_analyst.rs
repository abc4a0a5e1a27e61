//! A second analyst's session of the same article, for trying comparison and curation: the
//! session at A.ron annotated differently through the window's edit commands (a mention left
//! out, a type changed, a mention added, a name kept apart from its entity, an event argument
//! left out), each change recorded as made by "B. Analyst".
//! `cargo run --example second_analyst -- A.ron B.ron` (the screenshots script uses it).
#![allow(clippy::unwrap_used, clippy::expect_used)] // In tests and tools a panic is a failed run.

use dossier::io;
use dossier::model::*;

fn mention(s: &Session, quote: &str, nth: usize) -> MentionId {
    let mut all: Vec<&Mention> = s.mentions.values().filter(|m| m.quote == quote).collect();
    all.sort_by_key(|m| m.span.start);
    all.get(nth).map(|m| m.id).expect("annotated in A")
}

fn span(s: &Session, word: &str) -> Span {
    let b = s.text().find(word).expect("in the text");
    let c = s.article.char_of(b).expect("boundary");
    Span::new(c, c + word.chars().count())
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [a, out] = args.as_slice() else {
        return Err("usage: second_analyst A.ron B.ron".into());
    };
    let (mut s, _) = io::load_session(std::path::Path::new(a)).map_err(|e| e.to_string())?;
    let mut h = History::default();
    type Step = Box<dyn Fn(&mut Session) -> Result<Command, EditError>>;
    let steps: Vec<Step> = vec![
        Box::new(|s| {
            let id = mention(s, "Ostrava", 0);
            s.cmd_delete_mention(id)
        }),
        Box::new(|s| {
            let id = mention(s, "Saint-Anne Hospital", 0);
            s.cmd_retype_mention(id, "Location")
        }),
        Box::new(|s| {
            let sp = span(s, "Friday");
            s.cmd_annotate(sp, "DateTime")
        }),
        Box::new(|s| {
            let id = mention(s, "Ibáñez", 0);
            s.cmd_split_mention(id)
        }),
        Box::new(|s| {
            let mut e = s
                .events
                .values()
                .find(|e| e.arguments.len() > 1)
                .cloned()
                .ok_or_else(|| EditError("no event with two arguments".into()))?;
            e.arguments.pop();
            Ok(Command::UpdateEvent(e))
        }),
    ];
    for step in steps {
        let cmd = step(&mut s).map_err(|e| e.0)?;
        let cmd = cmd.stamped(&s, "B. Analyst", 1_774_000_000);
        h.apply(&mut s, cmd).map_err(|e| e.0)?;
    }
    io::save_session(&s, std::path::Path::new(out)).map_err(|e| e.to_string())?;
    println!(
        "Wrote {out}: {} mentions, {} events.",
        s.mentions.len(),
        s.events.len()
    );
    Ok(())
}
