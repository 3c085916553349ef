//! Drawing: the main screen in the areas `app::layout` decided, and one module per pane. Draw functions read
//! `&State` only and cost O(visible rows).

pub mod feeds;
pub mod header;
pub mod headlines;
pub mod help;
pub mod preview;
pub mod status;
pub mod text;
pub mod theme;
pub mod trend;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};

use crate::app::layout;
use crate::app::state::{Mode, State};
use theme::Theme;

/// Draws the whole screen for the current state.
pub fn draw(frame: &mut Frame, state: &State) {
    let theme = Theme::with_palette(state.color, state.theme);
    let area = frame.area();
    let areas = layout::areas(area, state.overlay.mode());
    header::draw(frame, areas.header, state, &theme);
    if state.overlay.is_open(Mode::Trend) {
        let body = areas.list.union(areas.preview.unwrap_or(areas.list));
        trend::draw(frame, body, state, &theme);
    } else {
        if !state.overlay.is_full_preview() {
            headlines::draw(frame, areas.list, state, &theme);
        }
        if let Some(preview_area) = areas.preview {
            preview::draw(frame, preview_area, state, &theme);
        }
    }
    status::draw(frame, areas.status, state, &theme);
    match state.overlay.mode() {
        Mode::Help => help::draw(frame, area, state.overlay.help_scroll, &state.keys, &theme),
        Mode::Feeds => feeds::draw(frame, area, state, &theme),
        _ => {}
    }
}

/// A rectangle of at most `width` x `height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
