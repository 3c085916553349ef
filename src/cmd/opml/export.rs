//! `export-opml`: the configured web feeds as an OPML 2.0 document, grouped in folders by
//! their first tag, every tag in the `category` attribute.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::config::FeedConfig;
use crate::text::sanitize::clean_line;

use super::super::refresh::host_of;

/// Runs `export-opml`: the document on `out`, local feeds named on stderr as left out.
pub fn export(explicit: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let (config, _) = match super::super::load_config(explicit) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    for feed in config.feeds.iter().filter(|f| !is_web(&f.url)) {
        eprintln!(
            "left out the local feed {}: OPML lists web addresses only",
            clean_line(&feed.url, 300)
        );
    }
    let now = chrono::Utc::now().to_rfc2822();
    out.write_all(to_opml(&config.feeds, &now).as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The OPML 2.0 text for the web feeds among `feeds`. Feeds without tags come first, at the
/// top level; then one folder per first tag, in order of first appearance.
pub fn to_opml(feeds: &[FeedConfig], date: &str) -> String {
    let web: Vec<&FeedConfig> = feeds.iter().filter(|f| is_web(&f.url)).collect();
    let mut doc =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    doc.push_str("  <head>\n    <title>ainews-tui feeds</title>\n");
    doc.push_str(&format!(
        "    <dateCreated>{}</dateCreated>\n",
        escape(date)
    ));
    doc.push_str("  </head>\n  <body>\n");
    for feed in web.iter().filter(|f| f.tags.is_empty()) {
        doc.push_str(&outline(feed, 4));
    }
    let mut folders: Vec<&str> = Vec::new();
    for feed in &web {
        if let Some(first) = feed.tags.first()
            && !folders.contains(&first.as_str())
        {
            folders.push(first);
        }
    }
    for folder in folders {
        let name = escape(folder);
        doc.push_str(&format!("    <outline text=\"{name}\" title=\"{name}\">\n"));
        for feed in web
            .iter()
            .filter(|f| f.tags.first().map(String::as_str) == Some(folder))
        {
            doc.push_str(&outline(feed, 6));
        }
        doc.push_str("    </outline>\n");
    }
    doc.push_str("  </body>\n</opml>\n");
    doc
}

/// One feed's `<outline .../>` line. Disabled feeds are exported too: the list is the
/// user's, whether or not they read every feed today.
fn outline(feed: &FeedConfig, indent: usize) -> String {
    let name = feed.name.clone().unwrap_or_else(|| host_of(&feed.url));
    let name = escape(&name);
    let mut line = format!(
        "{:indent$}<outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{}\"",
        "",
        escape(&feed.url)
    );
    if !feed.tags.is_empty() {
        line.push_str(&format!(" category=\"{}\"", escape(&feed.tags.join(","))));
    }
    line.push_str("/>\n");
    line
}

/// Text made safe for an XML attribute or element: markup characters as entities, controls
/// XML 1.0 cannot hold dropped, and terminal escapes removed like everywhere else.
fn escape(text: &str) -> String {
    let clean = clean_line(text, usize::MAX);
    let mut out = String::with_capacity(clean.len());
    for ch in clean.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{FFFE}' | '\u{FFFF}' => {}
            ch => out.push(ch),
        }
    }
    out
}

fn is_web(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::opml::parse;

    fn feed(url: &str, name: Option<&str>, tags: &[&str]) -> FeedConfig {
        FeedConfig {
            url: url.to_owned(),
            name: name.map(str::to_owned),
            refresh: None,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            enabled: true,
            full_text: false,
        }
    }

    #[test]
    fn feeds_are_grouped_by_first_tag_and_escaped() {
        let feeds = [
            feed(
                "https://a.example/feed?x=1&y=2",
                Some("A & \"B\" <C>"),
                &["policy", "chips"],
            ),
            feed("https://b.example/rss", None, &[]),
            feed("/home/u/notes.xml", Some("Local"), &["local"]),
            feed("https://c.example/atom", Some("C"), &["policy"]),
        ];
        let doc = to_opml(&feeds, "Sat, 28 Nov 2026 09:41:00 +0000");
        assert!(
            doc.contains("xmlUrl=\"https://a.example/feed?x=1&amp;y=2\""),
            "{doc}"
        );
        assert!(
            doc.contains("text=\"A &amp; &quot;B&quot; &lt;C&gt;\""),
            "{doc}"
        );
        assert!(doc.contains("category=\"policy,chips\""), "{doc}");
        assert!(doc.contains("text=\"b.example\""), "{doc}");
        assert!(
            !doc.contains("notes.xml"),
            "local feeds are left out: {doc}"
        );
        assert_eq!(doc.matches("<outline text=\"policy\"").count(), 1, "{doc}");

        let back = parse(&doc).unwrap().feeds;
        assert_eq!(back.len(), 3);
        assert_eq!(back[0].url, "https://b.example/rss");
        assert_eq!(back[1].url, "https://a.example/feed?x=1&y=2");
        assert_eq!(back[1].name.as_deref(), Some("A & \"B\" <C>"));
        assert_eq!(back[1].tags, ["policy", "chips"]);
        assert_eq!(back[2].tags, ["policy"]);
    }
}
