//! Everything the UI shows, as plain data: a few owned parts (the article index, the list,
//! the preview, the feeds, the overlay, the status line) and the context they share (screen
//! size, clock, keys, colours, the topic rules). Only `update` changes it; `draw` only
//! reads it.

use std::sync::Arc;

use super::article_index::ArticleIndex;
use super::feeds_pane::FeedsPane;
use super::list_pane::ListPane;
use super::overlay::Overlay;
use super::preview_pane::PreviewPane;
use super::status_line::StatusLine;
use crate::config::FeedConfig;
use crate::model::{Article, FeedId, UnixTime};

// The names the UI and the tests have always found here.
pub use super::feeds_pane::{FeedHealth, FeedStatus, feed_names};
pub use super::list_pane::StoryMark;
pub use super::mode::Mode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Preview,
}

/// The whole state of the dashboard.
#[derive(Debug, Clone)]
pub struct State {
    pub index: ArticleIndex,
    pub list: ListPane,
    pub preview: PreviewPane,
    pub feeds: FeedsPane,
    pub overlay: Overlay,
    pub status: StatusLine,
    pub focus: Focus,
    pub width: u16,
    pub height: u16,
    pub now: UnixTime,
    /// The user has pressed a key: before that, nothing is marked read by looking.
    pub user_active: bool,
    /// Where the configuration came from, for the empty state ("edit PATH").
    pub config_origin: String,
    pub color: bool,
    /// The keys in effect (the key table's defaults with `[keys]` over them): what keys
    /// do, and what the help, the hints and the messages name.
    pub keys: Arc<crate::config::keys::KeyBindings>,
    /// `[theme]`: the colour of each role (ignored under NO_COLOR).
    pub theme: crate::config::theme::Palette,
    /// The user's watchlist, compiled once.
    pub watchlist: Option<Arc<crate::topics::watch::Watchlist>>,
    /// The topic rules, to explain a label in the preview (immutable, shared).
    pub classifier: Option<Arc<crate::topics::classify::Classifier>>,
    /// Local time's offset from UTC in seconds, read once at start so drawing stays pure.
    pub utc_offset: i32,
    /// Alerts waiting a moment to be told as one.
    pub alerts: super::fetch_writes::AlertQueue,
    pub should_quit: bool,
}

impl State {
    pub fn new(feeds: &[FeedConfig], config_origin: String, now: UnixTime) -> State {
        State {
            index: ArticleIndex::default(),
            list: ListPane::default(),
            preview: PreviewPane::default(),
            feeds: FeedsPane::new(feeds),
            overlay: Overlay::default(),
            status: StatusLine::default(),
            focus: Focus::List,
            width: 80,
            height: 24,
            now,
            user_active: false,
            config_origin,
            color: true,
            keys: Default::default(),
            theme: Default::default(),
            watchlist: None,
            classifier: None,
            utc_offset: 0,
            alerts: Default::default(),
            should_quit: false,
        }
    }

    /// The article under the cursor, if the list is not empty.
    pub fn selected_article(&self) -> Option<&Article> {
        self.list.selected_article(&self.index)
    }

    pub fn feed_name(&self, feed: FeedId) -> &str {
        self.feeds.name(feed)
    }

    /// Rows of headlines the list shows at the current size.
    pub fn list_height(&self) -> usize {
        super::layout::list_rows(self.width, self.height)
    }

    /// Rows of text the preview shows at the current size and mode.
    pub fn preview_height(&self) -> usize {
        super::layout::preview_rows(self.width, self.height, self.overlay.mode())
    }

    /// The preview is beside the list at the current size.
    pub fn has_side_preview(&self) -> bool {
        super::layout::has_side_preview(self.width, self.height)
    }
}
