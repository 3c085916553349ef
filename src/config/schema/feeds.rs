//! `[[feeds]]` and the top-level `watchlist`: each feed's keys, its location resolved and
//! checked for duplicates.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::super::FeedConfig;
use super::super::values::{self, FeedLocation};
use super::{Checker, Node};

const FEED_KEYS: &[&str] = &["url", "name", "refresh", "tags", "enabled", "full_text"];

impl Checker<'_> {
    pub(super) fn feeds(&mut self, node: &Node<'_>) -> Vec<FeedConfig> {
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
        // Off unless asked: fetching every new article's page is the reader's choice.
        let full_text = table
            .get("full_text")
            .and_then(|node| {
                self.boolean(node, &format!("`full_text` in {place}"), "full_text = true")
            })
            .unwrap_or(false);
        Some(FeedConfig {
            url: url?,
            name,
            refresh,
            tags,
            enabled,
            full_text,
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

    pub(super) fn watchlist(&mut self, node: &Node<'_>) -> Vec<String> {
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
}
