//! The writer thread: the only owner of the write connection, fed by a channel so callers
//! never wait on the disk unless they ask to.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

use rusqlite::Connection;

use super::search::backlog::{CatchUp, Progress};
use super::stories::Grouping;
use super::unsaved::UnsavedMarks;
use super::{StoreError, WriteOp, WriteOutcome, health, ops};
use crate::model::ArticleId;
use crate::topics::cluster::ClusterId;

/// Where failures of fire-and-forget writes go.
pub(crate) type ErrorSink = Box<dyn Fn(StoreError) + Send + Sync>;
pub(crate) type SharedSink = Arc<RwLock<Option<ErrorSink>>>;

/// Where the stories of newly stored articles go: each article that joined another
/// article's story, with that story.
pub(crate) type StorySink = Box<dyn Fn(Vec<(ArticleId, ClusterId)>) + Send + Sync>;
type SharedStorySink = Arc<RwLock<Option<StorySink>>>;

type Reply = Sender<Result<WriteOutcome, StoreError>>;

enum Message {
    /// A write and, for `write`, where its outcome goes.
    Op(WriteOp, Option<Reply>),
    /// Answered once everything queued before it is done (the channel is FIFO), with an
    /// error while read marks or stars are kept unsaved.
    Flush(Sender<Result<(), StoreError>>),
    /// Answered once the search index holds every article, or its catching up failed.
    WaitForIndex(Sender<Result<(), StoreError>>),
}

/// The sending side; dropping it lets the thread finish the queue and stop, and waits for it.
pub(crate) struct Writer {
    sender: Option<Sender<Message>>,
    thread: Option<JoinHandle<()>>,
    sink: SharedSink,
    story_sink: SharedStorySink,
}

impl Writer {
    /// `path` is the database file, marked when a write meets damage; `index` is the
    /// search index's backlog, which the thread indexes between writes.
    pub fn spawn(
        conn: Connection,
        path: PathBuf,
        index: Arc<Progress>,
    ) -> Result<Writer, std::io::Error> {
        let (sender, receiver) = mpsc::channel();
        let sink: SharedSink = Arc::new(RwLock::new(None));
        let story_sink: SharedStorySink = Arc::new(RwLock::new(None));
        let sinks = Sinks {
            errors: Arc::clone(&sink),
            stories: Arc::clone(&story_sink),
        };
        let thread = std::thread::Builder::new()
            .name("cache-writer".to_owned())
            .spawn(move || run(conn, &path, receiver, &sinks, CatchUp::new(index)))?;
        Ok(Writer {
            sender: Some(sender),
            thread: Some(thread),
            sink,
            story_sink,
        })
    }

    pub fn send(&self, op: WriteOp) {
        if self.post(Message::Op(op, None)).is_err() {
            report(&self.sink, StoreError::WriterGone);
        }
    }

    pub fn write(&self, op: WriteOp) -> Result<WriteOutcome, StoreError> {
        self.submit(op).wait()
    }

    pub fn submit(&self, op: WriteOp) -> PendingWrite {
        let (reply, outcome) = mpsc::channel();
        // A closed channel drops `reply`, so `wait` then reports the writer as gone.
        let _ = self.post(Message::Op(op, Some(reply)));
        PendingWrite {
            receiver: outcome,
            outcome: None,
        }
    }

    pub fn flush(&self) -> Result<(), StoreError> {
        let (reply, done) = mpsc::channel();
        self.post(Message::Flush(reply))?;
        done.recv().map_err(|_| StoreError::WriterGone)?
    }

    pub fn wait_for_index(&self) -> Result<(), StoreError> {
        let (reply, done) = mpsc::channel();
        self.post(Message::WaitForIndex(reply))?;
        done.recv().map_err(|_| StoreError::WriterGone)?
    }

    pub fn set_error_sink(&self, sink: ErrorSink) {
        // A poisoned lock only means an earlier sink panicked; replacing it is still right.
        let mut slot = self
            .sink
            .write()
            .unwrap_or_else(|poison| poison.into_inner());
        *slot = Some(sink);
    }

    pub fn set_story_sink(&self, sink: StorySink) {
        let mut slot = self
            .story_sink
            .write()
            .unwrap_or_else(|poison| poison.into_inner());
        *slot = Some(sink);
    }

