//! HTML character references: named (the HTML 4 set plus common HTML 5 names), decimal and
//! hexadecimal, decoded the way a browser would.

use std::borrow::Cow;

/// Longest entity name we look up; anything longer is left as text.
const MAX_NAME_LEN: usize = 10;

/// Decodes character references once. Named references need their `;`; numeric ones may
/// omit it, as in browsers. Unknown names stay as they are. Decoding happens exactly once,
/// so `&amp;lt;` becomes the text `&lt;`, never `<`. Decoded control characters are left
/// for the caller's control filter.
pub(super) fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match decode_reference(after) {
            Some((c, used)) => {
                out.push(c);
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

/// Decodes one reference from the text after `&`: the character and the bytes consumed.
fn decode_reference(after: &str) -> Option<(char, usize)> {
    if let Some(num) = after.strip_prefix('#') {
        let (c, used) = decode_numeric(num)?;
        return Some((c, used + 1));
    }
    let name_len = after
        .bytes()
        .take(MAX_NAME_LEN + 1)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    if name_len == 0 || name_len > MAX_NAME_LEN || after.as_bytes().get(name_len) != Some(&b';') {
        return None;
    }
    named_entity(&after[..name_len]).map(|c| (c, name_len + 1))
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

/// Latin-1 entity names in code point order, from U+00A0.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Greek letter names in code point order, from U+0391 (U+03A2 is unassigned).
const GREEK_UPPER: [&str; 25] = [
    "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa",
    "Lambda", "Mu", "Nu", "Xi", "Omicron", "Pi", "Rho", "", "Sigma", "Tau", "Upsilon", "Phi",
    "Chi", "Psi", "Omega",
];
/// From U+03B1.
const GREEK_LOWER: [&str; 25] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigmaf", "sigma", "tau", "upsilon", "phi",
    "chi", "psi", "omega",
];

fn in_run(names: &[&str], first: u32, name: &str) -> Option<char> {
    let index = names.iter().position(|n| *n == name)?;
    char::from_u32(first + u32::try_from(index).ok()?)
}

fn named_entity(name: &str) -> Option<char> {
    common_entity(name)
        .or_else(|| in_run(&LATIN1, 0xa0, name))
        .or_else(|| in_run(&GREEK_UPPER, 0x391, name))
        .or_else(|| in_run(&GREEK_LOWER, 0x3b1, name))
        .or_else(|| symbol_entity(name))
}

/// The names that turn up in feeds all the time, checked first.
fn common_entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "deg" => '°',
        "times" => '×',
        _ => return None,
    };
    Some(c)
}

fn symbol_entity(name: &str) -> Option<char> {
    let c = match name {
        // HTML 5 names for ASCII punctuation.
        "excl" => '!',
        "num" => '#',
        "dollar" => '$',
        "percnt" => '%',
        "lpar" => '(',
        "rpar" => ')',
        "ast" => '*',
        "plus" => '+',
        "comma" => ',',
        "period" => '.',
        "sol" => '/',
        "colon" => ':',
        "semi" => ';',
        "equals" => '=',
        "quest" => '?',
        "commat" => '@',
        "lsqb" | "lbrack" => '[',
        "bsol" => '\\',
        "rsqb" | "rbrack" => ']',
        "Hat" => '^',
        "lowbar" => '_',
        "grave" => '`',
        "lcub" | "lbrace" => '{',
        "verbar" | "vert" => '|',
        "rcub" | "rbrace" => '}',
        // HTML 4 specials.
        "OElig" => 'Œ',
        "oelig" => 'œ',
        "Scaron" => 'Š',
        "scaron" => 'š',
        "Yuml" => 'Ÿ',
        "fnof" => 'ƒ',
        "circ" => 'ˆ',
        "tilde" => '˜',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "hyphen" | "dash" => '‐',
        "horbar" => '―',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "prime" => '′',
        "Prime" => '″',
        "oline" => '‾',
        "frasl" => '⁄',
        "thetasym" => 'ϑ',
        "upsih" => 'ϒ',
        "piv" => 'ϖ',
        "weierp" => '℘',
        "image" => 'ℑ',
        "real" => 'ℜ',
        "alefsym" => 'ℵ',
        "larr" => '←',
        "uarr" => '↑',
        "rarr" => '→',
        "darr" => '↓',
        "harr" => '↔',
        "crarr" => '↵',
        "lArr" => '⇐',
        "uArr" => '⇑',
        "rArr" => '⇒',
        "dArr" => '⇓',
        "hArr" => '⇔',
        "forall" => '∀',
        "part" => '∂',
        "exist" => '∃',
        "empty" => '∅',
        "nabla" => '∇',
        "isin" => '∈',
        "notin" => '∉',
        "ni" => '∋',
        "prod" => '∏',
        "sum" => '∑',
        "minus" => '−',
        "lowast" => '∗',
        "radic" => '√',
        "prop" => '∝',
        "infin" => '∞',
        "ang" => '∠',
        "and" => '∧',
        "or" => '∨',
        "cap" => '∩',
        "cup" => '∪',
        "int" => '∫',
        "there4" => '∴',
        "sim" => '∼',
        "cong" => '≅',
        "asymp" => '≈',
        "ne" => '≠',
        "equiv" => '≡',
        "le" => '≤',
        "ge" => '≥',
        "sub" => '⊂',
        "sup" => '⊃',
        "nsub" => '⊄',
        "sube" => '⊆',
        "supe" => '⊇',
        "oplus" => '⊕',
        "otimes" => '⊗',
        "perp" => '⊥',
        "sdot" => '⋅',
        "lceil" => '⌈',
        "rceil" => '⌉',
        "lfloor" => '⌊',
        "rfloor" => '⌋',
        "lang" => '⟨',
        "rang" => '⟩',
        "loz" => '◊',
        "spades" => '♠',
        "clubs" => '♣',
        "hearts" => '♥',
        "diams" => '♦',
        "check" => '✓',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::{decode_control_references, decode_entities};

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
    }

    #[test]
    fn unknown_or_unterminated_names_stay_text() {
        assert_eq!(
            decode_entities("AT&T R&D &bogus; &amp"),
            "AT&T R&D &bogus; &amp"
        );
        assert_eq!(decode_entities("a & b &# &#x; &"), "a & b &# &#x; &");
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
