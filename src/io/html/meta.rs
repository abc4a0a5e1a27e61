//! What a page says about itself: title without the site name, publication date.

use scraper::{Html, Selector};

pub(super) fn sel(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

pub(super) fn meta(doc: &Html, query: &str) -> Option<String> {
    let s = sel(query)?;
    doc.select(&s)
        .find_map(|e| e.value().attr("content").map(|c| c.trim().to_owned()))
        .filter(|c| !c.is_empty())
}

pub(super) fn first_text(doc: &Html, query: &str) -> Option<String> {
    let s = sel(query)?;
    doc.select(&s)
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// A page title without the site's name ("Strike hits depot – BBC News" → "Strike hits depot"):
/// cut when the part beside a separator is the site's name as the page states it or a bare
/// domain ("Sott.net"), when the other part is the page's own headline, or before a breadcrumb
/// trail ("Headline » Local » News"). Otherwise the title is kept whole.
pub(super) fn without_site_name(title: &str, site: Option<&str>, h1: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[
        " | ", " – ", " — ", " -- ", " - ", " :: ", " · ", " « ", " » ",
    ];
    let same = |a: &str, b: &str| collapse(a).to_lowercase() == collapse(b).to_lowercase();
    if title.matches(" » ").count() >= 2
        && let Some((head, _)) = title.split_once(" » ")
    {
        return head.trim().to_owned();
    }
    if let Some(cut) = site.and_then(|s| glued_site_suffix(title, s)) {
        return cut;
    }
    let words = |s: &str| s.split_whitespace().count();
    for sep in SEPARATORS {
        let (Some((head, tail)), Some((first, rest))) =
            (title.rsplit_once(sep), title.split_once(sep))
        else {
            continue;
        };
        let is_site = |part: &str| {
            let part = part.trim();
            site.is_some_and(|s| same(part, s))
                || site.is_some_and(|s| {
                    part.to_lowercase().contains(&s.to_lowercase())
                        && part.chars().count() <= s.chars().count() + 12
                })
                || is_domain(part)
        };
        // A headline is what the page's <h1> says, unless that is a logo ("V8") beside a longer
        // part.
        let headline = |part: &str, other: &str| {
            h1.is_some_and(|h| same(part, h)) && (words(part) >= 3 || part.len() >= other.len())
        };
        // Trimmed of stray dashes: "Headline - - Site" is written too.
        let tidy = |s: &str| s.trim_matches([' ', '-', '|', '–', '—']).to_owned();
        if is_site(tail) || headline(head, tail) {
            return tidy(head);
        }
        if is_site(first) || headline(rest, first) {
            return tidy(rest);
        }
    }
    title.to_owned()
}

/// "Headline-新华网": the site's name glued to the title by a dash or underscore, as Chinese
/// sites write it.
fn glued_site_suffix(title: &str, site: &str) -> Option<String> {
    let site = site.trim();
    if site.is_empty() || title.len() <= site.len() {
        return None;
    }
    let cut = title.len() - site.len();
    let (head, tail) = (title.get(..cut)?, title.get(cut..)?);
    if !tail.eq_ignore_ascii_case(site) {
        return None;
    }
    let seps = [' ', '-', '_', '|', '–', '—'];
    let trimmed = head.trim_end_matches(seps);
    // At least one separator other than a space: "Le Monde" in "Voir Le Monde" is not cut.
    let glued = head[trimmed.len()..].contains(|c: char| c != ' ');
    (glued && !trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// "Sott.net", "Aktuálně.cz": one word with a dot and a top-level domain of letters.
fn is_domain(part: &str) -> bool {
    !part.contains(char::is_whitespace)
        && part.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty()
                && (2..=6).contains(&tld.chars().count())
                && tld.chars().all(char::is_alphabetic)
        })
}

/// `datePublished` of the page's schema.org article in JSON-LD (`NewsArticle`, `Article`,
/// `BlogPosting`…), also inside an `@graph` or a list; unreadable blocks are passed over.
pub(super) fn json_ld_date(doc: &Html) -> Option<String> {
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

pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::extract;
    use super::*;
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
        // A bare domain, a breadcrumb trail, a name glued on, a logo in the <h1>.
        assert_eq!(
            t("Files expose spy team -- Sott.net", None, None),
            "Files expose spy team"
        );
        assert_eq!(
            t(
                "Anticorrupción decidirá » Local » Noticias » Ultima Hora",
                None,
                None
            ),
            "Anticorrupción decidirá"
        );
        assert_eq!(
            t("短缺药品保供稳价-新华网", Some("新华网"), None),
            "短缺药品保供稳价"
        );
        assert_eq!(
            t("standalone WebAssembly binaries · V8", None, Some("V8")),
            "standalone WebAssembly binaries · V8"
        );
        assert_eq!(
            t("Version 2.0 - a review", None, None),
            "Version 2.0 - a review"
        );
        let page = r#"<html><head><title>Strike hits depot - Courier Online</title>
            <meta property="og:site_name" content="Courier Online"></head>
            <body><p>Text.</p></body></html>"#;
        assert_eq!(extract(page).title.as_deref(), Some("Strike hits depot"));
    }
}
