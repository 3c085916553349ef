//! The full article in the dashboard: the key asks for the page, the preview says it is
//! coming, shows the article when it arrives (wrapped to the pane), goes back to the feed's
//! text on the same key, says in one line why when there is none, and reads a stored one
//! from the cache. Snapshots of the preview with a full article at 80x24 and 120x40.

mod ui_support;

use std::collections::HashSet;

use ainews_tui::app::preview_pane::{FullArticle, FullNote};
use ainews_tui::app::state::{Mode, State};
use ainews_tui::app::{Action, Command, update};
use ainews_tui::model::ArticleId;
use ui_support::{NOW, render, sample_state};

/// What the extractor makes of a page: paragraphs one per line, a heading, a list, a
/// quote, an image and the numbered links at the end.
const ARTICLE: &str = "\
Washington widens the chip rules

The Commerce Department on Tuesday added two dozen Chinese companies to its entity list, \
cutting them off from advanced accelerators and the tools to make them [1].

Officials said the move closes gaps that let resellers ship restricted parts through third \
countries.

• Exports of high-bandwidth memory now need a licence
• Cloud access to restricted chips is covered for the first time

│ \"We will keep adjusting the rules as the technology moves,\" a spokesperson said.

[image: A wafer inspection line]

Huawei said in a statement that the rules would not slow its Ascend roadmap.

[1] https://www.commerce.example.gov/news/entity-list
";

fn selected(state: &State) -> ArticleId {
    state.selected_article().expect("an article is selected").id
}

fn body(state: &State) -> String {
    state.preview.text.as_ref().expect("rendered").body.clone()
}

/// The sample state with the full article of the selected headline fetched.
fn with_full_article(width: u16, height: u16) -> State {
    let mut state = sample_state(width, height);
    update(&mut state, Action::ToggleFullArticle, NOW);
    let id = selected(&state);
    update(
        &mut state,
        Action::FullTextFetched {
            id,
            outcome: Ok(ARTICLE.to_string()),
        },
        NOW,
    );
    state
}

#[test]
fn the_key_fetches_the_page_and_the_preview_says_so_meanwhile() {
    let mut state = sample_state(120, 40);
    let article = state.selected_article().unwrap().clone();
    let commands = update(&mut state, Action::ToggleFullArticle, NOW);
    assert_eq!(
        commands,
        vec![Command::FetchFullText {
            id: article.id,
            feed_url: state.feeds.url(article.feed).to_string(),
            link: article.link.clone().unwrap(),
            body_html: article.body.clone(),
        }]
    );
    assert_eq!(
        state.preview.full_note(article.id),
        Some(FullNote::Fetching)
    );
    let screen = render(&state);
    assert!(
        screen.contains("│ fetching the full article… (feed text below)       │"),
        "{screen}"
    );
    assert!(
        screen.contains("The announcement drew attention"),
        "the feed's text stays meanwhile: {screen}"
    );
    // A second press while the page is on its way fetches nothing more.
    assert!(update(&mut state, Action::ToggleFullArticle, NOW).is_empty());
    assert_eq!(
        state.status.message.as_ref().map(|m| m.0.as_str()),
        Some("still fetching the full article…")
    );
}

#[test]
fn the_article_replaces_the_feed_text_and_the_key_switches_back_and_forth() {
    let mut state = with_full_article(120, 40);
    let id = selected(&state);
    assert_eq!(state.preview.full_note(id), Some(FullNote::Shown));
    assert!(state.index.full_texts.contains(&id));
    let shown = body(&state);
    assert!(shown.starts_with("Washington widens the chip rules\n\nThe Commerce Department"));
    assert!(shown.contains("\n• Exports of high-bandwidth memory now need a\n  licence\n"));
    assert!(
        !shown.contains("The announcement drew attention"),
        "{shown}"
    );

    assert!(update(&mut state, Action::ToggleFullArticle, NOW).is_empty());
    assert_eq!(state.preview.full_note(id), Some(FullNote::FeedTextChosen));
    assert!(body(&state).contains("The announcement drew attention"));

    assert!(update(&mut state, Action::ToggleFullArticle, NOW).is_empty());
    assert_eq!(state.preview.full_note(id), Some(FullNote::Shown));
    assert_eq!(body(&state), shown);
}

#[test]
fn paragraphs_are_wrapped_to_the_pane_with_hanging_bullets() {
    let state = with_full_article(120, 40);
    let text = body(&state);
    let width = ainews_tui::app::layout::preview_text_width(120, 40, Mode::Normal);
    for line in text.lines() {
        let columns = unicode_width::UnicodeWidthStr::width(line);
        assert!(
            columns <= usize::from(width) || line.starts_with("[1] "),
            "{line:?} is {columns} columns in a pane of {width}"
        );
    }
    let continued = text
        .lines()
        .skip_while(|line| !line.starts_with("• Cloud access"))
        .nth(1)
        .expect("the bullet goes on");
    assert!(continued.starts_with("  "), "{continued:?}");
}

