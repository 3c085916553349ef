//! Whole-text tests: the default config, the fixture files in `tests/fixtures/config/`,
//! and the located message of each kind of mistake.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;

const BASE: &str = "/etc/ainews";
const HOME: &str = "/home/u";

fn parse(text: &str) -> Result<Config, ConfigError> {
    parse_with(
        text,
        "test.toml",
        schema::Env {
            base_dir: Some(Path::new(BASE)),
            home: Some(Path::new(HOME)),
        },
    )
}

/// The single problem `text` has; fails the test if it has none or several.
fn only_problem(text: &str) -> Problem {
    let error = parse(text).expect_err("the text should be invalid");
    match error.problems() {
        [problem] => problem.clone(),
        problems => panic!("expected one problem, got {}:\n{error}", problems.len()),
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

/// The problems of a fixture file, loaded the way the app loads a file.
fn fixture_problems(name: &str) -> Vec<Problem> {
    let error = load_file(&fixture(name)).expect_err("the fixture should be invalid");
    error.problems().to_vec()
}

// --- the default config -----------------------------------------------------------------

#[test]
fn default_config_parses_with_enough_enabled_feeds() {
    let config = parse_str(DEFAULT_CONFIG, BUILT_IN_ORIGIN, None).unwrap();
    let enabled: Vec<_> = config.feeds.iter().filter(|f| f.enabled).collect();
    assert!(enabled.len() >= 12, "only {} enabled feeds", enabled.len());
    assert!(
        config.feeds.len() >= 14,
        "only {} feeds",
        config.feeds.len()
    );
    let chinese = enabled
        .iter()
        .filter(|f| f.tags.iter().any(|t| t == "zh"))
        .count();
    assert!(
        chinese >= 2,
        "only {chinese} enabled Chinese-language feeds"
    );
    assert!(enabled.len() < 30, "too many feeds enabled by default");
}

#[test]
fn default_config_names_every_feed_and_uses_https() {
    let config = Config::built_in();
    for feed in &config.feeds {
        assert!(feed.name.is_some(), "{} has no name", feed.url);
        assert!(feed.url.starts_with("https://"), "{}", feed.url);
        assert!(!feed.tags.is_empty(), "{} has no tags", feed.url);
    }
    assert_eq!(config.fetch, FetchConfig::default());
    assert_eq!(config.topics, TopicsConfig::default());
}

#[test]
fn default_config_keeps_arxiv_disabled() {
    let config = Config::built_in();
    let arxiv = config
        .feeds
        .iter()
        .find(|f| f.url.contains("arxiv.org"))
        .expect("arXiv is listed");
    assert!(!arxiv.enabled);
}

#[test]
fn default_config_uncommented_examples_are_valid() {
    // The commented-out [fetch] and [topics] blocks document the syntax: they must parse.
    let uncommented: String = DEFAULT_CONFIG
        .lines()
        .skip_while(|line| !line.starts_with("# [fetch]"))
        .filter_map(|line| line.strip_prefix("# "))
        .filter(|line| {
            matches!(
                *line,
                "[fetch]" | "[storage]" | "[topics]" | "[keys]" | "[theme]" | "[[hide]]"
            ) || line
                .split_once(" = ")
                .is_some_and(|(key, _)| key.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let config = parse(&uncommented).unwrap_or_else(|e| panic!("{e}\n---\n{uncommented}"));
    // The example's user agent says `<version>` where the default has the version.
    let documented = FetchConfig {
        user_agent: FetchConfig::default().user_agent,
        ..config.fetch.clone()
    };
    assert_eq!(documented, FetchConfig::default());
    assert!(config.topics.term_count() >= 6, "{uncommented}");
    assert!(uncommented.contains("[storage]\nmax_age"), "{uncommented}");
    assert_eq!(config.storage, StorageConfig::default());
    assert!(uncommented.contains("[keys]\nhelp"), "{uncommented}");
    assert!(uncommented.contains("[theme]\nbase"), "{uncommented}");
    assert_eq!(
        config.theme.get(super::theme::Role::Accent),
        Some(ratatui::style::Color::Rgb(0x1e, 0x90, 0xff))
    );
}

#[test]
fn defaults_are_the_values_the_example_documents() {
    let fetch = FetchConfig::default();
    assert_eq!(fetch.concurrency, 8);
    assert_eq!(fetch.per_host, 2);
    assert_eq!(fetch.timeout, Duration::from_secs(30));
    assert_eq!(fetch.connect_timeout, Duration::from_secs(10));
    assert_eq!(fetch.max_bytes, 10 * 1024 * 1024);
    assert_eq!(fetch.refresh, Duration::from_secs(30 * 60));
    assert_eq!(
        fetch.user_agent,
        format!(
            "ainews-tui/{} (+https://github.com/ainews-tui/ainews-tui)",
            env!("CARGO_PKG_VERSION")
        )
    );
    let storage = StorageConfig::default();
    assert_eq!(storage.max_age, Duration::from_secs(90 * 24 * 3600));
    assert_eq!(storage.max_per_feed, 1000);
}

#[test]
fn an_example_that_leaves_a_default_out_is_named() {
    let example = DEFAULT_CONFIG.replace("# per_host = 2", "# per_hots = 2");
    let err = super::read_example_defaults(&example).unwrap_err();
    assert!(err.contains("[fetch] does not give `per_host`"), "{err}");
    let err = super::read_example_defaults("# nothing here\n").unwrap_err();
    assert_eq!(err, "no commented [fetch] block");
}

// --- valid configs ------------------------------------------------------------------------

#[test]
fn empty_text_is_a_config_without_feeds() {
    assert_eq!(parse("").unwrap(), Config::default());
    assert_eq!(parse("# only a comment\n").unwrap(), Config::default());
    assert_eq!(
        load_file(&fixture("empty.toml")).unwrap(),
        Config::default()
    );
}

#[test]
fn feeds_only_config_gets_every_default() {
    let config = load_file(&fixture("valid_minimal.toml")).unwrap();
    assert_eq!(config.feeds.len(), 2);
    let feed = &config.feeds[0];
    assert_eq!(feed.url, "https://technode.com/feed/");
    assert_eq!(feed.name, None);
    assert_eq!(feed.refresh, None);
    assert!(feed.tags.is_empty());
    assert!(feed.enabled);
    assert!(!feed.full_text, "no page is fetched unless the feed asks");
    assert_eq!(config.fetch, FetchConfig::default());
    assert_eq!(config.storage, StorageConfig::default());
    assert_eq!(config.refresh_of(feed), Duration::from_secs(30 * 60));
    assert!(config.fetch.user_agent.starts_with("ainews-tui/"));
}

#[test]
fn every_key_is_read() {
    let path = fixture("valid_full.toml");
    let config = load_file(&path).unwrap();
    let infoq = &config.feeds[0];
    assert_eq!(infoq.name.as_deref(), Some("InfoQ 中文"));
    assert_eq!(infoq.refresh, Some(Duration::from_secs(5400)));
    assert_eq!(infoq.tags, ["china", "zh"]);
    assert!(infoq.full_text);
    assert!(!config.feeds[1].full_text);
    let fetch = &config.fetch;
    assert_eq!((fetch.concurrency, fetch.per_host), (4, 1));
    assert_eq!(fetch.timeout, Duration::from_secs(20));
    assert_eq!(fetch.connect_timeout, Duration::from_secs(5));
    assert_eq!(fetch.max_bytes, 512_000);
    assert_eq!(fetch.user_agent, "test-agent/1.0");
    assert_eq!(fetch.refresh, Duration::from_secs(7200));
    assert!(!config.feeds[2].enabled);
    // Relative paths are relative to the fixture's directory.
    assert_eq!(
        Path::new(&config.feeds[1].url),
        path.parent().unwrap().join("feeds/local.xml")
    );
}

#[test]
fn terms_may_be_strings_or_tables() {
    let config = load_file(&fixture("valid_full.toml")).unwrap();
    let topics = &config.topics;
    assert!(!topics.replace_defaults);
    assert_eq!(
        topics.us,
        [
            TermSpec {
                term: "Anthropic".into(),
                case_sensitive: None,
                weight: None
            },
            TermSpec {
                term: "NIST".into(),
                case_sensitive: Some(true),
                weight: None
            },
        ]
    );
    assert_eq!(topics.china[0].weight, Some(2.0));
    assert_eq!(topics.china[0].case_sensitive, Some(true));
    // An integer weight is accepted as a number.
    assert_eq!(topics.both[0].weight, Some(3.0));
    assert_eq!(topics.term_count(), 4);
}

#[test]
fn local_paths_resolve_relative_to_the_config_directory() {
    let config = parse(
        "[[feeds]]\nurl = \"feeds/a.xml\"\n\
         [[feeds]]\nurl = \"file://feeds/b.xml\"\n\
         [[feeds]]\nurl = \"~/c.xml\"\n\
         [[feeds]]\nurl = \"file://~/d.xml\"\n",
    )
    .unwrap();
    let paths: Vec<PathBuf> = config.feeds.iter().map(|f| PathBuf::from(&f.url)).collect();
    assert_eq!(
        paths,
        [
            Path::new(BASE).join("feeds/a.xml"),
            Path::new(BASE).join("feeds/b.xml"),
            Path::new(HOME).join("c.xml"),
            Path::new(HOME).join("d.xml"),
        ]
    );
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let config = parse("\u{FEFF}[[feeds]]\nurl = \"https://technode.com/feed/\"\n").unwrap();
    assert_eq!(config.feeds.len(), 1);
}

#[test]
fn max_bytes_takes_integers_and_sizes() {
    let bytes = |value: &str| {
        parse(&format!("[fetch]\nmax_bytes = {value}\n"))
            .unwrap()
            .fetch
            .max_bytes
    };
    assert_eq!(bytes("1048576"), 1_048_576);
    assert_eq!(bytes("\"10MiB\""), 10 * 1024 * 1024);
    assert_eq!(bytes("\"512KB\""), 512_000);
}

// --- located errors -----------------------------------------------------------------------

#[test]
fn unknown_key_is_located_and_gets_a_suggestion() {
    let path = fixture("unknown_key.toml");
    let problems = fixture_problems("unknown_key.toml");
    assert_eq!(problems.len(), 1);
    let problem = &problems[0];
    assert_eq!(problem.origin, path.display().to_string());
    assert_eq!((problem.line, problem.column), (12, 1));
    assert_eq!(
        problem.message,
        "unknown key `refrsh` in [[feeds]] #3; did you mean `refresh`? \
         valid keys: url, name, refresh, tags, enabled, full_text"
    );
    assert!(
        problem
            .to_string()
            .ends_with("12 | refrsh = \"15m\"\n   | ^^^^^^"),
        "{problem}"
    );
}

#[test]
fn unknown_keys_without_a_close_match_list_the_valid_ones() {
    let problem = only_problem("[fetch]\ncolour = \"red\"\n");
    assert_eq!((problem.line, problem.column), (2, 1));
    assert_eq!(
        problem.message,
        "unknown key `colour` in [fetch]; valid keys: concurrency, per_host, timeout, \
         connect_timeout, max_bytes, user_agent, refresh"
    );
}

#[test]
fn misspelt_sections_are_unknown_top_level_keys() {
    let problem = only_problem("[[feed]]\nurl = \"https://technode.com/feed/\"\n");
    assert_eq!((problem.line, problem.column), (1, 3));
    assert!(
        problem.message.contains("did you mean `feeds`?"),
        "{}",
        problem.message
    );
    let problem = only_problem("[topics]\nus = []\n[topics.extra]\n");
    assert_eq!((problem.line, problem.column), (3, 9));
    assert!(
        problem
            .message
            .starts_with("unknown key `extra` in [topics]")
    );
}

#[test]
fn wrong_type_is_located_at_the_value() {
    let problems = fixture_problems("wrong_type.toml");
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].line, problems[0].column), (3, 11));
    assert_eq!(
        problems[0].message,
        "`enabled` in [[feeds]] #1 must be true or false, not a string; \
         for example `enabled = false`"
    );
    let problem = only_problem("[fetch]\nconcurrency = \"4\"\n");
    assert_eq!((problem.line, problem.column), (2, 15));
    assert!(
        problem.message.ends_with("remove the quotes: `4`"),
        "{}",
        problem.message
    );
    let problem = only_problem("feeds = \"https://technode.com/feed/\"\n");
    assert!(
        problem.message.contains("must be an array"),
        "{}",
        problem.message
    );
}

#[test]
fn full_text_must_be_a_boolean() {
    let problem =
        only_problem("[[feeds]]\nurl = \"https://technode.com/feed/\"\nfull_text = \"yes\"\n");
    assert_eq!((problem.line, problem.column), (3, 13));
    assert_eq!(
        problem.message,
        "`full_text` in [[feeds]] #1 must be true or false, not a string; \
         for example `full_text = true`"
    );
    let problem = only_problem("[[feeds]]\nurl = \"https://technode.com/feed/\"\nfull_text = 1\n");
    assert_eq!((problem.line, problem.column), (3, 13));
    assert!(
        problem
            .message
            .starts_with("`full_text` in [[feeds]] #1 must be true or false"),
        "{}",
        problem.message
    );
    let problem =
        only_problem("[[feeds]]\nurl = \"https://technode.com/feed/\"\nfulltext = true\n");
    assert_eq!((problem.line, problem.column), (3, 1));
    assert!(
        problem.message.contains("did you mean `full_text`?"),
        "{}",
        problem.message
    );
}

#[test]
fn bad_duration_is_located_at_the_value() {
    let problems = fixture_problems("bad_duration.toml");
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].line, problems[0].column), (3, 11));
    assert!(
        problems[0]
            .message
            .starts_with("bad duration for `refresh` in [[feeds]] #1: `fast` is not a duration"),
        "{}",
        problems[0].message
    );
    let problem = only_problem("[fetch]\nrefresh = 900\n");
    assert!(
        problem.message.contains("write \"900s\""),
        "{}",
        problem.message
    );
}

