//! ainews-tui: a terminal dashboard for following the AI race between the US and China.
//!
//! The crate is a library so that tests and benchmarks can reach every part; `main.rs` is
//! only the command-line front door.

pub mod alerts;
pub mod allocator;
pub mod app;
pub mod article;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod demo;
pub mod feed_report;
pub mod ingest;
pub mod isolate;
pub mod lenses;
pub mod logging;
pub mod model;
pub mod query;
pub mod startup;
pub mod store;
pub mod text;
pub mod time;
pub mod topics;
pub mod ui;
