//! Everything the UI shows, as plain data. Only `update` changes it; `draw` only reads it.

use std::collections::{HashMap, HashSet};

use crate::config::FeedConfig;
use crate::feed_report::ParseNote;
use crate::model::{Article, ArticleId, FeedId, Topic, UnixTime};
use crate::topics::cluster::{ClusterId, StoryIndex};

pub use super::rows::Row;

/// How a line of the list stands in its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryMark {
    /// The newest article of its story shown; `more` other articles are folded under it.
    Lead { more: u32 },
    /// Another article of an unfolded story, listed under its lead.
    Member,
}

/// What the last fetch of a feed said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedHealth {
    /// Not fetched yet in this run.
    Pending,
    Ok,
    /// The server (or the file) said nothing changed.
    NotModified,
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct FeedStatus {
    pub id: FeedId,
    pub name: String,
    pub url: String,
    pub enabled: bool,
    pub health: FeedHealth,
    pub fetching: bool,
    pub last_success: Option<UnixTime>,
    pub last_attempt: Option<UnixTime>,
    /// Articles of this feed currently known.
    pub articles: usize,
    pub next_refresh: Option<UnixTime>,
    /// The user named it in the config; a feed's own title must not override that.
    pub named_by_user: bool,
    /// What the last document that parsed needed repaired, and whether its items could be
    /// read: the feeds pane says so instead of a plain "ok".
    pub parse_note: ParseNote,
}

/// The feed names rows are built with, by feed id.
pub fn feed_names(feeds: &[FeedStatus]) -> Vec<String> {
    feeds.iter().map(|f| f.name.clone()).collect()
}

impl FeedStatus {
    pub fn from_config(id: FeedId, feed: &FeedConfig) -> FeedStatus {
        FeedStatus {
            id,
            name: feed
                .name
                .clone()
                .unwrap_or_else(|| short_source_name(&feed.url)),
            url: feed.url.clone(),
            enabled: feed.enabled,
            health: FeedHealth::Pending,
            fetching: false,
            last_success: None,
            last_attempt: None,
            articles: 0,
            next_refresh: None,
            named_by_user: feed.name.is_some(),
            parse_note: ParseNote::default(),
        }
    }

    pub fn is_failing(&self) -> bool {
        matches!(self.health, FeedHealth::Failed(_))
    }
}

/// A readable default name for a feed with none: its host without `www.`, or the file name.
pub fn short_source_name(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) if u.scheme() == "file" => u
            .path_segments()
            .and_then(|mut s| s.next_back().map(str::to_string))
            .unwrap_or_else(|| url.to_string()),
        Ok(u) => u
            .host_str()
            .map(|h| h.trim_start_matches("www.").to_string())
            .unwrap_or_else(|| url.to_string()),
        Err(_) => std::path::Path::new(url)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| url.to_string()),
    }
}

/// Which articles the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `None` is the "All" tab.
    pub topic: Option<Topic>,
    /// Case-insensitive substring of title or source; empty matches everything.
    pub search: String,
    pub unread_only: bool,
    pub starred_only: bool,
    /// Only articles naming a watchlist term.
    pub watched_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Preview,
}

/// Which overlay or input mode is on top of the main screen.
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

/// The preview text of the selected article, rendered for a width, cached until either
/// changes (HTML to text is the one costly step, so it runs once per article, not per frame).
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewText {
    pub id: ArticleId,
    pub width: u16,
    pub body: String,
    /// Why the classifier chose the topic: scores per side and the rule that applied.
    pub why: Option<String>,
}

