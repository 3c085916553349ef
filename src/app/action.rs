//! The one Action enum (everything that can happen) and the Commands update asks for.

use crate::ingest::poller::PollEvent;
use crate::model::{FeedId, Topic};

/// Everything that can change the state: keys (already mapped), background reports, time.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Mouse wheel: positive scrolls down. `over_preview` says which pane the pointer is on.
    Scroll {
        lines: i32,
        over_preview: bool,
    },
    /// Tab: switch focus between the list and the preview.
    FocusNext,
    /// Enter: open the preview (full screen when narrow) or, in the feeds pane, nothing more.
    Activate,
    /// Esc: close an overlay, leave the full-screen preview, clear a search.
    Back,
    OpenLink,
    SelectTopic(Option<Topic>),
    NextTopic,
    PrevTopic,
    StartSearch,
    SearchInput(char),
    SearchBackspace,
    /// Enter while searching: keep the query, return to the list.
    SearchSubmit,
    /// Esc while searching: drop the query.
    SearchCancel,
    RefreshSelected,
    RefreshAll,
    ToggleHelp,
    ToggleFeeds,
    Quit,
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock moved on (spinner frames, ages).
    Tick,
    Poll(PollEvent),
    /// A background effect failed or finished and the user should know (status line).
    Notify(String),
}

/// Effects that `update` asks the run loop to perform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Open this (already checked http/https) link in the browser.
    OpenLink(String),
    RefreshFeed(FeedId),
    RefreshAll,
    Quit,
}
