//! Reading OPML 1.0 and 2.0: every `<outline>` with an `xmlUrl`, its name, and the tags
//! given by its parent outlines and its `category` attribute. Strict XML first; a file that
//! is not well-formed is read again outline by outline (`recover`), with what was repaired
//! or left out reported by line.

use quick_xml::events::{BytesStart, Event};

use crate::text::sanitize::{clean_line, decode_attribute};

mod recover;

/// Longest feed name kept from an OPML file.
const MAX_NAME_CHARS: usize = 200;
/// Longest tag kept.
const MAX_TAG_CHARS: usize = 60;
/// Deepest outline nesting followed; deeper files are refused rather than walked.
const MAX_DEPTH: usize = 64;

/// One feed found in an OPML file. `url` is as written (trimmed); it is not checked here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    pub url: String,
    /// From `title`, else `text`; terminal-safe, one line.
    pub name: Option<String>,
    /// Parent outlines' names, then the `category` attribute's parts; terminal-safe,
    /// without duplicates.
    pub tags: Vec<String>,
}

/// Why an OPML text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpmlError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("this is not an OPML file (there is no <opml> element)")]
    NotOpml,
}

/// What reading an OPML document gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpmlRead {
    /// The feeds, in document order.
    pub feeds: Vec<OpmlFeed>,
    /// Set when the file is not well-formed XML and was read outline by outline instead:
    /// the first error a strict reading met.
    pub recovered_from: Option<OpmlError>,
    /// Outlines read in spite of a malformed attribute (an unescaped quote, say), and text
    /// before the XML declaration that was left out.
    pub repaired: Vec<LineNote>,
    /// Outlines (and other text) left out, and why.
    pub skipped: Vec<LineNote>,
}

/// Something about one line of an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineNote {
    /// 1-based.
    pub line: usize,
    pub message: String,
}

/// The feeds of an OPML document. A file that is not well-formed XML (common in shared
/// lists: an unescaped `"` inside a description, a bare `&`) is read again outline by
/// outline, so one bad outline costs that outline, not the file; see `recover`. Text
/// before the XML declaration (a script's warning, say) is left out and reported.
pub fn parse(text: &str) -> Result<OpmlRead, OpmlError> {
    let (text, junk) = without_leading_junk(text);
    let mut read = match parse_strict(&text) {
        Ok(feeds) => OpmlRead {
            feeds,
            ..OpmlRead::default()
        },
        Err(OpmlError::Syntax { .. }) if !recover::has_opml(&text) => {
            return Err(OpmlError::NotOpml);
        }
        Err(error @ OpmlError::Syntax { .. }) => {
            let mut read = recover::parse_leniently(&text)?;
            if read.feeds.is_empty() {
                return Err(error);
            }
            read.recovered_from = Some(error);
            read
        }
        Err(error) => return Err(error),
    };
    if let Some(note) = junk {
        read.repaired.insert(0, note);
    }
    Ok(read)
}

