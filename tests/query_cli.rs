//! `headlines --query QUERY`: the real binary over a cache filled through the store, the
//! query combined with the other flags, and a bad query refused with status 2 and a caret
//! under the culprit.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Stdio};

use ainews_tui::ingest::fetch::Validators;
use ainews_tui::ingest::poller::{FeedOutcome, FeedReport};
use ainews_tui::model::{Article, ArticleId, FeedId, Topic};
use ainews_tui::store::{self, FullText, WriteOp};

const WIRE: &str = "https://wire.example/feed";
const SINA: &str = "https://sina.example/feed";
/// 2027-01-15T08:00:00Z.
const NOW: i64 = 1_800_000_000;

const CONFIG: &str = r#"watchlist = ["DeepSeek", "export controls"]

[[feeds]]
url = "https://wire.example/feed"
name = "Wire"
tags = ["policy"]

[[feeds]]
url = "https://sina.example/feed"
name = "Sina Tech"
tags = ["china", "zh"]
"#;

struct Item {
    guid: &'static str,
    title: &'static str,
    body: &'static str,
    hours_ago: i64,
    topic: Topic,
}

fn article(feed: &str, item: &Item) -> Article {
    let published = NOW - item.hours_ago * 3_600;
    Article {
        id: id(feed, item.guid),
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

fn id(feed: &str, guid: &str) -> ArticleId {
    ArticleId::derive(feed, Some(guid), None, "", None)
}

fn feed_result(feed: &str, items: &[Item]) -> WriteOp {
    WriteOp::FeedResult {
        feed_url: feed.to_owned(),
        report: FeedReport {
            outcome: FeedOutcome::Updated {
                articles: items.iter().map(|item| article(feed, item)).collect(),
            },
            at: NOW,
            next_refresh: NOW + 1800,
            feed_title: None,
            validators: Validators::default(),
            moved_to: None,
            parse_note: Default::default(),
            prepared: Default::default(),
        },
    }
}

/// The config above and a cache of four articles: two from each feed, one starred, one
/// read, one with its full text stored.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let store = store::open(&dir.path().join("data")).unwrap().store;
    let wire = [
        Item {
            guid: "w1",
            title: "Nvidia H20 sales halted by export controls",
            body: "<p>Commerce tightens the rules.</p>",
            hours_ago: 1,
            topic: Topic::Both,
        },
        Item {
            guid: "w2",
            title: "OpenAI trains on Azure",
            body: "<p>Artificial intelligence at scale.</p>",
            hours_ago: 48,
            topic: Topic::Us,
        },
    ];
    let sina = [
        Item {
            guid: "s1",
            title: "華為發布新晶片",
            body: "<p>昇腾芯片量产。</p>",
            hours_ago: 240,
            topic: Topic::China,
        },
        Item {
            guid: "s2",
            title: "DeepSeek R2 tops the charts",
            body: "<p>Trained on Huawei Ascend parts.</p>",
            hours_ago: 0,
            topic: Topic::China,
        },
    ];
    let ops = [
        feed_result(WIRE, &wire),
        feed_result(SINA, &sina),
        WriteOp::SetStarred {
            ids: vec![id(WIRE, "w2")],
            starred: true,
        },
        WriteOp::SetRead {
            ids: vec![id(SINA, "s2")],
            read: true,
        },
        WriteOp::SaveFullText {
            id: id(SINA, "s1"),
            full_text: FullText {
                outcome: Ok("华为今天发布了新的芯片。".to_owned()),
                fetched_at: NOW,
            },
        },
    ];
    for op in ops {
        store.write(op).unwrap();
    }
    store.flush().unwrap();
    dir
}

fn headlines(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("headlines")
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

/// The text output of these articles (by guid), as `headlines` prints them in UTC.
fn listed(guids: &[&str]) -> String {
    guids
        .iter()
        .map(|guid| {
            let (when, badge, feed, title) = match *guid {
                "w1" => (
                    "2027-01-15 07:00",
                    "H2H",
                    "Wire",
                    "Nvidia H20 sales halted by export controls",
                ),
                "w2" => ("2027-01-13 08:00", "US ", "Wire", "OpenAI trains on Azure"),
                "s1" => ("2027-01-05 08:00", "CN ", "Sina Tech", "華為發布新晶片"),
                "s2" => (
                    "2027-01-15 08:00",
                    "CN ",
                    "Sina Tech",
                    "DeepSeek R2 tops the charts",
                ),
                other => panic!("no article {other}"),
            };
            format!(
                "{when}  {badge}  {feed:<16}  {title}\n{:41}https://news.example/{guid}\n",
                ""
            )
        })
        .collect()
}

/// Runs `headlines` with these arguments and asserts it succeeds listing these articles.
fn assert_lists(dir: &Path, args: &[&str], guids: &[&str]) {
    let (status, stdout, stderr) = headlines(dir, args);
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (Some(0), listed(guids).as_str(), ""),
        "{args:?}"
    );
}

#[test]
fn the_listing_helper_matches_the_real_output() {
    let dir = sandbox();
    let (_, stdout, _) = headlines(dir.path(), &[]);
    assert_eq!(
        stdout,
        "2027-01-15 08:00  CN   Sina Tech         DeepSeek R2 tops the charts\n\
         \x20                                        https://news.example/s2\n\
         2027-01-15 07:00  H2H  Wire              Nvidia H20 sales halted by export controls\n\
         \x20                                        https://news.example/w1\n\
         2027-01-13 08:00  US   Wire              OpenAI trains on Azure\n\
         \x20                                        https://news.example/w2\n\
         2027-01-05 08:00  CN   Sina Tech         華為發布新晶片\n\
         \x20                                        https://news.example/s1\n"
    );
    assert_eq!(stdout, listed(&["s2", "w1", "w2", "s1"]));
}

#[test]
fn words_match_titles_sources_and_text_whole_words_and_folded() {
    let dir = sandbox();
    let dir = dir.path();
    assert_lists(
        dir,
        &["--query", "huawei OR 华为 topic:china"],
        &["s2", "s1"],
    );
    assert_lists(dir, &["--query", "芯片"], &["s1"]);
    assert_lists(dir, &["--query", "\"export controls\""], &["w1"]);
    assert_lists(dir, &["--query", "wire"], &["w1", "w2"]);
    assert_lists(dir, &["--query", "intelligence"], &["w2"]);
    let (status, stdout, stderr) = headlines(dir, &["--query", "intel"]);
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (Some(0), "", "no cached articles match these filters\n"),
        "intel is not inside intelligence"
    );
}

