//! Which overlay or input mode is on top of the main screen: the value the keymap maps
//! keys by and the layout sizes the screen by. What each mode means for the panes is
//! decided in `overlay`.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Normal,
    /// Typing a search query; keys go to the query.
    Search,
    Help,
    Feeds,
    /// Narrow terminals: the preview fills the screen until Esc or Enter.
    FullPreview,
    /// The race at a glance: per-day counts, rising terms, top sources.
    Trend,
    /// c was pressed: the next key sets the selected article's topic (Esc cancels).
    TopicPick,
}
