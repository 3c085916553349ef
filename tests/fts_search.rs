//! Full-text search through the cache (`Store::search`, as `headlines --full-text` uses
//! it): English and Chinese (simplified and traditional, two-character words), ranking,
//! snippets, hostile queries, the migration that indexes an older cache, and the index
//! staying exact through edits, pruning and re-fetching.

// Helpers outside #[test] functions unwrap too: a broken fixture should fail loudly.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use ainews_tui::ingest::fetch::Validators;
use ainews_tui::ingest::poller::{FeedOutcome, FeedReport};
use ainews_tui::model::{Article, ArticleId, FeedId, Topic};
use ainews_tui::store::{self, HeadlineQuery, SCHEMA_VERSION, Store, WriteOp};
use rusqlite::Connection;

const FEED: &str = "https://news.example/feed";
const DAY: i64 = 86_400;
const NOW: i64 = 1_800_000_000;

fn article(guid: &str, title: &str, body: &str, published: i64) -> Article {
    Article {
        id: ArticleId::derive(FEED, Some(guid), None, title, Some(published)),
        feed: FeedId(0),
        guid: Some(guid.to_owned()),
        title: title.to_owned(),
        link: Some(format!("https://news.example/{guid}")),
        body: body.to_owned(),
        published: Some(published),
        first_seen: published,
        topic: Topic::Other,
        decided_by: ainews_tui::model::DecidedBy::Rules,
        terms: Default::default(),
        read: false,
        starred: false,
        enclosures: Vec::new(),
    }
}

fn store_feed(store: &Store, articles: Vec<Article>) {
    store
        .write(WriteOp::FeedResult {
            feed_url: FEED.to_owned(),
            report: FeedReport {
                outcome: FeedOutcome::Updated { articles },
                at: NOW,
                next_refresh: NOW + 1800,
                feed_title: Some("News".to_owned()),
                validators: Validators::default(),
                moved_to: None,
                parse_note: Default::default(),
                prepared: Default::default(),
            },
        })
        .unwrap();
}

fn open(dir: &Path) -> Store {
    store::open(dir).expect("the cache opens").store
}

fn query(text: &str) -> HeadlineQuery {
    HeadlineQuery {
        search: Some(text.to_owned()),
        ..HeadlineQuery::default()
    }
}

/// Titles of the results, in the order given.
fn found(store: &Store, text: &str) -> Vec<String> {
    store
        .search(&query(text))
        .unwrap()
        .into_iter()
        .map(|hit| hit.stored.article.title)
        .collect()
}

fn corpus() -> Vec<Article> {
    vec![
        article(
            "en1",
            "Nvidia ships H20 chips to China",
            "<p>The <b>export controls</b> allow a cut-down GPU.</p>",
            NOW - 3 * DAY,
        ),
        article(
            "en2",
            "Washington tightens export controls",
            "<p>Rules now cover Nvidia and AMD accelerators.</p>",
            NOW - 2 * DAY,
        ),
        article(
            "en3",
            "Artificial intelligence budget grows",
            "<p>Intelligence agencies want more compute.</p>",
            NOW - DAY,
        ),
        article(
            "zh1",
            "华为发布新一代昇腾芯片",
            "<p>华为表示，新芯片将用于人工智能训练。</p>",
            NOW - 4 * DAY,
        ),
        article(
            "zh2",
            "美國限制華為晶片出口",
            "<p>美國商務部擴大出口管制。</p>",
            NOW - 5 * DAY,
        ),
        article(
            "zh3",
            "中芯国际扩产",
            "<p>芯片代工产能继续增长。</p>",
            NOW - 6 * DAY,
        ),
    ]
}

fn filled() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store_feed(&store, corpus());
    (dir, store)
}

#[test]
fn english_words_must_all_match_whole_and_phrases_match_as_written() {
    let (_dir, store) = filled();
    assert_eq!(
        found(&store, "nvidia"),
        [
            "Nvidia ships H20 chips to China",
            "Washington tightens export controls"
        ]
    );
    assert_eq!(
        found(&store, "nvidia amd"),
        ["Washington tightens export controls"]
    );
    assert_eq!(
        found(&store, "\"export controls\""),
        [
            "Washington tightens export controls",
            "Nvidia ships H20 chips to China"
        ]
    );
    assert!(found(&store, "\"controls export\"").is_empty());
    // Whole words: "intel" is not inside "intelligence".
    assert!(found(&store, "intel").is_empty());
    assert_eq!(
        found(&store, "INTELLIGENCE"),
        ["Artificial intelligence budget grows"]
    );
}

