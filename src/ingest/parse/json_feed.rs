//! A forgiving JSON Feed reader, for documents feed-rs refuses: a version it does not know
//! (`http://jsonfeed.org/version/1`, none at all), a field of the wrong type (`"tags":
//! "a,b"`), raw control characters inside strings, or a document cut off mid-item. It reads
//! only what a headline needs (id, url, title, content, dates, attachments) and lets every
//! other field be whatever it is.

use serde_json::Value;

use super::enclosures::{self, ParsedEnclosure};
use super::{DateContext, ParsedEntry, ParsedFeed, parse_date};
use crate::feed_report::{Repair, Repairs};
use crate::model::UnixTime;

/// A JSON Feed read leniently, and what had to be forgiven.
pub struct LenientJson {
    pub feed: ParsedFeed,
    pub repairs: Repairs,
    /// Elements of the `items` array seen, readable or not.
    pub items_in_document: usize,
}

/// True when the document is JSON: its first byte past whitespace and a BOM is `{`.
pub fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Reads a JSON Feed however it is damaged; `None` when it holds no `items` array (then it
/// is not a JSON Feed, and the strict error stands). At most `max_items` items are read.
pub fn read(
    bytes: &[u8],
    context: DateContext,
    now: UnixTime,
    max_items: usize,
) -> Option<LenientJson> {
    let mut repairs = Repairs::default();
    let (text, escaped) = escape_control_characters(bytes);
    if escaped > 0 {
        repairs.add(Repair::JsonControlCharacter, escaped);
    }
    // Item by item, never the whole document as one value: a feed of a million tiny items
    // costs `max_items` of them, and a cut-off one keeps the items before the cut.
    let streamed = stream_items(&text, max_items)?;
    if !streamed.complete {
        repairs.add(Repair::Truncated, 1);
    }
    if !known_version(streamed.version.as_ref()) {
        repairs.add(Repair::JsonVersion, 1);
    }
    let (title, items) = (streamed.title, streamed.items);
    let items_in_document = items.len();
    let mut entries = Vec::with_capacity(items.len().min(max_items));
    let mut unusable = 0;
    for item in items.into_iter().take(max_items) {
        match entry(item, context, now) {
            Some(entry) => entries.push(entry),
            None => unusable += 1,
        }
    }
    if unusable > 0 {
        repairs.add(Repair::JsonUnreadableItem, unusable);
    }
    Some(LenientJson {
        feed: ParsedFeed {
            title: title
                .as_ref()
                .and_then(Value::as_str)
                .map(str::to_owned)
                .filter(|t| !t.trim().is_empty()),
            entries,
        },
        repairs,
        items_in_document,
    })
}

/// The versions feed-rs knows; any other (or none) is read as version 1.
fn known_version(version: Option<&Value>) -> bool {
    version.and_then(Value::as_str).is_some_and(|v| {
        matches!(
            v.trim_end_matches('/'),
            "https://jsonfeed.org/version/1" | "https://jsonfeed.org/version/1.1"
        )
    })
}

/// One item as an entry: `None` when it is not an object or has nothing to show.
fn entry(item: Value, context: DateContext, now: UnixTime) -> Option<ParsedEntry> {
    let Value::Object(mut item) = item else {
        return None;
    };
    let mut text = |key: &str| match item.remove(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let guid = text("id");
    let link = text("url").or_else(|| text("external_url"));
    let title = text("title");
    let body = text("content_html")
        .or_else(|| text("content_text"))
        .or_else(|| text("summary"));
    let date = |value: Option<String>| {
        value
            .and_then(|v| parse_date(&v, context))
            .map(|t| t.timestamp().min(now))
    };
    let published = date(text("date_published")).or_else(|| date(text("date_modified")));
    let enclosures = attachments(item.remove("attachments"));
    if title.is_none() && body.is_none() && link.is_none() {
        return None;
    }
    Some(ParsedEntry {
        guid,
        title: title.unwrap_or_default(),
        link,
        body: body.unwrap_or_default(),
        published,
        enclosures,
    })
}

/// The `attachments` array: each object with a string `url` is kept, its `mime_type` when
/// a string and its `size_in_bytes` when a whole number (anything else is left out).
fn attachments(value: Option<Value>) -> Vec<ParsedEnclosure> {
    let Some(Value::Array(items)) = value else {
        return Vec::new();
    };
    enclosures::merge(items.into_iter().filter_map(|item| {
        let Value::Object(item) = item else {
            return None;
        };
        Some(ParsedEnclosure {
            url: item.get("url")?.as_str()?.to_owned(),
            mime: item
                .get("mime_type")
                .and_then(Value::as_str)
                .map(str::to_owned),
            length: item.get("size_in_bytes").and_then(Value::as_u64),
        })
    }))
}

/// Raw control characters inside strings (JSON forbids them; some writers put raw
/// newlines in `content_html`) written as `\u00XX` escapes. Borrowed work is not worth it:
/// this only runs after a strict failure.
fn escape_control_characters(bytes: &[u8]) -> (Vec<u8>, u32) {
    let mut out = Vec::with_capacity(bytes.len());
    let (mut in_string, mut escaped, mut count) = (false, false, 0u32);
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            } else if b < 0x20 {
                out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
                count += 1;
                continue;
            }
        } else if b == b'"' {
            in_string = true;
        }
        out.push(b);
    }
    (out, count)
}

