//! The feeds overlay: one row per feed with its state, articles, last success and next
//! refresh; failing feeds first. Where "why is nothing new?" gets its answer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};

use super::centered;
use super::text::{ago, truncate, until};
use super::theme::Theme;
use crate::app::state::{FeedHealth, FeedStatus, State};
use crate::config::keys::ActionName;
use crate::text::sanitize;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let popup = centered(
        area,
        area.width.saturating_sub(4).max(40),
        area.height.saturating_sub(2),
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(title(state))
        .title_bottom(footer(state));
    frame.render_widget(Clear, popup);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if state.feeds.statuses.is_empty() {
        let text = format!("No feeds configured: edit {}.", state.config_origin);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
        return;
    }
    let order = state.feeds.order();
    let selected_feed = order
        .get(state.feeds.selected)
        .map(|&i| &state.feeds.statuses[i]);
    // The selected feed's URL and full error get the bottom lines: errors are often long.
    let detail_height = 3.min(inner.height.saturating_sub(3));
    let table_area = Rect {
        height: inner.height.saturating_sub(detail_height),
        ..inner
    };
    let detail_area = Rect {
        y: inner.y + table_area.height,
        height: detail_height,
        ..inner
    };
    let wide = inner.width >= 90;
    let rows: Vec<Row> = order
        .iter()
        .map(|&i| feed_row(&state.feeds.statuses[i], state, theme, wide))
        .collect();
    let widths: Vec<Constraint> = if wide {
        vec![
            Constraint::Percentage(30),
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(10),
            Constraint::Length(10),
        ]
    } else {
        vec![
            Constraint::Percentage(40),
            Constraint::Fill(1),
            Constraint::Length(6),
        ]
    };
    let header = if wide {
        Row::new(["Feed", "State", "Articles", "Last ok", "Next"])
    } else {
        Row::new(["Feed", "State", "Items"])
    }
    .style(theme.title());
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme.selected())
        .column_spacing(1);
    let mut table_state = TableState::default().with_selected(Some(state.feeds.selected));
    frame.render_stateful_widget(table, table_area, &mut table_state);
    if let Some(feed) = selected_feed {
        let mut lines = vec![Line::styled(
            sanitize::clean_line(&feed.url, 500),
            theme.link(),
        )];
        if !feed.tags.is_empty() {
            let tags = sanitize::clean_line(&feed.tags.join(", "), 300);
            lines.push(Line::styled(format!("tags: {tags}"), theme.dim()));
        }
        if let FeedHealth::Failed(error) = &feed.health {
            lines.push(Line::styled(
                sanitize::clean_line(error, 500),
                theme.error(),
            ));
        } else if !feed.parse_note.repairs.is_empty() {
            lines.push(Line::styled(
                format!("repaired: {}", feed.parse_note.repairs),
                theme.dim(),
            ));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), detail_area);
    }
}

/// " Feeds (23) ", and how many articles hide rules keep out of sight.
fn title(state: &State) -> String {
    match state.list.hidden_count {
        0 => format!(" Feeds ({}) ", state.feeds.statuses.len()),
        hidden => format!(
            " Feeds ({}) · {hidden} hidden by [[hide]] ",
            state.feeds.statuses.len()
        ),
    }
}

fn feed_row<'a>(feed: &'a FeedStatus, state: &State, theme: &Theme, wide: bool) -> Row<'a> {
    let (text, style) = state_text(feed, theme);
    let name = Cell::from(sanitize::clean_line(&feed.name, 200));
    let state_cell = Cell::from(Line::from(Span::styled(text, style)));
    let articles = Cell::from(format!("{:>6}", feed.articles));
    if !wide {
        return Row::new(vec![name, state_cell, articles]);
    }
    let last_ok = feed
        .last_success
        .map(|t| ago(state.now, t))
        .unwrap_or_else(|| "never".to_string());
    let next = feed
        .next_refresh
        .filter(|_| feed.enabled)
        .map(|t| until(state.now, t))
        .unwrap_or_else(|| "-".to_string());
    Row::new(vec![
        name,
        state_cell,
        articles,
        Cell::from(last_ok),
        Cell::from(next),
    ])
}

