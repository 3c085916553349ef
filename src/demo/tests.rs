//! The demo's templates, dates and feeds, rendered and parsed as the dashboard would.

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
fn dates_are_right_for_every_day_of_four_centuries() {
    // Cross-check against a naive day counter from 1970-01-01 forward.
    let (mut y, mut m, mut d) = (1970_i64, 1_u32, 1_u32);
    for days in 0..146_097 {
        let expected = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
        assert_eq!(
            DateFormat::Rfc3339.format(days * DAY),
            expected,
            "day {days}"
        );
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
