//! The pure update: `update(&mut State, Action, now) -> Vec<Command>`. No I/O, no clock.

use std::collections::HashMap;

use super::action::{Action, Command};
use super::layout;
use super::rows::{self, CachedRows};
use super::state::{FeedHealth, Focus, Mode, Row, State};
use super::view::{clamp_selection, recompute_view, tab_index, tab_topic};
use super::{corrections, marks, preview};
use crate::feed_report::{FeedOutcome, FeedReport};
use crate::ingest::poller::PollEvent;
use crate::model::{Article, FeedId, UnixTime};
use crate::store::{FeedRecord, UiMemory};
use crate::text::sanitize;

/// How long a status-line message stays up, in seconds.
const MESSAGE_SECONDS: i64 = 6;

/// Applies one action to the state and returns the effects the run loop should perform.
pub fn update(state: &mut State, action: Action, now: UnixTime) -> Vec<Command> {
    state.now = now;
    let mut commands = Vec::new();
    if is_from_user(&action) {
        state.user_active = true;
    }
    match action {
        Action::MoveUp => move_by(state, -1),
        Action::MoveDown => move_by(state, 1),
        Action::PageUp => move_by(state, -page(state)),
        Action::PageDown => move_by(state, page(state)),
        Action::Top => move_to_end(state, false),
        Action::Bottom => move_to_end(state, true),
        Action::Scroll {
            lines,
            over_preview,
        } => {
            if over_preview && layout::has_side_preview(state.width, state.height)
                || state.mode == Mode::FullPreview
            {
                scroll_preview(state, lines);
            } else if state.mode == Mode::Normal {
                move_selection(state, lines as isize);
            } else {
                move_by(state, lines as isize);
            }
        }
        Action::FocusNext => {
            if state.mode == Mode::Normal && layout::has_side_preview(state.width, state.height) {
                state.focus = match state.focus {
                    Focus::List => Focus::Preview,
                    Focus::Preview => Focus::List,
                };
            }
        }
        Action::Activate => activate(state, &mut commands),
        Action::Back => back(state),
        Action::OpenLink => open_link(state, &mut commands),
        Action::SelectTopic(topic) => set_topic(state, topic),
        Action::NextTopic => set_topic(state, tab_topic(tab_index(state.filter.topic) + 1)),
        Action::PrevTopic => set_topic(state, tab_topic(tab_index(state.filter.topic) + 4)),
        Action::StartSearch => state.mode = Mode::Search,
        Action::SearchInput(c) => {
            if !c.is_control() && state.filter.search.chars().count() < 200 {
                state.filter.search.push(c);
                refilter(state);
            }
        }
        Action::SearchBackspace => {
            state.filter.search.pop();
            refilter(state);
        }
        Action::SearchSubmit => state.mode = Mode::Normal,
        Action::SearchCancel => {
            state.mode = Mode::Normal;
            state.filter.search.clear();
            refilter(state);
        }
        Action::RefreshSelected => refresh_selected(state, &mut commands),
        Action::RefreshAll => {
            commands.push(Command::RefreshAll);
            notify(state, "refreshing all feeds".to_string());
        }
        Action::ToggleStory => {
            if state.mode == Mode::Normal {
                super::view::toggle_story(state);
            }
        }
        Action::ToggleTrend => {
            toggle_mode(state, Mode::Trend);
            state.trend = (state.mode == Mode::Trend).then(|| trend_snapshot(state));
        }
        Action::StartTopicPick => start_topic_pick(state),
        Action::CorrectTopic(choice) => {
            if matches!(state.mode, Mode::TopicPick | Mode::Normal) {
                state.mode = Mode::Normal;
                state.message = None;
                if let Some(outcome) = corrections::correct_selected(state, choice, &mut commands) {
                    refilter(state);
                    let undo_keys = preview::back_to_rules_keys(&state.keys);
                    notify(state, outcome.message(&undo_keys));
                }
            }
        }
        Action::ToggleHelp => {
            toggle_mode(state, Mode::Help);
            state.help_scroll = 0;
        }
        Action::ToggleFeeds => {
            toggle_mode(state, Mode::Feeds);
            state.feeds_selected = 0;
        }
        Action::Quit => {
            state.should_quit = true;
            commands.push(Command::Quit);
        }
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
            if !layout::has_side_preview(width, height) {
                state.focus = Focus::List;
            }
            clamp_selection(state);
        }
        Action::Tick => {
            if state.fetching_count() > 0 {
                state.spinner_frame = state.spinner_frame.wrapping_add(1);
            }
            // The topic picker's question stays up until it is answered.
            if state.mode != Mode::TopicPick
                && state
                    .message
                    .as_ref()
                    .is_some_and(|(_, at)| now - at >= MESSAGE_SECONDS)
            {
                state.message = None;
            }
        }
        Action::Poll(event) => apply_poll(state, event),
        Action::Notify(text) => notify(state, text),
        Action::ToggleRead => marks::toggle_read(state, &mut commands),
        Action::ToggleStar => {
            if let Some(starred) = marks::toggle_star(state, &mut commands) {
                notify(
                    state,
                    if starred { "starred" } else { "unstarred" }.to_string(),
                );
            }
        }
        Action::MarkAllRead => {
            let count = marks::mark_view_read(state, &mut commands);
            let text = match count {
                0 => "nothing unread here".to_string(),
                n => format!(
                    "marked {n} read · {} undoes",
                    state
                        .keys
                        .label(crate::config::keys::ActionName::UndoMarkAll)
                ),
            };
            notify(state, text);
        }
        Action::UndoMarkAll => {
            let text = match marks::undo_mark_all(state, &mut commands) {
                Some(n) => format!("marked {n} unread again"),
                None => "nothing to undo".to_string(),
            };
            notify(state, text);
        }
        Action::ToggleUnreadOnly => {
            state.filter.unread_only = !state.filter.unread_only;
            refilter(state);
        }
        Action::ToggleWatchedOnly => {
            if state.watchlist.as_ref().is_some_and(|w| !w.is_empty()) {
                state.filter.watched_only = !state.filter.watched_only;
                refilter(state);
            } else {
                notify(
                    state,
                    "no watchlist: add watchlist = [\"DeepSeek\", ...] to the config".to_string(),
                );
            }
        }
        Action::ToggleStarredOnly => {
            state.filter.starred_only = !state.filter.starred_only;
            refilter(state);
        }
        Action::CacheLoaded {
            articles,
            corrections,
            feeds,
            ui,
        } => {
            state.corrections = corrections;
            restore_from_cache(state, articles, feeds, ui);
        }
        Action::BodyLoaded { id, body } => preview::body_loaded(state, id, body),
        Action::CacheRest(cached) => {
            adopt_cached_rows(state, *cached);
            if let Some(id) = state.pending_selection.take()
                && !state.user_active
            {
                select_article(state, id);
            }
        }
        Action::StoreFailed(error) => state.store_error = Some(error),
        Action::StoreReadOnly => state.store_read_only = true,
    }
    marks::track_preview_dwell(state, now, &mut commands);
    commands.extend(preview::refresh_preview(state));
    commands
}

