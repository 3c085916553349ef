//! Start-up and `headlines` reads over a 100,000-article cache: the first frame waits on
//! `load_articles`, so it must stay well under 100 ms in release.
//!
//! The database is built once per run under Cargo's target tmp dir (about 20 feeds, real-
//! looking titles, 2 KB bodies) and reused by every benchmark.

use std::path::PathBuf;
use std::sync::OnceLock;

use ainews_tui::ingest::fetch::Validators;
use ainews_tui::ingest::poller::{FeedOutcome, FeedReport};
use ainews_tui::model::{Article, ArticleId, FeedId, Topic};
use ainews_tui::store::{self, FeedKey, HeadlineQuery, Store, WriteOp};
use divan::Bencher;

const ARTICLES: usize = 100_000;
const FEEDS: usize = 20;
const BATCH: usize = 500;
const NOW: i64 = 1_790_000_000;

struct Fixture {
    store: Store,
    feeds: Vec<FeedKey>,
    sample_id: ArticleId,
}

fn main() {
    report_cpu_time();
    divan::main();
}

/// Wall-clock times on a shared machine include waiting for a core; the kernel's per-thread
/// schedstat tells the time actually spent running apart from the time spent waiting.
/// Results are dropped outside the measured span, as the app keeps what it loads.
fn report_cpu_time() {
    let fixture = fixture();
    let newest = HeadlineQuery {
        limit: Some(50),
        ..HeadlineQuery::default()
    };
    let runs = 10;
    let mut on_core = 0;
    let mut waiting = 0;
    let mut wall = std::time::Duration::ZERO;
    let mut kept = Vec::new();
    for _ in 0..runs {
        let (Some(before), start) = (schedstat(), std::time::Instant::now()) else {
            return;
        };
        kept.push(fixture.store.load_articles(&fixture.feeds).expect("load"));
        wall += start.elapsed();
        let Some(after) = schedstat() else { return };
        on_core += after.0 - before.0;
        waiting += after.1 - before.1;
    }
    drop(kept);
    let ms = |ns: u64| ns as f64 / 1e6 / f64::from(runs);
    println!(
        "load_articles: {:.1} ms on a core, {:.1} ms waiting for one, {:.1} ms wall \
         (mean of {runs}, results kept)",
        ms(on_core),
        ms(waiting),
        wall.as_secs_f64() * 1000.0 / f64::from(runs),
    );
    let (Some(before), start) = (schedstat(), std::time::Instant::now()) else {
        return;
    };
    for _ in 0..runs {
        std::hint::black_box(fixture.store.headlines(&newest).expect("headlines"));
    }
    let Some(after) = schedstat() else { return };
    println!(
        "headlines_newest_50: {:.2} ms on a core, {:.2} ms wall (mean of {runs})",
        ms(after.0 - before.0),
        start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs),
    );
}

/// (nanoseconds running, nanoseconds runnable but waiting) of this thread; Linux only.
fn schedstat() -> Option<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    Some((fields.next()??, fields.next()??))
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(build)
}

fn build() -> Fixture {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("store_load_bench");
    // A previous run's cache may be of an older schema or size: start clean.
    let _ = std::fs::remove_dir_all(&dir);
    let store = store::open(&dir).expect("bench cache opens").store;
    let feeds: Vec<FeedKey> = (0..FEEDS)
        .map(|i| FeedKey {
            id: FeedId(i as u32),
            url: format!("https://feed{i}.example.com/rss"),
        })
        .collect();
    let per_feed = ARTICLES / FEEDS;
    let mut rng = fastrand::Rng::with_seed(7);
    let mut sample_id = None;
    for feed in &feeds {
        for start in (0..per_feed).step_by(BATCH) {
            let articles: Vec<Article> = (start..start + BATCH)
                .map(|n| article(&mut rng, feed, n))
                .collect();
            sample_id.get_or_insert(articles[0].id);
            store
                .write(WriteOp::FeedResult {
                    feed_url: feed.url.clone(),
                    report: FeedReport {
                        outcome: FeedOutcome::Updated { articles },
                        at: NOW,
                        next_refresh: NOW + 1800,
                        feed_title: Some(format!("Feed {}", feed.id.0)),
                        validators: Validators::default(),
                        moved_to: None,
                    },
                })
                .expect("bench write");
        }
    }
    Fixture {
        store,
        feeds,
        sample_id: sample_id.expect("at least one article"),
    }
}

