//! Entering and leaving the terminal's raw, alternate-screen mode, and the process's one
//! panic hook. The terminal is restored on every way out: normal exit (Drop), error (Drop),
//! panic (hook) and signals (run loop).

use std::io::{self, Stdout, stdout};
use std::mem::ManuallyDrop;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, SetTitle, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// The dashboard owns the terminal (raw mode, alternate screen): a panic must restore it.
static UI_ACTIVE: AtomicBool = AtomicBool::new(false);

/// Owns the terminal while the UI is up; dropping it restores the terminal.
pub struct TerminalGuard {
    /// Dropped by hand (see `Drop`): ratatui's own drop reports a failure to show the
    /// cursor with `eprintln!`, which panics when stderr is a terminal that is gone.
    pub terminal: ManuallyDrop<Tui>,
}

impl TerminalGuard {
    /// Raw mode and the alternate screen; the mouse captured when `mouse` (else the
    /// terminal keeps its own text selection).
    pub fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        // The hook goes in before raw mode so even a panic during setup restores the screen.
        install_panic_hook();
        UI_ACTIVE.store(true, Ordering::SeqCst);
        enable_raw_mode()?;
        let setup =
            execute!(stdout(), EnterAlternateScreen, SetTitle("ainews-tui")).and_then(|()| {
                if mouse {
                    execute!(stdout(), EnableMouseCapture)
                } else {
                    Ok(())
                }
            });
        if let Err(err) = setup {
            restore();
            return Err(err);
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(TerminalGuard {
                terminal: ManuallyDrop::new(terminal),
            }),
            Err(err) => {
                restore();
                Err(err)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
        if self.terminal.show_cursor().is_ok() {
            // SAFETY: dropped once, here, and never used again.
            unsafe { ManuallyDrop::drop(&mut self.terminal) };
        }
        // Otherwise the terminal is gone: its buffers are left for the exiting process to
        // free rather than let ratatui's drop panic on the dead stderr.
    }
}

/// Puts the terminal back as we found it. Safe to call more than once.
pub fn restore() {
    UI_ACTIVE.store(false, Ordering::SeqCst);
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Installs the process's panic hook (once; later calls do nothing). `main` calls it first
/// thing, so headless commands get it too.
///
/// A panic caught by `crate::isolate` (a hostile feed, odd HTML) goes to the log only: it is
/// that feed's error, not news for the terminal, with or without `RUST_BACKTRACE`. Any other
/// panic restores the terminal if the dashboard holds it, then reports as usual.
pub fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if crate::isolate::is_isolated() {
                tracing::warn!("isolated panic: {info}");
                let trace = std::backtrace::Backtrace::capture();
                if trace.status() == std::backtrace::BacktraceStatus::Captured {
                    tracing::debug!("isolated panic backtrace:\n{trace}");
                }
                return;
            }
            if UI_ACTIVE.load(Ordering::SeqCst) {
                restore();
            }
            previous(info);
        }));
    });
}
