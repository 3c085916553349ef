//! Plain data shared by every layer: articles, their identity, feeds and topics. No I/O.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Seconds since the Unix epoch, UTC. Kept as a plain integer so rows stay compact.
pub type UnixTime = i64;

/// Index of a feed in the loaded configuration (stable for the life of the process).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FeedId(pub u32);

/// Stable identity of an article, derived from its feed and guid (or link, or title and date).
///
/// Never random: the same item fetched twice gets the same id, so it is never new twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub u64);

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl ArticleId {
    /// Derives the id from the feed's URL and the best identifying key the item has.
    ///
    /// Order: guid, then the normalized link, then title plus published date.
    pub fn derive(
        feed_url: &str,
        guid: Option<&str>,
        link: Option<&str>,
        title: &str,
        published: Option<UnixTime>,
    ) -> ArticleId {
        let mut hash = Fnv64::new();
        hash.write(feed_url.trim().as_bytes());
        hash.write(&[0]);
        match (nonempty(guid), nonempty(link)) {
            (Some(guid), _) => {
                hash.write(b"guid\0");
                hash.write(guid.trim().as_bytes());
            }
            (None, Some(link)) => {
                hash.write(b"link\0");
                hash.write(normalize_link(link).as_bytes());
            }
            (None, None) => {
                hash.write(b"title\0");
                hash.write(title.trim().to_lowercase().as_bytes());
                hash.write(&[0]);
                hash.write(&published.unwrap_or(0).to_le_bytes());
            }
        }
        ArticleId(hash.finish())
    }
}

fn nonempty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

/// Normalizes a link for identity: scheme and host lowercased, fragment and trailing slash
/// dropped, common tracking parameters removed.
pub fn normalize_link(link: &str) -> String {
    let link = link.trim();
    let Ok(mut url) = url::Url::parse(link) else {
        return link.trim_end_matches('/').to_string();
    };
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let mut s = url.to_string();
    while s.ends_with('/') {
        s.pop();
    }
    if let Some(rest) = s.strip_prefix("http://") {
        s = format!("https://{rest}");
    }
    s
}

fn is_tracking_param(key: &str) -> bool {
    key.starts_with("utm_") || matches!(key, "fbclid" | "gclid" | "mc_cid" | "mc_eid" | "ref")
}

/// 64-bit FNV-1a: tiny, dependency-free and, unlike `DefaultHasher`, stable across releases.
struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Which side of the US-China AI race an article is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Topic {
    Us,
    China,
    /// Both sides are in play: a rivalry, export controls on China, a Chinese model against
    /// an American one.
    Both,
    #[default]
    Other,
}

impl Topic {
    pub const ALL: [Topic; 4] = [Topic::Us, Topic::China, Topic::Both, Topic::Other];

    /// The machine name used in JSON output, the config and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Us => "us",
            Topic::China => "china",
            Topic::Both => "both",
            Topic::Other => "other",
        }
    }

    /// The label shown in tabs.
    pub fn label(self) -> &'static str {
        match self {
            Topic::Us => "US",
            Topic::China => "China",
            Topic::Both => "Head-to-head",
            Topic::Other => "Other",
        }
    }

    /// A three-letter badge for list rows; readable without colour.
    pub fn badge(self) -> &'static str {
        match self {
            Topic::Us => "US ",
            Topic::China => "CN ",
            Topic::Both => "H2H",
            Topic::Other => "   ",
        }
    }

    /// Other spellings read as this topic, in any case (on the command line too).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Topic::Us => &["usa", "united-states"],
            Topic::China => &["cn"],
            Topic::Both => &["h2h", "head-to-head"],
            Topic::Other => &[],
        }
    }

    pub fn parse(s: &str) -> Option<Topic> {
        let s = s.trim().to_ascii_lowercase();
        Topic::ALL
            .into_iter()
            .find(|t| t.as_str() == s || t.aliases().contains(&s.as_str()))
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which layer chose a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecidedBy {
    /// A side (or a relation) reached its threshold, or nothing pointed anywhere.
    #[default]
    Rules,
    /// The rules found no side and the model named one with enough confidence.
    Model,
}

impl DecidedBy {
    /// The machine name: `rules` or `model` (the `topic_source` of headlines JSON, and the
    /// cache column).
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::Rules => "rules",
            DecidedBy::Model => "model",
        }
    }

    /// The other way round: anything but `model` is the rules' (a cache written before the
    /// model could decide holds no other value).
    pub fn from_str_lossy(text: &str) -> DecidedBy {
        if text == "model" {
            DecidedBy::Model
        } else {
            DecidedBy::Rules
        }
    }
}

