//! `ainews-tui article ID [--full] [--json]` end to end: a feed and its article page on
//! 127.0.0.1 (so the address policy allows the page), the real binary, a fresh data dir.

// Test code: a broken fixture or server should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Command, Output, Stdio};

use common::{Route, TestServer, fixture};

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn run(&self, args: &[&str]) -> Output {
        let home = self.dir.path().join("home");
        Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env_remove("AINEWS_CONFIG")
            .env_remove("AINEWS_DATA_DIR")
            .stdin(Stdio::null())
            .output()
            .expect("run the binary")
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_is_printed_then_fetched_in_full_and_stored() {
    let server = TestServer::start().await;
    let page = server.url("/story.html");
    let rss = format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Local wire</title>\
         <link>{page}</link><description>d</description>\
         <item><guid>g1</guid><title>国产AI芯片加速追赶</title><link>{page}</link>\
         <pubDate>Mon, 30 Nov 2026 09:12:00 GMT</pubDate>\
         <description>&lt;p&gt;多家国内芯片企业相继发布新一代人工智能训练芯片。&lt;/p&gt;</description>\
         </item></channel></rss>\n"
    );
    server.route("/feed.xml", Route::rss(rss));
    server.route(
        "/story.html",
        Route::ok(fixture("article/zh-chips/source.html"), "text/html"),
    );
    let sandbox = Sandbox {
        dir: tempfile::tempdir().unwrap(),
    };
    std::fs::write(
        sandbox.dir.path().join("config.toml"),
        format!(
            "[storage]\nmax_age = \"100000d\"\n\n[[feeds]]\nname = \"Local wire\"\nurl = \"{}\"\n",
            server.url("/feed.xml")
        ),
    )
    .unwrap();

    let sandbox = tokio::task::spawn_blocking(move || {
        assert!(sandbox.run(&["refresh"]).status.success());
        let listed = stdout(&sandbox.run(&["headlines", "--json"]));
        let headline: serde_json::Value = serde_json::from_str(listed.trim()).unwrap();
        assert_eq!(headline["has_full_text"], false);
        let id = headline["id"].as_str().unwrap().to_owned();

        let cached = sandbox.run(&["article", &id, "--json"]);
        assert!(cached.status.success());
        let cached: serde_json::Value = serde_json::from_str(stdout(&cached).trim()).unwrap();
        assert_eq!(cached["id"], id.as_str());
        assert_eq!(cached["title"], "国产AI芯片加速追赶");
        assert_eq!(cached["feed"], "Local wire");
        assert_eq!(cached["published"], "2026-11-30T09:12:00Z");
        assert_eq!(
            cached["summary"],
            "多家国内芯片企业相继发布新一代人工智能训练芯片。"
        );
        assert_eq!(cached["full_text"], serde_json::Value::Null);
        assert_eq!(
            cached["full_text_error"],
            "not fetched yet (run `ainews-tui article ID --full`)"
        );
        for key in ["link", "topic", "terms", "read", "starred"] {
            assert!(cached.get(key).is_some(), "{key}");
        }

        let full = sandbox.run(&["article", &id, "--full", "--json"]);
        assert!(
            full.status.success(),
            "{}",
            String::from_utf8_lossy(&full.stderr)
        );
        let full: serde_json::Value = serde_json::from_str(stdout(&full).trim()).unwrap();
        let text = full["full_text"].as_str().unwrap();
        assert!(
            text.contains("\n\n据介绍，新款芯片采用先进封装工艺"),
            "{text}"
        );
        assert_eq!(full["full_text_error"], serde_json::Value::Null);

        let listed = stdout(&sandbox.run(&["headlines", "--json"]));
        let headline: serde_json::Value = serde_json::from_str(listed.trim()).unwrap();
        assert_eq!(headline["has_full_text"], true);

        let readable = stdout(&sandbox.run(&["article", &id]));
        let head: Vec<&str> = readable.lines().take(5).collect();
        assert_eq!(
            head,
            [
                "国产AI芯片加速追赶",
                "Source: Local wire",
                "Date:   2026-11-30T09:12:00Z",
                &*format!("Link:   {page}"),
                "",
            ]
        );
        assert!(readable.contains("展望未来，业内预计明年国产训练芯片的出货量将继续增长"));

        let unknown = sandbox.run(&["article", "00000000000000ff"]);
        assert_eq!(unknown.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&unknown.stderr),
            "ainews-tui: no cached article has the id \"00000000000000ff\" (ids are the 16 hex \
             digits `headlines --json` prints)\n"
        );
        sandbox
    })
    .await
    .unwrap();
    // The page was fetched once: the second `article` read the stored text.
    assert_eq!(server.requests_to("/story.html").len(), 1);
    drop(sandbox);
}
