//! `[[views]]` (a name, a query, whether new matches raise alerts) and `[[hide]]` (a query
//! whose matches are never shown): every query is parsed and compiled against the feeds'
//! tags and the watchlist when the config is read, and a mistake is located at the very
//! character of the query in the file.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::super::{FeedConfig, HideRule, ViewConfig};
use super::{Checker, Node};

const VIEW_KEYS: &[&str] = &["name", "query", "notify"];
const HIDE_KEYS: &[&str] = &["query"];
const VIEW_EXAMPLE: &str = "[[views]] name = \"Chips\" query = \"tag:chips OR 芯片\"";
const HIDE_EXAMPLE: &str = "[[hide]] query = \"source:tabloid\"";
/// Longest view name: it is a tab.
const MAX_VIEW_NAME_CHARS: usize = 24;

/// What a query is checked against.
pub(super) struct Vocabulary<'a> {
    pub feeds: &'a [FeedConfig],
    pub watchlist: &'a [String],
}

impl Checker<'_> {
    pub(super) fn views(
        &mut self,
        node: &Node<'_>,
        vocabulary: &Vocabulary<'_>,
    ) -> Vec<ViewConfig> {
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut views = Vec::new();
        for (number, table, span) in self.tables(node, "views", VIEW_EXAMPLE) {
            let place = format!("[[views]] #{number}");
            self.check_keys(table, VIEW_KEYS, &format!("in {place}"));
            let name = match table.get("name") {
                Some(node) => self.view_name(node, &place, number, &mut names),
                None => {
                    self.report(
                        span.clone(),
                        format!("{place} has no `name`; add `name = \"Chips\"`"),
                    );
                    None
                }
            };
            let query = self.query(table.get("query"), span, &place, vocabulary);
            let notify = table
                .get("notify")
                .and_then(|node| {
                    self.boolean(node, &format!("`notify` in {place}"), "notify = true")
                })
                .unwrap_or(false);
            if let (Some(name), Some(query)) = (name, query) {
                views.push(ViewConfig {
                    name,
                    query,
                    notify,
                });
            }
        }
        views
    }

    pub(super) fn hide(&mut self, node: &Node<'_>, vocabulary: &Vocabulary<'_>) -> Vec<HideRule> {
        let mut rules = Vec::new();
        for (number, table, span) in self.tables(node, "hide", HIDE_EXAMPLE) {
            let place = format!("[[hide]] #{number}");
            self.check_keys(table, HIDE_KEYS, &format!("in {place}"));
            if let Some(query) = self.query(table.get("query"), span, &place, vocabulary) {
                rules.push(HideRule { query });
            }
        }
        rules
    }

    /// The tables of an array of tables `[[key]]`, numbered from 1, with their spans.
    fn tables<'v, 'i>(
        &mut self,
        node: &'v Node<'i>,
        key: &str,
        example: &str,
    ) -> Vec<(usize, &'v DeTable<'i>, Range<usize>)> {
        if let DeValue::Table(_) = node.get_ref() {
            self.report(
                node.span(),
                format!("`{key}` must be a list of tables: write `[[{key}]]` (double brackets)"),
            );
            return Vec::new();
        }
        let Some(items) = self.array(node, &format!("`{key}`"), example) else {
            return Vec::new();
        };
        let mut tables = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(table) => tables.push((index + 1, table, item.span())),
                _ => self.wrong_type(
                    item,
                    &format!("[[{key}]] #{}", index + 1),
                    "a table",
                    example,
                ),
            }
        }
        tables
    }

    fn view_name(
        &mut self,
        node: &Node<'_>,
        place: &str,
        number: usize,
        names: &mut HashMap<String, usize>,
    ) -> Option<String> {
        let name = self
            .non_empty_string(node, &format!("`name` in {place}"), "name = \"Chips\"")?
            .to_owned();
        if name.chars().count() > MAX_VIEW_NAME_CHARS || name.chars().any(char::is_control) {
            self.report(
                node.span(),
                format!(
                    "`name` in {place} must be one line of at most {MAX_VIEW_NAME_CHARS} \
                     characters: it is shown as a tab"
                ),
            );
            return None;
        }
        match names.get(&name.to_lowercase()) {
            Some(first) => {
                self.report(
                    node.span(),
                    format!("[[views]] #{first} is already named \"{name}\"; give each view its own name"),
                );
                None
            }
            None => {
                names.insert(name.to_lowercase(), number);
                Some(name)
            }
        }
    }

    /// A view's or hide rule's `query`: parsed and compiled, or an issue at the character
    /// of the query it is about.
    fn query(
        &mut self,
        node: Option<&Node<'_>>,
        table_span: Range<usize>,
        place: &str,
        vocabulary: &Vocabulary<'_>,
    ) -> Option<String> {
        let Some(node) = node else {
            self.report(
                table_span,
                format!("{place} has no `query`; add one like `query = \"nvidia OR huawei\"`"),
            );
            return None;
        };
        let text =
            self.non_empty_string(node, &format!("`query` in {place}"), "query = \"nvidia\"")?;
        let checked = crate::query::parse(text).and_then(|query| {
            let watchlist = vocabulary.watchlist;
            let tags = vocabulary.feeds.iter().map(|feed| feed.tags.as_slice());
            let words = crate::query::Vocabulary::new(watchlist, tags);
            crate::query::Compiled::new(&query, text, &words, 0).map(|_| ())
        });
        match checked {
            Ok(()) => Some(text.to_owned()),
            Err(error) => {
                self.report(
                    query_span(node, text, &error),
                    format!("bad `query` in {place}: {error}"),
                );
                None
            }
        }
    }
}

/// Where in the file the error is: at its character when the string holds the query as
/// written (no escapes), else at the string.
fn query_span(node: &Node<'_>, text: &str, error: &crate::query::QueryError) -> Range<usize> {
    let span = node.span();
    // The value's span includes its opening quote; a plain string holds the text as is.
    let literal_len = span.end.saturating_sub(span.start).saturating_sub(2);
    if literal_len == text.len() {
        let at = span.start + 1 + error.span.start;
        at..at + (error.span.end - error.span.start).max(1)
    } else {
        span
    }
}
