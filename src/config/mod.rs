//! The user's configuration: serde structs, lookup order, defaults and validation with
//! file:line:col messages.
//!
//! Lookup (see [`load`]): the explicit path (`--config`, which clap also fills from
//! `AINEWS_CONFIG`), else `<platform config dir>/ainews-tui/config.toml` when it exists,
//! else the compiled-in [`DEFAULT_CONFIG`]. Every problem in a config text is reported as
//! `path:line:col: what is wrong; what to do` followed by the line and a caret.

pub mod alerts;
mod error;
pub mod keys;
mod lookup;
mod schema;
pub mod theme;
mod values;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

pub use error::{ConfigError, Problem, set_snippet_width};
pub use lookup::{candidate_paths, load, load_file, user_config_path};

/// The compiled-in default configuration (also shipped as `config.example.toml`).
pub const DEFAULT_CONFIG: &str = include_str!("../../config.example.toml");

/// Label used in messages and `ConfigSource` displays for the compiled-in config.
pub const BUILT_IN_ORIGIN: &str = "<built-in default config>";

/// What `<version>` stands for in the example's `user_agent`.
const VERSION_PLACEHOLDER: &str = "<version>";

/// The whole configuration, after defaults are filled in and validation passed.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub feeds: Vec<FeedConfig>,
    pub fetch: FetchConfig,
    pub topics: TopicsConfig,
    pub storage: StorageConfig,
    /// Terms to watch ("DeepSeek", "H20", "export controls"): matching articles are marked
    /// in the list, counted in the header and filtered with `w`.
    pub watchlist: Vec<String>,
    /// `[keys]`: the table's default keys with the user's over them.
    pub keys: keys::KeyBindings,
    /// `[theme]`: the colour of each role the UI paints.
    pub theme: theme::Palette,
    /// `notify_command` and `notify_bell`: how new articles worth knowing about are told.
    pub alerts: alerts::AlertsConfig,
    /// `[[views]]`: the reader's own tabs, each a query.
    pub views: Vec<ViewConfig>,
    /// `[[hide]]`: articles matching any of these are kept but never shown.
    pub hide: Vec<HideRule>,
    /// `mouse`: capture the mouse (clicks, the wheel); false leaves it to the terminal.
    pub mouse: bool,
    /// `browser`: the program and arguments that open a link (`{url}` among them); empty:
    /// the system's opener.
    pub browser: Vec<String>,
}

/// One saved view: a tab after the topic tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewConfig {
    pub name: String,
    /// In the query language (`crate::query`); checked when the config is read.
    pub query: String,
    /// New articles it matches raise alerts.
    pub notify: bool,
}

/// One hide rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HideRule {
    /// In the query language; checked when the config is read.
    pub query: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedConfig {
    /// An http(s) URL exactly as written, or a local file path. Local locations
    /// (plain paths and `file://` URLs) are turned into plain paths: `~/` expanded and,
    /// for a config read from a file, made relative to that file's directory.
    pub url: String,
    /// Display name; `None` means "use the feed's own title, else the host".
    pub name: Option<String>,
    /// Per-feed refresh interval; `None` means `[fetch] refresh`.
    pub refresh: Option<Duration>,
    pub tags: Vec<String>,
    pub enabled: bool,
    /// Fetch the full text of this feed's new articles in the background (`article::background`).
    pub full_text: bool,
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

/// Retention of the article cache, from `[storage]`. Starred articles are never pruned.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageConfig {
    /// Articles older than this (by published date, else first seen) are pruned.
    pub max_age: Duration,
    /// Only the newest this many articles of each feed are kept.
    pub max_per_feed: usize,
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

/// The defaults are the values the compiled-in example documents in its commented
/// `[fetch]` block: written once, where users read them.
impl Default for FetchConfig {
    fn default() -> Self {
        example_defaults().0.clone()
    }
}

/// As for [`FetchConfig`], from the example's commented `[storage]` block.
impl Default for StorageConfig {
    fn default() -> Self {
        example_defaults().1.clone()
    }
}

/// The commented `[fetch]` and `[storage]` blocks of [`DEFAULT_CONFIG`], read once.
fn example_defaults() -> &'static (FetchConfig, StorageConfig) {
    static DEFAULTS: std::sync::OnceLock<(FetchConfig, StorageConfig)> = std::sync::OnceLock::new();
    DEFAULTS.get_or_init(|| {
        read_example_defaults(DEFAULT_CONFIG)
            .expect("the example config documents every [fetch] and [storage] key (tested)")
    })
}

