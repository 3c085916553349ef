//! What can go wrong with the cache, as short human text with the path where it matters.

use std::path::PathBuf;

use super::READ_ONLY_STATUS;

/// Errors of the store, as short human text with the path where it matters.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cache database {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("cache write failed: {0}")]
    Write(String),
    #[error("cache read failed: {0}")]
    Read(String),
    #[error("the cache writer has stopped")]
    WriterGone,
    /// SQLITE_CORRUPT in a running store: the file is marked so that the next open moves
    /// it aside.
    #[error(
        "the cache database {path} is damaged ({message}): at the next start of ainews-tui \
         it is moved aside (kept as {}.corrupt-<time>) and every feed is fetched afresh",
        path.display()
    )]
    Damaged { path: PathBuf, message: String },
    /// SQLITE_CORRUPT in a cache that cannot be written, so cannot be marked or moved.
    #[error(
        "the cache database {path} is damaged ({message}) and read-only: move it out of the \
         data directory by hand (ainews-tui then starts a fresh one)"
    )]
    DamagedReadOnly { path: PathBuf, message: String },
    /// Read marks or stars that failed to be written are still kept (at a flush).
    #[error(
        "{count} read or star {} not saved yet ({cause}); they are kept and written again \
         while ainews-tui runs", if *count == 1 { "mark" } else { "marks" }
    )]
    MarksNotSaved { count: usize, cause: String },
    /// A write asked of a cache opened read-only.
    #[error(
        "the cache database {path} is read-only ({reason}): nothing is saved; make the \
         data directory writable or pass another --data-dir"
    )]
    ReadOnly { path: PathBuf, reason: String },
}

impl StoreError {
    /// The gist in under 60 characters, for the dashboard's status line (the full text,
    /// with the path, goes to the log).
    pub fn summary(&self) -> String {
        match self {
            StoreError::Damaged { .. } => {
                "damaged: moved aside and refetched at next start".to_owned()
            }
            StoreError::DamagedReadOnly { .. } => {
                "damaged and read-only: move the file by hand".to_owned()
            }
            StoreError::ReadOnly { .. } => READ_ONLY_STATUS.to_owned(),
            other => other.to_string(),
        }
    }
}
