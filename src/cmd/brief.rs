//! `brief`: a Markdown digest of recent stories, grouped by topic and by story across
//! sources, ready to paste into a note or a message. Pure: the CLI loads the articles and
//! passes the clock.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::model::{FeedId, Topic, UnixTime};
use crate::store::StoredArticle;
use crate::text::sanitize::{MAX_TITLE_CHARS, clean_line, safe_link};
use crate::time::{self, ago};
use crate::topics::cluster::{ClusterId, StoryItem, cluster};

/// A story names at most this many sources; the rest are counted as "(+N)".
pub const SOURCES_SHOWN: usize = 3;

/// Source names are cut to this many characters.
const MAX_SOURCE_CHARS: usize = 60;

/// What goes into the brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BriefOptions {
    /// Only articles from the last this-many seconds (`--since`); `None` for all given.
    pub since_secs: Option<i64>,
    /// Only articles of this topic (`--topic`).
    pub topic: Option<Topic>,
    /// For the "as of" line (east positive).
    pub utc_offset_secs: i32,
}

/// The digest: a heading with the span and the counts, then one section per topic that has
/// stories (US, China, Head-to-head, Other), one bullet per story, newest first:
///
/// ```text
/// - **Title** — Source A, Source B (+2) · 3h ago
///   <https://example.com/story>
/// ```
///
/// Articles are filtered first (`since`, `topic`), then clustered. A story's title and
/// link are its earliest article's (the first report), its age is its newest article's,
/// and its topic the most common among its articles (ties go to the earliest article's).
pub fn brief(articles: &[StoredArticle], options: &BriefOptions, now: UnixTime) -> String {
    let kept: Vec<&StoredArticle> = articles
        .iter()
        .filter(|a| options.topic.is_none_or(|topic| a.article.topic == topic))
        .filter(|a| {
            options
                .since_secs
                .is_none_or(|since| a.article.when() >= now - since)
        })
        .collect();
    let stories = stories(&kept);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# AI race brief{} — {}, {} from {}",
        options
            .topic
            .map(|t| format!(" ({})", t.label()))
            .unwrap_or_default(),
        span(options.since_secs),
        plural(stories.len(), "story", "stories"),
        plural(kept.len(), "article", "articles"),
    );
    let _ = writeln!(out, "\nAs of {}.", local_time(now, options.utc_offset_secs));
    if stories.is_empty() {
        out.push_str("\nNo stories.\n");
        return out;
    }
    for topic in Topic::ALL {
        let mut group: Vec<&Story> = stories.iter().filter(|s| s.topic == topic).collect();
        if group.is_empty() {
            continue;
        }
        group.sort_by(|a, b| b.newest.cmp(&a.newest).then(a.id.cmp(&b.id)));
        let _ = writeln!(out, "\n## {}\n", topic.label());
        for story in group {
            write_story(&mut out, story, now);
        }
    }
    out
}

/// One story of the brief, ready to print.
struct Story {
    id: ClusterId,
    topic: Topic,
    title: String,
    link: Option<String>,
    /// Distinct source names, in the order they reported the story.
    sources: Vec<String>,
    newest: UnixTime,
}

/// Clusters the articles and summarises each story.
fn stories(articles: &[&StoredArticle]) -> Vec<Story> {
    // `headlines` results share one FeedId; the feed URL tells the feeds apart.
    let mut feeds: HashMap<&str, FeedId> = HashMap::new();
    let items: Vec<StoryItem<'_>> = articles
        .iter()
        .map(|a| {
            let next = FeedId(feeds.len() as u32);
            StoryItem {
                id: a.article.id,
                feed: *feeds.entry(a.feed_url.as_str()).or_insert(next),
                link: a.article.link.as_deref(),
                title: &a.article.title,
                time: a.article.when(),
            }
        })
        .collect();
    let ids = cluster(&items);
    let mut members: HashMap<ClusterId, Vec<&StoredArticle>> = HashMap::new();
    for (article, id) in articles.iter().zip(&ids) {
        members.entry(*id).or_default().push(article);
    }
    members
        .into_iter()
        .map(|(id, mut group)| {
            group.sort_by_key(|a| (a.article.when(), a.article.id));
            summarise(id, &group)
        })
        .collect()
}

/// A story from its articles, oldest first (never empty).
fn summarise(id: ClusterId, group: &[&StoredArticle]) -> Story {
    let first = &group[0].article;
    let mut sources: Vec<String> = Vec::new();
    for article in group {
        let name = source_name(article);
        if !sources.contains(&name) {
            sources.push(name);
        }
    }
    Story {
        id,
        topic: story_topic(group),
        title: clean_line(&first.title, MAX_TITLE_CHARS),
        link: group
            .iter()
            .find_map(|a| a.article.link.as_deref().and_then(safe_link)),
        sources,
        newest: group.iter().map(|a| a.article.when()).max().unwrap_or(0),
    }
}

