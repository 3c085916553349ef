//! The headless subcommands, run as the real binary with a config and a data directory in
//! temporary directories, against a loopback HTTP server started by the test.

// Helpers outside #[test] functions unwrap too: a broken fixture should fail loudly.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Route, TestServer};
use serde_json::Value;

/// No run of the binary may take longer than this.
const RUN_LIMIT: Duration = Duration::from_secs(60);

struct Output {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Output {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    fn json(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect()
    }
}

/// A home, a config file and a data directory of one's own.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn write_config(&self, text: &str) {
        std::fs::write(self.config(), text).expect("write config");
    }

    /// Runs the binary with `--config` and `--data-dir` in the sandbox.
    fn run(&self, args: &[&str]) -> Output {
        self.run_raw(&self.args(args))
    }

    /// `args` after `--config` and `--data-dir` in the sandbox.
    fn args(&self, args: &[&str]) -> Vec<String> {
        let mut all: Vec<String> = vec![
            "--config".into(),
            self.config().display().to_string(),
            "--data-dir".into(),
            self.data().display().to_string(),
        ];
        all.extend(args.iter().map(|a| (*a).to_owned()));
        all
    }

    /// The binary with exactly these arguments and no input. The real home and config
    /// directories are out of reach.
    fn command(&self, args: &[String]) -> Command {
        let home = self.dir.path().join("home");
        let mut command = Command::new(env!("CARGO_BIN_EXE_ainews-tui"));
        command
            .args(args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env_remove("AINEWS_CONFIG")
            .env_remove("AINEWS_DATA_DIR")
            .env_remove("AINEWS_LOG")
            .stdin(Stdio::null());
        command
    }

    /// Runs the binary with exactly these arguments, bounded by `RUN_LIMIT`.
    fn run_raw(&self, args: &[String]) -> Output {
        self.run_command(self.command(args), args)
    }

    /// Runs the binary as a user without privileges: root ignores file permissions, so a
    /// test run as root drops to `nobody` for the child (a test run as a user is one).
    fn run_unprivileged(&self, args: &[&str]) -> Output {
        use std::os::unix::process::CommandExt;
        let args = self.args(args);
        let mut command = self.command(&args);
        if is_root() {
            // The child must reach the binary, the config and the data through the sandbox.
            chmod(self.dir.path(), 0o755);
            command.uid(NOBODY).gid(NOBODY);
        }
        self.run_command(command, &args)
    }

    fn run_command(&self, mut command: Command, args: &[String]) -> Output {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the binary");
        let drain = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = pipe.read_to_string(&mut text);
                text
            })
        };
        let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
        let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
        let deadline = Instant::now() + RUN_LIMIT;
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for the binary") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("ainews-tui {args:?} ran longer than {RUN_LIMIT:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Output {
            status: status.code(),
            stdout: stdout.join().expect("stdout reader"),
            stderr: stderr.join().expect("stderr reader"),
        }
    }
}

/// The uid and gid of `nobody`.
const NOBODY: u32 = 65_534;

/// True when this test runs as root (a file it creates is owned by uid 0).
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().expect("probe file");
    probe.as_file().metadata().expect("probe metadata").uid() == 0
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// `chmod 444` on every file of `dir` and `chmod 555` on `dir`: a read-only data directory.
fn make_read_only(dir: &Path) {
    for entry in std::fs::read_dir(dir).expect("data dir") {
        chmod(&entry.expect("entry").path(), 0o444);
    }
    chmod(dir, 0o555);
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/opml")
        .join(name)
}

