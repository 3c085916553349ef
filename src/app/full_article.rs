//! The full article behind a headline: the full-article key fetches its page into the
//! preview (pressed again, the feed's own text comes back), a stored one is read from the
//! cache when its article is selected, and the outcome of a fetch is kept and shown.

use std::collections::HashSet;

use super::action::Command;
use super::preview_pane::FullArticle;
use super::state::State;
use crate::model::ArticleId;
use crate::text::sanitize;

/// The full-article key: shows the selected article's full article, fetching its page if
/// the cache has none (or only a failure); over a shown one, goes back to the feed's text.
pub fn toggle(state: &mut State, commands: &mut Vec<Command>) {
    if !(state.overlay.is_main_screen() || state.overlay.is_full_preview()) {
        return;
    }
    let Some(article) = state.selected_article() else {
        notify(state, "no article to read in full".to_string());
        return;
    };
    let (id, feed) = (article.id, article.feed);
    let link = article.link.as_deref().and_then(sanitize::safe_link);
    let body_html = (!article.body.is_empty()).then(|| article.body.clone());
    let preview = &mut state.preview;
    if preview.fetching.contains(&id) {
        notify(state, "still fetching the full article…".to_string());
        return;
    }
    match &preview.full {
        Some((full_id, FullArticle::Text(_))) if *full_id == id => {
            preview.feed_text_for = match preview.feed_text_for {
                Some(chosen) if chosen == id => None,
                _ => Some(id),
            };
            preview.invalidate();
            preview.scroll = 0;
            return;
        }
        // Stored and on its way from the cache: it shows when it arrives.
        _ if preview.full_requested == Some(id) => {
            preview.feed_text_for = None;
            return;
        }
        _ => {}
    }
    let Some(link) = link else {
        notify(
            state,
            "this article has no http(s) link to fetch".to_string(),
        );
        return;
    };
    let body_html = body_html.unwrap_or_else(|| {
        preview
            .loaded_body
            .as_ref()
            .filter(|(loaded, _)| *loaded == id)
            .map(|(_, body)| body.clone())
            .unwrap_or_default()
    });
    preview.fetching.insert(id);
    preview.invalidate();
    let feed_url = state.feeds.url(feed).to_string();
    commands.push(Command::FetchFullText {
        id,
        feed_url,
        link,
        body_html,
    });
}

/// Asks the cache for the selected article's full article, once, when it holds one.
pub fn load_stored(state: &mut State) -> Option<Command> {
    let id = state.selected_article()?.id;
    let preview = &mut state.preview;
    let known = preview.full.as_ref().is_some_and(|(full, _)| *full == id);
    if known || preview.full_requested == Some(id) || !state.index.full_texts.contains(&id) {
        return None;
    }
    preview.full_requested = Some(id);
    Some(Command::LoadFullText(id))
}

/// A stored full article read from the cache (`None`: it is no longer there).
pub fn loaded(state: &mut State, id: ArticleId, full: Option<Result<String, String>>) {
    let selected = state.selected_article().map(|a| a.id);
    match full {
        Some(outcome) => state.preview.full_arrived(id, outcome.into(), selected),
        None => {
            state.index.full_texts.remove(&id);
            if state.preview.full_requested == Some(id) {
                state.preview.full_requested = None;
            }
        }
    }
}

/// A page fetched and extracted (and stored by the run loop), or why not.
pub fn fetched(state: &mut State, id: ArticleId, outcome: Result<String, String>) {
    state.preview.fetching.remove(&id);
    if outcome.is_ok() {
        state.index.full_texts.insert(id);
    }
    let selected = state.selected_article().map(|a| a.id);
    if selected != Some(id) {
        // Read elsewhere by now: say how it went, it shows when the article is selected.
        let title = state
            .index
            .row_of(id)
            .map(|row| sanitize::clean_line(&row.article.title, 60))
            .unwrap_or_default();
        let text = match &outcome {
            Ok(_) => format!("full article ready: {title}"),
            Err(why) => format!("no full article for {title}: {why}"),
        };
        notify(state, text);
    }
    state.preview.full_arrived(id, outcome.into(), selected);
}

/// A page fetched in the background for a `full_text` feed: known from now on, and shown
/// if its article is in the preview, unscrolled, with no full article yet (a reader part-way
/// down the feed's text is not moved; a failure stays quiet: the key can try again).
pub fn stored(state: &mut State, id: ArticleId, outcome: Result<String, String>) {
    if outcome.is_err() {
        return;
    }
    state.index.full_texts.insert(id);
    let selected = state.selected_article().map(|a| a.id);
    let has_one = state
        .preview
        .full
        .as_ref()
        .is_some_and(|(full, _)| *full == id);
    let untouched = state.preview.scroll == 0 && !state.preview.fetching.contains(&id);
    if selected == Some(id) && !has_one && untouched {
        state.preview.full_arrived(id, outcome.into(), selected);
    }
}

/// The articles whose full article the cache holds, read at start.
pub fn stored_ids(state: &mut State, ids: HashSet<ArticleId>) {
    state.index.full_texts.extend(ids);
}

fn notify(state: &mut State, text: String) {
    state.status.notify(text, state.now);
}

impl From<Result<String, String>> for FullArticle {
    fn from(outcome: Result<String, String>) -> FullArticle {
        match outcome {
            Ok(text) => FullArticle::Text(text),
            Err(why) => FullArticle::Failed(why),
        }
    }
}
