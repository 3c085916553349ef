//! What the user owns: read and starred flags, mark-all with its undo, and reading by
//! looking (an article in the preview for a moment becomes read). Pure; persistence is
//! asked for with Commands.

use super::action::Command;
use super::layout;
use super::state::{Mode, State};
use crate::model::{ArticleId, UnixTime};

/// Seconds an article must stay in a visible preview before it counts as read.
pub const READ_AFTER_SECONDS: i64 = 2;
/// A "since" that never comes: set when the user marked the article by hand.
const USER_DECIDED: UnixTime = UnixTime::MAX;

fn selected_row(state: &State) -> Option<usize> {
    state.view.get(state.selected).map(|&row| row as usize)
}

/// Sets the read flag of the selected article and asks for it to be persisted.
pub fn set_selected_read(state: &mut State, read: bool, commands: &mut Vec<Command>) {
    let Some(row) = selected_row(state) else {
        return;
    };
    let article = &mut state.rows[row].article;
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
    if let Some(row) = selected_row(state) {
        let read = !state.rows[row].article.read;
        set_selected_read(state, read, commands);
        // The user decided: looking at it no longer marks it read (until it is left).
        state.previewed_since = state.selected_article().map(|a| (a.id, USER_DECIDED));
    }
}

/// s: stars or unstars the selected article.
pub fn toggle_star(state: &mut State, commands: &mut Vec<Command>) -> Option<bool> {
    let row = selected_row(state)?;
    let article = &mut state.rows[row].article;
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
    for &row in &state.view {
        let article = &mut state.rows[row as usize].article;
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
        state.undo_mark_all = Some(ids);
    }
    count
}

/// U: makes the articles of the last mark-all unread again.
pub fn undo_mark_all(state: &mut State, commands: &mut Vec<Command>) -> Option<usize> {
    let ids = state.undo_mark_all.take()?;
    for id in &ids {
        if let Some(&pos) = state.positions.get(id) {
            state.rows[pos].article.read = false;
        }
    }
    let count = ids.len();
    commands.push(Command::SetRead { ids, read: false });
    Some(count)
}

/// Reading by looking: once the user is active, an unread article that stays in a visible
/// preview for `READ_AFTER_SECONDS` becomes read.
pub fn track_preview_dwell(state: &mut State, now: UnixTime, commands: &mut Vec<Command>) {
    let visible = state.mode == Mode::FullPreview
        || (matches!(state.mode, Mode::Normal | Mode::TopicPick)
            && layout::has_side_preview(state.width, state.height));
    let selected = state.selected_article().map(|a| (a.id, a.read));
    match (visible && state.user_active, selected) {
        (true, Some((id, read))) => match state.previewed_since {
            Some((seen, since)) if seen == id => {
                if !read && since != USER_DECIDED && now - since >= READ_AFTER_SECONDS {
                    set_selected_read(state, true, commands);
                }
            }
            _ => state.previewed_since = Some((id, now)),
        },
        _ => state.previewed_since = None,
    }
}
