//! Feed parsing with feed-rs, isolated so a panic becomes an error, into our own plain
//! entries (raw, not yet sanitized). Documents feed-rs refuses are repaired and read again
//! (`lenient`), and the repairs are reported (`notes`).

use std::borrow::Cow;

use thiserror::Error;

use crate::model::UnixTime;

mod dates;
mod enclosures;
mod inspect;
mod json_feed;
mod lenient;
mod repair;
mod vocabulary;

pub use crate::feed_report::{ParseNote, Repair, Repairs};
pub use dates::{DateContext, EARLIEST_PLAUSIBLE, parse_date};
pub use enclosures::{MAX_ENCLOSURES, ParsedEnclosure};
use inspect::{count_items, describe, looks_chinese};

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
    /// Attached files (enclosures, media, attachments), each URL once.
    pub enclosures: Vec<ParsedEnclosure>,
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
            let enclosures = enclosures::from_entry(&entry.media, &entry.links);
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
                enclosures,
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

#[cfg(test)]
mod tests;

#[cfg(test)]
mod enclosure_tests;
