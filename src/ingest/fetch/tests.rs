//! Fetching without a network: sources, redirects, Retry-After, validators, error text.

use std::time::UNIX_EPOCH;

use super::http::redirect_target;
use super::*;

#[test]
fn retry_after_accepts_seconds_and_dates() {
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
    assert_eq!(
        parse_retry_after("120", now),
        Some(Duration::from_secs(120))
    );
    assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:51:37 GMT", now),
        Some(Duration::from_secs(120))
    );
    assert_eq!(
        parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now),
        Some(Duration::from_secs(60))
    );
    assert_eq!(
        parse_retry_after("Sun Nov  6 08:49:47 1994", now),
        Some(Duration::from_secs(10))
    );
    // A date in the past means "now", not a negative wait.
    assert_eq!(
        parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now),
        Some(Duration::ZERO)
    );
    assert_eq!(parse_retry_after("soon", now), None);
    assert_eq!(parse_retry_after("-5", now), None);
    assert_eq!(
        parse_retry_after("Sun, 06 Foo 1994 08:49:37 GMT", now),
        None
    );
}

#[test]
fn errors_read_as_short_text() {
    assert_eq!(
        FetchError::TimedOut(Duration::from_secs(30)).to_string(),
        "timed out after 30s"
    );
    assert_eq!(
        FetchError::Http {
            status: 404,
            retry_after: None
        }
        .to_string(),
        "HTTP 404 Not Found"
    );
    assert_eq!(
        FetchError::Http {
            status: 503,
            retry_after: Some(Duration::from_secs(120))
        }
        .to_string(),
        "HTTP 503 (retry after 120s)"
    );
    assert_eq!(
        FetchError::TooLarge(10 * 1024 * 1024).to_string(),
        "response larger than 10 MiB limit"
    );
    assert_eq!(
        FetchError::FileNotFound("/x/y.xml".into()).to_string(),
        "file not found: /x/y.xml"
    );
    assert_eq!(
        FetchError::Dns("example.invalid".into()).to_string(),
        "DNS lookup failed for example.invalid"
    );
}

#[test]
fn durations_format_compactly() {
    assert_eq!(format_duration(Duration::from_millis(250)), "250ms");
    assert_eq!(format_duration(Duration::from_millis(1500)), "1.5s");
    assert_eq!(format_duration(Duration::from_secs(90)), "1m30s");
    assert_eq!(format_duration(Duration::from_secs(7200)), "2h");
}

#[test]
fn sources_are_told_apart() {
    assert!(matches!(
        Source::parse("https://example.com/feed"),
        Ok(Source::Http(_))
    ));
    assert!(matches!(
        Source::parse("HTTP://example.com/feed"),
        Ok(Source::Http(_))
    ));
    assert_eq!(
        Source::parse("file:///tmp/a.xml"),
        Ok(Source::File(PathBuf::from("/tmp/a.xml")))
    );
    assert_eq!(
        Source::parse("feeds/a.xml"),
        Ok(Source::File(PathBuf::from("feeds/a.xml")))
    );
    assert!(matches!(
        Source::parse("ftp://example.com/a"),
        Err(FetchError::InvalidUrl(_))
    ));
    assert_eq!(
        Source::parse("https://Example.COM:8080/x").map(|s| s.host_key()),
        Ok("example.com:8080".into())
    );
    assert_eq!(
        Source::parse("/tmp/a.xml").map(|s| s.host_key()),
        Ok("file".into())
    );
}

#[test]
fn redirects_never_leave_http() {
    let here = Url::parse("https://example.com/feed").unwrap();
    let mut headers = HeaderMap::new();
    headers.insert(
        header::LOCATION,
        HeaderValue::from_static("file:///etc/passwd"),
    );
    assert!(matches!(
        redirect_target(&here, &headers),
        Err(FetchError::BadRedirect(_))
    ));
    headers.insert(header::LOCATION, HeaderValue::from_static("/new/feed.xml"));
    assert_eq!(
        redirect_target(&here, &headers).unwrap().as_str(),
        "https://example.com/new/feed.xml"
    );
}

#[test]
fn a_304_keeps_validators_it_does_not_replace() {
    let old = Validators {
        etag: Some("\"a\"".into()),
        last_modified: Some("date".into()),
    };
    let merged = old.merged(Validators {
        etag: Some("\"b\"".into()),
        last_modified: None,
    });
    assert_eq!(
        merged,
        Validators {
            etag: Some("\"b\"".into()),
            last_modified: Some("date".into())
        }
    );
}

#[test]
fn retry_after_refuses_dates_that_do_not_exist() {
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(
        parse_retry_after("Tue, 31 Feb 2026 12:00:00 GMT", now),
        None
    );
    assert_eq!(
        parse_retry_after("Thu, 31 Apr 2026 12:00:00 GMT", now),
        None
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
        Some(Duration::from_secs(10))
    );
}
