//! Which new articles raise an alert: of one fetch of a feed, those the watchlist (or a
//! view with `notify = true`) names, once the cache says they were new, and never for the
//! feed's first fetch (it brings the feed's whole history, nothing to be told about).
//! Candidates are found before the fetch is stored; the store's outcome keeps the new ones.

use std::collections::HashSet;

use crate::config::FeedConfig;
use crate::feed_report::FeedReport;
use crate::model::{Article, ArticleId, Topic};
use crate::store::WriteOutcome;

/// One new article worth telling about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub title: String,
    pub source: String,
    pub link: String,
    pub topic: Topic,
    /// What it matched: watchlist terms and view names.
    pub labels: Vec<String>,
}

/// The articles of one fetch that would raise an alert if new, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates(Vec<(ArticleId, Alert)>);

impl Candidates {
    /// The articles of `report` (a fetch of `feed`) that `labels_of` names (given each
    /// article and the feed's display name).
    pub fn of(
        feed: &FeedConfig,
        report: &FeedReport,
        articles: &[Article],
        labels_of: impl Fn(&Article, &str) -> Vec<String>,
    ) -> Candidates {
        let source = feed
            .name
            .clone()
            .or_else(|| report.feed_title.clone())
            .unwrap_or_else(|| feed.url.clone());
        let mut found: Vec<(i64, ArticleId, Alert)> = articles
            .iter()
            .filter_map(|article| {
                let labels = labels_of(article, &source);
                (!labels.is_empty()).then(|| {
                    let alert = Alert {
                        title: article.title.clone(),
                        source: source.clone(),
                        link: article.link.clone().unwrap_or_default(),
                        topic: article.topic,
                        labels,
                    };
                    (article.when(), article.id, alert)
                })
            })
            .collect();
        found.sort_by_key(|(when, _, _)| std::cmp::Reverse(*when));
        Candidates(
            found
                .into_iter()
                .map(|(_, id, alert)| (id, alert))
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The alerts: the candidates the store found new, none for a feed's first fetch.
    pub fn keep_new(self, outcome: &WriteOutcome) -> Vec<Alert> {
        let WriteOutcome::Stored {
            new_ids,
            first_fetch: false,
            ..
        } = outcome
        else {
            return Vec::new();
        };
        let new: HashSet<&ArticleId> = new_ids.iter().collect();
        self.0
            .into_iter()
            .filter(|(id, _)| new.contains(id))
            .map(|(_, alert)| alert)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed_report::FeedOutcome;
    use crate::model::{DecidedBy, FeedId};

    fn article(n: u64, title: &str, at: i64) -> Article {
        Article {
            id: ArticleId(n),
            feed: FeedId(0),
            guid: None,
            title: title.to_string(),
            link: Some(format!("https://news.example/{n}")),
            body: String::new(),
            published: Some(at),
            first_seen: at,
            topic: Topic::China,
            decided_by: DecidedBy::Rules,
            terms: Default::default(),
            read: false,
            starred: false,
            enclosures: Vec::new(),
        }
    }

    fn deepseek(article: &Article, _source: &str) -> Vec<String> {
        if article.title.contains("DeepSeek") {
            vec!["DeepSeek".to_string()]
        } else {
            Vec::new()
        }
    }

    fn stored(new: &[u64], first_fetch: bool) -> WriteOutcome {
        WriteOutcome::Stored {
            new_articles: new.len(),
            new_ids: new.iter().map(|&n| ArticleId(n)).collect(),
            first_fetch,
        }
    }

    #[test]
    fn new_matching_articles_raise_alerts_newest_first() {
        let articles = vec![
            article(1, "DeepSeek R3 lands", 10),
            article(2, "DeepSeek hires", 30),
            article(3, "Chips news", 40),
            article(4, "DeepSeek old story", 50),
        ];
        let feed = FeedConfig {
            url: "https://wire.example/feed".into(),
            name: None,
            refresh: None,
            tags: Vec::new(),
            enabled: true,
            full_text: false,
        };
        let report = FeedReport {
            outcome: FeedOutcome::NotModified,
            at: 60,
            next_refresh: 0,
            feed_title: Some("Wire".into()),
            validators: Default::default(),
            moved_to: None,
            parse_note: Default::default(),
            prepared: Default::default(),
        };
        let candidates = Candidates::of(&feed, &report, &articles, deepseek);
        let alerts = candidates.clone().keep_new(&stored(&[1, 2, 3], false));
        let titles: Vec<&str> = alerts.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["DeepSeek hires", "DeepSeek R3 lands"]);
        assert_eq!(alerts[0].link, "https://news.example/2");
        assert_eq!(alerts[0].source, "Wire");
        assert_eq!(alerts[0].labels, ["DeepSeek"]);
        assert!(
            candidates
                .clone()
                .keep_new(&stored(&[1, 2], true))
                .is_empty()
        );
        assert!(candidates.keep_new(&WriteOutcome::Done).is_empty());
    }
}
