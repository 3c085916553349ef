//! Demo mode: bundled feeds rendered into a temporary directory.
//!
//! `--demo` runs the whole real pipeline offline. The feed templates in `assets/demo/` are
//! compiled in, their `{{date:-OFFSET}}` placeholders are replaced with dates relative to
//! "now" (so the demo never looks stale), and the results are written under
//! `<dir>/feeds/` and polled as `file://` feeds like any other.
//!
//! The date format of a template follows its file extension: `.rss` (RSS 2.0) gets
//! RFC 2822 dates, `.atom`, `.json` (JSON Feed 1.1) and `.rdf` (RSS 1.0, `dc:date`) get
//! RFC 3339 dates. See `assets/demo/README.md`.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use crate::config::{Config, FeedConfig, FetchConfig, TopicsConfig};

/// How a rendered date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// `Sat, 28 Nov 2026 09:41:00 +0000` (RSS 2.0 `pubDate`).
    Rfc2822,
    /// `2026-11-28T09:41:00Z` (Atom, JSON Feed, RSS 1.0 `dc:date`).
    Rfc3339,
}

impl DateFormat {
    /// The date format for a template file name, decided by its extension.
    pub fn for_template_name(name: &str) -> Option<DateFormat> {
        let ext = Path::new(name).extension()?.to_str()?;
        match ext {
            "rss" => Some(DateFormat::Rfc2822),
            "atom" | "json" | "rdf" => Some(DateFormat::Rfc3339),
            _ => None,
        }
    }

    /// Formats a Unix timestamp (seconds, UTC).
    pub fn format(self, unix: i64) -> String {
        let days = unix.div_euclid(86_400);
        let secs = unix.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
        match self {
            DateFormat::Rfc3339 => {
                format!("{year:04}-{month:02}-{day:02}T{hh:02}:{mm:02}:{ss:02}Z")
            }
            DateFormat::Rfc2822 => {
                const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
                const MONTHS: [&str; 12] = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                // 1970-01-01 was a Thursday.
                let weekday = WEEKDAYS[days.rem_euclid(7) as usize];
                let month = MONTHS[(month - 1) as usize];
                format!("{weekday}, {day:02} {month} {year:04} {hh:02}:{mm:02}:{ss:02} +0000")
            }
        }
    }
}

/// A template could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    /// A `{{...}}` placeholder that is not a valid `{{date:-OFFSET}}`.
    #[error(
        "bad placeholder `{placeholder}` at byte {offset}: expected {{{{date:-OFFSET}}}} with OFFSET like 4m, 3h or 2d5h"
    )]
    BadPlaceholder { placeholder: String, offset: usize },
    /// A `{{` with no closing `}}` on the same line.
    #[error("unterminated placeholder `{placeholder}` at byte {offset}")]
    Unterminated { placeholder: String, offset: usize },
}

