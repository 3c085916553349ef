//! The status line: is it working (feeds ok / failing, last refresh, the search index
//! catching up), the search prompt or a message, and the next keys to learn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::{clock, truncate, truncate_start};
use super::theme::Theme;
use crate::app::state::{FeedHealth, Mode, State};
use crate::config::keys::ActionName;
use crate::text::sanitize;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let width = usize::from(area.width);
    let hints = hints(state, width);
    let left = left_spans(state, theme, width);
    let left_width: usize = left.iter().map(|s| s.content.width()).sum();
    let mut spans = left;
    // Every sum here is of unsigned widths: the left part may already fill the line (a long
    // search on a narrow terminal), so the room for hints is never assumed.
    let room = width.saturating_sub(left_width + 2);
    let hints = if room >= hints.width() {
        hints
    } else if room > 10 {
        truncate(&hints, room)
    } else {
        String::new()
    };
    if !hints.is_empty() {
        let pad = width.saturating_sub(left_width + hints.width());
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(hints, theme.dim()));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status()),
        area,
    );
}

/// What is typed after `/` while searching: the prompt, the end of the query (the part
/// being typed) and, when it fits, how to leave.
fn search_spans(state: &State, theme: &Theme, width: usize) -> Vec<Span<'static>> {
    const CURSOR: &str = "▏";
    let everything = state.list.filter.everything;
    let prompt = if everything { " everything /" } else { " /" };
    let leave = format!(
        " {} keep · {} clear · {} {}",
        state.keys.label(ActionName::SearchKeep),
        state.keys.label(ActionName::SearchClear),
        state.keys.label(ActionName::SearchEverything),
        if everything { "titles" } else { "everything" }
    );
    let query = sanitize::clean_line(&state.list.filter.search, 200);
    let room = width.saturating_sub(prompt.width() + CURSOR.width());
    let shown = truncate_start(&query, room);
    let mut spans = vec![
        Span::styled(prompt, theme.accent()),
        Span::raw(shown.clone()),
        Span::styled(CURSOR, theme.accent()),
    ];
    let waiting = " searching…";
    if everything && state.list.full_text.pending.is_some() {
        spans.push(Span::styled(waiting, theme.dim()));
    } else if everything && state.status.indexing.is_some() {
        // The index is still catching up: what it finds is not everything yet.
        spans.push(Span::styled(" (partial: still indexing)", theme.dim()));
    }
    if let Some(error) = state.list.query_error.as_ref().filter(|_| !everything) {
        // The list keeps the last good search meanwhile; the line says what to fix.
        let room = width.saturating_sub(prompt.width() + shown.width() + CURSOR.width());
        let text = truncate(&format!(" ✗ {error}"), room);
        spans.push(Span::styled(text, theme.error()));
        return spans;
    }
    if room >= shown.width() + waiting.width() + leave.width() {
        spans.push(Span::styled(leave, theme.dim()));
    }
    spans
}

fn left_spans(state: &State, theme: &Theme, width: usize) -> Vec<Span<'static>> {
    if state.overlay.is_open(Mode::Search) {
        return search_spans(state, theme, width);
    }
    // One column stays free on the left; the text never runs past the right edge.
    let text_room = width.saturating_sub(1);
    if let Some((message, _)) = &state.status.message {
        return vec![Span::styled(
            format!(
                " {}",
                truncate(&sanitize::clean_line(message, 500), text_room.min(70))
            ),
            theme.accent(),
        )];
    }
    if let Some(error) = &state.status.store_error {
        let text = format!(
            "cache error: {} (see the log)",
            truncate(&sanitize::clean_line(error, 500), 60)
        );
        return vec![Span::styled(
            format!(" {}", truncate(&text, text_room)),
            theme.error(),
        )];
    }
    let compact = width < 80;
    let mut spans = Vec::new();
    if state.status.store_read_only {
        spans.push(Span::styled(
            format!(" {} ·", crate::store::READ_ONLY_STATUS),
            theme.error(),
        ));
    }
    if let Some(progress) = state.status.indexing {
        // Searches find only what is indexed so far: worth a word while it lasts.
        let text = if compact {
            format!(" indexing {progress} ·")
        } else {
            format!(" indexing {progress} for search ·")
        };
        spans.push(Span::styled(text, theme.accent()));
    }
    let health = FeedCounts::of(state);
    let feeds_key = state.keys.label(ActionName::Feeds);
    if compact {
        spans.push(Span::raw(format!(" {} ok", health.ok)));
        if health.pending > 0 {
            spans.push(Span::raw(format!(" · {} pending", health.pending)));
        }
        if health.failing > 0 {
            spans.push(Span::raw(" · "));
            spans.push(Span::styled(
                format!("{} failing ({feeds_key})", health.failing),
                theme.error(),
            ));
        }
        spans.push(Span::raw(format!(" · {}", state.index.rows.len())));
    } else {
        let noun = if health.ok == 1 { "feed" } else { "feeds" };
        spans.push(Span::raw(format!(" {} {noun} ok", health.ok)));
        if health.pending > 0 {
            spans.push(Span::raw(format!(" · {} pending", health.pending)));
        }
        if health.failing > 0 {
            spans.push(Span::raw(" · "));
            spans.push(Span::styled(
                format!("{} failing ({feeds_key} to see)", health.failing),
                theme.error(),
            ));
        }
        if let Some(at) = state.status.last_refresh {
            spans.push(Span::raw(format!(
                " · refreshed {}",
                clock(at, state.utc_offset)
            )));
        }
        spans.push(Span::raw(format!(" · {} articles", state.index.rows.len())));
    }
    if !state.list.filter.search.is_empty() {
        spans.push(Span::styled(
            format!(
                " · {}/{}",
                if state.list.filter.everything {
                    "everything "
                } else {
                    ""
                },
                truncate(&sanitize::clean_line(&state.list.filter.search, 200), 20)
            ),
            theme.accent(),
        ));
    }
    spans
}

