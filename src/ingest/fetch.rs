//! HTTP and local-file fetching: conditional GET, timeouts, a cap on the decompressed body,
//! redirects followed by hand (so permanent moves can be remembered) and short error text.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use thiserror::Error;
use url::Url;

use crate::config::FetchConfig;

/// Redirect hops followed before giving up.
pub const MAX_REDIRECTS: usize = 10;

/// Sent when the configured User-Agent is not a valid header value.
const FALLBACK_USER_AGENT: &str = concat!("ainews-tui/", env!("CARGO_PKG_VERSION"));

pub use crate::feed_report::Validators;

/// Feed formats first, but any type is accepted: many servers label feeds `text/html`.
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                      application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";

/// What a fetch produced.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchResponse {
    /// 304, or a local file whose mtime and length are unchanged. Carries the validators to
    /// keep (a 304 may carry a changed ETag).
    NotModified { validators: Validators },
    /// A body to parse.
    Body {
        /// The decompressed body, at most `max_bytes` long.
        bytes: Vec<u8>,
        content_type: Option<String>,
        /// Where the body came from after redirects.
        final_url: String,
        validators: Validators,
        /// The final URL when every hop of the redirect chain was permanent (301/308): the
        /// caller may switch to it once the body parsed.
        permanent_redirect: Option<String>,
    },
}

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

/// Where a feed URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Http(Url),
    File(PathBuf),
}

impl Source {
    /// http(s) URLs go to the network; `file://` URLs and anything without a scheme are paths.
    pub fn parse(url: &str) -> Result<Source, FetchError> {
        let trimmed = url.trim();
        let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let parsed = Url::parse(trimmed)
                .map_err(|e| FetchError::InvalidUrl(format!("{trimmed}: {e}")))?;
            return Ok(Source::Http(parsed));
        }
        if lower.starts_with("file://") {
            let parsed = Url::parse(trimmed)
                .map_err(|e| FetchError::InvalidUrl(format!("{trimmed}: {e}")))?;
            let path = parsed.to_file_path().map_err(|()| {
                FetchError::InvalidUrl(format!("{trimmed}: not a local file path"))
            })?;
            return Ok(Source::File(path));
        }
        if let Some((scheme, _)) = trimmed.split_once("://") {
            return Err(FetchError::InvalidUrl(format!(
                "unsupported scheme {scheme:?} in {trimmed}"
            )));
        }
        if trimmed.is_empty() {
            return Err(FetchError::InvalidUrl("empty URL".to_string()));
        }
        Ok(Source::File(PathBuf::from(trimmed)))
    }

    /// The key for per-host limits: the lowercased host (and port), or `"file"` for local files.
    pub fn host_key(&self) -> String {
        match self {
            Source::Http(url) => {
                let host = url.host_str().unwrap_or("").to_ascii_lowercase();
                match url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host,
                }
            }
            Source::File(_) => "file".to_string(),
        }
    }
}

/// Fetches feeds over HTTP (one shared connection pool) and from local files.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    timeout: Duration,
    connect_timeout: Duration,
    max_bytes: u64,
}

