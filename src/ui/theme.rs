//! Styles from the palette of `[theme]` (dark by default). With NO_COLOR every colour is
//! dropped and every distinction survives as text or bold.

use ratatui::style::{Modifier, Style};

use crate::config::theme::{Palette, Role};
use crate::model::Topic;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    palette: Palette,
}

impl Theme {
    /// The default (dark) palette, or no colour at all.
    pub fn new(color: bool) -> Theme {
        Theme::with_palette(color, Palette::default())
    }

    pub fn with_palette(color: bool, palette: Palette) -> Theme {
        Theme { color, palette }
    }

    /// The role's colour as a foreground; nothing under NO_COLOR or for `default`.
    fn fg(&self, role: Role) -> Style {
        match self.palette.get(role) {
            Some(color) if self.color => Style::new().fg(color),
            _ => Style::new(),
        }
    }

    /// US blue, China red, Head-to-head magenta, Other grey (in the dark theme).
    pub fn topic(&self, topic: Topic) -> Style {
        self.fg(match topic {
            Topic::Us => Role::TopicUs,
            Topic::China => Role::TopicChina,
            Topic::Both => Role::TopicBoth,
            Topic::Other => Role::TopicOther,
        })
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn unread(&self) -> Style {
        self.fg(Role::Unread).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        self.fg(Role::Dim)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn accent(&self) -> Style {
        self.fg(Role::Accent).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Role::Error).add_modifier(Modifier::BOLD)
    }

    pub fn ok(&self) -> Style {
        self.fg(Role::Ok)
    }

    pub fn link(&self) -> Style {
        self.fg(Role::Link).add_modifier(Modifier::UNDERLINED)
    }

    /// A matched topic term inside the preview.
    pub fn term(&self, topic: Topic) -> Style {
        self.topic(topic).add_modifier(Modifier::BOLD)
    }

    /// The watchlist marker in the list.
    pub fn watch(&self) -> Style {
        self.fg(Role::Watch)
    }

    /// The status line's text.
    pub fn status(&self) -> Style {
        self.fg(Role::Status)
    }

    /// The active tab.
    pub fn active_tab(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The border of the focused pane. Without colour it is bold, so focus still shows.
    pub fn focused_border(&self) -> Style {
        if self.color {
            self.fg(Role::FocusedBorder)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn border(&self) -> Style {
        self.fg(Role::Border)
    }
}