    /// Closes the channel as a dead thread would, to test how callers see that.
    #[cfg(test)]
    pub fn close_for_test(&mut self) {
        self.sender = None;
    }

    fn post(&self, message: Message) -> Result<(), StoreError> {
        self.sender
            .as_ref()
            .ok_or(StoreError::WriterGone)?
            .send(message)
            .map_err(|_| StoreError::WriterGone)
    }
}

/// A write queued with `Store::submit`: its outcome, once the writer has done it.
#[derive(Debug)]
pub struct PendingWrite {
    receiver: Receiver<Result<WriteOutcome, StoreError>>,
    outcome: Option<Result<WriteOutcome, StoreError>>,
}

impl PendingWrite {
    /// A write that never reached the writer, with its outcome.
    pub(crate) fn done(outcome: Result<WriteOutcome, StoreError>) -> PendingWrite {
        PendingWrite {
            receiver: mpsc::channel().1,
            outcome: Some(outcome),
        }
    }

    /// Waits for the outcome.
    pub fn wait(mut self) -> Result<WriteOutcome, StoreError> {
        match self.outcome.take() {
            Some(outcome) => outcome,
            None => self.receiver.recv().map_err(|_| StoreError::WriterGone)?,
        }
    }

    /// True once the outcome is ready, so that `wait` returns at once.
    pub fn is_done(&mut self) -> bool {
        if self.outcome.is_none() {
            self.outcome = match self.receiver.try_recv() {
                Ok(outcome) => Some(outcome),
                Err(mpsc::TryRecvError::Disconnected) => Some(Err(StoreError::WriterGone)),
                Err(mpsc::TryRecvError::Empty) => None,
            };
        }
        self.outcome.is_some()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the channel ends the loop after the queued writes, which must reach the
        // disk before the process exits.
        self.sender = None;
        if let Some(thread) = self.thread.take() {
            // The last handle can be dropped on the writer thread itself (inside a sink).
            if thread.thread().id() != std::thread::current().id() && thread.join().is_err() {
                tracing::error!("the cache writer thread panicked");
            }
        }
    }
}

/// Writes queued together, at most, share one transaction.
const MAX_BATCH: usize = 16;

/// How long a feed result waits for others to share its transaction.
const GROUP_COMMIT_WAIT: std::time::Duration = std::time::Duration::from_millis(20);

/// The pause between two batches of the index's catching up, with the write lock free:
/// another instance waiting for the lock (a `refresh` from cron) polls for it every few
/// dozen milliseconds, and would time out against batches that follow each other at once.
const CATCH_UP_PAUSE: std::time::Duration = std::time::Duration::from_millis(20);

/// How often kept marks are tried again while nothing else is written.
const RETRY_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// How long the story index is kept once nothing is written: a refresh's writes follow
/// each other closely, while the next refresh may find articles another instance stored.
const STORIES_IDLE: std::time::Duration = std::time::Duration::from_secs(10);

/// Where the writer thread tells what happened: failures, and the stories it grouped.
struct Sinks {
    errors: SharedSink,
    stories: SharedStorySink,
}