#[test]
fn chinese_two_character_words_are_found_anywhere_in_title_and_text() {
    let (_dir, store) = filled();
    assert_eq!(
        found(&store, "华为"),
        ["华为发布新一代昇腾芯片", "美國限制華為晶片出口"]
    );
    // 芯片 is in zh1's title and text, in zh3's text only; 晶片 (Taiwan's word) is not it.
    assert_eq!(
        found(&store, "芯片"),
        ["华为发布新一代昇腾芯片", "中芯国际扩产"]
    );
    assert_eq!(found(&store, "人工智能"), ["华为发布新一代昇腾芯片"]);
    assert_eq!(found(&store, "昇腾芯片"), ["华为发布新一代昇腾芯片"]);
    assert!(found(&store, "腾华").is_empty());
    // Mixed scripts, and a query word against a Latin word glued to Chinese.
    assert_eq!(found(&store, "华为 出口"), ["美國限制華為晶片出口"]);
}

#[test]
fn traditional_and_simplified_find_each_other() {
    let (_dir, store) = filled();
    assert_eq!(found(&store, "華為"), found(&store, "华为"));
    assert_eq!(found(&store, "美国 出口管制"), ["美國限制華為晶片出口"]);
    assert_eq!(found(&store, "擴產"), ["中芯国际扩产"]);
}

#[test]
fn a_single_chinese_character_matches_words_that_start_with_it() {
    let (_dir, store) = filled();
    assert_eq!(found(&store, "昇"), ["华为发布新一代昇腾芯片"]);
}

#[test]
fn a_title_match_ranks_above_a_text_match_and_equal_matches_go_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store_feed(
        &store,
        vec![
            article(
                "a",
                "Quarterly report",
                "<p>Huawei mentioned once.</p>",
                NOW - DAY,
            ),
            article("b", "Huawei results", "<p>Numbers.</p>", NOW - 3 * DAY),
            article("c", "Huawei results", "<p>Numbers.</p>", NOW - 2 * DAY),
        ],
    );
    let hits = store.search(&query("huawei")).unwrap();
    let order: Vec<(&str, i64)> = hits
        .iter()
        .map(|hit| {
            (
                hit.stored.article.guid.as_deref().unwrap(),
                hit.stored.article.published.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [("c", NOW - 2 * DAY), ("b", NOW - 3 * DAY), ("a", NOW - DAY)]
    );
}

#[test]
fn snippets_come_from_the_text_with_matches_marked_else_from_the_title() {
    let (_dir, store) = filled();
    let snippets = |text: &str| -> Vec<String> {
        store
            .search(&query(text))
            .unwrap()
            .into_iter()
            .map(|hit| hit.snippet)
            .collect()
    };
    assert_eq!(
        snippets("\"export controls\""),
        [
            "Washington tightens «export controls»",
            "The «export controls» allow a cut-down GPU."
        ]
    );
    assert_eq!(
        snippets("华为"),
        [
            "«华为»表示，新芯片将用于人工智能训练。",
            "美國限制«華為»晶片出口"
        ]
    );
}

#[test]
fn hostile_queries_are_never_fts_syntax_errors() {
    let (_dir, store) = filled();
    for hostile in [
        "\"",
        "\"nvidia",
        "nvidia\"",
        "\"\"\"",
        "NEAR(",
        "NEAR(nvidia amd",
        "NEAR(nvidia amd, 2)",
        "*",
        "nvi*",
        "-",
        "-nvidia",
        ":",
        "title:nvidia",
        "^",
        "^nvidia",
        "nvidia AND",
        "OR",
        "NOT amd",
        "(nvidia",
        ")",
        "{title}: x",
        "'; DROP TABLE articles; --",
        "\u{0}",
        "华为\"",
    ] {
        assert!(
            store.search(&query(hostile)).is_ok(),
            "{hostile:?} must not fail"
        );
    }
    // Operators are words like any other, and punctuation alone finds nothing.
    // An unbalanced quote runs to the end; NEAR(, NOT and AND are plain words.
    assert_eq!(
        found(&store, "amd \"nvidia"),
        ["Washington tightens export controls"]
    );
    assert!(found(&store, "NEAR(nvidia amd").is_empty());
    assert!(found(&store, "nvidia NOT").is_empty());
    assert_eq!(
        found(&store, "nvidia AND"),
        ["Washington tightens export controls"]
    );
    assert_eq!(
        found(&store, "title:nvidia").len(),
        0,
        "no column filter syntax"
    );
    assert!(found(&store, "* - : ^").is_empty());
    assert!(found(&store, "").is_empty());
    // The cache is intact after all that.
    assert_eq!(found(&store, "华为").len(), 2);
}

#[test]
fn the_other_filters_and_the_limit_apply() {
    let (_dir, store) = filled();
    let hits = store
        .search(&HeadlineQuery {
            since: Some(NOW - 2 * DAY - 1),
            ..query("nvidia")
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0].stored.article.title,
        "Washington tightens export controls"
    );
    assert_eq!(hits[0].stored.feed_url, FEED);
    assert_eq!(hits[0].stored.feed_name.as_deref(), Some("News"));
    let hits = store
        .search(&HeadlineQuery {
            limit: Some(1),
            ..query("华为")
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
}

/// The rowids the index holds, sorted.
fn indexed_ids(path: &Path) -> Vec<i64> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT d.id FROM article_search_docsize z
             JOIN article_search_docs d ON d.doc = z.id ORDER BY d.id",
        )
        .unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn article_ids(path: &Path) -> Vec<i64> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT id FROM articles ORDER BY id").unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn integrity_check(path: &Path) {
    let conn = Connection::open(path).unwrap();
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count("article_search_docs"), count("articles"));
    conn.execute(
        "INSERT INTO article_search (article_search) VALUES ('integrity-check')",
        [],
    )
    .unwrap();
}

