//! Sequences of Actions through the pure update, asserting on State and Commands.

mod ui_support;

use ainews_tui::app::state::{FeedHealth, Focus, Mode};
use ainews_tui::app::{Action, Command, update};
use ainews_tui::ingest::poller::{FeedOutcome, FeedReport, PollEvent};
use ainews_tui::model::{FeedId, Topic};
use ainews_tui::topics::cluster::ClusterId;
use ui_support::{NOW, article, finished, sample_state};

fn titles(state: &ainews_tui::app::State) -> Vec<String> {
    state
        .list
        .view
        .iter()
        .map(|&i| state.index.rows[i as usize].article.title.clone())
        .collect()
}

#[test]
fn newest_first_with_counts_per_tab() {
    let state = sample_state(120, 40);
    assert_eq!(state.list.view.len(), 12);
    assert!(titles(&state)[0].starts_with("Huawei"));
    assert_eq!(state.list.tab_counts, [12, 4, 3, 3, 2]);
}

#[test]
fn topic_filter_and_tab_cycling() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::SelectTopic(Some(Topic::China)), NOW);
    assert_eq!(state.list.view.len(), 3);
    assert!(
        state
            .list
            .view
            .iter()
            .all(|&i| state.index.rows[i as usize].article.topic == Topic::China)
    );
    update(&mut state, Action::NextTopic, NOW);
    assert_eq!(state.list.filter.topic, Some(Topic::Both));
    update(&mut state, Action::PrevTopic, NOW);
    update(&mut state, Action::PrevTopic, NOW);
    assert_eq!(state.list.filter.topic, Some(Topic::Us));
    update(&mut state, Action::PrevTopic, NOW);
    assert_eq!(state.list.filter.topic, None, "US is the tab after All");
    update(&mut state, Action::PrevTopic, NOW);
    assert_eq!(
        state.list.filter.topic,
        Some(Topic::Other),
        "cycling wraps around"
    );
}

#[test]
fn incremental_search_narrows_and_escape_clears() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::StartSearch, NOW);
    assert_eq!(state.overlay.mode(), Mode::Search);
    for c in "nvid".chars() {
        update(&mut state, Action::SearchInput(c), NOW);
    }
    assert_eq!(state.list.view.len(), 2, "{:?}", titles(&state));
    assert_eq!(
        state.list.tab_counts,
        [2, 1, 0, 1, 0],
        "tabs count what the search matches"
    );
    update(&mut state, Action::SearchInput('z'), NOW);
    assert!(state.list.view.is_empty());
    update(&mut state, Action::SearchBackspace, NOW);
    assert_eq!(state.list.view.len(), 2);
    update(&mut state, Action::SearchSubmit, NOW);
    assert_eq!(state.overlay.mode(), Mode::Normal);
    assert_eq!(state.list.filter.search, "nvid", "Enter keeps the query");
    update(&mut state, Action::Back, NOW);
    assert!(state.list.filter.search.is_empty());
    assert_eq!(state.list.view.len(), 12);
}

#[test]
fn search_matches_source_names_and_chinese() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::StartSearch, NOW);
    for c in "通义".chars() {
        update(&mut state, Action::SearchInput(c), NOW);
    }
    assert_eq!(state.list.view.len(), 1);
    update(&mut state, Action::SearchCancel, NOW);
    update(&mut state, Action::StartSearch, NOW);
    for c in "policy wire".chars() {
        update(&mut state, Action::SearchInput(c), NOW);
    }
    assert_eq!(state.list.view.len(), 3);
}

#[test]
fn scrolling_past_either_end_stays_in_range() {
    let mut state = sample_state(80, 12);
    for _ in 0..50 {
        update(&mut state, Action::MoveDown, NOW);
    }
    assert_eq!(state.list.selected, 11);
    let rows = ainews_tui::app::layout::list_rows(80, 12);
    assert!(
        state.list.offset + rows > state.list.selected,
        "selection visible"
    );
    assert_eq!(
        state.list.offset,
        12 - rows,
        "no empty space below the last row"
    );
    update(&mut state, Action::PageDown, NOW);
    assert_eq!(state.list.selected, 11);
    for _ in 0..5 {
        update(&mut state, Action::PageUp, NOW);
    }
    assert_eq!((state.list.selected, state.list.offset), (0, 0));
    update(&mut state, Action::Bottom, NOW);
    assert_eq!(state.list.selected, 11);
    update(&mut state, Action::Top, NOW);
    assert_eq!(state.list.selected, 0);
    update(&mut state, Action::MoveUp, NOW);
    assert_eq!(state.list.selected, 0);
}

