//! The reader's search text as an FTS5 query. Plain words must all match; "quoted
//! phrases" match as written. Every word and phrase becomes one FTS5 string, with its
//! quotes doubled, so nothing the reader types (an unbalanced quote, `NEAR(`, `*`, `-`,
//! `:`, `^`, `AND`) can reach FTS5 as syntax: a query is never an FTS5 error.

use super::tokens::{ends_with_lone_cjk, index_text};
use crate::text::fold::fold;

/// One word or phrase of the query, as typed (traditional characters folded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    pub text: String,
}

/// The words and phrases of `input`. An unbalanced quote runs to the end of the input.
pub(crate) fn parse(input: &str) -> Vec<Term> {
    let folded = fold(input, usize::MAX);
    let mut terms = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut push = |current: &mut String| {
        // Inner whitespace of a phrase is single-spaced, as the snippet's text is.
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            terms.push(Term { text });
        }
        current.clear();
    };
    for c in folded.chars() {
        match c {
            '"' => {
                push(&mut current);
                quoted = !quoted;
            }
            c if c.is_whitespace() && !quoted => push(&mut current),
            c => current.push(c),
        }
    }
    push(&mut current);
    terms
}

/// The FTS5 MATCH expression for these terms, or `None` when none of them has a letter or
/// digit to look for (`*`, `-`, `"`): such a query matches nothing.
pub(crate) fn to_match(terms: &[Term]) -> Option<String> {
    let strings: Vec<String> = terms
        .iter()
        .filter_map(|term| {
            let indexed = index_text(&term.text);
            if !indexed.chars().any(char::is_alphanumeric) {
                return None;
            }
            let prefix = if ends_with_lone_cjk(&indexed) {
                "*"
            } else {
                ""
            };
            Some(format!(
                "\"{}\"{prefix}",
                indexed.trim().replace('"', "\"\"")
            ))
        })
        .collect();
    if strings.is_empty() {
        None
    } else {
        Some(strings.join(" AND "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<String> {
        parse(input).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_and_quoted_phrases() {
        assert_eq!(texts("huawei  ascend"), ["huawei", "ascend"]);
        assert_eq!(
            texts(r#"chips "export  controls" 华为"#),
            ["chips", "export controls", "华为"]
        );
        assert_eq!(
            texts(r#"open "unbalanced quote"#),
            ["open", "unbalanced quote"]
        );
        assert_eq!(texts(r#""""#), Vec::<String>::new());
    }

    #[test]
    fn each_term_is_one_quoted_string() {
        let expr = |input: &str| to_match(&parse(input));
        assert_eq!(
            expr("Huawei Ascend").as_deref(),
            Some(r#""Huawei" AND "Ascend""#)
        );
        assert_eq!(expr("華為芯片").as_deref(), Some(r#""华为 为芯 芯片""#));
        assert_eq!(expr("中").as_deref(), Some(r#""中"*"#));
        assert_eq!(expr(r#"NEAR(a b"#).as_deref(), Some(r#""NEAR(a" AND "b""#));
        assert_eq!(expr(r#"a"b"#).as_deref(), Some(r#""a" AND "b""#));
    }

    #[test]
    fn terms_with_nothing_to_find_are_dropped() {
        assert_eq!(to_match(&parse("* - : ^ \"")), None);
        assert_eq!(to_match(&parse("-chips")).as_deref(), Some(r#""-chips""#));
    }
}
