//! A big session file read on two threads. Its mentions list is most of it (47 of a 10 MB
//! article's 73 MB), so the list is cut between two mentions and the second part is read on
//! another thread while this one reads the rest. Only a file laid out as Dossier writes it is
//! cut; anything else (and any error) is left to the whole file's read, which says exactly
//! where the file is wrong.

use crate::model::Session;
use crate::model::session::MentionsPart;

/// Files smaller than this are read whole: a second thread saves little on them.
pub const PARTS_FROM_BYTES: usize = 4 * 1024 * 1024;

/// How Dossier's pretty writer opens and closes the mentions list, and ends one of its mentions
/// (two spaces per level: these lines belong to the list itself, never to a nested value).
const LIST_OPENS: &str = "\n  mentions: [\n";
const LIST_CLOSES: &str = "\n  ],";
const MENTION_ENDS: &str = "\n    ),\n";

/// Where the mentions list's contents are and where they are cut, as byte offsets.
#[derive(Debug, PartialEq)]
struct Cut {
    /// The list's contents: after its `[`, up to its `]`.
    start: usize,
    end: usize,
    /// Between two mentions: the part before is read with the rest of the file.
    at: usize,
}

/// The session in `text`, read in two parts at once; None when the file is not laid out as
/// Dossier writes it or any part does not read (the caller then reads it whole).
pub fn parse(text: &str, opts: &ron::Options) -> Option<Session> {
    let cut = cut(text)?;
    let (start, end, at) = (cut.start, cut.end, cut.at);
    std::thread::scope(|scope| {
        let second = std::thread::Builder::new()
            .name("dossier-load".into())
            .spawn_scoped(scope, || {
                opts.from_str::<MentionsPart>(&format!("[{}]", &text[at..end]))
                    .ok()
            })
            .ok()?;
        let mut rest = String::with_capacity(text.len() - (end - start));
        rest.push_str(&text[..start]);
        rest.push_str(&text[end..]);
        let session = opts.from_str::<Session>(&rest).ok();
        drop(rest);
        let first = opts
            .from_str::<MentionsPart>(&format!("[{}]", &text[start..at]))
            .ok();
        let second = second.join().ok()??;
        let mut session = session?;
        // The rest of the file must have had the list, empty now, and nothing else there.
        if !session.mentions.is_empty() || !session.set_mentions_from_parts(vec![first?, second]) {
            return None;
        }
        Some(session)
    })
}

/// The mentions list of a file as Dossier writes it, cut so that the part after the cut costs
/// about as much to read as the rest of the file (whose article text, one string, reads
/// quickly); None when the file is laid out otherwise.
fn cut(text: &str) -> Option<Cut> {
    // memchr's search: `str::find` took 30 ms over a 73 MB file.
    let find = |from: usize, to: usize, what: &str| {
        memchr::memmem::find(&text.as_bytes()[from..to], what.as_bytes()).map(|i| from + i)
    };
    let start = find(0, text.len(), LIST_OPENS)? + LIST_OPENS.len();
    let end = find(start, text.len(), LIST_CLOSES)? + 1;
    let len = end - start;
    let others = text.len() - len;
    let second_share = (len + others / 2) / 2;
    let aim = end.checked_sub(second_share)?.max(start);
    let at = find(aim, end, MENTION_ENDS)? + MENTION_ENDS.len();
    if at >= end {
        return None;
    }
    // Those lines must be the file's structure, not text inside a string or a comment.
    outside_strings(text, &[start, at, end]).then_some(Cut { start, end, at })
}

/// True when each of `places` (ascending byte offsets) lies outside strings and comments, as
/// the lines Dossier writes are; false for anything this reader does not follow (raw strings,
/// block comments), which the whole file's read handles.
fn outside_strings(text: &str, places: &[usize]) -> bool {
    let bytes = text.as_bytes();
    let Some(&last) = places.last() else {
        return true;
    };
    let mut places = places.iter().peekable();
    let mut i = 0;
    while i < last {
        // Jump to the next byte that can open a string, a character or a comment.
        let Some(j) = memchr::memchr3(b'"', b'/', b'\'', &bytes[i..last]).map(|j| i + j) else {
            break;
        };
        // The places passed over are outside.
        while places.next_if(|&&p| p <= j).is_some() {}
        match bytes[j] {
            b'"' => {
                // `r"…"`, `r#"…"#` and `b"…"` strings are not what Dossier writes.
                if j > 0 && matches!(bytes[j - 1], b'r' | b'#' | b'b') {
                    return false;
                }
                let Some(close) = string_end(bytes, j + 1) else {
                    return false;
                };
                if places.peek().is_some_and(|&&p| p <= close) {
                    return false;
                }
                i = close + 1;
            }
            // A character (a type's key, `'p'`; `'"'` would read as a string's start).
            b'\'' => {
                // After an escape's backslash and the byte it escapes, or after one character.
                let from = j + if bytes.get(j + 1) == Some(&b'\\') {
                    3
                } else {
                    2
                };
                let Some(close) = bytes
                    .get(from..)
                    .and_then(|rest| memchr::memchr(b'\'', rest))
                    .map(|n| from + n)
                else {
                    return false;
                };
                if places.peek().is_some_and(|&&p| p <= close) {
                    return false;
                }
                i = close + 1;
            }
            _ => {
                if bytes.get(j + 1) != Some(&b'/') {
                    return false;
                }
                let eol = memchr::memchr(b'\n', &bytes[j..]).map_or(bytes.len(), |n| j + n);
                if places.peek().is_some_and(|&&p| p <= eol) {
                    return false;
                }
                i = eol;
            }
        }
    }
    true
}

