//! Getting articles in: fetch (HTTP and local files), decode (charsets), parse (feed-rs,
//! isolated), sanitize (terminal-safe text), the pipeline from entries to Articles, and the
//! poller that schedules it all.

pub mod decode;
pub mod fetch;
pub mod parse;
pub mod pipeline;
pub mod poller;
pub mod sanitize;
