//! Moving around: the cursor, the preview's scroll, focus, Enter and Esc, each sent where
//! the overlay says it goes.

use super::action::Command;
use super::marks;
use super::overlay::{Back, Enter, Mode, MoveTarget};
use super::state::{Focus, State};

/// Lines a page key moves.
pub fn page(state: &State) -> isize {
    state.overlay.page(state.list_height().max(2) as isize - 1)
}

/// j/k, arrows and paging: move whatever has focus.
pub fn move_by(state: &mut State, delta: isize) {
    let target = state.overlay.move_target(state.focus == Focus::Preview);
    move_target_by(state, target, delta);
}

/// The mouse wheel, over the preview or not.
pub fn wheel(state: &mut State, lines: i32, over_preview: bool) {
    let over_side_preview = over_preview && state.has_side_preview();
    let target = state
        .overlay
        .wheel_target(over_side_preview, state.focus == Focus::Preview);
    move_target_by(state, target, lines as isize);
}

fn move_target_by(state: &mut State, target: MoveTarget, delta: isize) {
    match target {
        MoveTarget::Feeds => state.feeds.move_by(delta),
        MoveTarget::Help => state.overlay.scroll_help(delta),
        MoveTarget::Preview => scroll_preview(state, delta as i32),
        MoveTarget::List => {
            let height = state.list_height();
            if state.list.move_by(delta, height) {
                state.preview.scroll = 0;
            }
        }
        MoveTarget::Nothing => {}
    }
}

/// Home and End.
pub fn move_to_end(state: &mut State, bottom: bool) {
    match state.overlay.end_target(state.focus == Focus::Preview) {
        MoveTarget::Feeds => state.feeds.move_to_end(bottom),
        MoveTarget::Preview => {
            let visible = state.preview_height();
            state.preview.scroll_to_end(bottom, visible);
        }
        MoveTarget::List => {
            let height = state.list_height();
            if state.list.move_to_end(bottom, height) {
                state.preview.scroll = 0;
            }
        }
        MoveTarget::Help | MoveTarget::Nothing => {}
    }
}

fn scroll_preview(state: &mut State, lines: i32) {
    let visible = state.preview_height();
    state.preview.scroll_by(lines, visible);
}

/// Tab: between the list and a side preview, on the main screen.
pub fn focus_next(state: &mut State) {
    if state.overlay.is_main_screen() && state.has_side_preview() {
        state.focus = match state.focus {
            Focus::List => Focus::Preview,
            Focus::Preview => Focus::List,
        };
    }
}

/// A new terminal size: without a side preview the list has focus.
pub fn resize(state: &mut State, width: u16, height: u16) {
    state.width = width;
    state.height = height;
    if !state.has_side_preview() {
        state.focus = Focus::List;
    }
    let height = state.list_height();
    state.list.clamp(height);
}

/// Enter: opens the selected article (beside the list or full screen) and marks it read,
/// or closes the overlay.
pub fn activate(state: &mut State, commands: &mut Vec<Command>) {
    if state.selected_article().is_none() && state.overlay.is_main_screen() {
        return;
    }
    if state.overlay.enter() == Enter::OpenArticle {
        if state.has_side_preview() {
            state.focus = Focus::Preview;
        } else {
            state.overlay.open(Mode::FullPreview);
            state.preview.scroll = 0;
        }
        marks::set_selected_read(state, true, commands);
    }
}

/// Esc: closes what is open, else gives focus back to the list, else drops the query.
pub fn back(state: &mut State) {
    match state.overlay.back() {
        Back::TopicUnchanged => state
            .status
            .notify("topic unchanged".to_string(), state.now),
        Back::Closed => {}
        Back::SearchCancelled => super::filtering::clear_search(state),
        Back::OnMainScreen if state.focus == Focus::Preview => state.focus = Focus::List,
        Back::OnMainScreen if !state.list.filter.search.is_empty() => {
            super::filtering::clear_search(state)
        }
        Back::OnMainScreen => {}
    }
}

/// A left click: on the header, the tab under it; on the list, that headline (and the
/// list gets the focus). Elsewhere, and over overlays, nothing.
pub fn click(state: &mut State, column: u16, row: u16) {
    if !state.overlay.is_main_screen() {
        return;
    }
    if row == 0 {
        match super::header_tabs::tab_at(state, state.width, column) {
            Some(super::header_tabs::TabTarget::Topic(topic)) => {
                super::filtering::set_topic(state, topic)
            }
            Some(super::header_tabs::TabTarget::View(view)) => {
                super::filtering::set_view(state, view)
            }
            None => {}
        }
        return;
    }
    let screen = ratatui::layout::Rect::new(0, 0, state.width, state.height);
    let list = super::layout::areas(screen, state.overlay.mode()).list;
    // Inside the list's border: one headline per row, from the scroll offset.
    let inside =
        column > list.x && column + 1 < list.right() && row > list.y && row + 1 < list.bottom();
    if !inside {
        return;
    }
    let position = state.list.offset + usize::from(row - list.y - 1);
    if position < state.list.view.len() {
        state.focus = Focus::List;
        let height = state.list_height();
        if state.list.select(position, height) {
            state.preview.scroll = 0;
        }
    }
}
