//! The one Action enum (everything that can happen) and the Commands update asks for.

use std::collections::HashMap;

use crate::ingest::poller::PollEvent;
use crate::model::{ArticleId, Enclosure, FeedId, Topic};
use crate::store::{CachedArticles, Correction, FeedRecord, UiMemory};

/// Everything that can change the state: keys (already mapped), background reports, time.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Mouse wheel: positive scrolls down. `over_preview` says which pane the pointer is on.
    Scroll {
        lines: i32,
        over_preview: bool,
    },
    /// A left click at a cell of the screen: a headline selects it, a tab switches to it.
    Click {
        column: u16,
        row: u16,
    },
    /// Tab: switch focus between the list and the preview.
    FocusNext,
    /// Enter: open the preview (full screen when narrow) or, in the feeds pane, nothing more.
    Activate,
    /// Esc: close an overlay, leave the full-screen preview, clear a search.
    Back,
    OpenLink,
    /// Open the selected article's next attached file with the browser setting.
    OpenAttachment,
    SelectTopic(Option<Topic>),
    /// A saved view's tab, by its place among the views.
    SelectView(usize),
    NextTopic,
    PrevTopic,
    StartSearch,
    SearchInput(char),
    SearchBackspace,
    /// Enter while searching: keep the query, return to the list.
    SearchSubmit,
    /// Esc while searching: drop the query.
    SearchCancel,
    /// Tab while searching: search everything (the full-text index) or titles as typed.
    SearchEverything,
    /// The full-text index's hits for `query`, best first, each with its snippet.
    FullTextResults {
        query: String,
        hits: Vec<(ArticleId, String)>,
    },
    /// m: flip read/unread of the selected article.
    ToggleRead,
    /// M: mark everything in the current view read.
    MarkAllRead,
    /// U: undo the last mark-all.
    UndoMarkAll,
    /// s: star or unstar the selected article.
    ToggleStar,
    /// u: show only unread articles, or all.
    ToggleUnreadOnly,
    /// S: show only starred articles, or all.
    ToggleStarredOnly,
    /// w: show only articles naming a watchlist term, or all.
    ToggleWatchedOnly,
    RefreshSelected,
    RefreshAll,
    ToggleHelp,
    ToggleFeeds,
    /// x: list or fold the other articles of the selected story.
    ToggleStory,
    /// v: the trend view.
    ToggleTrend,
    /// c: ask which topic the selected article is about (the next key answers).
    StartTopicPick,
    /// The answer: the reader's topic for the selected article, or `None` for what the
    /// rules say (which removes the correction).
    CorrectTopic(Option<Topic>),
    Quit,
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock moved on (spinner frames, ages).
    Tick,
    Poll(PollEvent),
    /// The cache at start: articles (without bodies, with the rules' topics), the topics
    /// the reader set by hand, what is remembered of each feed and the view the user left.
    CacheLoaded {
        articles: CachedArticles,
        corrections: HashMap<ArticleId, Correction>,
        feeds: HashMap<FeedId, FeedRecord>,
        ui: UiMemory,
    },
    /// The cache's writer grouped newly stored articles: each joined the story given.
    StoriesGrouped(Vec<(ArticleId, crate::topics::cluster::ClusterId)>),
    /// The rest of the cache, read off the UI thread after the first screen was painted
    /// from the newest articles.
    CacheRest(Box<super::rows::CachedRows>),
    /// An article body read from the cache for the preview (`None`: not stored), with the
    /// files attached to it.
    BodyLoaded {
        id: ArticleId,
        body: Option<String>,
        enclosures: Vec<Enclosure>,
    },
    /// f: the selected article's full article, or back to the feed's text.
    ToggleFullArticle,
    /// A stored full article read from the cache (`None`: not there any more).
    FullTextLoaded {
        id: ArticleId,
        full: Option<Result<String, String>>,
    },
    /// An article's page fetched and extracted (and stored), or why it gave no article.
    FullTextFetched {
        id: ArticleId,
        outcome: Result<String, String>,
    },
    /// A `full_text` feed's article page fetched in the background and stored, or why not.
    FullTextStored {
        id: ArticleId,
        outcome: Result<String, String>,
    },
    /// The articles whose full article the cache holds, read after the first frame.
    FullTextIds(std::collections::HashSet<ArticleId>),
    /// Writing to the cache failed: shown until it works again.
    StoreFailed(String),
    /// The cache could only be opened read-only: everything shows, nothing is saved.
    StoreReadOnly,
    /// New articles the watchlist names, from one fetch (see `alert_watch`).
    Alerts(Vec<crate::alerts::Alert>),
    /// A background effect failed or finished and the user should know (status line).
    Notify(String),
}

/// Effects that `update` asks the run loop to perform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Open this (already checked http/https) link in the browser.
    OpenLink(String),
    /// Open an attached file (an already checked http/https URL) like a link; `number` of
    /// `count` and `name` say which in the status line.
    OpenAttachment {
        url: String,
        number: usize,
        count: usize,
        name: String,
    },
    RefreshFeed(FeedId),
    /// Read this article's body from the cache.
    LoadBody(ArticleId),
    /// Search the cache's full-text index for this query (the newest one asked wins).
    SearchFullText(String),
    /// Read this article's stored full article from the cache.
    LoadFullText(ArticleId),
    /// Fetch the page at `link` and extract its article (then store it and report it);
    /// `body_html` is the feed's own text, to tell an article from a teaser.
    FetchFullText {
        id: ArticleId,
        feed_url: String,
        link: String,
        body_html: String,
    },
    SetRead {
        ids: Vec<ArticleId>,
        read: bool,
    },
    SetStarred {
        ids: Vec<ArticleId>,
        starred: bool,
    },
    /// Store the reader's topic of an article (`None`: remove it, the rules' topic holds).
    SetTopic {
        id: ArticleId,
        topic: Option<Topic>,
    },
    /// Retrain the topic model with this correction (`None`: without it), so the next
    /// similar headline fetched benefits.
    Learn {
        id: ArticleId,
        lesson: Option<crate::model::Lesson>,
    },
    RefreshAll,
    /// Tell of new articles: run `notify_command`, ring the bell.
    Alert(crate::alerts::Notification),
    Quit,
}