impl Fetcher {
    /// Builds the HTTP client. Fails only if the TLS backend cannot be initialised.
    pub fn new(config: &FetchConfig) -> Result<Fetcher, FetchError> {
        let user_agent = HeaderValue::from_str(config.user_agent.trim()).unwrap_or_else(|_| {
            tracing::warn!(user_agent = %config.user_agent, "invalid User-Agent, using the default");
            HeaderValue::from_static(FALLBACK_USER_AGENT)
        });
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static(ACCEPT));
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .gzip(true)
            .brotli(true)
            .deflate(true)
            // Followed by hand in `fetch_http`, at most MAX_REDIRECTS hops, so that the
            // status of every hop is known.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                FetchError::Network(format!("cannot set up the HTTP client: {}", innermost(&e)))
            })?;
        Ok(Fetcher {
            client,
            timeout: config.timeout,
            connect_timeout: config.connect_timeout,
            max_bytes: config.max_bytes,
        })
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Fetches `url` (http(s), `file://` or a plain path), conditionally on `validators`.
    pub async fn fetch(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<FetchResponse, FetchError> {
        match Source::parse(url)? {
            Source::Http(url) => {
                // The whole exchange, redirects and body included, is bounded by `timeout`.
                match tokio::time::timeout(self.timeout, self.fetch_http(url, validators)).await {
                    Ok(result) => result,
                    Err(_) => Err(FetchError::TimedOut(self.timeout)),
                }
            }
            Source::File(path) => {
                let max_bytes = self.max_bytes;
                let validators = validators.clone();
                // std::fs must not run on an async worker; a stalled disk or network mount
                // gets the same time limit as a server.
                let read =
                    tokio::task::spawn_blocking(move || read_local(&path, &validators, max_bytes));
                match tokio::time::timeout(self.timeout, read).await {
                    Ok(joined) => joined
                        .map_err(|e| FetchError::Network(format!("file reader stopped: {e}")))?,
                    Err(_) => Err(FetchError::TimedOut(self.timeout)),
                }
            }
        }
    }

    async fn fetch_http(
        &self,
        start: Url,
        validators: &Validators,
    ) -> Result<FetchResponse, FetchError> {
        let mut url = start;
        let mut hops = 0;
        let mut all_permanent = true;
        loop {
            let mut request = self.client.get(url.clone());
            if let Some(etag) = validators
                .etag
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(date) = validators
                .last_modified
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                request = request.header(header::IF_MODIFIED_SINCE, date);
            }
            let mut response = request.send().await.map_err(|e| self.classify(&e, &url))?;
            let status = response.status();

            if is_followed_redirect(status) {
                hops += 1;
                if hops > MAX_REDIRECTS {
                    return Err(FetchError::TooManyRedirects);
                }
                all_permanent &= matches!(
                    status,
                    StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
                );
                url = redirect_target(&url, response.headers())?;
                continue;
            }

            let fresh = response_validators(response.headers());
            if status == StatusCode::NOT_MODIFIED {
                return Ok(FetchResponse::NotModified {
                    validators: validators.merged(fresh),
                });
            }
            if !status.is_success() {
                let retry_after = if matches!(
                    status,
                    StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
                ) {
                    response
                        .headers()
                        .get(header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, SystemTime::now()))
                } else {
                    None
                };
                return Err(FetchError::Http {
                    status: status.as_u16(),
                    retry_after,
                });
            }

            // With automatic decompression reqwest drops Content-Length for encoded bodies,
            // so a length here is the decoded size and can refuse the body up front.
            if response
                .content_length()
                .is_some_and(|len| len > self.max_bytes)
            {
                return Err(FetchError::TooLarge(self.max_bytes));
            }
            let content_type = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let mut bytes = Vec::new();
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| self.classify(&e, &url))?
            {
                if (bytes.len() + chunk.len()) as u64 > self.max_bytes {
                    return Err(FetchError::TooLarge(self.max_bytes));
                }
                bytes.extend_from_slice(&chunk);
            }
            let final_url = url.to_string();
            return Ok(FetchResponse::Body {
                bytes,
                content_type,
                permanent_redirect: (hops > 0 && all_permanent).then(|| final_url.clone()),
                final_url,
                validators: fresh,
            });
        }
    }

    /// Turns a reqwest error into short text; the chain of sources is searched because
    /// reqwest wraps hyper, which wraps the I/O or TLS error that matters.
    fn classify(&self, error: &reqwest::Error, url: &Url) -> FetchError {
        let host = url.host_str().unwrap_or("").to_string();
        if error.is_dns() {
            return FetchError::Dns(host);
        }
        if error.is_timeout() {
            return if error.is_connect() {
                FetchError::ConnectTimedOut(self.connect_timeout)
            } else {
                FetchError::TimedOut(self.timeout)
            };
        }
        let detail = innermost(error);
        let mut kinds = Vec::new();
        io_error_kinds(error, &mut kinds);
        if kinds.contains(&std::io::ErrorKind::ConnectionRefused) {
            return FetchError::ConnectionRefused;
        }
        if kinds.contains(&std::io::ErrorKind::TimedOut) {
            return FetchError::TimedOut(self.timeout);
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
}

fn is_followed_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The next URL of a redirect chain. Only http(s) targets are followed: a remote server must
/// never be able to point us at a local file.
fn redirect_target(current: &Url, headers: &HeaderMap) -> Result<Url, FetchError> {
    let location = headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| FetchError::BadRedirect("no Location header".to_string()))?;
    let next = current
        .join(location.trim())
        .map_err(|e| FetchError::BadRedirect(format!("{location}: {e}")))?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(FetchError::BadRedirect(format!(
            "refusing to follow to {}",
            next.scheme()
        )));
    }
    Ok(next)
}

