//! The pure update: `update(&mut State, Action, now) -> Vec<Command>`. No I/O, no clock.
//! It routes each action to the part (or the few functions over several parts) that owns
//! it.

use super::action::{Action, Command};
use super::filtering::{refilter, set_topic};
use super::navigation as nav;
use super::overlay::Mode;
use super::state::State;
use super::{arrivals, attachments, corrections, full_article, full_text_search, marks, preview};
use crate::config::keys::ActionName;
use crate::model::UnixTime;
use crate::text::sanitize;

pub use super::arrivals::{adopt_cached_rows, merge_articles};

/// Applies one action to the state and returns the effects the run loop should perform.
pub fn update(state: &mut State, action: Action, now: UnixTime) -> Vec<Command> {
    state.now = now;
    let mut commands = Vec::new();
    if is_from_user(&action) {
        state.user_active = true;
    }
    match action {
        Action::MoveUp => nav::move_by(state, -1),
        Action::MoveDown => nav::move_by(state, 1),
        Action::PageUp => nav::move_by(state, -nav::page(state)),
        Action::PageDown => nav::move_by(state, nav::page(state)),
        Action::Top => nav::move_to_end(state, false),
        Action::Bottom => nav::move_to_end(state, true),
        Action::Scroll {
            lines,
            over_preview,
        } => nav::wheel(state, lines, over_preview),
        Action::FocusNext => nav::focus_next(state),
        Action::Click { column, row } => nav::click(state, column, row),
        Action::Activate => nav::activate(state, &mut commands),
        Action::Back => nav::back(state),
        Action::OpenLink => open_link(state, &mut commands),
        Action::OpenAttachment => open_attachment(state, &mut commands),
        Action::SelectTopic(topic) => set_topic(state, topic),
        Action::NextTopic => super::filtering::step_tab(state, 1),
        Action::PrevTopic => super::filtering::step_tab(state, -1),
        Action::SelectView(view) => super::filtering::set_view(state, view),
        Action::StartSearch => state.overlay.open(Mode::Search),
        Action::SearchInput(c) => {
            super::filtering::search_input(state, c);
            full_text_search::ask(state, &mut commands);
        }
        Action::SearchBackspace => {
            super::filtering::search_backspace(state);
            full_text_search::ask(state, &mut commands);
        }
        Action::SearchSubmit => state.overlay.close(),
        Action::SearchCancel => {
            state.overlay.close();
            super::filtering::clear_search(state);
        }
        Action::SearchEverything => full_text_search::toggle(state, &mut commands),
        Action::FullTextResults { query, hits } => {
            full_text_search::arrived(state, query, hits);
        }
        Action::RefreshSelected => refresh_selected(state, &mut commands),
        Action::RefreshAll => {
            commands.push(Command::RefreshAll);
            notify(state, "refreshing all feeds".to_string());
        }
        Action::ToggleStory => {
            if state.overlay.is_main_screen() {
                let height = state.list_height();
                state
                    .list
                    .toggle_story(&mut state.index, state.watchlist.as_deref(), height);
            }
        }
        Action::ToggleTrend => {
            let (index, feeds, offset) = (&state.index, &state.feeds, state.utc_offset);
            state.overlay.toggle_trend(|| {
                super::trend::snapshot(&index.rows, |f| feeds.name(f), now, offset)
            });
        }
        Action::StartTopicPick => start_topic_pick(state),
        Action::CorrectTopic(choice) => correct_topic(state, choice, &mut commands),
        Action::ToggleHelp => state.overlay.toggle_help(),
        Action::ToggleFeeds => {
            state.overlay.toggle(Mode::Feeds);
            state.feeds.selected = 0;
        }
        Action::Quit => {
            state.should_quit = true;
            commands.push(Command::Quit);
        }
        Action::Resize { width, height } => nav::resize(state, width, height),
        Action::Tick => {
            let fetching = state.feeds.fetching_count() > 0;
            // The topic picker's question stays up until it is answered.
            let keep = state.overlay.awaits_topic();
            state.status.tick(fetching, keep, now);
            super::filtering::retime_lenses(state, now);
            if let Some(alert) = state.alerts.due(now) {
                if let Command::Alert(notification) = &alert
                    && !keep
                {
                    notify(state, format!("◆ {}", notification.line()));
                }
                commands.push(alert);
            }
        }
        Action::Alerts(alerts) => state.alerts.push(alerts, now),
        Action::Poll(event) => arrivals::apply_poll(state, event),
        Action::Notify(text) => notify(state, text),
        Action::ToggleRead => marks::toggle_read(state, &mut commands),
        Action::ToggleStar => {
            if let Some(starred) = marks::toggle_star(state, &mut commands) {
                notify(
                    state,
                    if starred { "starred" } else { "unstarred" }.to_string(),
                );
            }
        }
        Action::MarkAllRead => {
            let count = marks::mark_view_read(state, &mut commands);
            let text = match count {
                0 => "nothing unread here".to_string(),
                n => format!(
                    "marked {n} read · {} undoes",
                    state.keys.label(ActionName::UndoMarkAll)
                ),
            };
            notify(state, text);
        }
        Action::UndoMarkAll => {
            let text = match marks::undo_mark_all(state, &mut commands) {
                Some(n) => format!("marked {n} unread again"),
                None => "nothing to undo".to_string(),
            };
            notify(state, text);
        }
        Action::ToggleUnreadOnly => {
            state.list.filter.unread_only = !state.list.filter.unread_only;
            refilter(state);
        }
        Action::ToggleWatchedOnly => {
            if state.watchlist.as_ref().is_some_and(|w| !w.is_empty()) {
                state.list.filter.watched_only = !state.list.filter.watched_only;
                refilter(state);
            } else {
                notify(
                    state,
                    "no watchlist: add watchlist = [\"DeepSeek\", ...] to the config".to_string(),
                );
            }
        }
        Action::ToggleStarredOnly => {
            state.list.filter.starred_only = !state.list.filter.starred_only;
            refilter(state);
        }
        Action::CacheLoaded {
            articles,
            corrections,
            feeds,
            ui,
        } => {
            state.index.corrections = corrections;
            arrivals::restore_from_cache(state, articles, feeds, ui);
        }
        Action::BodyLoaded {
            id,
            body,
            enclosures,
        } => {
            let selected = state.selected_article().map(|a| a.id);
            state.preview.body_loaded(id, body, enclosures, selected);
        }
        Action::CacheRest(cached) => arrivals::cache_rest(state, *cached),
        Action::StoriesGrouped(grouped) => arrivals::stories_grouped(state, grouped),
        Action::ToggleFullArticle => full_article::toggle(state, &mut commands),
        Action::FullTextLoaded { id, full } => full_article::loaded(state, id, full),
        Action::FullTextFetched { id, outcome } => full_article::fetched(state, id, outcome),
        Action::FullTextStored { id, outcome } => full_article::stored(state, id, outcome),
        Action::FullTextIds(ids) => full_article::stored_ids(state, ids),
        Action::StoreFailed(error) => state.status.store_error = Some(error),
        Action::StoreReadOnly => state.status.store_read_only = true,
    }
    marks::track_preview_dwell(state, now, &mut commands);
    commands.extend(full_article::load_stored(state));
    commands.extend(preview::refresh_preview(state));
    commands
}

