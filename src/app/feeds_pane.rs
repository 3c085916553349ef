//! The feeds pane: what is known of every configured feed (health, counts, when it was
//! last fetched) and the cursor over them.

use std::collections::HashMap;

use super::rows::Row;
use crate::config::FeedConfig;
use crate::feed_report::{FeedOutcome, FeedReport, ParseNote};
use crate::model::{Article, FeedId, UnixTime};
use crate::store::FeedRecord;

/// What the last fetch of a feed said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedHealth {
    /// Not fetched yet in this run.
    Pending,
    Ok,
    /// The server (or the file) said nothing changed.
    NotModified,
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct FeedStatus {
    pub id: FeedId,
    pub name: String,
    pub url: String,
    /// The config's tags, for `tag:` in queries.
    pub tags: Vec<String>,
    pub enabled: bool,
    pub health: FeedHealth,
    pub fetching: bool,
    pub last_success: Option<UnixTime>,
    pub last_attempt: Option<UnixTime>,
    /// Articles of this feed currently known.
    pub articles: usize,
    pub next_refresh: Option<UnixTime>,
    /// The user named it in the config; a feed's own title must not override that.
    pub named_by_user: bool,
    /// What the last document that parsed needed repaired, and whether its items could be
    /// read: the feeds pane says so instead of a plain "ok".
    pub parse_note: ParseNote,
}

/// The feed names rows are built with, by feed id.
pub fn feed_names(feeds: &[FeedStatus]) -> Vec<String> {
    feeds.iter().map(|f| f.name.clone()).collect()
}

impl FeedStatus {
    pub fn from_config(id: FeedId, feed: &FeedConfig) -> FeedStatus {
        FeedStatus {
            id,
            name: feed
                .name
                .clone()
                .unwrap_or_else(|| short_source_name(&feed.url)),
            url: feed.url.clone(),
            tags: feed.tags.clone(),
            enabled: feed.enabled,
            health: FeedHealth::Pending,
            fetching: false,
            last_success: None,
            last_attempt: None,
            articles: 0,
            next_refresh: None,
            named_by_user: feed.name.is_some(),
            parse_note: ParseNote::default(),
        }
    }

    pub fn is_failing(&self) -> bool {
        matches!(self.health, FeedHealth::Failed(_))
    }
}

/// A readable default name for a feed with none: its host without `www.`, or the file name.
pub fn short_source_name(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) if u.scheme() == "file" => u
            .path_segments()
            .and_then(|mut s| s.next_back().map(str::to_string))
            .unwrap_or_else(|| url.to_string()),
        Ok(u) => u
            .host_str()
            .map(|h| h.trim_start_matches("www.").to_string())
            .unwrap_or_else(|| url.to_string()),
        Err(_) => std::path::Path::new(url)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| url.to_string()),
    }
}

/// Every configured feed, indexed by feed id, and the pane's cursor.
#[derive(Debug, Clone, Default)]
pub struct FeedsPane {
    pub statuses: Vec<FeedStatus>,
    /// Cursor in the feeds pane, a position in `order()`.
    pub selected: usize,
}

impl FeedsPane {
    pub fn new(feeds: &[FeedConfig]) -> FeedsPane {
        FeedsPane {
            statuses: feeds
                .iter()
                .enumerate()
                .map(|(i, f)| FeedStatus::from_config(FeedId(i as u32), f))
                .collect(),
            selected: 0,
        }
    }

    pub fn name(&self, feed: FeedId) -> &str {
        self.statuses
            .get(feed.0 as usize)
            .map(|f| f.name.as_str())
            .unwrap_or("?")
    }

    /// Where the feed comes from ("" for an unknown feed).
    pub fn url(&self, feed: FeedId) -> &str {
        self.statuses
            .get(feed.0 as usize)
            .map(|f| f.url.as_str())
            .unwrap_or("")
    }

    pub fn fetching_count(&self) -> usize {
        self.statuses.iter().filter(|f| f.fetching).count()
    }

    pub fn enabled_count(&self) -> usize {
        self.statuses.iter().filter(|f| f.enabled).count()
    }

    pub fn failing_count(&self) -> usize {
        self.statuses.iter().filter(|f| f.is_failing()).count()
    }

    /// The order of the pane: failing first, then by name.
    pub fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.statuses.len()).collect();
        order.sort_by_key(|&i| {
            let feed = &self.statuses[i];
            (!feed.is_failing(), !feed.enabled, feed.name.to_lowercase())
        });
        order
    }

    /// The feed under the cursor.
    pub fn selected_feed(&self) -> Option<FeedId> {
        self.order()
            .get(self.selected)
            .map(|&i| self.statuses[i].id)
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.statuses.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }

    pub fn move_to_end(&mut self, bottom: bool) {
        self.selected = if bottom {
            self.statuses.len().saturating_sub(1)
        } else {
            0
        };
    }

    /// What the cache remembers of each feed: its name (unless the user named it), when it
    /// was fetched and its last error.
    pub fn restore(&mut self, records: HashMap<FeedId, FeedRecord>) {
        for (id, record) in records {
            let Some(status) = self.statuses.get_mut(id.0 as usize) else {
                continue;
            };
            if let Some(name) = record.name.filter(|n| !n.is_empty())
                && !status.named_by_user
            {
                status.name = name;
            }
            status.last_success = record.last_success;
            status.last_attempt = record.last_attempt;
            if let Some(error) = record.last_error {
                status.health = FeedHealth::Failed(error);
            }
        }
    }

    pub fn fetch_started(&mut self, feed: FeedId) {
        if let Some(status) = self.statuses.get_mut(feed.0 as usize) {
            status.fetching = true;
        }
    }

    /// A fetch ended: the feed's health and times. Gives back the articles it brought, for
    /// the index; `None` for a feed not configured.
    pub fn fetch_finished(&mut self, feed: FeedId, report: FeedReport) -> Option<Vec<Article>> {
        let status = self.statuses.get_mut(feed.0 as usize)?;
        status.fetching = false;
        status.last_attempt = Some(report.at);
        status.next_refresh = Some(report.next_refresh);
        if let Some(title) = report.feed_title.filter(|t| !t.is_empty())
            && !status.named_by_user
        {
            status.name = title;
        }
        match report.outcome {
            FeedOutcome::Updated { articles } => {
                status.health = FeedHealth::Ok;
                status.parse_note = *report.parse_note;
                status.last_success = Some(report.at);
                Some(articles)
            }
            FeedOutcome::NotModified => {
                status.health = FeedHealth::NotModified;
                status.last_success = Some(report.at);
                Some(Vec::new())
            }
            FeedOutcome::Failed { error } => {
                status.health = FeedHealth::Failed(error);
                Some(Vec::new())
            }
        }
    }

    /// Counts each feed's articles among `rows`.
    pub fn count_articles(&mut self, rows: &[Row]) {
        for feed in &mut self.statuses {
            feed.articles = 0;
        }
        for row in rows {
            if let Some(feed) = self.statuses.get_mut(row.article.feed.0 as usize) {
                feed.articles += 1;
            }
        }
    }
}
