//! The full text of new articles, fetched in the background for feeds with `full_text =
//! true`: of each fetch of such a feed, the articles it brought for the first time (the
//! newest [`MAX_PAGES_PER_FETCH`]), each article's page fetched once ever (a stored
//! failure counts as fetched), [`PAGE_CONCURRENCY`] pages at a time and under the per-host
//! limit the poller uses, each outcome stored with `WriteOp::SaveFullText`. Nothing waits
//! for it but the end of `refresh`; the dashboard hears of each stored outcome through
//! [`BackgroundFetcher::set_on_stored`].

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use tokio::runtime::Handle;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::config::{FeedConfig, FetchConfig};
use crate::feed_report::{FeedOutcome, FeedReport};
use crate::ingest::hosts::HostLimits;
use crate::model::{ArticleId, UnixTime};
use crate::store::{FullText, Store, WriteOp, WriteOutcome};
use crate::text::sanitize::strip_tags;

/// Pages fetched at once, over all feeds: a background chore, kept well below the feeds'
/// own `[fetch] concurrency` so it never crowds them out.
pub const PAGE_CONCURRENCY: usize = 2;

/// Pages fetched for one fetch of a feed, the newest articles first. A feed's first fetch
/// brings everything it carries (often 50 items, some weeks old); the reader wants the
/// latest few, and a site should not see fifty page requests at once from one reader.
/// Articles left out stay readable with the full-article key or `article ID --full`.
pub const MAX_PAGES_PER_FETCH: usize = 10;

/// Told of each outcome once it is stored (on a blocking thread: keep it short, such as
/// sending a message to the UI loop).
pub type OnStored = Box<dyn Fn(ArticleId, &FullText) + Send + Sync>;

/// An article whose page may be fetched, with what fetching and judging the page needs.
#[derive(Debug, Clone, PartialEq)]
struct Arrival {
    id: ArticleId,
    /// The `first_seen` this fetch gave it: the store tells by it whether the fetch
    /// brought the article (see `Store::awaiting_full_text`).
    first_seen: UnixTime,
    /// Its date, newest first when the cap leaves some out.
    when: UnixTime,
    link: String,
    /// The feed's own text (sanitized HTML): a page holding no more is a teaser.
    body: String,
}

/// The articles of one fetch of a `full_text` feed, taken from its report.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    feed_url: String,
    arrivals: Vec<Arrival>,
}

impl Batch {
    /// What `report` offers for the background: `None` unless the feed has `full_text =
    /// true` and the fetch brought articles with a link.
    pub fn of(feed: &FeedConfig, report: &FeedReport) -> Option<Batch> {
        if !feed.full_text {
            return None;
        }
        let FeedOutcome::Updated { articles } = &report.outcome else {
            return None;
        };
        let arrivals: Vec<Arrival> = articles
            .iter()
            .filter_map(|article| {
                Some(Arrival {
                    id: article.id,
                    first_seen: article.first_seen,
                    when: article.when(),
                    link: article.link.clone()?,
                    body: article.body.clone(),
                })
            })
            .collect();
        (!arrivals.is_empty()).then(|| Batch {
            feed_url: feed.url.clone(),
            arrivals,
        })
    }

    /// Only the articles the fetch's write found new (`None` when none is left): an
    /// article the cache already had, even from a fetch in the same second, is not new.
    pub fn keep_new(mut self, outcome: &WriteOutcome) -> Option<Batch> {
        let WriteOutcome::Stored { new_ids, .. } = outcome else {
            return None;
        };
        let new: HashSet<&ArticleId> = new_ids.iter().collect();
        self.arrivals.retain(|arrival| new.contains(&arrival.id));
        (!self.arrivals.is_empty()).then_some(self)
    }
}

/// What became of the pages fetched so far.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageTally {
    /// Pages whose article was extracted.
    pub fetched: usize,
    /// Pages that failed (HTTP error, not HTML, too big, nothing readable, a teaser).
    pub failed: usize,
    /// Outcomes the cache refused to store, each with the store's message.
    pub not_stored: Vec<String>,
}

/// Fetches the pages of new articles of `full_text` feeds, off every caller's thread.
/// Dropping it (or [`shutdown`](Self::shutdown)) abandons the pages under way.
pub struct BackgroundFetcher {
    shared: Arc<Shared>,
    tasks: Mutex<JoinSet<()>>,
    runtime: Handle,
}

struct Shared {
    fetch: FetchConfig,
    store: Store,
    hosts: HostLimits,
    pages: Semaphore,
    /// Every article chosen in this process: a page is never fetched twice, even when
    /// the same fetch is reported again before the first outcome is stored.
    tried: Mutex<HashSet<ArticleId>>,
    tally: Mutex<PageTally>,
    on_stored: RwLock<Option<OnStored>>,
}

