//! Catching the index up with articles cached before it knew them (a migration puts every
//! article in `article_search_backlog`): a batch at a time, each in its own transaction,
//! run by the writer thread whenever no other write waits, so a write is never kept
//! waiting longer than one batch. Newest articles first: they are the ones searched for.
//!
//! Progress is shared through atomics, cheap enough to read on every clock tick.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rusqlite::{Connection, TransactionBehavior};

use super::document::{DOCUMENT_COLUMNS, DOCUMENT_JOINS, from_row};
use super::{Numbering, index_documents};

/// Articles indexed per transaction: about a tenth of a second of work (500 took 160 ms
/// on a busy two-core machine, see benches/fts.rs), so that neither a write of this
/// process nor a second instance waiting for the lock is kept long.
pub(crate) const BATCH: i64 = 300;

/// How far the catching up has come, as the status line shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexProgress {
    /// Articles indexed so far.
    pub done: usize,
    /// Articles that were waiting when the cache was opened.
    pub total: usize,
    /// Since the cache was opened.
    pub running_for: Duration,
}

/// "12,000/100,000": articles indexed of those waiting.
impl std::fmt::Display for IndexProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", thousands(self.done), thousands(self.total))
    }
}

impl IndexProgress {
    /// What a headless search says on stderr while the index catches up; `read_only` when
    /// the cache could only be opened for reading, so nothing indexes it.
    pub fn partial_results_note(&self, read_only: bool) -> String {
        let how = if read_only {
            "the cache is read-only, so it is indexed once ainews-tui can write it"
        } else {
            "it carries on whenever ainews-tui runs, and the dashboard shows its progress"
        };
        format!(
            "ainews-tui: partial results: the search index is still catching up ({self} \
             articles indexed); {how}"
        )
    }
}

/// `n` with a comma between each group of three digits.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The shared counters: `total` is zero once nothing waits.
#[derive(Debug)]
pub(crate) struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    started: Instant,
}

impl Progress {
    pub fn new(waiting: usize) -> Arc<Progress> {
        Arc::new(Progress {
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(waiting),
            started: Instant::now(),
        })
    }

    /// `None` once every article is indexed (or none waited).
    pub fn get(&self) -> Option<IndexProgress> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0).then(|| IndexProgress {
            // Articles pruned meanwhile are never indexed: `done` may stop short of `total`.
            done: self.done.load(Ordering::Relaxed).min(total),
            total,
            running_for: self.started.elapsed(),
        })
    }

    fn add(&self, indexed: usize) {
        self.done.fetch_add(indexed, Ordering::Relaxed);
    }

    fn finish(&self) {
        self.total.store(0, Ordering::Relaxed);
    }
}

/// How many articles wait to be indexed.
pub(crate) fn waiting(conn: &Connection) -> rusqlite::Result<usize> {
    conn.query_row("SELECT count(*) FROM article_search_backlog", [], |row| {
        row.get::<_, i64>(0)
    })
    .map(|count| usize::try_from(count).unwrap_or(0))
}

/// The writer thread's side: where the catching up is, and the progress it shares.
pub(crate) struct CatchUp {
    progress: Arc<Progress>,
    /// The (time, id) of the last article indexed, newest first; `None` before the first
    /// batch. Once the walk reaches the oldest article, what is left (articles whose time
    /// was edited behind the cursor) is taken in any order.
    cursor: Option<(i64, i64)>,
    walked: bool,
    /// A batch failed: the rest waits for the next open (searches still say partial).
    stopped: bool,
    batch: i64,
}

impl CatchUp {
    pub fn new(progress: Arc<Progress>) -> CatchUp {
        CatchUp::with_batch(progress, BATCH)
    }

    fn with_batch(progress: Arc<Progress>, batch: i64) -> CatchUp {
        CatchUp {
            progress,
            cursor: None,
            walked: false,
            stopped: false,
            batch,
        }
    }

    /// True while articles wait and the catching up has not failed.
    pub fn is_active(&self) -> bool {
        !self.stopped && self.progress.get().is_some()
    }

    /// Stops without finishing (a failure): the backlog stays for the next open.
    pub fn give_up(&mut self) {
        self.stopped = true;
    }

