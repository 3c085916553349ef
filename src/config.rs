//! The user's configuration: serde structs, lookup order, defaults and validation with
//! file:line:col messages.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

/// The compiled-in default configuration (also shipped as `config.example.toml`).
pub const DEFAULT_CONFIG: &str = include_str!("../config.example.toml");

/// The whole configuration, after defaults are filled in and validation passed.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub feeds: Vec<FeedConfig>,
    pub fetch: FetchConfig,
    pub topics: TopicsConfig,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedConfig {
    /// http(s) URL, `file://` URL or a plain local path.
    pub url: String,
    /// Display name; `None` means "use the feed's own title, else the host".
    pub name: Option<String>,
    /// Per-feed refresh interval; `None` means `[fetch] refresh`.
    pub refresh: Option<Duration>,
    pub tags: Vec<String>,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    /// Feeds fetched at once, over all hosts.
    pub concurrency: usize,
    /// Feeds fetched at once from one host.
    pub per_host: usize,
    /// Total time for one request, body included.
    pub timeout: Duration,
    /// Time to establish the connection.
    pub connect_timeout: Duration,
    /// Cap on the decompressed body.
    pub max_bytes: u64,
    pub user_agent: String,
    /// Default refresh interval for feeds that set none.
    pub refresh: Duration,
}

/// Topic rules from `[topics]`: term lists per side that extend (or replace) the defaults.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TopicsConfig {
    /// When true the built-in term lists are dropped and only these are used.
    pub replace_defaults: bool,
    pub us: Vec<TermSpec>,
    pub china: Vec<TermSpec>,
    /// Relation terms: export controls, chip ban, Entity List... (both sides in play).
    pub both: Vec<TermSpec>,
}

/// One term of a topic rule. In TOML either a plain string or a table
/// `{ term = "US", case_sensitive = true, weight = 2.0 }`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TermSpec {
    pub term: String,
    /// `None`: decided by the classifier (all-caps acronyms match case-sensitively).
    pub case_sensitive: Option<bool>,
    pub weight: Option<f32>,
}

/// Where the configuration came from.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigSource {
    File(PathBuf),
    BuiltIn,
}