impl BackgroundFetcher {
    /// A fetcher with the feeds' `[fetch]` settings, storing into `store`, taking per-host
    /// slots from `hosts` (give the poller the same, `PollerBuilder::share_hosts`) and
    /// running its tasks on `runtime`.
    pub fn new(
        fetch: &FetchConfig,
        store: Store,
        hosts: HostLimits,
        runtime: Handle,
    ) -> BackgroundFetcher {
        BackgroundFetcher {
            shared: Arc::new(Shared {
                fetch: fetch.clone(),
                store,
                hosts,
                pages: Semaphore::new(PAGE_CONCURRENCY),
                tried: Mutex::default(),
                tally: Mutex::default(),
                on_stored: RwLock::new(None),
            }),
            tasks: Mutex::new(JoinSet::new()),
            runtime,
        }
    }

    /// Who is told of each stored outcome (the dashboard, to show the text at once).
    pub fn set_on_stored(&self, on_stored: OnStored) {
        *self
            .shared
            .on_stored
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(on_stored);
    }

    /// Starts fetching the pages of `batch` (see [`Batch::of`]); returns at once.
    pub fn start(&self, batch: Batch) {
        if self.shared.store.is_read_only() {
            // Nothing could be stored, so every later fetch would ask for the pages again.
            return;
        }
        let mut tasks = lock(&self.tasks);
        // Finished batches are let go here, so a long session does not keep them.
        while tasks.try_join_next().is_some() {}
        tasks.spawn_on(fetch_batch(Arc::clone(&self.shared), batch), &self.runtime);
    }

    /// Waits until every page handed over so far is fetched and its outcome stored (each
    /// page is bounded by the `[fetch]` timeouts), then says what became of them all.
    pub async fn finish(&self) -> PageTally {
        let mut tasks = std::mem::take(&mut *lock(&self.tasks));
        while tasks.join_next().await.is_some() {}
        lock(&self.shared.tally).clone()
    }

    /// Abandons every page under way or waiting; an outcome already being written is
    /// still stored.
    pub fn shutdown(&self) {
        lock(&self.tasks).abort_all();
    }
}

impl Shared {
    /// The arrivals whose page is to be fetched now, marked as tried (reads the cache).
    fn choose(&self, arrivals: Vec<Arrival>) -> Vec<Arrival> {
        let arrived: Vec<(ArticleId, UnixTime)> =
            arrivals.iter().map(|a| (a.id, a.first_seen)).collect();
        let awaiting: HashSet<ArticleId> = match self.store.awaiting_full_text(&arrived) {
            Ok(ids) => ids.into_iter().collect(),
            Err(err) => {
                tracing::warn!("no full texts fetched for this feed: {err}");
                return Vec::new();
            }
        };
        pick(arrivals, &awaiting, &mut lock(&self.tried))
    }

    /// Stores one outcome, counts it and tells whoever listens (a blocking write).
    fn save(&self, id: ArticleId, full_text: FullText) {
        let extracted = full_text.outcome.is_ok();
        let written = self.store.write(WriteOp::SaveFullText {
            id,
            full_text: full_text.clone(),
        });
        let mut tally = lock(&self.tally);
        if extracted {
            tally.fetched += 1;
        } else {
            tally.failed += 1;
        }
        match written {
            Ok(_) => {
                drop(tally);
                let on_stored = self
                    .on_stored
                    .read()
                    .unwrap_or_else(PoisonError::into_inner);
                if let Some(on_stored) = on_stored.as_ref() {
                    on_stored(id, &full_text);
                }
            }
            Err(err) => {
                tracing::warn!("the full text of {id} was not stored: {err}");
                tally.not_stored.push(err.to_string());
            }
        }
    }
}

/// Of `arrivals`, those awaiting their page and not tried yet, the newest
/// [`MAX_PAGES_PER_FETCH`]; each chosen one is added to `tried`.
fn pick(
    mut arrivals: Vec<Arrival>,
    awaiting: &HashSet<ArticleId>,
    tried: &mut HashSet<ArticleId>,
) -> Vec<Arrival> {
    arrivals.retain(|a| awaiting.contains(&a.id) && !tried.contains(&a.id));
    // Ties broken by id, so the same fetch always picks the same articles.
    arrivals.sort_by(|a, b| b.when.cmp(&a.when).then(a.id.cmp(&b.id)));
    arrivals.truncate(MAX_PAGES_PER_FETCH);
    tried.extend(arrivals.iter().map(|a| a.id));
    arrivals
}

async fn fetch_batch(shared: Arc<Shared>, batch: Batch) {
    let Batch { feed_url, arrivals } = batch;
    let chooser = Arc::clone(&shared);
    let Ok(chosen) = tokio::task::spawn_blocking(move || chooser.choose(arrivals)).await else {
        return;
    };
    let feed_url: Arc<str> = feed_url.into();
    let mut pages = JoinSet::new();
    for arrival in chosen {
        pages.spawn(fetch_page(
            Arc::clone(&shared),
            Arc::clone(&feed_url),
            arrival,
        ));
    }
    // Dropping this task (shutdown) drops the set, which abandons its pages too.
    while pages.join_next().await.is_some() {}
}

