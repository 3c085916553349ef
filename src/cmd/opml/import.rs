//! `import-opml`: merges an OPML file's feeds into the config file with toml_edit, so the
//! user's comments and layout stay, and writes it back atomically after re-validating it.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::parse::{LineNote, OpmlError, OpmlFeed, parse};
use crate::config::{self, DEFAULT_CONFIG};
use crate::ingest::decode::decode;
use crate::model::normalize_link;
use crate::text::sanitize::clean_line;

/// Biggest OPML file read; subscription lists are a few hundred KiB at most.
const MAX_OPML_BYTES: u64 = 10 * 1024 * 1024;
/// Skipped lines named in the summary line; each has its own line above it anyway.
const MAX_LISTED_LINES: usize = 20;
/// Longest URL echoed in the report (a hostile file may hold megabytes in one).
const MAX_SHOWN_URL: usize = 200;

/// What an import did, feed by feed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub added: Vec<OpmlFeed>,
    /// Already in the config, or earlier in the same OPML file.
    pub duplicates: Vec<OpmlFeed>,
    /// Not an http(s) URL; with the reason.
    pub refused: Vec<(OpmlFeed, String)>,
    /// The file was not well-formed XML (this error) and was read outline by outline.
    pub recovered_from: Option<OpmlError>,
    /// Outlines read in spite of a malformed attribute.
    pub repaired: Vec<LineNote>,
    /// Lines of the file left out, and why.
    pub unread: Vec<LineNote>,
}

/// Runs `import-opml FILE`, adding to `explicit` (`--config`) or the user config file.
/// Exit status: 0 when the file was read (even if entries were skipped), 2 when the config
/// file in place is invalid; other failures are errors.
pub fn import(
    explicit: Option<&Path>,
    file: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let target = target_path(explicit)?;
    let opml = read_opml(file)?;
    let read = parse(&opml).with_context(|| {
        format!(
            "{}: cannot read it as OPML; export your subscriptions again from the feed reader",
            file.display()
        )
    })?;
    let feeds = read.feeds;

    let existing = read_config_text(&target)?;
    let created = existing.is_none();
    let text = existing.as_deref().unwrap_or(DEFAULT_CONFIG);
    let origin = target.display().to_string();
    let base_dir = target.parent();
    // The file must be valid before we touch it: its feeds are what duplicates are checked
    // against, and a broken file is the user's to fix first.
    let current = match config::parse_str(text, &origin, base_dir) {
        Ok(current) => current,
        Err(err) => {
            eprintln!("{err}");
            eprintln!("fix the config file first, then import again; nothing was changed");
            return Ok(ExitCode::from(super::super::EXIT_CONFIG));
        }
    };
    let known: Vec<&str> = current.feeds.iter().map(|f| f.url.as_str()).collect();
    let source_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let (merged, mut report) = merge_into(text, &known, &feeds, &clean_line(&source_name, 100))
        .with_context(|| format!("adding feeds to {}", target.display()))?;
    report.recovered_from = read.recovered_from;
    report.repaired = read.repaired;
    report.unread = read.skipped;

    if !report.added.is_empty() {
        // Never write a file the app would refuse to start with.
        if let Err(err) = config::parse_str(&merged, &origin, base_dir) {
            bail!(
                "the merged config did not validate, so {} was left unchanged:\n{err}",
                target.display()
            );
        }
        write_atomically(&target, &merged)
            .with_context(|| format!("writing the config file {}", target.display()))?;
        if created {
            writeln!(
                out,
                "created {} from the built-in default config",
                target.display()
            )?;
        }
    }
    print_report(&report, &target, out)?;
    Ok(ExitCode::SUCCESS)
}