/// An RSS document; items are (guid, title, published) with `published` in Unix seconds.
fn rss(title: &str, items: &[(&str, &str, i64)]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://example.com/</link><description>d</description>\n"
    );
    for (guid, item_title, published) in items {
        let date = chrono::DateTime::from_timestamp(*published, 0)
            .expect("valid time")
            .to_rfc2822();
        xml.push_str(&format!(
            "<item><guid>{guid}</guid><title>{item_title}</title>\
             <link>https://example.com/{guid}</link><pubDate>{date}</pubDate>\
             <description>About {item_title}</description></item>\n"
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A multi-threaded runtime keeps serving while the test thread waits on the binary.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Two good feeds (with ETag and Last-Modified) and one that answers 404.
fn serve_feeds(server: &TestServer) -> String {
    let hour = 3600;
    // Older than --since 24h, younger than the 90 days that refresh keeps.
    let old = now() - 30 * 24 * hour;
    server.route(
        "/us.xml",
        Route::rss(rss(
            "US Wire",
            &[
                ("us-1", "OpenAI ships a new reasoning model", now() - hour),
                ("us-2", "Nvidia posts record data-center sales", old),
                ("us-3", "A quiet week in robotics", now() - 3 * hour),
            ],
        ))
        .etag("\"us-v1\""),
    );
    server.route(
        "/cn.xml",
        Route::rss(rss(
            "China Wire",
            &[
                (
                    "cn-1",
                    "Huawei readies Ascend chips for AI training clusters",
                    now() - 2 * hour,
                ),
                ("cn-2", "Baidu opens Ernie to developers", old - hour),
            ],
        ))
        .last_modified("Sat, 28 Nov 2026 09:41:00 GMT"),
    );
    format!(
        "# feeds for the CLI test\n\
         [fetch]\ntimeout = \"10s\"\nconnect_timeout = \"5s\"\n\n\
         [[feeds]]\nname = \"US Wire\"\nurl = \"{}\"\n\n\
         [[feeds]]\nurl = \"{}\"\n\n\
         [[feeds]]\nname = \"Broken\"\nurl = \"{}\"\n\n\
         [[feeds]]\nname = \"Disabled\"\nurl = \"{}\"\nenabled = false\n",
        server.url("/us.xml"),
        server.url("/cn.xml"),
        server.url("/missing.xml"),
        server.url("/disabled.xml"),
    )
}

fn line_of<'o>(output: &'o Output, name: &str) -> &'o str {
    output
        .lines()
        .into_iter()
        .find(|line| line.starts_with(name))
        .unwrap_or_else(|| panic!("no line for {name} in:\n{}", output.stdout))
}

#[test]
fn refresh_stores_articles_and_headlines_reads_them() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let sandbox = Sandbox::new();
    sandbox.write_config(&serve_feeds(&server));

    let first = sandbox.run(&["refresh"]);
    assert_eq!(first.status, Some(0), "{}\n{}", first.stdout, first.stderr);
    assert!(
        line_of(&first, "US Wire").ends_with("  3 new"),
        "{}",
        first.stdout
    );
    // No configured name: the feed's own title.
    assert!(
        line_of(&first, "China Wire").ends_with("  2 new"),
        "{}",
        first.stdout
    );
    let broken = line_of(&first, "Broken");
    assert!(
        broken.contains("error: ") && broken.contains("404"),
        "{broken}"
    );
    assert!(!first.stdout.contains("Disabled"), "{}", first.stdout);
    assert_eq!(
        first.lines().last().copied(),
        Some("3 feeds: 2 ok, 0 unchanged, 1 failed; 5 new articles")
    );
    assert!(
        first.stderr.is_empty(),
        "no progress when stderr is not a terminal: {}",
        first.stderr
    );
    assert!(server.requests_to("/disabled.xml").is_empty());

    // All of it, newest first, with every field.
    let all = sandbox.run(&["headlines", "--json"]).json();
    assert_eq!(all.len(), 5, "{all:#?}");
    let titles: Vec<&str> = all.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "OpenAI ships a new reasoning model",
            "Huawei readies Ascend chips for AI training clusters",
            "A quiet week in robotics",
            "Nvidia posts record data-center sales",
            "Baidu opens Ernie to developers",
        ]
    );
    for article in &all {
        let id = article["id"].as_str().unwrap();
        assert!(
            id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit()),
            "{id}"
        );
        let published = article["published"].as_str().unwrap();
        chrono::DateTime::parse_from_rfc3339(published).expect("published is RFC 3339");
        chrono::DateTime::parse_from_rfc3339(article["first_seen"].as_str().unwrap())
            .expect("first_seen is RFC 3339");
        assert!(
            article["link"]
                .as_str()
                .unwrap()
                .starts_with("https://example.com/")
        );
        assert!(article["terms"].is_array());
        assert_eq!(article["read"], false);
        assert_eq!(article["starred"], false);
        assert_eq!(
            article["cluster"].as_str().map(str::len),
            Some(16),
            "{article}"
        );
        assert!(["us", "china", "both", "other"].contains(&article["topic"].as_str().unwrap()));
    }
    assert_eq!(all[0]["feed"], "US Wire");
    assert_eq!(all[0]["feed_url"], server.url("/us.xml"));
    assert_eq!(all[0]["topic"], "us");
    assert_eq!(all[0]["terms"][0], "OpenAI");
    assert_eq!(all[1]["feed"], "China Wire");
    assert_eq!(all[2]["topic"], "other");

    let china = sandbox
        .run(&["headlines", "--json", "--topic", "china"])
        .json();
    let china_titles: Vec<&str> = china.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        china_titles,
        [
            "Huawei readies Ascend chips for AI training clusters",
            "Baidu opens Ernie to developers"
        ]
    );
    assert_eq!(
        sandbox
            .run(&["headlines", "--json", "--since", "24h"])
            .json()
            .len(),
        3
    );
    assert_eq!(
        sandbox
            .run(&["headlines", "--json", "--limit", "2"])
            .json()
            .len(),
        2
    );
    assert_eq!(
        sandbox
            .run(&["headlines", "--json", "--unread"])
            .json()
            .len(),
        5
    );
    let searched = sandbox
        .run(&["headlines", "--json", "--search", "ERNIE"])
        .json();
    assert_eq!(searched.len(), 1);
    assert_eq!(searched[0]["title"], "Baidu opens Ernie to developers");
    let starred = sandbox.run(&["headlines", "--starred"]);
    assert_eq!(starred.status, Some(0));
    assert!(starred.stdout.is_empty(), "{}", starred.stdout);
    assert!(
        starred.stderr.contains("no cached articles match"),
        "{}",
        starred.stderr
    );

    // The digest: a heading, one section per topic with stories, links in angle brackets.
    let brief = sandbox.run(&["brief", "--since", "30d"]);
    assert_eq!(brief.status, Some(0), "{}", brief.stderr);
    assert!(
        brief.stdout.starts_with("# AI race brief"),
        "{}",
        brief.stdout
    );
    assert!(brief.stdout.contains("## China"), "{}", brief.stdout);
    assert!(
        brief
            .stdout
            .contains("- **Huawei readies Ascend chips for AI training clusters**"),
        "{}",
        brief.stdout
    );
    let us_only = sandbox.run(&["brief", "--since", "30d", "--topic", "us"]);
    assert!(!us_only.stdout.contains("## China"), "{}", us_only.stdout);

    // Text: one line per article with its columns, the link under it.
    let text = sandbox.run(&["headlines", "--topic", "china"]);
    let lines = text.lines();
    assert_eq!(lines.len(), 4, "{}", text.stdout);
    assert!(lines[0].contains("  CN   China Wire"), "{}", lines[0]);
    assert!(lines[0].ends_with("Huawei readies Ascend chips for AI training clusters"));
    assert_eq!(lines[1].trim(), "https://example.com/cn-1");

    // Again: the validators come back, nothing is new, failures still fail.
    let second = sandbox.run(&["refresh", "--strict"]);
    assert_eq!(second.status, Some(1), "--strict with a failing feed");
    assert!(
        line_of(&second, "US Wire").ends_with("unchanged (304)"),
        "{}",
        second.stdout
    );
    assert!(
        line_of(&second, "China Wire").ends_with("unchanged (304)"),
        "{}",
        second.stdout
    );
    assert_eq!(
        second.lines().last().copied(),
        Some("3 feeds: 0 ok, 2 unchanged, 1 failed; 0 new articles")
    );
    let us_requests = server.requests_to("/us.xml");
    assert_eq!(
        us_requests.last().unwrap().header("If-None-Match"),
        Some("\"us-v1\"")
    );
    let cn_requests = server.requests_to("/cn.xml");
    assert_eq!(
        cn_requests.last().unwrap().header("If-Modified-Since"),
        Some("Sat, 28 Nov 2026 09:41:00 GMT")
    );
    assert_eq!(
        sandbox.run(&["headlines", "--json"]).json().len(),
        5,
        "no duplicates"
    );

    // Without the failing feed --strict is satisfied.
    let config = std::fs::read_to_string(sandbox.config()).unwrap();
    sandbox.write_config(&config.replace(
        "name = \"Broken\"\n",
        "name = \"Broken\"\nenabled = false\n",
    ));
    let strict = sandbox.run(&["refresh", "--strict"]);
    assert_eq!(
        strict.status,
        Some(0),
        "{}\n{}",
        strict.stdout,
        strict.stderr
    );
}

