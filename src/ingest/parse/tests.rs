//! Parsing real-shaped documents: formats, repairs, dates, limits and errors.

use super::*;

const NOW: UnixTime = 1_750_000_000;

#[test]
fn a_panic_inside_the_parser_becomes_an_error() {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result: Result<(), ParseError> = isolated(|| panic!("hostile input"));
    std::panic::set_hook(hook);
    assert_eq!(result, Err(ParseError::Panicked));
    assert!(
        !crate::isolate::is_isolated(),
        "the flag is reset after the panic"
    );
}

#[test]
fn the_contained_flag_is_set_only_inside() {
    assert!(!crate::isolate::is_isolated());
    let inside = isolated(|| Ok(crate::isolate::is_isolated()));
    assert_eq!(inside, Ok(true));
    assert!(!crate::isolate::is_isolated());
}

#[test]
fn missing_guids_stay_missing_and_dates_fall_back() {
    let xml = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
        <item><title>No guid</title><link>https://example.com/a</link>
          <pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate></item>
        <item><guid>g-2</guid><title>Future</title><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>
        </channel></rss>"#;
    let feed = parse_feed_at(xml, "https://example.com/feed", NOW).unwrap();
    assert_eq!(feed.title.as_deref(), Some("T"));
    assert_eq!(feed.entries[0].guid, None);
    assert_eq!(
        feed.entries[0].link.as_deref(),
        Some("https://example.com/a")
    );
    assert_eq!(feed.entries[0].published, Some(1_748_858_400));
    assert_eq!(feed.entries[1].guid.as_deref(), Some("g-2"));
    assert_eq!(
        feed.entries[1].published,
        Some(NOW),
        "future dates are clamped"
    );
}

#[test]
fn atom_prefers_content_and_the_alternate_link() {
    let xml = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>f</id>
        <entry><id>e1</id><title type="html">&lt;b&gt;Bold&lt;/b&gt;</title>
          <link rel="replies" href="https://example.com/c"/>
          <link rel="alternate" href="/posts/1"/>
          <summary>short</summary><content type="html">&lt;p&gt;long&lt;/p&gt;</content>
          <updated>2025-06-02T10:00:00Z</updated></entry></feed>"#;
    let feed = parse_feed_at(xml, "https://example.com/atom.xml", NOW).unwrap();
    let entry = &feed.entries[0];
    assert_eq!(entry.title, "<b>Bold</b>");
    assert_eq!(entry.body, "<p>long</p>");
    assert_eq!(entry.link.as_deref(), Some("https://example.com/posts/1"));
    assert_eq!(entry.published, Some(1_748_858_400));
}

#[test]
fn bad_input_gets_short_reasons() {
    assert_eq!(parse_feed_at(b"  \n ", "x", NOW), Err(ParseError::Empty));
    let html = b"<!DOCTYPE html>\n<html><head><title>Oops</title></head><body></body></html>";
    assert_eq!(parse_feed_at(html, "x", NOW), Err(ParseError::HtmlPage));
    let html = b"\xef\xbb\xbf<?xml version=\"1.0\"?><!-- x --><html><body>hi</body></html>";
    assert_eq!(parse_feed_at(html, "x", NOW), Err(ParseError::HtmlPage));
    assert_eq!(
        parse_feed_at(b"<foo/>", "x", NOW),
        Err(ParseError::NoFeedRoot)
    );
    assert!(matches!(
        parse_feed_at(
            b"<rss version=\"2.0\"><channel a=\"b></channel></rss>",
            "x",
            NOW
        ),
        Err(ParseError::Xml(_))
    ));
    assert!(matches!(
        parse_feed_at(b"{\"version\": 1", "x", NOW),
        Err(ParseError::Json(_))
    ));
    assert_eq!(
        parse_feed_at(b"plain text", "x", NOW),
        Err(ParseError::NoFeedRoot)
    );
}

#[test]
fn item_and_entry_tags_are_counted_in_any_case_and_prefix() {
    let doc = b"<item><Item a='1'><rss:item/><ENTRY\n><entry>\
        <items><entryway><itemize></item><x:entry>";
    assert_eq!(count_items(doc), 6);
    assert_eq!(count_items(b"{\"items\": [{\"title\": \"a\"}]}"), 0);
}

