//! Query text to tokens, each with its byte span: words, "phrases", `field:value`, `-`,
//! `OR` and parentheses. A word ends at whitespace, a parenthesis or a quote; `name:` at the
//! start of a word (ASCII letters, then a colon) makes it a field, whether or not the name
//! is known (the parser says so, with a suggestion).

use super::ast::Span;
use super::error::{ErrorKind, QueryError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok<'a> {
    Word(&'a str),
    /// The text between the quotes, as written.
    Phrase(&'a str),
    Field {
        name: &'a str,
        /// As written, without quotes when it was quoted (`source:"South China"`).
        value: &'a str,
        value_span: Span,
    },
    /// `-` touching the term after it.
    Minus,
    Or,
    Open,
    Close,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub tok: Tok<'a>,
    pub span: Span,
}

/// The tokens of `text`, or the first lexical error (an unclosed quote, a lone `-`).
pub fn lex(text: &str) -> Result<Vec<Token<'_>>, QueryError> {
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let start = at;
        let single = |tok| Token {
            tok,
            span: Span::new(start, start + 1),
        };
        match c {
            c if c.is_whitespace() => at += c.len_utf8(),
            '(' => {
                tokens.push(single(Tok::Open));
                at += 1;
            }
            ')' => {
                tokens.push(single(Tok::Close));
                at += 1;
            }
            '"' => {
                let (inner, end) = quoted(text, start)?;
                tokens.push(Token {
                    tok: Tok::Phrase(inner),
                    span: Span::new(start, end),
                });
                at = end;
            }
            '-' => {
                let touches = text[start + 1..]
                    .chars()
                    .next()
                    .is_some_and(|next| !next.is_whitespace());
                if !touches {
                    let span = Span::new(start, start + 1);
                    return Err(QueryError::new(ErrorKind::LoneMinus, span, text));
                }
                tokens.push(single(Tok::Minus));
                at += 1;
            }
            _ => {
                let token = word(text, start)?;
                at = token.span.end;
                tokens.push(token);
            }
        }
    }
    Ok(tokens)
}

/// Where a bare word starting at `start` ends.
fn word_end(text: &str, start: usize) -> usize {
    text[start..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | ')' | '"'))
        .map_or(text.len(), |(offset, _)| start + offset)
}

/// A word, `OR`, or a field with its value (quoted or not).
fn word(text: &str, start: usize) -> Result<Token<'_>, QueryError> {
    let end = word_end(text, start);
    let bare = &text[start..end];
    let name_len = bare
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(bare.len());
    let is_field = name_len > 0 && bare.as_bytes().get(name_len) == Some(&b':');
    if !is_field {
        let tok = if bare == "OR" {
            Tok::Or
        } else {
            Tok::Word(bare)
        };
        return Ok(Token {
            tok,
            span: Span::new(start, end),
        });
    }
    let name = &bare[..name_len];
    let value_start = start + name_len + 1;
    let (value, value_span, end) = if text[value_start..].starts_with('"') {
        let (inner, end) = quoted(text, value_start)?;
        (inner, Span::new(value_start + 1, end - 1), end)
    } else {
        (&text[value_start..end], Span::new(value_start, end), end)
    };
    Ok(Token {
        tok: Tok::Field {
            name,
            value,
            value_span,
        },
        span: Span::new(start, end),
    })
}

/// The text inside the quote opening at `open`, and the byte after the closing quote.
fn quoted(text: &str, open: usize) -> Result<(&str, usize), QueryError> {
    match text[open + 1..].find('"') {
        Some(len) => Ok((&text[open + 1..open + 1 + len], open + len + 2)),
        None => Err(QueryError::new(
            ErrorKind::UnclosedQuote,
            Span::new(open, open + 1),
            text,
        )),
    }
}