#[test]
fn a_failure_is_one_line_and_the_feed_text_stays() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::ToggleFullArticle, NOW);
    let id = selected(&state);
    let why = "the page could not be fetched: HTTP 404 Not Found".to_string();
    update(
        &mut state,
        Action::FullTextFetched {
            id,
            outcome: Err(why.clone()),
        },
        NOW,
    );
    assert_eq!(state.preview.full_note(id), Some(FullNote::Failed(&why)));
    assert!(!state.index.full_texts.contains(&id));
    let screen = render(&state);
    assert!(
        screen.contains("│ no full article: the page could not be fetched:    │")
            && screen.contains("│ HTTP 404 Not Found · f retries                     │"),
        "{screen}"
    );
    assert!(
        screen.contains("The announcement drew attention"),
        "{screen}"
    );
    // The key tries again.
    let commands = update(&mut state, Action::ToggleFullArticle, NOW);
    assert!(
        matches!(commands.as_slice(), [Command::FetchFullText { id: again, .. }] if *again == id),
        "{commands:?}"
    );
}

#[test]
fn an_answer_for_another_article_is_kept_for_later_and_told() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::ToggleFullArticle, NOW);
    let id = selected(&state);
    let title = state.selected_article().unwrap().title.clone();
    update(&mut state, Action::MoveDown, NOW);
    update(
        &mut state,
        Action::FullTextFetched {
            id,
            outcome: Ok(ARTICLE.to_string()),
        },
        NOW,
    );
    assert_eq!(
        state.status.message.as_ref().map(|m| m.0.clone()),
        Some(format!("full article ready: {title}"))
    );
    assert_eq!(state.preview.full_note(selected(&state)), None);
    // Back on it, the stored article is asked of the cache and shown.
    let commands = update(&mut state, Action::MoveUp, NOW);
    assert_eq!(commands, vec![Command::LoadFullText(id)]);
    update(
        &mut state,
        Action::FullTextLoaded {
            id,
            full: Some(Ok(ARTICLE.to_string())),
        },
        NOW,
    );
    assert!(body(&state).starts_with("Washington widens the chip rules"));
}

#[test]
fn a_stored_article_is_read_from_the_cache_once_when_selected() {
    let mut state = sample_state(120, 40);
    let first = selected(&state);
    update(&mut state, Action::MoveDown, NOW);
    let second = selected(&state);
    update(&mut state, Action::FullTextIds(HashSet::from([first])), NOW);
    let commands = update(&mut state, Action::MoveUp, NOW);
    assert_eq!(commands, vec![Command::LoadFullText(first)]);
    assert!(
        !update(&mut state, Action::Tick, NOW).contains(&Command::LoadFullText(first)),
        "asked once"
    );
    // Pressed before it arrives: nothing is fetched, it shows when it comes.
    assert!(update(&mut state, Action::ToggleFullArticle, NOW).is_empty());
    update(
        &mut state,
        Action::FullTextLoaded {
            id: first,
            full: Some(Ok(ARTICLE.to_string())),
        },
        NOW,
    );
    assert_eq!(
        state.preview.full,
        Some((first, FullArticle::Text(ARTICLE.to_string())))
    );
    assert_eq!(state.preview.full_note(first), Some(FullNote::Shown));
    // An article without a stored one asks nothing.
    assert!(
        !update(&mut state, Action::MoveDown, NOW)
            .iter()
            .any(|c| matches!(c, Command::LoadFullText(_))),
        "{second:?} has none"
    );
}

#[test]
fn an_article_without_a_link_says_so() {
    let mut state = sample_state(120, 40);
    let mut lonely = ui_support::article(
        0,
        "A notice with no link",
        ainews_tui::model::Topic::Other,
        &[],
        0,
    );
    lonely.link = None;
    ainews_tui::app::update::merge_articles(&mut state, vec![lonely]);
    update(&mut state, Action::Top, NOW);
    assert_eq!(
        state.selected_article().unwrap().title,
        "A notice with no link"
    );
    assert!(update(&mut state, Action::ToggleFullArticle, NOW).is_empty());
    assert_eq!(
        state.status.message.as_ref().map(|m| m.0.as_str()),
        Some("this article has no http(s) link to fetch")
    );
}

#[test]
fn full_article_in_the_preview_80x24() {
    let mut state = with_full_article(80, 24);
    // At 80 columns the preview is full screen.
    update(&mut state, Action::Activate, NOW);
    insta::assert_snapshot!(render(&state));
}

#[test]
fn full_article_in_the_preview_120x40() {
    insta::assert_snapshot!(render(&with_full_article(120, 40)));
}

mod searching_everything {
    use super::*;

    fn type_query(state: &mut State, query: &str) -> Vec<Command> {
        let mut commands = update(state, Action::StartSearch, NOW);
        for c in query.chars() {
            commands.extend(update(state, Action::SearchInput(c), NOW));
        }
        commands
    }

