//! Reads on the read connection: the start-up load, bodies on demand, feed memory, the
//! saved view and the `headlines` query.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::codec::{self, TermsDecoder, ui_keys};
use super::order::{Newest, SortKey, newest_first};
use super::stories::{self, StoryMap};
use super::{
    CachedArticles, CorrectedArticle, Correction, FeedKey, FeedRecord, HEADLINES_FEED,
    HeadlineQuery, StoredArticle, UiMemory,
};
use crate::feed_report::{FeedMemory, Validators};
use crate::model::{Article, ArticleId, DecidedBy, FeedId, Topic};
use crate::topics::cluster::ClusterId;

/// The article columns every list query selects, in the order `article_from_row` reads.
const ARTICLE_COLUMNS: &str = "a.id, a.feed_url, a.guid, a.link, a.title, a.published, \
     a.first_seen, a.topic, a.terms, a.read, a.starred, a.decided_by, a.story";

/// As `ARTICLE_COLUMNS` with the topic shown: the reader's where they set one (the
/// `topic_corrections` row joined as `c`), else the rules'.
pub(super) const SHOWN_ARTICLE_COLUMNS: &str = "a.id, a.feed_url, a.guid, a.link, a.title, a.published, \
     a.first_seen, coalesce(c.topic, a.topic), a.terms, a.read, a.starred, a.decided_by, a.story";

/// How many columns `ARTICLE_COLUMNS` and `SHOWN_ARTICLE_COLUMNS` are: a query selecting
/// more after them finds its own from here.
pub(super) const ARTICLE_COLUMN_COUNT: usize = 13;

/// The story of the article in `row` (selected with the article columns).
pub(super) fn story_from_row(row: &Row<'_>) -> rusqlite::Result<ClusterId> {
    Ok(stories::story_from_sql(
        codec::id_from_sql(row.get(0)?),
        row.get(ARTICLE_COLUMN_COUNT - 1)?,
    ))
}

/// Adds the story of the article in `row` to `stories` when it is not the article's own.
fn note_story(row: &Row<'_>, stories: &mut StoryMap) -> rusqlite::Result<()> {
    let story = story_from_row(row)?;
    let id = codec::id_from_sql(row.get(0)?);
    if story.0 != id {
        stories.insert(id, story);
    }
    Ok(())
}

/// The join that gives `SHOWN_ARTICLE_COLUMNS` its `c`.
const WITH_CORRECTIONS: &str = "articles a LEFT JOIN topic_corrections c ON c.id = a.id";

/// Newest first; the id makes the order total so equal times never shuffle between runs.
/// `SortKey` is the same order in Rust.
const NEWEST_FIRST: &str = "ORDER BY coalesce(a.published, a.first_seen) DESC, a.id";

/// The key of a row, read before deciding to build its article.
fn sort_key(row: &Row<'_>) -> rusqlite::Result<SortKey> {
    let published: Option<i64> = row.get(5)?;
    let when = match published {
        Some(published) => published,
        None => row.get(6)?,
    };
    Ok((Reverse(when), row.get(0)?))
}

/// Below this many cached articles one thread reads them all; above, two threads each
/// read half, as the 100 ms start-up budget needs both cores at 100,000.
const SPLIT_SCAN_AT: i64 = 20_000;

