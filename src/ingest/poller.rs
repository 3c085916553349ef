//! The background poller: one schedule per feed with jitter, global and per-host limits,
//! backoff on failure, manual refresh; reports every result as a `PollEvent`. The UI never
//! waits on it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::config::{FeedConfig, FetchConfig};
use crate::feed_report::ParseNote;
use crate::ingest::fetch::Fetcher;
use crate::ingest::hosts::HostLimits;
use crate::ingest::pipeline::{Ingested, fetch_and_ingest};
use crate::model::{FeedId, UnixTime};

pub use crate::feed_report::{FeedMemory, FeedOutcome, FeedReport};
use crate::topics::classify::Classifier;

/// What the poller reports back to whoever listens (the UI loop or a headless command).
#[derive(Debug, Clone, PartialEq)]
pub enum PollEvent {
    /// A fetch of this feed began.
    Started { feed: FeedId },
    /// A fetch of this feed ended, well or badly.
    Finished { feed: FeedId, report: FeedReport },
}

/// First retry after a failure; doubles with each failure in a row.
pub const BACKOFF_START: Duration = Duration::from_secs(60);
/// Backoff cap for feeds refreshed every 15 minutes or more often (see `failure_delay`).
pub const BACKOFF_CAP: Duration = Duration::from_secs(2 * 3600);
/// A Retry-After shorter than this is stretched: some servers send 0 or 1.
pub const MIN_RETRY_AFTER: Duration = Duration::from_secs(30);
/// A Retry-After longer than this is cut: a feed is never silenced for days.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(6 * 3600);
/// The start-up fetches are spread over at most this long.
const MAX_START_SPREAD: Duration = Duration::from_secs(2);
/// Start-up spread per enabled feed, so a few feeds start almost at once and 50 do not.
const START_SPREAD_PER_FEED: Duration = Duration::from_millis(40);

/// Events the listener may fall behind by before fetches wait for it.
pub const EVENT_BUFFER: usize = 4;

/// Configures and starts the poller. `spawn` is the short form without remembered state.
pub struct PollerBuilder {
    feeds: Vec<FeedConfig>,
    fetch: FetchConfig,
    classifier: Arc<Classifier>,
    memory: HashMap<FeedId, FeedMemory>,
    hosts: Option<HostLimits>,
}

impl PollerBuilder {
    /// `feeds` is the whole configured list: `FeedId(i)` is the feed at index `i`.
    pub fn new(feeds: Vec<FeedConfig>, fetch: FetchConfig, classifier: Arc<Classifier>) -> Self {
        PollerBuilder {
            feeds,
            fetch,
            classifier,
            memory: HashMap::new(),
            hosts: None,
        }
    }

    /// Takes per-host slots from `hosts`, shared with whoever else fetches from the same
    /// hosts (article pages); without it the poller keeps limits of its own.
    pub fn share_hosts(mut self, hosts: HostLimits) -> Self {
        self.hosts = Some(hosts);
        self
    }

    /// Seeds validators and remembered redirects (from a previous run) per feed.
    pub fn remember(mut self, memory: HashMap<FeedId, FeedMemory>) -> Self {
        self.memory = memory;
        self
    }

    /// Starts one task per enabled feed. Must be called inside a tokio runtime.
    pub fn spawn(self, events: mpsc::Sender<PollEvent>) -> PollerHandle {
        let enabled = self.feeds.iter().filter(|f| f.enabled).count() as u32;
        let spread = (START_SPREAD_PER_FEED * enabled).min(MAX_START_SPREAD);
        let mut triggers = HashMap::new();
        let mut tasks = Vec::new();
        for feed in self.into_tasks(events) {
            let (tx, rx) = mpsc::unbounded_channel();
            triggers.insert(feed.id, tx);
            let first_delay = spread.mul_f64(fastrand::f64());
            tasks.push(tokio::spawn(feed.run(rx, first_delay)));
        }
        PollerHandle { triggers, tasks }
    }

    /// Fetches every enabled feed once, under the same global and per-host limits as the
    /// running poller, and reports each `PollEvent` to `on_event` as it happens. Returns
    /// when every feed has finished. Must be called inside a tokio runtime.
    ///
    /// `on_event` runs on the caller's task, so it may block briefly (a cache write): the
    /// fetches go on meanwhile on the runtime's workers.
    pub async fn fetch_all_once(self, mut on_event: impl FnMut(PollEvent)) {
        let (events, mut received) = mpsc::channel(EVENT_BUFFER);
        let mut tasks = Vec::new();
        for mut feed in self.into_tasks(events) {
            tasks.push(tokio::spawn(async move {
                feed.fetch_once().await;
            }));
        }
        // The channel closes when the last task is done and drops its share of the sender.
        while let Some(event) = received.recv().await {
            on_event(event);
        }
        for task in tasks {
            // A task that panicked outside the isolated parse already reported nothing;
            // the others are done, so this never waits.
            let _ = task.await;
        }
    }