/// The most common topic of the articles; a tie goes to the earliest article's.
fn story_topic(group: &[&StoredArticle]) -> Topic {
    let count = |topic: Topic| group.iter().filter(|a| a.article.topic == topic).count();
    let first = group[0].article.topic;
    Topic::ALL
        .into_iter()
        .filter(|&t| count(t) > count(first))
        .max_by_key(|&t| count(t))
        .unwrap_or(first)
}

/// The feed's remembered name, else its host, else its URL; one terminal-safe line.
fn source_name(stored: &StoredArticle) -> String {
    let name = stored
        .feed_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(str::to_string)
        .or_else(|| {
            url::Url::parse(&stored.feed_url).ok().and_then(|u| {
                u.host_str()
                    .map(|h| h.trim_start_matches("www.").to_string())
            })
        })
        .unwrap_or_else(|| stored.feed_url.clone());
    clean_line(&name, MAX_SOURCE_CHARS)
}

fn write_story(out: &mut String, story: &Story, now: UnixTime) {
    let shown: Vec<String> = story
        .sources
        .iter()
        .take(SOURCES_SHOWN)
        .map(|s| escape_markdown(s))
        .collect();
    let more = story.sources.len().saturating_sub(SOURCES_SHOWN);
    let more = if more > 0 {
        format!(" (+{more})")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "- **{}** — {}{} · {}",
        escape_markdown(&story.title),
        shown.join(", "),
        more,
        ago(now, story.newest)
    );
    if let Some(link) = &story.link {
        let _ = writeln!(out, "  <{link}>");
    }
}