#[test]
fn zero_timeouts_and_sizes_are_refused() {
    let problems = fixture_problems("several_errors.toml");
    let summary: Vec<(usize, usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column, p.message.as_str()))
        .collect();
    assert_eq!(summary.len(), 4, "{summary:#?}");
    assert_eq!((summary[0].0, summary[0].1), (1, 1));
    assert!(summary[0].2.starts_with("[[feeds]] #1 has no `url`"));
    assert_eq!((summary[1].0, summary[1].1), (5, 11));
    assert!(
        summary[1]
            .2
            .contains("longer than zero, written as a string"),
        "{}",
        summary[1].2
    );
    assert_eq!((summary[2].0, summary[2].1), (6, 13));
    assert!(summary[2].2.contains("more than 0"), "{}", summary[2].2);
    assert_eq!((summary[3].0, summary[3].1), (7, 1));
    assert!(summary[3].2.contains("did you mean `user_agent`?"));
    let problem = only_problem("[fetch]\nconnect_timeout = \"0s\"\n");
    assert!(problem.message.contains("is zero"), "{}", problem.message);
    let problem = only_problem("[fetch]\nmax_bytes = \"0MiB\"\n");
    assert!(
        problem.message.contains("zero bytes"),
        "{}",
        problem.message
    );
}

