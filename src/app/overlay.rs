//! What is on top of the main screen (an overlay or an input mode) and what each one does
//! with the keys that move, open and go back: the one place that knows what a mode means.

pub use super::mode::Mode;
use super::trend::TrendSnapshot;

/// Where moving keys (j/k, paging, mouse wheel away from the preview) go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveTarget {
    List,
    Preview,
    Feeds,
    Help,
    /// The overlay has nothing to move.
    Nothing,
}

/// What Esc did to the overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    /// An overlay closed.
    Closed,
    /// The topic question went unanswered.
    TopicUnchanged,
    /// Typing a search stopped; the query is to be dropped.
    SearchCancelled,
    /// Nothing was open: the main screen decides (focus, the query).
    OnMainScreen,
}

/// What Enter did to the overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enter {
    /// On the main screen: the selected article is to be opened.
    OpenArticle,
    /// An overlay closed.
    Closed,
    Ignored,
}

#[derive(Debug, Clone, Default)]
pub struct Overlay {
    mode: Mode,
    /// First line of the help overlay shown (it scrolls on small screens).
    pub help_scroll: u16,
    /// What the trend view shows; computed when it opens and as articles arrive.
    pub trend: Option<TrendSnapshot>,
}

impl Overlay {
    /// The mode keys are mapped by and the screen is laid out for.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn is_open(&self, mode: Mode) -> bool {
        self.mode == mode
    }

    /// Nothing on top: the list (and the side preview) take the keys.
    pub fn is_main_screen(&self) -> bool {
        self.mode == Mode::Normal
    }

    /// The preview fills the screen (narrow terminals).
    pub fn is_full_preview(&self) -> bool {
        self.mode == Mode::FullPreview
    }

    /// The topic question is waiting for its answer: its message stays up.
    pub fn awaits_topic(&self) -> bool {
        self.mode == Mode::TopicPick
    }

    /// A topic key is taken: while the question is asked, or straight from the list.
    pub fn takes_topic_answer(&self) -> bool {
        matches!(self.mode, Mode::TopicPick | Mode::Normal)
    }

    /// A side preview on screen under this mode counts as looked at.
    pub fn shows_side_preview(&self) -> bool {
        matches!(self.mode, Mode::Normal | Mode::TopicPick)
    }

    pub fn open(&mut self, mode: Mode) {
        self.mode = mode;
    }

    pub fn close(&mut self) {
        self.mode = Mode::Normal;
    }

    /// Opens `mode`, or closes it when it is the one open.
    pub fn toggle(&mut self, mode: Mode) {
        self.mode = if self.mode == mode {
            Mode::Normal
        } else {
            mode
        };
    }

    /// ?: the help, from its first line.
    pub fn toggle_help(&mut self) {
        self.toggle(Mode::Help);
        self.help_scroll = 0;
    }

    /// t: the trend view, its numbers computed as it opens.
    pub fn toggle_trend(&mut self, snapshot: impl FnOnce() -> TrendSnapshot) {
        self.toggle(Mode::Trend);
        self.trend = self.is_open(Mode::Trend).then(snapshot);
    }

    /// New articles: the trend view, when open, updates live.
    pub fn refresh_trend(&mut self, snapshot: impl FnOnce() -> TrendSnapshot) {
        if self.is_open(Mode::Trend) {
            self.trend = Some(snapshot());
        }
    }

    pub fn scroll_help(&mut self, delta: isize) {
        self.help_scroll = (i32::from(self.help_scroll) + delta as i32).clamp(0, 100) as u16;
    }

    /// Lines a page key moves, given a page of the list.
    pub fn page(&self, list_page: isize) -> isize {
        if self.mode == Mode::Feeds {
            10
        } else {
            list_page
        }
    }

    /// Where j/k and paging go, given which pane has focus.
    pub fn move_target(&self, preview_focused: bool) -> MoveTarget {
        match self.mode {
            Mode::Feeds => MoveTarget::Feeds,
            Mode::Trend | Mode::TopicPick => MoveTarget::Nothing,
            Mode::Help => MoveTarget::Help,
            Mode::FullPreview => MoveTarget::Preview,
            Mode::Normal | Mode::Search if preview_focused => MoveTarget::Preview,
            Mode::Normal | Mode::Search => MoveTarget::List,
        }
    }

    /// Where Home and End go, given which pane has focus.
    pub fn end_target(&self, preview_focused: bool) -> MoveTarget {
        match self.mode {
            Mode::Feeds => MoveTarget::Feeds,
            Mode::FullPreview => MoveTarget::Preview,
            Mode::Normal if preview_focused => MoveTarget::Preview,
            Mode::Help => MoveTarget::Nothing,
            _ => MoveTarget::List,
        }
    }

    /// Where the mouse wheel goes: the preview under the pointer or full screen, the list
    /// on the main screen, else what the moving keys move.
    pub fn wheel_target(&self, over_side_preview: bool, preview_focused: bool) -> MoveTarget {
        if over_side_preview || self.mode == Mode::FullPreview {
            MoveTarget::Preview
        } else if self.mode == Mode::Normal {
            MoveTarget::List
        } else {
            self.move_target(preview_focused)
        }
    }

    /// Enter.
    pub fn enter(&mut self) -> Enter {
        match self.mode {
            Mode::Normal => Enter::OpenArticle,
            Mode::FullPreview | Mode::Help | Mode::Feeds | Mode::Trend => {
                self.close();
                Enter::Closed
            }
            Mode::Search | Mode::TopicPick => Enter::Ignored,
        }
    }

    /// Esc.
    pub fn back(&mut self) -> Back {
        let was = self.mode;
        self.close();
        match was {
            Mode::TopicPick => Back::TopicUnchanged,
            Mode::Help | Mode::Feeds | Mode::FullPreview | Mode::Trend => Back::Closed,
            Mode::Search => Back::SearchCancelled,
            Mode::Normal => Back::OnMainScreen,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(mode: Mode) -> Overlay {
        let mut overlay = Overlay::default();
        overlay.open(mode);
        overlay
    }

    #[test]
    fn moving_keys_go_where_the_mode_says() {
        let cases = [
            (Mode::Normal, false, MoveTarget::List),
            (Mode::Normal, true, MoveTarget::Preview),
            (Mode::Search, true, MoveTarget::Preview),
            (Mode::Feeds, true, MoveTarget::Feeds),
            (Mode::Help, false, MoveTarget::Help),
            (Mode::FullPreview, false, MoveTarget::Preview),
            (Mode::Trend, false, MoveTarget::Nothing),
            (Mode::TopicPick, false, MoveTarget::Nothing),
        ];
        for (mode, preview_focused, target) in cases {
            assert_eq!(open(mode).move_target(preview_focused), target, "{mode:?}");
        }
    }

    #[test]
    fn home_and_end_move_the_list_under_the_trend_view_but_not_the_help() {
        assert_eq!(open(Mode::Trend).end_target(false), MoveTarget::List);
        assert_eq!(open(Mode::Help).end_target(false), MoveTarget::Nothing);
        assert_eq!(open(Mode::Search).end_target(true), MoveTarget::List);
        assert_eq!(open(Mode::Normal).end_target(true), MoveTarget::Preview);
    }

    #[test]
    fn the_wheel_over_the_list_moves_the_list_whatever_has_focus() {
        assert_eq!(
            open(Mode::Normal).wheel_target(false, true),
            MoveTarget::List
        );
        assert_eq!(
            open(Mode::Normal).wheel_target(true, false),
            MoveTarget::Preview
        );
        assert_eq!(
            open(Mode::Feeds).wheel_target(false, false),
            MoveTarget::Feeds
        );
    }

    #[test]
    fn esc_closes_and_says_what_was_open() {
        let cases = [
            (Mode::TopicPick, Back::TopicUnchanged),
            (Mode::Search, Back::SearchCancelled),
            (Mode::Help, Back::Closed),
            (Mode::Normal, Back::OnMainScreen),
        ];
        for (mode, back) in cases {
            let mut overlay = open(mode);
            assert_eq!(overlay.back(), back, "{mode:?}");
            assert!(overlay.is_main_screen());
        }
    }

    #[test]
    fn enter_opens_from_the_main_screen_and_leaves_typing_alone() {
        assert_eq!(open(Mode::Normal).enter(), Enter::OpenArticle);
        let mut trend = open(Mode::Trend);
        assert_eq!(trend.enter(), Enter::Closed);
        assert!(trend.is_main_screen());
        let mut search = open(Mode::Search);
        assert_eq!(search.enter(), Enter::Ignored);
        assert!(search.is_open(Mode::Search));
    }

    #[test]
    fn toggling_the_help_starts_it_at_its_top() {
        let mut overlay = Overlay::default();
        overlay.toggle_help();
        overlay.scroll_help(7);
        assert_eq!(overlay.help_scroll, 7);
        overlay.toggle_help();
        assert!(overlay.is_main_screen());
        assert_eq!(overlay.help_scroll, 0);
    }
}
