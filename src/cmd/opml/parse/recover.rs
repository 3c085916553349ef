//! Reading a malformed OPML file outline by outline, for when a strict XML reading fails.
//!
//! Shared subscription lists are often hand-edited or written by tools that do not escape:
//! one `description=""'A podcast' - The Guardian."` makes the whole file invalid XML, and a
//! strict reader loses every feed in it. Here each `<outline` tag is read on its own, with
//! its attribute values ending at the quote that is followed by another attribute or by the
//! end of the tag, so a stray quote inside a value is taken as part of the value. What
//! cannot be read is reported by line and left out; everything else is kept.
//!
//! One pass, linear in the file: a tag is never read past the next `<outline` or `</`.

use super::{LineNote, MAX_DEPTH, OpmlError, OpmlRead, Outline, find_ascii_ci, too_deep};
use crate::text::sanitize::clean_line;

/// True when the text has an `<opml` element at all; recovery is only tried for OPML.
pub(super) fn has_opml(text: &str) -> bool {
    find_ascii_ci(text, "<opml").is_some()
}

/// Every readable outline of `text`, with notes on the ones that needed repair or were
/// left out.
pub(super) fn parse_leniently(text: &str) -> Result<OpmlRead, OpmlError> {
    let mut read = OpmlRead::default();
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut lines = LineCounter::default();
    let mut pos = 0;
    while let Some(found) = memchr::memchr(b'<', &text.as_bytes()[pos..]) {
        let at = pos + found;
        let after = &text[at + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            pos = comment
                .find("-->")
                .map_or(text.len(), |end| text.len() - comment.len() + end + 3);
            continue;
        }
        if is_tag(after, "/outline") {
            folders.pop();
            pos = at + 1;
            continue;
        }
        if !is_tag(after, "outline") {
            pos = at + 1;
            continue;
        }
        let attrs_at = at + 1 + "outline".len();
        let limit = next_boundary(text, attrs_at);
        let line = lines.line_at(text, at);
        match read_tag(&text[attrs_at..limit]) {
            Tag::Complete {
                outline,
                self_closing,
                end,
                repairs,
            } => {
                if outline.url.is_none()
                    && !repairs.is_empty()
                    && let Some(salvaged) = salvage(text, attrs_at, &folders, line)
                {
                    pos = salvaged.resume_at;
                    read.repaired.push(salvaged.note);
                    read.feeds.push(salvaged.feed);
                    continue;
                }
                let has_url = outline.url.is_some();
                let folder = outline.folder_name();
                if let Some(feed) = outline.into_feed(&folders) {
                    if !repairs.is_empty() {
                        read.repaired.push(LineNote {
                            line,
                            message: format!(
                                "{}; kept <{}>",
                                repairs.join("; "),
                                clean_line(&feed.url, 200)
                            ),
                        });
                    }
                    read.feeds.push(feed);
                } else if !repairs.is_empty() && !has_url {
                    read.skipped.push(LineNote {
                        line,
                        message: format!(
                            "{}; no feed address (xmlUrl) could be read from this outline",
                            repairs.join("; ")
                        ),
                    });
                }
                if !self_closing {
                    if folders.len() >= MAX_DEPTH {
                        return Err(too_deep(text, at));
                    }
                    folders.push(folder);
                }
                pos = attrs_at + end + 1;
            }
            Tag::Unended => {
                if let Some(salvaged) = salvage(text, attrs_at, &folders, line) {
                    pos = salvaged.resume_at;
                    read.repaired.push(salvaged.note);
                    read.feeds.push(salvaged.feed);
                    continue;
                }
                read.skipped.push(LineNote {
                    line,
                    message: "the outline tag never ends (an attribute's quote is not \
                              closed?); left out"
                        .to_owned(),
                });
                pos = limit;
            }
        }
    }
    Ok(read)
}

/// A feed read from an outline whose attributes cannot be told apart, typically because a
/// `description` holds raw HTML with quotes and tags of its own (`<a href="...">`).
struct Salvaged {
    feed: super::OpmlFeed,
    note: LineNote,
    /// Where reading goes on: after the outline's real end.
    resume_at: usize,
}