#[test]
fn resize_keeps_the_selection_visible() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::Bottom, NOW);
    update(&mut state, Action::FocusNext, NOW);
    assert_eq!(state.focus, Focus::Preview);
    update(
        &mut state,
        Action::Resize {
            width: 60,
            height: 10,
        },
        NOW,
    );
    let rows = ainews_tui::app::layout::list_rows(60, 10);
    assert!(
        state.list.selected >= state.list.offset && state.list.selected < state.list.offset + rows
    );
    assert_eq!(
        state.focus,
        Focus::List,
        "no side preview to focus when narrow"
    );
}

#[test]
fn enter_reads_full_screen_when_narrow_and_beside_when_wide() {
    let mut state = sample_state(80, 24);
    update(&mut state, Action::Activate, NOW);
    assert_eq!(state.overlay.mode(), Mode::FullPreview);
    assert!(state.selected_article().unwrap().read);
    update(&mut state, Action::MoveDown, NOW);
    assert_eq!(
        state.list.selected, 0,
        "j scrolls the preview, not the list"
    );
    update(&mut state, Action::Back, NOW);
    assert_eq!(state.overlay.mode(), Mode::Normal);

    let mut wide = sample_state(120, 40);
    update(&mut wide, Action::Activate, NOW);
    assert_eq!(wide.overlay.mode(), Mode::Normal);
    assert_eq!(wide.focus, Focus::Preview);
}

#[test]
fn open_link_only_for_http_links() {
    let mut state = sample_state(120, 40);
    let commands = update(&mut state, Action::OpenLink, NOW);
    let id = state.selected_article().unwrap().id;
    assert_eq!(
        commands,
        vec![
            Command::OpenLink(
                "https://news.example.com/huawei-readies-ascend-920-for-ai-training-clusters"
                    .into()
            ),
            Command::SetRead {
                ids: vec![id],
                read: true
            }
        ]
    );
    assert!(state.selected_article().unwrap().read);

    let mut hostile = article(0, "Click me", Topic::Other, &[], 1);
    hostile.link = Some("javascript:alert(1)".into());
    ainews_tui::app::update::merge_articles(&mut state, vec![hostile]);
    update(&mut state, Action::Top, NOW);
    assert_eq!(state.selected_article().unwrap().title, "Click me");
    let commands = update(&mut state, Action::OpenLink, NOW);
    assert!(commands.is_empty());
    assert!(
        state
            .status
            .message
            .as_ref()
            .unwrap()
            .0
            .contains("no http(s) link")
    );
}

#[test]
fn new_articles_do_not_move_the_reader() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::MoveDown, NOW);
    update(&mut state, Action::MoveDown, NOW);
    let reading = state.selected_article().unwrap().id;
    let fresh = article(
        1,
        "Breaking: new chip rule",
        Topic::Both,
        &["export controls"],
        0,
    );
    let report = FeedReport {
        outcome: FeedOutcome::Updated {
            articles: vec![fresh],
        },
        at: NOW,
        next_refresh: NOW + 900,
        feed_title: Some("Ignored because the user named it".into()),
        validators: Default::default(),
        moved_to: None,
        parse_note: Default::default(),
        prepared: Default::default(),
    };
    update(
        &mut state,
        Action::Poll(PollEvent::Finished {
            feed: FeedId(1),
            report,
        }),
        NOW,
    );
    assert_eq!(state.list.view.len(), 13);
    assert_eq!(state.selected_article().unwrap().id, reading);
    assert_eq!(state.feeds.statuses[1].name, "Policy Wire");
}

#[test]
fn user_state_survives_a_refetch() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::OpenLink, NOW);
    let id = state.selected_article().unwrap().id;
    ainews_tui::app::update::merge_articles(&mut state, ui_support::articles());
    assert_eq!(
        state.list.view.len(),
        12,
        "the same items are not new twice"
    );
    assert!(state.index.rows[state.index.positions[&id]].article.read);
}

