//! The trend view (v): articles per day for each side over two weeks, the terms rising
//! this week against last, and the top sources per side.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Sparkline};
use unicode_width::UnicodeWidthStr;

use super::text::{date_time, truncate};
use super::theme::Theme;
use crate::app::state::State;
use crate::app::trend::TrendSnapshot;
use crate::config::keys::ActionName;
use crate::model::Topic;

const SIDES: [Topic; 3] = [Topic::Us, Topic::China, Topic::Both];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1))
        .title(" The race at a glance ")
        .title_bottom(format!(
            " {} or {} back ",
            state.keys.label(ActionName::Trend),
            state.keys.label(ActionName::Back)
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(snapshot) = state.overlay.trend.as_ref() else {
        return;
    };
    let wide = inner.width >= 100;
    let [chart, side] = if wide {
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(inner)
    } else {
        let side_height = (SIDES.len() as u16 * 2 + 4).min(inner.height / 2);
        Layout::vertical([Constraint::Min(6), Constraint::Length(side_height)]).areas(inner)
    };
    draw_chart(frame, chart, snapshot, state, theme);
    draw_movers(frame, side, snapshot, theme);
}

/// One sparkline per side, stacked and labelled, so the sides stay apart without colour.
fn draw_chart(
    frame: &mut Frame,
    area: Rect,
    snapshot: &TrendSnapshot,
    state: &State,
    theme: &Theme,
) {
    let days = snapshot.days.len().max(1);
    let label_width = 14u16;
    let [heading, rows, axis] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("Articles per day, last {days} days"),
            theme.title(),
        )),
        heading,
    );
    let bands =
        Layout::vertical(SIDES.map(|_| Constraint::Ratio(1, SIDES.len() as u32))).split(rows);
    let plot_width = rows.width.saturating_sub(label_width + 1);
    // Each day gets the same number of columns, so the axis labels line up.
    let per_day = (usize::from(plot_width) / days).max(1);
    for (band, topic) in bands.iter().zip(SIDES) {
        let counts: Vec<u64> = snapshot
            .days
            .iter()
            .map(|d| u64::from(d.get(topic)))
            .collect();
        let total: u64 = counts.iter().sum();
        let peak = counts.iter().copied().max().unwrap_or(0);
        let [label, plot] =
            Layout::horizontal([Constraint::Length(label_width), Constraint::Min(1)]).areas(*band);
        let text = vec![
            Line::styled(topic.label(), theme.term(topic)),
            Line::styled(format!("{total} · max {peak}"), theme.dim()),
        ];
        frame.render_widget(Paragraph::new(text), label);
        // A blank column after each day keeps neighbouring days apart.
        let bar = if per_day > 1 { per_day - 1 } else { 1 };
        let stretched: Vec<u64> = counts
            .iter()
            .flat_map(|&c| std::iter::repeat_n(c, bar).chain((per_day > 1).then_some(0)))
            .collect();
        frame.render_widget(
            Sparkline::default()
                .data(&stretched)
                .max(peak.max(1))
                .style(theme.topic(topic)),
            plot,
        );
    }
    let first = snapshot
        .days
        .first()
        .map(|d| d.day_start)
        .unwrap_or(state.now);
    let last = snapshot
        .days
        .last()
        .map(|d| d.day_start)
        .unwrap_or(state.now);
    // "2026-11-28 09:41" gives "11/28"; a time out of the calendar's range gives "?".
    let day = |t| {
        date_time(t, state.utc_offset)
            .get(5..10)
            .unwrap_or("?")
            .replace('-', "/")
    };
    let span = per_day * days;
    let (left, right) = (day(first), day(last));
    let gap = span.saturating_sub(left.width() + right.width());
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{:label$} {left}{:gap$}{right}",
                "",
                "",
                label = usize::from(label_width)
            ),
            theme.dim(),
        )),
        axis,
    );
}

/// Rising terms (this week against last) and the top sources of the week, per side.
fn draw_movers(frame: &mut Frame, area: Rect, snapshot: &TrendSnapshot, theme: &Theme) {
    let width = usize::from(area.width);
    let mut lines = vec![Line::styled("Rising this week (vs last)", theme.title())];
    for topic in SIDES {
        let rising = snapshot.rising.get(topic).map(Vec::as_slice).unwrap_or(&[]);
        let text = if rising.is_empty() {
            "nothing rising".to_string()
        } else {
            rising
                .iter()
                .map(|(term, delta)| format!("{term} {delta:+}"))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        lines.push(side_line(topic, &text, width, theme));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Top sources this week", theme.title()));
    for topic in SIDES {
        let sources = snapshot
            .sources
            .get(topic)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let text = if sources.is_empty() {
            "no articles".to_string()
        } else {
            sources
                .iter()
                .map(|(name, share)| format!("{} {share:.0}%", truncate(name, 18)))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        lines.push(side_line(topic, &text, width, theme));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn side_line<'a>(topic: Topic, text: &str, width: usize, theme: &Theme) -> Line<'a> {
    let label = match topic {
        Topic::Both => "H2H",
        Topic::China => "China",
        _ => "US",
    };
    Line::from(vec![
        Span::styled(format!("{label:<6} "), theme.term(topic)),
        Span::raw(truncate(text, width.saturating_sub(7))),
    ])
}
