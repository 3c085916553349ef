//! The SQLite cache against real files: migrations, dedupe across refreshes, user state
//! across restarts, retention, corrupt-file recovery, two instances at once, and queries.

// Helpers outside #[test] functions unwrap too: a broken fixture should fail loudly.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use ainews_tui::ingest::fetch::Validators;
use ainews_tui::ingest::poller::{FeedMemory, FeedOutcome, FeedReport};
use ainews_tui::model::{Article, ArticleId, FeedId, Topic};
use ainews_tui::store::{
    self, DB_FILE, FeedKey, HeadlineQuery, SCHEMA_VERSION, Store, StoreError, UiMemory, WriteOp,
    WriteOutcome,
};
use rusqlite::Connection;

const FEED_A: &str = "https://a.example/feed";
const FEED_B: &str = "https://b.example/rss";
const DAY: i64 = 24 * 3600;

fn keys() -> Vec<FeedKey> {
    vec![
        FeedKey {
            id: FeedId(0),
            url: FEED_A.to_owned(),
        },
        FeedKey {
            id: FeedId(1),
            url: FEED_B.to_owned(),
        },
    ]
}

fn article(feed_url: &str, guid: &str, title: &str, published: Option<i64>) -> Article {
    Article {
        id: ArticleId::derive(feed_url, Some(guid), None, title, published),
        feed: FeedId(0),
        guid: Some(guid.to_owned()),
        title: title.to_owned(),
        link: Some(format!("https://news.example/{guid}")),
        body: format!("<p>{title}</p>"),
        published,
        first_seen: 1_000_000,
        topic: Topic::Us,
        decided_by: ainews_tui::model::DecidedBy::Rules,
        terms: vec!["OpenAI".to_owned(), "Nvidia".to_owned()].into(),
        read: false,
        starred: false,
        enclosures: Vec::new(),
    }
}

fn report(outcome: FeedOutcome, at: i64) -> FeedReport {
    FeedReport {
        outcome,
        at,
        next_refresh: at + 1800,
        feed_title: Some("Feed title".to_owned()),
        validators: Validators::default(),
        moved_to: None,
        parse_note: Default::default(),
        prepared: Default::default(),
    }
}

fn updated(feed_url: &str, articles: Vec<Article>) -> WriteOp {
    WriteOp::FeedResult {
        feed_url: feed_url.to_owned(),
        report: report(FeedOutcome::Updated { articles }, 1_000_000),
    }
}

fn open(dir: &Path) -> Store {
    let opened = store::open(dir).expect("the cache opens");
    assert_eq!(opened.moved_aside, None);
    opened.store
}

fn new_articles(outcome: WriteOutcome) -> usize {
    match outcome {
        WriteOutcome::Stored { new_articles, .. } => new_articles,
        other => panic!("expected Stored, got {other:?}"),
    }
}

fn user_version(path: &Path) -> u32 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap()
}

fn titles(articles: &[Article]) -> Vec<&str> {
    articles.iter().map(|a| a.title.as_str()).collect()
}

// --- opening and migrating --------------------------------------------------------------

#[test]
fn a_missing_directory_is_created_with_a_current_wal_database() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("nested/data");
    let store = open(&data_dir);
    assert_eq!(store.path(), data_dir.join(DB_FILE));
    assert_eq!(user_version(store.path()), SCHEMA_VERSION);
    let mode: String = Connection::open(store.path())
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert!(store.load_articles(&keys()).unwrap().is_empty());
}

#[test]
fn an_empty_file_is_migrated_like_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(DB_FILE), b"").unwrap();
    let store = open(dir.path());
    assert_eq!(user_version(store.path()), SCHEMA_VERSION);
    store
        .write(updated(FEED_A, vec![article(FEED_A, "1", "One", Some(5))]))
        .unwrap();
    assert_eq!(store.load_articles(&keys()).unwrap().len(), 1);
}

/// The version-1 schema exactly as it shipped. When a version 2 is added this database is
/// the "previous version" every user has; the test then checks the walk to version 2.
const SHIPPED_V1: &str = "
CREATE TABLE feeds (url TEXT PRIMARY KEY NOT NULL, name TEXT, etag TEXT, last_modified TEXT,
    moved_to TEXT, last_success INTEGER, last_attempt INTEGER, last_error TEXT);
CREATE TABLE articles (id INTEGER PRIMARY KEY, feed_url TEXT NOT NULL, guid TEXT, link TEXT,
    title TEXT NOT NULL, published INTEGER, first_seen INTEGER NOT NULL,
    topic TEXT NOT NULL CHECK (topic IN ('us', 'china', 'both', 'other')),
    terms TEXT NOT NULL DEFAULT '', read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0);
CREATE INDEX articles_by_feed ON articles (feed_url, published);
CREATE INDEX articles_newest ON articles (coalesce(published, first_seen) DESC, id);
CREATE TABLE article_bodies (id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    body TEXT NOT NULL);
CREATE TABLE ui (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
INSERT INTO feeds (url, name, etag) VALUES ('https://a.example/feed', 'Old name', '\"v1\"');
INSERT INTO articles (id, feed_url, title, published, first_seen, topic, terms, read, starred)
    VALUES (-5, 'https://a.example/feed', 'From version one', 100, 90, 'both',
            'export controls' || char(31) || 'Huawei', 1, 1);
INSERT INTO article_bodies (id, body) VALUES (-5, '<b>kept</b>');
INSERT INTO ui (key, value) VALUES ('topic', 'china');
PRAGMA user_version = 1;
";

#[test]
fn a_hand_made_previous_version_database_is_migrated_with_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    Connection::open(dir.path().join(DB_FILE))
        .unwrap()
        .execute_batch(SHIPPED_V1)
        .unwrap();
    let store = open(dir.path());
    assert_eq!(user_version(store.path()), SCHEMA_VERSION);

    let articles = store.load_articles(&keys()).unwrap();
    assert_eq!(articles.len(), 1);
    let old = &articles[0];
    assert_eq!(old.id, ArticleId(-5_i64 as u64), "ids keep all 64 bits");
    assert_eq!(old.title, "From version one");
    assert_eq!(old.topic, Topic::Both);
    assert_eq!(old.terms, ["export controls", "Huawei"]);
    assert!(old.read && old.starred);
    assert_eq!(
        store.load_body(old.id).unwrap().as_deref(),
        Some("<b>kept</b>")
    );
    let feeds = store.load_feeds(&keys()).unwrap();
    assert_eq!(feeds[&FeedId(0)].name.as_deref(), Some("Old name"));
    assert_eq!(
        feeds[&FeedId(0)].memory.validators.etag.as_deref(),
        Some("\"v1\"")
    );
    assert_eq!(store.load_ui().unwrap().topic, Some(Topic::China));
}

