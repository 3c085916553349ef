//! What follows a fetch's write to the cache: the write says which articles were new, and
//! only those have their pages fetched (a `full_text` feed) and raise alerts (the watchlist,
//! a view with `notify = true`). The outcome is awaited off the UI thread; alerts come back
//! as `Action::Alerts`, which `update` batches into one notification a moment later
//! (`AlertQueue`), and the run loop runs `notify_command` and rings the bell.

use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, Command};
use crate::alerts::{self, Alert, Candidates};
use crate::article::background::{BackgroundFetcher, Batch};
use crate::config::FeedConfig;
use crate::feed_report::{FeedOutcome, FeedReport};
use crate::lenses::Lenses;
use crate::model::UnixTime;
use crate::store::{Store, WriteOp};
use crate::topics::watch::Watchlist;

/// Seconds alerts wait for others to join them in one notification.
const BATCH_SECONDS: i64 = 1;

/// Stores each fetch, and does what its new articles call for.
pub struct FetchWrites {
    pub store: Store,
    /// Fetches the pages of `full_text` feeds' new articles.
    pub pages: Arc<BackgroundFetcher>,
    /// Alerts, when the config asks for them: the watchlist, and the lenses (views with
    /// `notify = true` raise alerts too; hide rules silence them).
    pub alerts: Option<(Arc<Watchlist>, Arc<Lenses>)>,
    pub actions: UnboundedSender<Action>,
}

impl FetchWrites {
    /// Hands the `FeedResult` write of `report` (a fetch of `feed`) to the cache and
    /// returns at once; its outcome is awaited off the UI thread when pages or alerts may
    /// follow from it.
    pub fn store(&self, feed: &FeedConfig, report: &FeedReport) {
        let op = WriteOp::FeedResult {
            feed_url: feed.url.clone(),
            report: report.clone(),
        };
        let pages = Batch::of(feed, report);
        let alerts = match (&self.alerts, &report.outcome) {
            (Some(alerts), FeedOutcome::Updated { articles }) if may_alert(alerts) => {
                Some((alerts.clone(), articles.clone()))
            }
            _ => None,
        };
        if pages.is_none() && alerts.is_none() {
            return self.store.send(op);
        }
        let pending = self.store.submit(op);
        let (fetcher, actions) = (self.pages.clone(), self.actions.clone());
        let (feed, report) = (feed.clone(), report.clone());
        tokio::task::spawn_blocking(move || {
            let candidates = alerts.map(|((watchlist, lenses), articles)| {
                Candidates::of(&feed, &report, &articles, |article, source| {
                    lenses.alert_labels(article, source, &watchlist)
                })
            });
            match pending.wait() {
                Ok(outcome) => {
                    if let Some(batch) = pages.and_then(|batch| batch.keep_new(&outcome)) {
                        fetcher.start(batch);
                    }
                    let found = candidates.map(|c| c.keep_new(&outcome)).unwrap_or_default();
                    if !found.is_empty() {
                        let _ = actions.send(Action::Alerts(found));
                    }
                }
                Err(err) => {
                    tracing::error!("storing {}: {err}", feed.url);
                    let _ = actions.send(Action::StoreFailed(err.summary()));
                }
            }
        });
    }
}

/// Whether anything can raise an alert: a watchlist, or a view with `notify = true`.
fn may_alert((watchlist, lenses): &(Arc<Watchlist>, Arc<Lenses>)) -> bool {
    !watchlist.is_empty() || lenses.views.iter().any(|view| view.notify)
}

/// Alerts waiting to be told together.
#[derive(Debug, Clone, Default)]
pub struct AlertQueue {
    pending: Vec<Alert>,
    since: Option<UnixTime>,
}

impl AlertQueue {
    pub fn push(&mut self, alerts: Vec<Alert>, now: UnixTime) {
        if alerts.is_empty() {
            return;
        }
        self.since.get_or_insert(now);
        self.pending.extend(alerts);
    }

    /// The notification of everything waiting, once it has waited its moment.
    pub fn due(&mut self, now: UnixTime) -> Option<Command> {
        let since = self.since?;
        if now - since < BATCH_SECONDS {
            return None;
        }
        self.since = None;
        let pending = std::mem::take(&mut self.pending);
        alerts::batch(&pending).map(Command::Alert)
    }
}
