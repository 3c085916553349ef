//! `import-newsboat`, run as the real binary on a urls file and a newsboat cache made by
//! the test: feeds, hidden feeds, query feeds, refused lines, the dry run, and read and
//! starred marks on cached articles and on articles fetched afterwards from a loopback
//! server.

// Helpers outside #[test] functions unwrap too: a broken fixture should fail loudly.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{Route, TestServer};
use serde_json::Value;

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with `--config` and `--data-dir` in the sandbox, away from the real home.
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let home = self.path("home");
        let output = Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
            .arg("--config")
            .arg(self.path("config.toml"))
            .arg("--data-dir")
            .arg(self.path("data"))
            .args(args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env_remove("AINEWS_CONFIG")
            .env_remove("AINEWS_DATA_DIR")
            .env_remove("AINEWS_LOG")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    }

    /// (title, read, starred) of every cached article, by title.
    fn marks(&self) -> Vec<(String, bool, bool)> {
        let (status, out, err) = self.run(&["headlines", "--json"]);
        assert_eq!(status, 0, "{err}");
        let mut marks: Vec<(String, bool, bool)> = out
            .lines()
            .map(|line| {
                let v: Value = serde_json::from_str(line).unwrap();
                (
                    v["title"].as_str().unwrap().to_owned(),
                    v["read"].as_bool().unwrap(),
                    v["starred"].as_bool().unwrap(),
                )
            })
            .collect();
        marks.sort();
        marks
    }
}

fn rss(title: &str, guids: &[&str]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://example.com/</link><description>d</description>\n"
    );
    let date = chrono::Utc::now().to_rfc2822();
    for guid in guids {
        xml.push_str(&format!(
            "<item><guid>{guid}</guid><title>{title} {guid}</title>\
             <link>https://example.com/{guid}</link><pubDate>{date}</pubDate></item>\n"
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml
}

/// A newsboat cache with newsboat's own tables; items are (feed, guid, unread, flags).
fn newsboat_cache(path: &Path, items: &[(&str, &str, bool, &str)]) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE rss_feed (rssurl VARCHAR(1024) PRIMARY KEY NOT NULL,
             url VARCHAR(1024) NOT NULL, title VARCHAR(1024) NOT NULL,
             lastmodified INTEGER(11) NOT NULL DEFAULT 0, is_rtl INTEGER(1) NOT NULL DEFAULT 0,
             etag VARCHAR(128) NOT NULL DEFAULT '');
         CREATE TABLE rss_item (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
             guid VARCHAR(64) NOT NULL, title VARCHAR(1024) NOT NULL,
             author VARCHAR(1024) NOT NULL, url VARCHAR(1024) NOT NULL,
             feedurl VARCHAR(1024) NOT NULL, pubDate INTEGER NOT NULL, content VARCHAR(65535) NOT NULL,
             unread INTEGER(1) NOT NULL, enclosure_url VARCHAR(1024),
             enclosure_type VARCHAR(1024), enqueued INTEGER(1) NOT NULL DEFAULT 0,
             flags VARCHAR(52), deleted INTEGER(1) NOT NULL DEFAULT 0,
             base VARCHAR(128) NOT NULL DEFAULT '');",
    )
    .unwrap();
    for (feed, guid, unread, flags) in items {
        conn.execute(
            "INSERT OR IGNORE INTO rss_feed (rssurl, url, title) VALUES (?1, ?1, 'feed')",
            [feed],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread,
                                   flags)
             VALUES (?1, ?1, '', 'https://example.com/' || ?1, ?2, 0, '', ?3, ?4)",
            rusqlite::params![guid, feed, unread, flags],
        )
        .unwrap();
    }
}

const CONFIG_HEAD: &str =
    "# my own config\n[fetch]\ntimeout = \"10s\" # keep\nconnect_timeout = \"5s\"\n";

