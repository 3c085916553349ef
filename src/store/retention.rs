//! Retention, applied the same way wherever articles arrive: what `[storage] max_age` has
//! already expired is not stored (nor shown), so it cannot be pruned and then come back as
//! new at the next fetch.
//!
//! An article's age counts from the later of its published date and when it was first seen:
//! a feed added today may carry items dated years ago, and those are news to this user, so
//! nothing is expired by the fetch that first brings it.

use std::time::Duration;

use crate::feed_report::{FeedOutcome, FeedReport};
use crate::model::{Article, UnixTime};

/// Drops the articles of a fetched feed that are older than `max_age` (see [`aged_from`]).
/// Starring is impossible for an article never stored, so none is lost.
pub fn drop_expired(report: &mut FeedReport, now: UnixTime, max_age: Duration) {
    let cutoff = cutoff(now, max_age);
    if let FeedOutcome::Updated { articles } = &mut report.outcome {
        articles.retain(|article| aged_from(article) >= cutoff);
    }
}

/// The time an article's age counts from: the later of published and first seen. The SQL
/// of `WriteOp::Prune` says the same as `coalesce(published, first_seen) < cutoff AND
/// first_seen < cutoff`, a form that can use the `articles_newest` index.
pub fn aged_from(article: &Article) -> UnixTime {
    article.published.map_or(article.first_seen, |published| {
        published.max(article.first_seen)
    })
}

/// Articles aged from before this are expired.
pub(crate) fn cutoff(now: UnixTime, max_age: Duration) -> UnixTime {
    let age = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
    now.saturating_sub(age)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleId, FeedId, Topic};

    fn article(id: u64, published: Option<UnixTime>, first_seen: UnixTime) -> Article {
        Article {
            id: ArticleId(id),
            feed: FeedId(0),
            guid: None,
            title: format!("t{id}"),
            link: None,
            body: String::new(),
            published,
            first_seen,
            topic: Topic::Other,
            decided_by: crate::model::DecidedBy::Rules,
            terms: Default::default(),
            read: false,
            starred: false,
            enclosures: Vec::new(),
        }
    }

    fn kept_ids(articles: Vec<Article>, now: UnixTime, max_age: Duration) -> Vec<u64> {
        let mut report = FeedReport {
            outcome: FeedOutcome::Updated { articles },
            at: now,
            next_refresh: now + 60,
            feed_title: None,
            validators: Default::default(),
            moved_to: None,
            parse_note: Default::default(),
            prepared: Default::default(),
        };
        drop_expired(&mut report, now, max_age);
        let FeedOutcome::Updated { articles } = &report.outcome else {
            panic!("drop_expired changed the outcome")
        };
        articles.iter().map(|a| a.id.0).collect()
    }

    #[test]
    fn articles_first_seen_long_ago_are_dropped_whatever_their_date() {
        let now = 1_000_000;
        let kept = kept_ids(
            vec![
                article(1, Some(now - 10), now - 10),
                article(2, Some(now - 1_000), now - 1_000),
                article(3, None, now - 1_000),
                article(4, None, now - 50),
            ],
            now,
            Duration::from_secs(100),
        );
        assert_eq!(kept, [1, 4]);
    }

    #[test]
    fn an_old_article_of_a_feed_just_added_is_kept() {
        let now = 100_000_000;
        let two_years = 2 * 365 * 86_400;
        let kept = kept_ids(
            vec![
                article(1, Some(now - two_years), now),
                article(2, None, now),
            ],
            now,
            Duration::from_secs(90 * 86_400),
        );
        assert_eq!(kept, [1, 2], "nothing expires in the fetch that brings it");
    }
}
