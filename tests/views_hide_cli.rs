//! `headlines --view`, the config's `[[hide]]` rules and `--include-hidden`, and the hide
//! rules in `brief` and `topics eval --corrections`: the real binary over a cache filled
//! through the store.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Stdio};

use ainews_tui::ingest::fetch::Validators;
use ainews_tui::ingest::poller::{FeedOutcome, FeedReport};
use ainews_tui::model::{Article, ArticleId, FeedId, Topic};
use ainews_tui::store::{self, WriteOp};

const WIRE: &str = "https://wire.example/feed";
const SINA: &str = "https://sina.example/feed";
const TABLOID: &str = "https://tabloid.example/feed";
/// 2027-01-15T08:00:00Z.
const NOW: i64 = 1_800_000_000;

const FEEDS: &str = r#"watchlist = ["DeepSeek", "export controls"]

[[feeds]]
url = "https://wire.example/feed"
name = "Wire"
tags = ["policy"]

[[feeds]]
url = "https://sina.example/feed"
name = "Sina Tech"
tags = ["china"]

[[feeds]]
url = "https://tabloid.example/feed"
name = "Tabloid"
"#;

/// Three views and two hide rules: one on the source, one on a word of the text (so the
/// bodies are read).
const VIEWS_AND_HIDE: &str = r#"
[[views]]
name = "Chips & controls"
query = "\"export controls\" OR 芯片 OR nvidia"

[[views]]
name = "Chinese labs"
query = "deepseek OR qwen"

[[views]]
name = "Policy"
query = "tag:policy"

[[hide]]
query = "source:tabloid"

[[hide]]
query = "sponsored"
"#;

struct Item {
    feed: &'static str,
    guid: &'static str,
    title: &'static str,
    body: &'static str,
    hours_ago: i64,
    topic: Topic,
}

/// Five articles; `t1` (the tabloid) and `w2` (sponsored, said only in its text) are hidden
/// by the rules above; `s2` is read.
const ITEMS: &[Item] = &[
    Item {
        feed: WIRE,
        guid: "w1",
        title: "Nvidia H20 sales halted by export controls",
        body: "<p>Commerce tightens the rules.</p>",
        hours_ago: 1,
        topic: Topic::Both,
    },
    Item {
        feed: WIRE,
        guid: "w2",
        title: "OpenAI trains on Azure",
        body: "<p>Sponsored content: artificial intelligence at scale.</p>",
        hours_ago: 48,
        topic: Topic::Us,
    },
    Item {
        feed: SINA,
        guid: "s1",
        title: "華為發布新晶片",
        body: "<p>昇腾芯片量产。</p>",
        hours_ago: 240,
        topic: Topic::China,
    },
    Item {
        feed: SINA,
        guid: "s2",
        title: "DeepSeek R2 tops the charts",
        body: "<p>Trained on Huawei Ascend parts.</p>",
        hours_ago: 0,
        topic: Topic::China,
    },
    Item {
        feed: TABLOID,
        guid: "t1",
        title: "Nvidia secretly sells chips to DeepSeek",
        body: "<p>Sources say.</p>",
        hours_ago: 2,
        topic: Topic::Both,
    },
];

fn id(feed: &str, guid: &str) -> ArticleId {
    ArticleId::derive(feed, Some(guid), None, "", None)
}

fn article(item: &Item, now: i64) -> Article {
    let published = now - item.hours_ago * 3_600;
    Article {
        id: id(item.feed, item.guid),
        feed: FeedId(0),
        guid: Some(item.guid.to_owned()),
        title: item.title.to_owned(),
        link: Some(format!("https://news.example/{}", item.guid)),
        body: item.body.to_owned(),
        published: Some(published),
        first_seen: published,
        topic: item.topic,
        decided_by: ainews_tui::model::DecidedBy::Rules,
        terms: Default::default(),
        read: false,
        starred: false,
        enclosures: Vec::new(),
    }
}

/// A config (the feeds and `extra`) and a cache of [`ITEMS`], published relative to `now`.
fn sandbox(extra: &str, now: i64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), format!("{FEEDS}{extra}")).unwrap();
    let store = store::open(&dir.path().join("data")).unwrap().store;
    for feed in [WIRE, SINA, TABLOID] {
        let articles = ITEMS
            .iter()
            .filter(|item| item.feed == feed)
            .map(|item| article(item, now))
            .collect();
        store
            .write(WriteOp::FeedResult {
                feed_url: feed.to_owned(),
                report: FeedReport {
                    outcome: FeedOutcome::Updated { articles },
                    at: now,
                    next_refresh: now + 1800,
                    feed_title: None,
                    validators: Validators::default(),
                    moved_to: None,
                    parse_note: Default::default(),
                    prepared: Default::default(),
                },
            })
            .unwrap();
    }
    store
        .write(WriteOp::SetRead {
            ids: vec![id(SINA, "s2")],
            read: true,
        })
        .unwrap();
    store.flush().unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(args)
        .env("HOME", dir.join("home"))
        .env("TZ", "UTC")
        .env_remove("AINEWS_CONFIG")
        .env_remove("AINEWS_DATA_DIR")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn headlines(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["headlines"];
    all.extend_from_slice(args);
    run(dir, &all)
}