#[test]
fn a_database_from_a_newer_build_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let error = store::open(dir.path()).err().expect("refused");
    let message = error.to_string();
    assert!(message.contains("newer than this build"), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert_eq!(user_version(&path), SCHEMA_VERSION + 1, "not touched");
}

#[test]
fn a_corrupt_database_is_moved_aside_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    // Bytes that are no SQLite header, as left by a disk error or a stray write.
    let mut state: u32 = 0x9e37_79b9;
    let garbage: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    std::fs::write(&path, &garbage).unwrap();
    std::fs::write(dir.path().join("ainews.db-wal"), b"stale wal").unwrap();

    let opened = store::open(dir.path()).expect("a fresh cache replaces the corrupt one");
    let moved = opened.moved_aside.expect("the corrupt file is reported");
    let name = moved.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("ainews.db.corrupt-"), "{name}");
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        garbage,
        "moved, not rewritten"
    );
    let moved_wal = format!("{}-wal", moved.display());
    assert_eq!(std::fs::read(moved_wal).unwrap(), b"stale wal");

    let store = opened.store;
    let outcome = store
        .write(updated(
            FEED_A,
            vec![article(FEED_A, "1", "Fresh", Some(1))],
        ))
        .unwrap();
    assert_eq!(new_articles(outcome), 1);
    assert_eq!(titles(&store.load_articles(&keys()).unwrap()), ["Fresh"]);
    drop(store);
    // The next start finds a healthy database and moves nothing.
    assert_eq!(open(dir.path()).load_articles(&keys()).unwrap().len(), 1);
}

#[test]
fn a_database_damaged_after_its_header_is_moved_aside_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    std::fs::write(&path, &bytes).unwrap();
    let opened = store::open(dir.path()).expect("a fresh cache replaces the damaged one");
    let moved = opened.moved_aside.expect("the damaged file is reported");
    assert_eq!(std::fs::read(&moved).unwrap(), bytes);
    assert_eq!(user_version(&path), SCHEMA_VERSION);
}

// --- feed results -------------------------------------------------------------------------

#[test]
fn repeated_feed_results_store_each_article_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let batch = vec![
        article(FEED_A, "1", "One", Some(10)),
        article(FEED_A, "2", "Two", Some(20)),
        article(FEED_A, "3", "Three", Some(30)),
    ];
    assert_eq!(
        new_articles(store.write(updated(FEED_A, batch.clone())).unwrap()),
        3
    );
    assert_eq!(
        new_articles(store.write(updated(FEED_A, batch.clone())).unwrap()),
        0
    );

    let mut next = batch;
    next[0].title = "One, corrected".to_owned();
    next.push(article(FEED_A, "4", "Four", Some(40)));
    assert_eq!(new_articles(store.write(updated(FEED_A, next)).unwrap()), 1);
    assert_eq!(
        titles(&store.load_articles(&keys()).unwrap()),
        ["Four", "Three", "Two", "One, corrected"]
    );
}

#[test]
fn read_starred_and_first_seen_survive_a_refetch_and_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let first = article(FEED_A, "1", "One", Some(10));
    let second = article(FEED_A, "2", "Two", Some(20));
    {
        let store = open(dir.path());
        store
            .write(updated(FEED_A, vec![first.clone(), second.clone()]))
            .unwrap();
        store.send(WriteOp::SetRead {
            ids: vec![first.id],
            read: true,
        });
        store.send(WriteOp::SetStarred {
            ids: vec![second.id],
            starred: true,
        });
        store.flush().unwrap();

        // The feed sends the items again, as new to it: no flags, a later first_seen.
        let mut again = vec![first.clone(), second.clone()];
        for item in &mut again {
            item.first_seen = 2_000_000;
            item.topic = Topic::China;
        }
        store.write(updated(FEED_A, again)).unwrap();
    }
    let store = open(dir.path());
    let articles = store.load_articles(&keys()).unwrap();
    let by_title = |title: &str| articles.iter().find(|a| a.title == title).unwrap();
    assert!(by_title("One").read && !by_title("One").starred);
    assert!(by_title("Two").starred && !by_title("Two").read);
    assert!(articles.iter().all(|a| a.first_seen == 1_000_000));
    assert!(
        articles.iter().all(|a| a.topic == Topic::China),
        "classification refreshed"
    );

    store
        .write(WriteOp::SetRead {
            ids: vec![first.id],
            read: false,
        })
        .unwrap();
    assert!(!store.load_articles(&keys()).unwrap().iter().any(|a| a.read));
}

