//! Parser and evaluation tests of the query language: every field, negation, OR,
//! parentheses and precedence, errors with their columns and suggestions, and matching
//! over a few articles.

use super::*;
use crate::model::{FeedId, Topic, UnixTime};

/// The query as the parser understood it, written back canonically.
fn canonical(text: &str) -> String {
    parse(text)
        .unwrap_or_else(|err| panic!("{text}: {err}"))
        .to_string()
}

/// The error's column and message.
fn error(text: &str) -> (usize, String) {
    let err = parse(text).expect_err(text);
    (err.column, err.kind.to_string())
}

fn term(text: &str) -> Term {
    match parse(text).expect(text).root {
        Node::Term(term, _) => term,
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn every_field_parses_to_its_term() {
    assert_eq!(term("topic:china"), Term::Topic(Topic::China));
    assert_eq!(term("topic:US"), Term::Topic(Topic::Us));
    assert_eq!(term("topic:both"), Term::Topic(Topic::Both));
    assert_eq!(term("topic:other"), Term::Topic(Topic::Other));
    assert_eq!(term("source:Reuters"), Term::Source("Reuters".into()));
    assert_eq!(
        term("source:\"South  China\""),
        Term::Source("South China".into())
    );
    assert_eq!(term("tag:policy"), Term::Tag("policy".into()));
    assert_eq!(term("watch:any"), Term::Watch(Watch::Any));
    assert_eq!(
        term("watch:DeepSeek"),
        Term::Watch(Watch::Term("DeepSeek".into()))
    );
    assert_eq!(
        term("watch:\"export controls\""),
        Term::Watch(Watch::Term("export controls".into()))
    );
    assert_eq!(term("is:unread"), Term::Is(Flag::Unread));
    assert_eq!(term("is:read"), Term::Is(Flag::Read));
    assert_eq!(term("is:starred"), Term::Is(Flag::Starred));
    assert_eq!(term("has:fulltext"), Term::HasFullText);
    assert_eq!(
        term("since:24h"),
        Term::Since(When::Ago {
            amount: 24,
            unit: TimeUnit::Hours
        })
    );
    assert_eq!(
        term("since:7d"),
        Term::Since(When::Ago {
            amount: 7,
            unit: TimeUnit::Days
        })
    );
    assert_eq!(term("since:1970-01-02"), Term::Since(When::Day(86_400)));
    assert_eq!(
        term("before:2w"),
        Term::Before(When::Ago {
            amount: 2,
            unit: TimeUnit::Weeks
        })
    );
    assert_eq!(
        term("before:1970-01-01T00:01:00Z"),
        Term::Before(When::At(60))
    );
    assert_eq!(
        term("TOPIC:China"),
        Term::Topic(Topic::China),
        "names ignore case"
    );
    assert_eq!(term("华为"), Term::Word("华为".into()));
    assert_eq!(
        term("\"export controls\""),
        Term::Phrase("export controls".into())
    );
}

#[test]
fn side_by_side_is_and_and_or_binds_tighter() {
    assert_eq!(
        canonical("nvidia OR huawei topic:china"),
        "nvidia OR huawei topic:china"
    );
    let query = parse("nvidia OR huawei topic:china").unwrap();
    let Node::And(children) = &query.root else {
        panic!("{query:?}")
    };
    assert!(matches!(&children[0], Node::Or(alternatives) if alternatives.len() == 2));
    assert!(matches!(
        &children[1],
        Node::Term(Term::Topic(Topic::China), _)
    ));
    assert_eq!(canonical("a OR b OR c"), "a OR b OR c");
    assert_eq!(canonical("(a b) OR c"), "(a b) OR c");
    assert_eq!(canonical("a (b OR c)"), "a b OR c");
    assert_eq!(canonical("((a))"), "a");
    assert_eq!(canonical("a or b"), "a or b", "lower-case or is a word");
}

#[test]
fn minus_negates_a_term_or_a_group() {
    assert_eq!(
        parse("-huawei").unwrap().root,
        Node::Not(Box::new(Node::Term(
            Term::Word("huawei".into()),
            Span::new(1, 7)
        )))
    );
    assert_eq!(canonical("-is:read -(a OR b)"), "-is:read -(a OR b)");
    assert_eq!(canonical("-(a b)"), "-(a b)");
    assert_eq!(canonical("--a"), "a", "a double negation cancels out");
    assert_eq!(canonical("-a OR b"), "-a OR b");
    assert_eq!(canonical("state-of-the-art"), "state-of-the-art");
}

#[test]
fn spellings_are_made_canonical() {
    assert_eq!(
        canonical("  topic:CN   Since:24h  has:full-text is:READ  "),
        "topic:china since:24h has:fulltext is:read"
    );
    assert_eq!(canonical("\"  export   controls \""), "\"export controls\"");
    assert_eq!(canonical("source:\"SCMP\""), "source:SCMP");
    assert_eq!(canonical(""), "");
    assert_eq!(canonical("   "), "");
}

#[test]
fn plain_words_are_told_apart() {
    for plain in ["", "huawei", "huawei ascend", "华为 芯片", "u.s. chips"] {
        assert!(parse(plain).unwrap().is_plain(), "{plain}");
    }
    for not_plain in [
        "\"huawei\"",
        "-huawei",
        "a OR b",
        "(a b)",
        "topic:china",
        "huawei is:unread",
    ] {
        assert!(!parse(not_plain).unwrap().is_plain(), "{not_plain}");
    }
}

#[test]
fn what_a_query_needs_is_told() {
    let query = parse("topic:china watch:any").unwrap();
    assert!(!query.uses_text() && query.uses_watchlist() && !query.uses_full_text());
    let query = parse("-(\"a b\" OR has:fulltext)").unwrap();
    assert!(query.uses_text() && !query.uses_watchlist() && query.uses_full_text());
}

#[test]
fn syntax_errors_point_at_their_column() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "nvidia \"export controls",
            8,
            "this quote is never closed: add a `\"` after the phrase",
        ),
        (
            "a \"\" b",
            3,
            "empty quotes: put a word or phrase between them",
        ),
        (
            "a \"  \"",
            3,
            "empty quotes: put a word or phrase between them",
        ),
        ("(a OR b", 1, "this `(` is never closed: add a `)`"),
        ("a (b (c)", 3, "this `(` is never closed: add a `)`"),
        ("a b)", 4, "this `)` has no `(` before it"),
        (")", 1, "this `)` has no `(` before it"),
        ("a ()", 3, "empty parentheses: put a term between them"),
        (
            "OR a",
            1,
            "`OR` needs a term before it, as in `nvidia OR huawei`",
        ),
        (
            "(OR a)",
            2,
            "`OR` needs a term before it, as in `nvidia OR huawei`",
        ),
        (
            "a OR",
            3,
            "`OR` needs a term after it, as in `nvidia OR huawei`",
        ),
        (
            "a OR OR b",
            3,
            "`OR` needs a term after it, as in `nvidia OR huawei`",
        ),
        (
            "(a OR) b",
            4,
            "`OR` needs a term after it, as in `nvidia OR huawei`",
        ),
        (
            "nvidia - huawei",
            8,
            "`-` needs a term right after it: `-huawei` leaves out articles that name huawei",
        ),
        (
            "a -",
            3,
            "`-` needs a term right after it: `-huawei` leaves out articles that name huawei",
        ),
        (
            "(a -)",
            4,
            "`-` needs a term right after it: `-huawei` leaves out articles that name huawei",
        ),
        (
            "a -OR b",
            3,
            "`-` needs a term right after it: `-huawei` leaves out articles that name huawei",
        ),
        (
            "nvidia AND huawei",
            8,
            "`AND` is not needed: terms side by side must all match (`nvidia huawei`); to \
             search for the word, write it in lower case",
        ),
        (
            "NOT huawei",
            1,
            "`NOT` is written `-`: `-huawei` leaves out articles that name huawei; to search \
             for the word, write it in lower case",
        ),
    ];
    for (text, column, message) in cases {
        assert_eq!(error(text), (*column, (*message).to_owned()), "{text}");
    }
}