/// `text` without anything before its XML declaration (or, without one, before its first
/// `<`), replaced by the newlines it held so that line numbers stay true.
fn without_leading_junk(text: &str) -> (std::borrow::Cow<'_, str>, Option<LineNote>) {
    let body = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let start = match find_ascii_ci(body, "<?xml") {
        Some(at) => at,
        None => body.find('<').unwrap_or(0),
    };
    let junk = &body[..start];
    if junk.trim().is_empty() {
        return (std::borrow::Cow::Borrowed(text), None);
    }
    let lead = text.len() - body.len();
    let newlines = text[..lead + start].matches('\n').count();
    let mut kept = "\n".repeat(newlines);
    kept.push_str(&body[start..]);
    let last_line = line_of(text, lead + junk.trim_end().len());
    let lines = if last_line == 1 {
        "line 1".to_owned()
    } else {
        format!("lines 1-{last_line}")
    };
    let note = LineNote {
        line: 1,
        message: format!(
            "{} of text before the XML declaration ({lines}) left out: `{}`",
            plural(junk.trim().chars().count(), "character"),
            clean_line(junk.trim(), 60)
        ),
    };
    (std::borrow::Cow::Owned(kept), Some(note))
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The byte offset of `needle` (ASCII) in `haystack`, ignoring ASCII case.
pub(super) fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A strict reading with quick-xml: the first error fails the whole file.
fn parse_strict(text: &str) -> Result<Vec<OpmlFeed>, OpmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut feeds = Vec::new();
    // One entry per open <outline>: the category it opens, if it is a folder.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut seen_opml = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|err| syntax_error(text, reader.error_position() as usize, err.to_string()))?;
        let at = reader.buffer_position() as usize;
        match event {
            Event::Start(tag) | Event::Empty(tag) if is(&tag, "opml") => seen_opml = true,
            Event::Start(tag) if is(&tag, "outline") => {
                if folders.len() >= MAX_DEPTH {
                    return Err(too_deep(text, at));
                }
                let outline = read_outline(&tag, text, at)?;
                let folder = outline.folder_name();
                if let Some(feed) = outline.into_feed(&folders) {
                    feeds.push(feed);
                }
                folders.push(folder);
            }
            Event::Empty(tag) if is(&tag, "outline") => {
                if let Some(feed) = read_outline(&tag, text, at)?.into_feed(&folders) {
                    feeds.push(feed);
                }
            }
            Event::End(tag) if tag.local_name().as_ref().eq_ignore_ascii_case("outline") => {
                folders.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if seen_opml {
        Ok(feeds)
    } else {
        Err(OpmlError::NotOpml)
    }
}

pub(super) fn too_deep(text: &str, at: usize) -> OpmlError {
    syntax_error(
        text,
        at,
        format!("outlines nested more than {MAX_DEPTH} deep"),
    )
}

/// The attributes of one `<outline>` that matter.
#[derive(Debug, Default)]
pub(super) struct Outline {
    pub(super) url: Option<String>,
    title: Option<String>,
    label: Option<String>,
    categories: Vec<String>,
}

impl Outline {
    /// Takes one attribute; `raw` is its value as written, entities and all.
    pub(super) fn attribute(&mut self, key: &str, raw: &str) {
        // Keys may carry a namespace prefix (`opml:xmlUrl`) in odd exports.
        let key = key.rsplit(':').next().unwrap_or(key);
        let value = unescape_value(raw);
        if key.eq_ignore_ascii_case("xmlUrl") {
            self.url = Some(value.trim().to_owned()).filter(|u| !u.is_empty());
        } else if key.eq_ignore_ascii_case("title") {
            self.title = non_empty(clean_line(&value, MAX_NAME_CHARS));
        } else if key.eq_ignore_ascii_case("text") {
            self.label = non_empty(clean_line(&value, MAX_NAME_CHARS));
        } else if key.eq_ignore_ascii_case("category") {
            self.categories.extend(category_tags(&value));
        }
    }

    /// From `title`, else `text`.
    fn name(&self) -> Option<String> {
        self.title.clone().or_else(|| self.label.clone())
    }

    /// The tag an outline without a feed gives the outlines inside it.
    pub(super) fn folder_name(&self) -> Option<String> {
        self.url.is_none().then(|| self.name()).flatten()
    }

    /// A feed when the outline has an `xmlUrl`; tags from the open folders first.
    pub(super) fn into_feed(self, folders: &[Option<String>]) -> Option<OpmlFeed> {
        let name = self.name();
        let url = self.url?;
        let mut tags: Vec<String> = Vec::new();
        let candidates = folders.iter().flatten().chain(self.categories.iter());
        for tag in candidates {
            if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                tags.push(tag.clone());
            }
        }
        Some(OpmlFeed { url, name, tags })
    }
}

/// An attribute value unescaped as XML; when that fails (an HTML name such as `&nbsp;`,
/// a bare `&` in a URL), decoded as a browser decodes attribute values instead, so the
/// feed is kept with the value its author meant.
fn unescape_value(raw: &str) -> String {
    match quick_xml::escape::unescape(raw) {
        Ok(value) => value.into_owned(),
        Err(_) => decode_attribute(raw),
    }
}

fn read_outline(tag: &BytesStart<'_>, text: &str, at: usize) -> Result<Outline, OpmlError> {
    let mut outline = Outline::default();
    for attribute in tag.attributes() {
        let attribute =
            attribute.map_err(|err| syntax_error(text, at, format!("bad attribute: {err}")))?;
        outline.attribute(attribute.key.local_name().as_ref(), &attribute.value);
    }
    Ok(outline)
}

/// OPML 2.0 `category`: comma-separated, each a slash-delimited path
/// (`/Tech/AI,/Policy`): every path component becomes a tag.
fn category_tags(value: &str) -> Vec<String> {
    value
        .split(',')
        .flat_map(|path| path.split('/'))
        .filter_map(|part| non_empty(clean_line(part, MAX_TAG_CHARS)))
        .collect()
}

fn is(tag: &BytesStart<'_>, name: &str) -> bool {
    tag.local_name().as_ref().eq_ignore_ascii_case(name)
}

fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// The 1-based line of byte `offset` in `text`.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

pub(super) fn syntax_error(text: &str, offset: usize, message: String) -> OpmlError {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = line_of(text, offset);
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    OpmlError::Syntax {
        line,
        column,
        message: clean_line(&message, 300),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_outlines_and_categories_become_tags() {
        let text = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>x</title></head><body>
  <outline text="Tech">
    <outline text="AI &amp; chips">
      <outline type="rss" text="Label" title="Chip &lt;News&gt;" xmlUrl=" https://a.example/feed "
               category="/Hardware/Fabs,policy"/>
    </outline>
    <outline type="rss" text="Only text" xmlUrl="https://b.example/rss"></outline>
  </outline>
  <outline type="rss" xmlUrl="https://c.example/atom" category="tech"/>
</body></opml>"#;
        let feeds = parse(text).unwrap().feeds;
        assert_eq!(feeds.len(), 3);
        assert_eq!(feeds[0].url, "https://a.example/feed");
        assert_eq!(feeds[0].name.as_deref(), Some("Chip <News>"));
        assert_eq!(
            feeds[0].tags,
            ["Tech", "AI & chips", "Hardware", "Fabs", "policy"]
        );
        assert_eq!(feeds[1].name.as_deref(), Some("Only text"));
        assert_eq!(feeds[1].tags, ["Tech"]);
        assert_eq!(feeds[2].name, None);
        assert_eq!(feeds[2].tags, ["tech"], "the folder closed before it");
    }

    #[test]
    fn raw_html_inside_a_description_costs_nothing_but_the_description() {
        // Shapes met in shared subscription lists: a description holding HTML links with
        // quotes of their own, or an unclosed `<em>` before an end tag, in a folder.
        let text = "<?xml version=\"1.0\"?>\n<opml version=\"1.0\"><body>\n\
            <outline text=\"Dev\" title=\"Dev\">\n\
            <outline text=\"Ana Chen\" title=\"Ana Chen\" description=\"Works at <a href=\"https://a.example/\">A</a> and <a href=\"https://b.example\">B</a>.\" xmlUrl=\"https://ana.example/feed/\" type=\"rss\" />\n\
            <outline text=\"Chip Talk\" description=\"Stories behind <em>chips</em>. Order the <em data-kind=\"italic\">book</em> now\" xmlUrl=\"https://chips.example/podcast.xml\" type=\"rss\" />\n\
            <outline text=\"Plain\" xmlUrl=\"https://plain.example/rss\"/>\n\
            </outline>\n</body></opml>";
        let read = parse(text).unwrap();
        let urls: Vec<&str> = read.feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://ana.example/feed/",
                "https://chips.example/podcast.xml",
                "https://plain.example/rss"
            ]
        );
        assert_eq!(read.feeds[0].name.as_deref(), Some("Ana Chen"));
        assert_eq!(read.feeds[1].name.as_deref(), Some("Chip Talk"));
        for feed in &read.feeds {
            assert_eq!(feed.tags, ["Dev"], "{}: the folder stays open", feed.url);
        }
        assert!(read.skipped.is_empty(), "{:?}", read.skipped);
        let lines: Vec<usize> = read.repaired.iter().map(|note| note.line).collect();
        assert_eq!(lines, [4, 5]);
        assert!(
            read.repaired[0]
                .message
                .contains("kept its xmlUrl <https://ana.example/feed/>"),
            "{}",
            read.repaired[0].message
        );
    }

    #[test]
    fn hostile_text_is_cleaned() {
        let text = "<opml><body><outline title=\"Evil&#x1b;]0;owned&#x7;Feed\u{202E}\" \
                    xmlUrl=\"https://e.example/\" category=\"&#x1b;[31mred\"/></body></opml>";
        let feeds = parse(text).unwrap().feeds;
        assert_eq!(feeds[0].name.as_deref(), Some("EvilFeed"));
        assert_eq!(feeds[0].tags, ["red"]);
    }

    #[test]
    fn errors_say_where() {
        let error =
            parse("<opml>\n<body>\n  <outline text=\"a\" text=\"b\"/></body></opml>").unwrap_err();
        assert!(
            matches!(error, OpmlError::Syntax { line: 3, .. }),
            "{error:?}"
        );
        // Broken XML without a single feed in it: the strict reading's error.
        let unclosed = parse("<opml>\n<body>\n<outline></body></opml>").unwrap_err();
        assert!(matches!(unclosed, OpmlError::Syntax { .. }), "{unclosed:?}");
        assert_eq!(parse("<rss><channel/></rss>"), Err(OpmlError::NotOpml));
    }

    #[test]
    fn html_entities_and_bare_ampersands_keep_the_feed() {
        let read = parse(
            r#"<opml><body><outline text="A&nbsp;B &eacute;t&eacute;" xmlUrl="https://x.example/f?a=1&b=2&amp;copy=3&copy=4"/></body></opml>"#,
        )
        .unwrap();
        assert_eq!(read.feeds.len(), 1);
        assert_eq!(read.feeds[0].name.as_deref(), Some("A B été"));
        assert_eq!(
            read.feeds[0].url,
            "https://x.example/f?a=1&b=2&copy=3&copy=4"
        );
        assert_eq!(read.recovered_from, None);
    }

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/opml/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
        crate::ingest::decode::decode(&bytes, None).text
    }

    fn urls(read: &OpmlRead) -> Vec<&str> {
        read.feeds.iter().map(|f| f.url.as_str()).collect()
    }

    fn notes(notes: &[LineNote]) -> Vec<(usize, &str)> {
        notes.iter().map(|n| (n.line, n.message.as_str())).collect()
    }

    #[test]
    fn unescaped_quotes_cost_only_their_outline() {
        let read = parse(&fixture("unescaped-quotes.opml")).unwrap();
        assert_eq!(
            urls(&read),
            [
                "https://chiptalk.example/feed.xml",
                "https://machineminds.example/podcast.rss",
                "https://dailymodel.example/rss",
                "https://news.example/feed?topic=ai&lang=en&page=1",
                "https://exportcontrols.example/atom.xml",
                "https://fabwatch.example/index.xml",
                "http://toplevel.example/feed",
            ]
        );
        let names: Vec<Option<&str>> = read.feeds.iter().map(|f| f.name.as_deref()).collect();
        assert_eq!(
            names,
            [
                Some("Chip Talk"),
                Some("Machine Minds"),
                Some("The \"Daily\" Model"),
                Some("Bare ampersand"),
                Some("Export Controls Weekly"),
                Some("Fab Watch"),
                Some("Top level"),
            ]
        );
        let tags: Vec<&[String]> = read.feeds.iter().map(|f| f.tags.as_slice()).collect();
        assert_eq!(tags[0], ["Podcasts"]);
        assert_eq!(tags[3], ["Podcasts"]);
        assert_eq!(tags[4], ["Policy & chips"]);
        assert_eq!(tags[5], ["Policy & chips"]);
        assert!(tags[6].is_empty(), "{tags:?}");

        // The first error a strict reader meets: the bare `&` in the head's title.
        assert!(
            matches!(read.recovered_from, Some(OpmlError::Syntax { line: 5, .. })),
            "{:?}",
            read.recovered_from
        );
        assert_eq!(
            notes(&read.repaired),
            [
                (
                    9,
                    "an unescaped quote in `description` was read as part of its value; \
                     kept <https://machineminds.example/podcast.rss>"
                ),
                (
                    10,
                    "an unescaped quote in `text` was read as part of its value; \
                     kept <https://dailymodel.example/rss>"
                ),
                (
                    14,
                    "an unescaped quote in `description` was read as part of its value; \
                     kept <https://exportcontrols.example/atom.xml>"
                ),
            ]
        );
        assert_eq!(
            notes(&read.skipped),
            [
                (
                    15,
                    "the outline tag never ends (an attribute's quote is not closed?); left out"
                ),
                (
                    18,
                    "an unescaped quote in `text` was read as part of its value; no feed \
                     address (xmlUrl) could be read from this outline"
                ),
            ]
        );
    }

    #[test]
    fn one_unescaped_quote_alone_no_longer_loses_the_file() {
        // The exact shape that made whole shared lists unreadable: nothing else is wrong.
        let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Podcasts</title></head><body>
<outline text="News" title="News">
<outline type="rss" text="Before" xmlUrl="https://before.example/rss"/>
<outline type="rss" text="Science Weekly" description=""'A podcast about science' - The Guardian." xmlUrl="https://guardian.example/science/podcast.xml"/>
<outline type="rss" text="After" xmlUrl="https://after.example/rss"/>
</outline>
</body></opml>"#;
        let read = parse(text).unwrap();
        assert_eq!(
            urls(&read),
            [
                "https://before.example/rss",
                "https://guardian.example/science/podcast.xml",
                "https://after.example/rss",
            ]
        );
        assert!(
            read.feeds.iter().all(|f| f.tags == ["News"]),
            "{:?}",
            read.feeds
        );
        assert!(
            matches!(read.recovered_from, Some(OpmlError::Syntax { line: 5, .. })),
            "{:?}",
            read.recovered_from
        );
        assert_eq!(notes(&read.repaired).len(), 1);
        assert_eq!(read.repaired[0].line, 5);
        assert!(read.skipped.is_empty());
    }

    #[test]
    fn text_before_the_declaration_is_left_out_and_reported() {
        // A PHP warning printed as HTML ahead of the export, bare `&` and all.
        let read = parse(&fixture("junk-before-declaration.opml")).unwrap();
        assert_eq!(urls(&read), ["https://deepseek.example/rss"]);
        assert_eq!(read.recovered_from, None);
        assert!(read.skipped.is_empty(), "{:?}", read.skipped);
        assert_eq!(
            notes(&read.repaired),
            [(
                1,
                "108 characters of text before the XML declaration (lines 1-2) left out: \
                 `<br /> <b>Warning</b>: Undefined variable $feeds & $x in <b…`"
            )]
        );
    }

    #[test]
    fn undeclared_and_misdeclared_charsets_are_read_right() {
        let zh = parse(&fixture("gbk-undeclared.opml")).unwrap();
        assert_eq!(
            zh.feeds,
            [
                OpmlFeed {
                    url: "https://jiqizhixin.example/rss".to_owned(),
                    name: Some("机器之心：大模型与芯片动态".to_owned()),
                    tags: vec!["国内科技".to_owned()],
                },
                OpmlFeed {
                    url: "https://qbitai.example/feed".to_owned(),
                    name: Some("量子位：人工智能前沿报道".to_owned()),
                    tags: vec!["国内科技".to_owned()],
                },
            ]
        );
        let fr = parse(&fixture("cp1252-declared-utf8.opml")).unwrap();
        let names: Vec<Option<&str>> = fr.feeds.iter().map(|f| f.name.as_deref()).collect();
        assert_eq!(
            names,
            [
                Some("L\u{2019}usine à modèles — les régulateurs européens s\u{2019}inquiètent"),
                Some("Café & algorithmes"),
            ]
        );
        assert_eq!(fr.feeds[0].tags, ["Économie numérique"]);
        assert_eq!(
            urls(&fr),
            [
                "https://usine-modeles.example/flux.xml",
                "https://cafe-algos.example/rss"
            ]
        );
    }

    #[test]
    fn recovery_is_linear_and_bounded_on_hostile_quotes() {
        // Ten thousand outlines whose quotes never close: each is read up to the next
        // outline only, reported, and the one good outline at the end is kept.
        let mut text = String::from("<opml><body>\n");
        for _ in 0..10_000 {
            text.push_str("<outline text=\"a \" \" \" xmlUrl=\"\n");
        }
        text.push_str("<outline text=\"ok\" xmlUrl=\"https://ok.example/f\"/></body></opml>");
        let read = parse(&text).unwrap();
        assert_eq!(urls(&read), ["https://ok.example/f"]);
        assert_eq!(read.skipped.len(), 10_000);
        assert_eq!(read.skipped[9_999].line, 10_001);
    }
}
