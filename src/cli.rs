//! Command-line definitions: global flags and subcommands. No subcommand runs the TUI.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "ainews-tui",
    version,
    about = "A terminal dashboard for following the AI race between the US and China",
    after_help = "Examples:\n  ainews-tui                 open the dashboard\n  ainews-tui --demo          try it offline on bundled demo feeds\n  ainews-tui config check    validate the config file"
)]
pub struct Cli {
    /// Config file to use instead of the platform default.
    #[arg(long, global = true, env = "AINEWS_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Directory for the cache and the log file.
    #[arg(long, global = true, env = "AINEWS_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Run on bundled demo feeds, offline, with a temporary data directory.
    #[arg(long)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Inspect the configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the config file and report what it holds; exit 2 on errors.
    #[command(
        after_help = "Example:\n  ainews-tui config check\n  ainews-tui --config ./my.toml config check"
    )]
    Check,
    /// Print where the config is looked for, in order, and which one is used.
    #[command(after_help = "Example:\n  ainews-tui config path")]
    Path,
}
