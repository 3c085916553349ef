//! What reaches the event loop from outside: terminal events, read on a thread of their
//! own (crossterm's read blocks), and the signals that end the dashboard like `q` does.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use crossterm::event::{self, Event};
use tokio::sync::mpsc::UnboundedSender;

/// Reads terminal events on a plain thread (crossterm's read blocks) until told to stop.
pub fn spawn_input_thread(
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

/// Which signal asked the dashboard to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGHUP: the terminal is gone.
    Hangup,
    /// SIGTERM, SIGINT or SIGQUIT: stop, the terminal is still there.
    Stop,
}

/// SIGTERM, SIGINT, SIGQUIT and SIGHUP end the loop the same way `q` does, so the terminal
/// is restored. (In raw mode Ctrl-C is a key, not SIGINT; SIGINT comes from `kill -INT`,
/// `timeout -s INT` or a supervisor.)
pub struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    quit: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    pub fn new() -> anyhow::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                term: signal(SignalKind::terminate()).context("listening for SIGTERM")?,
                int: signal(SignalKind::interrupt()).context("listening for SIGINT")?,
                quit: signal(SignalKind::quit()).context("listening for SIGQUIT")?,
                hup: signal(SignalKind::hangup()).context("listening for SIGHUP")?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    pub async fn recv(&mut self) -> Signal {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => Signal::Stop,
            _ = self.int.recv() => Signal::Stop,
            _ = self.quit.recv() => Signal::Stop,
            _ = self.hup.recv() => Signal::Hangup,
        }
        #[cfg(not(unix))]
        std::future::pending::<Signal>().await
    }
}