/// The offset of the `"` that closes a string whose contents begin at `from`.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let j = i + memchr::memchr2(b'"', b'\\', &bytes[i..])?;
        if bytes[j] == b'"' {
            return Some(j);
        }
        // An escape: the next byte is part of it, whatever it is.
        i = j + 2;
        if i > bytes.len() {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::presets;
    use crate::model::{Article, Span};

    fn opts() -> ron::Options {
        ron::Options::default().with_recursion_limit(64)
    }

    /// Many mentions in a text of curly quotes, accents, Arabic, an emoji and CRLF, with notes
    /// holding what the cut looks for (a list's closing line, a mention's end) and quotes and
    /// backslashes.
    fn session() -> Session {
        let line = "Zoë “Noor” said \"hi\" \\ 🔥 مرحبا.\r\n";
        let mut s = Session::new(
            Article::new("t", &line.repeat(300)),
            presets::default_schema(),
        );
        let text = s.article.text.clone();
        let starts: Vec<usize> = text.match_indices("Zoë").map(|(b, _)| b).collect();
        for b in starts {
            let start = text[..b].chars().count();
            let cmd = s
                .cmd_annotate(Span::new(start, start + 3), "Person")
                .unwrap();
            s.apply(cmd).unwrap();
        }
        let ids: Vec<_> = s.mentions.keys().copied().collect();
        for (i, id) in ids.iter().enumerate() {
            if let Some(m) = s.mentions.get_mut(id) {
                m.note = ["\n  ],\n", "\n    ),\n    (\n", "a \"q\" \\ b", ""][i % 4].to_owned();
            }
        }
        s
    }

    #[test]
    fn a_file_read_in_parts_is_the_file_read_whole() {
        let s = session();
        let text = crate::io::session_to_string(&s).unwrap();
        let cut = cut(&text).expect("a file Dossier wrote can be cut");
        assert!(cut.start < cut.at && cut.at < cut.end, "{cut:?}");
        let whole: Session = opts().from_str(&text).unwrap();
        let parts = parse(&text, &opts()).expect("reads in parts");
        assert_eq!(parts, whole);
        assert_eq!(parts.mentions.len(), 300);
    }

    #[test]
    fn what_is_not_laid_out_as_dossier_writes_is_left_to_the_whole_read() {
        let s = session();
        let text = crate::io::session_to_string(&s).unwrap();
        // Two mentions swapped: the whole read sorts them by id.
        let first = text.find("\n    (\n      id:").unwrap() + 1;
        let second = first + 1 + text[first + 1..].find("\n    (\n      id:").unwrap() + 1;
        let third = second + 1 + text[second + 1..].find("\n    (\n      id:").unwrap() + 1;
        let swapped = format!(
            "{}{}{}{}",
            &text[..first],
            &text[second..third],
            &text[first..second],
            &text[third..]
        );
        assert_eq!(parse(&swapped, &opts()), None);
        // A mistake in the part read on the other thread.
        let at = cut(&text).unwrap().end - 40;
        let broken = format!("{}#{}", &text[..at], &text[at..]);
        assert_eq!(parse(&broken, &opts()), None);
        // The list's closing line hidden in a raw string the reader does not follow.
        let raw = text.replacen(
            "format: \"dossier-session\"",
            "format: r\"dossier-session\"",
            1,
        );
        assert_eq!(parse(&raw, &opts()), None);
        // No list at all.
        assert_eq!(cut("(format: \"dossier-session\", mentions: [])"), None);
    }

    #[test]
    fn lines_inside_strings_and_comments_are_not_places_to_cut() {
        let text = "// a \"comment\n(a: \"x \\\" y\", b: [1])";
        let inside_comment = text.find("comment").unwrap();
        let inside_string = text.find(" y").unwrap();
        let after = text.find("b:").unwrap();
        assert!(outside_strings(text, &[after]));
        assert!(!outside_strings(text, &[inside_comment]));
        assert!(!outside_strings(text, &[inside_string, after]));
        assert!(!outside_strings("(a: r\"x\", b: 1)", &[12]));
        assert!(!outside_strings("(a: 1 /* x */, b: 1)", &[15]));
        // A character that is a quote mark opens no string.
        let chars = "(a: '\"', b: '\\'', c: \"x\", d: 1)";
        assert!(outside_strings(chars, &[chars.find("d:").unwrap()]));
        assert!(!outside_strings(chars, &[chars.find("x").unwrap()]));
    }
}
