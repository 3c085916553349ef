//! Which cached rows the headless commands show: `--query`, a `[[views]]` view and the
//! `[[hide]]` rules, compiled against the config's watchlist and feed tags and evaluated
//! through one `Subject` over cached rows, so that `headlines`, `brief` and `topics eval`
//! agree on what a query matches. Each row is read only as far as the queries ask: its
//! body for words and `watch:`, the full-text flags for `has:fulltext`.

use std::collections::{HashMap, HashSet};

use anyhow::Context;

use crate::config::Config;
use crate::model::{Article, ArticleId, FeedId, Topic, UnixTime};
use crate::query::{Compiled, Query, QueryError, Subject, Vocabulary, normalize, search_key};
use crate::store::{self, Store, StoredArticle};
use crate::text::sanitize::{clean_line, strip_tags};
use crate::topics::watch::Watchlist;

use super::refresh::host_of;

/// Longest feed name printed or searched.
const MAX_FEED_NAME_CHARS: usize = 2_000;

/// One query ready to run over cached rows, with what it needs of them.
pub struct RowQuery {
    compiled: Compiled,
    needs: Needs,
}

/// What queries need of a row beyond its cached fields.
#[derive(Debug, Clone, Copy, Default)]
struct Needs {
    text: bool,
    watchlist: bool,
    full_text: bool,
}

impl Needs {
    fn of(query: &Query) -> Needs {
        Needs {
            text: query.uses_text(),
            watchlist: query.uses_watchlist(),
            full_text: query.uses_full_text(),
        }
    }

    fn or(self, other: Needs) -> Needs {
        Needs {
            text: self.text || other.text,
            watchlist: self.watchlist || other.watchlist,
            full_text: self.full_text || other.full_text,
        }
    }

    fn body(self) -> bool {
        self.text || self.watchlist
    }
}

impl RowQuery {
    /// Parses and compiles `text`; relative times (`since:24h`) are resolved against `now`.
    pub fn compile(
        text: &str,
        vocabulary: &Vocabulary,
        now: UnixTime,
    ) -> Result<RowQuery, QueryError> {
        let query = crate::query::parse(text)?;
        let compiled = Compiled::new(&query, text, vocabulary, now)?;
        Ok(RowQuery {
            compiled,
            needs: Needs::of(&query),
        })
    }
}

/// What queries are compiled against: the config's watchlist and its feeds' tags, the
/// feeds numbered in config order as [`Judge`] numbers the rows.
pub fn vocabulary(config: &Config) -> Vocabulary {
    Vocabulary::new(
        &config.watchlist,
        config.feeds.iter().map(|feed| feed.tags.as_slice()),
    )
}

/// The config's `[[hide]]` rules, compiled. The config checked them when it was read, so
/// an error here is a bug or a clock-dependent surprise; it is given as the message to
/// print, naming the rule.
pub fn hide_rules(config: &Config, now: UnixTime) -> Result<Vec<RowQuery>, String> {
    let vocabulary = vocabulary(config);
    config
        .hide
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            RowQuery::compile(&rule.query, &vocabulary, now).map_err(|err| {
                config_query_error(&format!("[[hide]] #{}", i + 1), &rule.query, &err)
            })
        })
        .collect()
}

/// A query of the config that did not compile, as stderr shows it: where it is (such as
/// `[[hide]] #2`), the query with a caret under the culprit, and the message.
pub fn config_query_error(place: &str, text: &str, err: &QueryError) -> String {
    let report = err.report(text).to_string();
    let indented: Vec<String> = report.lines().map(|line| format!("  {line}")).collect();
    format!(
        "error: bad `query` in {place} of the config; fix it there:\n{}",
        indented.join("\n")
    )
}

/// The ids of the cached articles the config's `[[hide]]` rules hide, for a command that
/// reads articles some other way (`topics eval --corrections`).
pub fn hidden_ids(
    store: &Store,
    config: &Config,
    now: UnixTime,
) -> anyhow::Result<HashSet<ArticleId>> {
    let hide = hide_rules(config, now).map_err(anyhow::Error::msg)?;
    if hide.is_empty() {
        return Ok(HashSet::new());
    }
    let selection = Selection {
        keep: Vec::new(),
        hide,
    };
    let judge = selection.judge(store, config)?;
    let rows = store
        .headlines(&store::HeadlineQuery::default())
        .context("reading the cache")?;
    let mut hidden = HashSet::new();
    for row in &rows {
        if judge.verdict(row)? == Verdict::Hidden {
            hidden.insert(row.article.id);
        }
    }
    Ok(hidden)
}

/// What becomes of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The view or the query does not match it.
    Left,
    Shown,
    /// Matched, and a hide rule matches it too.
    Hidden,
}

/// The queries a row must match (a view, `--query`) and the hide rules.
pub struct Selection {
    pub keep: Vec<RowQuery>,
    pub hide: Vec<RowQuery>,
}

