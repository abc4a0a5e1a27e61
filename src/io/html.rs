//! Main-text extraction from a saved HTML page. Nothing is fetched: scripts, styles, images and
//! frames are dropped, entities are decoded by the parser.

use scraper::{ElementRef, Html, Node, Selector};

pub struct Page {
    pub title: Option<String>,
    pub text: String,
    pub published: Option<String>,
    pub url: Option<String>,
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

fn sel(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

fn meta(doc: &Html, query: &str) -> Option<String> {
    let s = sel(query)?;
    doc.select(&s)
        .find_map(|e| e.value().attr("content").map(|c| c.trim().to_owned()))
        .filter(|c| !c.is_empty())
}

fn first_text(doc: &Html, query: &str) -> Option<String> {
    let s = sel(query)?;
    doc.select(&s)
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// A page title without the site's name ("Strike hits depot – BBC News" → "Strike hits depot"):
/// cut when the part beside a separator is the site's name as the page states it, or when the
/// other part is the page's own headline. Otherwise the title is kept whole.
fn without_site_name(title: &str, site: Option<&str>, h1: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - ", " :: ", " · ", " « ", " » "];
    let same = |a: &str, b: &str| collapse(a).to_lowercase() == collapse(b).to_lowercase();
    for sep in SEPARATORS {
        let (Some((head, tail)), Some((first, rest))) =
            (title.rsplit_once(sep), title.split_once(sep))
        else {
            continue;
        };
        let is_site = |part: &str| {
            site.is_some_and(|s| same(part, s))
                || site.is_some_and(|s| {
                    part.to_lowercase().contains(&s.to_lowercase())
                        && part.chars().count() <= s.chars().count() + 12
                })
        };
        if is_site(tail) || h1.is_some_and(|h| same(head, h)) {
            return head.trim().to_owned();
        }
        if is_site(first) || h1.is_some_and(|h| same(rest, h)) {
            return rest.trim().to_owned();
        }
    }
    title.to_owned()
}

/// `datePublished` of the page's schema.org article in JSON-LD (`NewsArticle`, `Article`,
/// `BlogPosting`…), also inside an `@graph` or a list; unreadable blocks are passed over.
fn json_ld_date(doc: &Html) -> Option<String> {
    fn find(v: &serde_json::Value, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        match v {
            serde_json::Value::Array(items) => items.iter().find_map(|i| find(i, depth + 1)),
            serde_json::Value::Object(o) => {
                let is_article = o.get("@type").is_some_and(|t| {
                    let names: Vec<&str> = match t {
                        serde_json::Value::String(s) => vec![s.as_str()],
                        serde_json::Value::Array(a) => {
                            a.iter().filter_map(|x| x.as_str()).collect()
                        }
                        _ => Vec::new(),
                    };
                    names
                        .iter()
                        .any(|n| n.ends_with("Article") || *n == "BlogPosting" || *n == "Report")
                });
                let date = o.get("datePublished").and_then(|d| d.as_str());
                match (is_article, date) {
                    (true, Some(d)) if !d.trim().is_empty() => Some(d.trim().to_owned()),
                    _ => o.get("@graph").and_then(|g| find(g, depth + 1)),
                }
            }
            _ => None,
        }
    }
    let s = sel(r#"script[type="application/ld+json"]"#)?;
    doc.select(&s).find_map(|e| {
        let text = e.text().collect::<String>();
        let v: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
        find(&v, 0)
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pages nesting elements deeper than this are not parsed as a tree: the HTML parser's work grows
/// with the square of the depth (100,000 nested `<div>`s take a minute), and no article nests
/// that deep.
pub const MAX_NESTING: usize = 2_000;

pub fn extract(html: &str) -> Page {
    if nesting_depth(html) > MAX_NESTING {
        return Page {
            title: None,
            text: strip_tags(html),
            published: None,
            url: None,
        };
    }
    let doc = Html::parse_document(html);
    let site = meta(&doc, r#"meta[property="og:site_name"]"#)
        .or_else(|| meta(&doc, r#"meta[name="application-name"]"#));
    let h1 = first_text(&doc, "h1");
    let title = meta(&doc, r#"meta[property="og:title"]"#)
        .or_else(|| first_text(&doc, "title"))
        .map(|t| without_site_name(&t, site.as_deref(), h1.as_deref()))
        .or(h1);
    let published = meta(&doc, r#"meta[property="article:published_time"]"#)
        .or_else(|| json_ld_date(&doc))
        .or_else(|| meta(&doc, r#"meta[itemprop="datePublished"]"#))
        .or_else(|| meta(&doc, r#"meta[name="pubdate"]"#))
        .or_else(|| meta(&doc, r#"meta[name="date"]"#))
        .or_else(|| {
            let s = sel("time[datetime]")?;
            doc.select(&s)
                .find_map(|e| e.value().attr("datetime").map(str::to_owned))
        });
    let url = meta(&doc, r#"meta[property="og:url"]"#).or_else(|| {
        let s = sel(r#"link[rel="canonical"]"#)?;
        doc.select(&s)
            .find_map(|e| e.value().attr("href").map(str::to_owned))
    });

    // The largest <article>, else <main>, else the body: the page's own text, not its chrome.
    let root = pick_root(&doc);
    let skip_header = root.value().name() == "body" || root.value().name() == "html";
    let mut out = Out::default();
    walk(root, skip_header, &mut out);
    Page {
        title,
        text: out.text,
        published,
        url,
    }
}

/// The deepest element nesting the tree parser would build, estimated in one linear pass and
/// stopped as soon as it passes [`MAX_NESTING`]. It keeps a stack of open elements as the parser
/// does: a closing tag closes up to the open element of its name and is ignored when none is open
/// (counting it anyway let `<div></i>` × 100,000 pass as depth 1 and stall the parser for a
/// minute). Elements that never nest (void, or closed implicitly by their next sibling) are not
/// counted; comments and the text of scripts and styles are skipped.
fn nesting_depth(html: &str) -> usize {
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
fn strip_tags(html: &str) -> String {
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
        assert!(p.text.starts_with("Storm hits coast\n\nResidents of Saint-Étienne were told to “stay” indoors.\nOfficials said.\n\nSecond paragraph bold text"), "{:?}", p.text);
        for bad in ["alert", "track", "Home", "Site header", "©", "color"] {
            assert!(!p.text.contains(bad), "{bad} leaked: {:?}", p.text);
        }
    }

    #[test]
    fn the_fallback_handles_any_character_after_a_bracket() {
        // Found by cargo-fuzz: a multi-byte letter right after '<' in a page too deep to parse.
        let html = "<div>".repeat(MAX_NESTING + 1) + "<ßdiv> Straße &amp;ß; &#x1F525; &ü";
        let p = extract(&html);
        assert_eq!(p.text, "Straße &ß; 🔥 &ü");
    }

    #[test]
    fn the_publication_date_comes_from_json_ld_when_meta_tags_lack_it() {
        let page = r#"<html><head><title>T</title>
            <script type="application/ld+json">{ not json </script>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebPage","datePublished":"2020-01-01"},
              {"@type":["NewsArticle"],"headline":"T","datePublished":"2024-03-14T06:10:00Z"}]}
            </script></head><body><p>Text.</p></body></html>"#;
        assert_eq!(
            extract(page).published.as_deref(),
            Some("2024-03-14T06:10:00Z")
        );
        let list = r#"<script type="application/ld+json">[{"@type":"BlogPosting",
            "datePublished":"2023-05-06"}]</script><p>x</p>"#;
        assert_eq!(extract(list).published.as_deref(), Some("2023-05-06"));
        let item = r#"<meta itemprop="datePublished" content="2022-02-02"><p>x</p>"#;
        assert_eq!(extract(item).published.as_deref(), Some("2022-02-02"));
    }

    #[test]
    fn titles_lose_the_site_name_only_when_it_is_known() {
        let t =
            |title: &str, site: Option<&str>, h1: Option<&str>| without_site_name(title, site, h1);
        assert_eq!(
            t("Strike hits depot – BBC News", Some("BBC News"), None),
            "Strike hits depot"
        );
        assert_eq!(
            t(
                "Premiér jednal v Bruselu | Aktuálně.cz",
                Some("Aktuálně.cz"),
                None
            ),
            "Premiér jednal v Bruselu"
        );
        assert_eq!(
            t("Le Monde.fr - Grève au port", Some("Le Monde"), None),
            "Grève au port"
        );
        // No site name: the headline says which part is the article's.
        assert_eq!(
            t(
                "Port Veyra: strike hits depot | Daily Courier",
                None,
                Some("Port Veyra: strike hits depot")
            ),
            "Port Veyra: strike hits depot"
        );
        // Nothing known: a dash inside a headline stays.
        assert_eq!(
            t("Kyiv - Ukraine talks resume", None, None),
            "Kyiv - Ukraine talks resume"
        );
        assert_eq!(
            t("Talks resume | Opinion", Some("Courier"), None),
            "Talks resume | Opinion"
        );
        let page = r#"<html><head><title>Strike hits depot - Courier Online</title>
            <meta property="og:site_name" content="Courier Online"></head>
            <body><p>Text.</p></body></html>"#;
        assert_eq!(extract(page).title.as_deref(), Some("Strike hits depot"));
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
