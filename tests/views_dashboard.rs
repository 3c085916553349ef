//! The reader's views and hide rules in the dashboard: views are tabs after the topic tabs
//! with unread counts, reached by their keys and by next/previous tab; hidden articles
//! are neither shown nor counted, and the feeds pane says how many there are.

mod ui_support;

use std::sync::Arc;

use ainews_tui::app::state::State;
use ainews_tui::app::{Action, update};
use ainews_tui::config::{Config, HideRule, ViewConfig};
use ainews_tui::lenses::Lenses;
use ainews_tui::model::Topic;
use ui_support::{NOW, feeds, render, sample_state};

fn with_lenses(views: &[(&str, &str)], hide: &[&str]) -> State {
    let mut config = Config {
        feeds: feeds(),
        ..Config::default()
    };
    config.feeds[0].tags = vec!["chips".into()];
    config.views = views
        .iter()
        .map(|(name, query)| ViewConfig {
            name: name.to_string(),
            query: query.to_string(),
            notify: false,
        })
        .collect();
    config.hide = hide
        .iter()
        .map(|query| HideRule {
            query: query.to_string(),
        })
        .collect();
    let mut state = sample_state(120, 40);
    state.list.set_lenses(Arc::new(
        Lenses::of(&config, NOW).expect("the lenses compile"),
    ));
    update(&mut state, Action::SelectTopic(None), NOW);
    ainews_tui::app::filtering::refilter(&mut state);
    state
}

fn titles(state: &State) -> Vec<String> {
    state
        .list
        .view
        .iter()
        .map(|&i| state.index.rows[i as usize].article.title.clone())
        .collect()
}

#[test]
fn a_view_is_a_tab_with_its_unread_count() {
    let mut state = with_lenses(
        &[
            ("Chips", "tag:chips OR nvidia"),
            ("Labs", "deepseek OR kimi"),
        ],
        &[],
    );
    assert_eq!(state.list.view_counts, vec![4, 2]);
    update(&mut state, Action::SelectView(1), NOW);
    assert_eq!(
        titles(&state),
        [
            "DeepSeek R2 matches OpenAI o3 on math at a fraction of the cost",
            "Moonshot's Kimi K3 tops open-weight leaderboards"
        ]
    );
    let header = render(&state).lines().next().unwrap().to_string();
    assert_eq!(
        header,
        " ainews-tui  All 12 │ US 4 │ China 3 │ Head-to-head 3 │ Other 2 │ Chips 4 │ [Labs 2]"
    );
    // Next tab wraps from the last view to All; previous goes back to it.
    update(&mut state, Action::NextTopic, NOW);
    assert_eq!(
        (state.list.filter.view, state.list.filter.topic),
        (None, None)
    );
    update(&mut state, Action::PrevTopic, NOW);
    assert_eq!(state.list.filter.view, Some(1));
    update(&mut state, Action::PrevTopic, NOW);
    assert_eq!(state.list.filter.view, Some(0));
    update(&mut state, Action::PrevTopic, NOW);
    assert_eq!(state.list.filter.topic, Some(Topic::Other));
    // A key for a view that does not exist does nothing.
    update(&mut state, Action::SelectView(3), NOW);
    assert_eq!(state.list.filter.topic, Some(Topic::Other));
    // Reading one lowers its tab's count.
    update(&mut state, Action::SelectView(1), NOW);
    update(&mut state, Action::ToggleRead, NOW);
    assert_eq!(state.list.view_counts, vec![4, 1]);
}

#[test]
fn the_search_narrows_a_view() {
    let mut state = with_lenses(&[("Chips", "tag:chips OR nvidia")], &[]);
    update(&mut state, Action::SelectView(0), NOW);
    update(&mut state, Action::StartSearch, NOW);
    for c in "texas".chars() {
        update(&mut state, Action::SearchInput(c), NOW);
    }
    assert_eq!(
        titles(&state),
        ["Nvidia Blackwell Ultra shipments double in Texas data centers"]
    );
}

#[test]
fn hidden_articles_are_neither_shown_nor_counted() {
    let mut state = with_lenses(
        &[("Labs", "deepseek OR kimi")],
        &["source:\"frontier labs\""],
    );
    assert_eq!(state.list.hidden_count, 3);
    assert_eq!(state.list.tab_counts, [9, 2, 3, 2, 2]);
    assert_eq!(state.list.view_counts, vec![1]);
    assert!(
        titles(&state)
            .iter()
            .all(|t| !t.starts_with("DeepSeek") && !t.starts_with("OpenAI")),
        "{:?}",
        titles(&state)
    );
    update(&mut state, Action::ToggleFeeds, NOW);
    let screen = render(&state);
    assert!(screen.contains("3 hidden by [[hide]]"), "{screen}");
}

mod clicks {
    use super::*;

    #[test]
    fn a_click_on_a_headline_selects_it_and_on_a_tab_switches_to_it() {
        let mut state = with_lenses(&[("Labs", "deepseek OR kimi")], &[]);
        // Row 0 is the header, row 1 the list's border: row 4 is the third headline.
        update(&mut state, Action::Click { column: 10, row: 4 }, NOW);
        assert_eq!(state.list.selected, 2);
        assert_eq!(state.selected_article().unwrap().title, titles(&state)[2]);
        let header = render(&state).lines().next().unwrap().to_string();
        // Columns, not bytes: the separators are wider in UTF-8 than on screen.
        let column = |needle: &str| header[..header.find(needle).unwrap()].chars().count() as u16;
        let china = column("China");
        update(
            &mut state,
            Action::Click {
                column: china + 1,
                row: 0,
            },
            NOW,
        );
        assert_eq!(state.list.filter.topic, Some(Topic::China));
        let labs = column("Labs");
        update(
            &mut state,
            Action::Click {
                column: labs,
                row: 0,
            },
            NOW,
        );
        assert_eq!(state.list.filter.view, Some(0));
        // Between tabs, below the last headline and over an overlay: nothing.
        let now = render(&state).lines().next().unwrap().to_string();
        let gap = now[..now.find('│').unwrap()].chars().count() as u16;
        update(
            &mut state,
            Action::Click {
                column: gap,
                row: 0,
            },
            NOW,
        );
        assert_eq!(state.list.filter.view, Some(0));
        update(
            &mut state,
            Action::Click {
                column: 10,
                row: 30,
            },
            NOW,
        );
        assert_eq!(state.list.selected, 0);
        update(&mut state, Action::ToggleHelp, NOW);
        update(&mut state, Action::Click { column: 10, row: 3 }, NOW);
        assert_eq!(state.list.selected, 0);
    }
}
