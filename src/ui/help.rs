//! The help overlay: every action by group, with the keys in effect and the name `[keys]`
//! rebinds it by. Generated from the key table, so it always shows the user's keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::centered;
use super::theme::Theme;
use crate::config::keys::{ALWAYS_QUIT, ActionName, Group, HELP_NOTES, KeyBindings, TABLE};

/// Widest the overlay gets: keys, name and text side by side.
const WIDTH: u16 = 104;

/// One line of a group: what to press, the action's name (empty for notes), what it does.
struct Entry {
    keys: String,
    name: &'static str,
    help: &'static str,
}

fn groups(keys: &KeyBindings) -> Vec<(Group, Vec<Entry>)> {
    Group::ALL
        .into_iter()
        .map(|group| {
            let mut entries: Vec<Entry> = TABLE
                .iter()
                .filter(|row| row.group == group)
                .map(|row| Entry {
                    keys: keys.list(row.action),
                    name: row.name,
                    help: row.help,
                })
                .collect();
            entries.extend(HELP_NOTES.iter().filter(|(of, _, _)| *of == group).map(
                |(_, what, help)| Entry {
                    keys: (*what).to_owned(),
                    name: "",
                    help,
                },
            ));
            // The way out that no config can take away.
            if group == Group::App {
                entries.push(Entry {
                    keys: ALWAYS_QUIT.to_string(),
                    name: "",
                    help: "quit, whatever [keys] says",
                });
            }
            (group, entries)
        })
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, keys: &KeyBindings, theme: &Theme) {
    let groups = groups(keys);
    let entries = groups.iter().flat_map(|(_, entries)| entries);
    let key_width = entries.clone().map(|e| e.keys.width()).max().unwrap_or(10);
    let name_width = entries.clone().map(|e| e.name.len()).max().unwrap_or(10);
    let count: usize = groups.iter().map(|(_, entries)| entries.len() + 1).sum();
    // Blank lines between groups only when the whole list fits with them.
    let spaced = count + groups.len() - 1 + 2 <= usize::from(area.height);
    // What a description may take: the overlay less its borders and padding, the keys and
    // the name. Cut with '…' rather than at the border, so a cut text reads as cut.
    let inner = usize::from(area.width.min(WIDTH)).saturating_sub(4);
    let help_width = inner.saturating_sub(key_width + name_width + 6);
    let mut lines = Vec::new();
    for (i, (group, entries)) in groups.iter().enumerate() {
        if i > 0 && spaced {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(group.title(), theme.accent()));
        for entry in entries {
            let pad = key_width.saturating_sub(entry.keys.width());
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {}{}  ", entry.keys, " ".repeat(pad)),
                    theme.title(),
                ),
                Span::styled(format!("{:<name_width$}  ", entry.name), theme.dim()),
                Span::raw(super::text::truncate(entry.help, help_width)),
            ]));
        }
    }
    let popup = centered(area, WIDTH, lines.len() as u16 + 2);
    let visible = usize::from(popup.height.saturating_sub(2));
    let max_scroll = lines.len().saturating_sub(visible);
    let scroll = usize::from(scroll).min(max_scroll);
    let close = format!(
        "{} or {} to close",
        keys.label(ActionName::Help),
        keys.label(ActionName::Back)
    );
    let footer = if max_scroll > 0 {
        format!(
            " {}/{} scroll · {close} ",
            keys.label(ActionName::MoveDown),
            keys.label(ActionName::MoveUp)
        )
    } else {
        format!(" {close} ")
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
