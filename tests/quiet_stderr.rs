//! Nothing the user did not ask for reaches stderr: a panic caught inside feed handling is
//! logged, not printed (even with RUST_BACKTRACE), and a log file that cannot be written
//! (a full disk) loses log lines silently instead of printing tracing's complaints.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SUMMARY: &str = "1 feed: 1 ok, 0 unchanged, 0 failed; 2 new articles";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quiet/wire.xml")
}

/// `refresh` of the one local fixture feed, with `data` as the data directory.
fn refresh(dir: &Path, data: &Path, env: &[(&str, &str)]) -> Output {
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[feeds]]\nname = \"Quiet Wire\"\nurl = \"{}\"\n",
            fixture().display()
        ),
    )
    .expect("write the config");
    let mut command = Command::new(env!("CARGO_BIN_EXE_ainews-tui"));
    command
        .arg("--config")
        .arg(&config)
        .arg("--data-dir")
        .arg(data)
        .arg("refresh")
        .env("HOME", dir)
        .env_remove("AINEWS_CONFIG")
        .env_remove("AINEWS_DATA_DIR")
        .env_remove("AINEWS_LOG")
        .stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    // A local file and no network: the run is short, and `output` returns when it ends.
    command.output().expect("run the binary")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_caught_panic_is_logged_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let output = refresh(
        dir.path(),
        &data,
        &[
            ("AINEWS_DEBUG_ISOLATED_PANIC", "1"),
            ("RUST_BACKTRACE", "1"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(text(&output.stderr), "", "stderr must stay empty");
    assert!(
        text(&output.stdout).ends_with(&format!("{SUMMARY}\n")),
        "{output:?}"
    );
    let log = std::fs::read_to_string(data.join("ainews-tui.log")).expect("the log");
    assert!(
        log.contains("isolated panic: panicked at")
            && log.contains("AINEWS_DEBUG_ISOLATED_PANIC was set"),
        "{log}"
    );
}

#[test]
fn a_full_disk_under_the_log_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // Every write to /dev/full fails with "No space left on device".
    std::os::unix::fs::symlink("/dev/full", data.join("ainews-tui.log")).unwrap();
    let output = refresh(dir.path(), &data, &[("AINEWS_LOG", "debug")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(text(&output.stderr), "", "stderr must stay empty");
    assert!(
        text(&output.stdout).ends_with(&format!("{SUMMARY}\n")),
        "{output:?}"
    );
}
