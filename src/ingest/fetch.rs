//! Fetching a feed: the `Fetcher` and the sources it reads, over HTTP (`http`: conditional
//! GET, redirects followed by hand so permanent moves can be remembered) or from local
//! files (`local`), with timeouts, a cap on the decompressed body, and failures classified
//! into short text (`errors`).

use std::path::PathBuf;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use url::Url;

use crate::config::FetchConfig;

mod errors;
mod http;
mod local;
#[cfg(test)]
mod tests;

pub use errors::{FetchError, format_bytes, format_duration};
pub(crate) use errors::{classify_reqwest, innermost};
pub use http::parse_retry_after;
pub(crate) use http::{content_type, read_capped, redirect_target, refuse_declared_oversize};

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

/// The HTTP client settings every fetch shares, of feeds and of article pages: the
/// User-Agent, the time limits, compression, and redirects left to the caller (followed by
/// hand, at most MAX_REDIRECTS hops, so that every hop's status and address are known).
pub(crate) fn client_builder(config: &FetchConfig) -> reqwest::ClientBuilder {
    // reqwest is built without a TLS crypto provider and takes the process's default, so
    // ring is installed as that default before any client exists. An Err only says one is
    // installed already, which is the goal.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let user_agent = HeaderValue::from_str(config.user_agent.trim()).unwrap_or_else(|_| {
        tracing::warn!(user_agent = %config.user_agent, "invalid User-Agent, using the default");
        HeaderValue::from_static(FALLBACK_USER_AGENT)
    });
    reqwest::Client::builder()
        .user_agent(user_agent)
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .gzip(true)
        .brotli(true)
        .deflate(true)
        .redirect(reqwest::redirect::Policy::none())
}

impl Fetcher {
    /// Builds the HTTP client. Fails only if the TLS backend cannot be initialised.
    pub fn new(config: &FetchConfig) -> Result<Fetcher, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static(ACCEPT));
        let client = client_builder(config)
            .default_headers(headers)
            .build()
            .map_err(|e| {
                FetchError::Network(format!(
                    "cannot set up the HTTP client: {}",
                    errors::innermost(&e)
                ))
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
                let read = tokio::task::spawn_blocking(move || {
                    local::read_local(&path, &validators, max_bytes)
                });
                match tokio::time::timeout(self.timeout, read).await {
                    Ok(joined) => joined
                        .map_err(|e| FetchError::Network(format!("file reader stopped: {e}")))?,
                    Err(_) => Err(FetchError::TimedOut(self.timeout)),
                }
            }
        }
    }
}
