//! Words as the program says and reads them: counts in words ("1 mention", "2 mentions") for
//! every message, label and report, and a name without its possessive ("Iraq’s" is "Iraq").

/// `word` without a trailing possessive "'s", "’s" or a lone apostrophe after an s ("the
/// Ibáñezes’"); a name never keeps one.
pub fn without_possessive(word: &str) -> &str {
    for end in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(end)
            && stem.chars().next_back().is_some_and(char::is_alphanumeric)
        {
            return stem;
        }
    }
    for end in ["'", "’"] {
        if let Some(stem) = word.strip_suffix(end)
            && stem.ends_with(['s', 'S'])
        {
            return stem;
        }
    }
    word
}

/// `n` and the noun, plural unless `n` is one: "1 event", "3 events", "2 entities".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    format!("{n} {}", plural(noun))
}

/// The plural of one of the nouns the program counts (regular English plurals, "-y" after a
/// consonant making "-ies").
pub fn plural(noun: &str) -> String {
    let consonant_y = noun.ends_with('y')
        && !noun.ends_with("ay")
        && !noun.ends_with("ey")
        && !noun.ends_with("oy");
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if noun.ends_with('s') || noun.ends_with("ch") || noun.ends_with('x') {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_entity_is_named_without_the_possessive_selected() {
        use crate::model::{Article, Session, Span, schema::presets};
        let mut s = Session::new(
            Article::new("t", "Iraq’s army moved."),
            presets::default_schema(),
        );
        let cmd = s.cmd_annotate(Span::new(0, 6), "GPE").unwrap();
        s.apply(cmd).unwrap();
        let e = s.entities.values().next().unwrap();
        assert_eq!(e.name, "Iraq");
    }

    #[test]
    fn possessives_come_off_names() {
        assert_eq!(without_possessive("Iraq’s"), "Iraq");
        assert_eq!(without_possessive("Iran's"), "Iran");
        assert_eq!(without_possessive("army’s"), "army");
        assert_eq!(without_possessive("Forces’"), "Forces");
        assert_eq!(without_possessive("O’Brien"), "O’Brien");
        assert_eq!(without_possessive("Iraq"), "Iraq");
        assert_eq!(without_possessive("’s"), "’s");
    }

    #[test]
    fn one_is_singular_the_rest_plural() {
        assert_eq!(count(1, "mention"), "1 mention");
        assert_eq!(count(0, "mention"), "0 mentions");
        assert_eq!(count(2, "entity"), "2 entities");
        assert_eq!(count(1, "entity"), "1 entity");
        assert_eq!(count(3, "registry entry"), "3 registry entries");
        assert_eq!(count(2, "match"), "2 matches");
        assert_eq!(count(4, "day"), "4 days");
    }
}
