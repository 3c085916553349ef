//! Every mode drawn at every terminal size from 1x1 up: no size may panic the dashboard
//! (width sums are unsigned, so one careless subtraction is a crash at some width).

mod ui_support;

use ainews_tui::app::state::{Mode, State};
use ainews_tui::app::{Action, update};
use ainews_tui::ingest::poller::FeedOutcome;
use ui_support::{NOW, finished, render, sample_state};

/// A long query of ASCII and one of wide (two-cell) characters.
const LONG_QUERY: &str =
    "deepseek versus openai: export controls, the chip race and who trains the next frontier model";
const WIDE_QUERY: &str = "华为发布昇腾芯片与英伟达竞争人工智能训练集群的市场份额";

/// A named way of reaching a mode from the sample state.
struct Scenario {
    name: &'static str,
    actions: Vec<Action>,
}

/// Where a scenario is set up before the terminal is resized. Most modes look the same
/// whatever the size they were entered at; the preview opens beside the list when wide and
/// full screen when narrow, so it is set up at both.
fn bases(scenario: &Scenario) -> &'static [(u16, u16)] {
    if scenario.name == "preview" {
        &[(120, 40), (60, 20)]
    } else {
        &[(120, 40)]
    }
}

fn typed(query: &str) -> Vec<Action> {
    std::iter::once(Action::StartSearch)
        .chain(query.chars().map(Action::SearchInput))
        .collect()
}

fn scenarios() -> Vec<Scenario> {
    let failing = finished(
        1,
        FeedOutcome::Failed {
            error: "HTTP 503 Service Unavailable from https://policy.example.com/rss; \
                    the server asked to retry later (Retry-After 3600s), so the next \
                    attempt waits an hour"
                .to_string(),
        },
        NOW - 30,
        NOW + 3600,
    );
    let mut kept_search = typed(WIDE_QUERY);
    kept_search.push(Action::SearchSubmit);
    vec![
        Scenario {
            name: "normal",
            actions: vec![],
        },
        Scenario {
            name: "search slash only",
            actions: vec![Action::StartSearch],
        },
        Scenario {
            name: "search long query",
            actions: typed(LONG_QUERY),
        },
        Scenario {
            name: "search wide query",
            actions: typed(WIDE_QUERY),
        },
        Scenario {
            name: "search kept",
            actions: kept_search,
        },
        Scenario {
            name: "help",
            actions: vec![Action::ToggleHelp],
        },
        Scenario {
            name: "help scrolled",
            actions: vec![Action::ToggleHelp, Action::Bottom, Action::PageDown],
        },
        Scenario {
            name: "feeds",
            actions: vec![failing.clone(), Action::ToggleFeeds],
        },
        Scenario {
            name: "failing feed",
            actions: vec![failing],
        },
        Scenario {
            name: "trend",
            actions: vec![Action::ToggleTrend],
        },
        Scenario {
            name: "message",
            actions: vec![Action::Notify(format!(
                "could not open a browser: {}",
                "no handler found ".repeat(20)
            ))],
        },
        Scenario {
            name: "store error",
            actions: vec![Action::StoreFailed("disk I/O error ".repeat(20))],
        },
        Scenario {
            name: "story unfolded",
            actions: vec![Action::MoveDown, Action::ToggleStory],
        },
        Scenario {
            name: "preview",
            actions: vec![Action::Activate, Action::PageDown, Action::PageDown],
        },
        Scenario {
            name: "bottom of the list",
            actions: vec![Action::Bottom],
        },
    ]
}

fn state_for(scenario: &Scenario, width: u16, height: u16) -> State {
    let mut state = sample_state(width, height);
    for action in &scenario.actions {
        update(&mut state, action.clone(), NOW);
    }
    state
}

/// One panic hook swap at a time: tests run in parallel threads.
static QUIET: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Draws every scenario, set up at each base size and then resized to each size; returns
/// what panicked, with the panic message.
fn panics_at(sizes: &[(u16, u16)]) -> Vec<String> {
    let _quiet = QUIET.lock().unwrap_or_else(|e| e.into_inner());
    // The payload says what went wrong; the default hook would print thousands of traces.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    for scenario in scenarios() {
        for &(base_width, base_height) in bases(&scenario) {
            let base = state_for(&scenario, base_width, base_height);
            for &(width, height) in sizes {
                let drawn = std::panic::catch_unwind(|| {
                    let mut state = base.clone();
                    update(&mut state, Action::Resize { width, height }, NOW);
                    render(&state)
                });
                if let Err(payload) = drawn {
                    let why = payload
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    failures.push(format!(
                        "{} (from {base_width}x{base_height}) at {width}x{height}: {why}",
                        scenario.name
                    ));
                }
            }
        }
    }
    std::panic::set_hook(previous);
    failures
}

#[test]
fn every_mode_draws_at_every_width() {
    let sizes: Vec<(u16, u16)> = [1u16, 3, 24]
        .iter()
        .flat_map(|&h| (1..=200).map(move |w| (w, h)))
        .collect();
    let failures = panics_at(&sizes);
    assert!(failures.is_empty(), "panicked: {failures:#?}");
}

#[test]
fn every_mode_draws_at_every_height() {
    let sizes: Vec<(u16, u16)> = [1u16, 20, 60, 120]
        .iter()
        .flat_map(|&w| (1..=60).map(move |h| (w, h)))
        .collect();
    let failures = panics_at(&sizes);
    assert!(failures.is_empty(), "panicked: {failures:#?}");
}

#[test]
fn every_mode_draws_on_a_huge_terminal() {
    let failures = panics_at(&[(500, 200), (1, 200), (500, 1)]);
    assert!(failures.is_empty(), "panicked: {failures:#?}");
}

#[test]
fn a_long_search_at_60_columns_shows_the_tail_of_the_query() {
    let scenario = Scenario {
        name: "search long query",
        actions: typed(LONG_QUERY),
    };
    let state = state_for(&scenario, 60, 20);
    assert_eq!(state.overlay.mode(), Mode::Search);
    let screen = render(&state);
    let status = screen.lines().nth(19).expect("a status line");
    // The end of what was typed stays visible next to the cursor.
    assert!(
        status.contains("who trains the next frontier model▏"),
        "{status:?}"
    );
    assert_eq!(
        unicode_width::UnicodeWidthStr::width(status),
        60,
        "{status:?}"
    );
    assert!(status.starts_with(" /…"), "{status:?}");
}

#[test]
fn a_wide_search_at_20_columns_shows_the_tail_of_the_query() {
    let scenario = Scenario {
        name: "search wide query",
        actions: typed(WIDE_QUERY),
    };
    let state = state_for(&scenario, 20, 5);
    let screen = render(&state);
    let status = screen.lines().nth(4).expect("a status line");
    assert!(status.contains("市场份额▏"), "{status:?}");
    assert!(
        unicode_width::UnicodeWidthStr::width(status) <= 20,
        "{status:?}"
    );
}

#[test]
fn slash_alone_at_10_columns_shows_the_prompt() {
    let scenario = Scenario {
        name: "search slash only",
        actions: vec![Action::StartSearch],
    };
    let state = state_for(&scenario, 10, 5);
    let screen = render(&state);
    assert_eq!(screen.lines().nth(4), Some(" /▏"));
}
