//! Feed parsing with feed-rs, isolated so a panic becomes an error, into our own plain
//! entries (raw, not yet sanitized). Documents feed-rs refuses are repaired and read again
//! (`lenient`), and the repairs are reported (`notes`).

use std::borrow::Cow;

use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use thiserror::Error;

use crate::model::UnixTime;
use crate::text::script::is_han;

mod dates;
mod json_feed;
mod lenient;
mod repair;
mod vocabulary;

pub use crate::feed_report::{ParseNote, Repair, Repairs};
pub use dates::{DateContext, EARLIEST_PLAUSIBLE, parse_date};

/// A parsed feed document, still raw: every string must go through `sanitize` before use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub entries: Vec<ParsedEntry>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedEntry {
    /// The feed's own id (RSS guid, Atom id, JSON id); `None` when it gave none.
    pub guid: Option<String>,
    /// Raw title, possibly with HTML.
    pub title: String,
    /// The entry's main link, resolved against xml:base / the document URL where possible.
    pub link: Option<String>,
    /// Raw HTML or text: the full content, else the summary.
    pub body: String,
    /// Published, else updated; never in the future.
    pub published: Option<UnixTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("empty body")]
    Empty,
    #[error("not a feed: looks like an HTML page")]
    HtmlPage,
    #[error("not a feed: no RSS, Atom or JSON Feed root element")]
    NoFeedRoot,
    #[error("XML error: {0}")]
    Xml(String),
    #[error("JSON error: {0}")]
    Json(String),
    #[error("invalid feed: {0}")]
    Invalid(String),
    #[error("the feed parser crashed on this document")]
    Panicked,
}

/// Runs `f`, turning a panic into `ParseError::Panicked` (see `crate::isolate`: the panic
/// hook stays quiet for it, so the UI and the screen are untouched).
fn isolated<T>(f: impl FnOnce() -> Result<T, ParseError>) -> Result<T, ParseError> {
    // feed-rs holds no state of ours, so nothing can be observed half-updated after a panic.
    crate::isolate::catch_panic(f).unwrap_or_else(|message| {
        tracing::warn!(%message, "the feed parser panicked");
        Err(ParseError::Panicked)
    })
}

/// Most entries read from one document: the pipeline keeps no more, and a document of
/// hundreds of thousands of tiny items (within the byte cap) would otherwise cost feed-rs
/// about 25 times its size in memory.
pub const MAX_ENTRIES: usize = 2_000;

/// A parsed document and what it took to read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedDocument {
    pub feed: ParsedFeed,
    pub note: ParseNote,
}

/// Parses RSS 0.9x/1.0/2.0, Atom or JSON Feed. `bytes` should come from
/// `decode::to_parseable` (UTF-8, declaration rewritten); raw bytes still work when they are
/// UTF-8 or declare their encoding. `source_url` is the document's URL, used to resolve
/// relative links.
pub fn parse_feed(bytes: &[u8], source_url: &str) -> Result<ParsedFeed, ParseError> {
    parse_document(bytes, source_url).map(|document| document.feed)
}

/// As `parse_feed`, with dates after `now` clamped to `now`.
pub fn parse_feed_at(
    bytes: &[u8],
    source_url: &str,
    now: UnixTime,
) -> Result<ParsedFeed, ParseError> {
    parse_document_at(bytes, source_url, now).map(|document| document.feed)
}

/// As `parse_feed`, with what was repaired to read the document.
pub fn parse_document(bytes: &[u8], source_url: &str) -> Result<ParsedDocument, ParseError> {
    parse_document_at(bytes, source_url, crate::time::now())
}

