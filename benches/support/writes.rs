//! Writing a refresh's feed results into a cache the way `refresh` does, with the search
//! index or without it: shared by the benchmarks that measure the cache writer.

#![allow(dead_code)] // each bench uses a different part

use std::collections::VecDeque;
use std::path::Path;

use ainews_tui::cmd::refresh::MAX_WRITES_IN_FLIGHT;
use ainews_tui::store::{self, Store, WriteOp};
use rusqlite::Connection;

/// A store without the search index: the table becomes a view that takes and drops every
/// write, so the writer's path is the same but for the index itself. The text is still
/// prepared (tags stripped, CJK paired) and the document number still written, so the
/// difference with an indexed store is the FTS5 part of the cost.
pub fn open_without_index(dir: &Path) -> Store {
    let store = store::open(dir).expect("bench cache opens").store;
    Connection::open(store.path())
        .expect("bench cache opens")
        .execute_batch(
            "DROP TRIGGER article_search_forget;
             DROP TABLE article_search;
             DROP TABLE article_search_content;
             CREATE VIEW article_search (rowid, title, body, full_text, at)
                 AS SELECT 0, '', '', '', 0 WHERE 0;
             CREATE TRIGGER article_search_skip INSTEAD OF INSERT ON article_search
             BEGIN SELECT 1; END;
             CREATE TRIGGER article_search_skip_delete INSTEAD OF DELETE ON article_search
             BEGIN SELECT 1; END;",
        )
        .expect("index replaced");
    store
}

/// How the writes of a refresh reach the store.
#[derive(Clone, Copy)]
pub enum Pattern {
    /// One write at a time, each waited for: one transaction per feed.
    OneByOne,
    /// As `refresh` does: submitted with up to `MAX_WRITES_IN_FLIGHT` in flight, which the
    /// writer batches.
    AsRefresh,
}

/// Writes every op and waits until the cache holds them all.
pub fn write_all(store: &Store, ops: impl IntoIterator<Item = WriteOp>, pattern: Pattern) {
    match pattern {
        Pattern::OneByOne => {
            for op in ops {
                store.write(op).expect("bench write");
            }
        }
        Pattern::AsRefresh => {
            let mut in_flight = VecDeque::new();
            for op in ops {
                in_flight.push_back(store.submit(op));
                while in_flight.len() > MAX_WRITES_IN_FLIGHT {
                    let write: store::PendingWrite = in_flight.pop_front().expect("in flight");
                    write.wait().expect("bench write");
                }
            }
            for write in in_flight {
                write.wait().expect("bench write");
            }
        }
    }
    store.flush().expect("bench flush");
}
