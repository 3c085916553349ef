//! End to end: the real binary in a pseudo-terminal with `--demo`. Headlines appear, a topic
//! key changes the list, `q` exits and leaves the terminal restored; a long search at small
//! sizes neither crashes nor hides what was typed; signals restore the terminal; a terminal
//! that goes away while the dashboard quits does not keep the process alive.

// Helpers outside #[test] functions unwrap too: a broken fixture should fail loudly.
#![allow(clippy::unwrap_used)]
#![cfg(unix)]

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 110;

/// Generous bound on anything the test waits for (a shared, loaded machine).
const WAIT_LIMIT: Duration = Duration::from_secs(20);

/// What the dashboard writes on the way out, in order: mouse reporting off, the main screen
/// back, the cursor shown.
const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

struct Screen(Arc<Mutex<vt100::Parser>>);

impl Screen {
    fn text(&self) -> String {
        self.0.lock().unwrap().screen().contents()
    }

    /// Waits (bounded) until the screen satisfies `pred`; panics with the screen otherwise.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT_LIMIT;
        loop {
            let text = self.text();
            if pred(&text) {
                return text;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The demo running in a pty of its own, its output parsed and also kept as raw bytes.
struct Demo {
    master: Option<Box<dyn MasterPty + Send>>,
    keys: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    screen: Screen,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Tells the reader to drop its end of the pty at its next read.
    close_reader: Arc<AtomicBool>,
    reader_thread: Option<std::thread::JoinHandle<()>>,
    _data: tempfile::TempDir,
}

impl Demo {
    fn start(rows: u16, cols: u16) -> Demo {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let data = tempfile::tempdir().unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ainews-tui"));
        cmd.arg("--demo");
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("AINEWS_DATA_DIR", data.path());
        cmd.env_remove("AINEWS_CONFIG");
        let child = pty.slave.spawn_command(cmd).expect("spawn ainews-tui");
        drop(pty.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let close_reader = Arc::new(AtomicBool::new(false));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (sink, raw_sink, close) = (parser.clone(), raw.clone(), close_reader.clone());
        let reader_thread = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || close.load(Ordering::SeqCst) {
                    break;
                }
                raw_sink.lock().unwrap().extend_from_slice(&buf[..n]);
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let keys = pty.master.take_writer().unwrap();
        Demo {
            master: Some(pty.master),
            keys: Some(keys),
            child,
            screen: Screen(parser),
            raw,
            close_reader,
            reader_thread: Some(reader_thread),
            _data: data,
        }
    }

    fn type_keys(&mut self, bytes: &[u8]) {
        let keys = self.keys.as_mut().expect("the pty is open");
        keys.write_all(bytes).unwrap();
        keys.flush().unwrap();
    }

    fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("the child's pid")
    }

    /// Waits (bounded) for the process to end; kills it and fails otherwise.
    fn wait_exit(&mut self, what: &str) -> ExitStatus {
        let deadline = Instant::now() + WAIT_LIMIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                self.child.kill().ok();
                panic!(
                    "{what}: the process did not exit; screen:\n{}",
                    self.screen.text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Closes our end of the pty and returns every byte the process wrote.
    fn finish(&mut self) -> Vec<u8> {
        self.keys.take();
        self.master.take();
        if let Some(reader) = self.reader_thread.take() {
            let _ = reader.join();
        }
        self.raw.lock().unwrap().clone()
    }

    /// Makes the reader drop its end of the pty: it lets go at its next read, so a key that
    /// redraws the list is sent, and the reader waited for (bounded).
    fn stop_reading(&mut self) {
        self.close_reader.store(true, Ordering::SeqCst);
        self.type_keys(b"j");
        let reader = self.reader_thread.take().expect("the reader runs");
        let deadline = Instant::now() + WAIT_LIMIT;
        while !reader.is_finished() {
            assert!(Instant::now() < deadline, "the reader never let go");
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = reader.join();
    }

    fn wait_for_headlines(&self) -> String {
        self.screen
            .wait_for("demo headlines", |s| s.contains("Headlines"))
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.child.kill().ok();
        }
    }
}

/// Sends `signal` (a name `kill` knows, e.g. "INT") to the process.
fn send_signal(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} {pid}: {status:?}");
}

fn position(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The headline rows of the list pane (they carry a topic badge or an unread marker).
fn list_rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .skip(2)
        .filter(|l| {
            l.contains('●') || l.contains(" CN ") || l.contains(" US ") || l.contains(" H2H ")
        })
        .collect()
}

fn tab_count(screen: &str, label: &str) -> Option<usize> {
    let header = screen.lines().next()?;
    let at = header.find(&format!("{label} "))? + label.len() + 1;
    header[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[test]
fn demo_shows_headlines_filters_and_quits_cleanly() {
    let mut demo = Demo::start(ROWS, COLS);
    let screen = &demo.screen;
    // Every demo feed in, so that the tab counts read here are the final ones.
    let first = screen.wait_for("demo headlines", |s| {
        tab_count(s, "All").is_some_and(|n| n >= 60)
            && s.contains("Headlines")
            && s.contains("5 feeds ok")
    });
    let all = tab_count(&first, "All").unwrap();
    // With the demo's views in the header, 110 columns show the short topic labels.
    let header = first.lines().next().unwrap_or_default();
    let label = if header.contains(" China ") {
        "China"
    } else {
        "CN"
    };
    let china = tab_count(&first, label).expect("China tab");
    assert!(china > 0 && china < all, "{first}");
    assert!(
        first.contains('●'),
        "unread markers show without colour:\n{first}"
    );

    demo.type_keys(b"3");
    // The header can be on screen before the rest of the frame is: wait for the list too,
    // and fail (with the screen) only if it never shows China rows alone.
    demo.screen
        .wait_for("the China tab with only China rows", |s| {
            let rows = list_rows(s);
            s.contains(&format!("[{label} {china}]"))
                && !rows.is_empty()
                && rows.iter().all(|l| l.contains(" CN "))
        });

    demo.type_keys(b"q");
    let status = demo.wait_exit("q");
    assert!(status.success(), "exit status {status:?}");
    let termios = demo
        .master
        .as_ref()
        .unwrap()
        .get_termios()
        .expect("termios of the pty");
    let flags = format!("{:?}", termios.local_flags);
    assert!(
        flags.contains("ICANON") && flags.contains("ECHO"),
        "raw mode left on: {flags}"
    );
    demo.finish();
    let parser = demo.screen.0.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "alternate screen left on"
    );
    assert!(!parser.screen().hide_cursor(), "cursor left hidden");
}

/// Types a search longer than the status line and checks the process lives on and the end
/// of the query is on screen; then leaves the search and quits.
fn long_search_at(rows: u16, cols: u16, tail: &str) {
    let mut demo = Demo::start(rows, cols);
    demo.wait_for_headlines();
    demo.type_keys(b"/deepseek versus openai: export controls and the chip race");
    let screen = demo.screen.wait_for("the end of the query", |s| {
        s.lines().any(|l| l.contains(&format!("{tail}▏")))
    });
    assert!(demo.is_running(), "the search ended the process:\n{screen}");
    // A redraw later (a tick, a feed arriving), it is still up and still showing it.
    demo.type_keys(b"!");
    let screen = demo.screen.wait_for("one more letter", |s| {
        s.lines().any(|l| l.contains(&format!("{tail}!▏")))
    });
    assert!(demo.is_running(), "the search ended the process:\n{screen}");
    demo.type_keys(b"\x1b");
    demo.screen
        .wait_for("the search prompt closed", |s| !s.contains('▏'));
    demo.type_keys(b"q");
    let status = demo.wait_exit("q after a search");
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_long_search_at_60x20_keeps_running_and_shows_the_query() {
    long_search_at(20, 60, "export controls and the chip race");
}

#[test]
fn a_long_search_at_20x5_keeps_running_and_shows_its_tail() {
    long_search_at(5, 20, "the chip race");
}

/// SIGINT, SIGQUIT and SIGTERM end the dashboard the way `q` does: the last bytes it
/// writes turn mouse reporting off, leave the alternate screen and show the cursor.
#[test]
fn signals_restore_the_terminal() {
    for signal in ["INT", "QUIT", "TERM"] {
        let mut demo = Demo::start(24, 80);
        demo.wait_for_headlines();
        send_signal(demo.pid(), signal);
        let status = demo.wait_exit(&format!("SIG{signal}"));
        assert!(status.success(), "SIG{signal}: exit status {status:?}");
        let raw = demo.finish();
        let mouse_off = position(&raw, MOUSE_OFF)
            .unwrap_or_else(|| panic!("SIG{signal}: mouse reporting never turned off"));
        let rest = &raw[mouse_off + MOUSE_OFF.len()..];
        let mut expected = LEAVE_ALTERNATE_SCREEN.to_vec();
        expected.extend_from_slice(SHOW_CURSOR);
        assert!(
            rest.starts_with(&expected),
            "SIG{signal}: after mouse off: {:?}",
            String::from_utf8_lossy(rest)
        );
        // Nothing but another "show cursor" (the screen library's own) may follow.
        let after = &rest[expected.len()..];
        assert!(
            after.chunks(SHOW_CURSOR.len()).all(|c| c == SHOW_CURSOR),
            "SIG{signal}: written after the restore: {:?}",
            String::from_utf8_lossy(after)
        );
    }
}

/// The terminal closes while the dashboard is quitting (a window closed right after `q`):
/// the process must still end, not spin on the dead terminal's input for ever.
#[test]
fn a_terminal_closed_while_quitting_does_not_keep_the_process() {
    let mut demo = Demo::start(24, 80);
    demo.wait_for_headlines();
    demo.stop_reading();
    // Only our key writer and the master are left open: dropping them right after `q`
    // hangs the terminal up as the dashboard starts quitting.
    demo.type_keys(b"q");
    demo.keys.take();
    demo.master.take();
    let status = demo.wait_exit("the pty closed while quitting");
    assert_clean_exit(status);
}

/// The terminal goes away with the dashboard running and nobody pressing a key.
#[test]
fn a_terminal_closed_under_the_dashboard_ends_it() {
    let mut demo = Demo::start(24, 80);
    demo.wait_for_headlines();
    demo.stop_reading();
    demo.keys.take();
    demo.master.take();
    let status = demo.wait_exit("the pty closed under the dashboard");
    assert_clean_exit(status);
}

/// Ended normally (0) or by the quit watchdog (1) on a terminal that is gone; never a panic
/// (101) from writing to it.
fn assert_clean_exit(status: ExitStatus) {
    assert!(
        matches!(status.exit_code(), 0 | 1),
        "exit status {status:?}"
    );
}

#[test]
fn a_query_typed_after_the_slash_filters_and_a_mistake_is_pointed_at() {
    let mut demo = Demo::start(ROWS, COLS);
    // Every demo feed in first: a feed arriving between two counts would change them.
    demo.screen
        .wait_for("every demo feed", |s| s.contains("5 feeds ok"));
    demo.type_keys(b"/topic:china OR topic:both -deepseek");
    let screen = demo
        .screen
        .wait_for("only China and Head-to-head rows", |s| {
            let rows = list_rows(s);
            s.contains("topic:china OR topic:both -deepseek▏")
                && !rows.is_empty()
                && rows
                    .iter()
                    .all(|l| (l.contains(" CN ") || l.contains(" H2H ")) && !l.contains("DeepSeek"))
        });
    let before = list_rows(&screen).len();
    // A parenthesis left open: the line says where, the list keeps its rows.
    demo.type_keys(b" (");
    let screen = demo.screen.wait_for("the mistake pointed at", |s| {
        s.contains("-deepseek (▏ ✗ column 37: this `(` is never closed: add a `)`")
    });
    assert_eq!(list_rows(&screen).len(), before, "{screen}");
    demo.type_keys(b"\x1b");
    demo.screen
        .wait_for("the search prompt closed", |s| !s.contains('▏'));
    demo.type_keys(b"q");
    let status = demo.wait_exit("q after a query");
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_click_selects_the_headline_under_the_pointer() {
    let mut demo = Demo::start(ROWS, COLS);
    // Every demo feed in first: an article arriving after the click would push the one
    // clicked down the list.
    demo.screen.wait_for("every demo feed", |s| {
        list_rows(s).len() >= 4 && s.contains("Headlines 1/") && s.contains("5 feeds ok")
    });
    // The fourth headline is on row 5 (header, border, then rows): 6 in SGR, which counts
    // from 1.
    demo.type_keys(b"\x1b[<0;10;6M\x1b[<0;10;6m");
    demo.screen.wait_for("the fourth headline selected", |s| {
        s.contains("Headlines 4/")
    });
    demo.type_keys(b"q");
    assert!(demo.wait_exit("q after a click").success());
}
