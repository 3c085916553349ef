//! The story lexicon: names (companies, labs, models, chips, agencies, people) and story
//! words in any language or script, each alias to one canonical id.
//!
//! Two outlets that tell one story in two languages share little but its names and
//! concepts: "Nvidia" and "英伟达", "market cap" and "市值". Both tables are data
//! (`data/entities.txt`, `data/story_words.txt`): `id | alias | alias ...` per line.
//! Aliases are lowercased and folded to simplified characters when loaded, as titles are
//! before matching. Phrases, names and Chinese words are found in the text by one
//! Aho-Corasick automaton (leftmost-longest, so "美光" wins over "美"); single English
//! story words are looked up by their stem instead, so every inflection matches.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap as HashMap;

use super::fold::fold_char;
use super::story_tokens::stem;

const ENTITIES: &str = include_str!("data/entities.txt");
const STORY_WORDS: &str = include_str!("data/story_words.txt");

/// What a lexicon term is: a name, weighted as the most telling token of a headline, or a
/// story word, weighted as any other word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    Entity,
    Word,
}

/// One canonical term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The token emitted: entity ids get an `@` so that they never equal a plain word.
    pub token: String,
    /// `token` after a NUL: how the tokenizer tells story words from plain words.
    pub marked: String,
    pub kind: TermKind,
}

/// One match of a phrase or name in a text: byte range and term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub term: u32,
}

/// The loaded tables.
#[derive(Debug)]
pub struct Lexicon {
    terms: Vec<Term>,
    matcher: AhoCorasick,
    /// Per automaton pattern: its term, and whether it is Latin (whole words only).
    patterns: Vec<(u32, bool)>,
    /// Stem of a single English story word to its term.
    stems: HashMap<String, u32>,
}

/// The built-in lexicon, loaded once.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        Lexicon::parse(&[(ENTITIES, TermKind::Entity), (STORY_WORDS, TermKind::Word)])
    })
}

/// Lowercase and fold to simplified characters: the form both aliases and titles are
/// matched in.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        // Most titles: nothing to fold, and lowercasing is byte for byte.
        return text.to_ascii_lowercase();
    }
    text.chars()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .collect()
}

impl Lexicon {
    /// Builds a lexicon from tables of `id | alias ...` lines; `#` starts a comment line.
    /// Lines without an alias are skipped (a unit test checks the built-in tables have
    /// none). An alias listed twice keeps its first term.
    pub fn parse(tables: &[(&str, TermKind)]) -> Lexicon {
        let mut terms = Vec::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let mut stems = HashMap::default();
        let mut seen: HashMap<String, ()> = HashMap::default();
        for (table, kind) in tables {
            for line in table.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let mut fields = line.split('|').map(str::trim);
                let Some(id) = fields.next().filter(|id| !id.is_empty()) else {
                    continue;
                };
                let term = terms.len() as u32;
                let token = match kind {
                    TermKind::Entity => format!("@{id}"),
                    TermKind::Word => id.to_string(),
                };
                let mut any = false;
                for alias in fields.filter(|a| !a.is_empty()) {
                    let alias = normalize(alias);
                    if seen.insert(alias.clone(), ()).is_some() {
                        continue;
                    }
                    any = true;
                    let single_word = alias.chars().all(|c| c.is_ascii_alphanumeric());
                    if *kind == TermKind::Word && single_word {
                        stems.entry(stem(&alias).to_string()).or_insert(term);
                    } else {
                        let latin = alias.is_ascii();
                        phrases.push(alias);
                        patterns.push((term, latin));
                    }
                }
                if any {
                    terms.push(Term {
                        marked: format!("\0{token}"),
                        token,
                        kind: *kind,
                    });
                }
            }
        }
        // The patterns are the built-in tables' short aliases, trusted data: a unit test
        // builds them, so this cannot fail at run time.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&phrases)
            .expect("the built-in story lexicon builds");
        Lexicon {
            terms,
            matcher,
            patterns,
            stems,
        }
    }

    pub fn term(&self, term: u32) -> &Term {
        &self.terms[term as usize]
    }

    /// The term of a single English word's stem, if it is a story word.
    pub fn word(&self, stem: &str) -> Option<u32> {
        self.stems.get(stem).copied()
    }

    /// Calls `found` with each name and phrase in `text` (already [`normalize`]d), left to
    /// right. A Latin alias counts only as whole words: "arm" is not found in "pharma".
    pub fn find(&self, text: &str, mut found: impl FnMut(Found)) {
        let bytes = text.as_bytes();
        for m in self.matcher.find_iter(text) {
            let (term, latin) = self.patterns[m.pattern().as_usize()];
            if latin {
                let before = m.start().checked_sub(1).map(|at| bytes[at]);
                let after = bytes.get(m.end()).copied();
                if before.is_some_and(|b| b.is_ascii_alphanumeric())
                    || after.is_some_and(|b| b.is_ascii_alphanumeric())
                {
                    continue;
                }
            }
            found(Found {
                start: m.start(),
                end: m.end(),
                term,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let lexicon = lexicon();
        let mut out = Vec::new();
        lexicon.find(&normalize(text), |f| {
            out.push(lexicon.term(f.term).token.clone())
        });
        out
    }

    #[test]
    fn one_id_across_languages_and_scripts() {
        for name in ["Nvidia", "NVDA", "英伟达", "輝達", "英偉達", "辉达"] {
            assert_eq!(ids(name), ["@nvidia"], "{name}");
        }
        assert_eq!(ids("Sam Altman and 奥特曼"), ["@altman", "@altman"]);
        assert_eq!(ids("黃仁勳"), ["@jensenhuang"]);
    }

    #[test]
    fn latin_aliases_match_whole_words_and_the_longest_wins() {
        assert_eq!(ids("pharma stocks"), Vec::<String>::new());
        assert_eq!(ids("Arm Holdings"), ["@arm"]);
        // 美光 (Micron) is longer than 美 (US) at the same place.
        assert_eq!(ids("美光"), ["@micron"]);
        assert_eq!(ids("market cap"), ["marketcap"]);
    }

    #[test]
    fn builtin_tables_are_well_formed() {
        for (table, name) in [(ENTITIES, "entities"), (STORY_WORDS, "story words")] {
            for (at, line) in table.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let fields: Vec<&str> = line.split('|').map(str::trim).collect();
                assert!(
                    fields.len() >= 2 && fields.iter().all(|f| !f.is_empty()),
                    "{name} line {}: {line:?}",
                    at + 1
                );
            }
        }
        let lexicon = lexicon();
        assert!(lexicon.terms.len() > 100, "{} terms", lexicon.terms.len());
        assert_eq!(lexicon.word(stem("fired")), lexicon.word(stem("fires")));
    }
}
