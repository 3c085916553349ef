//! Whether the database file can be trusted at open: a marker left by a run that met damage,
//! a fingerprint left by a clean close, and SQLite's `quick_check` when neither settles it.
//!
//! `quick_check` reads every page: about 50 ms for 10,000 cached articles and 0.4 s for
//! 100,000 on a warm disk cache (more from a cold disk), too slow for a start-up that paints
//! in a few milliseconds. So it runs only when the file is not exactly as the last clean
//! close left it (a crash, a second instance, an older build, another program writing it).
//! Damage that appears later on an untouched file (a failing disk) shows up as
//! SQLITE_CORRUPT on the first statement that reads it; that run leaves the marker, and
//! the next open moves the file aside.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rusqlite::Connection;

/// `ainews.db.damaged`: a run met SQLITE_CORRUPT; the next open moves the database aside.
pub(crate) fn damage_marker(db: &Path) -> PathBuf {
    with_suffix(db, ".damaged")
}

/// `ainews.db.closed`: the fingerprint of the file as the last clean close left it.
fn clean_marker(db: &Path) -> PathBuf {
    with_suffix(db, ".closed")
}

/// Leaves the marker that makes the next open move the database aside. Best effort: when
/// even that cannot be written, the file is read-only and SQLite will report the damage
/// again at the next start.
pub(crate) fn mark_damaged(db: &Path) {
    if let Err(error) = std::fs::write(damage_marker(db), b"SQLITE_CORRUPT seen; move aside\n") {
        tracing::warn!(path = %db.display(), %error, "cannot leave the damaged-cache marker");
    }
    let _ = std::fs::remove_file(clean_marker(db));
}

pub(crate) fn is_marked_damaged(db: &Path) -> bool {
    damage_marker(db).exists()
}

pub(crate) fn clear_damage_marker(db: &Path) {
    let _ = std::fs::remove_file(damage_marker(db));
}

/// True when the file is exactly as the last clean close left it, so that the full page
/// check can be skipped. Consumes the fingerprint: a crash from now on leaves none.
pub(crate) fn closed_cleanly(db: &Path) -> bool {
    let marker = clean_marker(db);
    let saved = std::fs::read_to_string(&marker).ok();
    let _ = std::fs::remove_file(&marker);
    // A WAL left behind means a crash or another instance still writing.
    let wal_in_use = std::fs::metadata(with_suffix(db, "-wal")).is_ok_and(|m| m.len() > 0);
    match (saved, fingerprint(db)) {
        (Some(saved), Some(now)) => !wal_in_use && saved.trim() == now,
        _ => false,
    }
}

/// Records the fingerprint after the last connection closed (SQLite has checkpointed and
/// removed the WAL by then). A WAL still present belongs to another instance: no record.
pub(crate) fn record_clean_close(db: &Path) {
    if with_suffix(db, "-wal").exists() || is_marked_damaged(db) {
        return;
    }
    if let Some(print) = fingerprint(db)
        && let Err(error) = std::fs::write(clean_marker(db), print)
    {
        tracing::debug!(%error, "cannot record the clean close of the cache");
    }
}

/// Size, modification time and (on Unix) inode: what another writer or a copy changes.
fn fingerprint(db: &Path) -> Option<String> {
    let meta = std::fs::metadata(db).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0u64;
    Some(format!("v1 {} {} {inode}", meta.len(), modified.as_nanos()))
}

/// SQLite's `quick_check`: every page's structure, without cross-checking indexes against
/// tables (which `integrity_check` adds at twice the cost). `Err` is the first problem.
pub(crate) fn quick_check(conn: &Connection) -> rusqlite::Result<Result<(), String>> {
    let first: String = conn.query_row("PRAGMA quick_check(1)", [], |row| row.get(0))?;
    Ok(if first == "ok" { Ok(()) } else { Err(first) })
}

pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_trusted_only_as_the_clean_close_left_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("ainews.db");
        std::fs::write(&db, b"pages").unwrap();
        assert!(
            !closed_cleanly(&db),
            "no record: never closed by this build"
        );

        record_clean_close(&db);
        assert!(closed_cleanly(&db));
        assert!(
            !closed_cleanly(&db),
            "the record is used up: a crash leaves none"
        );

        record_clean_close(&db);
        std::fs::write(&db, b"PAGES").unwrap();
        let file = std::fs::File::options().write(true).open(&db).unwrap();
        let modified = file.metadata().unwrap().modified().unwrap();
        file.set_modified(modified + std::time::Duration::from_secs(5))
            .unwrap();
        assert!(!closed_cleanly(&db), "written since the close");

        record_clean_close(&db);
        std::fs::write(with_suffix(&db, "-wal"), b"frames").unwrap();
        assert!(!closed_cleanly(&db), "a WAL left behind");
    }

    #[test]
    fn a_damaged_file_gets_no_clean_record() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("ainews.db");
        std::fs::write(&db, b"pages").unwrap();
        mark_damaged(&db);
        record_clean_close(&db);
        assert!(is_marked_damaged(&db));
        assert!(!closed_cleanly(&db));
        clear_damage_marker(&db);
        assert!(!is_marked_damaged(&db));
    }
}
