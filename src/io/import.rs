//! Article import: plain text, Markdown and saved HTML in any common encoding, and PDF with a
//! text layer.

use crate::model::Article;
use encoding_rs::Encoding;
use std::path::Path;

/// Articles larger than this are refused: far beyond any news article, and it keeps memory bounded.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {cause}")]
    Io {
        path: String,
        // Not `source`: the message already says it, and a source would be printed twice.
        cause: std::io::Error,
    },
    #[error("the file is empty: there is no text to annotate")]
    Empty,
    #[error("this looks like a binary file, not an article ({0})")]
    Binary(String),
    #[error("the file is {size} bytes, more than the {max} bytes an article may have")]
    TooLarge { size: u64, max: u64 },
    #[error("{0}")]
    Pdf(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleKind {
    Text,
    Markdown,
    Html,
    Pdf,
}

impl ArticleKind {
    pub fn from_path(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("html" | "htm" | "xhtml") => ArticleKind::Html,
            Some("md" | "markdown") => ArticleKind::Markdown,
            Some("pdf") => ArticleKind::Pdf,
            _ => ArticleKind::Text,
        }
    }
}

/// Read an article from disk. The title comes from the page or the first heading, else the file
/// name.
pub fn import_article(path: &Path) -> Result<Article, ImportError> {
    let p = path.display().to_string();
    let io = |source| ImportError::Io {
        path: p.clone(),
        cause: source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_ARTICLE_BYTES {
        return Err(ImportError::TooLarge {
            size,
            max: MAX_ARTICLE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Untitled".into());
    let mut article = import_article_bytes(&bytes, ArticleKind::from_path(path), &stem)?;
    article.source = Some(p);
    Ok(article)
}

/// Decode and clean an article given as bytes.
pub fn import_article_bytes(
    bytes: &[u8],
    kind: ArticleKind,
    fallback_title: &str,
) -> Result<Article, ImportError> {
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len() as u64,
            max: MAX_ARTICLE_BYTES,
        });
    }
    let text = match kind {
        ArticleKind::Pdf => super::pdf::text(bytes).map_err(ImportError::Pdf)?,
        _ => decode(bytes, kind)?,
    };
    let mut page = super::html::Page::default();
    let (title, body) = match kind {
        ArticleKind::Html => {
            page = super::html::extract(&text);
            (page.title.take(), std::mem::take(&mut page.text))
        }
        ArticleKind::Markdown => (markdown_title(&text), text),
        ArticleKind::Text => (first_line_title(&text), text),
        // A PDF's first paragraph is a headline only when it reads like one.
        ArticleKind::Pdf => (
            first_line_title(&text)
                .filter(|t| t.chars().count() <= 120 && !t.ends_with(['.', ',', ';'])),
            text,
        ),
    };
    let body = crate::model::text::normalize_newlines(&body);
    let body = body.trim_matches(|c: char| c == '\n' || c == '\u{feff}');
    if body.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let title = title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| fallback_title.to_owned());
    let mut article = Article::new(title.trim(), body);
    let info = crate::model::article::ArticleInfo {
        title: article.title.clone(),
        published: page.published,
        url: page.url,
        byline: page.byline,
        site: page.site,
        lang: page.lang,
    };
    article.set_info(info.tidied());
    Ok(article)
}

/// Decode bytes to text: a BOM wins; then strict UTF-8; then the most likely legacy encoding.
pub fn decode(bytes: &[u8], kind: ArticleKind) -> Result<String, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return check_text(text.into_owned());
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return check_text(text.into_owned());
    }
    if bytes.contains(&0) {
        return Err(ImportError::Binary("it contains NUL bytes".into()));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return check_text(s.to_owned());
    }
    let enc = if kind == ArticleKind::Html {
        html_meta_charset(bytes)
    } else {
        None
    }
    .unwrap_or_else(|| {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(None, chardetng::Utf8Detection::Deny)
    });
    let (text, _, _) = enc.decode(bytes);
    check_text(text.into_owned())
}

/// UTF-16 text saved without a BOM shows NUL in every other byte for ASCII-range text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(512) & !1;
    if n < 8 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for (i, b) in bytes[..n].iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 { even += 1 } else { odd += 1 }
        }
    }
    let half = n / 2;
    if odd * 10 >= half * 7 && even == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= half * 7 && odd == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn check_text(text: String) -> Result<String, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    // Control characters other than tab/newline/CR/form feed mean a binary file.
    let sample: Vec<char> = text.chars().take(64 * 1024).collect();
    let controls = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls * 100 > sample.len() {
        return Err(ImportError::Binary(format!(
            "{controls} control characters in the first {} characters",
            sample.len()
        )));
    }
    Ok(text.replace('\0', ""))
}

/// `<meta charset="…">` or the http-equiv form, read from the first bytes of a page.
fn html_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let i = head.find("charset=")?;
    let rest = head[i + 8..].trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

fn markdown_title(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim().to_owned())
        .or_else(|| first_line_title(text))
}

fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.trim_start_matches('\u{feff}');
    (line.chars().count() <= 160).then(|| line.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_crlf() {
        let a = import_article_bytes(
            b"\xEF\xBB\xBFTitle line\r\n\r\nBody \xE2\x80\x9Cquoted\xE2\x80\x9D.\r\n",
            ArticleKind::Text,
            "x",
        )
        .unwrap();
        assert_eq!(a.title, "Title line");
        assert_eq!(&*a.text, "Title line\n\nBody “quoted”.");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let s = "Zoë met “Ahmad” in Zürich 🙂\r\n";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let a = import_article_bytes(&le, ArticleKind::Text, "x").unwrap();
        assert_eq!(&*a.text, "Zoë met “Ahmad” in Zürich 🙂");
        let mut be: Vec<u8> = vec![];
        for u in s.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        let b = import_article_bytes(&be, ArticleKind::Text, "x").unwrap();
        assert_eq!(b.text, a.text);
    }

    #[test]
    fn windows_1252() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Le président a déclaré « non » — c’était prévu. Café, façade, naïve, œuvre.");
        let a = import_article_bytes(&bytes, ArticleKind::Text, "x").unwrap();
        assert_eq!(
            &*a.text,
            "Le président a déclaré « non » — c’était prévu. Café, façade, naïve, œuvre."
        );
    }

    #[test]
    fn empty_and_binary() {
        assert!(matches!(
            import_article_bytes(b"", ArticleKind::Text, "x"),
            Err(ImportError::Empty)
        ));
        assert!(matches!(
            import_article_bytes(b"  \n\n ", ArticleKind::Text, "x"),
            Err(ImportError::Empty)
        ));
        let bin: Vec<u8> = (0..=255u8).cycle().take(2000).collect();
        assert!(matches!(
            import_article_bytes(&bin, ArticleKind::Text, "x"),
            Err(ImportError::Binary(_))
        ));
    }

    #[test]
    fn markdown_title_from_heading() {
        let a = import_article_bytes(b"# Big news\n\nText.", ArticleKind::Markdown, "x").unwrap();
        assert_eq!(a.title, "Big news");
        assert_eq!(&*a.text, "# Big news\n\nText.");
    }
}
