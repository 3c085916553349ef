//! The SQLite cache: one database in the data directory, written by one writer thread in
//! `BEGIN IMMEDIATE` transactions, read directly for startup, bodies and headless queries.
//!
//! Feeds are keyed by their configured URL (a `FeedId` is only a position in today's config),
//! articles by their stable `ArticleId`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::ingest::poller::{FeedMemory, FeedReport};
use crate::model::{Article, ArticleId, FeedId, Topic, UnixTime};

/// The database file inside the data directory.
pub const DB_FILE: &str = "ainews.db";

/// Errors of the store, as short human text with the path where it matters.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cache database {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("cache write failed: {0}")]
    Write(String),
    #[error("cache read failed: {0}")]
    Read(String),
    #[error("the cache writer has stopped")]
    WriterGone,
}

/// A feed of today's config, as the store needs it: its position and configured URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedKey {
    pub id: FeedId,
    pub url: String,
}

/// What the store remembers of a feed between runs (shown in the feeds pane at start).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedRecord {
    pub name: Option<String>,
    pub last_success: Option<UnixTime>,
    pub last_attempt: Option<UnixTime>,
    /// The last error, `None` when the last fetch succeeded.
    pub last_error: Option<String>,
    /// Validators and permanent redirect, to seed the poller.
    pub memory: FeedMemory,
}

/// The view the user left, restored at the next start.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UiMemory {
    pub topic: Option<Topic>,
    pub unread_only: bool,
    pub starred_only: bool,
    pub selected: Option<ArticleId>,
}

/// One write, performed in order on the writer thread, each in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOp {
    /// A finished fetch of one feed: upsert its articles (keeping read, starred and
    /// first_seen of known ones), its validators, redirect and status. One transaction.
    FeedResult {
        feed_url: String,
        report: FeedReport,
    },
    SetRead {
        ids: Vec<ArticleId>,
        read: bool,
    },
    SetStarred {
        ids: Vec<ArticleId>,
        starred: bool,
    },
    /// Deletes articles older than `max_age` (by published, else first_seen) and beyond the
    /// newest `max_per_feed` of each feed. Starred articles are never deleted.
    Prune {
        now: UnixTime,
        max_age: Duration,
        max_per_feed: usize,
    },
    SaveUi(UiMemory),
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Articles of a feed result that were not in the cache before.
    Stored {
        new_articles: usize,
    },
    Pruned {
        removed: usize,
    },
    Done,
}

/// A filter over the cache for `headlines`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeadlineQuery {
    pub topic: Option<Topic>,
    pub unread_only: bool,
    pub starred_only: bool,
    /// Only articles whose time (published, else first seen) is at or after this.
    pub since: Option<UnixTime>,
    /// Case-insensitive substring of the title.
    pub search: Option<String>,
    pub limit: Option<usize>,
}

/// An article as `headlines` prints it: with its feed's URL and remembered name.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    pub article: Article,
    pub feed_url: String,
    pub feed_name: Option<String>,
}

/// The result of opening the cache.
pub struct Opened {
    pub store: Store,
    /// A corrupt database found at start was moved here and a fresh one created.
    pub moved_aside: Option<PathBuf>,
}

/// Handle to the cache. Cheap to clone; every clone talks to the same writer thread.
#[derive(Clone)]
pub struct Store {
    _private: (),
}

/// Opens (creating and migrating as needed) `data_dir/ainews.db`.
pub fn open(data_dir: &Path) -> Result<Opened, StoreError> {
    let _ = data_dir;
    unimplemented!("store::open")
}

impl Store {
    /// The database file.
    pub fn path(&self) -> &Path {
        unimplemented!()
    }

    /// Every cached article of these feeds, newest first, with empty bodies (bodies are
    /// loaded on demand); `Article::feed` is the FeedId of today's config.
    pub fn load_articles(&self, feeds: &[FeedKey]) -> Result<Vec<Article>, StoreError> {
        let _ = feeds;
        unimplemented!()
    }

    /// The stored body of one article.
    pub fn load_body(&self, id: ArticleId) -> Result<Option<String>, StoreError> {
        let _ = id;
        unimplemented!()
    }

    /// What is remembered of these feeds, by FeedId.
    pub fn load_feeds(&self, feeds: &[FeedKey]) -> Result<HashMap<FeedId, FeedRecord>, StoreError> {
        let _ = feeds;
        unimplemented!()
    }

    pub fn load_ui(&self) -> Result<UiMemory, StoreError> {
        unimplemented!()
    }

    /// Articles matching `query`, newest first, over every feed in the cache.
    pub fn headlines(&self, query: &HeadlineQuery) -> Result<Vec<StoredArticle>, StoreError> {
        let _ = query;
        unimplemented!()
    }

    /// Queues a write and returns at once; a failure goes to the error sink.
    pub fn send(&self, op: WriteOp) {
        let _ = op;
        unimplemented!()
    }

    /// Performs a write and waits for its outcome (headless commands).
    pub fn write(&self, op: WriteOp) -> Result<WriteOutcome, StoreError> {
        let _ = op;
        unimplemented!()
    }

    /// Where failures of `send` are reported (the UI shows them in the status line).
    pub fn set_error_sink(&self, sink: Box<dyn Fn(StoreError) + Send + Sync>) {
        let _ = sink;
        unimplemented!()
    }

    /// Waits until every queued write is done.
    pub fn flush(&self) -> Result<(), StoreError> {
        unimplemented!()
    }
}
