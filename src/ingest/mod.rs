//! Getting articles in: fetch (HTTP and local files), parse (feed-rs, isolated), sanitize
//! (terminal-safe text) and the poller that schedules it all.

pub mod fetch;
pub mod parse;
pub mod poller;
pub mod sanitize;
