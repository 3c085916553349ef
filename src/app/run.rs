//! The event loop: the only place that performs effects. Terminal input, poller reports and
//! the clock become Actions; `update` turns them into state and Commands; the loop performs
//! the Commands and redraws when something changed, at most ~30 frames a second.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use tokio::sync::mpsc;

use super::action::{Action, Command};
use super::effects::{Effects, spawn_search_worker};
use super::fetch_writes::FetchWrites;
use super::input::{Signal, Signals, spawn_input_thread};
use super::keymap::map_event;
use super::rows::CachedRows;
use super::state::State;
use super::terminal::TerminalGuard;
use super::update::update;
use crate::article::background::BackgroundFetcher;
use crate::config::Config;
use crate::feed_report::FeedMemory;
use crate::ingest::poller::{PollEvent, PollerBuilder};
use crate::model::FeedId;
use crate::model::UnixTime;
use crate::startup::{self, Ready, StartupError};
use crate::store::{FeedKey, Store, UiMemory, WriteOp};
use crate::time;

/// Shortest time between two frames (~30 fps).
const FRAME: Duration = Duration::from_millis(33);
/// Clock resolution: spinner frames and message expiry.
const TICK: Duration = Duration::from_millis(150);

/// How often old articles are pruned from the cache while the dashboard runs.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Once the user quits, saving read flags and restoring the terminal may take this long
/// before the watchdog ends the process anyway: longer than a write waits for another
/// instance's lock, so that a `refresh` running at the same moment cannot cost the marks.
const QUIT_GRACE: Duration = Duration::from_secs(3).saturating_add(crate::store::WRITE_LOCK_WAIT);
/// Once the terminal is gone (hang-up, input closed, a failed write) or a second signal
/// arrives while quitting, the process ends within this.
const GONE_GRACE: Duration = Duration::from_secs(1);
/// How long the quit path waits for the input thread to notice it should stop.
const INPUT_JOIN_LIMIT: Duration = Duration::from_millis(250);

/// What the dashboard needs to start.
pub struct TuiOptions {
    pub config: Config,
    /// Shown in empty states: where to add feeds.
    pub config_origin: String,
    pub store: Store,
    /// A damaged cache found at start was moved here (the user is told once).
    pub moved_aside: Option<std::path::PathBuf>,
    /// Paints the screen from the state (`ui::draw`): passed in, so that `app` decides and
    /// `ui` draws without either importing the other both ways.
    pub draw: Draw,
}

/// A function that paints one frame from the state.
pub type Draw = fn(&mut ratatui::Frame, &State);

/// Runs the dashboard until the user quits or a signal arrives.
pub fn run_tui(options: TuiOptions) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let result = runtime.block_on(run(options));
    // A blocking task still reading the cache must not hold the exit.
    runtime.shutdown_timeout(Duration::from_millis(500));
    result
}

