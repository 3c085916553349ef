//! The hostile loopback server driven through the real binary: `refresh` twice, `refresh
//! --strict`, then `headlines --json` and `headlines`. The process survives, every good
//! feed's articles arrive exactly once, every bad feed's line names its error, and no byte
//! any command prints is a terminal control.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::{Framing, Route, TestServer, closed_port, fixture};

/// Any one command is killed after this long and the test fails.
const CHILD_DEADLINE: Duration = Duration::from_secs(60);

/// What one command printed, and how it ended.
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs the binary with the test's config and data dir; kills it after `CHILD_DEADLINE`.
fn run(config: &Path, data_dir: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
        .arg("--config")
        .arg(config)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("AINEWS_CONFIG")
        .env_remove("AINEWS_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ainews-tui");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for ainews-tui") {
            break status;
        }
        if started.elapsed() > CHILD_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`ainews-tui {}` ran over {CHILD_DEADLINE:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = |bytes: Vec<u8>, stream: &str| {
        assert_control_free(&bytes, &format!("{} {stream}", args.join(" ")));
        String::from_utf8(bytes).expect("checked as UTF-8")
    };
    Run {
        status,
        stdout: text(stdout.join().expect("stdout reader"), "stdout"),
        stderr: text(stderr.join().expect("stderr reader"), "stderr"),
    }
}

/// A character that must never reach a terminal from feed data.
fn is_forbidden(ch: char) -> bool {
    let c = ch as u32;
    (c < 0x20 && ch != '\n')
        || c == 0x7f
        || (0x80..=0x9f).contains(&c)
        || (0x202a..=0x202e).contains(&c)
        || (0x2066..=0x2069).contains(&c)
        || matches!(c, 0x200e | 0x200f | 0x061c)
        // Zero-width: space, non-joiner, joiner, word joiner, no-break space (BOM).
        || matches!(c, 0x200b | 0x200c | 0x200d | 0x2060 | 0xfeff)
}

fn assert_control_free(bytes: &[u8], what: &str) {
    assert!(!bytes.contains(&0x1b), "{what}: ESC in output");
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    assert_str_control_free(text, what);
}

fn assert_str_control_free(text: &str, what: &str) {
    if let Some((at, ch)) = text.char_indices().find(|(_, ch)| is_forbidden(*ch)) {
        let before: String = text[..at].chars().rev().take(40).collect();
        let before: String = before.chars().rev().collect();
        panic!("{what}: U+{:04X} at byte {at}, after {before:?}", ch as u32);
    }
}

