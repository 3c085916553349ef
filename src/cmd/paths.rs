//! Where ainews-tui keeps its files: the data directory (the cache) and the log file.

use std::path::{Path, PathBuf};

/// `--data-dir` / `AINEWS_DATA_DIR`, else the platform data directory.
pub fn data_dir(explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir);
    }
    directories::ProjectDirs::from("", "", "ainews-tui")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            anyhow::anyhow!("no home directory found: pass --data-dir DIR or set AINEWS_DATA_DIR")
        })
}

/// Where the log goes: `--log-file`; beside an explicit `--data-dir` (a run kept apart
/// keeps its log with it); else the platform's state directory (on Linux
/// `~/.local/state/ainews-tui/`), else the data directory where there is none.
pub fn log_file(explicit: Option<PathBuf>, data_dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path);
    }
    if let Some(dir) = data_dir {
        return Ok(dir.join(crate::logging::LOG_FILE));
    }
    let dirs = directories::ProjectDirs::from("", "", "ainews-tui").ok_or_else(|| {
        anyhow::anyhow!("no home directory found: pass --log-file PATH or --data-dir DIR")
    })?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_dir());
    Ok(dir.join(crate::logging::LOG_FILE))
}