#[test]
fn feed_failures_are_visible_and_refresh_asks_the_poller() {
    let mut state = sample_state(120, 40);
    update(
        &mut state,
        Action::Poll(PollEvent::Started { feed: FeedId(2) }),
        NOW,
    );
    assert_eq!(state.feeds.fetching_count(), 1);
    let not_found = FeedOutcome::Failed {
        error: "HTTP 404 Not Found".into(),
    };
    update(&mut state, finished(2, not_found, NOW, NOW + 120), NOW);
    assert_eq!(state.feeds.fetching_count(), 0);
    assert_eq!(state.feeds.failing_count(), 1);
    assert_eq!(
        state.feeds.statuses[2].health,
        FeedHealth::Failed("HTTP 404 Not Found".into())
    );
    assert_eq!(
        state.list.view.len(),
        12,
        "a failing feed keeps its articles"
    );

    update(&mut state, Action::ToggleFeeds, NOW);
    let commands = update(&mut state, Action::RefreshSelected, NOW);
    assert_eq!(
        commands,
        vec![Command::RefreshFeed(FeedId(2))],
        "failing feeds are listed first"
    );
    assert_eq!(
        update(&mut state, Action::RefreshAll, NOW),
        vec![Command::RefreshAll]
    );
}

#[test]
fn quit_asks_the_loop_to_stop() {
    let mut state = sample_state(80, 24);
    assert_eq!(update(&mut state, Action::Quit, NOW), vec![Command::Quit]);
    assert!(state.should_quit);
}

#[test]
fn read_and_star_flags_are_persisted_through_commands() {
    let mut state = sample_state(120, 40);
    let id = state.selected_article().unwrap().id;
    assert_eq!(
        update(&mut state, Action::ToggleRead, NOW),
        vec![Command::SetRead {
            ids: vec![id],
            read: true
        }]
    );
    assert!(state.selected_article().unwrap().read);
    assert_eq!(
        update(&mut state, Action::ToggleRead, NOW),
        vec![Command::SetRead {
            ids: vec![id],
            read: false
        }]
    );
    assert_eq!(
        update(&mut state, Action::ToggleStar, NOW),
        vec![Command::SetStarred {
            ids: vec![id],
            starred: true
        }]
    );
    assert!(state.selected_article().unwrap().starred);
}

#[test]
fn mark_all_covers_the_view_and_undo_restores_it() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::SelectTopic(Some(Topic::Us)), NOW);
    update(&mut state, Action::ToggleRead, NOW);
    let commands = update(&mut state, Action::MarkAllRead, NOW);
    let [Command::SetRead { ids, read: true }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(ids.len(), 3, "the 4 US articles less the one already read");
    assert_eq!(state.index.unread_count(), 12 - 4, "other topics untouched");
    let commands = update(&mut state, Action::UndoMarkAll, NOW);
    assert!(
        matches!(commands.as_slice(), [Command::SetRead { ids, read: false }] if ids.len() == 3)
    );
    assert_eq!(state.index.unread_count(), 12 - 1);
    assert!(
        update(&mut state, Action::UndoMarkAll, NOW).is_empty(),
        "one undo only"
    );
}

#[test]
fn unread_only_and_starred_only_filter_the_list() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::ToggleRead, NOW);
    update(&mut state, Action::ToggleUnreadOnly, NOW);
    assert_eq!(state.list.view.len(), 11);
    assert_eq!(state.list.tab_counts[0], 11);
    update(&mut state, Action::ToggleUnreadOnly, NOW);
    update(&mut state, Action::ToggleStar, NOW);
    update(&mut state, Action::ToggleStarredOnly, NOW);
    assert_eq!(state.list.view.len(), 1);
    assert!(state.selected_article().unwrap().starred);
}

#[test]
fn an_article_left_in_the_preview_for_a_moment_becomes_read() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::Tick, NOW);
    update(&mut state, Action::Tick, NOW + 10);
    assert!(
        !state.selected_article().unwrap().read,
        "not before the user is active"
    );
    update(&mut state, Action::MoveDown, NOW + 10);
    let id = state.selected_article().unwrap().id;
    assert!(update(&mut state, Action::Tick, NOW + 11).is_empty());
    assert_eq!(
        update(&mut state, Action::Tick, NOW + 12),
        vec![Command::SetRead {
            ids: vec![id],
            read: true
        }]
    );
    update(&mut state, Action::ToggleRead, NOW + 13);
    update(&mut state, Action::Tick, NOW + 20);
    assert!(
        !state.selected_article().unwrap().read,
        "m to unread is respected"
    );
}

#[test]
fn bodies_not_in_memory_are_asked_of_the_cache() {
    let mut state = sample_state(120, 40);
    let mut cached = article(0, "Cached story about Huawei", Topic::China, &["Huawei"], 1);
    cached.body.clear();
    let id = cached.id;
    ainews_tui::app::update::merge_articles(&mut state, vec![cached]);
    let commands = update(&mut state, Action::Top, NOW);
    assert_eq!(commands, vec![Command::LoadBody(id)]);
    assert!(
        update(&mut state, Action::Tick, NOW).is_empty(),
        "asked once"
    );
    update(
        &mut state,
        Action::BodyLoaded {
            id,
            body: Some("<p>From the cache.</p>".into()),
            enclosures: Vec::new(),
        },
        NOW,
    );
    assert_eq!(
        state.preview.text.as_ref().unwrap().body.trim(),
        "From the cache."
    );
}