/// The parts of a JSON Feed read item by item.
struct Streamed {
    title: Option<Value>,
    version: Option<Value>,
    items: Vec<Value>,
    /// The `items` array ended (or `max_items` were read) before the text did.
    complete: bool,
}

/// The value of the top-level `"key":` written before the `items` array, if any.
fn value_before(text: &[u8], items_key: usize, key: &[u8]) -> Option<Value> {
    let at = memchr::memmem::find(&text[..items_key], key)?;
    let colon = skip_space(text, at + key.len());
    if text.get(colon) != Some(&b':') {
        return None;
    }
    first_value(&text[skip_space(text, colon + 1)..]).map(|(value, _)| value)
}

/// The feed's title and version (when they come before the items, as writers put them)
/// and the whole items of the `items` array, at most `max_items`, one value at a time.
/// `None` without an `items` array: then it is not a JSON Feed.
fn stream_items(text: &[u8], max_items: usize) -> Option<Streamed> {
    let key = memchr::memmem::find(text, b"\"items\"")?;
    let title = value_before(text, key, b"\"title\"");
    let version = value_before(text, key, b"\"version\"");
    let mut at = skip_space(text, key + b"\"items\"".len());
    if text.get(at) != Some(&b':') {
        return None;
    }
    at = skip_space(text, at + 1);
    if text.get(at) != Some(&b'[') {
        return None;
    }
    at += 1;
    let mut items = Vec::new();
    let mut complete = text.get(skip_space(text, at)) == Some(&b']');
    while !complete && items.len() < max_items {
        at = skip_space(text, at);
        let Some((value, used)) = first_value(&text[at..]) else {
            break;
        };
        items.push(value);
        at = skip_space(text, at + used);
        match text.get(at) {
            Some(b',') => at += 1,
            Some(b']') => complete = true,
            _ => break,
        }
    }
    complete |= items.len() >= max_items;
    Some(Streamed {
        title,
        version,
        items,
        complete,
    })
}

/// The first JSON value at the start of `text` and how many bytes it took.
fn first_value(text: &[u8]) -> Option<(Value, usize)> {
    let mut stream = serde_json::Deserializer::from_slice(text).into_iter::<Value>();
    match stream.next() {
        Some(Ok(value)) => Some((value, stream.byte_offset())),
        _ => None,
    }
}

