//! Keys as data: the one table of actions and their default keys, the key syntax of
//! `[keys]`, and the bindings in effect after the user's config. The app maps pressed keys
//! through [`KeyBindings`]; the help overlay and the status hints read the same table.

mod bindings;
mod parse;
mod table;

pub use bindings::{KeyBindings, UserBinding};
pub use parse::{Key, parse_key};
pub use table::{
    ALWAYS_QUIT, ActionName, Group, HELP_NOTES, KeyRow, Place, Places, TABLE, by_name, names,
    row_of,
};