    /// One task per enabled feed, sharing the fetcher, the global limit and one limit per
    /// host.
    fn into_tasks(self, events: mpsc::Sender<PollEvent>) -> Vec<FeedTask> {
        let fetcher = Fetcher::new(&self.fetch).map_err(|e| e.to_string());
        let shared = Arc::new(Shared {
            fetcher,
            classifier: self.classifier,
            global: Arc::new(Semaphore::new(self.fetch.concurrency.max(1))),
            events,
        });
        let hosts = self
            .hosts
            .unwrap_or_else(|| HostLimits::new(self.fetch.per_host));
        let mut memory = self.memory;
        let mut tasks = Vec::new();
        for (index, config) in self.feeds.into_iter().enumerate() {
            if !config.enabled {
                continue;
            }
            let id = FeedId(index as u32);
            // A URL that does not parse still gets a task: its fetch reports the error.
            let host = hosts.of_url(&config.url);
            tasks.push(FeedTask {
                id,
                refresh: config.refresh.unwrap_or(self.fetch.refresh),
                config,
                memory: memory.remove(&id).unwrap_or_default(),
                host,
                shared: Arc::clone(&shared),
                failures: 0,
            });
        }
        tasks
    }
}

/// Starts the poller without remembered state. Must be called inside a tokio runtime.
pub fn spawn(
    feeds: Vec<FeedConfig>,
    fetch: FetchConfig,
    classifier: Arc<Classifier>,
    events: mpsc::Sender<PollEvent>,
) -> PollerHandle {
    PollerBuilder::new(feeds, fetch, classifier).spawn(events)
}

/// Controls a running poller. Dropping it stops the poller too.
#[derive(Debug)]
pub struct PollerHandle {
    triggers: HashMap<FeedId, mpsc::UnboundedSender<()>>,
    tasks: Vec<JoinHandle<()>>,
}

impl PollerHandle {
    /// Fetches every enabled feed now (coalesced with fetches already under way).
    pub fn refresh_all(&self) {
        for trigger in self.triggers.values() {
            let _ = trigger.send(());
        }
    }

    /// Fetches this feed now, unless a fetch of it is already under way. False when the
    /// feed is unknown or disabled.
    pub fn refresh(&self, feed: FeedId) -> bool {
        self.triggers.get(&feed).is_some_and(|t| t.send(()).is_ok())
    }

    /// Stops every feed task; fetches under way are abandoned and report nothing more.
    pub fn shutdown(&self) {
        for task in &self.tasks {
            task.abort();
        }
    }

    /// True once every feed task has ended (after `shutdown`, or when the listener left).
    pub fn is_finished(&self) -> bool {
        self.tasks.iter().all(JoinHandle::is_finished)
    }
}

impl Drop for PollerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

struct Shared {
    fetcher: Result<Fetcher, String>,
    classifier: Arc<Classifier>,
    global: Arc<Semaphore>,
    events: mpsc::Sender<PollEvent>,
}

struct FeedTask {
    id: FeedId,
    config: FeedConfig,
    refresh: Duration,
    memory: FeedMemory,
    host: Arc<Semaphore>,
    shared: Arc<Shared>,
    failures: u32,
}

impl FeedTask {
    async fn run(mut self, mut triggers: mpsc::UnboundedReceiver<()>, first_delay: Duration) {
        let mut due = Instant::now() + first_delay;
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(due) => {}
                trigger = triggers.recv() => if trigger.is_none() { return },
            }
            let Some(delay) = self.fetch_once().await else {
                return;
            };
            // Requests made while this fetch ran are answered by it.
            while triggers.try_recv().is_ok() {}
            due = Instant::now() + delay;
        }
    }

    /// One fetch with its events. Returns the delay until the next one, or `None` when
    /// nobody listens any more.
    async fn fetch_once(&mut self) -> Option<Duration> {
        // The host slot first, so a feed queued behind a busy host holds no global slot.
        let host_permit = self.host.acquire().await.ok()?;
        let global_permit = self.shared.global.acquire().await.ok()?;
        self.shared
            .events
            .send(PollEvent::Started { feed: self.id })
            .await
            .ok()?;

        let fetch_url = self.memory.moved_to.as_deref().unwrap_or(&self.config.url);
        let ingested = match &self.shared.fetcher {
            Ok(fetcher) => {
                fetch_and_ingest(
                    fetcher,
                    self.id,
                    &self.config.url,
                    fetch_url,
                    &self.memory.validators,
                    Arc::clone(&self.shared.classifier),
                )
                .await
            }
            Err(error) => Ingested {
                outcome: FeedOutcome::Failed {
                    error: error.clone(),
                },
                validators: self.memory.validators.clone(),
                feed_title: None,
                moved_to: None,
                retry_after: None,
                parse_note: ParseNote::default(),
                prepared: Default::default(),
            },
        };
        let delay = match ingested.outcome {
            FeedOutcome::Failed { .. } => {
                self.failures = self.failures.saturating_add(1);
                failure_delay(
                    self.failures,
                    self.refresh,
                    ingested.retry_after,
                    fastrand::f64(),
                )
            }
            _ => {
                self.failures = 0;
                jittered(self.refresh, 0.10, fastrand::f64())
            }
        };
        if let Some(url) = &ingested.moved_to {
            tracing::info!(feed = %self.config.url, to = %url, "feed moved permanently");
            self.memory.moved_to = Some(url.clone());
        }
        self.memory.validators = ingested.validators;
        let at = crate::time::now();
        let report = FeedReport {
            outcome: ingested.outcome,
            at,
            next_refresh: at.saturating_add(delay.as_secs() as UnixTime),
            feed_title: ingested.feed_title,
            validators: self.memory.validators.clone(),
            moved_to: ingested.moved_to,
            parse_note: Box::new(ingested.parse_note),
            prepared: ingested.prepared,
        };
        // The slots are held until the listener takes the report: when it falls behind
        // (a slow disk), fetching waits too, so no more than `concurrency` parsed feeds
        // and the channel's few are ever held in memory.
        self.shared
            .events
            .send(PollEvent::Finished {
                feed: self.id,
                report,
            })
            .await
            .ok()?;
        drop(global_permit);
        drop(host_permit);
        Some(delay)
    }
}