/// Adds every new, safe feed of `feeds` to the config `text` as a `[[feeds]]` table after
/// the existing ones. `known` are the configured URLs. Returns the new text (unchanged when
/// nothing was added) and what happened to each feed.
pub fn merge_into(
    text: &str,
    known: &[&str],
    feeds: &[OpmlFeed],
    source_name: &str,
) -> anyhow::Result<(String, ImportReport)> {
    let mut doc: DocumentMut = text.parse().context("the config file is not valid TOML")?;
    let mut seen: HashSet<String> = known.iter().map(|url| identity(url)).collect();
    let mut report = ImportReport::default();
    for feed in feeds {
        if let Err(why) = check_url(&feed.url) {
            report.refused.push((feed.clone(), why));
        } else if !seen.insert(identity(&feed.url)) {
            report.duplicates.push(feed.clone());
        } else {
            report.added.push(feed.clone());
        }
    }
    if report.added.is_empty() {
        return Ok((text.to_owned(), report));
    }

    let today = crate::time::format_in(crate::time::now(), crate::time::local_offset(), "%Y-%m-%d");
    let heading = format!("\n# Imported from {source_name} on {today}.\n");
    let entry = doc
        .as_table_mut()
        .entry("feeds")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    match entry {
        Item::ArrayOfTables(tables) => {
            for (index, feed) in report.added.iter().enumerate() {
                let mut table = feed_table(feed);
                let prefix = if index == 0 { heading.as_str() } else { "\n" };
                table.decor_mut().set_prefix(prefix);
                tables.push(table);
            }
        }
        // `feeds = [{ url = "..." }, ...]`: keep the user's style.
        Item::Value(Value::Array(array)) => {
            for feed in &report.added {
                let mut inline = InlineTable::new();
                for (key, value) in feed_table(feed).iter() {
                    if let Some(value) = value.as_value() {
                        inline.insert(key, value.clone());
                    }
                }
                array.push_formatted(Value::InlineTable(inline));
            }
            array.fmt();
        }
        _ => bail!("`feeds` is not a list of [[feeds]] tables; add the feeds by hand"),
    }
    Ok((doc.to_string(), report))
}

/// One `[[feeds]]` table: name, url, tags.
fn feed_table(feed: &OpmlFeed) -> Table {
    let mut table = Table::new();
    if let Some(name) = &feed.name {
        table.insert("name", toml_edit::value(name.as_str()));
    }
    table.insert("url", toml_edit::value(feed.url.as_str()));
    if !feed.tags.is_empty() {
        let tags: Array = feed.tags.iter().map(String::as_str).collect();
        table.insert("tags", toml_edit::value(tags));
    }
    table
}

/// Only web feeds come in from OPML: never a command (`|cmd`, `exec:`), a script
/// (`javascript:`) or a local file (`file:`), whatever a shared subscription list says.
fn check_url(url: &str) -> Result<(), String> {
    const ALLOWED: &str = "only http:// and https:// feeds are imported";
    if url.chars().any(char::is_control) {
        return Err(format!("the URL contains control characters; {ALLOWED}"));
    }
    if url.starts_with('|') || url.ends_with('|') {
        return Err(format!(
            "a command, not a feed (ainews-tui never runs programs); {ALLOWED}"
        ));
    }
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
            if parsed.host_str().is_none_or(str::is_empty) {
                Err(format!("the URL has no host name; {ALLOWED}"))
            } else if !parsed.username().is_empty() || parsed.password().is_some() {
                Err(format!(
                    "the URL holds a user name or password; add it by hand if you trust it; \
                     {ALLOWED}"
                ))
            } else {
                Ok(())
            }
        }
        Ok(parsed) => Err(format!(
            "`{}:` URLs are refused; {ALLOWED}",
            clean_line(parsed.scheme(), 20)
        )),
        Err(err) => Err(format!("not a valid URL ({err}); {ALLOWED}")),
    }
}

/// Two URLs for the same feed compare equal: scheme and host case, `http` versus `https`,
/// a trailing slash and tracking parameters do not matter.
fn identity(url: &str) -> String {
    normalize_link(url)
}

/// The config file's text, `None` when there is no file yet (an import then starts from
/// the built-in default).
pub(crate) fn read_config_text(target: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read(target) {
        Ok(bytes) => Ok(Some(String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "{}: the config file is not UTF-8 text; save it as UTF-8 and import again",
                target.display()
            )
        })?)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => bail!("cannot read the config file {}: {err}", target.display()),
    }
}

