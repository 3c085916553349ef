//! The SQLite cache: one database in the data directory, written by one writer thread in
//! `BEGIN IMMEDIATE` transactions, read directly for startup, bodies and headless queries.
//!
//! Feeds are keyed by their configured URL (a `FeedId` is only a position in today's config),
//! articles by their stable `ArticleId`.

mod checkpoints;
mod codec;
mod db;
mod enclosures;
mod error;
mod full_text;
mod health;
mod marks;
mod ops;
mod order;
mod queries;
pub mod retention;
mod schema;
mod search;
mod stories;
mod unsaved;
mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

use crate::feed_report::{FeedMemory, FeedReport};
use crate::model::{Article, ArticleId, FeedId, Topic, UnixTime};
use crate::topics::cluster::ClusterId;

pub use error::StoreError;
pub use full_text::FullText;
pub use marks::ImportedMark;
pub use schema::SCHEMA_VERSION;
pub use search::{IndexProgress, MATCH_END, MATCH_START, SearchHit, prepare};
pub use stories::StoryMap;
pub use writer::PendingWrite;

/// The database file inside the data directory.
pub const DB_FILE: &str = "ainews.db";

/// The `Article::feed` of `headlines` results, which span every cached feed rather than
/// today's config: use `StoredArticle::feed_url` to tell feeds apart.
pub const HEADLINES_FEED: FeedId = FeedId(u32::MAX);

/// Longest a write waits for another instance (a `refresh` from cron) to release the cache:
/// whoever bounds the last flush must give it at least this long.
pub const WRITE_LOCK_WAIT: std::time::Duration = db::BUSY_TIMEOUT;

/// What the status line says while the cache is read-only.
pub const READ_ONLY_STATUS: &str = "read-only cache: changes are not saved";

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
    /// Deletes articles older than `max_age` (from the later of published and first seen,
    /// see `retention::aged_from`) and beyond the newest `max_per_feed` of each feed.
    /// Starred articles are never deleted.
    Prune {
        now: UnixTime,
        max_age: Duration,
        max_per_feed: usize,
    },
    SaveUi(UiMemory),
    /// The reader set an article's topic by hand (`Some`), or took that back (`None`): the
    /// rules' topic then shows again. Kept apart from the rules' topic, so a re-fetch that
    /// re-classifies the article leaves the user's choice in place.
    SetTopic {
        id: ArticleId,
        topic: Option<Topic>,
    },
    /// The outcome of fetching an article's page (see `article`), replacing an earlier one.
    SaveFullText {
        id: ArticleId,
        full_text: FullText,
    },
    /// Read and starred marks from another reader (`import-newsboat`): set on the cached
    /// articles now, kept for the others until they are fetched (see `marks`).
    ImportMarks {
        marks: Vec<ImportedMark>,
    },
    /// Groups into stories every stored article not grouped yet (see `stories`): those a
    /// `refresh` stored, and a cache from before stories were stored.
    GroupStories,
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    /// A feed result: how many of its articles were not in the cache before, which, and
    /// whether the feed had no article in the cache before it (its first fetch).
    Stored {
        new_articles: usize,
        new_ids: Vec<ArticleId>,
        first_fetch: bool,
    },
    Pruned {
        removed: usize,
    },
    /// Imported marks: how many articles got theirs now, how many wait for their article.
    MarksImported {
        applied: usize,
        kept: usize,
    },
    /// Stories: how many articles were grouped.
    Grouped {
        articles: usize,
    },
    Done,
}

/// Who decided an article's topic.
///
/// `"model"` is reserved in the JSON output for a learned classifier; nothing emits it yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TopicSource {
    /// The topic rules of the config, applied when the article was fetched.
    #[default]
    Rules,
    /// The learned model, when the rules found no side (see `topics::model`).
    Model,
    /// The reader set it by hand in the dashboard.
    User,
}

impl TopicSource {
    /// Who chose the topic of `article`, given whether the reader corrected it.
    pub fn of(article: &crate::model::Article, corrected: bool) -> TopicSource {
        match (corrected, article.decided_by) {
            (true, _) => TopicSource::User,
            (false, crate::model::DecidedBy::Model) => TopicSource::Model,
            (false, crate::model::DecidedBy::Rules) => TopicSource::Rules,
        }
    }

    /// The machine name of `headlines --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            TopicSource::Rules => "rules",
            TopicSource::Model => "model",
            TopicSource::User => "user",
        }
    }
}

