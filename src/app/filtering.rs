//! Changing what the list shows: the topic tab, the search query and the only-unread,
//! only-starred and only-watched switches. The preview starts at its top when the article
//! under the cursor changes.

use super::list_pane::Applied;
use super::state::State;
use crate::model::Topic;

/// Queries longer than this are not typed into (a paste gone wrong, not a search).
const MAX_QUERY_CHARS: usize = 200;

pub fn set_topic(state: &mut State, topic: Option<Topic>) {
    let filter = &mut state.list.filter;
    if filter.topic != topic || filter.view.is_some() {
        filter.topic = topic;
        filter.view = None;
        refilter(state);
    }
}

/// A saved view's tab (ignored when there is no such view).
pub fn set_view(state: &mut State, view: usize) {
    let filter = &mut state.list.filter;
    if view < state.list.lenses.views.len() && filter.view != Some(view) {
        filter.view = Some(view);
        filter.topic = None;
        refilter(state);
    }
}

/// The tab `steps` after (or before, when negative) the current one, over the topic tabs
/// and then the saved views, wrapping around.
pub fn step_tab(state: &mut State, steps: isize) {
    use super::view::{tab_index, tab_topic};
    let tabs = 5 + state.list.lenses.views.len();
    let filter = &state.list.filter;
    let now = filter.view.map_or(tab_index(filter.topic), |view| 5 + view);
    let next = (now as isize + steps).rem_euclid(tabs as isize) as usize;
    if next < 5 {
        set_topic(state, tab_topic(next));
    } else {
        set_view(state, next - 5);
    }
}

/// One more character of the query.
pub fn search_input(state: &mut State, c: char) {
    if !c.is_control() && state.list.filter.search.chars().count() < MAX_QUERY_CHARS {
        state.list.filter.search.push(c);
        apply_query(state);
        refilter(state);
    }
}

pub fn search_backspace(state: &mut State) {
    state.list.filter.search.pop();
    apply_query(state);
    refilter(state);
}

/// Drops the query, and with it the search of everything.
pub fn clear_search(state: &mut State) {
    state.list.filter.search.clear();
    apply_query(state);
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

/// Reads the query as typed: words alone search as they always did (a piece of the title
/// or source), anything else is compiled as a query; a query that does not parse leaves
/// the last good search applied and says what is wrong.
pub fn apply_query(state: &mut State) {
    let text = state.list.filter.search.as_str();
    if text.trim().is_empty() {
        state.list.applied = Applied::Nothing;
        state.list.query_error = None;
        return;
    }
    let parsed = crate::query::parse(text).and_then(|query| {
        if query.is_plain() {
            return Ok(Applied::Plain(crate::query::normalize(text).into_owned()));
        }
        let watchlist = state.watchlist.as_deref().map_or(&[][..], |w| w.terms());
        let vocabulary = crate::query::Vocabulary::new(
            watchlist,
            state.feeds.statuses.iter().map(|f| f.tags.as_slice()),
        );
        crate::query::Compiled::new(&query, text, &vocabulary, state.now)
            .map(|compiled| Applied::Query(Box::new(compiled)))
    });
    let list = &mut state.list;
    match parsed {
        Ok(applied) => {
            list.applied = applied;
            list.query_error = None;
        }
        Err(error) => list.query_error = Some(error),
    }
}

/// Once a minute: views and hide rules with relative times (`since:24h`) follow the clock.
pub fn retime_lenses(state: &mut State, now: crate::model::UnixTime) {
    let list = &mut state.list;
    if now / 60 == list.lenses_minute || list.lenses.views.is_empty() && list.lenses.hide.is_empty()
    {
        return;
    }
    list.lenses_minute = now / 60;
    std::sync::Arc::make_mut(&mut list.lenses).retime(now);
    list.hidden_for = None;
    refilter(state);
}
