//! HTML character references: every named one of HTML 5 (from `web_atoms`, the table
//! html5ever itself parses with), decimal and hexadecimal, decoded the way a browser
//! decodes them in text.

use std::borrow::Cow;

use web_atoms::NAMED_ENTITIES;

/// Longest key in `NAMED_ENTITIES`, `;` included (`CounterClockwiseContourIntegral;`);
/// a lookup never reads further than this.
const MAX_NAME_LEN: usize = 32;

/// Decodes character references once, as a browser does in text: the longest known name
/// wins, so the legacy names HTML keeps for old pages work without their `;` (`&copy 2025`,
/// `&notit;` is `¬it;`), while the others need it (`&hellip` stays text); numeric
/// references may omit it too. Some names stand for two characters (`&bne;` is `=⃥`).
/// Unknown names stay as they are. Decoding happens exactly once,
/// so `&amp;lt;` becomes the text `&lt;`, never `<`. Decoded control characters are left
/// for the caller's control filter.
pub(super) fn decode_entities(text: &str) -> Cow<'_, str> {
    decode_in(text, Context::Text)
}

/// As `decode_entities`, with the rule browsers apply inside attribute values: a legacy
/// name without `;` followed by a letter, digit or `=` stays as written, so a URL such as
/// `?a=1&copy=2` or `&notify=1` keeps its parameters.
pub(super) fn decode_attribute_entities(text: &str) -> Cow<'_, str> {
    decode_in(text, Context::Attribute)
}

/// Where a reference stands, which decides what a name without `;` means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Text,
    Attribute,
}

