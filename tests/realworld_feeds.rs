//! Real-world feed shapes that feed-rs refuses or reads as empty (tests/fixtures/realworld,
//! one file per shape): each must give exactly its articles once repaired, say what was
//! repaired, and go through the pipeline (decode, parse, build) as a fetch does.

use std::path::PathBuf;

use ainews_tui::config::TopicsConfig;
use ainews_tui::ingest::decode::to_parseable;
use ainews_tui::ingest::parse::{ParseNote, Repair, parse_document_at, parse_feed};
use ainews_tui::ingest::pipeline::build_articles;
use ainews_tui::model::{Article, FeedId};
use ainews_tui::text::sanitize::clean_title;
use ainews_tui::topics::classify::Classifier;

/// 2025-06-15T15:06:40Z: "now" for clamping future dates.
const NOW: i64 = 1_750_000_000;
const FEED_URL: &str = "https://wire.example.com/feed.xml";
/// 2025-06-02T10:00:00Z.
const JUNE_2_10H: i64 = 1_748_858_400;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/realworld")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One document as the pipeline reads it.
struct Read {
    feed_title: Option<String>,
    articles: Vec<Article>,
    note: ParseNote,
}

fn read_bytes(raw: &[u8]) -> Read {
    let bytes = to_parseable(raw, Some("application/rss+xml"));
    let document = parse_document_at(&bytes, FEED_URL, NOW).unwrap_or_else(|e| panic!("{e}"));
    let classifier = Classifier::new(&TopicsConfig::default()).expect("default rules");
    Read {
        feed_title: document.feed.title.as_deref().map(clean_title),
        articles: build_articles(FeedId(0), FEED_URL, document.feed, &classifier, NOW),
        note: document.note,
    }
}

/// As the pipeline reads the fixture; the raw bytes (not decoded first) read the same.
fn read(name: &str) -> Read {
    let raw = fixture(name);
    let decoded = read_bytes(&raw);
    let undecoded =
        parse_document_at(&raw, FEED_URL, NOW).unwrap_or_else(|e| panic!("{name} raw: {e}"));
    let titles: Vec<&str> = undecoded
        .feed
        .entries
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(
        titles.len(),
        decoded.articles.len(),
        "{name}: raw bytes read as {titles:?}"
    );
    decoded
}

fn titles(read: &Read) -> Vec<&str> {
    read.articles.iter().map(|a| a.title.as_str()).collect()
}

fn links(read: &Read) -> Vec<Option<&str>> {
    read.articles.iter().map(|a| a.link.as_deref()).collect()
}

fn bodies(read: &Read) -> Vec<&str> {
    read.articles.iter().map(|a| a.body.as_str()).collect()
}

fn published(read: &Read) -> Vec<Option<i64>> {
    read.articles.iter().map(|a| a.published).collect()
}

// ---- bare ampersands ----------------------------------------------------------------------

#[test]
fn bare_ampersands_are_escaped_and_references_kept() {
    let read = read("bare_ampersands.xml");
    assert_eq!(read.feed_title.as_deref(), Some("R&D Weekly"));
    assert_eq!(
        titles(&read),
        ["AT&T and R&D: what changed & why", "Second 中 item"]
    );
    assert_eq!(
        links(&read),
        [
            Some("https://rd.example.com/post?a=1&b=2"),
            Some("https://rd.example.com/second")
        ]
    );
    // Named HTML entities stay as they are for the HTML stage; XML's own are decoded.
    assert_eq!(
        bodies(&read)[0],
        "Caf&eacute;&nbsp;talk \u{2019}24 & more & less"
    );
    assert_eq!(read.note.repairs.count(Repair::BareAmpersand), 5);
    assert_eq!(read.note.repairs.to_string(), "5 bare ampersands");
}