#[test]
fn a_corrupt_cache_is_moved_aside_and_refresh_starts_afresh() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let sandbox = Sandbox::new();
    sandbox.write_config(&serve_feeds(&server));
    std::fs::create_dir_all(sandbox.data()).unwrap();
    let garbage = b"this is not a database, just garbage ".repeat(200);
    std::fs::write(sandbox.data().join("ainews.db"), &garbage).unwrap();

    let output = sandbox.run(&["refresh"]);
    assert_eq!(
        output.status,
        Some(0),
        "{}\n{}",
        output.stdout,
        output.stderr
    );
    assert!(output.stderr.contains("moved to"), "{}", output.stderr);
    assert!(
        output.stdout.contains("5 new articles"),
        "{}",
        output.stdout
    );
    let kept = std::fs::read_dir(sandbox.data())
        .unwrap()
        .filter_map(Result::ok)
        .find(|entry| entry.file_name().to_string_lossy().contains("corrupt"))
        .expect("the damaged file is kept beside the new one");
    assert_eq!(std::fs::read(kept.path()).unwrap(), garbage);
    assert_eq!(sandbox.run(&["headlines", "--json"]).json().len(), 5);
}

#[test]
fn refresh_keeps_to_the_per_host_limit() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let sandbox = Sandbox::new();
    let mut config = String::from("[fetch]\nper_host = 2\nconcurrency = 8\n");
    for n in 0..6 {
        let path = format!("/slow{n}.xml");
        let body = rss("Slow", &[(&format!("s{n}"), "A slow item", now())]);
        server.route(&path, Route::rss(body).delay(Duration::from_millis(150)));
        config.push_str(&format!("\n[[feeds]]\nurl = \"{}\"\n", server.url(&path)));
    }
    sandbox.write_config(&config);
    let output = sandbox.run(&["refresh"]);
    assert_eq!(
        output.status,
        Some(0),
        "{}\n{}",
        output.stdout,
        output.stderr
    );
    assert!(
        output
            .stdout
            .ends_with("6 feeds: 6 ok, 0 unchanged, 0 failed; 6 new articles\n")
    );
    assert_eq!(server.requests().len(), 6);
    assert_eq!(
        server.max_concurrent(),
        2,
        "one host, at most two fetches at once"
    );
}

#[test]
fn refresh_prunes_by_the_storage_settings() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let sandbox = Sandbox::new();
    sandbox.write_config(&format!(
        "{}\n[storage]\nmax_age = \"7d\"\nmax_per_feed = 2\n",
        serve_feeds(&server)
    ));
    let output = sandbox.run(&["refresh"]);
    assert_eq!(
        output.status,
        Some(0),
        "{}\n{}",
        output.stdout,
        output.stderr
    );
    let kept = sandbox.run(&["headlines", "--json"]).json();
    let titles: Vec<&str> = kept.iter().map(|a| a["title"].as_str().unwrap()).collect();
    // Age counts from the later of published and first seen: the month-old articles are
    // news to this cache and stay for 7 days. Only the per-feed limit cuts the US feed.
    assert_eq!(
        titles,
        [
            "OpenAI ships a new reasoning model",
            "Huawei readies Ascend chips for AI training clusters",
            "A quiet week in robotics",
            "Baidu opens Ernie to developers",
        ]
    );
}