#[test]
fn unknown_fields_and_values_get_a_suggestion() {
    let fields = "fields are topic, source, tag, watch, is, since, before, has; to search for \
                  the text itself, put it in quotes";
    assert_eq!(
        error("nvidia topci:china"),
        (
            8,
            format!("unknown field `topci:` (did you mean `topic:`?); {fields}")
        )
    );
    assert_eq!(
        error("https://example.com"),
        (1, format!("unknown field `https:`; {fields}"))
    );
    assert_eq!(
        error("topic:chna"),
        (
            7,
            "unknown topic `chna` (did you mean `china`?); use one of us, china, both, other"
                .to_owned()
        )
    );
    assert_eq!(
        error("is:stared"),
        (
            4,
            "unknown is `stared` (did you mean `starred`?); use one of unread, read, starred"
                .to_owned()
        )
    );
    assert_eq!(
        error("has:body"),
        (5, "unknown has `body`; use fulltext".to_owned())
    );
    assert_eq!(
        error("a topic:"),
        (
            3,
            "`topic:` needs a value: one of us, china, both, other".to_owned()
        )
    );
    assert_eq!(
        error("source:\"\""),
        (
            1,
            "`source:` needs a value: a part of a feed's name, such as `source:reuters`".to_owned()
        )
    );
    assert_eq!(
        error("since:yesterday"),
        (
            7,
            "`since:yesterday` is not a time; write a period back from now (30m, 24h, 7d, \
             2w) or a date (2026-11-01, or RFC 3339 such as 2026-11-01T09:00:00Z)"
                .to_owned()
        )
    );
    assert_eq!(error("华为 before:0d").0, 11, "columns count characters");
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{}a{}", "(".repeat(40), ")".repeat(40));
    assert_eq!(
        error(&deep),
        (33, "parentheses nested more than 32 deep".to_owned())
    );
    let fine = format!("{}a{}", "(".repeat(32), ")".repeat(32));
    assert_eq!(canonical(&fine), "a");
    let minus = format!("{}a", "-".repeat(100_001));
    assert_eq!(canonical(&minus), "-a");
}