/// As `parse_document`, with dates after `now` clamped to `now`.
///
/// The strict parse comes first and costs a clean feed nothing more than a count of its
/// item tags. When it fails, or reads fewer entries than the document has items, the
/// lenient pass rewrites the document and feed-rs reads it again; the better of the two
/// results wins, and the note says what was repaired.
pub fn parse_document_at(
    bytes: &[u8],
    source_url: &str,
    now: UnixTime,
) -> Result<ParsedDocument, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    let reader = FeedReader::new(
        source_url,
        DateContext {
            chinese: looks_chinese(bytes),
        },
    );
    let items_in_document = count_items(bytes);
    let wanted = items_in_document.min(MAX_ENTRIES);
    let (mut input, mut repairs) = repair::repair(bytes);
    let mut rewritten = false;
    if items_in_document > MAX_ENTRIES
        && let Some(cut) = rewrite_isolated(&input)
    {
        repairs.merge(&cut.repairs);
        input = Cow::Owned(cut.bytes);
        rewritten = true;
    }
    let document = |feed: feed_rs::model::Feed, repairs| ParsedDocument {
        note: ParseNote {
            repairs,
            items_in_document,
            entries_read: feed.entries.len(),
        },
        feed: to_parsed(feed, now),
    };

    // feed-rs reads a JSON Feed into memory whole, every item; a document with more
    // objects than the item cap could need is read item by item instead, keeping
    // `MAX_ENTRIES` (a million tiny items would otherwise cost a gigabyte).
    let json = json_feed::looks_like_json(&input);
    let huge_json =
        json && memchr::memchr_iter(b'{', &input).count() > JSON_OBJECTS_PER_ITEM * MAX_ENTRIES;
    let strict = if huge_json {
        Err(ParseError::Json(format!(
            "more objects than {MAX_ENTRIES} items could hold, and not one readable item"
        )))
    } else {
        reader.read(&input, bytes)
    };
    let strict_entries = match &strict {
        Ok(feed) if rewritten || feed.entries.len() >= wanted => {
            return strict.map(|feed| document(feed, repairs));
        }
        Ok(feed) => Some(feed.entries.len()),
        Err(_) if rewritten => return strict.map(|feed| document(feed, repairs)),
        Err(_) => None,
    };
    if strict_entries.is_none() && json {
        // As for XML, the lenient reading must give something to replace the strict error:
        // a document cut inside its first item, or an empty one in a version nobody knows,
        // keeps the error that says what is wrong.
        let lenient = isolated(|| Ok(json_feed::read(&input, reader.context, now, MAX_ENTRIES)));
        return match lenient {
            Ok(Some(json)) if !json.feed.entries.is_empty() => {
                repairs.merge(&json.repairs);
                Ok(ParsedDocument {
                    note: ParseNote {
                        repairs,
                        items_in_document: json.items_in_document,
                        entries_read: json.feed.entries.len(),
                    },
                    feed: json.feed,
                })
            }
            _ => strict.map(|feed| document(feed, repairs)),
        };
    }
    // A short strict result is dropped rather than held while the repaired document
    // parses (two parsed documents at once would double the peak); in the rare case the
    // repaired one is no better, the strict one is read again.
    let strict_error = strict.err();
    let lenient = rewrite_isolated(&input).filter(|lenient| !lenient.repairs.is_empty());
    if let Some(lenient) = lenient {
        if strict_entries.is_none() {
            // Nothing will read the pre-repaired copy again: free it before the parse.
            input = Cow::Borrowed(&[]);
        }
        // Over a strict error, the repaired document must give something: a cut-off
        // document with not one whole item stays an error (it is retried sooner, and its
        // message says what is wrong) rather than an empty success.
        let better = |read: usize| match strict_entries {
            Some(strict) => read > strict,
            None => read > 0 || items_in_document == 0,
        };
        if let Ok(feed) = reader.read(&lenient.bytes, bytes)
            && better(feed.entries.len())
        {
            repairs.merge(&lenient.repairs);
            return Ok(document(feed, repairs));
        }
    }
    match strict_error {
        Some(error) => Err(error),
        None => reader
            .read(&input, bytes)
            .map(|feed| document(feed, repairs)),
    }
}

/// The lenient pass, isolated like the parser: a bug in it costs the repair, not the feed.
fn rewrite_isolated(input: &[u8]) -> Option<lenient::Rewritten> {
    isolated(|| Ok(lenient::rewrite(input, MAX_ENTRIES)))
        .ok()
        .flatten()
}

/// Objects a JSON Feed item may hold (itself, an author, attachments) before a document
/// counts as too big for feed-rs's whole-document read.
const JSON_OBJECTS_PER_ITEM: usize = 4;

/// feed-rs, configured for us.
struct FeedReader {
    base: Option<String>,
    context: DateContext,
}

