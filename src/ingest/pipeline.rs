//! From parsed entries to clean, classified Articles, and the one-feed "fetch, parse, build"
//! step shared by the poller and the headless `refresh` command.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::feed_report::{FeedOutcome, ParseNote, Prepared, Validators};
use crate::ingest::decode::to_parseable;
use crate::ingest::enclosures;
use crate::ingest::fetch::{FetchResponse, Fetcher};
use crate::ingest::parse::{MAX_ENTRIES, ParsedEntry, ParsedFeed, parse_document};
use crate::model::{Article, ArticleId, FeedId, UnixTime};
use crate::store::prepare;
use crate::text::sanitize::{
    MAX_BODY_BYTES, clean_line, clean_text, clean_title, safe_link, strip_tags,
};
use crate::topics::classify::Classifier;

/// Items kept from one feed document. Real feeds hold tens; a hostile one could hold
/// hundreds of thousands of tiny items within the byte cap (the parser stops reading there
/// too).
pub const MAX_ITEMS_PER_FEED: usize = MAX_ENTRIES;

/// Length of a title made up from the body when an item has none.
const FALLBACK_TITLE_CHARS: usize = 120;

/// Bytes of raw body that identify an item with no guid, link or title.
const IDENTITY_BODY_BYTES: usize = 1000;

/// Cleans, classifies and identifies every entry of one feed document.
///
/// `feed_url` is the feed's identity (the configured URL, kept even after a permanent
/// redirect, so ids stay stable) and the base for relative links the parser left.
pub fn build_articles(
    feed: FeedId,
    feed_url: &str,
    parsed: ParsedFeed,
    classifier: &Classifier,
    now: UnixTime,
) -> Vec<Article> {
    build(feed, feed_url, parsed, classifier, now, None)
}

/// As [`build_articles`], with each article's search index words (`store::prepare`),
/// made here on the parsing pool from the tag-stripped body the classifier read, rather
/// than on the writer thread.
pub fn build_prepared(
    feed: FeedId,
    feed_url: &str,
    parsed: ParsedFeed,
    classifier: &Classifier,
    now: UnixTime,
) -> (Vec<Article>, Prepared) {
    let mut prepared = Prepared::default();
    let articles = build(feed, feed_url, parsed, classifier, now, Some(&mut prepared));
    (articles, prepared)
}

fn build(
    feed: FeedId,
    feed_url: &str,
    parsed: ParsedFeed,
    classifier: &Classifier,
    now: UnixTime,
    mut prepared: Option<&mut Prepared>,
) -> Vec<Article> {
    let base = url::Url::parse(feed_url).ok();
    let mut seen = HashSet::new();
    let mut articles = Vec::with_capacity(parsed.entries.len().min(MAX_ITEMS_PER_FEED));
    for entry in parsed.entries.into_iter().take(MAX_ITEMS_PER_FEED) {
        let resolved_link = entry
            .link
            .as_deref()
            .map(|link| resolve(base.as_ref(), link));
        // Identity uses the raw fields, not the cleaned ones, so that a change in the
        // sanitizer never makes old items new again.
        let id = ArticleId::derive(
            feed_url,
            entry.guid.as_deref(),
            resolved_link.as_deref(),
            identity_title(&entry),
            entry.published,
        );
        if !seen.insert(id) {
            continue;
        }
        let body = clean_text(&entry.body, MAX_BODY_BYTES);
        let plain_body = strip_tags(&body);
        let mut title = clean_title(&entry.title);
        if title.trim().is_empty() {
            title = clean_line(&plain_body, FALLBACK_TITLE_CHARS);
        }
        if title.trim().is_empty() {
            title = "(untitled)".to_string();
        }
        let classification = classifier.classify(&title, &plain_body);
        let article = Article {
            id,
            feed,
            guid: entry.guid.map(|g| clean_line(&g, 1000)),
            title,
            link: resolved_link.as_deref().and_then(safe_link),
            body,
            published: entry.published,
            first_seen: now,
            topic: classification.topic,
            decided_by: classification.decided_by,
            terms: classification.terms.into(),
            read: false,
            starred: false,
            enclosures: enclosures::clean(entry.enclosures, |url| resolve(base.as_ref(), url)),
        };
        if let Some(prepared) = prepared.as_deref_mut() {
            prepared.articles.push(prepare(&article, &plain_body));
        }
        articles.push(article);
    }
    articles
}

/// The title that identifies an item with neither guid nor link. Untitled items would all
/// share one id per date and all but the first would be lost, so they are told apart by
/// the start of their raw body, which is as stable across polls as a title.
fn identity_title(entry: &ParsedEntry) -> &str {
    if !entry.title.trim().is_empty() {
        return &entry.title;
    }
    let body = entry.body.trim();
    let mut cut = body.len().min(IDENTITY_BODY_BYTES);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    &body[..cut]
}

