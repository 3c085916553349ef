//! Charset decoding before parsing: every document becomes UTF-8 text here, so the parser
//! never guesses an encoding of its own. Feeds and OPML imports both come through here.
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
//! 4. **The bytes**: valid UTF-8 is UTF-8 (the XML and JSON default); anything else is
//!    handed to chardetng, Firefox's detector, which tells GBK, Big5, Shift_JIS, EUC-KR,
//!    windows-1252 and the other legacy encodings apart.
//!
//! A label from step 2 or 3 is checked against the bytes, because both kinds of lie are
//! common: a label of UTF-8 over bytes that are not UTF-8 (a GBK or windows-1252 file
//! behind a blanket header) goes to detection, and a single-byte label (`ISO-8859-1`,
//! `windows-1252`, ...) over bytes that are valid UTF-8 with non-ASCII in them is read as
//! UTF-8, since reading them as labelled would show `CafÃ©`. Both are reported as
//! [`CharsetSource::Detected`]. A UTF-8 document with a stray bad byte or two among many
//! good multi-byte characters stays UTF-8 (the bad bytes become U+FFFD): one truncated
//! character must not turn a whole Chinese feed into mojibake.
//!
//! The common case stays cheap: valid UTF-8 is recognised by one validation pass and the
//! detector never runs; it only runs on bytes that are not UTF-8, and then reads at most
//! [`DETECTION_WINDOW`] bytes from the first non-ASCII one.
//!
//! Labels are read as browsers read them (WHATWG, via encoding_rs): `ISO-8859-1` means
//! windows-1252, `GB2312` and `GBK` decode as GB18030, `Shift_JIS` as its web superset.
//!
//! The output is UTF-8 with the BOM removed and the XML declaration replaced by
//! `<?xml version="1.0"?>`: feed-rs would otherwise apply the declared encoding a second
//! time to text that is already UTF-8.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE};

/// Where the charset of a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark, or the byte pattern of `<?` in UTF-16.
    ByteOrder,
    XmlDeclaration,
    ContentType,
    /// Nothing said, or a label the bytes contradict: chosen from the bytes (valid UTF-8,
    /// else chardetng's guess).
    Detected,
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

/// The detector reads this many bytes from the first non-ASCII one: plenty to tell the
/// legacy encodings apart, and it bounds the cost on a large document.
pub const DETECTION_WINDOW: usize = 64 * 1024;

/// Bytes that are not valid UTF-8 still count as UTF-8 when there are at least this many
/// valid non-ASCII characters per invalid sequence: a stray bad byte in a UTF-8 document,
/// not a document in another encoding (whose bytes seldom happen to form UTF-8).
const MOSTLY_UTF8_RATIO: usize = 2;

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
    let label = declared_encoding(bytes)
        .and_then(usable_label)
        .map(|encoding| (encoding, CharsetSource::XmlDeclaration))
        .or_else(|| {
            content_type
                .and_then(charset_param)
                .and_then(|label| usable_label(label.as_bytes()))
                .map(|encoding| (encoding, CharsetSource::ContentType))
        });
    let utf8 = Utf8Shape::of(bytes);
    let (encoding, source) = match label {
        Some((encoding, _)) if encoding == UTF_8 && !utf8.is_utf8() => {
            (detect(bytes), CharsetSource::Detected)
        }
        Some((encoding, _)) if encoding.is_single_byte() && utf8 == Utf8Shape::ValidNonAscii => {
            (UTF_8, CharsetSource::Detected)
        }
        Some(label) => label,
        None if utf8.is_utf8() => (UTF_8, CharsetSource::Detected),
        None => (detect(bytes), CharsetSource::Detected),
    };
    (encoding, source, bytes)
}

/// What a UTF-8 validation pass says about a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf8Shape {
    Ascii,
    /// Valid UTF-8 with at least one non-ASCII character.
    ValidNonAscii,
    /// Not valid, but the bad sequences are stray: see [`MOSTLY_UTF8_RATIO`].
    MostlyUtf8,
    NotUtf8,
}

impl Utf8Shape {
    fn of(bytes: &[u8]) -> Self {
        // The fast path, one pass in all: ASCII checked a word at a time, then the rest
        // validated from the first non-ASCII byte.
        let ascii = Encoding::ascii_valid_up_to(bytes);
        if ascii == bytes.len() {
            return Self::Ascii;
        }
        if std::str::from_utf8(&bytes[ascii..]).is_ok() {
            return Self::ValidNonAscii;
        }
        let mut valid_non_ascii = 0usize;
        let mut invalid = 0usize;
        for chunk in bytes.utf8_chunks() {
            valid_non_ascii += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
            invalid += usize::from(!chunk.invalid().is_empty());
        }
        if valid_non_ascii >= invalid.saturating_mul(MOSTLY_UTF8_RATIO) {
            Self::MostlyUtf8
        } else {
            Self::NotUtf8
        }
    }

    fn is_utf8(self) -> bool {
        self != Self::NotUtf8
    }
}

/// chardetng's guess for bytes that are not UTF-8, from [`DETECTION_WINDOW`] bytes starting
/// at the first non-ASCII one (ASCII says nothing about the encoding).
fn detect(bytes: &[u8]) -> &'static Encoding {
    let start = Encoding::ascii_valid_up_to(bytes);
    let end = bytes.len().min(start.saturating_add(DETECTION_WINDOW));
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(&bytes[start..end], end == bytes.len());
    detector.guess(None, Utf8Detection::Deny)
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

/// The `encoding` value of the `<?xml ...?>` declaration, read as ASCII. The declaration
/// is looked for anywhere in the window, not only at the start: a PHP notice or other junk
/// printed before it is dropped by the parser's repairs, and the encoding it names must
/// still decode the text.
fn declared_encoding(bytes: &[u8]) -> Option<&[u8]> {
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    let start = memchr::memmem::find_iter(head, b"<?xml")
        .find(|&at| head.get(at + 5).is_some_and(u8::is_ascii_whitespace))?;
    let rest = &head[start + 5..];
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
