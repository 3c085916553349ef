//! Articles arriving: from the cache at start, from the cache read in full off the UI
//! thread, and from fetches. The index merges them; here the other parts follow (feed
//! counts, the list, the selection, the preview, a live trend view).

use std::collections::HashMap;

use super::rows::CachedRows;
use super::state::State;
use super::trend;
use crate::feed_report::FeedReport;
use crate::ingest::poller::PollEvent;
use crate::model::{Article, ArticleId, FeedId};
use crate::store::{CachedArticles, FeedRecord, UiMemory};
use crate::topics::cluster::ClusterId;

/// The cache at start: articles, what is known of each feed, and the view the user left.
pub fn restore_from_cache(
    state: &mut State,
    cached: CachedArticles,
    feeds: HashMap<FeedId, FeedRecord>,
    ui: UiMemory,
) {
    state.feeds.restore(feeds);
    state.list.filter.topic = ui.topic;
    state.list.filter.unread_only = ui.unread_only;
    state.list.filter.starred_only = ui.starred_only;
    state.index.expect_stories(cached.stories);
    merge_articles(state, cached.articles);
    if let Some(id) = ui.selected
        && !select_article(state, id)
    {
        // Not among the newest articles painted first: select it once the rest is read.
        state.list.pending_selection = Some(id);
    }
}

/// The rest of the cache arrived: the article the user left selected is selected now,
/// unless they have started moving.
pub fn cache_rest(state: &mut State, cached: CachedRows) {
    adopt_cached_rows(state, cached);
    // Reading the whole cache frees about as much as it keeps (the read buffers, the sort,
    // the rows painted first), which glibc does not give back by itself:
    // given back once here, the dashboard stays that much smaller for as long as it runs.
    crate::allocator::return_freed_memory();
    if let Some(id) = state.list.pending_selection.take()
        && !state.user_active
    {
        select_article(state, id);
    }
}

/// Selects an article if it is in the view; says whether it was.
pub fn select_article(state: &mut State, id: ArticleId) -> bool {
    let height = state.list_height();
    state.list.select_article(id, &state.index, height)
}

pub fn apply_poll(state: &mut State, event: PollEvent) {
    match event {
        PollEvent::Started { feed } => state.feeds.fetch_started(feed),
        PollEvent::Finished { feed, report } => apply_report(state, feed, report),
    }
}

fn apply_report(state: &mut State, feed: FeedId, report: FeedReport) {
    let at = report.at;
    let Some(articles) = state.feeds.fetch_finished(feed, report) else {
        return;
    };
    merge_articles(state, articles);
    state.status.last_refresh = Some(at);
}

/// Adds new articles and updates known ones, keeping what the user owns (read, starred) and
/// when we first saw them. Keeps the list newest first and the selection on its article.
pub fn merge_articles(state: &mut State, articles: Vec<Article>) {
    if articles.is_empty() {
        return;
    }
    let selected_id = state.selected_article().map(|a| a.id);
    let feeds = &state.feeds;
    let changed = state.index.merge(
        articles,
        |feed| feeds.name(feed),
        state.watchlist.as_deref(),
        state.preview.shown(),
    );
    settle(state, selected_id, changed);
}

/// The cache's writer grouped new articles into stories: the list shows them together.
pub fn stories_grouped(state: &mut State, grouped: Vec<(ArticleId, ClusterId)>) {
    let selected_id = state.selected_article().map(|a| a.id);
    if state.index.set_stories(grouped) {
        settle(state, selected_id, false);
    }
}

/// Takes in the whole cache, built into rows off the UI thread (see `ArticleIndex::adopt`).
pub fn adopt_cached_rows(state: &mut State, cached: CachedRows) {
    let selected_id = state.selected_article().map(|a| a.id);
    let feeds = &state.feeds;
    let changed = state.index.adopt(
        cached,
        |feed| feeds.name(feed),
        state.watchlist.as_deref(),
        state.preview.shown(),
    );
    settle(state, selected_id, changed);
}

/// After rows came or changed: per-feed counts, the view, and the selection kept on its
/// article.
fn settle(state: &mut State, selected_id: Option<ArticleId>, preview_changed: bool) {
    if preview_changed {
        state.preview.invalidate();
    }
    state.feeds.count_articles(&state.index.rows);
    let (index, feeds, now, offset) = (&state.index, &state.feeds, state.now, state.utc_offset);
    state
        .overlay
        .refresh_trend(|| trend::snapshot(&index.rows, |f| feeds.name(f), now, offset));
    let height = state.list_height();
    let list = &mut state.list;
    let before = list.selected;
    let at_top = before == 0 && list.offset == 0;
    list.recompute_keeping(
        &mut state.index,
        state.watchlist.as_deref(),
        selected_id,
        height,
    );
    if at_top {
        // A user at the top wants the newest story, not the one that happened to be first.
        list.selected = 0;
        list.offset = 0;
    } else if let Some(id) = selected_id
        && list.selected_article(&state.index).map(|a| a.id) == Some(id)
        && list.selected > before
    {
        // New articles above the selection must not move what the user is looking at.
        list.offset += list.selected - before;
        list.clamp(height);
    }
}