fn run(
    mut conn: Connection,
    path: &std::path::Path,
    messages: Receiver<Message>,
    sinks: &Sinks,
    mut index: CatchUp,
) {
    let sink = &sinks.errors;
    let mut batch: Vec<(WriteOp, Option<Reply>)> = Vec::new();
    let mut marks = KeptMarks::default();
    let mut damaged = false;
    let mut index_waiters = IndexWaiters::default();
    let mut grouping = Grouping::default();
    let checkpointer = super::checkpoints::Checkpointer::start(path, &mut conn);
    loop {
        // While the index catches up, a batch of it runs whenever no write waits: a write
        // arriving meanwhile waits for that one batch at most.
        let first = if index.is_active() {
            match messages.recv_timeout(CATCH_UP_PAUSE) {
                Ok(message) => Some(message),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Err(error) = catch_up(&mut conn, &mut index, &mut index_waiters, sink)
                        && !damaged
                    {
                        damaged = true;
                        tracing::error!(path = %path.display(), %error, "cache database is damaged; marked for the next start");
                        health::mark_damaged(path);
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else if !grouping.is_empty() {
            match messages.recv_timeout(STORIES_IDLE) {
                Ok(message) => Some(message),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    grouping.forget();
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else if marks.unsaved.is_empty() {
            match messages.recv() {
                Ok(message) => Some(message),
                Err(_) => break,
            }
        } else {
            match messages.recv_timeout(RETRY_EVERY) {
                Ok(message) => Some(message),
                // Nothing else to write: the kept marks alone.
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        };
        let mut flush = None;
        let mut next = first;
        // Whatever queued up while the last batch was written goes in the next one.
        while let Some(message) = next.take() {
            match message {
                Message::Op(op, reply) => batch.push((op, reply)),
                Message::Flush(reply) => {
                    flush = Some(reply);
                    break;
                }
                Message::WaitForIndex(reply) => index_waiters.add(reply, &index),
            }
            if batch.len() < MAX_BATCH {
                next = match batch.last() {
                    // More feed results are likely close behind (a refresh, the start-up
                    // polls): a moment's wait lets them share the commit, which costs
                    // about as much for one feed as for several.
                    Some((WriteOp::FeedResult { .. }, _)) => {
                        messages.recv_timeout(GROUP_COMMIT_WAIT).ok()
                    }
                    _ => messages.try_recv().ok(),
                };
            }
        }
        let mut writes = Writes {
            marks: &mut marks,
            grouping: &mut grouping,
            sinks,
        };
        if apply_and_answer(&mut conn, &mut batch, &mut writes) && !damaged {
            damaged = true;
            tracing::error!(path = %path.display(), "cache database is damaged; marked for the next start");
            health::mark_damaged(path);
        }
        if let Some(reply) = flush {
            let _ = reply.send(marks.result());
        }
    }
    // The last chance for kept marks, before the connection closes.
    if !marks.unsaved.is_empty() {
        let mut writes = Writes {
            marks: &mut marks,
            grouping: &mut grouping,
            sinks,
        };
        apply_and_answer(&mut conn, &mut batch, &mut writes);
        if let Err(error) = marks.result() {
            tracing::error!(%error, "read marks and stars were not saved");
        }
    }
    // Its connection closes before this one, which stays the last (see below).
    if let Some(checkpointer) = checkpointer {
        checkpointer.stop(&mut conn);
    }
    if damaged {
        return;
    }
    if let Err(error) = conn.execute_batch("PRAGMA optimize") {
        tracing::debug!(%error, "PRAGMA optimize at close failed");
    }
    // The readers and the checkpointer closed first (see `Inner`): this is the last
    // connection, whose close checkpoints and removes the WAL, so the file is now as the
    // next open will find it.
    drop(conn);
    health::record_clean_close(path);
}

/// Those waiting for the index to catch up, and why it stopped if it failed.
#[derive(Default)]
struct IndexWaiters {
    waiting: Vec<Sender<Result<(), StoreError>>>,
    failure: Option<String>,
}

impl IndexWaiters {
    fn add(&mut self, reply: Sender<Result<(), StoreError>>, index: &CatchUp) {
        if index.is_active() {
            self.waiting.push(reply);
        } else {
            let _ = reply.send(self.result());
        }
    }

    fn answer(&mut self) {
        for reply in std::mem::take(&mut self.waiting) {
            let _ = reply.send(self.result());
        }
    }

    fn result(&self) -> Result<(), StoreError> {
        match &self.failure {
            None => Ok(()),
            Some(failure) => Err(StoreError::Write(failure.clone())),
        }
    }
}

/// One batch of the index's catching up. A failure stops it until the next open (the
/// backlog keeps what is left) and is reported; `Err` when it met damage.
fn catch_up(
    conn: &mut Connection,
    index: &mut CatchUp,
    waiters: &mut IndexWaiters,
    sink: &SharedSink,
) -> Result<(), rusqlite::Error> {
    match index.step(conn) {
        Ok(true) => waiters.answer(),
        Ok(false) => {}
        Err(error) => {
            index.give_up();
            let failure = format!(
                "indexing the cache for search: {}; the rest is indexed at the next start",
                super::describe(&error)
            );
            waiters.failure = Some(failure.clone());
            waiters.answer();
            report(sink, StoreError::Write(failure));
            if super::db::is_corrupt(&error) {
                return Err(error);
            }
        }
    }
    Ok(())
}

/// Read marks and stars whose write failed, and why the last one did.
#[derive(Default)]
struct KeptMarks {
    unsaved: UnsavedMarks,
    cause: String,
}

impl KeptMarks {
    fn keep(&mut self, op: &WriteOp, error: &StoreError) -> bool {
        let kept = self.unsaved.keep(op);
        if kept {
            self.cause = error.to_string();
        }
        kept
    }

    /// What a flush answers.
    fn result(&self) -> Result<(), StoreError> {
        if self.unsaved.is_empty() {
            Ok(())
        } else {
            Err(StoreError::MarksNotSaved {
                count: self.unsaved.len(),
                cause: self.cause.clone(),
            })
        }
    }
}

/// What a batch of writes works with besides the connection.
struct Writes<'a> {
    marks: &'a mut KeptMarks,
    grouping: &'a mut Grouping,
    sinks: &'a Sinks,
}

/// Performs the kept marks and the batch in one transaction and answers each write; a
/// failed fire-and-forget mark is kept for the next time. True when a write met damage.
fn apply_and_answer(
    conn: &mut Connection,
    batch: &mut Vec<(WriteOp, Option<Reply>)>,
    writes: &mut Writes<'_>,
) -> bool {
    let Writes {
        marks,
        grouping,
        sinks,
    } = writes;
    let sink = &sinks.errors;
    // Newer marks of the same articles are in the batch: the kept ones are out of date.
    for (op, _) in batch.iter() {
        marks.unsaved.supersede(op);
    }
    let retries = marks.unsaved.take_retries();
    if batch.is_empty() && retries.is_empty() {
        return false;
    }
    let ops: Vec<&WriteOp> = retries
        .iter()
        .chain(batch.iter().map(|(op, _)| op))
        .collect();
    let stories = || {
        sinks
            .stories
            .read()
            .unwrap_or_else(|poison| poison.into_inner())
    };
    // Someone listens for stories (the dashboard): the batch groups as it stores.
    let inline = stories().is_some();
    let mut grouped = Vec::new();
    let outcomes = ops::apply_batch(conn, &ops, grouping, inline, &mut grouped);
    if !grouped.is_empty()
        && let Some(tell) = stories().as_ref()
    {
        tell(grouped);
    }
    if !inline {
        // Nothing groups as it stores, so the index is not kept: a later `GroupStories`
        // reads what it needs again.
        grouping.forget();
    }
    let damaged = outcomes
        .iter()
        .any(|outcome| matches!(outcome, Err(StoreError::Damaged { .. })));
    let mut outcomes = outcomes.into_iter();
    for (op, outcome) in retries.iter().zip(&mut outcomes) {
        if let Err(error) = outcome {
            // Reported when it first failed; the status line still says so.
            tracing::debug!(%error, "kept marks were not saved again");
            marks.keep(op, &error);
        }
    }
    for ((op, reply), outcome) in batch.drain(..).zip(outcomes) {
        // In batch order: a mark saved here is newer than one kept from an earlier write
        // of the same batch, which must not be retried over it.
        if outcome.is_ok() {
            marks.unsaved.supersede(&op);
        }
        match (reply, outcome) {
            (Some(reply), outcome) => {
                let _ = reply.send(outcome);
            }
            (None, Ok(_)) => {}
            (None, Err(error)) => {
                if marks.keep(&op, &error) {
                    report(sink, kept(error));
                } else {
                    report(sink, error);
                }
            }
        }
    }
    damaged
}

/// The failure of a mark that is kept, saying so.
fn kept(error: StoreError) -> StoreError {
    match error {
        StoreError::Write(message) => StoreError::Write(format!(
            "{message}; the marks are kept and saved once the cache can be written"
        )),
        other => other,
    }
}

fn report(sink: &SharedSink, error: StoreError) {
    tracing::warn!(%error, "cache write failed");
    let slot = sink.read().unwrap_or_else(|poison| poison.into_inner());
    if let Some(sink) = slot.as_ref() {
        sink(error);
    }
}
