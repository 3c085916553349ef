//! The headline list: one line per story with unread marker, age, source, topic and title.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::text::{age, fit, truncate};
use super::theme::Theme;
use crate::app::state::{Focus, State, StoryMark};
use crate::config::keys::ActionName;
use crate::model::Article;
use crate::text::sanitize;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let focused = state.focus == Focus::List && !state.overlay.is_full_preview();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        })
        .title(title(state));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if state.list.view.is_empty() {
        let text = empty_message(state);
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            inner.inner(ratatui::layout::Margin::new(1, 1)),
        );
        return;
    }
    let rows = usize::from(inner.height);
    let width = usize::from(inner.width);
    let columns = Columns::for_width(width);
    // `update` keeps the offset within the view and at or before the selection; drawing
    // does not count on it, so a stale offset draws an empty list instead of panicking.
    let end = (state.list.offset + rows).min(state.list.view.len());
    let start = state.list.offset.min(end);
    // Only the visible slice becomes widgets: cost is O(rows), not O(articles).
    let items: Vec<ListItem> = state.list.view[start..end]
        .iter()
        .zip(state.list.view_marks.get(start..end).unwrap_or_default())
        .map(|(&row, &mark)| {
            let row = &state.index.rows[row as usize];
            let watched = !row.watch.is_empty();
            ListItem::new(row_line(
                &row.article,
                mark,
                watched,
                state,
                &columns,
                theme,
            ))
        })
        .collect();
    let mut list_state = ListState::default().with_selected(state.list.selected.checked_sub(start));
    let list = List::new(items).highlight_style(theme.selected());
    frame.render_stateful_widget(list, inner, &mut list_state);
}

fn title(state: &State) -> String {
    let mut title = String::from(" Headlines ");
    if !state.list.filter.search.is_empty() {
        title = format!(
            " Headlines matching \"{}\" ",
            truncate(&state.list.filter.search, 30)
        );
    }
    if state.list.filter.unread_only {
        title.push_str("· unread ");
    }
    if state.list.filter.starred_only {
        title.push_str("· ★ starred ");
    }
    if state.list.filter.watched_only {
        title.push_str("· ◆ watchlist ");
    }
    if !state.list.view.is_empty() {
        title.push_str(&format!(
            "{}/{} ",
            state.list.selected + 1,
            state.list.view.len()
        ));
    }
    title
}

/// Column widths for a list of this width; narrow lists drop the source column.
struct Columns {
    source: usize,
    title: usize,
}

impl Columns {
    fn for_width(width: usize) -> Columns {
        // marker(1) + space + age(3) + space + [source + space] + badge(3) + space
        let source = match width {
            w if w >= 120 => 20,
            w if w >= 80 => 14,
            w if w >= 56 => 10,
            _ => 0,
        };
        let fixed = 2 + 1 + 3 + 1 + if source > 0 { source + 1 } else { 0 } + 3 + 1;
        Columns {
            source,
            title: width.saturating_sub(fixed),
        }
    }
}

/// Marks a headline naming a watchlist term.
const WATCH_MARK: &str = "◆ ";

