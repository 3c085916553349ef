//! Full-text search over every cached article: an FTS5 index of each article's title and
//! feed text, kept exact inside the writer's transactions (indexed on insert and edit,
//! forgotten by a trigger on delete), ranked by relevance (bm25) then date.
//!
//! The index is contentless: it holds the words, not a second copy of the text (bodies
//! are stored compressed once, in `article_bodies`), so snippets are made in Rust from the
//! stored body of each result (`snippet`). It keeps each article's time beside its words,
//! so an unfiltered search ranks every match without reading a single article row. Chinese is searchable through `tokens`, which
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

/// Schema step: the index, its document numbers, and the backlog of articles it does not
/// hold yet.
///
/// The index numbers its documents itself (`article_search_docs`) instead of using the
/// article ids: those are hashes, spread over all 64 bits, and FTS5 stores each posting as
/// the distance from the previous rowid, which for hashes takes 7 to 9 bytes instead of
/// one or two (it made the index twice as large).
///
/// Every article cached before this step goes into the backlog, which `catch_up` drains
/// on open (SQL alone cannot decompress a body or cut Chinese into pairs). A later source
/// of text (the extracted article) is one more step of the same shape: drop the table,
/// create it with a third column, and put every article back into the backlog.
pub(crate) const SEARCH_INDEX: &str = "
CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, at UNINDEXED,
    content = '', contentless_delete = 1, contentless_unindexed = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE article_search_docs (
    doc INTEGER PRIMARY KEY,
    id  INTEGER NOT NULL UNIQUE
);
CREATE TABLE article_search_backlog (id INTEGER PRIMARY KEY);
INSERT INTO article_search_backlog (id) SELECT id FROM articles;
CREATE TRIGGER article_search_forget AFTER DELETE ON articles BEGIN
    DELETE FROM article_search
        WHERE rowid = (SELECT doc FROM article_search_docs WHERE id = old.id);
    DELETE FROM article_search_docs WHERE id = old.id;
    DELETE FROM article_search_backlog WHERE id = old.id;
END;
";

/// bm25 weights of the columns, in order: a word in the title counts as much as several
/// in the text (`at`, the article's time, holds no words).
const RANK: &str = "bm25(article_search, 4.0, 1.0, 0.0)";

/// Adds an article that was not indexed (a new one).
pub(crate) fn index(conn: &Connection, article: &Article) -> rusqlite::Result<()> {
    let id = codec::id_to_sql(article.id);
    insert(conn, id, article.when(), &article.title, &article.body)
}

/// Re-indexes an article whose title or text changed.
pub(crate) fn reindex(conn: &Connection, article: &Article) -> rusqlite::Result<()> {
    let id = codec::id_to_sql(article.id);
    forget(conn, id)?;
    insert(conn, id, article.when(), &article.title, &article.body)
}

/// Removes an article from the index (the trigger does it when the article is deleted).
fn forget(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "DELETE FROM article_search
         WHERE rowid = (SELECT doc FROM article_search_docs WHERE id = ?1)",
    )?
    .execute([id])?;
    conn.prepare_cached("DELETE FROM article_search_docs WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Indexes article `id`, whose time (published, else first seen) is `at`.
fn insert(
    conn: &Connection,
    id: i64,
    at: i64,
    title: &str,
    body_html: &str,
) -> rusqlite::Result<()> {
    // The next document number: one past the largest, so postings stay close together.
    let doc: i64 = conn
        .prepare_cached("INSERT INTO article_search_docs (id) VALUES (?1) RETURNING doc")?
        .query_row([id], |row| row.get(0))?;
    conn.prepare_cached(
        "INSERT INTO article_search (rowid, title, body, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        doc,
        tokens::index_text(title),
        tokens::index_text(&strip_tags(body_html)),
        at
    ])?;
    Ok(())
}

/// Articles indexed per transaction while catching up: small enough that a second
/// instance waiting for the lock is not kept long.
const CATCH_UP_BATCH: i64 = 1_000;

