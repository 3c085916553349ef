//! Failure paths that need a hand on the write connection: a database that refuses writes.

use std::sync::mpsc;

use super::*;
use crate::feed_report::{FeedOutcome, FeedReport, Validators};

const FEED: &str = "https://example.com/feed";

fn article(n: u64) -> Article {
    Article {
        id: ArticleId(n),
        feed: FeedId(0),
        guid: Some(format!("g{n}")),
        title: format!("Title {n}"),
        link: None,
        body: "<p>body</p>".to_owned(),
        published: Some(1_000 + n as i64),
        first_seen: 2_000,
        topic: Topic::China,
        decided_by: crate::model::DecidedBy::Rules,
        terms: vec!["Huawei".to_owned()].into(),
        read: false,
        starred: false,
        enclosures: Vec::new(),
    }
}

/// A batch as the writer applies it, with a story index of its own.
fn apply_batch(conn: &mut Connection, ops: &[&WriteOp]) -> Vec<Result<WriteOutcome, StoreError>> {
    ops::apply_batch(
        conn,
        ops,
        &mut stories::Grouping::default(),
        false,
        &mut Vec::new(),
    )
}

fn feed_result(articles: Vec<Article>) -> WriteOp {
    WriteOp::FeedResult {
        feed_url: FEED.to_owned(),
        report: FeedReport {
            outcome: FeedOutcome::Updated { articles },
            at: 3_000,
            next_refresh: 4_000,
            feed_title: None,
            validators: Validators::default(),
            moved_to: None,
            parse_note: Default::default(),
            prepared: Default::default(),
        },
    }
}

/// A store whose write connection refuses every write, as on a read-only or full disk.
fn refusing_store(dir: &Path) -> Store {
    let path = dir.join(DB_FILE);
    let connections = db::open(&path).unwrap();
    let writer = connections.writer.unwrap();
    writer.pragma_update(None, "query_only", true).unwrap();
    Store {
        inner: Arc::new(Inner {
            reader: Mutex::new(connections.reader),
            helper: Mutex::new(connections.helper),
            read_only: None,
            index: search::backlog::Progress::new(0),
            writer: Some(
                writer::Writer::spawn(writer, path.clone(), search::backlog::Progress::new(0))
                    .unwrap(),
            ),
            path,
        }),
    }
}

#[test]
fn a_refused_write_reaches_the_sink_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open(dir.path()).unwrap().store;
        store.write(feed_result(vec![article(1)])).unwrap();
    }
    let store = refusing_store(dir.path());
    let (errors, received) = mpsc::channel();
    store.set_error_sink(Box::new(move |error| {
        let _ = errors.send(error.to_string());
    }));

    store.send(WriteOp::SetRead {
        ids: vec![ArticleId(1)],
        read: true,
    });
    store.send(feed_result(vec![article(2)]));
    // The refused mark is kept and tried again at the flush, which says it still failed.
    assert_eq!(
        store.flush().unwrap_err().to_string(),
        "1 read or star mark not saved yet (cache write failed: saving read marks: attempt \
         to write a readonly database; check that the data directory is writable (what is \
         stored is kept)); they are kept and written again while ainews-tui runs"
    );

    let messages: Vec<String> = received.try_iter().collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("cache write failed: saving read marks"),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains(FEED), "{}", messages[1]);

    let keys = [FeedKey {
        id: FeedId(0),
        url: FEED.to_owned(),
    }];
    let articles = store.load_articles(&keys).unwrap().articles;
    assert_eq!(articles.len(), 1, "the refused feed result stored nothing");
    assert!(!articles[0].read, "the refused mark changed nothing");
    assert_eq!(
        store.load_body(ArticleId(1)).unwrap().as_deref(),
        Some("<p>body</p>")
    );

    // `write` reports the same failure to its caller instead.
    let error = store
        .write(WriteOp::SaveUi(UiMemory::default()))
        .unwrap_err();
    assert!(matches!(error, StoreError::Write(_)), "{error}");
}

#[test]
fn a_stopped_writer_is_reported_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).unwrap().store;
    let (errors, received) = mpsc::channel();
    store.set_error_sink(Box::new(move |error| {
        let _ = errors.send(error.to_string());
    }));
    // Simulates the thread having died: its channel is closed.
    let inner = Arc::into_inner(store.inner).unwrap();
    let Inner { writer, .. } = inner;
    let mut writer = writer.unwrap();
    writer.close_for_test();
    assert!(matches!(writer.flush(), Err(StoreError::WriterGone)));
    writer.send(WriteOp::SaveUi(UiMemory::default()));
    assert_eq!(received.try_iter().count(), 1);
}

