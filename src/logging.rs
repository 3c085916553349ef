//! Logging with `tracing` to a file in the data directory: never to the terminal while the
//! TUI is up. `AINEWS_LOG` sets the filter (default `info`).

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

pub const LOG_FILE: &str = "ainews-tui.log";

/// Starts logging into `dir/ainews-tui.log` and returns the file's path.
pub fn init(dir: &Path) -> std::io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let path = dir.join(LOG_FILE);
    let file = OpenOptions::new().create(true).append(true).open(&path)?;
    let filter = EnvFilter::try_from_env("AINEWS_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init();
    Ok(path)
}
