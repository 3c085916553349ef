//! Proxies from the environment: with `HTTP_PROXY` (or `ALL_PROXY`) set, feeds are fetched
//! through the proxy, here one on 127.0.0.1 written by the test that answers for a host
//! that does not exist anywhere else.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

const FEED: &str = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Behind a proxy</title>\
<item><title>Proxied headline about Nvidia</title><link>https://news.example/p</link><guid>p1</guid></item>\
</channel></rss>";

/// A forward proxy that answers every request itself with the feed, and keeps the request
/// lines it saw.
fn proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            log.lock().expect("log").push(first.trim().to_string());
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{FEED}",
                FEED.len()
            );
        }
    });
    (port, seen)
}

fn refresh_through(variable: &str, port: u16, dir: &Path) -> std::process::Output {
    std::fs::write(
        dir.join("config.toml"),
        "[[feeds]]\nurl = \"http://feeds.ainews-proxy-test.invalid/feed.xml\"\n",
    )
    .expect("config");
    Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("refresh")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env(variable, format!("http://127.0.0.1:{port}"))
        .stdin(Stdio::null())
        .output()
        .expect("run the binary")
}

#[test]
fn feeds_go_through_the_proxy_the_environment_names() {
    for variable in ["HTTP_PROXY", "ALL_PROXY"] {
        let (port, seen) = proxy();
        let dir = tempfile::tempdir().expect("dir");
        let out = refresh_through(variable, port, dir.path());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{variable}: {out:?}");
        assert!(stdout.contains("1 new"), "{variable}: {stdout}");
        assert_eq!(
            *seen.lock().expect("log"),
            ["GET http://feeds.ainews-proxy-test.invalid/feed.xml HTTP/1.1"],
            "{variable}"
        );
    }
}

/// A SOCKS5 proxy (no authentication, CONNECT by name) that plays the feed's server
/// itself: it keeps the host and port it was asked for, then answers with the feed.
fn socks5() -> (u16, Arc<Mutex<Vec<String>>>) {
    use std::io::Read;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut greeting = [0u8; 2];
            if stream.read_exact(&mut greeting).is_err() {
                continue;
            }
            let mut methods = vec![0u8; usize::from(greeting[1])];
            let _ = stream.read_exact(&mut methods);
            let _ = stream.write_all(&[5, 0]);
            let mut head = [0u8; 4];
            if stream.read_exact(&mut head).is_err() {
                continue;
            }
            let target = match head[3] {
                3 => {
                    let mut len = [0u8; 1];
                    let _ = stream.read_exact(&mut len);
                    let mut name = vec![0u8; usize::from(len[0])];
                    let _ = stream.read_exact(&mut name);
                    String::from_utf8_lossy(&name).into_owned()
                }
                1 => {
                    let mut ip = [0u8; 4];
                    let _ = stream.read_exact(&mut ip);
                    std::net::Ipv4Addr::from(ip).to_string()
                }
                _ => continue,
            };
            let mut port = [0u8; 2];
            let _ = stream.read_exact(&mut port);
            log.lock()
                .expect("log")
                .push(format!("{target}:{}", u16::from_be_bytes(port)));
            let _ = stream.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0]);
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{FEED}",
                FEED.len()
            );
        }
    });
    (port, seen)
}

#[test]
fn a_socks5_proxy_in_all_proxy_carries_the_feeds() {
    let (port, seen) = socks5();
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("config.toml"),
        "[[feeds]]\nurl = \"http://feeds.ainews-proxy-test.invalid/feed.xml\"\n",
    )
    .expect("config");
    let out = Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
        .arg("--config")
        .arg(dir.path().join("config.toml"))
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .arg("refresh")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        // socks5h: the proxy resolves the name, as the invented host requires.
        .env("ALL_PROXY", format!("socks5h://127.0.0.1:{port}"))
        .stdin(Stdio::null())
        .output()
        .expect("run the binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout.contains("1 new"), "{stdout}");
    assert_eq!(
        *seen.lock().expect("log"),
        ["feeds.ainews-proxy-test.invalid:80"]
    );
}
