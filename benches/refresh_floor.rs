//! What a cold refresh of `bench/compare.sh`'s workload (200 synthetic feeds x 50 items,
//! 26 MB of RSS 2.0 and Atom) costs with this stack, one stage at a time, each on one
//! thread: feed-rs parsing the documents alone; all the parsing pool does with them (decode,
//! parse, clean, classify, index words); the cache writer storing the results without the
//! search index and with it, as `refresh` submits them. What is left of a refresh is the
//! fetching (HTTP, gzip) and the threads handing work on.
//!
//! docs/PERFORMANCE.md sets these against the network floor: on two cores, a refresh
//! cannot take less than the larger of half the stages' sum and the cache writer's share,
//! which runs on one thread. Run with `cargo bench --bench refresh_floor`.

#[path = "support/synth.rs"]
mod synth;
#[path = "support/writes.rs"]
mod writes;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use ainews_tui::feed_report::{FeedOutcome, FeedReport, Prepared};
use ainews_tui::ingest::decode::to_parseable;
use ainews_tui::ingest::parse::{ParsedFeed, parse_feed};
use ainews_tui::ingest::pipeline::build_prepared;
use ainews_tui::model::{Article, FeedId};
use ainews_tui::store::{self, Store, WriteOp};
use ainews_tui::topics::classify::Classifier;
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use writes::{Pattern, open_without_index, write_all};

const FEEDS: usize = 200;
const ITEMS: usize = 50;
const CONTENT_TYPE: &str = "application/xml";

fn main() {
    divan::main();
}

/// The workload's documents as served, with the URL each is fetched from.
struct Workload {
    documents: Vec<(String, Vec<u8>)>,
    /// When the newest item was published: the current hour, as `synth_feeds` dates them,
    /// so that retention keeps every article.
    newest: i64,
}

impl Workload {
    fn bytes(&self) -> usize {
        self.documents.iter().map(|(_, bytes)| bytes.len()).sum()
    }
}

fn workload() -> &'static Workload {
    static WORKLOAD: OnceLock<Workload> = OnceLock::new();
    WORKLOAD.get_or_init(|| {
        let newest = chrono::Utc::now().timestamp() / 3600 * 3600;
        let documents = (0..FEEDS)
            .map(|index| {
                let (name, text) = synth::feed_document(index, ITEMS, newest);
                (format!("http://127.0.0.1/{name}"), text.into_bytes())
            })
            .collect();
        Workload { documents, newest }
    })
}

/// One fetched document through the parsing pool: decoded, parsed, cleaned, classified,
/// with its index words.
fn ingest(
    index: usize,
    url: &str,
    bytes: &[u8],
    classifier: &Classifier,
) -> (Vec<Article>, Prepared) {
    build_prepared(
        FeedId(index as u32),
        url,
        parse(url, bytes),
        classifier,
        workload().newest,
    )
}

/// One fetched document decoded and read by feed-rs (with our repairs).
fn parse(url: &str, bytes: &[u8]) -> ParsedFeed {
    parse_feed(&to_parseable(bytes, Some(CONTENT_TYPE)), url).expect("synthetic feeds parse")
}

/// The feed results of the workload, as the parsing pool hands them to the writer.
fn feed_results() -> &'static [WriteOp] {
    static RESULTS: OnceLock<Vec<WriteOp>> = OnceLock::new();
    RESULTS.get_or_init(|| {
        let workload = workload();
        let classifier = Classifier::builtin();
        workload
            .documents
            .iter()
            .enumerate()
            .map(|(index, (url, bytes))| {
                let (articles, prepared) = ingest(index, url, bytes, &classifier);
                WriteOp::FeedResult {
                    feed_url: url.clone(),
                    report: FeedReport {
                        outcome: FeedOutcome::Updated { articles },
                        at: workload.newest,
                        next_refresh: workload.newest + 1800,
                        feed_title: Some(format!("Feed {index}")),
                        validators: Default::default(),
                        moved_to: None,
                        parse_note: Default::default(),
                        prepared,
                    },
                }
            })
            .collect()
    })
}

/// feed-rs (with our repairs) reading every document, nothing else.
#[divan::bench(name = "parse", sample_count = 10)]
fn parse_only(bencher: Bencher) {
    let workload = workload();
    bencher
        .counter(BytesCount::new(workload.bytes()))
        .bench_local(|| {
            for (url, bytes) in &workload.documents {
                black_box(parse(url, black_box(bytes)));
            }
        });
}

/// Everything the parsing pool does with the fetched documents: decode, parse, clean,
/// classify and make the index words.
#[divan::bench(sample_count = 10)]
fn parsing_pool(bencher: Bencher) {
    let workload = workload();
    let classifier = Classifier::builtin();
    bencher
        .counter(BytesCount::new(workload.bytes()))
        .bench_local(|| {
            for (index, (url, bytes)) in workload.documents.iter().enumerate() {
                black_box(ingest(index, url, black_box(bytes), &classifier));
            }
        });
}

/// The cache writer storing the 10,000 new articles in an empty cache, as `refresh`
/// submits them, until the cache holds them all; the cache's creation is not timed.
#[divan::bench(args = ["without search index", "with search index"], sample_count = 5)]
fn cache_writer(bencher: Bencher, index: &str) {
    let results = feed_results();
    let indexed = index == "with search index";
    bencher
        .with_inputs(|| (EmptyCache::new(indexed), results.to_vec()))
        .bench_local_values(|(cache, ops)| {
            write_all(cache.store(), ops, Pattern::AsRefresh);
            cache
        });
}

/// A new cache in a directory of its own, removed with it.
struct EmptyCache {
    store: Option<Store>,
    dir: PathBuf,
}

impl EmptyCache {
    fn new(indexed: bool) -> EmptyCache {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "refresh_floor_{}",
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let store = if indexed {
            store::open(&dir).expect("bench cache opens").store
        } else {
            open_without_index(&dir)
        };
        EmptyCache {
            store: Some(store),
            dir,
        }
    }

    fn store(&self) -> &Store {
        self.store.as_ref().expect("open until dropped")
    }
}

impl Drop for EmptyCache {
    fn drop(&mut self) {
        drop(self.store.take());
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
