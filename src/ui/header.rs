//! The header: the scoreboard of topic tabs with counts, the reader's views with their
//! unread counts, and fetch activity.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::header_tabs::{TITLE, TabTarget, gap, layout};
use crate::app::state::State;

const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let (wide, tabs) = layout(state, area.width);
    let mut spans = Vec::new();
    if wide {
        spans.push(Span::styled(TITLE, theme.accent()));
        spans.push(Span::raw(" "));
    }
    for (i, tab) in tabs.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(gap(wide), theme.dim()));
        }
        let style = match tab.target {
            TabTarget::Topic(Some(topic)) => theme.topic(topic),
            TabTarget::Topic(None) => Style::new(),
            TabTarget::View(_) => theme.accent(),
        };
        let style = if tab.active {
            style.patch(theme.active_tab())
        } else {
            style
        };
        spans.push(Span::styled(tab.text, style));
    }
    let activity = activity(state);
    let watch = watch_summary(state);
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let room = usize::from(area.width).saturating_sub(used + activity.width() + 4);
    if !watch.is_empty() && room >= 12 {
        spans.push(Span::raw("   "));
        spans.push(Span::styled(
            super::text::truncate(&watch, room),
            theme.accent(),
        ));
    }
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let free = usize::from(area.width).saturating_sub(used + activity.width() + 1);
    if !activity.is_empty() && free > 0 {
        spans.push(Span::raw(" ".repeat(free)));
        spans.push(Span::styled(activity, theme.accent()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "watch: DeepSeek 3 · H20 1": unread articles naming each watchlist term.
fn watch_summary(state: &State) -> String {
    let hits: Vec<String> = state
        .list
        .watch_counts
        .iter()
        .filter(|(_, count)| *count > 0)
        .map(|(term, count)| format!("{term} {count}"))
        .collect();
    if hits.is_empty() {
        String::new()
    } else {
        format!("◆ {}", hits.join(" · "))
    }
}

/// "⠋ 2 feeds…" while fetching; empty otherwise.
fn activity(state: &State) -> String {
    match state.feeds.fetching_count() {
        0 => String::new(),
        n => {
            let frame = SPINNER[state.status.spinner_frame % SPINNER.len()];
            let noun = if n == 1 { "feed" } else { "feeds" };
            format!("{frame} {n} {noun}… ")
        }
    }
}