#[test]
fn the_cache_restores_articles_feeds_and_the_view() {
    use ainews_tui::store::{FeedRecord, UiMemory};
    let mut state = ui_support::empty_state();
    let mut articles = ui_support::articles();
    articles[3].read = true;
    let wanted = articles[5].id;
    let mut feeds = std::collections::HashMap::new();
    feeds.insert(
        FeedId(1),
        FeedRecord {
            last_error: Some("HTTP 500".into()),
            ..FeedRecord::default()
        },
    );
    let ui = UiMemory {
        topic: None,
        unread_only: true,
        starred_only: false,
        selected: Some(wanted),
    };
    update(
        &mut state,
        Action::CacheLoaded {
            articles: articles.into(),
            corrections: Default::default(),
            feeds,
            ui,
        },
        NOW,
    );
    assert_eq!(
        state.list.view.len(),
        11,
        "unread only, as the user left it"
    );
    assert_eq!(state.selected_article().unwrap().id, wanted);
    assert_eq!(state.feeds.failing_count(), 1);
}

#[test]
fn the_trend_view_counts_sides_and_updates_live() {
    let mut state = sample_state(120, 40);
    update(&mut state, Action::ToggleTrend, NOW);
    let trend = state.overlay.trend.clone().expect("computed when opened");
    assert_eq!(trend.days.len(), 14);
    let today = trend.days.last().unwrap();
    assert_eq!((today.us, today.china, today.both), (2, 2, 2), "{today:?}");
    let fresh = article(1, "Chip ban widens", Topic::Both, &["chip ban"], 1);
    update(
        &mut state,
        finished(
            1,
            FeedOutcome::Updated {
                articles: vec![fresh],
            },
            NOW,
            NOW + 60,
        ),
        NOW,
    );
    assert_eq!(
        state
            .overlay
            .trend
            .as_ref()
            .unwrap()
            .days
            .last()
            .unwrap()
            .both,
        3
    );
    update(&mut state, Action::Back, NOW);
    assert_eq!(state.overlay.mode(), Mode::Normal);
}

#[test]
fn one_line_per_story_and_x_lists_its_other_sources() {
    use ainews_tui::app::state::StoryMark;
    let mut state = sample_state(120, 40);
    let mut rewrite = article(
        0,
        "Huawei readies Ascend 920 chips for AI training clusters",
        Topic::China,
        &["Huawei"],
        6,
    );
    rewrite.link = Some("https://other.example.com/huawei-ascend".into());
    let rewrite_id = rewrite.id;
    ainews_tui::app::update::merge_articles(&mut state, vec![rewrite]);
    assert_eq!(
        state.list.view.len(),
        13,
        "its own story until the cache groups it"
    );
    // The cache's writer stored it in the story of the sample's Ascend article.
    let original = ui_support::articles()[0].id;
    update(
        &mut state,
        Action::StoriesGrouped(vec![(rewrite_id, ClusterId(original))]),
        NOW,
    );
    assert_eq!(
        state.list.view.len(),
        12,
        "the rewrite folds under the first report"
    );
    assert_eq!(state.list.tab_counts[0], 13, "tabs still count articles");
    assert_eq!(state.list.view_marks[0], StoryMark::Lead { more: 1 });
    update(&mut state, Action::ToggleStory, NOW);
    assert_eq!(state.list.view.len(), 13);
    assert_eq!(state.list.view_marks[1], StoryMark::Member);
    assert_eq!(state.list.selected, 0, "the selection stays on the story");
    update(&mut state, Action::MoveDown, NOW);
    update(&mut state, Action::ToggleStory, NOW);
    assert_eq!(state.list.view.len(), 12, "x on a member folds its story");
    assert_eq!(state.list.selected, 0);
}

#[test]
fn the_watchlist_counts_unread_matches_and_w_filters_to_them() {
    let mut state = ui_support::watching(&["Nvidia", "Entity List", "Rapidus"]);
    let counts: Vec<(&str, usize)> = state
        .list
        .watch_counts
        .iter()
        .map(|(t, n)| (t.as_str(), *n))
        .collect();
    assert_eq!(counts, [("Nvidia", 2), ("Entity List", 1), ("Rapidus", 0)]);
    update(&mut state, Action::ToggleWatchedOnly, NOW);
    assert_eq!(state.list.view.len(), 3);
    update(&mut state, Action::ToggleRead, NOW);
    update(&mut state, Action::ToggleWatchedOnly, NOW);
    let nvidia = state.list.watch_counts[0].1 + state.list.watch_counts[1].1;
    assert_eq!(nvidia, 2, "read articles no longer count");
}

