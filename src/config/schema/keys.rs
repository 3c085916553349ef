//! `[keys]`: actions by their help name, each given a list of keys. The valid names and
//! the did-you-mean come from the key table.

use std::ops::Range;

use toml::de::DeValue;

use super::super::keys::{self, KeyBindings, UserBinding, parse_key};
use super::super::values;
use super::{Checker, Node};

const EXAMPLE: &str = "[keys] mark_read = [\"m\"]";

impl Checker<'_> {
    pub(super) fn keys(&mut self, node: &Node<'_>) -> KeyBindings {
        let Some(table) = self.table(node, "`keys`", EXAMPLE) else {
            return KeyBindings::default();
        };
        let names = keys::names();
        let mut user = Vec::new();
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            let Some(row) = keys::by_name(name) else {
                let hint = values::did_you_mean(name, &names).map_or_else(
                    || ";".to_owned(),
                    |close| format!("; did you mean `{close}`?"),
                );
                self.report(
                    key.span(),
                    format!(
                        "unknown action `{name}` in [keys]{hint} the actions are the names the \
                         help (?) shows: {}",
                        names.join(", ")
                    ),
                );
                continue;
            };
            if let Some(keys) = self.key_list(value, name) {
                user.push(UserBinding {
                    action: row.action,
                    keys,
                });
            }
        }
        match KeyBindings::with_user(&user) {
            Ok(bindings) => bindings,
            Err(problems) => {
                for (span, message) in problems {
                    self.report(span, message);
                }
                KeyBindings::default()
            }
        }
    }

    /// `["o", "Enter"]`, or one key as a plain string; `[]` leaves the action unbound.
    fn key_list(
        &mut self,
        node: &Node<'_>,
        action: &str,
    ) -> Option<Vec<(keys::Key, Range<usize>)>> {
        let what = format!("`{action}` in [keys]");
        let example = format!("{action} = [\"x\"]");
        let items: Vec<&Node<'_>> = match node.get_ref() {
            DeValue::String(_) => vec![node],
            DeValue::Array(items) => items.iter().collect(),
            _ => {
                self.wrong_type(node, &what, "a list of keys", &example);
                return None;
            }
        };
        let mut keys = Vec::new();
        let mut all_parsed = true;
        for item in items {
            let Some(text) = self.string(item, &format!("a key of {what}"), "\"x\"") else {
                all_parsed = false;
                continue;
            };
            match parse_key(text) {
                Ok(key) => keys.push((key, item.span())),
                Err(why) => {
                    all_parsed = false;
                    self.report(item.span(), format!("bad key for {what}: {why}"));
                }
            }
        }
        all_parsed.then_some(keys)
    }
}