#[test]
fn validators_redirects_and_status_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let mut ok = report(FeedOutcome::NotModified, 500);
    ok.validators = Validators {
        etag: Some("W/\"abc\"".to_owned()),
        last_modified: Some("Tue, 01 Sep 2026 10:00:00 GMT".to_owned()),
    };
    ok.moved_to = Some("https://new.example/feed".to_owned());
    store
        .write(WriteOp::FeedResult {
            feed_url: FEED_A.to_owned(),
            report: ok.clone(),
        })
        .unwrap();

    let feeds = store.load_feeds(&keys()).unwrap();
    assert_eq!(feeds.len(), 1, "feed B was never stored");
    let record = &feeds[&FeedId(0)];
    assert_eq!(
        record.memory,
        FeedMemory {
            validators: ok.validators.clone(),
            moved_to: ok.moved_to.clone(),
        }
    );
    assert_eq!(record.name.as_deref(), Some("Feed title"));
    assert_eq!(
        (record.last_success, record.last_attempt),
        (Some(500), Some(500))
    );
    assert_eq!(record.last_error, None);

    // A failure records the error and keeps validators, redirect and last success.
    let mut failed = report(
        FeedOutcome::Failed {
            error: "HTTP 503 Service Unavailable".to_owned(),
        },
        600,
    );
    failed.feed_title = None;
    store
        .write(WriteOp::FeedResult {
            feed_url: FEED_A.to_owned(),
            report: failed,
        })
        .unwrap();
    let record = &store.load_feeds(&keys()).unwrap()[&FeedId(0)];
    assert_eq!(
        record.last_error.as_deref(),
        Some("HTTP 503 Service Unavailable")
    );
    assert_eq!(
        (record.last_success, record.last_attempt),
        (Some(500), Some(600))
    );
    assert_eq!(record.memory.validators, ok.validators);
    assert_eq!(record.memory.moved_to, ok.moved_to);
    assert_eq!(record.name.as_deref(), Some("Feed title"));

    // The next success clears the error.
    store
        .write(WriteOp::FeedResult {
            feed_url: FEED_A.to_owned(),
            report: report(FeedOutcome::NotModified, 700),
        })
        .unwrap();
    let record = &store.load_feeds(&keys()).unwrap()[&FeedId(0)];
    assert_eq!(record.last_error, None);
    assert_eq!(record.last_success, Some(700));
}

// --- loading ------------------------------------------------------------------------------

#[test]
fn load_articles_is_newest_first_without_bodies_for_configured_feeds_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let mut undated = article(FEED_B, "u", "Undated, seen at 1000015", None);
    undated.first_seen = 1_000_015;
    store
        .write(updated(
            FEED_A,
            vec![
                article(FEED_A, "1", "A ten", Some(1_000_010)),
                article(FEED_A, "2", "A twenty", Some(1_000_020)),
            ],
        ))
        .unwrap();
    store.write(updated(FEED_B, vec![undated.clone()])).unwrap();
    store
        .write(updated(
            "https://gone.example/feed",
            vec![article(
                "https://gone.example/feed",
                "x",
                "Unconfigured",
                Some(1_000_030),
            )],
        ))
        .unwrap();

    let articles = store.load_articles(&keys()).unwrap();
    assert_eq!(
        titles(&articles),
        ["A twenty", "Undated, seen at 1000015", "A ten"]
    );
    assert!(articles.iter().all(|a| a.body.is_empty()));
    assert_eq!(articles[1].feed, FeedId(1));
    assert_eq!(articles[0].feed, FeedId(0));
    assert_eq!(articles[0].terms, ["OpenAI", "Nvidia"]);
    assert_eq!(articles[0].link.as_deref(), Some("https://news.example/2"));
    assert_eq!(
        store.load_body(undated.id).unwrap().as_deref(),
        Some("<p>Undated, seen at 1000015</p>")
    );
    assert_eq!(store.load_body(ArticleId(42)).unwrap(), None);
}

#[test]
fn a_large_cache_loads_whole_and_newest_first() {
    // Enough articles that the load is split over two readers.
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let total = 24_000;
    for (chunk, feed) in [FEED_A, FEED_B, "https://gone.example/feed"]
        .into_iter()
        .cycle()
        .take(12)
        .enumerate()
    {
        let batch = (0..total / 12)
            .map(|i| {
                let n = chunk * total + i;
                let mut item = article(feed, &n.to_string(), "t", Some((n % 977) as i64));
                item.body.clear();
                item
            })
            .collect();
        store.write(updated(feed, batch)).unwrap();
    }
    let articles = store.load_articles(&keys()).unwrap();
    assert_eq!(
        articles.len(),
        total / 3 * 2,
        "the unconfigured third is left out"
    );
    assert!(articles.iter().any(|a| (a.id.0 as i64) < 0));
    assert!(articles.iter().any(|a| (a.id.0 as i64) >= 0));
    assert_eq!(
        store.load_newest(&keys(), 50).unwrap().articles,
        articles[..50]
    );
    assert!(
        articles
            .windows(2)
            .all(|w| (std::cmp::Reverse(w[0].when()), w[0].id.0 as i64)
                < (std::cmp::Reverse(w[1].when()), w[1].id.0 as i64)),
        "strictly newest first, ties by id"
    );
}

#[test]
fn every_list_agrees_on_the_order_of_equal_times() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let same_time: Vec<Article> = (0..12)
        .map(|i| article(FEED_A, &format!("tie-{i}"), &format!("Tie {i}"), Some(50)))
        .collect();
    store.write(updated(FEED_A, same_time)).unwrap();
    let loaded: Vec<String> = store
        .load_articles(&keys())
        .unwrap()
        .articles
        .into_iter()
        .map(|a| a.title)
        .collect();
    // The time index (a limit alone) and the scan (a filter) must give the same order.
    let by_index = headline_titles(
        &store,
        HeadlineQuery {
            limit: Some(12),
            ..HeadlineQuery::default()
        },
    );
    let by_scan = headline_titles(
        &store,
        HeadlineQuery {
            topic: Some(Topic::Us),
            limit: Some(12),
            ..HeadlineQuery::default()
        },
    );
    assert_eq!(by_index, loaded);
    assert_eq!(by_scan, loaded);
    assert_eq!(
        headline_titles(
            &store,
            HeadlineQuery {
                unread_only: true,
                limit: Some(5),
                ..HeadlineQuery::default()
            }
        ),
        loaded[..5]
    );
}