/// A topic the reader set by hand, with what the rules say of the same article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Correction {
    /// The reader's topic: the one shown, counted and filtered on.
    pub topic: Topic,
    /// What the rules said at the last fetch (choosing it again removes the correction).
    pub rules: Topic,
}

/// A corrected article with its text, for scoring the rules on the reader's labels.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrectedArticle {
    pub id: ArticleId,
    pub title: String,
    /// The stored body (HTML), empty when none was stored.
    pub body: String,
    pub link: Option<String>,
    pub correction: Correction,
}

/// A filter over the cache for `headlines`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeadlineQuery {
    /// The topic shown: the reader's where they set one, else the rules'.
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
    /// The story the writer grouped it into (its own id while it is not grouped yet).
    pub story: ClusterId,
}

/// Articles read from the cache for the dashboard, with the stories they were grouped into.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CachedArticles {
    pub articles: Vec<Article>,
    pub stories: StoryMap,
}

/// The articles, newest first: the stories are looked up by id.
impl std::ops::Deref for CachedArticles {
    type Target = [Article];
    fn deref(&self) -> &[Article] {
        &self.articles
    }
}

/// Articles each a story of its own.
impl From<Vec<Article>> for CachedArticles {
    fn from(articles: Vec<Article>) -> Self {
        CachedArticles {
            articles,
            stories: StoryMap::new(),
        }
    }
}

/// The result of opening the cache.
pub struct Opened {
    pub store: Store,
    /// A corrupt database found at start was moved here and a fresh one created.
    pub moved_aside: Option<PathBuf>,
    /// The cache could only be opened for reading (a read-only data directory or mount):
    /// reads work, writes are refused (see [`READ_ONLY_STATUS`]).
    pub read_only: bool,
}

/// Handle to the cache. Cheap to clone; every clone talks to the same writer thread.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    /// Reads are short and rare enough (start-up, a body on preview, a headless query)
    /// that one connection behind a lock serves them all.
    reader: Mutex<Connection>,
    /// A second reader, so the start-up load can use both cores.
    helper: Mutex<Connection>,
    /// Why the cache is read-only, when it is; then `writer` is `None`.
    read_only: Option<String>,
    /// How far the search index has caught up (the writer thread moves it on).
    index: Arc<search::backlog::Progress>,
    /// Declared last: it closes the last connection, after the readers (see `health`).
    writer: Option<writer::Writer>,
}

/// Opens (creating and migrating as needed) `data_dir/ainews.db`; a file that cannot be
/// written is opened read-only.
pub fn open(data_dir: &Path) -> Result<Opened, StoreError> {
    std::fs::create_dir_all(data_dir).map_err(|error| StoreError::Open {
        path: data_dir.to_owned(),
        message: format!("cannot create the data directory: {error}"),
    })?;
    let path = data_dir.join(DB_FILE);
    let connections = db::open(&path)?;
    assemble(path, connections)
}

/// Opens `data_dir/ainews.db` for reading only, as `open` does when the file refuses
/// writes: nothing is created, migrated or moved.
pub fn open_read_only(data_dir: &Path) -> Result<Opened, StoreError> {
    let path = data_dir.join(DB_FILE);
    let connections = db::open_read_only(&path, "opened for reading only")?;
    assemble(path, connections)
}

fn assemble(path: PathBuf, connections: db::Connections) -> Result<Opened, StoreError> {
    let index = search::backlog::Progress::new(connections.index_waiting);
    let writer = match connections.writer {
        Some(conn) => Some({
            writer::Writer::spawn(conn, path.clone(), Arc::clone(&index)).map_err(|error| {
                StoreError::Open {
                    path: path.clone(),
                    message: format!("cannot start the writer thread: {error}"),
                }
            })?
        }),
        None => None,
    };
    Ok(Opened {
        read_only: connections.read_only.is_some(),
        store: Store {
            inner: Arc::new(Inner {
                path,
                reader: Mutex::new(connections.reader),
                helper: Mutex::new(connections.helper),
                read_only: connections.read_only,
                index,
                writer,
            }),
        },
        moved_aside: connections.moved_aside,
    })
}

impl Store {
    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// True when the cache could only be opened for reading: every write is refused.
    pub fn is_read_only(&self) -> bool {
        self.inner.read_only.is_some()
    }

