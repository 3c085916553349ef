//! The snippet of a search result: the stretch of the article's text around its first
//! match, with every match in it marked «like this». Made in Rust from the stored text
//! (the index keeps no copy of it), by the same word rule as the preview's highlighting.

use crate::text::fold::fold;
use crate::text::words::term_ranges;

/// Marks around a match in a snippet.
pub const MATCH_START: &str = "«";
pub const MATCH_END: &str = "»";

/// How much of the text a snippet shows, in characters, and how much of it comes before
/// the first match.
const SNIPPET_CHARS: usize = 160;
const LEAD_CHARS: usize = 40;

/// The snippet of `text` for `terms`, or `None` when no term occurs in it.
///
/// Matching runs on the folded text, which has the same byte boundaries as `text` (see
/// `text::fold`), so 華為 in the article is found by 华为 and shown as written.
pub(crate) fn snippet(text: &str, terms: &[String]) -> Option<String> {
    let folded = fold(text, usize::MAX);
    let ranges = term_ranges(&folded, terms);
    let &(first, _) = ranges.first()?;
    let start = back_chars(text, first, LEAD_CHARS);
    let end = forward_chars(text, start, SNIPPET_CHARS);
    let mut out = String::with_capacity(end - start + 16);
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for &(from, to) in ranges
        .iter()
        .filter(|&&(from, to)| from >= start && to <= end)
    {
        out.push_str(&text[at..from]);
        out.push_str(MATCH_START);
        out.push_str(&text[from..to]);
        out.push_str(MATCH_END);
        at = to;
    }
    out.push_str(&text[at..end]);
    if end < text.len() {
        out.push('…');
    }
    Some(out)
}

/// The byte offset `count` characters before `at`, moved forward to the start of a word
/// so the snippet does not open in the middle of one.
fn back_chars(text: &str, at: usize, count: usize) -> usize {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if start == 0 {
        return 0;
    }
    match text[start..at].find(' ') {
        Some(space) => start + space + 1,
        None => start,
    }
}

/// The byte offset `count` characters after `from`, or the end of `text`.
fn forward_chars(text: &str, from: usize, count: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(i, _)| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn marks_whole_words_and_chinese_anywhere() {
        assert_eq!(
            snippet(
                "Huawei ships Ascend chips to Intel",
                &terms(&["ascend", "intel"])
            )
            .as_deref(),
            Some("Huawei ships «Ascend» chips to «Intel»")
        );
        assert_eq!(snippet("artificial intelligence", &terms(&["intel"])), None);
        assert_eq!(
            snippet("美国限制华为芯片出口", &terms(&["华为"])).as_deref(),
            Some("美国限制«华为»芯片出口")
        );
    }

    #[test]
    fn a_traditional_text_is_found_by_a_simplified_term_and_shown_as_written() {
        assert_eq!(
            snippet("美國限制華為晶片", &terms(&["华为"])).as_deref(),
            Some("美國限制«華為»晶片")
        );
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match() {
        let text = format!("{} Nvidia wins {}", "word ".repeat(50), "tail ".repeat(50));
        let cut = snippet(&text, &terms(&["nvidia"])).unwrap();
        assert!(cut.starts_with("…word "), "{cut}");
        assert!(cut.ends_with('…'), "{cut}");
        assert!(cut.contains("«Nvidia» wins"), "{cut}");
        let lead = cut.find('«').unwrap();
        assert!(cut[..lead].chars().count() <= LEAD_CHARS + 1, "{cut}");
        assert!(cut.chars().count() <= SNIPPET_CHARS + 4, "{cut}");
    }
}
