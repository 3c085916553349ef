//! Full-text search over every cached article: an FTS5 index of each article's title and
//! feed text, kept exact inside the writer's transactions (indexed on insert and edit,
//! forgotten by a trigger on delete), ranked by relevance (bm25) then date.
//!
//! The index is contentless: it holds the words, not a second copy of the text (bodies
//! are stored compressed once, in `article_bodies`), so snippets are made in Rust from the
//! stored body of each result (`snippet`). Chinese is searchable through `tokens`, which
//! cuts CJK runs into two-character pairs before unicode61 sees them.

mod query;
mod snippet;
mod tokens;

use rusqlite::{Connection, Row, params};

use super::codec;
use super::queries::{SHOWN_ARTICLE_COLUMNS, article_from_row, feed_names};
use super::{HEADLINES_FEED, HeadlineQuery, StoredArticle};
use crate::model::{Article, Topic};
use crate::text::sanitize::strip_tags;

pub use snippet::{MATCH_END, MATCH_START};

/// Schema step: the index and the backlog of articles it does not hold yet.
///
/// Every article cached before this step goes into the backlog, which `catch_up` drains
/// on open (SQL alone cannot decompress a body or cut Chinese into pairs). A later source
/// of text (the extracted article) is one more step of the same shape: drop the table,
/// create it with a third column, and put every article back into the backlog.
pub(crate) const SEARCH_INDEX: &str = "
CREATE VIRTUAL TABLE article_search USING fts5(
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE article_search_backlog (id INTEGER PRIMARY KEY);
INSERT INTO article_search_backlog (id) SELECT id FROM articles;
CREATE TRIGGER article_search_forget AFTER DELETE ON articles BEGIN
    DELETE FROM article_search WHERE rowid = old.id;
    DELETE FROM article_search_backlog WHERE id = old.id;
END;
";

/// bm25 weights of the columns, in order: a word in the title counts as much as several
/// in the text.
const RANK: &str = "bm25(article_search, 4.0, 1.0)";

/// Adds an article that was not indexed (a new one).
pub(crate) fn index(conn: &Connection, article: &Article) -> rusqlite::Result<()> {
    insert(conn, codec::id_to_sql(article.id), &article.title, &article.body)
}

/// Re-indexes an article whose title or text changed.
pub(crate) fn reindex(conn: &Connection, article: &Article) -> rusqlite::Result<()> {
    let id = codec::id_to_sql(article.id);
    conn.prepare_cached("DELETE FROM article_search WHERE rowid = ?1")?
        .execute([id])?;
    insert(conn, id, &article.title, &article.body)
}

fn insert(conn: &Connection, id: i64, title: &str, body_html: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO article_search (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![
            id,
            tokens::index_text(title),
            tokens::index_text(&strip_tags(body_html))
        ])?;
    Ok(())
}

/// Articles indexed per transaction while catching up: small enough that a second
/// instance waiting for the lock is not kept long.
const CATCH_UP_BATCH: i64 = 1_000;

/// Indexes every article in the backlog (those cached before the index existed), one
/// batch per transaction. Returns how many were indexed.
pub(crate) fn catch_up(conn: &mut Connection) -> rusqlite::Result<usize> {
    let mut done = 0;
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let batch: Vec<(i64, String, String)> = {
            let mut stmt = tx.prepare_cached(
                "SELECT q.id, a.title, b.body FROM article_search_backlog q
                 JOIN articles a ON a.id = q.id
                 LEFT JOIN article_bodies b ON b.id = q.id
                 LIMIT ?1",
            )?;
            let mut rows = stmt.query([CATCH_UP_BATCH])?;
            let mut batch = Vec::new();
            while let Some(row) = rows.next()? {
                let body = match row.get_ref(2)? {
                    rusqlite::types::ValueRef::Null => String::new(),
                    value => codec::decode_body(value).map_err(rusqlite::Error::from)?,
                };
                batch.push((row.get(0)?, row.get(1)?, body));
            }
            batch
        };
        if batch.is_empty() {
            // Rows of articles deleted meanwhile are gone with them (the trigger).
            tx.execute("DELETE FROM article_search_backlog", [])?;
            tx.commit()?;
            if done > 0 {
                tracing::info!(articles = done, "search index caught up");
            }
            return Ok(done);
        }
        for (id, title, body) in &batch {
            tx.prepare_cached("DELETE FROM article_search WHERE rowid = ?1")?
                .execute([id])?;
            insert(&tx, *id, title, body)?;
            tx.prepare_cached("DELETE FROM article_search_backlog WHERE id = ?1")?
                .execute([id])?;
        }
        tx.commit()?;
        done += batch.len();
    }
}

/// One result of a full-text search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub stored: StoredArticle,
    /// The text around the first match, matches marked with [`MATCH_START`] and
    /// [`MATCH_END`]: from the article's text, else its title.
    pub snippet: String,
}

/// Articles whose title or text match `query.search` (see `query` for the syntax) and the
/// other filters, best match first, then newest; at most `query.limit`.
pub(crate) fn search(conn: &Connection, query: &HeadlineQuery) -> rusqlite::Result<Vec<SearchHit>> {
    let terms = query::parse(query.search.as_deref().unwrap_or(""));
    let Some(expression) = query::to_match(&terms) else {
        return Ok(Vec::new());
    };
    let names = feed_names(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SHOWN_ARTICLE_COLUMNS}, b.body
         FROM article_search s
         JOIN articles a ON a.id = s.rowid
         LEFT JOIN topic_corrections c ON c.id = a.id
         LEFT JOIN article_bodies b ON b.id = a.id
         WHERE article_search MATCH ?1
           AND (?2 IS NULL OR coalesce(c.topic, a.topic) = ?2)
           AND (?3 = 0 OR a.read = 0)
           AND (?4 = 0 OR a.starred = 1)
           AND (?5 IS NULL OR coalesce(a.published, a.first_seen) >= ?5)
         ORDER BY {RANK}, coalesce(a.published, a.first_seen) DESC, a.id
         LIMIT ?6"
    ))?;
    let limit = query
        .limit
        .map_or(i64::MAX, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
    let mut rows = stmt.query(params![
        expression,
        query.topic.map(Topic::as_str),
        query.unread_only,
        query.starred_only,
        query.since,
        limit,
    ])?;
    let words: Vec<String> = terms.into_iter().map(|term| term.text).collect();
    let mut hits = Vec::new();
    while let Some(row) = rows.next()? {
        let article = article_from_row(row, HEADLINES_FEED)?;
        let snippet = snippet_of(row, &article.title, &words)?;
        let feed_url: String = row.get(1)?;
        hits.push(SearchHit {
            stored: StoredArticle {
                feed_name: names.get(&feed_url).cloned().flatten(),
                feed_url,
                article,
            },
            snippet,
        });
    }
    Ok(hits)
}

/// The snippet from the body (column 12 of the row), else from the title, else the title.
fn snippet_of(row: &Row<'_>, title: &str, words: &[String]) -> rusqlite::Result<String> {
    let body = match row.get_ref(12)? {
        rusqlite::types::ValueRef::Null => String::new(),
        value => strip_tags(&codec::decode_body(value).map_err(rusqlite::Error::from)?),
    };
    Ok(snippet::snippet(&body, words)
        .or_else(|| snippet::snippet(title, words))
        .unwrap_or_else(|| title.to_owned()))
}