fn resolve(base: Option<&url::Url>, link: &str) -> String {
    let link = link.trim();
    match base {
        Some(base) if url::Url::parse(link).is_err() => base
            .join(link)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| link.to_string()),
        _ => link.to_string(),
    }
}

/// The result of one fetch of one feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    pub outcome: FeedOutcome,
    /// The validators to keep for the next fetch. Unchanged after a failure, and also after
    /// a body that did not parse, so that the next fetch downloads and parses it again.
    pub validators: Validators,
    /// The feed's own title, sanitized, when it gave one.
    pub feed_title: Option<String>,
    /// Where the feed now lives, after a chain of permanent redirects and a body that parsed.
    pub moved_to: Option<String>,
    /// How long the server asked us to wait (429/503 Retry-After), unclamped.
    pub retry_after: Option<Duration>,
    /// What reading the document took (repairs), and how many items it held; empty unless
    /// a body parsed.
    pub parse_note: ParseNote,
    /// The articles in the cache's form (see `FeedReport::prepared`); empty unless a body
    /// parsed.
    pub prepared: Prepared,
}

/// Fetches one feed, then parses and builds its articles on the blocking pool.
///
/// `identity_url` is the configured URL (article ids derive from it); `fetch_url` is where
/// to fetch it from, which differs after a remembered permanent redirect.
pub async fn fetch_and_ingest(
    fetcher: &Fetcher,
    feed: FeedId,
    identity_url: &str,
    fetch_url: &str,
    validators: &Validators,
    classifier: Arc<Classifier>,
) -> Ingested {
    let failed = |error: String, retry_after: Option<Duration>| Ingested {
        outcome: FeedOutcome::Failed { error },
        validators: validators.clone(),
        feed_title: None,
        moved_to: None,
        retry_after,
        parse_note: ParseNote::default(),
        prepared: Prepared::default(),
    };
    let response = match fetcher.fetch(fetch_url, validators).await {
        Ok(response) => response,
        Err(e) => return failed(e.to_string(), e.retry_after()),
    };
    let (bytes, content_type, final_url, fresh, permanent_redirect) = match response {
        FetchResponse::NotModified { validators } => {
            return Ingested {
                outcome: FeedOutcome::NotModified,
                validators,
                feed_title: None,
                moved_to: None,
                retry_after: None,
                parse_note: ParseNote::default(),
                prepared: Prepared::default(),
            };
        }
        FetchResponse::Body {
            bytes,
            content_type,
            final_url,
            validators,
            permanent_redirect,
        } => (
            bytes,
            content_type,
            final_url,
            validators,
            permanent_redirect,
        ),
    };
    let identity = identity_url.to_string();
    // Parsing and cleaning are CPU work: they must not hold up the async workers. More of
    // them at once than there are cores would not finish sooner, and each holds a parsed
    // document (a few MB for a large feed), so the rest wait with their raw bytes.
    let _slot = parse_slots().acquire().await;
    let built = tokio::task::spawn_blocking(move || {
        let parseable = to_parseable(&bytes, content_type.as_deref());
        // The fetched bytes are not needed past decoding: a large body is then held twice
        // at most (decoded, and repaired when it needs repairs) while it parses.
        drop(bytes);
        let document = parse_document(&parseable, &final_url)?;
        let title = document
            .feed
            .title
            .as_deref()
            .map(clean_title)
            .filter(|t| !t.is_empty());
        let (articles, prepared) = build_prepared(
            feed,
            &identity,
            document.feed,
            &classifier,
            crate::time::now(),
        );
        Ok::<_, crate::ingest::parse::ParseError>((articles, prepared, title, document.note))
    })
    .await;
    match built {
        Ok(Ok((articles, prepared, feed_title, parse_note))) => Ingested {
            outcome: FeedOutcome::Updated { articles },
            // A cut-off body is not the document those validators describe: a 304 next
            // time would keep the missing items away until the feed changes.
            validators: if parse_note.truncated() {
                validators.clone()
            } else {
                fresh
            },
            feed_title,
            moved_to: permanent_redirect,
            retry_after: None,
            parse_note,
            prepared,
        },
        Ok(Err(e)) => failed(e.to_string(), None),
        // The parse is isolated with catch_unwind, so this is a panic outside feed-rs
        // (sanitizer or classifier): still only this feed's problem.
        Err(e) if e.is_panic() => failed(
            "could not process the feed (internal error)".to_string(),
            None,
        ),
        Err(_) => failed("cancelled".to_string(), None),
    }
}