/// Enabled feeds by what this run knows of them: a feed not fetched yet is neither ok nor
/// failing.
struct FeedCounts {
    ok: usize,
    pending: usize,
    failing: usize,
}

impl FeedCounts {
    fn of(state: &State) -> FeedCounts {
        let mut counts = FeedCounts {
            ok: 0,
            pending: 0,
            failing: 0,
        };
        for feed in state.feeds.statuses.iter().filter(|f| f.enabled) {
            match feed.health {
                FeedHealth::Ok | FeedHealth::NotModified => counts.ok += 1,
                FeedHealth::Pending => counts.pending += 1,
                FeedHealth::Failed(_) => counts.failing += 1,
            }
        }
        counts
    }
}

/// The keys worth learning next, shortened for narrow screens.
fn hints(state: &State, width: usize) -> String {
    use ActionName as A;
    let key = |action| state.keys.label(action);
    let moves = format!("{}/{}", key(A::MoveDown), key(A::MoveUp));
    match state.overlay.mode() {
        Mode::Help => format!("{} or {} close", key(A::Help), key(A::Back)),
        Mode::Feeds => format!(
            "{moves} move  {} refresh  {} close",
            key(A::Refresh),
            key(A::Back)
        ),
        Mode::FullPreview => format!(
            "{moves} scroll  {} open  {} back",
            key(A::Open),
            key(A::Back)
        ),
        Mode::Trend => format!(
            "{} or {} back  {} help ",
            key(A::Trend),
            key(A::Back),
            key(A::Help)
        ),
        Mode::Search => String::new(),
        // Any key but a topic's cancels; the back key is the one people reach for.
        Mode::TopicPick => format!("{} cancel ", key(A::Back)),
        Mode::Normal if width >= 120 => format!(
            "{moves} move  {} pane  {} open  {} search  {} help ",
            key(A::SwitchPane),
            key(A::Open),
            key(A::Search),
            key(A::Help)
        ),
        Mode::Normal if width >= 90 => format!(
            "{moves} move  {} open  {} search  {} help ",
            key(A::Open),
            key(A::Search),
            key(A::Help)
        ),
        Mode::Normal => format!(
            "{} read · {} help · {} quit ",
            key(A::Read),
            key(A::Help),
            key(A::Quit)
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::store::IndexProgress;

    /// The status line of an empty dashboard `width` wide, with the index catching up.
    fn status_with_indexing(width: u16) -> String {
        let mut state = State::new(&[], "cfg".into(), 0);
        state.color = false;
        state.status.show_indexing(Some(IndexProgress {
            done: 12_000,
            total: 100_000,
            running_for: Duration::from_secs(3),
        }));
        let theme = Theme::new(false);
        let mut terminal = Terminal::new(TestBackend::new(width, 1)).unwrap();
        terminal
            .draw(|frame| draw(frame, frame.area(), &state, &theme))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let line: String = (0..width).map(|x| buffer[(x, 0)].symbol()).collect();
        line.trim_end().to_owned()
    }

    #[test]
    fn the_index_catching_up_is_shown_with_its_counts() {
        assert!(
            status_with_indexing(120)
                .starts_with(" indexing 12,000/100,000 for search · 0 feeds ok · 0 articles"),
            "{}",
            status_with_indexing(120)
        );
        assert!(
            status_with_indexing(60).starts_with(" indexing 12,000/100,000 · 0 ok · 0"),
            "{}",
            status_with_indexing(60)
        );
    }
}
