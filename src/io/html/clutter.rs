//! Page clutter that reader mode's scoring leaves inside the article: share and subscribe lines,
//! related-story lists, the byline and dateline repeated above the text, captions of pictures
//! further down, screen-reader labels, copyright lines. Recognised by what the page calls them
//! (class and id names, which are English whatever the article's language) and, for datelines,
//! by what they say; never a run of the article's own prose.

use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

/// Class fragments naming clutter wherever they appear in the name ("cnnArticleGallery",
/// "social-share-bar", "sr-only"); in an id, only as whole words.
const NAMED: &[&str] = &[
    "byline",
    "dateline",
    "timestamp",
    "share",
    "social",
    "newsletter",
    "subscri",
    "related",
    "promo",
    "copyright",
    "gallery",
    "slideshow",
    "offscreen",
    "off-screen",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader",
    "advert",
    "sponsor",
    "breadcrumb",
    "feedback",
];

/// Whole words of a class or id name (split at dashes, underscores and case changes) naming
/// clutter; as fragments they would match inside other words ("ad" in "header", "time" in
/// "lifetime").
const WORDS: &[&str] = &[
    "ad",
    "ads",
    "author",
    "authors",
    "time",
    "date",
    "submitted",
    "report",
    "regist",
    "credit",
    "credits",
    "tags",
    "like",
    "likes",
    "views",
];

/// Block elements: clutter as a whole line or box, never a word inside a sentence.
const BOXES: &[&str] = &[
    "div",
    "section",
    "aside",
    "header",
    "footer",
    "p",
    "ul",
    "ol",
    "li",
    "dl",
    "figure",
    "figcaption",
    "table",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

/// Inline elements that make a line of clutter when nothing stands beside them (a date, a view
/// count, a screen-reader label); a `<cite>` or an `<em>` alone is still the text's own.
const LINES: &[&str] = &["span", "time", "small", "a", "font"];

/// Boxes of one name holding more than this share of the article's letters are the article (or
/// a large part of it) whatever the name says: "node-report author-x" names a whole story on
/// some sites.
const MAX_SHARE: f64 = 0.25;

/// Clutter longer than this is not looked for by its text: a related-stories box runs to a few
/// hundred letters, and comparing every long block of the article would cost time for nothing.
const MAX_CLUTTER_LETTERS: usize = 2_000;

/// An element of the article that looks like clutter, with what marked it (the captions, or its
/// class and id) and its size.
struct Candidate {
    id: ego_tree::NodeId,
    key: String,
    letters: usize,
}

/// Removes the clutter from reader mode's article in place. `page` is the whole page: reader mode
/// rewrites some boxes without their class (a `<div class="time">` of bare text becomes a `<p>`),
/// so what the page names clutter is also recognised by its text.
pub(super) fn remove(fragment: &mut Html, page: &Html) {
    let root = fragment.root_element();
    let total = letters(root);
    if total == 0 {
        return;
    }
    let named = named_texts(page);
    let mut found: Vec<Candidate> = Vec::new();
    // Whether the story's own text has begun: a picture's caption before it is the lead
    // picture's and stays.
    let mut text_begun = false;
    // Document order, so that "before the text" means what the reader sees.
    let mut stack: Vec<ego_tree::NodeRef<'_, Node>> = vec![*root];
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => text_begun |= t.chars().any(char::is_alphanumeric),
            Node::Element(_) => {
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if let Some(key) = clutter_key(el, text_begun, &named) {
                    found.push(Candidate {
                        id: el.id(),
                        key,
                        letters: letters(el),
                    });
                    continue;
                }
                if matches!(el.value().name(), "figure" | "figcaption") {
                    // A lead picture's caption is not the story's text beginning.
                    continue;
                }
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev());
            }
            _ => {}
        }
    }
    // What a page marks a quarter of its article with is the article, whatever the name says:
    // "paywall" on every paragraph, captions that carry a photo essay or a how-to's steps.
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for c in &found {
        *by_key.entry(&c.key).or_default() += c.letters;
    }
    let limit = MAX_SHARE * total as f64;
    let doomed: Vec<_> = found
        .iter()
        .filter(|c| {
            by_key
                .get(c.key.as_str())
                .is_some_and(|&n| n as f64 <= limit)
        })
        .map(|c| c.id)
        .collect();
    for id in doomed {
        if let Some(mut node) = fragment.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// What marks the element as clutter (its class and id, its text being what the page names
/// clutter, or being a caption of a picture after the text began), if anything does.
fn clutter_key(
    el: ElementRef<'_>,
    text_begun: bool,
    named: &HashMap<String, String>,
) -> Option<String> {
    let name = el.value().name();
    if matches!(name, "figure" | "figcaption") {
        return text_begun.then(|| "figure".to_owned());
    }
    if !standalone(el) {
        return None;
    }
    if let Some(key) = name_key(el) {
        return Some(key);
    }
    if letters(el) > MAX_CLUTTER_LETTERS {
        return None;
    }
    named.get(&collapsed_text(el)).cloned()
}

/// The texts of the boxes and lines the page names clutter, each with the name that marks it.
fn named_texts(page: &Html) -> HashMap<String, String> {
    page.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|&el| standalone(el) && letters(el) <= MAX_CLUTTER_LETTERS)
        .filter_map(|el| {
            let key = name_key(el)?;
            let text = collapsed_text(el);
            (!text.is_empty()).then_some((text, key))
        })
        .collect()
}