/// The whole state of the dashboard.
#[derive(Debug, Clone)]
pub struct State {
    /// Every known article, newest first. `article.topic` is the topic shown: the
    /// reader's where they set one (see `corrections`), else the rules'.
    pub rows: Vec<Row>,
    pub positions: HashMap<ArticleId, usize>,
    /// The topics the reader set by hand, with what the rules say of each article.
    pub corrections: HashMap<ArticleId, crate::store::Correction>,
    pub feeds: Vec<FeedStatus>,
    pub filter: Filter,
    /// Indices into `rows` that pass the filter, in display order: one line per story,
    /// plus the members of unfolded stories.
    pub view: Vec<u32>,
    /// For each line of `view`, how it stands in its story.
    pub view_marks: Vec<StoryMark>,
    /// Groups articles about the same story from different feeds.
    pub stories: StoryIndex,
    /// Changes whenever `rows` are added, removed or reordered: what was computed over
    /// the old rows (search results) is then stale.
    pub rows_version: u64,
    /// Rows matching recent search queries.
    pub search_cache: super::search::SearchCache,
    /// Stories whose other articles are listed (x).
    pub unfolded: HashSet<ClusterId>,
    /// Counts per tab under the current search: All, US, China, Head-to-head, Other.
    pub tab_counts: [usize; 5],
    /// Position of the selection in `view`.
    pub selected: usize,
    /// First visible position of the list.
    pub list_offset: usize,
    pub preview_scroll: u16,
    pub preview: Option<PreviewText>,
    /// The body of an article loaded from the cache for the preview (rows loaded from the
    /// cache carry no body; only the one being read is held).
    pub loaded_body: Option<(ArticleId, String)>,
    /// The article whose body was asked of the cache and has not arrived yet.
    pub body_requested: Option<ArticleId>,
    /// The article in the preview and since when: read after a moment on screen.
    pub previewed_since: Option<(ArticleId, UnixTime)>,
    /// The article selected when the dashboard was last left, until the part of the cache
    /// holding it has been read.
    pub pending_selection: Option<ArticleId>,
    /// The user has pressed a key: before that, nothing is marked read by looking.
    pub user_active: bool,
    /// The articles the last mark-all turned read, for `U`.
    pub undo_mark_all: Option<Vec<ArticleId>>,
    /// The last cache write failure, shown until the next start.
    pub store_error: Option<String>,
    /// The cache is read-only: said in the status line, marks stay in memory.
    pub store_read_only: bool,
    /// What the trend view shows; computed when it opens and as articles arrive.
    pub trend: Option<super::trend::TrendSnapshot>,
    /// Cursor in the feeds pane.
    pub feeds_selected: usize,
    /// First line of the help overlay shown (it scrolls on small screens).
    pub help_scroll: u16,
    pub focus: Focus,
    pub mode: Mode,
    pub width: u16,
    pub height: u16,
    pub now: UnixTime,
    pub spinner_frame: usize,
    pub last_refresh: Option<UnixTime>,
    /// A transient message for the status line and when it was set.
    pub message: Option<(String, UnixTime)>,
    /// Where the configuration came from, for the empty state ("edit PATH").
    pub config_origin: String,
    pub color: bool,
    /// The keys in effect (the key table's defaults with `[keys]` over them): what keys
    /// do, and what the help, the hints and the messages name.
    pub keys: std::sync::Arc<crate::config::keys::KeyBindings>,
    /// `[theme]`: the colour of each role (ignored under NO_COLOR).
    pub theme: crate::config::theme::Palette,
    /// The user's watchlist, compiled once.
    pub watchlist: Option<std::sync::Arc<crate::topics::watch::Watchlist>>,
    /// Per watchlist term, the unread articles naming it (for the header).
    pub watch_counts: Vec<(String, usize)>,
    /// The topic rules, to explain a label in the preview (immutable, shared).
    pub classifier: Option<std::sync::Arc<crate::topics::classify::Classifier>>,
    /// Local time's offset from UTC in seconds, read once at start so drawing stays pure.
    pub utc_offset: i32,
    pub should_quit: bool,
}

impl State {
    pub fn new(feeds: &[FeedConfig], config_origin: String, now: UnixTime) -> State {
        State {
            rows: Vec::new(),
            positions: HashMap::new(),
            corrections: HashMap::new(),
            feeds: feeds
                .iter()
                .enumerate()
                .map(|(i, f)| FeedStatus::from_config(FeedId(i as u32), f))
                .collect(),
            filter: Filter::default(),
            view: Vec::new(),
            view_marks: Vec::new(),
            stories: StoryIndex::new(),
            rows_version: 0,
            search_cache: Default::default(),
            unfolded: HashSet::new(),
            tab_counts: [0; 5],
            selected: 0,
            list_offset: 0,
            preview_scroll: 0,
            preview: None,
            loaded_body: None,
            body_requested: None,
            previewed_since: None,
            user_active: false,
            pending_selection: None,
            undo_mark_all: None,
            store_error: None,
            store_read_only: false,
            trend: None,
            feeds_selected: 0,
            help_scroll: 0,
            focus: Focus::List,
            mode: Mode::Normal,
            width: 80,
            height: 24,
            now,
            spinner_frame: 0,
            last_refresh: None,
            message: None,
            config_origin,
            color: true,
            keys: Default::default(),
            theme: Default::default(),
            watchlist: None,
            watch_counts: Vec::new(),
            classifier: None,
            utc_offset: 0,
            should_quit: false,
        }
    }

    /// The article under the cursor, if the list is not empty.
    pub fn selected_article(&self) -> Option<&Article> {
        let row = *self.view.get(self.selected)?;
        self.rows.get(row as usize).map(|r| &r.article)
    }

    pub fn feed_name(&self, feed: FeedId) -> &str {
        self.feeds
            .get(feed.0 as usize)
            .map(|f| f.name.as_str())
            .unwrap_or("?")
    }

    pub fn fetching_count(&self) -> usize {
        self.feeds.iter().filter(|f| f.fetching).count()
    }

    pub fn enabled_feed_count(&self) -> usize {
        self.feeds.iter().filter(|f| f.enabled).count()
    }

    pub fn failing_count(&self) -> usize {
        self.feeds.iter().filter(|f| f.is_failing()).count()
    }

    /// Who decided the article's topic.
    pub fn topic_source(&self, id: ArticleId) -> crate::store::TopicSource {
        use crate::store::TopicSource;
        let corrected = self.corrections.contains_key(&id);
        match self.positions.get(&id).and_then(|at| self.rows.get(*at)) {
            Some(row) => TopicSource::of(&row.article, corrected),
            None if corrected => TopicSource::User,
            None => TopicSource::Rules,
        }
    }

    pub fn unread_count(&self) -> usize {
        self.rows.iter().filter(|r| !r.article.read).count()
    }
}
