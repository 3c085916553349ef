//! A tiny HTTP/1.1 server on 127.0.0.1 for integration tests: configurable routes,
//! conditional GET, hangs, oversized and compressed bodies, redirects and error statuses,
//! and hostile behaviour (a body dripped a byte at a time, a transfer cut short, a
//! connection closed without an answer, bytes that are not HTTP). It records every request
//! and counts requests in progress at once.

// Helpers outside #[test] functions unwrap too: a broken fixture should fail loudly.
#![allow(clippy::unwrap_used)]
#![allow(dead_code)] // each test binary uses a different part of it

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// How an oversized body announces its length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Framing {
    ContentLength,
    /// No length: the body ends when the connection closes.
    Close,
    Chunked,
}

#[derive(Debug, Clone)]
enum Body {
    Bytes(Vec<u8>),
    /// One byte every `every`, after the headers went out at once.
    Drip {
        bytes: Vec<u8>,
        every: Duration,
    },
    /// Announces `claimed` bytes, sends `bytes` (fewer) and closes.
    Truncated {
        bytes: Vec<u8>,
        claimed: usize,
    },
    /// Closes the connection without a status line.
    Nothing,
    /// `len` bytes of `fill`, streamed in 64 KiB pieces.
    Repeat {
        fill: u8,
        len: usize,
        framing: Framing,
    },
}

/// What the server does for one path.
#[derive(Debug, Clone)]
pub struct Route {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    delay: Duration,
    hang: bool,
    /// Sent instead of the route's ETag on a 304 (servers may rotate it).
    etag_on_304: Option<String>,
    /// How a `Bytes` body is framed.
    framing: Framing,
}

impl Route {
    pub fn ok(body: impl Into<Vec<u8>>, content_type: &str) -> Route {
        Route {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Bytes(body.into()),
            delay: Duration::ZERO,
            hang: false,
            etag_on_304: None,
            framing: Framing::ContentLength,
        }
    }

    pub fn rss(body: impl Into<Vec<u8>>) -> Route {
        Route::ok(body, "application/rss+xml")
    }

    pub fn status(status: u16) -> Route {
        Route {
            status,
            ..Route::ok(format!("status {status}"), "text/plain")
        }
    }

    pub fn redirect(status: u16, location: &str) -> Route {
        Route::status(status).header("Location", location)
    }

    /// Accepts the connection, reads the request and never answers.
    pub fn hang() -> Route {
        Route {
            hang: true,
            ..Route::status(200)
        }
    }

    pub fn oversized(len: usize, framing: Framing) -> Route {
        Route {
            body: Body::Repeat {
                fill: b'x',
                len,
                framing,
            },
            ..Route::ok("", "application/rss+xml")
        }
    }

    /// `body` gzip-compressed on the wire, with `Content-Encoding: gzip`.
    pub fn gzip(body: &[u8], content_type: &str) -> Route {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(body).expect("gzip into memory");
        let compressed = encoder.finish().expect("gzip into memory");
        Route::ok(compressed, content_type).header("Content-Encoding", "gzip")
    }

    /// Headers at once, then `body` one byte every `every`: only a total timeout stops it.
    pub fn drip(body: impl Into<Vec<u8>>, every: Duration) -> Route {
        Route {
            body: Body::Drip {
                bytes: body.into(),
                every,
            },
            ..Route::rss("")
        }
    }

    /// Claims `claimed` bytes of body but sends only `body` and closes.
    pub fn truncated(body: impl Into<Vec<u8>>, claimed: usize) -> Route {
        Route {
            body: Body::Truncated {
                bytes: body.into(),
                claimed,
            },
            ..Route::rss("")
        }
    }

    /// Reads the request and closes the connection without answering.
    pub fn close_without_answer() -> Route {
        Route {
            body: Body::Nothing,
            ..Route::rss("")
        }
    }