    /// Why the cache is read-only (SQLite's words), when it is.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.inner.read_only.as_deref()
    }

    /// Every cached article of these feeds, newest first, with empty bodies (bodies are
    /// loaded on demand); `Article::feed` is the FeedId of today's config.
    ///
    /// `Article::topic` is the rules' topic: the reader's topics come from
    /// `load_corrections`, so that the dashboard knows both (to show who set it, and to
    /// undo a correction).
    pub fn load_articles(&self, feeds: &[FeedKey]) -> Result<CachedArticles, StoreError> {
        let mut stories = StoryMap::new();
        let articles = self
            .load_rows(feeds, |article, story| (article, story))?
            .into_iter()
            .map(|(article, story)| {
                if story.0 != article.id {
                    stories.insert(article.id, story);
                }
                article
            })
            .collect();
        Ok(CachedArticles { articles, stories })
    }

    /// As `load_articles`, each article built into what the caller keeps (with its story)
    /// as it is read, on the reading threads: a dashboard's rows are made without a
    /// second list of 100,000 articles, and on both cores.
    pub fn load_rows<T: Send>(
        &self,
        feeds: &[FeedKey],
        build: impl Fn(Article, ClusterId) -> T + Sync,
    ) -> Result<Vec<T>, StoreError> {
        queries::load_articles([&self.inner.reader, &self.inner.helper], feeds, &build)
            .map_err(self.read_error("loading articles"))
    }

    /// The newest `limit` articles of these feeds, like the head of `load_articles` but in
    /// well under a millisecond whatever the cache size: paint the first screen with it and
    /// call `load_articles` off the UI thread for the rest.
    pub fn load_newest(
        &self,
        feeds: &[FeedKey],
        limit: usize,
    ) -> Result<CachedArticles, StoreError> {
        queries::load_newest(&self.reader(), feeds, limit)
            .map_err(self.read_error("loading articles"))
    }

    /// The stored body of one article.
    pub fn load_body(&self, id: ArticleId) -> Result<Option<String>, StoreError> {
        queries::load_body(&self.reader(), id).map_err(self.read_error("loading an article"))
    }

    /// What is remembered of these feeds, by FeedId.
    pub fn load_feeds(&self, feeds: &[FeedKey]) -> Result<HashMap<FeedId, FeedRecord>, StoreError> {
        queries::load_feeds(&self.reader(), feeds).map_err(self.read_error("loading feeds"))
    }

    /// The topics the reader set by hand, by article, with what the rules say.
    pub fn load_corrections(&self) -> Result<HashMap<ArticleId, Correction>, StoreError> {
        queries::load_corrections(&self.reader()).map_err(self.read_error("loading corrections"))
    }

    /// Every article whose topic the reader set, newest first, with its title and body.
    pub fn corrected_articles(&self) -> Result<Vec<CorrectedArticle>, StoreError> {
        queries::corrected_articles(&self.reader())
            .map_err(self.read_error("loading corrected articles"))
    }

    /// The reader's corrections as lessons for the topic model: each corrected title with
    /// the reader's topic.
    pub fn lessons(&self) -> Result<Vec<(ArticleId, crate::model::Lesson)>, StoreError> {
        Ok(self
            .corrected_articles()?
            .into_iter()
            .map(|corrected| {
                let lesson = crate::model::Lesson {
                    title: corrected.title,
                    topic: corrected.correction.topic,
                };
                (corrected.id, lesson)
            })
            .collect())
    }

    pub fn load_ui(&self) -> Result<UiMemory, StoreError> {
        queries::load_ui(&self.reader()).map_err(self.read_error("loading the saved view"))
    }

    /// Articles matching `query`, newest first, over every feed in the cache.
    ///
    /// Bodies are empty and `Article::feed` is [`HEADLINES_FEED`]; the feed is named by
    /// `feed_url` and `feed_name`. `Article::topic` is the reader's topic where they set
    /// one (see `load_corrections`), else the rules'.
    pub fn headlines(&self, query: &HeadlineQuery) -> Result<Vec<StoredArticle>, StoreError> {
        queries::headlines(&self.reader(), query).map_err(self.read_error("searching headlines"))
    }

    /// Full-text search: articles whose title or text match `query.search` (words must all
    /// match, "quoted phrases" as written; Chinese anywhere), under the other filters,
    /// best match first, then newest, each with a snippet.
    pub fn search(&self, query: &HeadlineQuery) -> Result<Vec<SearchHit>, StoreError> {
        search::search(&self.reader(), query).map_err(self.read_error("searching the full text"))
    }

    /// How far the search index is from holding every article, while it is not (after a
    /// migration; the writer thread indexes them between other writes). Until then
    /// `search` finds only the articles indexed so far. Cheap: read it on every tick.
    pub fn index_progress(&self) -> Option<IndexProgress> {
        self.inner.index.get()
    }

    /// Waits until the search index holds every article (at once on a read-only cache,
    /// which nobody indexes); an error when the catching up failed (it resumes at the next
    /// open).
    pub fn wait_for_index(&self) -> Result<(), StoreError> {
        match &self.inner.writer {
            Some(writer) => writer.wait_for_index(),
            None => Ok(()),
        }
    }

    /// Queues a write and returns at once; a failure goes to the error sink. A read-only
    /// cache drops it: the UI says once that changes are not saved.
    pub fn send(&self, op: WriteOp) {
        match &self.inner.writer {
            Some(writer) => writer.send(op),
            None => tracing::debug!("read-only cache: a write was not saved"),
        }
    }

    /// Performs a write and waits for its outcome (headless commands).
    pub fn write(&self, op: WriteOp) -> Result<WriteOutcome, StoreError> {
        match &self.inner.writer {
            Some(writer) => writer.write(op),
            None => Err(self.read_only_error()),
        }
    }

    /// Queues a write and returns at once; its outcome comes later. Writes queued together
    /// share one transaction, so a caller with many keeps a few in flight.
    pub fn submit(&self, op: WriteOp) -> PendingWrite {
        match &self.inner.writer {
            Some(writer) => writer.submit(op),
            None => PendingWrite::done(Err(self.read_only_error())),
        }
    }

    /// Where failures of `send` are reported (the UI shows them in the status line).
    ///
    /// The sink runs on the writer thread: keep it short (send a message, set a flag).
    pub fn set_error_sink(&self, sink: Box<dyn Fn(StoreError) + Send + Sync>) {
        if let Some(writer) = &self.inner.writer {
            writer.set_error_sink(sink);
        }
    }

    /// Where the stories of newly stored articles are told: each new article that joined
    /// another article's story, with that story, once its write is committed. From then
    /// on the writer groups each new article as it stores it; without a sink (`refresh`)
    /// it leaves them to the next `GroupStories` (see `group_stories`).
    ///
    /// The sink runs on the writer thread: keep it short (send a message).
    pub fn set_story_sink(&self, sink: writer::StorySink) {
        if let Some(writer) = &self.inner.writer {
            writer.set_story_sink(sink);
        }
    }

    /// Groups the articles stored without a story and waits for it; how many it grouped. A
    /// read-only cache groups nothing: its ungrouped articles read as stories of their own.
    pub fn group_stories(&self) -> Result<usize, StoreError> {
        if self.inner.writer.is_none() {
            return Ok(0);
        }
        match self.write(WriteOp::GroupStories)? {
            WriteOutcome::Grouped { articles } => Ok(articles),
            _ => Ok(0),
        }
    }

    /// Waits until every queued write is done. Read marks and stars that failed earlier are
    /// tried again first; an error says how many are still not saved.
    pub fn flush(&self) -> Result<(), StoreError> {
        match &self.inner.writer {
            Some(writer) => writer.flush(),
            None => Ok(()),
        }
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        queries::lock(&self.inner.reader)
    }

    fn read_only_error(&self) -> StoreError {
        StoreError::ReadOnly {
            path: self.inner.path.clone(),
            reason: self.inner.read_only.clone().unwrap_or_default(),
        }
    }

    /// A failed read; damage also marks the file so that the next open moves it aside.
    fn read_error(&self, what: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |error| {
            if !db::is_corrupt(&error) {
                return StoreError::Read(format!("{what}: {}", describe(&error)));
            }
            let path = self.inner.path.clone();
            let message = format!("{what}: {error}");
            tracing::error!(path = %path.display(), %message, "cache database is damaged");
            if self.is_read_only() {
                StoreError::DamagedReadOnly { path, message }
            } else {
                health::mark_damaged(&path);
                StoreError::Damaged { path, message }
            }
        }
    }
}

/// SQLite's message, with what to do for the failures a user can fix.
pub(crate) fn describe(error: &rusqlite::Error) -> String {
    let advice = match error.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => "; free some disk space (what is stored is kept)",
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
            "; check that the data directory is writable (what is stored is kept)"
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "; another program holds the database, try again later"
        }
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            "; the cache is damaged: move it out of the data directory"
        }
        _ => "",
    };
    format!("{error}{advice}")
}

#[cfg(test)]
mod tests;
