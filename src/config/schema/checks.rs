//! The value checks every section shares: strings, booleans, tables, arrays, durations,
//! counts and byte sizes, each reporting a wrong type or value at its span.

use std::time::Duration;

use toml::de::{DeTable, DeValue};

use super::super::values;
use super::{Checker, Node};

/// More parallel fetches than this is a typo, not a plan, and would hammer servers.
const MAX_CONCURRENCY: i64 = 1000;

impl Checker<'_> {
    pub(super) fn wrong_type(
        &mut self,
        node: &Node<'_>,
        what: &str,
        expected: &str,
        example: &str,
    ) {
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

    pub(super) fn string<'v>(
        &mut self,
        node: &'v Node<'_>,
        what: &str,
        example: &str,
    ) -> Option<&'v str> {
        match node.get_ref() {
            DeValue::String(text) => Some(text.as_ref()),
            _ => {
                self.wrong_type(node, what, "a string", example);
                None
            }
        }
    }

    /// A string that must hold something besides spaces; returned trimmed.
    pub(super) fn non_empty_string<'v>(
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

    pub(super) fn boolean(&mut self, node: &Node<'_>, what: &str, example: &str) -> Option<bool> {
        match node.get_ref() {
            DeValue::Boolean(value) => Some(*value),
            _ => {
                self.wrong_type(node, what, "true or false", example);
                None
            }
        }
    }

    pub(super) fn table<'v, 'i>(
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

    pub(super) fn array<'v, 'i>(
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

    pub(super) fn duration(
        &mut self,
        node: &Node<'_>,
        what: &str,
        example: &str,
    ) -> Option<Duration> {
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
    pub(super) fn count(&mut self, node: &Node<'_>, what: &str, example: &str) -> Option<usize> {
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

    pub(super) fn byte_size(&mut self, node: &Node<'_>, what: &str, example: &str) -> Option<u64> {
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
