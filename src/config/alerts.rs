//! `notify_command` and `notify_bell`: what the setting holds and which placeholders its
//! arguments may name (checked by the schema, filled in by `alerts::command`).

/// `notify_command` and `notify_bell` from the config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertsConfig {
    /// The program and its arguments, placeholders in them (see [`PLACEHOLDERS`]); empty: no
    /// command.
    pub command: Vec<String>,
    /// Ring the terminal bell for each notification.
    pub bell: bool,
}

impl AlertsConfig {
    /// Anything to do at all.
    pub fn is_on(&self) -> bool {
        self.bell || !self.command.is_empty()
    }
}

/// What `notify_command`'s arguments may name, each written `{name}`.
pub const PLACEHOLDERS: &[&str] = &["title", "source", "link", "topic", "view"];

/// The placeholders named in `argument` that are not known.
pub fn unknown_placeholders(argument: &str) -> Vec<String> {
    placeholders(argument)
        .filter(|name| !PLACEHOLDERS.contains(name))
        .map(str::to_string)
        .collect()
}

/// `{name}`s in `text`, in order.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_placeholders_are_found() {
        assert_eq!(
            unknown_placeholders("{titel} and {source} {Link} {}"),
            ["titel"]
        );
    }
}
