//! Turns the spanned TOML tree into a `Config`: every key, type and value is checked and
//! each problem is recorded with the byte span it came from, so all of them can be
//! reported at once with file:line:col.
//!
//! The tree is walked by hand rather than through serde so that unknown keys, wrong types
//! and semantic errors (duplicates, zero limits) all get the same precise location and a
//! message that says what to write instead. A section whose keys are one table of
//! [`Field`]s (name and how to check and store it) gets its valid-key list and
//! did-you-mean from that table, so a new key is one row.

mod alerts;
mod checks;
mod feeds;
mod keys;
mod sections;
mod theme;
mod topics;
mod views;

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Config;
use super::values;

type Node<'i> = Spanned<DeValue<'i>>;

const TOP_KEYS: &[&str] = &[
    "feeds",
    "fetch",
    "topics",
    "storage",
    "watchlist",
    "keys",
    "theme",
    "notify_command",
    "notify_bell",
    "views",
    "hide",
    "mouse",
    "browser",
];

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

/// One key of a table-driven section: its name and how its value is checked and stored
/// over the section's default.
struct Field<T> {
    name: &'static str,
    set: fn(&mut Checker<'_>, &Node<'_>, &mut T),
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
        .map(|node| checker.fields(node, "fetch", sections::FETCH, "[fetch] concurrency = 8"))
        .unwrap_or_default();
    let topics = root
        .get("topics")
        .map(|node| checker.topics(node))
        .unwrap_or_default();
    let storage = root
        .get("storage")
        .map(|node| {
            checker.fields(
                node,
                "storage",
                sections::STORAGE,
                "[storage] max_age = \"90d\"",
            )
        })
        .unwrap_or_default();
    let watchlist = root
        .get("watchlist")
        .map(|node| checker.watchlist(node))
        .unwrap_or_default();
    let keys = root
        .get("keys")
        .map(|node| checker.keys(node))
        .unwrap_or_default();
    let theme = root
        .get("theme")
        .map(|node| checker.theme(node))
        .unwrap_or_default();
    let alerts = checker.alerts(root.get("notify_command"), root.get("notify_bell"));
    // On unless asked: clicks and the wheel work, at the price of the terminal's own
    // text selection (which Shift usually brings back).
    let mouse = root
        .get("mouse")
        .and_then(|node| checker.boolean(node, "`mouse`", "mouse = false"))
        .unwrap_or(true);
    let browser = root
        .get("browser")
        .map(|node| checker.browser(node))
        .unwrap_or_default();
    let vocabulary = views::Vocabulary {
        feeds: &feeds,
        watchlist: &watchlist,
    };
    let views = root
        .get("views")
        .map(|node| checker.views(node, &vocabulary))
        .unwrap_or_default();
    let hide = root
        .get("hide")
        .map(|node| checker.hide(node, &vocabulary))
        .unwrap_or_default();
    if checker.issues.is_empty() {
        Ok(Config {
            browser,
            mouse,
            alerts,
            views,
            hide,
            feeds,
            fetch,
            topics,
            storage,
            watchlist,
            keys,
            theme,
        })
    } else {
        let mut issues = checker.issues;
        issues.sort_by_key(|issue| (issue.span.start, issue.span.end));
        Err(issues)
    }
}

/// The `[fetch]` and `[storage]` values a document gives, every key required, over
/// `blank` values: how the defaults are read from the compiled-in example, so that each
/// default is written once, where users read it.
pub(super) fn full_sections(
    root: &DeTable<'_>,
    blank: (super::FetchConfig, super::StorageConfig),
) -> Result<(super::FetchConfig, super::StorageConfig), Vec<Issue>> {
    let mut checker = Checker {
        env: Env {
            base_dir: None,
            home: None,
        },
        issues: Vec::new(),
    };
    let mut section = |name: &str, names: Vec<&'static str>| match root.get(name) {
        Some(node) => {
            if let DeValue::Table(table) = node.get_ref() {
                for missing in names.iter().filter(|key| table.get(**key).is_none()) {
                    checker.report(node.span(), format!("[{name}] does not give `{missing}`"));
                }
            }
            Some(node)
        }
        None => {
            checker.report(0..0, format!("no [{name}] table"));
            None
        }
    };
    let fetch_node = section("fetch", sections::FETCH.iter().map(|f| f.name).collect());
    let storage_node = section(
        "storage",
        sections::STORAGE.iter().map(|f| f.name).collect(),
    );
    let fetch = match fetch_node {
        Some(node) => checker.fields_over(node, "fetch", sections::FETCH, "", blank.0),
        None => blank.0,
    };
    let storage = match storage_node {
        Some(node) => checker.fields_over(node, "storage", sections::STORAGE, "", blank.1),
        None => blank.1,
    };
    if checker.issues.is_empty() {
        Ok((fetch, storage))
    } else {
        Err(checker.issues)
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

    /// A section made of [`Field`]s: its valid keys are the fields' names, and each key
    /// present is checked and stored over the default.
    fn fields<T: Default>(
        &mut self,
        node: &Node<'_>,
        section: &str,
        fields: &[Field<T>],
        example: &str,
    ) -> T {
        self.fields_over(node, section, fields, example, T::default())
    }

    /// As [`Checker::fields`], over `value` instead of the section's default.
    fn fields_over<T>(
        &mut self,
        node: &Node<'_>,
        section: &str,
        fields: &[Field<T>],
        example: &str,
        mut value: T,
    ) -> T {
        let Some(table) = self.table(node, &format!("`{section}`"), example) else {
            return value;
        };
        let names: Vec<&str> = fields.iter().map(|field| field.name).collect();
        self.check_keys(table, &names, &format!("in [{section}]"));
        for field in fields {
            if let Some(node) = table.get(field.name) {
                (field.set)(self, node, &mut value);
            }
        }
        value
    }
}
