//! Story clustering measured on `tests/fixtures/topics/duplicates.tsv`: hand-written
//! rewrites of one event by different outlets and hard non-duplicates (same company,
//! another story). Run with `--nocapture` to see precision, recall and the threshold sweep.

use ainews_tui::model::{ArticleId, FeedId};
use ainews_tui::topics::cluster::{
    SAME_STORY_THRESHOLD, StoryIndex, StoryItem, cluster, same_story, title_similarity,
};

/// One pair below what the rules reach (precision 0.974, recall 1.000: 38 of 38 rewrites,
/// 1 false merge).
const MIN_PRECISION: f64 = 0.96;
const MIN_RECALL: f64 = 0.97;

struct Pair {
    line: usize,
    /// In the held-out part of the file (after `#! holdout`).
    holdout: bool,
    same: bool,
    a: String,
    b: String,
}

fn pairs() -> Vec<Pair> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/topics/duplicates.tsv"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{path}: {err}"));
    let mut pairs = Vec::new();
    let mut holdout = false;
    for (index, line) in text.lines().enumerate() {
        if line.trim() == "#! holdout" {
            holdout = true;
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            columns.len(),
            3,
            "line {}: label, title A, title B",
            index + 1
        );
        let same = match columns[0] {
            "same" => true,
            "diff" => false,
            other => panic!("line {}: unknown label {other:?}", index + 1),
        };
        pairs.push(Pair {
            line: index + 1,
            holdout,
            same,
            a: columns[1].to_string(),
            b: columns[2].to_string(),
        });
    }
    pairs
}

