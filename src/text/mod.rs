//! Text rules shared by every layer: which characters are CJK, where a word starts and
//! ends, where an article's terms occur in a line (for highlighting), and the sanitizer
//! that makes untrusted text terminal-safe (run at ingest, at render and by every headless
//! output). Pure functions, no I/O.

pub mod fold;
pub mod sanitize;
pub mod script;
pub mod words;
pub mod wrap;