/// Keys and mouse: the user is here (reading by looking starts only then).
fn is_from_user(action: &Action) -> bool {
    !matches!(
        action,
        Action::Tick
            | Action::Poll(_)
            | Action::Resize { .. }
            | Action::Notify(_)
            | Action::CacheLoaded { .. }
            | Action::CacheRest(_)
            | Action::BodyLoaded { .. }
            | Action::StoreFailed(_)
    )
}

/// The cache at start: articles, what is known of each feed, and the view the user left.
fn restore_from_cache(
    state: &mut State,
    articles: Vec<Article>,
    feeds: HashMap<FeedId, FeedRecord>,
    ui: UiMemory,
) {
    for (id, record) in feeds {
        let Some(status) = state.feeds.get_mut(id.0 as usize) else {
            continue;
        };
        if let Some(name) = record.name.filter(|n| !n.is_empty())
            && !status.named_by_user
        {
            status.name = name;
        }
        status.last_success = record.last_success;
        status.last_attempt = record.last_attempt;
        if let Some(error) = record.last_error {
            status.health = FeedHealth::Failed(error);
        }
    }
    state.filter.topic = ui.topic;
    state.filter.unread_only = ui.unread_only;
    state.filter.starred_only = ui.starred_only;
    merge_articles(state, articles);
    if let Some(id) = ui.selected
        && !select_article(state, id)
    {
        // Not among the newest articles painted first: select it once the rest is read.
        state.pending_selection = Some(id);
    }
}