/// Permits for feeds being parsed at once: one per core.
fn parse_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TopicsConfig;

    fn entry(guid: Option<&str>, title: &str, link: Option<&str>) -> ParsedEntry {
        ParsedEntry {
            guid: guid.map(str::to_string),
            title: title.to_string(),
            link: link.map(str::to_string),
            body: "<p>Body</p>".to_string(),
            published: Some(1_700_000_000),
            enclosures: Vec::new(),
        }
    }

    fn build(entries: Vec<ParsedEntry>) -> Vec<Article> {
        let classifier = Classifier::new(&TopicsConfig::default()).unwrap();
        let parsed = ParsedFeed {
            title: None,
            entries,
        };
        build_articles(
            FeedId(3),
            "https://example.com/blog/feed.xml",
            parsed,
            &classifier,
            42,
        )
    }

    #[test]
    fn duplicates_within_a_document_are_dropped() {
        let articles = build(vec![
            entry(Some("a"), "First", None),
            entry(Some("a"), "First again", None),
            entry(None, "Linked", Some("https://example.com/x?utm_source=rss")),
            entry(None, "Same link", Some("https://example.com/x")),
            entry(None, "Only a title", None),
        ]);
        let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["First", "Linked", "Only a title"]);
    }

    #[test]
    fn untitled_unlinked_items_are_told_apart_by_their_body() {
        let mut one = entry(None, "", None);
        one.body = "<p>First story</p>".into();
        let mut two = entry(None, " ", None);
        two.body = "<p>Second story</p>".into();
        let first = build(vec![one.clone(), two.clone(), one.clone()]);
        assert_eq!(first.len(), 2, "two stories, the repeat dropped");
        assert_ne!(first[0].id, first[1].id);
        let again = build(vec![two, one]);
        assert_eq!(
            (again[0].id, again[1].id),
            (first[1].id, first[0].id),
            "the same ids on the next poll"
        );
    }

    #[test]
    fn links_are_resolved_and_filtered() {
        let articles = build(vec![
            entry(Some("1"), "Relative", Some("../posts/1")),
            entry(Some("2"), "Script", Some("javascript:alert(1)")),
        ]);
        assert_eq!(
            articles[0].link.as_deref(),
            Some("https://example.com/posts/1")
        );
        assert_eq!(articles[1].link, None);
    }

    #[test]
    fn attached_files_are_resolved_like_links_and_cleaned() {
        use crate::ingest::parse::ParsedEnclosure;
        let mut item = entry(Some("1"), "Episode", None);
        item.enclosures = vec![
            ParsedEnclosure {
                url: "../media/ep%201.mp3".into(),
                mime: Some("Audio/MPEG".into()),
                length: Some(0),
            },
            ParsedEnclosure {
                url: "javascript:alert(1)".into(),
                mime: None,
                length: None,
            },
        ];
        let articles = build(vec![item]);
        assert_eq!(
            articles[0].enclosures,
            vec![crate::model::Enclosure {
                url: "https://example.com/media/ep%201.mp3".into(),
                mime: Some("audio/mpeg".into()),
                length: None,
            }]
        );
    }

    #[test]
    fn fields_are_filled_for_a_new_article() {
        let articles = build(vec![
            entry(Some("g"), "T", None),
            entry(Some("h"), "  ", None),
        ]);
        let a = &articles[0];
        assert_eq!(
            (a.feed, a.first_seen, a.read, a.starred),
            (FeedId(3), 42, false, false)
        );
        assert_eq!(
            a.id,
            ArticleId::derive(
                "https://example.com/blog/feed.xml",
                Some("g"),
                None,
                "T",
                Some(1_700_000_000)
            )
        );
        assert!(
            !articles[1].title.trim().is_empty(),
            "an untitled item still gets a title"
        );
    }

    #[test]
    fn prepared_forms_are_those_the_writer_would_make() {
        let classifier = Classifier::new(&TopicsConfig::default()).unwrap();
        let mut long = entry(Some("b"), "華為 ships", None);
        long.body = "<p>Huawei &amp; 华为 ship <b>Ascend</b> chips.</p>".repeat(20);
        let parsed = ParsedFeed {
            title: None,
            entries: vec![entry(Some("a"), "Short", None), long],
        };
        let (articles, prepared) = build_prepared(
            FeedId(3),
            "https://example.com/feed",
            parsed,
            &classifier,
            42,
        );
        let made_by_writer: Vec<_> = articles
            .iter()
            .map(|a| crate::store::prepare(a, &strip_tags(&a.body)))
            .collect();
        assert_eq!(prepared.articles, made_by_writer);
    }

    #[test]
    fn item_count_is_capped() {
        let entries = (0..MAX_ITEMS_PER_FEED + 10)
            .map(|i| entry(Some(&i.to_string()), "t", None))
            .collect();
        assert_eq!(build(entries).len(), MAX_ITEMS_PER_FEED);
    }
}
