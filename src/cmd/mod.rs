//! Headless subcommands.

pub mod config;