/// Selects an article if it is in the view; says whether it was.
fn select_article(state: &mut State, id: crate::model::ArticleId) -> bool {
    let Some(pos) = state
        .positions
        .get(&id)
        .and_then(|pos| state.view.iter().position(|&v| v as usize == *pos))
    else {
        return false;
    };
    state.selected = pos;
    state.list_offset = pos.saturating_sub(2);
    clamp_selection(state);
    true
}

fn page(state: &State) -> isize {
    if state.mode == Mode::Feeds {
        return 10;
    }
    layout::list_rows(state.width, state.height).max(2) as isize - 1
}

/// j/k, arrows and paging: move whatever has focus.
fn move_by(state: &mut State, delta: isize) {
    match state.mode {
        Mode::Feeds => {
            let last = state.feeds.len().saturating_sub(1) as isize;
            state.feeds_selected = (state.feeds_selected as isize + delta).clamp(0, last) as usize;
        }
        Mode::Trend | Mode::TopicPick => {}
        Mode::Help => {
            state.help_scroll = (i32::from(state.help_scroll) + delta as i32).clamp(0, 100) as u16;
        }
        Mode::FullPreview => scroll_preview(state, delta as i32),
        Mode::Normal | Mode::Search => match state.focus {
            Focus::List => move_selection(state, delta),
            Focus::Preview => scroll_preview(state, delta as i32),
        },
    }
}

fn move_to_end(state: &mut State, bottom: bool) {
    match (state.mode, state.focus) {
        (Mode::Feeds, _) => {
            state.feeds_selected = if bottom {
                state.feeds.len().saturating_sub(1)
            } else {
                0
            };
        }
        (Mode::FullPreview, _) | (Mode::Normal, Focus::Preview) => {
            state.preview_scroll = if bottom { u16::MAX } else { 0 };
            clamp_preview_scroll(state);
        }
        (Mode::Help, _) => {}
        _ => {
            let target = if bottom {
                state.view.len().saturating_sub(1)
            } else {
                0
            };
            select(state, target);
        }
    }
}

fn move_selection(state: &mut State, delta: isize) {
    let target = (state.selected as isize + delta).max(0) as usize;
    select(state, target);
}

fn select(state: &mut State, position: usize) {
    let before = state.selected;
    state.selected = position;
    clamp_selection(state);
    if state.selected != before {
        state.preview_scroll = 0;
    }
}

fn scroll_preview(state: &mut State, lines: i32) {
    state.preview_scroll =
        (i32::from(state.preview_scroll) + lines).clamp(0, i32::from(u16::MAX)) as u16;
    clamp_preview_scroll(state);
}

/// Keeps at least a few lines of the preview on screen when scrolling past its end.
fn clamp_preview_scroll(state: &mut State) {
    let lines = state
        .preview
        .as_ref()
        .map(|p| p.body.lines().count() + layout::PREVIEW_HEADER_LINES)
        .unwrap_or(0);
    let visible = layout::preview_rows(state.width, state.height, state.mode).max(1);
    let max = lines.saturating_sub(visible);
    state.preview_scroll = state.preview_scroll.min(max.min(u16::MAX as usize) as u16);
}

fn activate(state: &mut State, commands: &mut Vec<Command>) {
    match state.mode {
        Mode::Normal if state.selected_article().is_some() => {
            if layout::has_side_preview(state.width, state.height) {
                state.focus = Focus::Preview;
            } else {
                state.mode = Mode::FullPreview;
                state.preview_scroll = 0;
            }
            marks::set_selected_read(state, true, commands);
        }
        Mode::FullPreview => state.mode = Mode::Normal,
        Mode::Help | Mode::Feeds | Mode::Trend => state.mode = Mode::Normal,
        _ => {}
    }
}

