//! Charset decoding before parsing: every document becomes UTF-8 text here, so the parser
//! never guesses an encoding of its own.
//!
//! One precedence, first match wins:
//!
//! 1. **Byte-order mark** (UTF-8, UTF-16LE, UTF-16BE), or without one a first `<` or `{`
//!    spelled in UTF-16 (as XML 1.0 appendix F does). Bytes cannot lie about their layout.
//! 2. **XML declaration** `encoding="..."`. The document knows best: servers often send a
//!    blanket `charset=utf-8` or `ISO-8859-1` whatever the file holds. A declaration naming
//!    UTF-16 is ignored (it was just read as ASCII, so it is wrong), as are unknown labels.
//! 3. **HTTP Content-Type** `charset=...`, for documents without a declaration (common for
//!    Chinese sites serving GBK).
//! 4. **UTF-8**, the XML and JSON default; invalid sequences become U+FFFD.
//!
//! Labels are read as browsers read them (WHATWG, via encoding_rs): `ISO-8859-1` means
//! windows-1252, `GB2312` and `GBK` decode as GB18030, `Shift_JIS` as its web superset.
//!
//! The output is UTF-8 with the BOM removed and the XML declaration replaced by
//! `<?xml version="1.0"?>`: feed-rs would otherwise apply the declared encoding a second
//! time to text that is already UTF-8.

use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE};

/// Where the charset of a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark, or the byte pattern of `<?` in UTF-16.
    ByteOrder,
    XmlDeclaration,
    ContentType,
    /// Nothing said: UTF-8.
    Default,
}

/// A document as UTF-8 text, and how its charset was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub source: CharsetSource,
    /// Some bytes were not valid in the chosen encoding and became U+FFFD.
    pub had_errors: bool,
}

/// The declaration every decoded document starts with, in place of the original one.
const UTF8_DECLARATION: &str = "<?xml version=\"1.0\"?>";

/// The declaration is searched for in this many leading bytes only.
const DECLARATION_WINDOW: usize = 1024;

/// Decodes `bytes` to UTF-8 by the precedence in the module documentation.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let (encoding, source, body) = choose(bytes, content_type);
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    Decoded {
        text: rewrite_declaration(&text),
        encoding,
        source,
        had_errors,
    }
}

/// Bytes feed-rs can read: `decode(..).text` as bytes.
pub fn to_parseable(bytes: &[u8], content_type: Option<&str>) -> Vec<u8> {
    decode(bytes, content_type).text.into_bytes()
}

/// The encoding, why it was chosen, and the bytes to decode (without the BOM).
fn choose<'a>(
    bytes: &'a [u8],
    content_type: Option<&str>,
) -> (&'static Encoding, CharsetSource, &'a [u8]) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return (encoding, CharsetSource::ByteOrder, &bytes[bom_len..]);
    }
    if let Some(encoding) = utf16_by_pattern(bytes) {
        return (encoding, CharsetSource::ByteOrder, bytes);
    }
    if let Some(encoding) = declared_encoding(bytes).and_then(usable_label) {
        return (encoding, CharsetSource::XmlDeclaration, bytes);
    }
    if let Some(encoding) = content_type
        .and_then(charset_param)
        .and_then(|label| usable_label(label.as_bytes()))
    {
        return (encoding, CharsetSource::ContentType, bytes);
    }
    (UTF_8, CharsetSource::Default, bytes)
}

/// UTF-16 without a BOM, told by a first `<` or `{` whose other byte is zero (XML 1.0
/// appendix F does the same with `<?`).
fn utf16_by_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes.get(..4)? {
        [b'<' | b'{', 0, _, 0] => Some(UTF_16LE),
        [0, b'<' | b'{', 0, _] => Some(UTF_16BE),
        _ => None,
    }
}

/// The encoding a label names, unless it is UTF-16 (the bytes were just read as ASCII, and
/// real UTF-16 was recognised above) or WHATWG's "replacement" encoding, which would turn
/// the whole document into one U+FFFD.
fn usable_label(label: &[u8]) -> Option<&'static Encoding> {
    Encoding::for_label(label).filter(|e| ![UTF_16LE, UTF_16BE, REPLACEMENT].contains(e))
}

/// The `encoding` value of a leading `<?xml ...?>` declaration, read as ASCII.
fn declared_encoding(bytes: &[u8]) -> Option<&[u8]> {
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = head[start..].strip_prefix(b"<?xml")?;
    let end = rest.iter().position(|&b| b == b'>')?;
    let decl = &rest[..end];
    let at = decl
        .windows(8)
        .position(|w| w.eq_ignore_ascii_case(b"encoding"))?;
    let after = trim_ascii_start(&decl[at + 8..]).strip_prefix(b"=")?;
    let after = trim_ascii_start(after);
    let quote = *after.first().filter(|q| matches!(q, b'"' | b'\''))?;
    let value = &after[1..];
    let close = value.iter().position(|&b| b == quote)?;
    Some(value[..close].trim_ascii()).filter(|v| !v.is_empty())
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

/// Leading whitespace dropped (XML allows none before the declaration) and a leading
/// declaration replaced by one that names no encoding.
fn rewrite_declaration(text: &str) -> String {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let Some(rest) = text.strip_prefix("<?xml") else {
        return text.to_string();
    };
    // `<?xml-stylesheet ...?>` is a processing instruction, not the declaration.
    if !rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '?') {
        return text.to_string();
    }
    match rest.find('>') {
        Some(end) => {
            let after = &rest[end + 1..];
            let mut out = String::with_capacity(UTF8_DECLARATION.len() + after.len());
            out.push_str(UTF8_DECLARATION);
            out.push_str(after);
            out
        }
        None => text.to_string(),
    }
}

/// The `charset` parameter of a Content-Type value, unquoted.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).trim())
            .filter(|v| !v.is_empty())
    })
}

#[cfg(test)]
mod tests;
