//! Full-text search over every cached article: an FTS5 index of each article's title, feed
//! text and extracted text (`full_text`), kept exact inside the writer's transactions
//! (indexed on insert, edit and a saved full text, forgotten by a trigger on delete),
//! ranked by relevance (bm25) then date (`rank`).
//!
//! The index is contentless: it holds the words, not a second copy of the texts (they are
//! stored compressed once, in `article_bodies` and `article_full_texts`), so snippets are
//! made in Rust from the stored texts of each result (`snippet`). It keeps each article's
//! time beside its words, so an unfiltered search ranks the matches without reading a
//! single article row. Chinese is searchable through `tokens`, which cuts CJK runs into
//! two-character pairs before unicode61 sees them. Articles cached before the index knew
//! them wait in a backlog that the writer thread drains between other writes (`backlog`).

pub(crate) mod backlog;
mod deferred;
mod document;
mod migration;
mod prepare;
mod query;
mod rank;
mod snippet;
mod tokens;

use rusqlite::{Connection, OptionalExtension, params};

pub use backlog::IndexProgress;
pub(crate) use migration::{SEARCH_INDEX, SEARCH_INDEX_FULL_TEXT};
pub use rank::SearchHit;
pub(crate) use rank::search;
pub use snippet::{MATCH_END, MATCH_START};

pub(crate) use deferred::{Deferred, postpone};
use document::Words;
pub use prepare::prepare;
pub(crate) use prepare::prepare_here;

/// Where a document number comes from. Numbers follow time, newest highest, so that the
/// newest matches of a common word are the highest rowids, which FTS5 reads first when
/// asked (see `rank`): articles arriving take one past the largest, while the backlog,
/// drained newest first, takes one below the smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbering {
    Newest,
    Oldest,
}

/// Indexes documents under fresh document numbers, in order, replacing whatever entries
/// they had, and takes them out of the backlog.
///
/// Two passes: first the plain tables (numbers, backlog), then the index alone. A
/// statement there may open a statement savepoint (an `INSERT … RETURNING` did), and FTS5
/// writes the words it holds in memory out as a new segment at every savepoint once it has
/// been written in the transaction: interleaved with the index's inserts, the numbering
/// made one segment per article, and merging those cost more than the indexing itself.
pub(crate) fn index_documents(
    conn: &Connection,
    documents: &[Words],
    numbering: Numbering,
) -> rusqlite::Result<()> {
    // Numbers come from Rust rather than `RETURNING`, which builds a temporary table per
    // statement.
    let (mut next, step) = match numbering {
        Numbering::Newest => (
            conn.query_row(
                "SELECT coalesce(max(doc), 0) + 1 FROM article_search_docs",
                [],
                |row| row.get::<_, i64>(0),
            )?,
            1,
        ),
        Numbering::Oldest => (
            conn.query_row(
                "SELECT coalesce(min(doc), 1) - 1 FROM article_search_docs",
                [],
                |row| row.get::<_, i64>(0),
            )?,
            -1,
        ),
    };
    let mut numbers = Vec::with_capacity(documents.len());
    for document in documents {
        let old: Option<i64> = conn
            .prepare_cached("SELECT doc FROM article_search_docs WHERE id = ?1")?
            .query_row([document.id], |row| row.get(0))
            .optional()?;
        if old.is_some() {
            conn.prepare_cached("DELETE FROM article_search_docs WHERE id = ?1")?
                .execute([document.id])?;
        }
        conn.prepare_cached("INSERT INTO article_search_docs (doc, id) VALUES (?1, ?2)")?
            .execute([next, document.id])?;
        conn.prepare_cached("DELETE FROM article_search_backlog WHERE id = ?1")?
            .execute([document.id])?;
        numbers.push((old, next));
        next += step;
    }
    let mut forget = conn.prepare_cached("DELETE FROM article_search WHERE rowid = ?1")?;
    let mut add = conn.prepare_cached(
        "INSERT INTO article_search (rowid, title, body, full_text, at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (document, (old, new)) in documents.iter().zip(numbers) {
        if let Some(old) = old {
            forget.execute([old])?;
        }
        add.execute(params![
            new,
            document.title,
            document.body,
            document.full_text,
            document.at
        ])?;
    }
    Ok(())
}