#[test]
fn a_batch_keeps_the_writes_that_succeed_and_reports_the_one_that_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let mut conn = db::open(&path).unwrap().writer.unwrap();
    // Stands in for a write that fails halfway through (a constraint, a full disk).
    conn.execute_batch(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.id = 2
         BEGIN SELECT RAISE(ABORT, 'refused'); END;",
    )
    .unwrap();
    let ops = [
        feed_result(vec![article(1)]),
        feed_result(vec![article(3), article(2)]),
        feed_result(vec![article(4)]),
    ];
    let outcomes = apply_batch(&mut conn, &ops.iter().collect::<Vec<_>>());

    assert!(matches!(
        outcomes[0],
        Ok(WriteOutcome::Stored {
            new_articles: 1,
            ..
        })
    ));
    let error = outcomes[1].as_ref().unwrap_err().to_string();
    assert!(error.contains("refused"), "{error}");
    assert!(matches!(
        outcomes[2],
        Ok(WriteOutcome::Stored {
            new_articles: 1,
            ..
        })
    ));
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // Article 3 came with the refused 2 in one result: the result is rolled back whole.
    assert_eq!(ids, [1, 4]);
}

#[test]
fn damage_met_by_a_write_marks_the_file_for_the_next_open() {
    use std::io::{Seek, SeekFrom, Write};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let connections = db::open(&path).unwrap();
    let mut conn = connections.writer.unwrap();
    let mut state: u32 = 7;
    let articles: Vec<Article> = (0..300)
        .map(|n| {
            let mut a = article(n);
            a.body = (0..3_000)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    char::from(b'a' + (state % 26) as u8)
                })
                .collect();
            a
        })
        .collect();
    let fill = feed_result(articles.clone());
    apply_batch(&mut conn, &[&fill]).remove(0).unwrap();
    // Into the main file, and out of the writer's page cache, so the write reads the damage.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA shrink_memory")
        .unwrap();
    let len = std::fs::metadata(&path).unwrap().len();
    let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.seek(SeekFrom::Start(len / 4096 / 2 * 4096)).unwrap();
    file.write_all(&[0xA5; 4 * 4096]).unwrap();
    drop(file);

    let store = Store {
        inner: Arc::new(Inner {
            reader: Mutex::new(connections.reader),
            helper: Mutex::new(connections.helper),
            read_only: None,
            index: search::backlog::Progress::new(0),
            writer: Some(
                writer::Writer::spawn(conn, path.clone(), search::backlog::Progress::new(0))
                    .unwrap(),
            ),
            path: path.clone(),
        }),
    };
    let (errors, received) = mpsc::channel();
    store.set_error_sink(Box::new(move |error| {
        let _ = errors.send(error);
    }));
    let mut edited = articles;
    for a in &mut edited {
        a.body.push_str(" (updated)");
    }
    store.send(feed_result(edited));
    store.flush().unwrap();
    let reported: Vec<StoreError> = received.try_iter().collect();
    assert_eq!(reported.len(), 1, "{reported:?}");
    let StoreError::Damaged {
        path: named,
        message,
    } = &reported[0]
    else {
        panic!("not reported as damage: {}", reported[0]);
    };
    assert_eq!(named, &path);
    assert!(
        message.starts_with(&format!("storing {FEED}: ")),
        "{message}"
    );
    assert!(health::is_marked_damaged(&path));
    drop(store);

    let opened = open(dir.path()).unwrap();
    assert!(
        opened.moved_aside.is_some(),
        "the marked file is moved aside"
    );
    assert!(!health::is_marked_damaged(&path));
}

#[test]
fn a_feed_result_says_which_articles_were_new_and_whether_it_was_the_first() {
    let mut conn = Connection::open_in_memory().unwrap();
    schema::migrate(&mut conn, schema::MIGRATIONS).unwrap();
    let first = feed_result(vec![article(1), article(2)]);
    let outcomes = apply_batch(&mut conn, &[&first]);
    assert_eq!(
        *outcomes[0].as_ref().unwrap(),
        WriteOutcome::Stored {
            new_articles: 2,
            new_ids: vec![ArticleId(1), ArticleId(2)],
            first_fetch: true,
        }
    );
    let next = feed_result(vec![article(2), article(3)]);
    let outcomes = apply_batch(&mut conn, &[&next]);
    assert_eq!(
        *outcomes[0].as_ref().unwrap(),
        WriteOutcome::Stored {
            new_articles: 1,
            new_ids: vec![ArticleId(3)],
            first_fetch: false,
        }
    );
}

/// FTS5 writes out a new index segment at every savepoint once the index has been written
/// in the transaction, so a batch whose writes indexed inside their own savepoints left one
/// segment per article. Indexed after the savepoints, a batch leaves a single segment.
#[test]
fn a_batch_of_feed_results_adds_one_segment_to_the_search_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join(DB_FILE)).unwrap().writer.unwrap();
    let results: Vec<WriteOp> = (0..3)
        .map(|feed| feed_result((1..=20).map(|n| article(feed * 100 + n)).collect()))
        .collect();
    let outcomes = apply_batch(&mut conn, &results.iter().collect::<Vec<_>>());
    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |row| row.get(0)).unwrap() };
    // A segment's pages have rowids (segment id << 37) + page; 0 holds the structure.
    assert_eq!(
        count("SELECT count(DISTINCT id >> 37) FROM article_search_data WHERE id >> 37 > 0"),
        1
    );
    assert_eq!(count("SELECT count(*) FROM article_search_docs"), 60);
    assert_eq!(count("SELECT count(*) FROM article_search_backlog"), 0);
    assert_eq!(
        count("SELECT count(*) FROM article_search WHERE article_search MATCH 'huawei OR title'"),
        60
    );
}
