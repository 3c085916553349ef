//! Whole-screen snapshots of the dashboard in a TestBackend. Review changes with
//! `cargo insta review`; never accept them blindly.

mod ui_support;

use ainews_tui::app::state::State;
use ainews_tui::app::{Action, update};
use ainews_tui::topics::cluster::ClusterId;
use ui_support::{NOW, render, sample_state};

#[test]
fn main_screen_80x24() {
    insta::assert_snapshot!(render(&sample_state(80, 24)));
}

#[test]
fn main_screen_120x40() {
    insta::assert_snapshot!(render(&sample_state(120, 40)));
}

#[test]
fn narrow_60x20() {
    insta::assert_snapshot!(render(&sample_state(60, 20)));
}

#[test]
fn help_overlay_120x40() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::ToggleHelp, NOW);
    insta::assert_snapshot!(render(&state));
}

/// At 80 columns a description that does not fit ends with '…' before the border, and no
/// line runs past it.
#[test]
fn help_overlay_cuts_long_descriptions_at_80_columns() {
    let mut state = sample_state(80, 24);
    update(&mut state, Action::ToggleHelp, NOW);
    let screen = render(&state);
    let line = screen
        .lines()
        .find(|line| line.contains("move_down"))
        .expect("the help lists move_down");
    assert!(line.trim_end().ends_with("… │"), "{line}");
    assert!(line.contains("next headline (or"), "{line}");
}

#[test]
fn full_preview_80x24() {
    let mut state = sample_state(80, 24);
    update(&mut state, Action::Activate, NOW);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn feeds_overlay_with_an_error_120x40() {
    use ainews_tui::ingest::poller::FeedOutcome;
    let mut state = sample_state(120, 40);
    let timeout = FeedOutcome::Failed {
        error: "timed out after 30s".into(),
    };
    update(
        &mut state,
        ui_support::finished(3, timeout, NOW, NOW + 240),
        NOW,
    );
    update(&mut state, Action::ToggleFeeds, NOW);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn search_and_topic_filter_120x40() {
    let mut state = sample_state(120, 40);
    update(
        &mut state,
        Action::SelectTopic(Some(ainews_tui::model::Topic::Both)),
        NOW,
    );
    update(&mut state, Action::StartSearch, NOW);
    for c in "nvidia".chars() {
        update(&mut state, Action::SearchInput(c), NOW);
    }
    insta::assert_snapshot!(render(&state));
}

#[test]
fn empty_config_says_what_to_do() {
    let mut state = State::new(&[], "/home/user/.config/ainews-tui/config.toml".into(), NOW);
    state.color = false;
    update(
        &mut state,
        Action::Resize {
            width: 80,
            height: 24,
        },
        NOW,
    );
    let screen = render(&state);
    assert!(screen.contains("No feeds configured: edit"), "{screen}");
    assert!(screen.contains("config.toml"), "{screen}");
}

#[test]
fn read_and_starred_markers_80x24() {
    let mut state = sample_state(80, 24);
    update(&mut state, Action::ToggleStar, NOW);
    update(&mut state, Action::MoveDown, NOW);
    update(&mut state, Action::ToggleRead, NOW);
    update(&mut state, Action::MoveDown, NOW);
    update(&mut state, Action::ToggleRead, NOW);
    update(&mut state, Action::ToggleStar, NOW);
    let screen = render(&state);
    insta::assert_snapshot!(screen);
}

#[test]
fn trend_view_120x40() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::ToggleTrend, NOW);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn trend_view_80x24() {
    let mut state = sample_state(80, 24);
    update(&mut state, Action::ToggleTrend, NOW);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn unfolded_story_120x40() {
    let mut state = sample_state(120, 40);
    let mut rewrite = ui_support::article(
        0,
        "Huawei readies Ascend 920 chips for AI training clusters",
        ainews_tui::model::Topic::China,
        &["Huawei"],
        6,
    );
    rewrite.link = Some("https://other.example.com/huawei-ascend".into());
    let rewrite_id = rewrite.id;
    ainews_tui::app::update::merge_articles(&mut state, vec![rewrite]);
    assert!(
        !render(&state).contains("+1"),
        "a story of its own until the cache groups it"
    );
    // The cache's writer stores it and tells its story: the one the sample's article tells.
    let original = ui_support::articles()[0].id;
    update(
        &mut state,
        Action::StoriesGrouped(vec![(rewrite_id, ClusterId(original))]),
        NOW,
    );
    let folded = render(&state);
    assert!(folded.contains("+1"), "{folded}");
    assert!(
        folded.contains("Also reported by Pacific Chips"),
        "{folded}"
    );
    update(&mut state, Action::ToggleStory, NOW);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn watchlist_marks_and_header_120x40() {
    let state = ui_support::watching(&["Nvidia", "DeepSeek"]);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn help_overlay_with_rebound_keys_120x40() {
    let mut state = sample_state(120, 40);
    let text = "[keys]\nhelp = [\"h\", \"F1\"]\nmark_read = [\"n\"]\nopen = [\"o\", \"Enter\"]\n";
    let config = ainews_tui::config::parse_str(text, "keys.toml", None).expect("valid keys");
    state.keys = std::sync::Arc::new(config.keys);
    update(&mut state, Action::ToggleHelp, NOW);
    // The end of the list, where `help` itself is.
    for _ in 0..3 {
        update(&mut state, Action::PageDown, NOW);
    }
    insta::assert_snapshot!(render(&state));
}
