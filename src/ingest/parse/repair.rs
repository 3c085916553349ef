//! Small, safe repairs to an XML document before feed-rs sees it, for shapes it refuses
//! outright although a reader can make sense of them.
//!
//! * The `<rss>` root's `version`: feed-rs dispatches on it and accepts only "2.0", "0.91",
//!   "0.92" and "". A missing version, "0.93", "0.94", "2.00" or "2" all mean RSS 2-like
//!   documents, so they are rewritten to "2.0".
//! * Numeric character references that name no character (`&#0;`, a surrogate, past
//!   U+10FFFF, not a number): quick-xml fails the whole document on one of them; they become
//!   U+FFFD instead.
//!
//! Both run before the strict parse: they are cheap, and borrow the input when there is
//! nothing to change. Heavier repairs wait in `lenient` until the strict parse fails.
//!
//! Works on bytes in any ASCII-compatible encoding (in the pipeline they are already UTF-8).

use std::borrow::Cow;

use crate::feed_report::{Repair, Repairs};

/// The root element is looked for in this many leading bytes (prolog comments included).
const PROLOG_WINDOW: usize = 64 * 1024;
/// Versions feed-rs reads as they are ("" is its RSS 2 too).
const KNOWN_VERSIONS: [&[u8]; 4] = [b"2.0", b"0.91", b"0.92", b""];
/// Longest `&#...;` looked at; anything longer is not a character reference.
const MAX_REFERENCE_LEN: usize = 12;

/// Applies every repair, counting them. Borrowed when nothing needed changing, and never
/// more than one copy of the document when something did.
pub fn repair(bytes: &[u8]) -> (Cow<'_, [u8]>, Repairs) {
    let mut repairs = Repairs::default();
    let versioned = normalize_rss_version(bytes);
    if matches!(versioned, Cow::Owned(_)) {
        repairs.add(Repair::RssVersion, 1);
    }
    let fixed = match versioned {
        Cow::Borrowed(b) => {
            let (fixed, count) = replace_invalid_char_refs_counted(b);
            repairs.add(Repair::InvalidCharReference, count);
            fixed
        }
        Cow::Owned(b) => {
            let (fixed, count) = replace_invalid_char_refs_counted(&b);
            repairs.add(Repair::InvalidCharReference, count);
            match fixed {
                Cow::Borrowed(_) => Cow::Owned(b),
                Cow::Owned(fixed) => Cow::Owned(fixed),
            }
        }
    };
    (fixed, repairs)
}

/// Rewrites the `<rss>` root's version attribute to one feed-rs dispatches on.
pub fn normalize_rss_version(bytes: &[u8]) -> Cow<'_, [u8]> {
    let Some(root) = root_start(bytes) else {
        return Cow::Borrowed(bytes);
    };
    let after_name = root + 4;
    let is_rss = bytes[root..].starts_with(b"<rss")
        && bytes
            .get(after_name)
            .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
    if !is_rss {
        return Cow::Borrowed(bytes);
    }
    let Some(tag_end) = tag_end(bytes, after_name) else {
        return Cow::Borrowed(bytes);
    };
    let replacement: (usize, usize, &[u8]) =
        match find_attribute(bytes, after_name, tag_end, b"version") {
            Some((start, end)) => {
                let value = bytes[start..end].trim_ascii();
                if KNOWN_VERSIONS.contains(&value) && value.len() == end - start {
                    return Cow::Borrowed(bytes);
                }
                let fixed: &[u8] = KNOWN_VERSIONS
                    .iter()
                    .copied()
                    .find(|v| *v == value)
                    .unwrap_or(b"2.0");
                (start, end, fixed)
            }
            None => (after_name, after_name, b" version=\"2.0\""),
        };
    let (start, end, text) = replacement;
    let mut out = Vec::with_capacity(bytes.len() + text.len());
    out.extend_from_slice(&bytes[..start]);
    out.extend_from_slice(text);
    out.extend_from_slice(&bytes[end..]);
    Cow::Owned(out)
}

