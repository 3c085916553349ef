//! Why a full article could not be had, one line each, for the preview and `article`.

use thiserror::Error;

use crate::ingest::fetch::{FetchError, format_bytes};

/// Why the full text of an article is missing. Its `Display` is one line meant for the
/// reader: what went wrong and, where it helps, what to do.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PageError {
    #[error("the article has no link to fetch")]
    NoLink,
    #[error("not an http(s) link: {0}")]
    NotHttp(String),
    #[error(
        "refused {host}: it is on a {class} address and the feed is not (a feed may not \
         make ainews-tui probe your network)"
    )]
    Refused { host: String, class: &'static str },
    #[error("the page could not be fetched: {0}")]
    Fetch(FetchError),
    #[error("the page is larger than the {} limit ([fetch] max_bytes)", format_bytes(*.0))]
    TooLarge(u64),
    #[error("the link is not a web page ({0})")]
    NotHtml(String),
    #[error("nothing readable was found on the page")]
    NothingExtractable,
    #[error("the page holds no more than the feed's own text (a paywall or a teaser)")]
    OnlyTeaser,
}

impl From<FetchError> for PageError {
    fn from(error: FetchError) -> Self {
        match error {
            FetchError::TooLarge(limit) => PageError::TooLarge(limit),
            other => PageError::Fetch(other),
        }
    }
}
