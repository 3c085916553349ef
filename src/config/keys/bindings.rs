//! The keys in effect: the table's defaults with the user's `[keys]` laid over them, checked
//! for clashes, and the lookup from a pressed key to its action.

use std::collections::HashMap;

use super::parse::{Key, parse_key};
use super::table::{ALWAYS_QUIT, ActionName, Place, TABLE, row_of};

/// One `[keys]` entry: an action and the keys the user gave it, each with where it was
/// written (a span in the config text, or anything a caller wants problems located by).
#[derive(Debug, Clone, PartialEq)]
pub struct UserBinding<S> {
    pub action: ActionName,
    pub keys: Vec<(Key, S)>,
}

/// Every action's keys and the reverse lookup, per place.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyBindings {
    /// Indexed like the table: the keys of each action, the hint key first.
    keys: Vec<Vec<Key>>,
    lookup: HashMap<(Place, Key), ActionName>,
}

impl Default for KeyBindings {
    /// The table's keys. They are constants checked by a unit test, so failing to parse
    /// one is a build defect.
    fn default() -> KeyBindings {
        let keys = TABLE
            .iter()
            .map(|row| {
                row.keys
                    .iter()
                    .map(|text| parse_key(text).expect("the built-in keys parse"))
                    .collect()
            })
            .collect();
        KeyBindings::from_keys(keys)
    }
}

