//! Reading OPML 1.0 and 2.0: every `<outline>` with an `xmlUrl`, its name, and the tags
//! given by its parent outlines and its `category` attribute.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use crate::ingest::sanitize::clean_line;

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

/// The feeds of an OPML document, in document order.
pub fn parse(text: &str) -> Result<Vec<OpmlFeed>, OpmlError> {
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
                    return Err(syntax_error(
                        text,
                        at,
                        format!("outlines nested more than {MAX_DEPTH} deep"),
                    ));
                }
                let outline = read_outline(&tag, text, at)?;
                let folder = outline
                    .url
                    .is_none()
                    .then(|| outline.name.clone())
                    .flatten();
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

/// The attributes of one `<outline>` that matter.
struct Outline {
    url: Option<String>,
    name: Option<String>,
    categories: Vec<String>,
}

impl Outline {
    /// A feed when the outline has an `xmlUrl`; tags from the open folders first.
    fn into_feed(self, folders: &[Option<String>]) -> Option<OpmlFeed> {
        let url = self.url?;
        let mut tags: Vec<String> = Vec::new();
        let candidates = folders.iter().flatten().chain(self.categories.iter());
        for tag in candidates {
            if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                tags.push(tag.clone());
            }
        }
        Some(OpmlFeed {
            url,
            name: self.name,
            tags,
        })
    }
}

fn read_outline(tag: &BytesStart<'_>, text: &str, at: usize) -> Result<Outline, OpmlError> {
    let mut url = None;
    let mut title = None;
    let mut label = None;
    let mut categories = Vec::new();
    for attribute in tag.attributes() {
        let attribute =
            attribute.map_err(|err| syntax_error(text, at, format!("bad attribute: {err}")))?;
        // An unknown entity (`&nbsp;`) keeps the raw text rather than losing the feed.
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .unwrap_or_else(|_| attribute.value.clone());
        let key = attribute.key.local_name();
        let key = key.as_ref();
        if key.eq_ignore_ascii_case("xmlUrl") {
            url = Some(value.trim().to_owned()).filter(|u| !u.is_empty());
        } else if key.eq_ignore_ascii_case("title") {
            title = non_empty(clean_line(&value, MAX_NAME_CHARS));
        } else if key.eq_ignore_ascii_case("text") {
            label = non_empty(clean_line(&value, MAX_NAME_CHARS));
        } else if key.eq_ignore_ascii_case("category") {
            categories.extend(category_tags(&value));
        }
    }
    Ok(Outline {
        url,
        name: title.or(label),
        categories,
    })
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

fn syntax_error(text: &str, offset: usize, message: String) -> OpmlError {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
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
        let feeds = parse(text).unwrap();
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
    fn hostile_text_is_cleaned() {
        let text = "<opml><body><outline title=\"Evil&#x1b;]0;owned&#x7;Feed\u{202E}\" \
                    xmlUrl=\"https://e.example/\" category=\"&#x1b;[31mred\"/></body></opml>";
        let feeds = parse(text).unwrap();
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
        let unclosed = parse("<opml>\n<body>\n<outline></body></opml>").unwrap_err();
        assert!(matches!(unclosed, OpmlError::Syntax { .. }), "{unclosed:?}");
        assert_eq!(parse("<rss><channel/></rss>"), Err(OpmlError::NotOpml));
    }

    #[test]
    fn unknown_entities_keep_the_feed() {
        let feeds = parse(
            r#"<opml><body><outline text="A&nbsp;B" xmlUrl="https://x.example/f"/></body></opml>"#,
        )
        .unwrap();
        assert_eq!(feeds.len(), 1);
        assert_eq!(feeds[0].name.as_deref(), Some("A&nbsp;B"));
    }
}
