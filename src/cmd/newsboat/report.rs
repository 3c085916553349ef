//! What `import-newsboat` did (or, with `--dry-run`, would do), line by line, then one
//! summary line. Every line of the urls file that was not imported is named with
//! `urls:LINE:` and the reason.

use std::io::Write;
use std::path::PathBuf;

use super::super::opml::{ImportReport, OpmlFeed};
use super::urls::{QueryLine, UrlsFile};
use crate::store::ImportedMark;
use crate::text::sanitize::clean_line;

/// Longest URL echoed (a hostile file may hold megabytes in one).
const MAX_SHOWN_URL: usize = 200;

/// A query line's fate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryOutcome {
    Added(String),
    /// A view of that name is in the config already.
    Exists,
    NotTranslated(String),
}

/// Everything the report says.
#[derive(Debug)]
pub struct Plan {
    pub dry_run: bool,
    pub urls: PathBuf,
    pub cache: Option<PathBuf>,
    pub config: PathBuf,
    /// The config file did not exist and is made from the built-in default.
    pub created: bool,
    pub file: UrlsFile,
    pub feeds: ImportReport,
    /// Added feeds turned off (hidden in newsboat).
    pub hidden: Vec<String>,
    pub queries: Vec<(QueryLine, QueryOutcome)>,
    pub marks: Vec<ImportedMark>,
    /// Marks set now and marks kept for later, once stored.
    pub stored: Option<(usize, usize)>,
}

pub fn print(plan: &Plan, out: &mut dyn Write) -> std::io::Result<()> {
    let would = |done: &str, planned: &str| if plan.dry_run { planned } else { done }.to_owned();
    writeln!(out, "reading  {}", plan.urls.display())?;
    match &plan.cache {
        Some(cache) => writeln!(out, "reading  {}", cache.display())?,
        None => writeln!(
            out,
            "note     no newsboat cache found; read and starred state not imported (pass --cache FILE)"
        )?,
    }
    if plan.created {
        writeln!(
            out,
            "{} {} from the built-in default config",
            would("created ", "would create"),
            plan.config.display()
        )?;
    }
    let line_of = |feed: &OpmlFeed| {
        plan.file
            .feeds
            .iter()
            .find(|f| f.url == feed.url)
            .map_or(0, |f| f.line)
    };
    for feed in &plan.feeds.added {
        let tags = if feed.tags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", feed.tags.join(", "))
        };
        let off = if plan.hidden.contains(&feed.url) {
            "  (enabled = false: hidden in newsboat)"
        } else {
            ""
        };
        writeln!(
            out,
            "{} {}{tags}{off}",
            would("added   ", "would add"),
            shown(feed)
        )?;
    }
    for feed in &plan.feeds.duplicates {
        writeln!(out, "skipped  {}: already in the config", shown(feed))?;
    }
    for (query, outcome) in &plan.queries {
        let name = clean_line(&query.name, 100);
        match outcome {
            QueryOutcome::Added(translated) => writeln!(
                out,
                "{} view \"{name}\": {translated}",
                would("added   ", "would add"),
            )?,
            QueryOutcome::Exists => writeln!(
                out,
                "skipped  view \"{name}\": a view of that name is already in the config"
            )?,
            QueryOutcome::NotTranslated(_) => {}
        }
    }
    let mut refused: Vec<(usize, String)> = plan
        .file
        .refused
        .iter()
        .map(|r| (r.line, r.reason.clone()))
        .collect();
    refused.extend(
        plan.feeds
            .refused
            .iter()
            .map(|(feed, why)| (line_of(feed), format!("{}: {why}", shown(feed)))),
    );
    refused.extend(
        plan.queries
            .iter()
            .filter_map(|(query, outcome)| match outcome {
                QueryOutcome::NotTranslated(why) => Some((
                    query.line,
                    format!("query \"{}\" not translated: {why}", query.name),
                )),
                QueryOutcome::Added(_) | QueryOutcome::Exists => None,
            }),
    );
    refused.sort();
    for (line, why) in &refused {
        writeln!(out, "refused  urls:{line}: {why}")?;
    }
    if plan.cache.is_some() {
        let read = plan.marks.iter().filter(|m| m.read).count();
        let starred = plan.marks.iter().filter(|m| m.starred).count();
        match plan.stored {
            Some((applied, kept)) => writeln!(
                out,
                "marks    {read} read, {starred} starred: {applied} set on cached articles, \
                 {kept} kept for articles not fetched yet"
            )?,
            None => writeln!(
                out,
                "marks    {read} read, {starred} starred {}",
                would("(nothing to save)", "would be imported")
            )?,
        }
    }
    let added = plan.feeds.added.len();
    let views = plan
        .queries
        .iter()
        .filter(|(_, o)| matches!(o, QueryOutcome::Added(_)))
        .count();
    let known = plan.feeds.duplicates.len()
        + plan
            .queries
            .iter()
            .filter(|(_, o)| *o == QueryOutcome::Exists)
            .count();
    writeln!(
        out,
        "{added} {} and {views} {} {} {}; {known} already there; {} {} refused",
        plural(added, "feed", "feeds"),
        plural(views, "view", "views"),
        would("added to", "would be added to"),
        plan.config.display(),
        refused.len(),
        plural(refused.len(), "line", "lines"),
    )?;
    if plan.dry_run {
        writeln!(out, "dry run: nothing was changed")?;
    } else if added > 0 {
        writeln!(
            out,
            "run `ainews-tui refresh` (or start the dashboard) to fetch them"
        )?;
    }
    Ok(())
}

fn shown(feed: &OpmlFeed) -> String {
    let url = clean_line(&feed.url, MAX_SHOWN_URL);
    match &feed.name {
        Some(name) => format!("{} <{url}>", clean_line(name, 100)),
        None => format!("<{url}>"),
    }
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}