#[test]
fn bad_scheme_is_located_at_the_url() {
    let problems = fixture_problems("bad_scheme.toml");
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].line, problems[0].column), (6, 7));
    assert!(
        problems[0]
            .message
            .starts_with("bad `url` in [[feeds]] #2: unsupported scheme `javascript:`"),
        "{}",
        problems[0].message
    );
    for url in ["ftp://example.com/rss", "|curl example.com", "exec:ls"] {
        let problem = only_problem(&format!("[[feeds]]\nurl = \"{url}\"\n"));
        assert_eq!((problem.line, problem.column), (2, 7), "{url}");
    }
}

#[test]
fn empty_url_is_refused() {
    let problem = only_problem("[[feeds]]\nurl = \"  \"\n");
    assert_eq!((problem.line, problem.column), (2, 7));
    assert!(problem.message.contains("the feed URL is empty"));
}

#[test]
fn duplicate_url_points_at_the_second_one() {
    let problems = fixture_problems("duplicate_url.toml");
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].line, problems[0].column), (9, 7));
    assert_eq!(
        problems[0].message,
        "duplicate feed URL `https://WWW.36kr.com/feed` in [[feeds]] #3: [[feeds]] #1 already \
         reads it; remove one of the two"
    );
    // The same local file written two ways is a duplicate too.
    let problem = only_problem("[[feeds]]\nurl = \"a.xml\"\n[[feeds]]\nurl = \"file://a.xml\"\n");
    assert_eq!(problem.line, 4);
}

