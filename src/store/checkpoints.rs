//! WAL checkpoints on a thread of their own, so that the writer thread never waits for the
//! disk.
//!
//! With `synchronous = NORMAL` a commit only appends to the WAL; the fsyncs come with the
//! checkpoint that copies the WAL back into the database file. SQLite's automatic one runs
//! inside the commit that crossed its threshold, on the writer thread: in a cold refresh of
//! 10,000 articles its eight checkpoints held the writer, the refresh's one serial part, for
//! about 0.3 s of fsyncs. Here the writer's commit hook only counts the WAL's frames and
//! wakes this thread, whose own connection checkpoints in `PASSIVE` mode: it copies what
//! it can while the writer goes on appending, and never takes the write lock. The last
//! frames are copied when the writer's connection closes, as before (see `writer`).
//!
//! A WAL starts again from its beginning only when a write begins with every frame copied,
//! which a checkpointer racing a steady stream of writes rarely sees: a refresh's WAL would
//! grow as large as everything it wrote. So once it holds `Limits::cap` frames, the commit
//! hook checkpoints on the writer itself, copying what the checkpointer has not yet (a few
//! MB at most), and the next write starts the WAL again.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;

use rusqlite::Connection;
use rusqlite::wal::CheckpointMode;

/// When checkpoints happen, in WAL frames (one frame is one page written).
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// New frames that wake the checkpointer.
    ask_every: i32,
    /// Frames at which the writer checkpoints itself so that the WAL starts again.
    cap: i32,
}

const LIMITS: Limits = Limits {
    // SQLite's own default threshold: about 4 MB of writes between two checkpoints.
    ask_every: 1000,
    // 32 MB of 4 KB pages: about the most the WAL file takes on disk beside the database.
    cap: 8192,
};

/// What the writer's commit hook and the checkpointer share.
#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Default)]
struct State {
    /// Frames in the WAL at the last commit that asked for a checkpoint.
    asked_at: i32,
    /// A checkpoint is asked for and not started yet.
    asked: bool,
    stop: bool,
}

/// The checkpointer thread; dropping it stops the thread (after the checkpoint under way)
/// and closes its connection.
pub(crate) struct Checkpointer {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens a connection of its own to `path`, starts the thread and hands checkpoints
    /// over to it from `writer`, whose automatic checkpoints stop. When either cannot be
    /// had, `writer` keeps checkpointing itself, as SQLite does by default.
    pub fn start(path: &Path, writer: &mut Connection) -> Option<Checkpointer> {
        Checkpointer::start_with(path, writer, LIMITS)
    }

    fn start_with(path: &Path, writer: &mut Connection, limits: Limits) -> Option<Checkpointer> {
        let conn = match open(path) {
            Ok(conn) => conn,
            Err(error) => {
                tracing::warn!(%error, "no checkpoint connection; the writer checkpoints");
                return None;
            }
        };
        let shared = Arc::new(Shared::default());
        let thread = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("cache-checkpoint".to_owned())
                .spawn(move || run(&conn, &shared))
        };
        let thread = match thread {
            Ok(thread) => thread,
            Err(error) => {
                tracing::warn!(%error, "no checkpoint thread; the writer checkpoints");
                return None;
            }
        };
        let hook = {
            let shared = Arc::clone(&shared);
            move |wal: &mut rusqlite::hooks::Wal, frames: i32| {
                if frames < limits.cap {
                    ask(&shared, frames, limits.ask_every);
                } else if let Err(error) = wal.checkpoint_v2(CheckpointMode::PASSIVE) {
                    // Busy while the checkpointer copies: the next commit tries again. An
                    // error here would fail a write that has already committed.
                    tracing::debug!(%error, "checkpoint on the writer failed");
                }
                Ok(())
            }
        };
        let checkpointer = Checkpointer {
            shared,
            thread: Some(thread),
        };
        // Installing a hook replaces SQLite's automatic checkpoint, which is the same hook.
        match writer.wal_hook(Some(hook)) {
            Ok(()) => Some(checkpointer),
            Err(error) => {
                tracing::warn!(%error, "no commit hook; the writer checkpoints");
                None
            }
        }
    }

    /// Gives checkpoints back to `writer` and stops the thread, so that the writer's
    /// connection is the last one and its close copies the rest.
    pub fn stop(mut self, writer: &mut Connection) {
        if let Err(error) = writer.wal_hook(None::<fn(&mut rusqlite::hooks::Wal, i32) -> _>) {
            tracing::debug!(%error, "removing the commit hook failed");
        }
        self.join();
    }

    fn join(&mut self) {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .stop = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the cache checkpoint thread panicked");
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.join();
    }
}

