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
    index: &mut super::search::Deferred,
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
        index.saved_full_text(codec::id_to_sql(id));
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

/// See [`Store::awaiting_full_text`].
fn awaiting(
    conn: &Connection,
    arrived: &[(ArticleId, UnixTime)],
) -> rusqlite::Result<Vec<ArticleId>> {
    // Before the fetch's write an arrival is absent; after it, stored with the first_seen
    // the fetch gave it. A known article keeps its older first_seen; a pruned one is
    // never stored again, so its page would have nowhere to go.
    let mut stmt = conn.prepare_cached(
        "SELECT NOT EXISTS (SELECT 1 FROM pruned WHERE id = ?1)
            AND NOT EXISTS (SELECT 1 FROM article_full_texts WHERE id = ?1)
            AND coalesce((SELECT first_seen = ?2 FROM articles WHERE id = ?1), 1)",
    )?;
    let mut awaiting = Vec::new();
    for &(id, first_seen) in arrived {
        if stmt.query_row(params![codec::id_to_sql(id), first_seen], |row| row.get(0))? {
            awaiting.push(id);
        }
    }
    Ok(awaiting)
}

impl Store {
    /// Of the articles of one fetch of a feed (each id with the `first_seen` that fetch
    /// gave it), those the fetch brought for the first time and whose page was never
    /// fetched: not stored before (or stored by that fetch), never pruned, and with no
    /// full-text row, neither a text nor a failure. Right before or after the fetch's
    /// `FeedResult` write alike.
    pub fn awaiting_full_text(
        &self,
        arrived: &[(ArticleId, UnixTime)],
    ) -> Result<Vec<ArticleId>, StoreError> {
        awaiting(&self.reader(), arrived).map_err(self.read_error("looking for pages to fetch"))
    }

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
    use crate::store::search::Deferred;

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
        save(&conn, id, &failed, &mut Deferred::default()).unwrap();
        assert_eq!(load(&conn, id).unwrap(), Some(failed));
        assert!(ids_with_text(&conn).unwrap().is_empty());
        let text = "华为发布昇腾芯片。\n\nHuawei ships Ascend chips.\n".repeat(20);
        let stored = FullText {
            outcome: Ok(text.clone()),
            fetched_at: 20,
        };
        save(&conn, id, &stored, &mut Deferred::default()).unwrap();
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
    fn only_arrivals_without_any_row_await_their_page() {
        let conn = cache();
        let first_seen = 1;
        let arrivals = [
            (ArticleId(7), first_seen),
            (ArticleId(8), 50),
            (ArticleId(9), 50),
        ];
        conn.execute("INSERT INTO pruned (id, at) VALUES (9, 2)", [])
            .unwrap();
        assert_eq!(
            awaiting(&conn, &arrivals).unwrap(),
            [ArticleId(7), ArticleId(8)],
            "stored by this fetch, or not stored yet; never a pruned one"
        );
        assert_eq!(
            awaiting(&conn, &[(ArticleId(7), 40)]).unwrap(),
            [],
            "first seen by an earlier fetch"
        );
        let failed = FullText {
            outcome: Err("HTTP 404".into()),
            fetched_at: 3,
        };
        save(&conn, ArticleId(7), &failed, &mut Deferred::default()).unwrap();
        assert_eq!(
            awaiting(&conn, &arrivals).unwrap(),
            [ArticleId(8)],
            "a stored failure counts as fetched"
        );
    }

    #[test]
    fn the_text_goes_with_its_article() {
        let conn = cache();
        let text = FullText {
            outcome: Ok("kept".into()),
            fetched_at: 1,
        };
        save(&conn, ArticleId(7), &text, &mut Deferred::default()).unwrap();
        save(&conn, ArticleId(8), &text, &mut Deferred::default()).unwrap();
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