/// Where the root element's `<` is: after a BOM, whitespace, the declaration, processing
/// instructions, comments and a doctype.
fn root_start(bytes: &[u8]) -> Option<usize> {
    let window = &bytes[..bytes.len().min(PROLOG_WINDOW)];
    let mut at = if window.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    loop {
        at += window[at..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        let rest = &window[at..];
        if rest.starts_with(b"<?") {
            at += find(rest, b"?>")? + 2;
        } else if rest.starts_with(b"<!--") {
            at += find(rest, b"-->")? + 3;
        } else if rest.starts_with(b"<!") {
            at += doctype_len(rest)?;
        } else if rest.starts_with(b"<") {
            return Some(at);
        } else {
            return None;
        }
    }
}

/// Length of `<!DOCTYPE ...>`, internal subset `[...]` included.
pub(super) fn doctype_len(rest: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in rest.iter().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Index of the `>` that ends the tag whose attributes start at `from` (quotes respected).
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The value span (inside the quotes) of attribute `name` between `from` and `to`.
fn find_attribute(bytes: &[u8], from: usize, to: usize, name: &[u8]) -> Option<(usize, usize)> {
    let mut i = from;
    while i < to {
        i += bytes[i..to]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        let name_len = bytes[i..to]
            .iter()
            .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
            .count();
        let attr = &bytes[i..i + name_len];
        i += name_len;
        i += bytes[i..to]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        if bytes.get(i) != Some(&b'=') || i >= to {
            // A bare word: the next attribute starts right here. Only a byte that starts
            // no name (a stray `/`) is stepped over.
            if name_len == 0 {
                i += 1;
            }
            continue;
        }
        i += 1;
        i += bytes[i..to]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        let quote = *bytes.get(i).filter(|q| matches!(q, b'"' | b'\''))?;
        let start = i + 1;
        let len = bytes[start..to].iter().position(|&b| b == quote)?;
        if attr == name {
            return Some((start, start + len));
        }
        i = start + len + 1;
    }
    None
}

/// `&#...;` references that quick-xml would reject become `&#xFFFD;`; also says how many.
fn replace_invalid_char_refs_counted(bytes: &[u8]) -> (Cow<'_, [u8]>, u32) {
    let mut replaced = 0u32;
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"&#") {
        let start = at + found;
        let body_start = start + 2;
        let window = &bytes[body_start..bytes.len().min(body_start + MAX_REFERENCE_LEN)];
        // Only `&#` + letters and digits + `;` reads as a reference; anything else is text.
        let Some(semi) = window
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .filter(|&i| window[i] == b';')
        else {
            at = body_start;
            continue;
        };
        let end = body_start + semi + 1;
        if char_reference_is_valid(&window[..semi]) {
            at = end;
            continue;
        }
        let buffer = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
        buffer.extend_from_slice(&bytes[copied..start]);
        buffer.extend_from_slice(b"&#xFFFD;");
        replaced = replaced.saturating_add(1);
        copied = end;
        at = end;
    }
    let fixed = match out {
        Some(mut buffer) => {
            buffer.extend_from_slice(&bytes[copied..]);
            Cow::Owned(buffer)
        }
        None => Cow::Borrowed(bytes),
    };
    (fixed, replaced)
}

/// The text between `&#` and `;` names a character quick-xml accepts.
fn char_reference_is_valid(body: &[u8]) -> bool {
    let (digits, radix) = match body.first() {
        Some(b'x') => (&body[1..], 16),
        _ => (body, 10),
    };
    let valid_digits = !digits.is_empty() && digits.iter().all(|b| b.is_ascii_hexdigit());
    valid_digits
        && std::str::from_utf8(digits)
            .ok()
            .and_then(|d| u32::from_str_radix(d, radix).ok())
            .and_then(char::from_u32)
            .is_some_and(|c| c != '\0')
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: Cow<'_, [u8]>) -> String {
        String::from_utf8(bytes.into_owned()).unwrap()
    }

    #[test]
    fn rss_versions_are_normalized() {
        for (input, want) in [
            (
                "<rss><channel/></rss>",
                "<rss version=\"2.0\"><channel/></rss>",
            ),
            ("<rss>", "<rss version=\"2.0\">"),
            ("<rss version=\"0.94\">", "<rss version=\"2.0\">"),
            ("<rss version='2.00' x='1'>", "<rss version='2.0' x='1'>"),
            ("<rss  version = \" 0.92 \" >", "<rss  version = \"0.92\" >"),
            (
                "<?xml version=\"1.0\"?>\n<!-- c > d --><!DOCTYPE rss [<!ENTITY a \"b\">]>\n<rss xmlns:dc=\"x\">",
                "<?xml version=\"1.0\"?>\n<!-- c > d --><!DOCTYPE rss [<!ENTITY a \"b\">]>\n<rss version=\"2.0\" xmlns:dc=\"x\">",
            ),
            (
                "<rss title=\"version='x'\">",
                "<rss version=\"2.0\" title=\"version='x'\">",
            ),
        ] {
            assert_eq!(
                text(normalize_rss_version(input.as_bytes())),
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn known_versions_and_other_roots_are_untouched() {
        for input in [
            "<rss version=\"2.0\">",
            "<rss version=\"0.91\">",
            "<rss version=''>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            "<rssx>",
            "<rdf:RDF>",
            "{\"version\": \"<rss>\"}",
            "<rss version=\"2.0",
            "",
        ] {
            assert!(
                matches!(normalize_rss_version(input.as_bytes()), Cow::Borrowed(_)),
                "{input}"
            );
        }
    }

    #[test]
    fn invalid_character_references_become_replacement_characters() {
        assert_eq!(
            text(
                replace_invalid_char_refs_counted(b"a&#0;b&#x0;c&#xD800;d&#1114112;e&#xZZ;f&#;g").0
            ),
            "a&#xFFFD;b&#xFFFD;c&#xFFFD;d&#xFFFD;e&#xFFFD;f&#xFFFD;g"
        );
        let fine = b"&#x1b;[31m &#155; &#8217; &#x4E2D; &#38 &amp; &#x";
        assert!(matches!(
            replace_invalid_char_refs_counted(fine),
            (Cow::Borrowed(_), 0)
        ));
        let (_, count) = replace_invalid_char_refs_counted(b"&#0; &#1; &#xD800;");
        assert_eq!(count, 2);
    }
}