#[test]
fn html_entities_read_the_same_when_the_document_needed_repair() {
    let clean = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile/format_html_entities_in_xml.xml"),
    )
    .expect("hostile fixture");
    let clean_text = String::from_utf8(clean.clone()).expect("UTF-8 fixture");
    let broken = clean_text.replace(
        "</channel>",
        "<item><title>Q&A</title><link>https://wire.example.com/qa</link></item></channel>",
    );
    let strict = read_bytes(&clean);
    let repaired = read_bytes(broken.as_bytes());
    assert!(strict.note.repairs.is_empty());
    assert_eq!(repaired.note.repairs.to_string(), "1 bare ampersand");
    assert_eq!(titles(&repaired), [titles(&strict)[0], "Q&A"]);
    assert_eq!(bodies(&repaired)[0], bodies(&strict)[0]);
    assert_eq!(
        titles(&strict),
        ["It\u{2019}s here \u{2014} Baidu\u{2019}s Ernie\u{2026}"]
    );
}

// ---- junk before the document --------------------------------------------------------------

#[test]
fn a_php_notice_before_the_declaration_is_dropped() {
    let read = read("php_notice_before_declaration.xml");
    assert_eq!(read.feed_title.as_deref(), Some("PHP Wire"));
    assert_eq!(titles(&read), ["Café opens"]);
    assert_eq!(links(&read), [Some("https://php.example.com/1")]);
    assert_eq!(read.note.repairs.to_string(), "text before the XML dropped");
}

#[test]
fn whitespace_and_a_bom_before_the_declaration_read_without_repair() {
    for (name, title, link) in [
        (
            "whitespace_before_declaration.xml",
            "Leading blank lines",
            "https://space.example.com/1",
        ),
        (
            "bom_then_whitespace.xml",
            "BOM then blank line",
            "https://bom.example.com/1",
        ),
    ] {
        let read = read(name);
        assert_eq!(titles(&read), [title], "{name}");
        assert_eq!(links(&read), [Some(link)], "{name}");
        assert!(
            read.note.repairs.is_empty(),
            "{name}: {}",
            read.note.repairs
        );
    }
}

// ---- cut-off documents -----------------------------------------------------------------------

#[test]
fn a_document_cut_mid_item_keeps_the_whole_items() {
    let read = read("truncated_mid_item.xml");
    assert_eq!(read.feed_title.as_deref(), Some("Cut Wire"));
    assert_eq!(titles(&read), ["First whole item", "Second whole item"]);
    assert_eq!(
        links(&read),
        [
            Some("https://cut.example.com/1"),
            Some("https://cut.example.com/2")
        ]
    );
    assert_eq!(bodies(&read), ["One", "Two"]);
    assert!(read.note.truncated());
    assert_eq!(read.note.repairs.to_string(), "cut off (whole items kept)");
    assert_eq!(
        (read.note.items_in_document, read.note.entries_read),
        (3, 2)
    );
}

#[test]
fn a_document_cut_inside_cdata_keeps_the_whole_entries() {
    let read = read("truncated_in_cdata.xml");
    assert_eq!(read.feed_title.as_deref(), Some("Cut Atom"));
    assert_eq!(titles(&read), ["Whole entry"]);
    assert_eq!(links(&read), [Some("https://atom-cut.example.com/1")]);
    assert_eq!(bodies(&read), ["<p>Kept body</p>"]);
    assert_eq!(published(&read), [Some(JUNE_2_10H)]);
    assert!(read.note.truncated());
}

// ---- markup where text belongs ---------------------------------------------------------------

#[test]
fn tags_and_a_bare_less_than_in_a_title_stay_text() {
    let read = read("markup_in_title.xml");
    assert_eq!(titles(&read), ["Nvidia < AMD? analysis", "Shouting feed"]);
    assert_eq!(
        links(&read),
        [
            Some("https://chip.example.com/1"),
            Some("https://chip.example.com/2")
        ]
    );
    assert_eq!(bodies(&read), ["Price <b>war</b> ahead", ""]);
    assert_eq!(published(&read), [None, Some(JUNE_2_10H)]);
    assert_eq!(
        read.note.repairs.to_string(),
        "1 stray '<', 3 tags inside text, 4 elements in the wrong case"
    );
}

// ---- type attributes ---------------------------------------------------------------------------