#[test]
fn a_report_shows_the_query_a_caret_and_the_message() {
    let text = "华为 topic:chna";
    let err = parse(text).unwrap_err();
    assert_eq!(
        err.report(text).to_string(),
        "华为 topic:chna\n           ^^^^\n\
         column 10: unknown topic `chna` (did you mean `china`?); use one of us, china, both, \
         other"
    );
    let text = "a\tb \"c";
    let err = parse(text).unwrap_err();
    assert_eq!(
        err.report(text).to_string(),
        "a b \"c\n    ^\ncolumn 5: this quote is never closed: add a `\"` after the phrase"
    );
    assert_eq!(err.caret(text), (4, 1));
}

/// An article for evaluation tests, its text normalized as callers keep it.
#[derive(Default)]
struct Item {
    key: String,
    text: Option<String>,
    feed: u32,
    topic: Topic,
    read: bool,
    starred: bool,
    when: UnixTime,
    watch: Vec<u16>,
    full_text: bool,
}

impl Item {
    fn new(title: &str, source: &str) -> Item {
        Item {
            key: search_key(title, source),
            ..Item::default()
        }
    }
}

impl Subject for Item {
    fn search_key(&self) -> &str {
        &self.key
    }
    fn text_key(&self) -> Option<&str> {
        self.text.as_deref()
    }
    fn feed(&self) -> FeedId {
        FeedId(self.feed)
    }
    fn topic(&self) -> Topic {
        self.topic
    }
    fn read(&self) -> bool {
        self.read
    }
    fn starred(&self) -> bool {
        self.starred
    }
    fn when(&self) -> UnixTime {
        self.when
    }
    fn watch_hits(&self) -> &[u16] {
        &self.watch
    }
    fn has_full_text(&self) -> bool {
        self.full_text
    }
}

