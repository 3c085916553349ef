//! The fields (`topic:`, `source:`, ...) and the values each takes, checked when parsed:
//! an unknown field or value is an error with a suggestion. Tags and watchlist terms come
//! from the config, so they are checked when the query is compiled.

use crate::model::Topic;

use super::ast::{Flag, Span, Term, Watch};
use super::error::{ErrorKind, QueryError};
use super::suggest::closest;
use super::time::parse_when;

/// Every field, as the error for an unknown one lists them.
pub const FIELDS: &[&str] = &[
    "topic", "source", "tag", "watch", "is", "since", "before", "has",
];

const TOPICS: &[&str] = &["us", "china", "both", "other"];
const FLAGS: &[&str] = &["unread", "read", "starred"];
const HAS: &[&str] = &["fulltext"];

/// A field token as the lexer found it.
pub struct FieldToken<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub span: Span,
    pub value_span: Span,
}

/// The term a field names, or why it names none. `text` is the whole query (for columns).
pub fn term(field: &FieldToken<'_>, text: &str) -> Result<Term, QueryError> {
    let error = |kind, span| Err(QueryError::new(kind, span, text));
    let Some(name) = FIELDS
        .iter()
        .copied()
        .find(|known| known.eq_ignore_ascii_case(field.name))
    else {
        let suggestion = closest(field.name, FIELDS.iter().copied());
        let name_span = Span::new(field.span.start, field.span.start + field.name.len());
        let kind = ErrorKind::UnknownField {
            name: field.name.to_owned(),
            suggestion,
        };
        return error(kind, name_span);
    };
    let value = field.value.trim();
    if value.is_empty() {
        let kind = ErrorKind::MissingValue {
            field: name,
            valid: valid_values(name),
        };
        return error(kind, field.span);
    }
    let unknown = |choices: &[&str]| {
        let kind = ErrorKind::UnknownValue {
            field: name,
            value: value.to_owned(),
            suggestion: closest(value, choices.iter().copied()),
            valid: valid_values(name),
        };
        error(kind, field.value_span)
    };
    let lower = value.to_lowercase();
    match name {
        "topic" => Topic::parse(value).map_or_else(|| unknown(TOPICS), |t| Ok(Term::Topic(t))),
        "is" => match lower.as_str() {
            "unread" => Ok(Term::Is(Flag::Unread)),
            "read" => Ok(Term::Is(Flag::Read)),
            "starred" => Ok(Term::Is(Flag::Starred)),
            _ => unknown(FLAGS),
        },
        "has" => match lower.as_str() {
            "fulltext" | "full-text" | "full_text" => Ok(Term::HasFullText),
            _ => unknown(HAS),
        },
        "since" | "before" => match parse_when(&lower) {
            Some(when) if name == "since" => Ok(Term::Since(when)),
            Some(when) => Ok(Term::Before(when)),
            None => {
                let kind = ErrorKind::BadTime {
                    field: name,
                    value: value.to_owned(),
                };
                error(kind, field.value_span)
            }
        },
        "source" => Ok(Term::Source(collapse(value))),
        "tag" => Ok(Term::Tag(value.to_owned())),
        _ if lower == "any" => Ok(Term::Watch(Watch::Any)),
        _ => Ok(Term::Watch(Watch::Term(collapse(value)))),
    }
}

/// What a field takes, for its errors.
fn valid_values(field: &str) -> String {
    let list = |values: &[&str]| values.join(", ");
    match field {
        "topic" => format!("one of {}", list(TOPICS)),
        "is" => format!("one of {}", list(FLAGS)),
        "has" => "fulltext".to_owned(),
        "since" | "before" => "a period (30m, 24h, 7d, 2w) or a date (2026-11-01)".to_owned(),
        "source" => "a part of a feed's name, such as `source:reuters`".to_owned(),
        "tag" => "a feed tag from the config, such as `tag:policy`".to_owned(),
        _ => "a watchlist term, or `any` for every one".to_owned(),
    }
}

/// Runs of whitespace as single spaces (a quoted value may hold several words).
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
