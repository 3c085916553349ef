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
mod document;
mod migration;
mod query;
mod rank;
mod snippet;
mod tokens;

use rusqlite::{Connection, params};

use super::codec;
use crate::model::Article;
use crate::text::sanitize::strip_tags;

pub use backlog::IndexProgress;
pub(crate) use migration::{SEARCH_INDEX, SEARCH_INDEX_FULL_TEXT};
pub use rank::SearchHit;
pub(crate) use rank::search;
pub use snippet::{MATCH_END, MATCH_START};

use document::Document;

/// Adds an article that was not indexed (a new one: it has no extracted text yet).
pub(crate) fn index(conn: &Connection, article: &Article) -> rusqlite::Result<()> {
    insert(
        conn,
        &document_of(article, String::new()),
        Numbering::Newest,
    )
}

/// Re-indexes an article whose title or feed text changed, with its stored extracted text.
pub(crate) fn reindex(conn: &Connection, article: &Article) -> rusqlite::Result<()> {
    let id = codec::id_to_sql(article.id);
    let full_text = document::load_full_text(conn, id)?;
    forget(conn, id)?;
    insert(conn, &document_of(article, full_text), Numbering::Newest)?;
    leave_backlog(conn, id)
}

/// Re-indexes article `id` from what is stored (its extracted text was just saved); an
/// article the cache does not hold is left alone.
pub(crate) fn reindex_stored(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    let Some(document) = document::load(conn, id)? else {
        return Ok(());
    };
    forget(conn, id)?;
    insert(conn, &document, Numbering::Newest)?;
    leave_backlog(conn, id)
}

fn document_of(article: &Article, full_text: String) -> Document {
    Document {
        id: codec::id_to_sql(article.id),
        at: article.when(),
        title: article.title.clone(),
        body_html: article.body.clone(),
        full_text,
    }
}

/// An article indexed now needs no catching up later.
fn leave_backlog(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM article_search_backlog WHERE id = ?1")?
        .execute([id])?;
    Ok(())
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

/// Where a document number comes from. Numbers follow time, newest highest, so that the
/// newest matches of a common word are the highest rowids, which FTS5 reads first when
/// asked (see `rank`): articles arriving take one past the largest, while the backlog,
/// drained newest first, takes one below the smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbering {
    Newest,
    Oldest,
}

/// Indexes one document under a fresh document number.
pub(crate) fn insert(
    conn: &Connection,
    document: &Document,
    numbering: Numbering,
) -> rusqlite::Result<()> {
    let allocate = match numbering {
        Numbering::Newest => "INSERT INTO article_search_docs (id) VALUES (?1) RETURNING doc",
        Numbering::Oldest => {
            "INSERT INTO article_search_docs (doc, id)
             VALUES ((SELECT coalesce(min(doc), 1) - 1 FROM article_search_docs), ?1)
             RETURNING doc"
        }
    };
    let doc: i64 = conn
        .prepare_cached(allocate)?
        .query_row([document.id], |row| row.get(0))?;
    conn.prepare_cached(
        "INSERT INTO article_search (rowid, title, body, full_text, at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        doc,
        tokens::index_text(&document.title),
        tokens::index_text(&strip_tags(&document.body_html)),
        tokens::index_text(&document.full_text),
        document.at
    ])?;
    Ok(())
}