/// `--config` / `AINEWS_CONFIG` when given, else the user config path.
pub(crate) fn target_path(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    match explicit {
        Some(path) => Ok(config::candidate_paths(Some(path))
            .into_iter()
            .next()
            .unwrap_or_else(|| path.to_path_buf())),
        None => config::user_config_path().ok_or_else(|| {
            anyhow::anyhow!(
                "no home directory found for the user config: pass --config FILE (or set \
                 AINEWS_CONFIG) to say which file to add the feeds to"
            )
        }),
    }
}

fn read_opml(file: &Path) -> anyhow::Result<String> {
    use std::io::Read;
    let handle = std::fs::File::open(file)
        .with_context(|| format!("cannot open the OPML file {}", file.display()))?;
    let mut bytes = Vec::new();
    handle
        .take(MAX_OPML_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the OPML file {}", file.display()))?;
    if bytes.len() as u64 > MAX_OPML_BYTES {
        bail!(
            "{}: larger than {} MiB; that is not a subscription list",
            file.display(),
            MAX_OPML_BYTES / 1024 / 1024
        );
    }
    // The feeds' own decoder: BOM, declaration, then the bytes (detected when not UTF-8).
    Ok(decode(&bytes, None).text)
}

/// Writes through a temporary file in the same directory and a rename, so a crash leaves
/// the old file or the new one, never half of one. A symlinked config is written at its
/// target, so the link stays.
pub(crate) fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config.toml".to_owned());
    let temp = dir.join(format!(".{name}.import-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(&path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn print_report(report: &ImportReport, target: &Path, out: &mut dyn Write) -> std::io::Result<()> {
    let shown = |feed: &OpmlFeed| {
        let url = clean_line(&feed.url, MAX_SHOWN_URL);
        match &feed.name {
            Some(name) => format!("{name} <{url}>"),
            None => format!("<{url}>"),
        }
    };
    for feed in &report.added {
        let tags = if feed.tags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", feed.tags.join(", "))
        };
        writeln!(out, "added    {}{tags}", shown(feed))?;
    }
    for feed in &report.duplicates {
        writeln!(out, "skipped  {}: already in the config", shown(feed))?;
    }
    for (feed, why) in &report.refused {
        writeln!(out, "refused  {}: {why}", shown(feed))?;
    }
    if let Some(error) = &report.recovered_from {
        writeln!(
            out,
            "note     the file is not well-formed XML ({error}); it was read outline by outline"
        )?;
    }
    for note in &report.repaired {
        writeln!(out, "repaired line {}: {}", note.line, note.message)?;
    }
    for note in &report.unread {
        writeln!(out, "skipped  line {}: {}", note.line, note.message)?;
    }
    let added = report.added.len();
    write!(
        out,
        "{added} {} added to {}; {} already there; {} refused",
        if added == 1 { "feed" } else { "feeds" },
        target.display(),
        report.duplicates.len(),
        report.refused.len()
    )?;
    if report.unread.is_empty() {
        writeln!(out)?;
    } else {
        let mut lines: Vec<String> = report
            .unread
            .iter()
            .take(MAX_LISTED_LINES)
            .map(|n| n.line.to_string())
            .collect();
        if report.unread.len() > MAX_LISTED_LINES {
            lines.push("…".to_owned());
        }
        let (word, them) = if lines.len() == 1 {
            ("line", "it")
        } else {
            ("lines", "them")
        };
        writeln!(
            out,
            "; {} skipped ({word} {}): fix {them} in the OPML file and import again to add {them}",
            report.unread.len(),
            lines.join(", "),
        )?;
    }
    if added > 0 {
        writeln!(
            out,
            "run `ainews-tui refresh` (or start the dashboard) to fetch them"
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(url: &str, name: Option<&str>, tags: &[&str]) -> OpmlFeed {
        OpmlFeed {
            url: url.to_owned(),
            name: name.map(str::to_owned),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    const CONFIG: &str = "# my feeds, hand-tuned\n\
                          [[feeds]]\n\
                          name = \"Old\"   # keep me\n\
                          url = \"https://old.example/feed\"\n\
                          \n\
                          [fetch]\n\
                          concurrency = 4 # slow line\n";

    #[test]
    fn feeds_are_added_after_the_existing_ones_and_comments_stay() {
        let feeds = [
            feed(
                "https://new.example/rss",
                Some("New \"one\""),
                &["Tech", "AI"],
            ),
            feed("https://b.example/atom", None, &[]),
        ];
        let (text, report) =
            merge_into(CONFIG, &["https://old.example/feed"], &feeds, "subs.opml").unwrap();
        assert_eq!(report.added.len(), 2);
        assert!(text.starts_with("# my feeds, hand-tuned\n"), "{text}");
        assert!(text.contains("name = \"Old\"   # keep me"), "{text}");
        assert!(text.contains("concurrency = 4 # slow line"), "{text}");
        assert!(text.contains("# Imported from subs.opml on "), "{text}");
        assert!(text.contains(r#"name = 'New "one"'"#), "{text}");
        assert!(text.contains(r#"tags = ["Tech", "AI"]"#), "{text}");
        let config = config::parse_str(&text, "t", None).unwrap();
        let urls: Vec<&str> = config.feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://old.example/feed",
                "https://new.example/rss",
                "https://b.example/atom"
            ]
        );
        assert_eq!(config.fetch.concurrency, 4);
    }

    #[test]
    fn duplicates_are_found_after_normalizing() {
        let feeds = [
            feed("HTTP://OLD.example/feed/", None, &[]),
            feed("https://n.example/f?utm_source=x", None, &[]),
            feed("https://n.example/f", None, &[]),
        ];
        let (_, report) = merge_into(CONFIG, &["https://old.example/feed"], &feeds, "s").unwrap();
        assert_eq!(report.added.len(), 1);
        assert_eq!(report.duplicates.len(), 2);
    }

    #[test]
    fn unsafe_urls_are_refused_and_nothing_is_written_for_them() {
        let feeds = [
            feed("|rm -rf ~", Some("Evil"), &[]),
            feed("exec:rm -rf ~", None, &[]),
            feed("javascript:alert(1)", None, &[]),
            feed("file:///etc/passwd", None, &[]),
            feed("feeds/local.xml", None, &[]),
            feed("https://user:pw@x.example/f", None, &[]),
            feed("https://ok.example/f\n", None, &[]),
        ];
        let (text, report) = merge_into(CONFIG, &[], &feeds, "s").unwrap();
        assert_eq!(report.refused.len(), feeds.len(), "{report:?}");
        assert!(report.added.is_empty());
        assert_eq!(text, CONFIG, "nothing added, nothing changed");
        assert!(
            report.refused[0].1.contains("command"),
            "{:?}",
            report.refused[0]
        );
        assert!(
            report.refused[2].1.contains("`javascript:`"),
            "{:?}",
            report.refused[2]
        );
    }

    #[test]
    fn an_empty_file_and_an_inline_array_both_work() {
        let feeds = [feed("https://n.example/f", Some("N"), &["x"])];
        let (text, _) = merge_into("", &[], &feeds, "s").unwrap();
        assert_eq!(
            config::parse_str(&text, "t", None).unwrap().feeds.len(),
            1,
            "{text}"
        );
        let inline = "feeds = [{ url = \"https://a.example/f\" }] # mine\n";
        let (text, _) = merge_into(inline, &["https://a.example/f"], &feeds, "s").unwrap();
        assert!(text.contains("# mine"), "{text}");
        assert_eq!(
            config::parse_str(&text, "t", None).unwrap().feeds.len(),
            2,
            "{text}"
        );
    }

    #[test]
    fn the_default_config_takes_imports() {
        let feeds = [feed("https://n.example/f", Some("N"), &["x"])];
        let (text, _) = merge_into(DEFAULT_CONFIG, &[], &feeds, "s").unwrap();
        let config = config::parse_str(&text, "t", None).unwrap();
        assert_eq!(config.feeds.last().unwrap().url, "https://n.example/f");
        assert!(text.contains("# InfoQ 中文: software engineering"));
    }

    #[test]
    fn a_malformed_file_is_imported_outline_by_outline_and_the_report_lists_skipped_lines() {
        let dir = tempfile::tempdir().unwrap();
        let config_path = dir.path().join("config.toml");
        std::fs::write(&config_path, CONFIG).unwrap();
        let opml =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/opml/unescaped-quotes.opml");
        let mut out = Vec::new();
        let status = import(Some(&config_path), &opml, &mut out).unwrap();
        assert_eq!(status, ExitCode::SUCCESS);
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        let target = config_path.display();
        assert_eq!(
            lines,
            [
                "added    Chip Talk <https://chiptalk.example/feed.xml>  [Podcasts]",
                "added    Machine Minds <https://machineminds.example/podcast.rss>  [Podcasts]",
                "added    The \"Daily\" Model <https://dailymodel.example/rss>  [Podcasts]",
                "added    Bare ampersand <https://news.example/feed?topic=ai&lang=en&page=1>  [Podcasts]",
                "added    Export Controls Weekly <https://exportcontrols.example/atom.xml>  [Policy & chips]",
                "added    Fab Watch <https://fabwatch.example/index.xml>  [Policy & chips]",
                "added    Top level <http://toplevel.example/feed>",
                "note     the file is not well-formed XML (line 5, column 24: ill-formed document: \
                 entity or character reference not closed: `;` not found before end of input); \
                 it was read outline by outline",
                "repaired line 9: an unescaped quote in `description` was read as part of its \
                 value; kept <https://machineminds.example/podcast.rss>",
                "repaired line 10: an unescaped quote in `text` was read as part of its value; \
                 kept <https://dailymodel.example/rss>",
                "repaired line 14: an unescaped quote in `description` was read as part of its \
                 value; kept <https://exportcontrols.example/atom.xml>",
                "skipped  line 15: the outline tag never ends (an attribute's quote is not \
                 closed?); left out",
                "skipped  line 18: an unescaped quote in `text` was read as part of its value; \
                 no feed address (xmlUrl) could be read from this outline",
                &format!(
                    "7 feeds added to {target}; 0 already there; 0 refused; 2 skipped \
                     (lines 15, 18): fix them in the OPML file and import again to add them"
                ),
                "run `ainews-tui refresh` (or start the dashboard) to fetch them",
            ]
        );
        let config =
            config::parse_str(&std::fs::read_to_string(&config_path).unwrap(), "t", None).unwrap();
        assert_eq!(
            config.feeds.len(),
            8,
            "the old feed and the seven recovered ones"
        );
    }

    #[test]
    fn the_file_is_decoded_by_the_feeds_decoder() {
        let dir = tempfile::tempdir().unwrap();
        let config_path = dir.path().join("config.toml");
        std::fs::write(&config_path, CONFIG).unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/opml");
        let mut added = Vec::new();
        for name in ["gbk-undeclared.opml", "cp1252-declared-utf8.opml"] {
            let mut out = Vec::new();
            import(Some(&config_path), &fixtures.join(name), &mut out).unwrap();
            let out = String::from_utf8(out).unwrap();
            added.extend(
                out.lines()
                    .filter(|l| l.starts_with("added"))
                    .map(str::to_owned),
            );
        }
        assert_eq!(
            added,
            [
                "added    机器之心：大模型与芯片动态 <https://jiqizhixin.example/rss>  [国内科技]",
                "added    量子位：人工智能前沿报道 <https://qbitai.example/feed>  [国内科技]",
                "added    L\u{2019}usine à modèles — les régulateurs européens s\u{2019}inquiètent \
                 <https://usine-modeles.example/flux.xml>  [Économie numérique]",
                "added    Café & algorithmes <https://cafe-algos.example/rss>  [Économie numérique]",
            ]
        );
    }

    #[test]
    fn stray_text_in_a_tag_is_read_past() {
        let read = parse(
            "<opml><body>\n<outline text=\"x\" hidden xmlUrl=\"https://j.example/f\"/>\n\
             <outline text=\"y\" xmlUrl=\"https://k.example/f\"></outline></body></opml>",
        )
        .unwrap();
        let urls: Vec<&str> = read.feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls, ["https://j.example/f", "https://k.example/f"]);
        assert_eq!(read.repaired.len(), 1);
        assert_eq!(read.repaired[0].line, 2);
        assert_eq!(
            read.repaired[0].message,
            "stray text `hidden` in the tag was ignored; kept <https://j.example/f>"
        );
    }
}
