//! Attached files read from each format: RSS `<enclosure>`, Media RSS `media:content`, Atom
//! `<link rel="enclosure">`, JSON Feed `attachments` (strict and lenient), each URL once.

use super::*;

const NOW: UnixTime = 1_750_000_000;

fn file(url: &str, mime: Option<&str>, length: Option<u64>) -> ParsedEnclosure {
    ParsedEnclosure {
        url: url.to_owned(),
        mime: mime.map(str::to_owned),
        length,
    }
}

fn enclosures_of(document: &[u8], source: &str) -> Vec<ParsedEnclosure> {
    let feed = parse_feed_at(document, source, NOW).expect("the document parses");
    assert_eq!(feed.entries.len(), 1);
    feed.entries
        .into_iter()
        .next()
        .unwrap_or_default()
        .enclosures
}

#[test]
fn rss_enclosures_are_read_and_relative_ones_resolved() {
    let xml = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Pod</title>
        <item><title>Episode 42</title><link>https://pod.example/42</link>
          <enclosure url="media/episode-42.mp3" length="24300000" type="audio/mpeg"/>
          <enclosure url="https://pod.example/notes.pdf" length="0" type="application/pdf"/>
        </item></channel></rss>"#;
    assert_eq!(
        enclosures_of(xml, "https://pod.example/feed.xml"),
        vec![
            file(
                "https://pod.example/media/episode-42.mp3",
                Some("audio/mpeg"),
                Some(24_300_000)
            ),
            // Cleaning (not parsing) decides that a zero length means "unknown".
            file(
                "https://pod.example/notes.pdf",
                Some("application/pdf"),
                Some(0)
            ),
        ]
    );
}

#[test]
fn media_content_is_read_and_the_same_file_twice_is_one() {
    // feed-rs keeps the `media:content` elements of an item that has both (the
    // `<enclosure>`'s length is lost with it); the file is listed once.
    let xml = br#"<?xml version="1.0"?>
        <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>P</title>
        <item><title>Chips</title><link>https://news.example/chips</link>
          <enclosure url="https://news.example/ep.mp3" length="1000"/>
          <media:content url="https://news.example/ep.mp3" type="audio/mpeg"/>
          <media:content url="https://news.example/chart.png" type="image/png" fileSize="2048"/>
          <media:content url="https://news.example/ep.mp3" fileSize="1000"/>
        </item></channel></rss>"#;
    assert_eq!(
        enclosures_of(xml, "https://news.example/feed"),
        vec![
            file(
                "https://news.example/ep.mp3",
                Some("audio/mpeg"),
                Some(1000)
            ),
            file(
                "https://news.example/chart.png",
                Some("image/png"),
                Some(2048)
            ),
        ]
    );
}

#[test]
fn an_atom_enclosure_also_given_as_media_content_is_one_file_with_both_fields() {
    let xml = br#"<?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
        <title>Lab</title><id>urn:lab</id><updated>2025-06-01T00:00:00Z</updated>
        <entry><title>Talk</title><id>urn:lab:2</id><updated>2025-06-01T00:00:00Z</updated>
          <link href="https://lab.example/talk"/>
          <link rel="enclosure" href="https://lab.example/talk.mp4" length="900000000"/>
          <media:content url="https://lab.example/talk.mp4" type="video/mp4"/>
        </entry></feed>"#;
    assert_eq!(
        enclosures_of(xml, "https://lab.example/atom.xml"),
        vec![file(
            "https://lab.example/talk.mp4",
            Some("video/mp4"),
            Some(900_000_000)
        )]
    );
}

#[test]
fn atom_enclosure_links_are_attachments_and_other_links_are_not() {
    let xml = br#"<?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Lab</title><id>urn:lab</id>
        <updated>2025-06-01T00:00:00Z</updated>
        <entry><title>Report</title><id>urn:lab:1</id><updated>2025-06-01T00:00:00Z</updated>
          <link href="https://lab.example/report"/>
          <link rel="enclosure" type="application/pdf" length="5300000" href="files/report.pdf"/>
          <link rel="related" href="https://lab.example/other"/>
          <link rel="enclosure" href="files/report.pdf"/>
        </entry></feed>"#;
    assert_eq!(
        enclosures_of(xml, "https://lab.example/feeds/atom.xml"),
        vec![file(
            "https://lab.example/feeds/files/report.pdf",
            Some("application/pdf"),
            Some(5_300_000)
        )]
    );
}

#[test]
fn json_feed_attachments_are_read_strictly_and_leniently() {
    let item = r#"{"id": "1", "url": "https://daily.example/1", "title": "Briefing",
        "content_html": "<p>Text</p>",
        "attachments": [
            {"url": "https://daily.example/brief.mp3", "mime_type": "audio/mpeg",
             "size_in_bytes": 3200000},
            {"url": "https://daily.example/brief.mp3", "mime_type": "audio/mpeg"},
            {"url": "https://daily.example/slides.pdf", "mime_type": "application/pdf"}
        ]}"#;
    let wanted = vec![
        file(
            "https://daily.example/brief.mp3",
            Some("audio/mpeg"),
            Some(3_200_000),
        ),
        file(
            "https://daily.example/slides.pdf",
            Some("application/pdf"),
            None,
        ),
    ];
    let strict = format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "D", "items": [{item}]}}"#
    );
    let document = parse_document_at(strict.as_bytes(), "https://daily.example/feed.json", NOW)
        .expect("a valid JSON Feed");
    assert!(document.note.repairs.is_empty(), "read by feed-rs");
    assert_eq!(document.feed.entries[0].enclosures, wanted);
    assert_eq!(
        document.feed.entries[0].link.as_deref(),
        Some("https://daily.example/1"),
        "an attachment is not the article's link"
    );

    // A version feed-rs refuses: our own reader, with a size of the wrong type left out.
    let lenient = format!(
        r#"{{"version": "http://jsonfeed.org/version/1", "items": [{}]}}"#,
        item.replace("3200000", "\"3.2 MB\"")
    );
    let mut wanted_lenient = wanted;
    wanted_lenient[0].length = None;
    let document = parse_document_at(lenient.as_bytes(), "https://daily.example/feed.json", NOW)
        .expect("read leniently");
    assert!(
        !document.note.repairs.is_empty(),
        "read by the lenient path"
    );
    assert_eq!(document.feed.entries[0].enclosures, wanted_lenient);
}

#[test]
fn an_entry_without_files_has_none() {
    let xml = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
        <item><title>Plain</title><link>https://example.com/a</link></item>
        </channel></rss>"#;
    assert!(enclosures_of(xml, "https://example.com/feed").is_empty());
}