    /// Frames the body without a length (`Close`) or in chunks (`Chunked`).
    pub fn framing(mut self, framing: Framing) -> Route {
        self.framing = framing;
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Route {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn etag(self, etag: &str) -> Route {
        self.header("ETag", etag)
    }

    pub fn last_modified(self, date: &str) -> Route {
        self.header("Last-Modified", date)
    }

    pub fn etag_on_304(mut self, etag: &str) -> Route {
        self.etag_on_304 = Some(etag.into());
        self
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Route {
        self.delay = delay;
        self
    }

    fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One request as the server saw it; header names are lowercased.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub headers: HashMap<String, String>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

#[derive(Default)]
struct State {
    routes: Mutex<HashMap<String, Route>>,
    requests: Mutex<Vec<Request>>,
    active: AtomicUsize,
    max_active: AtomicUsize,
}

pub struct TestServer {
    pub addr: SocketAddr,
    state: Arc<State>,
    accept: JoinHandle<()>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(State::default());
        let accept_state = Arc::clone(&state);
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&accept_state)));
            }
        });
        TestServer {
            addr,
            state,
            accept,
        }
    }

    pub fn route(&self, path: &str, route: Route) {
        self.state
            .routes
            .lock()
            .unwrap()
            .insert(path.to_string(), route);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.requests.lock().unwrap().clone()
    }

    pub fn requests_to(&self, path: &str) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }

    /// The most requests that were being handled at the same moment.
    pub fn max_concurrent(&self) -> usize {
        self.state.max_active.load(Ordering::SeqCst)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Decrements the in-progress count however the handler ends.
struct Active<'a>(&'a State);

impl Drop for Active<'_> {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve(mut stream: TcpStream, state: Arc<State>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let now = state.active.fetch_add(1, Ordering::SeqCst) + 1;
    state.max_active.fetch_max(now, Ordering::SeqCst);
    let active = Active(&state);
    state.requests.lock().unwrap().push(request.clone());
    let route = state.routes.lock().unwrap().get(&request.path).cloned();
    let Some(route) = route else {
        drop(active);
        let _ = write_simple(&mut stream, 404, &[], b"no such route").await;
        return;
    };
    if route.hang {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        return;
    }
    tokio::time::sleep(route.delay).await;

    let etag = route.header_value("ETag");
    let last_modified = route.header_value("Last-Modified");
    let etag_matches = etag.is_some() && request.header("If-None-Match") == etag;
    // If-Modified-Since is only looked at without If-None-Match (RFC 9110 13.1.3).
    let date_matches = request.header("If-None-Match").is_none()
        && last_modified.is_some()
        && request.header("If-Modified-Since") == last_modified;
    // The count covers "request received, answer not yet sent": strictly inside the time
    // the client holds its concurrency slot.
    drop(active);
    if route.status == 200 && (etag_matches || date_matches) {
        let mut headers = Vec::new();
        if let Some(e) = route.etag_on_304.as_deref().or(etag) {
            headers.push(("ETag".to_string(), e.to_string()));
        }
        let _ = write_simple(&mut stream, 304, &headers, b"").await;
        return;
    }
    let _ = match &route.body {
        Body::Bytes(bytes) if route.framing == Framing::ContentLength => {
            write_simple(&mut stream, route.status, &route.headers, bytes).await
        }
        Body::Bytes(bytes) => {
            write_framed(
                &mut stream,
                route.status,
                &route.headers,
                bytes,
                route.framing,
            )
            .await
        }
        Body::Drip { bytes, every } => {
            write_drip(&mut stream, route.status, &route.headers, bytes, *every).await
        }
        Body::Truncated { bytes, claimed } => {
            let head = head(route.status, &route.headers, Some(*claimed), false);
            async {
                stream.write_all(&head).await?;
                stream.write_all(bytes).await?;
                stream.shutdown().await
            }
            .await
        }
        Body::Nothing => stream.shutdown().await,
        Body::Repeat { fill, len, framing } => {
            write_repeat(
                &mut stream,
                route.status,
                &route.headers,
                *fill,
                *len,
                *framing,
            )
            .await
        }
    };
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 64 * 1024 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_string();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Request { path, headers })
}

fn head(
    status: u16,
    headers: &[(String, String)],
    length: Option<usize>,
    chunked: bool,
) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nConnection: close\r\n",
        reason(status)
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(len) = length {
        out.push_str(&format!("Content-Length: {len}\r\n"));
    }
    if chunked {
        out.push_str("Transfer-Encoding: chunked\r\n");
    }
    out.push_str("\r\n");
    out.into_bytes()
}

async fn write_simple(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let length = (status != 304).then_some(body.len());
    stream
        .write_all(&head(status, headers, length, false))
        .await?;
    stream.write_all(body).await?;
    stream.shutdown().await
}

async fn write_framed(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    framing: Framing,
) -> std::io::Result<()> {
    let chunked = framing == Framing::Chunked;
    stream
        .write_all(&head(status, headers, None, chunked))
        .await?;
    for piece in body.chunks(16 * 1024) {
        if chunked {
            stream
                .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                .await?;
            stream.write_all(piece).await?;
            stream.write_all(b"\r\n").await?;
        } else {
            stream.write_all(piece).await?;
        }
    }
    if chunked {
        stream.write_all(b"0\r\n\r\n").await?;
    }
    stream.shutdown().await
}

