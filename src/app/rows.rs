//! Rows of the headline list, built from articles: the search key, the watchlist hits and
//! the story of each (grouped by the cache's writer). One at a time as feeds arrive, or all
//! at once for the cache, which runs off the UI thread so that a large cache never freezes
//! the screen.

use std::collections::HashMap;
use std::fmt;

use crate::model::{Article, ArticleId};
use crate::store::{CachedArticles, FeedKey, Store, StoreError, StoryMap};
use crate::text::sanitize;
use crate::topics::cluster::ClusterId;
use crate::topics::watch::Watchlist;

/// One article plus the precomputed keys that filters and search work on.
#[derive(Debug, Clone)]
pub struct Row {
    pub article: Article,
    /// Title and source, normalized (`query::search_key`): searched on every keystroke,
    /// plain or by query.
    pub search_key: String,
    /// The story this article belongs to (articles of several feeds about one event).
    pub story: ClusterId,
    /// Indexes of the watchlist terms it names (empty for most articles: no allocation).
    pub watch: Vec<u16>,
    /// A hide rule takes it out of sight (set by the list when rows change).
    pub hidden: bool,
}

/// The whole cache as rows, newest first, with the stories the cache grouped them into.
#[derive(Clone)]
pub struct CachedRows {
    pub rows: Vec<Row>,
    pub positions: HashMap<ArticleId, usize>,
}

impl CachedRows {
    /// Rows for the cached articles, named with `feed_names` (indexed by feed id).
    pub fn build(
        cached: impl Into<CachedArticles>,
        feed_names: &[String],
        watchlist: Option<&Watchlist>,
    ) -> CachedRows {
        let CachedArticles { articles, stories } = cached.into();
        let mut rows: Vec<Row> = articles
            .into_iter()
            .map(|article| {
                let story = story_of(&stories, article.id);
                cached_row(article, story, feed_names, watchlist)
            })
            .collect();
        // The cache reads newest first already; this only checks it.
        if !rows.is_sorted_by(|a, b| newest_first(a, b).is_le()) {
            sort_newest_first(&mut rows);
        }
        let positions = positions_of(&rows);
        CachedRows { rows, positions }
    }

    /// The whole cache as rows, built on the reading threads as the articles are read
    /// (see `Store::load_rows`).
    pub fn load(
        store: &Store,
        feeds: &[FeedKey],
        feed_names: &[String],
        watchlist: Option<&Watchlist>,
    ) -> Result<CachedRows, StoreError> {
        let rows = store.load_rows(feeds, |article, story| {
            cached_row(article, story, feed_names, watchlist)
        })?;
        let positions = positions_of(&rows);
        Ok(CachedRows { rows, positions })
    }
}

/// The row of a cached article, named with `feed_names` (indexed by feed id).
fn cached_row(
    article: Article,
    story: ClusterId,
    feed_names: &[String],
    watchlist: Option<&Watchlist>,
) -> Row {
    let name = feed_names
        .get(article.feed.0 as usize)
        .map_or("?", String::as_str);
    new_row(article, name, watchlist, story)
}

/// The story of article `id`: the one `stories` names, else a story of its own.
pub fn story_of(stories: &StoryMap, id: ArticleId) -> ClusterId {
    stories.get(&id).copied().unwrap_or(ClusterId(id))
}

/// Two loads are the same when their rows are: the stories follow from the rows.
impl PartialEq for CachedRows {
    fn eq(&self, other: &Self) -> bool {
        self.rows.len() == other.rows.len()
            && self
                .rows
                .iter()
                .zip(&other.rows)
                .all(|(a, b)| a.article == b.article && a.story == b.story)
    }
}

impl fmt::Debug for CachedRows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CachedRows({} rows)", self.rows.len())
    }
}

pub fn new_row(
    article: Article,
    feed_name: &str,
    watchlist: Option<&Watchlist>,
    story: ClusterId,
) -> Row {
    Row {
        search_key: search_key(feed_name, &article),
        watch: watch_hits(watchlist, &article),
        article,
        story,
        hidden: false,
    }
}

/// Newest first; ties by id, so the order is the same on every start.
pub fn newest_first(a: &Row, b: &Row) -> std::cmp::Ordering {
    b.article
        .when()
        .cmp(&a.article.when())
        .then(a.article.id.cmp(&b.article.id))
}

pub fn sort_newest_first(rows: &mut [Row]) {
    rows.sort_by(newest_first);
}

pub fn positions_of(rows: &[Row]) -> HashMap<ArticleId, usize> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| (r.article.id, i))
        .collect()
}

/// The watchlist terms an article names, looked for once when it arrives.
fn watch_hits(watchlist: Option<&Watchlist>, article: &Article) -> Vec<u16> {
    let Some(watchlist) = watchlist.filter(|w| !w.is_empty()) else {
        return Vec::new();
    };
    let body = sanitize::strip_tags(&article.body);
    watchlist
        .matches(&article.title, &body)
        .into_iter()
        .map(|i| i as u16)
        .collect()
}

fn search_key(feed_name: &str, article: &Article) -> String {
    crate::query::search_key(&article.title, feed_name)
}

/// A row as a query sees it, with whether its full article is stored.
pub struct QueryRow<'a> {
    pub row: &'a Row,
    pub has_full_text: bool,
}

impl crate::query::Subject for QueryRow<'_> {
    fn search_key(&self) -> &str {
        &self.row.search_key
    }
    /// Rows carry no body: words match the title and the source.
    fn text_key(&self) -> Option<&str> {
        None
    }
    fn feed(&self) -> crate::model::FeedId {
        self.row.article.feed
    }
    fn topic(&self) -> crate::model::Topic {
        self.row.article.topic
    }
    fn read(&self) -> bool {
        self.row.article.read
    }
    fn starred(&self) -> bool {
        self.row.article.starred
    }
    fn when(&self) -> crate::model::UnixTime {
        self.row.article.when()
    }
    fn watch_hits(&self) -> &[u16] {
        &self.row.watch
    }
    fn has_full_text(&self) -> bool {
        self.has_full_text
    }
}