impl Selection {
    /// True when every row is shown: nothing to evaluate.
    pub fn is_everything(&self) -> bool {
        self.keep.is_empty() && self.hide.is_empty()
    }

    /// The judge of rows of `store`, with what the queries need loaded once.
    pub fn judge<'a>(&'a self, store: &'a Store, config: &'a Config) -> anyhow::Result<Judge<'a>> {
        let needs = self
            .keep
            .iter()
            .chain(&self.hide)
            .fold(Needs::default(), |needs, query| needs.or(query.needs));
        let watchlist = if needs.watchlist {
            // The config checked the watchlist; without one, `watch:` matches nothing.
            Watchlist::new(&config.watchlist).ok()
        } else {
            None
        };
        let full_texts = if needs.full_text {
            store.full_text_ids().context("reading the cache")?
        } else {
            HashSet::new()
        };
        Ok(Judge {
            selection: self,
            store,
            names: configured_names(config),
            feeds: config
                .feeds
                .iter()
                .enumerate()
                .map(|(i, feed)| (feed.url.as_str(), FeedId(i as u32)))
                .collect(),
            text: needs.text,
            watchlist,
            full_texts,
        })
    }
}

/// Decides rows, reading each only as far as the queries need.
pub struct Judge<'a> {
    selection: &'a Selection,
    store: &'a Store,
    names: HashMap<&'a str, &'a str>,
    feeds: HashMap<&'a str, FeedId>,
    text: bool,
    watchlist: Option<Watchlist>,
    full_texts: HashSet<ArticleId>,
}

impl Judge<'_> {
    /// Whether `row` is left out, shown or hidden. The queries to keep are tried first, so
    /// a hide rule that reads text costs a body only for rows that would be shown.
    pub fn verdict(&self, row: &StoredArticle) -> anyhow::Result<Verdict> {
        let mut candidate = Candidate {
            article: &row.article,
            key: search_key(&row.article.title, &feed_name(row, &self.names)),
            text: None,
            feed: self
                .feeds
                .get(row.feed_url.as_str())
                .copied()
                .unwrap_or(store::HEADLINES_FEED),
            watch: Vec::new(),
            full_text: self.full_texts.contains(&row.article.id),
            body_read: false,
        };
        for query in &self.selection.keep {
            self.read_body(&mut candidate, query.needs)?;
            if !query.compiled.matches(&candidate) {
                return Ok(Verdict::Left);
            }
        }
        for rule in &self.selection.hide {
            self.read_body(&mut candidate, rule.needs)?;
            if rule.compiled.matches(&candidate) {
                return Ok(Verdict::Hidden);
            }
        }
        Ok(Verdict::Shown)
    }

    /// The rows that are shown, in order.
    pub fn shown(&self, rows: Vec<StoredArticle>) -> anyhow::Result<Vec<StoredArticle>> {
        let mut shown = Vec::with_capacity(rows.len());
        for row in rows {
            if self.verdict(&row)? == Verdict::Shown {
                shown.push(row);
            }
        }
        Ok(shown)
    }

    /// Loads the body into `candidate` the first time a query needs it.
    fn read_body(&self, candidate: &mut Candidate<'_>, needs: Needs) -> anyhow::Result<()> {
        if candidate.body_read || !needs.body() {
            return Ok(());
        }
        let body = self
            .store
            .load_body(candidate.article.id)
            .context("reading the cache")?;
        let body = strip_tags(&body.unwrap_or_default());
        if self.text {
            candidate.text = Some(normalize(&body).into_owned());
        }
        if let Some(watchlist) = &self.watchlist {
            let hits = watchlist.matches(&candidate.article.title, &body);
            candidate.watch = hits.into_iter().map(|i| i as u16).collect();
        }
        candidate.body_read = true;
        Ok(())
    }
}

/// Configured feed names by URL: the user's own names win over what the cache remembers.
pub fn configured_names(config: &Config) -> HashMap<&str, &str> {
    config
        .feeds
        .iter()
        .filter_map(|feed| feed.name.as_deref().map(|name| (feed.url.as_str(), name)))
        .collect()
}

/// The feed's configured name, else the name the cache remembers, else its host: what
/// `headlines` prints and what `source:` and words look for.
pub fn feed_name(row: &StoredArticle, names: &HashMap<&str, &str>) -> String {
    let name = names
        .get(row.feed_url.as_str())
        .map(|name| (*name).to_owned())
        .or_else(|| row.feed_name.clone().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| host_of(&row.feed_url));
    clean_line(&name, MAX_FEED_NAME_CHARS)
}

/// A cached article as the query sees it.
struct Candidate<'a> {
    article: &'a Article,
    key: String,
    text: Option<String>,
    feed: FeedId,
    watch: Vec<u16>,
    full_text: bool,
    body_read: bool,
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
