//! The parsed query: a tree of AND, OR, NOT and terms, each term with the place it was
//! written (for errors found when it is compiled). Plain data; `render` turns it back into
//! text.

use crate::model::{Topic, UnixTime};

/// Where a term or token was written: byte offsets into the query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// From the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start, other.end)
    }
}

/// A parsed query. The empty query matches every article.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub root: Node,
    /// Only bare words were written (no quotes, fields, operators or parentheses).
    pub(super) plain: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Nothing was written: everything matches.
    All,
    /// Every child must match (terms side by side). At least two children.
    And(Vec<Node>),
    /// One child must match (`OR`). At least two children.
    Or(Vec<Node>),
    /// `-term` or `-(...)`.
    Not(Box<Node>),
    Term(Term, Span),
}

/// One thing an article can be asked about.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// A bare word as typed (case kept, for rendering).
    Word(String),
    /// The text between quotes, inner whitespace collapsed to single spaces.
    Phrase(String),
    Topic(Topic),
    /// `source:TEXT`: a substring of the feed's name.
    Source(String),
    /// `tag:TAG`: a tag of the article's feed in the config.
    Tag(String),
    Watch(Watch),
    Is(Flag),
    /// `has:fulltext`: the article's page was fetched and its text stored.
    HasFullText,
    /// `since:...`: published (else first seen) at or after.
    Since(When),
    /// `before:...`: published (else first seen) strictly before.
    Before(When),
}

/// `watch:any` or `watch:TERM`.
#[derive(Debug, Clone, PartialEq)]
pub enum Watch {
    Any,
    Term(String),
}

/// `is:...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Unread,
    Read,
    Starred,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Unread => "unread",
            Flag::Read => "read",
            Flag::Starred => "starred",
        }
    }
}

/// A point in time as written after `since:` or `before:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A period back from now: `90m`, `24h`, `7d`, `2w`.
    Ago { amount: u64, unit: TimeUnit },
    /// Midnight UTC starting this day (`2026-11-01`), as Unix seconds.
    Day(UnixTime),
    /// An RFC 3339 time (`2026-11-01T09:00:00+08:00`), as Unix seconds.
    At(UnixTime),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl TimeUnit {
    pub fn seconds(self) -> u64 {
        match self {
            TimeUnit::Minutes => 60,
            TimeUnit::Hours => 3_600,
            TimeUnit::Days => 86_400,
            TimeUnit::Weeks => 7 * 86_400,
        }
    }

    pub fn suffix(self) -> char {
        match self {
            TimeUnit::Minutes => 'm',
            TimeUnit::Hours => 'h',
            TimeUnit::Days => 'd',
            TimeUnit::Weeks => 'w',
        }
    }
}

impl Query {
    /// True when the query was written as bare words only (or is empty): the dashboard then searches as
    /// it always has (the typed text as a substring of title and source, so that "hua"
    /// already finds Huawei).
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// Every term, in the order written.
    pub fn terms(&self) -> Vec<(&Term, Span)> {
        fn walk<'q>(node: &'q Node, out: &mut Vec<(&'q Term, Span)>) {
            match node {
                Node::All => {}
                Node::And(children) | Node::Or(children) => {
                    children.iter().for_each(|child| walk(child, out))
                }
                Node::Not(child) => walk(child, out),
                Node::Term(term, span) => out.push((term, *span)),
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }

    /// True when a word or phrase is in the query: a caller that can give the article's
    /// text (the CLI loads bodies) only needs to when this holds.
    pub fn uses_text(&self) -> bool {
        self.terms()
            .iter()
            .any(|(term, _)| matches!(term, Term::Word(_) | Term::Phrase(_)))
    }

    /// True when `watch:` is in the query (the caller must then know the watchlist hits).
    pub fn uses_watchlist(&self) -> bool {
        self.terms()
            .iter()
            .any(|(term, _)| matches!(term, Term::Watch(_)))
    }

    /// True when `has:fulltext` is in the query.
    pub fn uses_full_text(&self) -> bool {
        self.terms()
            .iter()
            .any(|(term, _)| matches!(term, Term::HasFullText))
    }
}
