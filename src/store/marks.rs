//! Read and starred marks imported from another reader (`import-newsboat`): applied at once
//! to the articles in the cache, and kept for the ones not fetched yet, so that such an
//! article arrives with its mark (the writer applies it when it inserts the article).

use rusqlite::{Connection, OptionalExtension, params};

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
    // A lookup first, not `DELETE … RETURNING`: nearly every new article has no mark, and
    // RETURNING builds a temporary table each time.
    let mark: Option<(bool, bool)> = conn
        .prepare_cached("SELECT read, starred FROM imported_marks WHERE id = ?1")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    if let Some((read, starred)) = mark {
        conn.prepare_cached("DELETE FROM imported_marks WHERE id = ?1")?
            .execute([id])?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(conn: &Connection, id: i64) -> (bool, bool) {
        conn.query_row(
            "SELECT read, starred FROM articles WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap()
    }

    fn insert(conn: &Connection, id: i64) {
        conn.execute(
            "INSERT INTO articles (id, feed_url, title, first_seen, topic) \
             VALUES (?1, 'https://f', 't', 1, 'us')",
            [id],
        )
        .unwrap();
    }

    #[test]
    fn marks_apply_now_or_when_the_article_arrives_and_never_clear_a_flag() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::schema::migrate(&mut conn, super::super::schema::MIGRATIONS).unwrap();
        insert(&conn, 1);
        conn.execute("UPDATE articles SET starred = 1 WHERE id = 1", [])
            .unwrap();
        let mark = |id: u64, read, starred| ImportedMark {
            id: ArticleId(id),
            read,
            starred,
        };
        let outcome = import(&conn, &[mark(1, true, false), mark(2, false, true)]).unwrap();
        assert_eq!(
            outcome,
            WriteOutcome::MarksImported {
                applied: 1,
                kept: 1
            }
        );
        assert_eq!(flags(&conn, 1), (true, true), "the star stays");

        insert(&conn, 2);
        apply_on_insert(&conn, 2).unwrap();
        assert_eq!(flags(&conn, 2), (false, true));
        let waiting: i64 = conn
            .query_row("SELECT count(*) FROM imported_marks", [], |row| row.get(0))
            .unwrap();
        assert_eq!(waiting, 0, "an applied mark is forgotten");
        // Nothing waits for article 3: inserting it changes nothing.
        insert(&conn, 3);
        apply_on_insert(&conn, 3).unwrap();
        assert_eq!(flags(&conn, 3), (false, false));
    }
}