/// Called on every commit with the frames now in the WAL (it restarts from 0 once a
/// checkpoint has copied everything and a new write begins).
fn ask(shared: &Shared, frames: i32, every: i32) {
    let mut state = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
    if frames < state.asked_at {
        state.asked_at = 0;
    }
    if frames - state.asked_at >= every {
        state.asked_at = frames;
        state.asked = true;
        shared.wake.notify_one();
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(super::db::BUSY_TIMEOUT)?;
    // A checkpoint reads frames and writes pages; it needs no page cache of its own.
    conn.pragma_update(None, "cache_size", 16)?;
    Ok(conn)
}

fn run(conn: &Connection, shared: &Shared) {
    let mut failing = false;
    loop {
        {
            let mut state = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
            while !state.asked && !state.stop {
                state = shared
                    .wake
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            if state.stop {
                return;
            }
            state.asked = false;
        }
        // A failed checkpoint loses nothing (the frames stay in the WAL and the next one
        // copies them); another instance checkpointing at the same moment makes it busy.
        match conn.wal_checkpoint_v2(Some(rusqlite::MAIN_DB), CheckpointMode::PASSIVE) {
            Ok(_) => failing = false,
            Err(error) if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {}
            Err(error) if !failing => {
                failing = true;
                tracing::warn!(%error, "a checkpoint of the cache failed; the WAL keeps the writes");
            }
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::super::health::with_suffix;
    use super::*;

    /// Asks for no checkpoint and caps nothing: only what the test names happens.
    const NEVER: i32 = i32::MAX;

    /// A WAL database with a table of page-sized rows, as the writer connection sees it.
    fn writer(path: &Path) -> Connection {
        let conn = Connection::open(path).unwrap();
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
        conn.execute_batch("CREATE TABLE pages (data BLOB)")
            .unwrap();
        conn
    }

    /// `count` transactions of `pages` rows, each row taking most of a page.
    fn write(conn: &Connection, count: usize, pages: usize) {
        for _ in 0..count {
            conn.execute_batch("BEGIN").unwrap();
            for _ in 0..pages {
                conn.execute("INSERT INTO pages (data) VALUES (zeroblob(3000))", [])
                    .unwrap();
            }
            conn.execute_batch("COMMIT").unwrap();
        }
    }

    /// Only a checkpoint writes pages into the database file of a WAL database.
    fn database_pages(path: &Path) -> u64 {
        std::fs::metadata(path).map_or(0, |m| m.len()) / 4096
    }

    fn wal_pages(path: &Path) -> u64 {
        std::fs::metadata(with_suffix(path, "-wal")).map_or(0, |m| m.len()) / 4096
    }

    fn rows(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM pages", [], |row| row.get(0))
            .unwrap()
    }

    /// A new database in its own directory, its writer connection and a checkpointer.
    struct Started {
        _dir: tempfile::TempDir,
        path: std::path::PathBuf,
        conn: Connection,
        checkpointer: Checkpointer,
    }

    fn started(limits: Limits) -> Started {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        let mut conn = writer(&path);
        let checkpointer = Checkpointer::start_with(&path, &mut conn, limits).unwrap();
        Started {
            _dir: dir,
            path,
            conn,
            checkpointer,
        }
    }

    fn eventually(what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done() {
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn the_thread_copies_the_wal_into_the_database() {
        let Started {
            _dir,
            path,
            mut conn,
            checkpointer,
        } = started(Limits {
            ask_every: 20,
            cap: NEVER,
        });
        write(&conn, 10, 5);
        eventually("the database file holds the rows", || {
            database_pages(&path) >= 40
        });
        checkpointer.stop(&mut conn);
    }

    #[test]
    fn the_hook_replaces_the_writers_own_automatic_checkpoint() {
        // SQLite's default would have copied these 1,100 pages once the WAL held 1,000.
        let Started {
            _dir,
            path,
            mut conn,
            checkpointer,
        } = started(Limits {
            ask_every: NEVER,
            cap: NEVER,
        });
        write(&conn, 110, 10);
        assert!(
            database_pages(&path) < 10,
            "copied: {} pages",
            database_pages(&path)
        );
        assert!(wal_pages(&path) > 1000);
        checkpointer.stop(&mut conn);
    }

    #[test]
    fn the_writer_starts_the_wal_again_at_the_cap() {
        let Started {
            _dir,
            path,
            mut conn,
            checkpointer,
        } = started(Limits {
            ask_every: NEVER,
            cap: 200,
        });
        // 1,000 pages in transactions of 10: five times the cap.
        write(&conn, 100, 10);
        assert!(
            wal_pages(&path) < 250,
            "the WAL grew to {} pages",
            wal_pages(&path)
        );
        assert!(
            database_pages(&path) > 700,
            "copied: {} pages",
            database_pages(&path)
        );
        checkpointer.stop(&mut conn);
        assert_eq!(rows(&conn), 1000);
    }

    #[test]
    fn stopping_gives_the_writers_close_the_last_copy() {
        let Started {
            _dir,
            path,
            mut conn,
            checkpointer,
        } = started(LIMITS);
        write(&conn, 10, 10);
        checkpointer.stop(&mut conn);
        drop(conn);
        assert!(
            !with_suffix(&path, "-wal").exists(),
            "the last close removes the WAL"
        );
        assert_eq!(rows(&Connection::open(&path).unwrap()), 100);
    }

    #[test]
    fn asking_counts_frames_since_the_last_request_and_the_wal_starting_again() {
        let shared = Shared::default();
        let asked = |frames| {
            ask(&shared, frames, 100);
            std::mem::take(&mut shared.state.lock().unwrap().asked)
        };
        assert!(!asked(50));
        assert!(asked(120));
        assert!(!asked(200), "80 frames since the last request");
        assert!(asked(220));
        // The WAL started again: counting starts again from 0.
        assert!(!asked(30));
        assert!(asked(130));
    }
}