const NOW: UnixTime = 1_800_000_000;

fn vocabulary() -> Vocabulary {
    Vocabulary {
        watchlist: vec![
            "DeepSeek".into(),
            "export controls".into(),
            "deepseek".into(),
        ],
        feed_tags: vec![
            (FeedId(0), vec!["policy".into(), "US".into()]),
            (FeedId(1), vec!["china".into(), "zh".into()]),
            (FeedId(2), vec![]),
        ],
    }
}

/// The articles used by the evaluation tests, named by their index.
fn items() -> Vec<Item> {
    let mut items = vec![
        Item::new("Nvidia H20 sales halted by export controls", "Reuters Tech"),
        Item::new("Huawei ships Ascend 910C chips", "South China Morning Post"),
        Item::new("華為發布新晶片", "新浪科技"),
        Item::new("Artificial intelligence at Intel", "The Verge"),
        Item::new("DeepSeek R2 tops the charts", "36Kr"),
    ];
    items[0].feed = 0;
    items[0].topic = Topic::Both;
    items[0].when = NOW - 3_600;
    items[0].watch = vec![1];
    items[0].read = true;
    items[1].feed = 1;
    items[1].topic = Topic::China;
    items[1].when = NOW - 3 * 86_400;
    items[1].starred = true;
    items[1].text = Some(normalize("Orders from Baidu doubled.").into_owned());
    items[2].feed = 1;
    items[2].topic = Topic::China;
    items[2].when = NOW - 10 * 86_400;
    items[2].full_text = true;
    items[3].feed = 2;
    items[3].topic = Topic::Us;
    items[3].when = NOW - 86_400;
    items[4].feed = 1;
    items[4].topic = Topic::China;
    items[4].when = NOW;
    items[4].watch = vec![0, 2];
    items
}

