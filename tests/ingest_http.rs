//! Ingest against a loopback HTTP server: fetch, parse, classify into Articles; conditional
//! GET; timeouts, size caps, hostile bodies, redirects; the poller's limits and schedule.

mod common;

use std::future::Future;
use std::time::{Duration, Instant};

use ainews_tui::config::{FeedConfig, FetchConfig};
use ainews_tui::ingest::fetch::{FetchError, FetchResponse, Fetcher, Validators};
use ainews_tui::ingest::pipeline::{Ingested, fetch_and_ingest};
use ainews_tui::ingest::poller::{FeedOutcome, PollEvent};
use ainews_tui::model::{Article, ArticleId, FeedId};
use common::{Framing, Route, TestServer, classifier, next_finished, start_poller};

const KIB: u64 = 1024;

fn fetch_config() -> FetchConfig {
    FetchConfig {
        concurrency: 8,
        per_host: 4,
        timeout: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(1),
        max_bytes: 256 * KIB,
        user_agent: "ainews-tui-test/0.1 (+https://example.invalid)".to_string(),
        refresh: Duration::from_secs(15 * 60),
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/feeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn feed(url: &str) -> FeedConfig {
    FeedConfig {
        url: url.to_string(),
        name: None,
        refresh: None,
        tags: Vec::new(),
        enabled: true,
        full_text: false,
    }
}

/// Every test body runs under a deadline so a hang fails the test instead of the CI run.
async fn within<T>(secs: u64, fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), fut)
        .await
        .unwrap_or_else(|_| panic!("test did not finish within {secs}s"))
}

async fn ingest(config: &FetchConfig, url: &str, validators: &Validators) -> Ingested {
    let fetcher = Fetcher::new(config).expect("client builds");
    fetch_and_ingest(&fetcher, FeedId(0), url, url, validators, classifier()).await
}

fn articles(ingested: &Ingested) -> &[Article] {
    match &ingested.outcome {
        FeedOutcome::Updated { articles } => articles,
        other => panic!("expected articles, got {other:?}"),
    }
}

