//! What the user owns: read and starred flags, mark-all with its undo, and reading by
//! looking (an article in the preview for a moment becomes read). Pure; persistence is
//! asked for with Commands.

use super::action::Command;
use super::state::State;
use crate::model::UnixTime;

/// Sets the read flag of the selected article and asks for it to be persisted.
pub fn set_selected_read(state: &mut State, read: bool, commands: &mut Vec<Command>) {
    let Some(row) = state.list.selected_row() else {
        return;
    };
    if let Some(id) = state.index.set_read(row, read) {
        state.list.read_changed(&state.index, row, read);
        commands.push(Command::SetRead {
            ids: vec![id],
            read,
        });
    }
}

/// m: flips read/unread of the selected article.
pub fn toggle_read(state: &mut State, commands: &mut Vec<Command>) {
    if let Some(article) = state.selected_article() {
        let (id, read) = (article.id, !article.read);
        set_selected_read(state, read, commands);
        state.preview.decided_by_user(Some(id));
    }
}

/// s: stars or unstars the selected article.
pub fn toggle_star(state: &mut State, commands: &mut Vec<Command>) -> Option<bool> {
    let row = state.list.selected_row()?;
    let (id, starred) = state.index.toggle_star(row)?;
    commands.push(Command::SetStarred {
        ids: vec![id],
        starred,
    });
    Some(starred)
}

/// M: marks every unread article of the current view read; remembers them for `U`.
pub fn mark_view_read(state: &mut State, commands: &mut Vec<Command>) -> usize {
    let ids = state.index.mark_read(&state.list.view);
    let count = ids.len();
    if count > 0 {
        commands.push(Command::SetRead {
            ids: ids.clone(),
            read: true,
        });
        state.list.undo_mark_all = Some(ids);
        state.list.recount_views(&state.index);
    }
    count
}

/// U: makes the articles of the last mark-all unread again.
pub fn undo_mark_all(state: &mut State, commands: &mut Vec<Command>) -> Option<usize> {
    let ids = state.list.undo_mark_all.take()?;
    state.index.mark_unread(&ids);
    state.list.recount_views(&state.index);
    let count = ids.len();
    commands.push(Command::SetRead { ids, read: false });
    Some(count)
}

/// Reading by looking: once the user is active, an unread article that stays in a visible
/// preview for `preview_pane::READ_AFTER_SECONDS` becomes read.
pub fn track_preview_dwell(state: &mut State, now: UnixTime, commands: &mut Vec<Command>) {
    let visible = state.overlay.is_full_preview()
        || (state.overlay.shows_side_preview() && state.has_side_preview());
    let looking = state
        .selected_article()
        .map(|a| (a.id, a.read))
        .filter(|_| visible && state.user_active);
    if state.preview.look(looking, now) {
        set_selected_read(state, true, commands);
    }
}