#[test]
fn unknown_type_values_are_normalized() {
    let read = read("unexpected_type_attributes.xml");
    assert_eq!(read.feed_title.as_deref(), Some("Typed Atom"));
    assert_eq!(titles(&read), ["Empty type", "Upper type"]);
    assert_eq!(
        links(&read),
        [
            Some("https://typed.example.com/1"),
            Some("https://typed.example.com/2")
        ]
    );
    assert_eq!(bodies(&read), ["Plain summary", "<p>XHTML body</p>"]);
    assert_eq!(
        published(&read),
        [Some(JUNE_2_10H), Some(JUNE_2_10H + 3600)]
    );
    assert_eq!(read.note.repairs.to_string(), "5 unknown type attributes");
}

#[test]
fn a_media_description_typed_text_html_no_longer_sinks_the_feed() {
    let read = read("media_description_type.xml");
    assert_eq!(titles(&read), ["Demo reel"]);
    assert_eq!(links(&read), [Some("https://video.example.com/1")]);
    assert_eq!(bodies(&read), ["Watch it"]);
    assert_eq!(read.note.repairs.to_string(), "1 unknown type attribute");
}

// ---- legacy formats ----------------------------------------------------------------------------

#[test]
fn atom_0_3_reads_as_atom() {
    let read = read("atom_0.3.xml");
    assert_eq!(read.feed_title.as_deref(), Some("Old Atom"));
    assert_eq!(titles(&read), ["Issued and modified", "Only modified"]);
    assert_eq!(
        links(&read),
        [
            Some("https://old-atom.example.com/1"),
            Some("https://old-atom.example.com/2")
        ]
    );
    assert_eq!(bodies(&read), ["<p>Escaped <b>HTML</b></p>", "Short"]);
    // issued is the publication date; modified stands in when it is all there is.
    assert_eq!(
        published(&read),
        [Some(JUNE_2_10H), Some(JUNE_2_10H - 25 * 3600)]
    );
    assert_eq!(read.note.repairs.to_string(), "Atom 0.3 read as Atom 1.0");
}

#[test]
fn rss_0_90_reads_as_rss_1_0() {
    let read = read("rss_0.90.xml");
    assert_eq!(read.feed_title.as_deref(), Some("Netscape Wire"));
    assert_eq!(titles(&read), ["First 0.90 item", "Second 0.90 item"]);
    assert_eq!(
        links(&read),
        [
            Some("https://netscape.example.com/1"),
            Some("https://netscape.example.com/2")
        ]
    );
    assert_eq!(read.note.repairs.to_string(), "RSS 0.90 read as RSS 1.0");
}

#[test]
fn rss_2_0_in_the_userland_namespace_reads_as_rss_2_0() {
    let read = read("rss_2.0_userland_namespace.xml");
    assert_eq!(read.feed_title.as_deref(), Some("Userland Wire"));
    assert_eq!(titles(&read), ["Scripting News item"]);
    assert_eq!(links(&read), [Some("https://userland.example.com/1")]);
    assert_eq!(bodies(&read), ["Namespaced RSS 2"]);
    assert_eq!(published(&read), [Some(JUNE_2_10H)]);
    assert_eq!(
        read.note.repairs.to_string(),
        "Userland RSS namespace dropped"
    );
}

#[test]
fn rss_1_0_items_without_a_link_use_rdf_about() {
    let read = read("rss_1.0_items_without_link.xml");
    assert_eq!(titles(&read), ["Has a link", "Only rdf:about"]);
    assert_eq!(
        links(&read),
        [
            Some("https://rdf.example.com/own-link"),
            Some("https://rdf.example.com/about-only")
        ]
    );
    assert_eq!(published(&read), [None, Some(JUNE_2_10H)]);
    assert_eq!(read.note.repairs.to_string(), "1 link taken from rdf:about");
}

// ---- items that cannot be read -----------------------------------------------------------------

#[test]
fn items_that_cannot_be_read_are_noted_not_hidden() {
    let read = read("items_unreadable.xml");
    assert_eq!(read.feed_title.as_deref(), Some("Lost Wire"));
    assert!(read.articles.is_empty());
    assert!(read.note.unreadable());
    assert_eq!(
        (read.note.items_in_document, read.note.entries_read),
        (2, 0)
    );
}