/// The status text after the feed `name` in `refresh` output (`3 new`, `error: …`).
fn feed_status<'a>(stdout: &'a str, name: &str) -> &'a str {
    let lines: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix(name))
        .filter(|rest| rest.starts_with(' '))
        .map(str::trim)
        .collect();
    match lines.as_slice() {
        [status] => status,
        _ => panic!("want one line for {name}, got {lines:?} in\n{stdout}"),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

fn gzip_route(bytes: &[u8], framing: Framing) -> Route {
    Route::ok(gzip(bytes), "application/rss+xml")
        .header("Content-Encoding", "gzip")
        .framing(framing)
}

/// A good feed: its route, and how many articles it holds.
struct Good {
    name: &'static str,
    path: &'static str,
    route: Route,
    articles: usize,
    /// Whether the server sends a validator, so the second refresh is a 304.
    validated: bool,
}

/// A bad feed: a path on the server (or a whole URL) and the start of its error text.
struct Bad {
    name: &'static str,
    url: String,
    error: &'static str,
}

#[test]
fn refresh_and_headlines_survive_a_hostile_server() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("test runtime");
    let server = runtime.block_on(TestServer::start());
    let rss2 = fixture("feeds/rss2.xml");

    let good = vec![
        Good {
            name: "good-rss",
            path: "/good-rss",
            route: Route::rss(rss2.clone()).etag("\"rss-v1\""),
            articles: 3,
            validated: true,
        },
        Good {
            name: "good-atom",
            path: "/good-atom",
            route: Route::ok(fixture("feeds/atom.xml"), "application/atom+xml")
                .last_modified("Thu, 05 Jun 2025 09:00:00 GMT"),
            articles: 2,
            validated: true,
        },
        Good {
            // No validators: the second refresh downloads it again and finds nothing new.
            name: "good-json",
            path: "/good-json",
            route: Route::ok(fixture("feeds/feed.json"), "application/feed+json"),
            articles: 1,
            validated: false,
        },
        Good {
            name: "good-gbk",
            path: "/good-gbk",
            route: Route::ok(
                fixture("hostile/encoding_gbk_undeclared_charset_header.xml"),
                "text/xml; charset=GBK",
            )
            .etag("\"gbk\""),
            articles: 2,
            validated: true,
        },
        Good {
            name: "good-gzip-close",
            path: "/good-gzip-close",
            route: gzip_route(&rss2, Framing::Close).etag("\"gz-close\""),
            articles: 3,
            validated: true,
        },
        Good {
            name: "good-gzip-chunked",
            path: "/good-gzip-chunked",
            route: gzip_route(&rss2, Framing::Chunked).etag("\"gz-chunked\""),
            articles: 3,
            validated: true,
        },
        Good {
            name: "hostile-escapes",
            path: "/hostile-escapes",
            route: Route::rss(fixture("hostile/terminal_raw_escape_sequences.xml")).etag("\"esc\""),
            articles: 6,
            validated: true,
        },
        Good {
            name: "hostile-refs",
            path: "/hostile-refs",
            route: Route::rss(fixture("hostile/terminal_escapes_as_references.xml"))
                .etag("\"refs\""),
            articles: 5,
            validated: true,
        },
        Good {
            name: "hostile-links",
            path: "/hostile-links",
            route: Route::rss(fixture("hostile/links_hostile.xml")).etag("\"links\""),
            articles: 9,
            validated: true,
        },
    ];
    for feed in &good {
        server.route(feed.path, feed.route.clone());
    }

    // 4 MiB of spaces after a feed opening: a few KiB on the wire, far over the cap.
    let mut bomb = b"<rss version=\"2.0\"><channel>".to_vec();
    bomb.resize(4 * 1024 * 1024, b' ');
    server.route(
        "/drip",
        Route::drip(rss2.clone(), Duration::from_millis(100)),
    );
    server.route("/hang", Route::hang());
    server.route("/bomb-len", gzip_route(&bomb, Framing::ContentLength));
    server.route("/bomb-close", gzip_route(&bomb, Framing::Close));
    server.route("/bomb-chunked", gzip_route(&bomb, Framing::Chunked));
    server.route("/loop", Route::redirect(308, "/loop"));
    // /hop0 -> ... -> /hop11 -> a good feed: eleven redirects, one too many.
    for i in 0..11 {
        server.route(
            &format!("/hop{i}"),
            Route::redirect(307, &format!("/hop{}", i + 1)),
        );
    }
    server.route("/hop11", Route::rss(rss2.clone()));
    server.route("/busy", Route::status(429).header("Retry-After", "120"));
    server.route("/down", Route::status(503).header("Retry-After", "90"));
    server.route("/missing", Route::status(404));
    server.route("/gone", Route::status(410));
    server.route("/broken", Route::status(500));
    server.route(
        "/login",
        Route::ok(fixture("hostile/error_html_login_page.html"), "text/html"),
    );
    server.route("/empty", Route::rss(""));
    server.route("/cut", Route::rss(&rss2[..rss2.len() / 2]));
    server.route("/cut-transfer", Route::truncated(&rss2[..50], rss2.len()));
    server.route("/hang-up", Route::close_without_answer());

    let bad_path = |name, path: &str, error| Bad {
        name,
        url: server.url(path),
        error,
    };
    let bad = vec![
        bad_path("bad-drip", "/drip", "timed out after 2s"),
        bad_path("bad-hang", "/hang", "timed out after 2s"),
        bad_path("bad-bomb-len", "/bomb-len", "response larger than 256 KiB"),
        bad_path(
            "bad-bomb-close",
            "/bomb-close",
            "response larger than 256 KiB",
        ),
        bad_path(
            "bad-bomb-chunked",
            "/bomb-chunked",
            "response larger than 256 KiB",
        ),
        bad_path("bad-loop", "/loop", "too many redirects"),
        bad_path("bad-chain", "/hop0", "too many redirects"),
        bad_path("bad-429", "/busy", "HTTP 429 (retry after"),
        bad_path("bad-503", "/down", "HTTP 503 (retry after"),
        bad_path("bad-404", "/missing", "HTTP 404 Not Found"),
        bad_path("bad-410", "/gone", "HTTP 410 Gone"),
        bad_path("bad-500", "/broken", "HTTP 500 Internal Server Error"),
        bad_path("bad-login", "/login", "not a feed: looks like an HTML page"),
        bad_path("bad-empty", "/empty", "empty body"),
        bad_path("bad-truncated-xml", "/cut", "XML error: "),
        bad_path("bad-cut-transfer", "/cut-transfer", "network error: "),
        bad_path("bad-hang-up", "/hang-up", "network error: "),
        Bad {
            name: "bad-refused",
            url: format!("http://127.0.0.1:{}/rss", closed_port()),
            error: "connection refused",
        },
    ];

    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    let config = dir.path().join("config.toml");
    let mut toml = String::new();
    let feeds = good
        .iter()
        .map(|g| (g.name, server.url(g.path)))
        .chain(bad.iter().map(|b| (b.name, b.url.clone())));
    for (name, url) in feeds {
        toml.push_str(&format!(
            "[[feeds]]\nname = \"{name}\"\nurl = \"{url}\"\n\n"
        ));
    }
    // The fixtures are dated 2025: keep them however old they are by now.
    toml.push_str(
        "[fetch]\nconcurrency = 32\nper_host = 32\ntimeout = \"2s\"\nconnect_timeout = \"1s\"\n\
         max_bytes = \"256KiB\"\n\n[storage]\nmax_age = \"36500d\"\n",
    );
    std::fs::write(&config, toml).expect("write config");

    let feed_count = good.len() + bad.len();
    let good_articles: usize = good.iter().map(|g| g.articles).sum();

    // First refresh: every good feed's articles are new, every bad feed says why.
    let first = run(&config, &data_dir, &["refresh"]);
    assert!(
        first.status.success(),
        "{:?}\n{}",
        first.status,
        first.stderr
    );
    for feed in &good {
        assert_eq!(
            feed_status(&first.stdout, feed.name),
            format!("{} new", feed.articles),
            "{}",
            feed.name
        );
    }
    for feed in &bad {
        let status = feed_status(&first.stdout, feed.name);
        let error = status
            .strip_prefix("error: ")
            .unwrap_or_else(|| panic!("{}: {status:?}", feed.name));
        assert!(
            error.starts_with(feed.error),
            "{}: {error:?}, want {:?}",
            feed.name,
            feed.error
        );
    }
    assert_eq!(
        first.stdout.lines().last(),
        Some(
            format!(
                "{feed_count} feeds: {} ok, 0 unchanged, {} failed; {good_articles} new articles",
                good.len(),
                bad.len()
            )
            .as_str()
        ),
        "{}",
        first.stdout
    );
    assert_eq!(
        first.stdout.lines().count(),
        feed_count + 1,
        "{}",
        first.stdout
    );

    // Second refresh: nothing is new twice; validated feeds are 304s, the rest 0 new.
    let second = run(&config, &data_dir, &["refresh"]);
    assert!(
        second.status.success(),
        "{:?}\n{}",
        second.status,
        second.stderr
    );
    let validated = good.iter().filter(|g| g.validated).count();
    for feed in &good {
        let want = if feed.validated {
            "unchanged (304)"
        } else {
            "0 new"
        };
        assert_eq!(
            feed_status(&second.stdout, feed.name),
            want,
            "{}",
            feed.name
        );
    }
    for feed in &bad {
        let status = feed_status(&second.stdout, feed.name);
        assert!(status.starts_with("error: "), "{}: {status:?}", feed.name);
    }
    assert_eq!(
        second.stdout.lines().last(),
        Some(
            format!(
                "{feed_count} feeds: {} ok, {validated} unchanged, {} failed; 0 new articles",
                good.len() - validated,
                bad.len()
            )
            .as_str()
        ),
        "{}",
        second.stdout
    );

    // `--strict` turns the failures into exit status 1, and still adds nothing.
    let strict = run(&config, &data_dir, &["refresh", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", strict.stderr);
    assert!(
        strict.stdout.trim_end().ends_with("; 0 new articles"),
        "{}",
        strict.stdout
    );

    // The cache holds exactly the good feeds' articles, once each.
    let json = run(&config, &data_dir, &["headlines", "--json"]);
    assert!(json.status.success(), "{:?}\n{}", json.status, json.stderr);
    let rows: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert_eq!(rows.len(), good_articles, "{}", json.stdout);
    let mut per_feed: BTreeMap<String, usize> = BTreeMap::new();
    let mut ids = HashMap::new();
    for row in &rows {
        // Escaped controls (`\u001b`) would pass the byte check: look at the decoded strings.
        assert_json_control_free(row);
        let feed_url = row["feed_url"].as_str().expect("feed_url is a string");
        *per_feed.entry(feed_url.to_owned()).or_default() += 1;
        let id = row["id"].as_str().expect("id is a string");
        assert!(ids.insert(id.to_owned(), row).is_none(), "{id} twice");
        match &row["link"] {
            serde_json::Value::Null => {}
            serde_json::Value::String(link) => assert!(
                link.starts_with("http://") || link.starts_with("https://"),
                "unsafe link {link:?}"
            ),
            other => panic!("link {other:?}"),
        }
    }
    let want: BTreeMap<String, usize> = good
        .iter()
        .map(|g| (server.url(g.path), g.articles))
        .collect();
    assert_eq!(per_feed, want);
    let mut chinese: Vec<&str> = rows
        .iter()
        .filter(|row| row["feed_url"] == server.url("/good-gbk").as_str())
        .map(|row| row["title"].as_str().expect("title is a string"))
        .collect();
    chinese.sort_unstable();
    assert_eq!(chinese, ["人工智能芯片出口管制", "深度求索发布新模型"]);
    assert!(
        rows.iter()
            .filter(|row| row["feed_url"] == server.url("/good-gbk").as_str())
            .all(|row| row["feed"] == "good-gbk"),
        "the configured name wins over the feed's title"
    );

    // Escapes are removed whole: their payload does not leak into the title either.
    let titles: Vec<&str> = rows
        .iter()
        .filter_map(|row| row["title"].as_str())
        .collect();
    for want in [
        "Red alert title",
        "Title set",
        "DCS done",
        "Bidi evil iso zerowidth",
        "Ref red",
        "OSC ref tail",
    ] {
        assert!(titles.contains(&want), "{want:?} not in {titles:?}");
    }

    // Plain text: one entry per article, each title shown, still nothing a terminal obeys.
    let plain = run(&config, &data_dir, &["headlines"]);
    assert!(
        plain.status.success(),
        "{:?}\n{}",
        plain.status,
        plain.stderr
    );
    for title in ["人工智能芯片出口管制", "Huawei Ascend supply update"] {
        assert!(plain.stdout.contains(title), "{title} in\n{}", plain.stdout);
    }

    drop(server);
    runtime.shutdown_timeout(Duration::from_secs(1));
}

fn assert_json_control_free(value: &serde_json::Value) {
    match value {
        serde_json::Value::String(text) => assert_str_control_free(text, "headlines --json"),
        serde_json::Value::Array(items) => items.iter().for_each(assert_json_control_free),
        serde_json::Value::Object(fields) => fields.iter().for_each(|(key, value)| {
            assert_str_control_free(key, "headlines --json");
            assert_json_control_free(value);
        }),
        _ => {}
    }
}
