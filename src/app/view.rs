//! The list's contents: filtering, counting and keeping the selection and scroll in range.

use super::state::{Row, State};
use crate::model::Topic;

/// Rebuilds `view` and `tab_counts` from `rows` and the filter, keeping the selected article
/// selected when it is still visible.
pub fn recompute_view(state: &mut State) {
    let keep = state.selected_article().map(|a| a.id);
    recompute_view_keeping(state, keep);
}

/// As `recompute_view`, keeping `keep` selected: for callers that reordered `rows`, after
/// which the old view no longer says which article was selected.
pub fn recompute_view_keeping(state: &mut State, keep: Option<crate::model::ArticleId>) {
    let query = state.filter.search.to_lowercase();
    let mut counts = [0usize; 5];
    let mut view = Vec::with_capacity(state.rows.len());
    let (unread_only, starred_only) = (state.filter.unread_only, state.filter.starred_only);
    for (i, row) in state.rows.iter().enumerate() {
        if !matches_search(row, &query)
            || unread_only && row.article.read
            || starred_only && !row.article.starred
        {
            continue;
        }
        counts[0] += 1;
        counts[tab_index(Some(row.article.topic))] += 1;
        if state.filter.topic.is_none_or(|t| t == row.article.topic) {
            view.push(i as u32);
        }
    }
    state.view = view;
    state.tab_counts = counts;
    state.selected = keep
        .and_then(|id| state.positions.get(&id))
        .and_then(|pos| state.view.iter().position(|&v| v as usize == *pos))
        .unwrap_or(0);
    clamp_selection(state);
}

fn matches_search(row: &Row, query: &str) -> bool {
    query.is_empty() || row.search_key.contains(query)
}

/// The tab position of a topic filter: 0 is All.
pub fn tab_index(topic: Option<Topic>) -> usize {
    match topic {
        None => 0,
        Some(Topic::Us) => 1,
        Some(Topic::China) => 2,
        Some(Topic::Both) => 3,
        Some(Topic::Other) => 4,
    }
}

/// The topic filter of a tab position (wraps around).
pub fn tab_topic(index: usize) -> Option<Topic> {
    match index % 5 {
        0 => None,
        1 => Some(Topic::Us),
        2 => Some(Topic::China),
        3 => Some(Topic::Both),
        _ => Some(Topic::Other),
    }
}

/// Keeps the selection inside the view and the scroll offset such that it is visible.
pub fn clamp_selection(state: &mut State) {
    let len = state.view.len();
    state.selected = state.selected.min(len.saturating_sub(1));
    let height = crate::ui::layout::list_rows(state.width, state.height).max(1);
    if state.selected < state.list_offset {
        state.list_offset = state.selected;
    } else if state.selected >= state.list_offset + height {
        state.list_offset = state.selected + 1 - height;
    }
    // Don't leave empty space below the last row when the list could fill the pane.
    let max_offset = len.saturating_sub(height);
    state.list_offset = state.list_offset.min(max_offset);
}

/// The order of the feeds pane: failing first, then by name.
pub fn feed_order(state: &State) -> Vec<usize> {
    let mut order: Vec<usize> = (0..state.feeds.len()).collect();
    order.sort_by_key(|&i| {
        let feed = &state.feeds[i];
        (!feed.is_failing(), !feed.enabled, feed.name.to_lowercase())
    });
    order
}