fn skip_space(text: &[u8], mut at: usize) -> usize {
    while text.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: UnixTime = 1_750_000_000;
    const CONTEXT: DateContext = DateContext { chinese: false };

    fn read_all(text: &str) -> LenientJson {
        read(text.as_bytes(), CONTEXT, NOW, 2000).expect("a JSON Feed")
    }

    #[test]
    fn an_unknown_version_and_wrong_field_types_are_forgiven() {
        let feed = read_all(
            r#"{"version": "http://jsonfeed.org/version/1", "title": "Chip notes",
                "items": [{"id": 7, "url": "https://c.example/a", "title": "Fab deal",
                           "tags": "fabs,policy", "content_text": "Text",
                           "date_published": "2025-06-02T10:00:00Z"},
                          "not an item",
                          {"id": "b", "external_url": "https://c.example/b", "summary": "Only a summary"}]}"#,
        );
        assert_eq!(feed.feed.title.as_deref(), Some("Chip notes"));
        assert_eq!(feed.items_in_document, 3);
        let first = &feed.feed.entries[0];
        assert_eq!(first.guid.as_deref(), Some("7"));
        assert_eq!(first.link.as_deref(), Some("https://c.example/a"));
        assert_eq!(first.title, "Fab deal");
        assert_eq!(first.body, "Text");
        assert_eq!(first.published, Some(1_748_858_400));
        let second = &feed.feed.entries[1];
        assert_eq!(second.link.as_deref(), Some("https://c.example/b"));
        assert_eq!(second.body, "Only a summary");
        assert_eq!(
            feed.repairs.to_string(),
            "JSON Feed version read as 1, 1 unreadable JSON item"
        );
    }

    #[test]
    fn raw_newlines_in_strings_are_escaped() {
        let feed = read_all(
            "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [{\"id\": \"1\", \
             \"title\": \"Two\nlines\", \"content_html\": \"<p>a</p>\n<p>b</p>\"}]}",
        );
        assert_eq!(feed.feed.entries[0].title, "Two\nlines");
        assert_eq!(feed.feed.entries[0].body, "<p>a</p>\n<p>b</p>");
        assert_eq!(feed.repairs.count(Repair::JsonControlCharacter), 2);
        assert_eq!(feed.repairs.count(Repair::JsonVersion), 0);
    }

    #[test]
    fn a_cut_off_document_keeps_its_whole_items() {
        let feed = read_all(
            r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Cut", "items": [
                {"id": "1", "title": "Whole one", "url": "https://x.example/1"},
                {"id": "2", "title": "Whole two", "url": "https://x.example/2"},
                {"id": "3", "title": "Half thr"#,
        );
        let titles: Vec<&str> = feed.feed.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Whole one", "Whole two"]);
        assert_eq!(feed.feed.title.as_deref(), Some("Cut"));
        assert_eq!(feed.repairs.count(Repair::Truncated), 1);
    }

    #[test]
    fn json_that_is_no_feed_is_left_to_the_strict_error() {
        assert!(read(br#"{"rss": {"channel": {}}}"#, CONTEXT, NOW, 10).is_none());
        assert!(read(b"[1, 2]", CONTEXT, NOW, 10).is_none());
        assert!(read(b"{\"title\": \"x\"", CONTEXT, NOW, 10).is_none());
        assert!(looks_like_json(b"\xef\xbb\xbf  {\"a\":1}"));
        assert!(!looks_like_json(b"<rss/>"));
    }

    #[test]
    fn hostile_json_never_panics() {
        let mut rng = fastrand::Rng::with_seed(11);
        for _ in 0..300 {
            let mut input = b"{\"items\": [{\"title\": \"".to_vec();
            input.extend((0..rng.usize(0..80)).map(|_| match rng.u8(0..6) {
                0 => b'"',
                1 => b'\\',
                2 => b'{',
                3 => b',',
                _ => rng.u8(..),
            }));
            let _ = read(&input, CONTEXT, NOW, 10);
        }
    }
}
