//! Entering and leaving the terminal's raw, alternate-screen mode. The terminal is restored
//! on every way out: normal exit (Drop), error (Drop), panic (hook) and signals (run loop).

use std::io::{self, Stdout, stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, SetTitle, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the UI is up; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: Tui,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        // The hook goes in before raw mode so even a panic during setup restores the screen.
        install_panic_hook();
        enable_raw_mode()?;
        let setup = execute!(
            stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            SetTitle("ainews-tui")
        );
        if let Err(err) = setup {
            restore();
            return Err(err);
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
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
    }
}

/// Puts the terminal back as we found it. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::isolate::is_isolated() {
            // Caught and turned into a feed's error: log it, keep the UI and the screen.
            tracing::warn!("isolated panic: {info}");
            return;
        }
        restore();
        previous(info);
    }));
}
