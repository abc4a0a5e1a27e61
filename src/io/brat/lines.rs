//! The `.ann` read line by line, one function per line kind (T, E, R, `*`, A/M, N, #), with
//! offsets mapped from brat's count (chars of the file on disk) onto the normalised text.

use super::{Kept, Warning};
use crate::model::*;
use std::collections::BTreeMap;

pub(super) struct TLine {
    pub(super) ty: String,
    pub(super) frags: Vec<Span>,
}

impl TLine {
    /// From the first fragment's start to the last one's end.
    pub(super) fn extent(&self) -> Span {
        let (first, last) = (self.frags[0], self.frags[self.frags.len() - 1]);
        Span::new(first.start, last.end)
    }
}

pub(super) struct ELine {
    pub(super) line: usize,
    pub(super) ty: String,
    pub(super) trigger: Option<String>,
    pub(super) args: Vec<(String, String)>,
}

pub(super) struct RLine {
    pub(super) line: usize,
    pub(super) ty: String,
    /// The two arguments as written: role name and target id, in the line's order.
    pub(super) args: [(String, String); 2],
}

/// The `.ann` read line by line, by kind; offsets already mapped onto the normalised text.
#[derive(Default)]
pub(super) struct Parsed {
    pub(super) ts: BTreeMap<String, TLine>,
    /// T ids in file order.
    pub(super) t_order: Vec<String>,
    pub(super) es: Vec<(String, ELine)>,
    pub(super) rs: Vec<(String, RLine)>,
    /// line, type, member ids
    pub(super) equivs: Vec<(usize, String, Vec<String>)>,
    /// line, name, target, value
    pub(super) attrs: Vec<(usize, String, String, Option<String>)>,
    /// line, type, target, reference, label
    pub(super) norms: Vec<(usize, String, String, String, String)>,
    /// line, target, text
    /// line, note type, target, text
    pub(super) notes: Vec<(usize, String, String, String)>,
    pub(super) warnings: Vec<Warning>,
    /// Each non-empty line's number and kind (its id's first character).
    pub(super) kinds: Vec<(usize, char)>,
}

/// The text as brat counts it (chars of the file on disk) and where each of its chars lands in
/// the normalised text (each "\r\n" becomes one "\n").
pub(super) struct Offsets {
    pub(super) raw: Vec<char>,
    pub(super) to_norm: Vec<usize>,
}

impl Offsets {
    /// `raw` is the decoded text; `bom` says the file started with a byte order mark, which
    /// brat counts as character 0 and the article leaves out.
    pub(super) fn new(raw: &str, bom: bool) -> Self {
        let raw: Vec<char> = bom
            .then_some('\u{feff}')
            .into_iter()
            .chain(raw.chars())
            .collect();
        let mut to_norm = Vec::with_capacity(raw.len() + 1);
        let mut n = 0usize;
        for (i, c) in raw.iter().enumerate() {
            to_norm.push(n);
            let crlf = *c == '\r' && raw.get(i + 1) == Some(&'\n');
            if !(crlf || (bom && i == 0)) {
                n += 1;
            }
        }
        to_norm.push(n);
        Self { raw, to_norm }
    }
}

