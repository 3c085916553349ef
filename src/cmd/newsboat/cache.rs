//! Newsboat's cache (SQLite, opened read-only): the read and starred ("flagged", flag `s`)
//! state of its articles, turned into marks keyed by the article id we derive for the same
//! feed URL and guid.

use std::path::Path;

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};

use crate::model::{ArticleId, normalize_link};
use crate::store::ImportedMark;

/// The marks of the articles of `feed_urls` (the feeds the config holds after the import)
/// that newsboat has read or starred; articles unread and not starred bring nothing.
pub fn read_marks(path: &Path, feed_urls: &[String]) -> anyhow::Result<Vec<ImportedMark>> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open newsboat's cache {}", path.display()))?;
    let not_newsboat = |err: rusqlite::Error| {
        anyhow::anyhow!(
            "{}: not a newsboat cache ({err}); pass the right file with --cache FILE",
            path.display()
        )
    };
    let mut statement = conn
        .prepare(
            "SELECT feedurl, guid, unread, coalesce(flags, '') FROM rss_item
             WHERE (unread = 0 OR instr(coalesce(flags, ''), 's') > 0) AND deleted = 0",
        )
        .or_else(|_| {
            // Old caches have no `deleted` column.
            conn.prepare(
                "SELECT feedurl, guid, unread, coalesce(flags, '') FROM rss_item
                 WHERE unread = 0 OR instr(coalesce(flags, ''), 's') > 0",
            )
        })
        .map_err(not_newsboat)?;
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<i64>>(2)?,
                row.get::<_, String>(3)?,
            ))
        })
        .map_err(not_newsboat)?;
    let mut marks = Vec::new();
    for row in rows {
        let (feed, guid, unread, flags) = row.map_err(not_newsboat)?;
        let (Some(feed), Some(guid)) = (feed, guid) else {
            continue;
        };
        // Ids derive from the URL as our config writes it, so a feed newsboat spells with
        // another case or a trailing slash still matches.
        let wanted = normalize_link(feed.trim());
        let Some(ours) = feed_urls.iter().find(|url| normalize_link(url) == wanted) else {
            continue;
        };
        if guid.trim().is_empty() {
            continue;
        }
        marks.push(ImportedMark {
            id: ArticleId::derive(ours, Some(&guid), None, "", None),
            read: unread == Some(0),
            starred: flags.contains('s'),
        });
    }
    Ok(marks)
}
