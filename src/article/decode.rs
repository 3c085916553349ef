//! A page's bytes as text, by the feeds' charset rules (`ingest::decode`) with HTML's own
//! label added: the HTTP header's charset first, then `<meta charset>` (or the
//! `http-equiv` form) in the first 1024 bytes, then detection from the bytes.

use crate::ingest::decode;

/// The prescan window, as browsers use it.
const META_WINDOW: usize = 1024;

/// The page as UTF-8 text.
pub fn decode_page(bytes: &[u8], content_type: Option<&str>) -> String {
    let header_has_charset =
        content_type.is_some_and(|t| t.to_ascii_lowercase().contains("charset="));
    if !header_has_charset && let Some(label) = meta_charset(bytes) {
        // Handed to the feed decoder as a header label, so the same checks apply to it
        // (a label of UTF-8 over GBK bytes still goes to detection).
        let labelled = format!("text/html; charset={label}");
        return decode::decode(bytes, Some(&labelled)).text;
    }
    decode::decode(bytes, content_type).text
}

/// The charset a `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` names in the first 1024 bytes.
pub fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes[..bytes.len().min(META_WINDOW)].to_ascii_lowercase();
    let mut rest = &head[..];
    while let Some(at) = memchr::memmem::find(rest, b"<meta") {
        let tag = &rest[at + 5..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(pos) = memchr::memmem::find(tag, b"charset=") {
            let value = &tag[pos + 8..];
            let value = value
                .strip_prefix(b"\"")
                .or_else(|| value.strip_prefix(b"'"))
                .unwrap_or(value);
            let len = value
                .iter()
                .position(|&b| {
                    matches!(b, b'"' | b'\'' | b';' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
                })
                .unwrap_or(value.len());
            let label = String::from_utf8_lossy(&value[..len]).trim().to_string();
            if !label.is_empty() {
                return Some(label);
            }
        }
        rest = &rest[at + 5..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_is_read_in_both_forms() {
        assert_eq!(
            meta_charset(b"<head><meta charset=\"GBK\">").as_deref(),
            Some("gbk")
        );
        assert_eq!(
            meta_charset(b"<meta charset=big5>").as_deref(),
            Some("big5")
        );
        assert_eq!(
            meta_charset(
                b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\">"
            )
            .as_deref(),
            Some("gb2312")
        );
        assert_eq!(meta_charset(b"<meta name=\"x\"><p>charset=utf-8</p>"), None);
        let late = format!("{}<meta charset=gbk>", " ".repeat(2000));
        assert_eq!(
            meta_charset(late.as_bytes()),
            None,
            "past the prescan window"
        );
    }

    #[test]
    fn gbk_with_only_a_meta_label_decodes() {
        let (bytes, _, _) = encoding_rs::GBK.encode("<meta charset=\"gbk\"><p>人工智能芯片</p>");
        assert!(decode_page(&bytes, Some("text/html")).contains("人工智能芯片"));
        assert!(decode_page(&bytes, None).contains("人工智能芯片"));
    }

    #[test]
    fn the_header_charset_wins_over_meta() {
        let (bytes, _, _) = encoding_rs::BIG5.encode("<meta charset=\"gbk\"><p>人工智慧晶片</p>");
        assert!(decode_page(&bytes, Some("text/html; charset=big5")).contains("人工智慧晶片"));
    }
}
