//! The clause a word stands in, for the roles of a draft event: where it begins and ends inside
//! its sentence, whether its verb is passive, and the words between two places. Rules of news
//! prose, not a parser: a clause ends at a semicolon, a colon, a dash, a quotation mark or a
//! bracket; at a comma before "who", "which", "while", "but"…; at "that"; and reported speech
//! ("X said", "…, officials said") is a clause of its own, so that the speaker is never the
//! actor of what was reported.

/// Verbs that report speech: the clause after them (and after "that") is what was said.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "reported",
    "added",
    "stated",
    "announced",
    "claimed",
    "confirmed",
    "according",
];

/// Words after a comma that start another clause.
const CLAUSE_WORDS: &[&str] = &[
    "who",
    "which",
    "while",
    "whereas",
    "but",
    "although",
    "though",
    "because",
    "where",
    "when",
    "whose",
    "replacing",
    "saying",
];

/// Forms of "be" (and "get") before a participle make it passive.
const AUX: &[&str] = &[
    "was", "were", "been", "being", "is", "are", "be", "got", "get", "gets",
];

/// Words that may stand between a verb and its object ("urged the United States", "talks
/// with Iran", "sanctions on Russia").
const OBJECT_GAP: &[&str] = &[
    "the", "a", "an", "its", "his", "her", "their", "with", "on", "against", "to", "into",
];

/// A clause's bounds in bytes of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clause {
    pub start: usize,
    pub end: usize,
}

/// The words of `text`, lower case, without the punctuation around them.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_hard_stop(c: char) -> bool {
    matches!(
        c,
        ';' | ':' | '—' | '–' | '"' | '“' | '”' | '(' | ')' | '[' | ']'
    )
}

/// The clause around bytes `a..z` of `text`, inside the sentence `sentence` (bytes).
pub fn around(text: &str, sentence: (usize, usize), (a, z): (usize, usize)) -> Clause {
    let (sa, sz) = sentence;
    let start = start_before(text, sa, a);
    let mut end = end_after(text, z, sz);
    // A relative clause ("Grossi, who visited Tehran, failed") ends at its comma.
    let relative = word_spans(&text[start..a])
        .first()
        .is_some_and(|(_, w)| matches!(w.to_lowercase().as_str(), "who" | "which" | "whose"));
    if relative && let Some(i) = text[z..end].find(',') {
        end = z + i;
    }
    Clause { start, end }
}

/// Where the clause holding byte `a` begins, at `from` or later.
fn start_before(text: &str, from: usize, a: usize) -> usize {
    let left = &text[from..a];
    let mut start = from;
    // The last hard stop.
    if let Some((i, c)) = left.char_indices().rev().find(|(_, c)| is_hard_stop(*c)) {
        start = from + i + c.len_utf8();
    }
    // The last comma opening another clause, the last "that", the last reporting verb.
    let mut at = start;
    for (i, w) in word_spans(&text[start..a]) {
        let i = start + i;
        let lower = w.to_lowercase();
        let after_comma = text[..i].trim_end().ends_with(',');
        if lower == "that" || SPEECH.contains(&lower.as_str()) {
            at = i + w.len();
        } else if after_comma && CLAUSE_WORDS.contains(&lower.as_str()) {
            at = i;
        }
    }
    at
}

/// Where the clause holding byte `z` ends, at `to` or before.
fn end_after(text: &str, z: usize, to: usize) -> usize {
    let right = &text[z..to];
    let mut end = to;
    if let Some((i, _)) = right.char_indices().find(|(_, c)| is_hard_stop(*c)) {
        end = z + i;
    }
    let spans = word_spans(&text[z..end]);
    for (k, &(i, w)) in spans.iter().enumerate() {
        let i = z + i;
        let lower = w.to_lowercase();
        let comma_before = text[..i].trim_end().ends_with(',');
        if lower == "that" || (comma_before && CLAUSE_WORDS.contains(&lower.as_str())) {
            return i;
        }
        // ", Iraqi security officials said": the speaker's clause, up to five words long.
        if comma_before
            && spans[k..]
                .iter()
                .take(6)
                .any(|(_, w)| SPEECH.contains(&w.to_lowercase().as_str()))
        {
            return text[..i].trim_end().len() - 1;
        }
    }
    end
}

