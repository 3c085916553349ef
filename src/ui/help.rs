//! The help overlay: every key by group. The one place a new user learns everything.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph};

use super::centered;
use super::theme::Theme;
use crate::app::keymap::HELP;

pub fn draw(frame: &mut Frame, area: Rect, theme: &Theme) {
    let key_width = HELP
        .iter()
        .flat_map(|(_, keys)| keys.iter().map(|(k, _)| k.chars().count()))
        .max()
        .unwrap_or(10);
    let mut lines = Vec::new();
    for (i, (group, keys)) in HELP.iter().enumerate() {
        if i > 0 {
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
    let height = lines.len() as u16 + 2;
    let popup = centered(area, 80, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1))
        .title(" Help ")
        .title_bottom(" ? or Esc to close ");
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