/// Reads the table in storage order and sorts in memory: walking the time index instead
/// visits the rows in random order, which measured ten times slower on 100,000 articles.
///
/// Large caches are read in two halves at once, split by the sign of the id (ids are
/// hashes, so the halves are even). Each half is its own read transaction: a write landing
/// between them can show one half newer than the other, never an article twice.
pub(crate) fn load_articles<T: Send>(
    readers: [&Mutex<Connection>; 2],
    feeds: &[FeedKey],
    build: &(impl Fn(Article, ClusterId) -> T + Sync),
) -> rusqlite::Result<Vec<T>> {
    let by_url: HashMap<&str, FeedId> = feeds.iter().map(|f| (f.url.as_str(), f.id)).collect();
    let count: i64 = lock(readers[0])
        .prepare_cached("SELECT count(*) FROM articles")?
        .query_row([], |row| row.get(0))?;
    let count = usize::try_from(count).unwrap_or(0);
    // Sized once for the whole cache: growing a 100,000-entry vector step by step costs
    // more than counting, and its pages are touched only as rows fill them.
    let mut keys = Vec::with_capacity(count);
    let mut items = Vec::with_capacity(count);
    let mut keep = |key, item| {
        keys.push(key);
        items.push(item);
    };
    if count < SPLIT_SCAN_AT as usize {
        scan_articles(
            &lock(readers[0]),
            &by_url,
            i64::MIN..=i64::MAX,
            build,
            &mut keep,
        )?;
    } else {
        // The other half comes in chunks, each moved into place and freed in turn: one
        // vector of it, joined at the end, holds half the rows twice unless `realloc`
        // happens to move its pages rather than copy them.
        let theirs = std::thread::scope(|scope| {
            let other = scope.spawn(|| {
                let mut chunks = Chunks::default();
                scan_articles(
                    &lock(readers[1]),
                    &by_url,
                    0..=i64::MAX,
                    build,
                    &mut |k, t| chunks.push(k, t),
                )
                .map(|()| chunks.0)
            });
            let mine = scan_articles(&lock(readers[0]), &by_url, i64::MIN..=-1, build, &mut keep);
            let theirs = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            mine.and(theirs)
        })?;
        for (chunk_keys, chunk_items) in theirs {
            keys.extend(chunk_keys);
            items.extend(chunk_items);
        }
    }
    Ok(newest_first(keys, items))
}

/// Rows read in chunks of `CHUNK_ROWS`, with their keys.
struct Chunks<T>(Vec<(Vec<SortKey>, Vec<T>)>);

const CHUNK_ROWS: usize = 4096;

impl<T> Default for Chunks<T> {
    fn default() -> Self {
        Chunks(Vec::new())
    }
}

impl<T> Chunks<T> {
    fn push(&mut self, key: SortKey, item: T) {
        let full = self
            .0
            .last()
            .is_none_or(|(keys, _)| keys.len() == CHUNK_ROWS);
        if full {
            let chunk = (
                Vec::with_capacity(CHUNK_ROWS),
                Vec::with_capacity(CHUNK_ROWS),
            );
            self.0.push(chunk);
        }
        if let Some((keys, items)) = self.0.last_mut() {
            keys.push(key);
            items.push(item);
        }
    }
}

/// The newest `limit` articles of these feeds, for painting the first screen before
/// `load_articles` finishes: the time index yields them in order and the walk stops early.
pub(crate) fn load_newest(
    conn: &Connection,
    feeds: &[FeedKey],
    limit: usize,
) -> rusqlite::Result<CachedArticles> {
    let by_url: HashMap<&str, FeedId> = feeds.iter().map(|f| (f.url.as_str(), f.id)).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles a {NEWEST_FIRST}"
    ))?;
    let mut rows = stmt.query([])?;
    let mut articles = Vec::with_capacity(limit.min(4096));
    let mut stories = StoryMap::new();
    let mut terms = TermsDecoder::default();
    while articles.len() < limit {
        let Some(row) = rows.next()? else { break };
        if let Some(&feed) = by_url.get(row.get_ref(1)?.as_str()?) {
            articles.push(indexed_article_from_row(row, feed, &mut terms)?);
            note_story(row, &mut stories)?;
        }
    }
    Ok(CachedArticles { articles, stories })
}

/// The articles of configured feeds with ids in `ids`, in storage order, each built into
/// what the caller keeps (with its story) as it is read and given to `keep` with its key.
fn scan_articles<T>(
    conn: &Connection,
    by_url: &HashMap<&str, FeedId>,
    ids: RangeInclusive<i64>,
    build: &impl Fn(Article, ClusterId) -> T,
    keep: &mut impl FnMut(SortKey, T),
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id BETWEEN ?1 AND ?2"
    ))?;
    let mut rows = stmt.query([ids.start(), ids.end()])?;
    let mut terms = TermsDecoder::default();
    while let Some(row) = rows.next()? {
        // Articles of feeds no longer configured stay cached (the feed may come back) but
        // are not shown; looking the URL up borrowed avoids a copy per row.
        let Some(&feed) = by_url.get(row.get_ref(1)?.as_str()?) else {
            continue;
        };
        let key = sort_key(row)?;
        let story = story_from_row(row)?;
        let article = indexed_article_from_row(row, feed, &mut terms)?;
        keep(key, build(article, story));
    }
    Ok(())
}

