//! The header: the scoreboard of topic tabs with counts, the reader's views with their
//! unread counts, and fetch activity.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::state::State;
use crate::app::view::{tab_index, tab_topic};

const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    // The long labels when they fit with room to spare, else the short ones.
    let long = tabs(state, theme, true);
    let long_width: usize = long.iter().map(|s| s.content.width()).sum();
    let wide = area.width >= 90 && long_width + 20 <= usize::from(area.width);
    let mut spans = if wide {
        long
    } else {
        tabs(state, theme, false)
    };
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

/// The tabs: topics with their counts, then the reader's views with their unread counts;
/// `wide` spells the labels out.
fn tabs(state: &State, theme: &Theme, wide: bool) -> Vec<Span<'static>> {
    let filter = &state.list.filter;
    let active = match filter.view {
        Some(_) => usize::MAX,
        None => tab_index(filter.topic),
    };
    let mut spans = Vec::new();
    if wide {
        spans.push(Span::styled(" ainews-tui ", theme.accent()));
        spans.push(Span::raw(" "));
    }
    for index in 0..5 {
        if index > 0 {
            spans.push(Span::styled(if wide { " │ " } else { " " }, theme.dim()));
        }
        let topic = tab_topic(index);
        let label = match (topic, wide) {
            (None, _) => "All",
            (Some(t), true) => t.label(),
            (Some(t), false) => short_label(t),
        };
        let text = format!("{label} {}", state.list.tab_counts[index]);
        let style = match topic {
            Some(t) => theme.topic(t),
            None => ratatui::style::Style::new(),
        };
        let style = if index == active {
            style.patch(theme.active_tab())
        } else {
            style
        };
        spans.push(Span::styled(
            if index == active {
                format!("[{text}]")
            } else {
                text
            },
            style,
        ));
    }
    // The reader's views, after the topics: name and unread count.
    for (i, view) in state.list.lenses.views.iter().enumerate() {
        spans.push(Span::styled(if wide { " │ " } else { " " }, theme.dim()));
        let name = if wide {
            view.name.clone()
        } else {
            super::text::truncate(&view.name, 10)
        };
        let count = state.list.view_counts.get(i).copied().unwrap_or(0);
        let text = format!("{name} {count}");
        if filter.view == Some(i) {
            spans.push(Span::styled(
                format!("[{text}]"),
                theme.accent().patch(theme.active_tab()),
            ));
        } else {
            spans.push(Span::styled(text, theme.accent()));
        }
    }
    spans
}

fn short_label(topic: crate::model::Topic) -> &'static str {
    match topic {
        crate::model::Topic::Us => "US",
        crate::model::Topic::China => "CN",
        crate::model::Topic::Both => "H2H",
        crate::model::Topic::Other => "Oth",
    }
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
