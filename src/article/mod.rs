//! The full article behind a link: fetched politely and only where the feed may send us
//! (`policy`, `fetch`), decoded like feeds (`decode`), extracted from the page's clutter
//! (`extract`) and rendered as readable plain text (`render`). The dashboard and the
//! headless `article` command both call [`fetch_full_text`]; the outcome is stored with
//! `WriteOp::SaveFullText` and read back with `Store::load_full_text`.

pub mod background;
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
    // The feed's host is looked up within the connect timeout: a stalled resolver must
    // not stall the fetch; the strict side is taken then.
    let origin = tokio::time::timeout(config.connect_timeout, FeedOrigin::of_feed(feed_url))
        .await
        .unwrap_or(FeedOrigin::PUBLIC);
    let fetcher = PageFetcher::new(config, origin)?;
    let page = fetcher.fetch(link).await?;
    let html = decode_page(&page.bytes, page.content_type.as_deref());
    let extracted = extract(&html, &page.final_url)?;
    let text = render_text(&extracted.html);
    judge(&text, summary)?;
    Ok(text)
}
