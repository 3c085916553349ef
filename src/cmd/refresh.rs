//! `refresh`: fetch every enabled feed once through the poller's run-once mode, store each
//! result as it arrives and print one line per feed plus a total. The pages of new articles
//! of `full_text` feeds are fetched meanwhile (`article::background`) and stored before it
//! exits.

use std::collections::{HashMap, VecDeque};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::alerts::{Alert, Candidates};
use crate::article::background::{BackgroundFetcher, Batch};
use crate::cli::RefreshArgs;
use crate::config::FeedConfig;
use crate::feed_report::{FeedOutcome, FeedReport};
use crate::ingest::hosts::HostLimits;
use crate::ingest::poller::{PollEvent, PollerBuilder};
use crate::model::FeedId;
use crate::startup::{self, Ready, StartupError};
use crate::store::{PendingWrite, Store, StoreError, WriteOp, WriteOutcome};
use crate::text::sanitize::clean_line;

use super::paths;

mod alerts;
mod columns;
mod report;

use columns::{MAX_NAME_WIDTH, Progress, is_http, name_cell, name_width};
pub use columns::{host_of, pad};
pub use report::{FeedLine, StorageFailures, Tally, pages_summary};

use alerts::{AlertsFound, raise_alerts};

/// Longest error text printed for one feed.
pub(super) const MAX_ERROR_CHARS: usize = 300;