/// The indexes of the articles the query matches.
fn matching(text: &str) -> Vec<usize> {
    let compiled = Compiled::parse(text, &vocabulary(), NOW).unwrap_or_else(|e| panic!("{e}"));
    items()
        .iter()
        .enumerate()
        .filter(|(_, item)| compiled.matches(*item))
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn words_match_whole_words_in_title_source_and_text() {
    assert_eq!(matching("nvidia"), [0]);
    assert_eq!(matching("NVIDIA h20"), [0]);
    assert_eq!(matching("intel"), [3], "not inside intelligence");
    assert_eq!(matching("reuters"), [0], "the source's name");
    assert_eq!(matching("baidu"), [1], "the text, when there is one");
    assert_eq!(matching("华为"), [2], "traditional spelling folded");
    assert_eq!(matching("晶片"), [2], "Chinese anywhere");
    assert_eq!(matching("\"export controls\""), [0]);
    assert_eq!(matching("\"controls export\""), Vec::<usize>::new());
    assert_eq!(matching("\"sales halted by\""), [0]);
    assert_eq!(
        matching("chip"),
        Vec::<usize>::new(),
        "chips is another word"
    );
    assert_eq!(matching(""), [0, 1, 2, 3, 4]);
}

#[test]
fn fields_match_what_they_name() {
    assert_eq!(matching("topic:china"), [1, 2, 4]);
    assert_eq!(matching("topic:both"), [0]);
    assert_eq!(matching("source:morning"), [1]);
    assert_eq!(matching("source:\"china morning\""), [1]);
    assert_eq!(matching("source:ter"), [0], "a substring of the name");
    assert_eq!(matching("tag:ZH"), [1, 2, 4]);
    assert_eq!(matching("tag:us"), [0]);
    assert_eq!(matching("watch:any"), [0, 4]);
    assert_eq!(matching("watch:deepseek"), [4]);
    assert_eq!(matching("watch:\"Export Controls\""), [0]);
    assert_eq!(matching("is:read"), [0]);
    assert_eq!(matching("is:unread"), [1, 2, 3, 4]);
    assert_eq!(matching("is:starred"), [1]);
    assert_eq!(matching("has:fulltext"), [2]);
    assert_eq!(matching("since:24h"), [0, 3, 4], "at or after");
    assert_eq!(matching("since:2h"), [0, 4]);
    assert_eq!(matching("before:24h"), [1, 2]);
    assert_eq!(matching("before:1w"), [2]);
}

#[test]
fn operators_combine_as_written() {
    assert_eq!(matching("nvidia OR huawei topic:china"), [1]);
    assert_eq!(matching("nvidia OR (huawei topic:china)"), [0, 1]);
    assert_eq!(matching("topic:china -is:starred"), [2, 4]);
    assert_eq!(matching("-(topic:china OR topic:us)"), [0]);
    assert_eq!(matching("--topic:us"), [3]);
    assert_eq!(matching("tag:zh -华为 since:7d"), [1, 4]);
}

#[test]
fn tags_and_watch_terms_are_checked_against_the_config() {
    let compile = |text: &str, vocabulary: &Vocabulary| {
        Compiled::parse(text, vocabulary, NOW)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        compile("a tag:polcy", &vocabulary()),
        Err(
            "column 7: unknown tag `polcy` (did you mean `policy`?); use a tag of a feed: china, \
             policy, us, zh"
                .to_owned()
        )
    );
    assert_eq!(
        compile("watch:deepsek", &vocabulary()),
        Err(
            "column 7: unknown watchlist term `deepsek` (did you mean `DeepSeek`?); use `any` \
             or one of DeepSeek, export controls, deepseek"
                .to_owned()
        )
    );
    let empty = Vocabulary::default();
    assert_eq!(
        compile("tag:x", &empty),
        Err(
            "column 5: no feed in the config has tags; add `tags = [\"policy\"]` to a feed's \
             entry"
                .to_owned()
        )
    );
    assert_eq!(
        compile("watch:x", &empty),
        Err(
            "column 7: the watchlist is empty; add terms with `watchlist = [\"DeepSeek\"]` in \
             the config"
                .to_owned()
        )
    );
    assert_eq!(compile("watch:any", &empty), Ok(()));
}

#[test]
fn a_vocabulary_numbers_feeds_in_config_order() {
    let tags = [vec!["policy".to_owned()], vec![], vec!["zh".to_owned()]];
    let vocabulary = Vocabulary::new(&["DeepSeek".to_owned()], tags.iter().map(Vec::as_slice));
    assert_eq!(vocabulary.watchlist, ["DeepSeek"]);
    assert_eq!(
        vocabulary.feed_tags,
        [
            (FeedId(0), vec!["policy".to_owned()]),
            (FeedId(1), vec![]),
            (FeedId(2), vec!["zh".to_owned()])
        ]
    );
}

#[test]
fn relative_times_move_with_now() {
    let mut compiled = Compiled::parse("since:1h", &vocabulary(), NOW).unwrap();
    let item = Item {
        when: NOW - 60,
        ..Item::default()
    };
    assert!(compiled.matches(&item));
    compiled.retime(NOW + 3_600);
    assert!(!compiled.matches(&item));
}

#[test]
fn compiled_queries_know_what_they_are() {
    let plain = Compiled::parse("huawei chips", &vocabulary(), NOW).unwrap();
    assert!(plain.is_plain() && !plain.is_everything());
    let empty = Compiled::parse("  ", &vocabulary(), NOW).unwrap();
    assert!(empty.is_plain() && empty.is_everything());
    assert!(
        !Compiled::parse("-a", &vocabulary(), NOW)
            .unwrap()
            .is_plain()
    );
}
