//! Retention, applied the same way wherever articles arrive: what `[storage] max_age` has
//! already expired is not stored (nor shown), so it cannot be pruned and then come back as
//! new at the next fetch.

use std::time::Duration;

use crate::ingest::poller::{FeedOutcome, FeedReport};
use crate::model::UnixTime;

/// Drops the articles of a fetched feed that are older than `max_age` (by published, else
/// first seen). Starring is impossible for an article never stored, so none is lost.
pub fn drop_expired(report: &mut FeedReport, now: UnixTime, max_age: Duration) {
    let age = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
    let cutoff = now.saturating_sub(age);
    if let FeedOutcome::Updated { articles } = &mut report.outcome {
        articles.retain(|article| article.when() >= cutoff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ArticleId, FeedId, Topic};

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
            terms: Vec::new(),
            read: false,
            starred: false,
        }
    }

    #[test]
    fn expired_articles_are_dropped_and_recent_or_undated_kept() {
        let now = 1_000_000;
        let mut report = FeedReport {
            outcome: FeedOutcome::Updated {
                articles: vec![
                    article(1, Some(now - 10), now),
                    article(2, Some(now - 1_000), now),
                    article(3, None, now),
                ],
            },
            at: now,
            next_refresh: now + 60,
            feed_title: None,
            validators: Default::default(),
            moved_to: None,
            parse_note: Default::default(),
        };
        drop_expired(&mut report, now, Duration::from_secs(100));
        let FeedOutcome::Updated { articles } = &report.outcome else {
            panic!()
        };
        let ids: Vec<u64> = articles.iter().map(|a| a.id.0).collect();
        assert_eq!(ids, [1, 3]);
    }
}