#[test]
fn two_instances_at_once_both_finish() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let sandbox = Sandbox::new();
    sandbox.write_config(&serve_feeds(&server));
    assert_eq!(sandbox.run(&["refresh"]).status, Some(0));

    let outputs: Vec<Output> = std::thread::scope(|scope| {
        let runs: Vec<_> = [&["refresh"][..], &["headlines", "--json"], &["refresh"]]
            .into_iter()
            .map(|args| scope.spawn(|| sandbox.run(args)))
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    for output in &outputs {
        assert_eq!(
            output.status,
            Some(0),
            "{}\n{}",
            output.stdout,
            output.stderr
        );
    }
    assert_eq!(outputs[1].json().len(), 5);
    assert!(
        outputs[0].stdout.contains("3 feeds: "),
        "{}",
        outputs[0].stdout
    );
}

#[test]
fn headlines_reject_bad_filters_with_status_2() {
    let sandbox = Sandbox::new();
    sandbox.write_config("");
    let since = sandbox.run(&["headlines", "--since", "yesterday"]);
    assert_eq!(since.status, Some(2));
    assert!(since.stderr.contains("24h"), "{}", since.stderr);
    let topic = sandbox.run(&["headlines", "--topic", "eu"]);
    assert_eq!(topic.status, Some(2));
    assert!(
        topic.stderr.contains("us, china, both, other"),
        "{}",
        topic.stderr
    );
}

#[test]
fn headlines_on_an_empty_cache_give_a_hint_and_create_nothing() {
    let sandbox = Sandbox::new();
    sandbox.write_config("");
    let output = sandbox.run(&["headlines"]);
    assert_eq!(output.status, Some(0));
    assert!(output.stdout.is_empty());
    assert!(
        output.stderr.contains("ainews-tui refresh"),
        "{}",
        output.stderr
    );
    assert!(!sandbox.data().exists());
}

#[test]
fn config_errors_exit_with_status_2() {
    let sandbox = Sandbox::new();
    sandbox.write_config("[[feeds]]\nurl = \"|rm -rf ~\"\n");
    for command in [&["refresh"][..], &["headlines"], &["export-opml"]] {
        let output = sandbox.run(command);
        assert_eq!(output.status, Some(2), "{command:?}: {}", output.stderr);
        assert!(
            output.stderr.contains("config.toml:2:"),
            "{}",
            output.stderr
        );
    }
}

#[test]
fn opml_round_trip_keeps_comments_and_refuses_hostile_entries() {
    let sandbox = Sandbox::new();
    let original = "# My hand-written config: keep this comment.\n\
                    [[feeds]]\n\
                    name = \"Existing\"  # the old favourite\n\
                    url = \"https://existing.example/feed\"\n\
                    tags = [\"old\"]\n\
                    \n\
                    [fetch]\n\
                    concurrency = 3\n";
    sandbox.write_config(original);
    let opml = fixture("subscriptions.opml");

    let import = sandbox.run(&["import-opml", opml.to_str().unwrap()]);
    assert_eq!(
        import.status,
        Some(0),
        "{}\n{}",
        import.stdout,
        import.stderr
    );
    let out = &import.stdout;
    assert_eq!(
        import
            .lines()
            .iter()
            .filter(|l| l.starts_with("added "))
            .count(),
        4,
        "{out}"
    );
    assert!(
        out.contains("skipped  Already configured <HTTPS://Existing.example/feed/>"),
        "{out}"
    );
    assert!(out.contains("skipped  Top level again"), "{out}");
    assert!(
        out.contains("refused  Evil command <|rm -rf ~>: a command"),
        "{out}"
    );
    assert!(
        out.contains("refused  Evil script <javascript:alert(document.cookie)>"),
        "{out}"
    );
    assert!(out.contains("4 feeds added to"), "{out}");

    let config = std::fs::read_to_string(sandbox.config()).unwrap();
    assert!(
        config.starts_with("# My hand-written config: keep this comment.\n"),
        "{config}"
    );
    assert!(
        config.contains("name = \"Existing\"  # the old favourite"),
        "{config}"
    );
    assert!(
        config.contains("# Imported from subscriptions.opml"),
        "{config}"
    );
    assert!(
        !config.contains("rm -rf") && !config.contains("javascript"),
        "{config}"
    );
    assert!(
        config.contains(r#"tags = ["Tech", "AI & Chips", "research", "llm"]"#),
        "{config}"
    );
    let check = sandbox.run(&["config", "check"]);
    assert_eq!(check.status, Some(0), "{}", check.stderr);
    assert!(
        check.stdout.contains("5 feeds (5 enabled)"),
        "{}",
        check.stdout
    );

    // A second import finds everything already there and leaves the file alone.
    let again = sandbox.run(&["import-opml", opml.to_str().unwrap()]);
    assert_eq!(again.status, Some(0));
    assert!(again.stdout.contains("0 feeds added"), "{}", again.stdout);
    assert_eq!(std::fs::read_to_string(sandbox.config()).unwrap(), config);

    let export = sandbox.run(&["export-opml"]);
    assert_eq!(export.status, Some(0), "{}", export.stderr);
    let doc = &export.stdout;
    assert!(doc.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">"));
    for url in [
        "https://existing.example/feed",
        "https://chips.example/feed.xml",
        "https://models.example/atom",
        "https://policy.example/rss?topic=ai&amp;lang=en",
        "http://top.example/index.rss",
    ] {
        assert!(doc.contains(&format!("xmlUrl=\"{url}\"")), "{url} in {doc}");
    }
    assert!(
        doc.contains("text=\"Think &quot;Tank&quot; &lt;Daily&gt;\""),
        "{doc}"
    );
    assert!(
        doc.contains("<outline text=\"Tech\" title=\"Tech\">"),
        "{doc}"
    );
    assert!(
        doc.contains("category=\"Tech,AI &amp; Chips,research,llm\""),
        "{doc}"
    );

    // The export imports cleanly into a fresh config: same feeds, same tags.
    let exported = sandbox.dir.path().join("exported.opml");
    std::fs::write(&exported, doc).unwrap();
    let fresh = Sandbox::new();
    fresh.write_config("# empty\n");
    let reimport = fresh.run(&["import-opml", exported.to_str().unwrap()]);
    assert_eq!(reimport.status, Some(0), "{}", reimport.stderr);
    assert!(
        reimport.stdout.contains("5 feeds added"),
        "{}",
        reimport.stdout
    );
    let a = sandbox.run(&["config", "check"]).stdout;
    let b = fresh.run(&["config", "check"]).stdout;
    assert_eq!(a.split(": ").last(), b.split(": ").last());
}

#[test]
fn import_creates_the_config_from_the_default_and_reads_opml_1() {
    let sandbox = Sandbox::new();
    let nested = sandbox.dir.path().join("new/dir/config.toml");
    let args = [
        "--config".to_owned(),
        nested.display().to_string(),
        "import-opml".to_owned(),
        fixture("opml1.opml").display().to_string(),
    ];
    let output = sandbox.run_raw(&args);
    assert_eq!(
        output.status,
        Some(0),
        "{}\n{}",
        output.stdout,
        output.stderr
    );
    assert!(output.stdout.starts_with("created "), "{}", output.stdout);
    assert!(
        output
            .stdout
            .contains("added    Café Tech <https://cafe.example/rss>  [News]"),
        "{}",
        output.stdout
    );
    let config = std::fs::read_to_string(&nested).unwrap();
    assert!(config.starts_with("# ainews-tui configuration"), "{config}");
    assert!(config.contains("name = \"Café Tech\""), "{config}");
}

#[test]
fn import_refuses_a_broken_config_and_a_non_opml_file() {
    let sandbox = Sandbox::new();
    sandbox.write_config("[[feeds]\n");
    let opml = fixture("subscriptions.opml").display().to_string();
    let output = sandbox.run(&["import-opml", &opml]);
    assert_eq!(output.status, Some(2), "{}", output.stderr);
    assert!(
        output.stderr.contains("nothing was changed"),
        "{}",
        output.stderr
    );
    assert_eq!(
        std::fs::read_to_string(sandbox.config()).unwrap(),
        "[[feeds]\n"
    );

    sandbox.write_config("");
    let not_opml = sandbox.dir.path().join("feed.xml");
    std::fs::write(&not_opml, "<rss><channel/></rss>").unwrap();
    let output = sandbox.run(&["import-opml", not_opml.to_str().unwrap()]);
    assert_eq!(output.status, Some(1));
    assert!(
        output.stderr.contains("not an OPML file"),
        "{}",
        output.stderr
    );
}

#[test]
fn completions_print_a_script() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = sandbox.run_raw(&["completions".to_owned(), shell.to_owned()]);
        assert_eq!(output.status, Some(0), "{shell}: {}", output.stderr);
        assert!(output.stdout.contains("headlines"), "{shell}");
    }
    let bash = sandbox.run_raw(&["completions".to_owned(), "bash".to_owned()]);
    assert!(bash.stdout.contains("complete -F"), "{}", bash.stdout);
}

