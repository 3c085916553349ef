//! The `ainews-tui` binary: parse the command line, set up logging, dispatch.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use ainews_tui::app::run::{TuiOptions, run_tui};
use ainews_tui::cli::{Cli, Command, ConfigCommand, TopicsCommand};
use ainews_tui::cmd::{self, paths};
use ainews_tui::config::{self, ConfigSource};
use ainews_tui::{demo, logging, store};

fn main() -> ExitCode {
    ainews_tui::allocator::limit_arenas();
    // Before anything can panic: a caught parser panic is logged, never printed.
    ainews_tui::app::terminal::install_panic_hook();
    // A config error echoes the offending line cut to the terminal's width.
    if std::io::stderr().is_terminal()
        && let Ok((columns, _)) = crossterm::terminal::size()
    {
        config::set_snippet_width(usize::from(columns));
    }
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        // A reader that stopped early (`| head`) is not a failure of ours.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Not eprintln!: it panics when stderr is a terminal that has gone away.
            let _ = writeln!(std::io::stderr(), "ainews-tui: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Config(ConfigCommand::Check)) => {
            let mut out = std::io::stdout().lock();
            match ainews_tui::cmd::config::check(cli.config.as_deref(), &mut out) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(err) => {
                    eprintln!("{err}");
                    Ok(ExitCode::from(cmd::EXIT_CONFIG))
                }
            }
        }
        Some(Command::Config(ConfigCommand::Path)) => {
            ainews_tui::cmd::config::path(cli.config.as_deref(), &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Refresh(args)) => {
            cmd::refresh::run(cli.config.as_deref(), cli.data_dir, cli.log_file, &args)
        }
        Some(Command::Headlines(args)) => {
            cmd::headlines::run(cli.config.as_deref(), cli.data_dir, &args)
        }
        Some(Command::Article(args)) => {
            cmd::article::run(cli.config.as_deref(), cli.data_dir, &args)
        }
        Some(Command::ImportOpml(args)) => cmd::opml::import(
            cli.config.as_deref(),
            &args.file,
            &mut std::io::stdout().lock(),
        ),
        Some(Command::ImportNewsboat(args)) => cmd::newsboat::run(
            cli.config.as_deref(),
            cli.data_dir,
            &cmd::newsboat::Options {
                urls: args.urls,
                cache: args.cache,
                dry_run: args.dry_run,
            },
            &mut std::io::stdout().lock(),
        ),
        Some(Command::ExportOpml) => {
            cmd::opml::export(cli.config.as_deref(), &mut std::io::stdout().lock())
        }
        Some(Command::Brief(args)) => cmd::brief::run(
            cli.config.as_deref(),
            cli.data_dir,
            &args,
            &mut std::io::stdout().lock(),
        ),
        Some(Command::Topics(TopicsCommand::Eval { file, corrections })) => cmd::topics::run_eval(
            cli.config.as_deref(),
            cli.data_dir,
            file.as_deref(),
            corrections,
            &mut std::io::stdout().lock(),
        ),
        Some(Command::Topics(TopicsCommand::Explain { text })) => cmd::topics::run_explain(
            cli.config.as_deref(),
            cli.data_dir,
            &text,
            &mut std::io::stdout().lock(),
        ),
        Some(Command::Completions(args)) => {
            cmd::completions::print(args.shell, &mut std::io::stdout().lock());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            cmd::man::print(&mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        None if cli.demo => run_demo(),
        None => run_dashboard(cli.config, cli.data_dir, cli.log_file),
    }
}

fn run_dashboard(
    config_path: Option<PathBuf>,
    data_dir: Option<PathBuf>,
    log_file: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let (config, source) = match cmd::load_config(config_path.as_deref()) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let log = paths::log_file(log_file, data_dir.as_deref())?;
    let data_dir = paths::data_dir(data_dir)?;
    match logging::init(&log) {
        Ok(log) => tracing::info!(log = %log.display(), "starting"),
        // A read-only directory still shows the cache: only the log is lost.
        Err(err) => eprintln!(
            "ainews-tui: no log file at {} ({err}); continuing without one",
            log.display()
        ),
    }
    let config_origin = match &source {
        ConfigSource::File(path) => path.display().to_string(),
        ConfigSource::BuiltIn => config::user_config_path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "your config file".to_string()),
    };
    let opened = store::open(&data_dir)?;
    run_tui(TuiOptions {
        config,
        config_origin,
        store: opened.store,
        moved_aside: opened.moved_aside,
        draw: ainews_tui::ui::draw,
    })?;
    Ok(ExitCode::SUCCESS)
}

fn run_demo() -> anyhow::Result<ExitCode> {
    let dir = std::env::temp_dir().join(format!("ainews-tui-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    ainews_tui::app::watchdog::remove_on_forced_exit(dir.clone());
    let result = (|| {
        let config =
            demo::demo_config(&dir, ainews_tui::time::now()).context("writing the demo feeds")?;
        logging::init(&dir.join(logging::LOG_FILE)).context("opening the demo log")?;
        let opened = store::open(&dir)?;
        run_tui(TuiOptions {
            config,
            config_origin: "the demo (run without --demo to use your config)".to_string(),
            store: opened.store,
            moved_aside: opened.moved_aside,
            draw: ainews_tui::ui::draw,
        })
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result.map(|()| ExitCode::SUCCESS)
}