/// A headline whose topic the reader set by hand: what the learned topic model is
/// retrained with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    pub title: String,
    pub topic: Topic,
}

/// Longest article body kept, in bytes of HTML/text: the sanitizer cuts there, the store
/// bounds what it decompresses by it.
pub const MAX_BODY_BYTES: usize = 200_000;

/// One article, cleaned and classified. Every text field is already sanitized.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: ArticleId,
    pub feed: FeedId,
    pub guid: Option<String>,
    /// One line, terminal-safe.
    pub title: String,
    /// http(s) only; `None` when the feed gave nothing usable.
    pub link: Option<String>,
    /// The raw (sanitized of terminal controls) HTML or text body; rendered on preview.
    pub body: String,
    /// When the feed says it was published (or updated); `None` when it gave no usable date.
    pub published: Option<UnixTime>,
    /// When we first saw it; the fallback for sorting and age.
    pub first_seen: UnixTime,
    pub topic: Topic,
    /// Whether the rules or the learned model chose `topic`.
    pub decided_by: DecidedBy,
    /// The terms that decided the topic, as written in the rules.
    pub terms: Terms,
    pub read: bool,
    pub starred: bool,
    /// Files the feed attached (podcast episodes, PDFs, images), in the feed's order. Rows
    /// loaded from the cache leave them empty, like the body: they come with the body.
    pub enclosures: Vec<Enclosure>,
}

/// The terms that decided an article's topic, shared between the articles naming the same
/// ones: 100,000 cached articles name a few thousand different lists, and a list of its own
/// each held some 130 bytes of heap per article.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Terms(Arc<[String]>);

impl Deref for Terms {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Debug for Terms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl From<Vec<String>> for Terms {
    fn from(terms: Vec<String>) -> Terms {
        Terms(terms.into())
    }
}

impl FromIterator<String> for Terms {
    fn from_iter<I: IntoIterator<Item = String>>(terms: I) -> Terms {
        Terms(terms.into_iter().collect())
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Terms {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().map(String::as_str).eq(other.iter().copied())
    }
}

/// A file attached to an article, already cleaned: an http(s) URL, a plain lowercase
/// `type/subtype` when the feed gave a sane one, a plausible size in bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enclosure {
    pub url: String,
    pub mime: Option<String>,
    pub length: Option<u64>,
}

impl Article {
    /// The time the list sorts and ages by.
    pub fn when(&self) -> UnixTime {
        self.published.unwrap_or(self.first_seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_prefers_guid_and_is_stable() {
        let a = ArticleId::derive("https://f/x", Some("g1"), Some("https://a/1"), "T", None);
        let b = ArticleId::derive(
            "https://f/x",
            Some("g1"),
            Some("https://a/2"),
            "Other",
            Some(5),
        );
        assert_eq!(a, b);
        let c = ArticleId::derive("https://f/y", Some("g1"), None, "T", None);
        assert_ne!(a, c, "same guid in another feed is another article");
    }

    #[test]
    fn id_falls_back_to_normalized_link() {
        let a = ArticleId::derive(
            "f",
            None,
            Some("http://Example.com/a/?utm_source=x#top"),
            "T",
            None,
        );
        let b = ArticleId::derive("f", Some("  "), Some("https://example.com/a"), "T2", None);
        assert_eq!(a, b);
    }

    #[test]
    fn id_falls_back_to_title_and_date() {
        let a = ArticleId::derive("f", None, None, "Title", Some(10));
        let b = ArticleId::derive("f", None, None, " title ", Some(10));
        let c = ArticleId::derive("f", None, None, "Title", Some(11));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn id_is_fixed_across_releases() {
        // A change here would make every cached article new again.
        let id = ArticleId::derive("https://example.com/feed", Some("abc"), None, "", None);
        assert_eq!(id.to_string(), "45ca58c6048c5379");
        assert_eq!(
            id,
            ArticleId::derive("https://example.com/feed", Some("abc"), None, "x", None)
        );
    }

    #[test]
    fn topic_names_round_trip() {
        for t in Topic::ALL {
            assert_eq!(Topic::parse(t.as_str()), Some(t));
        }
    }
}
