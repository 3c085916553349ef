//! The one table of keys: every action a key can trigger, its snake_case name (what
//! `[keys]` in the config and the help overlay call it), its default keys, where it
//! acts, its help group and its help text. No other file writes a key's name.

use crossterm::event::{KeyCode, KeyModifiers};

use super::parse::Key;

/// Everything a key can do, by name. The app turns each into its `Action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActionName {
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    SwitchPane,
    Read,
    Open,
    OpenAttachment,
    FullArticle,
    Story,
    MarkRead,
    MarkAllRead,
    UndoMarkAll,
    Star,
    SetTopic,
    Back,
    Close,
    TabAll,
    TabUs,
    TabChina,
    TabBoth,
    TabOther,
    TabView1,
    TabView2,
    TabView3,
    TabView4,
    NextTab,
    PrevTab,
    Search,
    UnreadOnly,
    StarredOnly,
    WatchedOnly,
    Refresh,
    RefreshAll,
    Feeds,
    Trend,
    Help,
    Quit,
    SearchKeep,
    SearchClear,
    SearchDelete,
    SearchEverything,
    SearchDown,
    SearchUp,
    PickUs,
    PickChina,
    PickBoth,
    PickOther,
    PickRules,
}

/// Where a key is pressed: the app maps each of its modes to one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    List,
    Help,
    Feeds,
    Reader,
    Trend,
    /// Typing a search: keys without a binding are typed into the query.
    Search,
    /// After the set-topic key: keys without a binding cancel.
    TopicPick,
}

impl Place {
    pub const ALL: [Place; 7] = [
        Place::List,
        Place::Help,
        Place::Feeds,
        Place::Reader,
        Place::Trend,
        Place::Search,
        Place::TopicPick,
    ];

    /// How messages name the place ("`x` is bound to both ... on the main screen").
    pub fn describe(self) -> &'static str {
        match self {
            Place::List => "on the main screen",
            Place::Help => "in the help",
            Place::Feeds => "in the feeds pane",
            Place::Reader => "in the full-screen reader",
            Place::Trend => "in the trend view",
            Place::Search => "while searching",
            Place::TopicPick => "in the topic picker",
        }
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of places, as a bit mask so the table stays a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Places(u8);

impl Places {
    /// The main screen and every overlay over it: where the reading keys work.
    pub const SCREENS: Places = Places(
        Place::List.bit()
            | Place::Help.bit()
            | Place::Feeds.bit()
            | Place::Reader.bit()
            | Place::Trend.bit(),
    );
    pub const LIST: Places = Places(Place::List.bit());
    /// Overlays and the full-screen reader, where `close` leaves.
    pub const OVERLAYS: Places =
        Places(Place::Help.bit() | Place::Feeds.bit() | Place::Reader.bit() | Place::Trend.bit());
    pub const SEARCH: Places = Places(Place::Search.bit());
    pub const TOPIC_PICK: Places = Places(Place::TopicPick.bit());

    pub fn contains(self, place: Place) -> bool {
        self.0 & place.bit() != 0
    }

    /// The first place both sets hold, if any: where two bindings would meet.
    pub fn overlap(self, other: Places) -> Option<Place> {
        Place::ALL
            .into_iter()
            .find(|place| self.contains(*place) && other.contains(*place))
    }
}

/// The help overlay's groups, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    Read,
    Filter,
    Feeds,
    App,
    Search,
    TopicPick,
}

impl Group {
    pub const ALL: [Group; 7] = [
        Group::Move,
        Group::Read,
        Group::Filter,
        Group::Feeds,
        Group::App,
        Group::Search,
        Group::TopicPick,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Move => "Move",
            Group::Read => "Read",
            Group::Filter => "Filter",
            Group::Feeds => "Feeds",
            Group::App => "App",
            Group::Search => "While searching",
            Group::TopicPick => "After set_topic (any other key cancels)",
        }
    }
}

