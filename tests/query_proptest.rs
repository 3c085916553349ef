//! Properties of the query language over arbitrary text and over text built from its own
//! pieces: parsing never panics, an error points inside the text on character boundaries,
//! a parsed query written back parses to the same query (rendering is a fixed point), and
//! a compiled query evaluates without panicking.

use ainews_tui::model::{FeedId, Topic, UnixTime};
use ainews_tui::query::{Compiled, Subject, Vocabulary, normalize, parse, search_key};
use proptest::prelude::*;

/// Pieces a query is made of, valid and not, so that generated text reaches deep into the
/// parser instead of failing at the first character.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("OR".to_owned()),
        Just("AND".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("-".to_owned()),
        Just("\"".to_owned()),
        Just("\"export controls\"".to_owned()),
        Just("topic:china".to_owned()),
        Just("topic:".to_owned()),
        Just("topci:us".to_owned()),
        Just("source:\"South China\"".to_owned()),
        Just("tag:policy".to_owned()),
        Just("watch:any".to_owned()),
        Just("watch:DeepSeek".to_owned()),
        Just("is:unread".to_owned()),
        Just("has:fulltext".to_owned()),
        Just("since:24h".to_owned()),
        Just("before:2026-11-01".to_owned()),
        Just("华为".to_owned()),
        Just("華為".to_owned()),
        "[a-zA-Z0-9]{1,6}",
        "\\PC{1,3}",
        "[ \t\n:\"()\\-]{1,3}",
    ]
}

fn query_text() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), prop_oneof![Just(""), Just(" ")]), 0..12).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(piece, space)| piece + space)
            .collect()
    })
}

fn vocabulary() -> Vocabulary {
    Vocabulary {
        watchlist: vec!["DeepSeek".into(), "华为".into()],
        feed_tags: vec![(FeedId(0), vec!["policy".into()])],
    }
}

struct Item {
    key: String,
    text: String,
}

impl Subject for Item {
    fn search_key(&self) -> &str {
        &self.key
    }
    fn text_key(&self) -> Option<&str> {
        Some(&self.text)
    }
    fn feed(&self) -> FeedId {
        FeedId(0)
    }
    fn topic(&self) -> Topic {
        Topic::China
    }
    fn read(&self) -> bool {
        false
    }
    fn starred(&self) -> bool {
        false
    }
    fn when(&self) -> UnixTime {
        0
    }
    fn watch_hits(&self) -> &[u16] {
        &[1]
    }
    fn has_full_text(&self) -> bool {
        false
    }
}

/// Parsing `text` either gives a query whose rendering is a fixed point, or an error that
/// points inside the text; compiling and evaluating never panic.
fn check(text: &str, title: &str) -> Result<(), TestCaseError> {
    match parse(text) {
        Ok(query) => {
            let rendered = query.to_string();
            let again = parse(&rendered)
                .map_err(|err| TestCaseError::fail(format!("{text:?} -> {rendered:?}: {err}")))?;
            prop_assert_eq!(again.to_string(), rendered.clone(), "{:?}", text);
            prop_assert!(!query.is_plain() || again.is_plain(), "{:?}", text);
            if let Ok(compiled) = Compiled::new(&query, text, &vocabulary(), 1_000) {
                let item = Item {
                    key: search_key(title, text),
                    text: normalize(title).into_owned(),
                };
                let _ = compiled.matches(&item);
            }
        }
        Err(err) => {
            prop_assert!(err.span.start <= err.span.end && err.span.end <= text.len());
            prop_assert!(text.is_char_boundary(err.span.start));
            prop_assert!(text.is_char_boundary(err.span.end));
            prop_assert!(err.column >= 1 && err.column <= text.chars().count() + 1);
            let report = err.report(text).to_string();
            prop_assert_eq!(report.lines().count(), 3, "{}", report);
            prop_assert!(!report.chars().any(|c| c.is_control() && c != '\n'));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_text_parses_or_errors(text in "\\PC{0,40}", title in "\\PC{0,30}") {
        check(&text, &title)?;
    }

    #[test]
    fn any_control_laden_text_parses_or_errors(text in any::<String>()) {
        check(&text, "title")?;
    }

    #[test]
    fn queries_built_from_pieces_parse_or_error(text in query_text(), title in "\\PC{0,30}") {
        check(&text, &title)?;
    }
}