/// The text output of these articles (by guid; a trailing `!` marks one hidden).
fn listed(guids: &[&str]) -> String {
    guids
        .iter()
        .map(|guid| {
            let (guid, mark) = match guid.strip_suffix('!') {
                Some(guid) => (guid, " (hidden)"),
                None => (*guid, ""),
            };
            let (when, badge, feed) = match guid {
                "w1" => ("2027-01-15 07:00", "H2H", "Wire"),
                "w2" => ("2027-01-13 08:00", "US ", "Wire"),
                "s1" => ("2027-01-05 08:00", "CN ", "Sina Tech"),
                "s2" => ("2027-01-15 08:00", "CN ", "Sina Tech"),
                "t1" => ("2027-01-15 06:00", "H2H", "Tabloid"),
                other => panic!("no article {other}"),
            };
            let title = ITEMS.iter().find(|item| item.guid == guid).unwrap().title;
            format!(
                "{when}  {badge}  {feed:<16}  {title}{mark}\n{:41}https://news.example/{guid}\n",
                ""
            )
        })
        .collect()
}

fn assert_lists(dir: &Path, args: &[&str], guids: &[&str]) {
    let (status, stdout, stderr) = headlines(dir, args);
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (Some(0), listed(guids).as_str(), ""),
        "{args:?}"
    );
}

/// Each `--json` line's guid (from its link) and `hidden` flag.
fn json_hidden(dir: &Path, args: &[&str]) -> Vec<(String, bool)> {
    let (status, stdout, stderr) = headlines(dir, args);
    assert_eq!((status, stderr.as_str()), (Some(0), ""), "{args:?}");
    stdout
        .lines()
        .map(|line| {
            let json: serde_json::Value = serde_json::from_str(line).unwrap();
            let link = json["link"].as_str().unwrap();
            let guid = link.rsplit('/').next().unwrap().to_owned();
            (guid, json["hidden"].as_bool().unwrap())
        })
        .collect()
}

fn pairs(expected: &[(&str, bool)]) -> Vec<(String, bool)> {
    expected
        .iter()
        .map(|(guid, hidden)| ((*guid).to_owned(), *hidden))
        .collect()
}

#[test]
fn the_listing_helper_matches_the_real_output() {
    let dir = sandbox("", NOW);
    let (_, stdout, _) = headlines(dir.path(), &["--limit", "1"]);
    assert_eq!(
        stdout,
        "2027-01-15 08:00  CN   Sina Tech         DeepSeek R2 tops the charts\n\
         \x20                                        https://news.example/s2\n"
    );
    assert_eq!(stdout, listed(&["s2"]));
    assert_lists(dir.path(), &[], &["s2", "w1", "t1", "w2", "s1"]);
}

#[test]
fn hidden_articles_are_not_listed_nor_counted_by_the_limit() {
    let dir = sandbox(VIEWS_AND_HIDE, NOW);
    let dir = dir.path();
    assert_lists(dir, &[], &["s2", "w1", "s1"]);
    assert_lists(dir, &["--limit", "2"], &["s2", "w1"]);
    assert_lists(dir, &["--topic", "both"], &["w1"]);
    assert_lists(dir, &["--search", "nvidia"], &["w1"]);
    assert_lists(dir, &["--query", "nvidia"], &["w1"]);
    let (status, stdout, stderr) = headlines(dir, &["--topic", "us"]);
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (
            Some(0),
            "",
            "no cached articles match these filters (1 hidden by the config's [[hide]] rules: \
             --include-hidden lists them)\n"
        )
    );
}

#[test]
fn include_hidden_lists_them_marked_and_flagged_in_json() {
    let dir = sandbox(VIEWS_AND_HIDE, NOW);
    let dir = dir.path();
    assert_lists(
        dir,
        &["--include-hidden"],
        &["s2", "w1", "t1!", "w2!", "s1"],
    );
    assert_lists(
        dir,
        &["--include-hidden", "--limit", "3"],
        &["s2", "w1", "t1!"],
    );
    assert_lists(dir, &["--include-hidden", "--topic", "us"], &["w2!"]);
    assert_eq!(
        json_hidden(dir, &["--include-hidden", "--json"]),
        pairs(&[
            ("s2", false),
            ("w1", false),
            ("t1", true),
            ("w2", true),
            ("s1", false)
        ])
    );
    // Without the flag the field is there too, and always false.
    assert_eq!(
        json_hidden(dir, &["--json"]),
        pairs(&[("s2", false), ("w1", false), ("s1", false)])
    );
}

