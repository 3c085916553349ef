//! The gazetteers: whole categories of real entities (US states and cities, federal
//! agencies, each side's companies, labs, models, chips and executives, in English and
//! Chinese) kept as data files in `data/` and compiled in, next to the hand-tuned rules
//! of `rules.rs`.
//!
//! Line format, one term a line, `#` opens a comment line:
//!
//! ```text
//! term                  full weight, case decided by spelling (as in rules.rs)
//! term | 0.75           its own weight
//! term | 1 | case       case-sensitive whatever its spelling ("Lambda", "Rubin")
//! ```
//!
//! Chinese terms are written in simplified characters: matching folds traditional ones
//! first (see `fold.rs`), so one line covers both scripts. Only Taiwan and Hong Kong
//! usages that folding cannot reach need their own line (辉达 for 英伟达, 矽谷 for 硅谷).

use super::rules::{Rule, Side};

const US: &str = include_str!("data/us.txt");
const CHINA: &str = include_str!("data/china.txt");
const RELATION: &str = include_str!("data/relation.txt");
const PAIR: &str = include_str!("data/pair.txt");
const THIRD_COUNTRY: &str = include_str!("data/third_country.txt");
const NEUTRAL: &str = include_str!("data/neutral.txt");

/// Each gazetteer with the side its terms pull to, in merge order.
pub fn all() -> [(Side, &'static str); 6] {
    [
        (Side::Us, US),
        (Side::China, CHINA),
        (Side::Relation, RELATION),
        (Side::Pair, PAIR),
        (Side::ThirdCountry, THIRD_COUNTRY),
        (Side::Neutral, NEUTRAL),
    ]
}

/// The rules of one gazetteer file. A malformed line is skipped (the unit tests check
/// that the built-in files have none).
pub fn rules(data: &'static str) -> impl Iterator<Item = Rule> {
    data.lines().filter_map(parse_line)
}

/// One line's rule; `None` for blank and comment lines and for malformed ones.
fn parse_line(line: &'static str) -> Option<Rule> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let mut fields = line.split('|').map(str::trim);
    let term = fields.next().filter(|term| !term.is_empty())?;
    let weight = match fields.next() {
        Some(text) => text
            .parse::<f32>()
            .ok()
            .filter(|w| w.is_finite() && *w > 0.0)?,
        None => 1.0,
    };
    let case_sensitive = match fields.next() {
        Some("case") => Some(true),
        Some(_) => return None,
        None => None,
    };
    if fields.next().is_some() {
        return None;
    }
    Some(Rule {
        term,
        weight,
        case_sensitive,
    })
}

/// The lines of a gazetteer that hold a term (not blank, not a comment).
#[cfg(test)]
fn term_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::fold::fold;

    #[test]
    fn every_line_parses() {
        for (side, data) in all() {
            for line in term_lines(data) {
                assert!(parse_line(line).is_some(), "{side:?}: bad line {line:?}");
            }
        }
    }

    #[test]
    fn fields_are_read() {
        let rule = parse_line("Lambda | 0.5 | case").unwrap();
        assert_eq!(
            (rule.term, rule.weight, rule.case_sensitive),
            ("Lambda", 0.5, Some(true))
        );
        let rule = parse_line("  加州  ").unwrap();
        assert_eq!(
            (rule.term, rule.weight, rule.case_sensitive),
            ("加州", 1.0, None)
        );
        for bad in [
            "| 1",
            "x | -1",
            "x | nan",
            "x | 1 | loud",
            "x | 1 | case | 2",
            "# c",
        ] {
            assert_eq!(parse_line(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn chinese_terms_are_written_in_simplified() {
        // Matching folds the text, so a traditional character in a term would never match.
        for (side, data) in all() {
            for rule in rules(data) {
                assert_eq!(fold(rule.term, usize::MAX), rule.term, "{side:?}");
            }
        }
        for rule in super::super::rules::all_lists().into_iter().flatten() {
            assert_eq!(fold(rule.term, usize::MAX), rule.term);
        }
    }

    #[test]
    fn each_category_is_covered() {
        let us: Vec<&str> = rules(US).map(|r| r.term).collect();
        // All fifty states, in English.
        for state in [
            "Alabama",
            "Wyoming",
            "New Hampshire",
            "North Dakota",
            "Delaware",
        ] {
            assert!(us.contains(&state), "{state}");
        }
        assert!(us.len() > 300, "only {} US terms", us.len());
        assert!(
            rules(CHINA).count() > 250,
            "only {} China terms",
            rules(CHINA).count()
        );
    }
}