impl Parsed {
    /// Something to say about a line that was still read.
    pub(super) fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Warning::ann(line, message, Kept::Whole));
    }

    /// Part of a line left out (the rest read), and why.
    pub(super) fn warn_part(&mut self, line: usize, message: String) {
        self.warnings.push(Warning::ann(line, message, Kept::Part));
    }

    /// A line left out, and why.
    pub(super) fn skip(&mut self, line: usize, message: String) {
        self.warnings
            .push(Warning::ann(line, message, Kept::Nothing));
    }

    pub(super) fn read(ann: &str, offsets: &Offsets) -> Self {
        let mut p = Parsed::default();
        for (i, line) in ann.lines().enumerate() {
            let ln = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.splitn(3, '\t').collect();
            let id = fields[0].trim();
            p.kinds.push((ln, id.chars().next().unwrap_or('?')));
            let Some(body) = fields.get(1).map(|b| b.trim()) else {
                p.skip(
                    ln,
                    format!("{id:?}: no tab-separated annotation after the id"),
                );
                continue;
            };
            let text = fields.get(2).copied();
            match id.chars().next() {
                Some('T') => p.t_line(ln, id, body, text, offsets),
                Some('E') => p.e_line(ln, id, body),
                Some('R') => p.r_line(ln, id, body),
                Some('*') => p.equiv_line(ln, body),
                Some('A' | 'M') => p.attribute_line(ln, id, body),
                Some('N') => p.norm_line(ln, id, body, text),
                Some('#') => p.note_line(ln, id, body, text),
                _ => p.skip(ln, format!("{id:?}: unknown annotation kind")),
            }
        }
        p
    }

    /// `T1 ⇥ TYPE START END[;START END…] ⇥ TEXT`
    fn t_line(&mut self, ln: usize, id: &str, body: &str, text: Option<&str>, o: &Offsets) {
        let Some((ty, ranges)) = body.split_once(' ') else {
            self.skip(ln, format!("{id}: expected \"TYPE START END\""));
            return;
        };
        let frags = match fragments(id, ranges, o.raw.len()) {
            Ok(f) => f,
            Err(e) => return self.skip(ln, e),
        };
        let expected = frags
            .iter()
            .map(|&(a, b)| o.raw[a..b].iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        match text {
            Some(given) if given != expected => {
                return self.skip(
                    ln,
                    format!(
                        "{id}: the text says {given:?} but the .txt has {expected:?} at those offsets; skipped"
                    ),
                );
            }
            None => self.warn(
                ln,
                format!("{id}: no text after the offsets; using {expected:?} from the .txt"),
            ),
            _ => {}
        }
        if self.ts.contains_key(id) {
            return self.skip(ln, format!("{id} is defined twice; the second is skipped"));
        }
        let frags = frags
            .iter()
            .map(|&(a, b)| Span::new(o.to_norm[a], o.to_norm[b]))
            .collect();
        self.t_order.push(id.to_owned());
        let ty = ty.trim().to_owned();
        self.ts.insert(id.to_owned(), TLine { ty, frags });
    }

    /// `E1 ⇥ TYPE:TRIGGER ROLE:ID …`
    fn e_line(&mut self, ln: usize, id: &str, body: &str) {
        let words: Vec<&str> = body.split_whitespace().collect();
        let Some((first, rest)) = words.split_first() else {
            return self.skip(ln, format!("{id}: empty event"));
        };
        let (ty, trigger) = match first.split_once(':') {
            Some((t, trig)) => (
                t.to_owned(),
                Some(trig.to_owned()).filter(|x| !x.is_empty()),
            ),
            None => ((*first).to_owned(), None),
        };
        if ty.is_empty() {
            return self.skip(ln, format!("{id}: no event type"));
        }
        let mut args = Vec::new();
        for a in rest {
            match a.split_once(':') {
                Some((r, v)) if !r.is_empty() && !v.is_empty() => {
                    args.push((r.to_owned(), v.to_owned()));
                }
                _ => self.warn_part(ln, format!("{id}: argument {a:?} is not ROLE:ID; dropped")),
            }
        }
        let e = ELine {
            line: ln,
            ty,
            trigger,
            args,
        };
        self.es.push((id.to_owned(), e));
    }

    /// `R1 ⇥ TYPE Arg1:ID Arg2:ID`
    fn r_line(&mut self, ln: usize, id: &str, body: &str) {
        let words: Vec<&str> = body.split_whitespace().collect();
        let (Some(ty), Some(a1), Some(a2)) = (words.first(), words.get(1), words.get(2)) else {
            return self.skip(ln, format!("{id}: expected \"TYPE Arg1:ID Arg2:ID\""));
        };
        let arg = |a: &str| {
            a.split_once(':')
                .filter(|(r, v)| !r.is_empty() && !v.is_empty())
                .map(|(r, v)| (r.to_owned(), v.to_owned()))
        };
        match (arg(a1), arg(a2)) {
            (Some(a1), Some(a2)) => {
                // brat's relations have two ends; what follows them is not read (and said).
                if words.len() > 3 {
                    self.warn_part(
                        ln,
                        format!(
                            "{id}: a relation has two arguments; {} left out",
                            words[3..].join(" ")
                        ),
                    );
                }
                let r = RLine {
                    line: ln,
                    ty: (*ty).to_owned(),
                    args: [a1, a2],
                };
                self.rs.push((id.to_owned(), r));
            }
            _ => self.skip(ln, format!("{id}: arguments must be ROLE:ID")),
        }
    }

    /// `* ⇥ TYPE ID ID …`
    fn equiv_line(&mut self, ln: usize, body: &str) {
        let words: Vec<&str> = body.split_whitespace().collect();
        match words.split_first() {
            Some((ty, members)) if members.len() >= 2 => {
                let members = members.iter().map(|m| (*m).to_owned()).collect();
                self.equivs.push((ln, (*ty).to_owned(), members));
            }
            _ => self.skip(ln, "Equiv needs a type and at least two ids".into()),
        }
    }

    /// `A1 ⇥ NAME TARGET [VALUE]` (and the older `M` lines)
    fn attribute_line(&mut self, ln: usize, id: &str, body: &str) {
        let words: Vec<&str> = body.split_whitespace().collect();
        match words.as_slice() {
            [ty, target] => self
                .attrs
                .push((ln, (*ty).to_owned(), (*target).to_owned(), None)),
            [ty, target, value] => self.attrs.push((
                ln,
                (*ty).to_owned(),
                (*target).to_owned(),
                Some((*value).to_owned()),
            )),
            _ => self.skip(ln, format!("{id}: expected \"NAME TARGET [VALUE]\"")),
        }
    }

    /// `N1 ⇥ TYPE TARGET DB:ID ⇥ LABEL`
    fn norm_line(&mut self, ln: usize, id: &str, body: &str, text: Option<&str>) {
        let words: Vec<&str> = body.split_whitespace().collect();
        match words.as_slice() {
            [ty, target, reference] if reference.contains(':') => self.norms.push((
                ln,
                (*ty).to_owned(),
                (*target).to_owned(),
                (*reference).to_owned(),
                text.unwrap_or("").to_owned(),
            )),
            _ => self.skip(ln, format!("{id}: expected \"TYPE TARGET DB:ID\"")),
        }
    }

    /// `#1 ⇥ AnnotatorNotes TARGET ⇥ TEXT`
    fn note_line(&mut self, ln: usize, id: &str, body: &str, text: Option<&str>) {
        let words: Vec<&str> = body.split_whitespace().collect();
        match words.as_slice() {
            [kind, target, ..] => {
                let note = text.unwrap_or("").to_owned();
                let n = (ln, (*kind).to_owned(), (*target).to_owned(), note);
                self.notes.push(n);
            }
            _ => self.skip(ln, format!("{id}: expected \"AnnotatorNotes TARGET\"")),
        }
    }
}

