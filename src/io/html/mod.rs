//! Main-text extraction from a saved HTML page. Nothing is fetched: scripts, styles, images and
//! frames are dropped, entities are decoded by the parser.

mod clutter;
mod flat;
mod meta;
mod reader;

use flat::{nesting_depth, strip_tags};
use meta::{first_text, json_ld_date, meta, sel, without_site_name};
use scraper::{ElementRef, Html, Node};

/// What an imported page gives: its article text and what it says about itself.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Page {
    pub title: Option<String>,
    pub text: String,
    pub published: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
}
/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "head",
    "nav", "footer", "aside", "form", "button", "select", "textarea", "canvas", "video", "audio",
    "picture", "dialog",
];

const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "hr",
    "address",
    "details",
    "summary",
    "body",
];

/// Pages nesting elements deeper than this are not parsed as a tree: the HTML parser's work grows
/// with the square of the depth (100,000 nested `<div>`s take a minute), and no article nests
/// that deep.
pub const MAX_NESTING: usize = 2_000;

/// Pages with more tags than this go to the linear stripper: a tree of millions of nodes costs
/// gigabytes, and a real article page has tens of thousands.
pub const MAX_TAGS: usize = 400_000;

/// Pages larger than this (four times a heavy news page) are not parsed as a tree either: the
/// parse and reader mode would take seconds, and such a page is a dump, not an article. Their
/// text comes from the linear stripper, their details from the `<head>` alone.
pub const MAX_TREE_BYTES: usize = 8 * 1024 * 1024;

pub fn extract(html: &str) -> Page {
    if html.len() > MAX_TREE_BYTES
        || nesting_depth(html) > MAX_NESTING
        || html.bytes().filter(|&b| b == b'<').count() > MAX_TAGS
    {
        let Some(h) = head(html) else {
            return Page {
                text: strip_tags(html),
                ..Page::default()
            };
        };
        let mut page = page_meta(&Html::parse_document(h));
        page.text = strip_tags(&html[h.len()..]);
        return page;
    }
    let doc = Html::parse_document(html);
    let mut page = page_meta(&doc);
    // Reader mode first (text and link density, boilerplate classes); when it finds no article,
    // the largest <article>, else <main>, else the body.
    match reader::article(html, &doc) {
        Some(found) => {
            page.text = match lead_caption(&doc, &found.text) {
                Some(caption) => format!("{caption}\n\n{}", found.text),
                None => found.text,
            };
            page.site = page.site.or(found.site);
            let h1 = first_text(&doc, "h1");
            page.title = found
                .title
                .map(|t| without_site_name(&t, page.site.as_deref(), h1.as_deref()))
                .or(page.title);
            page.byline = found.byline.or(page.byline);
            page.lang = found.lang.or(page.lang);
            page.published = page.published.or(found.published);
        }
        None => {
            let root = pick_root(&doc);
            let skip_header = matches!(root.value().name(), "body" | "html");
            page.text = render(root, skip_header);
        }
    }
    page
}

/// The caption of a lead photo that sits just before the article's container (outside it, so
/// reader mode leaves it out): a `<figure>` whose next sibling holds the text's first words.
fn lead_caption(doc: &Html, text: &str) -> Option<String> {
    let opening: String = text
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    let s = sel("figure")?;
    let caption = sel("figcaption")?;
    doc.select(&s).take(50).find_map(|fig| {
        let next = fig.next_siblings().find_map(ElementRef::wrap)?;
        let words: String = next.text().collect::<Vec<_>>().join(" ");
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        if !words.contains(&opening) {
            return None;
        }
        let cap = render(fig.select(&caption).next()?, false);
        (!cap.is_empty() && !text.contains(&cap)).then_some(cap)
    })
}

/// The page up to its `<body>`, when that comes early and shallow enough to parse quickly.
fn head(html: &str) -> Option<&str> {
    const MAX_HEAD: usize = 512 * 1024;
    let window = html.get(..html.len().min(MAX_HEAD))?;
    let at = window.to_ascii_lowercase().find("<body")?;
    let h = html.get(..at)?;
    (nesting_depth(h) <= MAX_NESTING).then_some(h)
}

