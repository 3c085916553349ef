//! What can be wrong with a query, where (a byte span, shown as a column and a caret), and
//! what to write instead. [`Report`] shows the query with a caret line under the culprit.

use std::fmt;

use unicode_width::UnicodeWidthStr;

use super::ast::Span;

/// A query that cannot be parsed or compiled, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {kind}")]
pub struct QueryError {
    pub kind: ErrorKind,
    /// Bytes of the query text the error is about (never empty unless the text is).
    pub span: Span,
    /// 1-based character column of the span's start, as a reader counts.
    pub column: usize,
}

impl QueryError {
    pub fn new(kind: ErrorKind, span: Span, query: &str) -> QueryError {
        let column = query
            .get(..span.start)
            .map_or(1, |before| before.chars().count() + 1);
        QueryError { kind, span, column }
    }

    /// The error shown under its query: the query, a caret line, the message.
    pub fn report<'a>(&'a self, query: &'a str) -> Report<'a> {
        Report { error: self, query }
    }

    /// Where the caret goes on a terminal, in display columns from the query's start (CJK
    /// characters are two wide), and how many carets: at least one.
    pub fn caret(&self, query: &str) -> (usize, usize) {
        let width = |text: Option<&str>| text.map_or(0, |text| shown(text).width());
        let start = width(query.get(..self.span.start));
        let carets = width(query.get(self.span.start..self.span.end));
        (start, carets.max(1))
    }
}

/// The kinds of error, each message saying what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    #[error("this quote is never closed: add a `\"` after the phrase")]
    UnclosedQuote,
    #[error("empty quotes: put a word or phrase between them")]
    EmptyQuote,
    #[error("this `(` is never closed: add a `)`")]
    UnclosedParen,
    #[error("this `)` has no `(` before it")]
    UnmatchedParen,
    #[error("empty parentheses: put a term between them")]
    EmptyParens,
    #[error("parentheses nested more than {0} deep")]
    TooDeep(usize),
    #[error("`OR` needs a term before it, as in `nvidia OR huawei`")]
    OrWithoutLeft,
    #[error("`OR` needs a term after it, as in `nvidia OR huawei`")]
    OrWithoutRight,
    #[error("`-` needs a term right after it: `-huawei` leaves out articles that name huawei")]
    LoneMinus,
    #[error(
        "`AND` is not needed: terms side by side must all match (`nvidia huawei`); to search \
         for the word, write it in lower case"
    )]
    ReservedAnd,
    #[error(
        "`NOT` is written `-`: `-huawei` leaves out articles that name huawei; to search for \
         the word, write it in lower case"
    )]
    ReservedNot,
    #[error(
        "unknown field `{name}:`{}; fields are {}; to search for the text itself, put it in \
         quotes",
        did_you_mean(.suggestion.as_deref(), ":"),
        super::fields::FIELDS.join(", ")
    )]
    UnknownField {
        name: String,
        suggestion: Option<String>,
    },
    #[error("`{field}:` needs a value: {}", .valid)]
    MissingValue { field: &'static str, valid: String },
    #[error(
        "unknown {field} `{value}`{}; use {}",
        did_you_mean(.suggestion.as_deref(), ""),
        .valid
    )]
    UnknownValue {
        field: &'static str,
        value: String,
        suggestion: Option<String>,
        valid: String,
    },
    #[error(
        "`{field}:{value}` is not a time; write a period back from now (30m, 24h, 7d, 2w) or a \
         date (2026-11-01, or RFC 3339 such as 2026-11-01T09:00:00Z)"
    )]
    BadTime { field: &'static str, value: String },
    #[error("no feed in the config has tags; add `tags = [\"policy\"]` to a feed's entry")]
    NoTags,
    #[error("the watchlist is empty; add terms with `watchlist = [\"DeepSeek\"]` in the config")]
    NoWatchlist,
}

/// " (did you mean `topic:`?)" or nothing.
fn did_you_mean(suggestion: Option<&str>, suffix: &str) -> String {
    suggestion.map_or_else(String::new, |s| format!(" (did you mean `{s}{suffix}`?)"))
}

/// A query error with its query, displayed on three lines:
///
/// ```text
/// topci:china
/// ^^^^^
/// column 1: unknown field `topci:`; did you mean `topic:`? ...
/// ```
pub struct Report<'a> {
    error: &'a QueryError,
    query: &'a str,
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (start, width) = self.error.caret(self.query);
        writeln!(f, "{}", shown(self.query))?;
        writeln!(f, "{}{}", " ".repeat(start), "^".repeat(width))?;
        write!(f, "{}", self.error)
    }
}

/// The query as it can be printed: control, bidi and zero-width characters (a query from a
/// config file can hold anything) become spaces, so the text is terminal-safe and the
/// caret counts the same columns the terminal shows.
fn shown(query: &str) -> String {
    query
        .chars()
        .map(|c| {
            if c.is_control() || is_invisible(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}
