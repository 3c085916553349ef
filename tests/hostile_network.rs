//! Hostile servers on 127.0.0.1: drips, bombs, redirect loops and chains, Retry-After in
//! every form, rotated ETags, broken transfers, TLS and DNS failures. Each case is checked
//! at the fetch level, and all of them at once through the poller.

// Helpers outside #[test] functions unwrap too: a broken fixture should fail loudly.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use ainews_tui::config::FetchConfig;
use ainews_tui::ingest::fetch::{FetchError, FetchResponse, Fetcher, MAX_REDIRECTS, Validators};
use ainews_tui::ingest::pipeline::{Ingested, fetch_and_ingest};
use ainews_tui::ingest::poller::{FeedOutcome, MAX_RETRY_AFTER};
use ainews_tui::model::{ArticleId, FeedId};
use common::{
    Framing, RawServer, Route, TestServer, classifier, closed_port, feed, fetch_config, fixture,
    next_finished, start_poller, within,
};

const LIMIT: u64 = 256 * 1024;

fn fetcher(config: &FetchConfig) -> Fetcher {
    Fetcher::new(config).expect("client builds")
}

async fn ingest(config: &FetchConfig, url: &str) -> Ingested {
    fetch_and_ingest(
        &fetcher(config),
        FeedId(0),
        url,
        url,
        &Validators::default(),
        classifier(),
    )
    .await
}