fn decode_in(text: &str, context: Context) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match decode_reference(after, context) {
            Some((c, second, used)) => {
                out.push(c);
                out.extend(second);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Turns numeric references that stand for control characters (whitespace aside) into the
/// characters themselves, so that the escape-sequence filter run next sees `&#x1b;[2J` as
/// the whole sequence it spells and removes it, instead of leaving `[2J` behind.
pub(super) fn decode_control_references(text: &str) -> Cow<'_, str> {
    if !text.contains("&#") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match decode_numeric(after) {
            Some((c, used)) if c.is_control() && !c.is_whitespace() => {
                out.push(c);
                rest = &after[used..];
            }
            _ => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decodes one reference from the text after `&`: the character (two for a few names)
/// and the bytes consumed.
fn decode_reference(after: &str, context: Context) -> Option<(char, Option<char>, usize)> {
    if let Some(num) = after.strip_prefix('#') {
        let (c, used) = decode_numeric(num)?;
        return Some((c, None, used + 1));
    }
    let (c, second, used) = decode_named(after)?;
    let unterminated = !after[..used].ends_with(';');
    let next = after.as_bytes().get(used);
    if context == Context::Attribute
        && unterminated
        && next.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'=')
    {
        return None;
    }
    Some((c, second, used))
}

/// The longest entity name `after` starts with. The table holds every prefix of every name
/// (mapped to 0), so the walk stops at the first byte no name continues with: at most
/// `MAX_NAME_LEN` lookups, however long the text.
fn decode_named(after: &str) -> Option<(char, Option<char>, usize)> {
    let bytes = after.as_bytes();
    let mut longest = None;
    for len in 1..=bytes.len().min(MAX_NAME_LEN) {
        let last = bytes[len - 1];
        if !last.is_ascii_alphanumeric() && last != b';' {
            break;
        }
        // Every byte so far is ASCII, so `len` is a character boundary.
        match NAMED_ENTITIES.get(&after[..len]) {
            None => break,
            Some(&(0, _)) => {}
            Some(&(first, second)) => {
                let first = char::from_u32(first)?;
                let second = (second != 0).then(|| char::from_u32(second)).flatten();
                longest = Some((first, second, len));
            }
        }
        if last == b';' {
            break;
        }
    }
    longest
}

fn decode_numeric(num: &str) -> Option<(char, usize)> {
    let (radix, digits_at) = match num.as_bytes().first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits = &num[digits_at..];
    let len = digits
        .bytes()
        .take_while(|b| (*b as char).is_digit(radix))
        .count();
    if len == 0 {
        return None;
    }
    // Saturate instead of overflowing: anything past U+10FFFF is replaced anyway.
    let value = digits[..len].bytes().fold(0u32, |acc, b| {
        let digit = (b as char).to_digit(radix).unwrap_or(0);
        acc.saturating_mul(radix).saturating_add(digit)
    });
    let semicolon = usize::from(digits.as_bytes().get(len) == Some(&b';'));
    Some((numeric_char(value), digits_at + len + semicolon))
}

/// The character a numeric reference stands for, per the HTML 5 rules: NUL, surrogates and
/// out-of-range values give U+FFFD; 0x80–0x9F are read as Windows-1252, because that is what
/// old feeds mean by `&#146;`.
fn numeric_char(value: u32) -> char {
    const REPLACEMENT: char = '\u{fffd}';
    if value == 0 {
        return REPLACEMENT;
    }
    if let Some(c) = windows_1252(value) {
        return c;
    }
    char::from_u32(value).unwrap_or(REPLACEMENT)
}

fn windows_1252(value: u32) -> Option<char> {
    let c = match value {
        0x80 => '\u{20ac}',
        0x82 => '\u{201a}',
        0x83 => '\u{0192}',
        0x84 => '\u{201e}',
        0x85 => '\u{2026}',
        0x86 => '\u{2020}',
        0x87 => '\u{2021}',
        0x88 => '\u{02c6}',
        0x89 => '\u{2030}',
        0x8a => '\u{0160}',
        0x8b => '\u{2039}',
        0x8c => '\u{0152}',
        0x8e => '\u{017d}',
        0x91 => '\u{2018}',
        0x92 => '\u{2019}',
        0x93 => '\u{201c}',
        0x94 => '\u{201d}',
        0x95 => '\u{2022}',
        0x96 => '\u{2013}',
        0x97 => '\u{2014}',
        0x98 => '\u{02dc}',
        0x99 => '\u{2122}',
        0x9a => '\u{0161}',
        0x9b => '\u{203a}',
        0x9c => '\u{0153}',
        0x9e => '\u{017e}',
        0x9f => '\u{0178}',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::{
        MAX_NAME_LEN, NAMED_ENTITIES, decode_attribute_entities, decode_control_references,
        decode_entities,
    };

    #[test]
    fn named_numeric_and_hex_references_decode() {
        assert_eq!(
            decode_entities("A&amp;B &lt;x&gt; &quot;q&quot; &apos;"),
            "A&B <x> \"q\" '"
        );
        assert_eq!(
            decode_entities("it&rsquo;s&nbsp;&mdash;&hellip;"),
            "it’s\u{a0}—…"
        );
        assert_eq!(decode_entities("&#20013;&#x56FD;&#X56fd;"), "中国国");
        assert_eq!(decode_entities("&eacute;&Omega;&omega;&yuml;"), "éΩωÿ");
    }

    #[test]
    fn decoding_happens_once() {
        assert_eq!(decode_entities("&amp;lt;b&amp;gt;"), "&lt;b&gt;");
        assert_eq!(decode_entities("&amp;amp;"), "&amp;");
        assert_eq!(
            decode_entities("&amp;amp;amp; &amp;copy;"),
            "&amp;amp; &copy;"
        );
    }

    #[test]
    fn unknown_names_and_modern_names_without_semicolon_stay_text() {
        assert_eq!(
            decode_entities("AT&T R&D &bogus; &hellip &rsquo"),
            "AT&T R&D &bogus; &hellip &rsquo"
        );
        assert_eq!(decode_entities("a & b &# &#x; &"), "a & b &# &#x; &");
    }

    #[test]
    fn legacy_names_decode_without_semicolon_as_in_browsers() {
        assert_eq!(
            decode_entities("&copy 2025 &amp &lt &eacutex"),
            "© 2025 & < éx"
        );
        // The longest known name wins: `notin;` does not match, `not` does.
        assert_eq!(decode_entities("&notit; &notin; &not"), "¬it; ∉ ¬");
        assert_eq!(decode_entities("&AMP;&COPY&reg;"), "&©®");
    }

    #[test]
    fn attribute_values_keep_legacy_names_that_run_on() {
        assert_eq!(
            decode_attribute_entities("?a=1&copy=2&notify=1&amp&lt;&copy;&copy x"),
            "?a=1&copy=2&notify=1&<©© x"
        );
        assert_eq!(decode_entities("?a=1&copy=2&notify=1"), "?a=1©=2¬ify=1");
    }

    #[test]
    fn rare_html5_names_decode_exactly() {
        assert_eq!(
            decode_entities("&NotNestedGreaterGreater;"),
            "\u{2aa2}\u{338}"
        );
        assert_eq!(decode_entities("&bne;"), "=\u{20e5}");
        assert_eq!(
            decode_entities("&CounterClockwiseContourIntegral;&fjlig;&Afr;&nbsp;&zwnj;"),
            "\u{2233}fj\u{1d504}\u{a0}\u{200c}"
        );
        assert_eq!(
            decode_entities("&lbrace;&rbrace;&ThinSpace;&check;"),
            "{}\u{2009}✓"
        );
        // The name is bounded: a longer run of letters stays text.
        let long = format!("&{};", "a".repeat(100));
        assert_eq!(decode_entities(&long), long);
    }

    #[test]
    fn the_table_is_the_full_html5_one() {
        let names: Vec<&str> = NAMED_ENTITIES
            .entries()
            .filter(|(_, (first, _))| *first != 0)
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(
            names.len(),
            2231,
            "2,125 names with `;` and 106 legacy ones"
        );
        assert_eq!(names.iter().filter(|n| !n.ends_with(';')).count(), 106);
        assert!(names.iter().all(|n| n.len() <= MAX_NAME_LEN));
        assert!(names.iter().any(|n| n.len() == MAX_NAME_LEN));
    }

    /// quick-xml's `escape-html` feature maps HTML names in XML text and attributes (OPML
    /// titles among them) with a table of its own, with wrong values for some names; this
    /// module's table is the one to use. Enabling the feature anywhere in the build makes
    /// quick-xml resolve `&nbsp;` and fails this test.
    #[test]
    fn quick_xml_resolves_no_html_names() {
        assert!(quick_xml::escape::unescape("&nbsp;").is_err());
        assert_eq!(quick_xml::escape::resolve_predefined_entity("nbsp"), None);
        assert_eq!(
            quick_xml::escape::resolve_predefined_entity("amp"),
            Some("&")
        );
    }

    #[test]
    fn control_references_become_the_characters_for_the_filter() {
        assert_eq!(
            decode_control_references("a&#1;b&#x02;c&#X1B;d&#10;e&#x81;&#x80;&#"),
            "a\u{1}b\u{2}c\u{1b}d&#10;e\u{81}&#x80;&#"
        );
    }

    #[test]
    fn numeric_edge_cases_follow_html5() {
        assert_eq!(
            decode_entities("&#0;&#xD800;&#99999999999;"),
            "\u{fffd}\u{fffd}\u{fffd}"
        );
        assert_eq!(decode_entities("&#146;&#150;"), "’–");
        assert_eq!(decode_entities("&#x1b;"), "\u{1b}");
        assert_eq!(decode_entities("&#x9d;"), "\u{9d}");
        assert_eq!(decode_entities("&#65x"), "Ax");
    }
}
