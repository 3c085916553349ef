//! The event loop: the only place that performs effects. Terminal input, poller reports and
//! the clock become Actions; `update` turns them into state and Commands; the loop performs
//! the Commands and redraws when something changed, at most ~30 frames a second.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use crossterm::event::{self, Event};
use tokio::sync::mpsc::{self, UnboundedSender};

use super::action::{Action, Command};
use super::keymap::map_event;
use super::state::State;
use super::terminal::TerminalGuard;
use super::update::update;
use crate::config::Config;
use crate::ingest::poller::{self, PollerHandle};
use crate::model::UnixTime;
use crate::topics::classify::Classifier;

/// Shortest time between two frames (~30 fps).
const FRAME: Duration = Duration::from_millis(33);
/// Clock resolution: spinner frames and message expiry.
const TICK: Duration = Duration::from_millis(150);

/// What the dashboard needs to start.
pub struct TuiOptions {
    pub config: Config,
    /// Shown in empty states: where to add feeds.
    pub config_origin: String,
}

/// Runs the dashboard until the user quits or a signal arrives.
pub fn run_tui(options: TuiOptions) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(run(options))
}

pub fn unix_now() -> UnixTime {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

async fn run(options: TuiOptions) -> anyhow::Result<()> {
    let TuiOptions {
        config,
        config_origin,
    } = options;
    let classifier = Classifier::new(&config.topics)
        .map_err(|e| anyhow::anyhow!("topic rules in {config_origin}: {e}"))?;
    let (poll_tx, mut poll_rx) = mpsc::unbounded_channel();
    let poller = poller::spawn(
        config.feeds.clone(),
        config.fetch.clone(),
        Arc::new(classifier),
        poll_tx,
    );

    let mut state = State::new(&config.feeds, config_origin, unix_now());
    state.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    state.utc_offset = chrono::Local::now().offset().local_minus_utc();

    let mut guard = TerminalGuard::enter().context("setting up the terminal")?;
    let size = guard.terminal.size().context("reading the terminal size")?;
    update(
        &mut state,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        unix_now(),
    );

    let stop_input = Arc::new(AtomicBool::new(false));
    let (input_tx, mut input_rx) = mpsc::unbounded_channel();
    let input_thread = spawn_input_thread(input_tx, stop_input.clone());
    let (effect_tx, mut effect_rx) = mpsc::unbounded_channel::<Action>();
    let mut signals = Signals::new()?;
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);

    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
    let mut last_minute = state.now / 60;
    while !state.should_quit {
        if dirty && last_draw.elapsed() >= FRAME {
            guard
                .terminal
                .draw(|frame| crate::ui::draw(frame, &state))
                .context("drawing the screen")?;
            last_draw = Instant::now();
            dirty = false;
        }
        let draw_at = tokio::time::Instant::from_std(last_draw + FRAME);
        let action = tokio::select! {
            Some(event) = input_rx.recv() => match map_event(&event, state.mode, state.width, state.height) {
                Some(action) => action,
                None => continue,
            },
            Some(event) = poll_rx.recv() => Action::Poll(event),
            Some(action) = effect_rx.recv() => action,
            _ = tokio::time::sleep_until(draw_at), if dirty => continue,
            _ = tick.tick() => Action::Tick,
            _ = signals.recv() => Action::Quit,
        };
        let now = unix_now();
        let is_tick = action == Action::Tick;
        let message_before = state.message.is_some();
        let mut commands = update(&mut state, action, now);
        // Drain whatever else is queued so a burst (a paste, fifty feeds) costs one frame.
        while let Ok(event) = input_rx.try_recv() {
            if let Some(action) = map_event(&event, state.mode, state.width, state.height) {
                commands.extend(update(&mut state, action, now));
            }
        }
        while let Ok(event) = poll_rx.try_recv() {
            commands.extend(update(&mut state, Action::Poll(event), now));
        }
        dirty |= !is_tick
            || state.fetching_count() > 0
            || message_before != state.message.is_some()
            || now / 60 != last_minute;
        last_minute = now / 60;
        for command in commands {
            perform(command, &poller, &effect_tx);
        }
    }
    stop_input.store(true, Ordering::Relaxed);
    poller.shutdown();
    drop(guard);
    let _ = input_thread.join();
    Ok(())
}

fn perform(command: Command, poller: &PollerHandle, effects: &UnboundedSender<Action>) {
    match command {
        Command::OpenLink(link) => {
            let effects = effects.clone();
            tokio::task::spawn_blocking(move || {
                // One argument, no shell: the link is data, never a command line.
                let message = match open::that_detached(&link) {
                    Ok(()) => format!("opened {link}"),
                    Err(err) => format!("could not open a browser: {err}"),
                };
                let _ = effects.send(Action::Notify(message));
            });
        }
        Command::RefreshFeed(feed) => {
            poller.refresh(feed);
        }
        Command::RefreshAll => {
            poller.refresh_all();
        }
        Command::Quit => {}
    }
}

/// Reads terminal events on a plain thread (crossterm's read blocks) until told to stop.
fn spawn_input_thread(
    tx: UnboundedSender<Event>,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            match event::poll(Duration::from_millis(100)) {
                Ok(true) => match event::read() {
                    Ok(event) => {
                        if tx.send(event).is_err() {
                            break;
                        }
                    }
                    Err(err) => {
                        tracing::warn!("reading terminal input failed: {err}");
                        break;
                    }
                },
                Ok(false) => {}
                Err(err) => {
                    tracing::warn!("polling terminal input failed: {err}");
                    break;
                }
            }
        }
    })
}

/// SIGTERM and SIGHUP end the loop the same way `q` does, so the terminal is restored.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> anyhow::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                term: signal(SignalKind::terminate()).context("listening for SIGTERM")?,
                hup: signal(SignalKind::hangup()).context("listening for SIGHUP")?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {},
            _ = self.hup.recv() => {},
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await
    }
}
