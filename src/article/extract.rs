//! The article inside a page, by dom_smoothie (a port of Firefox's Reader View,
//! readability.js), and the judgement of whether what came out is an article at all.

use dom_smoothie::{Config, Readability};

use super::error::PageError;

/// Pages with more elements than this are refused instead of scored: the extractor's cost
/// grows with the element count, and no article needs more.
const MAX_ELEMENTS: usize = 60_000;

/// Less readable text than this (words, each CJK character counting as one) is not an
/// article: a cookie wall, a login form, a teaser.
pub const MIN_ARTICLE_UNITS: usize = 60;

/// What the extractor kept of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The page's title as the extractor read it.
    pub title: String,
    /// The article's markup, links made absolute against the page URL.
    pub html: String,
}

/// Extracts the article of `html`, a page fetched from `page_url`.
pub fn extract(html: &str, page_url: &str) -> Result<Extracted, PageError> {
    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    // A base URL the extractor refuses (not absolute) only costs relative links.
    let url = url::Url::parse(page_url).ok().map(|_| page_url);
    // Hostile markup must cost this article, never the process: parsing and scoring run
    // isolated, as feed parsing does.
    let article = crate::isolate::catch_panic(|| {
        let mut readability = Readability::new(html, url, Some(config.clone()))
            .or_else(|_| Readability::new(html, None, Some(config)))
            .ok()?;
        readability.parse().ok()
    })
    .ok()
    .flatten()
    .ok_or(PageError::NothingExtractable)?;
    Ok(Extracted {
        title: article.title,
        html: article.content.to_string(),
    })
}

/// Whether `text` (rendered) is an article rather than nothing or the feed's teaser again.
pub fn judge(text: &str, summary: &str) -> Result<(), PageError> {
    let units = text_units(text);
    if units == 0 {
        return Err(PageError::NothingExtractable);
    }
    let summary_units = text_units(summary);
    // A page that adds under a fifth to the feed's own text is the same teaser.
    if units < MIN_ARTICLE_UNITS || (summary_units > 0 && units * 5 <= summary_units * 6) {
        return Err(PageError::OnlyTeaser);
    }
    Ok(())
}

/// Words of Latin text plus CJK characters: a length that means the same in both.
pub fn text_units(text: &str) -> usize {
    let mut units = 0;
    let mut in_word = false;
    for c in text.chars() {
        if crate::text::script::is_han(c) {
            units += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                units += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_is_found_among_clutter() {
        let para = "Chip makers in both countries raced to ship accelerators this year. ";
        let html = format!(
            "<html><head><title>Race</title></head><body><nav><a href='/'>Home</a></nav>\
             <article><h1>Race</h1><p>{}</p><p>{}</p></article><footer>(c)</footer></body></html>",
            para.repeat(8),
            para.repeat(6)
        );
        let got = extract(&html, "https://news.example/a/1").unwrap();
        assert!(got.html.contains("Chip makers"));
        assert!(!got.html.contains("Home"));
    }

    #[test]
    fn short_or_repeated_text_is_a_teaser() {
        let long = "word ".repeat(200);
        assert_eq!(judge("", ""), Err(PageError::NothingExtractable));
        assert_eq!(
            judge("Subscribe to read more.", ""),
            Err(PageError::OnlyTeaser)
        );
        assert_eq!(judge(&long, &long), Err(PageError::OnlyTeaser));
        assert_eq!(judge(&long, "word ".repeat(20).as_str()), Ok(()));
        assert_eq!(judge(&"芯片".repeat(40), ""), Ok(()));
    }

    #[test]
    fn units_count_words_and_han_characters() {
        assert_eq!(text_units("Huawei ships 昇腾 chips, 2025."), 6);
    }
}
