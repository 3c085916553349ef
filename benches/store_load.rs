//! Start-up and `headlines` reads over a 100,000-article cache: the first frame waits on
//! `load_articles`, so it must stay well under 100 ms in release.
//!
//! The database is built once per run under Cargo's target tmp dir (about 20 feeds, real-
//! looking titles, 2 KB bodies) and reused by every benchmark.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    report_memory();
    report_cpu_time();
    divan::main();
}

/// Counts the bytes the Rust heap holds, and its peak, so that the memory the dashboard
/// needs is measured exactly rather than read off an RSS that earlier work has inflated.
/// SQLite allocates through the C allocator and is not counted (its page caches are
/// bounded by `cache_size`).
struct CountingAlloc;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn count(grown: usize, shrunk: usize) {
    let live = LIVE.fetch_add(grown, Ordering::Relaxed) + grown - shrunk;
    LIVE.fetch_sub(shrunk, Ordering::Relaxed);
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size(), 0);
        // SAFETY: the caller's contract for `alloc` is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(0, layout.size());
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size, layout.size());
        // SAFETY: as for `dealloc`, and `new_size` is the caller's valid size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// The heap the dashboard holds with all 100,000 articles (rows, stories, search keys;
/// bodies stay in the cache until previewed), and the peak while it was loaded and built.
fn report_memory() {
    fixture();
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let state = dashboard_100k();
    let held = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    let mb = |bytes: usize| bytes as f64 / 1e6;
    println!(
        "dashboard with {} articles: holds {:.1} MB of heap; {:.1} MB at the peak of loading",
        state.index.rows.len(),
        mb(held),
        mb(peak)
    );
}

/// Wall-clock times on a shared machine include waiting for a core, so this also prints
/// the CPU time the process used (all threads: the load reads on two) and how long the
/// calling thread sat runnable but waiting. Results are dropped outside the measured span,
/// as the app keeps what it loads.
fn report_cpu_time() {
    let fixture = fixture();
    let runs: u32 = 10;
    let mut wall = std::time::Duration::ZERO;
    let mut waiting = 0;
    let mut kept = Vec::new();
    let (Some(cpu_before), Some(_)) = (process_cpu_ms(), schedstat()) else {
        return;
    };
    for _ in 0..runs {
        let (Some(before), start) = (schedstat(), std::time::Instant::now()) else {
            return;
        };
        kept.push(fixture.store.load_articles(&fixture.feeds).expect("load"));
        wall += start.elapsed();
        let Some(after) = schedstat() else { return };
        waiting += after.1 - before.1;
    }
    let Some(cpu_after) = process_cpu_ms() else {
        return;
    };
    drop(kept);
    let runs_f = f64::from(runs);
    println!(
        "load_articles: {:.1} ms wall, {:.1} ms CPU over all threads, {:.1} ms of the wall \
         waiting for a core (mean of {runs}, results kept)",
        wall.as_secs_f64() * 1000.0 / runs_f,
        (cpu_after - cpu_before) as f64 / runs_f,
        waiting as f64 / 1e6 / runs_f,
    );
}

/// (nanoseconds running, nanoseconds runnable but waiting) of this thread; Linux only.
fn schedstat() -> Option<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    Some((fields.next()??, fields.next()??))
}