    /// Indexes one batch in one immediate transaction. True when the backlog is empty.
    pub fn step(&mut self, conn: &mut Connection) -> rusqlite::Result<bool> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let documents = {
            let (at, id) = self.cursor.unwrap_or((i64::MAX, i64::MIN));
            let mut stmt = tx.prepare_cached(&batch_sql(self.walked))?;
            let rows = stmt.query_map(rusqlite::params![at, id, self.batch], from_row)?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        if documents.is_empty() && !self.walked {
            self.walked = true;
            tx.commit()?;
            return Ok(false);
        }
        if documents.is_empty() {
            // Rows of articles deleted meanwhile went with them (the trigger).
            tx.execute("DELETE FROM article_search_backlog", [])?;
            tx.commit()?;
            self.progress.finish();
            tracing::info!("search index caught up");
            return Ok(true);
        }
        // Each document gives way to its words as they are made.
        let words: Vec<_> = documents.into_iter().map(|d| d.words()).collect();
        index_documents(&tx, &words, Numbering::Oldest)?;
        tx.commit()?;
        if let Some(last) = words.last() {
            self.cursor = Some((last.at, last.id));
        }
        self.progress.add(words.len());
        Ok(false)
    }
}

/// The next waiting articles after the cursor (?1, ?2), newest first, along the index of
/// articles by time; or, once `walked`, any waiting articles (?1 and ?2 unused).
fn batch_sql(walked: bool) -> String {
    if walked {
        format!(
            "SELECT {DOCUMENT_COLUMNS} FROM article_search_backlog q
             JOIN articles a ON a.id = q.id {DOCUMENT_JOINS}
             LIMIT ?3"
        )
    } else {
        format!(
            "SELECT {DOCUMENT_COLUMNS} FROM articles a {DOCUMENT_JOINS}
             WHERE a.id IN (SELECT id FROM article_search_backlog)
               AND (coalesce(a.published, a.first_seen) < ?1
                    OR (coalesce(a.published, a.first_seen) = ?1 AND a.id > ?2))
             ORDER BY coalesce(a.published, a.first_seen) DESC, a.id
             LIMIT ?3"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A migrated cache holding articles 1 to `count`, article n published at time n; all
    /// of them wait in the backlog.
    fn cache(count: i64) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        crate::store::schema::migrate(&mut conn, crate::store::schema::MIGRATIONS).unwrap();
        for n in 1..=count {
            conn.execute(
                "INSERT INTO articles (id, feed_url, title, published, first_seen, topic)
                 VALUES (?1, 'https://f', 'chips ' || ?1, ?1, 0, 'us')",
                [n],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO article_search_backlog SELECT id FROM articles",
            [],
        )
        .unwrap();
        conn
    }

    /// Article ids in the order of their document numbers, lowest first.
    fn by_document(conn: &Connection) -> Vec<i64> {
        let mut stmt = conn
            .prepare("SELECT id FROM article_search_docs ORDER BY doc")
            .unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn batches_go_newest_first_and_document_numbers_follow_time() {
        let mut conn = cache(5);
        let progress = Progress::new(waiting(&conn).unwrap());
        let mut catch_up = CatchUp::with_batch(Arc::clone(&progress), 2);
        assert!(!catch_up.step(&mut conn).unwrap());
        assert_eq!(by_document(&conn), [4, 5]);
        assert_eq!(progress.get().map(|p| (p.done, p.total)), Some((2, 5)));
        // An article arriving meanwhile is numbered above every other.
        conn.execute("INSERT INTO article_search_docs (id) VALUES (99)", [])
            .unwrap();
        while !catch_up.step(&mut conn).unwrap() {}
        assert_eq!(by_document(&conn), [1, 2, 3, 4, 5, 99]);
        assert_eq!(waiting(&conn).unwrap(), 0);
        assert_eq!(progress.get(), None);
        assert!(!catch_up.is_active());
    }

    #[test]
    fn an_article_whose_time_moved_behind_the_cursor_is_still_indexed() {
        let mut conn = cache(4);
        let progress = Progress::new(4);
        let mut catch_up = CatchUp::with_batch(Arc::clone(&progress), 2);
        catch_up.step(&mut conn).unwrap();
        assert_eq!(by_document(&conn), [3, 4]);
        // Article 1 is edited to be the newest, behind the walk that is past its new time.
        conn.execute("UPDATE articles SET published = 10 WHERE id = 1", [])
            .unwrap();
        while !catch_up.step(&mut conn).unwrap() {}
        let mut indexed = by_document(&conn);
        indexed.sort_unstable();
        assert_eq!(indexed, [1, 2, 3, 4]);
    }

    #[test]
    fn progress_reads_with_thousands_separated() {
        let progress = IndexProgress {
            done: 12_000,
            total: 1_234_567,
            running_for: Duration::ZERO,
        };
        assert_eq!(progress.to_string(), "12,000/1,234,567");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(
            progress.partial_results_note(false),
            "ainews-tui: partial results: the search index is still catching up \
             (12,000/1,234,567 articles indexed); it carries on whenever ainews-tui runs, and \
             the dashboard shows its progress"
        );
    }
}
