//! Getting articles in: fetch (HTTP and local files), decode (charsets), parse (feed-rs,
//! isolated), the pipeline from entries to clean Articles (with `text::sanitize`, and
//! `enclosures` for attached files), and the poller that schedules it all.

pub mod decode;
pub mod enclosures;
pub mod fetch;
pub mod hosts;
pub mod parse;
pub mod pipeline;
pub mod poller;
