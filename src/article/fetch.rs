//! Fetching a linked page: GET only, no cookies, no credentials, the feeds' User-Agent,
//! timeouts and size cap, redirects followed by hand (http(s) only, at most
//! `MAX_REDIRECTS`), and every address checked by the [`policy`](super::policy): names
//! through a resolver that drops refused addresses before connecting (so a name cannot
//! resolve one way for the check and another for the connection), address literals at
//! each hop.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header;
use url::Url;

use super::error::PageError;
use super::policy::{AddressClass, FeedOrigin, may_fetch};
use crate::config::FetchConfig;
use crate::ingest::fetch::{
    FetchError, MAX_REDIRECTS, classify_reqwest, client_builder, content_type, read_capped,
    redirect_target, refuse_declared_oversize,
};

/// Web pages first; anything is read, then judged by its Content-Type and bytes.
const ACCEPT: &str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

/// A fetched page, before decoding.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The decompressed body, at most `max_bytes` long.
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    /// Where the page came from after redirects: the base of its relative links.
    pub final_url: String,
}

/// Fetches pages for articles of feeds of one origin.
#[derive(Debug, Clone)]
pub struct PageFetcher {
    client: reqwest::Client,
    origin: FeedOrigin,
    timeout: Duration,
    connect_timeout: Duration,
    max_bytes: u64,
}

/// The resolver's refusal, found again in reqwest's error chain.
#[derive(Debug)]
struct RefusedAddress {
    host: String,
    class: AddressClass,
}

impl std::fmt::Display for RefusedAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is on a {} address", self.host, self.class.label())
    }
}

impl std::error::Error for RefusedAddress {}

/// The system resolver, keeping only the addresses the policy allows.
struct CheckedResolver {
    origin: FeedOrigin,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let origin = self.origin;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|addr| may_fetch(origin.class, AddressClass::of(addr.ip())))
                .collect();
            if allowed.is_empty()
                && let Some(first) = found.first()
            {
                return Err(Box::new(RefusedAddress {
                    host,
                    class: AddressClass::of(first.ip()),
                })
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

impl PageFetcher {
    /// A client for pages linked from feeds of `origin`. Fails only if the TLS backend
    /// cannot be initialised.
    pub fn new(config: &FetchConfig, origin: FeedOrigin) -> Result<PageFetcher, PageError> {
        let client = client_builder(config)
            // A proxy would resolve names itself, out of the policy's sight.
            .no_proxy()
            .dns_resolver(CheckedResolver { origin })
            .build()
            .map_err(|e| {
                PageError::Fetch(FetchError::Network(format!(
                    "cannot set up the HTTP client: {}",
                    crate::ingest::fetch::innermost(&e)
                )))
            })?;
        Ok(PageFetcher {
            client,
            origin,
            timeout: config.timeout,
            connect_timeout: config.connect_timeout,
            max_bytes: config.max_bytes,
        })
    }

    /// Fetches `link`: the whole exchange, redirects and body, within the fetch timeout.
    pub async fn fetch(&self, link: &str) -> Result<Page, PageError> {
        let url = http_url(link)?;
        match tokio::time::timeout(self.timeout, self.fetch_url(url)).await {
            Ok(result) => result,
            Err(_) => Err(PageError::Fetch(FetchError::TimedOut(self.timeout))),
        }
    }

    async fn fetch_url(&self, start: Url) -> Result<Page, PageError> {
        let mut url = start;
        let mut hops = 0;
        loop {
            self.check_literal(&url)?;
            let mut response = self
                .client
                .get(url.clone())
                .header(header::ACCEPT, ACCEPT)
                .send()
                .await
                .map_err(|e| self.classify(&e, &url))?;
            let status = response.status();
            if matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
                hops += 1;
                if hops > MAX_REDIRECTS {
                    return Err(FetchError::TooManyRedirects.into());
                }
                url = redirect_target(&url, response.headers())?;
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::Http {
                    status: status.as_u16(),
                    retry_after: None,
                }
                .into());
            }
            if status == StatusCode::NO_CONTENT {
                return Err(PageError::NothingExtractable);
            }
            refuse_declared_oversize(&response, self.max_bytes)?;
            let content_type = content_type(&response);
            if let Some(kind) = content_type.as_deref().filter(|t| !is_html_type(t)) {
                return Err(PageError::NotHtml(kind.to_string()));
            }
            let bytes =
                read_capped(&mut response, self.max_bytes, |e| self.classify(e, &url)).await?;
            if content_type.is_none() && !looks_like_html(&bytes) {
                return Err(PageError::NotHtml(
                    "no Content-Type, and not HTML".to_string(),
                ));
            }
            return Ok(Page {
                bytes,
                content_type,
                final_url: url.to_string(),
            });
        }
    }

    /// A URL whose host is an address literal never reaches the resolver: checked here.
    fn check_literal(&self, url: &Url) -> Result<(), PageError> {
        let ip = match url.host() {
            Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
            _ => return Ok(()),
        };
        let class = AddressClass::of(ip);
        if may_fetch(self.origin.class, class) {
            Ok(())
        } else {
            Err(PageError::Refused {
                host: ip.to_string(),
                class: class.label(),
            })
        }
    }

    fn classify(&self, error: &reqwest::Error, url: &Url) -> PageError {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(err) = source {
            if let Some(refused) = err.downcast_ref::<RefusedAddress>() {
                return PageError::Refused {
                    host: refused.host.clone(),
                    class: refused.class.label(),
                };
            }
            source = err.source();
        }
        classify_reqwest(error, url, self.timeout, self.connect_timeout).into()
    }
}