/// User plus system time of the whole process in milliseconds (10 ms ticks); Linux only.
fn process_cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) * 10)
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
                        parse_note: Default::default(),
                        prepared: Default::default(),
                    },
                })
                .expect("bench write");
        }
    }
    // Written as `refresh` writes, so grouped as the next reader would, before any bench.
    store.group_stories().expect("bench grouping");
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
        published: (!n.is_multiple_of(10)).then_some(published),
        first_seen: NOW - rng.i64(0..90 * 24 * 3600),
        topic: Topic::ALL[rng.usize(..Topic::ALL.len())],
        decided_by: ainews_tui::model::DecidedBy::Rules,
        terms: vec!["Nvidia".to_owned(), "export controls".to_owned()].into(),
        read: rng.bool(),
        starred: rng.u8(..) == 0,
        enclosures: Vec::new(),
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
fn load_newest_200(bencher: Bencher) {
    let fixture = fixture();
    bencher.bench(|| {
        fixture
            .store
            .load_newest(&fixture.feeds, 200)
            .expect("load")
    });
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

/// The whole path to the first frame of the dashboard with 100,000 cached articles, as
/// `app::run` takes it: read the newest articles, build the state (sort, stories, view)
/// and draw a 120x40 screen. The rest of the cache is read off the UI thread afterwards.
#[divan::bench(sample_count = 10)]
fn first_frame_100k(bencher: Bencher) {
    use ainews_tui::app::{Action, update};
    let fixture = fixture();
    bencher.bench(|| {
        let mut state = empty_dashboard(120, 40);
        let cache = Action::CacheLoaded {
            articles: fixture
                .store
                .load_newest(&fixture.feeds, 500)
                .expect("load"),
            corrections: fixture.store.load_corrections().expect("corrections"),
            feeds: fixture.store.load_feeds(&fixture.feeds).expect("feeds"),
            ui: fixture.store.load_ui().expect("ui"),
        };
        update(&mut state, cache, NOW);
        let backend = ratatui::backend::TestBackend::new(120, 40);
        let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
        terminal
            .draw(|frame| ainews_tui::ui::draw(frame, &state))
            .expect("draw");
        state.list.view.len()
    });
}

/// A dashboard on the fixture's feeds, sized, before anything is loaded.
fn empty_dashboard(width: u16, height: u16) -> ainews_tui::app::State {
    use ainews_tui::app::{Action, State, update};
    use ainews_tui::config::FeedConfig;
    let fixture = fixture();
    let feeds: Vec<FeedConfig> = fixture
        .feeds
        .iter()
        .map(|key| FeedConfig {
            url: key.url.clone(),
            name: None,
            refresh: None,
            tags: Vec::new(),
            enabled: true,
            full_text: false,
        })
        .collect();
    let mut state = State::new(&feeds, "config".to_owned(), NOW);
    update(&mut state, Action::Resize { width, height }, NOW);
    state
}

/// The dashboard holding the whole 100,000-article cache, as it is once the rest of the
/// cache has been read: the first screen, then the rows and stories built off the UI thread
/// and adopted.
fn dashboard_100k() -> ainews_tui::app::State {
    use ainews_tui::app::rows::CachedRows;
    use ainews_tui::app::state::feed_names;
    use ainews_tui::app::{Action, update};
    let fixture = fixture();
    let mut state = empty_dashboard(200, 50);
    let articles = fixture.store.load_articles(&fixture.feeds).expect("load");
    let cached = CachedRows::build(articles, &feed_names(&state.feeds.statuses), None);
    update(&mut state, Action::CacheRest(Box::new(cached)), NOW);
    assert_eq!(state.index.rows.len(), ARTICLES);
    state
}

/// Switching topic tab with 100,000 articles: the filter and the story grouping run again
/// over every row (each iteration is one switch).
#[divan::bench(sample_count = 50)]
fn topic_switch_100k(bencher: Bencher) {
    use ainews_tui::app::{Action, update};
    let mut state = dashboard_100k();
    bencher.bench_local(|| update(&mut state, Action::NextTopic, NOW));
}

/// One search keystroke with 100,000 articles. Each iteration types a letter and deletes
/// it again, so it is two keystrokes: halve the time for one.
#[divan::bench(sample_count = 50)]
fn search_keystroke_pair_100k(bencher: Bencher) {
    use ainews_tui::app::{Action, update};
    let mut state = dashboard_100k();
    update(&mut state, Action::StartSearch, NOW);
    for c in "hua".chars() {
        update(&mut state, Action::SearchInput(c), NOW);
    }
    bencher.bench_local(|| {
        update(&mut state, Action::SearchInput('w'), NOW);
        update(&mut state, Action::SearchBackspace, NOW)
    });
}

/// Drawing a whole 200x50 frame (header, tabs, list, preview, status) with 100,000
/// articles, into ratatui's test backend.
#[divan::bench(sample_count = 50)]
fn draw_200x50_100k(bencher: Bencher) {
    let state = dashboard_100k();
    let backend = ratatui::backend::TestBackend::new(200, 50);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    bencher.bench_local(|| {
        terminal
            .draw(|frame| ainews_tui::ui::draw(frame, &state))
            .map(|_| ())
            .expect("draw")
    });
}

/// Building the rows of 100,000 articles already read (their stories come stored).
#[divan::bench(sample_count = 5)]
fn build_rows_100k(bencher: Bencher) {
    use ainews_tui::app::rows::CachedRows;
    let fixture = fixture();
    let names: Vec<String> = (0..FEEDS).map(|i| format!("Feed {i}")).collect();
    bencher
        .with_inputs(|| fixture.store.load_articles(&fixture.feeds).expect("load"))
        .bench_local_values(|articles| CachedRows::build(articles, &names, None));
}

/// The dashboard's whole load of 100,000 cached articles: read, and built into rows with
/// their stories as they are read, on both reading threads (what `[All N]` waits for).
#[divan::bench(sample_count = 10)]
fn load_rows_100k(bencher: Bencher) {
    use ainews_tui::app::rows::CachedRows;
    let fixture = fixture();
    let names: Vec<String> = (0..FEEDS).map(|i| format!("Feed {i}")).collect();
    bencher.bench_local(|| {
        CachedRows::load(&fixture.store, &fixture.feeds, &names, None).expect("load")
    });
}

/// The first letter of a search with 100,000 articles: no earlier query to narrow, so
/// every row is read. Each iteration types a different letter (more letters than the
/// queries remembered) and deletes it: two keystrokes, the first of them the full scan.
#[divan::bench(sample_count = 50)]
fn search_first_letter_100k(bencher: Bencher) {
    use ainews_tui::app::{Action, update};
    let mut state = dashboard_100k();
    update(&mut state, Action::StartSearch, NOW);
    let mut letters = ('a'..='z').cycle();
    bencher.bench_local(|| {
        let letter = letters.next().unwrap_or('a');
        update(&mut state, Action::SearchInput(letter), NOW);
        update(&mut state, Action::SearchBackspace, NOW)
    });
}
