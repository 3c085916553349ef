//! Ingest throughput: one synthetic feed document (RSS 2.0 or Atom, 50 items, HTML bodies
//! of 1-3 KB) through decode, parse, sanitize and classify, as a fetch does it. Divan
//! reports bytes per second of feed document; the stages are also measured alone, so a
//! change shows where it moved the time.

#[path = "support/synth.rs"]
mod synth;

use ainews_tui::ingest::decode::to_parseable;
use ainews_tui::ingest::parse::parse_feed;
use ainews_tui::ingest::pipeline::build_articles;
use ainews_tui::model::{ArticleId, FeedId};
use ainews_tui::text::sanitize::{clean_text, strip_tags};
use ainews_tui::topics::classify::Classifier;
use ainews_tui::topics::cluster::{StoryItem, cluster};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};

const ITEMS: usize = 50;
const URL: &str = "https://news.example.com/feed";

fn main() {
    divan::main();
}

/// Feed 0 is RSS 2.0, feed 1 Atom.
fn document(format: usize) -> Vec<u8> {
    synth::feed_document(format, ITEMS, synth::FIXED_NEWEST)
        .1
        .into_bytes()
}

/// The whole path of one fetched document to classified articles.
#[divan::bench(args = ["rss", "atom"])]
fn parse_sanitize_classify(bencher: Bencher, format: &str) {
    let bytes = document(usize::from(format == "atom"));
    let classifier = Classifier::builtin();
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench_local(|| {
            let parseable = to_parseable(black_box(&bytes), Some("application/xml"));
            let parsed = parse_feed(&parseable, URL).expect("synthetic feeds parse");
            build_articles(FeedId(0), URL, parsed, &classifier, synth::FIXED_NEWEST)
        });
}

/// Parsing alone (feed-rs with our repairs), for comparison with the whole path.
#[divan::bench(args = ["rss", "atom"])]
fn parse_only(bencher: Bencher, format: &str) {
    let bytes = document(usize::from(format == "atom"));
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench_local(|| parse_feed(black_box(&bytes), URL).expect("synthetic feeds parse"));
}

/// Cleaning and classifying one feed's bodies, without the parse.
#[divan::bench]
fn sanitize_and_classify_bodies(bencher: Bencher) {
    let items = synth::items(0, ITEMS, synth::FIXED_NEWEST);
    let classifier = Classifier::builtin();
    let bytes: usize = items.iter().map(|i| i.html.len() + i.title.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        for item in &items {
            let body = clean_text(black_box(&item.html), usize::MAX);
            let plain = strip_tags(&body);
            black_box(classifier.classify(&item.title, &plain));
        }
    });
}

/// Grouping 10,000 articles of 200 feeds into stories, oldest first, as `headlines` and the
/// dashboard's first load do.
#[divan::bench]
fn cluster_10k(bencher: Bencher) {
    let items: Vec<(FeedId, u64, synth::Item)> = (0..200)
        .flat_map(|feed| {
            synth::items(feed, ITEMS, synth::FIXED_NEWEST)
                .into_iter()
                .enumerate()
                .map(move |(n, item)| (FeedId(feed as u32), (feed * ITEMS + n) as u64, item))
        })
        .collect();
    let story_items: Vec<StoryItem<'_>> = items
        .iter()
        .map(|(feed, id, item)| StoryItem {
            id: ArticleId(*id),
            feed: *feed,
            link: Some(&item.link),
            title: &item.title,
            time: item.published,
        })
        .collect();
    bencher.bench_local(|| cluster(black_box(&story_items)));
}