fn response_validators(headers: &HeaderMap) -> Validators {
    // Kept byte for byte: servers compare them as opaque strings.
    let get = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    Validators {
        etag: get(header::ETAG),
        last_modified: get(header::LAST_MODIFIED),
    }
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
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
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

/// Reads a local feed (blocking: call on the blocking pool). "Not modified" when the file's
/// mtime and length match the fingerprint kept in `validators.etag`.
fn read_local(
    path: &Path,
    validators: &Validators,
    max_bytes: u64,
) -> Result<FetchResponse, FetchError> {
    let shown = path.display().to_string();
    let io_error = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => FetchError::FileNotFound(shown.clone()),
        _ => FetchError::File {
            path: shown.clone(),
            reason: e.to_string(),
        },
    };
    // Checked before opening: opening a FIFO would block until something writes to it.
    if !std::fs::metadata(path).map_err(io_error)?.is_file() {
        return Err(FetchError::File {
            path: shown,
            reason: "not a regular file".to_string(),
        });
    }
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if !meta.is_file() {
        return Err(FetchError::File {
            path: shown,
            reason: "not a regular file".to_string(),
        });
    }
    let fingerprint = file_fingerprint(&meta);
    if validators.etag.as_deref() == Some(fingerprint.as_str()) {
        return Ok(FetchResponse::NotModified {
            validators: validators.clone(),
        });
    }
    if meta.len() > max_bytes {
        return Err(FetchError::TooLarge(max_bytes));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between stat and read: the cap is enforced on what is read.
    file.by_ref()
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > max_bytes {
        return Err(FetchError::TooLarge(max_bytes));
    }
    let final_url =
        Url::from_file_path(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
            .map(|u| u.to_string())
            .unwrap_or_else(|()| shown.clone());
    Ok(FetchResponse::Body {
        bytes,
        content_type: None,
        final_url,
        validators: Validators {
            etag: Some(fingerprint),
            last_modified: None,
        },
        permanent_redirect: None,
    })
}

fn file_fingerprint(meta: &std::fs::Metadata) -> String {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("file:{mtime}:{}", meta.len())
}

/// Parses a Retry-After value: delay seconds, or an HTTP date (then relative to `now`; a date
/// in the past means "now").
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = parse_http_date(value)?;
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(Duration::from_secs(at.saturating_sub(now).max(0) as u64))
}

/// Parses the three HTTP date forms (IMF-fixdate, RFC 850, asctime) to Unix seconds.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let tokens: Vec<&str> = value
        .split([' ', ',', '-'])
        .filter(|t| !t.is_empty())
        .collect();
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT   RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
    // asctime:     Sun Nov  6 08:49:37 1994
    let (day, month, year, time) = match tokens.as_slice() {
        [_, day, month, year, time, "GMT"] => (*day, *month, *year, *time),
        [_, month, day, time, year] => (*day, *month, *year, *time),
        _ => return None,
    };
    let day: u32 = day.parse().ok()?;
    let month = month_number(month)?;
    let mut year: i64 = year.parse().ok()?;
    if year < 100 {
        // RFC 850 two-digit years: RFC 7231 says to read them as within 50 years of now;
        // feeds and servers from before 1970 do not exist, so a fixed pivot will do.
        year += if year < 70 { 2000 } else { 1900 };
    }
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .map(|i| i as u32 + 1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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

#[cfg(test)]
mod tests {
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
    fn http_dates_match_known_epochs() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2000 12:00:00 GMT"),
            Some(951_825_600)
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"), None);
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
}
