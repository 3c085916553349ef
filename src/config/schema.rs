//! Turns the spanned TOML tree into a `Config`: every key, type and value is checked and
//! each problem is recorded with the byte span it came from, so all of them can be
//! reported at once with file:line:col.
//!
//! The tree is walked by hand rather than through serde so that unknown keys, wrong types
//! and semantic errors (duplicates, zero limits) all get the same precise location and a
//! message that says what to write instead.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::values::{self, FeedLocation};
use super::{Config, FeedConfig, FetchConfig, StorageConfig, TermSpec, TopicsConfig};

type Node<'i> = Spanned<DeValue<'i>>;

const TOP_KEYS: &[&str] = &["feeds", "fetch", "topics", "storage", "watchlist"];
const FEED_KEYS: &[&str] = &["url", "name", "refresh", "tags", "enabled"];
const FETCH_KEYS: &[&str] = &[
    "concurrency",
    "per_host",
    "timeout",
    "connect_timeout",
    "max_bytes",
    "user_agent",
    "refresh",
];
const STORAGE_KEYS: &[&str] = &["max_age", "max_per_feed"];
const TOPICS_KEYS: &[&str] = &["replace_defaults", "us", "china", "both"];
const TERM_KEYS: &[&str] = &["term", "case_sensitive", "weight"];

/// More parallel fetches than this is a typo, not a plan, and would hammer servers.
const MAX_CONCURRENCY: i64 = 1000;

/// One problem found while checking, located by a byte span of the config text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Issue {
    pub span: Range<usize>,
    pub message: String,
}

/// What path resolution needs from outside the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Env<'a> {
    /// Directory that relative feed paths are relative to (the config file's).
    pub base_dir: Option<&'a Path>,
    /// Home directory for `~/`.
    pub home: Option<&'a Path>,
}

/// Checks the whole document and builds the config, or returns every issue in source order.
pub(super) fn build(root: &DeTable<'_>, env: Env<'_>) -> Result<Config, Vec<Issue>> {
    let mut checker = Checker {
        env,
        issues: Vec::new(),
    };
    checker.check_keys(root, TOP_KEYS, "at the top level");
    let feeds = root
        .get("feeds")
        .map(|node| checker.feeds(node))
        .unwrap_or_default();
    let fetch = root
        .get("fetch")
        .map(|node| checker.fetch(node))
        .unwrap_or_default();
    let topics = root
        .get("topics")
        .map(|node| checker.topics(node))
        .unwrap_or_default();
    let storage = root
        .get("storage")
        .map(|node| checker.storage(node))
        .unwrap_or_default();
    let watchlist = root
        .get("watchlist")
        .map(|node| checker.watchlist(node))
        .unwrap_or_default();
    if checker.issues.is_empty() {
        Ok(Config {
            feeds,
            fetch,
            topics,
            storage,
            watchlist,
        })
    } else {
        let mut issues = checker.issues;
        issues.sort_by_key(|issue| (issue.span.start, issue.span.end));
        Err(issues)
    }
}

struct Checker<'e> {
    env: Env<'e>,
    issues: Vec<Issue>,
}

