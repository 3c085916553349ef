//! The application core: the one Action enum, the state and its parts, the pure update,
//! the keymap and the event loop (the only place that performs effects).

pub mod action;
pub mod arrivals;
pub mod article_index;
pub mod attachments;
pub mod corrections;
pub mod effects;
pub mod feeds_pane;
pub mod fetch_writes;
pub mod filtering;
pub mod full_article;
pub mod full_text_hits;
pub mod full_text_search;
pub mod header_tabs;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod list_pane;
pub mod marks;
pub mod mode;
pub mod navigation;
pub mod overlay;
pub mod preview;
pub mod preview_pane;
pub mod rows;
pub mod run;
pub mod search;
pub mod state;
pub mod status_line;
pub mod story_members;
pub mod terminal;
pub mod trend;
pub mod update;
pub mod view;
pub mod watchdog;

pub use action::{Action, Command};
pub use state::State;
pub use update::update;