#[test]
fn every_subcommand_has_help_with_examples() {
    let sandbox = Sandbox::new();
    for command in [
        "refresh",
        "headlines",
        "import-opml",
        "export-opml",
        "completions",
        "config",
    ] {
        let output = sandbox.run_raw(&[command.to_owned(), "--help".to_owned()]);
        assert_eq!(output.status, Some(0), "{command}: {}", output.stderr);
        assert!(
            output.stdout.contains("Example"),
            "{command}:\n{}",
            output.stdout
        );
    }
}

#[test]
fn refresh_into_a_closed_pipe_still_stores_everything() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let sandbox = Sandbox::new();
    sandbox.write_config(&serve_feeds(&server));
    // As `ainews-tui refresh | head -0`: the reader is gone before the first line.
    let mut child = sandbox
        .command(&sandbox.args(&["refresh"]))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the binary");
    drop(child.stdout.take());
    let status = child.wait().expect("refresh ends");
    assert_eq!(status.code(), Some(0));

    let listed = sandbox.run(&["headlines"]);
    assert_eq!(listed.stdout.lines().count(), 10, "{}", listed.stdout);
}

#[test]
fn a_report_into_a_closed_pipe_is_no_error() {
    let sandbox = Sandbox::new();
    sandbox.write_config("");
    let labels = sandbox.data().with_file_name("labels.tsv");
    // Every item is a miss, so the report lists 2,000 of them: far more than a pipe holds.
    let lines: String = (0..2000)
        .map(|i| format!("other\tOpenAI ships model number {i}\n"))
        .collect();
    std::fs::write(&labels, lines).unwrap();
    // As `ainews-tui topics eval labels.tsv | head -0`: the reader is gone at once, and the
    // report is long enough not to fit in the pipe.
    let mut child = sandbox
        .command(&sandbox.args(&["topics", "eval", labels.to_str().unwrap()]))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the binary");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("eval ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

// --- a cache that cannot be written -----------------------------------------------------

#[test]
fn a_read_only_cache_is_read_by_headlines_and_brief_and_refused_by_refresh() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let sandbox = Sandbox::new();
    sandbox.write_config(&serve_feeds(&server));
    assert_eq!(sandbox.run(&["refresh"]).status, Some(0));
    make_read_only(&sandbox.data());
    let db = sandbox.data().join("ainews.db");
    let before = std::fs::read(&db).unwrap();

    let listed = sandbox.run_unprivileged(&["headlines", "--json"]);
    assert_eq!(listed.status, Some(0), "{}", listed.stderr);
    let all = listed.json();
    let titles: Vec<&str> = all.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "OpenAI ships a new reasoning model",
            "Huawei readies Ascend chips for AI training clusters",
            "A quiet week in robotics",
            "Nvidia posts record data-center sales",
            "Baidu opens Ernie to developers",
        ]
    );
    let brief = sandbox.run_unprivileged(&["brief", "--since", "7d"]);
    assert_eq!(brief.status, Some(0), "{}", brief.stderr);
    assert!(
        brief.stdout.contains("OpenAI ships a new reasoning model"),
        "{}",
        brief.stdout
    );

    let refresh = sandbox.run_unprivileged(&["refresh"]);
    assert_eq!(refresh.status, Some(1), "{}", refresh.stdout);
    let prefix = format!(
        "ainews-tui: cannot refresh: the cache database {} is read-only (",
        db.display()
    );
    assert!(refresh.stderr.contains(&prefix), "{}", refresh.stderr);
    assert!(
        refresh
            .stderr
            .contains("make the data directory writable or pass another --data-dir"),
        "{}",
        refresh.stderr
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the cache is untouched"
    );
    chmod(&sandbox.data(), 0o755);
}

