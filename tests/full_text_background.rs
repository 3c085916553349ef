//! `full_text = true` end to end, against feeds and pages served on 127.0.0.1 (so the
//! address policy allows the pages): `refresh` stores the pages of new articles, fetches
//! none for other feeds, never fetches a page twice (a stored failure counts), and keeps
//! to the newest ten of a feed's first fetch; the background fetcher itself keeps to its
//! two pages at a time and to the per-host limit it shares, and stops when told.

// Test code: a broken fixture or server should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ainews_tui::article::background::{
    BackgroundFetcher, Batch, MAX_PAGES_PER_FETCH, PAGE_CONCURRENCY,
};
use ainews_tui::feed_report::{FeedOutcome, FeedReport};
use ainews_tui::ingest::hosts::HostLimits;
use ainews_tui::model::{Article, ArticleId, DecidedBy, FeedId, Topic};
use ainews_tui::store::{self, Store, WriteOp};
use common::{Route, TestServer, fixture, within};

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new(config: &str) -> Sandbox {
        let sandbox = Sandbox {
            dir: tempfile::tempdir().unwrap(),
        };
        let text = format!("[storage]\nmax_age = \"100000d\"\n\n{config}");
        std::fs::write(sandbox.dir.path().join("config.toml"), text).unwrap();
        sandbox
    }

    fn run(&self, args: &[&str]) -> Output {
        let home = self.dir.path().join("home");
        Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env_remove("AINEWS_CONFIG")
            .env_remove("AINEWS_DATA_DIR")
            .stdin(Stdio::null())
            .output()
            .expect("run the binary")
    }

    /// Runs `refresh` and returns its last line, the summary.
    fn refresh(&self) -> String {
        let output = self.run(&["refresh"]);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout.lines().last().unwrap_or_default().to_owned()
    }

    /// `article ID --json` of the article titled `title`.
    fn article(&self, title: &str) -> serde_json::Value {
        let listed = self.run(&["headlines", "--json"]);
        let id = String::from_utf8_lossy(&listed.stdout)
            .lines()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
            .find(|headline| headline["title"] == title)
            .unwrap_or_else(|| panic!("no headline {title:?}"))["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let shown = self.run(&["article", &id, "--json"]);
        assert!(shown.status.success());
        serde_json::from_str(String::from_utf8_lossy(&shown.stdout).trim()).unwrap()
    }
}

/// An RSS document whose items are (guid, title, link, day of November 2026).
fn rss(items: &[(String, String, String, u32)]) -> String {
    let items: String = items
        .iter()
        .map(|(guid, title, link, day)| {
            format!(
                "<item><guid>{guid}</guid><title>{title}</title><link>{link}</link>\
                 <pubDate>{} {day:02} Nov 2026 09:00:00 GMT</pubDate>\
                 <description>&lt;p&gt;A teaser.&lt;/p&gt;</description></item>",
                weekday(*day)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Local wire</title>\
         <link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>\n"
    )
}

/// The weekday of a day of November 2026 (the 1st was a Sunday).
fn weekday(day: u32) -> &'static str {
    ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][((day - 1) % 7) as usize]
}

fn item(server: &TestServer, n: u32, path: &str) -> (String, String, String, u32) {
    (format!("g{n}"), format!("Story {n}"), server.url(path), n)
}

