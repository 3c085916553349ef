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
    conn.prepare_cached(
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
