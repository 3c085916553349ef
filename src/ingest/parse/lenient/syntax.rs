//! XML syntax for the lenient pass: attributes read and written, escaped text, references,
//! names and where a tag ends. Byte-level and free of repair policy.

use std::borrow::Cow;

use super::MAX_ENTITY_NAME;

/// One attribute of a start tag.
pub(super) struct Attribute<'a> {
    pub(super) name: Cow<'a, [u8]>,
    /// Raw, still escaped as it was.
    pub(super) value: Cow<'a, [u8]>,
    pub(super) quote: u8,
    pub(super) dropped: bool,
}

/// `name="value"` pairs; bare words and unquoted values are skipped (feed-rs skips
/// attributes it cannot read, too).
pub(super) fn parse_attributes(region: &[u8]) -> Vec<Attribute<'_>> {
    let mut attributes = Vec::new();
    let mut i = 0;
    let skip_space = |i: &mut usize| {
        while region.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
    };
    while i < region.len() {
        skip_space(&mut i);
        let name_start = i;
        while region
            .get(i)
            .is_some_and(|&b| !b.is_ascii_whitespace() && b != b'=')
        {
            i += 1;
        }
        let name = &region[name_start..i];
        skip_space(&mut i);
        if region.get(i) != Some(&b'=') {
            // A bare word (`hidden`): the next attribute starts right here. Only a lone
            // byte that is no name at all is stepped over.
            if name.is_empty() {
                i += 1;
            }
            continue;
        }
        i += 1;
        skip_space(&mut i);
        let Some(&quote) = region.get(i).filter(|q| matches!(q, b'"' | b'\'')) else {
            i += 1;
            continue;
        };
        let value_start = i + 1;
        let Some(len) = memchr::memchr(quote, &region[value_start..]) else {
            break;
        };
        if !name.is_empty() {
            attributes.push(Attribute {
                name: Cow::Borrowed(name),
                value: Cow::Borrowed(&region[value_start..value_start + len]),
                quote,
                dropped: false,
            });
        }
        i = value_start + len + 1;
    }
    attributes
}

pub(super) fn write_start_tag(
    out: &mut Vec<u8>,
    name: &[u8],
    attributes: &[Attribute<'_>],
    empty: bool,
) {
    out.push(b'<');
    out.extend_from_slice(name);
    for attribute in attributes.iter().filter(|a| !a.dropped) {
        out.push(b' ');
        out.extend_from_slice(&attribute.name);
        out.push(b'=');
        out.push(attribute.quote);
        out.extend_from_slice(&attribute.value);
        out.push(attribute.quote);
    }
    if empty {
        out.push(b'/');
    }
    out.push(b'>');
}

pub(super) fn write_end_tag(out: &mut Vec<u8>, name: &[u8]) {
    out.extend_from_slice(b"</");
    out.extend_from_slice(name);
    out.push(b'>');
}

/// Attribute text as element text: references kept, bare `&` and `<` escaped.
pub(super) fn write_escaped_text(out: &mut Vec<u8>, text: &[u8]) {
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'&' => match reference_len(&text[i..]) {
                Some(len) => {
                    out.extend_from_slice(&text[i..i + len]);
                    i += len;
                    continue;
                }
                None => out.extend_from_slice(b"&amp;"),
            },
            b'<' => out.extend_from_slice(b"&lt;"),
            b => out.push(b),
        }
        i += 1;
    }
}

/// Length of the reference starting at `rest` (which starts with `&`), `;` included:
/// `&#123;`, `&#x1F;` or `&name;`. `None` for a bare ampersand.
pub(super) fn reference_len(rest: &[u8]) -> Option<usize> {
    let body = rest.get(1..)?;
    let (digits, skip): (usize, usize) = match body {
        [b'#', b'x' | b'X', hex @ ..] => {
            (hex.iter().take_while(|b| b.is_ascii_hexdigit()).count(), 2)
        }
        [b'#', decimal @ ..] => (decimal.iter().take_while(|b| b.is_ascii_digit()).count(), 1),
        [first, name @ ..] if first.is_ascii_alphabetic() || *first == b'_' || *first == b':' => {
            let len = name
                .iter()
                .take_while(|&&b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':')
                })
                .count();
            if len >= MAX_ENTITY_NAME {
                return None;
            }
            (len + 1, 0)
        }
        _ => return None,
    };
    let end = 1 + skip + digits;
    (digits > 0 && rest.get(end) == Some(&b';')).then_some(end + 1)
}

pub(super) fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

pub(super) fn is_name_byte(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || matches!(b, b'.' | b'-')
}

/// The element name at the start of `rest`.
pub(super) fn name_at(rest: &[u8]) -> &[u8] {
    let len = rest.iter().take_while(|&&b| is_name_byte(b)).count();
    &rest[..len]
}

/// The name without its namespace prefix.
pub(super) fn local_name(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', name) {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

pub(super) enum TagEnd {
    /// Index of the `>`.
    At(usize),
    /// A `<` came first: this was no tag.
    Interrupted,
    Eof,
}

/// Where the tag starting at `rest[0]` ends, quotes respected.
pub(super) fn tag_end(rest: &[u8], from: usize) -> TagEnd {
    let mut quote = None;
    for (i, &b) in rest.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return TagEnd::At(i),
            (None, b'<') => return TagEnd::Interrupted,
            _ => {}
        }
    }
    TagEnd::Eof
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}
