//! Word boundaries and finding terms in text, the one rule for the classifier, the
//! watchlist and the preview's highlighting: a term that begins (or ends) with a Latin
//! letter or digit only matches where no such character touches it, so "Intel" is not
//! inside "intelligence"; a CJK end needs no boundary, since CJK is written without spaces
//! ("华为Ascend芯片" holds both 华为 and Ascend).

use super::script::{is_cjk, is_full_width_form};

/// A character that continues a Latin-script word: a letter or digit of any alphabet but
/// CJK and full-width forms (alphabetic to Rust, yet they never glue to a Latin term).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c) && !is_full_width_form(c)
}

/// True when no word character ends right before byte offset `at` (a char boundary).
pub fn word_starts_at(text: &str, at: usize) -> bool {
    !text[..at].chars().next_back().is_some_and(is_word_char)
}

/// True when no word character starts at byte offset `at` (a char boundary).
pub fn word_ends_at(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(is_word_char)
}

/// Which ends of a term need a word boundary: those that are word characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub start: bool,
    pub end: bool,
}

impl Bounds {
    /// The bounds of a term as spelled: "Intel" needs both, "华为" neither, "U.S." only a
    /// start.
    pub fn of(term: &str) -> Bounds {
        Bounds {
            start: term.chars().next().is_some_and(is_word_char),
            end: term.chars().next_back().is_some_and(is_word_char),
        }
    }

    /// True when `text[start..end]` stands as a whole term there.
    pub fn hold(self, text: &str, start: usize, end: usize) -> bool {
        (!self.start || word_starts_at(text, start)) && (!self.end || word_ends_at(text, end))
    }
}

/// Non-overlapping byte ranges of `terms` in `line`, sorted, ASCII case ignored, each at
/// word boundaries by the rule above. An earlier term wins an overlap.
pub fn term_ranges(line: &str, terms: &[String]) -> Vec<(usize, usize)> {
    let lower = line.to_ascii_lowercase();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for term in terms {
        let needle = term.to_ascii_lowercase();
        if needle.is_empty() {
            continue;
        }
        let bounds = Bounds::of(&needle);
        let mut from = 0;
        while let Some(found) = lower[from..].find(&needle) {
            let start = from + found;
            let end = start + needle.len();
            from = end;
            if bounds.hold(line, start, end) && ranges.iter().all(|&(s, e)| end <= s || start >= e)
            {
                ranges.push((start, end));
            }
        }
    }
    ranges.sort_unstable();
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn latin_letters_of_any_alphabet_continue_a_word_but_cjk_does_not() {
        for c in ['a', 'Z', '7', 'é', 'ß', 'я'] {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in ['华', 'あ', '한', 'Ａ', '，', ' ', '-', '.', '\''] {
            assert!(!is_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn latin_terms_are_whole_words_and_cjk_terms_match_anywhere() {
        let list = terms(&["Intel", "华为"]);
        assert_eq!(term_ranges("artificial intelligence", &list), vec![]);
        assert_eq!(
            term_ranges("Intel and intel", &list),
            vec![(0, 5), (10, 15)]
        );
        assert_eq!(term_ranges("华为发布", &list), vec![(0, 6)]);
        assert_eq!(term_ranges("新华为的", &list), vec![(3, 9)]);
        // CJK on either side is a boundary for a Latin term.
        assert_eq!(term_ranges("华为Intel芯片", &list), vec![(0, 6), (6, 11)]);
    }

    #[test]
    fn accented_letters_join_a_word_as_they_do_for_the_classifier() {
        let list = terms(&["Intel"]);
        assert_eq!(term_ranges("Intelé", &list), vec![]);
        assert_eq!(term_ranges("éIntel", &list), vec![]);
        assert_eq!(term_ranges("(Intel)", &list), vec![(1, 6)]);
    }

    #[test]
    fn a_term_ending_in_punctuation_needs_no_boundary_there() {
        let list = terms(&["U.S."]);
        assert_eq!(term_ranges("the U.S.A.", &list), vec![(4, 8)]);
        assert_eq!(term_ranges("BU.S.", &list), vec![]);
    }

    #[test]
    fn overlaps_go_to_the_earlier_term() {
        let list = terms(&["Nvidia", "Nvidia H20", "H20"]);
        assert_eq!(
            term_ranges("Nvidia H20 chips", &list),
            vec![(0, 6), (7, 10)]
        );
    }
}
