//! Searching everything: while typing a search, the search-everything key sends the query
//! to the cache's full-text index (title, feed text and full article; run off the UI
//! thread, only the newest query's answer kept). Its hits, best first, become the list,
//! each with the text around its match for the preview; the list keeps the last answer
//! until the next one arrives.

use super::action::Command;
use super::filtering::refilter;
use super::state::State;
use crate::model::ArticleId;

pub use super::full_text_hits::{FullTextHits, RESULTS};

/// The search-everything key, while typing a search: switches between the titles as typed
/// and everything in the index.
pub fn toggle(state: &mut State, commands: &mut Vec<Command>) {
    let filter = &mut state.list.filter;
    filter.everything = !filter.everything;
    if !filter.everything {
        state.list.full_text = FullTextHits::default();
    }
    ask(state, commands);
    refilter(state);
}

/// The query changed: asks the index for it when searching everything.
pub fn ask(state: &mut State, commands: &mut Vec<Command>) {
    let filter = &state.list.filter;
    if !filter.everything {
        return;
    }
    let query = filter.search.trim().to_string();
    let hits = &mut state.list.full_text;
    if query.is_empty() {
        *hits = FullTextHits::default();
    } else if hits.pending.as_deref() != Some(query.as_str()) && hits.query != query {
        hits.pending = Some(query.clone());
        commands.push(Command::SearchFullText(query));
    }
}

/// The index answered `query`: its hits become the list if it is still the query.
pub fn arrived(state: &mut State, query: String, hits: Vec<(ArticleId, String)>) {
    let filter = &state.list.filter;
    if !filter.everything || filter.search.trim() != query {
        return;
    }
    let full_text = &mut state.list.full_text;
    if full_text.pending.as_deref() == Some(query.as_str()) {
        full_text.pending = None;
    }
    full_text.ids = hits.iter().map(|(id, _)| *id).collect();
    full_text.snippets = hits.into_iter().collect();
    full_text.query = query;
    refilter(state);
}