/// Words of `text` with their byte offsets (punctuation around them left out).
fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || (start.is_some() && matches!(c, '-' | '\'' | '’'));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, text[s..i].trim_end_matches(['\'', '’', '-'])));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text[s..].trim_end_matches(['\'', '’', '-'])));
    }
    out
}

/// Whether the trigger at bytes `a..z` is a passive participle: after a form of "be" (an adverb
/// may stand between: "were reportedly killed") or before "by".
pub fn passive(text: &str, clause: Clause, (a, z): (usize, usize)) -> bool {
    let before = words(&text[clause.start.min(a)..a]);
    let aux = |w: &String| AUX.contains(&w.as_str());
    let after_aux = match before.as_slice() {
        [.., x] if aux(x) => true,
        [.., x, adverb] if aux(x) && adverb.ends_with("ly") => true,
        _ => false,
    };
    after_aux
        || words(&text[z..clause.end.max(z)])
            .first()
            .map(String::as_str)
            == Some("by")
}

/// Whether only words of an object's way in stand between bytes `z` (a trigger's end) and `b`
/// (a mention's start): "the", "with", "on"… ("urged the United States", "talks with Iran"), or
/// a head noun and "of" ("accused the government of Ostrava").
pub fn object_follows(text: &str, z: usize, b: usize) -> bool {
    if b < z || text[z..b].contains([',', '.', ';']) {
        return false;
    }
    let w = words(&text[z..b]);
    if w.iter().all(|x| OBJECT_GAP.contains(&x.as_str())) {
        return true;
    }
    match w.as_slice() {
        [.., of] if of != "of" => false,
        [_noun, _of] => true,
        [article, _noun, _of] => OBJECT_GAP.contains(&article.as_str()),
        _ => false,
    }
}

/// Whether the words between bytes `z` and `b` are "by" and articles: the agent of a passive.
pub fn by_agent(text: &str, z: usize, b: usize) -> bool {
    b >= z && {
        let w = words(&text[z..b]);
        w.first().map(String::as_str) == Some("by")
            && w[1..]
                .iter()
                .all(|x| matches!(x.as_str(), "the" | "a" | "an"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause_of(text: &str, word: &str) -> &'static str {
        let a = text.find(word).unwrap();
        let sentence = (0, text.len());
        let c = around(text, sentence, (a, a + word.len()));
        Box::leak(text[c.start..c.end].trim().to_owned().into_boxed_str())
    }

    #[test]
    fn clauses_end_at_speech_that_dashes_and_relative_words() {
        assert_eq!(
            clause_of(
                "BAGHDAD, 5 January — A strike killed two men on Sunday, Iraqi officials said",
                "strike"
            ),
            "A strike killed two men on Sunday"
        );
        assert_eq!(
            clause_of(
                "Güler told journalists that both delegations had agreed on inspections",
                "agreed"
            ),
            "both delegations had agreed on inspections"
        );
        assert_eq!(
            clause_of(
                "Kirby had warned that US forces at the base would respond",
                "warned"
            ),
            "Kirby had warned"
        );
        assert_eq!(
            clause_of(
                "Grossi, who visited Tehran in May, failed to restore access",
                "visited"
            ),
            "who visited Tehran in May"
        );
    }

    #[test]
    fn passive_voice_is_told_by_be_or_by() {
        let text = "Two agents were shot by police; four were reportedly wounded; drones hit";
        let check = |w: &str| {
            let a = text.find(w).unwrap();
            let c = around(text, (0, text.len()), (a, a + w.len()));
            passive(text, c, (a, a + w.len()))
        };
        assert!(check("shot"));
        assert!(check("wounded"));
        assert!(!check("hit"));
    }
}
