//! What the status line says besides the keys: a passing message, the cache's health, the
//! search index catching up, the spinner and when feeds last answered.

use std::time::Duration;

use crate::model::UnixTime;
use crate::store::IndexProgress;

/// How long the search index must have been catching up before the status line says so:
/// a small cache is done before anyone could read it.
const INDEXING_SHOWN_AFTER: Duration = Duration::from_secs(1);

/// How long a status-line message stays up, in seconds.
const MESSAGE_SECONDS: i64 = 6;

#[derive(Debug, Clone, Default)]
pub struct StatusLine {
    /// A transient message for the status line and when it was set.
    pub message: Option<(String, UnixTime)>,
    /// The last cache write failure, shown until the next start.
    pub store_error: Option<String>,
    /// The cache is read-only: said in the status line, marks stay in memory.
    pub store_read_only: bool,
    pub spinner_frame: usize,
    pub last_refresh: Option<UnixTime>,
    /// The search index catching up, once it has taken long enough to be worth saying.
    pub indexing: Option<IndexProgress>,
}

impl StatusLine {
    /// Shows `text` from `now` on.
    pub fn notify(&mut self, text: String, now: UnixTime) {
        self.message = Some((text, now));
    }

    /// Takes in how far the search index is (read from the store on each tick). True when
    /// what the status line shows of it changed.
    pub fn show_indexing(&mut self, progress: Option<IndexProgress>) -> bool {
        // Nobody indexes a read-only cache: the read-only notice says enough.
        let shown =
            progress.filter(|p| !self.store_read_only && p.running_for >= INDEXING_SHOWN_AFTER);
        let changed = counts(shown) != counts(self.indexing);
        self.indexing = shown;
        changed
    }

    /// One tick of the clock: the spinner turns while feeds are fetched, and a message
    /// goes once it has been up long enough, unless `keep_message` (a question waiting
    /// for its answer).
    pub fn tick(&mut self, fetching: bool, keep_message: bool, now: UnixTime) {
        if fetching {
            self.spinner_frame = self.spinner_frame.wrapping_add(1);
        }
        if !keep_message
            && self
                .message
                .as_ref()
                .is_some_and(|(_, at)| now - at >= MESSAGE_SECONDS)
        {
            self.message = None;
        }
    }
}

/// What the status line prints of the progress.
fn counts(progress: Option<IndexProgress>) -> Option<(usize, usize)> {
    progress.map(|p| (p.done, p.total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(done: usize, running_for: u64) -> Option<IndexProgress> {
        Some(IndexProgress {
            done,
            total: 100_000,
            running_for: Duration::from_millis(running_for),
        })
    }

    #[test]
    fn indexing_shows_once_it_has_taken_a_second_and_goes_when_done() {
        let mut status = StatusLine::default();
        assert!(!status.show_indexing(progress(500, 400)));
        assert_eq!(status.indexing, None);
        assert!(status.show_indexing(progress(12_000, 1_000)));
        assert_eq!(status.indexing, progress(12_000, 1_000));
        // The same counts a moment later: nothing to redraw.
        assert!(!status.show_indexing(progress(12_000, 1_150)));
        assert!(status.show_indexing(progress(12_500, 1_300)));
        assert!(status.show_indexing(None));
        assert_eq!(status.indexing, None);
        assert!(!status.show_indexing(None));
    }

    #[test]
    fn a_read_only_cache_is_never_said_to_be_indexing() {
        let mut status = StatusLine {
            store_read_only: true,
            ..StatusLine::default()
        };
        assert!(!status.show_indexing(progress(0, 5_000)));
        assert_eq!(status.indexing, None);
    }
}
