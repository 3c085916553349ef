//! `article ID [--full] [--json]`: one cached article as readable text or one JSON
//! object, its attached files last; with `--full`, its page is fetched and extracted first
//! when no full text is stored (and the result stored).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::app::attachments;
use crate::cli::ArticleArgs;
use crate::model::{ArticleId, Enclosure};
use crate::store::{self, FullText, HeadlineQuery, Store, StoredArticle, WriteOp};
use crate::text::sanitize::{MAX_TITLE_CHARS, clean_line, html_to_text, safe_link};

use super::headlines::{JsonEnclosure, json_enclosures};
use super::paths;

/// The feed's own text is rendered this wide: no wrapping, like the stored full text.
const TEXT_WIDTH: usize = 1_000;

/// One article as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct JsonArticle {
    pub id: String,
    pub title: String,
    pub link: Option<String>,
    pub feed: String,
    pub feed_url: String,
    pub published: Option<String>,
    pub topic: &'static str,
    pub terms: Vec<String>,
    pub read: bool,
    pub starred: bool,
    /// The feed's own text of the article, plain.
    pub summary: String,
    /// The article extracted from its page, plain, paragraphs apart by blank lines.
    pub full_text: Option<String>,
    /// Why there is no full text: the page's failure, or that it was never fetched.
    pub full_text_error: Option<String>,
    /// The files attached to it (podcast episodes, PDFs, images), in the feed's order.
    pub enclosures: Vec<JsonEnclosure>,
}

/// What `article` says when no full text is stored and `--full` was not given.
pub const NOT_FETCHED: &str = "not fetched yet (run `ainews-tui article ID --full`)";

/// Runs `article`. Exit status: 0; 1 for an unknown id; 2 for a config error.
pub fn run(
    config_path: Option<&Path>,
    data_dir: Option<PathBuf>,
    args: &ArticleArgs,
) -> anyhow::Result<ExitCode> {
    let (config, _) = match super::load_config(config_path) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let data_dir = paths::data_dir(data_dir)?;
    let unknown = || {
        eprintln!(
            "ainews-tui: no cached article has the id {:?} (ids are the 16 hex digits \
             `headlines --json` prints)",
            args.id
        );
        Ok(ExitCode::FAILURE)
    };
    let Some(id) = parse_id(&args.id) else {
        return unknown();
    };
    if !data_dir.join(store::DB_FILE).exists() {
        return unknown();
    }
    let store = super::open_cache(&data_dir)?;
    let Some(mut row) = find(&store, id)? else {
        return unknown();
    };
    row.article.enclosures = store.load_enclosures(id).context("reading the cache")?;
    let summary = store
        .load_body(id)
        .context("reading the cache")?
        .map(|body| html_to_text(&body, TEXT_WIDTH))
        .unwrap_or_default();
    let mut full = store.load_full_text(id).context("reading the cache")?;
    if args.full && full.as_ref().is_none_or(|f| f.outcome.is_err()) {
        let fetched = fetch(&config.fetch, &row, &summary);
        // A cache that refuses the write (read-only, full disk) still gets the text shown.
        if let Err(err) = store.write(WriteOp::SaveFullText {
            id,
            full_text: fetched.clone(),
        }) {
            eprintln!("ainews-tui: the full text was not stored ({err}); it is printed anyway");
        }
        full = Some(fetched);
    }
    let feed = super::headlines::feed_display_name(&config, &row);
    let json = json_of(&row, &feed, summary, full);
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        serde_json::to_string(&json)
            .map_err(std::io::Error::other)
            .and_then(|line| writeln!(out, "{line}"))
    } else {
        write!(out, "{}", text_of(&json))
    };
    match written.and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The 16 hex digits of an id (as `headlines --json` prints them).
pub fn parse_id(text: &str) -> Option<ArticleId> {
    let text = text.trim();
    (text.len() == 16)
        .then(|| u64::from_str_radix(text, 16).ok())
        .flatten()
        .map(ArticleId)
}

fn find(store: &Store, id: ArticleId) -> anyhow::Result<Option<StoredArticle>> {
    let rows = store
        .headlines(&HeadlineQuery::default())
        .context("reading the cache")?;
    Ok(rows.into_iter().find(|row| row.article.id == id))
}

