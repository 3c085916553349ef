//! The full article behind a link: fetched politely and only where the feed may send us
//! (`policy`, `fetch`), decoded like feeds (`decode`), extracted from the page's clutter
//! (`extract`) and rendered as readable plain text (`render`). The dashboard and the
//! headless `article` command both call [`fetch_full_text`]; the result is stored by
//! `Store::save_full_text`.

mod decode;
mod error;
mod extract;
mod fetch;
pub mod policy;
mod render;

pub use decode::{decode_page, meta_charset};
pub use error::PageError;
pub use extract::{Extracted, extract, judge};
pub use fetch::{Page, PageFetcher};
pub use policy::{AddressClass, FeedOrigin};
pub use render::render_text;

use crate::config::FetchConfig;

/// Fetches `link` and returns the article it holds as readable plain text (paragraphs
/// separated by blank lines, numbered links listed at the end), or why not.
///
/// `feed_url` decides which addresses the page may be on (see [`policy`]); `summary` is the
/// feed's own text of the article, plain, so that a page holding no more than that (a
/// paywall, a teaser) is reported as such instead of stored.
pub async fn fetch_full_text(
    config: &FetchConfig,
    feed_url: &str,
    link: &str,
    summary: &str,
) -> Result<String, PageError> {
    let origin = FeedOrigin::of_feed(feed_url).await;
    let fetcher = PageFetcher::new(config, origin)?;
    let page = fetcher.fetch(link).await?;
    let html = decode_page(&page.bytes, page.content_type.as_deref());
    let extracted = extract(&html, &page.final_url)?;
    let text = render_text(&extracted.html);
    judge(&text, summary)?;
    Ok(text)
}