#[test]
fn zero_concurrency_is_located_at_the_value() {
    let problems = fixture_problems("zero_concurrency.toml");
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].line, problems[0].column), (3, 15));
    assert!(
        problems[0]
            .message
            .starts_with("`concurrency` in [fetch] is 0 but must be at least 1"),
        "{}",
        problems[0].message
    );
    let problem = only_problem("[fetch]\nper_host = 0\n");
    assert!(problem.message.starts_with("`per_host` in [fetch] is 0"));
}

#[test]
fn storage_section_is_read() {
    let config = parse("[storage]\nmax_age = \"30d\"\nmax_per_feed = 250\n").unwrap();
    assert_eq!(
        config.storage,
        StorageConfig {
            max_age: Duration::from_secs(30 * 24 * 3600),
            max_per_feed: 250,
        }
    );
    let defaults = StorageConfig::default();
    assert_eq!(defaults.max_age, Duration::from_secs(90 * 24 * 3600));
    assert_eq!(defaults.max_per_feed, 1000);
}

#[test]
fn unknown_storage_key_gets_a_suggestion() {
    let problem = only_problem("[storage]\nmax_age = \"90d\"\nmax_per_fed = 10\n");
    assert_eq!((problem.line, problem.column), (3, 1));
    assert_eq!(
        problem.message,
        "unknown key `max_per_fed` in [storage]; did you mean `max_per_feed`? \
         valid keys: max_age, max_per_feed"
    );
}

