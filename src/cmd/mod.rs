//! Headless subcommands: the same config, ingest and store code, without the UI.

pub mod article;
pub mod brief;
pub mod completions;
pub mod config;
pub mod headlines;
pub mod man;
pub mod newsboat;
pub mod opml;
pub mod paths;
pub mod refresh;
pub mod selection;
pub mod topics;

use std::path::Path;
use std::process::ExitCode;

use crate::config::{Config, ConfigSource};
use crate::store::{self, Store};
use crate::topics::classify::Classifier;

/// Exit status for a configuration (or command line) the user must fix.
pub const EXIT_CONFIG: u8 = 2;

/// Loads the config the way the dashboard does. On error the message (with file:line:col)
/// is printed to stderr and the exit status to return is given instead.
pub fn load_config(explicit: Option<&Path>) -> Result<(Config, ConfigSource), ExitCode> {
    crate::config::load(explicit).map_err(|err| {
        eprintln!("{err}");
        ExitCode::from(EXIT_CONFIG)
    })
}

/// Retrains `classifier`'s learned layer with the reader's corrections in `store`, as the
/// dashboard does. Unreadable corrections are said on stderr and the shipped model stays:
/// classifying still works.
pub fn teach_from_cache(classifier: &Classifier, store: &Store) {
    match store.lessons() {
        Ok(lessons) => classifier.teach(lessons),
        Err(err) => say_corrections_unread(&err),
    }
}

/// Tells stderr that the reader's corrections could not be read, and that nothing else is
/// lost.
pub fn say_corrections_unread(err: &store::StoreError) {
    eprintln!(
        "ainews-tui: your topic corrections were not read ({err}); the topic model runs \
         without them"
    );
}

/// Opens the cache in `data_dir`, saying on stderr when a corrupt database was moved aside.
pub fn open_cache(data_dir: &Path) -> anyhow::Result<Store> {
    let opened = store::open(data_dir)?;
    if let Some(moved) = &opened.moved_aside {
        eprintln!(
            "ainews-tui: the cache database was damaged; it was moved to {} and a fresh one \
             was created (delete the old file once you no longer need it)",
            moved.display()
        );
    }
    Ok(opened.store)
}
