//! Full-text search over 100,000 articles of real headlines in English and Chinese (the
//! titles of tests/fixtures/topics/real, bodies made of several of them): query time,
//! what the index adds to writing a cold refresh (200 feeds x 50 items), how much it
//! grows the cache, how a common word is ranked (every match, or the newest candidates),
//! how long the backlog of a migrated cache takes and what it does to writes meanwhile,
//! and the tokenizers compared (unicode61 with CJK pairs, as shipped, against trigram and
//! plain unicode61).
//!
//! Printed figures come first, then divan's query timings. Run with
//! `cargo bench --bench fts` (the bench profile inherits `release`: no LTO).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

#[path = "support/writes.rs"]
mod writes;

use ainews_tui::cmd::refresh::MAX_WRITES_IN_FLIGHT;
use ainews_tui::ingest::fetch::Validators;
use ainews_tui::ingest::poller::{FeedOutcome, FeedReport};
use ainews_tui::model::{Article, ArticleId, FeedId, Topic};
use ainews_tui::store::{self, HeadlineQuery, Store, WriteOp};
use ainews_tui::text::fold::fold;
use ainews_tui::text::sanitize::strip_tags;
use ainews_tui::text::words::term_ranges;
use divan::Bencher;
use rusqlite::Connection;
use writes::{Pattern, open_without_index, write_all};

const ARTICLES: usize = 100_000;
const FEEDS: usize = 200;
const NOW: i64 = 1_790_000_000;

/// The queries measured: English words and a phrase, Chinese words of two and four
/// characters, a traditional spelling and a single character.
const QUERIES: &[&str] = &[
    "nvidia",
    "chips",
    "\"export controls\"",
    "华为",
    "芯片",
    "人工智能",
    "華為",
    "AI",
];

fn main() {
    let fixture = fixture();
    report_size(fixture);
    report_write_overhead();
    report_preparation();
    report_ranking(fixture);
    report_catch_up(fixture);
    report_tokenizers(fixture);
    divan::main();
}

/// The real headlines, English and Chinese, from the classifier's fixtures.
fn headlines() -> &'static [String] {
    static TITLES: OnceLock<Vec<String>> = OnceLock::new();
    TITLES.get_or_init(|| {
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
    })
}

/// Article `n` of `feed`: a real headline, and a body of four to eight others.
fn article(rng: &mut fastrand::Rng, feed: usize, n: usize) -> Article {
    let titles = headlines();
    let title = titles[rng.usize(..titles.len())].clone();
    let mut body = String::new();
    for _ in 0..rng.usize(4..=8) {
        body.push_str("<p>");
        body.push_str(&titles[rng.usize(..titles.len())]);
        body.push_str("</p>\n");
    }
    let url = feed_url(feed);
    let guid = format!("{url}#{n}");
    let published = NOW - rng.i64(0..90 * 86_400);
    Article {
        id: ArticleId::derive(&url, Some(&guid), None, &title, Some(published)),
        feed: FeedId(feed as u32),
        guid: Some(guid),
        link: Some(format!("https://news.example.com/{feed}/{n}")),
        title,
        body,
        published: Some(published),
        first_seen: published,
        topic: Topic::ALL[rng.usize(..Topic::ALL.len())],
        decided_by: ainews_tui::model::DecidedBy::Rules,
        terms: Default::default(),
        read: false,
        starred: false,
        enclosures: Vec::new(),
    }
}

fn feed_url(feed: usize) -> String {
    format!("https://feed{feed}.example.com/rss")
}

fn feed_result(feed: usize, articles: Vec<Article>) -> WriteOp {
    WriteOp::FeedResult {
        feed_url: feed_url(feed),
        report: FeedReport {
            outcome: FeedOutcome::Updated { articles },
            at: NOW,
            next_refresh: NOW + 1800,
            feed_title: Some(format!("Feed {feed}")),
            validators: Validators::default(),
            moved_to: None,
            parse_note: Default::default(),
            prepared: Default::default(),
        },
    }
}

/// Every article of `per_feed` items in each of the feeds, generated as a refresh brings
/// them: one `FeedResult` per feed.
fn refresh_ops(per_feed: usize, seed: u64) -> Vec<WriteOp> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..FEEDS)
        .map(|feed| {
            let articles = (0..per_feed).map(|n| article(&mut rng, feed, n)).collect();
            feed_result(feed, articles)
        })
        .collect()
}

