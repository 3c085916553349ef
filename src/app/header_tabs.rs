//! The header's tabs as plain data: each tab's text and where it sits on the line, so the
//! header draws them and a mouse click finds the one under the pointer from one layout.

use unicode_width::UnicodeWidthStr;

use super::state::State;
use super::view::{tab_index, tab_topic};
use crate::model::Topic;
use crate::text::wrap::truncate;

/// The app's name, before the tabs when they are spelled out.
pub const TITLE: &str = " ainews-tui ";
/// Between two tabs: spelled out, or short.
const WIDE_GAP: &str = " │ ";
const NARROW_GAP: &str = " ";
/// Columns the spelled-out tabs must leave free (for the watchlist and activity).
const WIDE_SLACK: usize = 20;
/// Columns of a view's name in the short layout.
const SHORT_VIEW_NAME: usize = 10;

/// What a tab selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabTarget {
    Topic(Option<Topic>),
    View(usize),
}

/// One tab on the header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderTab {
    pub target: TabTarget,
    /// As shown, in brackets when active.
    pub text: String,
    pub active: bool,
    /// First column on the line.
    pub column: usize,
}

/// The header's layout at `width` columns: whether labels are spelled out (with the title
/// first), and the tabs with their columns. Separators sit between consecutive tabs.
pub fn layout(state: &State, width: u16) -> (bool, Vec<HeaderTab>) {
    let long = tabs(state, true);
    let end = long.last().map_or(0, |tab| tab.column + tab.text.width());
    if width >= 90 && end + WIDE_SLACK <= usize::from(width) {
        (true, long)
    } else {
        (false, tabs(state, false))
    }
}

/// The separator between tabs in a layout.
pub fn gap(wide: bool) -> &'static str {
    if wide { WIDE_GAP } else { NARROW_GAP }
}

/// The tab under column `column`, if any.
pub fn tab_at(state: &State, width: u16, column: u16) -> Option<TabTarget> {
    let (_, tabs) = layout(state, width);
    let column = usize::from(column);
    tabs.into_iter()
        .find(|tab| column >= tab.column && column < tab.column + tab.text.width())
        .map(|tab| tab.target)
}

fn tabs(state: &State, wide: bool) -> Vec<HeaderTab> {
    let filter = &state.list.filter;
    let mut at = if wide { TITLE.width() + 1 } else { 0 };
    let mut out = Vec::new();
    let mut push = |target: TabTarget, text: String, active: bool| {
        if !out.is_empty() {
            at += gap(wide).width();
        }
        let text = if active { format!("[{text}]") } else { text };
        let width = text.width();
        out.push(HeaderTab {
            target,
            text,
            active,
            column: at,
        });
        at += width;
    };
    for index in 0..5 {
        let topic = tab_topic(index);
        let label = match (topic, wide) {
            (None, _) => "All",
            (Some(t), true) => t.label(),
            (Some(t), false) => short_label(t),
        };
        let active = filter.view.is_none() && index == tab_index(filter.topic);
        let text = format!("{label} {}", state.list.tab_counts[index]);
        push(TabTarget::Topic(topic), text, active);
    }
    for (i, view) in state.list.lenses.views.iter().enumerate() {
        let name = if wide {
            view.name.clone()
        } else {
            truncate(&view.name, SHORT_VIEW_NAME)
        };
        let count = state.list.view_counts.get(i).copied().unwrap_or(0);
        push(
            TabTarget::View(i),
            format!("{name} {count}"),
            filter.view == Some(i),
        );
    }
    out
}

fn short_label(topic: Topic) -> &'static str {
    match topic {
        Topic::Us => "US",
        Topic::China => "CN",
        Topic::Both => "H2H",
        Topic::Other => "Oth",
    }
}