const SUBJECTS: &[&str] = &[
    "DeepSeek",
    "OpenAI",
    "Nvidia",
    "Huawei",
    "Alibaba's Qwen team",
    "Anthropic",
    "SMIC",
    "The Commerce Department",
    "Baidu",
    "Moonshot AI",
    "Google DeepMind",
    "TSMC",
    "Zhipu",
    "Meta",
    "Tencent",
    "ByteDance",
];
const VERBS: &[&str] = &[
    "unveils",
    "trains",
    "cuts prices of",
    "faces new limits on",
    "open-sources",
    "ships",
    "benchmarks",
    "stockpiles",
    "raises $2bn for",
    "delays",
];
const OBJECTS: &[&str] = &[
    "a reasoning model that rivals GPT-5",
    "H20 chips for the Chinese market",
    "its largest data centre yet",
    "export controls on high-bandwidth memory",
    "an agent platform for enterprises",
    "7nm accelerators despite sanctions",
    "a 1-trillion-parameter mixture-of-experts model",
    "AI safety commitments",
];

fn article(rng: &mut fastrand::Rng, feed: &FeedKey, n: usize) -> Article {
    let title = format!(
        "{} {} {}",
        SUBJECTS[rng.usize(..SUBJECTS.len())],
        VERBS[rng.usize(..VERBS.len())],
        OBJECTS[rng.usize(..OBJECTS.len())]
    );
    let guid = format!("{}#{n}", feed.url);
    let mut body = String::with_capacity(2100);
    while body.len() < 2000 {
        body.push_str("<p>");
        body.push_str(&title);
        body.push_str(", according to people familiar with the matter.</p>\n");
    }
    let published = NOW - rng.i64(0..90 * 24 * 3600);
    Article {
        id: ArticleId::derive(&feed.url, Some(&guid), None, &title, Some(published)),
        feed: feed.id,
        guid: Some(guid),
        link: Some(format!("https://news.example.com/{}/{n}", feed.id.0)),
        title,
        body,
        // One in ten has no date and sorts by when it was first seen.
        published: (n % 10 != 0).then_some(published),
        first_seen: NOW - rng.i64(0..90 * 24 * 3600),
        topic: Topic::ALL[rng.usize(..Topic::ALL.len())],
        terms: vec!["Nvidia".to_owned(), "export controls".to_owned()],
        read: rng.bool(),
        starred: rng.u8(..) == 0,
    }
}

#[divan::bench(sample_count = 20)]
fn load_articles(bencher: Bencher) {
    let fixture = fixture();
    let loaded = fixture.store.load_articles(&fixture.feeds).expect("load");
    assert_eq!(loaded.len(), ARTICLES);
    bencher.bench(|| fixture.store.load_articles(&fixture.feeds).expect("load"));
}

#[divan::bench(sample_count = 50)]
fn headlines_newest_50(bencher: Bencher) {
    let fixture = fixture();
    let query = HeadlineQuery {
        limit: Some(50),
        ..HeadlineQuery::default()
    };
    bencher.bench(|| fixture.store.headlines(&query).expect("headlines"));
}

#[divan::bench(sample_count = 20)]
fn headlines_china_unread_search_50(bencher: Bencher) {
    let fixture = fixture();
    let query = HeadlineQuery {
        topic: Some(Topic::China),
        unread_only: true,
        search: Some("huawei".to_owned()),
        limit: Some(50),
        ..HeadlineQuery::default()
    };
    bencher.bench(|| fixture.store.headlines(&query).expect("headlines"));
}

#[divan::bench(sample_count = 20)]
fn headlines_all(bencher: Bencher) {
    let fixture = fixture();
    bencher.bench(|| {
        fixture
            .store
            .headlines(&HeadlineQuery::default())
            .expect("headlines")
    });
}

#[divan::bench]
fn load_body(bencher: Bencher) {
    let fixture = fixture();
    bencher.bench(|| fixture.store.load_body(fixture.sample_id).expect("body"));
}