fn back(state: &mut State) {
    match state.mode {
        Mode::TopicPick => {
            state.mode = Mode::Normal;
            notify(state, "topic unchanged".to_string());
        }
        Mode::Help | Mode::Feeds | Mode::FullPreview | Mode::Trend => state.mode = Mode::Normal,
        Mode::Search => {
            state.mode = Mode::Normal;
            state.filter.search.clear();
            refilter(state);
        }
        Mode::Normal if state.focus == Focus::Preview => state.focus = Focus::List,
        Mode::Normal if !state.filter.search.is_empty() => {
            state.filter.search.clear();
            refilter(state);
        }
        Mode::Normal => {}
    }
}

/// c: asks for the selected article's topic in the status line (the keymap reads the
/// answer). Only over the list, where the article and its badge are in view.
fn start_topic_pick(state: &mut State) {
    match state.mode {
        Mode::Normal if state.selected_article().is_some() => {
            state.mode = Mode::TopicPick;
            notify(state, super::keymap::topic_pick_prompt(&state.keys));
        }
        Mode::Normal => notify(state, "no article to set a topic for".to_string()),
        Mode::FullPreview => {
            let text = format!(
                "{} back to the list, then {} sets the topic",
                state.keys.label(crate::config::keys::ActionName::Back),
                state.keys.label(crate::config::keys::ActionName::SetTopic)
            );
            notify(state, text);
        }
        _ => {}
    }
}

fn toggle_mode(state: &mut State, mode: Mode) {
    state.mode = if state.mode == mode {
        Mode::Normal
    } else {
        mode
    };
}

fn open_link(state: &mut State, commands: &mut Vec<Command>) {
    let Some(article) = state.selected_article() else {
        return;
    };
    match article.link.as_deref().and_then(sanitize::safe_link) {
        Some(link) => {
            commands.push(Command::OpenLink(link));
            marks::set_selected_read(state, true, commands);
        }
        None => notify(
            state,
            "this article has no http(s) link to open".to_string(),
        ),
    }
}

fn refresh_selected(state: &mut State, commands: &mut Vec<Command>) {
    let feed = if state.mode == Mode::Feeds {
        super::view::feed_order(state)
            .get(state.feeds_selected)
            .map(|&i| state.feeds[i].id)
    } else {
        state.selected_article().map(|a| a.feed)
    };
    if let Some(feed) = feed {
        let name = state.feed_name(feed).to_string();
        commands.push(Command::RefreshFeed(feed));
        notify(state, format!("refreshing {name}"));
    }
}

fn set_topic(state: &mut State, topic: Option<crate::model::Topic>) {
    if state.filter.topic != topic {
        state.filter.topic = topic;
        refilter(state);
    }
}

fn refilter(state: &mut State) {
    let before = state.selected_article().map(|a| a.id);
    recompute_view(state);
    if state.selected_article().map(|a| a.id) != before {
        state.preview_scroll = 0;
    }
}

fn notify(state: &mut State, text: String) {
    state.message = Some((text, state.now));
}

fn apply_poll(state: &mut State, event: PollEvent) {
    match event {
        PollEvent::Started { feed } => {
            if let Some(status) = state.feeds.get_mut(feed.0 as usize) {
                status.fetching = true;
            }
        }
        PollEvent::Finished { feed, report } => apply_report(state, feed, report),
    }
}

fn apply_report(state: &mut State, feed: FeedId, report: FeedReport) {
    let Some(status) = state.feeds.get_mut(feed.0 as usize) else {
        return;
    };
    status.fetching = false;
    status.last_attempt = Some(report.at);
    status.next_refresh = Some(report.next_refresh);
    if let Some(title) = report.feed_title.filter(|t| !t.is_empty())
        && !status.named_by_user
    {
        status.name = title;
    }
    match report.outcome {
        FeedOutcome::Updated { articles } => {
            status.health = FeedHealth::Ok;
            status.parse_note = *report.parse_note;
            status.last_success = Some(report.at);
            merge_articles(state, articles);
        }
        FeedOutcome::NotModified => {
            status.health = FeedHealth::NotModified;
            status.last_success = Some(report.at);
        }
        FeedOutcome::Failed { error } => status.health = FeedHealth::Failed(error),
    }
    state.last_refresh = Some(report.at);
}

/// Adds new articles and updates known ones, keeping what the user owns (read, starred) and
/// when we first saw them. Keeps the list newest first and the selection on its article.
pub fn merge_articles(state: &mut State, articles: Vec<Article>) {
    if articles.is_empty() {
        return;
    }
    let selected_id = state.selected_article().map(|a| a.id);
    insert_articles(state, articles);
    settle_rows(state, selected_id);
}

