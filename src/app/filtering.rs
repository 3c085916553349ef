//! Changing what the list shows: the topic tab, the search query and the only-unread,
//! only-starred and only-watched switches. The preview starts at its top when the article
//! under the cursor changes.

use super::state::State;
use crate::model::Topic;

/// Queries longer than this are not typed into (a paste gone wrong, not a search).
const MAX_QUERY_CHARS: usize = 200;

pub fn set_topic(state: &mut State, topic: Option<Topic>) {
    if state.list.filter.topic != topic {
        state.list.filter.topic = topic;
        refilter(state);
    }
}

/// One more character of the query.
pub fn search_input(state: &mut State, c: char) {
    if !c.is_control() && state.list.filter.search.chars().count() < MAX_QUERY_CHARS {
        state.list.filter.search.push(c);
        refilter(state);
    }
}

pub fn search_backspace(state: &mut State) {
    state.list.filter.search.pop();
    refilter(state);
}

/// Drops the query, and with it the search of everything.
pub fn clear_search(state: &mut State) {
    state.list.filter.search.clear();
    state.list.filter.everything = false;
    state.list.full_text = Default::default();
    refilter(state);
}

/// Rebuilds the view after the filter changed.
pub fn refilter(state: &mut State) {
    let before = state.selected_article().map(|a| a.id);
    let height = state.list_height();
    state
        .list
        .recompute(&mut state.index, state.watchlist.as_deref(), height);
    if state.selected_article().map(|a| a.id) != before {
        state.preview.scroll = 0;
    }
}
