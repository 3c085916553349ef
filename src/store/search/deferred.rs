//! Index writes held back to the end of a batch of cache writes.
//!
//! Every write of a batch runs in its own savepoint (`ops::apply_batch`), and FTS5 writes
//! the words it holds in memory out as a new segment whenever a savepoint opens once the
//! index has been written in the transaction. Indexing inside each write's savepoint made
//! one small segment per feed, and flushing and merging those cost more than every other
//! write of a refresh together. Queued here instead, a batch's articles go into the index
//! together after its last savepoint, in the same transaction, so the index is still exact
//! at every commit.

use rusqlite::Connection;

use super::document::{self, Words};
use super::tokens::index_text;
use super::{Numbering, index_documents};
use crate::feed_report::PreparedArticle;
use crate::model::Article;

/// What one batch still has to index, in the order its writes asked.
#[derive(Debug, Default)]
pub(crate) struct Deferred {
    work: Vec<Work>,
}

#[derive(Debug)]
enum Work {
    /// A new article, indexed from the feed's result in hand: it has no extracted text yet.
    New(Words),
    /// An article whose title or feed text changed, indexed again with its stored
    /// extracted text (read when the work is done).
    Changed(Words),
    /// An article whose extracted text was just saved, indexed again from what is stored.
    Stored(i64),
}

impl Deferred {
    pub fn new_article(&mut self, article: &Article, prepared: &PreparedArticle) {
        self.work.push(Work::New(Words::of(article, prepared)));
    }

    pub fn changed_article(&mut self, article: &Article, prepared: &PreparedArticle) {
        self.work.push(Work::Changed(Words::of(article, prepared)));
    }

    pub fn saved_full_text(&mut self, id: i64) {
        self.work.push(Work::Stored(id));
    }

    /// Adds another write's work after this one's.
    pub fn extend(&mut self, other: Deferred) {
        self.work.extend(other.work);
    }

    pub fn is_empty(&self) -> bool {
        self.work.is_empty()
    }

    /// The articles the work is about, for the backlog when it cannot be done.
    pub fn ids(&self) -> Vec<i64> {
        self.work
            .iter()
            .map(|work| match work {
                Work::New(words) | Work::Changed(words) => words.id,
                Work::Stored(id) => *id,
            })
            .collect()
    }

    /// Does the work, in order (an article saved twice in a batch ends as the last save).
    pub fn apply(self, conn: &Connection) -> rusqlite::Result<()> {
        let mut documents = Vec::with_capacity(self.work.len());
        for work in self.work {
            match work {
                Work::New(words) => documents.push(words),
                Work::Changed(mut words) => {
                    words.full_text = index_text(&document::load_full_text(conn, words.id)?);
                    documents.push(words);
                }
                // An article pruned later in the same batch is not indexed again.
                Work::Stored(id) => {
                    documents.extend(document::load(conn, id)?.map(|stored| stored.words()))
                }
            }
        }
        index_documents(conn, &documents, Numbering::Newest)
    }
}

/// Puts articles whose indexing failed into the backlog, which the writer works through
/// after the next open; the articles themselves are stored.
pub(crate) fn postpone(conn: &Connection, ids: &[i64]) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO article_search_backlog (id)
         SELECT ?1 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)",
    )?;
    for id in ids {
        stmt.execute([id])?;
    }
    Ok(())
}
