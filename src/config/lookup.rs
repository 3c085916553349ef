//! Where the configuration comes from: an explicit path, the user's config file, or the
//! compiled-in default, in that order.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::{Config, ConfigError, ConfigSource, DEFAULT_CONFIG, parse_str};

/// `<platform config dir>/ainews-tui/config.toml` (e.g. `~/.config/ainews-tui/config.toml`
/// on Linux), or `None` when the platform gives no home directory.
pub fn user_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "ainews-tui")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// The files [`load`] consults, in order. An explicit path (`--config` or
/// `AINEWS_CONFIG`) is the only one consulted when given; otherwise the user config path.
/// When none of them exists the compiled-in default is used.
pub fn candidate_paths(explicit: Option<&Path>) -> Vec<PathBuf> {
    match explicit {
        Some(path) => vec![absolute(path)],
        None => user_config_path().into_iter().collect(),
    }
}

/// Loads the configuration.
///
/// An explicit path must exist (a typo in `--config` should not silently fall back to the
/// defaults). Without one, the user's config file is used when it exists, else the
/// compiled-in default. Any error is meant to end the program with exit status 2.
pub fn load(explicit: Option<&Path>) -> Result<(Config, ConfigSource), ConfigError> {
    if let Some(path) = explicit {
        let path = absolute(path);
        return load_file(&path).map(|config| (config, ConfigSource::File(path)));
    }
    match user_config_path() {
        Some(path) if path.exists() => {
            load_file(&path).map(|config| (config, ConfigSource::File(path)))
        }
        _ => parse_str(DEFAULT_CONFIG, super::BUILT_IN_ORIGIN, None)
            .map(|config| (config, ConfigSource::BuiltIn)),
    }
}

/// Reads and validates one config file; its directory is the base for relative feed paths.
pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
    let path = absolute(path);
    let bytes = std::fs::read(&path).map_err(|error| match error.kind() {
        ErrorKind::NotFound => ConfigError::NotFound { path: path.clone() },
        _ => ConfigError::Read {
            path: path.clone(),
            error,
        },
    })?;
    let text = String::from_utf8(bytes).map_err(|_| ConfigError::NotUtf8 { path: path.clone() })?;
    parse_str(&text, &path.display().to_string(), path.parent())
}

/// Makes a path absolute against the working directory (without touching the file system
/// otherwise), so messages name the file unambiguously and relative feed paths have a
/// real base. `~/` is expanded too, for a `--config` value the shell did not expand.
fn absolute(path: &Path) -> PathBuf {
    let expanded = match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => path.to_path_buf(),
    };
    std::path::absolute(&expanded).unwrap_or(expanded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_path_is_the_only_candidate() {
        let candidates = candidate_paths(Some(Path::new("some/dir/my.toml")));
        assert_eq!(candidates.len(), 1);
        assert!(candidates[0].is_absolute());
        assert!(candidates[0].ends_with("some/dir/my.toml"));
    }

    #[test]
    fn user_path_is_under_an_ainews_tui_directory() {
        if let Some(path) = user_config_path() {
            assert!(
                path.ends_with("ainews-tui/config.toml"),
                "{}",
                path.display()
            );
            assert_eq!(candidate_paths(None), vec![path]);
        }
    }

    #[test]
    fn missing_explicit_file_is_an_error_not_a_fallback() {
        let error = load(Some(Path::new("/nonexistent/ainews/config.toml"))).unwrap_err();
        assert!(matches!(error, ConfigError::NotFound { .. }), "{error:?}");
        assert!(
            error
                .to_string()
                .starts_with("/nonexistent/ainews/config.toml: config file not found"),
            "{error}"
        );
    }

    #[test]
    fn non_utf8_files_are_reported_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.toml");
        std::fs::write(&path, b"# caf\xe9\n").unwrap();
        let error = load(Some(&path)).unwrap_err();
        assert!(matches!(error, ConfigError::NotUtf8 { .. }), "{error:?}");
    }

    #[test]
    fn explicit_file_is_loaded_with_its_directory_as_base() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[[feeds]]\nurl = \"local/feed.xml\"\n").unwrap();
        let (config, source) = load(Some(&path)).unwrap();
        assert_eq!(source, ConfigSource::File(path));
        assert_eq!(
            Path::new(&config.feeds[0].url),
            dir.path().join("local/feed.xml")
        );
    }
}
