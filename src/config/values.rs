//! The small value languages inside the config (durations, byte sizes, feed locations) and
//! the "did you mean" helper. Pure functions: no I/O, no environment.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where a feed is read from, as written in the config (before path resolution).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum FeedLocation {
    /// An http or https URL, kept exactly as written so the fetcher sees what the user wrote.
    Web { url: String, identity: String },
    /// A local file: a plain path or the path inside a `file://` URL, still unresolved.
    Local(String),
}

/// Parses a duration like "90s", "15m", "2h", "1h 30m" or "1 day" (humantime syntax).
/// Zero is refused: every duration in the config is an interval or a timeout.
pub(super) fn parse_duration(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    let duration = humantime::parse_duration(trimmed).map_err(|err| duration_hint(trimmed, err))?;
    if duration.is_zero() {
        return Err(format!(
            "`{trimmed}` is zero; it must be longer than that, e.g. \"30s\" or \"15m\""
        ));
    }
    Ok(duration)
}

fn duration_hint(text: &str, err: humantime::DurationError) -> String {
    const EXAMPLES: &str = "write a number and a unit, e.g. \"90s\", \"15m\", \"2h\" or \"1h 30m\"";
    match err {
        humantime::DurationError::Empty => format!("the duration is empty; {EXAMPLES}"),
        humantime::DurationError::UnknownUnit { unit, value, .. } if unit.is_empty() => {
            format!("`{text}` has no unit; write \"{value}s\", \"{value}m\" or \"{value}h\"")
        }
        humantime::DurationError::UnknownUnit { unit, .. } => {
            format!("`{text}` has an unknown unit `{unit}`; use ms, s, m, h or d, e.g. \"15m\"")
        }
        humantime::DurationError::NumberOverflow => format!("`{text}` is far too long"),
        _ => format!("`{text}` is not a duration; {EXAMPLES}"),
    }
}

/// Parses a byte size like "10MiB", "512KB", "1.5 MB" or "2048". KB, MB and GB are powers
/// of 1000; KiB, MiB and GiB powers of 1024. Units are case-insensitive; zero is refused.
pub(super) fn parse_byte_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let number = number.replace('_', "");
    let unit = unit.trim();
    let multiplier: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "k" | "m" | "g" => {
            return Err(format!(
                "`{trimmed}`: the unit `{unit}` is ambiguous; write {u}B (powers of 1000) or \
                 {u}iB (powers of 1024), e.g. \"10MiB\"",
                u = unit.to_ascii_uppercase()
            ));
        }
        _ => {
            return Err(format!(
                "`{trimmed}` is not a byte size; write a number and one of B, KB, KiB, MB, \
                 MiB, GB, GiB, e.g. \"10MiB\" or \"512KB\""
            ));
        }
    };
    let bytes = if number.contains('.') {
        let value: f64 = number
            .parse()
            .map_err(|_| format!("`{trimmed}` does not start with a number, e.g. \"10MiB\""))?;
        let bytes = (value * multiplier as f64).round();
        if bytes >= u64::MAX as f64 {
            return Err(format!("`{trimmed}` is far too large"));
        }
        bytes as u64
    } else {
        let value: u64 = number
            .parse()
            .map_err(|_| format!("`{trimmed}` does not start with a number, e.g. \"10MiB\""))?;
        value
            .checked_mul(multiplier)
            .ok_or_else(|| format!("`{trimmed}` is far too large"))?
    };
    if bytes == 0 {
        return Err(format!(
            "`{trimmed}` is zero bytes; no feed would fit, use e.g. \"10MiB\""
        ));
    }
    Ok(bytes)
}