/// The `[fetch]` and `[storage]` values of the commented blocks of an example text (each
/// line `# key = value`, up to the first line that is not such a line), every key
/// required; an error names what is missing or wrong.
fn read_example_defaults(example: &str) -> Result<(FetchConfig, StorageConfig), String> {
    let mut text = String::new();
    for section in ["[fetch]", "[storage]"] {
        let mut lines = example
            .lines()
            .skip_while(|line| *line != format!("# {section}"))
            .map_while(|line| line.strip_prefix("# "));
        let Some(header) = lines.next() else {
            return Err(format!("no commented {section} block"));
        };
        text.push_str(header);
        text.push('\n');
        for line in lines.take_while(|line| line.contains(" = ")) {
            text.push_str(line);
            text.push('\n');
        }
    }
    let (root, errors) = toml::de::DeTable::parse_recoverable(&text);
    if let Some(error) = errors.first() {
        return Err(format!("{}:\n{text}", error.message()));
    }
    let blank = (
        FetchConfig {
            concurrency: 0,
            per_host: 0,
            timeout: Duration::ZERO,
            connect_timeout: Duration::ZERO,
            max_bytes: 0,
            user_agent: String::new(),
            refresh: Duration::ZERO,
        },
        StorageConfig {
            max_age: Duration::ZERO,
            max_per_feed: 0,
        },
    );
    let (mut fetch, storage) = schema::full_sections(root.get_ref(), blank).map_err(|issues| {
        let messages: Vec<String> = issues.into_iter().map(|issue| issue.message).collect();
        messages.join("; ")
    })?;
    fetch.user_agent = fetch
        .user_agent
        .replace(VERSION_PLACEHOLDER, env!("CARGO_PKG_VERSION"));
    Ok((fetch, storage))
}

/// No feeds, default fetch settings, built-in topic terms only: what an empty file means.
impl Default for Config {
    fn default() -> Self {
        Config {
            feeds: Vec::new(),
            fetch: FetchConfig::default(),
            topics: TopicsConfig::default(),
            storage: StorageConfig::default(),
            watchlist: Vec::new(),
            keys: keys::KeyBindings::default(),
            theme: theme::Palette::default(),
            alerts: alerts::AlertsConfig::default(),
            views: Vec::new(),
            hide: Vec::new(),
            mouse: true,
            browser: Vec::new(),
        }
    }
}

impl Config {
    /// The compiled-in default configuration.
    pub fn built_in() -> Config {
        // The default text is checked by a unit test, so failing here is a build defect.
        parse_str(DEFAULT_CONFIG, BUILT_IN_ORIGIN, None)
            .expect("the compiled-in default config is valid")
    }

    /// How often this feed is fetched: its own `refresh`, else `[fetch] refresh`.
    pub fn refresh_of(&self, feed: &FeedConfig) -> Duration {
        feed.refresh.unwrap_or(self.fetch.refresh)
    }
}

impl TopicsConfig {
    /// Number of terms the user added (or, with `replace_defaults`, set) over all sides.
    pub fn term_count(&self) -> usize {
        self.us.len() + self.china.len() + self.both.len()
    }
}

impl std::fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigSource::File(path) => write!(f, "{}", path.display()),
            ConfigSource::BuiltIn => f.write_str(BUILT_IN_ORIGIN),
        }
    }
}

/// Parses and validates a config text.
///
/// `origin` labels the text in messages (normally the file path). Relative feed paths and
/// `file://` URLs resolve against `base_dir` (the config file's directory); with `None`
/// they stay relative to the working directory. `~/` expands to the home directory.
pub fn parse_str(text: &str, origin: &str, base_dir: Option<&Path>) -> Result<Config, ConfigError> {
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    parse_with(
        text,
        origin,
        schema::Env {
            base_dir,
            home: home.as_deref(),
        },
    )
}

fn parse_with(text: &str, origin: &str, env: schema::Env<'_>) -> Result<Config, ConfigError> {
    // Editors on Windows like to start UTF-8 files with a byte order mark.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (root, syntax_errors) = toml::de::DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        let problems = syntax_errors
            .iter()
            .map(|error| {
                let span = error.span().unwrap_or(0..0);
                let message = syntax_message(error.message(), text.get(span.clone()));
                Problem::at(origin, text, span, message)
            })
            .collect();
        return Err(ConfigError::Invalid { problems });
    }
    schema::build(root.get_ref(), env).map_err(|issues| ConfigError::Invalid {
        problems: issues
            .into_iter()
            .map(|issue| Problem::at(origin, text, issue.span, issue.message))
            .collect(),
    })
}

/// The TOML parser's message, with advice for the mistakes people make most.
fn syntax_message(message: &str, spanned: Option<&str>) -> String {
    match (message, spanned) {
        ("duplicate key", Some(key)) if !key.is_empty() => format!(
            "duplicate key `{key}`: a key (or [table]) may appear only once; remove or merge \
             one of them (feeds are repeated with [[feeds]], double brackets)"
        ),
        _ => format!("invalid TOML: {message}"),
    }
}

#[cfg(test)]
mod tests;
