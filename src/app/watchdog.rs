//! The last resort of the quit path: once the dashboard is quitting, or its terminal is
//! gone, the process ends within a bounded time whatever it is waiting on (a write to a
//! frozen terminal, a stuck flush, an input thread spinning on a hung-up terminal).

use std::path::PathBuf;
use std::sync::{Condvar, Mutex, Once};
use std::time::{Duration, Instant};

/// Exit status when the watchdog had to end the process.
pub const EXIT_STUCK: i32 = 1;

/// How long restoring the terminal may take before the watchdog gives up on it.
const RESTORE_LIMIT: Duration = Duration::from_millis(200);

static DEADLINE: Mutex<Option<Instant>> = Mutex::new(None);
static CHANGED: Condvar = Condvar::new();
static START: Once = Once::new();
/// Directories the normal way out would have removed (the demo's temporary data).
static CLEANUP: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes `dir` if the watchdog has to end the process (the normal way out removes it
/// itself).
pub fn remove_on_forced_exit(dir: PathBuf) {
    CLEANUP.lock().unwrap_or_else(|e| e.into_inner()).push(dir);
}

/// Ends the process `grace` from now unless it has ended by then. A later call can only
/// bring the deadline nearer (a second signal while quitting shortens the wait).
pub fn exit_within(grace: Duration) {
    let at = Instant::now() + grace;
    {
        let mut deadline = DEADLINE.lock().unwrap_or_else(|e| e.into_inner());
        if deadline.is_none_or(|current| at < current) {
            *deadline = Some(at);
        }
    }
    CHANGED.notify_all();
    START.call_once(|| {
        // A thread of its own: the async runtime may be the thing that is stuck.
        let spawned = std::thread::Builder::new()
            .name("quit-watchdog".into())
            .spawn(watch);
        if let Err(err) = spawned {
            tracing::warn!("starting the quit watchdog: {err}");
        }
    });
}

fn watch() {
    let mut deadline = DEADLINE.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let now = Instant::now();
        deadline = match *deadline {
            Some(at) if now >= at => break,
            Some(at) => {
                CHANGED
                    .wait_timeout(deadline, at - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
            None => CHANGED.wait(deadline).unwrap_or_else(|e| e.into_inner()),
        };
    }
    drop(deadline);
    tracing::warn!("quitting took too long (terminal gone or cache flush stuck); exiting now");
    restore_within(RESTORE_LIMIT);
    for dir in CLEANUP.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        let _ = std::fs::remove_dir_all(dir);
    }
    // `exit` flushes stdout only if its lock is free, so a writer stuck on a dead
    // terminal cannot hold the process.
    std::process::exit(EXIT_STUCK);
}

/// Restores the terminal on a helper thread and waits at most `limit`: a write to a
/// terminal nobody reads blocks for ever.
fn restore_within(limit: Duration) {
    let (done, finished) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("restore-terminal".into())
        .spawn(move || {
            super::terminal::restore();
            let _ = done.send(());
        });
    if spawned.is_ok() {
        let _ = finished.recv_timeout(limit);
    }
}
