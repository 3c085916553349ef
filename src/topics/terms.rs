//! The compiled term set: built-in and user terms in one Aho-Corasick automaton, and the
//! word-boundary and case rules that decide whether a raw hit counts.
//!
//! Matching rules:
//! - One ASCII-case-insensitive, leftmost-longest automaton holds every term; a
//!   case-sensitive term is checked byte for byte after the hit, so the text is scanned
//!   once whatever the mix of terms.
//! - A term edge that is a Latin letter or digit needs a non-word character (or the text
//!   end) beside it: "artificial intelligence" is not Intel, "metadata" and "Metaverse"
//!   are not Meta, "Russia" and "status" are not US. Punctuation counts as a boundary, so
//!   "U.S.-China" holds U.S. and China, and "China's" holds China. CJK characters are not
//!   word characters and CJK term edges need no boundary: Chinese has no spaces, so
//!   "华为发布" holds 华为 and "用DeepSeek模型" holds DeepSeek.
//! - A term ending in a capital or a digit also matches with a trailing "s" (TPUs, H100s):
//!   plurals of acronyms and part numbers are common and cannot be confused with a word.
//! - A term ending in a Latin letter also matches with a version number glued on
//!   (Qwen3, Llama4), and the range covers the number.
//! - The text is matched after script folding (traditional to simplified characters, see
//!   `fold.rs`), which keeps byte offsets, so the ranges found are valid in the original.
//! - When a hit is rejected, shorter terms at the same position are tried before moving
//!   on, so "Ascend 9100" still holds Ascend even though "Ascend 910" failed its boundary.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::fold::fold;
use super::gazetteer;
use super::rules::{self, Rule, Side};
use crate::config::{TermSpec, TopicsConfig};
use crate::text::words::{is_word_char, word_ends_at};

/// One compiled term.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The display form, exactly as written in the rules; also the pattern.
    pub text: String,
    pub side: Side,
    pub weight: f32,
    case_sensitive: bool,
    check_start: bool,
    check_end: bool,
    /// Ends in a Latin letter: a glued version number still counts (Qwen3, Llama4).
    takes_version: bool,
    plural_s: bool,
}

impl Term {
    fn new(text: String, side: Side, weight: f32, case_sensitive: Option<bool>) -> Term {
        let first = text.chars().next().unwrap_or(' ');
        let last = text.chars().next_back().unwrap_or(' ');
        Term {
            case_sensitive: case_sensitive.unwrap_or_else(|| is_acronym(&text)),
            check_start: is_word_char(first),
            check_end: is_word_char(last),
            takes_version: last.is_ascii_alphabetic(),
            plural_s: last.is_ascii_uppercase() || last.is_ascii_digit(),
            text,
            side,
            weight,
        }
    }
}

/// One accepted match: the term's index in the set and its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    pub term: usize,
    pub start: usize,
    pub end: usize,
}

/// All terms, compiled once.
#[derive(Debug, Clone)]
pub struct TermSet {
    terms: Vec<Term>,
    automaton: AhoCorasick,
}

