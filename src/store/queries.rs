//! Reads on the read connection: the start-up load, bodies on demand, feed memory, the
//! saved view and the `headlines` query.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::codec::{self, ui_keys};
use super::{FeedKey, FeedRecord, HEADLINES_FEED, HeadlineQuery, StoredArticle, UiMemory};
use crate::ingest::fetch::Validators;
use crate::ingest::poller::FeedMemory;
use crate::model::{Article, ArticleId, FeedId, Topic};

/// The article columns every list query selects, in the order `article_from_row` reads.
const ARTICLE_COLUMNS: &str = "a.id, a.feed_url, a.guid, a.link, a.title, a.published, a.first_seen, a.topic, a.terms, \
     a.read, a.starred";

/// Newest first; the id makes the order total so equal times never shuffle between runs.
const NEWEST_FIRST: &str = "ORDER BY coalesce(a.published, a.first_seen) DESC, a.id";

pub(crate) fn load_articles(
    conn: &Connection,
    feeds: &[FeedKey],
) -> rusqlite::Result<Vec<Article>> {
    let by_url: HashMap<&str, FeedId> = feeds.iter().map(|f| (f.url.as_str(), f.id)).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles a {NEWEST_FIRST}"
    ))?;
    let mut rows = stmt.query([])?;
    let mut articles = Vec::new();
    while let Some(row) = rows.next()? {
        // Articles of feeds no longer configured stay cached (the feed may come back) but
        // are not shown; looking the URL up borrowed avoids a copy per row.
        let Some(&feed) = by_url.get(row.get_ref(1)?.as_str()?) else {
            continue;
        };
        articles.push(article_from_row(row, feed)?);
    }
    Ok(articles)
}

fn article_from_row(row: &Row<'_>, feed: FeedId) -> rusqlite::Result<Article> {
    Ok(Article {
        id: codec::id_from_sql(row.get(0)?),
        feed,
        guid: row.get(2)?,
        link: row.get(3)?,
        title: row.get(4)?,
        body: String::new(),
        published: row.get(5)?,
        first_seen: row.get(6)?,
        topic: codec::topic_from_sql(row.get_ref(7)?.as_str()?),
        terms: codec::decode_terms(row.get_ref(8)?.as_str()?),
        read: row.get(9)?,
        starred: row.get(10)?,
    })
}

pub(crate) fn load_body(conn: &Connection, id: ArticleId) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT body FROM article_bodies WHERE id = ?1")?
        .query_row([codec::id_to_sql(id)], |row| row.get(0))
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
    // One fixed statement with optional filters keeps it prepared once; SQLite skips the
    // disabled conditions cheaply. Search folds ASCII case on both sides (SQLite's lower()).
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ARTICLE_COLUMNS}, f.name
         FROM articles a LEFT JOIN feeds f ON f.url = a.feed_url
         WHERE (?1 IS NULL OR a.topic = ?1)
           AND (?2 = 0 OR a.read = 0)
           AND (?3 = 0 OR a.starred = 1)
           AND (?4 IS NULL OR coalesce(a.published, a.first_seen) >= ?4)
           AND (?5 IS NULL OR instr(lower(a.title), lower(?5)) > 0)
         {NEWEST_FIRST}
         LIMIT ?6"
    ))?;
    let search = query.search.as_deref().filter(|s| !s.is_empty());
    // SQLite reads a negative LIMIT as "no limit".
    let limit = query
        .limit
        .map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let mut rows = stmt.query(params![
        query.topic.map(Topic::as_str),
        query.unread_only,
        query.starred_only,
        query.since,
        search,
        limit,
    ])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        found.push(StoredArticle {
            article: article_from_row(row, HEADLINES_FEED)?,
            feed_url: row.get(1)?,
            feed_name: row.get(11)?,
        });
    }
    Ok(found)
}
