//! The list's contents: filtering, counting and keeping the selection and scroll in range.

use rustc_hash::FxHashMap as HashMap;

use super::state::{Row, State, StoryMark};
use crate::model::Topic;
use crate::topics::cluster::ClusterId;

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
    let mut marks = Vec::with_capacity(state.rows.len());
    let mut lead_of: HashMap<ClusterId, usize> = HashMap::default();
    let mut unfolded_members: HashMap<ClusterId, Vec<u32>> = HashMap::default();
    let (unread_only, starred_only) = (state.filter.unread_only, state.filter.starred_only);
    let watched_only = state.filter.watched_only;
    let watch_terms = state.watchlist.as_ref().map(|w| w.terms()).unwrap_or(&[]);
    let mut watch_counts = vec![0usize; watch_terms.len()];
    if !watch_terms.is_empty() {
        for row in state.rows.iter().filter(|row| !row.article.read) {
            for &term in &row.watch {
                if let Some(count) = watch_counts.get_mut(usize::from(term)) {
                    *count += 1;
                }
            }
        }
    }
    // With a query, only the rows that hold it are visited.
    let searched = (!query.is_empty()).then(|| {
        state
            .search_cache
            .matches(&state.rows, state.rows_version, &query)
    });
    let visited = searched.map_or(state.rows.len(), <[u32]>::len);
    for k in 0..visited {
        let i = searched.map_or(k, |found| found[k] as usize);
        let row = &state.rows[i];
        if unread_only && row.article.read
            || starred_only && !row.article.starred
            || watched_only && row.watch.is_empty()
        {
            continue;
        }
        counts[0] += 1;
        counts[tab_index(Some(row.article.topic))] += 1;
        if state.filter.topic.is_none_or(|t| t == row.article.topic) {
            // Rows are newest first: the first article of a story seen leads it.
            match lead_of.get(&row.story) {
                Some(&lead) => {
                    if let StoryMark::Lead { more } = &mut marks[lead] {
                        *more += 1;
                    }
                    if state.unfolded.contains(&row.story) {
                        unfolded_members
                            .entry(row.story)
                            .or_default()
                            .push(i as u32);
                    }
                }
                None => {
                    lead_of.insert(row.story, view.len());
                    view.push(i as u32);
                    marks.push(StoryMark::Lead { more: 0 });
                }
            }
        }
    }
    if !unfolded_members.is_empty() {
        (view, marks) = unfold(&state.rows, view, marks, &unfolded_members);
    }
    state.view = view;
    state.view_marks = marks;
    state.watch_counts = watch_terms.iter().cloned().zip(watch_counts).collect();
    state.tab_counts = counts;
    state.selected = keep
        .and_then(|id| state.positions.get(&id))
        .and_then(|pos| state.view.iter().position(|&v| v as usize == *pos))
        .unwrap_or(0);
    clamp_selection(state);
}

/// Lists the members of unfolded stories right under their leads.
fn unfold(
    rows: &[Row],
    view: Vec<u32>,
    marks: Vec<StoryMark>,
    members: &HashMap<ClusterId, Vec<u32>>,
) -> (Vec<u32>, Vec<StoryMark>) {
    let extra: usize = members.values().map(Vec::len).sum();
    let mut out_view = Vec::with_capacity(view.len() + extra);
    let mut out_marks = Vec::with_capacity(view.len() + extra);
    for (row, mark) in view.into_iter().zip(marks) {
        out_view.push(row);
        out_marks.push(mark);
        if let Some(list) = members.get(&rows[row as usize].story) {
            out_view.extend(list);
            out_marks.extend(std::iter::repeat_n(StoryMark::Member, list.len()));
        }
    }
    (out_view, out_marks)
}

/// x: lists or folds the other articles of the selected story; the selection stays on the
/// story's lead.
pub fn toggle_story(state: &mut State) {
    let Some(&row) = state.view.get(state.selected) else {
        return;
    };
    let story = state.rows[row as usize].story;
    if !state.unfolded.remove(&story) {
        state.unfolded.insert(story);
    }
    let lead = state.view[..=state.selected]
        .iter()
        .zip(&state.view_marks)
        .rev()
        .find(|(r, mark)| {
            state.rows[**r as usize].story == story && matches!(mark, StoryMark::Lead { .. })
        })
        .map(|(r, _)| state.rows[*r as usize].article.id);
    recompute_view_keeping(state, lead);
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
    let height = super::layout::list_rows(state.width, state.height).max(1);
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
