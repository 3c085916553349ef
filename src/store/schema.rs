//! The schema as a list of forward migrations, tracked by `PRAGMA user_version`.
//!
//! Step `i` takes a database from version `i` to `i + 1`. A shipped step is never edited:
//! a new shape is a new entry at the end, so every older database walks the same path.

use rusqlite::{Connection, TransactionBehavior};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Version 1: feeds, articles (bodies in their own table), UI memory.
///
/// Bodies live apart from the article rows so that loading every headline at start reads
/// a few hundred bytes per article, not the kilobytes of its HTML.
const V1: &str = "
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY NOT NULL,
    name          TEXT,
    etag          TEXT,
    last_modified TEXT,
    moved_to      TEXT,
    last_success  INTEGER,
    last_attempt  INTEGER,
    last_error    TEXT
);
CREATE TABLE articles (
    id         INTEGER PRIMARY KEY,
    feed_url   TEXT NOT NULL,
    guid       TEXT,
    link       TEXT,
    title      TEXT NOT NULL,
    published  INTEGER,
    first_seen INTEGER NOT NULL,
    topic      TEXT NOT NULL CHECK (topic IN ('us', 'china', 'both', 'other')),
    terms      TEXT NOT NULL DEFAULT '',
    read       INTEGER NOT NULL DEFAULT 0,
    starred    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_by_feed ON articles (feed_url, published);
CREATE INDEX articles_newest ON articles (coalesce(published, first_seen) DESC, id);
CREATE TABLE article_bodies (
    id   INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    body TEXT NOT NULL
);
CREATE TABLE ui (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
";

/// Version 2: tombstones of pruned articles, so a feed that still carries an old item
/// cannot bring it back as new after retention removed it.
const V2: &str = "
CREATE TABLE pruned (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL
);
";

/// Version 3: the topics the reader set by hand, apart from the rules' topic in
/// `articles.topic`: a re-fetch re-classifies the article and rewrites that column, and the
/// user's topic must win over it (and be removable, back to what the rules say).
const V3: &str = "
CREATE TABLE topic_corrections (
    id    INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    topic TEXT NOT NULL CHECK (topic IN ('us', 'china', 'both', 'other'))
);
";

/// Version 4: which layer chose `articles.topic`, the rules or the learned model (which
/// may decide once the reader's corrections taught it), for `headlines --json` and the
/// preview. Older rows were all decided by the rules.
const V4: &str = "
ALTER TABLE articles ADD COLUMN decided_by TEXT NOT NULL DEFAULT 'rules'
    CHECK (decided_by IN ('rules', 'model'));
";

/// Version 5: the article text extracted from its page (`store::full_text`).
const V5: &str = super::full_text::FULL_TEXT_MIGRATION;

/// Version 6: the full-text search index (see `search`).
const V6: &str = super::search::SEARCH_INDEX;

/// Version 7: the search index rebuilt to hold the extracted article text too; every
/// article is indexed again, by the writer thread after the open (see `search`).
const V7: &str = super::search::SEARCH_INDEX_FULL_TEXT;

/// Version 8: read and starred marks imported from another reader, waiting for their
/// article (see `marks`).
const V8: &str = super::marks::IMPORTED_MARKS_MIGRATION;

/// Version 9: the files attached to each article (see `enclosures`).
const V9: &str = super::enclosures::ENCLOSURES_MIGRATION;

/// Version 10: each article's story, grouped by the writer as it stores the article; the
/// articles cached before are grouped by the writer after the open (see `stories`).
const V10: &str = super::stories::STORIES_MIGRATION;

/// Every step, oldest first.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10];

/// Why the schema could not be brought up to date.
#[derive(Debug)]
pub(crate) enum MigrateError {
    /// A newer build wrote this database; opening it could lose what that build stores.
    TooNew {
        found: u32,
    },
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(error: rusqlite::Error) -> Self {
        MigrateError::Sqlite(error)
    }
}

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies the steps the database lacks, each in its own immediate transaction.
///
/// The version is re-read inside each transaction: a second instance starting at the same
/// moment may have applied the step already, and the write lock makes that visible.
pub(crate) fn migrate(conn: &mut Connection, steps: &[&str]) -> Result<u32, MigrateError> {
    let latest = steps.len() as u32;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = user_version(&tx)?;
        if version > latest {
            return Err(MigrateError::TooNew { found: version });
        }
        if version == latest {
            return Ok(version);
        }
        tx.execute_batch(steps[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
        tracing::info!(from = version, to = version + 1, "cache schema migrated");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_columns(conn: &Connection, table: &str) -> Vec<String> {
        let mut stmt = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_new_step_upgrades_an_older_database_and_keeps_its_rows() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn, &[V1]).unwrap(), 1);
        conn.execute(
            "INSERT INTO articles (id, feed_url, title, first_seen, topic) \
             VALUES (7, 'https://f', 'kept', 1, 'us')",
            [],
        )
        .unwrap();
        let v2 = "ALTER TABLE articles ADD COLUMN summary TEXT;";
        assert_eq!(migrate(&mut conn, &[V1, v2]).unwrap(), 2);
        assert!(table_columns(&conn, "articles").contains(&"summary".to_owned()));
        let title: String = conn
            .query_row("SELECT title FROM articles WHERE id = 7", [], |r| r.get(0))
            .unwrap();
        assert_eq!(title, "kept");
        // Running again is a no-op.
        assert_eq!(migrate(&mut conn, &[V1, v2]).unwrap(), 2);
    }

    #[test]
    fn a_failing_step_leaves_the_previous_version_intact() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &[V1]).unwrap();
        let broken = "CREATE TABLE extra (x); SELECT no_such_function();";
        assert!(migrate(&mut conn, &[V1, broken]).is_err());
        assert_eq!(user_version(&conn).unwrap(), 1);
        assert!(table_columns(&conn, "extra").is_empty(), "step rolled back");
    }

    #[test]
    fn a_database_from_a_newer_build_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 9).unwrap();
        assert!(matches!(
            migrate(&mut conn, &[V1]),
            Err(MigrateError::TooNew { found: 9 })
        ));
    }
}