/// Title, date, address, author, site and language as the page's head and markup state them.
fn page_meta(doc: &Html) -> Page {
    let site = meta(doc, r#"meta[property="og:site_name"]"#)
        .or_else(|| meta(doc, r#"meta[name="application-name"]"#));
    let h1 = first_text(doc, "h1");
    let title = meta(doc, r#"meta[property="og:title"]"#)
        .or_else(|| first_text(doc, "title"))
        .map(|t| without_site_name(&t, site.as_deref(), h1.as_deref()))
        .or(h1);
    let published = meta(doc, r#"meta[property="article:published_time"]"#)
        .or_else(|| json_ld_date(doc))
        .or_else(|| meta(doc, r#"meta[itemprop="datePublished"]"#))
        .or_else(|| meta(doc, r#"meta[name="pubdate"]"#))
        .or_else(|| meta(doc, r#"meta[name="date"]"#))
        .or_else(|| attr(doc, "time[datetime]", "datetime"));
    // The canonical address names the article itself; og:url is sometimes the site's front page.
    let url = attr(doc, r#"link[rel="canonical"]"#, "href")
        .or_else(|| meta(doc, r#"meta[property="og:url"]"#));
    Page {
        title,
        text: String::new(),
        published,
        url,
        byline: meta(doc, r#"meta[name="author"]"#),
        site,
        lang: attr(doc, "html[lang]", "lang"),
    }
}

fn attr(doc: &Html, query: &str, name: &str) -> Option<String> {
    let s = sel(query)?;
    doc.select(&s)
        .find_map(|e| e.value().attr(name).map(|v| v.trim().to_owned()))
        .filter(|v| !v.is_empty())
}

/// The text of an element as a reader sees it: blocks separated by blank lines.
pub(super) fn render(root: ElementRef<'_>, skip_header: bool) -> String {
    let mut out = Out::default();
    walk(root, skip_header, &mut out);
    out.text
}

fn pick_root(doc: &Html) -> ElementRef<'_> {
    let text_len = |e: &ElementRef| e.text().map(|t| t.trim().len()).sum::<usize>();
    for q in ["article", "main", r#"[role="main"]"#] {
        if let Some(s) = sel(q)
            && let Some(best) = doc.select(&s).max_by_key(text_len)
            && text_len(&best) > 200
        {
            return best;
        }
    }
    sel("body")
        .and_then(|s| doc.select(&s).next())
        .unwrap_or_else(|| doc.root_element())
}

#[derive(Default)]
struct Out {
    text: String,
    /// Newlines owed before the next text: 1 after `<br>`, 2 between blocks.
    pending_break: u8,
    pending_space: bool,
    pre_depth: usize,
}

impl Out {
    fn flush(&mut self) {
        if self.text.is_empty() {
            self.pending_break = 0;
            self.pending_space = false;
            return;
        }
        if self.pending_break > 0 {
            while self.text.ends_with(' ') {
                self.text.pop();
            }
            for _ in 0..self.pending_break {
                self.text.push('\n');
            }
        } else if self.pending_space && !self.text.ends_with(['\n', ' ']) {
            self.text.push(' ');
        }
        self.pending_break = 0;
        self.pending_space = false;
    }

    fn push_text(&mut self, s: &str) {
        if self.pre_depth > 0 {
            if !s.is_empty() {
                self.flush();
                self.text.push_str(s);
            }
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                self.flush();
                self.text.push(c);
            }
        }
    }

    fn block(&mut self) {
        self.pending_break = 2;
        self.pending_space = false;
    }

    fn line_break(&mut self) {
        self.pending_break = self.pending_break.max(1);
        self.pending_space = false;
    }
}

fn walk(root: ElementRef<'_>, skip_header: bool, out: &mut Out) {
    // Explicit stack: hostile pages nest deeply enough to overflow a recursive walk.
    enum Step<'a> {
        Enter(ego_tree::NodeRef<'a, Node>),
        Leave(&'a str),
    }
    let mut stack = vec![Step::Enter(*root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave(name) => {
                if name == "pre" {
                    out.pre_depth = out.pre_depth.saturating_sub(1);
                }
                if BLOCK.contains(&name) {
                    out.block();
                }
            }
            Step::Enter(node) => match node.value() {
                Node::Text(t) => out.push_text(t),
                Node::Element(e) => {
                    let name = e.name();
                    if SKIP.contains(&name) || (skip_header && name == "header") {
                        continue;
                    }
                    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
                        continue;
                    }
                    match name {
                        "br" => out.line_break(),
                        "img" => {}
                        _ => {
                            if BLOCK.contains(&name) {
                                out.block();
                            }
                            if name == "pre" {
                                out.pre_depth += 1;
                            }
                            if name == "li" {
                                out.line_break();
                            }
                            stack.push(Step::Leave(name));
                            let children: Vec<_> = node.children().collect();
                            stack.extend(children.into_iter().rev().map(Step::Enter));
                        }
                    }
                }
                _ => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_article_text() {
        let html = r#"<!doctype html><html><head><title>Page title | Site</title>
            <meta property="og:title" content="Storm hits coast">
            <meta property="article:published_time" content="2024-03-02">
            <style>p{color:red}</style><script>alert("x")</script></head>
            <body><nav>Home | World</nav><header>Site header</header>
            <article><h1>Storm hits coast</h1><p>Residents of Saint-Étienne&nbsp;were
            told to &ldquo;stay&rdquo; indoors.<br>Officials said.</p><img src="http://example.invalid/x.png">
            <p>Second   paragraph <b>bold</b> text, with enough words to pass the article threshold of two hundred bytes easily here.</p>
            <script>track()</script></article><footer>© Site</footer></body></html>"#;
        let p = extract(html);
        assert_eq!(p.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(p.published.as_deref(), Some("2024-03-02"));
        // The headline is the article's title, not a line of its text (as in Readability).
        assert!(p.text.starts_with("Residents of Saint-Étienne were told to “stay” indoors.\nOfficials said.\n\nSecond paragraph bold text"), "{:?}", p.text);
        for bad in ["alert", "track", "Home", "Site header", "©", "color"] {
            assert!(!p.text.contains(bad), "{bad} leaked: {:?}", p.text);
        }
    }

    #[test]
    fn a_page_too_big_for_the_tree_keeps_its_text_and_head_details() {
        let body = "<p>Word &amp; word.</p><script>skip()</script>".repeat(200_000);
        let html = format!(
            "<html><head><title>Dump – Courier</title>\
             <meta property=\"og:site_name\" content=\"Courier\"></head><body>{body}</body></html>"
        );
        assert!(html.len() > MAX_TREE_BYTES);
        let p = extract(&html);
        assert_eq!(p.title.as_deref(), Some("Dump"));
        assert_eq!(p.site.as_deref(), Some("Courier"));
        assert!(p.text.starts_with("Word & word."), "{:?}", &p.text[..40]);
        assert!(!p.text.contains("skip"));
    }
}
