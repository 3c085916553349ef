//! The files attached to each article (podcast episodes, PDFs, images): written with the
//! article in the feed's transaction, replaced when the feed changes them, removed with the
//! article, and read with its body (they are not part of the rows loaded at start).

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::codec;
use super::{Store, StoreError};
use crate::model::{ArticleId, Enclosure};

/// Version 9: one row per attached file, in the feed's order. `IF NOT EXISTS`: a cache
/// taken back to an older version by hand keeps the table.
pub(crate) const ENCLOSURES_MIGRATION: &str = "
CREATE TABLE IF NOT EXISTS article_enclosures (
    id       INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url      TEXT NOT NULL,
    mime     TEXT,
    length   INTEGER,
    PRIMARY KEY (id, position)
) WITHOUT ROWID;
";

/// Makes the stored files of `id` be `enclosures`. A refetch that changes nothing writes
/// nothing: the stored rows are compared first.
pub(crate) fn replace(
    conn: &Connection,
    id: ArticleId,
    enclosures: &[Enclosure],
) -> rusqlite::Result<()> {
    if load(conn, id)? == enclosures {
        return Ok(());
    }
    let id = codec::id_to_sql(id);
    conn.prepare_cached("DELETE FROM article_enclosures WHERE id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO article_enclosures (id, position, url, mime, length)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, enclosure) in enclosures.iter().enumerate() {
        insert.execute(params![
            id,
            position as i64,
            enclosure.url,
            enclosure.mime,
            enclosure.length.and_then(|l| i64::try_from(l).ok()),
        ])?;
    }
    Ok(())
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Enclosure> {
    let length: Option<i64> = row.get("length")?;
    Ok(Enclosure {
        url: row.get("url")?,
        mime: row.get("mime")?,
        length: length.and_then(|l| u64::try_from(l).ok()),
    })
}

/// The files of one article, in order.
pub(crate) fn load(conn: &Connection, id: ArticleId) -> rusqlite::Result<Vec<Enclosure>> {
    conn.prepare_cached(
        "SELECT url, mime, length FROM article_enclosures WHERE id = ?1 ORDER BY position",
    )?
    .query_map([codec::id_to_sql(id)], from_row)?
    .collect()
}

/// Every article's files, by article: few articles have any, so one pass over the table
/// costs less than a query per listed article.
pub(crate) fn load_all(conn: &Connection) -> rusqlite::Result<HashMap<ArticleId, Vec<Enclosure>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, url, mime, length FROM article_enclosures ORDER BY id, position",
    )?;
    let mut rows = stmt.query([])?;
    let mut all: HashMap<ArticleId, Vec<Enclosure>> = HashMap::new();
    while let Some(row) = rows.next()? {
        let id = codec::id_from_sql(row.get("id")?);
        all.entry(id).or_default().push(from_row(row)?);
    }
    Ok(all)
}

impl Store {
    /// The files attached to one article, in the feed's order (empty when none).
    pub fn load_enclosures(&self, id: ArticleId) -> Result<Vec<Enclosure>, StoreError> {
        load(&self.reader(), id).map_err(self.read_error("loading an article's attachments"))
    }

    /// The files of every cached article that has any, for the headless listings.
    pub fn all_enclosures(&self) -> Result<HashMap<ArticleId, Vec<Enclosure>>, StoreError> {
        load_all(&self.reader()).map_err(self.read_error("loading attachments"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema::{MIGRATIONS, migrate};

    fn cache_with_article(id: i64) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        conn.execute(
            "INSERT INTO articles (id, feed_url, title, first_seen, topic) \
             VALUES (?1, 'https://f', 't', 1, 'us')",
            [id],
        )
        .unwrap();
        conn
    }

    fn file(url: &str, mime: Option<&str>, length: Option<u64>) -> Enclosure {
        Enclosure {
            url: url.to_owned(),
            mime: mime.map(str::to_owned),
            length,
        }
    }

    #[test]
    fn files_round_trip_in_order_and_are_replaced_whole() {
        let conn = cache_with_article(-5);
        let id = codec::id_from_sql(-5);
        let first = vec![
            file(
                "https://e.example/b.mp3",
                Some("audio/mpeg"),
                Some(24_300_000),
            ),
            file("https://e.example/a.pdf", None, None),
        ];
        replace(&conn, id, &first).unwrap();
        assert_eq!(load(&conn, id).unwrap(), first);
        let second = vec![file("https://e.example/c.jpg", Some("image/jpeg"), Some(1))];
        replace(&conn, id, &second).unwrap();
        assert_eq!(load(&conn, id).unwrap(), second);
        assert_eq!(load_all(&conn).unwrap(), HashMap::from([(id, second)]));
        replace(&conn, id, &[]).unwrap();
        assert!(load(&conn, id).unwrap().is_empty());
    }

    #[test]
    fn files_go_with_their_article() {
        let conn = cache_with_article(9);
        let id = codec::id_from_sql(9);
        replace(&conn, id, &[file("https://e.example/x.mp3", None, Some(3))]).unwrap();
        conn.execute("DELETE FROM articles WHERE id = 9", [])
            .unwrap();
        assert!(load(&conn, id).unwrap().is_empty());
    }

    #[test]
    fn a_version_8_cache_gains_the_table_and_keeps_its_articles() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        assert_eq!(migrate(&mut conn, &MIGRATIONS[..8]).unwrap(), 8);
        conn.execute(
            "INSERT INTO articles (id, feed_url, title, first_seen, topic) \
             VALUES (3, 'https://f', 'kept', 1, 'china')",
            [],
        )
        .unwrap();
        assert_eq!(migrate(&mut conn, &MIGRATIONS[..9]).unwrap(), 9);
        let title: String = conn
            .query_row("SELECT title FROM articles WHERE id = 3", [], |r| r.get(0))
            .unwrap();
        assert_eq!(title, "kept");
        let id = codec::id_from_sql(3);
        assert!(load(&conn, id).unwrap().is_empty());
        replace(&conn, id, &[file("https://e.example/ep.mp3", None, None)]).unwrap();
        assert_eq!(load(&conn, id).unwrap().len(), 1);
    }
}
