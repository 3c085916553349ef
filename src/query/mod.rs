//! The query language, one parser for the dashboard's `/`, saved views, hide rules and
//! `headlines --query`: text is lexed into tokens with their columns, parsed into a
//! [`Query`] (an AST that knows nothing of the config), compiled against the config's
//! watchlist and feed tags into a [`Compiled`] query, and evaluated per article through
//! the [`Subject`] trait. Pure: no I/O, and the clock comes in as an argument.
//!
//! ```text
//! nvidia OR huawei topic:china -is:read since:7d      words, fields, OR, negation
//! "export controls" (tag:policy OR watch:any)          a phrase, parentheses
//! ```
//!
//! Words and phrases match the title, the source's name and, when the caller has it, the
//! article's text, ignoring case and traditional/simplified spelling; Latin words match
//! whole words, Chinese anywhere. Side by side terms must all match; `OR` binds tighter
//! than that, so `a OR b c` is `(a OR b) c`.

mod ast;
mod compile;
mod error;
mod eval;
mod fields;
mod lexer;
mod needle;
mod parser;
mod render;
mod suggest;
mod time;

#[cfg(test)]
mod tests;

pub use ast::{Flag, Node, Query, Span, Term, TimeUnit, Watch, When};
pub use compile::{Compiled, Vocabulary};
pub use error::{ErrorKind, QueryError, Report};
pub use eval::Subject;
pub use fields::FIELDS;
pub use needle::{normalize, search_key};
pub use parser::parse;
pub use suggest::closest;