fn feed_table(name: &str, url: &str, full_text: bool) -> String {
    format!("[[feeds]]\nname = \"{name}\"\nurl = \"{url}\"\nfull_text = {full_text}\n\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_stores_new_pages_of_full_text_feeds_once() {
    let server = TestServer::start().await;
    server.route(
        "/wire.xml",
        Route::rss(rss(&[
            item(&server, 1, "/story.html"),
            item(&server, 2, "/gone.html"),
        ])),
    );
    server.route(
        "/plain.xml",
        Route::rss(rss(&[item(&server, 3, "/other.html")])),
    );
    server.route(
        "/story.html",
        Route::ok(fixture("article/zh-chips/source.html"), "text/html"),
    );
    server.route("/gone.html", Route::status(404));
    server.route(
        "/other.html",
        Route::ok(fixture("article/zh-models/source.html"), "text/html"),
    );
    let config = feed_table("Wire", &server.url("/wire.xml"), true)
        + &feed_table("Plain", &server.url("/plain.xml"), false);
    let sandbox = Sandbox::new(&config);

    let sandbox = tokio::task::spawn_blocking(move || {
        assert_eq!(
            sandbox.refresh(),
            "2 feeds: 2 ok, 0 unchanged, 0 failed; 3 new articles; full texts: 1 fetched, 1 \
             failed"
        );
        let story = sandbox.article("Story 1");
        let text = story["full_text"].as_str().unwrap();
        assert!(text.contains("据介绍，新款芯片采用先进封装工艺"), "{text}");
        assert_eq!(story["full_text_error"], serde_json::Value::Null);
        let gone = sandbox.article("Story 2");
        assert_eq!(gone["full_text"], serde_json::Value::Null);
        assert_eq!(
            gone["full_text_error"],
            "the page could not be fetched: HTTP 404 Not Found"
        );
        let plain = sandbox.article("Story 3");
        assert_eq!(plain["full_text"], serde_json::Value::Null);

        assert_eq!(
            sandbox.refresh(),
            "2 feeds: 2 ok, 0 unchanged, 0 failed; 0 new articles; full texts: 0 fetched, 0 \
             failed"
        );
        sandbox
    })
    .await
    .unwrap();
    assert_eq!(server.requests_to("/story.html").len(), 1, "fetched once");
    assert_eq!(
        server.requests_to("/gone.html").len(),
        1,
        "a failure is stored, not retried"
    );
    assert_eq!(
        server.requests_to("/other.html").len(),
        0,
        "not a full_text feed"
    );
    assert_eq!(server.requests_to("/wire.xml").len(), 2);
    drop(sandbox);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_fetch_gets_the_newest_ten_pages_and_later_ones_only_the_new() {
    let server = TestServer::start().await;
    // Twelve stories, a day apart; their pages are not served (404), which is quick.
    let mut items: Vec<_> = (1..=12)
        .map(|n| item(&server, n, &format!("/p{n}")))
        .collect();
    server.route("/wire.xml", Route::rss(rss(&items)));
    let sandbox = Sandbox::new(&feed_table("Wire", &server.url("/wire.xml"), true));
    let pages = |server: &TestServer| -> Vec<String> {
        let mut paths: Vec<String> = server
            .requests()
            .into_iter()
            .map(|r| r.path)
            .filter(|p| p.starts_with("/p"))
            .collect();
        paths.sort_by_key(|p| p[2..].parse::<u32>().unwrap());
        paths
    };

    let (sandbox, summary) = tokio::task::spawn_blocking(move || {
        let summary = sandbox.refresh();
        (sandbox, summary)
    })
    .await
    .unwrap();
    assert_eq!(
        summary,
        "1 feed: 1 ok, 0 unchanged, 0 failed; 12 new articles; full texts: 0 fetched, 10 failed"
    );
    assert_eq!(MAX_PAGES_PER_FETCH, 10);
    let newest_ten: Vec<String> = (3..=12).map(|n| format!("/p{n}")).collect();
    assert_eq!(pages(&server), newest_ten);

    items.push(item(&server, 13, "/p13"));
    server.route("/wire.xml", Route::rss(rss(&items)));
    let (sandbox, summary) = tokio::task::spawn_blocking(move || {
        let summary = sandbox.refresh();
        (sandbox, summary)
    })
    .await
    .unwrap();
    assert_eq!(
        summary,
        "1 feed: 1 ok, 0 unchanged, 0 failed; 1 new article; full texts: 0 fetched, 1 failed"
    );
    let mut expected = newest_ten;
    expected.push("/p13".to_owned());
    assert_eq!(
        pages(&server),
        expected,
        "only the new article; the two left out the first time are not fetched later"
    );
    drop(sandbox);
}

// --- the fetcher as the dashboard uses it ------------------------------------------------

fn open_store(dir: &std::path::Path) -> Store {
    store::open(dir).expect("the cache opens").store
}

fn article(n: u64, link: String) -> Article {
    Article {
        id: ArticleId(n),
        feed: FeedId(0),
        guid: Some(format!("g{n}")),
        title: format!("Story {n}"),
        link: Some(link),
        body: "<p>A teaser.</p>".into(),
        published: Some(1_795_000_000 + n as i64),
        first_seen: 1_795_800_000,
        topic: Topic::Other,
        decided_by: DecidedBy::Rules,
        terms: Default::default(),
        read: false,
        starred: false,
        enclosures: Vec::new(),
    }
}

/// A feed with `full_text = true` and one fetch of it that brought `articles`, stored.
fn stored_fetch(
    store: &Store,
    server: &TestServer,
    articles: Vec<Article>,
) -> (ainews_tui::config::FeedConfig, FeedReport) {
    let mut feed = common::feed(&server.url("/feed.xml"));
    feed.full_text = true;
    let report = FeedReport {
        outcome: FeedOutcome::Updated { articles },
        at: 1_795_800_000,
        next_refresh: 1_795_801_800,
        feed_title: None,
        validators: Default::default(),
        moved_to: None,
        parse_note: Box::default(),
        prepared: Default::default(),
    };
    store
        .write(WriteOp::FeedResult {
            feed_url: feed.url.clone(),
            report: report.clone(),
        })
        .unwrap();
    (feed, report)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_go_two_at_a_time_and_each_stored_one_is_told() {
    let server = TestServer::start().await;
    let page = fixture("article/zh-chips/source.html");
    let articles: Vec<Article> = (1..=6)
        .map(|n| {
            let path = format!("/a{n}");
            server.route(
                &path,
                Route::ok(page.clone(), "text/html").delay(Duration::from_millis(100)),
            );
            article(n, server.url(&path))
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let (feed, report) = stored_fetch(&store, &server, articles);

    let mut config = common::fetch_config();
    config.per_host = 8;
    let fetcher = BackgroundFetcher::new(
        &config,
        store.clone(),
        HostLimits::new(config.per_host),
        tokio::runtime::Handle::current(),
    );
    let told = Arc::new(Mutex::new(Vec::new()));
    let heard = Arc::clone(&told);
    fetcher.set_on_stored(Box::new(move |id, full_text| {
        heard.lock().unwrap().push((id, full_text.outcome.is_ok()));
    }));
    fetcher.start(Batch::of(&feed, &report).unwrap());
    fetcher.start(Batch::of(&feed, &report).unwrap());
    let tally = within(20, fetcher.finish()).await;

    assert_eq!((tally.fetched, tally.failed), (6, 0));
    assert!(tally.not_stored.is_empty());
    assert!(
        server.max_concurrent() <= PAGE_CONCURRENCY,
        "{} pages at once",
        server.max_concurrent()
    );
    for n in 1..=6 {
        assert_eq!(server.requests_to(&format!("/a{n}")).len(), 1, "page {n}");
        let stored = store.load_full_text(ArticleId(n)).unwrap().unwrap();
        assert!(stored.outcome.unwrap().contains("新款芯片"));
    }
    let mut told = told.lock().unwrap().clone();
    told.sort();
    assert_eq!(
        told,
        (1..=6).map(|n| (ArticleId(n), true)).collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_per_host_limit_is_shared_and_shutdown_abandons_the_pages() {
    let server = TestServer::start().await;
    let articles: Vec<Article> = (1..=3)
        .map(|n| {
            let path = format!("/slow{n}");
            server.route(&path, Route::status(404).delay(Duration::from_millis(100)));
            article(n, server.url(&path))
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let (feed, report) = stored_fetch(&store, &server, articles);
    let config = common::fetch_config();

    // One slot for the host, as `per_host = 1` gives feeds and pages alike.
    let hosts = HostLimits::new(1);
    let fetcher = BackgroundFetcher::new(
        &config,
        store.clone(),
        hosts.clone(),
        tokio::runtime::Handle::current(),
    );
    fetcher.start(Batch::of(&feed, &report).unwrap());
    let tally = within(20, fetcher.finish()).await;
    assert_eq!((tally.fetched, tally.failed), (0, 3));
    assert_eq!(server.max_concurrent(), 1);

    // A feed fetch holding the host's only slot keeps the pages waiting; shutdown then
    // ends them without a request.
    let busy = hosts.of_url(&server.url("/feed.xml"));
    let held = busy.acquire().await.unwrap();
    let more: Vec<Article> = (4..=5)
        .map(|n| article(n, server.url(&format!("/slow{n}"))))
        .collect();
    let (feed, report) = stored_fetch(&store, &server, more);
    fetcher.start(Batch::of(&feed, &report).unwrap());
    // Time for the pages to queue on the host (if they have not, they never start).
    tokio::time::sleep(Duration::from_millis(200)).await;
    fetcher.shutdown();
    let tally = within(5, fetcher.finish()).await;
    drop(held);
    assert_eq!(
        (tally.fetched, tally.failed),
        (0, 3),
        "nothing more was fetched"
    );
    assert!(server.requests_to("/slow4").is_empty());
    assert!(server.requests_to("/slow5").is_empty());
    assert_eq!(store.load_full_text(ArticleId(4)).unwrap(), None);
}