/// `base` scaled by a factor in [1 - spread, 1 + spread]; `unit` is a uniform draw in [0, 1).
pub fn jittered(base: Duration, spread: f64, unit: f64) -> Duration {
    base.mul_f64(1.0 - spread + 2.0 * spread * unit.clamp(0.0, 1.0))
}

/// The wait after the `failures`-th failure in a row: 1m, 2m, 4m... with +/-20% jitter,
/// capped at the smaller of 2h and 8 refresh intervals, except that the cap is at least
/// one refresh interval (a failing daily feed is not retried every 2h forever). A
/// Retry-After, clamped to [30s, 6h], is a floor.
pub fn failure_delay(
    failures: u32,
    refresh: Duration,
    retry_after: Option<Duration>,
    unit: f64,
) -> Duration {
    let cap = (refresh.saturating_mul(8)).min(BACKOFF_CAP.max(refresh));
    let doublings = failures.saturating_sub(1).min(20);
    let base = BACKOFF_START.saturating_mul(1 << doublings).min(cap);
    let delay = jittered(base, 0.20, unit);
    match retry_after {
        Some(asked) => delay.max(asked.clamp(MIN_RETRY_AFTER, MAX_RETRY_AFTER)),
        None => delay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn jitter_stays_within_its_spread() {
        let base = Duration::from_secs(900);
        assert_eq!(jittered(base, 0.10, 0.0), Duration::from_secs(810));
        assert_eq!(jittered(base, 0.10, 0.5), base);
        assert_eq!(jittered(base, 0.10, 1.0), Duration::from_secs(990));
        for _ in 0..1000 {
            let d = jittered(base, 0.10, fastrand::f64());
            assert!(
                d >= Duration::from_secs(810) && d <= Duration::from_secs(990),
                "{d:?}"
            );
        }
    }

    #[test]
    fn backoff_doubles_then_caps() {
        let refresh = 15 * MIN;
        let mid = |n| failure_delay(n, refresh, None, 0.5);
        assert_eq!(
            [mid(1), mid(2), mid(3), mid(4)],
            [MIN, 2 * MIN, 4 * MIN, 8 * MIN]
        );
        assert_eq!(mid(8), BACKOFF_CAP);
        assert_eq!(mid(1000), BACKOFF_CAP, "no overflow after many failures");
        assert!(failure_delay(1, refresh, None, 0.0) >= MIN.mul_f64(0.8));
        assert!(failure_delay(1000, refresh, None, 1.0) <= BACKOFF_CAP.mul_f64(1.2));
    }

    #[test]
    fn backoff_cap_follows_the_refresh_interval() {
        // Short refresh: 8 intervals; long refresh: one interval, not 2h.
        assert_eq!(failure_delay(30, 5 * MIN, None, 0.5), 40 * MIN);
        assert_eq!(failure_delay(30, 24 * 60 * MIN, None, 0.5), 24 * 60 * MIN);
        assert_eq!(failure_delay(30, 60 * MIN, None, 0.5), BACKOFF_CAP);
    }

    #[test]
    fn retry_after_is_a_clamped_floor() {
        let refresh = 15 * MIN;
        assert_eq!(
            failure_delay(1, refresh, Some(Duration::from_secs(1)), 0.5),
            MIN,
            "backoff above 30s wins"
        );
        assert_eq!(
            failure_delay(1, refresh, Some(Duration::from_secs(600)), 0.5),
            10 * MIN
        );
        assert_eq!(
            failure_delay(1, refresh, Some(Duration::from_secs(86_400 * 7)), 0.5),
            MAX_RETRY_AFTER
        );
        assert_eq!(
            failure_delay(1, Duration::from_secs(2), Some(Duration::ZERO), 0.0),
            MIN_RETRY_AFTER
        );
    }
}