impl FeedReader {
    fn new(source_url: &str, context: DateContext) -> FeedReader {
        let base = url::Url::parse(source_url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https" | "file"))
            .map(|u| u.to_string());
        FeedReader { base, context }
    }

    /// Parses `input`; errors are described from `original` (the bytes as fetched).
    fn read(&self, input: &[u8], original: &[u8]) -> Result<feed_rs::model::Feed, ParseError> {
        let context = self.context;
        isolated(|| {
            let parser = feed_rs::parser::Builder::new()
                .base_uri(self.base.as_deref())
                // An empty id marks "the feed gave none", so identity can fall back to the
                // link or the title and date instead of feed-rs's generated hash.
                .id_generator(|_links, _title, _uri| String::new())
                .timestamp_parser(move |text| parse_date(text, context))
                .build();
            parser.parse(input).map_err(|e| describe(e, original))
        })
    }
}

/// feed-rs's model as our plain entries, moving the strings rather than copying them.
fn to_parsed(feed: feed_rs::model::Feed, now: UnixTime) -> ParsedFeed {
    let entries = feed
        .entries
        .into_iter()
        .map(|entry| {
            let link = best_link(&entry.links);
            let body = entry
                .content
                .and_then(|c| c.body)
                .filter(|b| !b.trim().is_empty())
                .or_else(|| entry.summary.map(|s| s.content))
                .unwrap_or_default();
            let published = entry
                .published
                .or(entry.updated)
                .map(|t| t.timestamp().min(now));
            ParsedEntry {
                guid: Some(entry.id).filter(|id| !id.trim().is_empty()),
                title: entry.title.map(|t| t.content).unwrap_or_default(),
                link,
                body,
                published,
            }
        })
        .collect();
    ParsedFeed {
        title: feed
            .title
            .map(|t| t.content)
            .filter(|t| !t.trim().is_empty()),
        entries,
    }
}

/// `<item>` and `<entry>` start tags (any case, any prefix), counted in one pass over the
/// bytes: how many entries a good parse should give.
fn count_items(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'<', bytes)
        .filter(|&at| {
            let rest = &bytes[at + 1..];
            let name_len = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.'))
                .count();
            let name = &rest[..name_len];
            let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
            let ends = rest
                .get(name_len)
                .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
            ends && (local.eq_ignore_ascii_case(b"item") || local.eq_ignore_ascii_case(b"entry"))
        })
        .count()
}

/// Bytes looked at to tell a Chinese feed: the channel's head is near the start.
const HEAD_WINDOW: usize = 16 * 1024;

/// True for a feed in Chinese: a `zh*` language tag (RSS `<language>`, Atom `xml:lang`,
/// JSON Feed `language`) or CJK ideographs in the feed's head, before the first item.
fn looks_chinese(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(HEAD_WINDOW)]);
    let lower = head.to_lowercase();
    let compact: String = lower.split_whitespace().collect();
    let tagged = [
        "<language>zh",
        "language>zh",
        "xml:lang=\"zh",
        "xml:lang='zh",
        "\"language\":\"zh",
    ]
    .iter()
    .any(|marker| compact.contains(marker));
    if tagged {
        return true;
    }
    let feed_head = ["<item", "<entry", "\"items\""]
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min()
        .map_or(lower.as_str(), |end| &lower[..end]);
    feed_head.chars().any(is_han)
}

/// The entry's own page: an alternate (or unlabelled) link that is not a comments link.
fn best_link(links: &[feed_rs::model::Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.target.is_none() && matches!(l.rel.as_deref(), None | Some("alternate")))
        .or_else(|| links.iter().find(|l| l.target.is_none()))
        .or_else(|| links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|href| !href.is_empty())
}

fn describe(error: ParseFeedError, bytes: &[u8]) -> ParseError {
    // Whatever feed-rs says about an HTML page, "it is a web page" is the useful message.
    if looks_like_html(bytes) {
        return ParseError::HtmlPage;
    }
    match error {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => ParseError::NoFeedRoot,
        ParseFeedError::ParseError(kind) => ParseError::Invalid(cap(&kind.to_string())),
        ParseFeedError::XmlReader(e) => {
            let text = e.to_string();
            let text = text.strip_prefix("Parser error: ").unwrap_or(&text);
            ParseError::Xml(cap(text))
        }
        ParseFeedError::JsonSerde(e) => ParseError::Json(cap(&e.to_string())),
        ParseFeedError::JsonUnsupportedVersion(v) => {
            ParseError::Json(cap(&format!("unsupported version {v}")))
        }
        ParseFeedError::IoError(e) => ParseError::Invalid(cap(&e.to_string())),
    }
}

/// True when the document starts (after a BOM, whitespace, an XML declaration and comments)
/// with an HTML doctype or `<html>`.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>").map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    rest.starts_with("<!doctype html") || rest.starts_with("<html")
}

