//! The application core: the one Action enum, the state, the pure update, the keymap and
//! the event loop (the only place that performs effects).

pub mod action;
pub mod corrections;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod marks;
pub mod preview;
pub mod rows;
pub mod run;
pub mod search;
pub mod state;
pub mod terminal;
pub mod trend;
pub mod update;
pub mod view;
pub mod watchdog;

pub use action::{Action, Command};
pub use state::State;
pub use update::update;
