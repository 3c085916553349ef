//! Alerts that carry the headline, end to end with `refresh`: nothing on a feed's first
//! fetch; on a later fetch the new articles the watchlist names are one notification, run
//! as `notify_command` with its placeholders (here a command that writes its arguments to
//! a file); `--quiet` raises none. And `refresh --json`, one object per feed and a total.

// Test code: a broken fixture or server should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{Route, TestServer};

fn rss(items: &[(&str, &str)]) -> String {
    let items: String = items
        .iter()
        .enumerate()
        .map(|(i, (title, link))| {
            format!(
                "<item><title>{title}</title><link>{link}</link><guid>g{i}-{title}</guid>\
                 <pubDate>Tue, 01 Dec 2026 0{i}:00:00 GMT</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Local wire</title>\
         {items}</channel></rss>"
    )
}

fn refresh(dir: &Path, extra: &[&str]) -> Output {
    let home = dir.join("home");
    Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("refresh")
        .args(extra)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("AINEWS_CONFIG")
        .stdin(Stdio::null())
        .output()
        .expect("run the binary")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_watchlist_articles_raise_one_alert_with_their_headline() {
    let server = TestServer::start().await;
    server.route(
        "/feed.xml",
        Route::rss(rss(&[(
            "DeepSeek opens an office",
            "https://news.example/1",
        )])),
    );
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("alerts.txt");
    // The test's own notifier: appends each argument it is given on a line of its own.
    let config = format!(
        "watchlist = [\"DeepSeek\", \"H20\"]\n\
         notify_command = [\"sh\", \"-c\", \"printf '%s|' \\\"$@\\\" >> '{}'; echo >> '{}'\", \
         \"notifier\", \"{{title}}\", \"{{source}}\", \"{{link}}\", \"{{topic}}\", \"{{view}}\"]\n\
         [storage]\nmax_age = \"100000d\"\n\n[[feeds]]\nurl = \"{}\"\nname = \"Wire\"\n",
        written.display(),
        written.display(),
        server.url("/feed.xml")
    );
    std::fs::write(dir.path().join("config.toml"), config).unwrap();

    let first = refresh(dir.path(), &[]);
    assert!(first.status.success(), "{first:?}");
    assert!(!written.exists(), "nothing for a feed's first fetch");

    server.route(
        "/feed.xml",
        Route::rss(rss(&[
            ("DeepSeek opens an office", "https://news.example/1"),
            (
                "Nvidia H20 sales resume; DeepSeek buys",
                "https://news.example/2",
            ),
            (
                "DeepSeek R3 $(reboot) tops the charts",
                "https://news.example/3",
            ),
            ("Weather is fine", "https://news.example/4"),
        ])),
    );
    let second = refresh(dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(second.status.success(), "{second:?}");
    assert!(
        stdout.contains("alert: 2 new: DeepSeek, H20 · Wire\n"),
        "{stdout}"
    );
    let lines = std::fs::read_to_string(&written).unwrap();
    // One notification for both, named by what matched most, the newest one's link.
    assert_eq!(
        lines,
        "2 new: DeepSeek, H20|Wire|https://news.example/3|China, Head-to-head|DeepSeek, H20|\n"
    );

    server.route(
        "/feed.xml",
        Route::rss(rss(&[("DeepSeek again", "https://news.example/5")])),
    );
    let quiet = refresh(dir.path(), &["--quiet"]);
    assert!(quiet.status.success(), "{quiet:?}");
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("alert:"));
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        lines,
        "--quiet raises none"
    );

    server.route(
        "/feed.xml",
        Route::rss(rss(&[(
            "H20 shipments $(id) resume",
            "https://news.example/6",
        )])),
    );
    let single = refresh(dir.path(), &[]);
    assert!(single.status.success(), "{single:?}");
    let lines = std::fs::read_to_string(&written).unwrap();
    assert!(
        lines.ends_with(
            "\nH20 shipments $(id) resume|Wire|https://news.example/6|Head-to-head|H20|\n"
        ),
        "one alert is its own headline, passed as data: {lines}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notifying_view_raises_alerts_and_a_hide_rule_silences_them() {
    let server = TestServer::start().await;
    server.route(
        "/feed.xml",
        Route::rss(rss(&[("Old news", "https://news.example/0")])),
    );
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("alerts.txt");
    let config = format!(
        "notify_command = [\"sh\", \"-c\", \"printf '%s|' \\\"$@\\\" >> '{}'; echo >> '{}'\", \
         \"notifier\", \"{{title}}\", \"{{view}}\"]\n\
         [storage]\nmax_age = \"100000d\"\n\n[[feeds]]\nurl = \"{}\"\nname = \"Wire\"\n\n\
         [[views]]\nname = \"Chips\"\nquery = \"nvidia OR 芯片\"\nnotify = true\n\n\
         [[views]]\nname = \"Quiet\"\nquery = \"huawei\"\n\n\
         [[hide]]\nquery = \"rumor\"\n",
        written.display(),
        written.display(),
        server.url("/feed.xml")
    );
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    assert!(refresh(dir.path(), &[]).status.success());
    server.route(
        "/feed.xml",
        Route::rss(rss(&[
            ("Old news", "https://news.example/0"),
            ("Nvidia rumor: a new China chip", "https://news.example/1"),
            ("Huawei ships Ascend", "https://news.example/2"),
            ("国产芯片出货", "https://news.example/3"),
        ])),
    );
    let second = refresh(dir.path(), &[]);
    assert!(second.status.success(), "{second:?}");
    // Only the Chinese chip story: the Nvidia one is hidden, the Huawei view is quiet.
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        "国产芯片出货|Chips|\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_json_prints_one_object_per_feed_and_a_total() {
    let server = TestServer::start().await;
    server.route(
        "/feed.xml",
        Route::rss(rss(&[(
            "DeepSeek opens an office",
            "https://news.example/1",
        )])),
    );
    server.route("/gone.xml", Route::status(404));
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[storage]\nmax_age = \"100000d\"\n\n[[feeds]]\nurl = \"{}\"\nname = \"Wire\"\n\n\
         [[feeds]]\nurl = \"{}\"\nname = \"Gone\"\n",
        server.url("/feed.xml"),
        server.url("/gone.xml")
    );
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let output = refresh(dir.path(), &["--json"]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let total = lines.pop().unwrap();
    lines.sort_by_key(|line| line["feed"].as_str().unwrap_or_default().to_string());
    assert_eq!(
        lines,
        vec![
            serde_json::json!({
                "feed": "Gone", "url": server.url("/gone.xml"), "status": "failed",
                "new_articles": 0, "error": "HTTP 404 Not Found", "repaired": null
            }),
            serde_json::json!({
                "feed": "Wire", "url": server.url("/feed.xml"), "status": "updated",
                "new_articles": 1, "error": null, "repaired": null
            }),
        ]
    );
    assert_eq!(
        total,
        serde_json::json!({
            "total": true, "feeds": 2, "updated": 1, "unchanged": 0, "failed": 1,
            "new_articles": 1
        })
    );
}
