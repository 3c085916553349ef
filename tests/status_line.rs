//! The status line's feed counts (a feed this run has not fetched yet is pending, not ok)
//! and the read-only notice.

mod ui_support;

use ainews_tui::app::update::merge_articles;
use ainews_tui::app::{Action, update};
use ainews_tui::ingest::poller::FeedOutcome;
use ui_support::{NOW, articles, empty_state, finished, render};

/// Four feeds: two fetched (one of them unchanged), one failing, one not fetched yet.
fn mixed_state(width: u16, height: u16) -> ainews_tui::app::state::State {
    let mut state = empty_state();
    state.color = false;
    update(&mut state, Action::Resize { width, height }, NOW);
    merge_articles(&mut state, articles());
    update(
        &mut state,
        finished(0, FeedOutcome::NotModified, NOW - 60, NOW + 1800),
        NOW,
    );
    update(
        &mut state,
        finished(
            1,
            FeedOutcome::Updated {
                articles: Vec::new(),
            },
            NOW - 60,
            NOW + 1800,
        ),
        NOW,
    );
    update(
        &mut state,
        finished(
            2,
            FeedOutcome::Failed {
                error: "HTTP 404 Not Found".into(),
            },
            NOW - 60,
            NOW + 1800,
        ),
        NOW,
    );
    state
}

fn status_line(state: &ainews_tui::app::state::State) -> String {
    let screen = render(state);
    screen
        .lines()
        .last()
        .expect("a status line")
        .trim_end()
        .to_string()
}

#[test]
fn a_feed_not_fetched_yet_counts_as_pending_not_ok() {
    let status = status_line(&mixed_state(120, 40));
    assert!(
        status.starts_with(" 2 feeds ok · 1 pending · 1 failing (e to see) · refreshed "),
        "{status:?}"
    );
}

#[test]
fn the_compact_status_line_counts_pending_feeds_too() {
    let status = status_line(&mixed_state(60, 20));
    assert!(
        status.starts_with(" 2 ok · 1 pending · 1 failing (e) · 12"),
        "{status:?}"
    );
}

#[test]
fn before_any_fetch_every_feed_is_pending() {
    let mut state = empty_state();
    state.color = false;
    let status = status_line(&state);
    assert!(
        status.starts_with(" 0 feeds ok · 4 pending · 0 articles"),
        "{status:?}"
    );
}

#[test]
fn a_read_only_cache_is_said_before_the_counts() {
    let mut state = mixed_state(120, 40);
    update(&mut state, Action::StoreReadOnly, NOW);
    let status = status_line(&state);
    assert!(
        status.starts_with(" read-only cache: changes are not saved · 2 feeds ok · 1 pending"),
        "{status:?}"
    );
}
