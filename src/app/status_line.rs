//! What the status line says besides the keys: a passing message, the cache's health, the
//! spinner and when feeds last answered.

use crate::model::UnixTime;

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
}

impl StatusLine {
    /// Shows `text` from `now` on.
    pub fn notify(&mut self, text: String, now: UnixTime) {
        self.message = Some((text, now));
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
