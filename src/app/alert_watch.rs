//! Watching fetches for alerts: a fetch whose articles the watchlist or a notifying view
//! may name is stored with
//! its outcome awaited off the UI thread; the new ones come back as `Action::Alerts`, which
//! `update` batches into one notification a moment later (`AlertQueue`), and the run loop
//! runs `notify_command` and rings the bell.

use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, Command};
use crate::alerts::{self, Alert, Candidates};
use crate::config::FeedConfig;
use crate::feed_report::{FeedOutcome, FeedReport};
use crate::lenses::Lenses;
use crate::model::UnixTime;
use crate::store::{Store, WriteOp};
use crate::topics::watch::Watchlist;

/// Seconds alerts wait for others to join them in one notification.
const BATCH_SECONDS: i64 = 1;

/// Stores fetches, and for those that may hold alerts, looks at what was new.
pub struct AlertWatch {
    pub store: Store,
    pub watchlist: Arc<Watchlist>,
    /// Views with `notify = true` raise alerts too; hide rules silence them.
    pub lenses: Arc<Lenses>,
    pub actions: UnboundedSender<Action>,
}

impl AlertWatch {
    /// Hands `op`, the `FeedResult` write of `report` (a fetch of `feed`), to the cache
    /// and returns at once; its outcome is awaited off the UI thread when the fetch holds
    /// articles the watchlist names.
    pub fn store(&self, feed: &FeedConfig, report: &FeedReport, op: WriteOp) {
        let FeedOutcome::Updated { articles } = &report.outcome else {
            return self.store.send(op);
        };
        let notifying = self.lenses.views.iter().any(|view| view.notify);
        if self.watchlist.is_empty() && !notifying || articles.is_empty() {
            return self.store.send(op);
        }
        let pending = self.store.submit(op);
        let (watchlist, lenses, actions) = (
            self.watchlist.clone(),
            self.lenses.clone(),
            self.actions.clone(),
        );
        let (feed, report, articles) = (feed.clone(), report.clone(), articles.clone());
        tokio::task::spawn_blocking(move || {
            let candidates = Candidates::of(&feed, &report, &articles, |article, source| {
                lenses.alert_labels(article, source, &watchlist)
            });
            match pending.wait() {
                Ok(outcome) => {
                    let found = candidates.keep_new(&outcome);
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
