//! The top-level `notify_command` (an argument list with placeholders, run without a shell),
//! `notify_bell`, and `browser` (the same kind of list, with `{url}`).

use super::super::alerts::{AlertsConfig, PLACEHOLDERS, unknown_placeholders};

use super::super::values;
use super::{Checker, Node};

const EXAMPLE: &str = "notify_command = [\"notify-send\", \"{source}\", \"{title}\"]";

impl Checker<'_> {
    pub(super) fn alerts(
        &mut self,
        command: Option<&Node<'_>>,
        bell: Option<&Node<'_>>,
    ) -> AlertsConfig {
        AlertsConfig {
            command: command
                .map(|node| self.notify_command(node))
                .unwrap_or_default(),
            bell: bell
                .and_then(|node| self.boolean(node, "`notify_bell`", "notify_bell = true"))
                .unwrap_or(false),
        }
    }

    fn notify_command(&mut self, node: &Node<'_>) -> Vec<String> {
        if let toml::de::DeValue::String(text) = node.get_ref() {
            let words: Vec<String> = text
                .split_whitespace()
                .map(|word| format!("{word:?}"))
                .collect();
            self.report(
                node.span(),
                format!(
                    "`notify_command` must be a list of arguments (it is run directly, never \
                     through a shell): write `notify_command = [{}]`",
                    words.join(", ")
                ),
            );
            return Vec::new();
        }
        let Some(items) = self.array(node, "`notify_command`", EXAMPLE) else {
            return Vec::new();
        };
        if items.is_empty() {
            self.report(
                node.span(),
                format!("`notify_command` is empty; write the program first, like `{EXAMPLE}`"),
            );
            return Vec::new();
        }
        let mut argv = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let what = format!("argument #{} of `notify_command`", index + 1);
            let Some(argument) = self.string(item, &what, "\"{title}\"") else {
                continue;
            };
            if index == 0 && argument.trim().is_empty() {
                self.report(
                    item.span(),
                    "the program of `notify_command` is empty; name one, like \"notify-send\""
                        .to_owned(),
                );
                continue;
            }
            for unknown in unknown_placeholders(argument) {
                let hint = values::did_you_mean(&unknown, PLACEHOLDERS)
                    .map_or_else(String::new, |close| format!("did you mean `{{{close}}}`? "));
                self.report(
                    item.span(),
                    format!(
                        "unknown placeholder `{{{unknown}}}` in {what}; {hint}known: {}",
                        PLACEHOLDERS
                            .iter()
                            .map(|p| format!("{{{p}}}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                );
            }
            argv.push(argument.to_owned());
        }
        argv
    }
}

impl Checker<'_> {
    /// `browser`: the program that opens links and its arguments, `{url}` among them.
    pub(super) fn browser(&mut self, node: &Node<'_>) -> Vec<String> {
        const BROWSER: &str = "browser = [\"firefox\", \"--new-tab\", \"{url}\"]";
        if let toml::de::DeValue::String(text) = node.get_ref() {
            let words: Vec<String> = text
                .split_whitespace()
                .map(|word| format!("{word:?}"))
                .collect();
            self.report(
                node.span(),
                format!(
                    "`browser` must be a list of arguments (it is run directly, never through \
                     a shell): write `browser = [{}]`",
                    words.join(", ")
                ),
            );
            return Vec::new();
        }
        let Some(items) = self.array(node, "`browser`", BROWSER) else {
            return Vec::new();
        };
        let argv: Vec<String> = items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let what = format!("argument #{} of `browser`", index + 1);
                self.string(item, &what, "\"{url}\"").map(str::to_owned)
            })
            .collect();
        if argv.len() != items.len() {
            return Vec::new();
        }
        if argv.first().is_none_or(|program| program.trim().is_empty()) {
            self.report(
                node.span(),
                format!("`browser` needs a program first, like `{BROWSER}`"),
            );
            return Vec::new();
        }
        if !argv.iter().any(|argument| argument.contains("{url}")) {
            self.report(
                node.span(),
                format!(
                    "`browser` does not say where the link goes: add \"{{url}}\", like `{BROWSER}`"
                ),
            );
            return Vec::new();
        }
        argv
    }
}
