//! The watchlist: the user's terms ("DeepSeek", "H20", "export controls") found in titles
//! and bodies with one Aho-Corasick pass, for highlighting, the header count and the `w`
//! filter.
//!
//! Matching is case-insensitive. A Latin term matches whole words only ("Meta" is not in
//! "metadata", "H20" not in "H200"); a CJK term matches anywhere, because Chinese has no
//! spaces between words.

use aho_corasick::{AhoCorasick, MatchKind};

use super::classify::BODY_SCAN_LIMIT;
use super::fold::fold;
use crate::text::words::is_word_char;

/// Watchlist terms that are empty or only whitespace, by 1-based position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "watchlist: {} empty or only whitespace; remove {} or write a word or phrase",
    describe_blank(.positions),
    if .positions.len() == 1 { "it" } else { "them" }
)]
pub struct WatchlistError {
    /// 1-based positions in the list, as the user counts them.
    pub positions: Vec<usize>,
}

fn describe_blank(positions: &[usize]) -> String {
    let listed: Vec<String> = positions.iter().map(|p| format!("#{p}")).collect();
    match listed.len() {
        1 => format!("term {} is", listed[0]),
        _ => format!("terms {} are", listed.join(", ")),
    }
}

/// Compiled watchlist terms.
#[derive(Debug, Clone)]
pub struct Watchlist {
    /// As the user wrote them, trimmed.
    terms: Vec<String>,
    automaton: AhoCorasick,
    /// Per automaton pattern: the terms spelled that way (ignoring case) and the edges
    /// that need a word boundary.
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
struct Pattern {
    terms: Vec<usize>,
    check_start: bool,
    check_end: bool,
}

impl Watchlist {
    /// Compiles the terms. The error names every empty or whitespace-only term.
    pub fn new(terms: &[String]) -> Result<Watchlist, WatchlistError> {
        let positions: Vec<usize> = (1..=terms.len())
            .filter(|&p| terms[p - 1].trim().is_empty())
            .collect();
        if !positions.is_empty() {
            return Err(WatchlistError { positions });
        }
        let terms: Vec<String> = terms.iter().map(|t| t.trim().to_string()).collect();
        let mut spellings: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (index, term) in terms.iter().enumerate() {
            let folded = fold(&term.to_lowercase(), usize::MAX).into_owned();
            match spellings.iter().position(|s| *s == folded) {
                Some(existing) => patterns[existing].terms.push(index),
                None => {
                    patterns.push(Pattern {
                        terms: vec![index],
                        check_start: folded.chars().next().is_some_and(is_word_char),
                        check_end: folded.chars().next_back().is_some_and(is_word_char),
                    });
                    spellings.push(folded);
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // Overlapping search: "export controls" and "export" both match, and a hit
            // rejected at a word boundary cannot hide a valid one.
            .match_kind(MatchKind::Standard)
            .build(&spellings)
            .expect("a few short literal patterns always compile");
        Ok(Watchlist {
            terms,
            automaton,
            patterns,
        })
    }

    /// The terms, trimmed, in the order given; [`Watchlist::matches`] indexes into this.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Indexes of the terms found in the title or the body (its first
    /// [`BODY_SCAN_LIMIT`] bytes), ascending, each once.
    pub fn matches(&self, title: &str, body: &str) -> Vec<usize> {
        let mut found = Vec::new();
        if self.is_empty() {
            return found;
        }
        self.scan(title, &mut found);
        self.scan(truncate(body, BODY_SCAN_LIMIT), &mut found);
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether any term is in the title or the body.
    pub fn is_match(&self, title: &str, body: &str) -> bool {
        !self.matches(title, body).is_empty()
    }

    /// Per term, in order: how many articles (title, body) name it.
    pub fn counts<'t>(
        &self,
        articles: impl IntoIterator<Item = (&'t str, &'t str)>,
    ) -> Vec<(&str, usize)> {
        let matches: Vec<Vec<usize>> = articles
            .into_iter()
            .map(|(title, body)| self.matches(title, body))
            .collect();
        self.tally(matches.iter().map(Vec::as_slice))
    }

    /// Per term, in order: how many of these per-article results of
    /// [`Watchlist::matches`] hold it. For a UI that keeps each article's matches.
    pub fn tally<'m>(&self, matches: impl IntoIterator<Item = &'m [usize]>) -> Vec<(&str, usize)> {
        let mut counts = vec![0usize; self.terms.len()];
        for article in matches {
            for &term in article {
                if let Some(count) = counts.get_mut(term) {
                    *count += 1;
                }
            }
        }
        self.terms.iter().map(String::as_str).zip(counts).collect()
    }

    fn scan(&self, text: &str, found: &mut Vec<usize>) {
        // The automaton folds ASCII case only; other scripts are lowercased first and
        // traditional characters folded to simplified ones (as the terms were), and
        // boundaries are checked in the text that was searched.
        let lowered;
        let text = if text.is_ascii() {
            text
        } else {
            lowered = fold(&text.to_lowercase(), usize::MAX).into_owned();
            &lowered
        };
        for hit in self.automaton.find_overlapping_iter(text) {
            let pattern = &self.patterns[hit.pattern().as_usize()];
            let starts_word = !pattern.check_start
                || !text[..hit.start()]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char);
            let ends_word =
                !pattern.check_end || !text[hit.end()..].chars().next().is_some_and(is_word_char);
            if starts_word && ends_word {
                found.extend_from_slice(&pattern.terms);
            }
        }
    }
}

/// The longest prefix of at most `max` bytes that ends on a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(terms: &[&str]) -> Watchlist {
        let terms: Vec<String> = terms.iter().map(|s| s.to_string()).collect();
        Watchlist::new(&terms).expect("valid terms")
    }