async fn run(options: TuiOptions) -> anyhow::Result<()> {
    let TuiOptions {
        config,
        config_origin,
        store,
        moved_aside,
        draw,
    } = options;
    let ready = Ready::new(&config).map_err(|err| match err {
        StartupError::Topics(e) => anyhow::anyhow!("topic rules in {config_origin}: {e}"),
        StartupError::Watchlist(e) => anyhow::anyhow!("watchlist in {config_origin}: {e}"),
    })?;

    // The cache is read before the first frame: the user sees yesterday's articles at once,
    // before any network answer.
    let mut state = State::new(&config.feeds, config_origin, time::now());
    state.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    state.keys = Arc::new(config.keys.clone());
    state.theme = config.theme;
    state.utc_offset = time::local_offset();
    state.classifier = Some(ready.classifier.clone());
    state.watchlist = Some(ready.watchlist.clone());
    state.list.set_lenses(Arc::new(
        crate::lenses::Lenses::of(&config, time::now())
            .map_err(|err| anyhow::anyhow!("{err} (in {})", state.config_origin))?,
    ));
    // Before the first fetch: what the reader taught the topic model applies to it.
    if let Err(err) = ready.teach(&store) {
        tracing::warn!("reading the topic corrections: {err}");
    }
    let Ready {
        classifier,
        feed_keys,
        watchlist,
        ..
    } = ready;
    let memory: HashMap<FeedId, FeedMemory> = match load_cache(&store, &feed_keys) {
        Ok(cache) => {
            let memory = startup::feed_memory(&cache.feeds);
            update(&mut state, cache.into_action(), time::now());
            memory
        }
        Err(err) => {
            tracing::error!("reading the cache: {err}");
            update(&mut state, Action::StoreFailed(err.summary()), time::now());
            HashMap::new()
        }
    };
    if store.is_read_only() {
        update(&mut state, Action::StoreReadOnly, time::now());
    }
    if let Some(path) = moved_aside {
        let text = format!(
            "the cache was damaged: moved to {} and started afresh",
            path.display()
        );
        update(&mut state, Action::Notify(text), time::now());
    }

    let (poll_tx, mut poll_rx) = mpsc::channel(crate::ingest::poller::EVENT_BUFFER);
    // Feeds and the pages of `full_text` feeds take their turn at a host from one limit.
    let hosts = crate::ingest::hosts::HostLimits::new(config.fetch.per_host);
    let full_text = Arc::new(BackgroundFetcher::new(
        &config.fetch,
        store.clone(),
        hosts.clone(),
        tokio::runtime::Handle::current(),
    ));
    let poller = PollerBuilder::new(
        config.feeds.clone(),
        config.fetch.clone(),
        classifier.clone(),
    )
    .remember(memory)
    .share_hosts(hosts)
    .spawn(poll_tx);

    let mut guard = TerminalGuard::enter(config.mouse).context("setting up the terminal")?;
    let size = guard.terminal.size().context("reading the terminal size")?;
    update(
        &mut state,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        time::now(),
    );

    let stop_input = Arc::new(AtomicBool::new(false));
    let (input_tx, mut input_rx) = mpsc::unbounded_channel();
    let input_thread = spawn_input_thread(input_tx, stop_input.clone());
    let (effect_tx, mut effect_rx) = mpsc::unbounded_channel::<Action>();
    {
        // A page stored in the background shows at once if its article is being read.
        let effects = effect_tx.clone();
        full_text.set_on_stored(Box::new(move |id, text| {
            let outcome = text.outcome.clone();
            let _ = effects.send(Action::FullTextStored { id, outcome });
        }));
    }
    let sink = effect_tx.clone();
    store.set_error_sink(Box::new(move |err| {
        // The writer has logged the whole error; the status line gets its short form.
        let _ = sink.send(Action::StoreFailed(err.summary()));
    }));
    let sink = effect_tx.clone();
    store.set_story_sink(Box::new(move |grouped| {
        let _ = sink.send(Action::StoriesGrouped(grouped));
    }));
    // What a `refresh` stored ungrouped is grouped behind the first screen, and told.
    store.send(crate::store::WriteOp::GroupStories);
    let mut prune = tokio::time::interval(PRUNE_EVERY);
    {
        let (store, feeds, effects) = (store.clone(), feed_keys.clone(), effect_tx.clone());
        let names = super::state::feed_names(&state.feeds.statuses);
        let watchlist = state.watchlist.clone();
        tokio::task::spawn_blocking(move || {
            match CachedRows::load(&store, &feeds, &names, watchlist.as_deref()) {
                Ok(cached) => {
                    // What the read freed goes back before the UI thread takes the rows in,
                    // so that the two do not add up (the UI thread gives back its own after).
                    crate::allocator::return_freed_memory();
                    let _ = effects.send(Action::CacheRest(Box::new(cached)));
                }
                Err(err) => {
                    tracing::error!("loading the cache: {err}");
                    let _ = effects.send(Action::StoreFailed(err.summary()));
                }
            }
            match store.full_text_ids() {
                Ok(ids) => {
                    let _ = effects.send(Action::FullTextIds(ids));
                }
                Err(err) => tracing::warn!("reading which full articles are stored: {err}"),
            }
        });
    }
    let effects = Effects {
        poller: &poller,
        store: &store,
        classifier: &classifier,
        fetch: &config.fetch,
        actions: effect_tx.clone(),
        search: spawn_search_worker(store.clone(), effect_tx.clone()),
        notify_command: config.alerts.command.clone(),
        browser: config.browser.clone(),
    };
    let fetch_writes = FetchWrites {
        store: store.clone(),
        pages: full_text.clone(),
        // Only alerts someone asked for are looked for, and only what can be stored.
        alerts: (config.alerts.is_on() && !store.is_read_only())
            .then(|| (watchlist.clone(), state.list.lenses.clone())),
        actions: effect_tx.clone(),
    };
    let mut signals = Signals::new()?;
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);

    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
    let mut last_minute = state.now / 60;
    // Only a terminal can hang up; output redirected elsewhere is not watched.
    let watch_terminal = std::io::stdout().is_terminal();
    let mut terminal_gone = false;
    let mut log_failure_told = false;
    while !state.should_quit && !terminal_gone {
        if dirty && last_draw.elapsed() >= FRAME {
            let drawn = guard.terminal.draw(|frame| draw(frame, &state));
            if let Err(err) = drawn {
                // A write to the terminal failed: it is gone. Save and leave.
                tracing::warn!("drawing the screen failed, quitting: {err}");
                terminal_gone = true;
                continue;
            }
            last_draw = Instant::now();
            dirty = false;
        }
        let draw_at = tokio::time::Instant::from_std(last_draw + FRAME);
        let action = tokio::select! {
            event = input_rx.recv() => match event {
                Some(event) => match map_event(&state.keys, &event, state.overlay.mode(), state.width, state.height) {
                    Some(action) => action,
                    None => continue,
                },
                None => {
                    // The input thread ended: the terminal's input is closed or failing.
                    tracing::warn!("terminal input closed, quitting");
                    terminal_gone = true;
                    continue;
                }
            },
            Some(mut event) = poll_rx.recv() => {
                expire(&mut event, &config);
                persist_poll(&fetch_writes, &config.feeds, &event);
                Action::Poll(event)
            }
            _ = prune.tick() => {
                store.send(prune_op(&config, time::now()));
                continue;
            }
            Some(action) = effect_rx.recv() => action,
            _ = tokio::time::sleep_until(draw_at), if dirty => continue,
            _ = tick.tick() => {
                dirty |= state.status.show_indexing(store.index_progress());
                // A hung-up terminal answers no terminal ioctl: crossterm's reader then
                // spins without reporting, so the loop checks for itself.
                if watch_terminal && !std::io::stdout().is_terminal() {
                    tracing::warn!("the terminal is gone, quitting");
                    terminal_gone = true;
                    continue;
                }
                if !log_failure_told && crate::logging::write_failures() > 0 {
                    log_failure_told = true;
                    Action::Notify(
                        "the log file cannot be written (disk full?): log lines are dropped"
                            .to_string(),
                    )
                } else {
                    Action::Tick
                }
            }
            signal = signals.recv() => {
                tracing::info!("{signal:?}, quitting");
                terminal_gone |= signal == Signal::Hangup;
                Action::Quit
            }
        };
        let now = time::now();
        let is_tick = action == Action::Tick;
        let message_before = state.status.message.is_some();
        let mut commands = update(&mut state, action, now);
        // Drain whatever else is queued so a burst (a paste, fifty feeds) costs one frame.
        // What is drained after a tick changed the state too: it must still be drawn.
        let mut drained = false;
        while let Ok(event) = input_rx.try_recv() {
            if let Some(action) = map_event(
                &state.keys,
                &event,
                state.overlay.mode(),
                state.width,
                state.height,
            ) {
                commands.extend(update(&mut state, action, now));
                drained = true;
            }
        }
        while let Ok(mut event) = poll_rx.try_recv() {
            expire(&mut event, &config);
            persist_poll(&fetch_writes, &config.feeds, &event);
            commands.extend(update(&mut state, Action::Poll(event), now));
            drained = true;
        }
        dirty |= !is_tick
            || drained
            || state.feeds.fetching_count() > 0
            || message_before != state.status.message.is_some()
            || now / 60 != last_minute;
        last_minute = now / 60;
        for command in commands {
            if config.alerts.bell && matches!(command, Command::Alert(_)) {
                ring_bell(&mut guard);
            }
            effects.perform(command);
        }
    }
    // From here on the process ends in bounded time, whatever the quit path waits on; a
    // further signal (the terminal closing as the user quits) shortens the wait.
    super::watchdog::exit_within(if terminal_gone {
        GONE_GRACE
    } else {
        QUIT_GRACE
    });
    tokio::spawn(async move {
        let signal = signals.recv().await;
        tracing::info!("{signal:?} while quitting");
        super::watchdog::exit_within(GONE_GRACE);
    });
    // The search worker ends with its sender.
    drop(effects);
    stop_input.store(true, Ordering::Relaxed);
    poller.shutdown();
    full_text.shutdown();
    store.send(WriteOp::SaveUi(ui_memory(&state)));
    // Every read flag and star must be on disk before the process ends.
    let flushed = tokio::task::spawn_blocking(move || store.flush()).await;
    drop(guard);
    // On a live terminal the input thread stops within one poll. On a hung-up one it
    // spins inside crossterm and never returns: it is left to end with the process.
    let join_by = Instant::now() + INPUT_JOIN_LIMIT;
    while !input_thread.is_finished() && Instant::now() < join_by {
        std::thread::sleep(Duration::from_millis(10));
    }
    if input_thread.is_finished() {
        let _ = input_thread.join();
    }
    match flushed {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(anyhow::anyhow!("saving the cache: {err}")),
        Err(err) => Err(anyhow::anyhow!("saving the cache: {err}")),
    }
}

