//! The background poller: one schedule per feed with jitter, global and per-host limits,
//! manual refresh; reports every result as a `PollEvent`. The UI never waits on it.

use crate::model::{Article, FeedId, UnixTime};

/// What the poller reports back to whoever listens (the UI loop or a headless command).
#[derive(Debug, Clone, PartialEq)]
pub enum PollEvent {
    /// A fetch of this feed began.
    Started { feed: FeedId },
    /// A fetch of this feed ended, well or badly.
    Finished { feed: FeedId, report: FeedReport },
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedReport {
    pub outcome: FeedOutcome,
    /// When the fetch ended.
    pub at: UnixTime,
    /// When the poller will fetch this feed again.
    pub next_refresh: UnixTime,
    /// The feed's own title, when it gave one (sanitized).
    pub feed_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FeedOutcome {
    /// Fetched and parsed: every item the feed holds now (new or not), cleaned and classified.
    Updated { articles: Vec<Article> },
    /// 304, or a local file unchanged since the last read.
    NotModified,
    /// Short human text: what went wrong, e.g. "HTTP 404 Not Found" or "timed out after 30s".
    Failed { error: String },
}