#[test]
fn the_view_is_remembered_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let memory = UiMemory {
        topic: Some(Topic::Both),
        unread_only: true,
        starred_only: false,
        selected: Some(ArticleId(u64::MAX - 3)),
    };
    {
        let store = open(dir.path());
        assert_eq!(store.load_ui().unwrap(), UiMemory::default());
        store.send(WriteOp::SaveUi(memory.clone()));
    }
    let store = open(dir.path());
    assert_eq!(store.load_ui().unwrap(), memory);
    store.write(WriteOp::SaveUi(UiMemory::default())).unwrap();
    assert_eq!(store.load_ui().unwrap(), UiMemory::default());
}

// --- retention ----------------------------------------------------------------------------

#[test]
fn prune_removes_old_and_excess_articles_but_keeps_starred() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let now = 100 * DAY;
    let old = article(FEED_A, "old", "Old", Some(now - 40 * DAY));
    let old_starred = article(FEED_A, "old-star", "Old starred", Some(now - 50 * DAY));
    let mut undated_old = article(FEED_A, "undated", "Undated old", None);
    undated_old.first_seen = now - 45 * DAY;
    // Feed B: five recent articles, the limit keeps three; the oldest is starred.
    let recent: Vec<Article> = (0..5)
        .map(|i| {
            article(
                FEED_B,
                &format!("b{i}"),
                &format!("B{i}"),
                Some(now - i * DAY),
            )
        })
        .collect();
    store
        .write(updated(
            FEED_A,
            vec![old.clone(), old_starred.clone(), undated_old],
        ))
        .unwrap();
    store.write(updated(FEED_B, recent.clone())).unwrap();
    store
        .write(WriteOp::SetStarred {
            ids: vec![old_starred.id, recent[4].id],
            starred: true,
        })
        .unwrap();

    let outcome = store
        .write(WriteOp::Prune {
            now,
            max_age: Duration::from_secs(30 * DAY as u64),
            max_per_feed: 3,
        })
        .unwrap();
    assert_eq!(outcome, WriteOutcome::Pruned { removed: 3 });
    let mut left = titles(&store.load_articles(&keys()).unwrap())
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    left.sort();
    assert_eq!(left, ["B0", "B1", "B2", "B4", "Old starred"]);
    assert_eq!(
        store.load_body(old.id).unwrap(),
        None,
        "bodies go with articles"
    );
    assert!(store.load_body(old_starred.id).unwrap().is_some());

    // Pruning again finds nothing more.
    let again = store
        .write(WriteOp::Prune {
            now,
            max_age: Duration::from_secs(30 * DAY as u64),
            max_per_feed: 3,
        })
        .unwrap();
    assert_eq!(again, WriteOutcome::Pruned { removed: 0 });
}

// --- two instances ------------------------------------------------------------------------

#[test]
fn two_stores_on_one_directory_read_and_write_at_the_same_time() {
    let dir = tempfile::tempdir().unwrap();
    let first = open(dir.path());
    let second = open(dir.path());
    let writers: Vec<_> = [(first.clone(), FEED_A), (second.clone(), FEED_B)]
        .into_iter()
        .map(|(store, feed)| {
            std::thread::spawn(move || {
                for round in 0..25 {
                    let batch = (0..20)
                        .map(|i| {
                            let guid = format!("{round}-{i}");
                            article(feed, &guid, &guid, Some(round * 100 + i))
                        })
                        .collect();
                    store.write(updated(feed, batch))?;
                    store.load_articles(&keys())?;
                }
                Ok::<(), StoreError>(())
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap().expect("no write failed");
    }
    for store in [&first, &second] {
        let articles = store.load_articles(&keys()).unwrap();
        assert_eq!(articles.len(), 1000);
        assert_eq!(articles.iter().filter(|a| a.feed == FeedId(1)).count(), 500);
    }
}

// --- headlines ----------------------------------------------------------------------------

fn headline_titles(store: &Store, query: HeadlineQuery) -> Vec<String> {
    store
        .headlines(&query)
        .unwrap()
        .into_iter()
        .map(|stored| stored.article.title)
        .collect()
}

#[test]
fn headlines_filter_in_sql_and_name_their_feed() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let mut items = vec![
        article(FEED_A, "1", "DeepSeek releases R2", Some(100)),
        article(FEED_A, "2", "Nvidia earnings beat", Some(200)),
        article(FEED_A, "3", "Export controls widen to HBM", Some(300)),
        article(FEED_A, "4", "100% of 50_50 odds", Some(400)),
    ];
    items[0].topic = Topic::China;
    items[2].topic = Topic::Both;
    items[3].topic = Topic::Other;
    store.write(updated(FEED_A, items.clone())).unwrap();
    let mut unnamed = article(FEED_B, "5", "DEEPSEEK in the news", Some(500));
    unnamed.topic = Topic::China;
    store
        .write(WriteOp::FeedResult {
            feed_url: FEED_B.to_owned(),
            report: FeedReport {
                feed_title: None,
                ..report(
                    FeedOutcome::Updated {
                        articles: vec![unnamed],
                    },
                    1,
                )
            },
        })
        .unwrap();
    store
        .write(WriteOp::SetRead {
            ids: vec![items[1].id],
            read: true,
        })
        .unwrap();
    store
        .write(WriteOp::SetStarred {
            ids: vec![items[2].id],
            starred: true,
        })
        .unwrap();

    let all = store.headlines(&HeadlineQuery::default()).unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all[0].article.title, "DEEPSEEK in the news");
    assert_eq!(all[0].feed_url, FEED_B);
    assert_eq!(all[0].feed_name, None);
    assert_eq!(all[1].feed_name.as_deref(), Some("Feed title"));
    assert!(all.iter().all(|s| s.article.body.is_empty()));

    let query = |f: fn(&mut HeadlineQuery)| {
        let mut query = HeadlineQuery::default();
        f(&mut query);
        headline_titles(&store, query)
    };
    assert_eq!(
        query(|q| q.topic = Some(Topic::China)),
        ["DEEPSEEK in the news", "DeepSeek releases R2"]
    );
    assert_eq!(
        query(|q| q.unread_only = true).len(),
        4,
        "the read article is left out"
    );
    assert_eq!(
        query(|q| q.starred_only = true),
        ["Export controls widen to HBM"]
    );
    assert_eq!(
        query(|q| q.since = Some(300)),
        [
            "DEEPSEEK in the news",
            "100% of 50_50 odds",
            "Export controls widen to HBM"
        ]
    );
    assert_eq!(
        query(|q| q.search = Some("deepseek".to_owned())),
        ["DEEPSEEK in the news", "DeepSeek releases R2"]
    );
    // LIKE wildcards in the search text are plain characters.
    assert_eq!(
        query(|q| q.search = Some("0%".to_owned())),
        ["100% of 50_50 odds"]
    );
    assert_eq!(
        query(|q| q.search = Some("0_5".to_owned())),
        ["100% of 50_50 odds"]
    );
    assert_eq!(query(|q| q.limit = Some(2)).len(), 2);
    assert_eq!(
        query(|q| {
            q.topic = Some(Topic::China);
            q.unread_only = true;
            q.search = Some("R2".to_owned());
            q.limit = Some(10);
        }),
        ["DeepSeek releases R2"]
    );
}

#[test]
fn pruned_articles_do_not_come_back_as_new() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let batch = || {
        vec![
            article(FEED_A, "g1", "Newest", Some(999_000)),
            article(FEED_A, "g2", "Middle", Some(998_000)),
            article(FEED_A, "g3", "Oldest", Some(997_000)),
        ]
    };
    assert_eq!(
        new_articles(store.write(updated(FEED_A, batch())).unwrap()),
        3
    );
    let pruned = store
        .write(WriteOp::Prune {
            now: 1_000_000,
            max_age: std::time::Duration::from_secs(365 * 86_400),
            max_per_feed: 1,
        })
        .unwrap();
    assert_eq!(pruned, WriteOutcome::Pruned { removed: 2 });
    // The feed still carries all three: the two pruned ones are not new again.
    assert_eq!(
        new_articles(store.write(updated(FEED_A, batch())).unwrap()),
        0
    );
    assert_eq!(titles(&store.load_articles(&keys()).unwrap()), ["Newest"]);
}

