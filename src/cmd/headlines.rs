//! `headlines`: cached articles, newest first, as aligned text lines or JSON Lines. Reads
//! the cache only; never touches the network.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{HeadlinesArgs, Since};
use crate::config::Config;
use crate::model::UnixTime;
use crate::store::{self, HeadlineQuery, StoredArticle, TopicSource};

use super::paths;
use super::selection::{configured_names, feed_name};

mod format;
mod query;

pub(crate) use format::rfc3339;
pub(crate) use format::{JsonEnclosure, json_enclosures};
use format::{JsonHeadline, PREFIX_WIDTH, clean_snippet, snippet_line, text_entry};

/// The narrowest title shown on a terminal, however narrow it is.
const MIN_TITLE_WIDTH: usize = 20;
/// What an empty cache says.
const EMPTY_HINT: &str = "no articles cached yet: run `ainews-tui refresh` to fetch the feeds \
                          (articles older than [storage] max_age, 90 days by default, are not kept)";

/// Runs `headlines`. Exit status: 0, or 2 for a config error, a bad `--query` or an
/// unknown `--view`.
pub fn run(
    config_path: Option<&Path>,
    data_dir: Option<PathBuf>,
    args: &HeadlinesArgs,
) -> anyhow::Result<ExitCode> {
    let (config, _) = match super::load_config(config_path) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let data_dir = paths::data_dir(data_dir)?;
    let now = crate::time::now();
    // Usage errors come first, with or without a cache.
    let selection = match query::selection_of(args, &config, now) {
        Ok(selection) => selection,
        Err(code) => return Ok(code),
    };
    // Looking must not create a cache: without one there is nothing to show.
    if !data_dir.join(store::DB_FILE).exists() {
        eprintln!("{EMPTY_HINT}");
        return Ok(ExitCode::SUCCESS);
    }
    let store = super::open_cache(&data_dir)?;
    let mut query = query_of(args, now);
    if !selection.is_everything() {
        // The limit counts what the queries keep and the hide rules leave, so it is
        // applied after them.
        query.limit = None;
    }
    // JSON names each article's story: articles a `refresh` stored are grouped first, once.
    if args.json {
        match store.group_stories() {
            // The writer thread's heap held the story index: given back before the listing
            // fills the main thread's, so the two do not add up.
            Ok(grouped) if grouped > 0 => crate::allocator::return_freed_memory(),
            Ok(_) => {}
            Err(err) => eprintln!(
                "warning: articles not grouped into stories ({err}); each is its own story"
            ),
        }
    }
    // Full-text results come ranked, each with its snippet; title search has none.
    let (rows, snippets): (Vec<StoredArticle>, Vec<Option<String>>) = if args.full_text {
        let hits = store.search(&query).context("searching the cache")?;
        if let Some(progress) = store.index_progress() {
            eprintln!("{}", progress.partial_results_note(store.is_read_only()));
        }
        hits.into_iter()
            .map(|hit| (hit.stored, Some(hit.snippet)))
            .unzip()
    } else {
        let rows = store.headlines(&query).context("reading the cache")?;
        let none = vec![None; rows.len()];
        (rows, none)
    };
    let listed = query::keep(
        &selection,
        &store,
        &config,
        rows,
        snippets,
        args.limit,
        args.include_hidden,
    )?;
    if listed.entries.is_empty() {
        let anything = store
            .headlines(&HeadlineQuery {
                limit: Some(1),
                ..HeadlineQuery::default()
            })
            .context("reading the cache")?;
        if anything.is_empty() {
            eprintln!("{EMPTY_HINT}");
        } else if listed.hidden_left_out > 0 {
            eprintln!(
                "no cached articles match these filters ({} hidden by the config's [[hide]] \
                 rules: --include-hidden lists them)",
                listed.hidden_left_out
            );
        } else {
            eprintln!("no cached articles match these filters");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let entries = listed.entries;

    let names = configured_names(&config);
    let stdout = std::io::stdout();
    let title_width = if args.json || !stdout.is_terminal() {
        None
    } else {
        crossterm::terminal::size().ok().map(|(cols, _)| {
            usize::from(cols)
                .saturating_sub(PREFIX_WIDTH)
                .max(MIN_TITLE_WIDTH)
        })
    };
    let out = std::io::BufWriter::new(stdout.lock());
    let written = if args.json {
        write_json(out, &entries, &store, &names)
    } else {
        write_text(out, &entries, &names, title_width)
    };
    match written {
        // `headlines | head` closes the pipe early: that is the reader's choice, not an error.
        Err(err)
            if err
                .downcast_ref::<std::io::Error>()
                .map(std::io::Error::kind)
                == Some(std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => Err(err),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

/// JSON Lines, one object per entry, written as it is made (a 10,000-row listing never
/// holds its objects all at once), each with its story.
fn write_json(
    mut out: impl Write,
    entries: &[query::Entry],
    store: &store::Store,
    names: &HashMap<&str, &str>,
) -> anyhow::Result<()> {
    // The reader's topics are few (set by hand); the rows carry the topic already.
    let corrections = store.load_corrections().context("reading the cache")?;
    let full_texts = store.full_text_ids().context("reading the cache")?;
    let enclosures = store.all_enclosures().context("reading the cache")?;
    let mut feeds = FeedNames::new(names);
    for entry in entries {
        let row = &entry.row;
        // The story the cache's writer grouped the article into (see `store::stories`).
        let story = row.story;
        let corrected = corrections.contains_key(&row.article.id);
        let source = TopicSource::of(&row.article, corrected);
        let mut json = JsonHeadline::new(row, feeds.of(row), story, source);
        json.has_full_text = full_texts.contains(&row.article.id);
        if let Some(files) = enclosures.get(&row.article.id) {
            json.enclosures = json_enclosures(files);
        }
        json.hidden = entry.hidden;
        json.snippet = entry.snippet.as_deref().map(clean_snippet);
        serde_json::to_writer(&mut out, &json).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Aligned text, an entry (and its snippet) at a time.
fn write_text(
    mut out: impl Write,
    entries: &[query::Entry],
    names: &HashMap<&str, &str>,
    title_width: Option<usize>,
) -> anyhow::Result<()> {
    let offset = crate::time::local_offset();
    let mut feeds = FeedNames::new(names);
    for entry in entries {
        let row = &entry.row;
        let mut text = text_entry(row, feeds.of(row), offset, title_width, entry.hidden);
        if let Some(snippet) = &entry.snippet {
            text.push_str(&snippet_line(snippet, title_width));
        }
        out.write_all(text.as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

/// Feed names as printed, worked out once per feed rather than once per row.
struct FeedNames<'a> {
    configured: &'a HashMap<&'a str, &'a str>,
    by_url: HashMap<String, String>,
}

impl<'a> FeedNames<'a> {
    fn new(configured: &'a HashMap<&'a str, &'a str>) -> Self {
        FeedNames {
            configured,
            by_url: HashMap::new(),
        }
    }

    fn of(&mut self, row: &StoredArticle) -> &str {
        // Rows of one feed carry the same remembered name, so the URL is the key.
        if !self.by_url.contains_key(&row.feed_url) {
            let name = feed_name(row, self.configured);
            self.by_url.insert(row.feed_url.clone(), name);
        }
        &self.by_url[&row.feed_url]
    }
}

/// The store query for these flags; `now` resolves `--since 24h`.
pub fn query_of(args: &HeadlinesArgs, now: UnixTime) -> HeadlineQuery {
    HeadlineQuery {
        topic: args.topic,
        unread_only: args.unread,
        starred_only: args.starred,
        since: args.since.map(|since| match since {
            Since::Ago(period) => now.saturating_sub(period.as_secs() as UnixTime),
            Since::At(at) => at,
        }),
        search: args.search.clone().filter(|s| !s.trim().is_empty()),
        limit: args.limit,
    }
}

/// The feed's name as `headlines` shows it (for `article`).
pub(crate) fn feed_display_name(config: &Config, row: &StoredArticle) -> String {
    feed_name(row, &configured_names(config))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Topic;

    #[test]
    fn since_is_resolved_against_now() {
        let args = HeadlinesArgs {
            topic: Some(Topic::Us),
            unread: true,
            starred: false,
            since: Some(Since::Ago(std::time::Duration::from_secs(3600))),
            limit: Some(5),
            search: Some("  ".into()),
            query: None,
            view: None,
            include_hidden: false,
            full_text: false,
            json: false,
        };
        let query = query_of(&args, 10_000);
        assert_eq!(query.since, Some(6_400));
        assert_eq!(query.search, None, "a blank search filters nothing");
        assert_eq!(query.topic, Some(Topic::Us));
        assert!(query.unread_only && !query.starred_only);
        assert_eq!(query.limit, Some(5));
    }
}