#[test]
fn an_edited_article_is_found_by_its_new_words_only() {
    let (_dir, store) = filled();
    let mut edited = corpus();
    edited[0].title = "Nvidia ships B30 chips to China".to_owned();
    edited[3].body = "<p>昇腾用于推理。</p>".to_owned();
    store_feed(&store, edited);
    assert_eq!(found(&store, "B30"), ["Nvidia ships B30 chips to China"]);
    assert!(found(&store, "H20").is_empty());
    assert!(found(&store, "人工智能").is_empty());
    assert_eq!(found(&store, "推理"), ["华为发布新一代昇腾芯片"]);
    assert_eq!(indexed_ids(store.path()), article_ids(store.path()));
    integrity_check(store.path());
}

#[test]
fn pruned_articles_leave_the_index_and_a_refetch_does_not_bring_them_back() {
    let (_dir, store) = filled();
    store
        .write(WriteOp::Prune {
            now: NOW,
            max_age: Duration::from_secs(45 * DAY as u64 / 10),
            max_per_feed: 1_000,
        })
        .unwrap();
    // zh2 (5 days) and zh3 (6 days) are gone; zh1 (4 days) stays.
    assert_eq!(found(&store, "华为"), ["华为发布新一代昇腾芯片"]);
    assert!(found(&store, "扩产").is_empty());
    assert_eq!(indexed_ids(store.path()).len(), 4);
    assert_eq!(indexed_ids(store.path()), article_ids(store.path()));
    // The feed still carries the pruned items: they stay out of cache and index.
    store_feed(&store, corpus());
    assert_eq!(found(&store, "华为"), ["华为发布新一代昇腾芯片"]);
    assert_eq!(indexed_ids(store.path()), article_ids(store.path()));
    integrity_check(store.path());
}

#[test]
fn a_cache_from_before_the_index_is_indexed_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = {
        let store = open(dir.path());
        store_feed(&store, corpus());
        store.path().to_owned()
    };
    // Take the cache back to the previous schema version: the index did not exist.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "DROP TRIGGER article_search_forget;
             DROP TABLE article_search;
             DROP TABLE IF EXISTS article_search_content;
             DROP TABLE article_search_docs;
             DROP TABLE article_search_backlog;
             {UNDO_STORIES}
             PRAGMA user_version = {};",
            6 // before version 7 rebuilt the index
        ))
        .unwrap();
    }
    let store = open(dir.path());
    // The writer thread indexes the backlog after the open.
    store.wait_for_index().unwrap();
    let version: u32 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(indexed_ids(&path), article_ids(&path));
    assert_eq!(indexed_ids(&path).len(), corpus().len());
    assert_eq!(
        found(&store, "华为"),
        ["华为发布新一代昇腾芯片", "美國限制華為晶片出口"]
    );
    assert_eq!(
        found(&store, "accelerators"),
        ["Washington tightens export controls"]
    );
    let backlog: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM article_search_backlog", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(backlog, 0);
    integrity_check(&path);
}

