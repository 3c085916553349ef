//! Where ainews-tui keeps its files: the data directory (cache, log).

use std::path::PathBuf;

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
