//! Logging with `tracing` to a file (the state directory by default, see
//! `cmd::paths::log_file`): never to the terminal while the TUI is up. `AINEWS_LOG` sets the filter (default `info`).

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use tracing_subscriber::EnvFilter;

pub const LOG_FILE: &str = "ainews-tui.log";

/// Log writes that failed (a full disk, a removed mount) since the process started.
static WRITE_FAILURES: AtomicU64 = AtomicU64::new(0);

/// How many log writes have failed so far: the dashboard says so once in the status line.
pub fn write_failures() -> u64 {
    WRITE_FAILURES.load(Ordering::Relaxed)
}

/// Starts logging into the file at `path` (its directory made if need be) and returns
/// the path.
pub fn init(path: &Path) -> std::io::Result<PathBuf> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    let path = path.to_path_buf();
    let file = OpenOptions::new().create(true).append(true).open(&path)?;
    let filter = EnvFilter::try_from_env("AINEWS_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(SwallowErrors::new(file, &WRITE_FAILURES)))
        .with_ansi(false)
        .try_init();
    debug_isolated_panic();
    Ok(path)
}

/// A writer that never reports a failure: tracing-subscriber prints "Unable to write an
/// event..." to stderr when its writer fails, which would land on top of the dashboard.
/// A lost log line is counted instead.
pub struct SwallowErrors<W> {
    inner: W,
    failures: &'static AtomicU64,
}

impl<W: Write> SwallowErrors<W> {
    pub fn new(inner: W, failures: &'static AtomicU64) -> SwallowErrors<W> {
        SwallowErrors { inner, failures }
    }
}

impl<W: Write> Write for SwallowErrors<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.inner.write(buf) {
            Ok(written) => Ok(written),
            Err(_) => {
                self.failures.fetch_add(1, Ordering::Relaxed);
                // The bytes are dropped: claiming them written ends the caller's retries.
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.inner.flush().is_err() {
            self.failures.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}

/// Debug builds only: `AINEWS_DEBUG_ISOLATED_PANIC=1` makes one caught panic once logging
/// is up, so a test of the real binary can check that it reaches the log and not stderr
/// (no known feed makes the parser panic on demand).
fn debug_isolated_panic() {
    #[cfg(debug_assertions)]
    if std::env::var_os("AINEWS_DEBUG_ISOLATED_PANIC").is_some_and(|v| v == "1") {
        let _ = crate::isolate::catch_panic(|| panic!("AINEWS_DEBUG_ISOLATED_PANIC was set"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A disk that is always full.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from_raw_os_error(28))
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from_raw_os_error(28))
        }
    }

    #[test]
    fn write_failures_are_counted_never_returned() {
        static FAILURES: AtomicU64 = AtomicU64::new(0);
        let mut writer = SwallowErrors::new(Full, &FAILURES);
        assert_eq!(writer.write(b"one line\n").unwrap(), 9);
        writer.write_all(b"another line\n").unwrap();
        writer.flush().unwrap();
        assert_eq!(FAILURES.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn good_writes_pass_through() {
        static FAILURES: AtomicU64 = AtomicU64::new(0);
        let mut writer = SwallowErrors::new(Vec::new(), &FAILURES);
        writer.write_all(b"kept\n").unwrap();
        assert_eq!(writer.inner, b"kept\n");
        assert_eq!(FAILURES.load(Ordering::Relaxed), 0);
    }
}
