//! Headless subcommands: the same config, ingest and store code, without the UI.

pub mod brief;
pub mod config;
pub mod paths;
pub mod topics;
