//! Command-line definitions: global flags and subcommands. No subcommand runs the TUI.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::model::Topic;

#[derive(Debug, Parser)]
#[command(
    name = "ainews-tui",
    version,
    about = "A terminal dashboard for following the AI race between the US and China",
    after_help = "Examples:\n  ainews-tui                      open the dashboard\n  ainews-tui --demo               try it offline on bundled demo feeds\n  ainews-tui refresh              fetch every feed once and cache the articles\n  ainews-tui headlines --topic china --since 24h\n  ainews-tui import-opml feeds.opml\n  ainews-tui config check         validate the config file"
)]
pub struct Cli {
    /// Config file to use instead of the platform default.
    #[arg(long, global = true, env = "AINEWS_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Directory for the cache (and the log file, when given).
    #[arg(long, global = true, env = "AINEWS_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The log file [default: the state directory, on Linux
    /// ~/.local/state/ainews-tui/ainews-tui.log; with --data-dir, in that directory].
    #[arg(long, global = true, env = "AINEWS_LOG_FILE", value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// Run on bundled demo feeds, offline, with a temporary data directory.
    #[arg(long)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Inspect the configuration.
    #[command(
        subcommand,
        after_help = "Examples:\n  ainews-tui config check\n  ainews-tui config path"
    )]
    Config(ConfigCommand),

    /// Fetch every enabled feed once, store the articles in the cache, print a summary.
    #[command(
        after_help = "Examples:\n  ainews-tui refresh\n  ainews-tui refresh --strict && ainews-tui headlines --since 1h\n\nExit status: 0 when the refresh ran, even if some feeds failed (with --strict: 1 if\nany feed failed); 2 for a config error."
    )]
    Refresh(RefreshArgs),

    /// Print cached headlines, newest first (no network).
    #[command(
        after_help = "Examples:\n  ainews-tui headlines --since 24h\n  ainews-tui headlines --topic china --unread --limit 20\n  ainews-tui headlines --search nvidia --json | jq -r .link\n  ainews-tui headlines --search '华为 \"export controls\"' --full-text\n  ainews-tui headlines --query 'nvidia OR huawei topic:china -is:read since:7d'\n  ainews-tui headlines --view 'chinese labs' --unread --since 24h\n\nArticles matching a [[hide]] rule of the config are left out (and not counted by --limit)\nunless --include-hidden is given.\n\n--json prints JSON Lines, one object per article: id, title, link, feed, feed_url,\npublished, first_seen (RFC 3339, UTC), topic (us|china|both|other), terms, read, starred,\nhas_full_text (`article ID` prints the stored full text), hidden (a [[hide]] rule matches;\ntrue only with --include-hidden); with --full-text also snippet (matches marked «like this»).\n\nExit status: 0; 2 for a config error, a bad --query or an unknown --view."
    )]
    Headlines(HeadlinesArgs),

    /// Print one cached article as readable text: title, source, date, link, then the
    /// text (with --full, the article fetched from its page).
    #[command(
        after_help = "Examples:\n  ainews-tui article 3f2a9c0d11e4b7a2\n  ainews-tui article 3f2a9c0d11e4b7a2 --full\n  ainews-tui headlines --json | head -1 | jq -r .id | xargs ainews-tui article --json\n\n--full fetches the linked page (same User-Agent, timeouts and size cap as feeds) when no\nfull text is stored yet, extracts the article and stores it. --json prints one object: id,\ntitle, link, feed, feed_url, published, topic, terms, read, starred, summary (the feed's\nown text), full_text (or null) and full_text_error (why not, or null).\n\nExit status: 0; 1 for an unknown id; 2 for a config error."
    )]
    Article(ArticleArgs),

    /// Add the feeds of an OPML file to the config file, keeping its comments.
    #[command(
        after_help = "Examples:\n  ainews-tui import-opml ~/Downloads/subscriptions.opml\n  ainews-tui --config ./my.toml import-opml feeds.opml\n\nThe feeds are added to --config (or AINEWS_CONFIG) when given, else to the user config\nfile, which is created from the built-in default if it does not exist. Feeds already in\nthe config are skipped; only http:// and https:// URLs are imported."
    )]
    ImportOpml(ImportOpmlArgs),

    /// Bring newsboat's feeds, query feeds and read/starred state over: the urls file into
    /// the config file (keeping its comments), the cache's marks into ours.
    #[command(
        after_help = "Examples:\n  ainews-tui import-newsboat --dry-run\n  ainews-tui import-newsboat\n  ainews-tui import-newsboat --urls ~/.newsboat/urls --cache ~/.newsboat/cache.db\n\nBy default the files are where newsboat looks: $XDG_CONFIG_HOME/newsboat/urls and\n$XDG_DATA_HOME/newsboat/cache.db when the directory $XDG_CONFIG_HOME/newsboat (default\n~/.config/newsboat) exists, else ~/.newsboat/urls and ~/.newsboat/cache.db.\nTags, \"~titles\" and \"!\" (hidden: enabled = false) come along; \"query:Name:expression\"\nlines become [[views]] where the filter translates; exec: and filter: lines are refused.\nRead and starred marks are set on cached articles and kept for articles fetched later.\n\nExit status: 0 when the files were read, even if lines were refused; 2 for a config error."
    )]
    ImportNewsboat(ImportNewsboatArgs),

    /// Print the configured feeds as OPML 2.0 on stdout.
    #[command(
        after_help = "Examples:\n  ainews-tui export-opml > ainews-feeds.opml\n  ainews-tui --config ./my.toml export-opml"
    )]
    ExportOpml,

    /// Print a Markdown digest of the cached stories, grouped by topic (no network).
    #[command(
        after_help = "Examples:\n  ainews-tui brief\n  ainews-tui brief --since 7d --topic both > week.md\n\nOne bullet per story (articles from several feeds grouped), newest first, with its\nsources and link, ready to paste into a note or a message. Articles matching a [[hide]]\nrule of the config are left out."
    )]
    Brief(BriefArgs),

    /// Check the topic rules: score them on a labeled file, or explain one text.
    #[command(
        subcommand,
        after_help = "Examples:\n  ainews-tui topics explain \"Commerce adds 12 Chinese firms to the Entity List\"\n  ainews-tui topics eval my-labels.tsv"
    )]
    Topics(TopicsCommand),

    /// Print a shell completion script on stdout.
    #[command(
        after_help = "Examples:\n  ainews-tui completions bash > ~/.local/share/bash-completion/completions/ainews-tui\n  ainews-tui completions zsh > ~/.zfunc/_ainews-tui\n  ainews-tui completions fish > ~/.config/fish/completions/ainews-tui.fish"
    )]
    Completions(CompletionsArgs),

    /// Print the manual page (roff) on stdout, every subcommand included.
    #[command(
        after_help = "Examples:\n  ainews-tui man > ainews-tui.1\n  ainews-tui man | man -l -\n  ainews-tui man | gzip > /usr/local/share/man/man1/ainews-tui.1.gz"
    )]
    Man,
}

