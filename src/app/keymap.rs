//! Terminal events to Actions, through the key bindings in effect (the key table's
//! defaults with the user's `[keys]` over them). Pure: the same event in the same mode
//! with the same bindings is the same action.

use std::sync::LazyLock;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, MouseEventKind};

use super::action::Action;
use super::layout;
use super::mode::Mode;
use crate::config::keys::{ALWAYS_QUIT, ActionName, Key, KeyBindings, Place};
use crate::model::Topic;

/// Lines one mouse-wheel notch scrolls.
const WHEEL_LINES: i32 = 3;

/// The table's own keys, for callers without a config.
static DEFAULT_KEYS: LazyLock<KeyBindings> = LazyLock::new(KeyBindings::default);

/// Maps a terminal event to an action. Only key presses count (Windows also reports
/// releases), so a key never acts twice.
pub fn map_event(
    keys: &KeyBindings,
    event: &Event,
    mode: Mode,
    width: u16,
    height: u16,
) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => map_key_with(keys, key, mode),
        Event::Mouse(mouse) => {
            let over_preview = layout::has_side_preview(width, height)
                && mouse.column
                    >= layout::areas(ratatui::layout::Rect::new(0, 0, width, height), mode)
                        .list
                        .right();
            match mouse.kind {
                MouseEventKind::ScrollDown => Some(Action::Scroll {
                    lines: WHEEL_LINES,
                    over_preview,
                }),
                MouseEventKind::ScrollUp => Some(Action::Scroll {
                    lines: -WHEEL_LINES,
                    over_preview,
                }),
                MouseEventKind::Down(crossterm::event::MouseButton::Left) => Some(Action::Click {
                    column: mouse.column,
                    row: mouse.row,
                }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// A key press with the default bindings.
pub fn map_key(key: &KeyEvent, mode: Mode) -> Option<Action> {
    map_key_with(&DEFAULT_KEYS, key, mode)
}

/// A key press with the given bindings. A key bound with its modifiers wins; an unbound
/// modified key acts as the key alone (Ctrl-j moves like j). While searching, an unbound
/// character is typed; in the topic picker an unbound key cancels.
pub fn map_key_with(keys: &KeyBindings, key: &KeyEvent, mode: Mode) -> Option<Action> {
    let pressed = Key::from_event(key);
    if pressed == ALWAYS_QUIT {
        return Some(Action::Quit);
    }
    let place = place(mode);
    let plain = keys.action(place, pressed.plain());
    let bound = keys.action(place, pressed);
    match (place, pressed.code) {
        (Place::Search, KeyCode::Char(c)) => match bound {
            Some(name) => Some(action(name)),
            None if !pressed
                .mods
                .contains(crossterm::event::KeyModifiers::CONTROL) =>
            {
                Some(Action::SearchInput(c))
            }
            None => None,
        },
        (Place::TopicPick, _) => Some(bound.or(plain).map_or(Action::Back, action)),
        _ => bound.or(plain).map(action),
    }
}

/// What the status line asks after the set-topic key: each topic's key.
pub fn topic_pick_prompt(keys: &KeyBindings) -> String {
    format!(
        "topic: {} US · {} China · {} Head-to-head · {} Other · {} as the rules say",
        keys.label(ActionName::PickUs),
        keys.label(ActionName::PickChina),
        keys.label(ActionName::PickBoth),
        keys.label(ActionName::PickOther),
        keys.label(ActionName::PickRules),
    )
}

/// Where the keys of a mode are looked up.
fn place(mode: Mode) -> Place {
    match mode {
        Mode::Normal => Place::List,
        Mode::Search => Place::Search,
        Mode::Help => Place::Help,
        Mode::Feeds => Place::Feeds,
        Mode::FullPreview => Place::Reader,
        Mode::Trend => Place::Trend,
        Mode::TopicPick => Place::TopicPick,
    }
}

/// What each named action does.
fn action(name: ActionName) -> Action {
    use ActionName as A;
    match name {
        A::MoveDown | A::SearchDown => Action::MoveDown,
        A::MoveUp | A::SearchUp => Action::MoveUp,
        A::PageDown => Action::PageDown,
        A::PageUp => Action::PageUp,
        A::Top => Action::Top,
        A::Bottom => Action::Bottom,
        A::SwitchPane => Action::FocusNext,
        A::Read => Action::Activate,
        A::Open => Action::OpenLink,
        A::OpenAttachment => Action::OpenAttachment,
        A::FullArticle => Action::ToggleFullArticle,
        A::Story => Action::ToggleStory,
        A::MarkRead => Action::ToggleRead,
        A::MarkAllRead => Action::MarkAllRead,
        A::UndoMarkAll => Action::UndoMarkAll,
        A::Star => Action::ToggleStar,
        A::SetTopic => Action::StartTopicPick,
        A::Back | A::Close => Action::Back,
        A::TabAll => Action::SelectTopic(None),
        A::TabUs => Action::SelectTopic(Some(Topic::Us)),
        A::TabChina => Action::SelectTopic(Some(Topic::China)),
        A::TabBoth => Action::SelectTopic(Some(Topic::Both)),
        A::TabOther => Action::SelectTopic(Some(Topic::Other)),
        A::TabView1 => Action::SelectView(0),
        A::TabView2 => Action::SelectView(1),
        A::TabView3 => Action::SelectView(2),
        A::TabView4 => Action::SelectView(3),
        A::NextTab => Action::NextTopic,
        A::PrevTab => Action::PrevTopic,
        A::Search => Action::StartSearch,
        A::UnreadOnly => Action::ToggleUnreadOnly,
        A::StarredOnly => Action::ToggleStarredOnly,
        A::WatchedOnly => Action::ToggleWatchedOnly,
        A::Refresh => Action::RefreshSelected,
        A::RefreshAll => Action::RefreshAll,
        A::Feeds => Action::ToggleFeeds,
        A::Trend => Action::ToggleTrend,
        A::Help => Action::ToggleHelp,
        A::Quit => Action::Quit,
        A::SearchKeep => Action::SearchSubmit,
        A::SearchClear => Action::SearchCancel,
        A::SearchDelete => Action::SearchBackspace,
        A::SearchEverything => Action::SearchEverything,
        A::PickUs => Action::CorrectTopic(Some(Topic::Us)),
        A::PickChina => Action::CorrectTopic(Some(Topic::China)),
        A::PickBoth => Action::CorrectTopic(Some(Topic::Both)),
        A::PickOther => Action::CorrectTopic(Some(Topic::Other)),
        A::PickRules => Action::CorrectTopic(None),
    }
}
