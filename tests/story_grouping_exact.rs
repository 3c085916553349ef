//! The stories of fixed sets of headlines, pinned: a change to how stories are found (the
//! index's layout, its candidate scan, the tokeniser's speed) must not change which
//! articles are grouped. The expected groupings were computed once and are kept as data
//! in `tests/fixtures/topics/story_grouping.expected`; a deliberate change to the matching
//! rules updates that file (`PRINT_STORY_GROUPING=1 cargo test --test story_grouping_exact
//! -- --nocapture --test-threads 1` prints its lines) and says why in its commit.
//!
//! Two sets: every headline of the topic fixtures (English and Chinese, real and written),
//! spread over a few days and feeds so that windows, feeds and links all decide; and the
//! synthetic 200 feeds x 50 items of the benchmarks. Each is grouped in one batch and
//! through the index in an order with late arrivals.

#[path = "../benches/support/synth.rs"]
mod synth;

use ainews_tui::model::{ArticleId, FeedId};
use ainews_tui::topics::cluster::{ClusterId, StoryIndex, StoryItem, cluster};

const FIXTURES: &[&str] = &[
    "duplicates.tsv",
    "eval.tsv",
    "holdout.tsv",
    "real/tuning.tsv",
    "real/holdout.tsv",
    "real_stories/tuning.tsv",
    "real_stories/validation.tsv",
    "real_stories/holdout.tsv",
];

/// The headlines of the fixtures, in file order: the title columns of the pair files, the
/// title column of the labelled ones.
fn fixture_titles() -> Vec<String> {
    let mut titles = Vec::new();
    for name in FIXTURES {
        let path = format!(
            "{}/tests/fixtures/topics/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let columns: Vec<&str> = line.split('\t').collect();
            let pair = matches!(columns[0], "same" | "diff");
            let wanted = if pair { 1..3 } else { 1..2 };
            for column in wanted {
                if let Some(title) = columns.get(column).filter(|t| !t.is_empty()) {
                    titles.push((*title).to_string());
                }
            }
        }
    }
    titles
}

/// Fixture headlines as articles: 13 feeds, times over about four days (so some
/// look-alikes fall outside the window), every tenth article sharing the link of the one
/// three before it.
fn fixture_items<'a>(titles: &'a [String], links: &'a [String]) -> Vec<StoryItem<'a>> {
    titles
        .iter()
        .enumerate()
        .map(|(i, title)| StoryItem {
            id: ArticleId(i as u64),
            feed: FeedId((i % 13) as u32),
            link: (i % 4 != 1).then(|| links[i].as_str()),
            title,
            time: 1_700_000_000 + ((i * 7919) % 400) as i64 * 900,
        })
        .collect()
}

fn fixture_links(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let target = if i % 10 == 9 { i - 3 } else { i };
            format!("https://example.com/story/{target}")
        })
        .collect()
}

fn synth_items() -> Vec<(FeedId, u64, synth::Item)> {
    (0..200)
        .flat_map(|feed| {
            synth::items(feed, 50, synth::FIXED_NEWEST)
                .into_iter()
                .enumerate()
                .map(move |(n, item)| (FeedId(feed as u32), (feed * 50 + n) as u64, item))
        })
        .collect()
}

/// Each article's story as the position (in `items`) of the story's named article.
fn positions(items: &[StoryItem<'_>], ids: &[ClusterId]) -> Vec<usize> {
    let at: std::collections::HashMap<ArticleId, usize> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id, i))
        .collect();
    ids.iter().map(|id| at[&id.0]).collect()
}

/// Through the index in time order, except that every seventh article arrives after all
/// the others (a feed that answered late).
fn with_late_arrivals(items: &[StoryItem<'_>]) -> Vec<ClusterId> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (i % 7 == 3, items[i].time, items[i].id));
    let mut index = StoryIndex::new();
    let mut ids = vec![ClusterId(ArticleId(0)); items.len()];
    for i in order {
        ids[i] = index.insert(&items[i]);
    }
    ids
}

/// A line of the expected file: the name and the positions, space-separated.
fn line(name: &str, positions: &[usize]) -> String {
    let numbers: Vec<String> = positions.iter().map(|p| p.to_string()).collect();
    format!("{name} {}", numbers.join(" "))
}

fn expected(name: &str) -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/topics/story_grouping.expected"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{path}: {err}"));
    text.lines()
        .find(|l| l.split(' ').next() == Some(name))
        .unwrap_or_else(|| panic!("{path}: no line for {name}"))
        .to_string()
}

fn assert_grouping(name: &str, items: &[StoryItem<'_>], ids: &[ClusterId]) {
    let got = line(name, &positions(items, ids));
    // A deliberate change of the rules prints the new lines for the expected file.
    if std::env::var_os("PRINT_STORY_GROUPING").is_some() {
        eprintln!("{got}");
        return;
    }
    let want = expected(name);
    assert!(
        got == want,
        "{name}: the stories changed; first difference at article {:?}",
        got.split(' ')
            .zip(want.split(' '))
            .position(|(a, b)| a != b)
            .map(|p| p - 1)
    );
}

#[test]
fn fixture_headlines_keep_their_stories() {
    let titles = fixture_titles();
    assert!(titles.len() > 900, "{} fixture headlines", titles.len());
    let links = fixture_links(titles.len());
    let items = fixture_items(&titles, &links);
    let batch = cluster(&items);
    assert!(
        batch.iter().collect::<std::collections::HashSet<_>>().len() < items.len() * 9 / 10,
        "the set has stories of several articles"
    );
    assert_grouping("fixtures-batch", &items, &batch);
    assert_grouping("fixtures-late", &items, &with_late_arrivals(&items));
}

#[test]
fn synthetic_feeds_keep_their_stories() {
    let synth = synth_items();
    let items: Vec<StoryItem<'_>> = synth
        .iter()
        .map(|(feed, id, item)| StoryItem {
            id: ArticleId(*id),
            feed: *feed,
            link: Some(&item.link),
            title: &item.title,
            time: item.published,
        })
        .collect();
    assert_grouping("synthetic-batch", &items, &cluster(&items));
    assert_grouping("synthetic-late", &items, &with_late_arrivals(&items));
}