/// Replaces every `{{date:-OFFSET}}` in `template` with `now - OFFSET` written in `format`.
///
/// OFFSET is one or more `<number><unit>` pairs, units `s`, `m`, `h`, `d` (e.g. `4m`, `3h`,
/// `2d5h`). Any other `{{...}}` is an error naming it.
pub fn render_template(template: &str, format: DateFormat, now: i64) -> Result<String, DemoError> {
    let mut out = String::with_capacity(template.len() + template.len() / 8);
    let mut rest = template;
    let mut consumed = 0;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let line_end = after.find('\n').unwrap_or(after.len());
        let Some(end) = after[..line_end].find("}}") else {
            return Err(DemoError::Unterminated {
                placeholder: rest[start..start + 2 + line_end].chars().take(40).collect(),
                offset: consumed + start,
            });
        };
        let inner = &after[..end];
        let seconds = inner
            .strip_prefix("date:-")
            .and_then(parse_offset)
            .ok_or_else(|| DemoError::BadPlaceholder {
                placeholder: format!("{{{{{inner}}}}}"),
                offset: consumed + start,
            })?;
        out.push_str(&format.format(now.saturating_sub(seconds)));
        let next = start + 2 + end + 2;
        consumed += next;
        rest = &rest[next..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses `2d5h`, `4m`, `90s` into seconds; `None` if malformed or empty.
fn parse_offset(spec: &str) -> Option<i64> {
    if spec.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    let mut number: Option<i64> = None;
    for c in spec.chars() {
        if let Some(digit) = c.to_digit(10) {
            number = Some(
                number
                    .unwrap_or(0)
                    .checked_mul(10)?
                    .checked_add(digit.into())?,
            );
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        total = total.checked_add(number.take()?.checked_mul(unit)?)?;
    }
    // A trailing number without a unit is ambiguous: reject it.
    if number.is_some() {
        return None;
    }
    Some(total)
}

/// Days since 1970-01-01 to a (year, month, day) civil date in the proleptic Gregorian
/// calendar (Howard Hinnant's algorithm; valid for negative days too).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// One bundled demo feed.
#[derive(Debug, Clone, Copy)]
pub struct DemoFeed {
    /// Template file name in `assets/demo/`; its extension decides the date format.
    pub template_name: &'static str,
    pub template: &'static str,
    /// File name written under `<dir>/feeds/`.
    pub output_name: &'static str,
    /// The fictional outlet's display name.
    pub name: &'static str,
    pub tags: &'static [&'static str],
}

/// The bundled demo feeds, in display order.
pub const DEMO_FEEDS: &[DemoFeed] = &[
    DemoFeed {
        template_name: "silicon-policy-wire.rss",
        template: include_str!("../assets/demo/silicon-policy-wire.rss"),
        output_name: "silicon-policy-wire.xml",
        name: "Silicon Policy Wire (demo)",
        tags: &["demo", "policy"],
    },
    DemoFeed {
        template_name: "pacific-chip-report.rss",
        template: include_str!("../assets/demo/pacific-chip-report.rss"),
        output_name: "pacific-chip-report.xml",
        name: "Pacific Chip Report (demo)",
        tags: &["demo", "chips"],
    },
    DemoFeed {
        template_name: "frontier-labs-weekly.atom",
        template: include_str!("../assets/demo/frontier-labs-weekly.atom"),
        output_name: "frontier-labs-weekly.xml",
        name: "Frontier Labs Weekly (demo)",
        tags: &["demo", "labs"],
    },
    DemoFeed {
        template_name: "shenzhen-tech-daily.json",
        template: include_str!("../assets/demo/shenzhen-tech-daily.json"),
        output_name: "shenzhen-tech-daily.json",
        name: "Shenzhen Tech Daily (demo)",
        tags: &["demo", "china"],
    },
    DemoFeed {
        template_name: "ai-qianyan.rdf",
        template: include_str!("../assets/demo/ai-qianyan.rdf"),
        output_name: "ai-qianyan.xml",
        name: "AI 前沿观察 (demo)",
        tags: &["demo", "china", "zh"],
    },
];

impl DemoFeed {
    /// The date format of this feed's template.
    pub fn date_format(&self) -> DateFormat {
        // The table above only names known extensions; a unit test checks every entry.
        DateFormat::for_template_name(self.template_name).unwrap_or(DateFormat::Rfc3339)
    }

    /// The rendered feed document for `now`.
    pub fn render(&self, now: i64) -> Result<String, DemoError> {
        render_template(self.template, self.date_format(), now)
    }
}

/// Renders every demo feed into `dir/feeds/` and returns one feed configuration per file,
/// with absolute `file://` URLs.
pub fn write_demo_feeds(dir: &Path, now: i64) -> std::io::Result<Vec<FeedConfig>> {
    let feeds_dir = dir.join("feeds");
    std::fs::create_dir_all(&feeds_dir)?;
    // `absolute` rather than `canonicalize`: no symlink resolution, no Windows `\\?\` prefix.
    let feeds_dir = std::path::absolute(&feeds_dir)?;
    let mut configs = Vec::with_capacity(DEMO_FEEDS.len());
    for feed in DEMO_FEEDS {
        let rendered = feed.render(now).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                DemoTemplateError {
                    template: feed.template_name,
                    source: e,
                },
            )
        })?;
        let path = feeds_dir.join(feed.output_name);
        std::fs::write(&path, rendered)?;
        let url = url::Url::from_file_path(&path).map_err(|()| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("cannot make a file:// URL from {}", path.display()),
            )
        })?;
        configs.push(FeedConfig {
            url: url.to_string(),
            name: Some(feed.name.to_string()),
            refresh: Some(Duration::from_secs(60)),
            tags: feed.tags.iter().map(|t| t.to_string()).collect(),
            enabled: true,
        });
    }
    Ok(configs)
}