#[test]
fn bad_storage_values_are_located_at_the_value() {
    let problem = only_problem("[storage]\nmax_per_feed = 0\n");
    assert_eq!((problem.line, problem.column), (2, 16));
    assert!(
        problem
            .message
            .starts_with("`max_per_feed` in [storage] is 0 but must be at least 1"),
        "{}",
        problem.message
    );
    let problem = only_problem("[storage]\nmax_per_feed = \"500\"\n");
    assert!(
        problem.message.contains("remove the quotes"),
        "{}",
        problem.message
    );
    let problem = only_problem("[storage]\nmax_age = \"90x\"\n");
    assert_eq!((problem.line, problem.column), (2, 11));
    assert!(
        problem
            .message
            .starts_with("bad duration for `max_age` in [storage]"),
        "{}",
        problem.message
    );
    let problem = only_problem("[storage]\nmax_age = \"0d\"\n");
    assert!(problem.message.contains("is zero"), "{}", problem.message);
    let problem = only_problem("storage = 5\n");
    assert!(
        problem.message.starts_with("`storage` must be a table"),
        "{}",
        problem.message
    );
}

#[test]
fn empty_term_is_located_at_the_term() {
    let problems = fixture_problems("empty_term.toml");
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].line, problems[0].column), (3, 22));
    assert!(
        problems[0]
            .message
            .starts_with("term #2 of [topics] china is empty"),
        "{}",
        problems[0].message
    );
    let problem = only_problem("[topics]\nboth = [{ term = \"\" }]\n");
    assert_eq!((problem.line, problem.column), (2, 18));
    let problem = only_problem("[topics]\nus = [{ weight = 2.0 }]\n");
    assert!(
        problem.message.contains("has no `term`"),
        "{}",
        problem.message
    );
    let problem = only_problem("[topics]\nus = [{ term = \"x\", weight = -1 }]\n");
    assert!(
        problem.message.contains("greater than 0"),
        "{}",
        problem.message
    );
    let problem = only_problem("[topics]\nus = [{ term = \"x\", wieght = 2 }]\n");
    assert!(problem.message.contains("did you mean `weight`?"));
}