/// Parser messages can quote long stretches of input; the status line wants one short line.
fn cap(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(160) {
        Some((cut, _)) => format!("{}...", &one_line[..cut]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: UnixTime = 1_750_000_000;

    #[test]
    fn a_panic_inside_the_parser_becomes_an_error() {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let result: Result<(), ParseError> = isolated(|| panic!("hostile input"));
        std::panic::set_hook(hook);
        assert_eq!(result, Err(ParseError::Panicked));
        assert!(
            !crate::isolate::is_isolated(),
            "the flag is reset after the panic"
        );
    }

    #[test]
    fn the_contained_flag_is_set_only_inside() {
        assert!(!crate::isolate::is_isolated());
        let inside = isolated(|| Ok(crate::isolate::is_isolated()));
        assert_eq!(inside, Ok(true));
        assert!(!crate::isolate::is_isolated());
    }

    #[test]
    fn missing_guids_stay_missing_and_dates_fall_back() {
        let xml = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>No guid</title><link>https://example.com/a</link>
              <pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate></item>
            <item><guid>g-2</guid><title>Future</title><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>
            </channel></rss>"#;
        let feed = parse_feed_at(xml, "https://example.com/feed", NOW).unwrap();
        assert_eq!(feed.title.as_deref(), Some("T"));
        assert_eq!(feed.entries[0].guid, None);
        assert_eq!(
            feed.entries[0].link.as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(feed.entries[0].published, Some(1_748_858_400));
        assert_eq!(feed.entries[1].guid.as_deref(), Some("g-2"));
        assert_eq!(
            feed.entries[1].published,
            Some(NOW),
            "future dates are clamped"
        );
    }

    #[test]
    fn atom_prefers_content_and_the_alternate_link() {
        let xml = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>f</id>
            <entry><id>e1</id><title type="html">&lt;b&gt;Bold&lt;/b&gt;</title>
              <link rel="replies" href="https://example.com/c"/>
              <link rel="alternate" href="/posts/1"/>
              <summary>short</summary><content type="html">&lt;p&gt;long&lt;/p&gt;</content>
              <updated>2025-06-02T10:00:00Z</updated></entry></feed>"#;
        let feed = parse_feed_at(xml, "https://example.com/atom.xml", NOW).unwrap();
        let entry = &feed.entries[0];
        assert_eq!(entry.title, "<b>Bold</b>");
        assert_eq!(entry.body, "<p>long</p>");
        assert_eq!(entry.link.as_deref(), Some("https://example.com/posts/1"));
        assert_eq!(entry.published, Some(1_748_858_400));
    }

    #[test]
    fn bad_input_gets_short_reasons() {
        assert_eq!(parse_feed_at(b"  \n ", "x", NOW), Err(ParseError::Empty));
        let html = b"<!DOCTYPE html>\n<html><head><title>Oops</title></head><body></body></html>";
        assert_eq!(parse_feed_at(html, "x", NOW), Err(ParseError::HtmlPage));
        let html = b"\xef\xbb\xbf<?xml version=\"1.0\"?><!-- x --><html><body>hi</body></html>";
        assert_eq!(parse_feed_at(html, "x", NOW), Err(ParseError::HtmlPage));
        assert_eq!(
            parse_feed_at(b"<foo/>", "x", NOW),
            Err(ParseError::NoFeedRoot)
        );
        assert!(matches!(
            parse_feed_at(
                b"<rss version=\"2.0\"><channel a=\"b></channel></rss>",
                "x",
                NOW
            ),
            Err(ParseError::Xml(_))
        ));
        assert!(matches!(
            parse_feed_at(b"{\"version\": 1", "x", NOW),
            Err(ParseError::Json(_))
        ));
        assert_eq!(
            parse_feed_at(b"plain text", "x", NOW),
            Err(ParseError::NoFeedRoot)
        );
    }

    #[test]
    fn item_and_entry_tags_are_counted_in_any_case_and_prefix() {
        let doc = b"<item><Item a='1'><rss:item/><ENTRY\n><entry>\
            <items><entryway><itemize></item><x:entry>";
        assert_eq!(count_items(doc), 6);
        assert_eq!(count_items(b"{\"items\": [{\"title\": \"a\"}]}"), 0);
    }

    #[test]
    fn a_clean_feed_reads_strictly_and_a_broken_one_says_what_was_repaired() {
        let clean =
            b"<rss version=\"2.0\"><channel><item><title>A &amp; B</title></item></channel></rss>";
        let document = parse_document_at(clean, "https://x.example.com/f", NOW).unwrap();
        assert_eq!(document.feed.entries[0].title, "A & B");
        assert_eq!(
            document.note,
            ParseNote {
                repairs: Repairs::default(),
                items_in_document: 1,
                entries_read: 1,
            }
        );
        let broken =
            b"<rss version=\"2.0\"><channel><item><title>A & B</title></item></channel></rss>";
        let document = parse_document_at(broken, "https://x.example.com/f", NOW).unwrap();
        assert_eq!(document.feed.entries[0].title, "A & B");
        assert_eq!(document.note.repairs.to_string(), "1 bare ampersand");
    }

    #[test]
    fn a_json_feed_feed_rs_refuses_is_read_leniently() {
        let json = br#"{"version": "http://jsonfeed.org/version/1", "title": "Old style",
            "items": [{"id": "1", "title": "Kept", "url": "https://j.example/1", "tags": "a,b"}]}"#;
        let document = parse_document_at(json, "https://j.example/feed.json", NOW).unwrap();
        assert_eq!(document.feed.title.as_deref(), Some("Old style"));
        assert_eq!(document.feed.entries.len(), 1);
        assert_eq!(document.feed.entries[0].title, "Kept");
        assert_eq!(
            document.note.repairs.to_string(),
            "JSON Feed version read as 1"
        );
        assert_eq!(document.note.entries_read, 1);
        // Not a JSON Feed at all: the strict error stands.
        assert!(matches!(
            parse_document_at(b"{\"rss\": {}}", "x", NOW),
            Err(ParseError::Json(_))
        ));
    }

    #[test]
    fn a_json_feed_with_more_items_than_the_cap_is_read_item_by_item() {
        let items: Vec<String> = (0..3 * MAX_ENTRIES)
            .map(|i| format!(r#"{{"id":"{i}","title":"t{i}","author":{{"name":"a"}}}}"#))
            .collect();
        let json = format!(
            r#"{{"version":"https://jsonfeed.org/version/1.1","title":"Many","items":[{}]}}"#,
            items.join(",")
        );
        let document = parse_document_at(json.as_bytes(), "https://j.example/", NOW).unwrap();
        assert_eq!(document.feed.entries.len(), MAX_ENTRIES);
        assert_eq!(document.feed.entries[MAX_ENTRIES - 1].title, "t1999");
        assert_eq!(document.feed.title.as_deref(), Some("Many"));
        assert!(
            document.note.repairs.is_empty(),
            "{}",
            document.note.repairs
        );
    }

    #[test]
    fn the_strict_error_stands_when_the_repair_recovers_nothing() {
        // Cut inside the only item: nothing whole to keep.
        let cut = b"<rss version=\"2.0\"><channel><title>T</title><item><title>Cut";
        assert!(matches!(
            parse_feed_at(cut, "x", NOW),
            Err(ParseError::Xml(_))
        ));
        // An empty channel with a bare ampersand has no items to lose: it reads.
        let empty = b"<rss version=\"2.0\"><channel><title>R&D</title></channel></rss>";
        let document = parse_document_at(empty, "x", NOW).unwrap();
        assert_eq!(document.feed.title.as_deref(), Some("R&D"));
        assert!(document.feed.entries.is_empty());
        assert!(!document.note.unreadable());
    }

    #[test]
    fn random_bytes_never_escape_as_a_panic() {
        let mut rng = fastrand::Rng::with_seed(7);
        let prefixes: [&[u8]; 4] = [
            b"",
            b"<rss version=\"2.0\"><channel>",
            b"<feed>",
            b"{\"version\":",
        ];
        for i in 0..400 {
            let mut input = prefixes[i % prefixes.len()].to_vec();
            let len = rng.usize(0..300);
            input.extend((0..len).map(|_| match rng.u8(0..8) {
                0 => b'<',
                1 => b'>',
                2 => b'&',
                _ => rng.u8(..),
            }));
            // Either outcome is fine, but errors must be one short line for the status bar.
            if let Err(e) = parse_feed_at(&input, "https://example.com/f", NOW) {
                let text = e.to_string();
                assert!(
                    !text.contains('\n') && text.chars().count() < 200,
                    "{text:?}"
                );
            }
        }
    }
}
