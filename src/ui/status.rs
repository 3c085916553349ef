//! The status line: is it working (feeds ok / failing, last refresh), the search prompt or a
//! message, and the next keys to learn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::{clock, truncate};
use super::theme::Theme;
use crate::app::state::{Mode, State};
use crate::ingest::sanitize;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let width = usize::from(area.width);
    let hints = hints(state, width);
    let left = left_spans(state, theme, width < 80);
    let left_width: usize = left.iter().map(|s| s.content.width()).sum();
    let mut spans = left;
    let room = width.saturating_sub(left_width + 2);
    if room >= hints.width() {
        spans.push(Span::raw(" ".repeat(width - left_width - hints.width())));
        spans.push(Span::styled(hints, theme.dim()));
    } else if room > 10 {
        let cut = truncate(&hints, room);
        spans.push(Span::raw(" ".repeat(width - left_width - cut.width())));
        spans.push(Span::styled(cut, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn left_spans(state: &State, theme: &Theme, compact: bool) -> Vec<Span<'static>> {
    if state.mode == Mode::Search {
        return vec![
            Span::styled(" /", theme.accent()),
            Span::raw(truncate(
                &sanitize::clean_line(&state.filter.search, 200),
                40,
            )),
            Span::styled("▏", theme.accent()),
            Span::styled(" Enter keep · Esc clear", theme.dim()),
        ];
    }
    if let Some((message, _)) = &state.message {
        return vec![Span::styled(
            format!(" {}", truncate(&sanitize::clean_line(message, 500), 70)),
            theme.accent(),
        )];
    }
    if let Some(error) = &state.store_error {
        return vec![Span::styled(
            format!(
                " cache error: {} (see the log)",
                truncate(&sanitize::clean_line(error, 500), 60)
            ),
            theme.error(),
        )];
    }
    let mut spans = Vec::new();
    let enabled = state.enabled_feed_count();
    let failing = state.failing_count();
    let ok = enabled - failing.min(enabled);
    if compact {
        spans.push(Span::raw(format!(" {ok} ok")));
        if failing > 0 {
            spans.push(Span::raw(" · "));
            spans.push(Span::styled(
                format!("{failing} failing (e)"),
                theme.error(),
            ));
        }
        spans.push(Span::raw(format!(" · {}", state.rows.len())));
    } else {
        let noun = if ok == 1 { "feed" } else { "feeds" };
        spans.push(Span::raw(format!(" {ok} {noun} ok")));
        if failing > 0 {
            spans.push(Span::raw(" · "));
            spans.push(Span::styled(
                format!("{failing} failing (e to see)"),
                theme.error(),
            ));
        }
        if let Some(at) = state.last_refresh {
            spans.push(Span::raw(format!(
                " · refreshed {}",
                clock(at, state.utc_offset)
            )));
        }
        spans.push(Span::raw(format!(" · {} articles", state.rows.len())));
    }
    if !state.filter.search.is_empty() {
        spans.push(Span::styled(
            format!(" · /{}", truncate(&state.filter.search, 20)),
            theme.accent(),
        ));
    }
    spans
}

/// The keys worth learning next, shortened for narrow screens.
fn hints(state: &State, width: usize) -> String {
    match state.mode {
        Mode::Help => "? or Esc close".to_string(),
        Mode::Feeds => "j/k move  r refresh  Esc close".to_string(),
        Mode::FullPreview => "j/k scroll  o open  Esc back".to_string(),
        Mode::Trend => "v or Esc back  ? help ".to_string(),
        Mode::Search => String::new(),
        Mode::Normal if width >= 120 => "j/k move  Tab pane  o open  / search  ? help ".to_string(),
        Mode::Normal if width >= 90 => "j/k move  o open  / search  ? help ".to_string(),
        Mode::Normal => "Enter read · ? help · q quit ".to_string(),
    }
}