/// One action's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRow {
    pub action: ActionName,
    /// The snake_case name written in `[keys]` and shown in the help.
    pub name: &'static str,
    /// Default keys, in the syntax `[keys]` accepts (see `parse`); the first is the one
    /// hints show.
    pub keys: &'static [&'static str],
    pub places: Places,
    pub group: Group,
    pub help: &'static str,
}

/// Ctrl-C quits everywhere, whatever the config says: the way out always works.
pub const ALWAYS_QUIT: Key = Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL);

/// Help lines that are not keys: (group, what to press, what it does).
pub const HELP_NOTES: &[(Group, &str, &str)] = &[
    (
        Group::Move,
        "mouse wheel",
        "scroll the pane under the pointer",
    ),
    (
        Group::Move,
        "mouse click",
        "select the headline or the tab under the pointer",
    ),
];

const fn row(
    action: ActionName,
    name: &'static str,
    keys: &'static [&'static str],
    places: Places,
    group: Group,
    help: &'static str,
) -> KeyRow {
    KeyRow {
        action,
        name,
        keys,
        places,
        group,
        help,
    }
}

use ActionName as A;
use Group as G;
use Places as P;

/// Every key binding. Adding a key is one row here (and one arm where the app turns the
/// name into its action).
#[rustfmt::skip]
pub const TABLE: &[KeyRow] = &[
    row(A::MoveDown, "move_down", &["j", "Down"], P::SCREENS, G::Move, "next headline (or scroll the preview)"),
    row(A::MoveUp, "move_up", &["k", "Up"], P::SCREENS, G::Move, "previous headline (or scroll the preview)"),
    row(A::PageDown, "page_down", &["PageDown", "Space", "Ctrl-f", "Ctrl-d"], P::SCREENS, G::Move, "page down"),
    row(A::PageUp, "page_up", &["PageUp", "Ctrl-b", "Ctrl-u"], P::SCREENS, G::Move, "page up"),
    row(A::Top, "top", &["g", "Home"], P::SCREENS, G::Move, "first"),
    row(A::Bottom, "bottom", &["G", "End"], P::SCREENS, G::Move, "last"),
    row(A::SwitchPane, "switch_pane", &["Tab", "Shift-Tab"], P::SCREENS, G::Move, "switch focus between list and preview"),
    row(A::Read, "read", &["Enter"], P::SCREENS, G::Read, "read the article (full screen when narrow)"),
    row(A::Open, "open", &["o"], P::SCREENS, G::Read, "open the link in the browser"),
    row(A::OpenAttachment, "open_attachment", &["a"], P::SCREENS, G::Read, "open the next attachment in the browser"),
    row(A::FullArticle, "full_article", &["f"], P::SCREENS, G::Read, "the whole article from its page (again: the feed's text)"),
    row(A::Story, "story", &["x"], P::SCREENS, G::Read, "list or fold a story's other sources (+N)"),
    row(A::MarkRead, "mark_read", &["m"], P::SCREENS, G::Read, "mark read or unread (a moment in the preview reads it)"),
    row(A::MarkAllRead, "mark_all_read", &["M"], P::SCREENS, G::Read, "mark everything in view read"),
    row(A::UndoMarkAll, "undo_mark_all", &["U"], P::SCREENS, G::Read, "undo the last mark_all_read"),
    row(A::Star, "star", &["s"], P::SCREENS, G::Read, "star or unstar"),
    row(A::SetTopic, "set_topic", &["c"], P::SCREENS, G::Read, "set the topic: the next key picks it (below)"),
    row(A::Back, "back", &["Esc"], P::SCREENS, G::Read, "back: close, unfocus, clear the search"),
    row(A::Close, "close", &["q"], P::OVERLAYS, G::Read, "close an overlay or the full-screen reader"),
    row(A::TabAll, "tab_all", &["1"], P::SCREENS, G::Filter, "All"),
    row(A::TabUs, "tab_us", &["2"], P::SCREENS, G::Filter, "US"),
    row(A::TabChina, "tab_china", &["3"], P::SCREENS, G::Filter, "China"),
    row(A::TabBoth, "tab_both", &["4"], P::SCREENS, G::Filter, "Head-to-head"),
    row(A::TabOther, "tab_other", &["5"], P::SCREENS, G::Filter, "Other"),
    row(A::TabView1, "view_one", &["6"], P::SCREENS, G::Filter, "your first view ([[views]])"),
    row(A::TabView2, "view_two", &["7"], P::SCREENS, G::Filter, "your second view"),
    row(A::TabView3, "view_three", &["8"], P::SCREENS, G::Filter, "your third view"),
    row(A::TabView4, "view_four", &["9"], P::SCREENS, G::Filter, "your fourth view (next_tab reaches them all)"),
    row(A::NextTab, "next_tab", &["t", "Right"], P::SCREENS, G::Filter, "next tab (topics, then your views)"),
    row(A::PrevTab, "prev_tab", &["T", "Left"], P::SCREENS, G::Filter, "previous tab"),
    row(A::Search, "search", &["/"], P::SCREENS, G::Filter, "search titles and sources as you type"),
    row(A::UnreadOnly, "unread_only", &["u"], P::SCREENS, G::Filter, "unread only, or all"),
    row(A::StarredOnly, "starred_only", &["S"], P::SCREENS, G::Filter, "starred only, or all"),
    row(A::WatchedOnly, "watched_only", &["w"], P::SCREENS, G::Filter, "watchlist matches only (◆ in the list), or all"),
    row(A::Refresh, "refresh", &["r"], P::SCREENS, G::Feeds, "refresh this article's feed (or the one picked in feeds)"),
    row(A::RefreshAll, "refresh_all", &["R"], P::SCREENS, G::Feeds, "refresh every feed"),
    row(A::Feeds, "feeds", &["e", "F"], P::SCREENS, G::Feeds, "feeds: status, errors, next refresh"),
    row(A::Trend, "trend", &["v"], P::SCREENS, G::App, "trend view: the race at a glance"),
    row(A::Help, "help", &["?"], P::SCREENS, G::App, "this help"),
    row(A::Quit, "quit", &["q"], P::LIST, G::App, "quit"),
    row(A::SearchKeep, "search_keep", &["Enter"], P::SEARCH, G::Search, "keep the query, back to the list"),
    row(A::SearchClear, "search_clear", &["Esc", "Ctrl-u"], P::SEARCH, G::Search, "clear the query"),
    row(A::SearchDelete, "search_delete", &["Backspace"], P::SEARCH, G::Search, "delete the last character"),
    row(A::SearchEverything, "search_everything", &["Tab"], P::SEARCH, G::Search, "also the feed text and full articles (again: titles)"),
    row(A::SearchDown, "search_down", &["Down"], P::SEARCH, G::Search, "next headline"),
    row(A::SearchUp, "search_up", &["Up"], P::SEARCH, G::Search, "previous headline"),
    row(A::PickUs, "pick_us", &["u", "2"], P::TOPIC_PICK, G::TopicPick, "US"),
    row(A::PickChina, "pick_china", &["c", "3"], P::TOPIC_PICK, G::TopicPick, "China"),
    row(A::PickBoth, "pick_both", &["b", "4"], P::TOPIC_PICK, G::TopicPick, "Head-to-head"),
    row(A::PickOther, "pick_other", &["o", "5"], P::TOPIC_PICK, G::TopicPick, "Other"),
    row(A::PickRules, "pick_rules", &["r", "1"], P::TOPIC_PICK, G::TopicPick, "as the rules say (undoes a correction)"),
];

/// The row of an action. The table lists the actions in the enum's order, one row each
/// (a unit test checks it), so the row is found by index.
pub fn row_of(action: ActionName) -> &'static KeyRow {
    &TABLE[action as usize]
}

/// The action a `[keys]` name stands for.
pub fn by_name(name: &str) -> Option<&'static KeyRow> {
    TABLE.iter().find(|row| row.name == name)
}

/// Every name `[keys]` accepts, in table order.
pub fn names() -> Vec<&'static str> {
    TABLE.iter().map(|row| row.name).collect()
}
