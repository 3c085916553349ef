//! Read and starred marks imported from another reader (`import-newsboat`): applied at once
//! to the articles in the cache, and kept for the ones not fetched yet, so that such an
//! article arrives with its mark (the writer applies it when it inserts the article).

use rusqlite::{Connection, params};

use super::WriteOutcome;
use super::codec;
use crate::model::ArticleId;

/// Version 8: marks waiting for their article. Keyed by the article id, which is derived
/// from the feed URL and the guid exactly as ingest derives it, so matching is exact.
/// `IF NOT EXISTS`: a cache taken back to an older version by hand keeps the table.
pub(crate) const IMPORTED_MARKS_MIGRATION: &str = "
CREATE TABLE IF NOT EXISTS imported_marks (
    id      INTEGER PRIMARY KEY,
    read    INTEGER NOT NULL,
    starred INTEGER NOT NULL
);
";

/// One imported mark. Marks only ever set a flag: an article read or starred here stays so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportedMark {
    pub id: ArticleId,
    pub read: bool,
    pub starred: bool,
}

/// Applies `marks` to the cached articles and keeps the rest for later.
pub(crate) fn import(conn: &Connection, marks: &[ImportedMark]) -> rusqlite::Result<WriteOutcome> {
    let (mut applied, mut kept) = (0, 0);
    for mark in marks {
        let id = codec::id_to_sql(mark.id);
        let exists = conn
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
            .exists([id])?;
        if exists {
            set_flags(conn, id, mark.read, mark.starred)?;
            applied += 1;
        } else {
            conn.prepare_cached(
                "INSERT INTO imported_marks (id, read, starred) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET read = max(read, excluded.read),
                                                starred = max(starred, excluded.starred)",
            )?
            .execute(params![id, mark.read, mark.starred])?;
            kept += 1;
        }
    }
    Ok(WriteOutcome::MarksImported { applied, kept })
}

/// Gives a just-inserted article the mark imported for it, if any, and forgets the mark.
pub(crate) fn apply_on_insert(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    let mark: Option<(bool, bool)> = conn
        .prepare_cached("DELETE FROM imported_marks WHERE id = ?1 RETURNING read, starred")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .map(Some)
        .or_else(|error| match error {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    if let Some((read, starred)) = mark {
        set_flags(conn, id, read, starred)?;
    }
    Ok(())
}

fn set_flags(conn: &Connection, id: i64, read: bool, starred: bool) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE articles SET read = max(read, ?2), starred = max(starred, ?3) WHERE id = ?1",
    )?
    .execute(params![id, read, starred])?;
    Ok(())
}