// ---- item cap -----------------------------------------------------------------------------------

#[test]
fn a_document_of_many_items_is_read_up_to_the_cap_only() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Many</title>");
    for i in 0..2_500 {
        doc.push_str(&format!(
            "<item><title>t{i}</title><guid>g{i}</guid></item>"
        ));
    }
    doc.push_str("</channel></rss>");
    let document = parse_document_at(doc.as_bytes(), FEED_URL, NOW).expect("parses");
    let entries = &document.feed.entries;
    assert_eq!(entries.len(), ainews_tui::ingest::parse::MAX_ENTRIES);
    assert_eq!(
        (entries[0].title.as_str(), entries[1_999].title.as_str()),
        ("t0", "t1999")
    );
    assert!(
        document.note.repairs.is_empty(),
        "{}",
        document.note.repairs
    );
    assert_eq!(document.note.items_in_document, 2_500);
    assert_eq!(
        parse_feed(doc.as_bytes(), FEED_URL).map(|f| f.entries.len()),
        Ok(2_000)
    );
}

// ---- through fetch_and_ingest ------------------------------------------------------------------

mod pipeline {
    use super::*;
    use std::sync::Arc;

    use ainews_tui::config::FetchConfig;
    use ainews_tui::ingest::fetch::{Fetcher, Validators};
    use ainews_tui::ingest::pipeline::{Ingested, fetch_and_ingest};
    use ainews_tui::ingest::poller::FeedOutcome;

    async fn ingest(name: &str) -> Ingested {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/realworld")
            .join(name);
        let url = url::Url::from_file_path(&path)
            .expect("absolute path")
            .to_string();
        let fetcher = Fetcher::new(&FetchConfig::default()).expect("client builds");
        let classifier =
            Arc::new(Classifier::new(&TopicsConfig::default()).expect("default rules"));
        let none = Validators::default();
        let run = fetch_and_ingest(&fetcher, FeedId(0), &url, &url, &none, classifier);
        tokio::time::timeout(std::time::Duration::from_secs(20), run)
            .await
            .expect("a local file is read in time")
    }