// --- retention by first seen -------------------------------------------------------------

#[test]
fn an_article_dated_years_ago_in_a_feed_just_added_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let now = 2_000 * DAY;
    let max_age = Duration::from_secs(90 * DAY as u64);
    let mut ancient = article(FEED_A, "ancient", "An essay from two years ago", None);
    ancient.published = Some(now - 730 * DAY);
    ancient.first_seen = now;
    let mut fetched = report(
        FeedOutcome::Updated {
            articles: vec![ancient.clone()],
        },
        now,
    );
    // What run.rs and refresh do with every fetched feed, then with the cache.
    store::retention::drop_expired(&mut fetched, now, max_age);
    store
        .write(WriteOp::FeedResult {
            feed_url: FEED_A.to_owned(),
            report: fetched,
        })
        .unwrap();
    let pruned = store
        .write(WriteOp::Prune {
            now,
            max_age,
            max_per_feed: 100,
        })
        .unwrap();
    assert_eq!(pruned, WriteOutcome::Pruned { removed: 0 });
    assert_eq!(
        titles(&store.load_articles(&keys()).unwrap()),
        ["An essay from two years ago"]
    );

    // 90 days after it was first seen it has expired like any other.
    let later = now + 91 * DAY;
    let pruned = store
        .write(WriteOp::Prune {
            now: later,
            max_age,
            max_per_feed: 100,
        })
        .unwrap();
    assert_eq!(pruned, WriteOutcome::Pruned { removed: 1 });
    assert!(store.load_articles(&keys()).unwrap().is_empty());
}

// --- damage found after the header --------------------------------------------------------

/// A cache of `FEED_A` with an ETag and 300 articles whose bodies do not compress, so that
/// the middle of the file holds many pages.
fn filled_cache(dir: &Path) -> (Store, Vec<ArticleId>) {
    let store = open(dir);
    let mut state: u32 = 0x2545_f491;
    let mut noise = |len: usize| -> String {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                char::from(b'a' + (state % 26) as u8)
            })
            .collect()
    };
    let articles: Vec<Article> = (0..300)
        .map(|n| {
            let mut a = article(FEED_A, &format!("n{n}"), &format!("Story {n}"), Some(n));
            a.body = noise(3_000);
            a
        })
        .collect();
    let ids = articles.iter().map(|a| a.id).collect();
    let mut fetched = report(FeedOutcome::Updated { articles }, 1_000_000);
    fetched.validators = Validators {
        etag: Some("\"v1\"".to_owned()),
        last_modified: None,
    };
    store
        .write(WriteOp::FeedResult {
            feed_url: FEED_A.to_owned(),
            report: fetched,
        })
        .unwrap();
    (store, ids)
}

/// Overwrites four whole pages in the middle of the file, as a bad disk sector would.
fn damage_middle_pages(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let bytes = std::fs::read(path).unwrap();
    let page = u64::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let pages = bytes.len() as u64 / page;
    assert!(
        pages > 40,
        "the cache is big enough to have a middle: {pages} pages"
    );
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(pages / 2 * page)).unwrap();
    file.write_all(&vec![0xA5; 4 * page as usize]).unwrap();
    file.sync_all().unwrap();
}

/// The cache after recovery: no articles and no validators, so the next fetch is a full GET.
fn assert_fresh(store: &Store) {
    assert!(store.load_articles(&keys()).unwrap().is_empty());
    let feeds = store.load_feeds(&keys()).unwrap();
    assert!(
        feeds.values().all(|f| f.memory == FeedMemory::default()),
        "no validators survive: {feeds:?}"
    );
}