/// Two articles of different feeds, two hours apart, without links: only the titles decide.
fn items(pair: &Pair) -> [StoryItem<'_>; 2] {
    [
        StoryItem {
            id: ArticleId(1),
            feed: FeedId(1),
            link: None,
            title: &pair.a,
            time: 1_700_000_000,
        },
        StoryItem {
            id: ArticleId(2),
            feed: FeedId(2),
            link: None,
            title: &pair.b,
            time: 1_700_000_000 + 2 * 3600,
        },
    ]
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Counts {
    fn add(&mut self, truth: bool, said: bool) {
        match (truth, said) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn fixture_is_large_and_balanced() {
    let pairs: Vec<Pair> = pairs().into_iter().filter(|p| !p.holdout).collect();
    let same = pairs.iter().filter(|p| p.same).count();
    assert!(pairs.len() >= 60, "only {} pairs", pairs.len());
    assert!(
        same * 3 >= pairs.len() && same * 3 <= pairs.len() * 2,
        "{same} of {}",
        pairs.len()
    );
}

/// Decides every pair with `same_story`, prints the misses and the totals, and returns
/// the counts.
fn report(name: &str, pairs: &[&Pair]) -> Counts {
    decide(
        name,
        pairs
            .iter()
            .map(|pair| (pair.line, pair.same, &pair.a[..], &pair.b[..], items(pair))),
    )
}

/// Decides each case (line, expected same, title A, title B, the two items) with
/// `same_story`, prints each miss and the totals, and returns the counts.
fn decide<'a>(
    set: &str,
    cases: impl Iterator<Item = (usize, bool, &'a str, &'a str, [StoryItem<'a>; 2])>,
) -> Counts {
    decide_showing(set, cases, true)
}

/// As `decide`, printing each miss only when `show_misses`: a held-out set's misses are
/// printed only on request (`AINEWS_SHOW_HOLDOUT_MISSES=1`), so that nobody tunes on them
/// by reading a test log.
fn decide_showing<'a>(
    set: &str,
    cases: impl Iterator<Item = (usize, bool, &'a str, &'a str, [StoryItem<'a>; 2])>,
    show_misses: bool,
) -> Counts {
    let mut counts = Counts::default();
    for (line, same, title_a, title_b, [a, b]) in cases {
        let said = same_story(&a, &b);
        counts.add(same, said);
        if said != same && show_misses {
            let hours = a.time.abs_diff(b.time) / 3600;
            println!(
                "{set}: miss at line {line} ({}, similarity {:.2}, {hours} h apart): {title_a} | {title_b}",
                if same { "same" } else { "diff" },
                title_similarity(title_a, title_b),
            );
        }
    }
    println!(
        "{set}: threshold {SAME_STORY_THRESHOLD:.2}: precision {:.3}, recall {:.3} \
         (tp {}, fp {}, fn {}, tn {}) over {} pairs",
        counts.precision(),
        counts.recall(),
        counts.tp,
        counts.fp,
        counts.fn_,
        counts.tn,
        counts.tp + counts.fp + counts.fn_ + counts.tn,
    );
    counts
}

#[test]
fn same_story_decision_reaches_precision_and_recall() {
    let pairs = pairs();
    let tuning: Vec<&Pair> = pairs.iter().filter(|p| !p.holdout).collect();
    let counts = report("tuning set", &tuning);
    println!("tuning set sweep (title similarity alone):");
    for step in (20..=60).step_by(2) {
        let threshold = f64::from(step) / 100.0;
        let mut sweep = Counts::default();
        for pair in &tuning {
            sweep.add(pair.same, title_similarity(&pair.a, &pair.b) >= threshold);
        }
        println!(
            "  {threshold:.2}: precision {:.3}, recall {:.3}",
            sweep.precision(),
            sweep.recall()
        );
    }
    assert!(
        counts.precision() >= MIN_PRECISION,
        "precision {:.3}",
        counts.precision()
    );
    assert!(
        counts.recall() >= MIN_RECALL,
        "recall {:.3}",
        counts.recall()
    );
}

/// Never tuned on: a lower bar, but one a regression in the rules would fail. Measured:
/// precision 0.917, recall 0.917 (tp 11, fp 1, fn 1, tn 11); floors one pair below.
#[test]
fn held_out_pairs_generalise() {
    let pairs = pairs();
    let holdout: Vec<&Pair> = pairs.iter().filter(|p| p.holdout).collect();
    assert!(holdout.len() >= 20, "only {} held-out pairs", holdout.len());
    let counts = report("held out", &holdout);
    assert!(
        counts.precision() >= 0.84,
        "precision {:.3}",
        counts.precision()
    );
    assert!(counts.recall() >= 0.83, "recall {:.3}", counts.recall());
}

/// The incremental index and the batch function decide every pair as `same_story` does.
#[test]
fn index_and_batch_agree_with_the_pairwise_decision() {
    for pair in pairs() {
        let [a, b] = items(&pair);
        let expected = same_story(&a, &b);
        let mut index = StoryIndex::new();
        let joined = index.insert(&a) == index.insert(&b);
        assert_eq!(joined, expected, "index, line {}", pair.line);
        let ids = cluster(&[b, a]);
        assert_eq!(ids[0] == ids[1], expected, "batch, line {}", pair.line);
    }
}

/// Inserts `n` synthetic articles, one every 52 seconds (50,000 a month), from 50 feeds;
/// every tenth is a one-word rewrite of the one before from another feed. Returns the
/// comparisons per insert over each half of the run and how many planted rewrites were
/// not found.
fn synthetic_run(n: usize) -> (f64, f64, usize) {
    let mut rng = fastrand::Rng::with_seed(7);
    let vocabulary: Vec<String> = (0..3_000).map(|i| format!("w{i}x")).collect();
    let common = ["AI", "China", "US", "chip", "model", "Nvidia", "export"];
    let mut titles: Vec<String> = Vec::with_capacity(n);
    for i in 0..n {
        if i % 10 == 9 {
            let mut words: Vec<&str> = titles[i - 1].split(' ').collect();
            words[0] = "reworded";
            titles.push(words.join(" "));
        } else {
            let mut words: Vec<&str> = (0..3).map(|_| common[rng.usize(..common.len())]).collect();
            words.extend((0..6).map(|_| vocabulary[rng.usize(..vocabulary.len())].as_str()));
            titles.push(words.join(" "));
        }
    }
    let mut index = StoryIndex::new();
    let mut ids = Vec::with_capacity(n);
    let mut at_half = 0;
    for (i, title) in titles.iter().enumerate() {
        if i == n / 2 {
            at_half = index.comparisons();
        }
        ids.push(index.insert(&StoryItem {
            id: ArticleId(i as u64 + 1),
            feed: FeedId((i % 50) as u32),
            link: None,
            title,
            time: 1_700_000_000 + (i as i64) * 52,
        }));
    }
    let missed = (9..n).step_by(10).filter(|&i| ids[i] != ids[i - 1]).count();
    let half = (n / 2) as f64;
    let first = at_half as f64 / half;
    let second = (index.comparisons() - at_half) as f64 / half;
    (first, second, missed)
}

/// The work per insert depends on how many articles share the window, not on how many
/// are indexed: once the 48 h window is full (3,300 articles here) it stays flat, far
/// below the number of articles in the window. Planted rewrites are all found. Counts
/// comparisons rather than timing, so it cannot flake.
#[test]
fn index_work_per_insert_stays_flat() {
    let (first, second, missed) = synthetic_run(16_000);
    println!(
        "comparisons per insert: {first:.1} over the first 8,000 articles, {second:.1} over the next"
    );
    assert_eq!(missed, 0, "planted rewrites missed");
    assert!(second < 100.0, "{second} comparisons per insert");
    assert!(
        second < first * 1.5,
        "{first} -> {second}: grows with the index"
    );
}

// Real headlines: `tests/fixtures/topics/real_stories/` holds pairs of headlines copied
// from outlets' pages (same story by two outlets, or the same company or agency in
// another story), with both URLs and the publication dates where the pages give them.
// Split once, before measuring, into a tuning and a held-out set (see its README).

/// A labeled pair of real headlines.
struct RealPair {
    line: usize,
    same: bool,
    a: String,
    b: String,
    url_a: String,
    url_b: String,
    /// Publication dates as Unix times at midnight UTC, when the page gives one.
    date_a: Option<i64>,
    date_b: Option<i64>,
}

fn parse_date(text: &str, line: usize) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .unwrap_or_else(|err| panic!("line {line}: date {text:?}: {err}"));
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

fn real_pairs(set: &str) -> Vec<RealPair> {
    let path = format!(
        "{}/tests/fixtures/topics/real_stories/{set}.tsv",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    let mut pairs = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            columns.len(),
            7,
            "{set} line {line_no}: label, title A, title B, url A, url B, date A, date B"
        );
        let same = match columns[0] {
            "same" => true,
            "diff" => false,
            other => panic!("{set} line {line_no}: unknown label {other:?}"),
        };
        pairs.push(RealPair {
            line: line_no,
            same,
            a: columns[1].to_string(),
            b: columns[2].to_string(),
            url_a: columns[3].to_string(),
            url_b: columns[4].to_string(),
            date_a: parse_date(columns[5], line_no),
            date_b: parse_date(columns[6], line_no),
        });
    }
    pairs
}

/// Two articles of different feeds, without links, so that only the titles and times
/// decide, as in `items`. Each article is at its publication date when both pages give
/// one (so the 48-hour window applies as it would in a feed); otherwise both are at the
/// same time and only the titles decide.
fn real_items(pair: &RealPair) -> [StoryItem<'_>; 2] {
    let (time_a, time_b) = match (pair.date_a, pair.date_b) {
        (Some(a), Some(b)) => (a, b),
        _ => (1_700_000_000, 1_700_000_000),
    };
    [
        StoryItem {
            id: ArticleId(1),
            feed: FeedId(1),
            link: None,
            title: &pair.a,
            time: time_a,
        },
        StoryItem {
            id: ArticleId(2),
            feed: FeedId(2),
            link: None,
            title: &pair.b,
            time: time_b,
        },
    ]
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn host(url: &str) -> &str {
    url.split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', '?'])
        .next()
        .unwrap_or(url)
}

/// The shape of a set: how many pairs, how many of them `same`, how many with a Chinese
/// title; every pair has two titles from two outlets with two URLs.
fn assert_real_shape(set: &str, pairs: &[RealPair], total: usize, same: usize, chinese: usize) {
    assert_eq!(pairs.len(), total, "{set}: pairs");
    assert_eq!(pairs.iter().filter(|p| p.same).count(), same, "{set}: same");
    let with_chinese = pairs
        .iter()
        .filter(|p| has_cjk(&p.a) || has_cjk(&p.b))
        .count();
    assert_eq!(with_chinese, chinese, "{set}: pairs with a Chinese title");
    for pair in pairs {
        let at = format!("{set} line {}", pair.line);
        assert!(
            !pair.a.trim().is_empty() && !pair.b.trim().is_empty(),
            "{at}: empty title"
        );
        assert_ne!(pair.a, pair.b, "{at}: the same title twice");
        for url in [&pair.url_a, &pair.url_b] {
            assert!(
                url.starts_with("https://") || url.starts_with("http://"),
                "{at}: url {url:?}"
            );
        }
        assert_ne!(
            host(&pair.url_a),
            host(&pair.url_b),
            "{at}: one outlet twice"
        );
    }
}

/// Decides every pair with `same_story`, prints the totals and, but for a held-out set
/// (see `decide_showing`), each miss.
fn real_report(set: &str, pairs: &[RealPair], held_out: bool) -> Counts {
    let show_misses = !held_out || std::env::var_os("AINEWS_SHOW_HOLDOUT_MISSES").is_some();
    decide_showing(
        set,
        pairs.iter().map(|pair| {
            (
                pair.line,
                pair.same,
                &pair.a[..],
                &pair.b[..],
                real_items(pair),
            )
        }),
        show_misses,
    )
}

/// Which languages a pair's titles are in: "en", "zh" or "en-zh".
fn real_language(pair: &RealPair) -> &'static str {
    match (has_cjk(&pair.a), has_cjk(&pair.b)) {
        (false, false) => "en",
        (true, true) => "zh",
        _ => "en-zh",
    }
}

/// Recall and precision per language, to see where the misses are.
fn print_by_language(set: &str, pairs: &[RealPair]) {
    for language in ["en", "zh", "en-zh"] {
        let mut counts = Counts::default();
        for pair in pairs.iter().filter(|p| real_language(p) == language) {
            let [a, b] = real_items(pair);
            counts.add(pair.same, same_story(&a, &b));
        }
        println!(
            "{set}, {language}: precision {:.3}, recall {:.3} (tp {}, fp {}, fn {}, tn {})",
            counts.precision(),
            counts.recall(),
            counts.tp,
            counts.fp,
            counts.fn_,
            counts.tn
        );
    }
}

/// The real tuning set: 133 pairs (72 same, 61 diff; 68 with a Chinese title): the first
/// split's 80 tuning pairs and its 53 held-out ones, which were looked at while tuning.
/// Measured when the first 80 were collected, with `SAME_STORY_THRESHOLD` 0.40: precision
/// 0.733, recall 0.250. Before translations were compared by what they keep (all 133):
/// precision 0.943, recall 0.694 (tp 50, fp 3, fn 22, tn 58); after: 0.962 / 0.694 (tp
/// 50, fp 2, fn 22, tn 59), English-Chinese 1.000 / 0.667. Floors one pair below.
#[test]
fn real_story_tuning_set_measures_the_decision() {
    let pairs = real_pairs("tuning");
    assert_real_shape("tuning", &pairs, 133, 72, 68);
    let counts = real_report("real tuning", &pairs, false);
    print_by_language("real tuning", &pairs);
    println!("real tuning sweep (title similarity alone, dates ignored):");
    for step in (10..=60).step_by(5) {
        let threshold = f64::from(step) / 100.0;
        let mut sweep = Counts::default();
        for pair in &pairs {
            sweep.add(pair.same, title_similarity(&pair.a, &pair.b) >= threshold);
        }
        println!(
            "  {threshold:.2}: precision {:.3}, recall {:.3}",
            sweep.precision(),
            sweep.recall()
        );
    }
    assert!(
        counts.precision() >= 0.96,
        "precision {:.3}",
        counts.precision()
    );
    assert!(counts.recall() >= 0.68, "recall {:.3}", counts.recall());
}

/// The real validation set: 64 pairs of events the tuning pairs do not cover (34 same,
/// 30 diff; 38 with a Chinese title). Measured before translations were compared by what
/// they keep: precision 0.941, recall 0.471 (tp 16, fp 1, fn 18, tn 29); after: 0.944 /
/// 0.500 (tp 17, fp 1, fn 17, tn 29). Its totals (and a few misses printed once) chose the
/// settings of that comparison, so it is not held out: `holdout.tsv` is. Floors one pair
/// below.
#[test]
fn real_story_validation_set_measures_the_decision() {
    measure_unseen_set("validation", [64, 34, 38], 0.94, 0.47);
}

/// The real held-out set, never tuned on: 60 pairs of yet other events (32 same, 28 diff;
/// 36 with a Chinese title), collected after the matcher was last changed and measured
/// once: precision 0.700, recall 0.438 (tp 14, fp 6, fn 18, tn 22); English 0.875 /
/// 0.500, Chinese 0.750 / 0.333, English-Chinese 0.500 / 0.444. Short of the targets
/// (0.9 and 0.7). Floors one pair below.
#[test]
fn real_story_holdout_set_measures_the_decision() {
    measure_unseen_set("holdout", [60, 32, 36], 0.68, 0.40);
}

/// Checks the shape of a set whose misses are not printed (`[pairs, same, with Chinese]`),
/// prints its totals by language, and holds its precision and recall to the floors.
fn measure_unseen_set(set: &str, shape: [usize; 3], precision: f64, recall: f64) {
    let pairs = real_pairs(set);
    assert_real_shape(set, &pairs, shape[0], shape[1], shape[2]);
    let name = format!("real {set}");
    let counts = real_report(&name, &pairs, true);
    print_by_language(&name, &pairs);
    assert!(
        counts.precision() >= precision,
        "precision {:.3}",
        counts.precision()
    );
    assert!(counts.recall() >= recall, "recall {:.3}", counts.recall());
}
