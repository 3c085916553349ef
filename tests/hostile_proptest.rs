//! Properties over the whole ingest-to-screen path: arbitrary bytes, and feeds full of
//! arbitrary strings with control characters, go through decode, parse, build and a real
//! render into a `TestBackend`. Nothing panics, and no cell ever holds a control, bidi or
//! zero-width character.

mod ui_support;

use ui_support::is_unsafe;

use ainews_tui::app::update::merge_articles;
use ainews_tui::app::{Action, update};
use ainews_tui::config::TopicsConfig;
use ainews_tui::ingest::decode::to_parseable;
use ainews_tui::ingest::parse::parse_feed_at;
use ainews_tui::ingest::pipeline::build_articles;
use ainews_tui::model::{Article, FeedId};
use ainews_tui::topics::classify::Classifier;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ui_support::{NOW, sample_state};

/// Decode, parse, build: `None` when the document is rejected (also fine).
fn pipeline(bytes: &[u8], content_type: Option<&str>) -> Option<Vec<Article>> {
    let decoded = to_parseable(bytes, content_type);
    let parsed = parse_feed_at(&decoded, "https://prop.example.com/feed", NOW).ok()?;
    let classifier = Classifier::new(&TopicsConfig::default()).expect("default rules");
    Some(build_articles(
        FeedId(0),
        "https://prop.example.com/feed",
        parsed,
        &classifier,
        NOW,
    ))
}

/// Draws the dashboard with these articles, the first one selected and previewed, at two
/// sizes, and checks every cell.
fn render_is_clean(articles: Vec<Article>) -> Result<(), TestCaseError> {
    for article in &articles {
        prop_assert!(!article.title.chars().any(is_unsafe), "{:?}", article.title);
        prop_assert!(
            !article.body.chars().any(|c| c != '\n' && is_unsafe(c)),
            "{:?}",
            article.body
        );
    }
    let mut state = sample_state(100, 30);
    merge_articles(&mut state, articles);
    for (width, height) in [(100, 30), (50, 16)] {
        update(&mut state, Action::Resize { width, height }, NOW);
        update(&mut state, Action::Top, NOW);
        for activate in [false, true] {
            if activate {
                update(&mut state, Action::Activate, NOW);
            }
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            terminal
                .draw(|frame| ainews_tui::ui::draw(frame, &state))
                .expect("draw");
            let buffer = terminal.backend().buffer();
            for cell in &buffer.content {
                prop_assert!(
                    !cell.symbol().chars().any(is_unsafe),
                    "cell holds {:?}",
                    cell.symbol()
                );
            }
        }
        update(&mut state, Action::Back, NOW);
    }
    Ok(())
}

/// Text rich in what hostile feeds carry.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        proptest::char::range('\u{0}', '\u{9f}').prop_map(String::from),
        proptest::char::range('\u{200b}', '\u{200f}').prop_map(String::from),
        proptest::char::range('\u{202a}', '\u{202e}').prop_map(String::from),
        proptest::char::range('\u{2060}', '\u{2069}').prop_map(String::from),
        prop::sample::select(vec![
            "\u{1b}[31m",
            "\u{1b}]0;title\u{7}",
            "\u{1b}]8;;https://evil.example\u{1b}\\",
            "\u{1b}]52;c;cm0gLXJm\u{7}",
            "\u{1b}P+q\u{1b}\\",
            "\u{9b}2J",
            "\u{9d}0;x\u{9c}",
            "&#x1b;[2J",
            "&#x9b;",
            "&#27;]0;x&#7;",
            "&amp;#x1b;",
            "&#0;",
            "&nbsp;",
            "&rsquo;",
            "<p>",
            "</p>",
            "<b>",
            "<script>x</script>",
            "<![CDATA[",
            "]]>",
            "<",
            "&",
            "华为昇腾",
            "\u{feff}",
            "\u{ad}",
            "\n",
            "\t",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

/// Text as it might sit inside an XML element: raw (often ill-formed), escaped or in CDATA.
fn xml_field() -> impl Strategy<Value = String> {
    (hostile_text(), 0..3u8).prop_map(|(text, form)| match form {
        0 => text,
        1 => text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
        _ => format!("<![CDATA[{}]]>", text.replace("]]>", "")),
    })
}

fn rss_document() -> impl Strategy<Value = Vec<u8>> {
    (
        xml_field(),
        prop::collection::vec(
            (xml_field(), xml_field(), xml_field(), xml_field(), xml_field()),
            1..4,
        ),
    )
        .prop_map(|(channel_title, items)| {
            let mut doc = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{channel_title}</title>"
            );
            for (title, link, guid, date, body) in items {
                doc.push_str(&format!(
                    "<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>\
                     <pubDate>{date}</pubDate><description>{body}</description></item>"
                ));
            }
            doc.push_str("</channel></rss>");
            doc.into_bytes()
        })
}

fn json_document() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        (
            hostile_text(),
            hostile_text(),
            hostile_text(),
            hostile_text(),
        ),
        1..4,
    )
    .prop_map(|items| {
        let items: Vec<_> = items
            .into_iter()
            .map(|(id, title, url, html)| {
                serde_json::json!({
                    "id": id, "title": title, "url": url, "content_html": html,
                    "date_published": "2024-01-02 10:00:00"
                })
            })
            .collect();
        serde_json::to_vec(&serde_json::json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Prop",
            "items": items,
        }))
        .expect("json")
    })
}

fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        None,
        Some("application/rss+xml"),
        Some("text/xml; charset=gbk"),
        Some("text/xml; charset=big5"),
        Some("text/xml; charset=shift_jis"),
        Some("text/xml; charset=iso-8859-1"),
        Some("text/xml; charset=utf-16"),
        Some("text/html; charset=bogus"),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_or_reach_the_screen(
        prefix in prop::sample::select(vec![
            &b""[..],
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b"<?xml version=\"1.0\" encoding=\"gbk\"?>",
            b"<rss><channel><item><title>",
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>",
            b"{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"title\":\"",
        ]),
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        content_type in content_type(),
    ) {
        let mut input = prefix.to_vec();
        input.extend_from_slice(&bytes);
        if let Some(articles) = pipeline(&input, content_type) {
            render_is_clean(articles)?;
        }
    }

    #[test]
    fn rss_full_of_control_characters_renders_clean(
        doc in rss_document(),
        content_type in content_type(),
    ) {
        if let Some(articles) = pipeline(&doc, content_type) {
            render_is_clean(articles)?;
        }
    }

    #[test]
    fn json_feeds_full_of_control_characters_render_clean(doc in json_document()) {
        // JSON can carry every control character legally, so this one must parse.
        let articles = pipeline(&doc, Some("application/feed+json"));
        prop_assert!(articles.is_some(), "{}", String::from_utf8_lossy(&doc));
        render_is_clean(articles.unwrap_or_default())?;
    }
}
