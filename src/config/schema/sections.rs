//! `[fetch]` and `[storage]` as tables of fields: one row per key says how its value is
//! checked and where it goes; the valid-key lists and did-you-mean come from the rows.

use toml::de::DeValue;

use super::super::{FetchConfig, StorageConfig};
use super::{Checker, Field, Node};

/// `[fetch]`, in the order messages list the keys.
pub(super) const FETCH: &[Field<FetchConfig>] = &[
    Field {
        name: "concurrency",
        set: |checker, node, fetch| {
            if let Some(value) = checker.count(node, "`concurrency` in [fetch]", "concurrency = 8")
            {
                fetch.concurrency = value;
            }
        },
    },
    Field {
        name: "per_host",
        set: |checker, node, fetch| {
            if let Some(value) = checker.count(node, "`per_host` in [fetch]", "per_host = 2") {
                fetch.per_host = value;
            }
        },
    },
    Field {
        name: "timeout",
        set: |checker, node, fetch| {
            if let Some(value) = checker.duration(node, "`timeout` in [fetch]", "timeout = \"30s\"")
            {
                fetch.timeout = value;
            }
        },
    },
    Field {
        name: "connect_timeout",
        set: |checker, node, fetch| {
            let what = "`connect_timeout` in [fetch]";
            if let Some(value) = checker.duration(node, what, "connect_timeout = \"10s\"") {
                fetch.connect_timeout = value;
            }
        },
    },
    Field {
        name: "max_bytes",
        set: |checker, node, fetch| {
            let what = "`max_bytes` in [fetch]";
            if let Some(value) = checker.byte_size(node, what, "max_bytes = \"10MiB\"") {
                fetch.max_bytes = value;
            }
        },
    },
    Field {
        name: "user_agent",
        set: |checker, node, fetch| {
            if let Some(agent) = checker.user_agent(node) {
                fetch.user_agent = agent;
            }
        },
    },
    Field {
        name: "refresh",
        set: |checker, node, fetch| {
            if let Some(value) = checker.duration(node, "`refresh` in [fetch]", "refresh = \"30m\"")
            {
                fetch.refresh = value;
            }
        },
    },
];

/// `[storage]`.
pub(super) const STORAGE: &[Field<StorageConfig>] = &[
    Field {
        name: "max_age",
        set: |checker, node, storage| {
            let what = "`max_age` in [storage]";
            if let Some(value) = checker.duration(node, what, "max_age = \"90d\"") {
                storage.max_age = value;
            }
        },
    },
    Field {
        name: "max_per_feed",
        set: |checker, node, storage| {
            if let Some(value) = checker.max_per_feed(node) {
                storage.max_per_feed = value;
            }
        },
    },
];

impl Checker<'_> {
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
}
