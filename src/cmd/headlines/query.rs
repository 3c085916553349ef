//! `headlines --query`: the query compiled against the config's watchlist and feed tags,
//! and the cached rows it keeps, each read as the query needs it (its body only for words
//! and `watch:`, the full-text flags only for `has:fulltext`).

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::Context;

use crate::config::Config;
use crate::model::{Article, FeedId, Topic, UnixTime};
use crate::query::{Compiled, Query, QueryError, Subject, Vocabulary, normalize, search_key};
use crate::store::{self, StoredArticle};
use crate::text::sanitize::strip_tags;
use crate::topics::watch::Watchlist;

use super::{configured_names, feed_name};

/// `--query`, compiled against the config's watchlist and feed tags.
pub(super) struct QueryFilter {
    query: Query,
    compiled: Compiled,
}

impl QueryFilter {
    /// The compiled query, none without `--query`, or exit status 2 after the error is
    /// shown under the query on stderr.
    pub(super) fn new(
        text: Option<&str>,
        config: &Config,
        now: UnixTime,
    ) -> Result<Option<Self>, ExitCode> {
        let Some(text) = text else {
            return Ok(None);
        };
        let vocabulary = Vocabulary::new(
            &config.watchlist,
            config.feeds.iter().map(|feed| feed.tags.as_slice()),
        );
        let compiled = crate::query::parse(text).and_then(|query| {
            let compiled = Compiled::new(&query, text, &vocabulary, now)?;
            Ok(QueryFilter { query, compiled })
        });
        compiled.map(Some).map_err(|err| {
            eprintln!("{}", query_error(&err, text));
            ExitCode::from(super::super::EXIT_CONFIG)
        })
    }

    /// The rows (and their snippets) the query matches, in order, at most `limit`.
    /// Bodies, watchlist hits and full-text flags are read only when the query asks.
    pub(super) fn keep(
        &self,
        store: &store::Store,
        config: &Config,
        rows: Vec<StoredArticle>,
        snippets: Vec<Option<String>>,
        limit: Option<usize>,
    ) -> anyhow::Result<(Vec<StoredArticle>, Vec<Option<String>>)> {
        let names = configured_names(config);
        let feeds: HashMap<&str, FeedId> = config
            .feeds
            .iter()
            .enumerate()
            .map(|(i, feed)| (feed.url.as_str(), FeedId(i as u32)))
            .collect();
        let uses_text = self.query.uses_text();
        let watchlist = self
            .query
            .uses_watchlist()
            .then(|| Watchlist::new(&config.watchlist).ok())
            .flatten();
        let full_texts = if self.query.uses_full_text() {
            store.full_text_ids().context("reading the cache")?
        } else {
            Default::default()
        };
        let mut kept = (Vec::new(), Vec::new());
        for (row, snippet) in rows.into_iter().zip(snippets) {
            if limit.is_some_and(|limit| kept.0.len() >= limit) {
                break;
            }
            let body = if uses_text || watchlist.is_some() {
                let body = store
                    .load_body(row.article.id)
                    .context("reading the cache")?;
                strip_tags(&body.unwrap_or_default())
            } else {
                String::new()
            };
            let candidate = Candidate {
                article: &row.article,
                key: search_key(&row.article.title, &feed_name(&row, &names)),
                text: uses_text.then(|| normalize(&body).into_owned()),
                feed: feeds
                    .get(row.feed_url.as_str())
                    .copied()
                    .unwrap_or(store::HEADLINES_FEED),
                watch: watchlist.as_ref().map_or_else(Vec::new, |watchlist| {
                    let hits = watchlist.matches(&row.article.title, &body);
                    hits.into_iter().map(|i| i as u16).collect()
                }),
                full_text: full_texts.contains(&row.article.id),
            };
            if self.compiled.matches(&candidate) {
                kept.0.push(row);
                kept.1.push(snippet);
            }
        }
        Ok(kept)
    }
}

/// A bad `--query` as stderr shows it: the query, a caret under the culprit, the message.
fn query_error(err: &QueryError, text: &str) -> String {
    let report = err.report(text).to_string();
    let indented: Vec<String> = report.lines().map(|line| format!("  {line}")).collect();
    format!(
        "error: invalid value for '--query <QUERY>':\n{}",
        indented.join("\n")
    )
}

/// A cached article as the query sees it.
struct Candidate<'a> {
    article: &'a Article,
    key: String,
    text: Option<String>,
    feed: FeedId,
    watch: Vec<u16>,
    full_text: bool,
}

impl Subject for Candidate<'_> {
    fn search_key(&self) -> &str {
        &self.key
    }
    fn text_key(&self) -> Option<&str> {
        self.text.as_deref()
    }
    fn feed(&self) -> FeedId {
        self.feed
    }
    fn topic(&self) -> Topic {
        self.article.topic
    }
    fn read(&self) -> bool {
        self.article.read
    }
    fn starred(&self) -> bool {
        self.article.starred
    }
    fn when(&self) -> UnixTime {
        self.article.when()
    }
    fn watch_hits(&self) -> &[u16] {
        &self.watch
    }
    fn has_full_text(&self) -> bool {
        self.full_text
    }
}