/// Runs the binary with the data directory on a tmpfs that is full but for `free_kib`,
/// in a private mount namespace; `None` where this system allows no such mount.
fn run_on_full_disk(sandbox: &Sandbox, args: &[&str], free_kib: u32) -> Option<Output> {
    let prepared = sandbox.dir.path().join("prepared");
    std::fs::rename(sandbox.data(), &prepared).expect("move the data aside");
    std::fs::create_dir(sandbox.data()).expect("mount point");
    let script = format!(
        "set -e; mount -t tmpfs -o size=2m tmpfs \"$0\"; cp -a \"$1\"/. \"$0\"/; \
         dd if=/dev/zero of=\"$0/filler\" bs=4096 2>/dev/null || true; \
         truncate -s -{free_kib}K \"$0/filler\"; shift 1; exec \"$@\""
    );
    let args = sandbox.args(args);
    let mut full: Vec<String> = vec![
        "-m".into(),
        "sh".into(),
        "-c".into(),
        script,
        sandbox.data().display().to_string(),
        prepared.display().to_string(),
        env!("CARGO_BIN_EXE_ainews-tui").to_owned(),
    ];
    full.extend(args.iter().cloned());
    let probe = Command::new("unshare")
        .args(["-m", "true"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|status| status.success()) {
        full.insert(0, "-r".into());
    }
    let mut command = sandbox.command(&full);
    command.env("AINEWS_LOG", "off");
    let mut unshare = Command::new("unshare");
    unshare.args(&full);
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => unshare.env(key, value),
            None => unshare.env_remove(key),
        };
    }
    unshare.stdin(Stdio::null());
    let output = sandbox.run_command(unshare, &full);
    if output.stderr.contains("unshare:") || output.stderr.contains("mount:") {
        eprintln!("skipped: no private tmpfs mount here: {}", output.stderr);
        return None;
    }
    Some(output)
}

#[test]
fn refresh_exits_1_when_nothing_could_be_stored() {
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let sandbox = Sandbox::new();
    // A first run against a closed port creates the cache and fails every fetch.
    let port = common::closed_port();
    sandbox.write_config(&format!(
        "[[feeds]]\nurl = \"http://127.0.0.1:{port}/big.xml\"\nname = \"Big Wire\"\n"
    ));
    assert_eq!(sandbox.run(&["refresh"]).status, Some(0));

    let items: Vec<(String, String, i64)> = (0..300)
        .map(|n| {
            (
                format!("big-{n}"),
                format!("Story {n} about the compute build-out and its power contracts"),
                now() - n,
            )
        })
        .collect();
    let refs: Vec<(&str, &str, i64)> = items
        .iter()
        .map(|(g, t, p)| (g.as_str(), t.as_str(), *p))
        .collect();
    server.route("/big.xml", Route::rss(rss("Big Wire", &refs)));
    sandbox.write_config(&format!(
        "[[feeds]]\nurl = \"{}\"\nname = \"Big Wire\"\n",
        server.url("/big.xml")
    ));
    let Some(output) = run_on_full_disk(&sandbox, &["refresh"], 40) else {
        return;
    };
    assert_eq!(
        output.status,
        Some(1),
        "{}\n{}",
        output.stdout,
        output.stderr
    );
    let url = server.url("/big.xml");
    let db = sandbox.data().join("ainews.db");
    assert_eq!(
        output.stderr.trim_end().lines().last(),
        Some(
            format!(
                "ainews-tui: 1 result could not be stored in the cache {} (first: Big Wire: \
                 cache write failed: storing {url}: database or disk is full; free some disk \
                 space (what is stored is kept)); what was stored before is kept",
                db.display()
            )
            .as_str()
        ),
        "{}",
        output.stderr
    );
    assert_eq!(
        output.lines(),
        [
            format!(
                "Big Wire          error: fetched, but not stored: cache write failed: storing \
                 {url}: database or disk is full; free some disk space (what is stored is \
                 kept); check free space and permissions of the data directory"
            )
            .as_str(),
            "1 feed: 0 ok, 0 unchanged, 1 failed; 0 new articles",
        ]
    );
}

// --- a cache damaged between runs ---------------------------------------------------------

#[test]
fn a_cache_damaged_between_refreshes_is_moved_aside_and_fetched_in_full() {
    use std::io::{Seek, SeekFrom, Write};
    let rt = runtime();
    let server = rt.block_on(TestServer::start());
    let sandbox = Sandbox::new();
    let items: Vec<(String, String, i64)> = (0..300)
        .map(|n| {
            (
                format!("w-{n}"),
                format!("Wafer story {n} on fabs, lithography and yields"),
                now() - n,
            )
        })
        .collect();
    let refs: Vec<(&str, &str, i64)> = items
        .iter()
        .map(|(g, t, p)| (g.as_str(), t.as_str(), *p))
        .collect();
    server.route(
        "/wafers.xml",
        Route::rss(rss("Wafer Wire", &refs)).etag("\"w-v1\""),
    );
    sandbox.write_config(&format!(
        "[[feeds]]\nurl = \"{}\"\nname = \"Wafer Wire\"\n",
        server.url("/wafers.xml")
    ));
    assert_eq!(sandbox.run(&["refresh"]).status, Some(0));

    // A bad sector in the middle of the closed file, found later than the last close.
    let db = sandbox.data().join("ainews.db");
    let len = std::fs::metadata(&db).unwrap().len();
    let mut file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    file.seek(SeekFrom::Start(len / 4096 / 2 * 4096)).unwrap();
    file.write_all(&[0xA5; 4 * 4096]).unwrap();
    let modified = file.metadata().unwrap().modified().unwrap();
    file.set_modified(modified + Duration::from_secs(5))
        .unwrap();
    drop(file);

    let second = sandbox.run(&["refresh"]);
    assert_eq!(
        second.status,
        Some(0),
        "{}\n{}",
        second.stdout,
        second.stderr
    );
    assert!(
        second
            .stderr
            .contains("ainews-tui: the cache database was damaged; it was moved to "),
        "{}",
        second.stderr
    );
    assert_eq!(
        second.lines(),
        [
            "Wafer Wire        300 new",
            "1 feed: 1 ok, 0 unchanged, 0 failed; 300 new articles"
        ]
    );
    let asked = server.requests_to("/wafers.xml");
    assert_eq!(asked.len(), 2);
    assert_eq!(
        asked[1].header("If-None-Match"),
        None,
        "the stored ETag went with the damaged file: a full GET"
    );
    assert_eq!(sandbox.run(&["headlines", "--json"]).json().len(), 300);
}

