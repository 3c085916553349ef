//! Where the log goes: the state directory by default (on Linux
//! `$XDG_STATE_HOME/ainews-tui/`), `--log-file PATH` when given, and beside an explicit
//! `--data-dir`.

use std::path::Path;
use std::process::{Command, Stdio};

fn refresh(home: &Path, extra: &[&str]) -> std::process::Output {
    let feed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds/rss2.xml");
    let config = home.join("config.toml");
    std::fs::write(
        &config,
        format!("[[feeds]]\nurl = {:?}\n", feed.display().to_string()),
    )
    .expect("config written");
    Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
        .arg("--config")
        .arg(&config)
        .arg("refresh")
        .args(extra)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("AINEWS_DATA_DIR")
        .env_remove("AINEWS_LOG_FILE")
        .env_remove("AINEWS_CONFIG")
        .stdin(Stdio::null())
        .output()
        .expect("run the binary")
}

#[test]
fn the_log_goes_to_the_state_directory_unless_told_otherwise() {
    let home = tempfile::tempdir().expect("a temp dir");
    let out = refresh(home.path(), &[]);
    assert!(out.status.success(), "{out:?}");
    let default = home.path().join("state/ainews-tui/ainews-tui.log");
    assert!(default.exists(), "no log at {}", default.display());
    assert!(!home.path().join("data/ainews-tui/ainews-tui.log").exists());

    let chosen = home.path().join("elsewhere/refresh.log");
    let out = refresh(
        home.path(),
        &["--log-file", chosen.to_str().expect("utf-8")],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(chosen.exists(), "no log at {}", chosen.display());

    let data = home.path().join("apart");
    let out = refresh(home.path(), &["--data-dir", data.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        data.join("ainews-tui.log").exists(),
        "beside an explicit data dir"
    );
}