    fn titles(ingested: &Ingested) -> Vec<&str> {
        match &ingested.outcome {
            FeedOutcome::Updated { articles } => {
                articles.iter().map(|a| a.title.as_str()).collect()
            }
            other => panic!("expected articles, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_repaired_feed_reports_its_repairs_and_keeps_its_validators() {
        let ingested = ingest("bare_ampersands.xml").await;
        assert_eq!(
            titles(&ingested),
            ["AT&T and R&D: what changed & why", "Second 中 item"]
        );
        assert_eq!(ingested.parse_note.repairs.to_string(), "5 bare ampersands");
        assert!(
            ingested.validators.etag.is_some(),
            "the next read may be a 304"
        );
    }

    #[tokio::test]
    async fn a_cut_off_feed_is_fetched_again_in_full_next_time() {
        let ingested = ingest("truncated_mid_item.xml").await;
        assert_eq!(titles(&ingested), ["First whole item", "Second whole item"]);
        assert!(ingested.parse_note.truncated());
        assert_eq!(
            ingested.validators,
            Validators::default(),
            "no 304 for a cut body"
        );
    }

    #[tokio::test]
    async fn the_note_reaches_the_feeds_pane_state() {
        use ainews_tui::app::state::State;
        use ainews_tui::app::{Action, update};
        use ainews_tui::ingest::poller::{FeedReport, PollEvent};

        let ingested = ingest("bare_ampersands.xml").await;
        let config = ainews_tui::config::FeedConfig {
            url: "https://rd.example.com/feed".to_string(),
            name: None,
            refresh: None,
            tags: Vec::new(),
            enabled: true,
            full_text: false,
        };
        let mut state = State::new(&[config], "test".to_string(), NOW);
        let report = FeedReport {
            outcome: ingested.outcome,
            at: NOW,
            next_refresh: NOW + 900,
            feed_title: ingested.feed_title,
            validators: ingested.validators,
            moved_to: None,
            parse_note: Box::new(ingested.parse_note),
            prepared: Default::default(),
        };
        let finished = PollEvent::Finished {
            feed: FeedId(0),
            report,
        };
        update(&mut state, Action::Poll(finished), NOW);
        assert_eq!(
            state.feeds.statuses[0].parse_note.repairs.to_string(),
            "5 bare ampersands"
        );
        assert_eq!(state.feeds.statuses[0].articles, 2);
    }

    #[tokio::test]
    async fn a_feed_with_unreadable_items_is_a_success_with_a_warning() {
        let ingested = ingest("items_unreadable.xml").await;
        assert_eq!(titles(&ingested), Vec::<&str>::new());
        assert!(ingested.parse_note.unreadable());
        assert_eq!(ingested.feed_title.as_deref(), Some("Lost Wire"));
    }
}

// ---- memory probes ----------------------------------------------------------------------
//
// Not run by default: each builds a 10 MB document and runs it through decode, parse and
// build exactly as the pipeline's blocking task does. Measure one at a time, e.g.
//   /usr/bin/time -v target/debug/deps/realworld_feeds-* --ignored --exact memory_clean
// and read "Maximum resident set size".

const BIG: usize = 10 * 1024 * 1024;

/// About 1,500 items of 7 KB (under the item cap), every one with `&` in its title and
/// link, bare or escaped.
fn big_feed(bare_ampersands: bool, cut: bool) -> Vec<u8> {
    let amp = if bare_ampersands { "&" } else { "&amp;" };
    let mut doc = String::with_capacity(BIG + 8192);
    doc.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    doc.push_str("<rss version=\"2.0\"><channel><title>Big</title>\n");
    let mut i = 0;
    while doc.len() < BIG {
        doc.push_str(&format!(
            "<item><title>Item {i} R{amp}D</title><link>https://big.example.com/{i}?a=1{amp}b=2</link><guid>g-{i}</guid><description>"
        ));
        for _ in 0..80 {
            doc.push_str(
                "&lt;p&gt;Export controls on AI chips tighten as the race goes on.&lt;/p&gt;",
            );
        }
        doc.push_str("</description></item>\n");
        i += 1;
    }
    if cut {
        doc.truncate(doc.len() - 3000);
    } else {
        doc.push_str("</channel></rss>\n");
    }
    doc.into_bytes()
}

/// 10 MB of 30-byte items: about 350,000 of them.
fn tiny_feed() -> Vec<u8> {
    let mut doc = String::with_capacity(BIG + 8192);
    doc.push_str("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Tiny</title>\n");
    let mut i = 0;
    while doc.len() < BIG {
        doc.push_str(&format!("<item><title>t{i}</title></item>\n"));
        i += 1;
    }
    doc.push_str("</channel></rss>\n");
    doc.into_bytes()
}

/// As `fetch_and_ingest`'s blocking task: the fetched bytes go once decoded.
fn ingest_like_the_pipeline(raw: Vec<u8>) {
    let size = raw.len();
    let bytes = to_parseable(&raw, Some("application/rss+xml"));
    drop(raw);
    let url = "https://big.example.com/feed";
    let parsed = parse_feed(&bytes, url).expect("the probe document parses");
    let classifier = Classifier::new(&TopicsConfig::default()).expect("default rules");
    let articles = build_articles(FeedId(0), url, parsed, &classifier, NOW);
    println!("{size} bytes, {} articles", articles.len());
}

#[test]
#[ignore = "memory probe: run alone under /usr/bin/time -v"]
fn memory_clean() {
    ingest_like_the_pipeline(big_feed(false, false));
}

#[test]
#[ignore = "memory probe: run alone under /usr/bin/time -v"]
fn memory_bare_ampersands() {
    ingest_like_the_pipeline(big_feed(true, false));
}

#[test]
#[ignore = "memory probe: run alone under /usr/bin/time -v"]
fn memory_truncated() {
    ingest_like_the_pipeline(big_feed(false, true));
}

#[test]
#[ignore = "memory probe: run alone under /usr/bin/time -v"]
fn memory_tiny_items() {
    ingest_like_the_pipeline(tiny_feed());
}
