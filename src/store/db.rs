//! Opening the database file: connection settings, schema migration, moving a damaged file
//! aside so the app can start with a fresh one, and reading a file that cannot be written.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::StoreError;
use super::health::{self, with_suffix};
use super::schema::{self, MigrateError};

/// How long a statement waits for another connection (or instance) to release its lock.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The connections a store needs, on a migrated database.
pub(crate) struct Connections {
    /// `None` when the cache could only be opened for reading.
    pub writer: Option<Connection>,
    pub reader: Connection,
    pub helper: Connection,
    pub moved_aside: Option<PathBuf>,
    /// Why the cache is read-only, when it is.
    pub read_only: Option<String>,
    /// Articles the search index does not hold yet (the writer thread catches up).
    pub index_waiting: usize,
}

/// Opens `path`, migrating it; a damaged file is moved aside once and replaced. A file
/// that cannot be written (a read-only data directory or mount) is opened for reading.
pub(crate) fn open(path: &Path) -> Result<Connections, StoreError> {
    let mut moved_aside = None;
    if health::is_marked_damaged(path) {
        // An earlier run met SQLITE_CORRUPT and promised this.
        if path.exists() {
            tracing::warn!(path = %path.display(), "cache database was marked damaged");
            moved_aside = Some(move_aside(path)?);
        }
        health::clear_damage_marker(path);
    }
    // SQLite deletes the -wal of a file whose header it cannot read before it reports the
    // damage; checking the header first keeps the set together for salvage.
    if moved_aside.is_none() && has_foreign_header(path) {
        tracing::warn!(path = %path.display(), "cache database has no SQLite header");
        moved_aside = Some(move_aside(path)?);
    }
    let trusted = moved_aside.is_some() || health::closed_cleanly(path);
    let mut writer = match open_writer(path) {
        Ok(writer) => writer,
        Err(OpenFailure::Corrupt(error)) if moved_aside.is_none() => {
            tracing::warn!(path = %path.display(), %error, "cache database is corrupt");
            moved_aside = Some(move_aside(path)?);
            open_writer(path).map_err(|failure| failure.into_store_error(path))?
        }
        Err(OpenFailure::ReadOnly(error)) if path.exists() => {
            tracing::warn!(path = %path.display(), %error, "cache database is read-only");
            return open_read_only(path, &error.to_string());
        }
        Err(failure) => return Err(failure.into_store_error(path)),
    };
    if !trusted {
        let problem = match health::quick_check(&writer) {
            Ok(Ok(())) => None,
            Ok(Err(problem)) => Some(problem),
            Err(error) if is_corrupt(&error) => Some(error.to_string()),
            Err(error) => return Err(open_error(path, &error)),
        };
        if let Some(problem) = problem {
            tracing::warn!(path = %path.display(), %problem, "cache database failed its check");
            drop(writer);
            moved_aside = Some(move_aside(path)?);
            writer = open_writer(path).map_err(|failure| failure.into_store_error(path))?;
        }
    }
    let reader = open_reader(path).map_err(|error| open_error(path, &error))?;
    let helper = open_reader(path).map_err(|error| open_error(path, &error))?;
    let index_waiting =
        super::search::backlog::waiting(&reader).map_err(|error| open_error(path, &error))?;
    Ok(Connections {
        writer: Some(writer),
        reader,
        helper,
        moved_aside,
        read_only: None,
        index_waiting,
    })
}

/// Opens `path` for reading only: no migration, no writer, nothing created or moved.
pub(crate) fn open_read_only(path: &Path, reason: &str) -> Result<Connections, StoreError> {
    let reader = open_read_only_reader(path).map_err(|error| open_error(path, &error))?;
    let helper = open_read_only_reader(path).map_err(|error| open_error(path, &error))?;
    let version: u32 = reader
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|error| open_error(path, &error))?;
    if version != schema::SCHEMA_VERSION {
        let message = if version > schema::SCHEMA_VERSION {
            format!(
                "it has schema version {version}, newer than this build knows ({}); \
                 upgrade ainews-tui or use another --data-dir",
                schema::SCHEMA_VERSION
            )
        } else {
            format!(
                "it is read-only ({reason}) and has schema version {version}, older than \
                 this build reads ({}); make the data directory writable once so that it \
                 can be upgraded",
                schema::SCHEMA_VERSION
            )
        };
        return Err(StoreError::Open {
            path: path.to_owned(),
            message,
        });
    }
    // Nobody indexes a read-only cache: what waits keeps waiting, and searches say so.
    let index_waiting =
        super::search::backlog::waiting(&reader).map_err(|error| open_error(path, &error))?;
    Ok(Connections {
        writer: None,
        reader,
        helper,
        moved_aside: None,
        read_only: Some(reason.to_owned()),
        index_waiting,
    })
}

enum OpenFailure {
    Corrupt(rusqlite::Error),
    /// The file or its directory refuses writes: open it for reading instead.
    ReadOnly(rusqlite::Error),
    Other(MigrateError),
}

impl OpenFailure {
    fn into_store_error(self, path: &Path) -> StoreError {
        match self {
            OpenFailure::Corrupt(error)
            | OpenFailure::ReadOnly(error)
            | OpenFailure::Other(MigrateError::Sqlite(error)) => open_error(path, &error),
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
            MigrateError::Sqlite(error) if refuses_writes(&error) => OpenFailure::ReadOnly(error),
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
    // SQLite falls back to reading a file it may not write, without an error.
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(OpenFailure::ReadOnly(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
            Some("the database file is not writable".to_owned()),
        )));
    }
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
    // Every write of a batch has its savepoint, whose journal of the pages it changed is a
    // temporary file unless kept in memory; it holds one write's pages, a few hundred KiB.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // The search index catches up later, on the writer thread: a big cache opens at once.
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

/// A reader on a file this process may not write. In WAL mode SQLite needs the `-shm`
/// index, which a read-only directory may lack and cannot get: then the file is opened as
/// immutable, which is right because nobody can write it either.
fn open_read_only_reader(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut last = None;
    for immutable in [false, true] {
        let conn = Connection::open_with_flags(file_uri(path, immutable), flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // SQLite opens lazily: the first read says whether the WAL index is usable.
        match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())) {
            Ok(()) => {
                conn.pragma_update(None, "cache_size", READER_CACHE_KIB)?;
                conn.set_prepared_statement_cache_capacity(32);
                return Ok(conn);
            }
            Err(error) if !immutable && refuses_writes(&error) => last = Some(error),
            Err(error) => return Err(error),
        }
    }
    Err(last.unwrap_or(rusqlite::Error::InvalidQuery))
}

/// `file:` URI of `path` (percent-encoded, as SQLite decodes it), read-only.
fn file_uri(path: &Path, immutable: bool) -> String {
    let mut uri = String::from("file:");
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(char::from(*byte));
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.push_str(if immutable {
        "?mode=ro&immutable=1"
    } else {
        "?mode=ro"
    });
    uri
}

/// The failures of a file or directory that refuses writes.
fn refuses_writes(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
    )
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
    let now = u64::try_from(crate::time::now()).unwrap_or(0);
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