#[test]
fn the_rest_of_the_cache_arrives_later_and_the_old_selection_is_found() {
    use ainews_tui::store::UiMemory;
    let mut state = ui_support::empty_state();
    let all = ui_support::articles();
    let wanted = all[10].id;
    let ui = UiMemory {
        selected: Some(wanted),
        ..UiMemory::default()
    };
    let newest = all[..5].to_vec();
    let feeds = std::collections::HashMap::new();
    update(
        &mut state,
        Action::CacheLoaded {
            articles: newest.into(),
            corrections: Default::default(),
            feeds,
            ui,
        },
        NOW,
    );
    assert_eq!(state.list.view.len(), 5);
    let names = ainews_tui::app::state::feed_names(&state.feeds.statuses);
    let cached = ainews_tui::app::rows::CachedRows::build(all, &names, None);
    update(&mut state, Action::CacheRest(Box::new(cached)), NOW);
    assert_eq!(
        state.list.view.len(),
        12,
        "the rest merges without duplicates"
    );
    assert_eq!(state.selected_article().unwrap().id, wanted);
}

#[test]
fn the_rest_of_the_cache_keeps_marks_and_articles_that_came_before_it() {
    let mut state = ui_support::empty_state();
    let mut all = ui_support::articles();
    let fetched_since = all.pop().unwrap();
    update(
        &mut state,
        Action::CacheLoaded {
            articles: all[..5].to_vec().into(),
            corrections: Default::default(),
            feeds: std::collections::HashMap::new(),
            ui: ainews_tui::store::UiMemory::default(),
        },
        NOW,
    );
    // The user stars the selected article and a feed delivers one the cache read misses.
    update(&mut state, Action::ToggleStar, NOW);
    let starred = state.selected_article().unwrap().id;
    ainews_tui::app::update::merge_articles(&mut state, vec![fetched_since.clone()]);

    // The cache was read before either happened.
    let names = ainews_tui::app::state::feed_names(&state.feeds.statuses);
    let cached = ainews_tui::app::rows::CachedRows::build(all.clone(), &names, None);
    update(&mut state, Action::CacheRest(Box::new(cached)), NOW);

    assert_eq!(state.index.rows.len(), all.len() + 1);
    let row = |id| &state.index.rows[state.index.positions[&id]];
    assert!(
        row(starred).article.starred,
        "the star made meanwhile stays"
    );
    assert_eq!(row(fetched_since.id).article.title, fetched_since.title);
    let whens: Vec<i64> = state.index.rows.iter().map(|r| r.article.when()).collect();
    assert!(whens.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

fn set_topic_commands(commands: &[Command]) -> Vec<Command> {
    commands
        .iter()
        .filter(|c| matches!(c, Command::SetTopic { .. } | Command::Learn { .. }))
        .cloned()
        .collect()
}

#[test]
fn c_sets_the_topic_by_hand_and_a_refetch_keeps_it_until_r_gives_it_back() {
    use ainews_tui::store::{Correction, TopicSource};
    let mut state = sample_state(120, 40);
    state.classifier = Some(std::sync::Arc::new(
        ainews_tui::topics::classify::Classifier::new(&Default::default()).unwrap(),
    ));
    let huawei = state.selected_article().unwrap().clone();
    assert_eq!(huawei.topic, Topic::China);
    assert_eq!(state.list.tab_counts, [12, 4, 3, 3, 2]);

    assert!(update(&mut state, Action::StartTopicPick, NOW).is_empty());
    assert_eq!(state.overlay.mode(), Mode::TopicPick);
    assert_eq!(
        state.status.message.as_ref().unwrap().0,
        "topic: u US · c China · b Head-to-head · o Other · r as the rules say"
    );
    // The question stays up while it waits for its answer.
    update(&mut state, Action::Tick, NOW + 60);
    assert!(state.status.message.is_some());

    let commands = update(&mut state, Action::CorrectTopic(Some(Topic::Us)), NOW + 60);
    assert_eq!(
        set_topic_commands(&commands),
        [
            Command::SetTopic {
                id: huawei.id,
                topic: Some(Topic::Us)
            },
            // The topic model learns from it.
            Command::Learn {
                id: huawei.id,
                lesson: Some(ainews_tui::model::Lesson {
                    title: huawei.title.clone(),
                    topic: Topic::Us
                })
            }
        ]
    );
    assert_eq!(state.overlay.mode(), Mode::Normal);
    assert_eq!(state.selected_article().unwrap().topic, Topic::Us);
    assert_eq!(
        state.list.tab_counts,
        [12, 5, 2, 3, 2],
        "one article moved China -> US"
    );
    assert_eq!(state.index.topic_source(huawei.id), TopicSource::User);
    assert_eq!(
        state.index.corrections[&huawei.id],
        Correction {
            topic: Topic::Us,
            rules: Topic::China
        }
    );
    assert_eq!(
        state.status.message.as_ref().unwrap().0,
        "topic set to US by you · c r gives it back to the rules"
    );
    let screen = ui_support::render(&state);
    assert!(screen.contains("US (set by you)"), "{screen}");
    assert!(screen.contains("the rules say China"), "{screen}");

    // The feed delivers the article again and the rules now call it head-to-head: the
    // reader's topic still shows, nothing is written.
    let mut again = huawei.clone();
    again.topic = Topic::Both;
    let commands = update(
        &mut state,
        finished(
            2,
            FeedOutcome::Updated {
                articles: vec![again],
            },
            NOW + 120,
            NOW + 1800,
        ),
        NOW + 120,
    );
    assert!(set_topic_commands(&commands).is_empty());
    let row = &state.index.rows[state.index.positions[&huawei.id]];
    assert_eq!(row.article.topic, Topic::Us);
    assert_eq!(state.index.corrections[&huawei.id].rules, Topic::Both);
    assert_eq!(state.list.tab_counts, [12, 5, 2, 3, 2]);

    // c r: back to what the rules say now.
    update(&mut state, Action::StartTopicPick, NOW + 180);
    let commands = update(&mut state, Action::CorrectTopic(None), NOW + 180);
    assert_eq!(
        set_topic_commands(&commands),
        [
            Command::SetTopic {
                id: huawei.id,
                topic: None
            },
            Command::Learn {
                id: huawei.id,
                lesson: None
            }
        ]
    );
    assert_eq!(state.selected_article().unwrap().topic, Topic::Both);
    assert_eq!(state.list.tab_counts, [12, 4, 2, 4, 2]);
    assert_eq!(state.index.topic_source(huawei.id), TopicSource::Rules);
    assert_eq!(
        state.status.message.as_ref().unwrap().0,
        "topic back to the rules: Head-to-head"
    );
    let screen = ui_support::render(&state);
    assert!(!screen.contains("(set by you)"), "{screen}");
}

#[test]
fn choosing_the_rules_topic_removes_the_correction_and_esc_changes_nothing() {
    let mut state = sample_state(120, 40);
    let id = state.selected_article().unwrap().id;
    update(&mut state, Action::StartTopicPick, NOW);
    update(&mut state, Action::CorrectTopic(Some(Topic::Other)), NOW);
    assert_eq!(state.list.tab_counts, [12, 4, 2, 3, 3]);

    // Esc: the picker closes, the topic stays.
    update(&mut state, Action::StartTopicPick, NOW);
    let commands = update(&mut state, Action::Back, NOW);
    assert!(set_topic_commands(&commands).is_empty());
    assert_eq!(state.overlay.mode(), Mode::Normal);
    assert_eq!(state.status.message.as_ref().unwrap().0, "topic unchanged");
    assert_eq!(state.selected_article().unwrap().topic, Topic::Other);

    // Picking what the rules say (China) is the undo, not a second correction.
    update(&mut state, Action::StartTopicPick, NOW);
    let commands = update(&mut state, Action::CorrectTopic(Some(Topic::China)), NOW);
    assert_eq!(
        set_topic_commands(&commands),
        [
            Command::SetTopic { id, topic: None },
            Command::Learn { id, lesson: None }
        ]
    );
    assert!(state.index.corrections.is_empty());
    assert_eq!(state.list.tab_counts, [12, 4, 3, 3, 2]);

    // Again: nothing to undo, nothing written.
    update(&mut state, Action::StartTopicPick, NOW);
    let commands = update(&mut state, Action::CorrectTopic(None), NOW);
    assert!(set_topic_commands(&commands).is_empty());
    assert_eq!(
        state.status.message.as_ref().unwrap().0,
        "the topic is China already"
    );
}

#[test]
fn the_keys_of_the_topic_picker() {
    use ainews_tui::app::keymap::map_key;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);
    assert_eq!(
        map_key(&key(KeyCode::Char('c')), Mode::Normal),
        Some(Action::StartTopicPick)
    );
    let picked = |c: KeyCode| map_key(&key(c), Mode::TopicPick);
    assert_eq!(
        picked(KeyCode::Char('u')),
        Some(Action::CorrectTopic(Some(Topic::Us)))
    );
    assert_eq!(
        picked(KeyCode::Char('c')),
        Some(Action::CorrectTopic(Some(Topic::China)))
    );
    assert_eq!(
        picked(KeyCode::Char('b')),
        Some(Action::CorrectTopic(Some(Topic::Both)))
    );
    assert_eq!(
        picked(KeyCode::Char('o')),
        Some(Action::CorrectTopic(Some(Topic::Other)))
    );
    assert_eq!(picked(KeyCode::Char('r')), Some(Action::CorrectTopic(None)));
    assert_eq!(picked(KeyCode::Esc), Some(Action::Back));
    assert_eq!(
        picked(KeyCode::Char('j')),
        Some(Action::Back),
        "others cancel"
    );
    assert_eq!(
        map_key(
            &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Mode::TopicPick
        ),
        Some(Action::Quit)
    );
}

#[test]
fn corrections_from_the_cache_show_on_the_first_screen_and_on_the_rest() {
    use ainews_tui::store::{Correction, TopicSource};
    let mut state = ui_support::empty_state();
    let all = ui_support::articles();
    // all[0] (China by the rules) is on the first screen, all[9] (Both) only in the rest.
    let (first, later) = (all[0].id, all[9].id);
    assert_eq!((all[0].topic, all[9].topic), (Topic::China, Topic::Both));
    let corrections = [(first, Topic::Us), (later, Topic::Other)]
        .into_iter()
        .map(|(id, topic)| {
            (
                id,
                Correction {
                    topic,
                    rules: topic,
                },
            )
        })
        .collect();
    update(
        &mut state,
        Action::CacheLoaded {
            articles: all[..5].to_vec().into(),
            corrections,
            feeds: Default::default(),
            ui: Default::default(),
        },
        NOW,
    );
    assert_eq!(
        state.index.rows[state.index.positions[&first]]
            .article
            .topic,
        Topic::Us
    );
    assert_eq!(
        state.index.corrections[&first].rules,
        Topic::China,
        "the rules' topic as loaded"
    );
    assert_eq!(state.index.topic_source(first), TopicSource::User);

    let names = ainews_tui::app::state::feed_names(&state.feeds.statuses);
    let cached = ainews_tui::app::rows::CachedRows::build(all, &names, None);
    update(&mut state, Action::CacheRest(Box::new(cached)), NOW);
    assert_eq!(
        state.index.rows[state.index.positions[&first]]
            .article
            .topic,
        Topic::Us
    );
    assert_eq!(
        state.index.rows[state.index.positions[&later]]
            .article
            .topic,
        Topic::Other
    );
    assert_eq!(state.index.corrections[&later].rules, Topic::Both);
    assert_eq!(state.list.tab_counts, [12, 5, 2, 2, 3]);
}

#[test]
fn a_topic_set_by_hand_is_underlined_in_the_list() {
    use ratatui::style::Modifier;
    let mut state = sample_state(120, 40);
    let badge_cell = |state: &ainews_tui::app::State| {
        let backend = ratatui::backend::TestBackend::new(120, 40);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|frame| ainews_tui::ui::draw(frame, state))
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        // The first list line: find the badge of the selected (first) article.
        let y = (0..40)
            .find(|&y| {
                (0..60)
                    .map(|x| buffer[(x, y)].symbol().to_owned())
                    .collect::<String>()
                    .contains("Huawei")
            })
            .unwrap();
        let cells: Vec<String> = (0..60)
            .map(|x| buffer[(x, y)].symbol().to_owned())
            .collect();
        let x = (0..59)
            .find(|&x| {
                matches!(
                    (cells[x].as_str(), cells[x + 1].as_str()),
                    ("U", "S") | ("C", "N")
                )
            })
            .unwrap();
        (
            format!("{}{}", cells[x], cells[x + 1]),
            buffer[(x as u16, y)].modifier,
        )
    };
    let (badge, modifier) = badge_cell(&state);
    assert_eq!(badge, "CN");
    assert!(!modifier.contains(Modifier::UNDERLINED));
    update(&mut state, Action::StartTopicPick, NOW);
    update(&mut state, Action::CorrectTopic(Some(Topic::Us)), NOW);
    let (badge, modifier) = badge_cell(&state);
    assert_eq!(badge, "US");
    assert!(modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn alerts_arriving_together_are_one_notification_a_moment_later() {
    use ainews_tui::alerts::{Alert, Notification};
    let mut state = sample_state(120, 40);
    let alert = |title: &str, label: &str| Alert {
        title: title.to_string(),
        source: "Wire".to_string(),
        link: format!("https://news.example/{}", title.len()),
        topic: Topic::China,
        labels: vec![label.to_string()],
    };
    update(
        &mut state,
        Action::Alerts(vec![alert("DeepSeek R3", "DeepSeek")]),
        NOW,
    );
    update(
        &mut state,
        Action::Alerts(vec![alert("H20 resumes", "H20")]),
        NOW,
    );
    assert!(
        update(&mut state, Action::Tick, NOW).is_empty(),
        "waits a moment"
    );
    let commands = update(&mut state, Action::Tick, NOW + 1);
    assert_eq!(
        commands,
        vec![Command::Alert(Notification {
            title: "2 new: DeepSeek, H20".into(),
            source: "Wire".into(),
            link: "https://news.example/11".into(),
            topic: "China".into(),
            view: "DeepSeek, H20".into(),
        })]
    );
    assert_eq!(
        state.status.message.as_ref().map(|m| m.0.as_str()),
        Some("◆ 2 new: DeepSeek, H20 · Wire")
    );
    assert!(
        update(&mut state, Action::Tick, NOW + 5).is_empty(),
        "told once"
    );
}

mod queries_in_the_search {
    use super::*;
    use ui_support::render;

    fn type_text(state: &mut ainews_tui::app::State, text: &str) {
        update(state, Action::StartSearch, NOW);
        for c in text.chars() {
            update(state, Action::SearchInput(c), NOW);
        }
    }

    #[test]
    fn a_query_filters_by_fields_negation_and_or() {
        let mut state = sample_state(120, 40);
        type_text(&mut state, "nvidia OR huawei -topic:us");
        let found = titles(&state);
        assert!(!found.is_empty());
        assert!(
            state.list.view.iter().all(|&i| {
                let a = &state.index.rows[i as usize].article;
                let title = a.title.to_lowercase();
                a.topic != Topic::Us && (title.contains("nvidia") || title.contains("huawei"))
            }),
            "{found:?}"
        );
        let mut unread = sample_state(120, 40);
        type_text(&mut unread, "is:unread topic:china");
        assert_eq!(unread.list.view.len(), 3);
    }

    #[test]
    fn a_bad_query_says_where_and_the_list_keeps_its_last_good_result() {
        let mut state = sample_state(120, 40);
        type_text(&mut state, "topic:china");
        let good = titles(&state);
        assert_eq!(good.len(), 3);
        // An open parenthesis is an error: the list keeps what `topic:china` found.
        update(&mut state, Action::SearchInput(' '), NOW);
        update(&mut state, Action::SearchInput('('), NOW);
        let error = state.list.query_error.clone().expect("an error");
        assert_eq!(error.column, 13);
        assert_eq!(titles(&state), good, "the last good result stays");
        let screen = render(&state);
        let last = screen.lines().last().unwrap();
        assert!(
            last.starts_with(" /topic:china (▏ ✗ column 13: this `(` is never closed: add a `)`"),
            "{last}"
        );
        let mut typo = sample_state(120, 40);
        type_text(&mut typo, "topci:china");
        let screen = render(&typo);
        let last = screen.lines().last().unwrap();
        assert!(
            last.starts_with(
                " /topci:china▏ ✗ column 1: unknown field `topci:` (did you mean `topic:`?)"
            ),
            "{last}"
        );
        // Fixed, the query applies again.
        for _ in 0..2 {
            update(&mut state, Action::SearchBackspace, NOW);
        }
        assert_eq!(state.list.query_error, None);
        assert_eq!(titles(&state), good);
    }

    #[test]
    fn plain_words_search_as_before_and_fold_traditional_chinese() {
        let mut state = sample_state(120, 40);
        type_text(&mut state, "nvid");
        assert!(matches!(
            state.list.applied,
            ainews_tui::app::list_pane::Applied::Plain(_)
        ));
        assert!(
            titles(&state)
                .iter()
                .all(|t| t.to_lowercase().contains("nvid"))
        );
        let mut chinese = sample_state(120, 40);
        type_text(&mut chinese, "阿里巴巴");
        let simplified = titles(&chinese);
        let mut traditional = sample_state(120, 40);
        type_text(&mut traditional, "阿里巴巴發布");
        assert_eq!(titles(&traditional), simplified);
        assert_eq!(simplified.len(), 1);
    }
}