async fn fetch_page(shared: Arc<Shared>, feed_url: Arc<str>, arrival: Arrival) {
    let summary = strip_tags(&arrival.body);
    let host = shared.hosts.of_url(&arrival.link);
    // The host's slot first, as the poller takes it: a page queued behind a busy host
    // holds none of the few page slots meanwhile.
    let Ok(host_slot) = host.acquire().await else {
        return;
    };
    let Ok(page_slot) = shared.pages.acquire().await else {
        return;
    };
    let outcome = super::fetch_full_text(&shared.fetch, &feed_url, &arrival.link, &summary).await;
    drop((page_slot, host_slot));
    if let Err(why) = &outcome {
        tracing::info!(link = %arrival.link, "no full text: {why}");
    }
    let full_text = FullText {
        outcome: outcome.map_err(|e| e.to_string()),
        fetched_at: crate::time::now(),
    };
    let id = arrival.id;
    let _ = tokio::task::spawn_blocking(move || shared.save(id, full_text)).await;
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding one of these leaves a correct value (a set, a count).
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed_report::Validators;
    use crate::model::{Article, DecidedBy, FeedId, Topic};

    fn arrival(id: u64, when: UnixTime) -> Arrival {
        Arrival {
            id: ArticleId(id),
            first_seen: 100,
            when,
            link: format!("https://example.com/{id}"),
            body: String::new(),
        }
    }

    fn ids(arrivals: &[Arrival]) -> Vec<u64> {
        arrivals.iter().map(|a| a.id.0).collect()
    }

    #[test]
    fn the_newest_untried_arrivals_are_picked_once() {
        let arrivals: Vec<Arrival> = (0..15).map(|i| arrival(i, 1_000 + i as i64)).collect();
        let all: HashSet<ArticleId> = (0..15).map(ArticleId).collect();
        let mut tried = HashSet::from([ArticleId(14)]);
        let first = pick(arrivals.clone(), &all, &mut tried);
        assert_eq!(ids(&first), [13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
        assert_eq!(tried.len(), 11);
        let again = pick(arrivals, &all, &mut tried);
        assert_eq!(ids(&again), [3, 2, 1, 0], "never one tried before");
        let none_awaiting = pick(vec![arrival(20, 1)], &HashSet::new(), &mut tried);
        assert!(none_awaiting.is_empty(), "a page stored or known before");
    }

    #[test]
    fn the_example_config_states_the_cap() {
        let documented = format!("at most {MAX_PAGES_PER_FETCH} per fetch of the feed");
        let example = crate::config::DEFAULT_CONFIG.replace("\n#              ", " ");
        assert!(example.contains(&documented), "{documented}");
    }

    fn report(articles: Vec<Article>) -> FeedReport {
        FeedReport {
            outcome: FeedOutcome::Updated { articles },
            at: 100,
            next_refresh: 200,
            feed_title: None,
            validators: Validators::default(),
            moved_to: None,
            parse_note: Box::default(),
            prepared: Default::default(),
        }
    }

    fn article(id: u64, link: Option<&str>) -> Article {
        Article {
            id: ArticleId(id),
            feed: FeedId(0),
            guid: None,
            title: "t".into(),
            link: link.map(str::to_owned),
            body: "<p>teaser</p>".into(),
            published: Some(50),
            first_seen: 100,
            topic: Topic::Other,
            decided_by: DecidedBy::Rules,
            terms: Default::default(),
            read: false,
            starred: false,
            enclosures: Vec::new(),
        }
    }

    #[test]
    fn only_full_text_feeds_offer_articles_with_links() {
        let mut feed = crate::config::FeedConfig {
            url: "https://example.com/feed.xml".into(),
            name: None,
            refresh: None,
            tags: Vec::new(),
            enabled: true,
            full_text: false,
        };
        let fetched = report(vec![
            article(1, Some("https://example.com/1")),
            article(2, None),
        ]);
        assert_eq!(Batch::of(&feed, &fetched), None, "off by default");
        feed.full_text = true;
        let batch = Batch::of(&feed, &fetched).unwrap();
        assert_eq!(batch.feed_url, feed.url);
        assert_eq!(
            batch.arrivals,
            [Arrival {
                id: ArticleId(1),
                first_seen: 100,
                when: 50,
                link: "https://example.com/1".into(),
                body: "<p>teaser</p>".into(),
            }]
        );
        assert_eq!(Batch::of(&feed, &report(vec![article(2, None)])), None);
        let unchanged = FeedReport {
            outcome: FeedOutcome::NotModified,
            ..fetched
        };
        assert_eq!(Batch::of(&feed, &unchanged), None);
    }
}