/// Escapes the characters that would turn a headline into emphasis, a link, code or
/// HTML: `\ * _ [ ] ` < >`.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// "last 24 h", "last 7 d", "last 90 min"; "all cached articles" without a limit.
fn span(since_secs: Option<i64>) -> String {
    match since_secs {
        None => "all cached articles".to_string(),
        Some(s) if s >= 2 * 86_400 && s % 86_400 == 0 => format!("last {} d", s / 86_400),
        Some(s) if s >= 3_600 && s % 3_600 == 0 => format!("last {} h", s / 3_600),
        Some(s) if s >= 60 && s % 60 == 0 => format!("last {} min", s / 60),
        Some(s) => format!("last {s} s"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2023-11-15 06:13 (UTC+08:00)".
fn local_time(when: UnixTime, utc_offset_secs: i32) -> String {
    time::format_in(when, utc_offset_secs, "%Y-%m-%d %H:%M (UTC%:z)")
}

/// `ainews-tui brief`: the digest of the cached stories of the period, on `out`, without
/// the articles the config's `[[hide]]` rules hide.
pub fn run(
    config_path: Option<&std::path::Path>,
    data_dir: Option<std::path::PathBuf>,
    args: &crate::cli::BriefArgs,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<std::process::ExitCode> {
    let (config, _) = match super::load_config(config_path) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let now = time::now();
    let hide = match super::selection::hide_rules(&config, now) {
        Ok(hide) => hide,
        Err(message) => {
            eprintln!("{message}");
            return Ok(std::process::ExitCode::from(super::EXIT_CONFIG));
        }
    };
    let data_dir = super::paths::data_dir(data_dir)?;
    if !data_dir.join(crate::store::DB_FILE).exists() {
        eprintln!("no articles cached yet: run `ainews-tui refresh` first");
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let store = super::open_cache(&data_dir)?;
    let since = match args.since {
        crate::cli::Since::Ago(period) => now.saturating_sub(period.as_secs() as UnixTime),
        crate::cli::Since::At(at) => at,
    };
    let articles = store.headlines(&crate::store::HeadlineQuery {
        topic: args.topic,
        since: Some(since),
        ..crate::store::HeadlineQuery::default()
    })?;
    // Hidden articles are neither told nor counted.
    let selection = super::selection::Selection {
        keep: Vec::new(),
        hide,
    };
    let articles = selection.judge(&store, &config)?.shown(articles)?;
    let options = BriefOptions {
        since_secs: Some(now - since),
        topic: args.topic,
        utc_offset_secs: time::local_offset(),
    };
    write!(out, "{}", brief(&articles, &options, now))?;
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ArticleId};
    use crate::store::HEADLINES_FEED;

    const NOW: UnixTime = 1_700_000_000; // 2023-11-14 22:13:20 UTC
    const HOUR: i64 = 3_600;

    fn stored(
        id: u64,
        feed: &str,
        title: &str,
        link: Option<&str>,
        topic: Topic,
        ago_secs: i64,
    ) -> StoredArticle {
        StoredArticle {
            article: Article {
                id: ArticleId(id),
                feed: HEADLINES_FEED,
                guid: None,
                title: title.to_string(),
                link: link.map(str::to_string),
                body: String::new(),
                published: Some(NOW - ago_secs),
                first_seen: NOW - ago_secs,
                topic,
                decided_by: crate::model::DecidedBy::Rules,
                terms: Default::default(),
                read: false,
                starred: false,
                enclosures: Vec::new(),
            },
            feed_url: format!("https://{}/feed.xml", feed.to_lowercase().replace(' ', "")),
            feed_name: Some(feed.to_string()),
            story: ClusterId(ArticleId(id)),
        }
    }

    fn sample() -> Vec<StoredArticle> {
        vec![
            stored(
                1,
                "Reuters",
                "Huawei unveils Ascend 920 AI chip to challenge Nvidia",
                Some("https://reuters.example/huawei-920"),
                Topic::China,
                5 * HOUR,
            ),
            stored(
                2,
                "SCMP",
                "Huawei launches Ascend 920 chip in bid to rival Nvidia",
                Some("https://scmp.example/a/920"),
                Topic::Both,
                4 * HOUR,
            ),
            stored(
                3,
                "Caixin",
                "Huawei launches Ascend 920 AI chip to rival Nvidia",
                None,
                Topic::China,
                3 * HOUR,
            ),
            stored(
                4,
                "The Verge",
                "Huawei's Ascend 920 AI chip takes on Nvidia",
                None,
                Topic::China,
                2 * HOUR,
            ),
            stored(
                5,
                "Nikkei",
                "Huawei Ascend 920 AI chip unveiled to challenge Nvidia",
                None,
                Topic::China,
                HOUR,
            ),
            stored(
                6,
                "Bloomberg",
                "OpenAI raises $40 billion in funding round led by SoftBank",
                Some("https://bloomberg.example/openai?utm_source=rss"),
                Topic::Us,
                30 * 60,
            ),
            stored(
                7,
                "Axios",
                "SoftBank leads $40 billion OpenAI funding round",
                Some("https://axios.example/openai-40b"),
                Topic::Us,
                20 * 60,
            ),
            stored(
                8,
                "Reuters",
                "US adds 80 Chinese firms to Entity List",
                Some("https://reuters.example/entity-list"),
                Topic::Both,
                10 * HOUR,
            ),
            stored(
                9,
                "Reuters",
                "EU AI Act rules for *general-purpose* models take [effect]",
                Some("https://reuters.example/eu"),
                Topic::Other,
                30,
            ),
            stored(
                10,
                "Old News",
                "Nvidia beats earnings expectations",
                None,
                Topic::Us,
                30 * HOUR,
            ),
        ]
    }

    fn last_day() -> BriefOptions {
        BriefOptions {
            since_secs: Some(24 * HOUR),
            topic: None,
            utc_offset_secs: 8 * 3_600,
        }
    }

    #[test]
    fn brief_groups_stories_by_topic() {
        insta::assert_snapshot!(brief(&sample(), &last_day(), NOW));
    }

    #[test]
    fn brief_of_one_topic() {
        let options = BriefOptions {
            topic: Some(Topic::Us),
            since_secs: None,
            utc_offset_secs: 0,
        };
        insta::assert_snapshot!(brief(&sample(), &options, NOW));
    }

    #[test]
    fn brief_with_nothing_to_say() {
        let text = brief(&[], &last_day(), NOW);
        assert_eq!(
            text,
            "# AI race brief — last 24 h, 0 stories from 0 articles\n\n\
             As of 2023-11-15 06:13 (UTC+08:00).\n\nNo stories.\n"
        );
    }

    #[test]
    fn hostile_titles_and_names_are_cleaned_and_escaped() {
        let mut article = stored(
            1,
            "Evil\u{1b}[31m Feed",
            "Title\u{1b}]8;;https://x\u{7}_with_ `code` and\u{202e} bidi",
            Some("javascript:alert(1)"),
            Topic::Us,
            60,
        );
        article.feed_name = Some("Evil\u{1b}[31m *Feed*".to_string());
        let text = brief(&[article], &last_day(), NOW);
        assert!(
            text.contains("- **Title\\_with\\_ \\`code\\` and bidi** — Evil \\*Feed\\* · 1m ago\n"),
            "{text}"
        );
        assert!(
            !text.contains('\u{1b}') && !text.contains("javascript"),
            "{text}"
        );
    }

    #[test]
    fn story_topic_is_the_majority_then_the_earliest() {
        let a = stored(1, "A", "t", None, Topic::China, 3);
        let b = stored(2, "B", "t", None, Topic::Both, 2);
        let c = stored(3, "C", "t", None, Topic::Both, 1);
        assert_eq!(story_topic(&[&a, &b, &c]), Topic::Both);
        assert_eq!(story_topic(&[&a, &b]), Topic::China);
        assert_eq!(story_topic(&[&b, &a]), Topic::Both);
    }

    #[test]
    fn spans_and_ages_read_naturally() {
        assert_eq!(span(Some(86_400)), "last 24 h");
        assert_eq!(span(Some(7 * 86_400)), "last 7 d");
        assert_eq!(span(Some(5_400)), "last 90 min");
        assert_eq!(span(Some(45)), "last 45 s");
        assert_eq!(ago(NOW, NOW + 100), "just now");
        assert_eq!(ago(NOW, NOW - 3 * HOUR - 59), "3h ago");
        assert_eq!(ago(NOW, NOW - 50 * HOUR), "2d ago");
        assert_eq!(
            escape_markdown(r"a\b*c_d[e]f`g<h>"),
            r"a\\b\*c\_d\[e\]f\`g\<h\>"
        );
    }
}
