//! Tokens to a [`Query`] by recursive descent. Precedence, loosest first: terms side by
//! side (AND), `OR`, `-`; parentheses group. Nesting is bounded so that no input can
//! exhaust the stack, and a run of `-` is counted, not recursed into.

use super::ast::{Node, Query, Span, Term};
use super::error::{ErrorKind, QueryError};
use super::fields::{self, FieldToken};
use super::lexer::{Tok, Token, lex};

/// Parentheses nested deeper than this are refused.
pub const MAX_DEPTH: usize = 32;

/// Parses a query. An empty (or blank) query matches everything.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    let tokens = lex(text)?;
    let plain = tokens.iter().all(|token| matches!(token.tok, Tok::Word(_)));
    let mut parser = Parser {
        text,
        tokens: &tokens,
        at: 0,
    };
    let root = parser.and(0)?;
    if let Some(token) = parser.peek() {
        // Only a `)` stops the top level early.
        return Err(parser.error(ErrorKind::UnmatchedParen, token.span));
    }
    Ok(Query { root, plain })
}

struct Parser<'t, 'a> {
    text: &'a str,
    tokens: &'t [Token<'a>],
    at: usize,
}

impl<'a> Parser<'_, 'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.at).copied()
    }

    fn next(&mut self) -> Option<Token<'a>> {
        let token = self.peek();
        self.at += usize::from(token.is_some());
        token
    }

    fn error(&self, kind: ErrorKind, span: Span) -> QueryError {
        QueryError::new(kind, span, self.text)
    }

    /// Terms side by side, up to the end or a `)` (left for the caller).
    fn and(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut children = Vec::new();
        while let Some(token) = self.peek() {
            match token.tok {
                Tok::Close => break,
                Tok::Or => return Err(self.error(ErrorKind::OrWithoutLeft, token.span)),
                _ => children.push(self.or(depth)?),
            }
        }
        Ok(match children.len() {
            0 => Node::All,
            1 => children.remove(0),
            _ => Node::And(children),
        })
    }

    /// `a OR b OR c`.
    fn or(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut alternatives = vec![self.unary(depth)?];
        while let Some(or) = self.peek().filter(|t| t.tok == Tok::Or) {
            self.at += 1;
            match self.peek().map(|t| t.tok) {
                None | Some(Tok::Or | Tok::Close) => {
                    return Err(self.error(ErrorKind::OrWithoutRight, or.span));
                }
                Some(_) => alternatives.push(self.unary(depth)?),
            }
        }
        Ok(match alternatives.len() {
            1 => alternatives.remove(0),
            _ => Node::Or(alternatives),
        })
    }

    /// `-term`, `--term`, `-(...)` or an atom.
    fn unary(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut negations = 0usize;
        let mut last_minus = None;
        while let Some(minus) = self.peek().filter(|t| t.tok == Tok::Minus) {
            self.at += 1;
            negations += 1;
            last_minus = Some(minus.span);
        }
        if let Some(span) = last_minus
            && matches!(
                self.peek().map(|t| t.tok),
                None | Some(Tok::Or | Tok::Close)
            )
        {
            return Err(self.error(ErrorKind::LoneMinus, span));
        }
        let atom = self.atom(depth)?;
        Ok(if negations % 2 == 1 {
            Node::Not(Box::new(atom))
        } else {
            atom
        })
    }

    fn atom(&mut self, depth: usize) -> Result<Node, QueryError> {
        let Some(token) = self.next() else {
            // Callers check for a token first; an empty atom is the end of the text.
            let end = self.text.len();
            return Err(self.error(ErrorKind::OrWithoutRight, Span::new(end, end)));
        };
        let term = |term| Ok(Node::Term(term, token.span));
        match token.tok {
            Tok::Open => self.group(token.span, depth),
            Tok::Close => Err(self.error(ErrorKind::UnmatchedParen, token.span)),
            Tok::Or => Err(self.error(ErrorKind::OrWithoutLeft, token.span)),
            Tok::Minus => Err(self.error(ErrorKind::LoneMinus, token.span)),
            Tok::Word("AND") => Err(self.error(ErrorKind::ReservedAnd, token.span)),
            Tok::Word("NOT") => Err(self.error(ErrorKind::ReservedNot, token.span)),
            Tok::Word(word) => term(Term::Word(word.to_owned())),
            Tok::Phrase(phrase) => match fields::collapse(phrase) {
                empty if empty.is_empty() => Err(self.error(ErrorKind::EmptyQuote, token.span)),
                phrase => term(Term::Phrase(phrase)),
            },
            Tok::Field {
                name,
                value,
                value_span,
            } => {
                let field = FieldToken {
                    name,
                    value,
                    span: token.span,
                    value_span,
                };
                term(fields::term(&field, self.text)?)
            }
        }
    }

    /// What follows `(`, up to its `)`.
    fn group(&mut self, open: Span, depth: usize) -> Result<Node, QueryError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(ErrorKind::TooDeep(MAX_DEPTH), open));
        }
        let inner = self.and(depth + 1)?;
        match self.next() {
            Some(close) if close.tok == Tok::Close => match inner {
                Node::All => Err(self.error(ErrorKind::EmptyParens, open.to(close.span))),
                inner => Ok(inner),
            },
            _ => Err(self.error(ErrorKind::UnclosedParen, open)),
        }
    }
}
