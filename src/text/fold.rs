//! Script folding: traditional Chinese characters to simplified ones before matching, so one
//! simplified term (英伟达, 中国, 华为) also finds 英偉達, 中國 and 華為.
//!
//! Every pair in the table maps a CJK unified ideograph (U+4E00-U+9FFF, three bytes in
//! UTF-8) to another, so the folded text has the same length and the same character
//! boundaries as the original: byte ranges found in the folded text (highlights, explain)
//! are valid in the original unchanged.

use std::borrow::Cow;
use std::sync::OnceLock;

/// The table, one "traditional simplified" pair per space-separated token.
const TABLE: &str = include_str!("../topics/data/traditional.txt");

const FIRST: u32 = 0x4E00;
const LAST: u32 = 0x9FFF;

/// For each ideograph, `simplified - FIRST + 1`, or 0 when it folds to itself.
fn lookup() -> &'static [u16] {
    static MAP: OnceLock<Vec<u16>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = vec![0u16; (LAST - FIRST + 1) as usize];
        for (from, to) in pairs() {
            map[(from as u32 - FIRST) as usize] = (to as u32 - FIRST + 1) as u16;
        }
        map
    })
}

/// The table's pairs, comments skipped. Malformed tokens are skipped too; a unit test
/// checks that there are none.
fn pairs() -> impl Iterator<Item = (char, char)> {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(str::split_whitespace)
        .filter_map(|token| {
            let mut chars = token.chars();
            match (chars.next(), chars.next(), chars.next()) {
                (Some(from), Some(to), None) if in_range(from) && in_range(to) => Some((from, to)),
                _ => None,
            }
        })
}

fn in_range(c: char) -> bool {
    (FIRST..=LAST).contains(&(c as u32))
}

/// The simplified form of one character (itself when it has none).
pub fn fold_char(c: char) -> char {
    if !in_range(c) {
        return c;
    }
    match lookup()[(c as u32 - FIRST) as usize] {
        0 => c,
        to => char::from_u32(FIRST + u32::from(to) - 1).unwrap_or(c),
    }
}

/// `text` with traditional characters folded to simplified ones, within its first
/// `limit` bytes (the rest is never scanned for matches, so it is left as is). Borrowed when
/// nothing changes, which is the rule for English and simplified text.
pub fn fold(text: &str, limit: usize) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let end = limit.min(bytes.len());
    // U+4E00-U+9FFF start with bytes E4-E9: skip to the first such character without
    // decoding anything else (ASCII, curly quotes and accents never start with them).
    let Some(first) = bytes[..end].iter().position(|b| (0xE4..=0xE9).contains(b)) else {
        return Cow::Borrowed(text);
    };
    let mut out: Option<String> = None;
    for (at, c) in text[first..].char_indices() {
        let at = at + first;
        if at >= end {
            break;
        }
        let folded = fold_char(c);
        if folded != c {
            let out = out.get_or_insert_with(|| text.to_string());
            let mut buf = [0u8; 4];
            // Same length (both are three-byte characters, see `in_range`), so the splice
            // moves nothing after it and later offsets stay valid.
            let encoded = folded.encode_utf8(&mut buf);
            out.replace_range(at..at + c.len_utf8(), encoded);
        }
    }
    match out {
        Some(out) => Cow::Owned(out),
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_well_formed() {
        let tokens = TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .flat_map(str::split_whitespace)
            .count();
        assert_eq!(pairs().count(), tokens, "a token is not two ideographs");
        assert!(tokens > 2000, "only {tokens} pairs");
        let mut seen = std::collections::HashSet::new();
        for (from, to) in pairs() {
            assert!(seen.insert(from), "{from} is listed twice");
            assert_eq!(from.len_utf8(), to.len_utf8());
            // A target never folds again: folding is done in one pass.
            assert_eq!(fold_char(to), to, "{from} -> {to} -> {}", fold_char(to));
        }
    }

    #[test]
    fn traditional_names_fold_to_simplified() {
        assert_eq!(fold("中國與美國", usize::MAX), "中国与美国");
        assert_eq!(fold("輝達和英偉達", usize::MAX), "辉达和英伟达");
        assert_eq!(fold("微軟、亞馬遜、華為", usize::MAX), "微软、亚马逊、华为");
        assert_eq!(fold("黃仁勳談大陸與中共", usize::MAX), "黄仁勋谈大陆与中共");
        assert_eq!(fold("台積電與蘿蔔快跑", usize::MAX), "台积电与萝卜快跑");
    }

    #[test]
    fn simplified_and_latin_text_is_borrowed() {
        for text in [
            "华为发布昇腾芯片",
            "Nvidia’s H20 — café",
            "",
            "什么是著名的乾隆",
        ] {
            assert!(matches!(fold(text, usize::MAX), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn folding_keeps_byte_offsets() {
        let text = "Nvidia「輝達」在中國";
        let folded = fold(text, usize::MAX);
        assert_eq!(folded.len(), text.len());
        let start = text.find('輝').unwrap();
        assert_eq!(&folded[start..start + "辉达".len()], "辉达");
        for (a, b) in text.char_indices().zip(folded.char_indices()) {
            assert_eq!(a.0, b.0);
        }
    }

    #[test]
    fn only_the_first_limit_bytes_are_folded() {
        let text = "國國";
        assert_eq!(fold(text, 3), "国國");
        assert_eq!(fold(text, 0), "國國");
        // A limit inside a character folds that character whole.
        assert_eq!(fold(text, 1), "国國");
    }
}