/// The element's class and id, when they name clutter.
fn name_key(el: ElementRef<'_>) -> Option<String> {
    let e = el.value();
    // Ids are often made from a heading ("Eich_CEO_promotion_controversy"), so only their
    // whole words count.
    let named = e
        .classes()
        .any(|n| NAMED.iter().any(|c| n.to_lowercase().contains(c)) || has_word(n, WORDS))
        || e.id()
            .is_some_and(|n| has_word(n, WORDS) || has_word(n, NAMED));
    named.then(|| {
        format!(
            "{}#{}",
            e.attr("class").unwrap_or_default(),
            e.id().unwrap_or_default()
        )
    })
}

/// A box, or a line with nothing beside it: never a word inside a sentence.
fn standalone(el: ElementRef<'_>) -> bool {
    let name = el.value().name();
    BOXES.contains(&name) || (LINES.contains(&name) && alone_in_parent(el))
}

fn collapsed_text(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for word in el.text().flat_map(str::split_whitespace) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// True when one of `words` is a whole word of the class or id name.
fn has_word(name: &str, words: &[&str]) -> bool {
    let mut word = String::new();
    let mut prev_lower = false;
    let mut found = false;
    let mut end_word = |word: &mut String| {
        found |= words.contains(&word.as_str());
        word.clear();
    };
    for c in name.chars() {
        if !c.is_alphanumeric() {
            end_word(&mut word);
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            end_word(&mut word);
        }
        prev_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    end_word(&mut word);
    found
}

/// An inline element with no text beside it in its parent: a line of its own, not a word in a
/// sentence.
fn alone_in_parent(el: ElementRef<'_>) -> bool {
    el.parent().is_some_and(|p| {
        p.children().all(|c| match c.value() {
            Node::Text(t) => t.trim().is_empty(),
            _ => true,
        })
    })
}

fn letters(el: ElementRef<'_>) -> usize {
    el.text()
        .map(|t| t.chars().filter(|c| c.is_alphanumeric()).count())
        .sum()
}

/// Blocks at either end of the article looked at for a dateline: the date line sits just above
/// the text or just below it.
const DATELINE_REACH: usize = 2;

/// Drops a dateline repeated at the start or end of the text ("Šodien, 17:40", "Submitted on
/// Mon, 2019-01-21 13:49", "2018年6月18日 10:01"): a short block, not a sentence, that states a
/// clock time or a numeric date. The date itself is kept as the article's published date.
pub(super) fn drop_datelines(text: &str) -> String {
    let blocks: Vec<&str> = text.split("\n\n").collect();
    let n = blocks.len();
    blocks
        .iter()
        .enumerate()
        .filter(|&(i, b)| !((i < DATELINE_REACH || i + DATELINE_REACH >= n) && is_dateline(b)))
        .map(|(_, b)| *b)
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn is_dateline(block: &str) -> bool {
    static DATE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"\b\d{1,2}:\d{2}\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\d{4}年\d{1,2}月",
        )
        .ok()
    });
    const MAX_WORDS: usize = 12;
    let block = block.trim();
    let sentence = block.ends_with(['.', '!', '?', '。', '！', '？', '…', ':', '：']);
    !sentence
        && block.split_whitespace().count() <= MAX_WORDS
        && block.chars().count() <= 120
        && DATE.as_ref().is_some_and(|re| re.is_match(block))
}

#[cfg(test)]
mod tests {
    use super::super::extract;

    const PARA: &str = "Negotiators from Kyiv and Brussels met on Sunday in Geneva, where the \
                        talks went on late into the night, one official told reporters.";

    fn page(inside: &str) -> String {
        format!(
            "<html><head><title>Talks</title></head><body><div class=\"menu\"><a href=\"/\">\
             Home</a></div><article>{inside}</article></body></html>"
        )
    }

    fn paras(n: usize) -> String {
        (0..n).map(|i| format!("<p>{i}. {PARA}</p>")).collect()
    }