#[test]
fn a_database_damaged_in_its_middle_while_closed_is_moved_aside_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let (store, _) = filled_cache(dir.path());
    drop(store);
    damage_middle_pages(&path);
    // File times tick coarsely (milliseconds); damage from outside comes later than the
    // close, which the test makes sure of so that the file no longer looks as it was left.
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    let modified = file.metadata().unwrap().modified().unwrap();
    file.set_modified(modified + Duration::from_secs(5))
        .unwrap();
    drop(file);
    let damaged = std::fs::read(&path).unwrap();

    let opened = store::open(dir.path()).unwrap();
    let moved = opened.moved_aside.expect("the damaged file is moved aside");
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        damaged,
        "moved, not rewritten"
    );
    assert_fresh(&opened.store);
}

#[test]
fn a_clean_close_is_trusted_and_the_file_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = filled_cache(dir.path());
    drop(store);
    let store = open(dir.path());
    assert_eq!(store.load_articles(&keys()).unwrap().len(), ids.len());
    drop(store);
    // And again after a start that was itself trusted.
    assert_eq!(
        open(dir.path()).load_articles(&keys()).unwrap().len(),
        ids.len()
    );
}

#[test]
fn damage_met_while_running_is_recovered_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let (store, ids) = filled_cache(dir.path());
    // Pages of the store's own writes sit in the WAL until a checkpoint moves them into
    // the file, where the damage is.
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    damage_middle_pages(&path);

    let mut errors: Vec<StoreError> = store.load_articles(&keys()).err().into_iter().collect();
    errors.extend(ids.iter().filter_map(|id| store.load_body(*id).err()));
    assert!(!errors.is_empty(), "reading every body meets the damage");
    for error in &errors {
        assert!(matches!(error, StoreError::Damaged { .. }), "{error}");
    }
    let body_error = errors
        .iter()
        .map(ToString::to_string)
        .find(|e| e.contains("loading an article"))
        .expect("a body read failed");
    assert_eq!(
        body_error,
        format!(
            "the cache database {0} is damaged (loading an article: database disk image is \
             malformed): at the next start of ainews-tui it is moved aside (kept as \
             {0}.corrupt-<time>) and every feed is fetched afresh",
            path.display()
        )
    );
    drop(store);

    let opened = store::open(dir.path()).unwrap();
    let moved = opened
        .moved_aside
        .as_ref()
        .expect("the marked file is moved aside");
    assert!(moved.exists());
    assert_fresh(&opened.store);
    drop(opened);
    // Recovered once: the start after that keeps the fresh file.
    assert_eq!(store::open(dir.path()).unwrap().moved_aside, None);
}

// --- read-only ----------------------------------------------------------------------------

#[test]
fn a_read_only_cache_serves_reads_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let kept = article(FEED_A, "k", "Kept in the cache", Some(5));
    {
        let store = open(dir.path());
        store.write(updated(FEED_A, vec![kept.clone()])).unwrap();
    }
    let before = std::fs::read(&path).unwrap();

    let opened = store::open_read_only(dir.path()).unwrap();
    assert!(opened.read_only);
    assert_eq!(opened.moved_aside, None);
    let store = opened.store;
    assert!(store.is_read_only());
    assert_eq!(
        titles(&store.load_articles(&keys()).unwrap()),
        ["Kept in the cache"]
    );
    assert_eq!(
        store.load_body(kept.id).unwrap().as_deref(),
        Some("<p>Kept in the cache</p>")
    );
    let found = store.headlines(&HeadlineQuery::default()).unwrap();
    assert_eq!(found.len(), 1);

    let refused = store
        .write(WriteOp::SetRead {
            ids: vec![kept.id],
            read: true,
        })
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        format!(
            "the cache database {} is read-only (opened for reading only): nothing is saved; \
             make the data directory writable or pass another --data-dir",
            path.display()
        )
    );
    assert_eq!(refused.summary(), "read-only cache: changes are not saved");
    assert!(matches!(
        store
            .submit(WriteOp::SaveUi(UiMemory::default()))
            .wait()
            .unwrap_err(),
        StoreError::ReadOnly { .. }
    ));
    // Fire-and-forget writes are dropped quietly: the UI keeps the marks in memory.
    store.send(WriteOp::SetRead {
        ids: vec![kept.id],
        read: true,
    });
    store.flush().unwrap();
    assert!(!store.load_articles(&keys()).unwrap()[0].read);
    drop(store);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is untouched"
    );
}

// --- marks that fail to be written --------------------------------------------------------

/// Makes every write of a read or star flag fail while `refuse_marks` has a row, from
/// another connection, as a full disk or a locked file would for the store's writer.
fn refuse_marks(path: &Path, refuse: bool) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS refuse_marks (on_ INTEGER);
         CREATE TRIGGER IF NOT EXISTS refuse_marks BEFORE UPDATE OF read, starred ON articles
         WHEN EXISTS (SELECT 1 FROM refuse_marks)
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
         DELETE FROM refuse_marks;",
    )
    .unwrap();
    if refuse {
        conn.execute("INSERT INTO refuse_marks VALUES (1)", [])
            .unwrap();
    }
}

#[test]
fn a_mark_saved_after_a_failed_one_is_not_overwritten_by_its_retry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let store = open(dir.path());
    let a = vec![article(FEED_A, "r1", "Read me", Some(1))];
    store.write(updated(FEED_A, a.clone())).unwrap();
    // Marking read fails, marking unread works: the user's last choice (unread) is saved,
    // and the kept "read" from the failed write must not be replayed over it.
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER refuse_read BEFORE UPDATE OF read ON articles WHEN NEW.read = 1
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    store.send(WriteOp::SetRead {
        ids: vec![a[0].id],
        read: true,
    });
    store.send(WriteOp::SetRead {
        ids: vec![a[0].id],
        read: false,
    });
    store.flush().expect("nothing is left to save");
    Connection::open(&path)
        .unwrap()
        .execute_batch("DROP TRIGGER refuse_read")
        .unwrap();
    store.send(WriteOp::SaveUi(UiMemory::default()));
    store.flush().unwrap();
    let loaded = store.load_articles(&keys()).unwrap();
    assert!(!loaded[0].read, "the newer choice stands");
}

