//! Why a fetch failed, as short text for the status line: the `FetchError` kinds, and the
//! classification of reqwest's nested errors (DNS, timeouts, refused connections, TLS)
//! into them.

use std::time::Duration;

use reqwest::StatusCode;
use thiserror::Error;
use url::Url;

use super::{Fetcher, MAX_REDIRECTS};

/// Why a fetch failed, as short text meant for the status line.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FetchError {
    #[error("timed out after {}", format_duration(*.0))]
    TimedOut(Duration),
    #[error("connection timed out after {}", format_duration(*.0))]
    ConnectTimedOut(Duration),
    #[error("connection refused")]
    ConnectionRefused,
    #[error("could not connect: {0}")]
    Connect(String),
    #[error("DNS lookup failed for {0}")]
    Dns(String),
    #[error("TLS error: {0}")]
    Tls(String),
    #[error("{}", http_error_text(*.status, .retry_after))]
    Http {
        status: u16,
        /// Parsed from Retry-After on 429 and 503 (seconds or an HTTP date), unclamped.
        retry_after: Option<Duration>,
    },
    #[error("response larger than {} limit", format_bytes(*.0))]
    TooLarge(u64),
    #[error("too many redirects (more than {MAX_REDIRECTS})")]
    TooManyRedirects,
    #[error("bad redirect: {0}")]
    BadRedirect(String),
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    #[error("file not found: {0}")]
    FileNotFound(String),
    #[error("cannot read {path}: {reason}")]
    File { path: String, reason: String },
    #[error("network error: {0}")]
    Network(String),
}

impl FetchError {
    /// How long the server asked us to wait before trying again (429/503 Retry-After).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl Fetcher {
    /// Turns a reqwest error into short text; the chain of sources is searched because
    /// reqwest wraps hyper, which wraps the I/O or TLS error that matters.
    pub(super) fn classify(&self, error: &reqwest::Error, url: &Url) -> FetchError {
        classify_reqwest(error, url, self.timeout, self.connect_timeout)
    }
}

/// [`Fetcher::classify`] for any client with these time limits (the article fetcher's too).
pub(crate) fn classify_reqwest(
    error: &reqwest::Error,
    url: &Url,
    timeout: Duration,
    connect_timeout: Duration,
) -> FetchError {
    let host = url.host_str().unwrap_or("").to_string();
    if error.is_dns() {
        return FetchError::Dns(host);
    }
    if error.is_timeout() {
        return if error.is_connect() {
            FetchError::ConnectTimedOut(connect_timeout)
        } else {
            FetchError::TimedOut(timeout)
        };
    }
    let detail = innermost(error);
    let mut kinds = Vec::new();
    io_error_kinds(error, &mut kinds);
    if kinds.contains(&std::io::ErrorKind::ConnectionRefused) {
        return FetchError::ConnectionRefused;
    }
    if kinds.contains(&std::io::ErrorKind::TimedOut) {
        return FetchError::TimedOut(timeout);
    }
    // A TCP connect never fails with bad data: on an https URL this is the TLS layer
    // refusing what came back (a plain-HTTP port, an intercepting middlebox).
    if kinds.contains(&std::io::ErrorKind::InvalidData)
        && error.is_connect()
        && url.scheme() == "https"
    {
        return FetchError::Tls(detail);
    }
    // rustls is not a direct dependency, so its errors are recognised by their text.
    let chain = error_chain_text(error).to_ascii_lowercase();
    if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake") {
        return FetchError::Tls(detail);
    }
    if error.is_connect() {
        return FetchError::Connect(detail);
    }
    FetchError::Network(detail)
}

/// Every I/O error kind in the chain. An `io::Error` wrapping another hides the inner one
/// from `source()` (hyper wraps rustls's `InvalidData` in an `Other`), so both are walked.
fn io_error_kinds(error: &(dyn std::error::Error + 'static), kinds: &mut Vec<std::io::ErrorKind>) {
    if let Some(io) = error.downcast_ref::<std::io::Error>() {
        kinds.push(io.kind());
        if let Some(inner) = io.get_ref() {
            io_error_kinds(inner, kinds);
        }
    }
    if let Some(source) = error.source() {
        io_error_kinds(source, kinds);
    }
}

fn error_chain_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(err) = source {
        text.push_str(": ");
        text.push_str(&err.to_string());
        source = err.source();
    }
    text
}

/// The deepest error message, which is usually the one that says what happened, capped.
pub(crate) fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut last = error;
    while let Some(next) = last.source() {
        last = next;
    }
    let text = last.to_string();
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

fn http_error_text(status: u16, retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!("HTTP {status} (retry after {}s)", wait.as_secs()),
        None => match StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            Some(reason) => format!("HTTP {status} {reason}"),
            None => format!("HTTP {status}"),
        },
    }
}

/// "30s", "1.5s", "250ms", "2m", "1h30m": short and exact enough for a status line.
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let secs = d.as_secs();
    if !ms.is_multiple_of(1000) && secs < 60 {
        return format!("{:.1}s", d.as_secs_f64());
    }
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 if secs.is_multiple_of(60) => format!("{}m", secs / 60),
        60..3600 => format!("{}m{}s", secs / 60, secs % 60),
        _ if secs.is_multiple_of(3600) => format!("{}h", secs / 3600),
        _ => format!("{}h{}m", secs / 3600, (secs % 3600) / 60),
    }
}

/// "10 MiB", "512 KiB", "1000 bytes".
pub fn format_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= KIB && n.is_multiple_of(KIB) {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}