#[test]
fn a_clean_feed_reads_strictly_and_a_broken_one_says_what_was_repaired() {
    let clean =
        b"<rss version=\"2.0\"><channel><item><title>A &amp; B</title></item></channel></rss>";
    let document = parse_document_at(clean, "https://x.example.com/f", NOW).unwrap();
    assert_eq!(document.feed.entries[0].title, "A & B");
    assert_eq!(
        document.note,
        ParseNote {
            repairs: Repairs::default(),
            items_in_document: 1,
            entries_read: 1,
        }
    );
    let broken = b"<rss version=\"2.0\"><channel><item><title>A & B</title></item></channel></rss>";
    let document = parse_document_at(broken, "https://x.example.com/f", NOW).unwrap();
    assert_eq!(document.feed.entries[0].title, "A & B");
    assert_eq!(document.note.repairs.to_string(), "1 bare ampersand");
}

#[test]
fn a_json_feed_feed_rs_refuses_is_read_leniently() {
    let json = br#"{"version": "http://jsonfeed.org/version/1", "title": "Old style",
        "items": [{"id": "1", "title": "Kept", "url": "https://j.example/1", "tags": "a,b"}]}"#;
    let document = parse_document_at(json, "https://j.example/feed.json", NOW).unwrap();
    assert_eq!(document.feed.title.as_deref(), Some("Old style"));
    assert_eq!(document.feed.entries.len(), 1);
    assert_eq!(document.feed.entries[0].title, "Kept");
    assert_eq!(
        document.note.repairs.to_string(),
        "JSON Feed version read as 1"
    );
    assert_eq!(document.note.entries_read, 1);
    // Not a JSON Feed at all: the strict error stands.
    assert!(matches!(
        parse_document_at(b"{\"rss\": {}}", "x", NOW),
        Err(ParseError::Json(_))
    ));
}

#[test]
fn a_json_feed_with_more_items_than_the_cap_is_read_item_by_item() {
    let items: Vec<String> = (0..3 * MAX_ENTRIES)
        .map(|i| format!(r#"{{"id":"{i}","title":"t{i}","author":{{"name":"a"}}}}"#))
        .collect();
    let json = format!(
        r#"{{"version":"https://jsonfeed.org/version/1.1","title":"Many","items":[{}]}}"#,
        items.join(",")
    );
    let document = parse_document_at(json.as_bytes(), "https://j.example/", NOW).unwrap();
    assert_eq!(document.feed.entries.len(), MAX_ENTRIES);
    assert_eq!(document.feed.entries[MAX_ENTRIES - 1].title, "t1999");
    assert_eq!(document.feed.title.as_deref(), Some("Many"));
    assert!(
        document.note.repairs.is_empty(),
        "{}",
        document.note.repairs
    );
}

#[test]
fn the_strict_error_stands_when_the_repair_recovers_nothing() {
    // Cut inside the only item: nothing whole to keep.
    let cut = b"<rss version=\"2.0\"><channel><title>T</title><item><title>Cut";
    assert!(matches!(
        parse_feed_at(cut, "x", NOW),
        Err(ParseError::Xml(_))
    ));
    // An empty channel with a bare ampersand has no items to lose: it reads.
    let empty = b"<rss version=\"2.0\"><channel><title>R&D</title></channel></rss>";
    let document = parse_document_at(empty, "x", NOW).unwrap();
    assert_eq!(document.feed.title.as_deref(), Some("R&D"));
    assert!(document.feed.entries.is_empty());
    assert!(!document.note.unreadable());
}

#[test]
fn random_bytes_never_escape_as_a_panic() {
    let mut rng = fastrand::Rng::with_seed(7);
    let prefixes: [&[u8]; 4] = [
        b"",
        b"<rss version=\"2.0\"><channel>",
        b"<feed>",
        b"{\"version\":",
    ];
    for i in 0..400 {
        let mut input = prefixes[i % prefixes.len()].to_vec();
        let len = rng.usize(0..300);
        input.extend((0..len).map(|_| match rng.u8(0..8) {
            0 => b'<',
            1 => b'>',
            2 => b'&',
            _ => rng.u8(..),
        }));
        // Either outcome is fine, but errors must be one short line for the status bar.
        if let Err(e) = parse_feed_at(&input, "https://example.com/f", NOW) {
            let text = e.to_string();
            assert!(
                !text.contains('\n') && text.chars().count() < 200,
                "{text:?}"
            );
        }
    }
}