pub(crate) fn lock(reader: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // The connection holds no invariant a panicking reader could break.
    reader.lock().unwrap_or_else(|poison| poison.into_inner())
}

pub(super) fn article_from_row(
    row: &Row<'_>,
    feed: FeedId,
    terms: &mut TermsDecoder,
) -> rusqlite::Result<Article> {
    let mut article = indexed_article_from_row(row, feed, terms)?;
    article.guid = row.get(2)?;
    Ok(article)
}

/// An article for the dashboard's index, without its guid: the guid only derives the id
/// at ingest and nothing shown reads it, so 100,000 rows do not each hold a copy.
fn indexed_article_from_row(
    row: &Row<'_>,
    feed: FeedId,
    terms: &mut TermsDecoder,
) -> rusqlite::Result<Article> {
    Ok(Article {
        id: codec::id_from_sql(row.get(0)?),
        feed,
        guid: None,
        link: row.get(3)?,
        title: row.get(4)?,
        body: String::new(),
        published: row.get(5)?,
        first_seen: row.get(6)?,
        topic: codec::topic_from_sql(row.get_ref(7)?.as_str()?),
        decided_by: DecidedBy::from_str_lossy(row.get_ref(11)?.as_str()?),
        terms: terms.decode(row.get_ref(8)?.as_str()?),
        read: row.get(9)?,
        starred: row.get(10)?,
        enclosures: Vec::new(),
    })
}

pub(crate) fn load_body(conn: &Connection, id: ArticleId) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT body FROM article_bodies WHERE id = ?1")?
        .query_row([codec::id_to_sql(id)], |row| {
            row.get_ref(0)
                .and_then(|value| codec::decode_body(value).map_err(|e| e.into()))
        })
        .optional()
}

pub(crate) fn load_feeds(
    conn: &Connection,
    feeds: &[FeedKey],
) -> rusqlite::Result<HashMap<FeedId, FeedRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, etag, last_modified, moved_to, last_success, last_attempt, last_error
         FROM feeds WHERE url = ?1",
    )?;
    let mut records = HashMap::new();
    for key in feeds {
        let record = stmt
            .query_row([&key.url], |row| {
                Ok(FeedRecord {
                    name: row.get(0)?,
                    memory: FeedMemory {
                        validators: Validators {
                            etag: row.get(1)?,
                            last_modified: row.get(2)?,
                        },
                        moved_to: row.get(3)?,
                    },
                    last_success: row.get(4)?,
                    last_attempt: row.get(5)?,
                    last_error: row.get(6)?,
                })
            })
            .optional()?;
        if let Some(record) = record {
            records.insert(key.id, record);
        }
    }
    Ok(records)
}

/// The saved view; a value that does not parse (an older build's, a hand edit) is ignored.
pub(crate) fn load_ui(conn: &Connection) -> rusqlite::Result<UiMemory> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM ui")?;
    let mut rows = stmt.query([])?;
    let mut memory = UiMemory::default();
    while let Some(row) = rows.next()? {
        let key = row.get_ref(0)?.as_str()?;
        let value = row.get_ref(1)?.as_str()?;
        match key {
            ui_keys::TOPIC => memory.topic = Topic::parse(value),
            ui_keys::UNREAD_ONLY => memory.unread_only = value == "1",
            ui_keys::STARRED_ONLY => memory.starred_only = value == "1",
            ui_keys::SELECTED => {
                memory.selected = u64::from_str_radix(value, 16).ok().map(ArticleId);
            }
            _ => {}
        }
    }
    Ok(memory)
}