    #[test]
    fn latin_terms_match_whole_words_in_any_case() {
        let watch = list(&["DeepSeek", "H20", "Meta", "export controls"]);
        assert_eq!(
            watch.matches("DEEPSEEK and meta shares", "new Export Controls on H20s"),
            [0, 2, 3],
            "H20s is another word"
        );
        assert!(watch.matches("metadata of H200 chips", "").is_empty());
        assert_eq!(watch.matches("U.S. tightens export controls.", ""), [3]);
        assert_eq!(watch.matches("Meta's (H20) plan", ""), [1, 2]);
    }

    #[test]
    fn cjk_terms_match_inside_text_and_latin_terms_next_to_cjk() {
        let watch = list(&["英伟达", "DeepSeek", "出口管制"]);
        assert_eq!(watch.matches("美国对英伟达芯片实施出口管制", ""), [0, 2]);
        assert_eq!(watch.matches("用DeepSeek模型", ""), [1]);
    }

    #[test]
    fn non_ascii_text_is_folded_too() {
        let watch = list(&["Zürich", "ÉCOLE"]);
        assert_eq!(watch.matches("ZÜRICH lab and école", ""), [0, 1]);
    }

    #[test]
    fn traditional_and_simplified_spellings_are_one_term() {
        let watch = list(&["华为", "輝達"]);
        assert_eq!(watch.matches("華為發布新晶片", ""), [0]);
        assert_eq!(watch.matches("辉达财报", ""), [1]);
        assert_eq!(watch.matches("英伟达财报", ""), Vec::<usize>::new());
        assert_eq!(
            watch.terms(),
            ["华为", "輝達"],
            "shown as the user wrote them"
        );
    }

    #[test]
    fn overlapping_terms_and_duplicates_all_count() {
        let watch = list(&["export", "export controls", "Export"]);
        assert_eq!(watch.matches("new export controls", ""), [0, 1, 2]);
    }

    #[test]
    fn body_is_scanned_only_up_to_the_limit() {
        let watch = list(&["H20"]);
        let mut body = "x".repeat(BODY_SCAN_LIMIT - 1);
        body.push_str("é H20");
        // The limit falls inside 'é': the cut backs off to a boundary instead of panicking.
        assert!(watch.matches("", &body).is_empty());
        let mut early = "x".repeat(BODY_SCAN_LIMIT - 5);
        early.push_str(" H20 and more");
        assert_eq!(watch.matches("", &early), [0]);
    }

    #[test]
    fn empty_list_matches_nothing() {
        let watch = list(&[]);
        assert!(watch.is_empty());
        assert!(watch.matches("anything", "at all").is_empty());
        assert!(watch.counts([("a", "b")]).is_empty());
    }

    #[test]
    fn blank_terms_are_named() {
        let terms: Vec<String> = ["DeepSeek", "  ", "H20", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let err = Watchlist::new(&terms).unwrap_err();
        assert_eq!(err.positions, [2, 4]);
        assert_eq!(
            err.to_string(),
            "watchlist: terms #2, #4 are empty or only whitespace; remove them or write a \
             word or phrase"
        );
        let one = Watchlist::new(&["\t".to_string()]).unwrap_err();
        assert_eq!(
            one.to_string(),
            "watchlist: term #1 is empty or only whitespace; remove it or write a word or phrase"
        );
    }

    #[test]
    fn counts_articles_per_term() {
        let watch = list(&[" DeepSeek ", "H20", "Huawei"]);
        assert_eq!(watch.terms()[0], "DeepSeek");
        let counts = watch.counts([
            ("DeepSeek R2 out", "runs on H20 and DeepSeek again"),
            ("H20 sales", ""),
            ("Nothing here", ""),
        ]);
        assert_eq!(counts, [("DeepSeek", 1), ("H20", 2), ("Huawei", 0)]);
        let stored = [vec![0], vec![0, 1], vec![7]];
        assert_eq!(
            watch.tally(stored.iter().map(Vec::as_slice)),
            [("DeepSeek", 2), ("H20", 1), ("Huawei", 0)],
            "unknown indexes are ignored"
        );
    }
}
