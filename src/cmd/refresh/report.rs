//! What a refresh says: each feed's line, the counts over the run, the pages of
//! `full_text` feeds, and the writes that did not reach the cache. Text for people, and
//! one JSON object per feed and a total for scripts (`--json`).

use std::path::Path;

use serde_json::json;

use super::MAX_ERROR_CHARS;
use super::columns::plural;
use crate::article::background::PageTally;
use crate::text::sanitize::clean_line;

/// Writes of this refresh that did not reach the cache: any makes the exit status 1.
#[derive(Debug, Default)]
pub struct StorageFailures {
    count: usize,
    /// The first failure, which names the cause (a full disk, a read-only file, damage).
    first: Option<(String, String)>,
}

impl StorageFailures {
    pub fn failed(&mut self, what: &str, error: impl std::fmt::Display) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some((what.to_owned(), error.to_string()));
        }
    }

    /// The closing line on stderr, or `None` when everything was stored.
    pub fn message(&self, cache: &Path) -> Option<String> {
        let (what, error) = self.first.as_ref()?;
        Some(format!(
            "ainews-tui: {} {} could not be stored in the cache {} (first: {what}: {error}); \
             what was stored before is kept",
            self.count,
            plural(self.count, "result", "results"),
            cache.display(),
        ))
    }
}

/// Counts over one refresh.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub new_articles: usize,
}

impl Tally {
    /// `23 feeds: 19 ok, 2 unchanged, 2 failed; 137 new articles`
    pub fn summary(&self) -> String {
        let feeds = self.updated + self.unchanged + self.failed;
        format!(
            "{feeds} {}: {} ok, {} unchanged, {} failed; {} new {}",
            plural(feeds, "feed", "feeds"),
            self.updated,
            self.unchanged,
            self.failed,
            self.new_articles,
            plural(self.new_articles, "article", "articles"),
        )
    }
}

/// `full texts: 9 fetched, 1 failed`: the pages of `full_text` feeds, after the feeds.
pub fn pages_summary(tally: &PageTally) -> String {
    format!(
        "full texts: {} fetched, {} failed",
        tally.fetched, tally.failed
    )
}

/// What one feed's line says after its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedLine {
    New(usize),
    /// `http`: it was a 304 (a local file has no status code).
    Unchanged {
        http: bool,
    },
    Error(String),
}

impl std::fmt::Display for FeedLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedLine::New(n) => write!(f, "{n} new"),
            FeedLine::Unchanged { http: true } => f.write_str("unchanged (304)"),
            FeedLine::Unchanged { http: false } => f.write_str("unchanged"),
            FeedLine::Error(text) => write!(f, "error: {}", clean_line(text, MAX_ERROR_CHARS)),
        }
    }
}

/// One feed's result as a JSON object (`refresh --json`).
pub fn feed_json(name: &str, url: &str, line: &FeedLine, remark: Option<&str>) -> String {
    let (status, new, error) = match line {
        FeedLine::New(n) => ("updated", *n, None),
        FeedLine::Unchanged { .. } => ("unchanged", 0, None),
        FeedLine::Error(text) => ("failed", 0, Some(clean_line(text, MAX_ERROR_CHARS))),
    };
    json!({
        "feed": clean_line(name, 200),
        "url": clean_line(url, 2000),
        "status": status,
        "new_articles": new,
        "error": error,
        "repaired": remark.map(|r| clean_line(r, MAX_ERROR_CHARS)),
    })
    .to_string()
}

/// The total as a JSON object, last (`refresh --json`); `pages` when any feed has
/// `full_text`.
pub fn total_json(tally: &Tally, pages: Option<&PageTally>) -> String {
    let mut total = json!({
        "total": true,
        "feeds": tally.updated + tally.unchanged + tally.failed,
        "updated": tally.updated,
        "unchanged": tally.unchanged,
        "failed": tally.failed,
        "new_articles": tally.new_articles,
    });
    if let Some(pages) = pages {
        total["full_texts"] = json!({ "fetched": pages.fetched, "failed": pages.failed });
    }
    total.to_string()
}