fn row_line<'a>(
    article: &'a Article,
    mark: StoryMark,
    watched: bool,
    state: &'a State,
    columns: &Columns,
    theme: &Theme,
) -> Line<'a> {
    let unread = !article.read;
    let marker = match (unread, article.starred) {
        (true, true) => "●★",
        (true, false) => "● ",
        (false, true) => " ★",
        (false, false) => "  ",
    };
    let mut spans = vec![
        Span::styled(marker, theme.accent()),
        Span::raw(" "),
        Span::styled(
            format!("{:>3}", age(state.now, article.when())),
            theme.dim(),
        ),
        Span::raw(" "),
    ];
    if columns.source > 0 {
        spans.push(Span::styled(
            fit(&clean(state.feed_name(article.feed)), columns.source),
            theme.dim(),
        ));
        spans.push(Span::raw(" "));
    }
    let mut badge_style = theme.topic(article.topic);
    if state.index.corrections.contains_key(&article.id) {
        // The reader set this topic (c): underlined, which shows without colour too.
        badge_style = badge_style.add_modifier(ratatui::style::Modifier::UNDERLINED);
    }
    spans.push(Span::styled(article.topic.badge(), badge_style));
    spans.push(Span::raw(" "));
    let title_style = if unread {
        theme.unread()
    } else {
        ratatui::style::Style::new()
    };
    // "+2" says two more sources tell the same story (the story key lists them); "↳"
    // marks one of them.
    let (prefix, suffix) = match mark {
        StoryMark::Lead { more: 0 } => (String::new(), String::new()),
        StoryMark::Lead { more } => (String::new(), format!(" +{more}")),
        StoryMark::Member => ("↳ ".to_string(), String::new()),
    };
    // A watchlist match is marked with text, so it survives NO_COLOR.
    let watch_width = if watched {
        WATCH_MARK.chars().count()
    } else {
        0
    };
    let room = columns
        .title
        .saturating_sub(prefix.chars().count() + watch_width + suffix.chars().count());
    if !prefix.is_empty() {
        spans.push(Span::styled(prefix, theme.dim()));
    }
    if watched {
        spans.push(Span::styled(WATCH_MARK, theme.watch()));
    }
    spans.push(Span::styled(
        truncate(&clean(&article.title), room),
        title_style,
    ));
    if !suffix.is_empty() {
        spans.push(Span::styled(suffix, theme.accent()));
    }
    Line::from(spans)
}

/// Defence in depth: text was cleaned at ingest, and is cleaned again before it is drawn.
fn clean(text: &str) -> String {
    sanitize::clean_line(text, sanitize::MAX_TITLE_CHARS)
}

/// What to do when the list is empty: say why and what to do next.
fn empty_message(state: &State) -> String {
    let key = |action| state.keys.label(action);
    if state.feeds.statuses.is_empty() {
        return format!(
            "No feeds configured: edit {} and add [[feeds]] entries with a url \
             (see config.example.toml), then restart. Try --demo for a tour.",
            state.config_origin
        );
    }
    if state.feeds.enabled_count() == 0 {
        return format!(
            "All feeds are disabled: set enabled = true for some in {}.",
            state.config_origin
        );
    }
    if state.list.filter.starred_only && state.list.filter.search.is_empty() {
        return format!(
            "No starred articles here. Press {} on a headline to star it, {} to show all.",
            key(ActionName::Star),
            key(ActionName::StarredOnly)
        );
    }
    if state.list.filter.unread_only && state.list.filter.search.is_empty() {
        return format!(
            "Nothing unread here. Press {} to show read articles too.",
            key(ActionName::UnreadOnly)
        );
    }
    if !state.list.filter.search.is_empty() || state.list.filter.topic.is_some() {
        let topic = state.list.filter.topic.map(|t| t.label()).unwrap_or("All");
        return if state.list.filter.search.is_empty() {
            format!(
                "No {topic} articles yet. Press {} for all topics.",
                key(ActionName::TabAll)
            )
        } else {
            format!(
                "Nothing matches \"{}\" in {topic}. {} clears the search.",
                state.list.filter.search,
                key(ActionName::Back)
            )
        };
    }
    if state.feeds.fetching_count() > 0
        || state
            .feeds
            .statuses
            .iter()
            .any(|f| f.enabled && f.last_attempt.is_none())
    {
        return format!("Fetching {} feeds…", state.feeds.enabled_count());
    }
    if state.feeds.failing_count() > 0 {
        return format!(
            "No articles: {} of {} feeds failing. Press {} to see why, {} to retry.",
            state.feeds.failing_count(),
            state.feeds.enabled_count(),
            key(ActionName::Feeds),
            key(ActionName::RefreshAll)
        );
    }
    format!(
        "No articles yet: the feeds are empty. Press {} to refresh.",
        key(ActionName::RefreshAll)
    )
}
