//! The HTTP side of a fetch: one conditional GET, redirects followed by hand (at most
//! `MAX_REDIRECTS`, http(s) only), the body read up to the cap, Retry-After understood.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use url::Url;

use super::{FetchError, FetchResponse, Fetcher, MAX_REDIRECTS, Validators};

impl Fetcher {
    pub(super) async fn fetch_http(
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

            refuse_declared_oversize(&response, self.max_bytes)?;
            let content_type = content_type(&response);
            let bytes =
                read_capped(&mut response, self.max_bytes, |e| self.classify(e, &url)).await?;
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
}

/// Refuses a body whose Content-Length is already over `max_bytes`. With automatic
/// decompression reqwest drops Content-Length for encoded bodies, so a length here is the
/// decoded size.
pub(crate) fn refuse_declared_oversize(
    response: &reqwest::Response,
    max_bytes: u64,
) -> Result<(), FetchError> {
    if response.content_length().is_some_and(|len| len > max_bytes) {
        return Err(FetchError::TooLarge(max_bytes));
    }
    Ok(())
}

/// The response's Content-Type, when it is readable text.
pub(crate) fn content_type(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The body, chunk by chunk, refused as soon as it passes `max_bytes`: a server may send
/// no Content-Length, or a false one.
pub(crate) async fn read_capped<E: From<FetchError>>(
    response: &mut reqwest::Response,
    max_bytes: u64,
    classify: impl Fn(&reqwest::Error) -> E,
) -> Result<Vec<u8>, E> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| classify(&e))? {
        if (bytes.len() + chunk.len()) as u64 > max_bytes {
            return Err(FetchError::TooLarge(max_bytes).into());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn is_followed_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The next URL of a redirect chain. Only http(s) targets are followed: a remote server must
/// never be able to point us at a local file.
pub(crate) fn redirect_target(current: &Url, headers: &HeaderMap) -> Result<Url, FetchError> {
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

/// Parses a Retry-After value: delay seconds, or an HTTP date (then relative to `now`; a date
/// in the past means "now").
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = crate::time::parse_http_date(value)?;
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(Duration::from_secs(at.saturating_sub(now).max(0) as u64))
}
