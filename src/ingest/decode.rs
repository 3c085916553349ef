//! Charset decoding before parsing, for the cases feed-rs cannot see: a charset given only in
//! the HTTP Content-Type, or no charset at all on bytes that are not UTF-8.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Returns bytes feed-rs can read. A byte-order mark or an XML declaration with an encoding
/// is left to feed-rs (the document knows best; servers often mislabel). Otherwise the
/// Content-Type charset is applied, and invalid UTF-8 without any label is read as
/// windows-1252, the web's de facto default.
pub fn to_parseable<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Cow<'a, [u8]> {
    if has_bom(bytes) || declared_xml_encoding(bytes) {
        return Cow::Borrowed(bytes);
    }
    let labelled = content_type
        .and_then(charset_param)
        .and_then(|label| Encoding::for_label(label.as_bytes()));
    let encoding = match labelled {
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => return Cow::Borrowed(bytes),
        None => WINDOWS_1252,
    };
    if encoding == UTF_8 {
        return Cow::Borrowed(bytes);
    }
    let (text, _, _) = encoding.decode(bytes);
    Cow::Owned(text.into_owned().into_bytes())
}

fn has_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.starts_with(b"\xFF\xFE")
}

/// True when the document opens with `<?xml ... encoding=...?>`.
fn declared_xml_encoding(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let rest = &bytes[start..];
    if !rest.starts_with(b"<?xml") {
        return false;
    }
    let end = rest
        .windows(2)
        .take(512)
        .position(|w| w == b"?>")
        .unwrap_or(0);
    rest[..end]
        .windows(8)
        .any(|w| w.eq_ignore_ascii_case(b"encoding"))
}

/// The `charset` parameter of a Content-Type value, unquoted.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"'))
            .filter(|v| !v.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_http_charset_applies_without_a_declaration() {
        let latin1 = b"<rss version=\"2.0\"><channel><title>Caf\xe9</title></channel></rss>";
        let out = to_parseable(latin1, Some("text/xml; charset=\"ISO-8859-1\""));
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            "<rss version=\"2.0\"><channel><title>Caf\u{e9}</title></channel></rss>"
        );
    }

    #[test]
    fn the_document_declaration_wins() {
        let doc =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><title>Caf\xe9</title></rss>";
        assert!(matches!(
            to_parseable(doc, Some("text/xml; charset=utf-8")),
            Cow::Borrowed(_)
        ));
        let bom = b"\xEF\xBB\xBF<rss/>";
        assert!(matches!(
            to_parseable(bom, Some("text/xml; charset=koi8-r")),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn unlabelled_bytes_stay_or_fall_back_to_windows_1252() {
        assert!(matches!(
            to_parseable("<rss>\u{e9}</rss>".as_bytes(), None),
            Cow::Borrowed(_)
        ));
        let out = to_parseable(b"<rss>\x93quoted\x94</rss>", Some("application/rss+xml"));
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            "<rss>\u{201c}quoted\u{201d}</rss>"
        );
    }
}
