//! Opening the database file: connection settings, schema migration, and moving a corrupt
//! file aside so the app can start with a fresh one.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::StoreError;
use super::schema::{self, MigrateError};

/// How long a statement waits for another connection (or instance) to release its lock.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The two connections a store needs, on a migrated database.
pub(crate) struct Connections {
    pub writer: Connection,
    pub reader: Connection,
    pub helper: Connection,
    pub moved_aside: Option<PathBuf>,
}

/// Opens `path`, migrating it; a corrupt file is moved aside once and replaced.
pub(crate) fn open(path: &Path) -> Result<Connections, StoreError> {
    let mut moved_aside = None;
    // SQLite deletes the -wal of a file whose header it cannot read before it reports the
    // damage; checking the header first keeps the set together for salvage.
    if has_foreign_header(path) {
        tracing::warn!(path = %path.display(), "cache database has no SQLite header");
        moved_aside = Some(move_aside(path)?);
    }
    let writer = match open_writer(path) {
        Ok(writer) => writer,
        Err(OpenFailure::Corrupt(error)) if moved_aside.is_none() => {
            tracing::warn!(path = %path.display(), %error, "cache database is corrupt");
            moved_aside = Some(move_aside(path)?);
            open_writer(path).map_err(|failure| failure.into_store_error(path))?
        }
        Err(failure) => return Err(failure.into_store_error(path)),
    };
    let reader = open_reader(path).map_err(|error| open_error(path, &error))?;
    let helper = open_reader(path).map_err(|error| open_error(path, &error))?;
    Ok(Connections {
        writer,
        reader,
        helper,
        moved_aside,
    })
}

enum OpenFailure {
    Corrupt(rusqlite::Error),
    Other(MigrateError),
}

impl OpenFailure {
    fn into_store_error(self, path: &Path) -> StoreError {
        match self {
            OpenFailure::Corrupt(error) | OpenFailure::Other(MigrateError::Sqlite(error)) => {
                open_error(path, &error)
            }
            OpenFailure::Other(MigrateError::TooNew { found }) => StoreError::Open {
                path: path.to_owned(),
                message: format!(
                    "it has schema version {found}, newer than this build knows ({}); \
                     upgrade ainews-tui or use another --data-dir",
                    schema::SCHEMA_VERSION
                ),
            },
        }
    }
}

impl From<MigrateError> for OpenFailure {
    fn from(error: MigrateError) -> Self {
        match error {
            MigrateError::Sqlite(error) if is_corrupt(&error) => OpenFailure::Corrupt(error),
            other => OpenFailure::Other(other),
        }
    }
}

impl From<rusqlite::Error> for OpenFailure {
    fn from(error: rusqlite::Error) -> Self {
        MigrateError::Sqlite(error).into()
    }
}

fn open_error(path: &Path, error: &rusqlite::Error) -> StoreError {
    StoreError::Open {
        path: path.to_owned(),
        message: super::describe(error),
    }
}

/// SQLite reads nothing at open: a damaged file shows up on the first statement.
fn open_writer(path: &Path) -> Result<Connection, OpenFailure> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL lets readers (this process's and a second instance's) work during a write;
    // NORMAL sync is durable across application crashes and only risks the last
    // transactions on power loss, which a re-fetch restores.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(%mode, "cache database is not in WAL mode");
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Bodies are deleted with their articles through the foreign key.
    conn.pragma_update(None, "foreign_keys", true)?;
    schema::migrate(&mut conn, schema::MIGRATIONS)?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(conn)
}

/// Page cache of each read connection, in KiB (given negated, as SQLite counts it).
const READER_CACHE_KIB: i64 = -512;

fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Reads only: a bug here must not become a write outside the writer thread.
    conn.pragma_update(None, "query_only", true)?;
    // Reads are mostly one pass over the article rows at start-up, which a page cache
    // does not speed up (the OS caches the file): a small one keeps memory down.
    conn.pragma_update(None, "cache_size", READER_CACHE_KIB)?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(conn)
}

/// Every SQLite database starts with this; an empty file is a new database.
const HEADER: &[u8; 16] = b"SQLite format 3\0";

fn has_foreign_header(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut start = Vec::with_capacity(HEADER.len());
    match file.take(HEADER.len() as u64).read_to_end(&mut start) {
        Ok(0) => false,
        Ok(_) => start != HEADER,
        // Unreadable is SQLite's to report, with its own words.
        Err(_) => false,
    }
}

pub(crate) fn is_corrupt(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// Renames the database and its `-wal`/`-shm` to `<name>.corrupt-<unix time>[-n]`, keeping
/// them together so the pair can still be opened for salvage.
fn move_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let target = free_name(path, now);
    rename(path, &target)?;
    for suffix in ["-wal", "-shm"] {
        let side = with_suffix(path, suffix);
        if side.exists() {
            rename(&side, &with_suffix(&target, suffix))?;
        }
    }
    tracing::warn!(to = %target.display(), "corrupt cache database moved aside");
    Ok(target)
}

fn free_name(path: &Path, now: u64) -> PathBuf {
    let base = with_suffix(path, &format!(".corrupt-{now}"));
    let mut candidate = base.clone();
    let mut n = 1;
    while candidate.exists() {
        candidate = with_suffix(&base, &format!("-{n}"));
        n += 1;
    }
    candidate
}

fn rename(from: &Path, to: &Path) -> Result<(), StoreError> {
    std::fs::rename(from, to).map_err(|error| StoreError::Open {
        path: from.to_owned(),
        message: format!(
            "it is corrupt and could not be moved to {}: {error}; move or delete it by hand",
            to.display()
        ),
    })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
