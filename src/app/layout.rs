//! Screen geometry: which areas a terminal size gets, decided here and drawn by `ui`, so
//! `update` (paging, scrolling, mouse hits) and `draw` use the same sizes.

use ratatui::layout::{Constraint, Layout, Rect};

use super::mode::Mode;

/// Below this width the preview is not beside the list; Enter shows it full screen.
pub const SIDE_PREVIEW_MIN_WIDTH: u16 = 100;
/// Lines the preview spends on title, source, link and topic before the body.
pub const PREVIEW_HEADER_LINES: usize = 5;

/// The rectangles of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub list: Rect,
    pub preview: Option<Rect>,
    pub status: Rect,
}

pub fn has_side_preview(width: u16, _height: u16) -> bool {
    width >= SIDE_PREVIEW_MIN_WIDTH
}

pub fn areas(area: Rect, mode: Mode) -> Areas {
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    if mode == Mode::FullPreview {
        return Areas {
            header,
            list: Rect::new(body.x, body.y, 0, 0),
            preview: Some(body),
            status,
        };
    }
    if has_side_preview(area.width, area.height) {
        let [list, preview] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(body);
        Areas {
            header,
            list,
            preview: Some(preview),
            status,
        }
    } else {
        Areas {
            header,
            list: body,
            preview: None,
            status,
        }
    }
}

fn screen(width: u16, height: u16) -> Rect {
    Rect::new(0, 0, width, height)
}

/// Rows of headlines visible in the list (inside its border).
pub fn list_rows(width: u16, height: u16) -> usize {
    usize::from(
        areas(screen(width, height), Mode::Normal)
            .list
            .height
            .saturating_sub(2),
    )
}

/// Rows of text visible in the preview (inside its border).
pub fn preview_rows(width: u16, height: u16, mode: Mode) -> usize {
    areas(screen(width, height), preview_mode(width, height, mode))
        .preview
        .map(|p| usize::from(p.height.saturating_sub(2)))
        .unwrap_or(0)
}

/// Columns the preview body is wrapped to (inside border and padding).
pub fn preview_text_width(width: u16, height: u16, mode: Mode) -> u16 {
    areas(screen(width, height), preview_mode(width, height, mode))
        .preview
        .map(|p| p.width.saturating_sub(4))
        .unwrap_or(0)
        .max(20)
}

/// Narrow screens render the preview full screen, whether or not it is open right now, so
/// its text is wrapped for the width it will be read at.
fn preview_mode(width: u16, height: u16, mode: Mode) -> Mode {
    if has_side_preview(width, height) {
        mode
    } else {
        Mode::FullPreview
    }
}
