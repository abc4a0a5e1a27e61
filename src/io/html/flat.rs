//! Pages too deep for the tree parser: the nesting estimate that finds them and the linear tag
//! stripper that reads them.

use super::MAX_NESTING;

/// The deepest element nesting the tree parser would build, estimated in one linear pass and
/// stopped as soon as it passes [`MAX_NESTING`]. It keeps a stack of open elements as the parser
/// does: a closing tag closes up to the open element of its name and is ignored when none is open
/// (counting it anyway let `<div></i>` × 100,000 pass as depth 1 and stall the parser for a
/// minute). Elements that never nest (void, or closed implicitly by their next sibling) are not
/// counted; comments and the text of scripts and styles are skipped.
pub(super) fn nesting_depth(html: &str) -> usize {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dd", "dt", "option", "optgroup", "tr", "td", "th", "rb", "rt",
        "rp",
    ];
    const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "noembed"];
    let b = html.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut open: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut max = 0usize;
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i + 4..].find("-->").map_or(b.len(), |k| i + 4 + k + 3);
            continue;
        }
        let closing = b[i + 1] == b'/';
        let start = i + 1 + usize::from(closing);
        let mut j = start;
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j == start {
            i += 1;
            continue;
        }
        let name = html[start..j].to_ascii_lowercase();
        let end = html[j..].find('>').map_or(b.len(), |k| j + k);
        let self_closing = end > 0 && b.get(end - 1) == Some(&b'/');
        i = end;
        if closing {
            if open.get(&name).is_some_and(|&n| n > 0) {
                while let Some(top) = stack.pop() {
                    if let Some(n) = open.get_mut(&top) {
                        *n -= 1;
                    }
                    if top == name {
                        break;
                    }
                }
            }
        } else if RAW.contains(&name.as_str()) && !self_closing {
            // Text up to the closing tag: "i<n" in a script is not an element.
            let close = format!("</{name}");
            i = find_ascii_case_insensitive(&html[end..], &close).map_or(b.len(), |k| end + k);
        } else if !self_closing && !FLAT.contains(&name.as_str()) {
            stack.push(name.clone());
            *open.entry(name).or_default() += 1;
            max = max.max(stack.len());
            if max > MAX_NESTING {
                break;
            }
        }
    }
    max
}

/// Byte position of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ascii_case_insensitive(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    h.windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

/// Text of a page without building its tree: tags dropped, scripts and styles skipped, block
/// ends as line breaks, common entities decoded. For pages too deep to parse.
pub(super) fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    // Compared as bytes: the text after '<' may start with any character (found by fuzzing).
    let lower_starts = |s: &str, p: &str| {
        s.as_bytes()
            .get(..p.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
    };
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        let skip_to = ["script", "style", "noscript", "template"]
            .iter()
            .find_map(|t| lower_starts(&rest[1..], t).then(|| format!("</{t}")));
        if let Some(close) = skip_to {
            // Jump to the matching close tag, compared without case.
            let mut from = 1;
            rest = loop {
                match rest[from..].find("</") {
                    Some(k) if lower_starts(&rest[from + k..], &close) => break &rest[from + k..],
                    Some(k) => from += k + 2,
                    None => break "",
                }
            };
        }
        let end = rest.find('>').map(|k| k + 1).unwrap_or(rest.len());
        let tag = &rest[..end];
        if ["<p", "</p", "<br", "<div", "</div", "<h", "</h", "<li"]
            .iter()
            .any(|t| lower_starts(tag, t))
        {
            out.push('\n');
        }
        rest = &rest[end..];
    }
    out.push_str(&decode_entities(rest));
    let lines: Vec<String> = out
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n\n")
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.as_bytes().iter().take(12).position(|&b| b == b';');
        let decoded = semi.and_then(|k| {
            let name = &rest[1..k];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, k + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
#[cfg(test)]
mod tests {
    use super::super::extract;
    use super::*;
    #[test]
    fn the_fallback_handles_any_character_after_a_bracket() {
        // Found by cargo-fuzz: a multi-byte letter right after '<' in a page too deep to parse.
        let html = "<div>".repeat(MAX_NESTING + 1) + "<ßdiv> Straße &amp;ß; &#x1F525; &ü";
        let p = extract(&html);
        assert_eq!(p.text, "Straße &ß; 🔥 &ü");
    }

    #[test]
    fn nesting_is_counted_as_the_parser_builds_it() {
        // Closing tags that close nothing do not undo the nesting around them.
        let mismatched = "<div></i>".repeat(100_000);
        assert!(nesting_depth(&mismatched) > MAX_NESTING);
        // A closing tag closes what is open inside its element.
        let closed = "<div><span><b>x</div>".repeat(10_000);
        assert_eq!(nesting_depth(&closed), 3);
        // Scripts, styles and comments hold no elements; cells and items do not nest.
        let page =
            "<script>for(i=0;i<n;i++){}</SCRIPT><!-- <div><div> --><table><tr><td>a<td>b</table>"
                .repeat(5_000);
        assert_eq!(nesting_depth(&page), 1);
        let flat = "<ul><li>one<li>two</ul><p>para<p>para".repeat(5_000);
        assert_eq!(nesting_depth(&flat), 1);
        // A page of such mismatched tags goes to the linear fallback and keeps its text.
        let html = format!("<p>Start.</p>{mismatched}<p>End.</p>");
        let p = extract(&html);
        assert!(
            p.text.contains("Start.") && p.text.contains("End."),
            "{}",
            p.text
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow_or_hang() {
        let html = "<div>".repeat(1_500) + "deep text" + &"</div>".repeat(1_500);
        assert!(extract(&html).text.contains("deep text"));
        // Far too deep for the tree builder: the fallback strips tags in linear time.
        let html = "<div><b>".repeat(100_000)
            + "deeper &amp; deeper<script>x()</script>"
            + &"</b></div>".repeat(100_000);
        let t = std::time::Instant::now();
        let p = extract(&html);
        assert_eq!(p.text, "deeper & deeper");
        assert!(t.elapsed().as_secs() < 5);
    }
}
