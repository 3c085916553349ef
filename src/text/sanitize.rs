//! Terminal-safe text: strips escape sequences, control, bidi and zero-width characters,
//! and turns HTML into readable text.
//!
//! Everything here takes untrusted feed text and never panics on it. Outputs never contain
//! escape sequences, C0/C1 controls (apart from `\n` in multi-line output), DEL, bidi
//! controls or zero-width characters. The same functions run at ingest and again at render.

mod entities;
mod escapes;
mod html;
mod link;
mod tags;

/// Longest title kept, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
pub use crate::model::MAX_BODY_BYTES;
/// Longest link accepted by `safe_link`, in bytes.
pub const MAX_LINK_BYTES: usize = link::MAX_LINK_BYTES;
/// Narrowest width `html_to_text` wraps to.
pub const MIN_PREVIEW_WIDTH: usize = html::MIN_WIDTH;

/// A single terminal-safe line: escape sequences and controls removed, tabs and newlines
/// become single spaces, whitespace collapsed, capped at `max_chars` (with an ellipsis).
///
/// Escape sequences go whole: CSI, OSC (ended by BEL or ST), DCS, SOS, PM and APC (ended by
/// ST), in 7-bit (`ESC [`) and 8-bit (U+009B) form, and two-character `ESC` sequences. An
/// unterminated OSC/DCS/SOS/PM/APC (the next `ESC` or the end of input comes first) loses only
/// its introducer; its payload stays as ordinary text, so a stray introducer cannot swallow
/// the rest of a string. When the line is longer than `max_chars` characters it is cut to
/// `max_chars - 1` and '…' is appended.
pub fn clean_line(input: &str, max_chars: usize) -> String {
    escapes::clean_line(input, max_chars)
}

/// A feed title or item title, possibly holding HTML tags or entities: as `clean_line`,
/// after tags are stripped and entities decoded.
///
/// Entities are decoded once, after tags are removed: `&lt;b&gt;` shows as `<b>` and
/// `&amp;lt;` as `&lt;`. Decoded controls (`&#x1b;[31m`) are then removed like raw ones.
/// Numeric references 0x80–0x9F are read as Windows-1252 as browsers do (`&#x92;` is `’`);
/// the unmapped ones are C1 controls and are removed.
pub fn clean_title(input: &str) -> String {
    // A title cannot show more than MAX_TITLE_CHARS, so a huge hostile one is cut first.
    let input = escapes::truncate_str(input, MAX_BODY_BYTES);
    clean_line(&tags::tags_to_text(input), MAX_TITLE_CHARS)
}

/// Multi-line terminal-safe text: as `clean_line` but newlines survive (tabs become spaces).
///
/// CRLF and CR become LF, trailing spaces go, at most one blank line appears in a row and
/// none at the start or end. Leading indentation is kept. Cut at `max_bytes` on a character
/// boundary (the input is cut there first, so a huge input costs no more than a capped one).
pub fn clean_text(input: &str, max_bytes: usize) -> String {
    // Cleaning never lengthens text, so nothing past `max_bytes` of input could be kept:
    // cutting first keeps a 10 MB hostile body as cheap as a normal one.
    escapes::clean_text(escapes::truncate_str(input, max_bytes), max_bytes)
}

/// Readable text for the preview: paragraphs, lists, quotes, and links numbered `[1]` in
/// the text and listed at the end. Wrapped to `width` columns. Output is terminal-safe.
///
/// Paragraphs and headings are separated by a blank line, list items start with `• `
/// (nested ones indented), quotes with `│ `, images show as `[image: alt]` (dropped without
/// alt text), scripts and styles vanish. Only http(s) and mailto links are numbered and
/// listed, each URL once; link lines are not wrapped, so they stay copyable. Plain text keeps
/// its paragraphs. Input past `MAX_BODY_BYTES` is ignored; width is at least
/// `MIN_PREVIEW_WIDTH`. Meant to run when an article is previewed, and its result cached.
pub fn html_to_text(html: &str, width: usize) -> String {
    html::render(truncate_markup(html), width)
}

/// An attribute value (from XML that would not unescape, such as an OPML file with
/// `&nbsp;` or a bare `&`) with its character references decoded once, as a browser
/// decodes them in attributes: `?a=1&copy=2` keeps its `&copy`. Not yet terminal-safe.
pub fn decode_attribute(value: &str) -> String {
    entities::decode_attribute_entities(value).into_owned()
}

/// Cheap tag stripping with entity decoding, for classification (no layout work).
///
/// One pass, single-spaced, terminal-safe output; input past `MAX_BODY_BYTES` is ignored.
pub fn strip_tags(html: &str) -> String {
    clean_line(&tags::tags_to_text(truncate_markup(html)), usize::MAX)
}

/// `html` cut to `MAX_BODY_BYTES` on a character boundary and, when that cuts through a
/// tag, before that tag, so no `<div cl` fragment shows up as text.
fn truncate_markup(html: &str) -> &str {
    let cut = escapes::truncate_str(html, MAX_BODY_BYTES);
    if cut.len() == html.len() {
        return cut;
    }
    match (cut.rfind('<'), cut.rfind('>')) {
        (Some(lt), Some(gt)) if lt > gt => &cut[..lt],
        (Some(lt), None) => &cut[..lt],
        _ => cut,
    }
}

/// A link that is safe to hand to the browser: http or https, no controls or whitespace,
/// not starting with `-`. `None` otherwise.
///
/// The result is normalized by the `url` crate (lowercase scheme and host, punycode,
/// percent-encoding). Surrounding whitespace is trimmed; user info
/// (`https://a.example@b.example`) and links over `MAX_LINK_BYTES` are refused.
pub fn safe_link(link: &str) -> Option<String> {
    link::safe_link(link)
}

#[cfg(test)]
mod tests;