struct Fixture {
    store: Store,
    dir: PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fts_bench");
        let _ = std::fs::remove_dir_all(&dir);
        let store = store::open(&dir).expect("bench cache opens").store;
        for op in refresh_ops(ARTICLES / FEEDS, 7) {
            store.write(op).expect("bench write");
        }
        store.flush().expect("bench flush");
        Fixture { store, dir }
    })
}

fn report_size(fixture: &Fixture) {
    let conn = Connection::open(fixture.store.path()).expect("bench cache opens");
    let bytes = |filter: &str| -> i64 {
        conn.query_row(
            &format!("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE {filter}"),
            [],
            |row| row.get(0),
        )
        .expect("dbstat")
    };
    let index = bytes("name LIKE 'article_search%'");
    let total = bytes("1");
    let without = total - index;
    println!(
        "cache of {ARTICLES} articles: {:.1} MB without the index, the index {:.1} MB: \
         +{:.0}%",
        without as f64 / 1e6,
        index as f64 / 1e6,
        index as f64 * 100.0 / without as f64
    );
}

/// A cold refresh (200 feeds x 50 items) written into an empty cache, with and without the
/// index, runs interleaved; the median of five each, for both ways of writing.
fn report_write_overhead() {
    let ops = refresh_ops(50, 11);
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fts_bench_write");
    for (pattern, name) in [
        (
            Pattern::AsRefresh,
            format!("as refresh writes ({MAX_WRITES_IN_FLIGHT} in flight)"),
        ),
        (Pattern::OneByOne, "one feed per transaction".to_string()),
    ] {
        let mut times = [Vec::new(), Vec::new()];
        for run in 0..5 {
            for (indexed, times) in times.iter_mut().enumerate() {
                let dir = root.join(format!("{run}-{indexed}"));
                let _ = std::fs::remove_dir_all(&dir);
                let store = if indexed == 1 {
                    store::open(&dir).expect("bench cache opens").store
                } else {
                    open_without_index(&dir)
                };
                let start = Instant::now();
                write_all(&store, ops.iter().cloned(), pattern);
                times.push(start.elapsed());
                drop(store);
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
        let without = median(&mut times[0]);
        let with = median(&mut times[1]);
        println!(
            "writing a cold refresh of {FEEDS} feeds x 50 items, {name}: {:.0} ms without \
             the index, {:.0} ms with it: +{:.0}%",
            without.as_secs_f64() * 1e3,
            with.as_secs_f64() * 1e3,
            (with.as_secs_f64() / without.as_secs_f64() - 1.0) * 100.0
        );
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The text preparation the "without" figure still includes, measured alone over the same
/// cold refresh: tags stripped and traditional folded, both per character as the pairing is.
fn report_preparation() {
    let ops = refresh_ops(50, 11);
    let start = Instant::now();
    let mut bytes = 0;
    for op in &ops {
        if let WriteOp::FeedResult { report, .. } = op
            && let FeedOutcome::Updated { articles } = &report.outcome
        {
            for article in articles {
                let text = strip_tags(&article.body);
                bytes += fold(&text, usize::MAX).len() + fold(&article.title, usize::MAX).len();
            }
        }
    }
    println!(
        "preparing the text of that refresh (strip tags, fold; {:.1} MB): {:.0} ms",
        bytes as f64 / 1e6,
        start.elapsed().as_secs_f64() * 1e3
    );
}

/// The top 50 of each query ranked two ways, straight on the index: every match scored
/// (exact), or only the newest `CANDIDATES` matches (what the store does for a top-N
/// query); medians of seven runs each, interleaved, and how many of the exact top 50 the
/// candidates' top 50 keeps.
fn report_ranking(fixture: &Fixture) {
    const CANDIDATES: i64 = 2_000;
    let conn = Connection::open(fixture.store.path()).expect("bench cache opens");
    let rank = "SELECT rowid FROM article_search WHERE article_search MATCH ?1 AND rowid >= ?2
                ORDER BY bm25(article_search, 4.0, 1.0, 1.0, 0.0), at DESC, rowid LIMIT 50";
    let floor = "SELECT rowid FROM article_search WHERE article_search MATCH ?1
                 ORDER BY rowid DESC LIMIT 1 OFFSET ?2 - 1";
    let top = |expression: &str, capped: bool| -> Vec<i64> {
        let low: i64 = if capped {
            conn.query_row(floor, rusqlite::params![expression, CANDIDATES], |row| {
                row.get(0)
            })
            .unwrap_or(i64::MIN)
        } else {
            i64::MIN
        };
        let mut stmt = conn.prepare_cached(rank).expect("prepare");
        stmt.query_map(rusqlite::params![expression, low], |row| row.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    println!("ranking the top 50, every match against the newest {CANDIDATES} (medians of 7):");
    for query in QUERIES {
        let expression = fts_expression(query);
        let matches: i64 = conn
            .query_row(
                "SELECT count(*) FROM article_search WHERE article_search MATCH ?1",
                [&expression],
                |row| row.get(0),
            )
            .expect("count");
        let mut times = [Vec::new(), Vec::new()];
        for _ in 0..7 {
            for (capped, times) in times.iter_mut().enumerate() {
                let start = Instant::now();
                let _ = top(&expression, capped == 1);
                times.push(start.elapsed());
            }
        }
        let exact = top(&expression, false);
        let capped = top(&expression, true);
        let kept = capped.iter().filter(|doc| exact.contains(doc)).count();
        println!(
            "    {query:<20} {matches:>7} matches: every match {:.1} ms, newest {CANDIDATES} \
             {:.1} ms; {kept} of the exact top {} kept",
            median(&mut times[0]).as_secs_f64() * 1e3,
            median(&mut times[1]).as_secs_f64() * 1e3,
            exact.len()
        );
    }
}

/// The FTS5 expression the store makes of a query: each word or phrase one quoted string
/// of the indexed text (Chinese in pairs, as `tokens` writes it).
fn fts_expression(query: &str) -> String {
    let pairs = |text: &str| -> String {
        let folded = fold(text, usize::MAX);
        let chars: Vec<char> = folded.chars().collect();
        if chars.iter().all(|c| (*c as u32) > 0x2e80) && chars.len() > 1 {
            chars
                .windows(2)
                .map(|pair| pair.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            folded.into_owned()
        }
    };
    query
        .split('"')
        .enumerate()
        .flat_map(|(i, part)| {
            if i % 2 == 1 {
                vec![part.to_owned()]
            } else {
                part.split_whitespace().map(str::to_owned).collect()
            }
        })
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", pairs(&w)))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// A copy of the fixture whose every article waits in the backlog, as after the migration
/// that rebuilds the index: how long the writer thread takes to index them all, and how
/// long a small write (a read mark) waits meanwhile.
fn report_catch_up(fixture: &Fixture) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fts_bench_catch_up");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench dir");
    let copy = dir.join(store::DB_FILE);
    {
        let conn = Connection::open(fixture.store.path()).expect("bench cache opens");
        conn.execute("VACUUM INTO ?1", [copy.to_string_lossy()])
            .expect("copy");
        let conn = Connection::open(&copy).expect("copy opens");
        conn.execute_batch(
            "INSERT INTO article_search (article_search) VALUES ('delete-all');
             DELETE FROM article_search_docs;
             INSERT INTO article_search_backlog SELECT id FROM articles;",
        )
        .expect("backlog");
    }
    let id: i64 = Connection::open(&copy)
        .expect("copy opens")
        .query_row("SELECT id FROM articles LIMIT 1", [], |row| row.get(0))
        .expect("an article");
    let start = Instant::now();
    let store = store::open(&dir).expect("copy opens").store;
    let opened = start.elapsed();
    let mut waits = Vec::new();
    while store.index_progress().is_some() {
        let asked = Instant::now();
        store
            .write(WriteOp::SetRead {
                ids: vec![ArticleId(id as u64)],
                read: true,
            })
            .expect("bench write");
        waits.push(asked.elapsed());
        std::thread::sleep(Duration::from_millis(50));
    }
    store.wait_for_index().expect("caught up");
    let total = start.elapsed();
    let longest = waits.iter().max().copied().unwrap_or_default();
    let typical = if waits.is_empty() {
        Duration::ZERO
    } else {
        median(&mut waits.clone())
    };
    println!(
        "catching up {ARTICLES} articles after the migration: opened in {:.0} ms, indexed in \
         {:.1} s; a read mark written meanwhile waited {:.0} ms median, {:.0} ms at most \
         ({} writes)",
        opened.as_secs_f64() * 1e3,
        total.as_secs_f64(),
        typical.as_secs_f64() * 1e3,
        longest.as_secs_f64() * 1e3,
        waits.len()
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The plain text of every article of the fixture (title, body), as the index sees it.
fn plain_texts(fixture: &Fixture) -> Vec<(String, String)> {
    let conn = Connection::open(fixture.store.path()).expect("bench cache opens");
    let mut stmt = conn
        .prepare("SELECT id, title FROM articles")
        .expect("prepare");
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    rows.into_iter()
        .map(|(id, title)| {
            let body = fixture
                .store
                .load_body(ArticleId(id as u64))
                .expect("body")
                .unwrap_or_default();
            (title, strip_tags(&body))
        })
        .collect()
}

/// How many articles truly hold the query: every word (Chinese anywhere, Latin whole
/// words), traditional folded, case ignored.
fn truth(texts: &[(String, String)], query: &str) -> usize {
    let words: Vec<String> = query
        .split('"')
        .enumerate()
        .flat_map(|(i, part)| {
            if i % 2 == 1 {
                vec![part.to_owned()]
            } else {
                part.split_whitespace().map(str::to_owned).collect()
            }
        })
        .filter(|w| !w.is_empty())
        .map(|w| fold(&w, usize::MAX).into_owned())
        .collect();
    texts
        .iter()
        .filter(|(title, body)| {
            let text = format!("{title} {body}");
            let text = fold(&text, usize::MAX);
            words
                .iter()
                .all(|w| !term_ranges(&text, std::slice::from_ref(w)).is_empty())
        })
        .count()
}

/// An FTS5 table of `tokenize` over the same texts (no preparation), its size, and per
/// query the matches and the median time of a ranked top-50.
fn other_tokenizer(texts: &[(String, String)], tokenize: &str, name: &str) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fts_bench_{name}.db"));
    let _ = std::fs::remove_file(&path);
    let mut conn = Connection::open(&path).expect("bench db opens");
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE t USING fts5(title, body, content = '', tokenize = '{tokenize}');"
    ))
    .expect("create");
    let start = Instant::now();
    let tx = conn.transaction().expect("tx");
    {
        let mut insert = tx
            .prepare("INSERT INTO t (rowid, title, body) VALUES (?1, ?2, ?3)")
            .expect("prepare");
        for (i, (title, body)) in texts.iter().enumerate() {
            insert
                .execute(rusqlite::params![i as i64, title, body])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    let built = start.elapsed();
    let size: i64 = conn
        .query_row(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 't%'",
            [],
            |row| row.get(0),
        )
        .expect("dbstat");
    println!(
        "  {name}: index {:.1} MB, built in {:.1} s",
        size as f64 / 1e6,
        built.as_secs_f64()
    );
    for query in QUERIES {
        // Each word quoted, as the store does; trigram cannot match under 3 characters.
        let expression = query
            .split_whitespace()
            .map(|w| format!("\"{}\"", w.trim_matches('"')))
            .collect::<Vec<_>>()
            .join(" AND ");
        let count: Result<i64, _> = conn.query_row(
            "SELECT count(*) FROM t WHERE t MATCH ?1",
            [&expression],
            |row| row.get(0),
        );
        let mut stmt = conn
            .prepare("SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY bm25(t, 4.0, 1.0) LIMIT 50")
            .expect("prepare");
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            let _ = stmt
                .query_map([&expression], |row| row.get::<_, i64>(0))
                .map(|rows| rows.count());
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "    {query:<20} {:>7} matches, top 50 in {:.1} ms",
            count.map_or_else(|e| format!("error: {e}"), |c| c.to_string()),
            times[2].as_secs_f64() * 1e3
        );
    }
    drop(conn);
    let _ = std::fs::remove_file(&path);
}

/// FTS5 options compared over the same texts (plain unicode61, as `other_tokenizer`):
/// built in transactions of 500 articles (ten feeds of fifty, as a refresh batches them),
/// the time that takes, the size, and a common word's top 50.
fn report_options(texts: &[(String, String)]) {
    let shipped = "title, body, full_text, at UNINDEXED, content = '', contentless_delete = 1, \
                   contentless_unindexed = 1, tokenize = 'unicode61 remove_diacritics 2'";
    let variants: &[(&str, String, &str)] = &[
        ("as shipped", shipped.to_owned(), ""),
        (
            "automerge 8",
            shipped.to_owned(),
            "INSERT INTO t (t, rank) VALUES ('automerge', 8);",
        ),
        (
            "automerge 16, crisismerge 32",
            shipped.to_owned(),
            "INSERT INTO t (t, rank) VALUES ('automerge', 16);
             INSERT INTO t (t, rank) VALUES ('crisismerge', 32);",
        ),
        (
            "no time column",
            shipped
                .replace("at UNINDEXED, ", "")
                .replace("contentless_unindexed = 1, ", ""),
            "",
        ),
        (
            "detail=column (no phrases)",
            format!("{shipped}, detail = column"),
            "",
        ),
    ];
    println!("FTS5 options over the same texts (ten feeds per transaction):");
    for (name, options, setup) in variants {
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fts_bench_options.db");
        let _ = std::fs::remove_file(&path);
        let mut conn = Connection::open(&path).expect("bench db opens");
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = wal; PRAGMA synchronous = normal;
             CREATE VIRTUAL TABLE t USING fts5({options}); {setup}"
        ))
        .expect("create");
        let with_time = options.contains("at UNINDEXED");
        let start = Instant::now();
        for (chunk_no, chunk) in texts.chunks(500).enumerate() {
            let tx = conn.transaction().expect("tx");
            {
                let sql = if with_time {
                    "INSERT INTO t (rowid, title, body, full_text, at) VALUES (?1, ?2, ?3, '', ?1)"
                } else {
                    "INSERT INTO t (rowid, title, body, full_text) VALUES (?1, ?2, ?3, '')"
                };
                let mut insert = tx.prepare_cached(sql).expect("prepare");
                for (i, (title, body)) in chunk.iter().enumerate() {
                    let rowid = (chunk_no * 500 + i) as i64;
                    insert
                        .execute(rusqlite::params![rowid, title, body])
                        .expect("insert");
                }
            }
            tx.commit().expect("commit");
        }
        let built = start.elapsed();
        let size: i64 = conn
            .query_row(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 't%'",
                [],
                |row| row.get(0),
            )
            .expect("dbstat");
        let order = if with_time { "at DESC, " } else { "" };
        let mut stmt = conn
            .prepare(&format!(
                "SELECT rowid FROM t WHERE t MATCH ?1
                 ORDER BY bm25(t, 4.0, 1.0, 1.0), {order}rowid LIMIT 50"
            ))
            .expect("prepare");
        let mut times = Vec::new();
        for _ in 0..7 {
            let start = Instant::now();
            let _ = stmt
                .query_map(["\"chips\""], |row| row.get::<_, i64>(0))
                .map(|rows| rows.count());
            times.push(start.elapsed());
        }
        println!(
            "  {name:<30} built in {:.2} s, {:.1} MB, \"chips\" top 50 in {:.1} ms",
            built.as_secs_f64(),
            size as f64 / 1e6,
            median(&mut times).as_secs_f64() * 1e3
        );
        drop(stmt);
        drop(conn);
        let _ = std::fs::remove_file(&path);
    }
}

fn report_tokenizers(fixture: &Fixture) {
    let texts = plain_texts(fixture);
    println!("tokenizers over the same {} articles:", texts.len());
    println!("  shipped (unicode61 with CJK pairs, contentless; times include snippets):");
    for query in QUERIES {
        let all = fixture
            .store
            .search(&HeadlineQuery {
                search: Some((*query).to_owned()),
                ..HeadlineQuery::default()
            })
            .expect("search")
            .len();
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            let _ = fixture.store.search(&top_50(query)).expect("search");
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "    {query:<20} {all:>7} matches (truth {:>6}), top 50 in {:.1} ms",
            truth(&texts, query),
            times[2].as_secs_f64() * 1e3
        );
    }
    report_options(&texts);
    other_tokenizer(&texts, "trigram", "trigram");
    other_tokenizer(&texts, "unicode61 remove_diacritics 2", "unicode61");
    let _ = &fixture.dir;
}

fn top_50(query: &str) -> HeadlineQuery {
    HeadlineQuery {
        search: Some(query.to_owned()),
        limit: Some(50),
        ..HeadlineQuery::default()
    }
}

#[divan::bench(args = QUERIES, sample_count = 20)]
fn search_top_50(bencher: Bencher, query: &str) {
    let fixture = fixture();
    let query = top_50(query);
    bencher.bench(|| fixture.store.search(&query).expect("search"));
}

/// Every match ranked, with a snippet each: what `headlines --full-text` without
/// `--limit` does.
#[divan::bench(args = ["\"export controls\"", "华为"], sample_count = 10)]
fn search_every_match(bencher: Bencher, query: &str) {
    let fixture = fixture();
    let query = HeadlineQuery {
        search: Some(query.to_owned()),
        ..HeadlineQuery::default()
    };
    bencher.bench(|| fixture.store.search(&query).expect("search"));
}