#[test]
fn a_newsboat_setup_comes_over_with_its_marks() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(TestServer::start());
    server.route("/a.xml", Route::rss(rss("Alpha", &["a1", "a2", "a3"])));
    server.route("/b.xml", Route::rss(rss("Beta", &["b1", "b2"])));
    let (a, b) = (server.url("/a.xml"), server.url("/b.xml"));
    let sandbox = Sandbox {
        dir: tempfile::tempdir().unwrap(),
    };
    let config = format!("{CONFIG_HEAD}\n[[feeds]]\nname = \"Alpha\"\nurl = \"{a}\"\n");
    std::fs::write(sandbox.path("config.toml"), &config).unwrap();
    // Alpha's articles are cached before the import; Beta's arrive after it.
    assert_eq!(sandbox.run(&["refresh"]).0, 0);

    let urls = sandbox.path("urls");
    std::fs::write(
        &urls,
        format!(
            "# my newsboat feeds\n\
             {a} chips \"~Alpha again\"\n\
             \n\
             {b} chips \"AI policy\" \"~Beta Wire\"\n\
             https://hidden.example/feed \"!\" \"~Hidden\" # too noisy\n\
             \"query:Unread chips:tags # \\\"chips\\\" and unread = \\\"yes\\\"\"\n\
             \"query:Policy or Huawei:( tags # \\\"AI policy\\\" or title =~ \\\"huawei\\\" )\"\n\
             \"query:By Bob:author =~ \\\"Bob\\\"\"\n\
             exec:~/bin/make-feed.sh\n\
             filter:~/bin/clean.sh:https://filtered.example/rss\n\
             ftp://files.example/feed\n\
             https://broken.example/\"x\n"
        ),
    )
    .unwrap();
    let cache = sandbox.path("cache.db");
    newsboat_cache(
        &cache,
        &[
            (&a, "a1", false, ""),
            (&a, "a2", true, "s"),
            (&a, "a3", true, ""),
            (&b, "b1", false, ""),
            (&b, "b2", false, "s"),
            ("https://elsewhere.example/f", "x1", false, "s"),
        ],
    );
    let (urls_arg, cache_arg) = (urls.display().to_string(), cache.display().to_string());
    let target = sandbox.path("config.toml").display().to_string();
    let args = [
        "import-newsboat",
        "--urls",
        &urls_arg,
        "--cache",
        &cache_arg,
    ];

    let (status, dry, err) = sandbox.run(&[&args[..], &["--dry-run"]].concat());
    assert_eq!(status, 0, "{err}");
    let refused_and_summary = |verb: &str, marks: &str| {
        vec![
            format!("reading  {urls_arg}"),
            format!("reading  {cache_arg}"),
            format!("{verb} Beta Wire <{b}>  [chips, AI policy]"),
            format!(
                "{verb} Hidden <https://hidden.example/feed>  (enabled = false: hidden in newsboat)"
            ),
            format!("skipped  Alpha again <{a}>: already in the config"),
            format!("{verb} view \"Unread chips\": tag:chips is:unread"),
            format!("{verb} view \"Policy or Huawei\": tag:\"AI policy\" OR huawei"),
            "refused  urls:8: query \"By Bob\" not translated: `author =~ \"Bob\"` has no \
             counterpart in the query language (it has words, source:, tag:, \
             is:unread|read|starred, since: and before:)"
                .to_owned(),
            "refused  urls:9: `exec:` runs a program to make the feed; ainews-tui never runs \
             programs for feeds: point it at a feed URL instead"
                .to_owned(),
            "refused  urls:10: `filter:` pipes the feed through a program; ainews-tui never \
             runs programs for feeds: add the feed's URL itself"
                .to_owned(),
            "refused  urls:11: <ftp://files.example/feed>: `ftp:` URLs are refused; only \
             http:// and https:// feeds are imported"
                .to_owned(),
            "refused  urls:12: a quote is not closed; close it with `\"`".to_owned(),
            marks.to_owned(),
        ]
    };
    let mut expected =
        refused_and_summary("would add", "marks    3 read, 2 starred would be imported");
    expected.push(format!(
        "2 feeds and 2 views would be added to {target}; 1 already there; 5 lines refused"
    ));
    expected.push("dry run: nothing was changed".to_owned());
    assert_eq!(dry.lines().collect::<Vec<_>>(), expected);
    assert_eq!(
        std::fs::read_to_string(sandbox.path("config.toml")).unwrap(),
        config,
        "the dry run changes nothing"
    );
    let before = sandbox.marks();
    assert!(
        before.iter().all(|(_, read, starred)| !read && !starred),
        "{before:?}"
    );

    let (status, out, err) = sandbox.run(&args);
    assert_eq!(status, 0, "{err}");
    let mut expected = refused_and_summary(
        "added   ",
        "marks    3 read, 2 starred: 2 set on cached articles, 2 kept for articles not fetched yet",
    );
    expected.push(format!(
        "2 feeds and 2 views added to {target}; 1 already there; 5 lines refused"
    ));
    expected.push("run `ainews-tui refresh` (or start the dashboard) to fetch them".to_owned());
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);

    let written = std::fs::read_to_string(sandbox.path("config.toml")).unwrap();
    assert!(
        written.starts_with(&config),
        "the old text stays as it was:\n{written}"
    );
    let imported = &written[config.len()..];
    assert!(
        imported.contains(&format!(
            "[[feeds]]\nname = \"Beta Wire\"\nurl = \"{b}\"\ntags = [\"chips\", \"AI policy\"]\n"
        )),
        "{written}"
    );
    assert!(
        imported.contains(
            "[[feeds]]\nname = \"Hidden\"\nurl = \"https://hidden.example/feed\"\nenabled = false\n"
        ),
        "{written}"
    );
    assert!(
        imported.ends_with(
            "\n# Query feeds imported from newsboat.\n[[views]]\nname = \"Unread chips\"\n\
         query = \"tag:chips is:unread\"\n\n[[views]]\nname = \"Policy or Huawei\"\n\
         query = 'tag:\"AI policy\" OR huawei'\n"
        ),
        "{written}"
    );

    let alpha = |guid: &str, read: bool, starred: bool| (format!("Alpha {guid}"), read, starred);
    let beta = |guid: &str, read: bool, starred: bool| (format!("Beta {guid}"), read, starred);
    assert_eq!(
        sandbox.marks(),
        [
            alpha("a1", true, false),
            alpha("a2", false, true),
            alpha("a3", false, false)
        ]
    );
    // Beta arrives now, with the marks newsboat gave its articles.
    let (status, _, err) = sandbox.run(&["refresh"]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(
        sandbox.marks(),
        [
            alpha("a1", true, false),
            alpha("a2", false, true),
            alpha("a3", false, false),
            beta("b1", true, false),
            beta("b2", true, true),
        ]
    );
    // Importing again adds nothing and keeps the marks.
    let (status, again, err) = sandbox.run(&args);
    assert_eq!(status, 0, "{err}");
    let again: Vec<&str> = again.lines().collect();
    assert_eq!(
        again[again.len() - 9..],
        [
            "skipped  view \"Unread chips\": a view of that name is already in the config",
            "skipped  view \"Policy or Huawei\": a view of that name is already in the config",
            expected[7].as_str(),
            expected[8].as_str(),
            expected[9].as_str(),
            expected[10].as_str(),
            expected[11].as_str(),
            "marks    3 read, 2 starred: 4 set on cached articles, 0 kept for articles not fetched yet",
            &format!("0 feeds and 0 views added to {target}; 5 already there; 5 lines refused"),
        ]
    );
}