#[derive(Debug, Subcommand)]
pub enum TopicsCommand {
    /// Score the topic rules of your config on a labeled TSV file: confusion matrix,
    /// precision, recall and F1 per label, macro-F1, and the misclassified lines.
    #[command(
        after_help = "Examples:\n  ainews-tui topics eval labels.tsv\n  ainews-tui topics eval labels.tsv --corrections\n  ainews-tui topics eval --corrections\n\nThe file has one item per line: label<TAB>title<TAB>summary<TAB>url (summary and url optional),\nlabel one of us, china, both, other; lines starting with # are comments.\n--corrections also scores the rules on the topics you set by hand in the dashboard (c),\nread from the cache in the data directory."
    )]
    Eval {
        /// The labeled file (TSV: label, title, optional summary, optional source URL).
        #[arg(required_unless_present = "corrections")]
        file: Option<PathBuf>,
        /// Also score the rules on the topics you set by hand in the dashboard (stored in
        /// the cache of --data-dir): how often the rules disagree with you.
        #[arg(long)]
        corrections: bool,
    },
    /// Show how a text is classified: the label, the score per side, the deciding terms.
    #[command(
        after_help = "Examples:\n  ainews-tui topics explain \"DeepSeek R2 matches OpenAI o3 on math\"\n  ainews-tui topics explain \"$(printf 'Title\\nBody text')\"\n\nThe first line is read as the title (weighted more), the rest as the body.\nWhere the rules find no side, the learned model's vote and its strongest words are shown;\n`by:` says whether the rules or the model chose the topic."
    )]
    Explain {
        /// The text: first line title, the rest body.
        text: String,
    },
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

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Exit with status 1 if any feed failed.
    #[arg(long)]
    pub strict: bool,

    /// Raise no alerts (notify_command, notify_bell) for new watchlist articles.
    #[arg(long, short)]
    pub quiet: bool,

    /// One JSON object per feed (feed, url, status, new_articles, error, repaired), then a
    /// total (total: true, feeds, updated, unchanged, failed, new_articles, full_texts).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct HeadlinesArgs {
    /// Only articles about this side.
    #[arg(long, value_name = "TOPIC", value_enum, ignore_case = true)]
    pub topic: Option<Topic>,

    /// Only articles not read yet.
    #[arg(long)]
    pub unread: bool,

    /// Only starred articles.
    #[arg(long)]
    pub starred: bool,

    /// Only articles from this recent period ("90m", "24h", "7d") or since this date
    /// ("2026-11-28" or RFC 3339).
    #[arg(long, value_name = "WHEN", value_parser = parse_since)]
    pub since: Option<Since>,

    /// At most this many articles.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Only articles whose title contains this text (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// Only articles matching this query, with the other filters: words (whole words,
    /// Chinese anywhere) and "phrases" in the title, source and text;
    /// topic:us|china|both|other, source:TEXT, tag:TAG, watch:TERM|any, is:unread|read|starred,
    /// since:24h|7d|2026-11-01, before:..., has:fulltext; -term negates, OR binds tighter
    /// than terms side by side, (parentheses) group. A query may start with `-`.
    #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,

    /// Only articles of this saved view (a `[[views]]` name in the config, any case),
    /// with the other filters.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,

    /// Also list the articles the config's `[[hide]]` rules hide, marked "(hidden)".
    #[arg(long)]
    pub include_hidden: bool,

    /// Search the title and the feed's text instead: every word must match (Chinese
    /// anywhere), "quoted phrases" as written; best match first, each with a snippet.
    #[arg(long, requires = "search")]
    pub full_text: bool,

    /// Print JSON Lines (one object per article) instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ArticleArgs {
    /// The article's id, as `headlines --json` prints it (16 hex digits).
    #[arg(value_name = "ID")]
    pub id: String,

    /// Fetch and extract the linked page first, unless its full text is stored already.
    #[arg(long)]
    pub full: bool,

    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportOpmlArgs {
    /// The OPML file to read (OPML 1.0 or 2.0).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportNewsboatArgs {
    /// Newsboat's urls file (default: where newsboat looks for it).
    #[arg(long, value_name = "FILE")]
    pub urls: Option<PathBuf>,

    /// Newsboat's cache, read-only (default: where newsboat keeps it).
    #[arg(long, value_name = "FILE")]
    pub cache: Option<PathBuf>,

    /// Print what would be imported and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The period covered: "24h" (default), "7d", or since a date ("2026-11-28", RFC 3339).
    #[arg(long, value_name = "WHEN", value_parser = parse_since, default_value = "24h")]
    pub since: Since,
    /// Only stories about this side.
    #[arg(long, value_name = "TOPIC", value_enum, ignore_case = true)]
    pub topic: Option<Topic>,
}

