//! The query language over 100,000 articles of real headlines in English and Chinese (the
//! titles of tests/fixtures/topics/real, 200 feeds, watchlist hits found as the dashboard
//! finds them): each run compiles the query and evaluates it over every article, what one
//! keystroke in `/` costs. The target is at most 5 ms median.
//!
//! Run with `cargo bench --bench query` (the bench profile inherits `release`: no LTO).

use std::path::Path;
use std::sync::OnceLock;

use ainews_tui::model::{FeedId, Topic, UnixTime};
use ainews_tui::query::{Compiled, Subject, Vocabulary, search_key};
use ainews_tui::topics::watch::Watchlist;
use divan::Bencher;

const ARTICLES: usize = 100_000;
const FEEDS: usize = 200;
const NOW: UnixTime = 1_790_000_000;

/// Typical queries: plain words, a phrase, OR with a field, negation, Chinese, fields only,
/// and one that reads everything (a rare word nobody's title has).
const QUERIES: &[&str] = &[
    "nvidia",
    "\"export controls\"",
    "nvidia OR huawei topic:china",
    "华为 -is:read since:7d",
    "tag:policy watch:any",
    "(chips OR 芯片) -source:feed1 since:30d",
    "zyzzyva",
];

fn main() {
    let rows = rows();
    let vocabulary = vocabulary();
    for query in QUERIES {
        let compiled = Compiled::parse(query, vocabulary, NOW).expect("bench query compiles");
        let matched = rows.iter().filter(|row| compiled.matches(*row)).count();
        println!("{query:<45} {matched:>7} of {} articles", rows.len());
    }
    divan::main();
}

/// One article as the dashboard would keep it for queries: text normalized once.
struct Row {
    key: String,
    feed: FeedId,
    topic: Topic,
    read: bool,
    starred: bool,
    when: UnixTime,
    watch: Vec<u16>,
}

impl Subject for Row {
    fn search_key(&self) -> &str {
        &self.key
    }
    fn text_key(&self) -> Option<&str> {
        None
    }
    fn feed(&self) -> FeedId {
        self.feed
    }
    fn topic(&self) -> Topic {
        self.topic
    }
    fn read(&self) -> bool {
        self.read
    }
    fn starred(&self) -> bool {
        self.starred
    }
    fn when(&self) -> UnixTime {
        self.when
    }
    fn watch_hits(&self) -> &[u16] {
        &self.watch
    }
    fn has_full_text(&self) -> bool {
        false
    }
}

const WATCHLIST: &[&str] = &["DeepSeek", "H20", "export controls", "Ascend"];

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| Vocabulary {
        watchlist: WATCHLIST.iter().map(|t| (*t).to_owned()).collect(),
        // One feed in ten is tagged "policy".
        feed_tags: (0..FEEDS)
            .map(|feed| {
                let tags = if feed % 10 == 0 {
                    vec!["policy".to_owned()]
                } else {
                    vec![]
                };
                (FeedId(feed as u32), tags)
            })
            .collect(),
    })
}

/// The real headlines, English and Chinese, from the classifier's fixtures.
fn headlines() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/topics/real");
    let mut titles = Vec::new();
    for file in ["tuning.tsv", "holdout.tsv"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("fixture reads");
        for line in text.lines().filter(|line| !line.starts_with('#')) {
            if let Some(title) = line.split('\t').nth(1).filter(|t| !t.is_empty()) {
                titles.push(title.to_owned());
            }
        }
    }
    titles
}

fn rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let titles = headlines();
        let terms: Vec<String> = WATCHLIST.iter().map(|t| (*t).to_owned()).collect();
        let watchlist = Watchlist::new(&terms).expect("watchlist compiles");
        let mut rng = fastrand::Rng::with_seed(7);
        (0..ARTICLES)
            .map(|n| {
                let title = &titles[rng.usize(..titles.len())];
                let feed = n % FEEDS;
                Row {
                    key: search_key(title, &format!("Feed{feed} News")),
                    feed: FeedId(feed as u32),
                    topic: Topic::ALL[rng.usize(..Topic::ALL.len())],
                    read: rng.bool(),
                    starred: rng.u8(..) < 8,
                    when: NOW - rng.i64(0..90 * 86_400),
                    watch: watchlist
                        .matches(title, "")
                        .into_iter()
                        .map(|i| i as u16)
                        .collect(),
                }
            })
            .collect()
    })
}

/// One keystroke: compile the query, evaluate it over every article.
#[divan::bench(args = QUERIES, sample_count = 50)]
fn compile_and_filter_100k(bencher: Bencher, query: &str) {
    let rows = rows();
    let vocabulary = vocabulary();
    bencher.bench(|| {
        let compiled = Compiled::parse(query, vocabulary, NOW).expect("bench query compiles");
        rows.iter().filter(|row| compiled.matches(*row)).count()
    });
}

/// Compiling alone, for the share of the keystroke it takes.
#[divan::bench(args = QUERIES)]
fn compile_only(query: &str) -> Compiled {
    Compiled::parse(divan::black_box(query), vocabulary(), NOW).expect("bench query compiles")
}
