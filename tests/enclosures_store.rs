//! Attached files in the cache: stored with their article through the writer, replaced by
//! a refetch that changes them, pruned with the article, and a version 8 cache file
//! upgraded to hold them.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use ainews_tui::ingest::fetch::Validators;
use ainews_tui::ingest::poller::{FeedOutcome, FeedReport};
use ainews_tui::model::{Article, ArticleId, DecidedBy, Enclosure, FeedId, Topic};
use ainews_tui::store::{self, DB_FILE, SCHEMA_VERSION, WriteOp};
use rusqlite::Connection;

const FEED: &str = "https://pod.example/feed.xml";

fn file(url: &str, mime: Option<&str>, length: Option<u64>) -> Enclosure {
    Enclosure {
        url: url.to_owned(),
        mime: mime.map(str::to_owned),
        length,
    }
}

fn episode(guid: &str, published: i64, enclosures: Vec<Enclosure>) -> Article {
    Article {
        id: ArticleId::derive(FEED, Some(guid), None, guid, Some(published)),
        feed: FeedId(0),
        guid: Some(guid.to_owned()),
        title: format!("Episode {guid}"),
        link: Some(format!("https://pod.example/{guid}")),
        body: "<p>Show notes</p>".to_owned(),
        published: Some(published),
        first_seen: published,
        topic: Topic::Other,
        decided_by: DecidedBy::Rules,
        terms: Default::default(),
        read: false,
        starred: false,
        enclosures,
    }
}

fn stored(articles: Vec<Article>, at: i64) -> WriteOp {
    WriteOp::FeedResult {
        feed_url: FEED.to_owned(),
        report: FeedReport {
            outcome: FeedOutcome::Updated { articles },
            at,
            next_refresh: at + 1800,
            feed_title: None,
            validators: Validators::default(),
            moved_to: None,
            parse_note: Default::default(),
            prepared: Default::default(),
        },
    }
}

#[test]
fn files_are_stored_with_the_article_replaced_on_refetch_and_pruned_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = store::open(dir.path()).unwrap().store;
    let files = vec![
        file(
            "https://pod.example/ep-42.mp3",
            Some("audio/mpeg"),
            Some(24_300_000),
        ),
        file("https://pod.example/ep-42.pdf", None, None),
    ];
    let old = episode("41", 1_000, Vec::new());
    let new = episode("42", 2_000_000, files.clone());
    store
        .write(stored(vec![old.clone(), new.clone()], 2_000_000))
        .unwrap();
    assert_eq!(store.load_enclosures(new.id).unwrap(), files);
    assert!(store.load_enclosures(old.id).unwrap().is_empty());

    // The feed changed the episode's files: the stored ones follow.
    let changed = vec![file("https://pod.example/ep-42-v2.mp3", None, Some(1))];
    store
        .write(stored(
            vec![episode("42", 2_000_000, changed.clone())],
            2_000_100,
        ))
        .unwrap();
    assert_eq!(store.load_enclosures(new.id).unwrap(), changed);
    assert_eq!(
        store.all_enclosures().unwrap(),
        std::collections::HashMap::from([(new.id, changed)])
    );

    store
        .write(WriteOp::Prune {
            now: 2_000_200 + 2 * 86_400,
            max_age: Duration::from_secs(86_400),
            max_per_feed: 10,
        })
        .unwrap();
    assert!(store.load_enclosures(new.id).unwrap().is_empty());
    assert!(store.all_enclosures().unwrap().is_empty(), "pruned with it");
}

#[test]
fn a_version_8_cache_file_is_upgraded_and_keeps_its_articles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        // A cache as the release before attachments left it: schema 8, one article.
        let store = store::open(dir.path()).unwrap().store;
        store
            .write(stored(vec![episode("1", 5_000, Vec::new())], 5_000))
            .unwrap();
    }
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE article_enclosures; DROP INDEX articles_ungrouped;
             ALTER TABLE articles DROP COLUMN story; PRAGMA user_version = 8;",
        )
        .unwrap();
    }
    let store = store::open(dir.path()).unwrap().store;
    let version: u32 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!((version, SCHEMA_VERSION), (10, 10));
    let id = ArticleId::derive(FEED, Some("1"), None, "1", Some(5_000));
    assert_eq!(
        store.load_body(id).unwrap().as_deref(),
        Some("<p>Show notes</p>")
    );
    assert!(store.load_enclosures(id).unwrap().is_empty());
    let files = vec![file("https://pod.example/1.mp3", None, None)];
    store
        .write(stored(vec![episode("1", 5_000, files.clone())], 6_000))
        .unwrap();
    assert_eq!(store.load_enclosures(id).unwrap(), files);
}