/// The attributes a salvaged outline keeps: the feed's address and its names.
const SALVAGED_ATTRIBUTES: [&str; 3] = ["xmlUrl", "title", "text"];

/// Second chance for an outline that could not be read attribute by attribute: within its
/// span (up to the next `<outline`, `</outline` or `</body`, whichever comes first, HTML end
/// tags inside a value included), each of `xmlUrl`, `title` and `text` is read where it
/// appears as ` name="value"` with a value free of `<`, `>` and that quote. An outline is
/// kept only when such an `xmlUrl` is found; it is taken as closed where it is (folders of
/// feeds are rarely the broken outlines, and a wrong guess would misfile every feed after
/// it). One pass over the span.
fn salvage(
    text: &str,
    attrs_at: usize,
    folders: &[Option<String>],
    line: usize,
) -> Option<Salvaged> {
    let end = outline_span_end(text, attrs_at);
    let span = &text[attrs_at..end];
    let mut outline = Outline::default();
    for name in SALVAGED_ATTRIBUTES {
        if let Some(value) = plain_attribute(span, name) {
            outline.attribute(name, value);
        }
    }
    outline.url.as_ref()?;
    let feed = outline.into_feed(folders)?;
    let note = LineNote {
        line,
        message: format!(
            "the outline's attributes could not be told apart (HTML inside a value?); \
             kept its xmlUrl <{}>",
            clean_line(&feed.url, 200)
        ),
    };
    Some(Salvaged {
        feed,
        note,
        resume_at: end,
    })
}

/// Where an outline's text ends for salvage: the next `<outline`, `</outline` or `</body`.
fn outline_span_end(text: &str, from: usize) -> usize {
    next_tag_where(text, from, |after| {
        is_tag(after, "outline") || is_tag(after, "/outline") || is_tag(after, "/body")
    })
}

/// The value of the first ` name="value"` (or single-quoted) in `span` whose value holds
/// no `<` or `>`: a real attribute, not one of an HTML tag quoted inside another value.
fn plain_attribute<'a>(span: &'a str, name: &str) -> Option<&'a str> {
    let bytes = span.as_bytes();
    let mut from = 0;
    while let Some(found) = super::find_ascii_ci(&span[from..], name) {
        let at = from + found;
        from = at + name.len();
        let starts_word = at > 0 && is_space(bytes[at - 1]);
        let after = skip_space(bytes, at + name.len());
        if !starts_word || bytes.get(after) != Some(&b'=') {
            continue;
        }
        let open = skip_space(bytes, after + 1);
        let Some(&quote @ (b'"' | b'\'')) = bytes.get(open) else {
            continue;
        };
        let Some(close) = memchr::memchr(quote, &bytes[open + 1..]) else {
            continue;
        };
        let value = &span[open + 1..open + 1 + close];
        if !value.contains(['<', '>']) {
            return Some(value);
        }
    }
    None
}

/// True when `after` (the text after a `<`) starts with the tag name `name`.
fn is_tag(after: &str, name: &str) -> bool {
    after
        .as_bytes()
        .get(..name.len())
        .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        && after
            .as_bytes()
            .get(name.len())
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
}

/// Where the next outline or end tag starts after `from`: no tag is read past it.
fn next_boundary(text: &str, from: usize) -> usize {
    next_tag_where(text, from, |after| {
        after.starts_with('/') || is_tag(after, "outline")
    })
}

/// The offset of the first `<` after `from` whose following text satisfies `stops`, else
/// the end of the text.
fn next_tag_where(text: &str, from: usize, stops: impl Fn(&str) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut pos = from;
    while let Some(found) = memchr::memchr(b'<', &bytes[pos..]) {
        let at = pos + found;
        if stops(&text[at + 1..]) {
            return at;
        }
        pos = at + 1;
    }
    text.len()
}

/// Line numbers for increasing offsets, counted once.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let newlines = memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]).count();
        self.line += newlines;
        self.offset = offset;
        self.line + 1
    }
}