#[test]
fn marks_that_failed_to_save_are_kept_and_saved_by_a_later_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let store = open(dir.path());
    let a: Vec<Article> = (1..=3)
        .map(|n| article(FEED_A, &format!("m{n}"), &format!("Mark {n}"), Some(n)))
        .collect();
    store.write(updated(FEED_A, a.clone())).unwrap();
    let (errors, received) = std::sync::mpsc::channel();
    store.set_error_sink(Box::new(move |error| {
        let _ = errors.send(error.to_string());
    }));

    refuse_marks(&path, true);
    store.send(WriteOp::SetRead {
        ids: vec![a[0].id, a[1].id],
        read: true,
    });
    store.send(WriteOp::SetStarred {
        ids: vec![a[2].id],
        starred: true,
    });
    let unsaved = store.flush().unwrap_err();
    assert!(
        unsaved
            .to_string()
            .starts_with("3 read or star marks not saved yet (cache write failed: saving stars: "),
        "{unsaved}"
    );
    let reported: Vec<String> = received.try_iter().collect();
    assert_eq!(
        reported.len(),
        2,
        "each failure is reported once: {reported:?}"
    );
    assert!(
        reported[0].starts_with("cache write failed: saving read marks: injected failure"),
        "{}",
        reported[0]
    );
    assert!(
        reported[0].ends_with("; the marks are kept and saved once the cache can be written"),
        "{}",
        reported[0]
    );
    // The user changes their mind about one of them while the disk is still failing.
    store.send(WriteOp::SetRead {
        ids: vec![a[1].id],
        read: false,
    });
    assert!(store.flush().is_err());
    assert_eq!(
        received.try_iter().count(),
        1,
        "the new failure is reported"
    );

    refuse_marks(&path, false);
    // The next write of anything carries the kept marks.
    store.send(WriteOp::SaveUi(UiMemory::default()));
    store.flush().expect("every kept mark is saved");
    let flags = |store: &Store| -> Vec<(String, bool, bool)> {
        let mut rows: Vec<_> = store
            .load_articles(&keys())
            .unwrap()
            .articles
            .into_iter()
            .map(|x| (x.title, x.read, x.starred))
            .collect();
        rows.sort();
        rows
    };
    let expected = vec![
        ("Mark 1".to_owned(), true, false),
        ("Mark 2".to_owned(), false, false),
        ("Mark 3".to_owned(), false, true),
    ];
    assert_eq!(flags(&store), expected);
    assert!(
        received.try_iter().next().is_none(),
        "a retry reports nothing new"
    );
    drop(store);
    assert_eq!(flags(&open(dir.path())), expected, "on disk");
}

#[test]
fn kept_marks_are_saved_by_the_flush_at_quit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let store = open(dir.path());
    let one = article(FEED_A, "q", "Quit", Some(1));
    store.write(updated(FEED_A, vec![one.clone()])).unwrap();
    refuse_marks(&path, true);
    store.send(WriteOp::SetRead {
        ids: vec![one.id],
        read: true,
    });
    assert!(store.flush().is_err());
    refuse_marks(&path, false);
    // Quitting flushes: that alone tries the kept marks again.
    store.flush().expect("the kept mark is saved at quit");
    drop(store);
    assert!(open(dir.path()).load_articles(&keys()).unwrap()[0].read);
}

// --- topics set by hand ------------------------------------------------------------------

/// Version 2 as it shipped: version 1 and the tombstones of pruned articles.
const SHIPPED_V2_STEP: &str = "
CREATE TABLE pruned (id INTEGER PRIMARY KEY, at INTEGER NOT NULL);
INSERT INTO pruned (id, at) VALUES (77, 500);
PRAGMA user_version = 2;
";

fn set_topic(store: &Store, id: ArticleId, topic: Option<Topic>) {
    assert_eq!(
        store.write(WriteOp::SetTopic { id, topic }).unwrap(),
        WriteOutcome::Done
    );
}

