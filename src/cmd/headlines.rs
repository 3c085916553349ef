//! `headlines`: cached articles, newest first, as aligned text lines or JSON Lines. Reads
//! the cache only; never touches the network.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::cli::{HeadlinesArgs, Since};
use crate::config::Config;
use crate::model::{FeedId, Topic, UnixTime};
use crate::store::{self, HeadlineQuery, StoredArticle, TopicSource};
use crate::text::sanitize::{MAX_TITLE_CHARS, clean_line, safe_link};
use crate::topics::cluster::{self, ClusterId, StoryItem};

use super::paths;
use super::refresh::{host_of, pad};

mod query;

use query::QueryFilter;

/// Width of the feed column in text output.
const FEED_WIDTH: usize = 16;
/// Longest feed name, term or URL printed.
const MAX_FIELD_CHARS: usize = 2_000;
/// The narrowest title shown on a terminal, however narrow it is.
const MIN_TITLE_WIDTH: usize = 20;
/// What an empty cache says.
const EMPTY_HINT: &str = "no articles cached yet: run `ainews-tui refresh` to fetch the feeds \
                          (articles older than [storage] max_age, 90 days by default, are not kept)";

/// Runs `headlines`. Exit status: 0, or 2 for a config error or a bad `--query`.
pub fn run(
    config_path: Option<&Path>,
    data_dir: Option<PathBuf>,
    args: &HeadlinesArgs,
) -> anyhow::Result<ExitCode> {
    let (config, _) = match super::load_config(config_path) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let data_dir = paths::data_dir(data_dir)?;
    // Looking must not create a cache: without one there is nothing to show.
    if !data_dir.join(store::DB_FILE).exists() {
        eprintln!("{EMPTY_HINT}");
        return Ok(ExitCode::SUCCESS);
    }
    let now = crate::time::now();
    let filter = match QueryFilter::new(args.query.as_deref(), &config, now) {
        Ok(filter) => filter,
        Err(code) => return Ok(code),
    };
    let store = super::open_cache(&data_dir)?;
    let mut query = query_of(args, now);
    if filter.is_some() {
        // The limit counts what the query keeps, so it is applied after it.
        query.limit = None;
    }
    // Full-text results come ranked, each with its snippet; title search has none.
    let (rows, snippets): (Vec<StoredArticle>, Vec<Option<String>>) = if args.full_text {
        let hits = store.search(&query).context("searching the cache")?;
        if let Some(progress) = store.index_progress() {
            eprintln!("{}", progress.partial_results_note(store.is_read_only()));
        }
        hits.into_iter()
            .map(|hit| (hit.stored, Some(hit.snippet)))
            .unzip()
    } else {
        let rows = store.headlines(&query).context("reading the cache")?;
        let none = vec![None; rows.len()];
        (rows, none)
    };
    let (rows, snippets) = match &filter {
        Some(filter) => filter.keep(&store, &config, rows, snippets, args.limit)?,
        None => (rows, snippets),
    };
    if rows.is_empty() {
        let anything = store
            .headlines(&HeadlineQuery {
                limit: Some(1),
                ..HeadlineQuery::default()
            })
            .context("reading the cache")?;
        if anything.is_empty() {
            eprintln!("{EMPTY_HINT}");
        } else {
            eprintln!("no cached articles match these filters");
        }
        return Ok(ExitCode::SUCCESS);
    }

    let names = configured_names(&config);
    let stdout = std::io::stdout();
    let title_width = if args.json || !stdout.is_terminal() {
        None
    } else {
        crossterm::terminal::size().ok().map(|(cols, _)| {
            usize::from(cols)
                .saturating_sub(PREFIX_WIDTH)
                .max(MIN_TITLE_WIDTH)
        })
    };
    let offset = crate::time::local_offset();
    let stories = story_ids(&rows);
    // The reader's topics are few (set by hand); the rows carry the topic already.
    let (corrections, full_texts) = if args.json {
        (
            store.load_corrections().context("reading the cache")?,
            store.full_text_ids().context("reading the cache")?,
        )
    } else {
        (HashMap::new(), Default::default())
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    for ((row, story), snippet) in rows.iter().zip(&stories).zip(&snippets) {
        let feed = feed_name(row, &names);
        let written = if args.json {
            let corrected = corrections.contains_key(&row.article.id);
            let source = TopicSource::of(&row.article, corrected);
            let mut json = JsonHeadline::new(row, &feed, *story, source);
            json.has_full_text = full_texts.contains(&row.article.id);
            json.snippet = snippet.as_deref().map(clean_snippet);
            serde_json::to_string(&json)
                .map_err(std::io::Error::other)
                .and_then(|line| writeln!(out, "{line}"))
        } else {
            let mut entry = text_entry(row, &feed, offset, title_width);
            if let Some(snippet) = snippet {
                entry.push_str(&snippet_line(snippet, title_width));
            }
            write!(out, "{entry}")
        };
        // `headlines | head` closes the pipe early: that is the reader's choice, not an error.
        if let Err(err) = written {
            if err.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(err.into());
        }
    }
    match out.flush() {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The story of each row: articles about the same story from different feeds share one id
/// (see `topics::cluster`). Feeds are told apart by URL, the cache's key for them.
pub fn story_ids(rows: &[StoredArticle]) -> Vec<ClusterId> {
    let mut feeds: HashMap<&str, u32> = HashMap::new();
    for row in rows {
        let next = feeds.len() as u32;
        feeds.entry(row.feed_url.as_str()).or_insert(next);
    }
    let items: Vec<StoryItem> = rows
        .iter()
        .map(|row| StoryItem {
            id: row.article.id,
            feed: FeedId(feeds[row.feed_url.as_str()]),
            link: row.article.link.as_deref(),
            title: &row.article.title,
            time: row.article.when(),
        })
        .collect();
    cluster::cluster(&items)
}

/// The store query for these flags; `now` resolves `--since 24h`.
pub fn query_of(args: &HeadlinesArgs, now: UnixTime) -> HeadlineQuery {
    HeadlineQuery {
        topic: args.topic,
        unread_only: args.unread,
        starred_only: args.starred,
        since: args.since.map(|since| match since {
            Since::Ago(period) => now.saturating_sub(period.as_secs() as UnixTime),
            Since::At(at) => at,
        }),
        search: args.search.clone().filter(|s| !s.trim().is_empty()),
        limit: args.limit,
    }
}

/// Longest snippet printed, in characters (the store's are shorter; this guards the line).
const MAX_SNIPPET_CHARS: usize = 400;

/// A snippet cleaned for a terminal or a script, like every other text field.
fn clean_snippet(snippet: &str) -> String {
    clean_line(snippet, MAX_SNIPPET_CHARS)
}

/// The snippet under an entry, indented under the title like the link, cut to the
/// terminal's width when there is one.
fn snippet_line(snippet: &str, title_width: Option<usize>) -> String {
    let snippet = clean_snippet(snippet);
    let snippet = match title_width {
        Some(width) if snippet.width() > width => pad(&snippet, width).trim_end().to_owned(),
        _ => snippet,
    };
    format!("{}{snippet}\n", " ".repeat(PREFIX_WIDTH))
}

/// One article in `--json` output. Field order is the order printed.
#[derive(Debug, Serialize)]
pub struct JsonHeadline {
    pub id: String,
    pub title: String,
    pub link: Option<String>,
    pub feed: String,
    pub feed_url: String,
    pub published: Option<String>,
    pub first_seen: String,
    pub topic: &'static str,
    /// Who decided `topic`: "rules" (the config's topic rules) or "user" (set by hand in
    /// the dashboard). "model" is reserved for a learned classifier.
    pub topic_source: &'static str,
    pub terms: Vec<String>,
    pub read: bool,
    pub starred: bool,
    /// The story this article belongs to: the same for every article of one story.
    pub cluster: String,
    /// The article's full text (from its page) is stored: `article ID` prints it.
    pub has_full_text: bool,
    /// With `--full-text`: the text around the first match, matches marked «like this».
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl JsonHeadline {
    /// Every text field is cleaned again here: the cache could hold text from an older,
    /// laxer version, and a script may print it straight to a terminal.
    pub fn new(
        row: &StoredArticle,
        feed: &str,
        story: ClusterId,
        source: TopicSource,
    ) -> JsonHeadline {
        let article = &row.article;
        JsonHeadline {
            id: article.id.to_string(),
            title: clean_line(&article.title, MAX_TITLE_CHARS),
            link: article.link.as_deref().and_then(safe_link),
            feed: feed.to_owned(),
            feed_url: clean_line(&row.feed_url, MAX_FIELD_CHARS),
            published: article.published.and_then(rfc3339),
            first_seen: rfc3339(article.first_seen).unwrap_or_default(),
            topic: article.topic.as_str(),
            topic_source: source.as_str(),
            terms: article
                .terms
                .iter()
                .map(|term| clean_line(term, MAX_FIELD_CHARS))
                .collect(),
            read: article.read,
            starred: article.starred,
            cluster: story.to_string(),
            has_full_text: false,
            snippet: None,
        }
    }
}

/// Columns before the title: date (16), badge (3), feed, with two spaces after each.
const PREFIX_WIDTH: usize = 16 + 2 + 3 + 2 + FEED_WIDTH + 2;

/// One article as text: `2026-11-28 09:41  CN   SCMP — Tech       Huawei readies…` and,
/// when it has one, the link on the next line, indented under the title so that it stays
/// whole and clickable. `title_width` cuts the title to fit a terminal.
pub fn text_entry(
    row: &StoredArticle,
    feed: &str,
    utc_offset: i32,
    title_width: Option<usize>,
) -> String {
    let article = &row.article;
    let title = clean_line(&article.title, MAX_TITLE_CHARS);
    let title = match title_width {
        Some(width) if title.width() > width => pad(&title, width).trim_end().to_owned(),
        _ => title,
    };
    let mut entry = format!(
        "{}  {}  {}  {}\n",
        local_time(article.when(), utc_offset),
        badge(article.topic),
        pad(feed, FEED_WIDTH),
        title
    );
    if let Some(link) = article.link.as_deref().and_then(safe_link) {
        entry.push_str(&" ".repeat(PREFIX_WIDTH));
        entry.push_str(&link);
        entry.push('\n');
    }
    entry
}

/// The topic column, readable without colour and easy to grep.
fn badge(topic: Topic) -> &'static str {
    match topic {
        Topic::Other => "-  ",
        side => side.badge(),
    }
}

/// Configured feed names by URL: the user's own names win over what the cache remembers.
fn configured_names(config: &Config) -> HashMap<&str, &str> {
    config
        .feeds
        .iter()
        .filter_map(|feed| feed.name.as_deref().map(|name| (feed.url.as_str(), name)))
        .collect()
}

/// The feed's name as `headlines` shows it (for `article`).
pub(crate) fn feed_display_name(config: &Config, row: &StoredArticle) -> String {
    feed_name(row, &configured_names(config))
}

/// The feed's configured name, else the name the cache remembers, else its host.
fn feed_name(row: &StoredArticle, names: &HashMap<&str, &str>) -> String {
    let name = names
        .get(row.feed_url.as_str())
        .map(|name| (*name).to_owned())
        .or_else(|| row.feed_name.clone().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| host_of(&row.feed_url));
    clean_line(&name, MAX_FIELD_CHARS)
}

/// RFC 3339 in UTC (`2026-11-28T09:41:00Z`), or `None` for a time chrono cannot show.
pub(crate) fn rfc3339(at: UnixTime) -> Option<String> {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// `2026-11-28 09:41` in the local time zone (given as its offset from UTC).
fn local_time(at: UnixTime, utc_offset: i32) -> String {
    let offset = chrono::FixedOffset::east_opt(utc_offset)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero is a valid offset"));
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| {
            t.with_timezone(&offset)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "????-??-?? ??:??".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ArticleId};

    fn row(title: &str, link: Option<&str>, topic: Topic) -> StoredArticle {
        StoredArticle {
            article: Article {
                id: ArticleId(0xab),
                feed: FeedId(0),
                guid: None,
                title: title.to_owned(),
                link: link.map(str::to_owned),
                body: String::new(),
                published: Some(1_795_772_460), // 2026-11-27T09:41:00Z
                first_seen: 1_795_772_500,
                topic,
                decided_by: crate::model::DecidedBy::Rules,
                terms: vec!["Huawei".into(), "\x1b]0;pwn\x07Ascend".into()],
                read: false,
                starred: true,
            },
            feed_url: "https://www.scmp.com/rss/36/feed".into(),
            feed_name: Some("SCMP — Tech".into()),
        }
    }

    #[test]
    fn text_lines_have_fixed_columns_and_the_link_below() {
        let entry = text_entry(
            &row(
                "Huawei readies Ascend 920",
                Some("https://scmp.com/a"),
                Topic::China,
            ),
            "SCMP — Tech",
            0,
            None,
        );
        let lines: Vec<&str> = entry.lines().collect();
        assert_eq!(
            lines[0],
            "2026-11-27 09:41  CN   SCMP — Tech       Huawei readies Ascend 920"
        );
        assert_eq!(lines[1].trim_start(), "https://scmp.com/a");
        assert_eq!(lines[1].find('h'), Some(PREFIX_WIDTH));
    }

    #[test]
    fn titles_are_cut_only_when_a_width_is_given_and_cleaned_always() {
        let hostile = "A very long title \x1b[2J that goes on\u{202E} and on and on";
        let whole = text_entry(&row(hostile, None, Topic::Other), "f", 0, None);
        assert!(
            !whole.contains('\x1b') && !whole.contains('\u{202E}'),
            "{whole:?}"
        );
        assert!(whole.contains("  -    f "), "{whole}");
        assert!(whole.trim_end().ends_with("and on and on"));
        let cut = text_entry(&row(hostile, None, Topic::Other), "f", 0, Some(20));
        assert!(cut.trim_end().ends_with('…'), "{cut}");
        assert_eq!(cut.trim_end().width(), PREFIX_WIDTH + 20);
    }

    #[test]
    fn json_has_every_field_in_rfc3339_and_clean() {
        let mut hostile = row("Title\u{9b}31m", Some("javascript:alert(1)"), Topic::Both);
        hostile.article.published = None;
        let json = serde_json::to_value(JsonHeadline::new(
            &hostile,
            "SCMP",
            ClusterId(hostile.article.id),
            TopicSource::User,
        ))
        .unwrap();
        assert_eq!(json["id"], "00000000000000ab");
        assert_eq!(json["title"], "Title", "the 8-bit CSI goes whole");
        assert_eq!(json["link"], serde_json::Value::Null);
        assert_eq!(json["published"], serde_json::Value::Null);
        assert_eq!(json["first_seen"], "2026-11-27T09:41:40Z");
        assert_eq!(json["topic"], "both");
        assert_eq!(json["topic_source"], "user");
        assert_eq!(json["terms"][1], "Ascend");
        assert_eq!(json["starred"], true);
        assert_eq!(json["read"], false);
        assert_eq!(json["feed_url"], "https://www.scmp.com/rss/36/feed");
    }

    #[test]
    fn since_is_resolved_against_now() {
        let args = HeadlinesArgs {
            topic: Some(Topic::Us),
            unread: true,
            starred: false,
            since: Some(Since::Ago(std::time::Duration::from_secs(3600))),
            limit: Some(5),
            search: Some("  ".into()),
            query: None,
            full_text: false,
            json: false,
        };
        let query = query_of(&args, 10_000);
        assert_eq!(query.since, Some(6_400));
        assert_eq!(query.search, None, "a blank search filters nothing");
        assert_eq!(query.topic, Some(Topic::Us));
        assert!(query.unread_only && !query.starred_only);
        assert_eq!(query.limit, Some(5));
    }

    #[test]
    fn one_story_across_feeds_shares_a_cluster_id() {
        let mut a = row(
            "Huawei readies Ascend 920 for AI training clusters",
            Some("https://a.example/1"),
            Topic::China,
        );
        let mut b = row(
            "Huawei readies its Ascend 920 for AI training clusters",
            Some("https://b.example/9"),
            Topic::China,
        );
        let c = row(
            "Samsung lifts HBM4 output",
            Some("https://c.example/2"),
            Topic::Other,
        );
        a.feed_url = "https://a.example/feed".into();
        b.feed_url = "https://b.example/feed".into();
        b.article.id = crate::model::ArticleId(2);
        let mut c = c;
        c.article.id = crate::model::ArticleId(3);
        let ids = story_ids(&[a, b, c]);
        assert_eq!(ids[0], ids[1], "near-duplicate titles from two feeds");
        assert_ne!(ids[0], ids[2]);
    }
}
