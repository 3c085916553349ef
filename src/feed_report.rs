//! What one fetch of a feed reports, and what is remembered of a feed between runs: plain
//! data shared by `ingest` (which produces it), `store` (which persists it) and `app`
//! (which shows it), so that none of them imports another for its types.

mod notes;

pub use notes::{ParseNote, Repair, Repairs};

use crate::model::{Article, UnixTime};

/// The result of one fetch of one feed, as the poller reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedReport {
    pub outcome: FeedOutcome,
    /// When the fetch ended.
    pub at: UnixTime,
    /// When the poller will fetch this feed again.
    pub next_refresh: UnixTime,
    /// The feed's own title, when it gave one (sanitized).
    pub feed_title: Option<String>,
    /// The validators the poller now holds for this feed: persist them to seed the next run
    /// (`PollerBuilder::remember`).
    pub validators: Validators,
    /// Set once, after a fetch whose redirects were all permanent and whose body parsed: the
    /// feed's new URL. The poller already uses it; persist it (article ids keep deriving
    /// from the configured URL).
    pub moved_to: Option<String>,
    /// After a body that parsed: what the parser repaired to read it, and how many items
    /// the document held (the feeds pane warns when none could be read). Default otherwise.
    /// Boxed: it is rarely more than empty, and reports travel in enums.
    pub parse_note: Box<ParseNote>,
}

/// How a fetch of a feed ended.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedOutcome {
    /// Fetched and parsed: every item the feed holds now (new or not), cleaned and classified.
    Updated { articles: Vec<Article> },
    /// 304, or a local file unchanged since the last read.
    NotModified,
    /// Short human text: what went wrong, e.g. "HTTP 404 Not Found" or "timed out after 30s".
    Failed { error: String },
}

/// Validators from the last successful fetch, echoed back unchanged on the next one.
///
/// For local files `etag` holds a fingerprint of the file's mtime and length instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }

    /// The validators to keep after a response: the new ones where the server sent them,
    /// the old ones otherwise (a 304 often omits headers it did not change).
    pub fn merged(&self, newer: Validators) -> Validators {
        Validators {
            etag: newer.etag.or_else(|| self.etag.clone()),
            last_modified: newer.last_modified.or_else(|| self.last_modified.clone()),
        }
    }
}

/// What the poller remembers about a feed between runs (seed it from the store).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedMemory {
    pub validators: Validators,
    /// A permanent redirect remembered earlier: fetch here instead of the configured URL.
    pub moved_to: Option<String>,
}
