//! What one fetch of a feed reports, and what is remembered of a feed between runs: plain
//! data shared by `ingest` (which produces it), `store` (which persists it) and `app`
//! (which shows it), so that none of them imports another for its types.

mod notes;

pub use notes::{ParseNote, Repair, Repairs};

use crate::model::{Article, ArticleId, UnixTime};

/// The result of one fetch of one feed, as the poller reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedReport {
    pub outcome: FeedOutcome,
    /// When the fetch ended.
    pub at: UnixTime,
    /// When the poller will fetch this feed again.
    pub next_refresh: UnixTime,
    /// The feed's own title, when it gave one (sanitized).
    pub feed_title: Option<String>,
    /// The validators the poller now holds for this feed: persist them to seed the next run
    /// (`PollerBuilder::remember`).
    pub validators: Validators,
    /// Set once, after a fetch whose redirects were all permanent and whose body parsed: the
    /// feed's new URL. The poller already uses it; persist it (article ids keep deriving
    /// from the configured URL).
    pub moved_to: Option<String>,
    /// After a body that parsed: what the parser repaired to read it, and how many items
    /// the document held (the feeds pane warns when none could be read). Default otherwise.
    /// Boxed: it is rarely more than empty, and reports travel in enums.
    pub parse_note: Box<ParseNote>,
    /// The articles' words as the search index takes them, made where the articles were
    /// built so that the writer thread (the refresh's one serial stage) only binds them.
    /// Empty for a report made by hand: the writer then makes them itself, the same.
    pub prepared: Prepared,
}

/// A fetch's articles as the search index takes them. Made by `store::prepare` alone, so
/// that ingest and the writer agree on the words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prepared {
    /// In the order of the articles they were made from (retention may drop some articles
    /// after, never reorder them).
    pub articles: Vec<PreparedArticle>,
}

/// One article's index words.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedArticle {
    pub id: ArticleId,
    /// Lengths of the title and body it was made from: an article edited since is made
    /// again by the writer rather than stored with words it no longer has.
    pub title_len: usize,
    pub body_len: usize,
    /// The title and the tag-stripped body as the search index takes them.
    pub index_title: String,
    pub index_body: String,
}

impl Prepared {
    /// The prepared form of `article`, searched from `*cursor` on (articles are stored in
    /// order, so the search is short), when it was made from this very article.
    pub fn matching(&self, article: &Article, cursor: &mut usize) -> Option<&PreparedArticle> {
        let rest = self.articles.get(*cursor..)?;
        let found = rest.iter().position(|p| p.id == article.id)?;
        *cursor += found + 1;
        let prepared = &rest[found];
        (prepared.title_len == article.title.len() && prepared.body_len == article.body.len())
            .then_some(prepared)
    }
}

/// How a fetch of a feed ended.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedOutcome {
    /// Fetched and parsed: every item the feed holds now (new or not), cleaned and classified.
    Updated { articles: Vec<Article> },
    /// 304, or a local file unchanged since the last read.
    NotModified,
    /// Short human text: what went wrong, e.g. "HTTP 404 Not Found" or "timed out after 30s".
    Failed { error: String },
}

/// Validators from the last successful fetch, echoed back unchanged on the next one.
///
/// For local files `etag` holds a fingerprint of the file's mtime and length instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }

    /// The validators to keep after a response: the new ones where the server sent them,
    /// the old ones otherwise (a 304 often omits headers it did not change).
    pub fn merged(&self, newer: Validators) -> Validators {
        Validators {
            etag: newer.etag.or_else(|| self.etag.clone()),
            last_modified: newer.last_modified.or_else(|| self.last_modified.clone()),
        }
    }
}

/// What the poller remembers about a feed between runs (seed it from the store).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedMemory {
    pub validators: Validators,
    /// A permanent redirect remembered earlier: fetch here instead of the configured URL.
    pub moved_to: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DecidedBy, FeedId, Topic};

    fn article(id: u64, title: &str) -> Article {
        Article {
            id: ArticleId(id),
            feed: FeedId(0),
            guid: None,
            title: title.into(),
            link: None,
            body: String::new(),
            published: None,
            first_seen: 1,
            topic: Topic::Other,
            decided_by: DecidedBy::Rules,
            terms: Default::default(),
            read: false,
            starred: false,
            enclosures: Vec::new(),
        }
    }

    fn prepared(id: u64, title: &str) -> PreparedArticle {
        PreparedArticle {
            id: ArticleId(id),
            title_len: title.len(),
            body_len: 0,
            index_title: title.into(),
            index_body: String::new(),
        }
    }

    #[test]
    fn prepared_forms_are_found_in_order_and_only_for_the_same_article() {
        let all = Prepared {
            articles: vec![prepared(1, "a"), prepared(2, "b"), prepared(3, "c")],
        };
        let mut cursor = 0;
        // Article 1 was dropped (retention): 2 and 3 are still found.
        assert_eq!(
            all.matching(&article(2, "b"), &mut cursor),
            Some(&all.articles[1])
        );
        assert_eq!(cursor, 2);
        // Not prepared at all: the cursor stays.
        assert_eq!(all.matching(&article(9, "x"), &mut cursor), None);
        assert_eq!(cursor, 2);
        // Edited since it was prepared: made again by the writer.
        assert_eq!(all.matching(&article(3, "longer"), &mut cursor), None);
        assert_eq!(Prepared::default().matching(&article(1, "a"), &mut 0), None);
    }
}
