//! Counts said in words ("1 mention", "2 mentions"), for every message, label and report.

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