/// A demo template failed to render (names the template).
#[derive(Debug)]
struct DemoTemplateError {
    template: &'static str,
    source: DemoError,
}

impl fmt::Display for DemoTemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "demo template {}: {}", self.template, self.source)
    }
}

impl std::error::Error for DemoTemplateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The fetch settings used in demo mode.
pub fn demo_fetch_config() -> FetchConfig {
    FetchConfig {
        concurrency: 8,
        per_host: 2,
        timeout: Duration::from_secs(30),
        connect_timeout: Duration::from_secs(10),
        max_bytes: 10 * 1024 * 1024,
        user_agent: "ainews-tui-demo".to_string(),
        refresh: Duration::from_secs(30 * 60),
    }
}

/// A complete configuration for demo mode: the demo feeds written under `dir`, default
/// fetch settings and the built-in topic rules.
pub fn demo_config(dir: &Path, now: i64) -> std::io::Result<Config> {
    Ok(Config {
        feeds: write_demo_feeds(dir, now)?,
        fetch: demo_fetch_config(),
        topics: TopicsConfig::default(),
        storage: crate::config::StorageConfig::default(),
        watchlist: ["DeepSeek", "H20", "export controls", "Ascend"]
            .map(String::from)
            .to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// 2026-11-28T09:41:00Z, a Saturday.
    const NOW: i64 = 1_795_858_860;
    const DAY: i64 = 86_400;

    #[test]
    fn formats_rfc3339_and_rfc2822() {
        assert_eq!(DateFormat::Rfc3339.format(NOW), "2026-11-28T09:41:00Z");
        assert_eq!(
            DateFormat::Rfc2822.format(NOW),
            "Sat, 28 Nov 2026 09:41:00 +0000"
        );
        let cases = [
            (0, "1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 +0000"),
            (
                1_709_251_199,
                "2024-02-29T23:59:59Z",
                "Thu, 29 Feb 2024 23:59:59 +0000",
            ),
            (
                951_868_800,
                "2000-03-01T00:00:00Z",
                "Wed, 01 Mar 2000 00:00:00 +0000",
            ),
            (
                4_107_542_400,
                "2100-03-01T00:00:00Z",
                "Mon, 01 Mar 2100 00:00:00 +0000",
            ),
            (
                -43_200,
                "1969-12-31T12:00:00Z",
                "Wed, 31 Dec 1969 12:00:00 +0000",
            ),
        ];
        for (unix, rfc3339, rfc2822) in cases {
            assert_eq!(DateFormat::Rfc3339.format(unix), rfc3339, "{unix}");
            assert_eq!(DateFormat::Rfc2822.format(unix), rfc2822, "{unix}");
        }
    }

    #[test]
    fn civil_from_days_round_trips_every_day_for_four_centuries() {
        // Cross-check against a naive day counter from 1970-01-01 forward.
        let (mut y, mut m, mut d) = (1970_i64, 1_u32, 1_u32);
        for days in 0..146_097 {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let month_len = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            d += 1;
            if d > month_len {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }

    #[test]
    fn renders_placeholders_per_format() {
        let template = "<a>{{date:-4m}}</a><b>{{date:-3h}}</b><c>{{date:-2d5h}}</c>";
        let rss = render_template(template, DateFormat::Rfc2822, NOW).unwrap();
        assert_eq!(
            rss,
            "<a>Sat, 28 Nov 2026 09:37:00 +0000</a><b>Sat, 28 Nov 2026 06:41:00 +0000</b>\
             <c>Thu, 26 Nov 2026 04:41:00 +0000</c>"
        );
        let atom = render_template(template, DateFormat::Rfc3339, NOW).unwrap();
        assert_eq!(
            atom,
            "<a>2026-11-28T09:37:00Z</a><b>2026-11-28T06:41:00Z</b><c>2026-11-26T04:41:00Z</c>"
        );
    }

    #[test]
    fn renders_seconds_zero_offsets_and_unicode_around_placeholders() {
        let out = render_template("前{{date:-90s}}后 {{date:-0m}}", DateFormat::Rfc3339, NOW);
        assert_eq!(
            out.unwrap(),
            "前2026-11-28T09:39:30Z后 2026-11-28T09:41:00Z"
        );
        let plain = "no placeholders here { } }} {";
        assert_eq!(
            render_template(plain, DateFormat::Rfc2822, NOW).unwrap(),
            plain
        );
    }

    #[test]
    fn bad_placeholders_are_errors_naming_them() {
        for bad in [
            "{{date:+4m}}",
            "{{date:-4x}}",
            "{{date:-4}}",
            "{{date:-}}",
            "{{date:-m}}",
            "{{title}}",
            "{{ date:-4m }}",
            "{{date:-99999999999999999999d}}",
        ] {
            let template = format!("<x>ok {{{{date:-1m}}}}</x><y>{bad}</y>");
            let err = render_template(&template, DateFormat::Rfc3339, NOW).unwrap_err();
            match &err {
                DemoError::BadPlaceholder {
                    placeholder,
                    offset,
                } => {
                    assert_eq!(placeholder, bad);
                    assert_eq!(&template[*offset..*offset + bad.len()], bad);
                }
                other => panic!("{bad}: unexpected {other:?}"),
            }
            assert!(err.to_string().contains(bad), "{err}");
        }
    }

    #[test]
    fn unterminated_placeholder_is_an_error() {
        let err = render_template("a {{date:-4m\n}}", DateFormat::Rfc2822, NOW).unwrap_err();
        assert!(
            matches!(err, DemoError::Unterminated { offset: 2, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("{{date:-4m"), "{err}");
    }

    #[test]
    fn every_template_has_a_known_date_format() {
        for feed in DEMO_FEEDS {
            assert!(
                DateFormat::for_template_name(feed.template_name).is_some(),
                "{}",
                feed.template_name
            );
        }
        assert_eq!(
            DateFormat::for_template_name("x.rss"),
            Some(DateFormat::Rfc2822)
        );
        assert_eq!(
            DateFormat::for_template_name("x.atom"),
            Some(DateFormat::Rfc3339)
        );
        assert_eq!(DateFormat::for_template_name("x.txt"), None);
    }

    fn parse(feed: &DemoFeed, now: i64) -> (String, feed_rs::model::Feed) {
        let rendered = feed
            .render(now)
            .unwrap_or_else(|e| panic!("{}: {e}", feed.template_name));
        let parsed = feed_rs::parser::parse(rendered.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}", feed.template_name));
        (rendered, parsed)
    }

    #[test]
    fn rendered_feeds_parse_with_enough_items_and_past_dates() {
        let mut total = 0;
        let mut day_ages = BTreeSet::new();
        for feed in DEMO_FEEDS {
            let (rendered, parsed) = parse(feed, NOW);
            assert!(!rendered.contains("{{"), "{}", feed.template_name);
            let n = parsed.entries.len();
            assert!(n >= 8, "{}: only {n} items", feed.template_name);
            total += n;
            let mut ids = BTreeSet::new();
            for entry in &parsed.entries {
                let title = entry.title.as_ref().map(|t| t.content.as_str());
                let title = title.unwrap_or_else(|| panic!("{}: untitled", feed.template_name));
                assert!(!entry.links.is_empty(), "{title}: no link");
                // RSS 2.0 `description` lands in the summary, `content:encoded` in content.
                let body = entry.content.as_ref().and_then(|c| c.body.as_deref());
                let body = body.or(entry.summary.as_ref().map(|s| s.content.as_str()));
                let body = body.unwrap_or_else(|| panic!("{title}: no body"));
                assert!(body.matches("<p>").count() >= 2, "{title}: short body");
                assert!(body.contains("<a href="), "{title}: no link in body");
                let date = entry.published.or(entry.updated);
                let date = date.unwrap_or_else(|| panic!("{title}: no date"));
                let age = NOW - date.timestamp();
                assert!(age > 0, "{title}: date not in the past");
                assert!(age < 14 * DAY, "{title}: older than 14 days");
                day_ages.insert(age / DAY);
                assert!(ids.insert(entry.id.clone()), "{title}: duplicate id");
            }
        }
        assert!(total >= 70, "only {total} items in all");
        assert!(
            day_ages.len() >= 10,
            "items cover only {} distinct days: {day_ages:?}",
            day_ages.len()
        );
    }

    #[test]
    fn rendered_feeds_cover_every_format() {
        use feed_rs::model::FeedType;
        let mut types = Vec::new();
        for feed in DEMO_FEEDS {
            types.push(parse(feed, NOW).1.feed_type);
        }
        let count = |t: FeedType| types.iter().filter(|x| **x == t).count();
        assert!(count(FeedType::RSS2) >= 2, "{types:?}");
        assert_eq!(count(FeedType::Atom), 1, "{types:?}");
        assert_eq!(count(FeedType::JSON), 1, "{types:?}");
        assert_eq!(count(FeedType::RSS1), 1, "{types:?}");
    }

    #[test]
    fn json_feed_is_valid_json_feed_1_1() {
        let feed = DEMO_FEEDS
            .iter()
            .find(|f| f.template_name.ends_with(".json"))
            .unwrap();
        let rendered = feed.render(NOW).unwrap();
        let value: serde_json::Value = serde_json::from_str(&rendered).unwrap();
        assert_eq!(value["version"], "https://jsonfeed.org/version/1.1");
        let items = value["items"].as_array().unwrap();
        assert!(items.len() >= 8);
        for item in items {
            assert!(item["id"].is_string(), "{item}");
            let date = item["date_published"].as_str().unwrap();
            assert_eq!(date.len(), "2026-11-28T09:41:00Z".len(), "{date}");
            assert!(date.ends_with('Z') && date.as_bytes()[10] == b'T', "{date}");
        }
    }

    #[test]
    fn rss_dates_are_rfc2822_and_others_rfc3339() {
        for feed in DEMO_FEEDS {
            let rendered = feed.render(NOW).unwrap();
            let has_2822 = rendered.contains(" +0000<");
            let has_3339 = rendered.contains(":00Z");
            match feed.date_format() {
                DateFormat::Rfc2822 => assert!(has_2822 && !has_3339, "{}", feed.template_name),
                DateFormat::Rfc3339 => assert!(has_3339 && !has_2822, "{}", feed.template_name),
            }
        }
    }

    /// Namespace and version URIs that are identifiers, not links.
    const SPEC_URIS: &[&str] = &[
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/rss/1.0/modules/content/",
        "http://purl.org/rss/1.0/",
        "http://www.w3.org/2005/Atom",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "https://jsonfeed.org/version/1.1",
    ];

    #[test]
    fn every_link_points_to_an_example_domain() {
        let mut checked = 0;
        for feed in DEMO_FEEDS {
            let rendered = feed.render(NOW).unwrap();
            for (start, _) in rendered.match_indices("http") {
                let tail = &rendered[start..];
                if !(tail.starts_with("http://") || tail.starts_with("https://")) {
                    continue;
                }
                let end = tail
                    .find(|c: char| c.is_whitespace() || "\"'<>".contains(c))
                    .unwrap_or(tail.len());
                let link = &tail[..end];
                if SPEC_URIS.contains(&link) {
                    continue;
                }
                let url = url::Url::parse(link).unwrap_or_else(|e| panic!("{link}: {e}"));
                let host = url.host_str().unwrap_or_default();
                let allowed = ["example.com", "example.org", "example.net"]
                    .iter()
                    .any(|d| host == *d || host.ends_with(&format!(".{d}")));
                assert!(
                    allowed,
                    "{}: link outside example domains: {link}",
                    feed.name
                );
                checked += 1;
            }
        }
        assert!(checked > 150, "only {checked} links checked");
    }

    #[test]
    fn demo_exercises_the_sanitizer_and_link_based_ids() {
        let mut titles = Vec::new();
        let mut chinese_titles = 0;
        for feed in DEMO_FEEDS {
            let (_, parsed) = parse(feed, NOW);
            for entry in parsed.entries {
                let title = entry.title.map(|t| t.content).unwrap_or_default();
                if title.chars().any(crate::text::script::is_han) {
                    chinese_titles += 1;
                }
                titles.push(title);
            }
        }
        assert!(titles.iter().any(|t| t.contains("\u{1b}[31m")));
        assert!(titles.iter().any(|t| t.contains('\u{202e}')));
        assert!(titles.iter().any(|t| t.chars().count() > 250));
        assert!(chinese_titles >= 8, "{chinese_titles} Chinese titles");

        let without_guid: usize = DEMO_FEEDS
            .iter()
            .filter(|f| f.template_name.ends_with(".rss"))
            .map(|f| f.template.matches("<item>").count() - f.template.matches("<guid").count())
            .sum();
        assert!(
            (2..=3).contains(&without_guid),
            "{without_guid} items without guid"
        );
    }

    #[test]
    fn writes_feeds_and_returns_file_urls() {
        let dir = tempfile::tempdir().unwrap();
        let configs = write_demo_feeds(dir.path(), NOW).unwrap();
        assert_eq!(configs.len(), DEMO_FEEDS.len());
        for (config, feed) in configs.iter().zip(DEMO_FEEDS) {
            assert!(config.url.starts_with("file:///"), "{}", config.url);
            let path = url::Url::parse(&config.url)
                .unwrap()
                .to_file_path()
                .unwrap();
            assert!(path.is_absolute());
            assert!(path.starts_with(std::path::absolute(dir.path()).unwrap().join("feeds")));
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                feed.render(NOW).unwrap()
            );
            assert_eq!(config.name.as_deref(), Some(feed.name));
            assert_eq!(config.refresh, Some(Duration::from_secs(60)));
            assert!(config.enabled);
            assert!(config.tags.iter().any(|t| t == "demo"));
        }
        let names: BTreeSet<_> = configs.iter().map(|c| c.url.clone()).collect();
        assert_eq!(names.len(), configs.len(), "duplicate feed URLs");
    }

    #[test]
    fn demo_config_has_feeds_and_default_fetch_settings() {
        let dir = tempfile::tempdir().unwrap();
        // A data directory that does not exist yet is created.
        let config = demo_config(&dir.path().join("nested/data"), NOW).unwrap();
        assert_eq!(config.feeds.len(), DEMO_FEEDS.len());
        assert!(config.feeds.iter().all(|f| f.url.starts_with("file:///")));
        assert_eq!(config.fetch.concurrency, 8);
        assert_eq!(config.fetch.per_host, 2);
        assert_eq!(config.fetch.timeout, Duration::from_secs(30));
        assert_eq!(config.fetch.connect_timeout, Duration::from_secs(10));
        assert_eq!(config.fetch.max_bytes, 10 * 1024 * 1024);
        assert_eq!(config.fetch.user_agent, "ainews-tui-demo");
        assert_eq!(config.fetch.refresh, Duration::from_secs(1800));
        assert_eq!(config.topics, TopicsConfig::default());
    }
}
