//! `import-newsboat`: newsboat's urls file into the config (feeds with their tags and
//! titles, hidden feeds turned off, query feeds as views) and its cache's read and starred
//! state into ours, for the articles we have and those we fetch later.

mod cache;
mod filter;
mod paths;
mod report;
mod urls;
mod views;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::opml::{OpmlFeed, merge_into, read_config_text, target_path, write_atomically};
use crate::config::{self, DEFAULT_CONFIG};
use crate::store::{ImportedMark, WriteOp, WriteOutcome};
use report::{Plan, QueryOutcome};
use views::NewView;

/// Biggest urls file read; a few thousand feeds are a few hundred KiB.
const MAX_URLS_BYTES: u64 = 10 * 1024 * 1024;

/// What to import, from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub urls: Option<PathBuf>,
    pub cache: Option<PathBuf>,
    pub dry_run: bool,
}

/// Runs `import-newsboat`. Exit status: 0 when the files were read (even if lines were
/// refused), 2 when the config file in place is invalid; other failures are errors.
pub fn run(
    explicit_config: Option<&Path>,
    data_dir: Option<PathBuf>,
    options: &Options,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let found = paths::newsboat_paths();
    let urls_path = match (&options.urls, &found) {
        (Some(path), _) => path.clone(),
        (None, Some(found)) => found.urls.clone(),
        (None, None) => bail!("no home directory found: pass the urls file with --urls FILE"),
    };
    let cache_path = match (&options.cache, &found) {
        (Some(path), _) => Some(path.clone()),
        (None, Some(found)) => Some(found.cache.clone()).filter(|path| path.exists()),
        (None, None) => None,
    };
    let text = read_urls(&urls_path)?;
    let file = urls::parse(&text);

    let target = target_path(explicit_config)?;
    let existing = read_config_text(&target)?;
    let created = existing.is_none();
    let current_text = existing.as_deref().unwrap_or(DEFAULT_CONFIG);
    let origin = target.display().to_string();
    let base_dir = target.parent();
    let current = match config::parse_str(current_text, &origin, base_dir) {
        Ok(current) => current,
        Err(err) => {
            eprintln!("{err}");
            eprintln!("fix the config file first, then import again; nothing was changed");
            return Ok(ExitCode::from(super::EXIT_CONFIG));
        }
    };

    let feeds: Vec<OpmlFeed> = file
        .feeds
        .iter()
        .map(|feed| OpmlFeed {
            url: feed.url.clone(),
            name: feed.name.clone(),
            tags: feed.tags.clone(),
        })
        .collect();
    let known: Vec<&str> = current.feeds.iter().map(|f| f.url.as_str()).collect();
    let (with_feeds, feed_report) = merge_into(current_text, &known, &feeds, "newsboat's urls")
        .with_context(|| format!("adding feeds to {}", target.display()))?;
    let hidden: Vec<String> = feed_report
        .added
        .iter()
        .filter(|added| file.feeds.iter().any(|f| f.url == added.url && f.hidden))
        .map(|added| added.url.clone())
        .collect();
    let with_feeds = views::edit(&with_feeds, &hidden, &[])?;

    let mut tags: Vec<String> = current.feeds.iter().flat_map(|f| f.tags.clone()).collect();
    tags.extend(feed_report.added.iter().flat_map(|f| f.tags.clone()));
    let mut accepted: Vec<NewView> = Vec::new();
    let mut queries = Vec::new();
    for query in &file.queries {
        let taken = current
            .views
            .iter()
            .any(|view| view.name.to_lowercase() == query.name.to_lowercase());
        let outcome = match filter::translate(&query.expression, &tags) {
            _ if taken => QueryOutcome::Exists,
            Err(why) => QueryOutcome::NotTranslated(why),
            Ok(translated) => {
                let view = NewView {
                    name: query.name.clone(),
                    query: translated.clone(),
                };
                // The config's own checks (name length, a name taken, the tags) decide.
                let mut trial = accepted.clone();
                trial.push(view);
                let candidate = views::edit(&with_feeds, &[], &trial)?;
                match config::parse_str(&candidate, &origin, base_dir) {
                    Ok(_) => {
                        accepted = trial;
                        QueryOutcome::Added(translated)
                    }
                    Err(err) => QueryOutcome::NotTranslated(format!(
                        "`{translated}` would not load as a view: {}",
                        first_line(&err.to_string())
                    )),
                }
            }
        };
        queries.push((query.clone(), outcome));
    }
    let merged = views::edit(&with_feeds, &[], &accepted)?;
    // Never write a file the app would refuse to start with.
    let after = config::parse_str(&merged, &origin, base_dir).map_err(|err| {
        anyhow::anyhow!(
            "the merged config did not validate, so {} was left unchanged:\n{err}",
            target.display()
        )
    })?;

    let our_urls: Vec<String> = after.feeds.iter().map(|f| f.url.clone()).collect();
    let marks: Vec<ImportedMark> = match &cache_path {
        Some(path) => cache::read_marks(path, &our_urls)?,
        None => Vec::new(),
    };
    let mut plan = Plan {
        dry_run: options.dry_run,
        urls: urls_path,
        cache: cache_path,
        config: target.clone(),
        created: created && merged != current_text,
        file,
        feeds: feed_report,
        hidden,
        queries,
        marks: marks.clone(),
        stored: None,
    };
    if !options.dry_run {
        if merged != current_text {
            write_atomically(&target, &merged)
                .with_context(|| format!("writing the config file {}", target.display()))?;
        }
        if !marks.is_empty() {
            plan.stored = Some(store_marks(data_dir, marks)?);
        }
    }
    report::print(&plan, out)?;
    Ok(ExitCode::SUCCESS)
}

/// Saves the marks in our cache; returns how many were set now and how many wait.
fn store_marks(
    data_dir: Option<PathBuf>,
    marks: Vec<ImportedMark>,
) -> anyhow::Result<(usize, usize)> {
    let data_dir = super::paths::data_dir(data_dir)?;
    let store = super::open_cache(&data_dir)?;
    match store.write(WriteOp::ImportMarks { marks })? {
        WriteOutcome::MarksImported { applied, kept } => Ok((applied, kept)),
        other => bail!("the cache answered {other:?} to saving the imported marks"),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

fn read_urls(path: &Path) -> anyhow::Result<String> {
    use std::io::Read;
    let handle = std::fs::File::open(path).with_context(|| {
        format!(
            "cannot open newsboat's urls file {}; pass it with --urls FILE",
            path.display()
        )
    })?;
    let mut bytes = Vec::new();
    handle
        .take(MAX_URLS_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read newsboat's urls file {}", path.display()))?;
    if bytes.len() as u64 > MAX_URLS_BYTES {
        bail!(
            "{}: larger than {} MiB; that is not a urls file",
            path.display(),
            MAX_URLS_BYTES / 1024 / 1024
        );
    }
    String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!(
            "{}: not UTF-8 text; save it as UTF-8 and import again",
            path.display()
        )
    })
}