/// The fragments of a T line's offsets field, sorted; or what is wrong with them.
fn fragments(id: &str, ranges: &str, len: usize) -> Result<Vec<(usize, usize)>, String> {
    let mut frags = Vec::new();
    for r in ranges.split(';') {
        let nums: Vec<&str> = r.split_whitespace().collect();
        let parsed = match nums.as_slice() {
            [a, b] => a.parse::<usize>().ok().zip(b.parse::<usize>().ok()),
            _ => None,
        };
        match parsed {
            Some((a, b)) if a < b && b <= len => frags.push((a, b)),
            Some((a, b)) if b > len => {
                return Err(format!(
                    "{id}: offsets {a}–{b} go past the end of the text ({len} characters)"
                ));
            }
            _ => {
                return Err(format!(
                    "{id}: {r:?} is not a range \"START END\" with START < END"
                ));
            }
        }
    }
    frags.sort_unstable();
    Ok(frags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_the_bom_and_crlf_as_brat_does() {
        // brat counts the BOM as character 0 and "\r\n" as two; the article has neither.
        let o = Offsets::new("a\r\n🔥b", true);
        assert_eq!(o.raw.len(), 6);
        // BOM→0, a→0, \r→1 (joins \n), \n→1, 🔥→2, b→3, end→4
        assert_eq!(o.to_norm, vec![0, 0, 1, 1, 2, 3, 4]);
        let plain = Offsets::new("é\u{301}x", false);
        assert_eq!(
            plain.to_norm,
            vec![0, 1, 2, 3],
            "combining marks are chars of their own"
        );
    }

    #[test]
    fn each_line_kind_is_read_and_bad_lines_are_skipped_with_their_line_number() {
        let text = "Zoë met Noor 🔥 in Veyra.";
        let o = Offsets::new(text, false);
        let ann = "T1\tPerson 0 3\tZoë\n\
                   T2\tPerson 8 12\tNoor\n\
                   T3\tMeet 4 7\tmet\n\
                   T4\tGPE 18 20;21 23\tVe ra\n\
                   E1\tMeet:T3 Actor:T1 Recipient:T2\n\
                   R1\tKnows Arg1:T1 Arg2:T2 Arg3:T4\n\
                   *\tEquiv T1 T2\n\
                   A1\tNegated E1\n\
                   M2\tConfidence E1 High\n\
                   N1\tReference T1 Wikidata:Q1\tZoë\n\
                   #1\tAnnotatorNotes T1\ta note\n\
                   T5\tPerson 20 3\tbackwards\n\
                   T6\tPerson 0 999\tpast the end\n\
                   X1\tsomething\n\
                   T7 no tab\n";
        let p = Parsed::read(ann, &o);
        assert_eq!(p.t_order, ["T1", "T2", "T3", "T4"]);
        assert_eq!(p.ts["T1"].frags, [Span::new(0, 3)]);
        assert_eq!(p.ts["T4"].frags, [Span::new(18, 20), Span::new(21, 23)]);
        assert_eq!(p.ts["T4"].extent(), Span::new(18, 23));
        assert_eq!(p.es.len(), 1);
        assert_eq!(p.es[0].1.trigger.as_deref(), Some("T3"));
        assert_eq!(p.es[0].1.args.len(), 2);
        assert_eq!(p.rs.len(), 1);
        assert!(
            p.warnings.iter().any(|w| w.line == 6
                && w.kept == Kept::Part
                && w.message.contains("Arg3:T4 left out")),
            "{:?}",
            p.warnings
        );
        assert_eq!(p.equivs.len(), 1);
        assert_eq!(p.attrs.len(), 2);
        assert_eq!(p.attrs[1].3.as_deref(), Some("High"));
        assert_eq!(p.norms.len(), 1);
        assert_eq!(p.notes[0].3, "a note");
        let skipped: Vec<usize> = p
            .warnings
            .iter()
            .filter(|w| w.kept == Kept::Nothing)
            .map(|w| w.line)
            .collect();
        assert_eq!(skipped, [12, 13, 14, 15], "{:?}", p.warnings);
        assert!(
            p.warnings
                .iter()
                .any(|w| w.message.contains("past the end"))
        );
    }
}
