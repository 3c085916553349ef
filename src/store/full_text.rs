//! The full text of articles, fetched from their pages (`article`): one row per article,
//! the rendered text compressed like bodies (`codec::encode_body`), or why it could not be
//! had. Rows go with their article (`ON DELETE CASCADE`), so retention keeps them in step.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, params};

use super::codec;
use super::{Store, StoreError, WriteOutcome};
use crate::model::{ArticleId, UnixTime};

/// The migration that adds the table; listed in `schema::MIGRATIONS`.
pub(crate) const FULL_TEXT_MIGRATION: &str = "
CREATE TABLE article_full_texts (
    id         INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    text       BLOB,
    error      TEXT,
    fetched_at INTEGER NOT NULL,
    CHECK ((text IS NULL) <> (error IS NULL))
);
";

/// What is stored of an article's page: its text, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullText {
    pub outcome: Result<String, String>,
    pub fetched_at: UnixTime,
}

/// Stores the latest outcome for `id` (a later success replaces an earlier failure). An
/// article pruned meanwhile stores nothing: its row would have no article to go with.
pub(crate) fn save(
    conn: &Connection,
    id: ArticleId,
    full_text: &FullText,
) -> rusqlite::Result<WriteOutcome> {
    let (text, error) = match &full_text.outcome {
        Ok(text) => (Some(codec::encode_body(text)), None),
        Err(error) => (None, Some(error.as_str())),
    };
    let saved = conn
        .prepare_cached(
            "INSERT INTO article_full_texts (id, text, error, fetched_at)
             SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
             ON CONFLICT (id) DO UPDATE SET
                 text = excluded.text, error = excluded.error, fetched_at = excluded.fetched_at",
        )?
        .execute(params![
            codec::id_to_sql(id),
            text,
            error,
            full_text.fetched_at
        ])?;
    // The search index holds the extracted text too: it follows in the same transaction.
    if saved > 0 {
        super::search::reindex_stored(conn, codec::id_to_sql(id))?;
    }
    Ok(WriteOutcome::Done)
}

fn load(conn: &Connection, id: ArticleId) -> rusqlite::Result<Option<FullText>> {
    conn.prepare_cached("SELECT text, error, fetched_at FROM article_full_texts WHERE id = ?1")?
        .query_row([codec::id_to_sql(id)], |row| {
            let text = row.get_ref(0)?;
            let outcome = match text {
                rusqlite::types::ValueRef::Null => {
                    Err(row.get::<_, Option<String>>(1)?.unwrap_or_default())
                }
                value => Ok(codec::decode_body(value).map_err(rusqlite::Error::from)?),
            };
            Ok(FullText {
                outcome,
                fetched_at: row.get(2)?,
            })
        })
        .optional()
}

fn ids_with_text(conn: &Connection) -> rusqlite::Result<HashSet<ArticleId>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM article_full_texts WHERE text IS NOT NULL")?;
    stmt.query_map([], |row| row.get::<_, i64>(0).map(codec::id_from_sql))?
        .collect()
}

impl Store {
    /// The stored full text of one article, or its stored failure; `None` when its page
    /// was never fetched.
    pub fn load_full_text(&self, id: ArticleId) -> Result<Option<FullText>, StoreError> {
        load(&self.reader(), id).map_err(self.read_error("loading an article's full text"))
    }

    /// The articles whose full text is stored.
    pub fn full_text_ids(&self) -> Result<HashSet<ArticleId>, StoreError> {
        ids_with_text(&self.reader()).map_err(self.read_error("listing full texts"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        super::super::schema::migrate(&mut conn, super::super::schema::MIGRATIONS).unwrap();
        conn.execute(
            "INSERT INTO articles (id, feed_url, title, first_seen, topic) \
             VALUES (7, 'https://f', 't', 1, 'china')",
            [],
        )
        .unwrap();
        conn
    }

    #[test]
    fn a_text_is_stored_compressed_and_replaces_a_failure() {
        let conn = cache();
        let id = ArticleId(7);
        let failed = FullText {
            outcome: Err("HTTP 503".into()),
            fetched_at: 10,
        };
        save(&conn, id, &failed).unwrap();
        assert_eq!(load(&conn, id).unwrap(), Some(failed));
        assert!(ids_with_text(&conn).unwrap().is_empty());
        let text = "华为发布昇腾芯片。\n\nHuawei ships Ascend chips.\n".repeat(20);
        let stored = FullText {
            outcome: Ok(text.clone()),
            fetched_at: 20,
        };
        save(&conn, id, &stored).unwrap();
        assert_eq!(load(&conn, id).unwrap(), Some(stored));
        let kind: String = conn
            .query_row("SELECT typeof(text) FROM article_full_texts", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(kind, "blob", "compressed like bodies");
        assert_eq!(ids_with_text(&conn).unwrap(), HashSet::from([id]));
    }

    #[test]
    fn the_text_goes_with_its_article() {
        let conn = cache();
        let text = FullText {
            outcome: Ok("kept".into()),
            fetched_at: 1,
        };
        save(&conn, ArticleId(7), &text).unwrap();
        save(&conn, ArticleId(8), &text).unwrap();
        assert_eq!(
            load(&conn, ArticleId(8)).unwrap(),
            None,
            "no article, no row"
        );
        conn.execute("DELETE FROM articles WHERE id = 7", [])
            .unwrap();
        assert_eq!(
            load(&conn, ArticleId(7)).unwrap(),
            None,
            "pruned with its article"
        );
    }
}
