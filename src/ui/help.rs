//! The help overlay: every key by group. The one place a new user learns everything.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph};

use super::centered;
use super::theme::Theme;
use crate::app::keymap::HELP;

pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let key_width = HELP
        .iter()
        .flat_map(|(_, keys)| keys.iter().map(|(k, _)| k.chars().count()))
        .max()
        .unwrap_or(10);
    let entries: usize = HELP.iter().map(|(_, keys)| keys.len() + 1).sum();
    // Blank lines between groups only when the whole list fits with them.
    let spaced = entries + HELP.len() - 1 + 2 <= usize::from(area.height);
    let mut lines = Vec::new();
    for (i, (group, keys)) in HELP.iter().enumerate() {
        if i > 0 && spaced {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(*group, theme.accent()));
        for (key, what) in keys.iter() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<key_width$}  "), theme.title()),
                Span::raw(*what),
            ]));
        }
    }
    let popup = centered(area, 84, lines.len() as u16 + 2);
    let visible = usize::from(popup.height.saturating_sub(2));
    let max_scroll = lines.len().saturating_sub(visible);
    let scroll = usize::from(scroll).min(max_scroll);
    let footer = if max_scroll > 0 {
        " j/k scroll · ? or Esc to close "
    } else {
        " ? or Esc to close "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1))
        .title(" Help ")
        .title_bottom(footer);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(shown).block(block), popup);
}
