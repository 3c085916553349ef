//! Where newsboat keeps its files, as newsboat itself decides: when the XDG config
//! directory `$XDG_CONFIG_HOME/newsboat` (default `~/.config/newsboat`) exists, the urls
//! file is there and the cache in `$XDG_DATA_HOME/newsboat` (default
//! `~/.local/share/newsboat`); otherwise both are in `~/.newsboat`.

use std::path::PathBuf;

/// Newsboat's urls file and cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsboatPaths {
    pub urls: PathBuf,
    pub cache: PathBuf,
}

/// `None` without a home directory.
pub fn newsboat_paths() -> Option<NewsboatPaths> {
    let home = directories::BaseDirs::new()?.home_dir().to_path_buf();
    let xdg = |var: &str, fallback: &[&str]| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
            .unwrap_or_else(|| {
                fallback
                    .iter()
                    .fold(home.clone(), |path, part| path.join(part))
            })
            .join("newsboat")
    };
    let config_dir = xdg("XDG_CONFIG_HOME", &[".config"]);
    Some(if config_dir.is_dir() {
        NewsboatPaths {
            urls: config_dir.join("urls"),
            cache: xdg("XDG_DATA_HOME", &[".local", "share"]).join("cache.db"),
        }
    } else {
        let dot = home.join(".newsboat");
        NewsboatPaths {
            urls: dot.join("urls"),
            cache: dot.join("cache.db"),
        }
    })
}