fn error_of(ingested: &Ingested) -> &str {
    match &ingested.outcome {
        FeedOutcome::Failed { error } => error,
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn titles(outcome: &FeedOutcome) -> Vec<&str> {
    match outcome {
        FeedOutcome::Updated { articles } => articles.iter().map(|a| a.title.as_str()).collect(),
        other => panic!("expected articles, got {other:?}"),
    }
}

fn ids(outcome: &FeedOutcome) -> Vec<ArticleId> {
    match outcome {
        FeedOutcome::Updated { articles } => articles.iter().map(|a| a.id).collect(),
        other => panic!("expected articles, got {other:?}"),
    }
}

/// An IMF-fixdate `secs` from now, as a server would send in Retry-After.
fn http_date_in(secs: i64) -> String {
    ainews_tui::time::http_date(ainews_tui::time::now() + secs)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gzip_route(bytes: &[u8], framing: Framing) -> Route {
    Route::ok(gzip(bytes), "application/rss+xml")
        .header("Content-Encoding", "gzip")
        .framing(framing)
}

#[tokio::test]
async fn a_dripping_server_is_cut_by_the_total_timeout() {
    within(10, async {
        let server = TestServer::start().await;
        server.route(
            "/drip",
            Route::drip(fixture("feeds/rss2.xml"), Duration::from_millis(50)),
        );
        let config = FetchConfig {
            timeout: Duration::from_secs(1),
            ..fetch_config()
        };
        let started = Instant::now();
        let result = fetcher(&config)
            .fetch(&server.url("/drip"), &Validators::default())
            .await;
        assert_eq!(result, Err(FetchError::TimedOut(Duration::from_secs(1))));
        let took = started.elapsed();
        assert!(took < Duration::from_millis(1800), "cut after {took:?}");
        assert_eq!(
            error_of(&ingest(&config, &server.url("/drip")).await),
            "timed out after 1s"
        );
    })
    .await;
}

#[tokio::test]
async fn gzip_bombs_are_capped_on_decoded_bytes_however_framed() {
    within(20, async {
        let server = TestServer::start().await;
        // 8 MiB of zeros after a feed opening: about 8 KiB on the wire.
        let mut bomb = b"<rss version=\"2.0\"><channel><title>".to_vec();
        bomb.resize(8 * 1024 * 1024, b'0');
        for (path, framing) in [
            ("/len", Framing::ContentLength),
            ("/close", Framing::Close),
            ("/chunked", Framing::Chunked),
        ] {
            server.route(path, gzip_route(&bomb, framing));
            server.route(
                &format!("{path}/ok"),
                gzip_route(&fixture("feeds/rss2.xml"), framing),
            );
        }
        let fetcher = fetcher(&fetch_config());
        for path in ["/len", "/close", "/chunked"] {
            let started = Instant::now();
            let result = fetcher
                .fetch(&server.url(path), &Validators::default())
                .await;
            assert_eq!(result, Err(FetchError::TooLarge(LIMIT)), "{path}");
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "{path} refused early"
            );
            // The same framing with an honest body works: the cap is not refusing gzip itself.
            let ok = ingest(&fetch_config(), &server.url(&format!("{path}/ok"))).await;
            assert_eq!(titles(&ok.outcome).len(), 3, "{path}");
        }
    })
    .await;
}

#[tokio::test]
async fn redirect_chains_end_after_ten_hops_and_loops_are_errors() {
    within(15, async {
        let server = TestServer::start().await;
        // /c0 -> /c1 -> ... -> /c11 -> the feed: 12 hops from /c0, 10 from /c2.
        for i in 0..12 {
            server.route(
                &format!("/c{i}"),
                Route::redirect(302, &format!("/c{}", i + 1)),
            );
        }
        server.route("/c12", Route::rss(fixture("feeds/rss2.xml")));
        server.route("/ping", Route::redirect(301, "/pong"));
        server.route("/pong", Route::redirect(308, "/ping"));
        let fetcher = fetcher(&fetch_config());
        let none = Validators::default();

        assert_eq!(MAX_REDIRECTS, 10);
        let ten = fetcher.fetch(&server.url("/c2"), &none).await;
        assert!(matches!(ten, Ok(FetchResponse::Body { .. })), "{ten:?}");
        let eleven = fetcher.fetch(&server.url("/c1"), &none).await;
        assert_eq!(eleven, Err(FetchError::TooManyRedirects));
        assert_eq!(
            server.requests_to("/c12").len(),
            1,
            "the 11th hop is never followed"
        );

        let looped = fetcher.fetch(&server.url("/ping"), &none).await;
        assert_eq!(looped, Err(FetchError::TooManyRedirects));
        let asked = server.requests_to("/ping").len() + server.requests_to("/pong").len();
        assert_eq!(asked, 11, "the first request and ten hops, then stop");
        assert_eq!(
            error_of(&ingest(&fetch_config(), &server.url("/ping")).await),
            "too many redirects (more than 10)"
        );
    })
    .await;
}

#[tokio::test]
async fn only_permanent_redirects_move_a_feed_and_ids_never_change() {
    within(20, async {
        let server = TestServer::start().await;
        server.route("/new.xml", Route::rss(fixture("feeds/rss2.xml")));
        server.route("/t.xml", Route::rss(fixture("feeds/rss2.xml")));
        for status in [301, 308] {
            server.route(
                &format!("/perm{status}"),
                Route::redirect(status, "/new.xml"),
            );
        }
        for status in [302, 303, 307] {
            server.route(&format!("/temp{status}"), Route::redirect(status, "/t.xml"));
        }
        let paths = ["/perm301", "/perm308", "/temp302", "/temp303", "/temp307"];
        let fetcher = fetcher(&fetch_config());
        for path in paths {
            let Ok(FetchResponse::Body {
                permanent_redirect, ..
            }) = fetcher
                .fetch(&server.url(path), &Validators::default())
                .await
            else {
                panic!("{path}: no body");
            };
            assert_eq!(
                permanent_redirect.is_some(),
                path.starts_with("/perm"),
                "{path}"
            );
        }

        let feeds = paths.iter().map(|p| feed(&server.url(p))).collect();
        let (handle, mut events) = start_poller(feeds, fetch_config());
        let mut first = HashMap::new();
        for _ in 0..paths.len() {
            let (id, report) = next_finished(&mut events).await;
            let moved = path_is_permanent(paths[id.0 as usize]);
            assert_eq!(report.moved_to.is_some(), moved, "{id:?}: {report:?}");
            first.insert(id, ids(&report.outcome));
        }
        let asked_before: Vec<usize> = paths.iter().map(|p| server.requests_to(p).len()).collect();
        handle.refresh_all();
        for _ in 0..paths.len() {
            let (id, report) = next_finished(&mut events).await;
            assert_eq!(
                ids(&report.outcome),
                first[&id],
                "{id:?}: the second poll brings the same articles, not copies"
            );
        }
        for (i, path) in paths.iter().enumerate() {
            let asked_after = server.requests_to(path).len();
            if path_is_permanent(path) {
                assert_eq!(asked_after, asked_before[i], "{path}: the new URL is used");
            } else {
                assert_eq!(asked_after, asked_before[i] + 1, "{path}: still asked");
            }
        }
        handle.shutdown();
    })
    .await;
}

fn path_is_permanent(path: &str) -> bool {
    path.starts_with("/perm")
}

#[tokio::test]
async fn retry_after_is_read_as_seconds_or_a_date_and_garbage_is_ignored() {
    within(10, async {
        let server = TestServer::start().await;
        server.route("/secs", Route::status(429).header("Retry-After", "120"));
        server.route(
            "/date",
            Route::status(503).header("Retry-After", &http_date_in(3600)),
        );
        server.route(
            "/past",
            Route::status(429).header("Retry-After", &http_date_in(-3600)),
        );
        server.route(
            "/garbage",
            Route::status(429).header("Retry-After", "soon-ish"),
        );
        server.route("/negative", Route::status(503).header("Retry-After", "-30"));
        server.route("/not-busy", Route::status(500).header("Retry-After", "120"));
        let fetcher = fetcher(&fetch_config());
        let retry = |path: &'static str| {
            let fetcher = fetcher.clone();
            let url = server.url(path);
            async move {
                let error = fetcher
                    .fetch(&url, &Validators::default())
                    .await
                    .unwrap_err();
                (error.retry_after(), error.to_string())
            }
        };

        assert_eq!(
            retry("/secs").await,
            (
                Some(Duration::from_secs(120)),
                "HTTP 429 (retry after 120s)".into()
            )
        );
        let (date, _) = retry("/date").await;
        let date = date.expect("an HTTP date is read");
        assert!(
            (3590..=3600).contains(&date.as_secs()),
            "an hour from now: {date:?}"
        );
        assert_eq!(retry("/past").await.0, Some(Duration::ZERO));
        assert_eq!(
            retry("/garbage").await,
            (None, "HTTP 429 Too Many Requests".into())
        );
        assert_eq!(
            retry("/negative").await,
            (None, "HTTP 503 Service Unavailable".into())
        );
        assert_eq!(
            retry("/not-busy").await,
            (None, "HTTP 500 Internal Server Error".into()),
            "Retry-After counts only on 429 and 503"
        );
    })
    .await;
}

#[tokio::test]
async fn a_far_retry_after_date_is_clamped_by_the_poller() {
    within(10, async {
        let server = TestServer::start().await;
        server.route(
            "/far",
            Route::status(429).header("Retry-After", "Fri, 01 Jan 2100 00:00:00 GMT"),
        );
        let (handle, mut events) = start_poller(vec![feed(&server.url("/far"))], fetch_config());
        let (_, report) = next_finished(&mut events).await;
        assert!(matches!(report.outcome, FeedOutcome::Failed { .. }));
        let wait = report.next_refresh - report.at;
        let cap = MAX_RETRY_AFTER.as_secs() as i64;
        assert!((cap..=cap + 5).contains(&wait), "retry in {wait}s");
        handle.shutdown();
    })
    .await;
}

#[tokio::test]
async fn a_rotated_etag_on_a_304_is_kept_and_sent_next_time() {
    within(15, async {
        let server = TestServer::start().await;
        server.route(
            "/etag.xml",
            Route::rss(fixture("feeds/rss2.xml"))
                .etag("\"v1\"")
                .etag_on_304("\"v1-rotated\""),
        );
        let (handle, mut events) =
            start_poller(vec![feed(&server.url("/etag.xml"))], fetch_config());
        let (_, first) = next_finished(&mut events).await;
        assert_eq!(titles(&first.outcome).len(), 3);
        assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));

        assert!(handle.refresh(FeedId(0)));
        let (_, second) = next_finished(&mut events).await;
        assert_eq!(second.outcome, FeedOutcome::NotModified);
        assert_eq!(second.validators.etag.as_deref(), Some("\"v1-rotated\""));

        assert!(handle.refresh(FeedId(0)));
        next_finished(&mut events).await;
        let asked = server.requests_to("/etag.xml");
        assert_eq!(asked[1].header("If-None-Match"), Some("\"v1\""));
        assert_eq!(asked[2].header("If-None-Match"), Some("\"v1-rotated\""));
        handle.shutdown();
    })
    .await;
}