/// The start of the `--since` window: a period back from now, or a fixed time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    Ago(std::time::Duration),
    /// Seconds since the Unix epoch.
    At(i64),
}

// A closed choice, so `--help` lists the topics and shell completions offer them. The
// names and aliases are the model's, so the command line reads what the config and the
// query language read.
impl ValueEnum for Topic {
    fn value_variants<'a>() -> &'a [Self] {
        &Topic::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Topic::Us => "the United States' side",
            Topic::China => "China's side",
            Topic::Both => "both sides in play: rivalry, export controls, one against the other",
            Topic::Other => "neither side",
        };
        Some(
            PossibleValue::new(self.as_str())
                .aliases(self.aliases().iter().copied())
                .help(help),
        )
    }
}

fn parse_since(text: &str) -> Result<Since, String> {
    let text = text.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(Since::At(at.timestamp()));
    }
    if let Ok(day) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let midnight = day.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp());
        return midnight
            .map(Since::At)
            .ok_or_else(|| format!("`{text}` is not a date"));
    }
    match humantime::parse_duration(text) {
        Ok(period) if !period.is_zero() => Ok(Since::Ago(period)),
        _ => Err(format!(
            "`{text}` is neither a period nor a date; write e.g. \"24h\", \"7d\", \"90m\", \
             \"2026-11-28\" or \"2026-11-28T09:00:00Z\""
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::time::Duration;

    #[test]
    fn the_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn since_takes_periods_and_dates() {
        assert_eq!(
            parse_since("24h"),
            Ok(Since::Ago(Duration::from_secs(86_400)))
        );
        assert_eq!(
            parse_since("7d"),
            Ok(Since::Ago(Duration::from_secs(7 * 86_400)))
        );
        assert_eq!(parse_since("1970-01-02"), Ok(Since::At(86_400)));
        assert_eq!(parse_since("1970-01-01T01:00:00+01:00"), Ok(Since::At(0)));
        for bad in ["", "yesterday", "0s", "24", "2026-13-40"] {
            let error = parse_since(bad).unwrap_err();
            assert!(error.contains("24h"), "{bad}: {error}");
        }
    }

    fn topic_of(args: &[&str]) -> Result<Option<Topic>, String> {
        let cli = Cli::try_parse_from(["ainews-tui", "headlines"].iter().chain(args))
            .map_err(|err| err.to_string())?;
        match cli.command {
            Some(Command::Headlines(headlines)) => Ok(headlines.topic),
            other => Err(format!("not headlines: {other:?}")),
        }
    }

    #[test]
    fn topics_are_the_machine_names() {
        assert_eq!(topic_of(&["--topic", "china"]), Ok(Some(Topic::China)));
        assert_eq!(topic_of(&["--topic", "US"]), Ok(Some(Topic::Us)));
        assert!(
            topic_of(&["--topic", "eu"])
                .unwrap_err()
                .contains("us, china, both, other")
        );
    }

    #[test]
    fn topic_aliases_are_the_models_in_any_case() {
        for topic in Topic::ALL {
            for alias in topic.aliases() {
                assert_eq!(topic_of(&["--topic", alias]), Ok(Some(topic)), "{alias}");
                let upper = alias.to_ascii_uppercase();
                assert_eq!(topic_of(&["--topic", &upper]), Ok(Some(topic)), "{upper}");
            }
        }
        assert_eq!(topic_of(&[]), Ok(None));
    }
}