#[test]
fn every_field_filters_the_cache() {
    let dir = sandbox();
    let dir = dir.path();
    let cases: &[(&str, &[&str])] = &[
        ("topic:china", &["s2", "s1"]),
        ("topic:both OR topic:us", &["w1", "w2"]),
        ("source:sina", &["s2", "s1"]),
        ("source:\"sina tech\" -is:read", &["s1"]),
        ("tag:policy", &["w1", "w2"]),
        ("tag:zh is:unread", &["s1"]),
        ("watch:any", &["s2", "w1"]),
        ("watch:\"Export Controls\"", &["w1"]),
        ("is:starred", &["w2"]),
        ("is:read", &["s2"]),
        ("has:fulltext", &["s1"]),
        ("-has:fulltext -tag:policy", &["s2"]),
        ("since:2027-01-14", &["s2", "w1"]),
        ("before:2027-01-14", &["w2", "s1"]),
        (
            "since:2027-01-15T07:30:00Z OR before:2027-01-06",
            &["s2", "s1"],
        ),
    ];
    for (query, guids) in cases {
        assert_lists(dir, &["--query", query], guids);
    }
}

#[test]
fn the_query_combines_with_the_other_flags_and_the_limit_counts_its_matches() {
    let dir = sandbox();
    let dir = dir.path();
    assert_lists(dir, &["--query", "topic:china", "--unread"], &["s1"]);
    assert_lists(dir, &["--query", "tag:policy", "--starred"], &["w2"]);
    assert_lists(dir, &["--query", "tag:policy", "--topic", "us"], &["w2"]);
    assert_lists(dir, &["--query", "-wire", "--limit", "1"], &["s2"]);
    assert_lists(dir, &["--query", "tag:zh", "--limit", "5"], &["s2", "s1"]);
    assert_lists(dir, &["--query", "", "--search", "azure"], &["w2"]);
    let (status, stdout, _) = headlines(
        dir,
        &["--query", "watch:deepseek", "--json", "--limit", "1"],
    );
    assert_eq!(status, Some(0));
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["title"], "DeepSeek R2 tops the charts");
    assert_eq!(lines[0]["feed"], "Sina Tech");
}

#[test]
fn a_bad_query_exits_2_with_a_caret_under_the_culprit() {
    let dir = sandbox();
    let cases: &[(&str, &str)] = &[
        (
            "topci:china",
            "error: invalid value for '--query <QUERY>':\n  topci:china\n  ^^^^^\n  \
             column 1: unknown field `topci:` (did you mean `topic:`?); fields are topic, \
             source, tag, watch, is, since, before, has; to search for the text itself, put \
             it in quotes\n",
        ),
        (
            "nvidia topic:chna",
            "error: invalid value for '--query <QUERY>':\n  nvidia topic:chna\n  \
             \x20            ^^^^\n  column 14: unknown topic `chna` (did you mean \
             `china`?); use one of us, china, both, other\n",
        ),
        (
            "tag:polcy",
            "error: invalid value for '--query <QUERY>':\n  tag:polcy\n      ^^^^^\n  \
             column 5: unknown tag `polcy` (did you mean `policy`?); use a tag of a feed: \
             china, policy, zh\n",
        ),
        (
            "华为 (ascend OR",
            "error: invalid value for '--query <QUERY>':\n  华为 (ascend OR\n  \
             \x20            ^^\n  column 12: `OR` needs a term after it, as in `nvidia OR \
             huawei`\n",
        ),
        (
            "\"export controls",
            "error: invalid value for '--query <QUERY>':\n  \"export controls\n  ^\n  \
             column 1: this quote is never closed: add a `\"` after the phrase\n",
        ),
    ];
    for (query, message) in cases {
        let (status, stdout, stderr) = headlines(dir.path(), &["--query", query]);
        assert_eq!(
            (status, stdout.as_str(), stderr.as_str()),
            (Some(2), "", *message),
            "{query}"
        );
    }
}
