//! `import-opml`: merges an OPML file's feeds into the config file with toml_edit, so the
//! user's comments and layout stay, and writes it back atomically after re-validating it.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::parse::{OpmlFeed, parse};
use crate::config::{self, DEFAULT_CONFIG};
use crate::ingest::sanitize::clean_line;
use crate::model::normalize_link;

/// Biggest OPML file read; subscription lists are a few hundred KiB at most.
const MAX_OPML_BYTES: u64 = 10 * 1024 * 1024;
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
    let feeds = parse(&opml).with_context(|| {
        format!(
            "{}: cannot read it as OPML; export your subscriptions again from the feed reader",
            file.display()
        )
    })?;

    let existing = match std::fs::read(&target) {
        Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "{}: the config file is not UTF-8 text; save it as UTF-8 and import again",
                target.display()
            )
        })?),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => bail!("cannot read the config file {}: {err}", target.display()),
    };
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
    let (merged, report) = merge_into(text, &known, &feeds, &clean_line(&source_name, 100))
        .with_context(|| format!("adding feeds to {}", target.display()))?;

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

    let today = chrono::Local::now().format("%Y-%m-%d");
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

/// `--config` / `AINEWS_CONFIG` when given, else the user config path.
fn target_path(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
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
    Ok(decode(&bytes))
}

/// UTF-8 (with or without BOM), UTF-16 with a BOM, the encoding the XML declaration
/// names, else windows-1252 (what old feed readers wrote).
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    let declared = head
        .split_once("encoding=")
        .and_then(|(_, rest)| {
            let quote = rest.chars().next()?;
            rest[1..].split(quote).next()
        })
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    let encoding = declared.unwrap_or(encoding_rs::WINDOWS_1252);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// Writes through a temporary file in the same directory and a rename, so a crash leaves
/// the old file or the new one, never half of one. A symlinked config is written at its
/// target, so the link stays.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
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
    let added = report.added.len();
    writeln!(
        out,
        "{added} {} added to {}; {} already there; {} refused",
        if added == 1 { "feed" } else { "feeds" },
        target.display(),
        report.duplicates.len(),
        report.refused.len()
    )?;
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
    fn decoding_follows_bom_and_declaration() {
        assert_eq!(decode("\u{FEFF}<opml/>".as_bytes()), "<opml/>");
        assert_eq!(
            decode(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a t=\"caf\xe9\"/>"),
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a t=\"caf\u{e9}\"/>"
        );
        assert_eq!(decode(b"caf\xe9"), "caf\u{e9}");
    }
}