/// Keys and mouse: the user is here (reading by looking starts only then).
fn is_from_user(action: &Action) -> bool {
    !matches!(
        action,
        Action::Tick
            | Action::Poll(_)
            | Action::Resize { .. }
            | Action::Notify(_)
            | Action::CacheLoaded { .. }
            | Action::CacheRest(_)
            | Action::StoriesGrouped(_)
            | Action::BodyLoaded { .. }
            | Action::FullTextLoaded { .. }
            | Action::FullTextFetched { .. }
            | Action::FullTextIds(_)
            | Action::FullTextStored { .. }
            | Action::FullTextResults { .. }
            | Action::Alerts(_)
            | Action::StoreFailed(_)
    )
}

fn notify(state: &mut State, text: String) {
    state.status.notify(text, state.now);
}

/// c: asks for the selected article's topic in the status line (the keymap reads the
/// answer). Only over the list, where the article and its badge are in view.
fn start_topic_pick(state: &mut State) {
    if state.overlay.is_main_screen() {
        if state.selected_article().is_some() {
            state.overlay.open(Mode::TopicPick);
            notify(state, super::keymap::topic_pick_prompt(&state.keys));
        } else {
            notify(state, "no article to set a topic for".to_string());
        }
    } else if state.overlay.is_full_preview() {
        let text = format!(
            "{} back to the list, then {} sets the topic",
            state.keys.label(ActionName::Back),
            state.keys.label(ActionName::SetTopic)
        );
        notify(state, text);
    }
}

/// The answer to c (or a topic key straight from the list).
fn correct_topic(
    state: &mut State,
    choice: Option<crate::model::Topic>,
    commands: &mut Vec<Command>,
) {
    if !state.overlay.takes_topic_answer() {
        return;
    }
    state.overlay.close();
    state.status.message = None;
    let Some(row) = state.list.selected_row() else {
        return;
    };
    if let Some(outcome) = corrections::correct(&mut state.index, row, choice, commands) {
        if !matches!(outcome, corrections::Outcome::Unchanged(_)) {
            state.preview.invalidate();
        }
        refilter(state);
        let undo_keys = preview::back_to_rules_keys(&state.keys);
        notify(state, outcome.message(&undo_keys));
    }
}

fn open_link(state: &mut State, commands: &mut Vec<Command>) {
    let Some(article) = state.selected_article() else {
        return;
    };
    match article.link.as_deref().and_then(sanitize::safe_link) {
        Some(link) => {
            commands.push(Command::OpenLink(link));
            marks::set_selected_read(state, true, commands);
        }
        None => notify(
            state,
            "this article has no http(s) link to open".to_string(),
        ),
    }
}

/// The selected article's next attached file, to the browser; the status line says which
/// when it ran (see `effects::open_attachment`) or why nothing did.
fn open_attachment(state: &mut State, commands: &mut Vec<Command>) {
    let Some(article) = state.selected_article() else {
        return;
    };
    let id = article.id;
    let files: Vec<String> = state
        .preview
        .enclosures_of(article)
        .iter()
        .filter_map(|enclosure| sanitize::safe_link(&enclosure.url))
        .collect();
    if files.is_empty() {
        notify(state, "no attachments in this article".to_string());
        return;
    }
    let at = attachments::next_to_open(state.preview.attachment_cursor, id, files.len());
    state.preview.attachment_cursor = Some((id, at + 1));
    let name = attachments::file_name(&files[at]);
    commands.push(Command::OpenAttachment {
        url: files[at].clone(),
        number: at + 1,
        count: files.len(),
        name,
    });
}

fn refresh_selected(state: &mut State, commands: &mut Vec<Command>) {
    let feed = if state.overlay.is_open(Mode::Feeds) {
        state.feeds.selected_feed()
    } else {
        state.selected_article().map(|a| a.feed)
    };
    if let Some(feed) = feed {
        let name = state.feed_name(feed).to_string();
        commands.push(Command::RefreshFeed(feed));
        notify(state, format!("refreshing {name}"));
    }
}