    fn shown_titles(state: &State) -> Vec<String> {
        state
            .list
            .view
            .iter()
            .map(|&i| state.index.rows[i as usize].article.title.clone())
            .collect()
    }

    fn id_of(state: &State, title_start: &str) -> ArticleId {
        state
            .index
            .rows
            .iter()
            .find(|row| row.article.title.starts_with(title_start))
            .unwrap_or_else(|| panic!("{title_start}"))
            .article
            .id
    }

    #[test]
    fn tab_sends_the_query_to_the_index_and_its_hits_become_the_list_best_first() {
        let mut state = sample_state(120, 40);
        assert!(
            type_query(&mut state, "ascend").is_empty(),
            "titles are searched as typed"
        );
        let commands = update(&mut state, Action::SearchEverything, NOW);
        assert_eq!(commands, vec![Command::SearchFullText("ascend".into())]);
        let (senate, huawei) = (id_of(&state, "Senate"), id_of(&state, "Huawei"));
        update(
            &mut state,
            Action::FullTextResults {
                query: "ascend".into(),
                hits: vec![
                    (senate, "the «Ascend» roadmap came up".into()),
                    (huawei, "«Ascend» 920".into()),
                ],
            },
            NOW,
        );
        assert_eq!(
            shown_titles(&state),
            [
                "Senate hearing weighs limits on frontier model exports",
                "Huawei readies Ascend 920 for AI training clusters"
            ]
        );
        assert_eq!(state.list.tab_counts, [2, 1, 1, 0, 0]);
        let screen = render(&state);
        assert!(
            screen.contains("│ match: the Ascend roadmap came up"),
            "{screen}"
        );
        assert!(screen.contains(" everything /ascend▏"), "{screen}");
    }

    #[test]
    fn every_keystroke_asks_again_and_only_the_current_query_s_answer_is_kept() {
        let mut state = sample_state(120, 40);
        update(&mut state, Action::StartSearch, NOW);
        update(&mut state, Action::SearchEverything, NOW);
        let commands = type_query(&mut state, "chip");
        assert_eq!(
            commands,
            ["c", "ch", "chi", "chip"]
                .map(|q| Command::SearchFullText(q.into()))
                .to_vec()
        );
        let huawei = id_of(&state, "Huawei");
        // A late answer to an older query changes nothing.
        update(
            &mut state,
            Action::FullTextResults {
                query: "chi".into(),
                hits: vec![(huawei, "«chi»".into())],
            },
            NOW,
        );
        assert!(state.list.view.is_empty());
        assert!(render(&state).contains("searching…"));
        update(
            &mut state,
            Action::FullTextResults {
                query: "chip".into(),
                hits: vec![(huawei, "«chip»".into())],
            },
            NOW,
        );
        assert_eq!(state.list.view.len(), 1);
        assert!(!render(&state).contains("searching…"));
        // Back to titles: the search as typed, nothing asked.
        assert!(update(&mut state, Action::SearchEverything, NOW).is_empty());
        assert!(!state.list.filter.everything);
        let mut titles_only = sample_state(120, 40);
        type_query(&mut titles_only, "chip");
        assert_eq!(shown_titles(&state), shown_titles(&titles_only));
        assert_eq!(shown_titles(&state).len(), 4);
    }

    #[test]
    fn esc_drops_the_query_and_the_search_of_everything() {
        let mut state = sample_state(120, 40);
        type_query(&mut state, "nvidia");
        update(&mut state, Action::SearchEverything, NOW);
        update(&mut state, Action::SearchCancel, NOW);
        assert!(!state.list.filter.everything);
        assert!(state.list.full_text.ids.is_empty());
        assert_eq!(state.list.view.len(), 12);
    }
}

#[test]
fn a_page_stored_in_the_background_shows_if_its_article_is_in_the_preview() {
    let mut state = sample_state(120, 40);
    let id = selected(&state);
    update(
        &mut state,
        Action::FullTextStored {
            id,
            outcome: Ok(ARTICLE.to_string()),
        },
        NOW,
    );
    assert_eq!(state.preview.full_note(id), Some(FullNote::Shown));
    assert!(body(&state).starts_with("Washington widens the chip rules"));
    assert_eq!(state.status.message, None, "no message for background work");

    // Another article's page, stored while this one is read: known, not shown.
    let mut state = sample_state(120, 40);
    update(&mut state, Action::MoveDown, NOW);
    let other = state.index.rows[state.list.view[0] as usize].article.id;
    update(
        &mut state,
        Action::FullTextStored {
            id: other,
            outcome: Ok(ARTICLE.to_string()),
        },
        NOW,
    );
    assert!(state.index.full_texts.contains(&other));
    assert_eq!(state.preview.full_note(selected(&state)), None);
    // A failure in the background says nothing.
    let id = selected(&state);
    update(
        &mut state,
        Action::FullTextStored {
            id,
            outcome: Err("the page could not be fetched: HTTP 500".into()),
        },
        NOW,
    );
    assert_eq!(state.preview.full_note(id), None);
}