/// Rebuilding the index (a later schema step adding the extracted article as a column)
/// drops the table and its `_content` shadow, which SQLite leaves behind for a contentless
/// table that keeps UNINDEXED values; then only the index's own tables remain.
#[test]
fn the_index_drops_cleanly_for_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let path = open(dir.path()).path().to_owned();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE article_search;
         DROP TABLE IF EXISTS article_search_content;",
    )
    .unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'article_search%' ORDER BY name")
        .unwrap();
    let left: Vec<String> = stmt
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        left,
        [
            "article_search_backlog",
            "article_search_docs",
            "article_search_forget"
        ]
    );
}

fn save_full_text(store: &Store, guid: &str, outcome: Result<&str, &str>) {
    let id = corpus()
        .into_iter()
        .find(|article| article.guid.as_deref() == Some(guid))
        .unwrap()
        .id;
    store
        .write(WriteOp::SaveFullText {
            id,
            full_text: store::FullText {
                outcome: outcome.map(str::to_owned).map_err(str::to_owned),
                fetched_at: NOW,
            },
        })
        .unwrap();
}

/// Titles and snippets of the results, in order.
fn hits(store: &Store, text: &str) -> Vec<(String, String)> {
    store
        .search(&query(text))
        .unwrap()
        .into_iter()
        .map(|hit| (hit.stored.article.title, hit.snippet))
        .collect()
}

const EXTRACTED_EN: &str = "Budget papers show the agencies plan three exascale machines.\n\n\
                            Procurement starts next spring.";
const EXTRACTED_ZH: &str = "中芯国际表示，新厂将采购国产光刻机。\n\n产能明年翻倍。";

#[test]
fn a_word_only_in_the_extracted_text_is_found_with_its_snippet() {
    let (_dir, store) = filled();
    assert!(found(&store, "exascale").is_empty());
    save_full_text(&store, "en3", Ok(EXTRACTED_EN));
    save_full_text(&store, "zh3", Ok(EXTRACTED_ZH));
    assert_eq!(
        hits(&store, "exascale"),
        [(
            "Artificial intelligence budget grows".to_owned(),
            "…papers show the agencies plan three «exascale» machines. Procurement starts \
             next spring."
                .to_owned()
        )]
    );
    assert_eq!(
        found(&store, "\"three exascale machines\""),
        ["Artificial intelligence budget grows"]
    );
    assert_eq!(
        hits(&store, "光刻机"),
        [(
            "中芯国际扩产".to_owned(),
            "中芯国际表示，新厂将采购国产«光刻机»。 产能明年翻倍。".to_owned()
        )]
    );
    // A match in the feed's own text keeps its snippet from there.
    assert_eq!(
        hits(&store, "中芯国际 产能"),
        [(
            "中芯国际扩产".to_owned(),
            "芯片代工«产能»继续增长。".to_owned()
        )]
    );
    assert_eq!(indexed_ids(store.path()), article_ids(store.path()));
    integrity_check(store.path());
}

#[test]
fn the_extracted_text_stays_indexed_through_edits_and_leaves_with_a_failure() {
    let (_dir, store) = filled();
    save_full_text(&store, "en3", Ok(EXTRACTED_EN));
    // The feed edits the article's own text: the extracted text is indexed with it.
    let mut edited = corpus();
    edited[2].body = "<p>Lawmakers debate the compute bill.</p>".to_owned();
    store_feed(&store, edited);
    assert_eq!(
        found(&store, "exascale"),
        ["Artificial intelligence budget grows"]
    );
    assert_eq!(
        found(&store, "lawmakers"),
        ["Artificial intelligence budget grows"]
    );
    // A later fetch that failed replaces the text: its words leave the index.
    save_full_text(&store, "en3", Err("HTTP 404"));
    assert!(found(&store, "exascale").is_empty());
    assert_eq!(
        found(&store, "lawmakers"),
        ["Artificial intelligence budget grows"]
    );
    integrity_check(store.path());
}

