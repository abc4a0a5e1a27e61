//! Reader mode: the article picked out of the page by Readability's scoring (dom_smoothie), then
//! rendered as text the same way as the rest of the import.

use scraper::Html;

pub(super) struct Found {
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    pub published: Option<String>,
}

/// Fewer letters than this is not an article but a scrap the scorer settled for (a cookie
/// notice); the caller then falls back to the page's own `<article>` or body. Letters, not words:
/// Chinese and Japanese do not separate words by spaces.
const MIN_LETTERS: usize = 100;

pub(super) fn article(html: &str, page: &Html) -> Option<Found> {
    // Classes kept: they name the clutter left inside the article.
    let config = dom_smoothie::Config {
        keep_classes: true,
        ..dom_smoothie::Config::default()
    };
    let mut reader = dom_smoothie::Readability::new(html, None, Some(config)).ok()?;
    let found = reader.parse().ok()?;
    let mut fragment = Html::parse_fragment(&found.content);
    super::clutter::remove(&mut fragment, page);
    let text = super::clutter::drop_datelines(&super::render(fragment.root_element(), false));
    if text.chars().filter(|c| c.is_alphanumeric()).count() < MIN_LETTERS {
        return None;
    }
    let some = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    Some(Found {
        text,
        title: some(Some(found.title)),
        byline: some(found.byline),
        site: some(found.site_name),
        lang: some(found.lang),
        published: some(found.published_time),
    })
}

#[cfg(test)]
mod tests {
    use super::super::extract;

    #[test]
    fn reader_mode_keeps_the_article_and_drops_the_page_around_it() {
        let para = "Negotiators from Kyiv and Brussels met on Sunday in Geneva, where the talks \
                    went on late into the night; “we are close,” one official told reporters.";
        let body: String = (0..8).map(|i| format!("<p>{i}. {para}</p>")).collect();
        let links: String = (0..40)
            .map(|i| format!("<li><a href=\"/s/{i}\">You might also like story {i}</a></li>"))
            .collect();
        let html = format!(
            "<html lang=\"en-GB\"><head><title>Talks resume in Geneva – Example News</title>\
             <meta property=\"og:site_name\" content=\"Example News\">\
             <meta name=\"author\" content=\"Ana Écrivain\">\
             <link rel=\"canonical\" href=\"https://news.example/talks\"></head><body>\
             <div class=\"menu\"><a href=\"/\">Breaking News</a> <a href=\"/w\">World</a></div>\
             <div class=\"sidebar\"><ul>{links}</ul></div>\
             <div class=\"story\"><h1>Talks resume in Geneva</h1>{body}\
             <div class=\"share\"><a href=\"#\">Share on Facebook</a></div></div>\
             <div class=\"comments\"><a href=\"#c\">Leave a comment</a></div></body></html>"
        );
        let page = extract(&html);
        assert_eq!(page.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(page.byline.as_deref(), Some("Ana Écrivain"));
        assert_eq!(page.site.as_deref(), Some("Example News"));
        assert_eq!(page.lang.as_deref(), Some("en-GB"));
        assert_eq!(page.url.as_deref(), Some("https://news.example/talks"));
        assert!(page.text.starts_with("0. Negotiators"), "{:?}", page.text);
        assert_eq!(page.text.matches("“we are close,”").count(), 8);
        // Paragraphs stay apart, as the analyst reads them.
        assert_eq!(page.text.matches("\n\n").count(), 7, "{:?}", page.text);
        for clutter in [
            "You might also like",
            "Share on Facebook",
            "Breaking News",
            "comment",
        ] {
            assert!(
                !page.text.contains(clutter),
                "{clutter} kept: {:?}",
                page.text
            );
        }
    }

    #[test]
    fn a_lead_photo_caption_before_the_article_is_kept() {
        let para = "<p>Negotiators from Kyiv and Brussels met on Sunday in Geneva, where the \
                    talks went on late into the night, one official told reporters.</p>";
        let html = format!(
            "<html><body><div class=\"menu\"><a href=\"/\">Home</a></div><div>\
             <figure><img src=\"x.jpg\"><figcaption>Delegates arrive in Geneva. Photo: \
             A. Lens</figcaption></figure><article>{}</article></div></body></html>",
            para.repeat(5)
        );
        let page = extract(&html);
        assert!(
            page.text
                .starts_with("Delegates arrive in Geneva. Photo: A. Lens\n\nNegotiators"),
            "{:?}",
            page.text
        );
        assert_eq!(page.text.matches("Delegates").count(), 1);
    }

    #[test]
    fn a_page_without_an_article_falls_back_to_its_text() {
        let page = extract("<html><body><p>Short note from the field.</p></body></html>");
        assert_eq!(page.text, "Short note from the field.");
    }
}