    #[test]
    fn boxes_the_page_names_clutter_are_dropped_from_the_article() {
        let html = page(&format!(
            "<div class=\"article__info\"><div class=\"info-item time\">Šodien, 17:40</div>\
             <div class=\"info-item authors\"><strong>Autori:</strong> <a href=\"/a\">Anna \
             Ūdre</a></div></div>{}\
             <p><span class=\"sr-only\">Image caption</span></p>\
             <div class=\"social-share-bar\"><span>Share this story</span></div>{}\
             <section class=\"c-newsletter--promo\"><p>Keep up with the Daily newsletter.</p>\
             </section><div class=\"article__report\"><p>Error in the text? Press \
             Ctrl+Enter.</p></div><div class=\"copyright\">© 2024 Example News</div>",
            paras(4),
            paras(4)
        ));
        let text = extract(&html).text;
        assert!(text.starts_with("0. Negotiators"), "{text:?}");
        assert_eq!(text.matches("Negotiators").count(), 8, "{text:?}");
        for clutter in [
            "17:40",
            "Autori",
            "Image caption",
            "Share this",
            "newsletter",
            "Ctrl+Enter",
            "©",
        ] {
            assert!(!text.contains(clutter), "{clutter} kept: {text:?}");
        }
    }

    #[test]
    fn a_name_given_to_much_of_the_article_is_the_article() {
        // Some sites mark every paragraph behind the paywall, or the whole story "node-report".
        let body: String = (0..8)
            .map(|i| format!("<p class=\"paywall related-x\">{i}. {PARA}</p>"))
            .collect();
        let text = extract(&page(&body)).text;
        assert_eq!(text.matches("Negotiators").count(), 8, "{text:?}");
    }

    #[test]
    fn a_date_inside_a_sentence_is_the_texts_own() {
        let html = page(&format!(
            "{}<p>The vote is on <time class=\"date\">Monday</time> at noon, they said.</p>{}",
            paras(3),
            paras(3)
        ));
        let text = extract(&html).text;
        assert!(text.contains("The vote is on Monday at noon"), "{text:?}");
    }

    #[test]
    fn names_count_as_class_fragments_and_as_whole_words_of_ids() {
        use super::name_key;
        use scraper::Html;
        let key = |tag: &str| {
            let doc = Html::parse_fragment(tag);
            let el = doc
                .root_element()
                .first_child()
                .and_then(scraper::ElementRef::wrap);
            el.and_then(name_key)
        };
        assert!(key("<div class=\"cnnArticleGalleryControl\"></div>").is_some());
        assert!(key("<div class=\"info-item time\"></div>").is_some());
        assert!(key("<div class=\"m-articleRegist\"></div>").is_some());
        assert!(key("<div id=\"social-share\"></div>").is_some());
        // A word inside another word, or an id made from a heading, names nothing.
        assert!(key("<div class=\"header lifetime\"></div>").is_none());
        assert!(key("<h2 id=\"Eich_CEO_promotion_controversy\"></h2>").is_none());
    }

    #[test]
    fn captions_of_later_pictures_go_unless_they_carry_the_story() {
        let fig =
            |c: &str| format!("<figure><img src=\"x.jpg\"><figcaption>{c}</figcaption></figure>");
        let html = page(&format!(
            "{}{}{}{}",
            fig("Delegates arrive in Geneva."),
            paras(4),
            fig("A later picture of the hall."),
            paras(4)
        ));
        let text = extract(&html).text;
        assert!(text.starts_with("Delegates arrive in Geneva."), "{text:?}");
        assert!(!text.contains("later picture"), "{text:?}");
        // A photo essay: its captions are most of what it says.
        let essay: String = (0..6)
            .map(|i| {
                format!(
                    "<p>{i}. A short line.</p>{}",
                    fig(&format!("{i}. {PARA} {PARA}"))
                )
            })
            .collect();
        let text = extract(&page(&essay)).text;
        assert_eq!(text.matches("Negotiators").count(), 12, "{text:?}");
    }

    #[test]
    fn a_dateline_at_either_end_goes_and_a_sentence_with_a_time_stays() {
        use super::drop_datelines;
        let text = "Submitted on Mon, 2019-01-21 13:49\n\nThe story.\n\nTalks resume at 14:00.\n\n\
                    More of it.\n\n2018年6月18日 10:01 発信地：カノ";
        assert_eq!(
            drop_datelines(text),
            "The story.\n\nTalks resume at 14:00.\n\nMore of it."
        );
        // Short but a sentence, or long: the text's own.
        let text = "Polls close at 20:00.\n\nThe story.";
        assert_eq!(drop_datelines(text), text);
        let text = "WASHINGTON, 5 Dec 2024 14:00 (Reuters) - Negotiators from Kyiv and Brussels \
                    met on Sunday\n\nThe story.";
        assert_eq!(drop_datelines(text), text);
    }
}