/// What the cache holds for today's feeds.
struct Cache {
    articles: crate::store::CachedArticles,
    corrections: HashMap<crate::model::ArticleId, crate::store::Correction>,
    feeds: HashMap<FeedId, crate::store::FeedRecord>,
    ui: UiMemory,
}

impl Cache {
    fn into_action(self) -> Action {
        Action::CacheLoaded {
            articles: self.articles,
            corrections: self.corrections,
            feeds: self.feeds,
            ui: self.ui,
        }
    }
}

/// Articles read before the first frame: more than any screen shows, and quick to read
/// whatever the size of the cache. The rest follows off the UI thread.
const FIRST_SCREEN_ARTICLES: usize = 500;

fn load_cache(store: &Store, feeds: &[FeedKey]) -> Result<Cache, crate::store::StoreError> {
    Ok(Cache {
        articles: store.load_newest(feeds, FIRST_SCREEN_ARTICLES)?,
        corrections: store.load_corrections()?,
        feeds: store.load_feeds(feeds)?,
        ui: store.load_ui()?,
    })
}

/// Every finished fetch goes to the cache (one transaction per feed) as it arrives; the
/// pages and alerts of its new articles follow (`FetchWrites`).
fn persist_poll(writes: &FetchWrites, feeds: &[crate::config::FeedConfig], event: &PollEvent) {
    if let PollEvent::Finished { feed, report } = event
        && let Some(config) = feeds.get(feed.0 as usize)
    {
        writes.store(config, report);
    }
}

/// What retention has already expired is neither stored nor shown.
fn expire(event: &mut PollEvent, config: &Config) {
    if let PollEvent::Finished { report, .. } = event {
        crate::store::retention::drop_expired(report, time::now(), config.storage.max_age);
    }
}

fn prune_op(config: &Config, now: UnixTime) -> WriteOp {
    WriteOp::Prune {
        now,
        max_age: config.storage.max_age,
        max_per_feed: config.storage.max_per_feed,
    }
}

/// The view to restore at the next start.
fn ui_memory(state: &State) -> UiMemory {
    UiMemory {
        topic: state.list.filter.topic,
        unread_only: state.list.filter.unread_only,
        starred_only: state.list.filter.starred_only,
        selected: state.selected_article().map(|a| a.id),
    }
}

/// The terminal bell, written between frames so it never splits an escape sequence.
fn ring_bell(guard: &mut TerminalGuard) {
    use std::io::Write;
    let backend = guard.terminal.backend_mut();
    if let Err(err) = backend.write_all(b"\x07").and_then(|()| backend.flush()) {
        tracing::warn!("ringing the bell: {err}");
    }
}