impl TermSet {
    /// Merges the built-in rules (unless `replace_defaults`) with the user's. A user term
    /// spelled like an earlier one (ignoring ASCII case) replaces it, so a user can
    /// re-weight or move a built-in term. The third countries and neutral phrases stay even
    /// with `replace_defaults`: they are no side's actors, they only keep false friends
    /// such as "apple pie" from matching and sanctions on Russia from reading as US-China.
    pub fn new(config: &TopicsConfig) -> Result<TermSet, String> {
        let mut merged = Merged::default();
        if !config.replace_defaults {
            for (rules, side) in [
                (rules::US, Side::Us),
                (rules::CHINA, Side::China),
                (rules::RELATION, Side::Relation),
                (rules::PAIR, Side::Pair),
            ] {
                merged.add_rules(rules, side);
            }
        }
        merged.add_rules(rules::THIRD_COUNTRY, Side::ThirdCountry);
        merged.add_rules(rules::NEUTRAL, Side::Neutral);
        for (side, data) in gazetteer::all() {
            let context = matches!(side, Side::ThirdCountry | Side::Neutral);
            if context || !config.replace_defaults {
                for rule in gazetteer::rules(data) {
                    merged.add_rule(&rule, side);
                }
            }
        }
        for (specs, side, name) in [
            (&config.us, Side::Us, "us"),
            (&config.china, Side::China, "china"),
            (&config.both, Side::Relation, "both"),
        ] {
            for spec in specs {
                merged.add(user_term(spec, side, name)?);
            }
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // Anchored searches retry shorter terms at a rejected position.
            .start_kind(StartKind::Both)
            .build(merged.terms.iter().map(|term| term.text.as_str()))
            .map_err(|err| format!("[topics]: cannot compile the term list: {err}"))?;
        Ok(TermSet {
            terms: merged.terms,
            automaton,
        })
    }

    pub fn term(&self, index: usize) -> &Term {
        &self.terms[index]
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Accepted matches (neutral ones included) within the first `scan_end` bytes, left to
    /// right and not overlapping. Boundaries are judged on the whole text, so a cut in the
    /// middle of a word never creates a match.
    pub fn matches<'a>(&'a self, text: &'a str, scan_end: usize) -> Matches<'a> {
        Matches {
            set: self,
            text,
            pos: 0,
            end: scan_end.min(text.len()),
        }
    }

    /// The end of an accepted match of term `index` found at `start..end`, or `None`.
    fn accept(&self, text: &str, index: usize, start: usize, end: usize) -> Option<usize> {
        let term = &self.terms[index];
        if term.case_sensitive && text.as_bytes()[start..end] != *term.text.as_bytes() {
            return None;
        }
        if term.check_start && text[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        if !term.check_end {
            return Some(end);
        }
        let bytes = text.as_bytes();
        let mut stop = end;
        if term.takes_version {
            stop += bytes[end..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        }
        if word_ends_at(text, stop) {
            Some(stop)
        } else if term.plural_s && bytes.get(stop) == Some(&b's') && word_ends_at(text, stop + 1) {
            Some(stop + 1)
        } else {
            None
        }
    }
}

/// Iterator over accepted matches; see [`TermSet::matches`].
pub struct Matches<'a> {
    set: &'a TermSet,
    text: &'a str,
    pos: usize,
    end: usize,
}

impl Iterator for Matches<'_> {
    type Item = TermMatch;

    fn next(&mut self) -> Option<TermMatch> {
        let automaton = &self.set.automaton;
        while self.pos < self.end {
            let found = automaton.find(Input::new(self.text).span(self.pos..self.end))?;
            let start = found.start();
            let mut candidate = Some(found);
            while let Some(hit) = candidate {
                let term = hit.pattern().as_usize();
                if let Some(end) = self.set.accept(self.text, term, start, hit.end()) {
                    self.pos = end;
                    return Some(TermMatch { term, start, end });
                }
                // Patterns are never empty, so `hit.end() > start`.
                candidate = (hit.end() - 1 > start)
                    .then(|| {
                        let shorter = Input::new(self.text)
                            .span(start..hit.end() - 1)
                            .anchored(Anchored::Yes);
                        automaton.find(shorter)
                    })
                    .flatten();
            }
            // Patterns are valid UTF-8, so none starts on a continuation byte: stepping
            // one byte never yields a match inside a character.
            self.pos = start + 1;
        }
        None
    }
}

/// Terms merged in order, later spellings replacing earlier ones.
#[derive(Default)]
struct Merged {
    terms: Vec<Term>,
    index: HashMap<String, usize>,
}

impl Merged {
    fn add_rules(&mut self, rules: &[Rule], side: Side) {
        for rule in rules {
            self.add_rule(rule, side);
        }
    }

    fn add_rule(&mut self, rule: &Rule, side: Side) {
        let text = rule.term.to_string();
        self.add(Term::new(text, side, rule.weight, rule.case_sensitive));
    }

    fn add(&mut self, term: Term) {
        // The automaton folds ASCII case, so it cannot tell these spellings apart.
        let key = term.text.to_ascii_lowercase();
        match self.index.get(&key) {
            Some(&at) => self.terms[at] = term,
            None => {
                self.index.insert(key, self.terms.len());
                self.terms.push(term);
            }
        }
    }
}

fn user_term(spec: &TermSpec, side: Side, list: &str) -> Result<Term, String> {
    // Titles reach the classifier with whitespace collapsed, so a phrase typed with two
    // spaces or a tab ("chip  tariff") would otherwise never match.
    let text = spec.term.split_whitespace().collect::<Vec<_>>().join(" ");
    // Texts are folded to simplified characters before matching, so a term typed in
    // traditional ones (輝達) is folded the same way or it would never match.
    let text = fold(&text, usize::MAX).into_owned();
    if text.is_empty() {
        return Err(format!(
            "[topics] {list}: empty term {:?}; remove it or write a word",
            spec.term
        ));
    }
    let weight = spec.weight.unwrap_or(1.0);
    if !weight.is_finite() || weight < 0.0 {
        return Err(format!(
            "[topics] {list}: term {text:?} has weight {weight}; use a number of 0 or more"
        ));
    }
    Ok(Term::new(text, side, weight, spec.case_sensitive))
}

/// Two or more ASCII letters and all of them capitals: "US", "SMIC", "U.S.", "GPT-5".
/// Such acronyms are ordinary words in lower case ("us", "cac"), so case decides.
fn is_acronym(term: &str) -> bool {
    let letters = term.chars().filter(char::is_ascii_alphabetic);
    letters.clone().count() >= 2 && letters.clone().all(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> TermSet {
        TermSet::new(&TopicsConfig::default()).unwrap()
    }

    /// The matched substrings of `text` that pull towards a topic.
    fn found(set: &TermSet, text: &str) -> Vec<String> {
        set.matches(text, text.len())
            .filter(|m| set.term(m.term).side.pulls())
            .map(|m| text[m.start..m.end].to_string())
            .collect()
    }

    #[test]
    fn built_in_terms_are_unique_and_well_formed() {
        let mut seen = HashMap::new();
        let lists = [
            rules::US,
            rules::CHINA,
            rules::RELATION,
            rules::PAIR,
            rules::THIRD_COUNTRY,
            rules::NEUTRAL,
        ];
        let gazetteers: Vec<Rule> = gazetteer::all()
            .into_iter()
            .flat_map(|(_, data)| gazetteer::rules(data))
            .collect();
        for rule in lists.into_iter().flatten().chain(&gazetteers) {
            assert_eq!(
                rule.term.trim(),
                rule.term,
                "stray space in {:?}",
                rule.term
            );
            assert!(!rule.term.is_empty());
            assert!(rule.weight > 0.0, "{:?}", rule.term);
            let previous = seen.insert(rule.term.to_ascii_lowercase(), rule.term);
            assert_eq!(previous, None, "{:?} is listed twice", rule.term);
        }
        assert_eq!(builtin().len(), seen.len());
    }

    #[test]
    fn word_boundaries_keep_latin_terms_whole() {
        let set = builtin();
        assert!(found(&set, "advances in artificial intelligence").is_empty());
        assert!(found(&set, "strip the metadata from the Metaverse demo").is_empty());
        assert!(found(&set, "Russia and Australia update their status").is_empty());
        assert!(found(&set, "plug in a USB stick").is_empty());
        // Only the letter before rules these out: all-caps "US" ends each word.
        assert!(found(&set, "FOCUS ON CORPUS BONUS").is_empty());
        assert_eq!(found(&set, "Intel cuts jobs"), ["Intel"]);
        // A rejected hit does not hide the real term right after it.
        assert_eq!(
            found(&set, "Metaverse at Meta, USB at AMD"),
            ["Meta", "AMD"]
        );
    }

    #[test]
    fn punctuation_is_a_boundary() {
        let set = builtin();
        assert_eq!(found(&set, "U.S.-China talks"), ["U.S.", "China"]);
        assert_eq!(found(&set, "China's chipmakers"), ["China"]);
        assert_eq!(found(&set, "China\u{2019}s chipmakers"), ["China"]);
        assert_eq!(found(&set, "(Nvidia)"), ["Nvidia"]);
    }

    #[test]
    fn cjk_terms_need_no_boundaries_and_do_not_block_latin_ones() {
        let set = builtin();
        assert_eq!(found(&set, "华为发布昇腾920芯片"), ["华为", "昇腾"]);
        assert_eq!(found(&set, "用DeepSeek模型"), ["DeepSeek"]);
        assert_eq!(
            found(&set, "阿里巴巴发布通义千问"),
            ["阿里巴巴", "通义千问"]
        );
    }

    #[test]
    fn acronyms_are_case_sensitive_and_words_are_not() {
        let set = builtin();
        assert!(found(&set, "let us know what you think").is_empty());
        assert_eq!(found(&set, "US AND CHINA"), ["US", "CHINA"]);
        assert_eq!(found(&set, "US regulators"), ["US"]);
        assert_eq!(found(&set, "deepseek and NVIDIA"), ["deepseek", "NVIDIA"]);
        assert!(found(&set, "a cac of amd tpu").is_empty());
    }

    #[test]
    fn case_sensitive_names_ignore_common_words() {
        let set = builtin();
        assert!(found(&set, "an apple a day, a meta joke, new intel").is_empty());
        assert_eq!(found(&set, "Meta and Apple"), ["Meta", "Apple"]);
    }

    #[test]
    fn neutral_phrases_swallow_false_friends() {
        let set = builtin();
        assert!(found(&set, "Apple orchards in the valley").is_empty());
        assert!(found(&set, "Apple pie recipes").is_empty());
        assert!(found(&set, "exports to Latin America").is_empty());
        assert!(found(&set, "raised US$2 billion").is_empty());
        assert!(found(&set, "a Meta-analysis of trials").is_empty());
        assert_eq!(found(&set, "Apple unveils a chip"), ["Apple"]);
    }

    #[test]
    fn acronyms_and_part_numbers_take_a_plural_s() {
        let set = builtin();
        assert_eq!(found(&set, "10,000 H100s and TPUs"), ["H100s", "TPUs"]);
        assert!(found(&set, "Applesauce").is_empty());
    }

    #[test]
    fn glued_version_numbers_still_count() {
        let set = builtin();
        assert_eq!(
            found(&set, "Qwen3 and Llama4 and GLM-4.5"),
            ["Qwen3", "Llama4", "GLM"]
        );
        assert!(found(&set, "Qwenx").is_empty());
    }

    #[test]
    fn longest_term_wins_and_shorter_ones_are_retried() {
        let set = builtin();
        assert_eq!(found(&set, "Google DeepMind"), ["Google DeepMind"]);
        assert_eq!(found(&set, "Ascend 910C"), ["Ascend 910C"]);
        // "Ascend 910" fails its boundary against the extra digit; "Ascend" still counts.
        assert_eq!(found(&set, "Ascend 9100"), ["Ascend"]);
        assert_eq!(found(&set, "美国商务部"), ["美国商务部"]);
    }

    #[test]
    fn scan_end_limits_starts_but_boundaries_see_the_whole_text() {
        let set = builtin();
        let text = "Nvidia near Chinatown";
        let cut = text.find("Chinatown").unwrap() + "China".len();
        assert_eq!(set.matches(text, cut).count(), 1);
        assert_eq!(set.matches(text, 3).count(), 0);
    }

    #[test]
    fn user_terms_are_validated_and_trimmed() {
        let spec = |term: &str, weight| TermSpec {
            term: term.to_string(),
            case_sensitive: None,
            weight,
        };
        let config = TopicsConfig {
            china: vec![spec("  ", None)],
            ..TopicsConfig::default()
        };
        let err = TermSet::new(&config).unwrap_err();
        assert!(err.contains("china") && err.contains("\"  \""), "{err}");

        let config = TopicsConfig {
            us: vec![spec("Nvidia", Some(f32::NAN))],
            ..TopicsConfig::default()
        };
        let err = TermSet::new(&config).unwrap_err();
        assert!(
            err.contains("\"Nvidia\"") && err.contains("weight"),
            "{err}"
        );

        let config = TopicsConfig {
            replace_defaults: true,
            both: vec![spec(" chip tariff ", None)],
            ..TopicsConfig::default()
        };
        let set = TermSet::new(&config).unwrap();
        assert_eq!(found(&set, "a new chip tariff"), ["chip tariff"]);
    }

    #[test]
    fn user_phrases_match_whole_with_or_without_case() {
        let spec = |term: &str, case_sensitive| TermSpec {
            term: term.to_string(),
            case_sensitive,
            weight: None,
        };
        let config = TopicsConfig {
            replace_defaults: true,
            us: vec![spec("frontier  model\tforum", None)],
            china: vec![spec("Red Note", Some(true)), spec("小红书", None)],
            ..TopicsConfig::default()
        };
        let set = TermSet::new(&config).unwrap();
        // Case-insensitive by default, whitespace in the spec collapsed.
        assert_eq!(
            found(&set, "The FRONTIER MODEL FORUM meets"),
            ["FRONTIER MODEL FORUM"]
        );
        assert_eq!(
            found(&set, "frontier model forum"),
            ["frontier model forum"]
        );
        // A phrase is matched whole and on word boundaries.
        assert!(found(&set, "frontier model forums").is_empty());
        assert!(found(&set, "frontier model").is_empty());
        // Case-sensitive on request: "red note" is an ordinary phrase.
        assert_eq!(found(&set, "Users flock to Red Note"), ["Red Note"]);
        assert!(found(&set, "a red note on the fridge").is_empty());
        assert_eq!(found(&set, "小红书用户激增"), ["小红书"]);
    }

    #[test]
    fn user_terms_in_traditional_characters_are_folded() {
        let config = TopicsConfig {
            replace_defaults: true,
            china: vec![TermSpec {
                term: "聯發科".to_string(),
                case_sensitive: None,
                weight: None,
            }],
            ..TopicsConfig::default()
        };
        let set = TermSet::new(&config).unwrap();
        assert!((0..set.len()).any(|at| set.term(at).text == "联发科"));
        assert_eq!(found(&set, "联发科发布芯片"), ["联发科"]);
    }

    #[test]
    fn user_case_flag_overrides_the_spelling_rule() {
        let config = TopicsConfig {
            replace_defaults: true,
            us: vec![TermSpec {
                term: "NASA".to_string(),
                case_sensitive: Some(false),
                weight: None,
            }],
            ..TopicsConfig::default()
        };
        let set = TermSet::new(&config).unwrap();
        assert_eq!(found(&set, "nasa budget"), ["nasa"]);
    }
}