#[test]
fn a_view_is_found_by_name_in_any_case_and_combines_with_the_flags() {
    let dir = sandbox(VIEWS_AND_HIDE, NOW);
    let dir = dir.path();
    assert_lists(dir, &["--view", "chips & CONTROLS"], &["w1", "s1"]);
    assert_lists(dir, &["--view", "Chinese labs"], &["s2"]);
    assert_lists(dir, &["--view", "policy"], &["w1"]);
    assert_lists(
        dir,
        &["--view", "chips & controls", "--query", "topic:china"],
        &["s1"],
    );
    assert_lists(
        dir,
        &["--view", "chips & controls", "--topic", "both"],
        &["w1"],
    );
    assert_lists(
        dir,
        &["--view", "chips & controls", "--limit", "1"],
        &["w1"],
    );
    assert_lists(
        dir,
        &["--view", "chips & controls", "--since", "2027-01-10"],
        &["w1"],
    );
    assert_lists(
        dir,
        &["--view", "chinese labs", "--search", "charts"],
        &["s2"],
    );
    // Hide rules apply within a view; --include-hidden brings them back.
    assert_lists(
        dir,
        &["--view", "chips & controls", "--include-hidden"],
        &["w1", "t1!", "s1"],
    );
    assert_lists(
        dir,
        &["--view", "policy", "--include-hidden", "--limit", "2"],
        &["w1", "w2!"],
    );
    assert_eq!(
        json_hidden(
            dir,
            &["--view", "chinese labs", "--include-hidden", "--json"]
        ),
        pairs(&[("s2", false), ("t1", true)])
    );
    let (status, stdout, stderr) = headlines(dir, &["--view", "chinese labs", "--unread"]);
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (
            Some(0),
            "",
            "no cached articles match these filters (1 hidden by the config's [[hide]] rules: \
             --include-hidden lists them)\n"
        )
    );
}

#[test]
fn an_unknown_view_exits_2_naming_the_views() {
    let dir = sandbox(VIEWS_AND_HIDE, NOW);
    let cases: &[(&str, &str)] = &[
        (
            "chinese lab",
            "error: no view named \"chinese lab\" (did you mean \"Chinese labs\"?); the \
             config's views are \"Chips & controls\", \"Chinese labs\", \"Policy\"\n",
        ),
        (
            "sports",
            "error: no view named \"sports\"; the config's views are \"Chips & controls\", \
             \"Chinese labs\", \"Policy\"\n",
        ),
    ];
    for (name, message) in cases {
        let (status, stdout, stderr) = headlines(dir.path(), &["--view", name]);
        assert_eq!(
            (status, stdout.as_str(), stderr.as_str()),
            (Some(2), "", *message),
            "{name}"
        );
    }
    let bare = sandbox("", NOW);
    let (status, stdout, stderr) = headlines(bare.path(), &["--view", "chips"]);
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (
            Some(2),
            "",
            "error: no view named \"chips\": the config has no [[views]]; add one like\n  \
             [[views]]\n  name = \"Chips\"\n  query = \"nvidia OR huawei OR 芯片\"\n"
        )
    );
}

#[test]
fn brief_leaves_hidden_articles_out_of_its_stories_and_counts() {
    let now = ainews_tui::time::now();
    let dir = sandbox(VIEWS_AND_HIDE, now);
    let (status, stdout, stderr) = run(dir.path(), &["brief", "--since", "30d"]);
    assert_eq!((status, stderr.as_str()), (Some(0), ""));
    let mut lines: Vec<&str> = stdout.lines().collect();
    // The "As of" line names the present minute.
    assert!(lines[2].starts_with("As of "), "{stdout}");
    lines.remove(2);
    assert_eq!(
        lines.join("\n"),
        "# AI race brief — last 30 d, 3 stories from 3 articles\n\
         \n\
         \n\
         ## China\n\
         \n\
         - **DeepSeek R2 tops the charts** — sina.example · just now\n\
         \x20 <https://news.example/s2>\n\
         - **華為發布新晶片** — sina.example · 10d ago\n\
         \x20 <https://news.example/s1>\n\
         \n\
         ## Head-to-head\n\
         \n\
         - **Nvidia H20 sales halted by export controls** — wire.example · 1h ago\n\
         \x20 <https://news.example/w1>"
    );
    // Without the rules the same cache tells all five.
    std::fs::write(dir.path().join("config.toml"), FEEDS).unwrap();
    let (_, all, _) = run(dir.path(), &["brief", "--since", "30d"]);
    assert!(
        all.starts_with("# AI race brief — last 30 d, 5 stories from 5 articles\n"),
        "{all}"
    );
}

#[test]
fn topics_eval_corrections_leaves_hidden_articles_out() {
    let dir = sandbox(VIEWS_AND_HIDE, NOW);
    let store = store::open(&dir.path().join("data")).unwrap().store;
    for (feed, guid) in [(TABLOID, "t1"), (WIRE, "w1")] {
        store
            .write(WriteOp::SetTopic {
                id: id(feed, guid),
                topic: Some(Topic::Other),
            })
            .unwrap();
    }
    store.flush().unwrap();
    drop(store);
    let (status, stdout, stderr) = run(dir.path(), &["topics", "eval", "--corrections"]);
    assert_eq!((status, stderr.as_str()), (Some(0), ""));
    assert_eq!(
        stdout.lines().nth(1),
        Some("1 items, 0 correct: accuracy 0.0%, macro-F1 0.000"),
        "{stdout}"
    );
    assert!(stdout.contains("Nvidia H20 sales halted"), "{stdout}");
    assert!(!stdout.contains("Nvidia secretly"), "{stdout}");
}
