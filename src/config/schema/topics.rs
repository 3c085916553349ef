//! `[topics]`: the term lists per side, each term a string or a table.

use toml::de::{DeTable, DeValue};

use super::super::{TermSpec, TopicsConfig};
use super::{Checker, Node};

const TOPICS_KEYS: &[&str] = &["replace_defaults", "us", "china", "both"];
const TERM_KEYS: &[&str] = &["term", "case_sensitive", "weight"];

impl Checker<'_> {
    pub(super) fn topics(&mut self, node: &Node<'_>) -> TopicsConfig {
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
