//! Getting ready to fetch, the same way for the dashboard and for `refresh`: the topic
//! classifier (taught the reader's corrections), the watchlist, the feeds' keys in the
//! cache, and what the cache remembers of each feed (validators, moved URLs) to seed the
//! poller. Each caller reports failures in its own words (status line, stderr, exit code).

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::{Config, FeedConfig};
use crate::feed_report::FeedMemory;
use crate::model::FeedId;
use crate::store::{FeedKey, FeedRecord, Store, StoreError};
use crate::topics::classify::Classifier;
use crate::topics::watch::{Watchlist, WatchlistError};

/// What the config makes before any fetch.
pub struct Ready {
    pub classifier: Arc<Classifier>,
    pub watchlist: Arc<Watchlist>,
    /// One per configured feed, by position: how the cache names it.
    pub feed_keys: Vec<FeedKey>,
}

/// A part of the config that passed parsing but cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The `[topics]` rules (a term list or the learned model) do not build.
    #[error("{0}")]
    Topics(String),
    #[error("{0}")]
    Watchlist(WatchlistError),
}

impl Ready {
    /// Builds the classifier, then the watchlist, from `config`.
    pub fn new(config: &Config) -> Result<Ready, StartupError> {
        let classifier = Classifier::new(&config.topics).map_err(StartupError::Topics)?;
        let watchlist = Watchlist::new(&config.watchlist).map_err(StartupError::Watchlist)?;
        Ok(Ready {
            classifier: Arc::new(classifier),
            watchlist: Arc::new(watchlist),
            feed_keys: feed_keys(&config.feeds),
        })
    }

    /// Retrains the classifier's learned layer with the reader's corrections in `store`,
    /// before the first fetch classifies anything. On an error the shipped model stays, so
    /// classifying still works; the caller says why the corrections were not read.
    pub fn teach(&self, store: &Store) -> Result<(), StoreError> {
        self.classifier.teach(store.lessons()?);
        Ok(())
    }
}

/// The cache's key of each configured feed, by its position in the config.
pub fn feed_keys(feeds: &[FeedConfig]) -> Vec<FeedKey> {
    feeds
        .iter()
        .enumerate()
        .map(|(index, feed)| FeedKey {
            id: FeedId(index as u32),
            url: feed.url.clone(),
        })
        .collect()
}

/// What the poller should remember of each feed, from what the cache recorded.
pub fn feed_memory(records: &HashMap<FeedId, FeedRecord>) -> HashMap<FeedId, FeedMemory> {
    records
        .iter()
        .map(|(id, record)| (*id, record.memory.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_keys_follow_config_positions() {
        let feed = |url: &str| FeedConfig {
            url: url.to_string(),
            name: None,
            refresh: None,
            tags: Vec::new(),
            enabled: true,
            full_text: false,
        };
        let keys = feed_keys(&[feed("https://a.example/feed"), feed("/tmp/b.xml")]);
        assert_eq!(
            keys,
            vec![
                FeedKey {
                    id: FeedId(0),
                    url: "https://a.example/feed".to_string()
                },
                FeedKey {
                    id: FeedId(1),
                    url: "/tmp/b.xml".to_string()
                },
            ]
        );
    }

    #[test]
    fn a_blank_watchlist_term_is_a_startup_error() {
        let config = Config {
            watchlist: vec!["DeepSeek".to_string(), " ".to_string()],
            ..Config::default()
        };
        let Err(StartupError::Watchlist(err)) = Ready::new(&config) else {
            panic!("a blank watchlist term must not build");
        };
        assert_eq!(err.positions, vec![2]);
    }
}