impl KeyBindings {
    /// The defaults with the user's bindings laid over them. A user binding replaces the
    /// action's default keys and takes its keys away from any other action's defaults in
    /// the same places; two user bindings sharing a key in one place are refused, as is
    /// binding Ctrl-c (it always quits). Problems come back located by `S`.
    pub fn with_user<S: Clone>(user: &[UserBinding<S>]) -> Result<KeyBindings, Vec<(S, String)>> {
        let mut problems = Vec::new();
        let mut keys = KeyBindings::default().keys;
        let mut taken: Vec<(ActionName, Key)> = Vec::new();
        for binding in user {
            let places = row_of(binding.action).places;
            let mut own: Vec<Key> = Vec::new();
            for (key, at) in &binding.keys {
                if *key == ALWAYS_QUIT {
                    problems.push((
                        at.clone(),
                        format!(
                            "{ALWAYS_QUIT} always quits and cannot be bound; choose another key"
                        ),
                    ));
                    continue;
                }
                let clash = taken.iter().find(|(other, taken_key)| {
                    taken_key == key
                        && *other != binding.action
                        && row_of(*other).places.overlap(places).is_some()
                });
                if let Some((other, _)) = clash {
                    let other_row = row_of(*other);
                    let place = other_row.places.overlap(places).map_or("", Place::describe);
                    problems.push((
                        at.clone(),
                        format!(
                            "`{key}` is bound to both `{}` and `{}` {place}; give one of them \
                             another key",
                            other_row.name,
                            row_of(binding.action).name
                        ),
                    ));
                    continue;
                }
                if !own.contains(key) {
                    own.push(*key);
                    taken.push((binding.action, *key));
                }
            }
            keys[binding.action as usize] = own;
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // The defaults of actions the user left alone give up the keys the user took.
        let bound: Vec<ActionName> = user.iter().map(|b| b.action).collect();
        for (index, row) in TABLE.iter().enumerate() {
            if bound.contains(&row.action) {
                continue;
            }
            keys[index].retain(|key| {
                !taken.iter().any(|(owner, taken_key)| {
                    taken_key == key && row_of(*owner).places.overlap(row.places).is_some()
                })
            });
        }
        Ok(KeyBindings::from_keys(keys))
    }

    fn from_keys(keys: Vec<Vec<Key>>) -> KeyBindings {
        let mut lookup = HashMap::new();
        for (row, row_keys) in TABLE.iter().zip(&keys) {
            for place in Place::ALL.into_iter().filter(|p| row.places.contains(*p)) {
                for key in row_keys {
                    lookup.entry((place, *key)).or_insert(row.action);
                }
            }
        }
        KeyBindings { keys, lookup }
    }

    /// What a key does in a place, if it is bound there.
    pub fn action(&self, place: Place, key: Key) -> Option<ActionName> {
        self.lookup.get(&(place, key)).copied()
    }

    /// The keys of an action, the one hints show first (empty when the user took them all).
    pub fn keys_of(&self, action: ActionName) -> &[Key] {
        self.keys
            .get(action as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The key hints and messages name for an action: its first key, or its `[keys]` name
    /// in brackets when it has none.
    pub fn label(&self, action: ActionName) -> String {
        match self.keys_of(action).first() {
            Some(key) => key.to_string(),
            None => format!("[{}]", row_of(action).name),
        }
    }

    /// All keys of an action as the help lists them: `j ↓`.
    pub fn list(&self, action: ActionName) -> String {
        let keys: Vec<String> = self.keys_of(action).iter().map(Key::to_string).collect();
        if keys.is_empty() {
            "(none)".to_owned()
        } else {
            keys.join(" ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::keys::table::{Places, by_name};
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(text: &str) -> Key {
        parse_key(text).unwrap()
    }

    fn bind(name: &str, keys: &[&str]) -> UserBinding<usize> {
        UserBinding {
            action: by_name(name).unwrap().action,
            keys: keys.iter().enumerate().map(|(i, k)| (key(k), i)).collect(),
        }
    }

    #[test]
    fn the_table_has_one_row_per_action_in_order_and_its_keys_parse() {
        for (index, row) in TABLE.iter().enumerate() {
            assert_eq!(row.action as usize, index, "{}", row.name);
            for text in row.keys {
                assert!(parse_key(text).is_ok(), "{}: {text}", row.name);
            }
            assert!(
                row.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                row.name
            );
        }
        assert_eq!(TABLE.len(), ActionName::PickRules as usize + 1);
    }

    #[test]
    fn no_two_default_bindings_clash() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                if a.places.overlap(b.places).is_none() {
                    continue;
                }
                for text in a.keys {
                    assert!(
                        !b.keys.iter().any(|other| key(other) == key(text)),
                        "{text} is both {} and {}",
                        a.name,
                        b.name
                    );
                }
            }
        }
    }

    #[test]
    fn defaults_are_looked_up_per_place() {
        let keys = KeyBindings::default();
        let q = key("q");
        assert_eq!(keys.action(Place::List, q), Some(ActionName::Quit));
        assert_eq!(keys.action(Place::Help, q), Some(ActionName::Close));
        assert_eq!(keys.action(Place::Search, q), None);
        assert_eq!(
            keys.action(Place::TopicPick, key("c")),
            Some(ActionName::PickChina)
        );
        assert_eq!(keys.label(ActionName::MoveDown), "j");
        assert_eq!(keys.list(ActionName::PageDown), "PgDn Space Ctrl-f Ctrl-d");
    }

    #[test]
    fn a_user_binding_replaces_the_defaults_and_takes_its_keys_from_others() {
        let keys = KeyBindings::with_user(&[bind("open", &["o", "Enter"])]).unwrap();
        assert_eq!(
            keys.action(Place::List, key("Enter")),
            Some(ActionName::Open)
        );
        assert_eq!(keys.keys_of(ActionName::Read), &[] as &[Key]);
        assert_eq!(keys.label(ActionName::Read), "[read]");
        let keys = KeyBindings::with_user(&[bind("mark_read", &["n"])]).unwrap();
        assert_eq!(keys.action(Place::List, key("m")), None);
        assert_eq!(
            keys.action(Place::List, key("n")),
            Some(ActionName::MarkRead)
        );
        // Taken in the list only where places meet: the topic picker keeps its own `o`.
        let keys = KeyBindings::with_user(&[bind("help", &["o"])]).unwrap();
        assert_eq!(
            keys.action(Place::TopicPick, key("o")),
            Some(ActionName::PickOther)
        );
        assert_eq!(keys.keys_of(ActionName::Open), &[] as &[Key]);
    }

    #[test]
    fn two_user_bindings_of_one_key_are_refused_with_both_names() {
        let problems =
            KeyBindings::with_user(&[bind("open", &["o"]), bind("star", &["x", "o"])]).unwrap_err();
        assert_eq!(
            problems,
            [(
                1,
                "`o` is bound to both `open` and `star` on the main screen; give one of them \
                 another key"
                    .to_owned()
            )]
        );
        // In places that never meet the same key is fine.
        assert!(KeyBindings::with_user(&[bind("quit", &["x"]), bind("close", &["x"])]).is_ok());
        assert!(Places::LIST.overlap(Places::OVERLAYS).is_none());
    }

    #[test]
    fn ctrl_c_cannot_be_bound() {
        let problems = KeyBindings::with_user(&[bind("help", &["C-c"])]).unwrap_err();
        assert_eq!(
            problems,
            [(
                0,
                "Ctrl-c always quits and cannot be bound; choose another key".to_owned()
            )]
        );
        assert_eq!(
            key("C-c"),
            Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
        );
    }
}