/// The link as an http(s) URL without credentials, or why not.
fn http_url(link: &str) -> Result<Url, PageError> {
    let trimmed = link.trim();
    if trimmed.is_empty() {
        return Err(PageError::NoLink);
    }
    let url = Url::parse(trimmed).map_err(|_| PageError::NotHttp(trimmed.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(PageError::NotHttp(trimmed.to_string()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Credentials in a feed's link would be sent to whoever the feed names.
        return Err(PageError::NotHttp(format!(
            "{}://{} (a link with a user name)",
            url.scheme(),
            url.host_str().unwrap_or("")
        )));
    }
    Ok(url)
}

/// HTML and XHTML (which servers also label as plain XML).
fn is_html_type(content_type: &str) -> bool {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        mime.as_str(),
        "text/html" | "application/xhtml+xml" | "application/xml" | "text/xml" | ""
    )
}

/// Without a Content-Type: markup near the start, no NUL bytes.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    if head.contains(&0) {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    [
        &b"<html"[..],
        b"<!doctype html",
        b"<body",
        b"<p",
        b"<article",
        b"<head",
    ]
    .iter()
    .any(|tag| memchr::memmem::find(&lower, tag).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_without_credentials_are_fetched() {
        assert!(http_url("https://example.com/a").is_ok());
        assert_eq!(http_url("  "), Err(PageError::NoLink));
        for bad in [
            "file:///etc/passwd",
            "ftp://x/y",
            "javascript:alert(1)",
            "no link",
        ] {
            assert!(matches!(http_url(bad), Err(PageError::NotHttp(_))), "{bad}");
        }
        assert_eq!(
            http_url("https://user:pw@example.com/")
                .unwrap_err()
                .to_string(),
            "not an http(s) link: https://example.com (a link with a user name)"
        );
    }

    #[test]
    fn pages_are_told_by_type_or_bytes() {
        assert!(is_html_type("text/html; charset=gbk"));
        assert!(is_html_type("application/xhtml+xml"));
        assert!(!is_html_type("application/pdf"));
        assert!(!is_html_type("image/png"));
        assert!(looks_like_html(b"\n<!DOCTYPE html><html>"));
        assert!(!looks_like_html(b"\x89PNG\r\n\x1a\n\0\0"));
        assert!(!looks_like_html(b"just words"));
    }

    #[test]
    fn address_literals_are_checked_before_connecting() {
        let config = crate::config::Config::default().fetch;
        let public = PageFetcher::new(&config, FeedOrigin::PUBLIC).unwrap();
        let url = Url::parse("http://192.168.1.1/admin").unwrap();
        assert_eq!(
            public.check_literal(&url).unwrap_err().to_string(),
            "refused 192.168.1.1: it is on a private address and the feed is not (a feed \
             may not make ainews-tui probe your network)"
        );
        assert!(
            public
                .check_literal(&Url::parse("http://[::1]:8080/").unwrap())
                .is_err()
        );
        assert!(
            public
                .check_literal(&Url::parse("http://8.8.8.8/").unwrap())
                .is_ok()
        );
        let local = PageFetcher::new(
            &config,
            FeedOrigin {
                class: AddressClass::Loopback,
            },
        )
        .unwrap();
        assert!(local.check_literal(&url).is_ok());
    }
}
