//! OPML: `import-opml` adds an OPML file's feeds to the config file (keeping the user's
//! comments), `export-opml` prints the configured feeds as OPML 2.0.

mod export;
mod import;
mod parse;

pub use export::{export, to_opml};
pub use import::{ImportReport, import, merge_into};
pub(crate) use import::{read_config_text, target_path, write_atomically};
pub use parse::{LineNote, OpmlError, OpmlFeed, OpmlRead, parse};