#[test]
fn the_default_paths_are_newsboats_own_and_xdg_wins_when_both_exist() {
    let sandbox = Sandbox {
        dir: tempfile::tempdir().unwrap(),
    };
    std::fs::write(sandbox.path("config.toml"), CONFIG_HEAD).unwrap();
    let home = sandbox.path("home");
    let dot = home.join(".newsboat");
    let xdg_config = home.join(".config/newsboat");
    let xdg_data = home.join(".local/share/newsboat");
    for dir in [&dot, &xdg_config, &xdg_data] {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(dot.join("urls"), "https://dot.example/feed\n").unwrap();
    std::fs::write(xdg_config.join("urls"), "https://xdg.example/feed\n").unwrap();
    newsboat_cache(&dot.join("cache.db"), &[]);
    newsboat_cache(&xdg_data.join("cache.db"), &[]);

    let first_lines = |sandbox: &Sandbox| {
        let (status, out, err) = sandbox.run(&["import-newsboat", "--dry-run"]);
        assert_eq!(status, 0, "{err}");
        out.lines().take(3).map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(
        first_lines(&sandbox),
        [
            format!("reading  {}", xdg_config.join("urls").display()),
            format!("reading  {}", xdg_data.join("cache.db").display()),
            "would add <https://xdg.example/feed>".to_owned(),
        ]
    );
    // Without the XDG config directory newsboat uses ~/.newsboat for both files.
    std::fs::remove_dir_all(&xdg_config).unwrap();
    assert_eq!(
        first_lines(&sandbox),
        [
            format!("reading  {}", dot.join("urls").display()),
            format!("reading  {}", dot.join("cache.db").display()),
            "would add <https://dot.example/feed>".to_owned(),
        ]
    );
}