/// Fetches and extracts the article's page now (on a small runtime of its own).
fn fetch(config: &crate::config::FetchConfig, row: &StoredArticle, summary: &str) -> FullText {
    let link = row.article.link.clone().unwrap_or_default();
    let outcome = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime
            .block_on(crate::article::fetch_full_text(
                config,
                &row.feed_url,
                &link,
                summary,
            ))
            .map_err(|e| e.to_string()),
        Err(e) => Err(format!("cannot start the network runtime: {e}")),
    };
    FullText {
        outcome,
        fetched_at: crate::time::now(),
    }
}

/// The JSON object; every text field cleaned again, as `headlines` does.
pub fn json_of(
    row: &StoredArticle,
    feed: &str,
    summary: String,
    full: Option<FullText>,
) -> JsonArticle {
    let article = &row.article;
    let (full_text, full_text_error) = match full.map(|f| f.outcome) {
        Some(Ok(text)) => (Some(text), None),
        Some(Err(why)) => (None, Some(why)),
        None => (None, Some(NOT_FETCHED.to_owned())),
    };
    JsonArticle {
        id: article.id.to_string(),
        title: clean_line(&article.title, MAX_TITLE_CHARS),
        link: article.link.as_deref().and_then(safe_link),
        feed: feed.to_owned(),
        feed_url: clean_line(&row.feed_url, 2_000),
        published: article.published.and_then(super::headlines::rfc3339),
        topic: article.topic.as_str(),
        terms: article.terms.iter().map(|t| clean_line(t, 2_000)).collect(),
        read: article.read,
        starred: article.starred,
        summary,
        full_text,
        full_text_error,
        enclosures: json_enclosures(&article.enclosures),
    }
}

/// Title, source, date and link, a blank line, then the full text (or the feed's own
/// text, with a line saying why there is no full text).
pub fn text_of(article: &JsonArticle) -> String {
    let mut out = format!("{}\n", article.title);
    out.push_str(&format!("Source: {}\n", article.feed));
    if let Some(published) = &article.published {
        out.push_str(&format!("Date:   {published}\n"));
    }
    if let Some(link) = &article.link {
        out.push_str(&format!("Link:   {link}\n"));
    }
    out.push('\n');
    match (&article.full_text, &article.full_text_error) {
        (Some(text), _) => out.push_str(text),
        (None, why) => {
            if let Some(why) = why {
                out.push_str(&format!("(full text: {why}; the feed's text follows)\n\n"));
            }
            out.push_str(&article.summary);
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&attachment_lines(&article.enclosures));
    out
}

/// "Attachments:" and a line per file (type, size, name) with its URL under it, after a
/// blank line; nothing when there are none.
fn attachment_lines(files: &[JsonEnclosure]) -> String {
    if files.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nAttachments:\n");
    for (at, file) in files.iter().enumerate() {
        let enclosure = Enclosure {
            url: file.url.clone(),
            mime: file.mime.clone(),
            length: file.length,
        };
        out.push_str(&format!(
            "{}\n     {}\n",
            attachments::line(at + 1, &enclosure),
            file.url
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_ends_with_the_attached_files() {
        let article = JsonArticle {
            id: "00000000000000ab".into(),
            title: "Episode 42".into(),
            link: None,
            feed: "Pod".into(),
            feed_url: "https://pod.example/feed.xml".into(),
            published: None,
            topic: "other",
            terms: Default::default(),
            read: false,
            starred: false,
            summary: "Show notes.".into(),
            full_text: Some("The whole page.".into()),
            full_text_error: None,
            enclosures: vec![
                JsonEnclosure {
                    url: "https://pod.example/ep%2042.mp3".into(),
                    mime: Some("audio/mpeg".into()),
                    length: Some(24_300_000),
                },
                JsonEnclosure {
                    url: "https://pod.example/notes.pdf".into(),
                    mime: None,
                    length: None,
                },
            ],
        };
        assert_eq!(
            text_of(&article),
            "Episode 42\nSource: Pod\n\nThe whole page.\n\nAttachments:\n\
             [a1] audio/mpeg · 24.3 MB · ep 42.mp3\n     https://pod.example/ep%2042.mp3\n\
             [a2] ? · notes.pdf\n     https://pod.example/notes.pdf\n"
        );
    }

    #[test]
    fn ids_are_sixteen_hex_digits() {
        assert_eq!(parse_id("00000000000000ff"), Some(ArticleId(255)));
        assert_eq!(parse_id(" FFFFFFFFFFFFFFFF "), Some(ArticleId(u64::MAX)));
        for bad in ["", "ff", "zz00000000000000", "00000000000000fff"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
    }
}