#[test]
fn a_version_2_cache_gains_corrections_and_keeps_its_rows() {
    use ainews_tui::store::Correction;
    let dir = tempfile::tempdir().unwrap();
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute_batch(SHIPPED_V1).unwrap();
    conn.execute_batch(SHIPPED_V2_STEP).unwrap();
    drop(conn);
    let store = open(dir.path());
    assert_eq!(user_version(store.path()), SCHEMA_VERSION);
    assert_eq!(
        SCHEMA_VERSION, 10,
        "v1 to v4, then the full-text table, the search index, the index with full texts, \
         the imported marks, the attachments, the stories"
    );

    let old = &store.load_articles(&keys()).unwrap()[0];
    assert_eq!(
        (old.title.as_str(), old.topic, old.read, old.starred),
        ("From version one", Topic::Both, true, true)
    );
    assert_eq!(
        store.load_body(old.id).unwrap().as_deref(),
        Some("<b>kept</b>")
    );
    assert!(store.load_corrections().unwrap().is_empty());
    let tombstones: i64 = Connection::open(store.path())
        .unwrap()
        .query_row("SELECT count(*) FROM pruned WHERE id = 77", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(tombstones, 1, "the tombstone is kept");

    set_topic(&store, old.id, Some(Topic::China));
    assert_eq!(
        store.load_corrections().unwrap()[&old.id],
        Correction {
            topic: Topic::China,
            rules: Topic::Both
        }
    );
}

#[test]
fn a_topic_set_by_hand_survives_a_refetch_that_reclassifies_and_a_restart() {
    use ainews_tui::store::Correction;
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let mut chips = article(FEED_A, "g1", "Chip talks resume", Some(999_000));
    chips.topic = Topic::Us;
    let other = article(FEED_A, "g2", "OpenAI ships", Some(998_000));
    store
        .write(updated(FEED_A, vec![chips.clone(), other.clone()]))
        .unwrap();
    set_topic(&store, chips.id, Some(Topic::China));

    // The feed carries it again and the rules now say head-to-head.
    chips.topic = Topic::Both;
    assert_eq!(
        new_articles(store.write(updated(FEED_A, vec![chips.clone()])).unwrap()),
        0
    );
    drop(store);

    let store = open(dir.path());
    let corrections = store.load_corrections().unwrap();
    assert_eq!(corrections.len(), 1);
    assert_eq!(
        corrections[&chips.id],
        Correction {
            topic: Topic::China,
            rules: Topic::Both
        }
    );
    // The dashboard load gives the rules' topic; it applies the correction itself.
    let loaded = store.load_articles(&keys()).unwrap();
    assert_eq!(loaded[0].topic, Topic::Both);
    assert_eq!(store.load_newest(&keys(), 1).unwrap()[0].topic, Topic::Both);
    // Headlines show and filter on the reader's topic.
    let all = store.headlines(&HeadlineQuery::default()).unwrap();
    assert_eq!(all[0].article.title, "Chip talks resume");
    assert_eq!(all[0].article.topic, Topic::China);
    assert_eq!(
        store
            .headlines(&HeadlineQuery {
                limit: Some(1),
                ..HeadlineQuery::default()
            })
            .unwrap()[0]
            .article
            .topic,
        Topic::China,
        "the unfiltered newest-N path too"
    );
    let on = |topic| HeadlineQuery {
        topic: Some(topic),
        ..HeadlineQuery::default()
    };
    assert_eq!(
        headline_titles(&store, on(Topic::China)),
        ["Chip talks resume"]
    );
    assert!(headline_titles(&store, on(Topic::Both)).is_empty());
    assert_eq!(headline_titles(&store, on(Topic::Us)), ["OpenAI ships"]);

    let corrected = store.corrected_articles().unwrap();
    assert_eq!(corrected.len(), 1);
    assert_eq!(corrected[0].title, "Chip talks resume");
    assert_eq!(corrected[0].body, "<p>Chip talks resume</p>");
    assert_eq!(
        corrected[0].link.as_deref(),
        Some("https://news.example/g1")
    );

    // Taken back: the rules' topic holds again.
    set_topic(&store, chips.id, None);
    assert!(store.load_corrections().unwrap().is_empty());
    assert_eq!(
        headline_titles(&store, on(Topic::Both)),
        ["Chip talks resume"]
    );
}

#[test]
fn a_topic_for_an_article_not_cached_is_not_stored_and_pruning_drops_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    set_topic(&store, ArticleId(12345), Some(Topic::China));
    assert!(store.load_corrections().unwrap().is_empty());

    let old = article(FEED_A, "old", "Old news", Some(10));
    store.write(updated(FEED_A, vec![old.clone()])).unwrap();
    set_topic(&store, old.id, Some(Topic::Other));
    store
        .write(WriteOp::Prune {
            now: 1_000_000_000,
            max_age: Duration::from_secs(DAY as u64),
            max_per_feed: 100,
        })
        .unwrap();
    assert!(store.load_articles(&keys()).unwrap().is_empty());
    assert!(
        store.load_corrections().unwrap().is_empty(),
        "the correction went with its article"
    );
}

const ASCEND: &str = "Huawei readies Ascend 920 for AI training clusters";
const ASCEND_AGAIN: &str = "Huawei readies its Ascend 920 for AI training clusters";

/// The story `headlines` reads for each title.
fn stories_by_title(store: &Store) -> Vec<(String, ArticleId)> {
    let mut rows: Vec<(String, ArticleId)> = store
        .headlines(&HeadlineQuery::default())
        .unwrap()
        .into_iter()
        .map(|row| (row.article.title, row.story.0))
        .collect();
    rows.sort();
    rows
}

#[test]
fn articles_a_refresh_stored_are_grouped_once_by_the_next_reader() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let a = article(FEED_A, "a1", ASCEND, Some(2_000_000));
    let b = article(FEED_B, "b1", ASCEND_AGAIN, Some(2_003_600));
    store.write(updated(FEED_A, vec![a.clone()])).unwrap();
    store.write(updated(FEED_B, vec![b.clone()])).unwrap();
    // Nobody listens for stories (a `refresh`): stored ungrouped, each its own story.
    assert_eq!(
        stories_by_title(&store),
        [(ASCEND.to_owned(), a.id), (ASCEND_AGAIN.to_owned(), b.id)]
    );
    assert_eq!(store.group_stories().unwrap(), 2);
    assert_eq!(
        stories_by_title(&store),
        [(ASCEND.to_owned(), a.id), (ASCEND_AGAIN.to_owned(), a.id)]
    );
    assert_eq!(store.group_stories().unwrap(), 0, "grouped once");
    let loaded = store.load_articles(&keys()).unwrap();
    assert_eq!(
        loaded.stories,
        [(b.id, ainews_tui::topics::cluster::ClusterId(a.id))].into()
    );
}

#[test]
fn with_a_listener_new_articles_are_grouped_as_they_are_stored_and_told() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let (tell, told) = std::sync::mpsc::channel();
    store.set_story_sink(Box::new(move |grouped| {
        let _ = tell.send(grouped);
    }));
    let a = article(FEED_A, "a1", ASCEND, Some(2_000_000));
    let b = article(FEED_B, "b1", ASCEND_AGAIN, Some(2_003_600));
    store.write(updated(FEED_A, vec![a.clone()])).unwrap();
    store.write(updated(FEED_B, vec![b.clone()])).unwrap();
    let grouped = told.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(
        grouped,
        [(b.id, ainews_tui::topics::cluster::ClusterId(a.id))]
    );
    assert_eq!(
        store.group_stories().unwrap(),
        0,
        "nothing was left ungrouped"
    );
    assert_eq!(stories_by_title(&store)[1], (ASCEND_AGAIN.to_owned(), a.id));
}
