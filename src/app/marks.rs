//! What the user owns: read and starred flags, mark-all with its undo, and reading by
//! looking (an article in the preview for a moment becomes read). Pure; persistence is
//! asked for with Commands.

use super::action::Command;
use super::state::State;
use crate::model::{ArticleId, UnixTime};

/// Seconds an article must stay in a visible preview before it counts as read.
pub const READ_AFTER_SECONDS: i64 = 2;
/// A "since" that never comes: set when the user marked the article by hand.
const USER_DECIDED: UnixTime = UnixTime::MAX;

/// Sets the read flag of the selected article and asks for it to be persisted.
pub fn set_selected_read(state: &mut State, read: bool, commands: &mut Vec<Command>) {
    let Some(row) = state.list.selected_row() else {
        return;
    };
    let article = &mut state.index.rows[row].article;
    if article.read != read {
        article.read = read;
        commands.push(Command::SetRead {
            ids: vec![article.id],
            read,
        });
    }
}

/// m: flips read/unread of the selected article.
pub fn toggle_read(state: &mut State, commands: &mut Vec<Command>) {
    if let Some(row) = state.list.selected_row() {
        let read = !state.index.rows[row].article.read;
        set_selected_read(state, read, commands);
        // The user decided: looking at it no longer marks it read (until it is left).
        state.preview.previewed_since = state.selected_article().map(|a| (a.id, USER_DECIDED));
    }
}

/// s: stars or unstars the selected article.
pub fn toggle_star(state: &mut State, commands: &mut Vec<Command>) -> Option<bool> {
    let row = state.list.selected_row()?;
    let article = &mut state.index.rows[row].article;
    article.starred = !article.starred;
    commands.push(Command::SetStarred {
        ids: vec![article.id],
        starred: article.starred,
    });
    Some(article.starred)
}

/// M: marks every unread article of the current view read; remembers them for `U`.
pub fn mark_view_read(state: &mut State, commands: &mut Vec<Command>) -> usize {
    let mut ids: Vec<ArticleId> = Vec::new();
    for &row in &state.list.view {
        let article = &mut state.index.rows[row as usize].article;
        if !article.read {
            article.read = true;
            ids.push(article.id);
        }
    }
    let count = ids.len();
    if count > 0 {
        commands.push(Command::SetRead {
            ids: ids.clone(),
            read: true,
        });
        state.list.undo_mark_all = Some(ids);
    }
    count
}

/// U: makes the articles of the last mark-all unread again.
pub fn undo_mark_all(state: &mut State, commands: &mut Vec<Command>) -> Option<usize> {
    let ids = state.list.undo_mark_all.take()?;
    for id in &ids {
        if let Some(&pos) = state.index.positions.get(id) {
            state.index.rows[pos].article.read = false;
        }
    }
    let count = ids.len();
    commands.push(Command::SetRead { ids, read: false });
    Some(count)
}

/// Reading by looking: once the user is active, an unread article that stays in a visible
/// preview for `READ_AFTER_SECONDS` becomes read.
pub fn track_preview_dwell(state: &mut State, now: UnixTime, commands: &mut Vec<Command>) {
    let visible = state.overlay.is_full_preview()
        || (state.overlay.shows_side_preview() && state.has_side_preview());
    let selected = state.selected_article().map(|a| (a.id, a.read));
    match (visible && state.user_active, selected) {
        (true, Some((id, read))) => match state.preview.previewed_since {
            Some((seen, since)) if seen == id => {
                if !read && since != USER_DECIDED && now - since >= READ_AFTER_SECONDS {
                    set_selected_read(state, true, commands);
                }
            }
            _ => state.preview.previewed_since = Some((id, now)),
        },
        _ => state.preview.previewed_since = None,
    }
}