#[test]
fn syntax_errors_are_located() {
    let problems = fixture_problems("syntax_error.toml");
    assert!(!problems.is_empty());
    assert_eq!((problems[0].line, problems[0].column), (2, 7));
    assert!(
        problems[0].message.starts_with("invalid TOML:"),
        "{}",
        problems[0].message
    );
    let problem = only_problem("[fetch]\nconcurrency = 1\nconcurrency = 2\n");
    assert_eq!((problem.line, problem.column), (3, 1));
    assert!(problem.message.starts_with("duplicate key `concurrency`"));
}

#[test]
fn a_single_bracket_feeds_table_gets_advice() {
    let problem = only_problem("[feeds]\nurl = \"https://technode.com/feed/\"\n");
    assert_eq!(problem.line, 1);
    assert!(problem.message.contains("`[[feeds]]` (double brackets)"));
}

#[test]
fn user_agent_must_be_a_header_value() {
    let problem = only_problem("[fetch]\nuser_agent = \"bot\\r\\nX-Evil: 1\"\n");
    assert!(
        problem.message.contains("printable ASCII"),
        "{}",
        problem.message
    );
}

#[test]
fn display_names_the_file_line_and_column() {
    let error = load_file(&fixture("bad_duration.toml")).unwrap_err();
    let shown = error.to_string();
    let expected_start = format!(
        "{}:3:11: bad duration",
        fixture("bad_duration.toml").display()
    );
    assert!(shown.starts_with(&expected_start), "{shown}");
    assert!(
        shown.contains("3 | refresh = \"fast\"\n  |           ^^^^^^"),
        "{shown}"
    );
}

#[test]
fn watchlist_terms_are_read_and_an_empty_one_is_located() {
    let config = parse("watchlist = [\"DeepSeek\", \" H20 \"]\n").unwrap();
    assert_eq!(config.watchlist, ["DeepSeek", "H20"]);
    let problem = only_problem("watchlist = [\"DeepSeek\", \"  \"]\n");
    assert_eq!((problem.line, problem.column), (1, 26));
    assert!(
        problem.message.contains("term #2 of `watchlist`"),
        "{}",
        problem.message
    );
    let problem = only_problem("watchlist = \"DeepSeek\"\n");
    assert!(
        problem.message.contains("`watchlist`"),
        "{}",
        problem.message
    );
}

#[test]
fn alerts_are_an_argument_list_and_a_bell() {
    let config = parse(
        "notify_command = [\"notify-send\", \"{source}\", \"{title}\"]\nnotify_bell = true\n",
    )
    .unwrap();
    assert_eq!(
        config.alerts,
        super::alerts::AlertsConfig {
            command: ["notify-send", "{source}", "{title}"]
                .map(String::from)
                .to_vec(),
            bell: true,
        }
    );
    assert!(!parse("").unwrap().alerts.is_on(), "off by default");
}

#[test]
fn a_shell_line_for_notify_command_is_refused_with_the_list_to_write() {
    let problem = only_problem("notify_command = \"notify-send {title}\"\n");
    assert_eq!((problem.line, problem.column), (1, 18));
    assert_eq!(
        problem.message,
        "`notify_command` must be a list of arguments (it is run directly, never through a \
         shell): write `notify_command = [\"notify-send\", \"{title}\"]`"
    );
}

