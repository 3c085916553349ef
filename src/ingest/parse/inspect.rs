//! Looking at a document's bytes besides parsing it: how many items it holds, whether it
//! is in Chinese or is an HTML page, and feed-rs errors told in one short line.

use feed_rs::parser::{ParseErrorKind, ParseFeedError};

use super::ParseError;
use crate::text::script::is_han;

/// `<item>` and `<entry>` start tags (any case, any prefix), counted in one pass over the
/// bytes: how many entries a good parse should give.
pub(super) fn count_items(bytes: &[u8]) -> usize {
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
pub(super) fn looks_chinese(bytes: &[u8]) -> bool {
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

pub(super) fn describe(error: ParseFeedError, bytes: &[u8]) -> ParseError {
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
pub(super) fn looks_like_html(bytes: &[u8]) -> bool {
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