/// Indexes every article in the backlog (those cached before the index existed), one
/// batch per transaction. Returns how many were indexed.
pub(crate) fn catch_up(conn: &mut Connection) -> rusqlite::Result<usize> {
    // Most opens find nothing to do: they need not take the write lock for it.
    let pending: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM article_search_backlog)",
        [],
        |row| row.get(0),
    )?;
    if !pending {
        return Ok(0);
    }
    let mut done = 0;
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let batch: Vec<(i64, i64, String, String)> = {
            let mut stmt = tx.prepare_cached(
                "SELECT q.id, coalesce(a.published, a.first_seen), a.title, b.body
                 FROM article_search_backlog q
                 JOIN articles a ON a.id = q.id
                 LEFT JOIN article_bodies b ON b.id = q.id
                 LIMIT ?1",
            )?;
            let mut rows = stmt.query([CATCH_UP_BATCH])?;
            let mut batch = Vec::new();
            while let Some(row) = rows.next()? {
                let body = match row.get_ref(3)? {
                    rusqlite::types::ValueRef::Null => String::new(),
                    value => codec::decode_body(value).map_err(rusqlite::Error::from)?,
                };
                batch.push((row.get(0)?, row.get(1)?, row.get(2)?, body));
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
        for (id, at, title, body) in &batch {
            forget(&tx, *id)?;
            insert(&tx, *id, *at, title, body)?;
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

/// Ranks the matches of ?1 by relevance, then time, then document, and keeps the ids of
/// the best ?2: with no other filter the index alone ranks them.
const RANK_IN_INDEX: &str = "
SELECT d.id FROM (
    SELECT rowid AS doc, RANK AS score, at FROM article_search
    WHERE article_search MATCH ?1
    ORDER BY score, at DESC, doc LIMIT ?2
) r JOIN article_search_docs d ON d.doc = r.doc
ORDER BY r.score, r.at DESC, r.doc";

/// As `RANK_IN_INDEX`, each match joined to its article for the filters ?3 to ?6.
const RANK_FILTERED: &str = "
SELECT r.id FROM (
    SELECT a.id AS id, RANK AS score, s.at AS at, s.rowid AS doc
    FROM article_search s
    JOIN article_search_docs d ON d.doc = s.rowid
    JOIN articles a ON a.id = d.id
    LEFT JOIN topic_corrections c ON c.id = a.id
    WHERE article_search MATCH ?1
      AND (?3 IS NULL OR coalesce(c.topic, a.topic) = ?3)
      AND (?4 = 0 OR a.read = 0)
      AND (?5 = 0 OR a.starred = 1)
      AND (?6 IS NULL OR coalesce(a.published, a.first_seen) >= ?6)
    ORDER BY score, at DESC, doc LIMIT ?2
) r
ORDER BY r.score, r.at DESC, r.doc";

/// Articles whose title or text match `query.search` (see `query` for the syntax) and the
/// other filters, best match first, then newest; at most `query.limit`.
pub(crate) fn search(conn: &Connection, query: &HeadlineQuery) -> rusqlite::Result<Vec<SearchHit>> {
    let terms = query::parse(query.search.as_deref().unwrap_or(""));
    let Some(expression) = query::to_match(&terms) else {
        return Ok(Vec::new());
    };
    let limit = query
        .limit
        .map_or(i64::MAX, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
    let filtered =
        query.topic.is_some() || query.unread_only || query.starred_only || query.since.is_some();
    // Only the few results are read whole: ranking sorts small rows (score, time, id).
    let ids: Vec<i64> = if filtered {
        conn.prepare_cached(&RANK_FILTERED.replace("RANK", RANK))?
            .query_map(
                params![
                    expression,
                    limit,
                    query.topic.map(Topic::as_str),
                    query.unread_only,
                    query.starred_only,
                    query.since,
                ],
                |row| row.get(0),
            )?
            .collect::<Result<_, _>>()?
    } else {
        conn.prepare_cached(&RANK_IN_INDEX.replace("RANK", RANK))?
            .query_map(params![expression, limit], |row| row.get(0))?
            .collect::<Result<_, _>>()?
    };
    let names = feed_names(conn)?;
    let words: Vec<String> = terms.into_iter().map(|term| term.text).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SHOWN_ARTICLE_COLUMNS}, b.body
         FROM articles a
         LEFT JOIN topic_corrections c ON c.id = a.id
         LEFT JOIN article_bodies b ON b.id = a.id
         WHERE a.id = ?1"
    ))?;
    let mut hits = Vec::with_capacity(ids.len());
    for id in ids {
        let mut rows = stmt.query([id])?;
        let Some(row) = rows.next()? else { continue };
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
