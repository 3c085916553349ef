//! How `headlines` prints an article: the aligned text entry (date, topic badge, feed,
//! title, the link under it) and the `--json` object, every text field cleaned again.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::ingest::enclosures::{clean_mime, plausible_length};
use crate::model::{Enclosure, Topic, UnixTime};
use crate::store::{StoredArticle, TopicSource};
use crate::text::sanitize::{MAX_TITLE_CHARS, clean_line, safe_link};
use crate::topics::cluster::ClusterId;

use super::super::refresh::pad;

/// Width of the feed column in text output.
const FEED_WIDTH: usize = 16;
/// Longest URL or term printed.
const MAX_FIELD_CHARS: usize = 2_000;
/// What follows the title of an article a `[[hide]]` rule hides (with `--include-hidden`).
pub const HIDDEN_MARK: &str = " (hidden)";

/// Longest snippet printed, in characters (the store's are shorter; this guards the line).
const MAX_SNIPPET_CHARS: usize = 400;

/// A snippet cleaned for a terminal or a script, like every other text field.
pub fn clean_snippet(snippet: &str) -> String {
    clean_line(snippet, MAX_SNIPPET_CHARS)
}

/// The snippet under an entry, indented under the title like the link, cut to the
/// terminal's width when there is one.
pub fn snippet_line(snippet: &str, title_width: Option<usize>) -> String {
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
    /// The files attached to it (podcast episodes, PDFs, images), in the feed's order.
    pub enclosures: Vec<JsonEnclosure>,
    /// A `[[hide]]` rule of the config matches it: only listed with `--include-hidden`.
    pub hidden: bool,
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
            enclosures: json_enclosures(&article.enclosures),
            hidden: false,
            snippet: None,
        }
    }
}

/// One attached file in `--json` output: `{"url": …, "type": …, "length": …}`, the type
/// and length `null` when unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonEnclosure {
    pub url: String,
    #[serde(rename = "type")]
    pub mime: Option<String>,
    /// In bytes.
    pub length: Option<u64>,
}

/// The files as printed, cleaned again like every other field (a file whose URL is not a
/// safe http(s) link is left out).
pub fn json_enclosures(enclosures: &[Enclosure]) -> Vec<JsonEnclosure> {
    enclosures
        .iter()
        .filter_map(|enclosure| {
            Some(JsonEnclosure {
                url: safe_link(&enclosure.url)?,
                mime: enclosure.mime.as_deref().and_then(clean_mime),
                length: enclosure.length.and_then(plausible_length),
            })
        })
        .collect()
}

/// Columns before the title: date (16), badge (3), feed, with two spaces after each.
pub const PREFIX_WIDTH: usize = 16 + 2 + 3 + 2 + FEED_WIDTH + 2;

/// One article as text: `2026-11-28 09:41  CN   SCMP — Tech       Huawei readies…` and,
/// when it has one, the link on the next line, indented under the title so that it stays
/// whole and clickable. `title_width` cuts the title to fit a terminal; a `hidden` article
/// (listed with `--include-hidden`) ends its title line with [`HIDDEN_MARK`], kept within
/// that width.
pub fn text_entry(
    row: &StoredArticle,
    feed: &str,
    utc_offset: i32,
    title_width: Option<usize>,
    hidden: bool,
) -> String {
    let article = &row.article;
    let mark = if hidden { HIDDEN_MARK } else { "" };
    let title = clean_line(&article.title, MAX_TITLE_CHARS);
    let title = match title_width.map(|width| width.saturating_sub(mark.len()).max(1)) {
        Some(width) if title.width() > width => pad(&title, width).trim_end().to_owned(),
        _ => title,
    };
    let mut entry = format!(
        "{}  {}  {}  {title}{mark}\n",
        local_time(article.when(), utc_offset),
        badge(article.topic),
        pad(feed, FEED_WIDTH),
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
    use crate::model::{Article, ArticleId, FeedId};

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
                terms: vec!["Huawei".into(), "\x1b]0;pwn\x07Ascend".into()].into(),
                read: false,
                starred: true,
                enclosures: Vec::new(),
            },
            feed_url: "https://www.scmp.com/rss/36/feed".into(),
            feed_name: Some("SCMP — Tech".into()),
            story: crate::topics::cluster::ClusterId(ArticleId(0xab)),
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
            false,
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
        let whole = text_entry(&row(hostile, None, Topic::Other), "f", 0, None, false);
        assert!(
            !whole.contains('\x1b') && !whole.contains('\u{202E}'),
            "{whole:?}"
        );
        assert!(whole.contains("  -    f "), "{whole}");
        assert!(whole.trim_end().ends_with("and on and on"));
        let cut = text_entry(&row(hostile, None, Topic::Other), "f", 0, Some(20), false);
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
        assert_eq!(json["hidden"], false);
        assert_eq!(json["enclosures"], serde_json::json!([]));
    }

    #[test]
    fn attached_files_are_printed_cleaned_with_their_type_and_length() {
        let mut episode = row("Episode 42", None, Topic::Other);
        episode.article.enclosures = vec![
            Enclosure {
                url: "https://pod.example/ep-42.mp3".into(),
                mime: Some("audio/mpeg".into()),
                length: Some(24_300_000),
            },
            Enclosure {
                url: "javascript:alert(1)".into(),
                mime: None,
                length: None,
            },
            Enclosure {
                url: "https://pod.example/notes.pdf".into(),
                mime: Some("text/html\u{1b}".into()),
                length: Some(0),
            },
        ];
        let json = serde_json::to_value(JsonHeadline::new(
            &episode,
            "Pod",
            ClusterId(episode.article.id),
            TopicSource::Rules,
        ))
        .unwrap();
        assert_eq!(
            json["enclosures"],
            serde_json::json!([
                {"url": "https://pod.example/ep-42.mp3", "type": "audio/mpeg", "length": 24_300_000},
                {"url": "https://pod.example/notes.pdf", "type": null, "length": null},
            ])
        );
    }

    #[test]
    fn a_hidden_entry_is_marked_within_the_width() {
        let title = "Tabloid says AGI arrives on Tuesday";
        let whole = text_entry(&row(title, None, Topic::Us), "Tabloid", 0, None, true);
        assert_eq!(
            whole,
            "2026-11-27 09:41  US   Tabloid           Tabloid says AGI arrives on Tuesday (hidden)\n"
        );
        let cut = text_entry(&row(title, None, Topic::Us), "Tabloid", 0, Some(20), true);
        assert_eq!(
            cut,
            "2026-11-27 09:41  US   Tabloid           Tabloid sa… (hidden)\n"
        );
        assert_eq!(cut.trim_end().width(), PREFIX_WIDTH + 20);
    }
}