/// Classifies a feed `url` value. Only http(s), `file://` and plain paths are accepted;
/// anything that could end up running a program (`|cmd`, `exec:`) or is not a feed
/// transport (`javascript:`, `ftp:`) is refused with a message saying what is allowed.
pub(super) fn parse_feed_location(text: &str) -> Result<FeedLocation, String> {
    const ALLOWED: &str =
        "use an http:// or https:// URL, a file:// URL or the path of a local feed file";
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("the feed URL is empty; {ALLOWED}"));
    }
    if text.chars().any(char::is_control) {
        return Err(format!(
            "the feed URL contains control characters (a tab or newline?); {ALLOWED}"
        ));
    }
    if text.starts_with('|') || text.ends_with('|') {
        return Err(format!(
            "commands are not feeds: ainews-tui never runs programs from the config; {ALLOWED}"
        ));
    }
    if let Some(rest) = strip_prefix_ignore_case(text, "file:") {
        return parse_file_url(text, rest).map(FeedLocation::Local);
    }
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => {
            if url.host_str().is_none_or(str::is_empty) {
                return Err(format!("`{text}` has no host name; {ALLOWED}"));
            }
            Ok(FeedLocation::Web {
                url: text.to_owned(),
                identity: url.to_string(),
            })
        }
        // A single-letter "scheme" is a Windows drive letter: `C:\feeds\a.xml`.
        Ok(url) if url.scheme().len() == 1 => Ok(FeedLocation::Local(text.to_owned())),
        Ok(url) => {
            let scheme = url.scheme();
            let mut message = format!("unsupported scheme `{scheme}:` in `{text}`; {ALLOWED}");
            if scheme.contains('.') || scheme == "localhost" {
                message.push_str(&format!(" (for a web address write `https://{text}`)"));
            }
            Err(message)
        }
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            if strip_prefix_ignore_case(text, "www.").is_some() {
                return Err(format!(
                    "`{text}` looks like a web address without a scheme; write `https://{text}`"
                ));
            }
            Ok(FeedLocation::Local(text.to_owned()))
        }
        Err(err) => Err(format!("`{text}` is not a valid URL ({err}); {ALLOWED}")),
    }
}