/// Runs `refresh`. Exit status: 0 when it ran, 1 when a result could not be stored (or,
/// with `--strict`, when a feed failed), 2 for a config error.
pub fn run(
    config_path: Option<&Path>,
    data_dir: Option<PathBuf>,
    log_file: Option<PathBuf>,
    args: &RefreshArgs,
) -> anyhow::Result<ExitCode> {
    let (config, source) = match super::load_config(config_path) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let ready = match Ready::new(&config) {
        Ok(ready) => ready,
        Err(err) => {
            let section = match err {
                StartupError::Topics(_) => "[topics]",
                StartupError::Watchlist(_) => "watchlist",
            };
            eprintln!("{source}: {section}: {err}");
            return Ok(ExitCode::from(super::EXIT_CONFIG));
        }
    };
    let enabled = config.feeds.iter().filter(|f| f.enabled).count();
    if enabled == 0 {
        eprintln!(
            "no enabled feeds in {source}: add [[feeds]] tables (or run `ainews-tui \
             import-opml FILE`), then refresh again"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let log = paths::log_file(log_file, data_dir.as_deref())?;
    let data_dir = paths::data_dir(data_dir)?;
    if let Err(err) = crate::logging::init(&log) {
        // The refresh works without a log; say so once and go on.
        eprintln!(
            "ainews-tui: no log file at {} ({err}); continuing without one",
            log.display()
        );
    }
    let store = super::open_cache(&data_dir)?;
    if let Some(reason) = store.read_only_reason() {
        // Fetching what cannot be stored would only report every feed as not stored.
        eprintln!(
            "ainews-tui: cannot refresh: the cache database {} is read-only ({reason}); make \
             the data directory writable or pass another --data-dir",
            store.path().display()
        );
        return Ok(ExitCode::FAILURE);
    }
    if let Err(err) = ready.teach(&store) {
        super::say_corrections_unread(&err);
    }
    let remembered = store
        .load_feeds(&ready.feed_keys)
        .context("reading what the cache remembers of the feeds")?;
    let memory = startup::feed_memory(&remembered);
    let stored_names: HashMap<FeedId, String> = remembered
        .into_iter()
        .filter_map(|(id, record)| record.name.map(|name| (id, name)))
        .collect();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    // Pages and feeds take their turn at a host from the same slots.
    let hosts = HostLimits::new(config.fetch.per_host);
    let pages = BackgroundFetcher::new(
        &config.fetch,
        store.clone(),
        hosts.clone(),
        runtime.handle().clone(),
    );
    let mut session = Session {
        feeds: &config.feeds,
        stored_names,
        store: &store,
        max_age: config.storage.max_age,
        name_width: name_width(&config.feeds),
        tally: Tally::default(),
        storage: StorageFailures::default(),
        progress: Progress::new(enabled, std::io::stderr().is_terminal()),
        out: std::io::stdout(),
        in_flight: VecDeque::new(),
        pages: &pages,
        json: args.json,
        alerts: match (!args.quiet && config.alerts.is_on())
            .then(|| crate::lenses::Lenses::of(&config, crate::time::now()))
        {
            Some(Ok(lenses)) => Some(AlertsFound {
                watchlist: ready.watchlist.clone(),
                lenses,
                found: Vec::new(),
            }),
            Some(Err(err)) => {
                eprintln!("{source}: {err}");
                return Ok(ExitCode::from(super::EXIT_CONFIG));
            }
            None => None,
        },
    };
    let poller = PollerBuilder::new(config.feeds.clone(), config.fetch.clone(), ready.classifier)
        .remember(memory)
        .share_hosts(hosts);
    runtime.block_on(poller.fetch_all_once(|event| session.on_event(event)));
    session.finish();
    session.progress.clear();
    // Every page handed over is bounded by the fetch timeouts; none is left half stored.
    let page_tally = runtime.block_on(pages.finish());
    for error in &page_tally.not_stored {
        session.storage.failed("saving a full text", error);
    }
    // Scripts that only ever refresh must not grow the cache without bound either.
    let prune = store.write(WriteOp::Prune {
        now: crate::time::now(),
        max_age: config.storage.max_age,
        max_per_feed: config.storage.max_per_feed,
    });
    if let Err(err) = prune {
        eprintln!("ainews-tui: old articles were not pruned: {err}");
        session.storage.failed("pruning old articles", err);
    }
    store.flush().context("finishing the cache writes")?;

    let tally = session.tally;
    let mut out = std::io::stdout().lock();
    // As with the feed lines, a reader that went away (`| head`) is not an error.
    let with_pages = config.feeds.iter().any(|f| f.enabled && f.full_text);
    let summary = match (args.json, with_pages) {
        (true, _) => report::total_json(&tally, with_pages.then_some(&page_tally)),
        (false, true) => format!("{}; {}", tally.summary(), pages_summary(&page_tally)),
        (false, false) => tally.summary(),
    };
    let _ = writeln!(out, "{summary}").and_then(|()| out.flush());
    drop(out);
    if let Some(found) = &session.alerts {
        raise_alerts(&config.alerts, &found.found, args.json);
    }
    if let Some(message) = session.storage.message(store.path()) {
        eprintln!("{message}");
        return Ok(ExitCode::FAILURE);
    }
    Ok(if args.strict && tally.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes the refresh keeps queued before it waits for the oldest: more than the writer
/// puts in one transaction, so that it never waits for a batch to fill, and few enough
/// that results do not pile up in memory when the disk is slower than the network.
pub const MAX_WRITES_IN_FLIGHT: usize = 24;

/// A feed's result on its way to the cache: what the fetch said (`None` for new content)
/// and the write.
struct StoredResult {
    /// The feed's URL, for `--json`.
    url: String,
    fetched: Option<FeedLine>,
    /// Repairs or a warning from parsing, printed after the line.
    remark: Option<String>,
    write: PendingWrite,
    /// The articles that raise an alert if the write finds them new.
    alerts: Candidates,
    /// The pages to fetch, of a `full_text` feed, of the articles the write finds new.
    pages: Option<Batch>,
}

impl StoredResult {
    /// The line to print once the write is done (waits for it), the write's failure and
    /// the alerts and pages of what was new.
    fn line(self) -> (FeedLine, Option<StoreError>, Vec<Alert>, Option<Batch>) {
        let outcome = self.write.wait();
        let (alerts, pages) = match &outcome {
            Ok(outcome) => (
                self.alerts.keep_new(outcome),
                self.pages.and_then(|batch| batch.keep_new(outcome)),
            ),
            Err(_) => (Vec::new(), None),
        };
        let (line, failure) = Self::line_of(outcome, self.fetched);
        (line, failure, alerts, pages)
    }

    fn line_of(
        outcome: Result<WriteOutcome, StoreError>,
        fetched: Option<FeedLine>,
    ) -> (FeedLine, Option<StoreError>) {
        match (outcome, fetched) {
            (Ok(WriteOutcome::Stored { new_articles, .. }), None) => {
                (FeedLine::New(new_articles), None)
            }
            (Ok(_), None) => (FeedLine::New(0), None),
            (Ok(_), Some(line)) => (line, None),
            (Err(err), Some(FeedLine::Error(fetch_error))) => {
                let line =
                    FeedLine::Error(format!("{fetch_error} (and the cache write failed: {err})"));
                (line, Some(err))
            }
            (Err(err), _) => {
                let line = FeedLine::Error(format!(
                    "fetched, but not stored: {err}; check free space and permissions of the \
                     data directory"
                ));
                (line, Some(err))
            }
        }
    }
}

/// One refresh under way: stores each result and prints its line.
struct Session<'a> {
    feeds: &'a [FeedConfig],
    stored_names: HashMap<FeedId, String>,
    store: &'a Store,
    /// `[storage] max_age`: what is already expired is not stored (see store::retention).
    max_age: std::time::Duration,
    name_width: usize,
    tally: Tally,
    storage: StorageFailures,
    progress: Progress,
    out: std::io::Stdout,
    in_flight: VecDeque<(String, StoredResult)>,
    /// Fetches the pages of new articles of `full_text` feeds as their feeds are stored.
    pages: &'a BackgroundFetcher,
    /// New articles the watchlist names, when alerts are wanted.
    alerts: Option<AlertsFound>,
    /// One JSON object per feed instead of a line of text (`--json`).
    json: bool,
}

impl Session<'_> {
    fn on_event(&mut self, event: PollEvent) {
        match event {
            PollEvent::Started { .. } => self.progress.started(),
            PollEvent::Finished { feed, mut report } => {
                crate::store::retention::drop_expired(
                    &mut report,
                    crate::time::now(),
                    self.max_age,
                );
                let name = self.name_of(feed, &report);
                if let Some(stored) = self.store_result(feed, report) {
                    self.in_flight.push_back((name, stored));
                }
                // Lines come out in the order results arrived, as soon as they are stored.
                while self.in_flight.len() > MAX_WRITES_IN_FLIGHT
                    || self
                        .in_flight
                        .front_mut()
                        .is_some_and(|(_, s)| s.write.is_done())
                {
                    self.print_next();
                }
            }
        }
    }

    /// Waits for every write still in flight and prints its line.
    fn finish(&mut self) {
        while !self.in_flight.is_empty() {
            self.print_next();
        }
    }

    fn print_next(&mut self) {
        let Some((name, stored)) = self.in_flight.pop_front() else {
            return;
        };
        let (remark, url) = (stored.remark.clone(), stored.url.clone());
        let (line, not_stored, alerts, pages) = stored.line();
        // Once stored, and only for what the write found new.
        if let Some(batch) = pages {
            self.pages.start(batch);
        }
        if let Some(found) = &mut self.alerts {
            found.found.extend(alerts);
        }
        if let Some(error) = not_stored {
            self.storage.failed(&name, error);
        }
        match &line {
            FeedLine::New(n) => {
                self.tally.updated += 1;
                self.tally.new_articles += n;
            }
            FeedLine::Unchanged { .. } => self.tally.unchanged += 1,
            FeedLine::Error(_) => self.tally.failed += 1,
        }
        self.progress.clear();
        let mut out = self.out.lock();
        // A closed stdout (`| head`) must not stop the refresh: the cache still
        // gets every result.
        let _ = match (&line, remark) {
            (_, remark) if self.json => {
                let remark = remark.filter(|_| matches!(line, FeedLine::New(_)));
                writeln!(
                    out,
                    "{}",
                    report::feed_json(&name, &url, &line, remark.as_deref())
                )
            }
            (FeedLine::New(_), Some(remark)) => writeln!(
                out,
                "{}  {line}; {}",
                name_cell(&name, self.name_width),
                clean_line(&remark, MAX_ERROR_CHARS)
            ),
            _ => writeln!(out, "{}  {line}", name_cell(&name, self.name_width)),
        };
        let _ = out.flush();
        drop(out);
        self.progress.finished();
    }

    /// Queues the result for the cache (a failed or unchanged fetch too: it records the
    /// status and validators); `None` for a feed this refresh does not know.
    fn store_result(&mut self, feed: FeedId, report: FeedReport) -> Option<StoredResult> {
        let config = self.feeds.get(feed.0 as usize)?;
        let fetched = match &report.outcome {
            FeedOutcome::Updated { .. } => None,
            FeedOutcome::NotModified => Some(FeedLine::Unchanged {
                http: is_http(&config.url),
            }),
            FeedOutcome::Failed { error } => Some(FeedLine::Error(error.clone())),
        };
        let remark = match &report.outcome {
            FeedOutcome::Updated { .. } => report.parse_note.remark(),
            _ => None,
        };
        let pages = Batch::of(config, &report);
        let alerts = match (&self.alerts, &report.outcome) {
            (Some(found), FeedOutcome::Updated { articles }) => {
                Candidates::of(config, &report, articles, |article, source| {
                    found.lenses.alert_labels(article, source, &found.watchlist)
                })
            }
            _ => Candidates::default(),
        };
        let write = self.store.submit(WriteOp::FeedResult {
            feed_url: config.url.clone(),
            report,
        });
        Some(StoredResult {
            url: config.url.clone(),
            fetched,
            remark,
            write,
            alerts,
            pages,
        })
    }

    /// The config's name, else the feed's own title, else the name remembered from an
    /// earlier run, else the host.
    fn name_of(&self, feed: FeedId, report: &FeedReport) -> String {
        let config = self.feeds.get(feed.0 as usize);
        let name = config
            .and_then(|c| c.name.clone())
            .or_else(|| report.feed_title.clone())
            .or_else(|| self.stored_names.get(&feed).cloned())
            .unwrap_or_else(|| config.map(|c| host_of(&c.url)).unwrap_or_default());
        clean_line(&name, MAX_NAME_WIDTH * 4)
    }
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;
    use crate::article::background::PageTally;

    #[test]
    fn summary_counts_and_pluralizes() {
        let tally = Tally {
            updated: 19,
            unchanged: 2,
            failed: 2,
            new_articles: 137,
        };
        assert_eq!(
            tally.summary(),
            "23 feeds: 19 ok, 2 unchanged, 2 failed; 137 new articles"
        );
        let one = Tally {
            updated: 1,
            new_articles: 1,
            ..Tally::default()
        };
        assert_eq!(
            one.summary(),
            "1 feed: 1 ok, 0 unchanged, 0 failed; 1 new article"
        );
    }

    #[test]
    fn the_pages_are_summed_up_after_the_feeds() {
        let pages = PageTally {
            fetched: 9,
            failed: 1,
            not_stored: Vec::new(),
        };
        assert_eq!(pages_summary(&pages), "full texts: 9 fetched, 1 failed");
    }

    #[test]
    fn feed_lines_say_what_happened() {
        assert_eq!(FeedLine::New(3).to_string(), "3 new");
        assert_eq!(
            FeedLine::Unchanged { http: true }.to_string(),
            "unchanged (304)"
        );
        assert_eq!(FeedLine::Unchanged { http: false }.to_string(), "unchanged");
        assert_eq!(
            FeedLine::Error("HTTP 404\x1b[31m Not\nFound".into()).to_string(),
            "error: HTTP 404 Not Found"
        );
    }

    #[test]
    fn names_are_padded_or_cut_to_the_column() {
        assert_eq!(pad("SCMP", 8), "SCMP    ");
        assert_eq!(pad("South China Morning Post", 8), "South C…");
        assert_eq!(pad("36氪新闻快讯", 8), "36氪新… ");
        assert_eq!(pad("36氪新闻快讯", 8).width(), 8);
        assert_eq!(pad("exactly8", 8), "exactly8");
    }

    #[test]
    fn long_names_overflow_the_column_up_to_a_limit() {
        assert_eq!(name_cell("US Wire", 10), "US Wire   ");
        assert_eq!(name_cell("China Wire Daily", 10), "China Wire Daily");
        let huge = "x".repeat(100);
        assert_eq!(name_cell(&huge, 10).width(), MAX_NAME_WIDTH);
    }

    #[test]
    fn hosts_name_feeds_without_a_name() {
        assert_eq!(host_of("https://www.scmp.com/rss/36/feed"), "www.scmp.com");
        assert_eq!(host_of("/home/u/feeds/notes.xml"), "notes.xml");
    }
}