pub(crate) fn headlines(
    conn: &Connection,
    query: &HeadlineQuery,
) -> rusqlite::Result<Vec<StoredArticle>> {
    let search = query.search.as_deref().filter(|s| !s.is_empty());
    let filtered = query.topic.is_some()
        || query.unread_only
        || query.starred_only
        || query.since.is_some()
        || search.is_some();
    let names = feed_names(conn)?;
    let named = |article: Article, feed_url: &str, story: ClusterId| StoredArticle {
        feed_name: names.get(feed_url).cloned().flatten(),
        feed_url: feed_url.to_owned(),
        article,
        story,
    };
    let mut terms = TermsDecoder::default();
    match query.limit {
        // The newest N of everything: the time index yields them in order and stops.
        Some(limit) if !filtered => {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {SHOWN_ARTICLE_COLUMNS} FROM {WITH_CORRECTIONS} {NEWEST_FIRST} LIMIT ?1"
            ))?;
            let mut rows = stmt.query([i64::try_from(limit).unwrap_or(i64::MAX)])?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                let url = row.get_ref(1)?.as_str()?;
                let story = story_from_row(row)?;
                found.push(named(
                    article_from_row(row, HEADLINES_FEED, &mut terms)?,
                    url,
                    story,
                ));
            }
            Ok(found)
        }
        // Filters can reject most rows, and walking the index would then visit nearly all
        // of them in random order: scan instead and keep the newest `limit` matches.
        limit => {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {SHOWN_ARTICLE_COLUMNS} FROM {WITH_CORRECTIONS}
                 WHERE (?1 IS NULL OR coalesce(c.topic, a.topic) = ?1)
                   AND (?2 = 0 OR a.read = 0)
                   AND (?3 = 0 OR a.starred = 1)
                   AND (?4 IS NULL OR coalesce(a.published, a.first_seen) >= ?4)
                   AND (?5 IS NULL OR instr(lower(a.title), lower(?5)) > 0)"
            ))?;
            let mut rows = stmt.query(params![
                query.topic.map(Topic::as_str),
                query.unread_only,
                query.starred_only,
                query.since,
                search,
            ])?;
            let mut newest = Newest::new(limit);
            while let Some(row) = rows.next()? {
                let key = sort_key(row)?;
                if newest.admits(key) {
                    let url = row.get_ref(1)?.as_str()?;
                    let story = story_from_row(row)?;
                    let article = article_from_row(row, HEADLINES_FEED, &mut terms)?;
                    newest.push(key, named(article, url, story));
                }
            }
            Ok(newest.into_sorted())
        }
    }
}

/// The reader's topics by article, with the rules' topic of each (a few rows: set by hand).
pub(crate) fn load_corrections(
    conn: &Connection,
) -> rusqlite::Result<HashMap<ArticleId, Correction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.topic, a.topic FROM topic_corrections c JOIN articles a ON a.id = c.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut corrections = HashMap::new();
    while let Some(row) = rows.next()? {
        corrections.insert(
            codec::id_from_sql(row.get(0)?),
            Correction {
                topic: codec::topic_from_sql(row.get_ref(1)?.as_str()?),
                rules: codec::topic_from_sql(row.get_ref(2)?.as_str()?),
            },
        );
    }
    Ok(corrections)
}

/// The corrected articles with their text, newest first (the id breaks ties, so the order
/// is the same on every run).
pub(crate) fn corrected_articles(conn: &Connection) -> rusqlite::Result<Vec<CorrectedArticle>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.title, b.body, a.link, c.topic, a.topic, c.id
         FROM topic_corrections c
         JOIN articles a ON a.id = c.id
         LEFT JOIN article_bodies b ON b.id = c.id
         ORDER BY coalesce(a.published, a.first_seen) DESC, a.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        let body = match row.get_ref(1)? {
            rusqlite::types::ValueRef::Null => String::new(),
            value => codec::decode_body(value).map_err(rusqlite::Error::from)?,
        };
        found.push(CorrectedArticle {
            id: codec::id_from_sql(row.get(5)?),
            title: row.get(0)?,
            body,
            link: row.get(2)?,
            correction: Correction {
                topic: codec::topic_from_sql(row.get_ref(3)?.as_str()?),
                rules: codec::topic_from_sql(row.get_ref(4)?.as_str()?),
            },
        });
    }
    Ok(found)
}

/// Remembered feed names by URL (a few dozen rows), so the article scan needs no join.
pub(super) fn feed_names(conn: &Connection) -> rusqlite::Result<HashMap<String, Option<String>>> {
    let mut stmt = conn.prepare_cached("SELECT url, name FROM feeds")?;
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect()
}