/// The State column: what the last fetch said, repairs and unreadable items included.
fn state_text(feed: &FeedStatus, theme: &Theme) -> (String, Style) {
    match (&feed.health, feed.fetching, feed.enabled) {
        (_, _, false) => ("disabled".to_string(), theme.dim()),
        (_, true, _) => ("fetching…".to_string(), theme.accent()),
        (FeedHealth::Pending, _, _) => ("waiting".to_string(), theme.dim()),
        (FeedHealth::Ok | FeedHealth::NotModified, _, _)
            if let Some(warning) = feed.parse_note.warning() =>
        {
            (warning, theme.error())
        }
        (FeedHealth::Ok, _, _) if !feed.parse_note.repairs.is_empty() => (
            truncate(&format!("ok, repaired: {}", feed.parse_note.repairs), 60),
            theme.ok(),
        ),
        (FeedHealth::Ok, _, _) => ("ok".to_string(), theme.ok()),
        (FeedHealth::NotModified, _, _) => ("ok (304 unchanged)".to_string(), theme.ok()),
        (FeedHealth::Failed(e), _, _) => (
            format!("error: {}", truncate(&sanitize::clean_line(e, 200), 60)),
            theme.error(),
        ),
    }
}

/// The feeds pane's keys, as bound.
fn footer(state: &State) -> String {
    let key = |action| state.keys.label(action);
    format!(
        " {}/{} move · {} refresh · {} all · {} close ",
        key(ActionName::MoveDown),
        key(ActionName::MoveUp),
        key(ActionName::Refresh),
        key(ActionName::RefreshAll),
        key(ActionName::Back)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FeedConfig;
    use crate::feed_report::{ParseNote, Repair};
    use crate::model::FeedId;

    fn status(health: FeedHealth, note: ParseNote) -> FeedStatus {
        let config = FeedConfig {
            url: "https://wire.example.com/feed.xml".to_string(),
            name: None,
            refresh: None,
            tags: Vec::new(),
            enabled: true,
            full_text: false,
        };
        let mut status = FeedStatus::from_config(FeedId(0), &config);
        status.health = health;
        status.parse_note = note;
        status
    }

    fn text(health: FeedHealth, note: ParseNote) -> String {
        state_text(&status(health, note), &Theme::new(false)).0
    }

    #[test]
    fn a_repaired_feed_says_so() {
        let mut note = ParseNote {
            items_in_document: 2,
            entries_read: 2,
            ..ParseNote::default()
        };
        assert_eq!(text(FeedHealth::Ok, note), "ok");
        note.repairs.add(Repair::BareAmpersand, 2);
        assert_eq!(
            text(FeedHealth::Ok, note),
            "ok, repaired: 2 bare ampersands"
        );
        assert_eq!(
            text(FeedHealth::NotModified, note),
            "ok (304 unchanged)",
            "unchanged since the repaired read"
        );
        note.repairs.add(Repair::TypeAttribute, 1);
        note.repairs.add(Repair::ElementCase, 3);
        assert_eq!(
            text(FeedHealth::Ok, note),
            "ok, repaired: 2 bare ampersands, 3 elements in the wrong ca…"
        );
    }

    #[test]
    fn a_feed_whose_items_cannot_be_read_is_a_warning_not_ok() {
        let note = ParseNote {
            items_in_document: 3,
            entries_read: 0,
            ..ParseNote::default()
        };
        for health in [FeedHealth::Ok, FeedHealth::NotModified] {
            let (text, style) = state_text(&status(health, note), &Theme::new(true));
            assert_eq!(text, "warning: 3 items in the feed, none readable");
            assert_eq!(style, Theme::new(true).error());
        }
        let one = ParseNote {
            items_in_document: 1,
            ..note
        };
        assert_eq!(
            text(FeedHealth::Ok, one),
            "warning: 1 item in the feed, none readable"
        );
        let empty_channel = ParseNote::default();
        assert_eq!(text(FeedHealth::Ok, empty_channel), "ok");
    }

    #[test]
    fn an_error_still_wins_over_an_old_note() {
        let note = ParseNote {
            items_in_document: 3,
            entries_read: 0,
            ..ParseNote::default()
        };
        assert_eq!(
            text(FeedHealth::Failed("HTTP 404 Not Found".into()), note),
            "error: HTTP 404 Not Found"
        );
    }
}