fn error(ingested: &Ingested) -> &str {
    match &ingested.outcome {
        FeedOutcome::Failed { error } => error,
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn has_controls(s: &str) -> bool {
    s.chars().any(char::is_control)
}

#[tokio::test]
async fn rss_feed_becomes_clean_articles_with_stable_ids() {
    within(10, async {
        let server = TestServer::start().await;
        server.route("/rss.xml", Route::rss(fixture("rss2.xml")));
        let url = server.url("/rss.xml");

        let first = ingest(&fetch_config(), &url, &Validators::default()).await;
        let second = ingest(&fetch_config(), &url, &Validators::default()).await;
        let (a, b) = (articles(&first), articles(&second));

        assert_eq!(first.feed_title.as_deref(), Some("AI Policy Wire"));
        assert_eq!(a.len(), 3, "the repeated guid is dropped: {a:#?}");
        let ids: Vec<ArticleId> = a.iter().map(|x| x.id).collect();
        assert_eq!(
            ids,
            b.iter().map(|x| x.id).collect::<Vec<_>>(),
            "same items, same ids"
        );

        let export = &a[0];
        // The raw title does hold an escape sequence and a line break; the pipeline removed them.
        let raw = ainews_tui::ingest::parse::parse_feed(&fixture("rss2.xml"), &url).unwrap();
        assert!(raw.entries[0].title.contains('\u{1b}') && raw.entries[0].title.contains('\n'));
        assert!(
            export.title.contains("export controls"),
            "{:?}",
            export.title
        );
        assert!(
            !has_controls(&export.title),
            "title keeps control characters: {:?}",
            export.title
        );
        assert_eq!(export.guid.as_deref(), Some("wire-1001"));
        assert_eq!(
            export.link.as_deref(),
            Some("https://wire.example.com/2025/06/export-controls")
        );
        assert_eq!(export.published, Some(1_748_858_400));
        assert!(
            export.body.contains("Entity List"),
            "content:encoded wins over description"
        );
        assert!(!export.read && !export.starred);

        // No guid: identity from the link, resolved against the document URL.
        let deepseek = &a[1];
        assert_eq!(deepseek.guid, None);
        assert_eq!(
            deepseek.link.as_deref(),
            Some(server.url("/2025/06/deepseek-model").as_str())
        );
        assert_eq!(
            deepseek.id,
            ArticleId::derive(&url, None, deepseek.link.as_deref(), "", None)
        );

        // Neither guid nor link: identity from title and date.
        let roundup = &a[2];
        assert_eq!(roundup.link, None);
        assert_eq!(
            roundup.id,
            ArticleId::derive(&url, None, None, "Weekly roundup", Some(1_749_038_400))
        );
    })
    .await;
}

#[tokio::test]
async fn atom_json_and_latin1_feeds_parse() {
    within(10, async {
        let server = TestServer::start().await;
        server.route(
            "/atom.xml",
            Route::ok(fixture("atom.xml"), "application/atom+xml"),
        );
        server.route(
            "/feed.json",
            Route::ok(fixture("feed.json"), "application/feed+json"),
        );
        // Labelled wrongly on purpose: the XML declaration decides the charset.
        server.route(
            "/latin1.xml",
            Route::ok(fixture("latin1.xml"), "text/xml; charset=utf-8"),
        );

        let atom = ingest(
            &fetch_config(),
            &server.url("/atom.xml"),
            &Validators::default(),
        )
        .await;
        assert_eq!(atom.feed_title.as_deref(), Some("Frontier Labs Digest"));
        let entries = articles(&atom);
        assert_eq!(entries.len(), 2);
        assert!(
            entries[0].title.contains("compute"),
            "{:?}",
            entries[0].title
        );
        assert_eq!(
            entries[0].guid.as_deref(),
            Some("tag:digest.example.org,2025:1")
        );
        assert_eq!(
            entries[0].link.as_deref(),
            Some("https://digest.example.org/posts/1")
        );
        assert!(
            entries[0].body.contains("frontier labs"),
            "content wins over summary"
        );
        assert_eq!(
            entries[1].published,
            Some(1_749_021_300),
            "published wins over updated"
        );
        assert_eq!(entries[1].body, "Chips, yields and the race.");

        let json = ingest(
            &fetch_config(),
            &server.url("/feed.json"),
            &Validators::default(),
        )
        .await;
        assert_eq!(json.feed_title.as_deref(), Some("JSON Wire"));
        assert_eq!(
            articles(&json)[0].link.as_deref(),
            Some("https://json.example.com/1")
        );

        // No declaration: then the HTTP charset decides.
        let undeclared =
            b"<rss version=\"2.0\"><channel><title>Caf\xe9</title><item><guid>1</guid>\
                           <title>\xc0 Shanghai</title></item></channel></rss>";
        server.route(
            "/undeclared.xml",
            Route::ok(&undeclared[..], "text/xml; charset=iso-8859-1"),
        );
        let plain = ingest(
            &fetch_config(),
            &server.url("/undeclared.xml"),
            &Validators::default(),
        )
        .await;
        assert_eq!(plain.feed_title.as_deref(), Some("Caf\u{e9}"));
        assert_eq!(articles(&plain)[0].title, "\u{c0} Shanghai");

        let latin = ingest(
            &fetch_config(),
            &server.url("/latin1.xml"),
            &Validators::default(),
        )
        .await;
        assert_eq!(latin.feed_title.as_deref(), Some("Caf\u{e9} IA"));
        assert_eq!(
            articles(&latin)[0].title,
            "R\u{e9}sum\u{e9} des puces \u{e0} la une"
        );
    })
    .await;
}

#[tokio::test]
async fn conditional_get_echoes_validators_exactly() {
    within(10, async {
        let server = TestServer::start().await;
        let etag = r#"W/"abc-123""#;
        let date = "Mon, 02 Jun 2025 10:00:00 GMT";
        server.route(
            "/c.xml",
            Route::rss(fixture("rss2.xml"))
                .etag(etag)
                .last_modified(date)
                .etag_on_304(r#""rotated-2""#),
        );
        let url = server.url("/c.xml");
        let fetcher = Fetcher::new(&fetch_config()).unwrap();

        let FetchResponse::Body { validators, .. } =
            fetcher.fetch(&url, &Validators::default()).await.unwrap()
        else {
            panic!("first fetch must return a body");
        };
        assert_eq!(validators.etag.as_deref(), Some(etag));
        assert_eq!(validators.last_modified.as_deref(), Some(date));

        let again = fetcher.fetch(&url, &validators).await.unwrap();
        assert_eq!(
            again,
            FetchResponse::NotModified {
                validators: Validators {
                    etag: Some(r#""rotated-2""#.into()),
                    last_modified: Some(date.into())
                }
            },
            "a 304 may carry a new ETag; the Last-Modified it omitted is kept"
        );

        let seen = server.requests_to("/c.xml");
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].header("If-None-Match"), None);
        assert_eq!(seen[1].header("If-None-Match"), Some(etag));
        assert_eq!(seen[1].header("If-Modified-Since"), Some(date));
        assert_eq!(
            seen[0].header("User-Agent"),
            Some(fetch_config().user_agent.as_str())
        );
        assert!(
            seen[0]
                .header("Accept-Encoding")
                .is_some_and(|v| v.contains("gzip"))
        );

        // Through the pipeline, a 304 is a success with nothing new.
        let ingested = ingest(&fetch_config(), &url, &validators).await;
        assert_eq!(ingested.outcome, FeedOutcome::NotModified);
    })
    .await;
}

#[tokio::test]
async fn gzip_bodies_are_decoded_and_capped_after_decoding() {
    within(10, async {
        let server = TestServer::start().await;
        server.route(
            "/gz.xml",
            Route::gzip(&fixture("rss2.xml"), "application/rss+xml"),
        );
        // 4 MiB of spaces compress to a few KiB: the cap must apply to the decoded size.
        server.route(
            "/bomb.xml",
            Route::gzip(&vec![b' '; 4 * 1024 * 1024], "application/rss+xml"),
        );

        let ok = ingest(
            &fetch_config(),
            &server.url("/gz.xml"),
            &Validators::default(),
        )
        .await;
        assert_eq!(articles(&ok).len(), 3);

        let bomb = ingest(
            &fetch_config(),
            &server.url("/bomb.xml"),
            &Validators::default(),
        )
        .await;
        assert_eq!(error(&bomb), "response larger than 256 KiB limit");
    })
    .await;
}

#[tokio::test]
async fn oversized_bodies_are_refused_however_they_are_framed() {
    within(20, async {
        let server = TestServer::start().await;
        let size = 3 * 1024 * 1024;
        server.route("/len", Route::oversized(size, Framing::ContentLength));
        server.route("/close", Route::oversized(size, Framing::Close));
        server.route("/chunked", Route::oversized(size, Framing::Chunked));
        for path in ["/len", "/close", "/chunked"] {
            let started = Instant::now();
            let result = Fetcher::new(&fetch_config())
                .unwrap()
                .fetch(&server.url(path), &Validators::default())
                .await;
            assert_eq!(result, Err(FetchError::TooLarge(256 * KIB)), "{path}");
            assert_eq!(
                result.unwrap_err().to_string(),
                "response larger than 256 KiB limit"
            );
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "{path} refused early"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn html_pages_and_garbage_become_feed_errors() {
    within(20, async {
        let server = TestServer::start().await;
        server.route("/page", Route::ok(fixture("not_a_feed.html"), "text/html"));
        server.route("/empty", Route::rss(""));
        server.route("/truncated", Route::rss(&fixture("rss2.xml")[..400]));
        server.route(
            "/binary",
            Route::ok(
                (0..=255u8).cycle().take(5000).collect::<Vec<_>>(),
                "application/rss+xml",
            ),
        );
        let mut nested = b"<rss version=\"2.0\"><channel><item><description>".to_vec();
        nested.extend(b"<div>".repeat(20_000));
        server.route("/nested", Route::rss(nested));
        let mut rng = fastrand::Rng::with_seed(11);
        for i in 0..20 {
            let mut junk =
                b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>".to_vec();
            junk.extend((0..rng.usize(1..2000)).map(|_| rng.u8(..)));
            server.route(&format!("/junk{i}"), Route::rss(junk));
        }

        let page = ingest(
            &fetch_config(),
            &server.url("/page"),
            &Validators::default(),
        )
        .await;
        assert_eq!(error(&page), "not a feed: looks like an HTML page");
        let empty = ingest(
            &fetch_config(),
            &server.url("/empty"),
            &Validators::default(),
        )
        .await;
        assert_eq!(error(&empty), "empty body");
        let truncated = ingest(
            &fetch_config(),
            &server.url("/truncated"),
            &Validators::default(),
        )
        .await;
        assert!(error(&truncated).starts_with("XML error"), "{truncated:?}");

        for path in ["/binary", "/nested"]
            .into_iter()
            .map(String::from)
            .chain((0..20).map(|i| format!("/junk{i}")))
        {
            let ingested =
                ingest(&fetch_config(), &server.url(&path), &Validators::default()).await;
            // Lenient parsing may still find items; whatever it returns must be clean.
            match &ingested.outcome {
                FeedOutcome::Failed { error } => assert!(
                    !error.is_empty() && !has_controls(error),
                    "{path}: {error:?}"
                ),
                FeedOutcome::Updated { articles } => {
                    assert!(articles.iter().all(|a| !has_controls(&a.title)), "{path}")
                }
                FeedOutcome::NotModified => panic!("{path}: no validators were sent"),
            }
            assert_eq!(ingested.validators, Validators::default());
        }
    })
    .await;
}

#[tokio::test]
async fn http_errors_read_clearly_and_carry_retry_after() {
    within(10, async {
        let server = TestServer::start().await;
        server.route("/gone", Route::status(404));
        server.route("/busy", Route::status(503).header("Retry-After", "120"));
        server.route(
            "/slow-down",
            Route::status(429).header("Retry-After", "Fri, 01 Jan 2100 00:00:00 GMT"),
        );
        let fetcher = Fetcher::new(&fetch_config()).unwrap();
        let none = Validators::default();

        let gone = fetcher
            .fetch(&server.url("/gone"), &none)
            .await
            .unwrap_err();
        assert_eq!(gone.to_string(), "HTTP 404 Not Found");
        assert_eq!(gone.retry_after(), None);

        let busy = fetcher
            .fetch(&server.url("/busy"), &none)
            .await
            .unwrap_err();
        assert_eq!(busy.to_string(), "HTTP 503 (retry after 120s)");
        assert_eq!(busy.retry_after(), Some(Duration::from_secs(120)));

        let slow = fetcher
            .fetch(&server.url("/slow-down"), &none)
            .await
            .unwrap_err();
        assert!(
            slow.retry_after()
                .is_some_and(|d| d > Duration::from_secs(86_400)),
            "{slow:?}"
        );

        // Nothing listens on a port we just released.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let refused = fetcher
            .fetch(&format!("http://127.0.0.1:{port}/feed"), &none)
            .await
            .unwrap_err();
        assert_eq!(refused.to_string(), "connection refused");

        let missing = fetcher
            .fetch("/no/such/dir/feed.xml", &none)
            .await
            .unwrap_err();
        assert_eq!(missing.to_string(), "file not found: /no/such/dir/feed.xml");
    })
    .await;
}

#[tokio::test]
async fn redirects_are_followed_and_permanent_moves_reported() {
    within(10, async {
        let server = TestServer::start().await;
        server.route("/feed.xml", Route::rss(fixture("rss2.xml")));
        server.route("/old", Route::redirect(301, "/older"));
        server.route("/older", Route::redirect(308, &server.url("/feed.xml")));
        server.route("/temp", Route::redirect(302, "/feed.xml"));
        server.route("/mixed", Route::redirect(301, "/temp"));
        server.route("/loop", Route::redirect(307, "/loop"));
        server.route("/to-file", Route::redirect(301, "file:///etc/passwd"));
        let fetcher = Fetcher::new(&fetch_config()).unwrap();
        let none = Validators::default();
        let moved = |r: FetchResponse| match r {
            FetchResponse::Body {
                final_url,
                permanent_redirect,
                ..
            } => (final_url, permanent_redirect),
            other => panic!("{other:?}"),
        };
        let target = server.url("/feed.xml");

        assert_eq!(
            moved(fetcher.fetch(&server.url("/old"), &none).await.unwrap()),
            (target.clone(), Some(target.clone()))
        );
        assert_eq!(
            moved(fetcher.fetch(&server.url("/temp"), &none).await.unwrap()),
            (target.clone(), None)
        );
        assert_eq!(
            moved(fetcher.fetch(&server.url("/mixed"), &none).await.unwrap()),
            (target.clone(), None)
        );
        assert_eq!(
            fetcher.fetch(&server.url("/loop"), &none).await,
            Err(FetchError::TooManyRedirects)
        );
        assert_eq!(
            server.requests_to("/loop").len(),
            11,
            "the first request and 10 hops"
        );
        assert!(matches!(
            fetcher.fetch(&server.url("/to-file"), &none).await,
            Err(FetchError::BadRedirect(_))
        ));

        // The poller switches to the new URL, and ids keep deriving from the configured one.
        let (handle, mut events) = start_poller(vec![feed(&server.url("/old"))], fetch_config());
        let (_, report) = next_finished(&mut events).await;
        assert_eq!(report.moved_to.as_deref(), Some(target.as_str()));
        let FeedOutcome::Updated { articles } = &report.outcome else {
            panic!("{report:?}")
        };
        assert_eq!(
            articles[0].id,
            ArticleId::derive(&server.url("/old"), Some("wire-1001"), None, "", None)
        );
        let before = server.requests_to("/old").len();
        assert!(handle.refresh(FeedId(0)));
        let (_, report) = next_finished(&mut events).await;
        assert!(matches!(report.outcome, FeedOutcome::Updated { .. }));
        assert_eq!(
            server.requests_to("/old").len(),
            before,
            "the old URL is not asked again"
        );
        handle.shutdown();
    })
    .await;
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_while_other_feeds_arrive() {
    within(15, async {
        let server = TestServer::start().await;
        server.route("/hang", Route::hang());
        server.route("/rss.xml", Route::rss(fixture("rss2.xml")));
        server.route(
            "/atom.xml",
            Route::ok(fixture("atom.xml"), "application/atom+xml"),
        );
        server.route("/off.xml", Route::rss(fixture("rss2.xml")));
        let config = FetchConfig {
            timeout: Duration::from_secs(1),
            ..fetch_config()
        };
        let mut disabled = feed(&server.url("/off.xml"));
        disabled.enabled = false;
        let feeds = vec![
            feed(&server.url("/hang")),
            feed(&server.url("/rss.xml")),
            disabled,
            feed(&server.url("/atom.xml")),
        ];
        let started = Instant::now();
        let (handle, mut events) = start_poller(feeds, config);

        let mut order = Vec::new();
        for _ in 0..3 {
            let (id, report) = next_finished(&mut events).await;
            order.push(id);
            if id == FeedId(0) {
                assert_eq!(
                    report.outcome,
                    FeedOutcome::Failed {
                        error: "timed out after 1s".into()
                    }
                );
                // The first failure backs off by about a minute, not the full refresh.
                let wait = report.next_refresh - report.at;
                assert!((40..=80).contains(&wait), "retry in {wait}s");
            } else {
                assert!(
                    matches!(report.outcome, FeedOutcome::Updated { .. }),
                    "{id:?}: {report:?}"
                );
            }
        }
        assert_eq!(
            order.last(),
            Some(&FeedId(0)),
            "good feeds did not wait for the hung one: {order:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{:?}",
            started.elapsed()
        );
        assert!(
            server.requests_to("/off.xml").is_empty(),
            "disabled feeds are never fetched"
        );
        assert!(
            !handle.refresh(FeedId(2)),
            "a disabled feed has no schedule"
        );
        handle.shutdown();
    })
    .await;
}

#[tokio::test]
async fn per_host_limit_caps_simultaneous_requests() {
    within(20, async {
        let server = TestServer::start().await;
        let mut feeds = Vec::new();
        for i in 0..6 {
            let path = format!("/f{i}.xml");
            server.route(
                &path,
                Route::rss(fixture("rss2.xml")).delay(Duration::from_millis(300)),
            );
            feeds.push(feed(&server.url(&path)));
        }
        let config = FetchConfig {
            per_host: 2,
            concurrency: 8,
            ..fetch_config()
        };
        let (handle, mut events) = start_poller(feeds, config);
        for _ in 0..6 {
            let (id, report) = next_finished(&mut events).await;
            assert!(
                matches!(report.outcome, FeedOutcome::Updated { .. }),
                "{id:?}: {report:?}"
            );
        }
        assert_eq!(
            server.max_concurrent(),
            2,
            "per_host = 2: two at once, never more"
        );
        handle.shutdown();
    })
    .await;
}

#[tokio::test]
async fn global_limit_caps_simultaneous_requests() {
    within(20, async {
        let server = TestServer::start().await;
        let mut feeds = Vec::new();
        for i in 0..3 {
            let path = format!("/g{i}.xml");
            server.route(
                &path,
                Route::rss(fixture("rss2.xml")).delay(Duration::from_millis(200)),
            );
            feeds.push(feed(&server.url(&path)));
        }
        let config = FetchConfig {
            per_host: 4,
            concurrency: 1,
            ..fetch_config()
        };
        let (handle, mut events) = start_poller(feeds, config);
        for _ in 0..3 {
            next_finished(&mut events).await;
        }
        assert_eq!(server.max_concurrent(), 1);
        handle.shutdown();
    })
    .await;
}

#[tokio::test]
async fn manual_refresh_is_coalesced_with_a_running_fetch() {
    within(15, async {
        let server = TestServer::start().await;
        server.route(
            "/slow.xml",
            Route::rss(fixture("rss2.xml")).delay(Duration::from_millis(600)),
        );
        let (handle, mut events) =
            start_poller(vec![feed(&server.url("/slow.xml"))], fetch_config());

        assert_eq!(
            events.recv().await,
            Some(PollEvent::Started { feed: FeedId(0) })
        );
        handle.refresh(FeedId(0));
        handle.refresh_all();
        handle.refresh(FeedId(0));
        next_finished(&mut events).await;
        // Give a wrongly queued second fetch time to show up.
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            events.try_recv().is_err(),
            "no fetch was queued behind the running one"
        );
        assert_eq!(server.requests_to("/slow.xml").len(), 1);

        assert!(handle.refresh(FeedId(0)));
        let (_, report) = next_finished(&mut events).await;
        assert!(matches!(report.outcome, FeedOutcome::Updated { .. }));
        assert_eq!(server.requests_to("/slow.xml").len(), 2);
        handle.shutdown();
    })
    .await;
}

#[tokio::test]
async fn retry_after_sets_the_next_attempt() {
    within(10, async {
        let server = TestServer::start().await;
        server.route("/busy", Route::status(503).header("Retry-After", "600"));
        let (handle, mut events) = start_poller(vec![feed(&server.url("/busy"))], fetch_config());
        let (_, report) = next_finished(&mut events).await;
        assert_eq!(
            report.outcome,
            FeedOutcome::Failed {
                error: "HTTP 503 (retry after 600s)".into()
            }
        );
        let wait = report.next_refresh - report.at;
        assert!((600..=610).contains(&wait), "retry in {wait}s");
        handle.shutdown();
    })
    .await;
}

#[tokio::test]
async fn local_feed_files_are_read_and_unchanged_files_not_modified() {
    within(10, async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("local feed.xml");
        std::fs::write(&path, fixture("rss2.xml")).unwrap();
        let file_url = url::Url::from_file_path(&path).unwrap().to_string();
        let plain_path = dir.path().join("atom.xml");
        std::fs::write(&plain_path, fixture("atom.xml")).unwrap();

        let feeds = vec![feed(&file_url), feed(plain_path.to_str().unwrap())];
        let (handle, mut events) = start_poller(feeds, fetch_config());
        for _ in 0..2 {
            let (id, report) = next_finished(&mut events).await;
            let FeedOutcome::Updated { articles } = &report.outcome else {
                panic!("{id:?}: {report:?}")
            };
            assert_eq!(articles.len(), if id == FeedId(0) { 3 } else { 2 });
            assert!(
                report.validators.etag.is_some(),
                "a fingerprint is kept for the next poll"
            );
        }

        assert!(handle.refresh(FeedId(0)));
        let (id, report) = next_finished(&mut events).await;
        assert_eq!((id, report.outcome), (FeedId(0), FeedOutcome::NotModified));

        // A changed file (here: a different length) is read again.
        std::fs::write(&path, fixture("atom.xml")).unwrap();
        assert!(handle.refresh(FeedId(0)));
        let (id, report) = next_finished(&mut events).await;
        assert_eq!(id, FeedId(0));
        assert!(
            matches!(&report.outcome, FeedOutcome::Updated { articles } if articles.len() == 2),
            "{report:?}"
        );

        // A directory (or a FIFO, which would block on open) is not read.
        let not_file = Fetcher::new(&fetch_config())
            .unwrap()
            .fetch(dir.path().to_str().unwrap(), &Validators::default())
            .await
            .unwrap_err();
        assert!(
            not_file.to_string().ends_with("not a regular file"),
            "{not_file}"
        );

        // Too big for the cap: refused like an HTTP body.
        let config = FetchConfig {
            max_bytes: 100,
            ..fetch_config()
        };
        let fetched = Fetcher::new(&config)
            .unwrap()
            .fetch(&file_url, &Validators::default())
            .await;
        assert_eq!(fetched, Err(FetchError::TooLarge(100)));
        handle.shutdown();
    })
    .await;
}