/// Takes the cache at `path` back to version 6: the index of titles and feed texts only,
/// every article indexed there (nothing waiting).
fn downgrade_to_v6(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER article_search_forget;
         DROP TABLE article_search;
         DROP TABLE IF EXISTS article_search_content;
         DELETE FROM article_search_docs;
         DELETE FROM article_search_backlog;
         CREATE VIRTUAL TABLE article_search USING fts5(
             title, body, at UNINDEXED,
             content = '', contentless_delete = 1, contentless_unindexed = 1,
             tokenize = 'unicode61 remove_diacritics 2'
         );
         PRAGMA user_version = 6;",
    )
    .unwrap();
    conn.execute_batch(UNDO_STORIES).unwrap();
}

/// What taking a cache back before version 10 by hand must undo: the stored stories.
const UNDO_STORIES: &str = "DROP INDEX articles_ungrouped; ALTER TABLE articles DROP COLUMN story;";

fn backlog_len(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM article_search_backlog", [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn a_cache_of_version_6_is_indexed_again_with_its_extracted_texts() {
    let dir = tempfile::tempdir().unwrap();
    let path = {
        let store = open(dir.path());
        store_feed(&store, corpus());
        save_full_text(&store, "zh3", Ok(EXTRACTED_ZH));
        store.path().to_owned()
    };
    downgrade_to_v6(&path);
    let store = open(dir.path());
    store.wait_for_index().unwrap();
    assert_eq!(store.index_progress(), None);
    assert_eq!(backlog_len(&path), 0);
    assert_eq!(indexed_ids(&path), article_ids(&path));
    assert_eq!(found(&store, "光刻机"), ["中芯国际扩产"]);
    assert_eq!(
        found(&store, "华为"),
        ["华为发布新一代昇腾芯片", "美國限制華為晶片出口"]
    );
    integrity_check(&path);
}

#[test]
fn while_articles_wait_the_progress_says_how_many_and_searches_find_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = {
        let store = open(dir.path());
        store_feed(&store, corpus());
        store.path().to_owned()
    };
    // Three articles wait, as after a migration, in a cache nobody writes.
    {
        let conn = Connection::open(&path).unwrap();
        let waiting: Vec<i64> = ["zh1", "zh2", "zh3"]
            .iter()
            .map(|guid| {
                let article = corpus()
                    .into_iter()
                    .find(|a| a.guid.as_deref() == Some(*guid))
                    .unwrap();
                article.id.0 as i64
            })
            .collect();
        for id in waiting {
            conn.execute(
                "DELETE FROM article_search WHERE rowid =
                     (SELECT doc FROM article_search_docs WHERE id = ?1)",
                [id],
            )
            .unwrap();
            conn.execute("DELETE FROM article_search_docs WHERE id = ?1", [id])
                .unwrap();
            conn.execute("INSERT INTO article_search_backlog VALUES (?1)", [id])
                .unwrap();
        }
    }
    let read_only = store::open_read_only(dir.path()).unwrap().store;
    let progress = read_only.index_progress().unwrap();
    assert_eq!((progress.done, progress.total), (0, 3));
    assert_eq!(progress.to_string(), "0/3");
    assert!(found(&read_only, "华为").is_empty());
    assert_eq!(found(&read_only, "nvidia").len(), 2);
    // A read-only cache is never indexed: there is nothing to wait for.
    read_only.wait_for_index().unwrap();
    drop(read_only);
    let store = open(dir.path());
    store.wait_for_index().unwrap();
    assert_eq!(store.index_progress(), None);
    assert_eq!(
        found(&store, "华为"),
        ["华为发布新一代昇腾芯片", "美國限制華為晶片出口"]
    );
    assert_eq!(indexed_ids(&path), article_ids(&path));
}

#[test]
fn writes_go_ahead_while_the_index_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = {
        let store = open(dir.path());
        let many: Vec<Article> = (0..3_000)
            .map(|n| {
                article(
                    &format!("bulk{n}"),
                    &format!("Chip story {n}"),
                    "<p>Foundry capacity grows.</p>",
                    NOW - n,
                )
            })
            .collect();
        store_feed(&store, many);
        store.path().to_owned()
    };
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "INSERT INTO article_search (article_search) VALUES ('delete-all');
             DELETE FROM article_search_docs;
             INSERT INTO article_search_backlog SELECT id FROM articles;",
        )
        .unwrap();
    let store = open(dir.path());
    // Written between batches of the catching up, and searchable at once.
    store_feed(&store, corpus());
    assert_eq!(found(&store, "nvidia").len(), 2);
    store.wait_for_index().unwrap();
    assert_eq!(found(&store, "foundry").len(), 3_000);
    assert_eq!(indexed_ids(&path), article_ids(&path));
    integrity_check(&path);
}