#[tokio::test]
async fn validators_of_a_body_that_does_not_parse_are_not_kept() {
    within(10, async {
        let server = TestServer::start().await;
        server.route(
            "/login",
            Route::ok(
                fixture("hostile/error_html_login_page.html"),
                "text/html; charset=utf-8",
            )
            .etag("\"login\""),
        );
        let old = Validators {
            etag: Some("\"old\"".into()),
            last_modified: None,
        };
        let url = server.url("/login");
        let ingested = fetch_and_ingest(
            &fetcher(&fetch_config()),
            FeedId(0),
            &url,
            &url,
            &old,
            classifier(),
        )
        .await;
        assert_eq!(error_of(&ingested), "not a feed: looks like an HTML page");
        assert_eq!(
            ingested.validators, old,
            "the next poll must download and parse again"
        );
    })
    .await;
}

#[tokio::test]
async fn statuses_and_broken_transfers_read_clearly() {
    within(20, async {
        let server = TestServer::start().await;
        let full = fixture("feeds/rss2.xml");
        server.route("/404", Route::status(404));
        server.route("/410", Route::status(410));
        server.route("/500", Route::status(500));
        server.route(
            "/login",
            Route::ok(fixture("hostile/error_html_login_page.html"), "text/html"),
        );
        server.route("/empty", Route::rss(""));
        server.route("/cut-xml", Route::rss(&full[..full.len() / 2]));
        server.route("/cut-transfer", Route::truncated(&full[..100], full.len()));
        server.route("/hang-up", Route::close_without_answer());
        let refused = format!("http://127.0.0.1:{}/feed.xml", closed_port());

        let cases: [(String, &str); 9] = [
            (server.url("/404"), "HTTP 404 Not Found"),
            (server.url("/410"), "HTTP 410 Gone"),
            (server.url("/500"), "HTTP 500 Internal Server Error"),
            (server.url("/login"), "not a feed: looks like an HTML page"),
            (server.url("/empty"), "empty body"),
            (server.url("/cut-xml"), "XML error: "),
            (server.url("/cut-transfer"), "network error: "),
            (server.url("/hang-up"), "network error: "),
            (refused, "connection refused"),
        ];
        for (url, want) in cases {
            let ingested = ingest(&fetch_config(), &url).await;
            let error = error_of(&ingested);
            assert!(error.starts_with(want), "{url}: {error:?}, want {want:?}");
            assert!(
                !error.contains('\n') && error.chars().count() < 200,
                "{url}: {error:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn tls_to_a_plain_http_port_is_a_tls_error() {
    within(10, async {
        let plain =
            RawServer::start(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n").await;
        let url = format!("https://127.0.0.1:{}/feed.xml", plain.addr.port());
        let error = fetcher(&fetch_config())
            .fetch(&url, &Validators::default())
            .await
            .unwrap_err();
        assert!(matches!(error, FetchError::Tls(_)), "{error:?}");
        assert!(error.to_string().starts_with("TLS error: "), "{error}");
    })
    .await;
}

#[tokio::test]
async fn an_unresolvable_host_is_a_dns_error() {
    within(15, async {
        // `.invalid` is reserved (RFC 2606): it never resolves, and needs no network to fail.
        let error = fetcher(&fetch_config())
            .fetch("http://ainews-feed.invalid/rss.xml", &Validators::default())
            .await
            .unwrap_err();
        assert_eq!(error, FetchError::Dns("ainews-feed.invalid".into()));
        assert_eq!(
            error.to_string(),
            "DNS lookup failed for ainews-feed.invalid"
        );
    })
    .await;
}

#[tokio::test]
async fn chinese_feeds_read_correctly_from_the_charset_header_alone() {
    within(10, async {
        let server = TestServer::start().await;
        server.route(
            "/gbk.xml",
            Route::ok(
                fixture("hostile/encoding_gbk_undeclared_charset_header.xml"),
                "text/xml; charset=GBK",
            ),
        );
        server.route(
            "/big5.xml",
            Route::ok(fixture("hostile/encoding_big5_declared.xml"), "text/xml"),
        );
        let gbk = ingest(&fetch_config(), &server.url("/gbk.xml")).await;
        assert_eq!(gbk.feed_title.as_deref(), Some("中文科技"));
        assert_eq!(
            titles(&gbk.outcome),
            ["人工智能芯片出口管制", "深度求索发布新模型"]
        );
        let big5 = ingest(&fetch_config(), &server.url("/big5.xml")).await;
        assert_eq!(titles(&big5.outcome), ["臺灣半導體製造"]);
    })
    .await;
}

/// Every hostile endpoint at once through the poller: the good feeds arrive whole, every
/// bad one reports an error of its own, and the poller keeps running.
#[tokio::test]
async fn the_poller_survives_a_hostile_server() {
    within(30, async {
        let server = TestServer::start().await;
        let plain = RawServer::start(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
        let full = fixture("feeds/rss2.xml");
        let mut bomb = b"<rss version=\"2.0\"><channel>".to_vec();
        bomb.resize(4 * 1024 * 1024, b' ');
        for i in 0..11 {
            server.route(
                &format!("/hop{i}"),
                Route::redirect(307, &format!("/hop{}", i + 1)),
            );
        }
        server.route("/hop11", Route::rss(full.clone()));
        server.route("/good-rss", Route::rss(full.clone()));
        server.route(
            "/good-atom",
            Route::ok(fixture("feeds/atom.xml"), "application/atom+xml"),
        );
        server.route(
            "/good-gbk",
            Route::ok(
                fixture("hostile/encoding_gbk_undeclared_charset_header.xml"),
                "text/xml; charset=gbk",
            ),
        );
        server.route("/moved", Route::redirect(301, "/good-rss"));
        server.route(
            "/good-terminal",
            Route::rss(fixture("hostile/terminal_raw_escape_sequences.xml")),
        );
        server.route(
            "/drip",
            Route::drip(full.clone(), Duration::from_millis(100)),
        );
        server.route("/bomb", gzip_route(&bomb, Framing::Chunked));
        server.route("/loop", Route::redirect(308, "/loop"));
        server.route(
            "/busy",
            Route::status(429).header("Retry-After", &http_date_in(600)),
        );
        server.route(
            "/login",
            Route::ok(fixture("hostile/error_html_login_page.html"), "text/html"),
        );
        server.route("/empty", Route::rss(""));
        server.route("/cut", Route::rss(&full[..full.len() / 2]));
        server.route("/cut-transfer", Route::truncated(&full[..50], full.len()));
        server.route("/gone", Route::status(410));
        server.route("/broken", Route::status(500));
        server.route("/hang-up", Route::close_without_answer());

        // (url, Ok(article count) or Err(error prefix))
        let cases: Vec<(String, Result<usize, &str>)> = vec![
            (server.url("/good-rss"), Ok(3)),
            (server.url("/good-atom"), Ok(2)),
            (server.url("/good-gbk"), Ok(2)),
            (server.url("/moved"), Ok(3)),
            (server.url("/good-terminal"), Ok(6)),
            (server.url("/drip"), Err("timed out after 1s")),
            (
                server.url("/bomb"),
                Err("response larger than 256 KiB limit"),
            ),
            (server.url("/loop"), Err("too many redirects")),
            (server.url("/hop0"), Err("too many redirects")),
            (server.url("/busy"), Err("HTTP 429 (retry after")),
            (
                server.url("/login"),
                Err("not a feed: looks like an HTML page"),
            ),
            (server.url("/empty"), Err("empty body")),
            (server.url("/cut"), Err("XML error: ")),
            (server.url("/cut-transfer"), Err("network error: ")),
            (server.url("/gone"), Err("HTTP 410 Gone")),
            (server.url("/broken"), Err("HTTP 500 Internal Server Error")),
            (server.url("/hang-up"), Err("network error: ")),
            (
                format!("http://127.0.0.1:{}/rss", closed_port()),
                Err("connection refused"),
            ),
            (
                format!("https://127.0.0.1:{}/rss", plain.addr.port()),
                Err("TLS error: "),
            ),
            (
                "http://ainews-feed.invalid/rss".to_string(),
                Err("DNS lookup failed"),
            ),
            (
                "gopher://example.com/feed".to_string(),
                Err("invalid URL: "),
            ),
        ];
        let config = FetchConfig {
            timeout: Duration::from_secs(1),
            ..fetch_config()
        };
        let feeds = cases.iter().map(|(url, _)| feed(url)).collect();
        let (handle, mut events) = start_poller(feeds, config);

        let mut seen = HashMap::new();
        while seen.len() < cases.len() {
            let (id, report) = next_finished(&mut events).await;
            seen.insert(id, report);
        }
        for (i, (url, want)) in cases.iter().enumerate() {
            let report = &seen[&FeedId(i as u32)];
            match (want, &report.outcome) {
                (Ok(count), FeedOutcome::Updated { articles }) => {
                    assert_eq!(articles.len(), *count, "{url}");
                    for article in articles {
                        assert!(
                            !article.title.chars().any(char::is_control),
                            "{url}: {:?}",
                            article.title
                        );
                    }
                }
                (Err(prefix), FeedOutcome::Failed { error }) => {
                    assert!(
                        error.starts_with(prefix),
                        "{url}: {error:?}, want {prefix:?}"
                    );
                    assert!(
                        report.next_refresh > report.at,
                        "{url}: a failing feed is retried, never disabled"
                    );
                }
                (want, got) => panic!("{url}: want {want:?}, got {got:?}"),
            }
        }
        assert!(!handle.is_finished(), "every feed task is still scheduled");
        // And it still answers: a manual refresh of a good feed brings it again.
        assert!(handle.refresh(FeedId(0)));
        let (id, report) = next_finished(&mut events).await;
        assert_eq!(id, FeedId(0));
        assert_eq!(titles(&report.outcome).len(), 3);
        handle.shutdown();
    })
    .await;
}