/// Takes in the whole cache, built into rows off the UI thread. The rows already on screen
/// are newer than that read (the first screen, articles fetched since, the user's marks),
/// so they win; articles the cache did not have yet are added as usual.
pub fn adopt_cached_rows(state: &mut State, cached: CachedRows) {
    let selected_id = state.selected_article().map(|a| a.id);
    let CachedRows {
        mut rows,
        positions,
        stories,
    } = cached;
    // The cache read gives the rules' topics; the reader's win (rows already on screen,
    // which replace theirs below, have them already).
    for (id, correction) in state.corrections.iter_mut() {
        if let Some(&pos) = positions.get(id) {
            let article = &mut rows[pos].article;
            correction.rules = article.topic;
            article.topic = correction.topic;
        }
    }
    let mut fresh = Vec::new();
    for row in std::mem::take(&mut state.rows) {
        match positions.get(&row.article.id) {
            Some(&pos) => {
                let story = rows[pos].story;
                rows[pos] = Row { story, ..row };
            }
            None => fresh.push(row.article),
        }
    }
    state.rows = rows;
    state.positions = positions;
    state.stories = stories;
    insert_articles(state, fresh);
    settle_rows(state, selected_id);
}

fn insert_articles(state: &mut State, mut articles: Vec<Article>) {
    // Oldest first, so a story is named after its first report.
    articles.sort_by_key(|a| (a.when(), a.id));
    for mut article in articles {
        corrections::apply(&mut state.corrections, &mut article);
        let story = rows::add_to_stories(&mut state.stories, &article);
        match state.positions.get(&article.id) {
            Some(&pos) => {
                let old = &mut state.rows[pos];
                article.read = old.article.read;
                article.starred = old.article.starred;
                article.first_seen = old.article.first_seen;
                if old.article != article {
                    if state.preview.as_ref().is_some_and(|p| p.id == article.id) {
                        state.preview = None;
                    }
                    let name = state.feed_name(article.feed);
                    state.rows[pos] =
                        rows::new_row(article, name, state.watchlist.as_deref(), story);
                }
            }
            None => {
                state.positions.insert(article.id, state.rows.len());
                let name = state.feed_name(article.feed);
                let row = rows::new_row(article, name, state.watchlist.as_deref(), story);
                state.rows.push(row);
            }
        }
    }
}

/// After rows came or changed: order, positions, per-feed counts, the view, and the
/// selection kept on its article.
fn settle_rows(state: &mut State, selected_id: Option<crate::model::ArticleId>) {
    state.rows_version += 1;
    // Rows still in order kept their positions (new ones were given theirs as they were
    // pushed): adopting the whole cache, built and indexed off the UI thread, then costs
    // the UI thread one pass, not a second index of every row.
    if !state
        .rows
        .is_sorted_by(|a, b| rows::newest_first(a, b).is_le())
    {
        rows::sort_newest_first(&mut state.rows);
        state.positions = rows::positions_of(&state.rows);
    }
    for feed in &mut state.feeds {
        feed.articles = 0;
    }
    for row in &state.rows {
        if let Some(feed) = state.feeds.get_mut(row.article.feed.0 as usize) {
            feed.articles += 1;
        }
    }
    if state.mode == Mode::Trend {
        // The trend view updates live as articles arrive.
        state.trend = Some(trend_snapshot(state));
    }
    let before = state.selected;
    let at_top = before == 0 && state.list_offset == 0;
    super::view::recompute_view_keeping(state, selected_id);
    if at_top {
        // A user at the top wants the newest story, not the one that happened to be first.
        state.selected = 0;
        state.list_offset = 0;
    } else if let Some(id) = selected_id
        && state.selected_article().map(|a| a.id) == Some(id)
        && state.selected > before
    {
        // New articles above the selection must not move what the user is looking at.
        state.list_offset += state.selected - before;
        clamp_selection(state);
    }
}

/// The trend view's numbers over every row of the state.
fn trend_snapshot(state: &State) -> super::trend::TrendSnapshot {
    let name = |feed| state.feed_name(feed);
    super::trend::snapshot(&state.rows, name, state.now, state.utc_offset)
}