#[test]
fn an_unknown_placeholder_gets_a_suggestion() {
    let problem = only_problem("notify_command = [\"notify-send\", \"{titel}\"]\n");
    assert_eq!((problem.line, problem.column), (1, 34));
    assert_eq!(
        problem.message,
        "unknown placeholder `{titel}` in argument #2 of `notify_command`; did you mean \
         `{title}`? known: {title} {source} {link} {topic} {view}"
    );
    let problem = only_problem("notify_command = []\n");
    assert!(
        problem.message.starts_with("`notify_command` is empty"),
        "{}",
        problem.message
    );
    let problem = only_problem("notify_bell = \"yes\"\n");
    assert!(
        problem
            .message
            .starts_with("`notify_bell` must be true or false"),
        "{}",
        problem.message
    );
}

#[test]
fn views_and_hide_rules_are_read_with_their_queries_checked() {
    let config = parse(
        "watchlist = [\"DeepSeek\"]\n\
         [[feeds]]\nurl = \"https://a.example/feed\"\ntags = [\"chips\"]\n\
         [[views]]\nname = \"Chips\"\nquery = \"tag:chips OR 芯片\"\nnotify = true\n\
         [[views]]\nname = \"Labs\"\nquery = \"watch:deepseek -is:read\"\n\
         [[hide]]\nquery = \"source:tabloid\"\n",
    )
    .unwrap();
    assert_eq!(
        config.views,
        vec![
            super::ViewConfig {
                name: "Chips".into(),
                query: "tag:chips OR 芯片".into(),
                notify: true
            },
            super::ViewConfig {
                name: "Labs".into(),
                query: "watch:deepseek -is:read".into(),
                notify: false
            },
        ]
    );
    assert_eq!(
        config.hide,
        vec![super::HideRule {
            query: "source:tabloid".into()
        }]
    );
    let built_in = Config::built_in();
    assert_eq!(built_in.views.len(), 3, "the example has three views");
}

#[test]
fn a_bad_view_query_is_located_at_its_character() {
    let problem = only_problem("[[views]]\nname = \"Chips\"\nquery = \"nvidia topci:china\"\n");
    assert_eq!((problem.line, problem.column), (3, 17));
    assert!(
        problem.message.starts_with(
            "bad `query` in [[views]] #1: column 8: unknown field `topci:` (did you mean `topic:`?)"
        ),
        "{}",
        problem.message
    );
    let problem = only_problem("[[hide]]\nquery = \"tag:nope\"\n");
    assert_eq!((problem.line, problem.column), (2, 14));
    assert_eq!(
        problem.message,
        "bad `query` in [[hide]] #1: column 5: no feed in the config has tags; add \
         `tags = [\"policy\"]` to a feed's entry"
    );
    let problem = only_problem(
        "[[views]]\nname = \"A\"\nquery = \"x\"\n[[views]]\nname = \"a\"\nquery = \"y\"\n",
    );
    assert_eq!(
        problem.message,
        "[[views]] #1 is already named \"a\"; give each view its own name"
    );
    let problem = only_problem("[[views]]\nname = \"A\"\n");
    assert_eq!(
        problem.message,
        "[[views]] #1 has no `query`; add one like `query = \"nvidia OR huawei\"`"
    );
}

#[test]
fn the_mouse_is_captured_unless_turned_off() {
    assert!(parse("").unwrap().mouse);
    assert!(!parse("mouse = false\n").unwrap().mouse);
    let problem = only_problem("mouse = \"no\"\n");
    assert!(
        problem.message.starts_with("`mouse` must be true or false"),
        "{}",
        problem.message
    );
}

#[test]
fn browser_is_an_argument_list_with_the_url() {
    let config = parse("browser = [\"firefox\", \"--new-tab\", \"{url}\"]\n").unwrap();
    assert_eq!(config.browser, ["firefox", "--new-tab", "{url}"]);
    assert!(
        parse("").unwrap().browser.is_empty(),
        "the system's opener by default"
    );
    let problem = only_problem("browser = \"firefox {url}\"\n");
    assert_eq!(
        problem.message,
        "`browser` must be a list of arguments (it is run directly, never through a shell): \
         write `browser = [\"firefox\", \"{url}\"]`"
    );
    let problem = only_problem("browser = [\"firefox\"]\n");
    assert!(
        problem
            .message
            .starts_with("`browser` does not say where the link goes: add \"{url}\""),
        "{}",
        problem.message
    );
}
