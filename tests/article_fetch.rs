//! The full-article fetch against pages served on 127.0.0.1: an article, a 404, a binary,
//! a 20 MB page, a GBK page labelled only by `<meta charset>`, pages with nothing or only a
//! teaser to read, and the address policy end to end (a loopback feed may link to a
//! loopback page; a public feed may not).

// Test code: a broken fixture or server should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod common;

use ainews_tui::article::{PageError, fetch_full_text};
use ainews_tui::ingest::fetch::FetchError;
use common::{Framing, Route, TestServer, fixture, within};

fn zh_page(name: &str) -> (String, Vec<String>) {
    let html = String::from_utf8(fixture(&format!("article/{name}/source.html"))).unwrap();
    let expected = String::from_utf8(fixture(&format!("article/{name}/expected.txt"))).unwrap();
    let paragraphs = expected
        .split("\n\n")
        .map(|p| p.trim().to_owned())
        .collect();
    (html, paragraphs)
}

async fn full_text(server: &TestServer, path: &str, summary: &str) -> Result<String, PageError> {
    let config = common::fetch_config();
    within(
        10,
        fetch_full_text(
            &config,
            &server.url("/feed.xml"),
            &server.url(path),
            summary,
        ),
    )
    .await
}

#[tokio::test]
async fn an_article_is_extracted_without_its_page_clutter() {
    let server = TestServer::start().await;
    let (html, paragraphs) = zh_page("zh-chips");
    server.route("/a", Route::ok(html, "text/html; charset=utf-8"));
    let text = full_text(&server, "/a", "").await.unwrap();
    let body: Vec<&str> = text.split("\n\n").collect();
    for paragraph in &paragraphs {
        assert!(
            body.contains(&paragraph.as_str()),
            "{paragraph:?} in {text:?}"
        );
    }
    for clutter in ["热点排行", "版权所有", "相关新闻", "广告", "首页"] {
        assert!(!text.contains(clutter), "{clutter:?} in {text:?}");
    }
    let requests = server.requests_to("/a");
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].header("user-agent"),
        Some("ainews-tui-test/0.1 (+https://example.invalid)")
    );
    assert_eq!(requests[0].header("cookie"), None);
    assert_eq!(requests[0].header("authorization"), None);
}

#[tokio::test]
async fn a_missing_page_is_its_http_status() {
    let server = TestServer::start().await;
    server.route("/gone", Route::status(404));
    let error = full_text(&server, "/gone", "").await.unwrap_err();
    assert_eq!(
        error,
        PageError::Fetch(FetchError::Http {
            status: 404,
            retry_after: None
        })
    );
    assert_eq!(
        error.to_string(),
        "the page could not be fetched: HTTP 404 Not Found"
    );
}

#[tokio::test]
async fn a_binary_is_not_a_web_page() {
    let server = TestServer::start().await;
    server.route(
        "/chip.png",
        Route::ok(&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], "image/png"),
    );
    let error = full_text(&server, "/chip.png", "").await.unwrap_err();
    assert_eq!(error.to_string(), "the link is not a web page (image/png)");
}

#[tokio::test]
async fn a_20_mb_page_is_refused_at_the_size_cap() {
    let server = TestServer::start().await;
    server.route(
        "/huge",
        Route::oversized(20 * 1024 * 1024, Framing::ContentLength),
    );
    let mut config = common::fetch_config();
    config.max_bytes = ainews_tui::config::Config::default().fetch.max_bytes;
    let error = within(
        10,
        fetch_full_text(&config, &server.url("/feed.xml"), &server.url("/huge"), ""),
    )
    .await
    .unwrap_err();
    assert_eq!(error, PageError::TooLarge(config.max_bytes));
    assert!(error.to_string().contains("([fetch] max_bytes)"), "{error}");
}

#[tokio::test]
async fn a_gbk_page_labelled_only_by_meta_charset_is_decoded() {
    let server = TestServer::start().await;
    let (html, paragraphs) = zh_page("zh-policy");
    let html = html
        .replace("<meta charset=\"utf-8\">", "<meta charset=\"gbk\">")
        .replace('©', "(c)");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&html);
    assert!(!unmappable);
    server.route("/gbk", Route::ok(gbk.into_owned(), "text/html"));
    let text = full_text(&server, "/gbk", "").await.unwrap();
    for paragraph in &paragraphs {
        assert!(
            text.contains(paragraph.as_str()),
            "{paragraph:?} in {text:?}"
        );
    }
}

#[tokio::test]
async fn a_page_with_nothing_to_read_or_only_a_teaser_says_so() {
    let server = TestServer::start().await;
    server.route(
        "/empty",
        Route::ok(
            "<html><head><title>x</title></head><body></body></html>",
            "text/html",
        ),
    );
    assert_eq!(
        full_text(&server, "/empty", "")
            .await
            .unwrap_err()
            .to_string(),
        "nothing readable was found on the page"
    );
    let teaser = "Chip makers raced to ship new accelerators this quarter, executives said.";
    server.route(
        "/paywall",
        Route::ok(
            format!(
                "<html><body><article><h1>Race</h1><p>{teaser}</p>\
                 <p>Subscribe to continue reading.</p></article></body></html>"
            ),
            "text/html",
        ),
    );
    assert_eq!(
        full_text(&server, "/paywall", teaser).await.unwrap_err(),
        PageError::OnlyTeaser
    );
}

#[tokio::test]
async fn a_public_feed_cannot_send_us_to_a_loopback_page() {
    let server = TestServer::start().await;
    let (html, _) = zh_page("zh-models");
    server.route("/a", Route::ok(html, "text/html"));
    let config = common::fetch_config();
    // An address literal is public without any DNS lookup.
    let public_feed = "https://8.8.8.8/feed.xml";
    let by_address = within(
        10,
        fetch_full_text(&config, public_feed, &server.url("/a"), ""),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            &by_address,
            PageError::Refused {
                class: "loopback",
                ..
            }
        ),
        "{by_address:?}"
    );
    let by_name = format!("http://localhost:{}/a", server.addr.port());
    let by_name = within(10, fetch_full_text(&config, public_feed, &by_name, ""))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &by_name,
            PageError::Refused {
                class: "loopback",
                ..
            }
        ),
        "{by_name:?}"
    );
    assert!(
        server.requests_to("/a").is_empty(),
        "nothing reached the page"
    );
}

#[tokio::test]
async fn every_redirect_hop_is_checked() {
    let server = TestServer::start().await;
    let (html, paragraphs) = zh_page("zh-models");
    server.route("/a", Route::ok(html, "text/html"));
    server.route("/moved", Route::redirect(301, "/a"));
    let text = full_text(&server, "/moved", "").await.unwrap();
    assert!(text.contains(paragraphs[0].as_str()), "{text}");
    // Even a feed on the reader's own network may not send us to a reserved address.
    let reserved = format!("http://0.0.0.0:{}/a", server.addr.port());
    server.route("/bounce", Route::redirect(302, &reserved));
    assert_eq!(
        full_text(&server, "/bounce", "").await.unwrap_err(),
        PageError::Refused {
            host: "0.0.0.0".into(),
            class: "reserved"
        }
    );
    assert_eq!(
        server.requests_to("/a").len(),
        1,
        "only the allowed hop arrived"
    );
}
