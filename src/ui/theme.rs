//! Colours and text styles. With NO_COLOR every distinction survives as text or bold.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Topic;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// US blue, China red, Head-to-head magenta, Other grey.
    pub fn topic(&self, topic: Topic) -> Style {
        self.fg(match topic {
            Topic::Us => Color::LightBlue,
            Topic::China => Color::LightRed,
            Topic::Both => Color::LightMagenta,
            Topic::Other => Color::Gray,
        })
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn unread(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn link(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED)
    }

    /// A matched topic term inside the preview.
    pub fn term(&self, topic: Topic) -> Style {
        self.topic(topic).add_modifier(Modifier::BOLD)
    }

    /// The active tab.
    pub fn active_tab(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The border of the focused pane.
    pub fn focused_border(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn border(&self) -> Style {
        self.dim()
    }
}
