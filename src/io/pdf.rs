//! PDF articles: the text layer, page by page, put back together as a reader sees it — lines of a
//! paragraph joined, words hyphenated at a line end mended, a paragraph running over a page
//! break kept whole, and the running header and footer printed on every page dropped.

/// The article text of a PDF; an error names what is wrong (damaged, encrypted, no text layer).
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let pages = pages(bytes)?;
    let text = reassemble(&pages);
    if text.trim().is_empty() {
        return Err(format!(
            "this PDF has no text layer on its {} page{}: it is probably a scan. Run it through \
             OCR (for example `ocrmypdf in.pdf out.pdf`) and import the result",
            pages.len(),
            if pages.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(text)
}

fn pages(bytes: &[u8]) -> Result<Vec<String>, String> {
    // The PDF parser asserts on some damaged files; a panic there is a refused file, not a crash.
    let r = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    match r {
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(e)) => Err(format!("the PDF cannot be read: {e}")),
        Err(_) => Err("the PDF is damaged: its structure cannot be read".into()),
    }
}

/// How many lines at the top and at the bottom of a page may be a running header or footer.
const EDGE_LINES: usize = 2;

/// Pages' text (lines, blank lines between paragraphs) to paragraphs separated by blank lines.
pub fn reassemble(pages: &[String]) -> String {
    let pages: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.lines().map(str::trim).collect())
        .collect();
    let running = running_lines(&pages);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut open = false; // whether the last paragraph may go on
    for page in &pages {
        let content: Vec<usize> = (0..page.len()).filter(|&i| !page[i].is_empty()).collect();
        let n = content.len();
        // The page's lines without its header and footer; `None` is a gap between paragraphs.
        let mut kept: Vec<Option<&str>> = Vec::new();
        for (pos, &i) in content.iter().enumerate() {
            let edge = pos < EDGE_LINES || pos + EDGE_LINES >= n;
            if edge && running.contains(&key(page[i])) {
                continue;
            }
            if pos > 0 && page[content[pos - 1] + 1..i].iter().any(|l| l.is_empty()) {
                kept.push(None);
            }
            kept.push(Some(page[i]));
        }
        let first = kept.iter().position(Option::is_some).unwrap_or(kept.len());
        let last = kept.iter().rposition(Option::is_some).map_or(0, |l| l + 1);
        for item in kept.get(first..last).unwrap_or_default() {
            let Some(line) = item else {
                open = false;
                continue;
            };
            match paragraphs.last_mut() {
                Some(p) if open => join_line(p, line),
                _ => paragraphs.push((*line).to_owned()),
            }
            open = true;
        }
        // A paragraph goes on over the page break unless its last line ends a sentence.
        open = paragraphs.last().is_some_and(|p| !ends_sentence(p));
    }
    paragraphs.join("\n\n")
}

/// Lines repeated at the top or bottom of at least half the pages (two at least), page numbers
/// aside: the running header and footer.
fn running_lines(pages: &[Vec<&str>]) -> std::collections::HashSet<String> {
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for page in pages {
        let content: Vec<&str> = page.iter().copied().filter(|l| !l.is_empty()).collect();
        let n = content.len();
        let mut keys: Vec<String> = content
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < EDGE_LINES || i + EDGE_LINES >= n)
            .map(|(_, l)| key(l))
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let need = pages.len().div_ceil(2).max(2);
    seen.into_iter()
        .filter(|(_, n)| *n >= need)
        .map(|(k, _)| k)
        .collect()
}

/// A line with its numbers blanked ("Page 2 of 3" and "Page 3 of 3" are the same footer).
fn key(line: &str) -> String {
    let mut k = String::new();
    for c in line.chars() {
        let c = if c.is_ascii_digit() { '#' } else { c };
        if !(c == '#' && k.ends_with('#')) {
            k.extend(c.to_lowercase());
        }
    }
    k.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Append a line to its paragraph: a word split with a hyphen at the line end is mended when the
/// next line goes on in lower case ("Mon-" + "day"), a name's hyphen is kept ("Saint-" +
/// "Nazaire"); other lines are joined by a space.
fn join_line(paragraph: &mut String, line: &str) {
    let mut tail = paragraph.chars().rev();
    let hyphenated = tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic);
    if hyphenated && line.chars().next().is_some_and(char::is_lowercase) {
        paragraph.pop();
    } else if !hyphenated {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

fn ends_sentence(p: &str) -> bool {
    p.trim_end().ends_with([
        '.', '!', '?', ':', '”', '"', '’', ')', '»', '。', '！', '？',
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_become_paragraphs_without_headers_footers_or_split_words() {
        let pages = [
            "\n\nThe Gazette — 3 March 2026\n\nDockers ended their strike on Mon-\nday after a deal.\n\n“We are back,” said Brandt, who led\nthe walk-\nout on the\n\nPage 1 of 3".to_owned(),
            "\n\nThe Gazette — 3 March 2026\n\ndocks near the terminal.\n\nShips went to Saint-\nNazaire.\n\nPage 2 of 3".to_owned(),
            "\n\nThe Gazette — 3 March 2026\n\nTalks resume in March.\n Page 3 of 3".to_owned(),
        ];
        assert_eq!(
            reassemble(&pages),
            "Dockers ended their strike on Monday after a deal.\n\n\
             “We are back,” said Brandt, who led the walkout on the docks near the terminal.\n\n\
             Ships went to Saint-Nazaire.\n\nTalks resume in March."
        );
    }

    #[test]
    fn a_single_page_keeps_its_first_and_last_lines() {
        let pages = ["Headline\n\nBody text here.\n\nPage 1".to_owned()];
        assert_eq!(reassemble(&pages), "Headline\n\nBody text here.\n\nPage 1");
    }
}