/// A cache written through the store, as the dashboard leaves it: three articles, two of
/// them with a topic set by hand. Returns the database file.
fn cache_with_corrections(sandbox: &Sandbox) -> PathBuf {
    use ainews_tui::ingest::poller::{FeedOutcome, FeedReport};
    use ainews_tui::model::{Article, ArticleId, FeedId, Topic};
    use ainews_tui::store::WriteOp;
    let feed_url = "https://wire.example/feed.xml";
    let article = |guid: &str, title: &str, topic: Topic, minutes_ago: i64| Article {
        id: ArticleId::derive(feed_url, Some(guid), None, title, None),
        feed: FeedId(0),
        guid: Some(guid.to_owned()),
        title: title.to_owned(),
        link: Some(format!("https://wire.example/{guid}")),
        body: format!("<p>About {title}</p>"),
        published: Some(now() - minutes_ago * 60),
        first_seen: now() - minutes_ago * 60,
        topic,
        decided_by: ainews_tui::model::DecidedBy::Rules,
        terms: Default::default(),
        read: false,
        starred: false,
        enclosures: Vec::new(),
    };
    // The rules called Huawei China (the reader says US); an older rule set called the
    // OpenAI story Other (the reader says US, as today's rules do).
    let huawei = article(
        "g1",
        "Huawei readies Ascend chips for AI training clusters",
        Topic::China,
        10,
    );
    let openai = article("g2", "OpenAI ships a new reasoning model", Topic::Other, 20);
    let rain = article("g3", "Rain expected in Lisbon", Topic::Other, 30);
    let store = ainews_tui::store::open(&sandbox.data()).unwrap().store;
    store
        .write(WriteOp::FeedResult {
            feed_url: feed_url.to_owned(),
            report: FeedReport {
                outcome: FeedOutcome::Updated {
                    articles: vec![huawei.clone(), openai.clone(), rain],
                },
                at: now(),
                next_refresh: now() + 1800,
                feed_title: Some("Wire".to_owned()),
                validators: Default::default(),
                moved_to: None,
                parse_note: Default::default(),
                prepared: Default::default(),
            },
        })
        .unwrap();
    for id in [huawei.id, openai.id] {
        store
            .write(WriteOp::SetTopic {
                id,
                topic: Some(Topic::Us),
            })
            .unwrap();
    }
    store.path().to_owned()
}

#[test]
fn headlines_json_says_who_set_the_topic_and_filters_on_the_readers_topic() {
    let sandbox = Sandbox::new();
    sandbox.write_config("");
    cache_with_corrections(&sandbox);
    let topics = |args: &[&str]| -> Vec<(String, String, String)> {
        let output = sandbox.run(args);
        assert_eq!(output.status, Some(0), "{}", output.stderr);
        output
            .json()
            .iter()
            .map(|a| {
                let field = |name: &str| a[name].as_str().unwrap().to_owned();
                (field("title"), field("topic"), field("topic_source"))
            })
            .collect()
    };
    let row = |title: &str, topic: &str, source: &str| {
        (title.to_owned(), topic.to_owned(), source.to_owned())
    };
    assert_eq!(
        topics(&["headlines", "--json"]),
        [
            row(
                "Huawei readies Ascend chips for AI training clusters",
                "us",
                "user"
            ),
            row("OpenAI ships a new reasoning model", "us", "user"),
            row("Rain expected in Lisbon", "other", "rules"),
        ]
    );
    assert_eq!(
        topics(&["headlines", "--json", "--topic", "us", "--limit", "1"]),
        [row(
            "Huawei readies Ascend chips for AI training clusters",
            "us",
            "user"
        )]
    );
    assert_eq!(
        topics(&["headlines", "--json", "--topic", "other"]),
        [row("Rain expected in Lisbon", "other", "rules")],
        "the OpenAI story left Other with its correction"
    );
    let china = sandbox.run(&["headlines", "--topic", "china"]);
    assert_eq!(china.status, Some(0));
    assert!(china.stdout.is_empty(), "{}", china.stdout);
    assert!(
        china
            .stderr
            .contains("no cached articles match these filters"),
        "{}",
        china.stderr
    );
}