/// One `<outline` tag as read.
enum Tag {
    Complete {
        outline: Outline,
        self_closing: bool,
        /// Offset of the closing `>` in the attribute text.
        end: usize,
        /// What had to be read past, for the report.
        repairs: Vec<String>,
    },
    /// No `>` before the next outline: the tag cannot be told from what follows.
    Unended,
}

/// Reads the attributes of one tag, `attrs` being the text after `<outline` up to the next
/// boundary.
fn read_tag(attrs: &str) -> Tag {
    let bytes = attrs.as_bytes();
    let mut outline = Outline::default();
    let mut repairs: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut i = 0;
    loop {
        i = skip_space(bytes, i);
        match bytes.get(i) {
            None => return Tag::Unended,
            Some(b'>') => {
                return Tag::Complete {
                    outline,
                    self_closing: false,
                    end: i,
                    repairs,
                };
            }
            Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                return Tag::Complete {
                    outline,
                    self_closing: true,
                    end: i + 1,
                    repairs,
                };
            }
            Some(_) => {}
        }
        let name_start = i;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'=' | b'>') {
            if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>') {
                break;
            }
            i += 1;
        }
        let name = &attrs[name_start..i];
        let after_name = skip_space(bytes, i);
        if bytes.get(after_name) != Some(&b'=') {
            if !name.is_empty() {
                repairs.push(format!(
                    "stray text `{}` in the tag was ignored",
                    clean_line(name, 40)
                ));
            } else {
                i += 1;
            }
            continue;
        }
        i = skip_space(bytes, after_name + 1);
        let (value, next, repaired) = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => match quoted_value_end(bytes, i + 1, quote) {
                Some((close, first)) => (&attrs[i + 1..close], close + 1, !first),
                None => return Tag::Unended,
            },
            _ => {
                let start = i;
                while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>') {
                        break;
                    }
                    i += 1;
                }
                (&attrs[start..i], i, true)
            }
        };
        if repaired {
            repairs.push(format!(
                "an unescaped quote in `{}` was read as part of its value",
                clean_line(name, 40)
            ));
        }
        // XML allows each attribute once; the first one counts, as in browsers.
        if !seen.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            seen.push(name);
            outline.attribute(name, value);
        }
        i = next;
    }
}

/// The offset of the quote closing a value that starts at `from`, and whether it is the
/// first such quote (a well-formed value). A quote closes the value when what follows it
/// ends the tag or starts another attribute (`name=`); other quotes are taken as part of
/// the value. `None` when no quote qualifies.
fn quoted_value_end(bytes: &[u8], from: usize, quote: u8) -> Option<(usize, bool)> {
    let mut first = true;
    let mut pos = from;
    while let Some(found) = memchr::memchr(quote, &bytes[pos..]) {
        let at = pos + found;
        if closes_value(bytes, at + 1) {
            return Some((at, first));
        }
        first = false;
        pos = at + 1;
    }
    None
}

/// True when the text at `i` (just after a quote) ends the tag or starts an attribute:
/// `>`, `/>` or `name="`, perhaps after bare words separated by spaces (HTML-style flags
/// such as `hidden`). The walk stops at the first byte that is neither a name byte nor a
/// space, so it never passes the next quote: looking ahead from every quote of a value
/// stays linear.
fn closes_value(bytes: &[u8], i: usize) -> bool {
    let mut j = skip_space(bytes, i);
    loop {
        match bytes.get(j) {
            Some(b'>') => return true,
            Some(b'/') => return bytes.get(j + 1) == Some(&b'>'),
            Some(b) if is_name_start(*b) => {
                let mut k = j + 1;
                while bytes.get(k).is_some_and(|b| is_name_char(*b)) {
                    k += 1;
                }
                let after = skip_space(bytes, k);
                if bytes.get(after) == Some(&b'=') {
                    return matches!(bytes.get(skip_space(bytes, after + 1)), Some(b'"' | b'\''));
                }
                // A bare word must be set off by spaces on both sides.
                if j == i || after == k {
                    return false;
                }
                j = after;
            }
            _ => return false,
        }
    }
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || matches!(b, b'_' | b':')
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-' | b'.')
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    i
}