impl Checker<'_> {
    fn report(&mut self, span: Range<usize>, message: String) {
        self.issues.push(Issue { span, message });
    }

    fn check_keys(&mut self, table: &DeTable<'_>, valid: &[&str], place: &str) {
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if valid.contains(&name) {
                continue;
            }
            let hint = values::did_you_mean(name, valid).map_or_else(
                || ";".to_owned(),
                |close| format!("; did you mean `{close}`?"),
            );
            self.report(
                key.span(),
                format!(
                    "unknown key `{name}` {place}{hint} valid keys: {}",
                    valid.join(", ")
                ),
            );
        }
    }

    fn wrong_type(&mut self, node: &Node<'_>, what: &str, expected: &str, example: &str) {
        let found = node.get_ref();
        let mut message = format!("{what} must be {expected}, not {}", with_article(found));
        if let DeValue::String(text) = found {
            let unquoted = text.trim();
            let would_fit = (expected.contains("true or false")
                && matches!(unquoted, "true" | "false"))
                || (expected.contains("integer") && unquoted.parse::<i64>().is_ok());
            if would_fit {
                message.push_str(&format!("; remove the quotes: `{unquoted}`"));
                self.report(node.span(), message);
                return;
            }
        }
        message.push_str(&format!("; for example `{example}`"));
        self.report(node.span(), message);
    }

    fn string<'v>(&mut self, node: &'v Node<'_>, what: &str, example: &str) -> Option<&'v str> {
        match node.get_ref() {
            DeValue::String(text) => Some(text.as_ref()),
            _ => {
                self.wrong_type(node, what, "a string", example);
                None
            }
        }
    }

    /// A string that must hold something besides spaces; returned trimmed.
    fn non_empty_string<'v>(
        &mut self,
        node: &'v Node<'_>,
        what: &str,
        example: &str,
    ) -> Option<&'v str> {
        let text = self.string(node, what, example)?.trim();
        if text.is_empty() {
            self.report(
                node.span(),
                format!("{what} is empty; write something like `{example}` or remove the line"),
            );
            return None;
        }
        Some(text)
    }

    fn boolean(&mut self, node: &Node<'_>, what: &str, example: &str) -> Option<bool> {
        match node.get_ref() {
            DeValue::Boolean(value) => Some(*value),
            _ => {
                self.wrong_type(node, what, "true or false", example);
                None
            }
        }
    }

    fn table<'v, 'i>(
        &mut self,
        node: &'v Node<'i>,
        what: &str,
        example: &str,
    ) -> Option<&'v DeTable<'i>> {
        match node.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.wrong_type(node, what, "a table", example);
                None
            }
        }
    }

    fn array<'v, 'i>(
        &mut self,
        node: &'v Node<'i>,
        what: &str,
        example: &str,
    ) -> Option<&'v [Node<'i>]> {
        match node.get_ref() {
            DeValue::Array(items) => Some(items),
            _ => {
                self.wrong_type(node, what, "an array", example);
                None
            }
        }
    }

    fn duration(&mut self, node: &Node<'_>, what: &str, example: &str) -> Option<Duration> {
        match node.get_ref() {
            DeValue::String(text) => match values::parse_duration(text) {
                Ok(duration) => Some(duration),
                Err(why) => {
                    self.report(node.span(), format!("bad duration for {what}: {why}"));
                    None
                }
            },
            DeValue::Integer(number) => {
                let seconds = number.as_str();
                let message = if seconds.trim_start_matches(['0', '-', '+']).is_empty() {
                    format!(
                        "{what} must be a duration longer than zero, written as a string such \
                         as \"30s\""
                    )
                } else {
                    format!(
                        "{what} must be a duration string such as \"15m\", not a bare number; \
                         write \"{seconds}s\" for seconds"
                    )
                };
                self.report(node.span(), message);
                None
            }
            _ => {
                self.wrong_type(node, what, "a duration string", example);
                None
            }
        }
    }

    /// A positive count such as `concurrency`; zero would mean nothing is ever fetched.
    fn count(&mut self, node: &Node<'_>, what: &str, example: &str) -> Option<usize> {
        let DeValue::Integer(number) = node.get_ref() else {
            self.wrong_type(node, what, "a whole number (integer)", example);
            return None;
        };
        match i64::from_str_radix(number.as_str(), number.radix()) {
            Ok(value) if (1..=MAX_CONCURRENCY).contains(&value) => usize::try_from(value).ok(),
            Ok(value) if value < 1 => {
                self.report(
                    node.span(),
                    format!(
                        "{what} is {value} but must be at least 1, or nothing would ever be \
                         fetched; for example `{example}`"
                    ),
                );
                None
            }
            _ => {
                self.report(
                    node.span(),
                    format!(
                        "{what} is too large (at most {MAX_CONCURRENCY}); for example `{example}`"
                    ),
                );
                None
            }
        }
    }

    fn byte_size(&mut self, node: &Node<'_>, what: &str, example: &str) -> Option<u64> {
        let parsed = match node.get_ref() {
            DeValue::String(text) => values::parse_byte_size(text),
            DeValue::Integer(number) => {
                match i64::from_str_radix(number.as_str(), number.radix()) {
                    Ok(bytes) if bytes > 0 => Ok(bytes as u64),
                    Ok(_) => Err(format!(
                        "{} bytes is not a usable limit; it must be more than 0, e.g. \"10MiB\"",
                        number.as_str()
                    )),
                    Err(_) => Err("the number is too large".to_owned()),
                }
            }
            _ => {
                self.wrong_type(node, what, "a number of bytes or a size string", example);
                return None;
            }
        };
        parsed
            .map_err(|why| self.report(node.span(), format!("bad size for {what}: {why}")))
            .ok()
    }

    fn feeds(&mut self, node: &Node<'_>) -> Vec<FeedConfig> {
        if let DeValue::Table(_) = node.get_ref() {
            self.report(
                node.span(),
                "`feeds` must be a list of feed tables: write `[[feeds]]` (double brackets) \
                 before each feed"
                    .to_owned(),
            );
            return Vec::new();
        }
        let Some(items) = self.array(node, "`feeds`", "[[feeds]] url = \"https://...\"") else {
            return Vec::new();
        };
        let mut first_uses = HashMap::new();
        let mut feeds = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let number = index + 1;
            match item.get_ref() {
                DeValue::Table(table) => {
                    if let Some(feed) = self.feed(table, item.span(), number, &mut first_uses) {
                        feeds.push(feed);
                    }
                }
                _ => self.wrong_type(
                    item,
                    &format!("feed #{number}"),
                    "a table with a `url`",
                    "[[feeds]] url = \"https://...\"",
                ),
            }
        }
        feeds
    }

    fn feed(
        &mut self,
        table: &DeTable<'_>,
        span: Range<usize>,
        number: usize,
        first_uses: &mut HashMap<String, usize>,
    ) -> Option<FeedConfig> {
        let place = format!("[[feeds]] #{number}");
        self.check_keys(table, FEED_KEYS, &format!("in {place}"));
        let url = match table.get("url") {
            Some(node) => self.feed_url(node, &place, number, first_uses),
            None => {
                self.report(
                    span,
                    format!(
                        "{place} has no `url`; add a line like `url = \"https://example.com/feed.xml\"`"
                    ),
                );
                None
            }
        };
        let name = table.get("name").and_then(|node| {
            self.non_empty_string(node, &format!("`name` in {place}"), "name = \"Pandaily\"")
                .map(str::to_owned)
        });
        let refresh = table.get("refresh").and_then(|node| {
            self.duration(node, &format!("`refresh` in {place}"), "refresh = \"2h\"")
        });
        let tags = table
            .get("tags")
            .map(|node| self.tags(node, &place))
            .unwrap_or_default();
        let enabled = table
            .get("enabled")
            .and_then(|node| {
                self.boolean(node, &format!("`enabled` in {place}"), "enabled = false")
            })
            .unwrap_or(true);
        Some(FeedConfig {
            url: url?,
            name,
            refresh,
            tags,
            enabled,
        })
    }

    /// Checks the scheme, resolves local paths and refuses a location already used.
    fn feed_url(
        &mut self,
        node: &Node<'_>,
        place: &str,
        number: usize,
        first_uses: &mut HashMap<String, usize>,
    ) -> Option<String> {
        let what = format!("`url` in {place}");
        let text = self.string(node, &what, "url = \"https://example.com/feed.xml\"")?;
        let resolved = values::parse_feed_location(text).and_then(|location| match location {
            FeedLocation::Web { url, identity } => Ok((url, identity)),
            FeedLocation::Local(path) => {
                let path = values::resolve_local_path(&path, self.env.base_dir, self.env.home)?;
                let path = path.to_string_lossy().into_owned();
                Ok((path.clone(), format!("local:{path}")))
            }
        });
        let (url, identity) = match resolved {
            Ok(pair) => pair,
            Err(why) => {
                self.report(node.span(), format!("bad {what}: {why}"));
                return None;
            }
        };
        // Keyed by a normalized identity: host case and `file://` versus plain path
        // do not make two feeds different.
        if let Some(first) = first_uses.get(&identity) {
            self.report(
                node.span(),
                format!(
                    "duplicate feed URL `{}` in {place}: [[feeds]] #{first} already reads it; \
                     remove one of the two",
                    text.trim()
                ),
            );
            return None;
        }
        first_uses.insert(identity, number);
        Some(url)
    }

    fn watchlist(&mut self, node: &Node<'_>) -> Vec<String> {
        let example = "watchlist = [\"DeepSeek\", \"H20\", \"export controls\"]";
        let Some(items) = self.array(node, "`watchlist`", example) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let what = format!("term #{} of `watchlist`", index + 1);
                self.non_empty_string(item, &what, "\"DeepSeek\"")
                    .map(|term| term.trim().to_owned())
            })
            .collect()
    }

    fn tags(&mut self, node: &Node<'_>, place: &str) -> Vec<String> {
        let what = format!("`tags` in {place}");
        let example = "tags = [\"policy\", \"chips\"]";
        let Some(items) = self.array(node, &what, example) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let what = format!("tag #{} in {place}", index + 1);
                self.non_empty_string(item, &what, "\"policy\"")
                    .map(str::to_owned)
            })
            .collect()
    }

    fn fetch(&mut self, node: &Node<'_>) -> FetchConfig {
        let mut fetch = FetchConfig::default();
        let Some(table) = self.table(node, "`fetch`", "[fetch] concurrency = 8") else {
            return fetch;
        };
        self.check_keys(table, FETCH_KEYS, "in [fetch]");
        let what = |key: &str| format!("`{key}` in [fetch]");
        if let Some(node) = table.get("concurrency") {
            fetch.concurrency = self
                .count(node, &what("concurrency"), "concurrency = 8")
                .unwrap_or(fetch.concurrency);
        }
        if let Some(node) = table.get("per_host") {
            fetch.per_host = self
                .count(node, &what("per_host"), "per_host = 2")
                .unwrap_or(fetch.per_host);
        }
        if let Some(node) = table.get("timeout") {
            fetch.timeout = self
                .duration(node, &what("timeout"), "timeout = \"30s\"")
                .unwrap_or(fetch.timeout);
        }
        if let Some(node) = table.get("connect_timeout") {
            fetch.connect_timeout = self
                .duration(node, &what("connect_timeout"), "connect_timeout = \"10s\"")
                .unwrap_or(fetch.connect_timeout);
        }
        if let Some(node) = table.get("max_bytes") {
            fetch.max_bytes = self
                .byte_size(node, &what("max_bytes"), "max_bytes = \"10MiB\"")
                .unwrap_or(fetch.max_bytes);
        }
        if let Some(agent) = table
            .get("user_agent")
            .and_then(|node| self.user_agent(node))
        {
            fetch.user_agent = agent;
        }
        if let Some(node) = table.get("refresh") {
            fetch.refresh = self
                .duration(node, &what("refresh"), "refresh = \"30m\"")
                .unwrap_or(fetch.refresh);
        }
        fetch
    }

    /// The User-Agent goes into an HTTP header, which allows printable ASCII only.
    fn user_agent(&mut self, node: &Node<'_>) -> Option<String> {
        let what = "`user_agent` in [fetch]";
        let agent = self.non_empty_string(node, what, "user_agent = \"my-reader/1.0\"")?;
        if !agent.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
            self.report(
                node.span(),
                format!(
                    "{what} may only hold printable ASCII characters (it is sent as an HTTP \
                     header); remove the others"
                ),
            );
            return None;
        }
        Some(agent.to_owned())
    }

    fn storage(&mut self, node: &Node<'_>) -> StorageConfig {
        let mut storage = StorageConfig::default();
        let Some(table) = self.table(node, "`storage`", "[storage] max_age = \"90d\"") else {
            return storage;
        };
        self.check_keys(table, STORAGE_KEYS, "in [storage]");
        if let Some(node) = table.get("max_age") {
            storage.max_age = self
                .duration(node, "`max_age` in [storage]", "max_age = \"90d\"")
                .unwrap_or(storage.max_age);
        }
        if let Some(node) = table.get("max_per_feed") {
            storage.max_per_feed = self.max_per_feed(node).unwrap_or(storage.max_per_feed);
        }
        storage
    }

    /// How many articles of a feed the cache keeps; zero would empty every feed.
    fn max_per_feed(&mut self, node: &Node<'_>) -> Option<usize> {
        let what = "`max_per_feed` in [storage]";
        let example = "max_per_feed = 1000";
        let DeValue::Integer(number) = node.get_ref() else {
            self.wrong_type(node, what, "a whole number (integer)", example);
            return None;
        };
        match i64::from_str_radix(number.as_str(), number.radix()) {
            Ok(value) if value >= 1 => Some(usize::try_from(value).unwrap_or(usize::MAX)),
            Ok(value) => {
                self.report(
                    node.span(),
                    format!(
                        "{what} is {value} but must be at least 1, or every article would be \
                         deleted; for example `{example}`"
                    ),
                );
                None
            }
            Err(_) => {
                self.report(
                    node.span(),
                    format!("{what} is too large; for example `{example}`"),
                );
                None
            }
        }
    }

    fn topics(&mut self, node: &Node<'_>) -> TopicsConfig {
        let mut topics = TopicsConfig::default();
        let Some(table) = self.table(node, "`topics`", "[topics] us = [\"OpenAI\"]") else {
            return topics;
        };
        self.check_keys(table, TOPICS_KEYS, "in [topics]");
        if let Some(node) = table.get("replace_defaults") {
            topics.replace_defaults = self
                .boolean(
                    node,
                    "`replace_defaults` in [topics]",
                    "replace_defaults = false",
                )
                .unwrap_or(false);
        }
        topics.us = self.terms(table, "us", "us = [\"OpenAI\", \"Nvidia\"]");
        topics.china = self.terms(table, "china", "china = [\"DeepSeek\", \"Huawei\"]");
        topics.both = self.terms(table, "both", "both = [\"export controls\"]");
        topics
    }

    fn terms(&mut self, table: &DeTable<'_>, side: &str, example: &str) -> Vec<TermSpec> {
        let Some(node) = table.get(side) else {
            return Vec::new();
        };
        let Some(items) = self.array(node, &format!("`{side}` in [topics]"), example) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                self.term(item, &format!("term #{} of [topics] {side}", index + 1))
            })
            .collect()
    }

    /// A term is a plain string, or a table with `term` and optional `case_sensitive`
    /// and `weight`.
    fn term(&mut self, node: &Node<'_>, place: &str) -> Option<TermSpec> {
        const TABLE_EXAMPLE: &str = "{ term = \"SMIC\", case_sensitive = true, weight = 2.0 }";
        match node.get_ref() {
            DeValue::String(_) => {
                let term = self.non_empty_term(node, place)?;
                Some(TermSpec {
                    term,
                    case_sensitive: None,
                    weight: None,
                })
            }
            DeValue::Table(table) => {
                self.check_keys(table, TERM_KEYS, &format!("in {place}"));
                let term = match table.get("term") {
                    Some(term_node) => self.non_empty_term(term_node, place),
                    None => {
                        self.report(
                            node.span(),
                            format!("{place} has no `term`; write it like `{TABLE_EXAMPLE}`"),
                        );
                        None
                    }
                };
                let case_sensitive = table.get("case_sensitive").and_then(|flag| {
                    self.boolean(
                        flag,
                        &format!("`case_sensitive` in {place}"),
                        "case_sensitive = true",
                    )
                });
                let weight = table
                    .get("weight")
                    .and_then(|weight| self.weight(weight, place));
                Some(TermSpec {
                    term: term?,
                    case_sensitive,
                    weight,
                })
            }
            _ => {
                self.wrong_type(
                    node,
                    place,
                    "a string or a table",
                    &format!("\"Nvidia\"` or `{TABLE_EXAMPLE}"),
                );
                None
            }
        }
    }

    fn non_empty_term(&mut self, node: &Node<'_>, place: &str) -> Option<String> {
        let text = self.string(node, &format!("`term` in {place}"), "term = \"SMIC\"")?;
        let term = text.trim();
        if term.is_empty() {
            self.report(
                node.span(),
                format!(
                    "{place} is empty; an empty term would match every article, so write a \
                     word or phrase or remove it"
                ),
            );
            return None;
        }
        Some(term.to_owned())
    }

    fn weight(&mut self, node: &Node<'_>, place: &str) -> Option<f32> {
        let what = format!("`weight` in {place}");
        let value = match node.get_ref() {
            DeValue::Float(number) => number.as_str().parse::<f64>().ok(),
            DeValue::Integer(number) => i64::from_str_radix(number.as_str(), number.radix())
                .ok()
                .map(|n| n as f64),
            _ => {
                self.wrong_type(node, &what, "a number", "weight = 2.0");
                return None;
            }
        };
        match value {
            Some(weight) if weight.is_finite() && weight > 0.0 && weight <= f32::MAX as f64 => {
                Some(weight as f32)
            }
            _ => {
                self.report(
                    node.span(),
                    format!("{what} must be a number greater than 0, e.g. `weight = 2.0`"),
                );
                None
            }
        }
    }
}

fn with_article(value: &DeValue<'_>) -> String {
    let kind = value.type_str();
    let article = if matches!(kind, "integer" | "array") {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}