async fn write_drip(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    every: Duration,
) -> std::io::Result<()> {
    stream
        .write_all(&head(status, headers, Some(body.len()), false))
        .await?;
    stream.flush().await?;
    for byte in body {
        tokio::time::sleep(every).await;
        stream.write_all(std::slice::from_ref(byte)).await?;
        stream.flush().await?;
    }
    stream.shutdown().await
}

async fn write_repeat(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    fill: u8,
    len: usize,
    framing: Framing,
) -> std::io::Result<()> {
    let length = (framing == Framing::ContentLength).then_some(len);
    stream
        .write_all(&head(status, headers, length, framing == Framing::Chunked))
        .await?;
    let piece = vec![fill; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(piece.len());
        if framing == Framing::Chunked {
            stream.write_all(format!("{n:x}\r\n").as_bytes()).await?;
            stream.write_all(&piece[..n]).await?;
            stream.write_all(b"\r\n").await?;
        } else {
            stream.write_all(&piece[..n]).await?;
        }
        left -= n;
    }
    if framing == Framing::Chunked {
        stream.write_all(b"0\r\n\r\n").await?;
    }
    stream.shutdown().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

/// A listener on 127.0.0.1 that answers every connection with `reply`, whatever was sent,
/// and closes: for example plain HTTP where a TLS handshake is expected.
pub struct RawServer {
    pub addr: SocketAddr,
    accept: JoinHandle<()>,
}

impl RawServer {
    pub async fn start(reply: &'static [u8]) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let accept = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut first = [0u8; 1024];
                    let _ = stream.read(&mut first).await;
                    let _ = stream.write_all(reply).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        RawServer { addr, accept }
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// A loopback port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}

/// Fetch settings for tests: short timeouts, a small body cap, loopback only.
pub fn fetch_config() -> ainews_tui::config::FetchConfig {
    ainews_tui::config::FetchConfig {
        concurrency: 8,
        per_host: 8,
        timeout: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(1),
        max_bytes: 256 * 1024,
        user_agent: "ainews-tui-test/0.1 (+https://example.invalid)".to_string(),
        refresh: Duration::from_secs(15 * 60),
    }
}

pub fn feed(url: &str) -> ainews_tui::config::FeedConfig {
    ainews_tui::config::FeedConfig {
        url: url.to_string(),
        name: None,
        refresh: None,
        tags: Vec::new(),
        enabled: true,
        full_text: false,
    }
}

/// Runs a test body under a deadline so a hang fails the test instead of the CI run.
pub async fn within<T>(secs: u64, fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), fut)
        .await
        .unwrap_or_else(|_| panic!("test did not finish within {secs}s"))
}

/// A file from tests/fixtures (e.g. "feeds/rss2.xml", "hostile/links_hostile.xml").
pub fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The built-in topic rules, as the poller uses them.
pub fn classifier() -> Arc<ainews_tui::topics::classify::Classifier> {
    Arc::new(
        ainews_tui::topics::classify::Classifier::new(&ainews_tui::config::TopicsConfig::default())
            .expect("default rules compile"),
    )
}

/// Waits for the next `Finished` event, skipping `Started`.
pub async fn next_finished(
    events: &mut tokio::sync::mpsc::Receiver<ainews_tui::ingest::poller::PollEvent>,
) -> (
    ainews_tui::model::FeedId,
    ainews_tui::ingest::poller::FeedReport,
) {
    use ainews_tui::ingest::poller::PollEvent;
    loop {
        match events.recv().await.expect("poller alive") {
            PollEvent::Finished { feed, report } => return (feed, report),
            PollEvent::Started { .. } => {}
        }
    }
}

/// Starts the poller on these feeds with the built-in rules; its events come on the receiver.
pub fn start_poller(
    feeds: Vec<ainews_tui::config::FeedConfig>,
    config: ainews_tui::config::FetchConfig,
) -> (
    ainews_tui::ingest::poller::PollerHandle,
    tokio::sync::mpsc::Receiver<ainews_tui::ingest::poller::PollEvent>,
) {
    let (tx, rx) = tokio::sync::mpsc::channel(ainews_tui::ingest::poller::EVENT_BUFFER);
    (
        ainews_tui::ingest::poller::spawn(feeds, config, classifier(), tx),
        rx,
    )
}
