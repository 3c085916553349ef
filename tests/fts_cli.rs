//! `headlines --search TEXT --full-text`: the real binary over a cache filled through the
//! store, in ranked order, with snippets in text and in `--json`.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Stdio};

use ainews_tui::ingest::fetch::Validators;
use ainews_tui::ingest::poller::{FeedOutcome, FeedReport};
use ainews_tui::model::{Article, ArticleId, FeedId, Topic};
use ainews_tui::store::{self, WriteOp};

const FEED: &str = "https://news.example/feed";
const NOW: i64 = 1_800_000_000;

fn article(guid: &str, title: &str, body: &str, published: i64) -> Article {
    Article {
        id: ArticleId::derive(FEED, Some(guid), None, title, Some(published)),
        feed: FeedId(0),
        guid: Some(guid.to_owned()),
        title: title.to_owned(),
        link: Some(format!("https://news.example/{guid}")),
        body: body.to_owned(),
        published: Some(published),
        first_seen: published,
        topic: Topic::China,
        decided_by: ainews_tui::model::DecidedBy::Rules,
        terms: Default::default(),
        read: false,
        starred: false,
        enclosures: Vec::new(),
    }
}

/// A config naming the feed, and a cache holding three articles.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!("[[feeds]]\nurl = \"{FEED}\"\nname = \"News\"\n"),
    )
    .unwrap();
    let store = store::open(&dir.path().join("data")).unwrap().store;
    store
        .write(WriteOp::FeedResult {
            feed_url: FEED.to_owned(),
            report: FeedReport {
                outcome: FeedOutcome::Updated {
                    articles: vec![
                        article(
                            "1",
                            "Chip makers report",
                            "<p>Orders for 华为 Ascend parts doubled.</p>",
                            NOW,
                        ),
                        article(
                            "2",
                            "华为 unveils Ascend 920",
                            "<p>Details.</p>",
                            NOW - 86_400,
                        ),
                        article("3", "Samsung lifts output", "<p>HBM4.</p>", NOW),
                    ],
                },
                at: NOW,
                next_refresh: NOW + 1800,
                feed_title: None,
                validators: Validators::default(),
                moved_to: None,
                parse_note: Default::default(),
                prepared: Default::default(),
            },
        })
        .unwrap();
    store.flush().unwrap();
    dir
}

fn headlines(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    run(Command::new(env!("CARGO_BIN_EXE_ainews-tui")), dir, args)
}

fn run(mut command: Command, dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = command
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

#[test]
fn full_text_results_are_ranked_with_a_snippet_under_each() {
    let dir = sandbox();
    let (status, stdout, stderr) =
        headlines(dir.path(), &["--search", "华为 ascend", "--full-text"]);
    assert_eq!(status, Some(0), "{stderr}");
    let lines: Vec<&str> = stdout.lines().map(str::trim).collect();
    // The title match ranks first although it is older; the body match follows.
    assert_eq!(lines.len(), 6, "{stdout}");
    assert!(
        lines[0].ends_with("News              华为 unveils Ascend 920"),
        "{stdout}"
    );
    assert_eq!(lines[1], "https://news.example/2");
    assert_eq!(lines[2], "«华为» unveils «Ascend» 920");
    assert!(
        lines[3].ends_with("News              Chip makers report"),
        "{stdout}"
    );
    assert_eq!(lines[4], "https://news.example/1");
    assert_eq!(lines[5], "Orders for «华为» «Ascend» parts doubled.");
}

#[test]
fn json_output_gains_a_snippet_field() {
    let dir = sandbox();
    let (status, stdout, stderr) = headlines(
        dir.path(),
        &["--search", "\"ascend parts", "--full-text", "--json"],
    );
    assert_eq!(status, Some(0), "{stderr}");
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{stdout}");
    assert_eq!(rows[0]["title"], "Chip makers report");
    assert_eq!(
        rows[0]["snippet"],
        "Orders for 华为 «Ascend parts» doubled."
    );
    // Title search keeps its output as it was: no snippet field.
    let (_, plain, _) = headlines(dir.path(), &["--search", "Chip", "--json"]);
    let row: serde_json::Value = serde_json::from_str(plain.lines().next().unwrap()).unwrap();
    assert!(row.get("snippet").is_none(), "{plain}");
}

#[test]
fn a_hostile_query_finds_nothing_without_an_error() {
    let dir = sandbox();
    for hostile in ["NEAR(", "\"", "*", "-", ":", "^"] {
        let (status, stdout, stderr) = headlines(dir.path(), &["--search", hostile, "--full-text"]);
        assert_eq!(status, Some(0), "{hostile:?}: {stderr}");
        assert_eq!(stdout, "", "{hostile:?}");
        assert_eq!(
            stderr.trim(),
            "no cached articles match these filters",
            "{hostile:?}"
        );
    }
}

#[test]
fn full_text_needs_a_search() {
    let dir = sandbox();
    let (status, _, stderr) = headlines(dir.path(), &["--full-text"]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains("--search"), "{stderr}");
}

/// The uid and gid of `nobody`: root ignores file permissions, so a test run as root runs
/// the binary as nobody to meet a read-only data directory.
const NOBODY: u32 = 65_534;

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn results_say_they_are_partial_while_the_index_catches_up() {
    use std::os::unix::process::CommandExt;
    let dir = sandbox();
    let data = dir.path().join("data");
    // One article waits to be indexed, as after a migration; the cache is read-only, so
    // nobody indexes it during the run.
    {
        let conn = rusqlite::Connection::open(data.join(store::DB_FILE)).unwrap();
        conn.execute_batch(
            "DELETE FROM article_search WHERE rowid = (SELECT min(doc) FROM article_search_docs);
             INSERT INTO article_search_backlog
                 SELECT id FROM article_search_docs WHERE doc = (SELECT min(doc) FROM article_search_docs);
             DELETE FROM article_search_docs WHERE doc = (SELECT min(doc) FROM article_search_docs);",
        )
        .unwrap();
    }
    for entry in std::fs::read_dir(&data).unwrap() {
        chmod(&entry.unwrap().path(), 0o444);
    }
    chmod(&data, 0o555);
    let mut command = Command::new(env!("CARGO_BIN_EXE_ainews-tui"));
    if is_root() {
        chmod(dir.path(), 0o755);
        command.uid(NOBODY).gid(NOBODY);
    }
    let (status, stdout, stderr) = run(
        command,
        dir.path(),
        &["--search", "华为", "--full-text", "--json"],
    );
    chmod(&data, 0o755);
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "ainews-tui: partial results: the search index is still catching up (0/1 articles \
         indexed); the cache is read-only, so it is indexed once ainews-tui can write it\n"
    );
    // JSON output is as it always is; the article still waiting is not found yet.
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{stdout}");
    assert_eq!(rows[0]["title"], "华为 unveils Ascend 920");
    assert_eq!(rows[0]["snippet"], "«华为» unveils Ascend 920");
}