#[test]
fn topics_eval_corrections_scores_the_rules_on_the_readers_topics() {
    let sandbox = Sandbox::new();
    sandbox.write_config("");
    // No cache yet: a hint, and nothing is created.
    let none = sandbox.run(&["topics", "eval", "--corrections"]);
    assert_eq!(none.status, Some(0), "{}", none.stderr);
    assert!(
        none.stdout.starts_with(
            "no topic corrections yet: in the dashboard, c then u, c, b or o sets an article's topic"
        ),
        "{}",
        none.stdout
    );
    assert!(!sandbox.data().exists());

    let db = cache_with_corrections(&sandbox);
    let output = sandbox.run(&["topics", "eval", "--corrections"]);
    assert_eq!(output.status, Some(0), "{}", output.stderr);
    let lines = output.lines();
    assert_eq!(
        lines[0],
        format!(
            "Your topic corrections in {}: the rules against your labels (\"line\" numbers \
             them, newest first)",
            db.display()
        )
    );
    assert_eq!(
        lines[1],
        "2 items, 1 correct: accuracy 50.0%, macro-F1 0.333"
    );
    assert!(
        output.stdout.contains(
            "  line 1     expected us     got china  Huawei readies Ascend chips for AI training clusters"
        ),
        "{}",
        output.stdout
    );
    assert!(
        !output.stdout.contains("OpenAI ships"),
        "today's rules agree on it"
    );
    // One Huawei headline cannot teach that Huawei is US against the shipped evidence.
    assert_eq!(
        *lines.last().unwrap(),
        "Taught by your other corrections (each left out in turn): 1 of 2 right"
    );

    // With a file: its report first, then the corrections'.
    let file = sandbox.dir.path().join("labels.tsv");
    std::fs::write(&file, "us\tOpenAI ships a new reasoning model\n").unwrap();
    let both = sandbox.run(&["topics", "eval", file.to_str().unwrap(), "--corrections"]);
    assert_eq!(both.status, Some(0), "{}", both.stderr);
    let lines = both.lines();
    assert_eq!(
        lines[0],
        "1 items, 1 correct: accuracy 100.0%, macro-F1 1.000"
    );
    assert!(
        lines.contains(&"2 items, 1 correct: accuracy 50.0%, macro-F1 0.333"),
        "{}",
        both.stdout
    );

    // Neither a file nor --corrections: a usage error.
    let neither = sandbox.run(&["topics", "eval"]);
    assert_eq!(neither.status, Some(2));
    assert!(neither.stderr.contains("<FILE>"), "{}", neither.stderr);
}

/// The reader's correction teaches the topic model: a later headline with the same words,
/// which no rule knows, is fetched as the reader's topic, marked `model` in the JSON, and
/// `topics explain` names the taught words.
#[test]
fn a_correction_teaches_the_model_for_similar_headlines() {
    use ainews_tui::ingest::poller::{FeedOutcome, FeedReport};
    use ainews_tui::model::{Article, ArticleId, DecidedBy, FeedId, Topic};
    use ainews_tui::store::WriteOp;
    let sandbox = Sandbox::new();
    let feed = sandbox.config().with_file_name("wire.xml");
    let fresh = "Lawmakers want answers on chatbot safety";
    std::fs::write(
        &feed,
        rss(
            "Wire",
            &[
                ("n1", fresh, now() - 60),
                ("n2", "Rain expected in Lisbon", now() - 120),
            ],
        ),
    )
    .unwrap();
    sandbox.write_config(&format!("[[feeds]]\nurl = \"{}\"\n", feed.display()));
    let before = sandbox.run(&["topics", "explain", fresh]);
    assert!(before.stdout.contains("by:    rules"), "{}", before.stdout);

    // Yesterday's article, which the rules left in Other and the reader set to US.
    let taught = "Lawmakers grill agency chief over chatbot safety";
    let old_url = "https://hill.example/feed.xml";
    let lesson = Article {
        id: ArticleId::derive(old_url, Some("o1"), None, taught, None),
        feed: FeedId(0),
        guid: Some("o1".to_owned()),
        title: taught.to_owned(),
        link: None,
        body: String::new(),
        published: Some(now() - 86_400),
        first_seen: now() - 86_400,
        topic: Topic::Other,
        decided_by: DecidedBy::Rules,
        terms: Default::default(),
        read: true,
        starred: false,
        enclosures: Vec::new(),
    };
    let store = ainews_tui::store::open(&sandbox.data()).unwrap().store;
    store
        .write(WriteOp::FeedResult {
            feed_url: old_url.to_owned(),
            report: FeedReport {
                outcome: FeedOutcome::Updated {
                    articles: vec![lesson.clone()],
                },
                at: now(),
                next_refresh: now() + 1800,
                feed_title: None,
                validators: Default::default(),
                moved_to: None,
                parse_note: Default::default(),
                prepared: Default::default(),
            },
        })
        .unwrap();
    store
        .write(WriteOp::SetTopic {
            id: lesson.id,
            topic: Some(Topic::Us),
        })
        .unwrap();
    store.flush().unwrap();
    drop(store);

    let refreshed = sandbox.run(&["refresh"]);
    assert_eq!(refreshed.status, Some(0), "{}", refreshed.stderr);
    let rows: Vec<(String, String, String)> = sandbox
        .run(&["headlines", "--json"])
        .json()
        .iter()
        .map(|a| {
            let field = |name: &str| a[name].as_str().unwrap().to_owned();
            (field("title"), field("topic"), field("topic_source"))
        })
        .collect();
    let row = |title: &str, topic: &str, source: &str| {
        (title.to_owned(), topic.to_owned(), source.to_owned())
    };
    assert_eq!(
        rows,
        [
            row(fresh, "us", "model"),
            row("Rain expected in Lisbon", "other", "rules"),
            row(taught, "us", "user"),
        ]
    );
    let explained = sandbox.run(&["topics", "explain", fresh]);
    assert_eq!(explained.status, Some(0), "{}", explained.stderr);
    assert_eq!(
        explained.stdout.lines().take(3).collect::<Vec<_>>(),
        [
            "topic: us (US)",
            "why:   no side reaches 2.0; model: us 0.93 (lawmakers +1.5 (yours), chatbot +1.3 \
             (yours), safety +0.6 (yours))",
            "by:    model",
        ]
    );
}
