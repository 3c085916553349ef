//! `config check` and `config path`: validate the configuration, and show where it is
//! looked up and which file is used.

use std::io::Write;
use std::path::Path;

use crate::config::{self, Config, ConfigError, ConfigSource};

/// Loads the configuration the way the app would and prints a one-line summary, e.g.
/// `ok: /home/u/.config/ainews-tui/config.toml: 14 feeds (13 enabled), 3 topic terms added`.
/// A bad config is returned as the error (the binary prints it and exits with status 2).
pub fn check(explicit: Option<&Path>, out: &mut dyn Write) -> Result<(), ConfigError> {
    let (config, source) = config::load(explicit)?;
    writeln!(out, "{}", summary(&config, &source)).map_err(ConfigError::Output)
}

/// The `check` line for a loaded config.
pub fn summary(config: &Config, source: &ConfigSource) -> String {
    let feeds = config.feeds.len();
    let enabled = config.feeds.iter().filter(|feed| feed.enabled).count();
    let terms = config.topics.term_count();
    let topic_part = if config.topics.replace_defaults {
        format!(
            "{terms} topic {} (replacing the built-in terms)",
            plural(terms, "term", "terms")
        )
    } else {
        format!("{terms} topic {} added", plural(terms, "term", "terms"))
    };
    format!(
        "ok: {source}: {feeds} {} ({enabled} enabled), {topic_part}",
        plural(feeds, "feed", "feeds")
    )
}

/// Prints the lookup order, marking which file exists and which one is used.
pub fn path(explicit: Option<&Path>, out: &mut dyn Write) -> std::io::Result<()> {
    let explicit = config::candidate_paths(explicit)
        .into_iter()
        .next()
        .filter(|_| explicit.is_some());
    let user = config::user_config_path();
    for line in lookup_report(explicit.as_deref(), user.as_deref(), &|path| path.is_file()) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The lines of `path`'s report. `exists` is injected so the logic is testable without
/// touching the real config directory.
fn lookup_report(
    explicit: Option<&Path>,
    user: Option<&Path>,
    exists: &dyn Fn(&Path) -> bool,
) -> Vec<String> {
    let mut lines = vec!["config lookup order (the first that applies is used):".to_owned()];
    let mut used = false;
    match explicit {
        Some(path) if exists(path) => {
            lines.push(format!(
                "  1. --config / AINEWS_CONFIG: {} (used)",
                path.display()
            ));
            used = true;
        }
        Some(path) => {
            lines.push(format!(
                "  1. --config / AINEWS_CONFIG: {} (not found: loading will fail)",
                path.display()
            ));
            used = true;
        }
        None => lines.push("  1. --config / AINEWS_CONFIG: not set".to_owned()),
    }
    match user {
        Some(path) if used => lines.push(format!(
            "  2. user config: {} (skipped: --config given)",
            path.display()
        )),
        Some(path) if exists(path) => {
            lines.push(format!("  2. user config: {} (used)", path.display()));
            used = true;
        }
        Some(path) => lines.push(format!("  2. user config: {} (not found)", path.display())),
        None => lines.push("  2. user config: no home directory known".to_owned()),
    }
    lines.push(if used {
        "  3. built-in default".to_owned()
    } else {
        "  3. built-in default (used)".to_owned()
    });
    lines
}

fn plural<'w>(count: usize, one: &'w str, many: &'w str) -> &'w str {
    if count == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/config")
            .join(name)
    }

    #[test]
    fn check_prints_a_summary_of_a_valid_file() {
        let path = fixture("valid_full.toml");
        let mut out = Vec::new();
        check(Some(&path), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            format!(
                "ok: {}: 3 feeds (2 enabled), 4 topic terms added\n",
                path.display()
            )
        );
    }

    #[test]
    fn check_returns_the_error_of_an_invalid_file() {
        let mut out = Vec::new();
        let error = check(Some(&fixture("unknown_key.toml")), &mut out).unwrap_err();
        assert!(!error.problems().is_empty());
        assert!(out.is_empty());
    }

    #[test]
    fn summary_says_when_terms_replace_the_defaults() {
        let mut config = Config::default();
        config.topics.replace_defaults = true;
        config.topics.us.push(config::TermSpec {
            term: "NIST".into(),
            case_sensitive: None,
            weight: None,
        });
        assert_eq!(
            summary(&config, &ConfigSource::BuiltIn),
            "ok: <built-in default config>: 0 feeds (0 enabled), 1 topic term (replacing the \
             built-in terms)"
        );
    }

    #[test]
    fn lookup_marks_the_explicit_file_as_used() {
        let lines = lookup_report(
            Some(Path::new("/a/config.toml")),
            Some(Path::new("/home/u/.config/ainews-tui/config.toml")),
            &|_| true,
        );
        assert_eq!(
            lines[1],
            "  1. --config / AINEWS_CONFIG: /a/config.toml (used)"
        );
        assert!(
            lines[2].ends_with("(skipped: --config given)"),
            "{}",
            lines[2]
        );
        assert_eq!(lines[3], "  3. built-in default");
    }

    #[test]
    fn lookup_marks_a_missing_explicit_file() {
        let lines = lookup_report(Some(Path::new("/a/config.toml")), None, &|_| false);
        assert!(
            lines[1].ends_with("(not found: loading will fail)"),
            "{}",
            lines[1]
        );
        assert_eq!(lines[3], "  3. built-in default");
    }

    #[test]
    fn lookup_falls_back_to_the_user_file_then_the_default() {
        let user = Path::new("/home/u/.config/ainews-tui/config.toml");
        let found = lookup_report(None, Some(user), &|_| true);
        assert_eq!(found[1], "  1. --config / AINEWS_CONFIG: not set");
        assert_eq!(
            found[2],
            format!("  2. user config: {} (used)", user.display())
        );
        assert_eq!(found[3], "  3. built-in default");
        let missing = lookup_report(None, Some(user), &|_| false);
        assert!(missing[2].ends_with("(not found)"));
        assert_eq!(missing[3], "  3. built-in default (used)");
    }

    #[test]
    fn path_prints_every_step() {
        let mut out = Vec::new();
        path(None, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(text.contains("built-in default"));
    }
}