/// The path inside a `file:` URL. `file:///abs` and `file://localhost/abs` are absolute;
/// `file://rel/x.xml`, `file:rel/x.xml` and `file://~/x.xml` are relative to the config
/// file's directory (or home), which is more useful in a config than a host name.
fn parse_file_url(text: &str, rest: &str) -> Result<String, String> {
    let after_slashes = rest.strip_prefix("//").unwrap_or(rest);
    let after_host = strip_prefix_ignore_case(after_slashes, "localhost/")
        .map(|p| &after_slashes[after_slashes.len() - p.len() - 1..])
        .unwrap_or(after_slashes);
    if after_host.is_empty() || after_host == "/" {
        return Err(format!(
            "`{text}` names no file; write e.g. `file:///home/me/feed.xml`"
        ));
    }
    if after_host.starts_with('/') {
        // Absolute: let the url crate undo percent-encoding (`%20`) and handle `/C:/...`.
        let absolute = format!("file://{after_host}");
        return url::Url::parse(&absolute)
            .ok()
            .and_then(|url| url.to_file_path().ok())
            .map(|path| path.to_string_lossy().into_owned())
            .ok_or_else(|| format!("`{text}` is not a valid file URL"));
    }
    Ok(after_host.to_owned())
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Resolves a local feed path: `~/` is the home directory, a relative path is relative to
/// `base_dir` (the config file's directory) when there is one.
pub(super) fn resolve_local_path(
    path: &str,
    base_dir: Option<&Path>,
    home: Option<&Path>,
) -> Result<PathBuf, String> {
    if path == "~" || path.starts_with("~/") || path.starts_with("~\\") {
        let home = home.ok_or_else(|| {
            format!(
                "cannot expand `~` in `{path}`: the home directory is unknown; write the full path"
            )
        })?;
        let rest = path[1..].trim_start_matches(['/', '\\']);
        return Ok(if rest.is_empty() {
            home.to_path_buf()
        } else {
            home.join(rest)
        });
    }
    if path.starts_with('~') {
        return Err(format!(
            "only `~/` (your own home) is expanded, not `{path}`; write the full path"
        ));
    }
    let path = Path::new(path);
    Ok(match base_dir {
        Some(base) if path.is_relative() => base.join(path),
        _ => path.to_path_buf(),
    })
}

/// The closest valid key to a misspelt one, if any is close enough to be a likely typo.
/// Case and `-` versus `_` are ignored, so `User-Agent` finds `user_agent`.
pub(super) fn did_you_mean<'k>(unknown: &str, valid: &[&'k str]) -> Option<&'k str> {
    let normalized = unknown.to_lowercase().replace('-', "_");
    valid
        .iter()
        .map(|candidate| {
            (
                strsim::damerau_levenshtein(&normalized, candidate),
                *candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_accept_humantime_forms() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("15 minutes"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
    }

    #[test]
    fn durations_refuse_words_bare_numbers_and_zero() {
        assert!(
            parse_duration("fast")
                .unwrap_err()
                .contains("not a duration")
        );
        assert!(
            parse_duration("15")
                .unwrap_err()
                .contains("no unit; write \"15s\"")
        );
        assert!(parse_duration("0s").unwrap_err().contains("zero"));
        assert!(parse_duration("").unwrap_err().contains("empty"));
        assert!(
            parse_duration("3 fortnights")
                .unwrap_err()
                .contains("unknown unit")
        );
    }

    #[test]
    fn byte_sizes_know_decimal_and_binary_units() {
        assert_eq!(parse_byte_size("10MiB"), Ok(10 * 1024 * 1024));
        assert_eq!(parse_byte_size("512KB"), Ok(512_000));
        assert_eq!(parse_byte_size("512 kib"), Ok(512 * 1024));
        assert_eq!(parse_byte_size("1.5 MB"), Ok(1_500_000));
        assert_eq!(parse_byte_size("2048"), Ok(2048));
        assert_eq!(parse_byte_size("1_000B"), Ok(1000));
    }

    #[test]
    fn byte_sizes_refuse_zero_ambiguity_and_nonsense() {
        assert!(parse_byte_size("0").unwrap_err().contains("zero"));
        assert!(parse_byte_size("10M").unwrap_err().contains("ambiguous"));
        assert!(
            parse_byte_size("lots")
                .unwrap_err()
                .contains("not a byte size")
        );
        assert!(parse_byte_size("MiB").unwrap_err().contains("number"));
        assert!(
            parse_byte_size("99999999999GiB")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn web_urls_are_kept_as_written() {
        let location = parse_feed_location(" https://Example.com/feed ").unwrap();
        assert_eq!(
            location,
            FeedLocation::Web {
                url: "https://Example.com/feed".into(),
                identity: "https://example.com/feed".into(),
            }
        );
    }

    #[test]
    fn dangerous_and_foreign_schemes_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "ftp://example.com/feed",
            "exec:rm -rf /",
            "|curl example.com",
            "ls |",
            "data:text/xml,<rss/>",
        ] {
            assert!(parse_feed_location(bad).is_err(), "{bad} was accepted");
        }
        let message = parse_feed_location("ftp://example.com/feed").unwrap_err();
        assert!(message.contains("unsupported scheme `ftp:`"), "{message}");
    }

    #[test]
    fn hosts_without_scheme_get_a_hint() {
        let message = parse_feed_location("www.36kr.com/feed").unwrap_err();
        assert!(
            message.contains("write `https://www.36kr.com/feed`"),
            "{message}"
        );
        let message = parse_feed_location("localhost:8080/feed").unwrap_err();
        assert!(message.contains("https://localhost:8080/feed"), "{message}");
    }

    #[test]
    fn file_urls_and_paths_are_local() {
        let local = |text: &str| match parse_feed_location(text) {
            Ok(FeedLocation::Local(path)) => path,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(local("feeds/a.xml"), "feeds/a.xml");
        assert_eq!(local("/var/feeds/a.xml"), "/var/feeds/a.xml");
        assert_eq!(local("file://feeds/a.xml"), "feeds/a.xml");
        assert_eq!(local("file:feeds/a.xml"), "feeds/a.xml");
        assert_eq!(local("file://~/a.xml"), "~/a.xml");
        assert_eq!(local("C:\\feeds\\a.xml"), "C:\\feeds\\a.xml");
        #[cfg(unix)]
        {
            assert_eq!(local("file:///var/my%20feeds/a.xml"), "/var/my feeds/a.xml");
            assert_eq!(local("FILE://localhost/var/a.xml"), "/var/a.xml");
        }
        assert!(parse_feed_location("file://").is_err());
        assert!(parse_feed_location("").is_err());
    }

    #[test]
    fn local_paths_resolve_against_base_and_home() {
        let base = Path::new("/etc/ainews");
        let home = Path::new("/home/u");
        let resolve = |p| resolve_local_path(p, Some(base), Some(home)).unwrap();
        assert_eq!(resolve("feeds/a.xml"), Path::new("/etc/ainews/feeds/a.xml"));
        assert_eq!(resolve("~/a.xml"), Path::new("/home/u/a.xml"));
        #[cfg(unix)]
        assert_eq!(resolve("/abs/a.xml"), Path::new("/abs/a.xml"));
        assert_eq!(
            resolve_local_path("a.xml", None, None).unwrap(),
            Path::new("a.xml")
        );
        assert!(resolve_local_path("~/a.xml", None, None).is_err());
        assert!(resolve_local_path("~bob/a.xml", Some(base), Some(home)).is_err());
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let keys = ["url", "name", "refresh", "tags", "enabled"];
        assert_eq!(did_you_mean("refrsh", &keys), Some("refresh"));
        assert_eq!(did_you_mean("URL", &keys), Some("url"));
        assert_eq!(did_you_mean("tag", &keys), Some("tags"));
        assert_eq!(did_you_mean("colour", &keys), None);
        assert_eq!(
            did_you_mean("User-Agent", &["user_agent", "timeout"]),
            Some("user_agent")
        );
    }
}
